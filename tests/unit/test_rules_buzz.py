"""抢答: opening, false starts under each policy, winners, reopening, no-buzz outcomes."""

from __future__ import annotations

import pytest

from quizapp.core.errors import DomainError
from quizapp.core.quiz import commands as c
from tests.kit import contest, scores


def buzz_round(**settings):
    lg = contest({"kind": "buzz", "settings": settings})
    lg.execute(c.StartRound(), 0)
    lg.execute(c.ShowQuestion(), 10)
    return lg


def test_first_valid_buzz_answers_and_others_are_shown_with_gaps():
    lg = buzz_round(arbitration="arrival")
    lg.execute(c.OpenBuzzers(), 11)
    lg.execute(c.Buzz(team_id="t2", device="a"), 11.300)
    lg.execute(c.Buzz(team_id="t1", device="b"), 11.343)
    assert lg.state.episode.team_id == "t2" and lg.state.episode.phase == "answering"
    decisions = [(p.team_id, p.decision) for p in lg.state.episode.presses]
    assert decisions == [("t2", "valid"), ("t1", "late")]
    lg.execute(c.Judge(correct=True), 15)
    assert scores(lg)["t2"] == 110


def test_a_team_holds_one_accepted_buzz_but_every_press_is_recorded():
    lg = buzz_round()
    lg.execute(c.OpenBuzzers(), 11)
    lg.execute(c.Buzz(team_id="t1", member="甲", device="a", window=0.1), 11.2)
    lg.execute(c.Buzz(team_id="t1", member="乙", device="b", window=0.1), 11.21)
    with pytest.raises(DomainError) as err:
        lg.execute(c.Buzz(team_id="t1", member="甲", device="a", window=0.1), 11.22)
    assert err.value.code == "already_pressed"
    lg.execute(c.TimeUp(purpose="window"), 11.31)
    ep = lg.state.episode
    assert [p.decision for p in ep.presses] == ["valid", "duplicate"] and ep.team_id == "t1"


@pytest.mark.parametrize(("policy", "score", "phase", "locked"), [
    ("deduct_void", 90, "reading", True),
    ("deduct_scrap", 90, "judged", False),
    ("lockout", 100, "reading", True),
    ("cumulative", 90, "reading", True),
])
def test_false_start_policies(policy, score, phase, locked):
    lg = buzz_round(false_start_policy=policy)
    lg.execute(c.Buzz(team_id="t1", device="a"), 10.5)
    ep = lg.state.episode
    assert scores(lg)["t1"] == score
    assert ep.phase == phase
    assert ("t1" in ep.locked) is locked
    assert ep.presses[0].decision == "false_start"
    if locked:
        with pytest.raises(DomainError) as err:
            lg.execute(c.Buzz(team_id="t1", device="b"), 10.6)
        assert err.value.code == "team_locked"
        assert "不能再次抢答" in err.value.message


def test_cumulative_fouls_escalate_and_bar_the_team_from_the_round():
    lg = contest({"kind": "buzz", "settings": {"false_start_policy": "cumulative",
                                               "foul_penalties": [10, 20], "bar_after_fouls": 3}})
    lg.execute(c.StartRound(), 0)
    for n in range(3):
        lg.execute(c.ShowQuestion(), 10 * n + 1)
        lg.execute(c.Buzz(team_id="t1", device=f"d{n}"), 10 * n + 2)
        lg.execute(c.SkipQuestion(), 10 * n + 3)
    assert scores(lg)["t1"] == 100 - 10 - 20 - 20
    assert "t1" in lg.state.round.barred
    lg.execute(c.ShowQuestion(), 50)
    lg.execute(c.OpenBuzzers(), 51)
    with pytest.raises(DomainError) as err:
        lg.execute(c.Buzz(team_id="t1", device="x"), 52)
    assert err.value.code == "team_barred"


