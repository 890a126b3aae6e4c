"""Undo, replay and the invariants that must hold for any sequence of commands."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.core.errors import DomainError
from quizapp.core.quiz import commands as c
from quizapp.core.quiz import events as ev
from quizapp.core.quiz.rulebook import QUIZ
from tests.kit import contest, scores


def test_undoing_a_wrong_answer_restores_the_question_as_it_was():
    lg = contest({"kind": "buzz", "settings": {"arbitration": "arrival"}})
    lg.execute(c.StartRound(), 0)
    lg.execute(c.ShowQuestion(), 1)
    lg.execute(c.OpenBuzzers(), 2)
    lg.execute(c.Buzz(team_id="t1", device="a"), 3)
    before = lg.state
    lg.execute(c.Judge(correct=False), 4)
    assert scores(lg)["t1"] == 90 and lg.state.episode.phase == "open"
    lg.execute(c.Undo(), 5)
    assert scores(lg)["t1"] == 100
    assert lg.state.episode.phase == "answering" and lg.state.episode.team_id == "t1"
    assert lg.state.episode.presses == before.episode.presses
    assert not lg.state.timer.running  # the clock waits for the host after an undo


def test_undo_of_an_earlier_step_cancels_what_followed_but_keeps_manual_adjustments():
    lg = contest({"kind": "compulsory"})
    lg.execute(c.StartRound(), 0)
    lg.execute(c.ShowQuestion(), 1)
    lg.execute(c.Judge(correct=True), 2)
    target = lg.log[-1].batch
    lg.execute(c.AdjustScore(team_id="t3", delta=5, reason="礼仪加分"), 3)
    lg.execute(c.ShowQuestion(), 4)
    lg.execute(c.Judge(correct=True), 5)
    lg.execute(c.Undo(batch=target), 6)
    assert scores(lg) == {"t1": 100, "t2": 100, "t3": 105}
    assert lg.state.episode.team_id == "t1" and lg.state.episode.phase == "answering"
    undo = lg.log[-1].event
    assert isinstance(undo, ev.BatchesUndone) and len(undo.batches) == 3
    assert "及其后 2 步" in undo.description


def test_undo_of_an_adjustment_touches_nothing_else():
    lg = contest({"kind": "compulsory"})
    lg.execute(c.AdjustScore(team_id="t2", delta=-3, reason="迟到"), 1)
    adj = lg.log[-1].batch
    lg.execute(c.StartRound(), 2)
    lg.execute(c.Undo(batch=adj), 3)
    assert scores(lg)["t2"] == 100 and lg.state.round is not None


def test_the_undo_preview_names_what_will_be_undone():
    from quizapp.core.quiz.views import view_for

    lg = contest({"kind": "compulsory"})
    lg.execute(c.StartRound(), 0)
    lg.execute(c.ShowQuestion(), 1)
    lg.execute(c.Judge(correct=True), 2)
    preview = view_for(lg.state, "host")["undo_preview"]
    assert "1号台（队1）回答正确" in preview and "+10" in preview


def test_a_team_never_sees_an_unrevealed_answer():
    from quizapp.core.quiz.views import view_for

    lg = contest({"kind": "compulsory"})
    lg.execute(c.StartRound(), 0)
    lg.execute(c.ShowQuestion(), 1)
    for audience in ("team", "screen", "watch"):
        question = view_for(lg.state, audience, "t1")["episode"]["question"]
        assert question["answer"] is None and question["explanation"] is None
    assert view_for(lg.state, "host")["episode"]["question"]["answer"] == "B"
    lg.execute(c.Judge(correct=True), 2)
    lg.execute(c.Reveal(), 3)
    assert view_for(lg.state, "team", "t2")["episode"]["question"]["answer"] == "B"


# --- properties over random command sequences ----------------------------------
TEAMS = ["t1", "t2", "t3"]
COMMANDS = st.one_of(
    st.just(c.StartRound()), st.just(c.ShowQuestion()), st.just(c.OpenBuzzers()),
    st.builds(c.Buzz, team_id=st.sampled_from(TEAMS), device=st.text("abcdef", min_size=1, max_size=2),
              window=st.sampled_from([0.0, 0.0, 0.1]), corrected=st.none()),
    st.builds(c.Judge, correct=st.booleans()),
    st.builds(c.PickTier, team_id=st.sampled_from(TEAMS), tier=st.sampled_from([10, 20, 30, None])),
    st.builds(c.SubmitAnswer, team_id=st.sampled_from(TEAMS), answer=st.sampled_from(["A", "B", "AB"])),
    st.just(c.CloseAnswers()), st.just(c.Reveal()), st.just(c.SkipQuestion()), st.just(c.EndRound()),
    st.builds(c.AdjustScore, team_id=st.sampled_from(TEAMS), delta=st.integers(-20, 20), reason=st.just("调整")),
    st.just(c.Undo()), st.just(c.PauseTimer()), st.just(c.ResumeTimer()), st.just(c.StartTieBreak()),
    st.builds(c.TimeUp, purpose=st.sampled_from(["answer", "start", "no_buzz", "window", "collect"])),
)
ROUNDS = ({"kind": "compulsory"}, {"kind": "buzz", "settings": {"false_start_policy": "cumulative"}},
          {"kind": "risk"}, {"kind": "all_answer"}, {"kind": "buzz"})


def _run(commands, gaps):
    lg = contest(*ROUNDS)
    now = 1.0
    for command, gap in zip(commands, gaps, strict=False):
        now += gap
        before_state, before_len = lg.state, len(lg.log)
        try:
            lg.execute(command, now)
        except DomainError:
            assert lg.state is before_state and len(lg.log) == before_len
            continue
        yield lg, before_state, command


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(COMMANDS, max_size=60), st.lists(st.floats(0, 40), min_size=60, max_size=60))
def test_invariants_hold_for_any_command_sequence(commands, gaps):
    for lg, before, command in _run(commands, gaps):
        state = lg.state
        # the version is the log position: it only ever grows, so clients never drop a view as stale
        assert state.version == len(lg.log) > before.version
        # replaying the log equals the incrementally built state
        assert QUIZ.replay(lg.log) == state
        # total score = base + every recorded score change that is still in effect
        live = [e for e in lg.log if e.batch not in _cancelled(lg)]
        for team in state.teams.values():
            deltas = sum(e.event.delta for e in live
                         if isinstance(e.event, ev.ScoreChanged | ev.ScoreAdjusted) and e.event.team_id == team.id)
            assert team.score == state.base_score + deltas
        # no team ever holds two accepted buzzes for one question (per opening)
        if state.episode is not None:
            valid = [p.team_id for p in state.episode.current_presses() if p.decision == "valid"]
            assert len(valid) == len(set(valid))
        # undoing the last action restores the state before it (up to the version counter and the clock)
        if not isinstance(command, c.Undo) and len(state.history) > 1:
            undone = QUIZ.replay([*lg.log, *_undo_entries(lg)])
            assert _comparable(undone) == _comparable(before)


def _cancelled(lg):
    from quizapp.core.engine import cancelled_batches

    return cancelled_batches(lg.log)


def _undo_entries(lg):
    from quizapp.core.engine import Entry
    from quizapp.core.quiz.rulebook import QUIZ

    events = QUIZ.decide(lg.state, c.Undo(), lg.log[-1].event.at)
    batch = lg.log[-1].batch + 1
    return [Entry(len(lg.log) + 1 + i, batch, "test", e) for i, e in enumerate(events)]


def _comparable(state):
    """State without the bookkeeping an undo legitimately changes (version, history, paused clock)."""
    import copy

    s = copy.deepcopy(state)
    s.version, s.history, s.last_batch = 0, [], 0
    s.timer = None if s.timer is None else (s.timer.purpose, s.timer.seconds)
    return s


def test_hidden_scores_and_stems_stay_hidden_outside_the_host_view():
    from quizapp.core.quiz.views import view_for

    lg = contest({"kind": "buzz", "settings": {"hide_scores": True, "hide_stem": True, "arbitration": "arrival"}})
    lg.execute(c.StartRound(), 0)
    lg.execute(c.ShowQuestion(), 1)
    lg.execute(c.Buzz(team_id="t2", device="x"), 1.5)  # a foul: would reveal a deduction
    lg.execute(c.OpenBuzzers(), 2)
    lg.execute(c.Buzz(team_id="t1", device="a"), 3)
    lg.execute(c.Judge(correct=True), 4)
    for audience in ("screen", "watch", "team"):
        view = view_for(lg.state, audience, "t3")
        assert {t["score"] for t in view["teams"]} == {None}
        assert view["round"]["fouls"] == {}
        assert {j["points"] for j in view["episode"]["judgements"]} == {None}
    assert view_for(lg.state, "screen")["episode"]["question"]["stem"] == ""
    assert view_for(lg.state, "watch")["episode"]["question"]["stem_hidden"] is True
    host = view_for(lg.state, "host")
    assert {t["id"]: t["score"] for t in host["teams"]} == {"t1": 110, "t2": 90, "t3": 100}
    assert host["episode"]["question"]["stem"]
