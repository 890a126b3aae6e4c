"""Choosing questions: no repeats, filters, and a fair deal in compulsory rounds."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from quizapp.core.errors import DomainError
from quizapp.core.quiz.rounds import RoundSpec
from quizapp.questionbank.loader import RoundPlan, load_banks
from quizapp.questionbank.selection import choose

POOL = [q for b in load_banks().values() for q in b.questions]


def plan(kind="buzz", **kw):
    return RoundPlan(spec=RoundSpec.from_dict({"kind": kind}), count=kw.pop("count", 10),
                     per_team=kw.pop("per_team", 0), types=tuple(kw.pop("types", ())), **kw)


def test_compulsory_deal_gives_every_team_the_same_mix():
    chosen = choose(plan("compulsory", per_team=3), POOL, 4, set(), random.Random(1))
    assert len(chosen) == 12
    hands = [Counter((q.type, q.difficulty) for q in chosen[t::4]) for t in range(4)]
    assert all(h == hands[0] for h in hands)


def test_filters_and_no_repeats_across_rounds():
    used: set[str] = set()
    rng = random.Random(2)
    first = choose(plan(types=["true_false"], difficulty=(1,), count=8), POOL, 4, used, rng)
    second = choose(plan(types=["true_false"], difficulty=(1,), count=8), POOL, 4, used, rng)
    assert all(q.type == "true_false" and q.difficulty == 1 for q in first + second)
    assert not {q.id for q in first} & {q.id for q in second}
    tagged = choose(plan(tags=("消防安全",), count=5), POOL, 4, used, rng)
    assert all("消防安全" in q.tags for q in tagged)


def test_asking_for_more_than_the_banks_hold_is_a_clear_error():
    with pytest.raises(DomainError) as err:
        choose(plan(types=["short"], count=500), POOL, 4, set(), random.Random(3))
    assert err.value.code == "not_enough_questions" and "题库中只有" in err.value.message
