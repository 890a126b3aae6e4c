"""Rules for building a contest: create, teams, rounds, question queues."""

from __future__ import annotations

import re

from ..errors import DomainError
from . import commands as cmd
from . import events as ev
from .guards import require_setup, require_team
from .state import MEMBER_LIMIT, TEAM_LIMIT, ContestState

# Okabe–Ito: told apart with every common colour-vision deficiency (desk numbers are shown too);
# a colour the host picks is kept as it is
TEAM_COLOURS = ("#0072b2", "#e69f00", "#009e73", "#d55e00", "#56b4e9", "#cc79a7", "#f0e442", "#000000")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def create(state: ContestState, c: cmd.CreateContest, now: float) -> list[ev.Event]:
    """A contest is created once, with a title, a base score and its rounds."""
    if state.status != "new":
        raise DomainError("contest_exists", "比赛已经创建过了")
    title = c.title.strip()
    if not 1 <= len(title) <= 60:
        raise DomainError("bad_title", "比赛名称应为 1 到 60 个字")
    if not -1000 <= c.base_score <= 10000:
        raise DomainError("bad_base_score", "基础分应在 -1000 到 10000 之间")
    if not c.rounds or len(c.rounds) > 30:
        raise DomainError("bad_rounds", "比赛至少要有 1 轮，最多 30 轮")
    return [ev.ContestCreated(at=now, title=title, base_score=c.base_score, rounds=c.rounds,
                              preset=c.preset)]


def _clean_team(state: ContestState, name: str, desk: int, colour: str,
                members: tuple[str, ...], team_id: str = "") -> tuple[str, str, tuple[str, ...]]:
    """Validate a team's fields; returns the cleaned name, colour and members."""
    name = name.strip()
    if not 1 <= len(name) <= 30:
        raise DomainError("bad_team_name", "队名应为 1 到 30 个字")
    if not 1 <= desk <= 999:
        raise DomainError("bad_desk", "台号应为 1 到 999 之间的整数")
    for other in state.teams.values():
        if other.id != team_id and other.desk == desk:
            raise DomainError("desk_taken", f"{desk}号台已被“{other.name}”使用")
        if other.id != team_id and other.name == name:
            raise DomainError("name_taken", f"队名“{name}”已存在")
    if not _COLOUR.match(colour):
        raise DomainError("bad_colour", "队伍颜色应为 #RRGGBB 格式")
    cleaned = tuple(m.strip() for m in members if m.strip())
    if len(cleaned) > MEMBER_LIMIT or any(len(m) > 20 for m in cleaned):
        raise DomainError("bad_members", f"每队最多 {MEMBER_LIMIT} 名队员，姓名最多 20 字")
    return name, colour.lower(), cleaned


def add_team(state: ContestState, c: cmd.AddTeam, now: float) -> list[ev.Event]:
    """Teams join during setup; desk and colour default to the next free ones."""
    require_setup(state)
    if len(state.teams) >= TEAM_LIMIT:
        raise DomainError("too_many_teams", f"最多 {TEAM_LIMIT} 支参赛队")
    desks = {t.desk for t in state.teams.values()}
    desk = c.desk if c.desk is not None else next(d for d in range(1, 1000) if d not in desks)
    colour = c.colour or TEAM_COLOURS[(state.next_team_no - 1) % len(TEAM_COLOURS)]
    name, colour, members = _clean_team(state, c.name, desk, colour, c.members)
    return [ev.TeamAdded(at=now, team_id=f"t{state.next_team_no}", name=name, desk=desk,
                         colour=colour, members=members)]


def update_team(state: ContestState, c: cmd.UpdateTeam, now: float) -> list[ev.Event]:
    """Names, desks, colours and rosters may be corrected at any time."""
    require_team(state, c.team_id)
    if state.status == "new":
        raise DomainError("no_contest", "比赛尚未创建")
    name, colour, members = _clean_team(state, c.name, c.desk, c.colour, c.members, c.team_id)
    return [ev.TeamUpdated(at=now, team_id=c.team_id, name=name, desk=c.desk, colour=colour,
                           members=members)]


def remove_team(state: ContestState, c: cmd.RemoveTeam, now: float) -> list[ev.Event]:
    """A team can be removed only before anyone has scored."""
    require_setup(state)
    require_team(state, c.team_id)
    return [ev.TeamRemoved(at=now, team_id=c.team_id)]


def queue_questions(state: ContestState, c: cmd.QueueQuestions, now: float) -> list[ev.Event]:
    """Set the questions a round will ask (replacing what was queued)."""
    if state.status in ("new", "finished"):
        raise DomainError("not_editable", "现在不能更改题目")
    if not 0 <= c.round_index < len(state.rounds):
        raise DomainError("unknown_round", "没有这一轮")
    if state.rounds[c.round_index].status == "ended":
        raise DomainError("round_ended", "这一轮已经结束")
    ids = [q.id for q in c.questions]
    if len(set(ids)) != len(ids):
        raise DomainError("duplicate_question", "同一轮中有重复的题目")
    if len(ids) > 500:
        raise DomainError("too_many_questions", "每轮最多 500 道题")
    asked = [i for i in ids if i in state.asked_ids]
    if asked:
        raise DomainError("already_asked", f"题目 {asked[0]} 在本场比赛中已经出过")
    return [ev.QuestionsQueued(at=now, round_index=c.round_index, questions=c.questions)]
