"""A phone that reconnects within a minute keeps its clock estimate and is pinged twice, not six times."""

from __future__ import annotations

from quizapp.live.fairbuzz import RESUME_WITHIN, Clocks


def synced(clocks: Clocks, sid: str) -> None:
    """Answer the connect burst (six pings) as a phone 20 ms away whose clock is 5 s behind."""
    for t in (0.0, 0.2, 0.4, 0.6, 0.8, 1.0):
        for _sid, ping_id, at in clocks.due(t):
            clocks.answer(sid, ping_id, {"t": at + 0.02 - 5.0}, at + 0.04)


def pings(clocks: Clocks, start: float, seconds: float = 5.0) -> int:
    return sum(len(clocks.due(start + i * 0.05)) for i in range(int(seconds / 0.05)))


def test_a_device_back_within_a_minute_keeps_its_estimate_and_skips_the_burst():
    clocks = Clocks()
    clocks.track("s1", "c1", "d1", now=0.0)
    synced(clocks, "s1")
    before = clocks.get("s1")
    assert before.synced
    clocks.forget("s1", now=2.0)
    clocks.track("s2", "c1", "d1", now=10.0)
    assert clocks.get("s2") == before  # buzz credit from the first press after the reconnect
    assert pings(clocks, 10.0) == 2
    clocks.track("s3", "c1", "d2", now=10.0)  # another device starts afresh
    assert not clocks.get("s3").synced and pings(clocks, 10.0) == 6


def test_after_a_minute_or_in_another_contest_the_burst_comes_back():
    clocks = Clocks()
    clocks.track("s1", "c1", "d1", now=0.0)
    synced(clocks, "s1")
    clocks.forget("s1", now=2.0)
    clocks.track("s2", "c1", "d1", now=2.0 + RESUME_WITHIN)
    assert not clocks.get("s2").synced and pings(clocks, 2.0 + RESUME_WITHIN) == 6
    clocks.forget("s2", now=100.0)  # never synced: nothing rests
    clocks.track("s3", "c2", "d1", now=101.0)
    assert not clocks.get("s3").synced
