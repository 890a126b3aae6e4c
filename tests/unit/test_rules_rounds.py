"""Compulsory, risk, all-answer and tie-break rounds as the host experiences them."""

from __future__ import annotations

import pytest

from quizapp.core.errors import DomainError
from quizapp.core.quiz import commands as c
from tests.kit import contest, q, scores


def test_compulsory_round_gives_each_team_its_turn_and_scores_right_answers():
    lg = contest({"kind": "compulsory", "settings": {"questions_per_team": 2}})
    lg.execute(c.StartRound(), 1)
    answered = []
    for i in range(6):
        lg.execute(c.ShowQuestion(), 10 + i)
        answered.append(lg.state.episode.team_id)
        lg.execute(c.Judge(correct=i % 2 == 0), 11 + i)
    assert answered == ["t1", "t2", "t3", "t1", "t2", "t3"]
    assert scores(lg) == {"t1": 110, "t2": 110, "t3": 110}
    with pytest.raises(DomainError) as err:
        lg.execute(c.ShowQuestion(), 20)
    assert err.value.code == "round_complete"


def test_compulsory_timeout_applies_at_the_deadline_and_not_before():
    lg = contest({"kind": "compulsory", "settings": {"answer_seconds": 30, "points_wrong": -5}})
    lg.execute(c.StartRound(), 0)
    lg.execute(c.ShowQuestion(), 100)
    with pytest.raises(DomainError) as err:
        lg.execute(c.TimeUp(purpose="answer"), 129)
    assert err.value.code == "not_yet"
    lg.execute(c.TimeUp(purpose="answer"), 130)
    assert scores(lg)["t1"] == 95
    assert lg.state.episode.outcome == "missed"


def test_pause_and_resume_keep_the_remaining_time():
    lg = contest({"kind": "compulsory", "settings": {"answer_seconds": 30}})
    lg.execute(c.StartRound(), 0)
    lg.execute(c.ShowQuestion(), 100)
    lg.execute(c.PauseTimer(), 110)
    assert lg.state.timer.remaining == 20
    lg.execute(c.ResumeTimer(), 500)
    assert lg.state.timer.deadline == 520


def test_points_by_question_type():
    lg = contest({"kind": "compulsory", "settings": {"points_by_type": {"single": 10, "multiple": 20}}})
    lg.execute(c.StartRound(), 0)
    lg.execute(c.ShowQuestion(question=q(900, "multiple", "AB")), 1)
    lg.execute(c.Judge(correct=True), 2)
    assert scores(lg)["t1"] == 120


def test_risk_round_orders_by_lowest_score_and_stakes_the_tier():
    lg = contest({"kind": "compulsory"}, {"kind": "risk"})
    lg.execute(c.StartRound(), 0)
    for correct in (True, False, True):  # t1 110, t2 100, t3 110
        lg.execute(c.ShowQuestion(), 1)
        lg.execute(c.Judge(correct=correct), 2)
    lg.execute(c.EndRound(), 3)
    lg.execute(c.StartRound(), 4)
    assert lg.state.round.turn_order == ("t2", "t1", "t3")
    with pytest.raises(DomainError) as err:
        lg.execute(c.PickTier(team_id="t1", tier=10), 5)
    assert err.value.code == "not_your_turn"
    with pytest.raises(DomainError) as err:
        lg.execute(c.PickTier(team_id="t2", tier=25), 5)
    assert err.value.code == "bad_tier"
    lg.execute(c.PickTier(team_id="t2", tier=30), 5)
    lg.execute(c.ShowQuestion(), 6)
    assert lg.state.episode.question.difficulty == 3  # the hardest tier gets a hard question
    assert lg.state.timer.seconds == 90
    lg.execute(c.Judge(correct=False), 7)
    assert scores(lg)["t2"] == 70
    lg.execute(c.PickTier(team_id="t1", tier=None), 8)  # skip
    lg.execute(c.PickTier(team_id="t3", tier=20), 9)
    lg.execute(c.ShowQuestion(), 10)
    lg.execute(c.Judge(correct=True), 11)
    assert scores(lg) == {"t1": 110, "t2": 70, "t3": 130}


@pytest.mark.parametrize(("option", "expected"), [({"wrong_deducts": False}, 100),
                                                  ({"wrong_deducts": True}, 80)])
def test_risk_wrong_answer_costs_the_stake_or_nothing(option, expected):
    lg = contest({"kind": "risk", "settings": {"pick_order": "desk", **option}})
    lg.execute(c.StartRound(), 0)
    lg.execute(c.PickTier(team_id="t1", tier=20), 1)
    lg.execute(c.ShowQuestion(), 2)
    lg.execute(c.Judge(correct=False), 3)
    assert scores(lg)["t1"] == expected


