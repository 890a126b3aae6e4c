"""Buzz arbitration: concrete races first, then properties and a seeded room simulation."""

from __future__ import annotations

import math
import random
from typing import cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.core.errors import DomainError
from quizapp.core.fairbuzz.arbitration import (
    DEFAULT_TOLERANCE,
    MAX_DELAY_CREDIT,
    Decision,
    Mode,
    Press,
    TieRule,
    arbitrate,
    arrival_only_press,
    closes_at,
    collection_window,
    corrected_time,
    press_from_estimate,
    tie_margin,
)
from quizapp.core.fairbuzz.clock_sync import RESIDUAL_ERROR, ClockEstimate, Sample

TOL = DEFAULT_TOLERANCE
SLACK = 1e-9


def honest(team: str, pressed_at: float, delay: float, *, jitter: float = 0.0,
           offset: float = 0.0, error: float = 0.002, member: str = "m",
           device: str | None = None) -> Press:
    """A truthful phone whose clock estimate is exact; ``pressed_at`` is on the server clock."""
    return Press(team, member, device or f"dev-{team}", client_stamp=pressed_at - offset,
                 arrival=pressed_at + delay + jitter, est_offset=offset,
                 est_one_way_delay=delay, est_error=error)


def teams(decision: Decision) -> list[str]:
    return [r.team_id for r in decision.ranking]


# --- Press and corrected_time ---------------------------------------------------------------


def test_honest_press_is_judged_at_its_stamp_on_the_server_clock() -> None:
    p = Press("A", "m", "d", client_stamp=99.0, arrival=100.150, est_offset=1.0,
              est_one_way_delay=0.150, est_error=0.002)
    c = corrected_time(p, opened_at=99.5, tolerance=0.020)
    assert c.time == pytest.approx(100.0)
    assert not c.clamped and not c.false_start


def test_a_stamp_claiming_too_early_is_clamped_to_arrival_minus_delay_minus_tolerance() -> None:
    p = Press("A", "m", "d", client_stamp=90.0, arrival=100.150, est_offset=1.0,
              est_one_way_delay=0.150, est_error=0.002)
    c = corrected_time(p, opened_at=99.5, tolerance=0.020)
    assert c.time == pytest.approx(99.980)
    assert c.clamped and not c.false_start


def test_a_stamp_after_its_own_arrival_is_clamped_to_arrival() -> None:
    p = Press("A", "m", "d", client_stamp=100.3, arrival=100.150, est_offset=0.0,
              est_one_way_delay=0.150, est_error=0.002)
    c = corrected_time(p, opened_at=99.5, tolerance=0.020)
    assert c.time == 100.150 and c.clamped


def test_false_start_is_judged_on_corrected_time_not_arrival() -> None:
    p = honest("A", pressed_at=100.000, delay=0.150)  # arrives 100.150, after the open
    c = corrected_time(p, opened_at=100.050, tolerance=0.020)
    assert c.false_start and not c.clamped


def test_claimed_delay_earns_at_most_max_credit() -> None:
    p = Press("A", "m", "d", client_stamp=0.0, arrival=101.0, est_offset=0.0,
              est_one_way_delay=1.0, est_error=0.002)
    c = corrected_time(p, opened_at=0.0, tolerance=0.020)
    assert c.time == pytest.approx(101.0 - MAX_DELAY_CREDIT - 0.020)
    assert corrected_time(p, 0.0, 0.020, max_credit=1.0).time == pytest.approx(99.98)


@pytest.mark.parametrize(
    "fields",
    [
        {"client_stamp": math.nan},
        {"arrival": math.inf},
        {"est_offset": -math.inf},
        {"est_one_way_delay": -0.001},
        {"est_error": -0.001},
    ],
)
def test_press_with_meaningless_numbers_is_refused(fields: dict[str, float]) -> None:
    base = {"client_stamp": 1.0, "arrival": 1.0, "est_offset": 0.0,
            "est_one_way_delay": 0.0, "est_error": 0.0}
    with pytest.raises(DomainError) as exc:
        Press("A", "m", "d", **(base | fields))
    assert exc.value.code == "press_invalid"


