"""彩排: a rehearsal is played, then reset to setup, and never counts in the real contest."""

from __future__ import annotations

import contextlib
import copy
import json

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from quizapp.core.engine import cancelled_batches
from quizapp.core.errors import DomainError
from quizapp.core.quiz import commands as c
from quizapp.core.quiz import events as ev
from quizapp.core.quiz import rehearsal
from quizapp.core.quiz.rulebook import QUIZ
from quizapp.core.quiz.staleness import stale_reason
from quizapp.core.quiz.views import view_for
from tests.kit import contest, scores

TEAMS = ["t1", "t2", "t3"]
ROUNDS = ({"kind": "compulsory"}, {"kind": "buzz", "settings": {"arbitration": "arrival"}},
          {"kind": "risk"}, {"kind": "all_answer"})
PLAY = st.one_of(
    st.just(c.StartRound()), st.just(c.ShowQuestion()), st.just(c.OpenBuzzers()),
    st.builds(c.Buzz, team_id=st.sampled_from(TEAMS), device=st.sampled_from(["a", "b"]), corrected=st.none()),
    st.builds(c.Judge, correct=st.booleans()),
    st.builds(c.PickTier, team_id=st.sampled_from(TEAMS), tier=st.sampled_from([10, 20, 30, None])),
    st.builds(c.SubmitAnswer, team_id=st.sampled_from(TEAMS), answer=st.sampled_from(["A", "B"])),
    st.just(c.CloseAnswers()), st.just(c.Reveal()), st.just(c.SkipQuestion()), st.just(c.EndRound()),
    st.builds(c.AdjustScore, team_id=st.sampled_from(TEAMS), delta=st.integers(-20, 20), reason=st.just("调整")),
    st.builds(c.Undo, batch=st.none() | st.integers(1, 40)), st.just(c.StartTimer()), st.just(c.PauseTimer()),
    st.builds(c.TimeUp, purpose=st.sampled_from(["answer", "start", "no_buzz", "collect"])),
    st.just(c.StartTieBreak()), st.just(c.FinishContest()),
)
# the same real contest, played after any rehearsal: every team answers its first question
REAL = (c.StartRound(), c.ShowQuestion(), c.Judge(correct=True), c.ShowQuestion(), c.Judge(correct=False),
        c.ShowQuestion(), c.Judge(correct=True), c.EndRound(), c.StartRound(), c.ShowQuestion(),
        c.OpenBuzzers(), c.Buzz(team_id="t2", device="a"), c.Judge(correct=True))


def _run(lg, commands, start=10.0):
    now = start
    for command in commands:
        now += 1
        with contextlib.suppress(DomainError):
            lg.execute(command, now)
    return now


def _setup_part(state):
    """What a reset must bring back: everything but the log bookkeeping."""
    s = copy.deepcopy(state)
    s.version, s.history, s.last_batch, s.undo_floor, s.rehearsals, s.next_judgement_no = 0, [], 0, 0, 0, 1
    return s


def _prepared():
    """A contest in setup with one manual adjustment made before any rehearsal."""
    lg = contest(*ROUNDS)
    lg.execute(c.AdjustScore(team_id="t3", delta=5, reason="礼仪加分"), 0.5)
    return lg


def _real_scores(lg):
    for command in REAL:
        lg.execute(command, 500.0)
    return scores(lg)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PLAY, max_size=50).map(lambda p: [c.StartRound(), c.ShowQuestion(), *p]))
