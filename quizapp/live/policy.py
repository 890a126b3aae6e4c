"""What each role may ask of a contest, checked in one place before a command runs.

The socket handlers admit an event only from the roles listed for it; this
module narrows further what a role may do with an admitted event: the results
desk records, corrects and undoes its own results; a judge scores as itself
and only a head judge reopens a score; the host may do everything.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..core.engine import Entry, undo_plan
from ..core.errors import DomainError
from ..core.sports import model as sm
from .payloads import RECORDER_COMMANDS

RECORDER_EVENTS = (sm.ResultsRecorded, sm.ResultCorrected, sm.EventStatusChanged)
RECORDER_ACTOR = "recorder"


def forbidden(message: str = "你没有权限进行这个操作") -> DomainError:
    """The refusal every role check uses."""
    return DomainError("forbidden", message)


def _recorder_batch(log: Sequence[Entry], batch: int) -> bool:
    """True when ``batch`` was made by the results desk and holds only results and status changes."""
    entries = [e for e in log if e.batch == batch]
    return bool(entries) and all(e.actor == RECORDER_ACTOR and isinstance(e.event, RECORDER_EVENTS)
                                 for e in entries)


def admit_sports(role: str, payload: Any) -> None:
    """Refuse a sports command type outside the role's list before its fields are even read."""
    name = payload.get("type") if isinstance(payload, dict) else None
    if role != "host" and (role != RECORDER_ACTOR or name not in RECORDER_COMMANDS):
        raise forbidden()


def check_sports(role: str, name: str, args: dict[str, Any], state: sm.SportsState,
                 log: Sequence[Entry]) -> dict[str, Any]:
    """Refuse what the role may not do; returns ``args`` (a recorder's bare Undo names its own batch)."""
    if role == "host":
        return args
    if role != RECORDER_ACTOR or name not in RECORDER_COMMANDS:
        raise forbidden()
    if name != "Undo":
        return args
    batch = args.get("batch")
    if batch is None:  # the desk's "undo" means its own last step, not whoever acted last
        own = [b.batch for b in state.history[1:] if _recorder_batch(log, b.batch)]
        if not own:
            raise DomainError("nothing_to_undo", "成绩录入台没有可以撤销的操作")
        batch = own[-1]
    if not any(b.batch == batch for b in state.history[1:]):
        raise DomainError("unknown_batch", "这一步不存在或已被撤销")
    if not _recorder_batch(log, batch):
        raise forbidden("成绩录入台只能撤销自己录入的成绩或状态，其他操作请主持人撤销")
    _, cancelled = undo_plan(state, batch)
    if not all(_recorder_batch(log, b) for b in cancelled):
        raise forbidden("撤销这一步会连带撤销别人的操作，请主持人撤销")
    return {**args, "batch": batch}


def check_judge(event: str, judge_id: str, state: sm.SportsState) -> None:
    """A judge scores only as itself (the hub fills that in); only a head judge reopens a score."""
    if event == "reopen_score":
        judge = state.judges.get(judge_id)
        if judge is None or not judge.head:
            raise forbidden("只有裁判长或主持人可以重新开放评分")
