"""Choosing questions for a contest's rounds from banks.

Random without repeats across the whole contest; compulsory rounds are dealt
so every team gets the same mix of types and difficulties (fairness between
desks matters more than randomness).
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Sequence

from ..core.errors import DomainError
from ..core.quiz.questions import Question
from .loader import RoundPlan


def matching(pool: Iterable[Question], plan: RoundPlan, used: set[str]) -> list[Question]:
    """Unused questions of the plan's types, tags (any of them) and difficulties."""
    return [q for q in pool if q.id not in used
            and (not plan.types or q.type in plan.types)
            and (not plan.tags or any(t in q.tags for t in plan.tags))
            and (not plan.difficulty or q.difficulty in plan.difficulty)]


def deal_fair(pool: list[Question], teams: int, per_team: int, rng: random.Random) -> list[Question]:
    """``teams * per_team`` questions in turn order, each team's k-th question of the same
    (type, difficulty) class, so no desk is dealt a harder hand."""
    classes: dict[tuple[str, int], list[Question]] = defaultdict(list)
    for q in pool:
        classes[(q.type, q.difficulty)].append(q)
    usable = [k for k, qs in classes.items() if len(qs) >= teams]
    rng.shuffle(usable)
    usable.sort(key=lambda k: -len(classes[k]))
    dealt: list[list[Question]] = []
    for i in range(per_team):
        if not usable:
            raise DomainError("not_enough_questions", "题库中同类型、同难度的题目不够每队各分一道")
        key = usable[i % len(usable)]
        picks = rng.sample(classes[key], teams)
        for q in picks:
            classes[key].remove(q)
        if len(classes[key]) < teams:
            usable.remove(key)
        dealt.append(picks)
    # turn order: cycle through the teams, each cycle one class
    return [dealt[cycle][team] for cycle in range(per_team) for team in range(teams)]


def _risk(plan: RoundPlan, candidates: list[Question], teams: int, rng: random.Random) -> list[Question]:
    """Enough questions of every tier's difficulty for each team to stake that tier.

    A team answers one risk question, so the worst case of a tier is every team
    picking it: ``teams`` questions of its difficulty. The preset's ``count`` only
    adds spares, spread over the difficulties.
    """
    s = plan.spec.settings
    tiers_of: dict[int, list[int]] = defaultdict(list)
    for tier in s.tiers:
        tiers_of[s.tier_difficulty(tier)].append(tier)
    share = -(-(plan.count or 0) // len(tiers_of))
    chosen: list[Question] = []
    for level, tiers in sorted(tiers_of.items()):
        pool = [q for q in candidates if q.difficulty == level]
        if len(pool) < teams:
            names = "、".join(f"{t} 分档" for t in tiers)
            raise DomainError("not_enough_questions",
                              f"“{plan.spec.title}”的{names}只出难度 {level} 的题：{teams} 支队伍都选这一档时"
                              f"需要 {teams} 道，题库中只有 {len(pool)} 道合适的，还差 {teams - len(pool)} 道")
        chosen += rng.sample(pool, min(len(pool), max(teams, share)))
    rng.shuffle(chosen)
    return chosen


def choose(plan: RoundPlan, pool: list[Question], teams: int, used: set[str],
           rng: random.Random) -> list[Question]:
    """Questions for one round, marking them used."""
    candidates = matching(pool, plan, used)
    if plan.spec.kind == "compulsory":
        per_team = plan.per_team or plan.spec.settings.questions_per_team
        chosen = deal_fair(candidates, teams, per_team, rng)
    elif plan.spec.kind == "risk":
        chosen = _risk(plan, candidates, teams, rng)
    else:
        count = plan.count or 10
        if len(candidates) < count:
            raise DomainError("not_enough_questions",
                              f"“{plan.spec.title}”需要 {count} 道题，题库中只有 {len(candidates)} 道合适的")
        chosen = rng.sample(candidates, count)
    used.update(q.id for q in chosen)
    return chosen


def choose_all(plans: Sequence[RoundPlan], pool: list[Question], teams: int,
               rng: random.Random) -> list[list[Question]]:
    """Every round's questions, in round order; risk rounds choose first so their
    per-difficulty promise is not spent by earlier rounds. Raises DomainError (zh-CN)
    naming the round and the shortage when the banks cannot serve ``teams`` teams."""
    used: set[str] = set()
    out: dict[int, list[Question]] = {}
    order = sorted(range(len(plans)), key=lambda i: plans[i].spec.kind != "risk")
    for index in order:
        out[index] = choose(plans[index], pool, teams, used, rng)
    return [out[i] for i in range(len(plans))]


def shortage(plans: Sequence[RoundPlan], pool: list[Question], teams: int, tries: int = 3) -> str | None:
    """Why the pool cannot serve ``teams`` teams (None when some of a few seeded draws succeed)."""
    message = None
    for seed in range(tries):
        try:
            choose_all(plans, pool, teams, random.Random(seed))
            return None
        except DomainError as exc:
            message = exc.message
    return message
