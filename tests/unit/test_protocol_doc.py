"""docs/PROTOCOL.md against the code: every socket event, every command and every error code.

A third-party client is written from the document alone, so a handler, a command or
a refusal added to the code fails here until the document's tables list it (and a
row the code no longer has fails too).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from quizapp.core.kinds import KINDS
from quizapp.core.rulebook import rulebook_for
from quizapp.live import payloads
from quizapp.live.handlers import EVENTS
from quizapp.live.identity import ROLES
from quizapp.web.errors import CODES as HTTP_CODES

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "PROTOCOL.md").read_text(encoding="utf-8")


def tables(text: str) -> list[tuple[list[str], list[list[str]]]]:
    """Every markdown table as (header cells, rows of cells); ``\\|`` inside a cell is not a border."""
    out: list[tuple[list[str], list[list[str]]]] = []
    block: list[list[str]] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            block.append([c.strip() for c in re.split(r"(?<!\\)\|", line.strip()[1:-1])])
            continue
        if len(block) >= 2 and set("".join(block[1])) <= set("-: "):
            out.append((block[0], block[2:]))
        block = []
    return out


def table(first: str, second: str) -> list[list[str]]:
    """The rows of the one table whose header starts with ``first``, ``second``."""
    found = [rows for header, rows in tables(DOC) if header[:2] == [first, second]]
    assert len(found) == 1, f"docs/PROTOCOL.md should have one table headed | {first} | {second} |"
    return found[0]


def names(cell: str) -> list[str]:
    return re.findall(r"`([A-Za-z_][A-Za-z0-9_]*)`", cell)


def sent_codes() -> set[str]:
    """Every code quizapp/ may send: ``DomainError("code", …)``, the literals passed to a helper's
    ``code`` parameter that it raises as ``DomainError(code, …)``, ``{"code": "…"}`` written out,
    and the HTTP error pages' codes."""
    codes: set[str] = set(HTTP_CODES.values())
    for path in (ROOT / "quizapp").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        codes |= set(re.findall(r'DomainError\(\s*"([a-z_]+)"', text))
        codes |= set(re.findall(r'"code":\s*"([a-z_]+)"', text))
        tree = ast.parse(text)
        helpers: dict[str, tuple[int, str | None]] = {}
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef):
                continue
            params = [a.arg for a in fn.args.args]
            raises_code = any(isinstance(n, ast.Call) and getattr(n.func, "id", "") == "DomainError" and n.args
                              and isinstance(n.args[0], ast.Name) and n.args[0].id == "code" for n in ast.walk(fn))
            if "code" in params and raises_code:
                index = params.index("code")
                defaults = dict(zip(params[len(params) - len(fn.args.defaults):], fn.args.defaults, strict=True))
                default = defaults.get("code")
                helpers[fn.name] = (index, default.value if isinstance(default, ast.Constant) else None)
        for call in ast.walk(tree):
            if not (isinstance(call, ast.Call) and getattr(call.func, "id", None) in helpers):
                continue
            index, default = helpers[call.func.id]  # type: ignore[union-attr]
            given = [k.value for k in call.keywords if k.arg == "code"]
            given += call.args[index:index + 1]
            values = [g.value for g in given if isinstance(g, ast.Constant)]
            codes |= set(values) if given else {default} - {None}
    return codes


def test_every_error_code_the_server_sends_is_in_the_error_table() -> None:
    documented = {names(row[0])[0] for row in table("code", "who may get it") if names(row[0])}
    sent = sent_codes()
    assert sorted(sent - documented) == [], "codes missing from docs/PROTOCOL.md's error-code table"
    assert sorted(documented - sent) == [], "documented codes nothing sends any more"


def test_every_socket_event_is_documented_with_its_roles() -> None:
    rows = {names(row[0])[0]: row for row in table("event", "who") if names(row[0])}
    assert sorted(set(EVENTS) ^ set(rows)) == [], "socket events missing from, or stale in, the event table"
    for event, route in EVENTS.items():
        cell = rows[event][1]
        said = set(ROLES) if cell.split()[0] == "all" else {w for w in re.findall(r"[a-z]+", cell) if w in ROLES}
        assert said == set(route.roles), f"{event}: the table says {sorted(said)}, the handler {sorted(route.roles)}"


def test_every_command_of_every_rulebook_is_documented_with_its_fields() -> None:
    rows = [row for row in table("command", "kinds") if names(row[0])]
    documented = {(names(row[0])[0], kind) for row in rows for kind in KINDS if kind in row[1]}
    known = {(name, kind) for kind in KINDS for name in rulebook_for(kind).commands}
    assert sorted(known ^ documented) == [], "commands missing from, or stale in, the command table"
    for row in rows:
        name, sent_as, cell = names(row[0])[0], row[2], row[3]
        for kind in (k for k in KINDS if k in row[1]):
            cls = rulebook_for(kind).commands[name]
            events = {e for e, (command, _) in payloads.PHONE_EVENTS.items() if command == name}
            assert events <= set(names(sent_as)), f"{name}: sent as {sorted(events)}"
            if cls in payloads.NOT_TYPED:
                assert "command" not in names(sent_as), f"{name} is never a typed command"
                continue
            assert {"command", "sports_command"} <= set(names(sent_as)), f"{name}: sent as `command`"
            fields = payloads.fields_for(cls)
            optional = set(re.findall(r"\[`([a-z_]+)`\]", cell))
            assert set(names(cell)) == set(fields), f"{kind} {name}: fields {sorted(fields)}"
            assert optional == {f for f, spec in fields.items() if not spec.required}, f"{kind} {name}: optional"