@pytest.mark.parametrize(
    "args", [(0.0, -0.001), (math.nan, 0.02), (0.0, math.inf)]
)
def test_corrected_time_refuses_bad_opened_at_or_tolerance(args: tuple[float, float]) -> None:
    with pytest.raises(DomainError) as exc:
        corrected_time(honest("A", 1.0, 0.01), *args)
    assert exc.value.code == "arbitration_invalid"


def test_arrival_only_press_is_judged_at_arrival_with_no_credit() -> None:
    p = arrival_only_press("A", "m", "d", arrival=5.0)
    assert corrected_time(p, 0.0, 0.020).time == 5.0
    assert p.est_error == 0.0


def test_press_from_estimate_uses_the_estimate_or_falls_back_to_arrival() -> None:
    est = ClockEstimate()
    unsynced = press_from_estimate("A", "m", "d", 3.0, 5.0, est)
    assert unsynced == arrival_only_press("A", "m", "d", 5.0)
    for i in range(3):
        est = est.update(Sample(10.0 * i, 10.0 * i + 100.03, 10.0 * i + 100.031,
                                10.0 * i + 0.061))
    p = press_from_estimate("A", "m", "d", 30.0, 130.05, est)
    assert p.est_offset == est.offset == pytest.approx(100.0)
    assert p.est_one_way_delay == pytest.approx(0.030)
    assert p.est_error == est.error_at(30.0) > est.error


def test_tie_margin_is_the_sum_of_both_errors() -> None:
    assert tie_margin(honest("A", 0, 0, error=0.003), honest("B", 0, 0, error=0.004)) == \
        pytest.approx(0.007)


# --- collection window ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("delays", "expected"),
    [
        ([], 0.030),  # nobody measured: the floor
        ([0.050, 0.050], 0.030),  # equal delays: margin 20 ms < floor
        ([0.010, 0.060, 0.030], 0.070),  # spread 50 ms + margin 20 ms
        ([0.005, 0.200], 0.150),  # spread 195 ms: capped
    ],
)
def test_collection_window_follows_the_delay_spread(delays: list[float], expected: float) -> None:
    assert collection_window(delays) == pytest.approx(expected)


def test_collection_window_custom_bounds_and_bad_input() -> None:
    assert collection_window([0.0, 0.5], floor=0.0, cap=1.0, margin=0.0) == pytest.approx(0.5)
    for bad in ([-0.01], [math.nan]):
        with pytest.raises(DomainError):
            collection_window(bad)
    with pytest.raises(DomainError):
        collection_window([], floor=0.2, cap=0.1)


def test_closes_at_is_first_valid_arrival_plus_window() -> None:
    early = honest("A", pressed_at=9.9, delay=0.15)  # false start, arrives 10.05
    good = honest("B", pressed_at=10.0, delay=0.10)  # arrives 10.10
    assert closes_at([early, good], 0.07, opened_at=10.0) == pytest.approx(10.17)
    assert closes_at([early, good], 0.07, opened_at=10.0, mode="arrival") == pytest.approx(10.12)
    assert closes_at([], 0.07, opened_at=10.0) is None
    with pytest.raises(DomainError):
        closes_at([good], -1.0, opened_at=10.0)


# --- arbitrate: concrete races ---------------------------------------------------------------


def test_slow_wifi_team_that_pressed_first_wins_only_when_compensated() -> None:
    slow = honest("A", pressed_at=10.000, delay=0.150)  # arrives 10.150
    fast = honest("B", pressed_at=10.050, delay=0.010)  # arrives 10.060
    by_arrival = arbitrate([slow, fast], "arrival", opened_at=9.0)
    assert by_arrival.winner == "B" and teams(by_arrival) == ["B", "A"]
    assert [r.gap for r in by_arrival.ranking] == pytest.approx([0.0, 0.090])

    fair = arbitrate([slow, fast], opened_at=9.0)
    assert fair.mode == "compensated"
    assert fair.winner == "A" and teams(fair) == ["A", "B"] and not fair.tie
    first, second = fair.ranking
    assert (first.corrected, first.arrival) == pytest.approx((10.000, 10.150))
    assert second.gap == pytest.approx(0.050)
    assert not first.clamped and not first.tie and not second.tie


