"""Creating contests from presets: rounds, teams and questions dealt from banks."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..core import commands as cmd
from ..core.questions import Question
from ..core.sports_engine import load_sports_preset
from ..questionbank.loader import Bank, Preset
from ..questionbank.selection import choose
from .contests import ContestService


@dataclass(frozen=True)
class TeamSpec:
    """A team to add: name, optional desk and colour, roster."""

    name: str
    desk: int | None = None
    colour: str = ""
    members: tuple[str, ...] = ()


def create_from_preset(service: ContestService, preset: Preset, banks: dict[str, Bank],
                       teams: Sequence[TeamSpec], title: str = "", seed: int | None = None,
                       actor: str = "host") -> str:
    """Create a contest, add its teams and queue every round's questions."""
    specs = tuple(plan.spec for plan in preset.rounds)
    contest_id = service.create(cmd.CreateContest(title=title or preset.title, rounds=specs,
                                                  base_score=preset.base_score, preset=preset.id),
                                actor=actor)
    for team in teams:
        service.execute(contest_id, cmd.AddTeam(name=team.name, desk=team.desk, colour=team.colour,
                                                members=team.members), actor)
    pool: list[Question] = [q for b in preset.banks if b in banks for q in banks[b].questions]
    rng = random.Random(seed)
    used: set[str] = set()
    for index, plan in enumerate(preset.rounds):
        questions = choose(plan, pool, max(len(teams), 1), used, rng)
        service.execute(contest_id, cmd.QueueQuestions(round_index=index, questions=tuple(questions)),
                        actor)
    return contest_id


def create_sports_day(service: ContestService, preset: dict[str, Any],
                      teams: Sequence[tuple[str, str, str]], actor: str = "host") -> str:
    """Create a sports day (or a judge-panel event such as 文明宿舍评比) from a preset."""
    commands = load_sports_preset(preset, teams)
    contest_id = service.create(commands[0], kind="sports", actor=actor)
    for command in commands[1:]:
        service.execute(contest_id, command, actor)
    return contest_id
