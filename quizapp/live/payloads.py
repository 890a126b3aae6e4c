"""What a socket payload may carry for each command: the command's own fields, with a few exceptions.

A client names a command of the contest's rulebook (``{"type": NAME, …}`` on
``command``/``sports_command``) or sends one on an event of its own (``buzz``,
``submit_score``, …); either way the payload is checked against the command
dataclass's type hints by ``command_schema``, so a new command or field needs
no second list here. This module holds only the exceptions:

- ``WIRES``: per command, the fields the server fills in (a client sending one
  is refused), the payload fields looked up into records (``question_id`` ->
  a Question) and renamed ones;
- ``NOT_TYPED``: commands no client sends as ``{"type": NAME}`` (the server's own,
  the web forms', and those that come on an event of their own);
- ``PHONE_EVENTS``: those events, with the fields the sender's credential fills.

Anything malformed is ``bad_payload`` with a zh-CN message naming the field, so
a hostile message never reaches the rules and never crashes the server.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..core import awards
from ..core.errors import DomainError
from ..core.messages import Command
from ..core.quiz import commands as cmd
from ..core.rulebook import Rulebook, rulebook_for
from ..core.sports import model as sm
from . import command_schema as schema
from .command_schema import MAX_PAYLOAD_CHARS, MAX_TEXT, Field, Wire

__all__ = ["MAX_PAYLOAD_CHARS", "MAX_TEXT", "Field", "Wire", "parse", "typed", "command_args", "command_class", "WIRES",
           "NOT_TYPED", "PHONE_EVENTS"]

_BUZZ_SERVER = frozenset({"member", "device", "corrected", "delay", "error", "clamped", "window"})

WIRES: dict[type[Command], Wire] = {
    # the host names a question by its bank id; the hub finds it (the round's queue, then the banks)
    cmd.ShowQuestion: Wire(lookup={"question": ("question_id", str)}),
    cmd.QueueQuestions: Wire(lookup={"questions": ("question_ids", tuple[str, ...])}),
    cmd.StartTieBreak: Wire(server=frozenset({"spec"})),  # the preset's tie-break plan (services.setup)
    cmd.Judge: Wire(server=frozenset({"by"})),
    cmd.Overrule: Wire(server=frozenset({"by"})),
    # a phone's press: the stamp is its own; arbitration fills in the rest (live.fairbuzz)
    cmd.Buzz: Wire(server=_BUZZ_SERVER, rename={"client_stamp": "stamp"}),
    sm.AddEvent: Wire(server=frozenset({"checklist"})),  # a checklist comes with its preset
    sm.AddJudge: Wire(server=frozenset({"judge_id"})),  # the rules number judges j1, j2, …
    sm.ReopenScore: Wire(server=frozenset({"by"})),  # the host, or the head judge's credential
}

# Never {"type": NAME} from a socket: the server's own commands, the award form's, and the
# commands a device sends on its own event (PHONE_EVENTS, ``buzz``, ``key_buzz``).
NOT_TYPED: frozenset[type[Command]] = frozenset({
    cmd.CreateContest, sm.CreateSportsDay, cmd.TimeUp, cmd.ServerRestarted, awards.SetAwards,
    cmd.Buzz, cmd.SubmitAnswer, cmd.AudienceAnswer, cmd.AudienceName, sm.SubmitScore, sm.SubmitSheet,
})

# event -> (command name in the contest's rulebook, command field -> Identity attribute it is filled from)
PHONE_EVENTS: dict[str, tuple[str, Mapping[str, str]]] = {
    "pick_tier": ("PickTier", {"team_id": "team_id"}),
    "submit_answer": ("SubmitAnswer", {"team_id": "team_id", "member": "member"}),
    "audience_answer": ("AudienceAnswer", {"device": "device_id"}),
    "submit_score": ("SubmitScore", {"judge_id": "judge_id"}),
    "submit_sheet": ("SubmitSheet", {"judge_id": "judge_id"}),
    "reopen_score": ("ReopenScore", {"by": "judge_id"}),
}


def wire_of(cls: type) -> Wire:
    """How ``cls``'s payload differs from its fields (usually not at all)."""
    return WIRES.get(cls, Wire())


