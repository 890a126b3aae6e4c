"""Clock offset estimation: concrete numbers first, then properties and a seeded simulation."""

from __future__ import annotations

import math
import random
import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.core.errors import DomainError
from quizapp.core.fairbuzz.clock_sync import (
    DEFAULT_CADENCE,
    RESIDUAL_ERROR,
    ClockEstimate,
    Sample,
    SyncCadence,
    next_sync_delay,
)

SLACK = 1e-9  # float rounding on times of ~1e3 s is ~1e-13; this is far above it


def exchange(theta: float, up: float, down: float, at: float = 1000.0,
             hold: float = 0.001) -> Sample:
    """A ping whose server clock runs ``theta`` ahead of the client, with given wire delays.

    ``at`` is the server time the ping leaves the phone.
    """
    t1 = at + up
    t2 = t1 + hold
    return Sample(at - theta, t1, t2, t2 + down - theta)


def estimate_of(samples: list[Sample], window: int = 16, best: int = 3) -> ClockEstimate:
    """Feed samples one by one, as a live server would."""
    est = ClockEstimate(window=window, best=best)
    for s in samples:
        est = est.update(s)
    return est


# --- Sample -------------------------------------------------------------------------------


def test_sample_offset_and_rtt_from_the_four_stamps() -> None:
    s = Sample(100.000, 105.020, 105.021, 100.041)
    assert s.offset == pytest.approx(5.000, abs=1e-12)
    assert s.rtt == pytest.approx(0.040, abs=1e-12)
    assert s.client_midpoint == pytest.approx(100.0205)


def test_asymmetric_path_biases_offset_by_half_the_difference_within_half_rtt() -> None:
    s = exchange(theta=5.0, up=0.030, down=0.010, hold=0.0)
    assert s.offset == pytest.approx(5.010, abs=1e-12)
    assert s.rtt == pytest.approx(0.040, abs=1e-12)
    assert abs(s.offset - 5.0) <= s.rtt / 2 + SLACK


@pytest.mark.parametrize(
    "stamps",
    [
        (10.0, 20.0, 20.001, 9.999),  # reply received before the request was sent
        (10.0, 20.0, 19.999, 10.050),  # server replied before it received
        (0.0, 10.0, 10.5, 0.2),  # client saw 0.2 s but the server held it 0.5 s: rtt < 0
        (0.0, 10.0, 10.0021, 0.001),  # rtt −1.1 ms: more than stamp rounding explains
        (math.nan, 1.0, 1.0, 2.0),
        (0.0, math.inf, math.inf, 2.0),
    ],
)
def test_absurd_samples_are_refused(stamps: tuple[float, float, float, float]) -> None:
    with pytest.raises(DomainError) as exc:
        Sample(*stamps)
    assert exc.value.code == "clock_sample_invalid"


def test_zero_rtt_sample_is_accepted() -> None:
    assert Sample(1.0, 3.0, 3.0, 1.0).rtt == 0.0


def test_millisecond_stamps_around_a_longer_server_hold_count_as_zero_rtt() -> None:
    s = Sample(1.000, 3.0000, 3.0004, 1.000)  # browser saw 0 ms, server held 0.4 ms
    assert s.rtt == 0.0
    assert s.offset == pytest.approx(2.0002)


# --- ClockEstimate ---------------------------------------------------------------------------


def test_empty_estimate_is_not_synced_and_claims_nothing() -> None:
    est = ClockEstimate()
    assert not est.synced
    assert est.error == math.inf and est.max_error == math.inf
    assert est.error_at(5.0) == math.inf
    with pytest.raises(DomainError) as exc:
        est.to_server_time(1.0)
    assert exc.value.code == "clock_not_synced"


def test_single_sample_gives_its_offset_and_only_the_certain_bound() -> None:
    est = ClockEstimate().update(exchange(theta=2.5, up=0.030, down=0.010))
    assert est.synced
    assert est.offset == pytest.approx(2.51)
    assert est.one_way_delay == pytest.approx(0.020)
    assert est.max_error == pytest.approx(0.020)
    assert est.error == est.max_error  # fewer than `best` samples: no symmetry assumed yet


