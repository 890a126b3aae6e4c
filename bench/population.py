"""Who takes part in a bench: the contest's shape, the clients, and how they are split.

``--clients N`` means N/10 teams of 5 phones plus as many audience phones as team phones (100
teams and 1,000 clients by default); past the contest's limit of teams (200) the rest are audience:
5,000 clients are 200 teams (1,000 team phones) and 4,000 audience phones. Team phones connect with the device token their team's join
code gave them; audience phones load ``/watch/<id>`` first, as a browser does, and open the socket
with the signed cookie that page sets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from quizapp.core.quiz.state import TEAM_LIMIT

from .fixture import Fixture

MEMBERS = 5
BUZZ_ROUND = {"kind": "buzz", "title": "抢答题（压测）",
              "settings": {"reopen_after_wrong": False, "no_buzz_seconds": 600,
                           "start_answer_seconds": 600, "answer_seconds": 600}}


@dataclass(frozen=True)
class Shape:
    """Teams and audience phones for a client count."""

    teams: int
    audience: int

    @classmethod
    def for_clients(cls, clients: int) -> Shape:
        """N/10 teams (at most the contest's limit of teams, the rest audience) of 5 phones."""
        teams = min(TEAM_LIMIT, max(2, round(clients / 10)))
        return cls(teams, max(0, clients - teams * MEMBERS))

    @property
    def team_devices(self) -> int:
        return self.teams * MEMBERS

    @property
    def clients(self) -> int:
        return self.team_devices + self.audience


def specs(fx: Fixture, shape: Shape) -> list[dict[str, Any]]:
    """One spec per client: team phones first (ids 0..), then the audience."""
    out: list[dict[str, Any]] = []
    for ti, team in enumerate(fx.team_ids[:shape.teams]):
        for m, token in enumerate(fx.tokens[team][:MEMBERS]):
            out.append({"id": ti * MEMBERS + m, "kind": "team", "team": team,
                        "auth": {"role": "team", "token": token}})
    base = shape.team_devices
    for w in range(shape.audience):
        out.append({"id": base + w, "kind": "watch", "cookie_page": f"/watch/{fx.contest_id}",
                    "auth": {"role": "watch", "contest": fx.contest_id}})
    return out


def server_env(audience: int) -> dict[str, str]:
    """Every bench client comes from 127.0.0.1, while the server limits audience ids, audience
    connects and votes per address (600 at once by default, votes half of that): raise the burst
    so one address may hold, and answer from, the whole audience."""
    return {"QUIZAPP_AUDIENCE_BURST": str(max(600, 2 * audience))}


def big_room_env(clients: int) -> dict[str, str]:
    """A pool above eventlet's default for rooms past 4,000 sockets (quizapp's
    ``QUIZAPP_MAX_CONNECTIONS``), with room for the host, screens and page loads."""
    return {"QUIZAPP_MAX_CONNECTIONS": str(max(4096, clients + 1024))}


def shares(items: list[dict[str, Any]], processes: int) -> list[list[dict[str, Any]]]:
    """Round-robin split by id: every process gets team phones and audience alike."""
    return [[s for s in items if s["id"] % processes == i] for i in range(processes)]
