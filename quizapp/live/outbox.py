"""Sending views to rooms: full views to clients that read only those, patches to the rest,
and at most a few views a second to the audience.

Every broadcast room ``c:<contest>:<room>`` has two view rooms beside it: ``~v``
for clients that take whole views (older pages, tests, tools) and ``~p`` for
clients that said ``patches`` when they connected (live.js). Other messages
(buzzer check cues, reports) still go to the plain room, which everyone joins.

The audience room (``watch``) may hold hundreds of phones that only look: a
change reaches it at once when none went out in the last ``every`` seconds,
otherwise the newest pending view goes out at the next flush, so it is never
staler than ``every`` plus one clock tick, and the last state is always sent.
Pacing is off (``every`` = 0) until the clock loop, which flushes, starts.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

from socketio import PubSubManager

from .streams import Streams, patch_message

FULL, PATCH = "~v", "~p"  # suffixes of the view rooms
AUDIENCE_EVERY = 0.2  # seconds between views to the audience room
COALESCED_ROLES = frozenset({"watch"})


def view_room(room: str, patches: bool) -> str:
    """The room a client joins to receive the views of ``room``."""
    return room + (PATCH if patches else FULL)


class Outbox:
    """Records what each room was sent and emits full views and patches."""

    def __init__(self, socketio: Any, every: float = 0.0) -> None:
        self.socketio = socketio
        self.streams = Streams()
        self.every = every
        self._last: dict[str, float] = {}  # room -> when it was last sent a view (coalesced rooms)
        self._pending: dict[str, Callable[[], dict[str, Any]]] = {}  # room -> how to build its newest view
        self._lock = threading.Lock()

    def send(self, room: str, view: dict[str, Any], bases: Sequence[str] = (), whole: bool = False) -> None:
        """Send ``view`` to both view rooms of ``room``: whole to ``~v``, as a patch to ``~p``
        (from the newest view of ``room`` and ``bases``; whole with ``whole``, see ``Streams.record``)."""
        sent, base, ops = self.streams.record(room, view, bases, whole)
        if self._listening(room + FULL):
            self.socketio.emit("view", {**view, "rev": sent.rev} if sent else view, to=room + FULL)
        if sent is None or not self._listening(room + PATCH):
            return  # an overtaken view, or nothing a page would see changed
        message = {**view, "rev": sent.rev} if ops is None or base is None else patch_message(sent, base, ops)
        self.socketio.emit("view", message, to=room + PATCH)

    def hold(self, room: str, now: float, build: Callable[[], dict[str, Any]]) -> bool:
        """Whether a view for coalesced ``room`` must wait (True: ``build`` runs at a later flush)."""
        if self.every <= 0:
            return False
        with self._lock:
            if room not in self._pending and now - self._last.get(room, float("-inf")) >= self.every:
                self._last[room] = now
                return False
            self._pending[room] = build  # a newer change replaces the one still waiting
            return True

    def flush(self, now: float) -> int:
        """Send the waiting views whose rooms are due; returns how many went out."""
        with self._lock:
            due = [r for r in self._pending if now - self._last.get(r, float("-inf")) >= self.every]
            builds = [(r, self._pending.pop(r)) for r in due]
            self._last.update((r, now) for r in due)
        for room, build in builds:
            self.send(room, build())
            self.socketio.sleep(0)
        return len(builds)

    def _listening(self, room: str) -> bool:
        """False only when nobody can be in ``room``: known for certain in a single process only."""
        server = getattr(self.socketio, "server", None)
        manager = getattr(server, "manager", None)
        if manager is None or isinstance(manager, PubSubManager):
            return True  # other processes may have members: emit, the queue decides
        return bool(manager.rooms.get("/", {}).get(room))

