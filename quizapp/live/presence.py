"""Who is connected right now: socket ids per contest and team, with member names.

Connection state is not contest state (it is not logged); it is kept in memory
and merged into the host's and the screen's views.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from .identity import Identity


@dataclass
class Presence:
    """Connected clients by socket id."""

    _clients: dict[str, Identity] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, sid: str, identity: Identity) -> None:
        with self._lock:
            self._clients[sid] = identity

    def remove(self, sid: str) -> Identity | None:
        with self._lock:
            return self._clients.pop(sid, None)

    def get(self, sid: str) -> Identity | None:
        return self._clients.get(sid)

    def team_sids(self, contest_id: str, device_id: str = "") -> list[str]:
        """Socket ids of the contest's team phones (or of one device, to disconnect it when removed)."""
        with self._lock:
            return [sid for sid, i in self._clients.items()
                    if i.contest_id == contest_id and i.role == "team"
                    and (not device_id or i.device_id == device_id)]

    def summary(self, contest_id: str) -> dict[str, object]:
        """Online members per team and counts of screens and audience phones."""
        teams: dict[str, dict[str, str]] = {}
        screens = watchers = hosts = 0
        with self._lock:
            for identity in self._clients.values():
                if identity.contest_id != contest_id:
                    continue
                if identity.role == "team":
                    teams.setdefault(identity.team_id, {})[identity.device_id] = identity.member
                screens += identity.role == "screen"
                watchers += identity.role == "watch"
                hosts += identity.role == "host"
        return {"teams": {t: sorted(set(m.values())) for t, m in teams.items()},
                "devices": {t: len(m) for t, m in teams.items()},
                "screens": screens, "watchers": watchers, "hosts": hosts}
