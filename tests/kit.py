"""Test kit: build in-memory contests quickly (shared by unit and integration tests)."""

from __future__ import annotations

from typing import Any

from quizapp.core import commands as c
from quizapp.core.ledger import Ledger
from quizapp.core.questions import Question, make_question
from quizapp.core.rounds import RoundSpec


def q(i: int, qtype: str = "single", answer: Any = "B", difficulty: int = 1) -> Question:
    """Question number ``i`` of a type; choice questions have options A–D."""
    options = ["甲", "乙", "丙", "丁"] if qtype in ("single", "multiple") else []
    return make_question({"id": f"q{i}", "type": qtype, "stem": f"第{i}题", "options": options,
                          "answer": answer, "difficulty": difficulty, "explanation": "解析"})


def contest(*rounds: dict[str, Any], teams: int = 3, questions: int = 12) -> Ledger:
    """A contest with ``teams`` teams (t1…) and each round queued with fresh questions."""
    ledger = Ledger()
    specs = tuple(RoundSpec.from_dict(r) for r in rounds)
    ledger.execute(c.CreateContest(title="测试赛", rounds=specs), 0.0)
    for n in range(teams):
        ledger.execute(c.AddTeam(name=f"队{n + 1}"), 0.0)
    for index in range(len(specs)):
        qs = tuple(q(index * 100 + i, difficulty=1 + i % 3) for i in range(questions))
        ledger.execute(c.QueueQuestions(round_index=index, questions=qs), 0.0)
    return ledger


def scores(ledger: Ledger) -> dict[str, int]:
    """Team id -> score."""
    return {t.id: t.score for t in ledger.state.teams.values()}
