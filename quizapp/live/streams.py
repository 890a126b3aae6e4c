"""What each room was last sent, so the next change can go out as a patch.

Every view a patch-reading client holds has a revision token (``rev``). The hub
records each view it sends to a room here and gets back the patch from the
room's previous view; a client applies a patch only when it holds the patch's
``base`` and asks for a full view otherwise (docs/PROTOCOL.md, "Views:
versions, patches and resync"). A few earlier views per room are kept, so a
phone that reconnects with the revision it holds gets a patch from it instead
of a full view.

Revision tokens start with a random prefix per process: after a restart, or
from another worker, a held token is simply unknown and the client gets a full
view. The contest ``version`` cannot serve as the token: presence updates change
a view without changing the contest.

Stored views share unchanged parts with the view before them (``apply`` of the
patch), so keeping several per room costs little more than keeping one.
"""

from __future__ import annotations

import itertools
import secrets
import threading
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .json_packets import shared_text
from .patches import Op, apply, diff

KEEP = 6  # views kept per room for resuming a reconnecting client
KEEP_TEAM = 2  # per single-team room (one per team while 共答 collects)
QUIET_KEYS = frozenset({"server_time"})  # a change of only these is not worth a message


@dataclass(frozen=True)
class Sent:
    """One view recorded for a room: its token, the view, and the order it was recorded in."""

    rev: str
    view: dict[str, Any]
    order: int

    @cached_property
    def text(self) -> str:
        """The view's JSON without each client's own keys (``json_packets.shared_text``), encoded once:
        after a restart a whole room reconnects and each phone is sent this same view in full."""
        return shared_text(self.view)


class Streams:
    """Per room (``c:<contest>:<room>``): the latest views sent, newest last."""

    def __init__(self, keep: int = KEEP, keep_team: int = KEEP_TEAM) -> None:
        self._prefix = secrets.token_hex(3)
        self._counter = itertools.count(1)
        self._rooms: dict[str, deque[Sent]] = {}
        self._keep, self._keep_team = keep, keep_team
        self._lock = threading.Lock()

    def record(self, room: str, view: dict[str, Any], bases: Sequence[str] = (),
               whole: bool = False) -> tuple[Sent | None, str | None, list[Op] | None]:
        """Record ``view`` as the room's newest; returns (what was recorded, base token, patch).

        The patch is made from the newest view among ``room`` and ``bases`` (other
        rooms its members listen to: a team's own room starts from the shared team
        view). It is None when there is no such view, or with ``whole`` (the members
        hold different views: send the full view). Nothing is recorded
        (``(None, None, None)``) when the view is older than the room's latest (a
        publish overtaken by a newer one) or differs from it only in ``QUIET_KEYS``.
        """
        with self._lock:
            history = self._rooms.get(room)
            found = [h[-1] for r in (room, *bases) if (h := self._rooms.get(r))]
            last = max(found, key=lambda s: s.order) if found else None
            if last is not None and _older(view, last.view):
                return None, None, None
            ops = diff(last.view, view) if last is not None else None
            if ops is not None and all(len(op[0]) == 1 and op[0][0] in QUIET_KEYS for op in ops):
                return None, None, None
            stored = apply(last.view, ops) if last is not None and ops is not None else view
            if whole:
                last, ops = None, None
            order = next(self._counter)
            sent = Sent(f"{self._prefix}.{order}", stored, order)
            if history is None:
                keep = self._keep_team if ":team:" in room else self._keep
                history = self._rooms[room] = deque(maxlen=keep)
            history.append(sent)
            return sent, (last.rev if last is not None else None), ops

    def latest(self, rooms: list[str]) -> Sent | None:
        """The most recently recorded view among ``rooms`` (a team phone listens to two)."""
        with self._lock:
            found = [h[-1] for r in rooms if (h := self._rooms.get(r))]
        return max(found, key=lambda s: s.order) if found else None

    def newer(self, prefix: str, than: str) -> bool:
        """Whether a room named ``prefix…`` got a view after room ``than`` last did."""
        with self._lock:
            mine = self._rooms.get(than)
            order = mine[-1].order if mine else 0
            return any(h and h[-1].order > order for r, h in self._rooms.items() if r.startswith(prefix))

    def find(self, rooms: list[str], rev: Any) -> Sent | None:
        """The kept view with token ``rev`` among ``rooms``, None when it is unknown or gone."""
        if not isinstance(rev, str):
            return None
        with self._lock:
            for room in rooms:
                for sent in self._rooms.get(room, ()):
                    if sent.rev == rev:
                        return sent
        return None

    def forget(self, prefix: str) -> None:
        """Drop every room whose name starts with ``prefix`` (a contest whose views went out elsewhere)."""
        with self._lock:
            for room in [r for r in self._rooms if r.startswith(prefix)]:
                del self._rooms[room]


def patch_message(sent: Sent, base: str, ops: list[Op]) -> dict[str, Any]:
    """The ``view`` message that carries a patch (``version`` first: probes read only that)."""
    return {"version": sent.view.get("version"), "rev": sent.rev, "base": base, "patch": ops}


def resume(streams: Streams, rooms: list[str], since: Any) -> tuple[Sent | None, dict[str, Any] | None]:
    """For a client that holds revision ``since``: (the latest view, a patch message from ``since``).

    The patch message is None when ``since`` is unknown (send the latest in full);
    an empty patch (the client is current) is still a message, so the client knows.
    """
    latest = streams.latest(rooms)
    held = streams.find(rooms, since) if latest is not None else None
    if latest is None or held is None:
        return latest, None
    return latest, patch_message(latest, held.rev, diff(held.view, latest.view))


def _older(view: dict[str, Any], last: dict[str, Any]) -> bool:
    new_v, old_v = view.get("version"), last.get("version")
    return isinstance(new_v, int) and isinstance(old_v, int) and new_v < old_v
