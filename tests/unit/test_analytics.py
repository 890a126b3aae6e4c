"""Analytics figures against the hand computation in tests/analytics_kit.py."""

from __future__ import annotations

import ast
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from quizapp.core.ledger import Ledger
from quizapp.core.quiz import commands as c
from quizapp.core.quiz.rulebook import QUIZ
from quizapp.reports.analytics import bank_analytics, contest_analytics, five_numbers, hardest
from quizapp.reports.analytics_tables import bank_tag_table, contest_tables, hardest_table, question_table
from tests.analytics_kit import A1, BANK, T0, create, played, question


@pytest.fixture(scope="module")
def data():
    return contest_analytics(played().log)


def test_per_question_rate_presses_fouls_and_median_reaction(data):
    header, rows = contest_tables(data)["题目分析"]
    assert header == ["序号", "题目编号", "题目", "标签", "出题次数", "作答次数", "答对次数", "正确率（%）", "按键次数",
                      "犯规次数", "反应时间中位数（秒）"]
    assert [[r[1], *r[4:]] for r in rows] == [
        ["a1", 1, 3, 2, 66.7, 0, 0, None],
        ["a2", 1, 3, 2, 66.7, 0, 0, None],  # t1's wrong answer overruled to right
        ["b1", 1, 2, 1, 50.0, 3, 1, 0.36],  # (0.42 corrected + 0.30 after the reopening) / 2
        ["b2", 1, 1, 1, 100.0, 2, 0, 0.55],  # the undone wrong verdict does not count
        ["b3", 1, 2, 1, 50.0, 2, 0, 0.6],
    ]
    assert rows[0][3] == "第一章 党员、第五条"


def test_reaction_uses_the_corrected_press_time_and_skips_fouls(data):
    b1 = next(s for s in data.questions if s.question.id == "b1")
    assert b1.reactions == [0.42, 0.3]  # not 0.50 (arrival); the foul before opening has no reaction
    assert b1.tally.rate == Fraction(1, 2)


def test_team_accuracy_per_tag(data):
    _, rows = contest_tables(data)["分类正确率"]
    assert rows == [
        ["第一章 党员", "1号台（队1）", 1, 1, 100.0],
        ["第一章 党员", "2号台（队2）", 2, 2, 100.0],
        ["第一章 党员", "3号台（队3）", 1, 0, 0.0],
        ["第五条", "1号台（队1）", 2, 2, 100.0],
        ["第五条", "2号台（队2）", 1, 1, 100.0],
        ["第五条", "3号台（队3）", 2, 0, 0.0],
        ["第二章 党的组织制度", "1号台（队1）", 2, 1, 50.0],
        ["第二章 党的组织制度", "2号台（队2）", 2, 2, 100.0],
        ["第二章 党的组织制度", "3号台（队3）", 1, 0, 0.0],
    ]


def test_reaction_distribution_per_team(data):
    header, rows = contest_tables(data)["反应时间"]
    assert header == ["队伍", "计时次数", "最短（秒）", "下四分位（秒）", "中位数（秒）", "上四分位（秒）", "最长（秒）",
                      "平均（秒）"]
    assert rows == [
        ["1号台（队1）", 3, 0.4, 0.41, 0.42, 0.51, 0.6, 0.47],  # 0.40, 0.42, 0.60 (b2's late press counts)
        ["2号台（队2）", 2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.4],
        ["3号台（队3）", 1, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8],
    ]


def test_hardest_questions_tie_on_rate_goes_to_the_slower_median(data):
    assert [s.question.id for s in hardest(data.questions)] == ["b3", "b1", "a1", "a2", "b2"]
    _, rows = hardest_table(data.questions, limit=2)
    assert rows == [[1, "b3", "题目b3", "第五条", 50.0, 2, 1, 0.6], [2, "b1", "题目b1", "第二章 党的组织制度", 50.0, 2, 1, 0.36]]


def test_a_question_nobody_answered_has_no_rate_and_is_not_among_the_hardest():
    lg = played(finish=False)
    lg.execute(c.ShowQuestion(question=question("z9", "总纲")), T0 + 135)
    lg.execute(c.OpenBuzzers(), T0 + 136)
    data = contest_analytics(lg.log)
    assert question_table(data.questions)[1][-1][4:] == [1, 0, 0, None, 0, 0, None]
    assert "z9" not in [s.question.id for s in hardest(data.questions)]
    assert "总纲" not in data.tags and data.finished is False


