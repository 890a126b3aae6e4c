"""The buzzer check before a contest: every phone presses on a cue; the host sees
each device's link delay, clock error and reaction time, and bad links are flagged.

Nothing here is contest state (it is not logged): it is a measurement of the
room, kept in memory until the next check.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from typing import Any

from ..core.fairbuzz.arbitration import corrected_time, press_from_estimate
from ..core.fairbuzz.clock_sync import ClockEstimate
from ..core.fairbuzz.delay_credit import PRESS_TOLERANCE
from .fairbuzz import credit_for

CUE_LEAD = 2.0  # seconds between starting a check and the cue, so every phone shows it on time
BAD_DELAY = 0.100
BAD_ERROR = 0.030


@dataclass
class Check:
    """One check: when the cue shows and what each device measured."""

    cue_at: float
    results: dict[str, dict[str, Any]] = field(default_factory=dict)


class BuzzerChecks:
    """Checks by contest."""

    def __init__(self) -> None:
        self._checks: dict[str, Check] = {}
        self._lock = threading.Lock()

    def start(self, contest_id: str, now: float) -> Check:
        """A new check with its cue ``CUE_LEAD`` seconds from now."""
        with self._lock:
            check = self._checks[contest_id] = Check(cue_at=now + CUE_LEAD)
        return check

    def press(self, contest_id: str, team_id: str, member: str, device_id: str, stamp: Any,
              estimate: ClockEstimate | None, now: float,
              room_delays: list[float] | None = None) -> dict[str, Any]:
        """Record one device's press; returns its measurement.

        ``room_delays`` (the own credits of the contest's synced phones) bound this
        phone's credit as in a real buzz; a phone beyond the room's bound is flagged.
        """
        check = self._checks.get(contest_id)
        if check is None:
            return {"ok": False, "error": {"code": "no_check", "message": "主持人还没有开始抢答器检查"}}
        credit = credit_for(estimate, room_delays or [])
        synced = credit is not None and isinstance(stamp, int | float)
        outlier = False
        if synced:
            assert estimate is not None and credit is not None
            press = replace(press_from_estimate(team_id, member, device_id, float(stamp), now, estimate),
                            est_one_way_delay=credit.credit)
            when = corrected_time(press, check.cue_at, PRESS_TOLERANCE).time
            delay, error, outlier = credit.own, estimate.error, credit.outlier
        else:
            when, delay, error = now, None, None
        reaction = when - check.cue_at
        flags = []
        if not synced:
            flags.append("未完成校时")
        elif delay is not None and delay > BAD_DELAY:
            flags.append("网络延迟大")
        if outlier:
            flags.append("延迟异常")
        if error is not None and error > BAD_ERROR:
            flags.append("时钟误差大")
        if reaction < 0.1:
            flags.append("抢跑")
        result = {"team_id": team_id, "member": member, "device_id": device_id,
                  "delay_ms": None if delay is None else round(delay * 1000, 1),
                  "error_ms": None if error is None else round(error * 1000, 1),
                  "reaction_ms": round(reaction * 1000), "delay_outlier": outlier, "flags": flags}
        with self._lock:
            check.results[device_id] = result
        return {"ok": True, **result}

    def report(self, contest_id: str) -> dict[str, Any]:
        """What the host sees: the cue time and every device's measurement."""
        check = self._checks.get(contest_id)
        if check is None:
            return {"cue_at": None, "results": []}
        rows = sorted(check.results.values(), key=lambda r: (r["team_id"], r["member"]))
        return {"cue_at": check.cue_at, "results": rows}
