"""The one engine every rulebook runs on: decide, record, replay, advance and undo.

Events travel in batches (one command each) inside :class:`Entry` envelopes
that carry the log sequence number and the actor. Undo is an event that
cancels whole batches; replay skips them, so an undone command leaves no trace
in state but stays in the log for the audit.

Which later batches an undo takes along is decided by footprints: each event
says what it read and wrote, and an undo cancels the target plus every later
batch that read something a cancelled batch wrote. One rule for every kind of
contest; each rulebook only declares its footprints (``Rules.footprint``).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, Self

from .errors import DomainError
from .labels import event_label
from .messages import BatchesUndone, Command, Event, Undo

Footprint = tuple[frozenset[str], frozenset[str]]  # (reads, writes)
Decider = Callable[[Any, Any, float], list[Event]]
STALE_UNDO = "撤销的内容已经变化（刚有新的操作），这次撤销没有执行，请看清后重新确认"


@dataclass(frozen=True)
class Entry:
    """One logged event with its place in the log and who caused it."""

    seq: int
    batch: int
    actor: str
    event: Event


@dataclass(frozen=True)
class Batch:
    """One effective command in the history: its zh-CN line, who sent it, what it read and wrote."""

    batch: int
    description: str
    actor: str
    reads: frozenset[str]
    writes: frozenset[str]

    def __deepcopy__(self, memo: dict[int, object]) -> Self:
        """Immutable: copies of a state share it (keeps replay and undo cheap)."""
        return self


class Journal(Protocol):
    """What the engine keeps on every rulebook's state."""

    version: int  # seq of the last log entry taken into account; only grows, also across an undo
    history: list[Batch]
    last_batch: int
    undo_floor: int  # history index undo never reaches (a rehearsal's start or reset)


class Rules(Protocol):
    """The hooks a rulebook gives the engine (``core.rulebook.Rulebook`` implements them)."""

    deciders: Mapping[type[Command], Decider]
    undo_needs_reason: bool
    undo_floor_reason: str

    def new_state(self) -> Any: ...
    def precheck(self, state: Any, command: Command) -> None: ...
    def mutate(self, state: Any, event: Event) -> None: ...
    def describe(self, event: Event, state: Any) -> str: ...
    def describe_more(self, event: Event, state: Any) -> str: ...
    def footprint(self, event: Event) -> Footprint | None: ...


# ---------------------------------------------------------------- decide
def decide(book: Rules, state: Any, command: Command, now: float) -> list[Event]:
    """Check ``command`` against the rules at time ``now``; never changes ``state``."""
    book.precheck(state, command)
    if isinstance(command, Undo):
        return undo(book, state, command, now)
    decider = book.deciders.get(type(command))
    if decider is None:
        raise DomainError("unknown_command", f"这场比赛不支持这个操作：{type(command).__name__}")
    return decider(state, command, now)


def undoable(state: Journal) -> list[Batch]:
    """Batches an undo may cancel: never the creation, never across the undo floor."""
    return state.history[max(1, state.undo_floor + 1):]


def undo_plan(state: Journal, batch: int | None, floor_reason: str = "") -> tuple[Batch, tuple[int, ...]]:
    """The batch to undo (the latest when None) and every later batch that read what the cancelled ones wrote."""
    candidates = undoable(state)
    below_floor = state.undo_floor > 0 and (batch is None or any(b.batch == batch for b in state.history))
    if not candidates and state.undo_floor > 0:
        raise DomainError("rehearsal_boundary", floor_reason)
    if not candidates:
        raise DomainError("nothing_to_undo", "没有可以撤销的操作")
    found = [b for b in candidates if batch is None or b.batch == batch]
    if not found and below_floor:
        raise DomainError("rehearsal_boundary", floor_reason)
    if not found:
        raise DomainError("unknown_batch", "这一步不存在或已被撤销")
    target = found[-1]
    written = set(target.writes)
    cancelled = [target.batch]
    for later in candidates:
        if later.batch > target.batch and later.reads & written:
            cancelled.append(later.batch)
            written |= later.writes
    return target, tuple(cancelled)


def undo_preview(state: Journal, batch: int | None = None) -> str | None:
    """What an undo would cancel, as one zh-CN line ("…（及其后 2 步）"); None when nothing can be undone."""
    try:
        target, cancelled = undo_plan(state, batch)
    except DomainError:
        return None
    later = len(cancelled) - 1
    return target.description + (f"（及其后 {later} 步）" if later else "")


