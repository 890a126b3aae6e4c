"""The host's actions in the view are the rules' own answers: an action shown as available is
accepted when the console sends it, an unavailable one is refused with the reason shown."""

from __future__ import annotations

import contextlib
import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.core.errors import DomainError
from quizapp.core.ledger import Ledger
from quizapp.core.quiz import commands as c
from quizapp.core.quiz.actions import FLOW, console_commands, host_actions
from quizapp.core.quiz.views import view_for
from tests.kit import contest, q

# every action the console's buttons, keys, tier buttons, 共答 judging and 选题 dialog use
CONSOLE = {"startRound", "next", "showChosen", "open", "correct", "wrong", "close", "reveal", "skip", "timer",
           "pause", "resume", "undo", "endRound", "tiebreak", "finish", "picker", "pickTier", "pickSkip",
           "adjust", "rehearsalStart", "rehearsalReset"}
ROUNDS = ({"kind": "compulsory", "title": "必答"}, {"kind": "buzz", "title": "抢答", "settings": {"arbitration": "arrival"}},
          {"kind": "all_answer", "title": "共答"}, {"kind": "risk", "title": "风险"})


def _on(ledger: Ledger, now: float = 0.0) -> dict[str, Any]:
    return view_for(ledger.state, "host", now=now)


def _check(ledger: Ledger, now: float) -> None:
    """Every action's on/why is what executing its command through the ledger does."""
    before = copy.deepcopy(ledger.state)
    actions, suggested = host_actions(ledger.state, now)
    assert ledger.state == before, "a dry run changed the state"
    commands = console_commands(ledger.state)
    assert set(actions) == set(commands) and set(actions) >= CONSOLE
    for name, command in commands.items():
        action = actions[name]
        if action["on"]:
            trial = copy.deepcopy(ledger)
            trial.execute(command, now)  # raises if the view offered something the rules refuse
            assert action["why"] == ""
        else:
            seen = len(ledger.log)
            try:
                ledger.execute(command, now)
            except DomainError as refusal:
                assert refusal.message == action["why"], name
            else:
                raise AssertionError(f"{name} was shown unavailable ({action['why']}) but was accepted")
            assert len(ledger.log) == seen and ledger.state == before
    assert suggested == "" or suggested == "picker" or actions[suggested]["on"]


def _moves(ledger: Ledger, now: float) -> list[tuple[c.Command, float]]:
    """What may happen next: a console action the view offers, a press, a 共答 answer, a tier, a deadline."""
    state = ledger.state
    actions, _ = host_actions(state, now)
    out = [(command, now) for name, command in console_commands(state).items() if actions[name]["on"]]
    for team in state.teams_by_desk():
        out.append((c.Buzz(team_id=team.id, device=f"d-{team.id}"), now))
        out.append((c.SubmitAnswer(team_id=team.id, answer="B"), now))
        for tier in (10, 20, 30):
            out.append((c.PickTier(team_id=team.id, tier=tier), now))
    if state.timer is not None and state.timer.deadline is not None:
        out.append((c.TimeUp(purpose=state.timer.purpose), max(now, state.timer.deadline)))
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_available_actions_are_accepted_and_unavailable_ones_refused_with_their_reason(data):
    ledger = contest(*ROUNDS, teams=3, questions=3)
    now = 1.0
    _check(ledger, now)
    for _ in range(data.draw(st.integers(min_value=1, max_value=40))):
        moves = _moves(ledger, now)
        _, suggested = host_actions(ledger.state, now)
        if suggested and suggested != "picker" and data.draw(st.booleans()):  # move along, mostly
            command, when = console_commands(ledger.state)[suggested], now
        else:
            command, when = moves[data.draw(st.integers(min_value=0, max_value=len(moves) - 1))]
        with contextlib.suppress(DomainError):  # a press or answer the rules refuse
            ledger.execute(command, when)
        now = when + data.draw(st.sampled_from([0.0, 0.5, 3.0]))
        _check(ledger, now)


def test_a_round_suggests_each_step_in_turn():
    ledger = contest({"kind": "compulsory", "title": "必答"}, teams=2, questions=1)
    steps = [_on(ledger)["suggest"]]
    for command in (c.StartRound(), c.ShowQuestion(), c.Judge(correct=True), c.Reveal(),
                    c.QueueQuestions(round_index=0, questions=(q(901),)), c.ShowQuestion(),
                    c.Judge(correct=False), c.Reveal(), c.EndRound()):
        ledger.execute(command, 1.0)
        steps.append(_on(ledger)["suggest"])
    # out of questions after the first: "picker" (选题) until some are added; no tie at the end: finish
    assert steps == ["startRound", "next", "correct", "reveal", "picker", "next", "correct", "reveal",
                     "endRound", "finish"]


def test_unavailable_actions_say_the_rules_reason():
    ledger = contest({"kind": "compulsory", "title": "必答"}, {"kind": "buzz", "title": "抢答"}, teams=2)
    view = _on(ledger)
    assert view["actions"]["startRound"] == {"on": True, "why": ""}
    assert view["actions"]["finish"] == {"on": False, "why": "比赛没有在进行"}
    ledger.execute(c.StartRound(), 1.0)
    ledger.execute(c.ShowQuestion(), 1.0)
    view = _on(ledger, 1.0)
    assert view["actions"]["next"]["why"] == "当前题目还没有结束，请先判定或跳过"
    assert view["actions"]["correct"]["on"] and view["suggest"] == "correct"
    for _ in range(2):
        ledger.execute(c.Judge(correct=True), 1.0)
        if ledger.state.rounds[0].turn_served < 2:
            ledger.execute(c.ShowQuestion(), 1.0)
    view = _on(ledger, 1.0)
    assert view["actions"]["next"]["why"] == "本轮各队都已答完，请结束本轮"
    assert view["suggest"] == "reveal"


def test_pause_and_resume_follow_the_timer():
    ledger = contest({"kind": "compulsory", "title": "必答"}, teams=2)
    ledger.execute(c.StartRound(), 1.0)
    ledger.execute(c.ShowQuestion(), 1.0)
    actions = _on(ledger, 2.0)["actions"]
    assert actions["pause"]["on"] and actions["resume"]["why"] == "没有暂停中的计时"
    ledger.execute(c.PauseTimer(), 2.0)
    actions = _on(ledger, 3.0)["actions"]
    assert actions["resume"]["on"] and actions["pause"]["why"] == "没有正在进行的计时"


def test_only_the_host_view_carries_actions_and_every_view_carries_its_labels():
    ledger = contest({"kind": "compulsory", "title": "必答"}, teams=2)
    ledger.execute(c.StartRound(), 1.0)
    ledger.execute(c.ShowQuestion(), 1.0)
    for audience in ("team", "screen", "watch"):
        view = view_for(ledger.state, audience, "t1", now=1.0)
        assert "actions" not in view and "suggest" not in view
    host = _on(ledger, 1.0)
    assert host["status_label"] == "进行中" and host["rounds"][0]["status_label"] == "进行中"
    assert host["episode"]["phase_label"] == "作答中" and host["timer"]["label"] == "作答倒计时"
    ledger.execute(c.SkipQuestion(), 1.0)
    host = _on(ledger, 1.0)
    assert host["episode"]["outcome_label"] == "作废"
    assert host["history"][-1]["actor_label"] == "主持人"
    assert set(FLOW) <= CONSOLE
