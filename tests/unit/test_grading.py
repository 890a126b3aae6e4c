"""Fill-in grading accepts the variants a phone or a person commonly types, and nothing else."""

from __future__ import annotations

import pytest

from quizapp.core.quiz.grading import chinese_number, credit
from quizapp.core.quiz.questions import make_question


def fill(stem: str, *answers: str):
    return make_question({"id": "f", "type": "fill", "stem": stem, "answer": list(answers)})


@pytest.mark.parametrize("typed", ["十八岁", "18岁", "１８岁", "年满18岁", " 十八岁。"])
def test_numbers_widths_and_the_stems_own_words_are_accepted(typed):
    assert credit(fill("党章规定，年满____的中国工人……可以申请入党。", "十八岁"), typed) == 1.0


@pytest.mark.parametrize("typed", ["十七岁", "18", "八岁", "岁", "年满"])
def test_a_different_or_incomplete_answer_is_still_wrong(typed):
    assert credit(fill("党章规定，年满____的中国工人……可以申请入党。", "十八岁"), typed) == 0.0


def test_book_title_marks_are_optional():
    q = fill("入党积极分子学习的根本大法是____。", "《中国共产党章程》")
    assert credit(q, "中国共产党章程") == 1.0
    assert credit(q, "〈中国共产党章程〉") == 1.0
    assert credit(q, "中国共产党党章程") == 0.0


def test_the_word_after_the_blank_may_be_repeated():
    q = fill("正确的洗手方法通常称为“____步洗手法”。", "七")
    assert [credit(q, t) for t in ("7", "七步", "7步洗手法", "六步", "六")] == [1.0, 1.0, 1.0, 0.0, 0.0]


def test_chinese_numerals():
    assert [chinese_number(t) for t in ("十八", "两", "一百二十", "二〇二二", "九六一一〇", "甲")] == \
        [18, 2, 120, 2022, 96110, None]


def test_key_points_reach_the_host_only():
    from quizapp.core.quiz import commands as c
    from quizapp.core.quiz.views import view_for
    from tests.kit import contest

    short = make_question({"id": "s", "type": "short", "stem": "简述燃气泄漏的处置步骤。", "answer": "关阀、开窗、室外报警。",
                           "key_points": ["关阀", "开窗", "室外报警"], "explanation": "依据。"})
    lg = contest({"kind": "compulsory"})
    lg.execute(c.StartRound(), 0)
    lg.execute(c.ShowQuestion(question=short), 1)
    assert view_for(lg.state, "host")["episode"]["question"]["key_points"] == ["关阀", "开窗", "室外报警"]
    lg.execute(c.Judge(correct=True), 2)
    lg.execute(c.Reveal(), 3)
    assert view_for(lg.state, "screen")["episode"]["question"]["key_points"] is None
    assert view_for(lg.state, "team", "t1")["episode"]["question"]["key_points"] is None
