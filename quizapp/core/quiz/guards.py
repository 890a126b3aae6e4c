"""Preconditions shared by the rules, each raising a DomainError a host can act on."""

from __future__ import annotations

from ..errors import DomainError
from ..labels import PHASE_LABELS as PHASE_LABELS
from .state import ContestState, Episode, RoundState, TeamState


def require_running(state: ContestState) -> None:
    """The contest must have started and not finished."""
    if state.status == "finished":
        raise DomainError("contest_finished", "比赛已经结束")
    if state.status != "running":
        raise DomainError("contest_not_started", "比赛还没有开始，请先开始第一轮")


def require_round(state: ContestState, *kinds: str) -> RoundState:
    """A round must be running (optionally of one of ``kinds``)."""
    require_running(state)
    rnd = state.round
    if rnd is None or rnd.status != "running":
        raise DomainError("no_round", "当前没有进行中的轮次，请先开始一轮")
    if kinds and rnd.spec.kind not in kinds:
        raise DomainError("wrong_round", f"当前轮次“{rnd.spec.title}”不支持这个操作")
    return rnd


def require_episode(state: ContestState, *phases: str) -> Episode:
    """A question must be on stage (optionally in one of ``phases``)."""
    ep = state.episode
    if ep is None:
        raise DomainError("no_question", "当前没有题目，请先出题")
    if phases and ep.phase not in phases:
        raise DomainError("wrong_phase", f"当前状态为“{PHASE_LABELS.get(ep.phase, ep.phase)}”，不能这样操作")
    return ep


def require_team(state: ContestState, team_id: str) -> TeamState:
    """The team must exist."""
    team = state.teams.get(team_id)
    if team is None:
        raise DomainError("unknown_team", "没有这个参赛队")
    return team


def require_setup(state: ContestState) -> None:
    """Team changes are only allowed before the contest starts."""
    if state.status == "new":
        raise DomainError("no_contest", "比赛尚未创建")
    if state.status != "setup":
        raise DomainError("already_started", "比赛已开始，不能再更改参赛队")


def question_settled(state: ContestState) -> bool:
    """No question is half-way (nothing shown, or it is judged/void/with the audience)."""
    return state.episode is None or state.episode.phase in ("judged", "audience")