def fields_for(cls: type, filled: Iterable[str] = ()) -> dict[str, Field]:
    """The payload fields of command ``cls`` when the server fills ``filled`` itself."""
    return schema.payload_fields(cls, wire_of(cls), filled)


def command_args(cls: type, payload: Any, filled: Iterable[str] = ()) -> dict[str, Any]:
    """A checked payload for ``cls`` under the command's field names (``lookup`` fields keep the payload's)."""
    return schema.to_command_args(cls, wire_of(cls), schema.parse(payload, fields_for(cls, filled)))


def typed(payload: Any, book: Rulebook) -> tuple[type, dict[str, Any]]:
    """``{"type": "Judge", "correct": true}`` -> (the rulebook's ``Judge``, ``{"correct": True}``).

    A name the contest's rulebook lacks, or one never sent this way, is ``unknown_command``.
    """
    if not isinstance(payload, dict) or not isinstance(payload.get("type"), str):
        raise schema.bad("缺少命令类型 type")
    name = payload["type"]
    cls = book.commands.get(name)
    if cls is None or cls in NOT_TYPED:
        raise unknown_command(book, name)
    return cls, command_args(cls, {k: v for k, v in payload.items() if k != "type"})


def command_class(book: Rulebook, name: str) -> type:
    """The class of command ``name`` in ``book``; ``unknown_command`` when this kind of contest has none."""
    cls = book.commands.get(name)
    if cls is None:
        raise unknown_command(book, name)
    return cls


def unknown_command(book: Rulebook, name: str) -> DomainError:
    """The refusal of a command the contest's rulebook does not know (or no client may send)."""
    return DomainError("unknown_command", f"{book.title}没有这个命令：{name[:40]}")


# --- payloads that are no command's fields, and the tables the tests and docs read ----------------
KINDS: dict[str, Any] = {"str": str, "int": int, "int?": int | None, "number": float, "bool": bool,
                         "str_list": tuple[str, ...], "pairs": tuple[tuple[str, str], ...]}
Spec = Mapping[str, tuple[str, bool]]  # field -> (a KINDS name, required)


def parse(payload: Any, spec: Spec) -> dict[str, Any]:
    """Check a payload that is no command's fields (``{"stamp"}``, ``{"name"}``) by KINDS names."""
    return schema.parse(payload, {name: Field(name, KINDS[kind], required)
                                  for name, (kind, required) in spec.items()})


def kind_name(hint: Any) -> str:
    """The KINDS name of a type hint (``float | None`` is a "number" too); the hint itself otherwise."""
    for name, known in KINDS.items():
        if hint == known:
            return name
    return "number" if hint == float | None else str(hint)


def spec_of(fields: Mapping[str, Field]) -> dict[str, tuple[str, bool]]:
    """Payload fields as ``{name: (kind name, required)}``."""
    return {f.name: (kind_name(f.type), f.required) for f in fields.values()}


def typed_specs(kind: str) -> dict[str, dict[str, tuple[str, bool]]]:
    """Every ``{"type": NAME}`` command of a kind of contest with its payload fields."""
    return {name: spec_of(fields_for(cls)) for name, cls in sorted(rulebook_for(kind).commands.items())
            if cls not in NOT_TYPED}


HOST_COMMANDS = typed_specs("quiz")
SPORTS_COMMANDS = typed_specs("sports")
JUDGE_EVENTS = {event: spec_of(fields_for(rulebook_for("sports").commands[name], fills))  # a judge's credential
                for event, (name, fills) in PHONE_EVENTS.items() if "judge_id" in fills.values()}
