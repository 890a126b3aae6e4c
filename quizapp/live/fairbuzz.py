"""Clock estimates per connection, from pings the server sends, and turning a press into a Buzz.

The server pings each team phone itself (``clock_ping``, see ``clock_pings``): it
stamps when it sent the ping and when the ack came back, and the ack carries only
the phone's own clock reading. A phone therefore cannot forge its round trip; it
can only answer late, and ``core.delay_credit`` bounds what that buys against the
room. Nothing a phone reports about server time is used.
"""

from __future__ import annotations

import itertools
import math
import random
import threading
import time
from dataclasses import dataclass, field, replace
from typing import Any

from ..core.errors import DomainError
from ..core.fairbuzz.arbitration import corrected_time, press_from_estimate
from ..core.fairbuzz.clock_sync import ClockEstimate, Sample, SyncCadence, next_sync_delay
from ..core.fairbuzz.delay_credit import (
    PRESS_TOLERANCE,
    Credit,
    bound,
    collection_window,
    delay_credit,
    own_credit,
    room_delay,
)
from ..core.quiz.commands import Buzz
from ..core.quiz.state import ContestState

CADENCE = SyncCadence(burst_size=5, burst_spacing=0.175, interval_min=10.0, interval_max=15.0)  # 6 pings
MAX_PENDING = 4  # unanswered pings kept per socket; older ones are dropped
PING_TIMEOUT = 5.0  # seconds after which an unanswered ping is forgotten
RESUME_WITHIN = 60.0  # seconds: a device back this soon keeps its estimate and skips most of the burst
ROOM_REFRESH = 0.25  # seconds a contest's room delay is reused when flagging pongs (see Clocks._recent_room)


@dataclass
class _Link:
    """One team socket: its estimate and the pings in flight."""

    contest_id: str
    device_id: str
    phase: float
    next_at: float
    sent: int = 0
    estimate: ClockEstimate = field(default_factory=ClockEstimate)
    pending: dict[int, float] = field(default_factory=dict)  # ping id -> server send time
    credit: float = 0.0  # own credit, kept with the estimate so a room is cheap to take
    outlier: bool = False