def test_any_rehearsal_then_reset_gives_back_the_setup_and_leaks_nothing(play):
    lg = _prepared()
    before = lg.state
    lg.execute(c.StartRehearsal(), 1.0)
    now = _run(lg, play)
    moved = scores(lg) != {t.id: t.score for t in before.teams.values()}
    lg.execute(c.ResetRehearsal(), now + 1)
    after = lg.state
    assert _setup_part(after) == _setup_part(before)
    assert [[q.id for q in r.queue] for r in after.rounds] == [[q.id for q in r.queue] for r in before.rounds]
    assert QUIZ.replay(lg.log) == after
    # undo never crosses the reset: nothing before it can be cancelled any more
    reset_batch = lg.log[-1].batch
    for batch in (None, *range(1, reset_batch + 1)):
        with pytest.raises(DomainError) as err:
            lg.execute(c.Undo(batch=batch), now + 2)
        assert err.value.code in ("rehearsal_boundary", "unknown_batch")
    # the real contest scores exactly as it would have without any rehearsal
    assert _real_scores(lg) == _real_scores(_prepared())
    event("rehearsal scores moved" if moved else "rehearsal scores unchanged")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PLAY, max_size=40), st.lists(PLAY, max_size=30))
def test_undo_never_cancels_a_batch_across_a_rehearsal_boundary(during, after):
    lg = contest(*ROUNDS)
    lg.execute(c.StartRehearsal(), 1.0)
    started = lg.log[-1].batch
    now = _run(lg, during)
    lg.execute(c.ResetRehearsal(), now + 1)
    reset_batch = lg.log[-1].batch
    _run(lg, after, now + 2)
    cancelled = cancelled_batches(lg.log)
    inside = {e.batch for e in lg.log if started < e.batch < reset_batch}
    assert started not in cancelled and reset_batch not in cancelled
    assert all(b > started for b in cancelled)  # undo inside the rehearsal stays inside it
    assert not any(b in inside for b in cancelled_batches(lg.log[lg.log.index(next(
        e for e in lg.log if e.batch == reset_batch)):]))  # nothing after the reset reaches back in
    assert QUIZ.replay(lg.log) == lg.state


def test_rehearsal_scores_show_with_the_mark_then_vanish_at_the_reset():
    lg = contest({"kind": "compulsory"})
    lg.execute(c.StartRehearsal(), 1)
    for audience in ("host", "team", "screen", "watch"):
        assert view_for(lg.state, audience)["rehearsal"] is True
    lg.execute(c.StartRound(), 2)
    lg.execute(c.ShowQuestion(), 3)
    lg.execute(c.Judge(correct=True), 4)
    assert scores(lg)["t1"] == 110 and view_for(lg.state, "screen")["teams"][0]["score"] == 110
    first = view_for(lg.state, "team")["episode"]["question"]["id"]
    lg.execute(c.ResetRehearsal(), 5)
    host = view_for(lg.state, "host")
    assert host["rehearsal"] is False and host["rehearsals"] == 1 and host["status"] == "setup"
    assert scores(lg) == {"t1": 100, "t2": 100, "t3": 100}
    assert host["undo_preview"] is None  # nothing to undo across the reset
    assert "彩排结束" in host["history"][-1]["description"]
    lg.execute(c.StartRound(), 6)
    lg.execute(c.ShowQuestion(), 7)  # the real contest opens with the same first question, numbered Q1
    assert view_for(lg.state, "team")["episode"]["question"]["id"] == first == "Q1"


def test_undo_inside_a_rehearsal_works_but_stops_at_its_start():
    lg = contest({"kind": "compulsory"})
    lg.execute(c.AdjustScore(team_id="t1", delta=5, reason="礼仪"), 1)
    lg.execute(c.StartRehearsal(), 2)
    with pytest.raises(DomainError) as err:
        lg.execute(c.Undo(), 3)
    assert err.value.code == "rehearsal_boundary" and "彩排" in err.value.message
    lg.execute(c.StartRound(), 4)
    lg.execute(c.ShowQuestion(), 5)
    lg.execute(c.Judge(correct=True), 6)
    lg.execute(c.Undo(), 7)
    assert scores(lg)["t1"] == 105 and lg.state.rehearsal is not None
    assert view_for(lg.state, "host")["undo_preview"]  # 出题 can still be undone


