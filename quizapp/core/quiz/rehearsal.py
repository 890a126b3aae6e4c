"""彩排 (rehearsal): play a contest for practice, then put it back to setup.

The log is append-only, so a rehearsal is kept apart by structure: a
``RehearsalStarted`` event opens a segment and a ``RehearsalReset`` event
closes it, carrying the setup it restores (round plan, queued questions and
the scores before the rehearsal; teams keep their current names). Replay folds
the segment like any other part of the log, so a rehearsal in progress survives
a restart, and the reset makes its effects vanish from the state. Undo never
crosses a rehearsal's start or its reset (``ContestState.undo_floor``).

The rehearsal asks the queued questions themselves and the reset queues them
again: the real contest starts from the same first question. Whoever watches a
rehearsal therefore sees real questions; the console says so before it starts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from ..errors import DomainError
from . import commands as cmd
from . import events as ev
from .apply import handles
from .audience import reset_scores
from .state import ContestState, RoundState


class LogEntry(Protocol):
    """What these helpers read of a log entry (``engine.Entry`` has it)."""

    @property
    def seq(self) -> int: ...

    @property
    def event(self) -> ev.Event: ...


E = TypeVar("E", bound=LogEntry)
BOUNDARY = "不能撤销到彩排开始或彩排重置之前（开始彩排和重置本身也不能撤销）"


def start(state: ContestState, c: cmd.StartRehearsal, now: float) -> list[ev.Event]:
    """A rehearsal starts from setup only, and one at a time."""
    if state.rehearsal is not None:
        raise DomainError("already_rehearsing", "彩排已经在进行中")
    if state.status != "setup":
        raise DomainError("not_in_setup", "只有比赛开始前（准备阶段）才能开始彩排")
    return [ev.RehearsalStarted(
        at=now, number=state.rehearsals + 1, rounds=tuple(r.spec for r in state.rounds),
        queues=tuple(tuple(r.queue) for r in state.rounds),
        eligible=tuple(r.eligible for r in state.rounds),
        scores=tuple((t.id, t.score) for t in state.teams.values()))]


def reset(state: ContestState, c: cmd.ResetRehearsal, now: float) -> list[ev.Event]:
    """Close the running rehearsal, whatever stage it reached, restoring the setup it started from."""
    begun = state.rehearsal
    if begun is None:
        raise DomainError("not_rehearsing", "现在没有进行中的彩排")
    shown = sum(len(r.asked) for r in state.rounds)
    return [ev.RehearsalReset(at=now, number=begun.number, rounds=begun.rounds, queues=begun.queues,
                              eligible=begun.eligible, scores=begun.scores, shown=shown)]


@handles(ev.RehearsalStarted)
def _started(s: ContestState, e: ev.RehearsalStarted) -> None:
    s.rehearsal = e
    s.undo_floor = len(s.history)  # the index this batch's history entry gets


@handles(ev.RehearsalReset)
def _reset(s: ContestState, e: ev.RehearsalReset) -> None:
    s.status, s.current_round, s.episode, s.timer = "setup", None, None, None
    s.rounds = [RoundState(index=i, spec=spec, queue=list(queue), eligible=eligible)
                for i, (spec, queue, eligible) in enumerate(zip(e.rounds, e.queues, e.eligible, strict=True))]
    s.judgements, s.asked_ids = {}, set()  # judgement numbers keep counting: log references stay unique
    kept = dict(e.scores)
    for team in s.teams.values():
        team.score = kept.get(team.id, s.base_score)
    s.rehearsal, s.rehearsals = None, e.number
    s.undo_floor = len(s.history)
    reset_scores(s)


# --- the log, seen from outside (exports, log show, results) -------------------------
@dataclass(frozen=True)
class Segment:
    """One rehearsal's stretch of the log: its start and reset entries included."""

    number: int
    first_seq: int
    last_seq: int | None  # None while the rehearsal is still running


def segments(log: Sequence[LogEntry]) -> list[Segment]:
    """Every rehearsal in the log, in order (neither boundary event is ever undone)."""
    out: list[Segment] = []
    opened: ev.RehearsalStarted | None = None
    first = 0
    for entry in log:
        if isinstance(entry.event, ev.RehearsalStarted):
            opened, first = entry.event, entry.seq
        elif isinstance(entry.event, ev.RehearsalReset) and opened is not None:
            out.append(Segment(opened.number, first, entry.seq))
            opened = None
    if opened is not None:
        out.append(Segment(opened.number, first, None))
    return out


def rehearsal_numbers(log: Sequence[LogEntry]) -> dict[int, int]:
    """Log seq -> the number of the rehearsal it belongs to (entries of the real contest are absent)."""
    out: dict[int, int] = {}
    for seg in segments(log):
        last = seg.last_seq if seg.last_seq is not None else (log[-1].seq if log else 0)
        out.update((seq, seg.number) for seq in range(seg.first_seq, last + 1))
    return out


def settled(log: Sequence[E]) -> list[E]:
    """The log without a rehearsal still running at its end: what the real contest's results use.

    A closed rehearsal stays in (its reset already undid its effect on the state).
    """
    found = segments(log)
    if found and found[-1].last_seq is None:
        return [e for e in log if e.seq < found[-1].first_seq]
    return list(log)