def test_only_each_teams_earliest_press_counts() -> None:
    a1 = honest("A", 10.00, 0.05, member="x", device="d1")
    a2 = honest("A", 10.02, 0.01, member="y", device="d2")  # same team, later, arrives first
    b = honest("B", 10.01, 0.05)
    d = arbitrate([a2, b, a1], opened_at=9.0)
    assert teams(d) == ["A", "B"]
    assert d.ranking[0].press == a1


def test_tie_within_combined_error_goes_to_rebuzz_naming_the_tied_teams() -> None:
    a = honest("A", 10.000, 0.100, error=0.004)
    b = honest("B", 10.006, 0.020, error=0.003)  # 6 ms later, margin 7 ms
    c = honest("C", 10.100, 0.020)
    d = arbitrate([c, b, a], opened_at=9.0, tie_rule="rebuzz")
    assert d.winner is None and d.tie
    assert d.tied_teams == ("A", "B")
    assert teams(d) == ["A", "B", "C"]
    assert [r.tie for r in d.ranking] == [True, True, False]


def test_tie_settled_by_arrival_is_still_flagged_as_a_tie() -> None:
    a = honest("A", 10.000, 0.100, error=0.004)  # arrives 10.100
    b = honest("B", 10.006, 0.020, error=0.003)  # arrives 10.026
    d = arbitrate([a, b], opened_at=9.0, tie_rule="arrival")
    assert d.winner == "B" and d.tie and d.tied_teams == ("A", "B")
    assert teams(d) == ["B", "A"]
    assert [r.gap for r in d.ranking] == pytest.approx([0.006, 0.0])
    assert all(r.tie for r in d.ranking)


def test_gap_exactly_at_the_margin_is_a_tie_and_just_beyond_is_not() -> None:
    a = honest("A", 0.5, 0.0, error=0.0625)
    at_margin = honest("B", 0.625, 0.0, error=0.0625)
    beyond = honest("B", 0.625 + 2**-20, 0.0, error=0.0625)
    assert arbitrate([a, at_margin], opened_at=0.0, tie_rule="rebuzz").tie
    d = arbitrate([a, beyond], opened_at=0.0, tie_rule="rebuzz")
    assert not d.tie and d.winner == "A"


def test_tie_group_holds_everyone_the_clocks_cannot_put_after_the_leader() -> None:
    lead = honest("L", 10.000, 0.05, error=0.001)
    sure = honest("X", 10.003, 0.05, error=0.0005)  # 3 ms > 1.5 ms margin: surely after
    vague = honest("Y", 10.004, 0.05, error=0.010)  # 4 ms < 11 ms margin: could be first
    d = arbitrate([vague, sure, lead], opened_at=9.0, tie_rule="rebuzz")
    assert d.tied_teams == ("L", "Y")
    assert [r.tie for r in d.ranking] == [True, False, True]


def test_false_start_is_reported_and_a_later_valid_press_still_counts() -> None:
    jumped = honest("A", 9.980, 0.010)  # 20 ms before the open
    again = honest("A", 10.030, 0.010, member="n")
    b = honest("B", 10.050, 0.010)
    d = arbitrate([b, again, jumped], opened_at=10.0)
    assert d.winner == "A" and d.ranking[0].press == again
    assert [r.team_id for r in d.false_starts] == ["A"]
    assert d.false_starts[0].gap == pytest.approx(-0.020)


def test_lockout_bars_a_team_that_jumped_the_gun() -> None:
    jumped = honest("A", 9.980, 0.010)
    again = honest("A", 10.030, 0.010, member="n")
    b = honest("B", 10.050, 0.010)
    d = arbitrate([jumped, again, b], opened_at=10.0, lockout=True)
    assert d.winner == "B" and teams(d) == ["B"]


