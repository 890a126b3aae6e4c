"""How much latency credit a press may get, judged against the room.

Units: float seconds. A phone's round trip is measured by pings the server
sends and stamps itself (``clock_sync.Sample.from_server_ping``), so the phone
cannot forge it; it can only make it longer by answering late. Nobody can tell
a phone that answers late on purpose from one that truly sits far away, since
a one-way delay is never observable. What the server can do is refuse to
believe a delay the room does not make plausible:

* ``own credit`` = min rtt / 2 + the phone's own measured jitter (half the spread
  from its quickest round trip to its 90th-percentile one, at most ``JITTER_CAP``):
  an honest press whose uplink was slower than the luckiest ping keeps its credit;
* ``room delay`` = the low median of the one-way delays of the room's synced
  phones: one phone, however slow it claims to be, cannot move it past the
  honest phones' own values;
* credit = min(own credit, room delay + ``ROOM_SLACK``). A phone whose own credit
  is beyond that bound is an ``outlier``: the host is told, and its presses are
  judged with the bounded credit (a phone truly that far away should be moved
  closer to the access point).

The collection window depends on the room delay only (never on one phone's
claim): a press arriving later than ``first arrival + bound + tolerance`` can no
longer be judged earlier than the first arrival, so waiting longer is useless.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from .arbitration import WINDOW_CAP, WINDOW_FLOOR
from .clock_sync import ClockEstimate

ROOM_SLACK = 0.030
"""How far beyond the room's typical one-way delay a phone's credit may go."""
JITTER_CAP = 0.050
"""Most jitter allowance one phone's own spread of round trips can earn."""
PRESS_TOLERANCE = 0.010
"""Uplink jitter left over after the phone's own jitter allowance; a stamp liar's max gain."""


@dataclass(frozen=True, slots=True)
class Credit:
    """A phone's delay credit and whether the room had to bound it."""

    credit: float
    own: float
    room: float | None
    outlier: bool


def jitter(estimate: ClockEstimate) -> float:
    """Half the spread of the phone's recent round trips, at most ``JITTER_CAP``.

    The spread runs from the quickest trip to the 90th percentile, not the slowest:
    a trip or two stalled by a busy server must not widen a phone's (or, since a
    stall hits every phone at once, the room's) credit.
    """
    rtts = sorted(s.rtt for s in estimate.samples)
    if len(rtts) < 2:
        return 0.0
    upper = rtts[(9 * (len(rtts) - 1)) // 10]
    return min((upper - rtts[0]) / 2, JITTER_CAP)


def own_credit(estimate: ClockEstimate) -> float:
    """What the phone's own measurements justify: min rtt / 2 + its jitter."""
    if not estimate.synced:
        return 0.0
    return estimate.one_way_delay + jitter(estimate)


def room_delay(delays: Iterable[float]) -> float | None:
    """The room's typical one-way delay: the low median (robust to one liar), None if empty."""
    values = sorted(d for d in delays if math.isfinite(d) and d >= 0)
    return statistics.median_low(values) if values else None


def bound(room: float | None) -> float:
    """The most credit any press in this room may get (``inf`` with no room yet)."""
    return math.inf if room is None else room + ROOM_SLACK


def delay_credit(estimate: ClockEstimate, room: float | None) -> Credit:
    """The phone's credit, bounded by the room; flagged when the room had to bound it."""
    own = own_credit(estimate)
    limit = bound(room)
    return Credit(credit=min(own, limit), own=own, room=room, outlier=own > limit)


def collection_window(room: float | None, tolerance: float = PRESS_TOLERANCE) -> float:
    """How long to keep collecting after the first valid arrival, from the room alone."""
    if room is None:
        return WINDOW_FLOOR
    return min(max(bound(room) + tolerance, WINDOW_FLOOR), WINDOW_CAP)
