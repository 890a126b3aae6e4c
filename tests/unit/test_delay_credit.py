"""Delay credit from server pings: what a phone can claim, bounded by the room it is in."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.core.errors import DomainError
from quizapp.core.fairbuzz.arbitration import Press, corrected_time
from quizapp.core.fairbuzz.clock_sync import ClockEstimate, Sample
from quizapp.core.fairbuzz.delay_credit import (
    JITTER_CAP,
    PRESS_TOLERANCE,
    ROOM_SLACK,
    WINDOW_CAP,
    WINDOW_FLOOR,
    collection_window,
    delay_credit,
    jitter,
    own_credit,
    room_delay,
)

delays = st.floats(min_value=0.0, max_value=0.5, allow_nan=False)
readings = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


def pinged(one_way: float, extra: list[float] | None = None, offset: float = 3.0) -> ClockEstimate:
    """An estimate from server pings over a symmetric link; ``extra`` adds each ping's delay."""
    est = ClockEstimate()
    for i, x in enumerate(extra or [0.0] * 6):
        sent = 100.0 + i
        est = est.update(Sample.from_server_ping(sent, sent + one_way + x / 2 - offset, sent + 2 * one_way + x))
    return est


@given(sent=st.floats(min_value=0, max_value=1e6), rtt=delays, reading=readings)
def test_a_server_ping_measures_the_round_trip_whatever_the_phone_answers(sent, rtt, reading):
    sample = Sample.from_server_ping(sent, reading, sent + rtt)
    assert sample.rtt == pytest.approx(rtt, abs=1e-6)
    assert sample.offset == pytest.approx(sent + rtt / 2 - reading, abs=1e-6)


def test_an_ack_before_the_ping_or_a_non_finite_reading_is_refused():
    with pytest.raises(DomainError):
        Sample.from_server_ping(10.0, 5.0, 9.9)
    with pytest.raises(DomainError):
        Sample.from_server_ping(10.0, math.nan, 10.1)


def test_server_pings_find_the_phones_offset_and_delay():
    est = pinged(0.040, offset=-2.5)
    assert est.offset == pytest.approx(-2.5) and est.one_way_delay == pytest.approx(0.040)
    assert jitter(est) == 0.0


def test_jitter_ignores_one_stalled_ping_but_credits_a_jittery_link():
    stalled = pinged(0.020, [0, 0, 0, 0, 0, 0, 0, 0.400])
    assert jitter(stalled) == 0.0
    jittery = pinged(0.020, [0.0, 0.010, 0.020, 0.030, 0.040, 0.005, 0.035, 0.015])
    assert jitter(jittery) == pytest.approx(0.0175)  # 90th percentile 35 ms, quickest 0
    assert jitter(pinged(0.02, [0, 0.2] * 4)) == JITTER_CAP


@given(own=st.lists(delays, min_size=1, max_size=8), room=st.one_of(st.none(), delays))
def test_credit_never_exceeds_the_phone_own_measurement_nor_the_room_bound(own, room):
    est = pinged(own[0], [x * 2 for x in own])
    c = delay_credit(est, room)
    assert c.credit <= own_credit(est) + 1e-12
    if room is not None:
        assert c.credit <= room + ROOM_SLACK + 1e-12
        assert c.outlier == (own_credit(est) > room + ROOM_SLACK)
    else:
        assert not c.outlier and c.credit == own_credit(est)


@given(honest=st.lists(delays, min_size=1, max_size=30), claim=delays)
def test_one_inflated_phone_cannot_lift_the_room_past_the_honest_phones(honest, claim):
    room = room_delay([*honest, claim])
    assert room is not None and room <= max(honest)
    assert collection_window(room) <= collection_window(max(honest))


@given(room=st.one_of(st.none(), delays))
def test_the_window_depends_on_the_room_only_and_stays_short(room):
    window = collection_window(room)
    assert WINDOW_FLOOR <= window <= WINDOW_CAP
    if room is not None and WINDOW_FLOOR <= room + ROOM_SLACK + PRESS_TOLERANCE <= WINDOW_CAP:
        assert window == pytest.approx(room + ROOM_SLACK + PRESS_TOLERANCE)


@given(true_delay=st.floats(min_value=0.001, max_value=0.05), inflate=st.floats(min_value=0, max_value=0.5),
       lie=st.floats(min_value=0, max_value=1.0), room=st.floats(min_value=0.001, max_value=0.05))
def test_a_phone_that_answers_late_gains_at_most_the_room_bound(true_delay, inflate, lie, room):
    """It answers every ping ``inflate`` late and stamps its press ``lie`` early."""
    est = pinged(true_delay, [inflate] * 6)
    credit = delay_credit(est, room)
    press_at, arrival = 50.0, 50.0 + true_delay
    press = Press("t1", "", "d", press_at - est.offset - lie, arrival, est.offset, credit.credit, 0.0)
    judged = corrected_time(press, 0.0, PRESS_TOLERANCE).time
    assert press_at - judged <= room + ROOM_SLACK + PRESS_TOLERANCE - true_delay + 1e-9


@given(true_delay=st.floats(min_value=0.001, max_value=0.2), wobble=st.floats(min_value=0, max_value=0.02))
def test_an_honest_press_within_its_measured_jitter_is_not_clamped(true_delay, wobble):
    """Its uplink this time was ``wobble`` slower than its quickest ping."""
    est = pinged(true_delay, [0.0, 2 * wobble] * 4)
    credit = delay_credit(est, room_delay([own_credit(est)]))
    press = Press("t1", "", "d", 50.0 - est.offset, 50.0 + true_delay + wobble, est.offset, credit.credit, 0.0)
    assert not corrected_time(press, 0.0, PRESS_TOLERANCE).clamped