def test_arrival_mode_judges_false_starts_and_order_by_arrival_alone() -> None:
    early_stamp = honest("A", 9.900, 0.200, error=0.5)  # corrected before open, arrives 10.1
    b = honest("B", 10.050, 0.060)  # arrives 10.110
    d = arbitrate([b, early_stamp], "arrival", opened_at=10.0)
    assert teams(d) == ["A", "B"] and d.false_starts == ()
    assert not d.tie  # huge errors do not matter: arrival stamps are the server's own


def test_nobody_pressed_or_only_false_starts_gives_no_winner() -> None:
    empty = arbitrate([], opened_at=0.0)
    assert empty.winner is None and empty.ranking == () and not empty.tie
    d = arbitrate([honest("A", -1.0, 0.01)], opened_at=0.0)
    assert d.winner is None and len(d.false_starts) == 1


def test_exact_same_times_are_ordered_by_team_id() -> None:
    a = honest("A", 10.0, 0.05, error=0.0)
    b = honest("B", 10.0, 0.05, error=0.0)
    d = arbitrate([b, a], opened_at=9.0, tie_rule="arrival")
    assert teams(d) == ["A", "B"] and d.tie  # equal within zero error: an honest tie


@pytest.mark.parametrize(("mode", "rule"), [("fastest", "arrival"), ("arrival", "coin")])
def test_unknown_mode_or_tie_rule_is_refused(mode: str, rule: str) -> None:
    with pytest.raises(DomainError) as exc:
        arbitrate([], cast(Mode, mode), opened_at=0.0, tie_rule=cast(TieRule, rule))
    assert exc.value.code == "arbitration_invalid"


# --- properties ------------------------------------------------------------------------------

times = st.floats(-1e4, 1e4)
offsets = st.floats(-1e5, 1e5)
one_way = st.floats(0.0, 0.3)
tolerances = st.floats(0.0, 0.05)


@given(arrival=times, offset=offsets, delay=one_way, extra=st.floats(0.0, 0.5),
       tol=tolerances, lie=st.floats(-1e6, 1e6), error=st.floats(0.0, 0.05))
def test_a_tampered_stamp_gains_at_most_the_tolerance(
    arrival: float, offset: float, delay: float, extra: float, tol: float, lie: float,
    error: float,
) -> None:
    """Honest: pressed ``delay + extra`` before arrival (never quicker than measured)."""
    def at(stamp: float) -> float:
        press = Press("T", "m", "d", stamp, arrival, offset, delay, error)
        return corrected_time(press, arrival - 10.0, tol, max_credit=1.0).time

    truthful = at(arrival - delay - extra - offset)
    forged = at(lie)
    assert forged >= truthful - tol - SLACK
    assert arrival - delay - tol - SLACK <= forged <= arrival


@given(t=st.floats(0.0, 100.0), gap_over=st.floats(1e-6, 0.2), lie=st.floats(-1e6, 1e6),
       d_h=st.floats(0.005, 0.2), d_c=st.floats(0.005, 0.2), j_h=st.floats(0.0, TOL),
       j_c=st.floats(0.0, 0.1), e_h=st.floats(0.0, 0.01), err_c=st.floats(0.0, 0.01),
       sign=st.sampled_from([-1.0, 1.0]), rule=st.sampled_from(["arrival", "rebuzz"]))
def test_a_liar_who_pressed_later_than_tolerance_plus_margin_never_wins(
    t: float, gap_over: float, lie: float, d_h: float, d_c: float, j_h: float, j_c: float,
    e_h: float, err_c: float, sign: float, rule: TieRule,
) -> None:
    err_h = 0.01
    h = Press("H", "m", "dh", t - 5.0, t + d_h + j_h, 5.0 + sign * e_h, d_h, err_h)
    gap = TOL + err_h + err_c + err_h + gap_over
    c = Press("C", "m", "dc", lie, t + gap + d_c + j_c, 0.0, d_c, err_c)
    d = arbitrate([c, h], opened_at=t - 1.0, tie_rule=rule)
    assert d.winner == "H" and not d.tie