def test_buzzing_while_reading_can_be_allowed():
    lg = buzz_round(allow_buzz_while_reading=True, arbitration="arrival")
    lg.execute(c.Buzz(team_id="t3", device="a"), 10.5)
    assert lg.state.episode.team_id == "t3" and scores(lg)["t3"] == 100


def test_wrong_answer_reopens_to_teams_that_have_not_answered():
    lg = buzz_round(arbitration="arrival", max_attempts=2)
    lg.execute(c.OpenBuzzers(), 11)
    lg.execute(c.Buzz(team_id="t1", device="a"), 12)
    lg.execute(c.Judge(correct=False), 13)
    assert scores(lg)["t1"] == 90 and lg.state.episode.phase == "open"
    with pytest.raises(DomainError):
        lg.execute(c.Buzz(team_id="t1", device="b"), 14)
    lg.execute(c.Buzz(team_id="t2", device="c"), 14)
    lg.execute(c.Judge(correct=False), 15)
    assert lg.state.episode.phase == "judged" and lg.state.episode.outcome == "missed"


def test_no_reopen_when_the_round_says_so():
    lg = buzz_round(reopen_after_wrong=False)
    lg.execute(c.OpenBuzzers(), 11)
    lg.execute(c.Buzz(team_id="t1", device="a"), 12)
    lg.execute(c.Judge(correct=False), 13)
    assert lg.state.episode.phase == "judged"


@pytest.mark.parametrize(("outcome", "phase"), [("void", "judged"), ("audience", "audience")])
def test_no_buzz_in_time_voids_or_turns_into_an_audience_question(outcome, phase):
    lg = buzz_round(no_buzz_outcome=outcome, no_buzz_seconds=20)
    lg.execute(c.OpenBuzzers(), 11)
    lg.execute(c.TimeUp(purpose="no_buzz"), 31)
    assert lg.state.episode.phase == phase
    if outcome == "audience":
        lg.execute(c.AudienceAnswer(device="phone-1", choice="b"), 32)
        with pytest.raises(DomainError) as err:
            lg.execute(c.AudienceAnswer(device="phone-1", choice="c"), 33)
        assert err.value.code == "already_answered"
        lg.execute(c.Reveal(), 34)
        assert lg.state.episode.audience == {"phone-1": "B"}
    assert scores(lg) == {"t1": 100, "t2": 100, "t3": 100}


def test_compensated_order_uses_corrected_press_times():
    lg = buzz_round(arbitration="compensated")
    lg.execute(c.OpenBuzzers(), 11)
    lg.execute(c.Buzz(team_id="t1", device="a", corrected=11.250, error=0.002, window=0.1), 11.260)
    lg.execute(c.Buzz(team_id="t2", device="b", corrected=11.200, error=0.002, window=0.1), 11.330)
    lg.execute(c.TimeUp(purpose="window"), 11.360)
    assert lg.state.episode.team_id == "t2"


def test_press_corrected_to_before_opening_is_a_false_start():
    lg = buzz_round(arbitration="compensated")
    lg.execute(c.OpenBuzzers(), 11)
    lg.execute(c.Buzz(team_id="t1", device="a", corrected=10.95), 11.05)
    assert lg.state.episode.presses[0].decision == "false_start"


def test_presses_within_the_error_are_a_tie_settled_by_the_rule():
    lg = buzz_round(arbitration="compensated", tie_rule="rebuzz")
    lg.execute(c.OpenBuzzers(), 11)
    lg.execute(c.Buzz(team_id="t1", device="a", corrected=11.200, error=0.01, window=0.1), 11.21)
    lg.execute(c.Buzz(team_id="t2", device="b", corrected=11.205, error=0.01, window=0.1), 11.22)
    lg.execute(c.TimeUp(purpose="window"), 11.31)
    ep = lg.state.episode
    assert ep.rebuzz == ("t1", "t2") and ep.phase == "reading"
    with pytest.raises(DomainError) as err:
        lg.execute(c.Buzz(team_id="t3", device="c"), 12)
    assert err.value.code == "not_eligible"
