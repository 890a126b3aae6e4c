"""An in-memory contest: log plus state, the same decide/append/advance cycle the
database-backed service runs. Used by unit tests, simulations and benches."""

from __future__ import annotations

from dataclasses import dataclass, field

from .engine import Entry, advance, decide
from .quiz.commands import Command
from .quiz.events import Event
from .quiz.state import ContestState


@dataclass
class Ledger:
    """One contest held in memory."""

    state: ContestState = field(default_factory=ContestState)
    log: list[Entry] = field(default_factory=list)

    def execute(self, command: Command, now: float, actor: str = "host") -> list[Event]:
        """Decide, append and apply one command; raises DomainError and changes nothing."""
        events = decide(self.state, command, now)
        batch = (self.log[-1].batch + 1) if self.log else 1
        seq = len(self.log)
        new = [Entry(seq + i + 1, batch, actor, e) for i, e in enumerate(events)]
        self.log.extend(new)
        self.state = advance(self.state, self.log, new)
        return events