def test_offset_is_median_of_the_three_quickest_and_ignores_a_slow_biased_one() -> None:
    theta = 2.5
    samples = [
        exchange(theta, 0.010, 0.010, at=1.0),  # rtt .020, offset θ
        exchange(theta, 0.200, 0.010, at=2.0),  # rtt .210, offset θ + .095 (queued upstream)
        exchange(theta, 0.012, 0.010, at=3.0),  # rtt .022, offset θ + .001
        exchange(theta, 0.010, 0.020, at=4.0),  # rtt .030, offset θ − .005 (4th quickest)
        exchange(theta, 0.010, 0.013, at=5.0),  # rtt .023, offset θ − .0015
    ]
    est = estimate_of(samples)
    assert est.offset == pytest.approx(theta, abs=1e-9)
    assert est.one_way_delay == pytest.approx(0.010)
    assert est.max_error == pytest.approx(0.010 + 0.0025)
    assert est.error == pytest.approx(0.0025 + RESIDUAL_ERROR)
    assert statistics.mean(s.offset for s in samples) > theta + 0.015  # a plain mean is fooled
    assert est.to_server_time(100.0) == pytest.approx(102.5)


def test_error_never_exceeds_the_certain_bound_on_a_very_fast_lan() -> None:
    est = estimate_of([exchange(1.0, 0.0004, 0.0004, at=float(i)) for i in range(5)])
    assert est.max_error == pytest.approx(0.0004)
    assert est.error == est.max_error < RESIDUAL_ERROR


def test_error_tightens_once_best_many_samples_exist() -> None:
    samples = [exchange(0.0, 0.050, 0.050, at=float(i)) for i in range(3)]
    assert estimate_of(samples[:2]).error == pytest.approx(0.050)
    assert estimate_of(samples).error == pytest.approx(RESIDUAL_ERROR)


def test_window_keeps_only_the_last_n_and_a_quick_old_sample_ages_out() -> None:
    quick = exchange(7.0, 0.001, 0.001, at=0.0)
    slow = [exchange(7.0, 0.040, 0.020, at=float(i)) for i in range(1, 17)]
    est = estimate_of([quick, *slow])
    assert len(est.samples) == 16
    assert est.samples == tuple(slow)
    assert est.one_way_delay == pytest.approx(0.030)
    assert est.offset == pytest.approx(7.010)


def test_update_returns_a_new_value_and_leaves_the_old_one_alone() -> None:
    first = ClockEstimate().update(exchange(1.0, 0.01, 0.01))
    second = first.update(exchange(1.0, 0.02, 0.02, at=2000.0))
    assert len(first.samples) == 1 and len(second.samples) == 2
    assert first.one_way_delay == pytest.approx(0.01)


def test_equal_rtts_pick_the_earlier_sample_deterministically() -> None:
    a = exchange(1.0, 0.010, 0.010, at=1.0)  # offset 1.0
    b = exchange(1.0, 0.015, 0.005, at=2.0)  # same rtt, offset 1.005
    assert estimate_of([a, b], best=1).offset == pytest.approx(1.0)
    assert estimate_of([b, a], best=1).offset == pytest.approx(1.005)


def test_error_at_grows_with_drift_away_from_the_samples() -> None:
    est = estimate_of([exchange(0.0, 0.01, 0.01, at=float(i)) for i in range(3)])
    mids = [s.client_midpoint for s in est.samples]
    assert est.error_at(mids[0]) == pytest.approx(est.error + 20e-6 * (mids[2] - mids[0]))
    assert est.error_at(mids[2] + 100.0) == pytest.approx(est.error + 20e-6 * 102.0, abs=1e-9)
    assert est.error_at(mids[0] - 50.0) > est.error


@pytest.mark.parametrize(
    "kwargs",
    [{"window": 0}, {"best": 0}, {"window": 4, "best": 5}, {"drift_rate": -1e-6},
     {"drift_rate": math.nan}],
)
def test_bad_settings_are_refused(kwargs: dict[str, float]) -> None:
    with pytest.raises(DomainError) as exc:
        ClockEstimate(**kwargs)  # type: ignore[arg-type]
    assert exc.value.code == "clock_config_invalid"


def test_more_samples_than_the_window_are_refused() -> None:
    with pytest.raises(DomainError):
        ClockEstimate(samples=tuple(exchange(0.0, 0.01, 0.01, at=float(i)) for i in range(3)),
                      window=2, best=1)


# --- cadence ------------------------------------------------------------------------------------


def test_cadence_bursts_then_settles_to_a_slow_beat() -> None:
    delays = [next_sync_delay(n) for n in range(8)]
    assert delays[:5] == [0.2] * 5
    assert delays[5:] == [12.5] * 3
    assert sum(delays[:5]) <= 1.0  # a joining phone is synced within about a second


def test_cadence_phase_spreads_phones_between_10_and_15_seconds() -> None:
    assert next_sync_delay(9, phase=0.0) == 10.0
    assert next_sync_delay(9, phase=1.0) == 15.0
    assert DEFAULT_CADENCE.burst_size >= 3  # a burst must fill the `best` samples


