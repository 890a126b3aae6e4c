"""What every kind of contest shares in its log: the event and command bases, and undo.

A rulebook (``core.rulebook``) defines its own commands and events on these
bases; the engine (``core.engine``) knows only the ones here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Self


@dataclass(frozen=True, kw_only=True)
class Event:
    """Base class of every event: the server time it happened, passed in (the core never reads a clock)."""

    at: float
    standalone: ClassVar[bool] = False  # undoing it never needs later batches undone (its footprint reads nothing)

    def __deepcopy__(self, memo: dict[int, object]) -> Self:
        """Immutable: copies of a state share it (keeps replay and undo cheap)."""
        return self


@dataclass(frozen=True, kw_only=True)
class Command:
    """Base class of every command: what someone asks a contest to do."""


@dataclass(frozen=True, kw_only=True)
class Undo(Command):
    """Cancel a batch (the latest when ``batch`` is None) and what depended on it."""

    batch: int | None = None
    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class BatchesUndone(Event):
    """Cancels whole batches (one command each); replay skips them."""

    batches: tuple[int, ...]
    description: str = ""
    reason: str = ""
