"""The core's rule: standard library only, no I/O, no clock (ARCHITECTURE.md)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "quizapp" / "core"
FORBIDDEN_CALLS = {"open", "print", "input"}
FORBIDDEN_ATTRS = {("time", "time"), ("time", "monotonic"), ("time", "sleep"), ("datetime", "now"),
                   ("datetime", "utcnow"), ("date", "today"), ("os", "environ"), ("random", "random")}
NO_IO_MODULES = {"os", "io", "socket", "subprocess", "pathlib", "shutil", "logging", "threading",
                 "time", "datetime", "random", "sqlite3", "urllib", "http", "asyncio", "select"}


def _modules(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    # the core may import itself; everything else must be the standard library
    return {m.split(".")[0] for m in found if not m.startswith("quizapp.core")}


def test_core_imports_only_the_standard_library_and_itself():
    for path in CORE.rglob("*.py"):
        name = path.relative_to(CORE)
        for module in _modules(ast.parse(path.read_text(encoding="utf-8"))):
            assert module in sys.stdlib_module_names, f"{name} imports {module}"
            assert module not in NO_IO_MODULES, f"{name} imports {module}, which does I/O or reads the clock"


def test_core_never_opens_files_prints_or_reads_the_clock():
    for path in CORE.rglob("*.py"):
        name = path.relative_to(CORE)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in FORBIDDEN_CALLS, f"{name} calls {node.func.id}()"
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                assert (node.value.id, node.attr) not in FORBIDDEN_ATTRS, f"{name} uses {node.value.id}.{node.attr}"


def test_the_checker_catches_a_forbidden_import():
    bad = ast.parse("import flask\nfrom sqlalchemy import select\nimport eventlet\nimport socket")
    assert {"flask", "sqlalchemy", "eventlet"} - sys.stdlib_module_names == {"flask", "sqlalchemy", "eventlet"}
    assert _modules(bad) & NO_IO_MODULES == {"socket"}


def test_core_has_a_readme_stating_its_rule():
    text = (CORE / "README.md").read_text(encoding="utf-8")
    assert "standard library" in text and "I/O" in text
