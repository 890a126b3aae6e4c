"""Audience play-along: one vote per phone per question while it is open, scored at the reveal."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.core.errors import DomainError
from quizapp.core.quiz import audience as aud
from quizapp.core.quiz import commands as c
from quizapp.core.quiz.rounds import RoundSpec
from quizapp.core.quiz.rulebook import QUIZ
from quizapp.core.quiz.views import view_for
from tests.kit import contest


def buzz_round(**settings):
    """A 党章-like buzz round (no 观众题 fallback) with question q0 (answer B) on stage."""
    lg = contest({"kind": "buzz", "settings": settings})
    lg.execute(c.StartRound(), 0)
    lg.execute(c.ShowQuestion(), 10)
    return lg


def vote(lg, device, choice, at=11.0):
    lg.execute(c.AudienceAnswer(device=device, choice=choice), at, actor="audience")


def settle(lg, at=20.0):
    """Nobody buzzes: the question is voided, then revealed."""
    lg.execute(c.SkipQuestion(), at)
    lg.execute(c.Reveal(), at + 1)


def test_the_audience_answers_a_buzz_question_while_teams_play_it():
    lg = buzz_round()
    vote(lg, "d1", "b")
    lg.execute(c.OpenBuzzers(), 12)
    vote(lg, "d2", "A", 13)
    lg.execute(c.Buzz(team_id="t1", device="x"), 14)
    assert lg.state.episode.phase == "answering"
    vote(lg, "d3", "B", 15)  # a team is answering: still open
    assert lg.state.episode.audience == {"d1": "B", "d2": "A", "d3": "B"}
    lg.execute(c.Judge(correct=True), 16)
    with pytest.raises(DomainError) as err:
        vote(lg, "d4", "B", 17)
    assert err.value.code == "audience_closed" and "结束" in err.value.message


def test_first_answer_counts_and_a_change_is_refused():
    lg = buzz_round()
    vote(lg, "d1", "A")
    with pytest.raises(DomainError) as err:
        vote(lg, "d1", "B")
    assert err.value.code == "already_answered" and err.value.message == "你已经作答，答案不能更改"
    assert lg.state.episode.audience == {"d1": "A"}


def test_round_setting_turns_it_off_and_is_validated():
    lg = buzz_round(audience_play=False)
    with pytest.raises(DomainError) as err:
        vote(lg, "d1", "B")
    assert err.value.code == "audience_closed"
    with pytest.raises(DomainError) as err:
        RoundSpec.from_dict({"kind": "buzz", "settings": {"audience_play": "yes"}})
    assert err.value.code == "bad_setting" and "audience_play" in err.value.message
    assert RoundSpec.from_dict({"kind": "buzz"}).settings.audience_play is True


def test_fill_questions_and_bad_choices_are_refused():
    lg = buzz_round()
    with pytest.raises(DomainError) as err:
        vote(lg, "d1", "E")
    assert err.value.code == "bad_choice"
    with pytest.raises(DomainError) as err:
        vote(lg, "d1", "AB")  # 单选: one letter
    assert err.value.code == "bad_choice"


def test_distribution_reaches_screens_only_after_the_reveal():
    lg = buzz_round()
    for i, choice in enumerate("BBAC"):
        vote(lg, f"d{i}", choice)
    for who in ("team", "screen", "watch"):
        ep = view_for(lg.state, who, "t1")["episode"]
        assert ep["audience_tally"] == {} and ep["audience_count"] == 4
    assert view_for(lg.state, "host")["episode"]["audience_tally"] == {"B": 2, "A": 1, "C": 1}
    settle(lg)
    for who in ("team", "screen", "watch"):
        assert view_for(lg.state, who, "t1")["episode"]["audience_tally"] == {"B": 2, "A": 1, "C": 1}


def test_reveal_scores_and_the_board_orders_by_correct_then_time_with_ties():
    lg = buzz_round()
    vote(lg, "slow", "B", 18.0)
    vote(lg, "fast", "B", 12.0)
    vote(lg, "same", "B", 12.04)  # same 0.1 s step as "fast": a tie
    vote(lg, "wrong", "A", 11.0)
    lg.execute(c.AudienceName(device="fast", name="  小 明  "), 12.5)
    assert lg.state.audience.tallies == {}  # nothing counts before the reveal
    settle(lg)
    rows = aud.standings(lg.state)
    assert [(r.device, r.rank, r.tied, r.correct) for r in rows] == [
        ("fast", 1, True, 1), ("same", 1, True, 1), ("slow", 3, False, 1), ("wrong", 4, False, 0)]
    assert rows[0].name == "小 明" and rows[0].points == 10 and rows[0].time_ms == 2000
    lg.execute(c.FinishContest(), 30)
    board = view_for(lg.state, "screen")["audience_board"]
    assert [b["name"] for b in board["best"]] == ["小 明", aud.display_name(lg.state.audience, "same")]
    assert board["players"] == 4 and board["top"][2]["seconds"] == 8.0


def test_nickname_rules():
    lg = buzz_round()
    for bad in ("", "   ", "一二三四五六七八九十一二三", "a\x00b"):
        with pytest.raises(DomainError) as err:
            lg.execute(c.AudienceName(device="d1", name=bad), 11)
        assert err.value.code == "bad_name" and "1 到 12" in err.value.message
    lg.execute(c.AudienceName(device="d1", name="<b>张三</b>"), 11)  # kept as text: pages escape it
    assert lg.state.audience.names["d1"] == "<b>张三</b>"
    assert lg.execute(c.AudienceName(device="d1", name="<b>张三</b>"), 12) == []


def test_votes_stay_out_of_the_undo_history_and_survive_an_undo_of_the_host():
    lg = buzz_round()
    lg.execute(c.OpenBuzzers(), 11)
    vote(lg, "d1", "B", 12)
    assert lg.state.history[-1].description == "开始抢答"
    lg.execute(c.Undo(), 13)  # undoes 开始抢答, not the vote
    assert lg.state.episode.phase == "reading" and lg.state.episode.audience == {"d1": "B"}
    lg.execute(c.Undo(), 14)  # undoes the question: the vote no longer belongs anywhere
    assert lg.state.episode is None
    assert QUIZ.replay(lg.log).episode is None


def test_a_rehearsal_never_counts_for_the_audience():
    lg = contest({"kind": "buzz"})
    lg.execute(c.StartRehearsal(), 1)
    lg.execute(c.StartRound(), 2)
    lg.execute(c.ShowQuestion(), 3)
    vote(lg, "d1", "B", 4)
    settle(lg, 5)
    assert lg.state.audience.tallies["d1"].correct == 1
    lg.execute(c.ResetRehearsal(), 9)
    assert lg.state.audience.tallies == {}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 7), st.sampled_from("ABCDX"), st.integers(0, 3)), max_size=40),
       st.integers(0, 40))
def test_votes_combined(plan, reveal_after):
    """Any mix of votes, repeats, bad choices and phases: one vote per device, only while open,
    the distribution counts exactly the accepted votes, and the board is ordered and ranked."""
    lg = buzz_round()
    accepted: dict[str, str] = {}
    t = 11.0
    for i, (dev, choice, _) in enumerate(plan):
        t += 0.25
        if i == reveal_after:
            settle(lg, t)
            t += 2
        device = f"d{dev}"
        was_open = aud.is_open(lg.state)
        try:
            vote(lg, device, choice, t)
            assert was_open and device not in accepted and choice in "ABCD"
            accepted[device] = choice
        except DomainError as err:
            assert (not was_open) or device in accepted or choice == "X", err.code
    assert lg.state.episode.audience == accepted
    tally = aud.distribution(lg.state)
    assert sum(tally.values()) == len(accepted)
    assert all(tally[ch] == list(accepted.values()).count(ch) for ch in tally)
    if not lg.state.episode.revealed:
        settle(lg, t + 1)
    rows = aud.standings(lg.state)
    keys = [(-r.correct, r.time_ms) for r in rows]
    assert keys == sorted(keys)
    assert all(r.correct == int(accepted[r.device] == "B") for r in rows)
    for a, b in zip(rows, rows[1:], strict=False):
        assert (a.rank == b.rank) == ((a.correct, a.time_ms) == (b.correct, b.time_ms)) == (a.tied and b.tied)


def test_the_best_audience_certificate_carries_the_nickname():
    from quizapp.core.awards import defaults
    from quizapp.reports.awards import BEST_AUDIENCE, assign, quiz_results

    lg = buzz_round()
    vote(lg, "named", "B", 11)
    vote(lg, "anonymous", "B", 11)
    lg.execute(c.AudienceName(device="named", name="红旗飘飘"), 12)
    settle(lg)
    best = [a for a in assign(quiz_results(lg.log), defaults("quiz")) if a.title == BEST_AUDIENCE]
    assert sorted(a.recipient for a in best) == ["", "红旗飘飘"] and all(a.tied for a in best)
