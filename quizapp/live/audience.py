"""Audience play-along over the socket: nicknames and each phone's own standing.

The watch room shares one view (top 10, distribution after the reveal); what
only one phone may know (its choice, its rank and points) it asks for with
``audience_me``. The leaderboard is sorted once per contest version however
many phones ask, so a reveal in front of 1,000 phones sorts once.
"""

from __future__ import annotations

import threading
from typing import Any

from ..core.engine import Entry
from ..core.errors import DomainError
from ..core.quiz import audience as aud
from ..core.quiz import commands as cmd
from ..services.throttle import Buckets
from .identity import Identity
from .payloads import parse

ME_RATE, ME_BURST = 2.0, 10.0  # audience_me per socket: a phone asks after each reveal


class AudiencePlay:
    """Handlers' helper for ``audience_name`` and ``audience_me``."""

    def __init__(self, hub: Any) -> None:
        self.hub = hub
        self.reads = Buckets(ME_RATE, ME_BURST)
        self._rows: dict[str, tuple[int, list[aud.Standing]]] = {}
        self._guard = threading.Lock()

    def rows(self, contest_id: str, state: Any) -> list[aud.Standing]:
        """The audience standings of ``state``, sorted once per version."""
        with self._guard:
            cached = self._rows.get(contest_id)
        if cached is not None and cached[0] == state.version:
            return cached[1]
        rows = aud.standings(state)
        with self._guard:
            self._rows[contest_id] = (state.version, rows)
        return rows

    @staticmethod
    def _device(identity: Identity) -> str:
        if not identity.device_id:  # the id comes from the /watch page's signed cookie only
            raise DomainError("bad_device", "缺少观众身份，请刷新观众页")
        return identity.device_id

    def name(self, identity: Identity, payload: Any) -> list[Entry]:
        """Set this phone's nickname (counts against the address's vote budget)."""
        args = parse(payload, {"name": ("str", True)})
        device = self._device(identity)
        if self.hub.gate is not None:
            self.hub.gate.votes.take(identity.address, "操作太频繁")
        command = cmd.AudienceName(device=device, name=str(args["name"])[:100])
        return list(self.hub.contests.execute(identity.contest_id, command, "audience"))

    def me(self, identity: Identity, sid: str) -> dict[str, Any]:
        """This phone's nickname, answer to the question on stage, rank and points."""
        self.reads.take(sid, "刷新太频繁")
        device = self._device(identity)
        state = self.hub.contests.state(identity.contest_id)
        if not hasattr(state, "audience"):
            raise DomainError("wrong_contest", "这场比赛没有观众答题")
        return {"ok": True, "me": aud.me(state, device, self.rows(identity.contest_id, state))}
