"""What makes a command made on an older view stale, and the restart pause (pure core)."""

from __future__ import annotations

from quizapp.core.engine import STALE_UNDO
from quizapp.core.errors import DomainError
from quizapp.core.quiz import commands as c
from quizapp.core.quiz import events as ev
from quizapp.core.quiz.restart import restart_notice, server_restarted
from quizapp.core.quiz.rulebook import QUIZ
from quizapp.core.quiz.staleness import STALE_ANSWER, STALE_QUESTION
from quizapp.core.quiz.state import ContestState, Timer
from quizapp.core.sports import model as sm
from quizapp.core.sports.rulebook import SPORTS

stale_reason = QUIZ.stale_reason  # the quiz's rules plus the engine's one rule for undo
PRESS = ev.PressRecorded(at=1.0, team_id="t2", member="", device="d2", decision="valid", arrival=1.0)


def test_nothing_since_the_view_is_never_stale():
    assert stale_reason(c.Undo(), []) is None
    assert stale_reason(c.Judge(correct=True), []) is None


def test_any_change_makes_an_undo_stale_for_quiz_and_sports():
    assert stale_reason(c.Undo(batch=5), [PRESS]) == STALE_UNDO
    assert SPORTS.stale_reason(sm.Undo(reason="录错"), [ev.ScoreAdjusted(at=1, team_id="t1", delta=1, reason="x")]) == STALE_UNDO


def test_other_teams_presses_never_make_a_press_stale_but_a_new_question_does():
    assert stale_reason(c.Buzz(team_id="t1"), [PRESS, PRESS]) is None
    assert stale_reason(c.Buzz(team_id="t1"), [ev.RoundEnded(at=2.0, round_index=0)]) == STALE_QUESTION
    assert stale_reason(c.SubmitAnswer(team_id="t1", answer="A"),
                        [ev.AnswerSubmitted(at=1.0, team_id="t2", answer="B", member="")]) is None


def test_a_verdict_is_stale_when_the_answering_team_or_a_verdict_changed():
    judged = ev.AnswerJudged(at=1.0, team_id="t1", correct=True, points=10, judgement_no=1, by="host")
    assert stale_reason(c.Judge(correct=False), [judged]) == STALE_ANSWER
    assert stale_reason(c.Judge(correct=True), [ev.BuzzWon(at=1.0, team_id="t2")]) == STALE_ANSWER
    assert stale_reason(c.Judge(correct=True), [PRESS]) is None
    own = ev.AnswerSubmitted(at=1.0, team_id="t1", answer="A", member="")
    assert stale_reason(c.Judge(correct=True, team_id="t1"), [own]) == STALE_ANSWER
    assert stale_reason(c.Judge(correct=True, team_id="t2"), [own]) is None


def test_an_overrule_is_stale_only_when_that_judgement_changed_and_host_commands_when_the_round_moved():
    other = ev.JudgementOverruled(at=1.0, judgement_no=2, correct=True, points=10, by="host")
    assert stale_reason(c.Overrule(judgement_no=1, correct=True, reason="x"), [other]) is None
    same = ev.JudgementOverruled(at=1.0, judgement_no=1, correct=True, points=10, by="host")
    assert stale_reason(c.Overrule(judgement_no=1, correct=False, reason="x"), [same]) == STALE_ANSWER
    assert stale_reason(c.Reveal(), [ev.RoundStarted(at=1.0, round_index=1, turn_order=())]) == STALE_QUESTION
    assert stale_reason(c.AdjustScore(team_id="t1", delta=5, reason="x"), [PRESS]) is None
    assert SPORTS.stale_reason(sm.RecordResults(event_id="e1", entries=()), [ev.BatchesUndone(at=1, batches=(2,))]) is None


def _state(deadline: float | None, purpose: str = "answer") -> ContestState:
    state = ContestState(status="running")
    state.timer = Timer(purpose=purpose, seconds=30.0, deadline=deadline, remaining=30.0)
    return state


def test_a_countdown_that_ran_out_while_down_is_paused_with_the_time_left_when_last_seen():
    events = server_restarted(_state(deadline=130.0), c.ServerRestarted(last_seen=110.0), now=500.0)
    assert events == [ev.TimerInterrupted(at=500.0, purpose="answer", remaining=20.0)]
    for state in (_state(deadline=600.0), _state(deadline=None), _state(deadline=130.0, purpose="window")):
        try:
            server_restarted(state, c.ServerRestarted(last_seen=110.0), now=500.0)
        except DomainError as exc:
            assert exc.code == "nothing_missed"
        else:
            raise AssertionError("only a countdown that ran out unseen is paused")


def test_the_host_notice_says_what_happened_and_what_to_do():
    timer = Timer(purpose="answer", seconds=30.0, deadline=None, remaining=20.0, interrupted=True)
    assert "服务器重启" in restart_notice(timer) and "继续计时" in restart_notice(timer)
    timer.remaining = 0.0
    assert "重新计时" in restart_notice(timer)
    assert restart_notice(Timer(purpose="answer", seconds=30.0, deadline=None, remaining=20.0)) == ""
