"""An in-memory contest: log plus state, the same decide/append/advance cycle the
database-backed service runs, for any rulebook. Used by unit tests, simulations and benches."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .engine import Entry
from .messages import Command, Event
from .rulebook import Rulebook


@dataclass
class Ledger:
    """One contest held in memory."""

    book: Rulebook
    state: Any = None
    log: list[Entry] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.state is None:
            self.state = self.book.new_state()

    def execute(self, command: Command, now: float = 0.0, actor: str = "host") -> list[Event]:
        """Decide, append and apply one command; raises DomainError and changes nothing."""
        events = self.book.decide(self.state, command, now)
        batch = (self.log[-1].batch + 1) if self.log else 1
        seq = len(self.log)
        new = [Entry(seq + i + 1, batch, actor, e) for i, e in enumerate(events)]
        self.log.extend(new)
        self.state = self.book.advance(self.state, self.log, new)
        return events