press_strategy = st.builds(
    Press,
    team_id=st.sampled_from(["A", "B", "C", "D"]),
    member=st.sampled_from(["x", "y"]),
    device_id=st.sampled_from(["p1", "p2"]),
    client_stamp=st.one_of(st.sampled_from([0.0, 0.5, 1.0]), st.floats(-1.0, 2.0)),
    arrival=st.one_of(st.sampled_from([0.5, 1.0]), st.floats(0.0, 2.0)),
    est_offset=st.one_of(st.just(0.0), st.floats(-0.5, 0.5)),
    est_one_way_delay=st.one_of(st.just(0.1), st.floats(0.0, 0.3)),
    est_error=st.one_of(st.just(0.0), st.floats(0.0, 0.05)),
)


@given(data=st.data(), presses=st.lists(press_strategy, max_size=8),
       mode=st.sampled_from(["arrival", "compensated"]),
       rule=st.sampled_from(["arrival", "rebuzz"]), lockout=st.booleans())
def test_same_presses_in_any_order_give_the_same_decision(
    data: st.DataObject, presses: list[Press], mode: Mode, rule: TieRule, lockout: bool,
) -> None:
    shuffled = data.draw(st.permutations(presses))
    first = arbitrate(presses, mode, opened_at=0.25, tie_rule=rule, lockout=lockout)
    again = arbitrate(shuffled, mode, opened_at=0.25, tie_rule=rule, lockout=lockout)
    assert first == again
    assert len(set(teams(first))) == len(first.ranking)
    assert all(r.gap >= 0 for r in first.ranking)
    assert first.winner is None or first.winner == first.ranking[0].team_id


@given(presses=st.lists(press_strategy, max_size=8), opened_at=st.floats(0.0, 1.0),
       rule=st.sampled_from(["arrival", "rebuzz"]))
def test_arrival_mode_is_sorting_each_teams_first_arrival(
    presses: list[Press], opened_at: float, rule: TieRule,
) -> None:
    first: dict[str, float] = {}
    for p in presses:
        if p.arrival >= opened_at:
            first[p.team_id] = min(p.arrival, first.get(p.team_id, math.inf))
    d = arbitrate(presses, "arrival", opened_at=opened_at, tie_rule=rule)
    assert [r.arrival for r in d.ranking] == sorted(first.values())
    assert {r.team_id: r.arrival for r in d.ranking} == first
    if first:
        assert d.winner is not None and first[d.winner] == min(first.values())
    else:
        assert d.winner is None
    assert not d.tie


def _synced(theta: float, base: float, legs: list[tuple[float, float]],
            quiet: tuple[float, float]) -> ClockEstimate:
    """Ping history over a symmetric path (``base`` each way) with one near-clean exchange."""
    est = ClockEstimate()
    excess, share = quiet
    for i, (ju, jd) in enumerate([*legs, (excess * share, excess * (1 - share))]):
        t1 = 10.0 * i + base + ju
        est = est.update(Sample(10.0 * i - theta, t1, t1 + 0.001, t1 + 0.001 + base + jd - theta))
    return est


path = st.tuples(
    st.floats(-1e3, 1e3),  # true offset θ (server − client)
    st.floats(0.005, 0.2),  # fixed one-way delay: devices differ by up to ~200 ms
    st.lists(st.tuples(st.floats(0.0, 0.05), st.floats(0.0, 0.05)), min_size=2, max_size=15),
    st.tuples(st.floats(0.0, 2 * RESIDUAL_ERROR), st.floats(0.0, 1.0)),
)


@settings(deadline=None)
@given(first=path, second=path, t=st.floats(200.0, 300.0), extra=st.floats(1e-6, 0.2),
       j_first=st.floats(0.0, TOL), j_second=st.floats(0.0, TOL), swap=st.booleans())
