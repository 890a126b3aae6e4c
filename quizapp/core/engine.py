"""The engine: ``decide`` commands into events, ``apply`` them, ``replay`` a log.

Events travel in batches (one command each) inside :class:`Entry` envelopes
that carry the log sequence number and the actor. Undo cancels whole batches;
replay skips them, so an undone command leaves no trace in state but stays in
the log for the audit.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from . import awards
from .errors import DomainError
from .quiz import audience, rehearsal, restart, rules_answer, rules_buzz, rules_flow, rules_setup
from .quiz import commands as cmd
from .quiz import events as ev
from .quiz.apply import mutate
from .quiz.describe import describe
from .quiz.state import BatchInfo, ContestState

Decider = Callable[[ContestState, Any, float], list[ev.Event]]


@dataclass(frozen=True)
class Entry:
    """One logged event with its place in the log and who caused it."""

    seq: int
    batch: int
    actor: str
    event: ev.Event


def undo(state: ContestState, c: cmd.Undo, now: float) -> list[ev.Event]:
    """Cancel a batch and every later flow batch that may have depended on it.

    Manual score adjustments are standalone: undoing one touches nothing else,
    and undoing a flow batch keeps later adjustments.
    """
    candidates = state.undoable()  # not the creation, nor across a rehearsal's start or reset
    if not candidates and state.undo_floor > 0:
        raise DomainError("rehearsal_boundary", rehearsal.BOUNDARY)
    if not candidates:
        raise DomainError("nothing_to_undo", "没有可以撤销的操作")
    if c.batch is None:
        target = candidates[-1]
    else:
        found = [b for b in candidates if b.batch == c.batch]
        if not found and state.undo_floor > 0 and any(b.batch == c.batch for b in state.history):
            raise DomainError("rehearsal_boundary", rehearsal.BOUNDARY)
        if not found:
            raise DomainError("unknown_batch", "这一步不存在或已被撤销")
        target = found[0]
    if target.standalone:
        cancelled: tuple[int, ...] = (target.batch,)
    else:
        cancelled = tuple(b.batch for b in candidates
                          if b.batch == target.batch or (b.batch > target.batch and not b.standalone))
    later = len(cancelled) - 1
    text = target.description + (f"（及其后 {later} 步）" if later else "")
    return [ev.BatchesUndone(at=now, batches=cancelled, description=text)]


DECIDERS: dict[type[cmd.Command], Decider] = {
    cmd.CreateContest: rules_setup.create,
    cmd.AddTeam: rules_setup.add_team,
    cmd.UpdateTeam: rules_setup.update_team,
    cmd.RemoveTeam: rules_setup.remove_team,
    cmd.QueueQuestions: rules_setup.queue_questions,
    cmd.StartRound: rules_flow.start_round,
    cmd.ShowQuestion: rules_flow.show_question,
    cmd.OpenBuzzers: rules_flow.open_buzzers,
    cmd.StartTimer: rules_flow.start_timer,
    cmd.PauseTimer: rules_flow.pause_timer,
    cmd.ResumeTimer: rules_flow.resume_timer,
    cmd.SkipQuestion: rules_flow.skip_question,
    cmd.Reveal: rules_flow.reveal,
    cmd.AudienceAnswer: audience.answer,
    cmd.AudienceName: audience.name,
    cmd.EndRound: rules_flow.end_round,
    cmd.StartTieBreak: rules_flow.start_tiebreak,
    cmd.FinishContest: rules_flow.finish,
    cmd.Buzz: rules_buzz.buzz,
    cmd.Judge: rules_answer.judge,
    cmd.SubmitAnswer: rules_answer.submit_answer,
    cmd.CloseAnswers: rules_answer.close_answers,
    cmd.Overrule: rules_answer.overrule,
    cmd.AdjustScore: rules_answer.adjust_score,
    cmd.PickTier: rules_answer.pick_tier,
    cmd.TimeUp: rules_answer.time_up,
    cmd.ServerRestarted: restart.server_restarted,
    cmd.StartRehearsal: rehearsal.start,
    cmd.ResetRehearsal: rehearsal.reset,
    cmd.Undo: undo,
    awards.SetAwards: awards.set_awards,
}


def decide(state: ContestState, command: cmd.Command, now: float) -> list[ev.Event]:
    """Check ``command`` against the rules at time ``now``; never changes ``state``."""
    if state.status == "new" and not isinstance(command, cmd.CreateContest):
        raise DomainError("no_contest", "比赛尚未创建")
    return DECIDERS[type(command)](state, command, now)


def apply(state: ContestState, event: ev.Event) -> ContestState:
    """A new state with ``event`` applied (the given state is left as it was)."""
    new = copy.deepcopy(state)
    mutate(new, event)
    return new


def _record(state: ContestState, entry: Entry) -> None:
    """Apply one entry in place and keep the batch history for undo."""
    before = state.history[-1] if state.history and state.last_batch == entry.batch else None
    mutate(state, entry.event)
    state.version = entry.seq  # the log position: only ever grows, even across an undo
    if isinstance(entry.event, (ev.BatchesUndone, *audience.AUDIENCE_EVENTS)):
        state.last_batch = entry.batch  # audience votes stay out of the undo history (core.audience)
        return
    standalone = entry.event.standalone
    if before is None:
        text = describe(entry.event, state)
        state.history.append(BatchInfo(entry.batch, text, standalone, entry.actor))
    else:
        text = before.description
        if isinstance(entry.event, ev.ScoreChanged):
            text += f"，{state.team_label(entry.event.team_id)} {entry.event.delta:+d}"
        state.history[-1] = BatchInfo(before.batch, text, before.standalone and standalone,
                                      before.actor)
    state.last_batch = entry.batch


def cancelled_batches(entries: Iterable[Entry]) -> set[int]:
    """Every batch cancelled by an undo in the log."""
    out: set[int] = set()
    for entry in entries:
        if isinstance(entry.event, ev.BatchesUndone):
            out.update(entry.event.batches)
    return out


def replay(entries: Sequence[Entry]) -> ContestState:
    """Rebuild state from the whole log, skipping undone batches."""
    cancelled = cancelled_batches(entries)
    state = ContestState()
    for entry in entries:
        if entry.batch not in cancelled:
            _record(state, entry)
    if entries:
        state.version = entries[-1].seq
    return state


def advance(state: ContestState, log: Sequence[Entry], new: Sequence[Entry]) -> ContestState:
    """State after appending ``new`` to ``log`` (``log`` already includes ``new``).

    Ordinary batches are applied incrementally; an undo rebuilds from the log.
    """
    if any(isinstance(e.event, ev.BatchesUndone) for e in new):
        return replay(log)
    result = copy.deepcopy(state)
    for entry in new:
        _record(result, entry)
    return result