def test_bank_aggregates_finished_contests_only_and_only_that_banks_questions():
    first = played("第一场", T0)
    second = played("第二场", T0 + 86_400, finish=False)
    second.execute(c.ShowQuestion(question=question("x1", "总纲", bank="other-bank")), T0 + 86_535)
    second.execute(c.OpenBuzzers(), T0 + 86_536)
    second.execute(c.Buzz(team_id="t2", device="p2"), T0 + 86_537)
    second.execute(c.Judge(correct=True), T0 + 86_538)
    second.execute(c.FinishContest(), T0 + 86_540)
    unfinished = played("未结束", T0 + 2 * 86_400, finish=False)
    data = bank_analytics(BANK, [("c1", first.log), ("c2", second.log), ("c3", unfinished.log)])
    assert data.contests == [("c1", "第一场"), ("c2", "第二场")]
    _, rows = question_table(data.questions, across=True)
    assert [[r[1], *r[4:]] for r in rows] == [
        ["a1", 2, 2, 6, 4, 66.7, 0, 0, None],
        ["a2", 2, 2, 6, 4, 66.7, 0, 0, None],
        ["b1", 2, 2, 4, 2, 50.0, 6, 2, 0.36],
        ["b2", 2, 2, 2, 2, 100.0, 4, 0, 0.55],
        ["b3", 2, 2, 4, 2, 50.0, 4, 0, 0.6],
    ]
    assert bank_tag_table(data)[1] == [  # weakest tag first
        ["第五条", 2, 10, 6, 60.0],  # a1 (6 verdicts, 4 right) + b3 (4, 2)
        ["第二章 党的组织制度", 2, 10, 6, 60.0],  # a2 (6, 4) + b1 (4, 2)
        ["第一章 党员", 2, 8, 6, 75.0],  # a1 (6, 4) + b2 (2, 2)
    ]
    assert "总纲" not in data.tags
    other = bank_analytics("other-bank", [("c1", first.log), ("c2", second.log)])
    assert other.contests == [("c2", "第二场")]
    assert [(s.question.id, s.tally.judged, s.presses) for s in other.questions] == [("x1", 1, 1)]


def test_a_rehearsal_before_the_contest_is_not_counted(data):
    rehearsed = contest_analytics(played(rehearse=True).log)
    assert question_table(rehearsed.questions) == question_table(data.questions)
    assert contest_tables(rehearsed) == contest_tables(data)


def test_five_numbers():
    assert five_numbers([]) is None
    assert five_numbers([0.5]) == (0.5, 0.5, 0.5, 0.5, 0.5)
    assert five_numbers([4.0, 1.0, 3.0, 2.0, 5.0]) == (1.0, 2.0, 3.0, 4.0, 5.0)


def test_a_rehearsal_played_to_the_end_is_not_a_finished_contest():
    lg = Ledger(QUIZ)
    lg.execute(create("彩排中"), T0)
    for n in range(3):
        lg.execute(c.AddTeam(name=f"队{n + 1}"), T0)
    lg.execute(c.StartRehearsal(), T0 + 1)
    lg.execute(c.StartRound(), T0 + 2)
    lg.execute(c.ShowQuestion(question=A1), T0 + 3)
    for i in range(1, 4):
        lg.execute(c.SubmitAnswer(team_id=f"t{i}", answer="B"), T0 + 3 + i)
    lg.execute(c.FinishContest(), T0 + 10)
    assert lg.state.status == "finished"  # the rehearsal's own finish, undone by its reset
    data = contest_analytics(lg.log)
    assert (data.finished, data.questions, data.tags) == (False, [], {})
    assert bank_analytics(BANK, [("r1", lg.log)]).contests == []


def test_the_computation_imports_only_the_standard_library_and_the_core():
    reports = Path(__file__).resolve().parents[2] / "quizapp" / "reports"
    for name in ("analytics.py", "analytics_tables.py", "analytics_view.py", "charts.py"):
        for node in ast.walk(ast.parse((reports / name).read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:  # relative: ..core or a sibling of the list
                assert node.module is None or node.module.startswith("core") or node.module.startswith(
                    ("analytics", "charts")), f"{name} imports .{node.module}"
            elif isinstance(node, ast.Import | ast.ImportFrom):
                modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]
                for module in modules:
                    top = (module or "").split(".")[0]
                    assert top in sys.stdlib_module_names or module.startswith("quizapp.core"), f"{name}: {module}"


def test_charts_escape_names_tags_and_ids():
    from quizapp.reports import charts

    hostile = '<img src=x onerror=alert(1)>"'
    svg = (charts.rate_bars("c1", "标题", [(hostile, hostile, 0.5, "50.0%")])
           + charts.heatmap("c2", "标题", [hostile], [hostile], [[(1.0, "1/1")]])
           + charts.box_plots("c3", "标题", [(hostile, (0.1, 0.2, 0.3, 0.4, 0.5), 5)]))
    assert "<img" not in svg and '"' + "x" not in svg
    assert svg.count("&lt;img src=x onerror=alert(1)&gt;&quot;") >= 6
    assert svg.count('role="img"') == 3
