"""Clock sync per connection and turning a phone's press stamp into a Buzz command.

Phones ping with NTP-style round trips (``sync``); the server keeps a
ClockEstimate per socket. A press stamped on the phone's clock is converted to
server time and clamped by the core's arbitration rules, so a tampered stamp
gains at most the tolerance.
"""

from __future__ import annotations

import threading
from typing import Any

from ..core.arbitration import collection_window, corrected_time, press_from_estimate
from ..core.clock_sync import ClockEstimate, Sample
from ..core.commands import Buzz
from ..core.errors import DomainError
from ..core.state import ContestState


class Clocks:
    """ClockEstimate per socket id."""

    def __init__(self) -> None:
        self._estimates: dict[str, ClockEstimate] = {}
        self._lock = threading.Lock()

    def add_sample(self, sid: str, sample: dict[str, Any]) -> ClockEstimate | None:
        """Record a completed round trip reported by the phone; bad samples are ignored."""
        try:
            s = Sample(float(sample["t0"]), float(sample["t1"]), float(sample["t2"]), float(sample["t3"]))
        except (KeyError, TypeError, ValueError, DomainError):
            return None
        with self._lock:
            estimate = self._estimates.get(sid, ClockEstimate()).update(s)
            self._estimates[sid] = estimate
        return estimate

    def get(self, sid: str) -> ClockEstimate | None:
        return self._estimates.get(sid)

    def forget(self, sid: str) -> None:
        with self._lock:
            self._estimates.pop(sid, None)

    def delays(self, sids: list[str]) -> list[float]:
        """One-way delays of the given synced sockets (for the collection window)."""
        out = []
        for sid in sids:
            est = self._estimates.get(sid)
            if est is not None and est.synced:
                out.append(est.one_way_delay)
        return out


def buzz_command(state: ContestState, team_id: str, member: str, device: str, stamp: Any,
                 estimate: ClockEstimate | None, now: float, window_delays: list[float]) -> Buzz:
    """A Buzz with corrected time when the round compensates and the phone is synced."""
    rnd = state.round
    compensated = rnd is not None and rnd.spec.settings.arbitration == "compensated"
    if not (compensated and estimate is not None and estimate.synced and isinstance(stamp, int | float)):
        return Buzz(team_id=team_id, member=member, device=device)
    press = press_from_estimate(team_id, member, device, float(stamp), now, estimate)
    opened = state.episode.opened_at if state.episode and state.episode.opened_at else now
    correction = corrected_time(press, opened)
    window = collection_window(window_delays) if window_delays else 0.0
    return Buzz(team_id=team_id, member=member, device=device, client_stamp=float(stamp),
                corrected=correction.time, delay=estimate.one_way_delay, error=estimate.error,
                clamped=correction.clamped, window=window)
