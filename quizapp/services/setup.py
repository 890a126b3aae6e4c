"""Creating contests from presets: rounds, teams and questions dealt from banks."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..core.quiz import commands as cmd
from ..core.quiz.questions import Question
from ..core.sports.presets import load_sports_preset
from ..questionbank.loader import Bank, Preset
from ..questionbank.selection import choose_all, matching
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
    """Create a contest, add its teams and queue every round's questions.

    Questions are chosen before anything is created, so a preset the banks cannot
    serve (e.g. too few hard questions for every team to stake the top risk tier)
    is refused with the shortage and leaves no half-made contest behind.
    """
    pool: list[Question] = [q for b in preset.banks if b in banks for q in banks[b].questions]
    chosen = choose_all(preset.rounds, pool, max(len(teams), 1), random.Random(seed))
    specs = tuple(plan.spec for plan in preset.rounds)
    contest_id = service.create(cmd.CreateContest(title=title or preset.title, rounds=specs,
                                                  base_score=preset.base_score, preset=preset.id),
                                actor=actor)
    for team in teams:
        service.execute(contest_id, cmd.AddTeam(name=team.name, desk=team.desk, colour=team.colour,
                                                members=team.members), actor)
    for index, questions in enumerate(chosen):
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


def start_tiebreak(service: ContestService, catalog: Any, contest_id: str, teams: tuple[str, ...] = (),
                   actor: str = "host") -> list[Any]:
    """Start a tie-break with the preset's settings and queue its questions from the preset's banks.

    Questions already asked or queued in this contest are never dealt again.
    """
    state = service.state(contest_id)
    preset = catalog.presets.get(state.preset)
    plan = preset.tiebreak if preset else None
    entries = service.execute(contest_id, cmd.StartTieBreak(teams=teams, spec=plan.spec if plan else None),
                              actor)
    if plan is None or not entries:  # no preset plan, or a retried command already applied
        return entries
    state = service.state(contest_id)
    used = set(state.asked_ids) | {q.id for r in state.rounds for q in r.queue}
    pool = [q for b in preset.banks if b in catalog.banks for q in catalog.banks[b].questions]
    candidates = matching(pool, plan, used)
    if not candidates:  # the host can still pick questions by hand in the console
        return entries
    questions = random.Random().sample(candidates, min(plan.count or 5, len(candidates)))
    return entries + service.execute(
        contest_id, cmd.QueueQuestions(round_index=len(state.rounds) - 1, questions=tuple(questions)), actor)
