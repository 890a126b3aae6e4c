"""Server-originated clock pings: schedule, bounded memory, and what a phone's ack can change."""

from __future__ import annotations

import random

import pytest

from quizapp.core.quiz.commands import Buzz
from quizapp.live import clock_pings
from quizapp.live.fairbuzz import MAX_PENDING, Clocks, buzz_command
from tests.kit import contest


class FakeSocketIO:
    """Records emits; the test answers the acks itself."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict, str, object]] = []

    def emit(self, event, payload, to, callback):
        self.sent.append((event, payload, to, callback))


class FakeHub:
    def __init__(self) -> None:
        self.clocks = Clocks(rng=random.Random(1))
        self.socketio = FakeSocketIO()
        self.changed: list[str] = []

    def presence_changed(self, contest_id: str) -> None:
        self.changed.append(contest_id)


def test_a_burst_after_connect_then_a_slow_beat():
    clocks = Clocks(rng=random.Random(3))
    clocks.track("s1", "c1", "d1", now=0.0)
    times, now = [], 0.0
    while now < 40:
        if clocks.due(now):
            times.append(round(now, 3))
        now += 0.025
    burst = [t for t in times if t < 1.5]
    assert len(burst) == 6 and all(0.15 <= b - a <= 0.2 for a, b in zip(burst, burst[1:], strict=False))
    steady = [b - a for a, b in zip(times[5:], times[6:], strict=False)]
    assert steady and all(10 <= gap <= 15.05 for gap in steady)


def test_unanswered_pings_are_bounded_and_everything_is_forgotten_on_disconnect():
    clocks = Clocks()
    clocks.track("s1", "c1", "d1", now=0.0)
    ids = [clocks.due(t)[0][1] for t in (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)]
    assert clocks.answer("s1", ids[0], {"t": 1.0}, 1.1) is None  # dropped: only MAX_PENDING kept
    assert clocks.answer("s1", ids[-1], {"t": 1.0}, 1.01) is not None
    assert len(clocks._links["s1"].pending) <= MAX_PENDING
    clocks.forget("s1")
    assert clocks.get("s1") is None and clocks.due(100.0) == []
    assert clocks.answer("s1", ids[-2], {"t": 1.0}, 1.2) is None


@pytest.mark.parametrize("reply", [None, {}, {"t": "soon"}, {"t": float("nan")}, {"t": True}, [1, 2]])
def test_a_malformed_ack_changes_nothing(reply):
    clocks = Clocks()
    clocks.track("s1", "c1", "d1", now=0.0)
    (_sid, ping_id, _at), = clocks.due(0.0)
    assert clocks.answer("s1", ping_id, reply, 0.01) is None
    assert not clocks.get("s1").synced


def test_a_repeated_ack_is_counted_once_and_the_round_trip_is_the_servers():
    clocks = Clocks()
    clocks.track("s1", "c1", "d1", now=0.0)
    (_sid, ping_id, _at), = clocks.due(10.0)
    clocks.answer("s1", ping_id, {"t": 500.0}, 10.04)
    assert clocks.answer("s1", ping_id, {"t": 400.0}, 10.05) is None
    est = clocks.get("s1")
    assert len(est.samples) == 1 and est.one_way_delay == pytest.approx(0.02)
    assert est.offset == pytest.approx(10.02 - 500.0)


def test_tick_emits_to_one_socket_and_an_outlier_flag_reaches_the_host():
    hub = FakeHub()
    for n in range(4):
        hub.clocks.track(f"s{n}", "c1", f"d{n}", now=0.0)
    now, arrival = 0.0, [0.0]
    for _ in range(8):
        clock_pings.tick(hub, now, clock=lambda: arrival[0])
        for event, payload, sid, callback in hub.socketio.sent:
            assert event == "clock_ping" and sid.startswith("s")
            arrival[0] = payload["s"] + 0.002 + (0.3 if sid == "s3" else 0.0)  # s3 answers late
            callback({"t": payload["s"] + 0.001})
        hub.socketio.sent.clear()
        now += 0.2
    status = hub.clocks.status("c1")
    assert status["d3"]["delay_outlier"] and not status["d0"]["delay_outlier"]
    assert status["d3"]["credit_ms"] <= status["d0"]["delay_ms"] + 30 + 0.1
    assert "c1" in hub.changed


def _buzz_state():
    lg = contest({"kind": "buzz", "settings": {}}, teams=3)
    from quizapp.core.quiz import commands as c

    lg.execute(c.StartRound(), 0)
    lg.execute(c.ShowQuestion(), 1)
    lg.execute(c.OpenBuzzers(), 2)
    return lg.state


def test_a_phone_that_never_answers_still_waits_for_the_rooms_window():
    state = _buzz_state()
    silent = buzz_command(state, "t1", "甲", "d1", 1.0, None, 3.0, [0.01, 0.02, 0.015])
    assert isinstance(silent, Buzz) and silent.corrected is None and silent.window > 0
    assert buzz_command(state, "t1", "甲", "d1", 1.0, None, 3.0, []).window == 0  # nobody synced
