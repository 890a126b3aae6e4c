"""What each role may ask of a contest, checked in one place before a command runs.

The socket handlers admit an event only from the roles listed for it
(``handlers.EVENTS``); this module narrows further what a role may do with an
admitted event: the results desk records, corrects and undoes its own results;
a judge scores as itself and only a head judge reopens a score; the host may do
everything. It also names the actor each role's commands are logged under.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..core.engine import Entry, undo_plan, undoable
from ..core.errors import DomainError
from ..core.sports import model as sm
from .identity import Identity

RECORDER_ACTOR = "recorder"
RECORDER_COMMANDS = ("RecordResults", "CorrectResult", "SetEventStatus", "Undo")  # the results desk's types
RECORDER_EVENTS = (sm.ResultsRecorded, sm.ResultCorrected, sm.EventStatusChanged)


def forbidden(message: str = "你没有权限进行这个操作") -> DomainError:
    """The refusal every role check uses."""
    return DomainError("forbidden", message)


def actor(identity: Identity) -> str:
    """Who the log says sent a command: ``host``, ``recorder``, ``team:<id>``, ``judge:<id>``, ``audience``."""
    if identity.role == "team":
        return f"team:{identity.team_id}"
    if identity.role == "judge":
        return f"judge:{identity.judge_id}"
    return "audience" if identity.role == "watch" else identity.role


def admit_typed(role: str, payload: Any) -> None:
    """Refuse a ``{"type": NAME}`` command outside the role's list before its fields are even read."""
    name = payload.get("type") if isinstance(payload, dict) else None
    if role != "host" and (role != RECORDER_ACTOR or name not in RECORDER_COMMANDS):
        raise forbidden()


def _recorder_batch(log: Sequence[Entry], batch: int) -> bool:
    """True when ``batch`` was made by the results desk and holds only results and status changes."""
    entries = [e for e in log if e.batch == batch]
    return bool(entries) and all(e.actor == RECORDER_ACTOR and isinstance(e.event, RECORDER_EVENTS)
                                 for e in entries)


def check_typed(role: str, name: str, args: dict[str, Any], contests: Any, contest_id: str) -> dict[str, Any]:
    """Refuse what the role may not do; returns ``args`` (a desk's bare Undo names its own last batch)."""
    if role == "host":
        return args
    if role != RECORDER_ACTOR or name not in RECORDER_COMMANDS:
        raise forbidden()
    if name != "Undo":
        return args
    state, log = contests.state(contest_id), contests.log(contest_id)
    batch = args.get("batch")
    if batch is None:  # the desk's "undo" means its own last step, not whoever acted last
        own = [b.batch for b in undoable(state) if _recorder_batch(log, b.batch)]
        if not own:
            raise DomainError("nothing_to_undo", "成绩录入台没有可以撤销的操作")
        batch = own[-1]
    if not any(b.batch == batch for b in undoable(state)):
        raise DomainError("unknown_batch", "这一步不存在或已被撤销")
    if not _recorder_batch(log, batch):
        raise forbidden("成绩录入台只能撤销自己录入的成绩或状态，其他操作请主持人撤销")
    _, cancelled = undo_plan(state, batch)
    if not all(_recorder_batch(log, b) for b in cancelled):
        raise forbidden("撤销这一步会连带撤销别人的操作，请主持人撤销")
    return {**args, "batch": batch}


def check_phone(name: str, identity: Identity, contests: Any) -> None:
    """A judge scores only as itself (its credential fills that in); only a head judge reopens a score."""
    if name == "ReopenScore":
        judge = contests.state(identity.contest_id).judges.get(identity.judge_id)
        if judge is None or not judge.head:
            raise forbidden("只有裁判长或主持人可以重新开放评分")
