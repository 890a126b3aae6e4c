"""Risk rounds keep their promise: a tier gets only its own difficulty, for every team."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from quizapp.core.errors import DomainError
from quizapp.core.quiz import commands as c
from quizapp.core.quiz.rounds import RoundSpec
from quizapp.questionbank.loader import Bank, RoundPlan, load_banks, load_presets
from quizapp.questionbank.selection import choose, choose_all
from quizapp.services.setup import TeamSpec, create_from_preset
from tests.kit import contest, q


def risk_plan(count: int = 12, tiers: tuple[int, ...] = (10, 20, 30)) -> RoundPlan:
    spec = RoundSpec.from_dict({"kind": "risk", "title": "第三轮 风险题", "settings": {"tiers": list(tiers)}})
    return RoundPlan(spec=spec, count=count, per_team=0, types=("single",))


def pool(easy: int, medium: int, hard: int) -> list:
    levels = [1] * easy + [2] * medium + [3] * hard
    return [q(i, difficulty=d) for i, d in enumerate(levels)]


def test_risk_round_queues_enough_of_each_difficulty_for_every_team_to_stake_it():
    chosen = choose(risk_plan(count=3), pool(20, 20, 20), 8, set(), random.Random(1))
    assert Counter(x.difficulty for x in chosen) == {1: 8, 2: 8, 3: 8}


def test_too_few_hard_questions_is_refused_naming_the_tier_and_the_shortage():
    with pytest.raises(DomainError) as err:
        choose(risk_plan(), pool(20, 20, 5), 8, set(), random.Random(1))
    assert err.value.code == "not_enough_questions"
    assert "30 分档" in err.value.message and "需要 8 道" in err.value.message
    assert "只有 5 道" in err.value.message and "还差 3 道" in err.value.message


def test_risk_round_chooses_before_earlier_rounds_can_spend_its_hard_questions():
    buzz = RoundPlan(spec=RoundSpec.from_dict({"kind": "buzz"}), count=10, per_team=0, types=("single",))
    for seed in range(20):
        rounds = choose_all([buzz, risk_plan()], pool(12, 12, 12), 4, random.Random(seed))
        assert Counter(x.difficulty for x in rounds[1])[3] >= 4


def test_top_tier_never_gets_an_easier_question_when_its_difficulty_runs_out():
    lg = contest({"kind": "risk", "settings": {"pick_order": "desk"}}, teams=3, questions=0)
    lg.execute(c.QueueQuestions(round_index=0, questions=(q(1, difficulty=3), q(2, difficulty=1),
                                                          q(3, difficulty=1))), 0)
    lg.execute(c.StartRound(), 0)
    lg.execute(c.PickTier(team_id="t1", tier=30), 1)
    lg.execute(c.ShowQuestion(), 2)
    assert lg.state.episode.question.difficulty == 3
    lg.execute(c.Judge(correct=True), 3)
    lg.execute(c.PickTier(team_id="t2", tier=30), 4)
    with pytest.raises(DomainError) as err:
        lg.execute(c.ShowQuestion(), 5)
    assert err.value.code == "no_tier_questions" and "难度 3" in err.value.message


class NoService:
    """Fails the test if anything is created."""

    def create(self, *a, **kw):  # noqa: ANN002, ANN003
        raise AssertionError("a contest was created although its banks cannot serve it")


def test_creating_a_contest_the_banks_cannot_serve_is_refused_before_anything_is_made():
    preset = load_presets()["party-constitution"]
    thin = Bank("party-constitution", "党章知识", "x.yaml",
                questions=[x for x in load_banks()["party-constitution"].questions if x.difficulty < 3])
    teams = [TeamSpec(name=f"{i}号队") for i in range(6)]
    with pytest.raises(DomainError) as err:
        create_from_preset(NoService(), preset, {"party-constitution": thin}, teams, seed=1)  # type: ignore[arg-type]
    assert "30 分档" in err.value.message and "还差 6 道" in err.value.message


@pytest.mark.parametrize("preset_id", ["party-constitution", "dorm-life", "practice"])
def test_shipped_presets_serve_every_contest_size_up_to_twelve_teams(preset_id):
    preset = load_presets()[preset_id]
    banks = load_banks()
    everything = [x for b in preset.banks for x in banks[b].questions]
    for teams in range(2, 13):
        for seed in range(3):
            rounds = choose_all(preset.rounds, everything, teams, random.Random(seed))
            ids = [x.id for r in rounds for x in r]
            assert len(ids) == len(set(ids))