class Clocks:
    """Clock estimate and ping schedule per team socket; forgotten on disconnect."""

    def __init__(self, cadence: SyncCadence = CADENCE, rng: random.Random | None = None) -> None:
        self._links: dict[str, _Link] = {}
        self._resting: dict[tuple[str, str], tuple[float, _Link]] = {}  # (contest, device) -> when it left
        self._rooms: dict[str, tuple[float, float | None]] = {}  # contest -> (when taken, room delay)
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._cadence = cadence
        self._rng = rng or random.Random()

    def track(self, sid: str, contest_id: str, device_id: str, now: float) -> None:
        """Start pinging a newly connected team socket (a burst first).

        A device that left less than ``RESUME_WITHIN`` ago (a Wi-Fi drop; a server
        restart loses this memory) keeps its estimate and gets two pings instead
        of the burst: when a hall's Wi-Fi comes back, hundreds of phones reconnect
        at once and would otherwise ping six times each while the server is busiest.
        """
        with self._lock:
            left, old = self._resting.pop((contest_id, device_id), (None, None))
            if old is not None and left is not None and device_id and now - left < RESUME_WITHIN:
                self._links[sid] = _Link(contest_id, device_id, old.phase, now,
                                         sent=max(0, self._cadence.burst_size - 1), estimate=old.estimate,
                                         credit=old.credit, outlier=old.outlier)
            else:
                self._links[sid] = _Link(contest_id, device_id, self._rng.random(), now)

    def forget(self, sid: str, now: float | None = None) -> None:
        """The socket left: drop its pings; its estimate rests a minute in case the device comes back."""
        now = time.time() if now is None else now
        with self._lock:
            link = self._links.pop(sid, None)
            for key in [k for k, (left, _) in self._resting.items() if now - left >= RESUME_WITHIN]:
                del self._resting[key]
            if link is not None and link.device_id and link.estimate.synced:
                self._resting[(link.contest_id, link.device_id)] = (now, link)

    def due(self, now: float) -> list[tuple[str, int, float]]:
        """Pings to send now, as (sid, ping id, send time); each is recorded as in flight."""
        out = []
        with self._lock:
            for sid, link in self._links.items():
                if link.next_at > now:
                    continue
                for old in [i for i, t in link.pending.items() if now - t > PING_TIMEOUT]:
                    del link.pending[old]
                while len(link.pending) >= MAX_PENDING:
                    del link.pending[min(link.pending)]
                ping_id = next(self._ids)
                link.pending[ping_id] = now
                link.next_at = now + next_sync_delay(link.sent, link.phase, self._cadence)
                link.sent += 1
                out.append((sid, ping_id, now))
        return out

    def answer(self, sid: str, ping_id: int, reply: Any, received: float) -> tuple[str, bool] | None:
        """Record the phone's ack of ping ``ping_id``.

        Returns (contest id, whether the phone's outlier flag changed), or None when
        the ack is unknown, late, repeated or not a finite clock reading.
        """
        reading = reply.get("t") if isinstance(reply, dict) else reply
        if isinstance(reading, bool) or not isinstance(reading, int | float) or not math.isfinite(reading):
            return None
        with self._lock:
            link = self._links.get(sid)
            sent = link.pending.pop(ping_id, None) if link else None
            if link is None or sent is None:
                return None
            try:
                sample = Sample.from_server_ping(sent, float(reading), received)
            except DomainError:
                return None
            link.estimate = link.estimate.update(sample)
            link.credit = own_credit(link.estimate)
            flag = link.credit > bound(self._recent_room(link.contest_id, received))
            changed, link.outlier = flag != link.outlier, flag
            return link.contest_id, changed

    def get(self, sid: str) -> ClockEstimate | None:
        """The socket's current estimate (None for an unknown socket)."""
        link = self._links.get(sid)
        return link.estimate if link else None

    def offset(self, sid: str) -> float | None:
        """Server − phone clock for the socket, None before its first sample."""
        link = self._links.get(sid)
        return link.estimate.offset if link and link.estimate.synced else None

    def _recent_room(self, contest_id: str, now: float) -> float | None:
        """The room's delay for flagging a pong, taken afresh at most every ``ROOM_REFRESH`` seconds
        (lock held by the caller): a room of 500 phones syncing at once would otherwise sort 500
        credits for each of their 3,000 pongs, and one pong hardly moves the room's median."""
        taken = self._rooms.get(contest_id)
        if taken is None or not 0 <= now - taken[0] < ROOM_REFRESH:
            taken = self._rooms[contest_id] = (now, self._room(contest_id))
        return taken[1]

    def _synced(self, contest_id: str) -> list[_Link]:
        """The contest's links with a synced estimate (lock held by the caller)."""
        return [k for k in self._links.values() if k.contest_id == contest_id and k.estimate.synced]

    def _room(self, contest_id: str) -> float | None:
        """The contest's typical delay from its synced phones (lock held by the caller)."""
        return room_delay(k.credit for k in self._synced(contest_id))

    def room(self, contest_id: str) -> float | None:
        """The contest's typical one-way delay (own credits' low median), None before any sync."""
        with self._lock:
            return self._room(contest_id)

    def delays(self, sids: list[str]) -> list[float]:
        """Own credits of the given synced sockets (what the room bound is taken from)."""
        with self._lock:
            return [k.credit for sid in sids
                    if (k := self._links.get(sid)) is not None and k.estimate.synced]

    def status(self, contest_id: str) -> dict[str, dict[str, Any]]:
        """Per device of the contest: measured delay, credit and the outlier flag (for the host)."""
        with self._lock:
            synced = self._synced(contest_id)
            limit = bound(room_delay(k.credit for k in synced))
            return {k.device_id: {"delay_ms": round(k.credit * 1000, 1),
                                  "credit_ms": round(min(k.credit, limit) * 1000, 1),
                                  "delay_outlier": k.credit > limit} for k in synced}


def credit_for(estimate: ClockEstimate | None, room_delays: list[float]) -> Credit | None:
    """The press credit of a synced estimate within this room, None if not synced."""
    if estimate is None or not estimate.synced:
        return None
    return delay_credit(estimate, room_delay(room_delays))


def buzz_command(state: ContestState, team_id: str, member: str, device: str, stamp: Any,
                 estimate: ClockEstimate | None, now: float, window_delays: list[float]) -> Buzz:
    """A Buzz with corrected time when the round compensates and the phone is synced.

    ``window_delays`` are the own credits of the contest's synced team phones: the
    room they make sets both this press's credit bound and the collection window.
    """
    rnd = state.round
    compensated = rnd is not None and rnd.spec.settings.arbitration == "compensated"
    room = room_delay(window_delays)
    window = collection_window(room) if compensated and room is not None else 0.0
    credit = credit_for(estimate, window_delays)
    if not (compensated and credit is not None and isinstance(stamp, int | float)):
        # judged at its arrival; still collected for the room's window, so a phone that
        # never answers pings cannot end the collection before others' presses arrive
        return Buzz(team_id=team_id, member=member, device=device, window=window)
    assert estimate is not None
    press = replace(press_from_estimate(team_id, member, device, float(stamp), now, estimate),
                    est_one_way_delay=credit.credit)
    opened = state.episode.opened_at if state.episode and state.episode.opened_at else now
    correction = corrected_time(press, opened, PRESS_TOLERANCE)
    return Buzz(team_id=team_id, member=member, device=device, client_stamp=float(stamp),
                corrected=correction.time, delay=credit.credit, error=estimate.error,
                clamped=correction.clamped, window=window)
