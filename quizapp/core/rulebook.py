"""The rulebook protocol: what a kind of contest plugs into the one engine.

A rulebook decides commands (``deciders``), applies events (``mutate``), says
what they did (``describe``) and what they read and wrote (``footprint``, for
undo), projects a view per reader (``view``), and names its event types (its
``codec``). Replay, undo, the codec and the in-memory ledger are written once
(``core.engine``, ``core.codec``, ``core.ledger``). Nothing above the core
asks which kind a contest is: it asks the contest's rulebook.

A fourth kind of contest is one new sub-package with one ``Rulebook``
subclass, registered in :data:`RULEBOOKS` by ``core.kinds``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from . import engine
from .codec import Codec
from .engine import Decider, Entry, Footprint
from .errors import DomainError
from .messages import Command, Event, Undo


@dataclass(frozen=True)
class Delivery:
    """One view to send after a change: to which room, made for which role and viewer."""

    room: str  # the room's suffix after "c:<contest id>:", e.g. "host", "teams", "team:t1", "judge:j1"
    role: str
    viewer: str = ""  # the team or judge the view is made for ("" = any)


class Rulebook(ABC):
    """Base of every kind of contest: the hooks to fill in, and the machinery every kind shares."""

    kind: ClassVar[str]  # stored on the contest row: "quiz", "sports"
    title: ClassVar[str]  # zh-CN name of the kind, e.g. 知识竞赛
    codec: Codec
    deciders: Mapping[type[Command], Decider]
    undo_needs_reason: bool = False
    undo_floor_reason: str = ""
    roles: ClassVar[tuple[str, ...]] = ()  # the roles a view can be made for
    pages: ClassVar[Mapping[str, str]] = {}  # page -> template; a page this kind lacks answers 404

    # ---- hooks ----------------------------------------------------------------
    @abstractmethod
    def new_state(self) -> Any:
        """The state before the first event: what replay starts from."""

    def precheck(self, state: Any, command: Command) -> None:  # noqa: B027 - optional hook, nothing by default
        """Refusals that hold before any rule (no contest created yet, …)."""

    @abstractmethod
    def mutate(self, state: Any, event: Event) -> None:
        """Apply one event to ``state`` in place: the only code that changes this kind's state."""

    @abstractmethod
    def describe(self, event: Event, state: Any) -> str:
        """One zh-CN line saying what the event did (undo preview, history, log show)."""

    def describe_more(self, event: Event, state: Any) -> str:
        """Text added to a batch's line for a further event of the same batch."""
        return ""

    @abstractmethod
    def footprint(self, event: Event) -> Footprint | None:
        """(reads, writes) of an event for undo; None keeps it out of the undo history."""

    @abstractmethod
    def view(self, state: Any, role: str, viewer: str = "", now: float = 0.0) -> dict[str, Any]:
        """The JSON-able picture a reader in ``role`` may see (``viewer``: their team or judge id)."""

    @abstractmethod
    def deliveries(self, state: Any, events: Sequence[Event]) -> tuple[list[Delivery], bool]:
        """Who hears of a change at once, in the order of sending (the projector first: the room
        watches it), and whether host and screen should instead hear at the next flush."""

    def presence_deliveries(self, state: Any) -> list[Delivery]:
        """Who gets a fresh view when phones connect or leave."""
        return [Delivery("host", "host"), Delivery("screen", "screen")]

    @abstractmethod
    def snapshot(self, state: Any) -> dict[str, Any]:
        """The facts ``log verify`` checks a replay against."""

    def finished(self, state: Any) -> bool:
        """Whether the contest is over (results final), for lists and onward links."""
        return getattr(state, "status", "") == "finished"

    def summary(self, state: Any) -> dict[str, Any]:
        """One line of the host's contest list: the kind in zh-CN and each team's colour and name."""
        return {"kind_label": self.title, "teams": []}

    def command_stale(self, command: Command, since: Sequence[Event]) -> str | None:
        """A zh-CN reason when events since the sender's view change what ``command`` means."""
        return None

    # ---- machinery, the same for every kind --------------------------------------
    @property
    def commands(self) -> dict[str, type[Command]]:
        """Command classes by name: what a client may send to a contest of this kind."""
        return {cls.__name__: cls for cls in (*self.deciders, Undo)}

    def decide(self, state: Any, command: Command, now: float) -> list[Event]:
        return engine.decide(self, state, command, now)

    def replay(self, entries: Sequence[Entry]) -> Any:
        return engine.replay(self, entries)

    def advance(self, state: Any, log: Sequence[Entry], new: Sequence[Entry]) -> Any:
        return engine.advance(self, state, log, new)

    def apply(self, state: Any, event: Event) -> Any:
        return engine.apply(self, state, event)

    def undo_preview(self, state: Any, batch: int | None = None) -> str | None:
        return engine.undo_preview(state, batch)

    def log_lines(self, entries: Sequence[Entry]) -> list[tuple[Entry, bool, str]]:
        return engine.log_lines(self, entries)

    def stale_reason(self, command: Command, since: Sequence[Event]) -> str | None:
        """Refuse a command made against a view older than a change that matters to it."""
        since = [e for e in since if engine.counts(self, e)]  # audience votes change nothing a command meant
        if not since:
            return None
        if isinstance(command, Undo):
            return engine.stale_undo(self, since)
        return self.command_stale(command, since)

    def encode(self, event: Event) -> dict[str, Any]:
        return self.codec.encode(event)

    def decode(self, name: str, data: dict[str, Any]) -> Event:
        return self.codec.decode(name, data)


RULEBOOKS: dict[str, Rulebook] = {}


def register(book: Rulebook) -> Rulebook:
    """Make a kind of contest known to every layer above."""
    RULEBOOKS[book.kind] = book
    return book


def rulebook_for(kind: str) -> Rulebook:
    """The rulebook of a contest kind; an unknown kind is refused in zh-CN."""
    from . import kinds  # noqa: F401 - registers the shipped rulebooks

    book = RULEBOOKS.get(kind)
    if book is None:
        raise DomainError("unknown_kind", f"不认识的比赛类型：{kind}")
    return book
