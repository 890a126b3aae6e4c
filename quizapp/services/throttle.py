"""In-memory limits on guessing and flooding: lockouts after failures, and rate buckets.

Both keep at most ``capacity`` keys and drop the least recently touched one
when full, so a flood of made-up addresses or ids cannot grow memory without
bound. They are per process: a second server process keeps its own counts,
which only loosens the limits by that factor.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from ..core.errors import DomainError


def wait_text(seconds: float) -> str:
    """"30 秒" / "2 分钟" for a message a person reads."""
    seconds = max(1, math.ceil(seconds))
    return f"{seconds} 秒" if seconds < 120 else f"{math.ceil(seconds / 60)} 分钟"


@dataclass
class _Record:
    failures: int = 0  # since the last lockout (or success)
    lockouts: int = 0  # how many times locked: each lockout doubles the next one
    until: float = 0.0  # locked until this clock reading
    total: int = 0  # every failure ever, for the host's display


class Lockout:
    """After ``limit`` failures a key is locked for ``base`` seconds, doubling each time (up to ``longest``)."""

    def __init__(self, limit: int = 5, base: float = 30.0, longest: float = 3600.0, capacity: int = 10_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.base, self.longest, self.capacity, self.clock = limit, base, longest, capacity, clock
        self._records: OrderedDict[str, _Record] = OrderedDict()
        self._guard = threading.Lock()

    def _get(self, key: str) -> _Record:
        record = self._records.get(key)
        if record is None:
            record = self._records[key] = _Record()
            while len(self._records) > self.capacity:
                self._records.popitem(last=False)
        self._records.move_to_end(key)
        return record

    def remaining(self, key: str) -> float:
        """Seconds ``key`` stays locked (0 when it may try)."""
        with self._guard:
            record = self._records.get(key)
            return max(0.0, record.until - self.clock()) if record else 0.0

    def check(self, *keys: str, message: str = "尝试次数过多") -> None:
        """Raise ``locked_out`` (saying how long to wait) when any key is locked."""
        wait = max((self.remaining(k) for k in keys), default=0.0)
        if wait > 0:
            raise DomainError("locked_out", f"{message}，请 {wait_text(wait)}后再试")

    def fail(self, *keys: str) -> None:
        """Count one failure against every key; lock the ones that reach the limit."""
        now = self.clock()
        with self._guard:
            for key in keys:
                record = self._get(key)
                record.failures += 1
                record.total += 1
                if record.failures >= self.limit:
                    record.until = now + min(self.longest, self.base * 2 ** record.lockouts)
                    record.lockouts += 1
                    record.failures = 0

    def succeed(self, *keys: str) -> None:
        """A success clears the pending count of these keys (the total stays for the host)."""
        with self._guard:
            for key in keys:
                record = self._records.get(key)
                if record is not None:
                    record.failures, record.lockouts = 0, 0

    def totals(self, prefix: str) -> dict[str, int]:
        """Failures ever counted for keys starting with ``prefix`` (suffix -> count)."""
        with self._guard:
            return {k[len(prefix):]: r.total for k, r in self._records.items() if k.startswith(prefix) and r.total}


class Buckets:
    """Token buckets: each key may spend ``burst`` at once and regains ``rate`` per second."""

    def __init__(self, rate: float, burst: float, capacity: int = 10_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.rate, self.burst, self.capacity, self.clock = rate, burst, capacity, clock
        self._levels: OrderedDict[str, tuple[float, float]] = OrderedDict()  # key -> (tokens, when)
        self._guard = threading.Lock()

    def take(self, key: str, message: str = "操作太频繁") -> None:
        """Spend one token of ``key`` or raise ``rate_limited``."""
        now = self.clock()
        with self._guard:
            tokens, when = self._levels.pop(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - when) * self.rate)
            allowed = tokens >= 1
            self._levels[key] = (tokens - 1 if allowed else tokens, now)
            while len(self._levels) > self.capacity:
                self._levels.popitem(last=False)
        if not allowed:
            raise DomainError("rate_limited", f"{message}，请稍后再试")

    def __len__(self) -> int:
        return len(self._levels)
