"""Presses stay hidden from every non-host view until the winner is decided; the reaction floor."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.core.errors import DomainError
from quizapp.core.quiz import commands as c
from quizapp.core.quiz.rounds import RoundSpec
from quizapp.core.quiz.views import hidden_batch, view_for
from tests.kit import contest, scores

PUBLIC = ("team", "screen", "watch")


def opened(**settings):
    lg = contest({"kind": "buzz", "settings": settings}, teams=4)
    lg.execute(c.StartRound(), 0)
    lg.execute(c.ShowQuestion(), 10)
    lg.execute(c.OpenBuzzers(), 11)
    return lg


def press(lg, team, at, corrected=None, window=0.06):
    """A compensated press (``corrected`` defaults to its arrival) with a collection window."""
    return lg.execute(c.Buzz(team_id=team, device=f"d-{team}", corrected=at if corrected is None else corrected,
                             window=window), at)


def public(lg, now):
    return {a: view_for(lg.state, a, "t1", now) for a in PUBLIC}


def test_no_public_view_shows_a_press_until_the_window_closes():
    lg = opened()
    before = public(lg, 11.2)
    events = press(lg, "t2", 11.2)
    assert hidden_batch(lg.state, events)
    press(lg, "t3", 11.22, corrected=11.19)
    for audience, view in public(lg, 11.2).items():
        assert view == before[audience], audience  # same version, phase, timer: nothing to react to
        assert view["episode"]["presses"] == [] and view["timer"]["purpose"] == "no_buzz"
    host = view_for(lg.state, "host", now=11.23)
    assert [p["team_id"] for p in host["episode"]["presses"]] == ["t3", "t2"]
    assert host["timer"]["purpose"] == "window" and host["version"] > before["team"]["version"]
    decided = lg.execute(c.TimeUp(purpose="window"), 11.27)
    assert not hidden_batch(lg.state, decided)
    for view in public(lg, 11.3).values():
        ep = view["episode"]
        assert ep["phase"] == "answering" and ep["team_id"] == "t3"
        assert [p["team_id"] for p in ep["presses"]] == ["t3", "t2"]
        assert view["version"] == lg.state.version


def test_a_press_that_opens_the_buzzers_while_reading_stays_hidden_too():
    lg = contest({"kind": "buzz", "settings": {"allow_buzz_while_reading": True}}, teams=3)
    lg.execute(c.StartRound(), 0)
    lg.execute(c.ShowQuestion(), 10)
    before = view_for(lg.state, "team", "t1", 10.5)
    events = lg.execute(c.Buzz(team_id="t2", device="x", corrected=10.5, window=0.05), 10.5)
    assert hidden_batch(lg.state, events)
    assert view_for(lg.state, "team", "t1", 10.5) == before
    assert view_for(lg.state, "host", now=10.5)["episode"]["phase"] == "open"


def test_a_false_start_is_public_at_once():
    lg = opened(reaction_floor_ms=100)
    events = press(lg, "t2", 11.05)
    assert not hidden_batch(lg.state, events)
    assert "t2" in view_for(lg.state, "team", "t1", 11.05)["episode"]["locked"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["t1", "t2", "t3", "t4"]), st.floats(0, 0.05), st.floats(-0.04, 0)),
                min_size=1, max_size=8))
def test_whatever_presses_arrive_in_the_window_public_views_do_not_change(presses):
    lg = opened()
    before = public(lg, 11.5)
    at = 11.5
    for team, gap, credit in presses:
        at += gap
        try:
            events = press(lg, team, at, corrected=at + credit)
        except DomainError:
            continue  # this device already pressed
        assert hidden_batch(lg.state, events)
        assert public(lg, 11.5) == before
    lg.execute(c.TimeUp(purpose="window"), at + 0.2)
    winner = lg.state.episode.team_id
    corrected = {p.team_id: p.corrected for p in reversed(lg.state.episode.presses) if p.decision == "valid"}
    assert corrected[winner] == min(corrected.values())
    assert all(v["episode"]["team_id"] == winner for v in public(lg, at + 0.2).values())


@pytest.mark.parametrize(("after", "foul"), [(0.099, True), (0.101, False), (-0.01, True)])
def test_a_press_quicker_than_the_reaction_floor_is_a_false_start(after, foul):
    lg = opened(reaction_floor_ms=100, arbitration="compensated")
    press(lg, "t2", 11.3, corrected=11 + after)  # arrived late, but pressed ``after`` s after opening
    decisions = [p.decision for p in lg.state.episode.presses]
    assert decisions == (["false_start"] if foul else ["valid"])
    assert scores(lg)["t2"] == (90 if foul else 100)


def test_the_reaction_floor_is_off_by_default_and_judges_arrival_in_arrival_mode():
    lg = opened()
    press(lg, "t2", 11.01)
    assert lg.state.episode.presses[0].decision == "valid"
    lg = opened(reaction_floor_ms=100, arbitration="arrival")
    lg.execute(c.Buzz(team_id="t2", device="x"), 11.05)
    assert lg.state.episode.presses[0].decision == "false_start"


@pytest.mark.parametrize("value", [-1, 1001, "fast", True])
def test_the_reaction_floor_setting_is_validated(value):
    with pytest.raises(DomainError) as err:
        RoundSpec.from_dict({"kind": "buzz", "settings": {"reaction_floor_ms": value}})
    assert err.value.code == "bad_setting"
    assert RoundSpec.from_dict({"kind": "buzz", "settings": {"reaction_floor_ms": 100}}).settings.reaction_floor_ms == 100
