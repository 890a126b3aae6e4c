"""The analytics pages as sections (heading, SVG chart, table of the same numbers) for a template.

Cells are formatted here by their column's unit (``（%）`` one decimal,
``（秒）`` two), so the template only prints text and the Excel sheets keep
the raw numbers from the same tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..core.engine import Entry
from . import charts
from .analytics import (
    BankAnalytics,
    ContestAnalytics,
    QuestionStats,
    bank_analytics,
    contest_analytics,
    five_numbers,
)
from .analytics_tables import (
    PERCENT,
    SECONDS,
    Table,
    bank_tag_table,
    hardest_table,
    question_table,
    reaction_table,
    tag_table,
)


@dataclass(frozen=True)
class Section:
    """One block of the page: a heading, a note, an optional chart and its table."""

    id: str
    title: str
    note: str
    chart: str  # SVG markup (escaped where it holds people's text), or ""
    header: list[str]
    rows: list[list[str]]


def cell(header: str, value: Any) -> str:
    """A table cell as text: "—" for nothing, units by the column's header."""
    if value is None:
        return "—"
    if isinstance(value, float) and header.endswith(PERCENT):
        return f"{value:.1f}"
    if isinstance(value, float) and header.endswith(SECONDS):
        return f"{value:.2f}"
    return str(value)


def _section(sid: str, title: str, note: str, chart: str, table: Table) -> Section:
    header, rows = table
    return Section(sid, title, note, chart, header, [[cell(h, v) for h, v in zip(header, row, strict=True)]
                                                     for row in rows])


def _rate_text(s: QuestionStats) -> str:
    rate = s.tally.rate
    return "未作答" if rate is None else f"{float(rate) * 100:.1f}%（{s.tally.correct}/{s.tally.judged}）"


def _question_bars(sid: str, questions: Sequence[QuestionStats]) -> str:
    rows = [(f"{s.number}. {s.question.id}", f"{s.question.id} {s.question.stem}",
             float(s.tally.rate) if s.tally.rate is not None else None, _rate_text(s)) for s in questions]
    return charts.rate_bars(sid, "每题正确率", rows)


def contest_sections(data: ContestAnalytics) -> list[Section]:
    """The single-contest page: questions, hardest, tags × teams, reaction times."""
    teams = [label for _, label in data.teams]
    cells = [[(float(t.rate) if (t := by_team.get(tid)) and t.rate is not None else None,
               f"{t.correct}/{t.judged}（{float(t.rate or 0) * 100:.0f}%）" if t else "")
              for tid, _ in data.teams] for by_team in data.tags.values()]
    boxes = [(label, five_numbers(data.reactions.get(tid, [])), len(data.reactions.get(tid, [])))
             for tid, label in data.teams]
    return [
        _section("questions", "每题正确率、抢答与反应时间",
                 "正确率 = 答对次数 ÷ 作答次数（改判后；部分正确不算答对）。按键次数含犯规；反应时间从开始抢答到各队"
                 "第一次有效按键，按校正后的按键时间计算。",
                 _question_bars("chart-questions", data.questions), question_table(data.questions)),
        _section("hardest", "最难的题", "正确率最低的题在前；正确率相同时，反应时间中位数更长的在前。", "",
                 hardest_table(data.questions)),
        _section("tags", "各分类（章节、专题）各队正确率", "按题目标签统计；一题有多个标签时计入每个标签。",
                 charts.heatmap("chart-tags", "各分类各队正确率", list(data.tags), teams, cells) if data.tags else "",
                 tag_table(data)),
        _section("reactions", "各队反应时间分布",
                 "箱线图：线段两端为最短和最长，方框为上下四分位，红线为中位数。犯规的按键不计时。",
                 charts.box_plots("chart-reactions", "各队反应时间分布", boxes), reaction_table(data)),
    ]


def bank_sections(data: BankAnalytics) -> list[Section]:
    """The cross-contest page: questions of the bank, weakest tags, hardest questions."""
    _, tag_rows = bank_tag_table(data)
    bars = [(str(r[0]), f"{r[0]}：{r[3]}/{r[2]}", None if r[4] is None else r[4] / 100,
             "未作答" if r[4] is None else f"{r[4]:.1f}%（{r[3]}/{r[2]}）") for r in tag_rows]
    return [
        _section("tags", "各分类正确率（最弱的在前）", "合计所有已结束比赛中该分类题目的全部作答。",
                 charts.rate_bars("chart-tags", "各分类正确率", bars), bank_tag_table(data)),
        _section("hardest", "最难的题", "正确率最低的题在前；正确率相同时，反应时间中位数更长的在前。", "",
                 hardest_table(data.questions, limit=20)),
        _section("questions", "每题正确率、抢答与反应时间", "合计所有已结束、用过本题库的比赛。",
                 _question_bars("chart-questions", data.questions), question_table(data.questions, across=True)),
    ]


def contest_view(log: Sequence[Entry]) -> tuple[ContestAnalytics, list[Section]]:
    """Analytics of one contest and its page sections."""
    data = contest_analytics(log)
    return data, contest_sections(data)


def bank_view(bank: str, logs: Iterable[tuple[str, Sequence[Entry]]]) -> tuple[BankAnalytics, list[Section]]:
    """Aggregated analytics of one bank and its page sections (none when no finished contest used it)."""
    data = bank_analytics(bank, logs)
    return data, bank_sections(data) if data.contests else []
