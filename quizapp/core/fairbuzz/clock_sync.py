"""Clock offset between a phone and the server, measured NTP-style.

Units: every time is float seconds. Server times are on the server's own
monotonic clock (the clock that stamps arrivals and ``opened_at``); client times
are on the phone's clock, whatever its epoch. ``offset`` is server − client, so
``server_time = client_time + offset``.

Why: a phone stamps its buzz on its own clock, and the server can only compare
buzzes from different phones once every stamp is mapped onto one clock. The
server sends the pings and stamps them itself (``Sample.from_server_ping``), so a
phone controls only its own clock reading, never the round trip. A ping
round trip gives four stamps and hence the offset, but only up to half the round
trip, because nobody can see how the trip split between the two directions. The
quickest round trips leave the least room for that split, so the estimate keeps
the last ``window`` samples and takes the median offset of the ``best`` quickest.

Two error figures are kept, on purpose:

* ``max_error`` = min rtt / 2 + spread of the best offsets. It holds whatever the
  split of any trip, but for a phone 150 ms away it is about 150 ms: too coarse
  to order buzzes that are 30 ms apart, which is the whole point.
* ``error`` = spread of the best offsets + ``RESIDUAL_ERROR`` (never more than
  ``max_error``). It assumes the quickest exchange was close to symmetric (its
  queueing excess was within ``2 * RESIDUAL_ERROR``), which is the premise of
  min-delay filtering. This is "the measurement's own error" that arbitration
  uses to call ties. Until ``best`` samples exist it equals ``max_error``.

Absurd samples (non-finite, t3 < t0, t2 < t1, rtt below −``STAMP_RESOLUTION``)
are refused when the ``Sample`` is built, with ``DomainError("clock_sample_invalid")``:
the caller answers that ping with an error and the estimate stays as it was. A
slightly negative rtt is real, not absurd: a browser stamping whole milliseconds
can see a 0 ms round trip around a server that held the ping for 0.3 ms; such an
rtt counts as 0.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field, replace

from ..errors import DomainError

DEFAULT_WINDOW = 16
DEFAULT_BEST = 3
STAMP_RESOLUTION = 0.001
"""Coarsest client stamp we accept (browsers stamp whole milliseconds)."""
RESIDUAL_ERROR = 0.002
"""Assumed asymmetry left in the quickest exchange, plus 1 ms stamp resolution."""
DEFAULT_DRIFT_RATE = 20e-6
"""Relative rate error between phone and server clocks (20 ppm), grows ``error_at``."""


@dataclass(frozen=True, slots=True)
class Sample:
    """One ping: client send, server receive, server send, client receive."""

    t0_client_send: float
    t1_server_receive: float
    t2_server_send: float
    t3_client_receive: float

    def __post_init__(self) -> None:
        """Refuse stamps no real round trip could produce."""
        stamps = (self.t0_client_send, self.t1_server_receive,
                  self.t2_server_send, self.t3_client_receive)
        if not all(math.isfinite(t) for t in stamps):
            raise DomainError("clock_sample_invalid", "时钟同步样本无效：时间戳不是有限数")
        if self.t3_client_receive < self.t0_client_send:
            raise DomainError("clock_sample_invalid", "时钟同步样本无效：收到回复早于发出请求")
        if self.t2_server_send < self.t1_server_receive:
            raise DomainError("clock_sample_invalid", "时钟同步样本无效：服务器回复早于收到请求")
        if self._raw_rtt < -STAMP_RESOLUTION:
            raise DomainError("clock_sample_invalid", "时钟同步样本无效：往返时延为负")

    @classmethod
    def from_server_ping(cls, sent: float, client: float, received: float) -> Sample:
        """The exchange equivalent to a ping the server sent, stamped and got back itself.

        ``sent`` and ``received`` are the server's own stamps; ``client`` is the one
        reading the phone returned. The phone controls only that reading, so the
        round trip (``received − sent``) is the server's measurement, never the
        phone's claim. As a four-stamp sample: the phone's reading sits at the
        middle of the trip, offset = (sent + received) / 2 − client.
        """
        half = (received - sent) / 2
        mid = (sent + received) / 2
        return cls(client - half, mid, mid, client + half)

    @property
    def offset(self) -> float:
        """Server − client, exact when both directions took equally long."""
        return ((self.t1_server_receive - self.t0_client_send)
                + (self.t2_server_send - self.t3_client_receive)) / 2

    @property
    def rtt(self) -> float:
        """Time on the wire both ways, excluding the server's own hold time.

        Never below 0: a slightly negative raw value is stamp rounding.
        """
        return max(0.0, self._raw_rtt)

    @property
    def _raw_rtt(self) -> float:
        """The rtt as the stamps give it, possibly a hair below 0."""
        return ((self.t3_client_receive - self.t0_client_send)
                - (self.t2_server_send - self.t1_server_receive))

    @property
    def client_midpoint(self) -> float:
        """When (client clock) the offset was measured; drift is counted from here."""
        return (self.t0_client_send + self.t3_client_receive) / 2


def _quickest(samples: tuple[Sample, ...], best: int) -> tuple[Sample, ...]:
    """The ``best`` lowest-rtt samples; equal rtts keep arrival order (deterministic)."""
    return tuple(sorted(samples, key=lambda s: s.rtt)[:best])


@dataclass(frozen=True, slots=True)
class ClockEstimate:
    """One device's clock offset, rebuilt from its last ``window`` samples.

    Immutable: ``update`` returns a new estimate. ``offset``, ``one_way_delay``,
    ``error`` and ``max_error`` are derived from ``samples`` on construction.
    With no samples the device is not synced: offset and delay read 0.0 and both
    errors are infinite.
    """

    samples: tuple[Sample, ...] = ()
    window: int = DEFAULT_WINDOW
    best: int = DEFAULT_BEST
    drift_rate: float = DEFAULT_DRIFT_RATE
    offset: float = field(init=False)
    one_way_delay: float = field(init=False)
    error: float = field(init=False)
    max_error: float = field(init=False)

    def __post_init__(self) -> None:
        """Validate the settings and derive the figures once, so reads are cheap."""
        if self.window < 1 or not 1 <= self.best <= self.window:
            raise DomainError("clock_config_invalid", "时钟同步设置无效：需 1 ≤ 选用样本数 ≤ 窗口")
        if not (math.isfinite(self.drift_rate) and self.drift_rate >= 0):
            raise DomainError("clock_config_invalid", "时钟同步设置无效：漂移率必须是非负数")
        if len(self.samples) > self.window:
            raise DomainError("clock_config_invalid", "时钟同步设置无效：样本数超过窗口大小")
        offset, delay, error, max_error = _derive(self.samples, self.best)
        object.__setattr__(self, "offset", offset)
        object.__setattr__(self, "one_way_delay", delay)
        object.__setattr__(self, "error", error)
        object.__setattr__(self, "max_error", max_error)

    @property
    def synced(self) -> bool:
        """Whether any sample exists; without one, stamps cannot be mapped."""
        return bool(self.samples)

    def update(self, sample: Sample) -> ClockEstimate:
        """A new estimate with ``sample`` added and the oldest dropped past ``window``."""
        return replace(self, samples=(*self.samples, sample)[-self.window:])

    def to_server_time(self, client_stamp: float) -> float:
        """Map a phone stamp onto the server clock; refuses before the first sample."""
        if not self.synced:
            raise DomainError("clock_not_synced", "设备尚未完成时钟同步，无法换算时间")
        return client_stamp + self.offset

    def error_at(self, client_time: float) -> float:
        """``error`` grown by clock drift between the best samples and ``client_time``."""
        if not self.synced:
            return math.inf
        age = max(abs(client_time - s.client_midpoint) for s in _quickest(self.samples, self.best))
        return self.error + self.drift_rate * age


def _derive(samples: tuple[Sample, ...], best: int) -> tuple[float, float, float, float]:
    """(offset, one-way delay, error, max_error) from the quickest samples."""
    if not samples:
        return 0.0, 0.0, math.inf, math.inf
    quick = _quickest(samples, best)
    offsets = [s.offset for s in quick]
    spread = max(offsets) - min(offsets)
    min_rtt = quick[0].rtt
    max_error = min_rtt / 2 + spread
    error = max_error if len(samples) < best else min(spread + RESIDUAL_ERROR, max_error)
    return statistics.median(offsets), min_rtt / 2, error, max_error


@dataclass(frozen=True, slots=True)
class SyncCadence:
    """When the server pings a phone: a quick burst on (re)connect, then a slow steady beat.

    A burst gives ``best`` samples within about a second, so a phone can buzz
    fairly soon after joining; afterwards one tiny ping every 10–15 s keeps the
    window fresh against drift and route changes while costing almost no battery.
    """

    burst_size: int = 5
    burst_spacing: float = 0.2
    interval_min: float = 10.0
    interval_max: float = 15.0

    def __post_init__(self) -> None:
        """Refuse settings that would ping never or in a tight loop."""
        spacing_ok = 0 < self.burst_spacing <= self.interval_min <= self.interval_max
        if self.burst_size < 0 or not spacing_ok:
            raise DomainError("clock_config_invalid",
                              "同步节奏设置无效：需 0 < 突发间隔 ≤ 最短周期 ≤ 最长周期")


DEFAULT_CADENCE = SyncCadence()


def next_sync_delay(pings_since_connect: int, phase: float = 0.5,
                    cadence: SyncCadence = DEFAULT_CADENCE) -> float:
    """Seconds to wait before the next ping.

    ``pings_since_connect`` counts pings sent since the socket (re)connected, so a
    reconnect (maybe a new route) starts a new burst. ``phase`` in [0, 1] places
    the steady interval between min and max; pass a per-device random value so a
    room of phones does not ping in lockstep (this module never draws randomness).
    """
    if pings_since_connect < 0 or not 0.0 <= phase <= 1.0:
        raise DomainError("clock_config_invalid",
                          "同步节奏参数无效：次数不能为负，相位须在 0–1 之间")
    if pings_since_connect < cadence.burst_size:
        return cadence.burst_spacing
    return cadence.interval_min + phase * (cadence.interval_max - cadence.interval_min)
