"""Imports point one way (README.md "Layers"): every import in quizapp/ is checked against the table below.

``test_core_purity.py`` adds the core's other rule (no I/O, no clock); this file holds the direction
between packages, which third-party libraries each package may use, and what nothing in the product
may import (the test and bench helpers).
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "quizapp"

# package -> the quizapp packages it may import (besides itself); top-level modules (app, cli, serve, config,
# demo, ...) wire everything together and may import anything
MAY_IMPORT: dict[str, frozenset[str]] = {
    "core": frozenset(),
    "store": frozenset({"core"}),
    "questionbank": frozenset({"core"}),
    "reports": frozenset({"core"}),
    "services": frozenset({"store", "core", "questionbank"}),
    "live": frozenset({"services", "core"}),
    "web": frozenset({"services", "core", "questionbank", "reports"}),
}
# third-party libraries kept to the packages whose job they are (top-level modules may use any)
LIBRARY_USERS: dict[str, frozenset[str]] = {
    "sqlalchemy": frozenset({"store", "services"}),
    "flask": frozenset({"live", "web"}),
    "flask_socketio": frozenset({"live"}),
    "flask_wtf": frozenset({"web"}),
    "wtforms": frozenset({"web"}),
    "eventlet": frozenset(),
}
# the one core module that changes state: only the core itself drives it
CORE_ONLY_MODULES = {"apply"}
# infrastructure that lives next to the product but is never part of it
NEVER_IMPORTED = {"quizapp.devserver", "bench", "tests"}


@dataclass(frozen=True)
class Import:
    """One imported module, resolved to its absolute dotted name, and where it is imported."""

    source: Path
    line: int
    module: str
    names: tuple[str, ...] = ()

    def __str__(self) -> str:
        imported = f"{self.module} ({', '.join(self.names)})" if self.names else self.module
        return f"{self.source.relative_to(PACKAGE.parent)}:{self.line} imports {imported}"


def _module_of(path: Path) -> list[str]:
    parts = ["quizapp", *path.relative_to(PACKAGE).with_suffix("").parts]
    return parts[:-1] if parts[-1] == "__init__" else parts


def imports_in(path: Path, source: str | None = None) -> list[Import]:
    """Every import in one file, relative ones made absolute (``from ..core import x`` -> quizapp.core)."""
    tree = ast.parse(source if source is not None else path.read_text(encoding="utf-8"))
    here = _module_of(path)
    package = here if path.name == "__init__.py" else here[:-1]
    found: list[Import] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [Import(path, node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - (node.level - 1)]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            found.append(Import(path, node.lineno, module, tuple(alias.name for alias in node.names)))
    return found


def layer_of(path: Path) -> str:
    """The package a file belongs to, or "" for a top-level module."""
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else ""


def _files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def problems(path: Path, source: str | None = None) -> list[str]:
    """What one file imports against the rules, as readable lines."""
    layer = layer_of(path)
    out: list[str] = []
    for imp in imports_in(path, source):
        parts = imp.module.split(".")
        if any(imp.module == n or imp.module.startswith(n + ".") for n in NEVER_IMPORTED) or any(
                f"{imp.module}.{name}" in NEVER_IMPORTED for name in imp.names):
            out.append(f"{imp}: test/bench infrastructure")
            continue
        if parts[0] == "quizapp":
            target = parts[1] if len(parts) > 1 else ""
            if layer and target != layer:
                if target not in MAY_IMPORT:  # a top-level module (app, config, ...) or the package root
                    out.append(f"{imp}: {layer}/ may not import the top-level modules")
                elif target not in MAY_IMPORT[layer]:
                    out.append(f"{imp}: {layer}/ may import only {sorted(MAY_IMPORT[layer]) or 'the standard library'}")
            if layer != "core" and parts[:2] == ["quizapp", "core"]:
                used = (set(parts[2:]) | set(imp.names)) & CORE_ONLY_MODULES
                if used:
                    out.append(f"{imp}: core's {sorted(used)} is driven only inside the core")
        elif layer == "core" and parts[0] not in sys.stdlib_module_names:
            out.append(f"{imp}: the core uses the standard library only")
        elif layer and parts[0] in LIBRARY_USERS and layer not in LIBRARY_USERS[parts[0]]:
            out.append(f"{imp}: {parts[0]} belongs to {sorted(LIBRARY_USERS[parts[0]]) or 'the top-level modules'}")
    return out


def test_every_package_is_in_the_table():
    packages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert packages == set(MAY_IMPORT), "a new package needs its place in MAY_IMPORT and in README.md"


def test_imports_point_one_way():
    found = [line for path in _files() for line in problems(path)]
    assert not found, "\n".join(found)


@pytest.mark.parametrize(("file", "source", "expected"), [
    ("web/x.py", "from ..live.identity import Gate", "web/ may import only"),
    ("web/x.py", "from ..store.database import ping", "web/ may import only"),
    ("web/x.py", "from sqlalchemy import text", "sqlalchemy belongs to"),
    ("live/x.py", "from ..store import event_log", "live/ may import only"),
    ("store/x.py", "from ..services.contests import ContestService", "store/ may import only"),
    ("reports/x.py", "from ..core.quiz.apply import mutate", "driven only inside the core"),
    ("reports/x.py", "from ..core.quiz import apply", "driven only inside the core"),
    ("reports/x.py", "import quizapp.core.quiz.apply", "driven only inside the core"),
    ("questionbank/x.py", "from ..services.catalog import Catalog", "questionbank/ may import only"),
    ("core/quiz/x.py", "import flask", "standard library only"),
    ("core/quiz/x.py", "from ...store import models", "core/ may import only"),
    ("services/x.py", "from ..app import create_app", "may not import the top-level modules"),
    ("services/x.py", "from flask import current_app", "flask belongs to"),
    ("app.py", "from .devserver import live_server", "test/bench infrastructure"),
    ("web/x.py", "from .. import devserver", "test/bench infrastructure"),
])
def test_the_checker_catches(file, source, expected):
    found = problems(PACKAGE / file, source)
    assert any(expected in line for line in found), found


@pytest.mark.parametrize(("file", "source"), [
    ("core/quiz/x.py", "from ..engine import Entry\nfrom .state import ContestState\nimport dataclasses"),
    ("web/x.py", "from ..services.catalog import Catalog\nfrom ..reports import export\nfrom flask import request"),
    ("live/x.py", "from ..services.hostauth import HostAuth\nfrom ..core.engine import Entry"),
    ("app.py", "from .live.hub import Hub\nfrom .store.database import make_engine\nimport eventlet"),
])
def test_the_checker_accepts(file, source):
    assert problems(PACKAGE / file, source) == []


def test_relative_imports_resolve_from_the_files_package():
    resolved = imports_in(PACKAGE / "core" / "quiz" / "x.py", "from ..engine import Entry\nfrom . import state")
    assert [i.module for i in resolved] == ["quizapp.core.engine", "quizapp.core.quiz"]
    assert [i.module for i in imports_in(PACKAGE / "web" / "__init__.py", "from . import host")] == ["quizapp.web"]