def test_the_reset_keeps_teams_renamed_during_the_rehearsal_and_the_plan_from_before():
    lg = contest({"kind": "compulsory"}, questions=4)
    lg.execute(c.StartRehearsal(), 1)
    lg.execute(c.UpdateTeam(team_id="t2", name="物理系", desk=2, colour="#1e88e5"), 2)
    lg.execute(c.StartRound(), 3)
    lg.execute(c.QueueQuestions(round_index=0, questions=()), 4)
    lg.execute(c.ResetRehearsal(), 5)
    assert lg.state.teams["t2"].name == "物理系"
    assert [q.id for q in lg.state.rounds[0].queue] == ["q0", "q1", "q2", "q3"]


def test_start_and_reset_are_refused_when_they_make_no_sense():
    lg = contest({"kind": "compulsory"})
    with pytest.raises(DomainError) as err:
        lg.execute(c.ResetRehearsal(), 1)
    assert err.value.code == "not_rehearsing"
    lg.execute(c.StartRound(), 2)
    with pytest.raises(DomainError) as err:
        lg.execute(c.StartRehearsal(), 3)
    assert err.value.code == "not_in_setup" and "准备阶段" in err.value.message
    fresh = contest({"kind": "compulsory"})
    fresh.execute(c.StartRehearsal(), 1)
    with pytest.raises(DomainError) as err:
        fresh.execute(c.StartRehearsal(), 2)
    assert err.value.code == "already_rehearsing"


def test_a_second_rehearsal_is_numbered_and_the_log_knows_each_segment():
    lg = contest({"kind": "compulsory"})
    lg.execute(c.StartRehearsal(), 1)
    lg.execute(c.StartRound(), 2)
    lg.execute(c.ResetRehearsal(), 3)
    lg.execute(c.StartRehearsal(), 4)
    lg.execute(c.StartRound(), 5)
    lg.execute(c.ShowQuestion(), 6)
    segs = rehearsal.segments(lg.log)
    assert [(s.number, s.last_seq is None) for s in segs] == [(1, False), (2, True)]
    numbers = rehearsal.rehearsal_numbers(lg.log)
    kinds = {type(e.event).__name__: numbers.get(e.seq) for e in lg.log}
    assert kinds["TeamAdded"] is None and kinds["RehearsalReset"] == 1 and kinds["QuestionShown"] == 2
    settled = rehearsal.settled(lg.log)  # the open rehearsal is cut off: results use the setup
    assert isinstance(settled[-1].event, ev.RehearsalStarted) is False
    assert QUIZ.replay(settled).status == "setup" and QUIZ.replay(settled).rehearsals == 1
    lg.execute(c.ResetRehearsal(), 7)
    assert rehearsal.settled(lg.log) == lg.log


def test_the_boundary_events_survive_the_json_codec():
    lg = contest({"kind": "risk"}, {"kind": "buzz"}, questions=3)
    lg.execute(c.StartRehearsal(), 1)
    lg.execute(c.ResetRehearsal(), 2)
    for entry in lg.log[-2:]:
        data = json.loads(json.dumps(QUIZ.encode(entry.event), ensure_ascii=False))
        assert QUIZ.decode(type(entry.event).__name__, data) == entry.event


def test_a_command_made_before_a_reset_is_stale_after_it():
    lg = contest({"kind": "compulsory"})
    lg.execute(c.StartRehearsal(), 1)
    lg.execute(c.ResetRehearsal(), 2)
    since = [lg.log[-1].event]
    assert stale_reason(c.AdjustScore(team_id="t1", delta=5, reason="x"), since)
    assert stale_reason(c.Buzz(team_id="t1"), since)


def test_a_sports_day_refuses_a_rehearsal_in_chinese():
    from quizapp.core.sports import model as m
    from quizapp.core.sports.rulebook import SPORTS as sports_engine

    state = sports_engine.replay([])
    events = sports_engine.decide(state, m.CreateSportsDay(title="运动会", teams=(("一队", "", ""),)), 1.0)
    from quizapp.core.engine import Entry

    state = sports_engine.replay([Entry(i + 1, 1, "host", e) for i, e in enumerate(events)])
    with pytest.raises(DomainError) as err:
        sports_engine.decide(state, c.StartRehearsal(), 2.0)
    assert err.value.code == "rehearsal_unsupported" and "运动会不支持彩排" in err.value.message