def undo(book: Rules, state: Journal, command: Undo, now: float) -> list[Event]:
    """Cancel a batch and what depended on it; the reason is logged (and required where the rulebook says)."""
    reason = command.reason.strip()
    if book.undo_needs_reason and not reason:
        raise DomainError("reason_required", "撤销必须说明原因（会记入日志）")
    _, cancelled = undo_plan(state, command.batch, book.undo_floor_reason)
    text = undo_preview(state, command.batch) or ""
    return [BatchesUndone(at=now, batches=cancelled, description=text, reason=reason)]


def stale_undo(book: Rules, since: Sequence[Event]) -> str | None:
    """An undo made against an older view is stale once anything undoable happened since."""
    return STALE_UNDO if any(counts(book, e) for e in since) else None


def counts(book: Rules, event: Event) -> bool:
    """Whether an event changes what a command could mean (not an audience vote and the like)."""
    return isinstance(event, BatchesUndone) or book.footprint(event) is not None


# ---------------------------------------------------------------- record, replay
def record(book: Rules, state: Journal, entry: Entry) -> None:
    """Apply one entry in place and keep the batch history undo works from."""
    before = state.history[-1] if state.history and state.last_batch == entry.batch else None
    book.mutate(state, entry.event)
    state.version = entry.seq
    state.last_batch = entry.batch
    footprint = None if isinstance(entry.event, BatchesUndone) else book.footprint(entry.event)
    if footprint is None:  # undos and events outside the undo history (audience votes)
        return
    reads, writes = footprint
    if before is None:
        state.history.append(Batch(entry.batch, book.describe(entry.event, state), entry.actor, reads, writes))
    else:
        state.history[-1] = Batch(before.batch, before.description + book.describe_more(entry.event, state),
                                  before.actor, before.reads | reads, before.writes | writes)


def cancelled_batches(entries: Iterable[Entry]) -> set[int]:
    """Every batch cancelled by an undo in the log."""
    return {b for x in entries if isinstance(x.event, BatchesUndone) for b in x.event.batches}


def replay(book: Rules, entries: Sequence[Entry]) -> Any:
    """Rebuild state from the whole log, skipping undone batches."""
    cancelled = cancelled_batches(entries)
    state = book.new_state()
    for entry in entries:
        if entry.batch not in cancelled:
            record(book, state, entry)
    if entries:
        state.version = entries[-1].seq
    return state


def advance(book: Rules, state: Any, log: Sequence[Entry], new: Sequence[Entry]) -> Any:
    """State after appending ``new`` to ``log`` (``log`` already includes ``new``); an undo rebuilds."""
    if any(isinstance(x.event, BatchesUndone) for x in new):
        return replay(book, log)
    result = copy.deepcopy(state)
    for entry in new:
        record(book, result, entry)
    return result


def apply(book: Rules, state: Any, event: Event) -> Any:
    """A new state with ``event`` applied (the given state is left as it was)."""
    new = copy.deepcopy(state)
    book.mutate(new, event)
    return new


def walk(book: Rules, entries: Sequence[Entry]) -> Iterator[tuple[Entry, bool, Any]]:
    """Walk the log as replay does, yielding (entry, undone, state before it) to a read model.

    The state is applied after the consumer has looked at it (undone entries are
    not applied), so a report reads the contest as it stood when each event
    happened without applying events itself.
    """
    cancelled = cancelled_batches(entries)
    state = book.new_state()
    for entry in entries:
        undone = entry.batch in cancelled
        yield entry, undone, state
        if not undone:
            record(book, state, entry)


def log_lines(book: Rules, entries: Sequence[Entry]) -> list[tuple[Entry, bool, str]]:
    """Every entry, whether an undo cancelled it, and its zh-CN line (exports' 日志 sheet, ``log show``)."""
    cancelled = cancelled_batches(entries)
    state = book.new_state()
    lines = []
    for entry in entries:
        event, undone = entry.event, entry.batch in cancelled
        if isinstance(event, BatchesUndone):
            text = f"撤销：{event.description}" + (f"（{event.reason}）" if event.reason else "")
        else:
            target = copy.deepcopy(state) if undone else state  # an undone entry leaves no trace
            try:
                if undone:
                    book.mutate(target, event)
                else:
                    record(book, target, entry)
                text = book.describe(event, target)
            except (KeyError, AttributeError, AssertionError):  # it leaned on another undone batch
                text = event_label(type(event).__name__)
        if not undone and isinstance(event, BatchesUndone):
            record(book, state, entry)
        lines.append((entry, undone, text))
    return lines