def test_compensated_picks_the_true_first_when_the_gap_beats_the_error(
    first: tuple[float, float, list[tuple[float, float]], tuple[float, float]],
    second: tuple[float, float, list[tuple[float, float]], tuple[float, float]],
    t: float, extra: float, j_first: float, j_second: float, swap: bool,
) -> None:
    """Both phones synced over their own path; uplink jitter of the press ≤ tolerance.

    Each corrected time is within its own error of the truth, so a gap above twice
    the margin is never a tie, and a gap above the margin never names the wrong team.
    """
    est_a = _synced(first[0], first[1], first[2], first[3])
    est_b = _synced(second[0], second[1], second[2], second[3])

    def press(team: str, est: ClockEstimate, theta: float, base: float, at: float,
              jitter: float) -> Press:
        return Press(team, "m", team, at - theta, at + base + jitter, est.offset,
                     est.one_way_delay, est.error)

    a = press("A", est_a, first[0], first[1], t, j_first)
    margin = est_a.error + est_b.error
    for gap, rule in ((2 * margin + extra, "arrival"), (margin + extra, "rebuzz")):
        b = press("B", est_b, second[0], second[1], t + gap, j_second)
        presses = [b, a] if swap else [a, b]
        d = arbitrate(presses, opened_at=t - 1.0, tie_rule=cast(TieRule, rule))
        assert teams(d)[0] == "A"
        if rule == "arrival":
            assert d.winner == "A" and not d.tie
        else:
            assert d.winner in ("A", None)


# --- simulation ------------------------------------------------------------------------------


def _room_race(rng: random.Random) -> tuple[str | None, str | None]:
    """One question in a room of 2–4 phones; returns (compensated winner, arrival winner).

    Each phone: its own clock offset, a fixed one-way delay of 5–200 ms, exponential
    jitter (mean 5 ms each way), 16 pings every 12 s before the question. Team "t0"
    truly presses first; every other team at least 30 ms later. The server collects
    until the first valid arrival + the collection window, as it would live.
    """
    opened = 1000.0
    phones = []
    for k in range(rng.randint(2, 4)):
        theta, base = rng.uniform(-1e3, 1e3), rng.uniform(0.005, 0.200)
        est = ClockEstimate()
        for i in range(16):
            sent = opened - 12.0 * (16 - i) + rng.uniform(0, 1)
            t1 = sent + base + rng.expovariate(1 / 0.005)
            t3 = t1 + 0.0005 + base + rng.expovariate(1 / 0.005)
            est = est.update(Sample(sent - theta, t1, t1 + 0.0005, t3 - theta))
        phones.append((f"t{k}", theta, base, est))
    t_first = opened + rng.uniform(0.2, 1.5)
    presses = []
    for k, (team, theta, base, est) in enumerate(phones):
        at = t_first if k == 0 else t_first + rng.uniform(0.030, 0.080) + rng.choice([0, 0.3])
        arrival = at + base + rng.expovariate(1 / 0.005)
        presses.append(press_from_estimate(team, "m", team, at - theta, arrival, est))
    window = collection_window(est.one_way_delay for *_, est in phones)
    cutoff = closes_at(presses, window, opened_at=opened)
    assert cutoff is not None
    collected = [p for p in presses if p.arrival <= cutoff]
    fair = arbitrate(collected, "compensated", opened_at=opened, tie_rule="arrival")
    plain = arbitrate(collected, "arrival", opened_at=opened)
    return fair.winner, plain.winner


def test_simulated_room_compensation_finds_the_true_first_far_more_often() -> None:
    rng = random.Random(20240611)
    results = [_room_race(rng) for _ in range(1000)]
    fair = sum(w == "t0" for w, _ in results) / len(results)
    plain = sum(w == "t0" for _, w in results) / len(results)
    assert fair >= 0.95
    assert plain <= 0.85
    assert fair - plain >= 0.10
