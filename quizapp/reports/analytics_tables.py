"""The analytics as tables (header, rows): one source for the page's tables and the Excel sheets.

Numbers stay numbers (percent with one decimal, seconds with two) so a
spreadsheet can sort and chart them; the page formats them by column unit.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from ..core.engine import Entry
from ..core.results_format import round_half_up
from .analytics import (
    BankAnalytics,
    ContestAnalytics,
    QuestionStats,
    contest_analytics,
    five_numbers,
    hardest,
)

Table = tuple[list[str], list[list[Any]]]
SHEETS = ("题目分析", "分类正确率", "反应时间")
PERCENT, SECONDS = "（%）", "（秒）"


def percent(rate: Fraction | None) -> float | None:
    """66.7 for 2/3 (half up, exact); None when nothing was judged."""
    return None if rate is None else float(round_half_up(rate * 100, 1))


def seconds(value: float | None) -> float | None:
    """0.42 for 0.4200…; None when there is no time."""
    if value is None:
        return None
    return float(Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def question_table(questions: Sequence[QuestionStats], *, across: bool = False) -> Table:
    """题目分析: per question the verdicts, correct rate, presses, fouls and median reaction."""
    header = ["序号", "题目编号", "题目", "标签", *(["比赛场数"] if across else []), "出题次数", "作答次数", "答对次数",
              f"正确率{PERCENT}", "按键次数", "犯规次数", f"反应时间中位数{SECONDS}"]
    rows = []
    for s in questions:
        q = s.question
        rows.append([s.number, q.id, q.stem, "、".join(q.tags), *([s.contests] if across else []), s.shown,
                     s.tally.judged, s.tally.correct, percent(s.tally.rate), s.presses, s.false_starts,
                     seconds(s.median_reaction)])
    return header, rows


def hardest_table(questions: Sequence[QuestionStats], limit: int = 10) -> Table:
    """最难的题: lowest correct rate first, ties by slower median reaction."""
    header = ["名次", "题目编号", "题目", "标签", f"正确率{PERCENT}", "作答次数", "答对次数", f"反应时间中位数{SECONDS}"]
    rows = [[i, s.question.id, s.question.stem, "、".join(s.question.tags), percent(s.tally.rate), s.tally.judged,
             s.tally.correct, seconds(s.median_reaction)]
            for i, s in enumerate(hardest(questions, limit), start=1)]
    return header, rows


def tag_table(data: ContestAnalytics) -> Table:
    """分类正确率: per tag, each team's verdicts and correct rate (teams in desk order)."""
    header = ["标签", "队伍", "作答次数", "答对次数", f"正确率{PERCENT}"]
    rows = []
    for tag, by_team in data.tags.items():
        for team_id, label in data.teams:
            tally = by_team.get(team_id)
            if tally is not None:
                rows.append([tag, label, tally.judged, tally.correct, percent(tally.rate)])
    return header, rows


def bank_tag_table(data: BankAnalytics) -> Table:
    """分类正确率 across contests: per tag, its questions' verdicts together."""
    header = ["标签", "题数", "作答次数", "答对次数", f"正确率{PERCENT}"]
    counts = {tag: sum(tag in s.question.tags for s in data.questions) for tag in data.tags}
    rows = [[tag, counts[tag], t.judged, t.correct, percent(t.rate)] for tag, t in data.tags.items()]
    rows.sort(key=lambda r: (r[4] is None, r[4] if r[4] is not None else 0.0))  # ties keep first-seen order
    return header, rows


def reaction_table(data: ContestAnalytics) -> Table:
    """反应时间: per team, how many presses were timed and their five-number summary and mean."""
    header = ["队伍", "计时次数", f"最短{SECONDS}", f"下四分位{SECONDS}", f"中位数{SECONDS}", f"上四分位{SECONDS}",
              f"最长{SECONDS}", f"平均{SECONDS}"]
    rows: list[list[Any]] = []
    for team_id, label in data.teams:
        values = data.reactions.get(team_id, [])
        five = five_numbers(values)
        summary = [seconds(v) for v in five] if five else [None] * 5
        mean = seconds(sum(values) / len(values)) if values else None
        rows.append([label, len(values), *summary, mean])
    return header, rows


def contest_tables(data: ContestAnalytics) -> dict[str, Table]:
    """The three analytics sheets of one contest, in workbook order."""
    return {"题目分析": question_table(data.questions), "分类正确率": tag_table(data), "反应时间": reaction_table(data)}


def sheets(log: Sequence[Entry]) -> dict[str, Table]:
    """The analytics sheets the Excel export appends after its own."""
    return contest_tables(contest_analytics(log))