def test_risk_skip_can_be_forbidden():
    lg = contest({"kind": "risk", "settings": {"allow_skip": False, "pick_order": "desk"}})
    lg.execute(c.StartRound(), 0)
    with pytest.raises(DomainError) as err:
        lg.execute(c.PickTier(team_id="t1", tier=None), 1)
    assert err.value.code == "skip_not_allowed"


def test_all_answer_round_grades_choice_and_fill_answers_automatically():
    lg = contest({"kind": "all_answer", "settings": {"partial_credit": True, "points_correct": 20}})
    lg.execute(c.StartRound(), 0)
    lg.execute(c.ShowQuestion(question=q(901, "multiple", "ABD")), 1)
    lg.execute(c.SubmitAnswer(team_id="t1", answer="d b a"), 2)
    lg.execute(c.SubmitAnswer(team_id="t2", answer="AB"), 3)
    with pytest.raises(DomainError) as err:
        lg.execute(c.SubmitAnswer(team_id="t2", answer="ABD"), 4)
    assert err.value.code == "already_answered"
    lg.execute(c.CloseAnswers(), 5)
    assert scores(lg) == {"t1": 120, "t2": 110, "t3": 100}
    assert lg.state.episode.phase == "judged"
    lg.execute(c.ShowQuestion(question=q(902, "fill", ["十八岁", "18岁"])), 6)
    lg.execute(c.SubmitAnswer(team_id="t1", answer=" １８岁 "), 7)
    lg.execute(c.SubmitAnswer(team_id="t2", answer="十六岁"), 8)
    lg.execute(c.SubmitAnswer(team_id="t3", answer="十八岁。"), 9)  # the last one closes it
    assert scores(lg) == {"t1": 140, "t2": 110, "t3": 120}


def test_all_answer_short_answers_wait_for_the_host():
    lg = contest({"kind": "all_answer"})
    lg.execute(c.StartRound(), 0)
    lg.execute(c.ShowQuestion(question=q(903, "short", "参考答案")), 1)
    lg.execute(c.SubmitAnswer(team_id="t1", answer="我们的回答"), 2)
    lg.execute(c.TimeUp(purpose="collect"), 40)
    assert lg.state.episode.phase == "answering"
    assert set(lg.state.episode.judged) == {"t2", "t3"}  # no answer is wrong, automatically
    lg.execute(c.Judge(correct=True, team_id="t1"), 41)
    assert lg.state.episode.phase == "judged"
    assert scores(lg)["t1"] == 110


def test_tiebreak_is_sudden_death_among_tied_teams_only():
    lg = contest({"kind": "compulsory"}, teams=4)
    lg.execute(c.StartRound(), 0)
    for correct in (True, True, False, True):  # t1 t2 t4 tied at 110
        lg.execute(c.ShowQuestion(), 1)
        lg.execute(c.Judge(correct=correct), 2)
    lg.execute(c.EndRound(), 3)
    lg.execute(c.StartTieBreak(), 4)
    rnd = lg.state.round
    assert rnd.spec.kind == "tiebreak" and rnd.eligible == ("t1", "t2", "t4")
    lg.execute(c.QueueQuestions(round_index=rnd.index, questions=(q(700), q(701))), 4)
    lg.execute(c.ShowQuestion(), 5)
    lg.execute(c.OpenBuzzers(), 6)
    with pytest.raises(DomainError) as err:
        lg.execute(c.Buzz(team_id="t3", device="d3"), 6.5)
    assert err.value.code == "not_eligible"
    lg.execute(c.Buzz(team_id="t2", device="d2"), 7)
    lg.execute(c.Judge(correct=False), 8)
    assert "t2" in lg.state.round.eliminated and lg.state.episode.phase == "open"
    lg.execute(c.Buzz(team_id="t4", device="d4"), 9)
    lg.execute(c.Judge(correct=True), 10)
    assert lg.state.round.winner == "t4"
    lg.execute(c.EndRound(), 11)
    lg.execute(c.FinishContest(), 12)
    from quizapp.core.quiz.ranking import ranking
    assert [r.team_id for r in ranking(lg.state)][:3] == ["t4", "t1", "t2"]


def test_refusals_change_nothing():
    lg = contest({"kind": "compulsory"})
    before = (lg.state, len(lg.log))
    for command, code in [(c.Judge(correct=True), "contest_not_started"),
                          (c.OpenBuzzers(), "contest_not_started"),
                          (c.AdjustScore(team_id="t1", delta=5, reason=" "), "reason_required"),
                          (c.AdjustScore(team_id="zz", delta=5, reason="x"), "unknown_team"),
                          (c.Undo(batch=999), "unknown_batch")]:
        with pytest.raises(DomainError) as err:
            lg.execute(command, 1)
        assert err.value.code == code
        assert err.value.message  # a zh-CN sentence for the host
    assert (lg.state, len(lg.log)) == before