def test_custom_cadence_and_a_reconnect_starts_a_new_burst() -> None:
    cadence = SyncCadence(burst_size=2, burst_spacing=0.5, interval_min=20.0, interval_max=20.0)
    assert [next_sync_delay(n, cadence=cadence) for n in (0, 1, 2)] == [0.5, 0.5, 20.0]
    assert next_sync_delay(0, cadence=cadence) == 0.5


@pytest.mark.parametrize("args", [(-1, 0.5), (3, -0.1), (3, 1.5), (3, math.nan)])
def test_cadence_refuses_bad_arguments(args: tuple[int, float]) -> None:
    with pytest.raises(DomainError):
        next_sync_delay(*args)


@pytest.mark.parametrize(
    "kwargs",
    [{"burst_spacing": 0.0}, {"interval_min": 16.0}, {"burst_spacing": 11.0}, {"burst_size": -1}],
)
def test_cadence_refuses_bad_settings(kwargs: dict[str, float]) -> None:
    with pytest.raises(DomainError):
        SyncCadence(**kwargs)  # type: ignore[arg-type]


# --- properties --------------------------------------------------------------------------------

thetas = st.floats(-1000.0, 1000.0)
delays = st.floats(0.0, 0.2)
jitters = st.floats(0.0, 0.1)


@given(theta=thetas, legs=st.lists(st.tuples(delays, delays, st.floats(0.0, 0.01)),
                                   min_size=1, max_size=24))
def test_max_error_holds_whatever_the_paths(
    theta: float, legs: list[tuple[float, float, float]]
) -> None:
    samples = [exchange(theta, up, down, at=10.0 * i, hold=hold)
               for i, (up, down, hold) in enumerate(legs)]
    est = estimate_of(samples)
    assert abs(est.offset - theta) <= est.max_error + SLACK
    assert est.error <= est.max_error


@given(
    theta=thetas,
    base=delays,
    noisy=st.lists(st.tuples(jitters, jitters), min_size=0, max_size=15),
    quiet=st.tuples(st.floats(0.0, 2 * RESIDUAL_ERROR), st.floats(0.0, 1.0)),
    where=st.integers(0, 15),
)
def test_offset_is_within_error_under_symmetric_paths_with_one_quiet_exchange(
    theta: float, base: float, noisy: list[tuple[float, float]],
    quiet: tuple[float, float], where: int,
) -> None:
    """Same base delay both ways, any queueing, and one exchange (excess ≤ 2·residual)
    that was nearly clean: the premise of min-delay filtering."""
    excess, share = quiet
    legs = list(noisy)
    legs.insert(min(where, len(legs)), (excess * share, excess * (1 - share)))
    samples = [exchange(theta, base + ju, base + jd, at=10.0 * i)
               for i, (ju, jd) in enumerate(legs)]
    est = estimate_of(samples)
    assert abs(est.offset - theta) <= est.error + SLACK
    assert est.one_way_delay >= base - SLACK


@given(stream=st.lists(st.tuples(delays, delays), min_size=1, max_size=40))
def test_estimate_depends_only_on_the_last_window(stream: list[tuple[float, float]]) -> None:
    samples = [exchange(3.0, up, down, at=5.0 * i) for i, (up, down) in enumerate(stream)]
    assert estimate_of(samples) == estimate_of(samples[-16:])


def _sync_device(rng: random.Random, theta: float, base: float, count: int) -> ClockEstimate:
    """Pings every 12 s over a path of fixed delay plus exponential queueing both ways."""
    est = ClockEstimate()
    for i in range(count):
        up = base + rng.expovariate(1 / 0.010)
        down = base + rng.expovariate(1 / 0.010)
        est = est.update(exchange(theta, up, down, at=12.0 * i))
    return est


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_offset_converges_as_samples_accumulate(seed: int) -> None:
    """Seeded: with symmetric exponential jitter (mean 10 ms each way) and no guaranteed
    quiet exchange, 16 samples beat 1 and the error covers the truth nearly always."""
    rng = random.Random(seed)
    one: list[float] = []
    full: list[float] = []
    covered = 0
    trials = 300
    for _ in range(trials):
        theta, base = rng.uniform(-500, 500), rng.uniform(0.005, 0.2)
        one.append(abs(_sync_device(rng, theta, base, 1).offset - theta))
        est = _sync_device(rng, theta, base, 16)
        full.append(abs(est.offset - theta))
        covered += abs(est.offset - theta) <= est.error
    assert statistics.mean(full) < statistics.mean(one) / 2
    assert covered >= 0.95 * trials
    assert max(full) < 0.020
