"""What the host may do now: every console action, whether it is available, and why not.

The console must not keep its own copy of the rules, so the answer comes from
the rules themselves: each action is tried as a dry run of the quiz ``decide``
with the command the console sends for it, and a refusal's zh-CN message is the
reason shown on the disabled button. ``decide`` never changes the state, so
trying every action is safe and cheap. ``suggest`` names the next step of a
round, highlighted on the console.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..engine import undoable
from ..errors import DomainError
from . import commands as cmd
from .questions import Question
from .state import ContestState

Decide = Callable[[ContestState, Any, float], Sequence[Any]]

# A question no contest has asked: "show a chosen question" and "queue questions" are tried with it,
# so the dry run checks the moment (round, phase, turn) and not whether a bank question is left.
PROBE = Question(id="\x00probe", type="single", stem="", answer=("A",), options=("", ""))

# The steps of a round in the order they come: the first available one is the suggestion.
# "picker" stands for "add questions" and is only suggested when "next" lacks a question.
FLOW = ("open", "close", "correct", "reveal", "pickTier", "next", "picker", "endRound", "startRound",
        "tiebreak", "finish")
_OUT_OF_QUESTIONS = ("no_questions", "no_tier_questions")


def quiz_decide() -> Decide:
    """The knowledge contest's ``decide`` (its rulebook's, the one the server runs).

    Imported when first asked for: the views import this module while they load,
    and the rulebook imports the views.
    """
    from .rulebook import QUIZ
    return QUIZ.decide


def _turn_team(state: ContestState) -> str:
    """The team a 风险题 tier is picked for (any team once every turn is served: the rules say why not)."""
    rnd = state.round
    if rnd is not None and rnd.turn_served < len(rnd.turn_order):
        return rnd.turn_order[rnd.turn_served]
    teams = state.teams_by_desk()
    return teams[0].id if teams else ""


def _picker_round(state: ContestState) -> int:
    """The round the 选题 dialog starts on: the one being played, else the first not ended."""
    rnd = state.round
    if rnd is not None and rnd.status == "running":
        return rnd.index
    open_rounds = [r.index for r in state.rounds if r.status != "ended"]
    return open_rounds[0] if open_rounds else max(len(state.rounds) - 1, 0)


def console_commands(state: ContestState) -> dict[str, cmd.Command]:
    """Every console action and the command the console sends for it in this state.

    Per-team judging (共答, ``correct:<team>``/``wrong:<team>``) and per-round question
    queues (``queue:<round>``) are actions of their own.
    """
    teams = state.teams_by_desk()
    last = state.history[-1].batch if undoable(state) else None  # the view's undo_batch
    first_team = teams[0].id if teams else ""
    tier = state.round.spec.settings.tiers[0] if state.round and state.round.spec.settings.tiers else 0
    out: dict[str, cmd.Command] = {
        "startRound": cmd.StartRound(),
        "next": cmd.ShowQuestion(),
        "showChosen": cmd.ShowQuestion(question=PROBE),
        "open": cmd.OpenBuzzers(),
        "correct": cmd.Judge(correct=True),
        "wrong": cmd.Judge(correct=False),
        "close": cmd.CloseAnswers(),
        "reveal": cmd.Reveal(),
        "skip": cmd.SkipQuestion(),
        "timer": cmd.StartTimer(),
        "pause": cmd.PauseTimer(),
        "resume": cmd.ResumeTimer(),
        "undo": cmd.Undo(batch=last),
        "endRound": cmd.EndRound(),
        "tiebreak": cmd.StartTieBreak(),
        "finish": cmd.FinishContest(),
        "picker": cmd.QueueQuestions(round_index=_picker_round(state), questions=(PROBE,)),
        "pickTier": cmd.PickTier(team_id=_turn_team(state), tier=tier),
        "pickSkip": cmd.PickTier(team_id=_turn_team(state), tier=None),
        "adjust": cmd.AdjustScore(team_id=first_team, delta=1, reason="调分"),
        "rehearsalStart": cmd.StartRehearsal(),
        "rehearsalReset": cmd.ResetRehearsal(),
    }
    if state.episode is not None and state.round is not None and state.round.spec.kind == "all_answer":
        for team in teams:  # only 共答 judges team by team; elsewhere 100 rows of "not now" would ride every view
            out[f"correct:{team.id}"] = cmd.Judge(correct=True, team_id=team.id)
            out[f"wrong:{team.id}"] = cmd.Judge(correct=False, team_id=team.id)
    for rnd in state.rounds:
        out[f"queue:{rnd.index}"] = cmd.QueueQuestions(round_index=rnd.index, questions=(PROBE,))
    return out


def dry_run(decide: Decide, state: ContestState, command: cmd.Command, now: float) -> DomainError | None:
    """The refusal ``command`` would get at ``now``, or None when the rules accept it."""
    try:
        decide(state, command, now)
    except DomainError as refusal:
        return refusal
    return None


def host_actions(state: ContestState, now: float,
                 decide: Decide | None = None) -> tuple[dict[str, dict[str, Any]], str]:
    """``({action: {"on": bool, "why": zh-CN reason or ""}}, suggested action or "")`` at ``now``."""
    run = decide or quiz_decide()
    actions: dict[str, dict[str, Any]] = {}
    codes: dict[str, str] = {}
    for name, command in console_commands(state).items():
        refusal = dry_run(run, state, command, now)
        actions[name] = {"on": refusal is None, "why": refusal.message if refusal else ""}
        codes[name] = refusal.code if refusal else ""
    return actions, suggest(actions, codes)


def suggest(actions: dict[str, dict[str, Any]], codes: dict[str, str]) -> str:
    """The next step of a round: the first available one in :data:`FLOW`."""
    for name in FLOW:
        if name == "picker":
            if codes["next"] in _OUT_OF_QUESTIONS and actions["showChosen"]["on"]:
                return name
        elif actions[name]["on"]:
            return name
    return ""
