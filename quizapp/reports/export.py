"""Contest results from the event log: Excel workbook and CSV sheets.

Everything is computed from the log alone. Undone batches (see
``engine.cancelled_batches``) appear in the 日志 sheet, flagged 已撤销, and are
never counted in scores or in 题目记录. Per-round scores add up to the final
score: base score + every round's ScoreChanged deltas + manual adjustments
(+ an 其他 column, only shown when something could not be placed in a round).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from ..core.engine import Entry, walk
from ..core.errors import DomainError
from ..core.labels import (
    DECISIONS,
    JUDGED_BY,
    OUTCOMES,
    TYPE_LABELS,
    YES,
    actor_label,
    answer_label,
    event_label,
)
from ..core.labels import verdict_label as _verdict
from ..core.quiz import events as ev
from ..core.quiz.describe import describe
from ..core.quiz.questions import Question
from ..core.quiz.ranking import ranking
from ..core.quiz.rehearsal import rehearsal_numbers, settled
from ..core.quiz.rulebook import QUIZ
from ..core.quiz.state import ContestState
from .analytics_tables import sheets as analytics_sheets

SHEETS = ("排名", "各轮得分", "题目记录", "彩排记录", "日志")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # characters an .xlsx cannot hold
_CSV_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def local_time(at: float | None, tz: tzinfo | None = None) -> str:
    """``2024-05-01 14:03:07.250`` in ``tz`` (the machine's local zone by default)."""
    if at is None:
        return ""
    moment = datetime.fromtimestamp(at, tz)
    return f"{moment:%Y-%m-%d %H:%M:%S}.{moment.microsecond // 1000:03d}"


def round_label(index: int, title: str) -> str:
    """``第1轮 必答题``."""
    return f"第{index + 1}轮 {title}"


# --- the model ---------------------------------------------------------------------
@dataclass(frozen=True)
class ScoreRow:
    """One team's line of the scoreboard and its breakdown."""

    rank: int
    tied: bool
    team_id: str
    desk: int
    name: str
    members: tuple[str, ...]
    base: int
    rounds: tuple[int, ...]
    adjustments: int
    other: int
    total: int


@dataclass
class AnswerLine:
    """One judgement (or foul) on a question."""

    team_id: str
    verdict: str  # 正确 | 错误 | 犯规
    points: int
    answer: str = ""
    note: str = ""


@dataclass
class QuestionRecord:
    """A question that was shown (in a batch that was not undone) and what came of it."""

    number: int
    round_index: int
    question: Question
    team_id: str
    stake: int
    shown_at: float
    lines: list[AnswerLine] = field(default_factory=list)
    outcome: str = ""
    rehearsal: int = 0  # the rehearsal (彩排) it was asked in; 0 in the real contest


@dataclass(frozen=True)
class LogRow:
    """One log entry as the 日志 sheet shows it."""

    entry: Entry
    undone: bool
    description: str
    team: str
    rehearsal: int = 0  # the rehearsal (彩排) it belongs to; 0 in the real contest


@dataclass
class Report:
    """Everything the exports and the results page show, computed in one pass of the log."""

    state: ContestState
    round_titles: tuple[str, ...]
    scores: list[ScoreRow]
    questions: list[QuestionRecord]  # the real contest's only
    log: list[LogRow]
    labels: dict[str, str]
    started_at: float | None  # when the contest started (or was created, if it never started)
    last_at: float | None
    tz: tzinfo | None = None
    rehearsed: list[QuestionRecord] = field(default_factory=list)  # questions asked in rehearsals

    @property
    def has_other(self) -> bool:
        """Whether the 其他 column is needed (some score change outside every round)."""
        return any(row.other for row in self.scores)


def analyse(log: Sequence[Entry], tz: tzinfo | None = None) -> Report:
    """Walk the log once, as replay does, collecting scores, questions and log rows.

    Times are shown in ``tz`` (the machine's local zone by default). Rehearsals
    (彩排) are listed apart and never counted: their score changes are left out,
    and a rehearsal still running leaves the results at the setup it started from.
    """
    practice = rehearsal_numbers(log)
    rehearsed: list[QuestionRecord] = []
    base: dict[str, int] = {}
    per_round: dict[tuple[str, int], int] = {}
    adjusted: dict[str, int] = {}
    records: list[QuestionRecord] = []
    by_judgement: dict[int, tuple[AnswerLine, int]] = {}
    overrule_round: int | None = None
    rows: list[LogRow] = []
    labels: dict[str, str] = {}
    for entry, undone, state in walk(QUIZ, log):  # the contest as it stood before each event
        event = entry.event
        team_id = getattr(event, "team_id", "")
        if isinstance(event, ev.TeamAdded | ev.TeamUpdated):
            team = f"{event.desk}号台（{event.name}）"
        else:
            team = state.team_label(team_id) if team_id else ""
        number = practice.get(entry.seq, 0)
        rows.append(LogRow(entry, undone, describe(event, state), team, number))
        if undone:
            continue
        shown = rehearsed if number else records
        current = shown[-1] if shown and state.episode is not None else None
        if number and isinstance(event, ev.ScoreChanged | ev.ScoreAdjusted):
            pass  # a rehearsal's points never count
        elif isinstance(event, ev.TeamAdded):
            base[event.team_id] = state.base_score
        elif isinstance(event, ev.QuestionShown):
            shown.append(QuestionRecord(len(shown) + 1, state.current_round or 0, event.question,
                                        event.team_id, event.stake, event.at, rehearsal=number))
        elif isinstance(event, ev.AnswerJudged) and current is not None:
            note = JUDGED_BY.get(event.by, event.by)
            line = AnswerLine(event.team_id, _verdict(event.correct, event.points, by=event.by, answer=event.answer),
                              event.points, answer_label(state.episode.question.type, event.answer)
                              if state.episode else event.answer, note)
            current.lines.append(line)
            by_judgement[event.judgement_no] = (line, current.round_index)
        elif isinstance(event, ev.FalseStart) and current is not None:
            current.lines.append(AnswerLine(event.team_id, "犯规", -event.penalty,
                                            note=f"第{event.foul_no}次犯规"))
        elif isinstance(event, ev.QuestionClosed) and current is not None:
            current.outcome = event.outcome
        elif isinstance(event, ev.JudgementOverruled):
            found = by_judgement.get(event.judgement_no)
            overrule_round = found[1] if found else None
            if found:
                line = found[0]
                line.verdict, line.points = _verdict(event.correct, event.points), event.points
                reason = f"：{event.reason}" if event.reason else ""
                line.note = "；".join(filter(None, [line.note, f"改判为{line.verdict}{reason}"]))
        elif isinstance(event, ev.ScoreChanged):
            index = overrule_round if event.cause == "overrule" and overrule_round is not None \
                else state.current_round
            if index is not None:
                key = (event.team_id, index)
                per_round[key] = per_round.get(key, 0) + event.delta
        elif isinstance(event, ev.ScoreAdjusted) and event.team_id in state.teams:
            adjusted[event.team_id] = adjusted.get(event.team_id, 0) + event.delta
        if isinstance(event, ev.TeamAdded | ev.TeamUpdated):
            labels[event.team_id] = f"{event.desk}号台（{event.name}）"
    final = QUIZ.replay(settled(log))
    titles = tuple(round_label(r.index, r.spec.title) for r in final.rounds)
    scores: list[ScoreRow] = []
    for row in ranking(final):
        team = final.teams[row.team_id]
        rounds = tuple(per_round.get((team.id, i), 0) for i in range(len(titles)))
        start = base.get(team.id, final.base_score)
        adjustment = adjusted.get(team.id, 0)
        other = team.score - start - sum(rounds) - adjustment
        scores.append(ScoreRow(row.rank, row.tied, team.id, team.desk, team.name, team.members, start,
                               rounds, adjustment, other, team.score))
    kept = [r.entry.event for r in rows if not r.undone]
    real = [r.entry.event for r in rows if not r.undone and not r.rehearsal]
    started = [e.at for e in real if isinstance(e, ev.ContestStarted)] or [e.at for e in kept[:1]]
    return Report(final, titles, scores, records, rows, labels,
                  started[0] if started else None, kept[-1].at if kept else None, tz, rehearsed)


# --- sheets ------------------------------------------------------------------------
Table = tuple[list[str], list[list[Any]]]


def ranking_table(report: Report) -> Table:
    """排名: rank, desk, team, score, tied flag (best first)."""
    header = ["名次", "台号", "队名", "队员", "得分", "并列"]
    rows = [[s.rank, s.desk, s.name, "、".join(s.members), s.total, YES if s.tied else ""]
            for s in report.scores]
    return header, rows


def rounds_table(report: Report) -> Table:
    """各轮得分: base + each round + manual adjustments (+ other) = total, per team."""
    header = ["名次", "台号", "队名", "基础分", *report.round_titles, "手动调整"]
    if report.has_other:
        header.append("其他")
    header.append("总分")
    rows = []
    for s in report.scores:
        row: list[Any] = [s.rank, s.desk, s.name, s.base, *s.rounds, s.adjustments]
        if report.has_other:
            row.append(s.other)
        rows.append([*row, s.total])
    return header, rows


def _answer_text(question: Question) -> str:
    if question.type == "fill":
        return " | ".join(question.answer)
    return question.answer_text()


QUESTION_HEADER = ["序号", "轮次", "题目编号", "题型", "题目", "答案", "答题队", "作答内容", "判定", "得分",
                   "结果", "备注", "出题时间"]


def questions_table(report: Report) -> Table:
    """题目记录: one row per judgement or foul; a question nobody answered gets one row."""
    return QUESTION_HEADER, _question_rows(report, report.questions)


def rehearsal_table(report: Report) -> Table:
    """彩排记录: the questions asked in rehearsals, like 题目记录, each row marked with its 彩排."""
    rows = [[f"彩排{r.rehearsal}", *row] for r in report.rehearsed for row in _question_rows(report, [r])]
    return ["彩排", *QUESTION_HEADER], rows


def _question_rows(report: Report, records: Sequence[QuestionRecord]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for record in records:
        q = record.question
        title = report.round_titles[record.round_index] if record.round_index < len(report.round_titles) else ""
        common = [record.number, title, q.id, TYPE_LABELS.get(q.type, q.type), q.stem, _answer_text(q)]
        outcome = OUTCOMES.get(record.outcome, record.outcome)
        shown = local_time(record.shown_at, report.tz)
        if not record.lines:
            team = report.labels.get(record.team_id, record.team_id)
            rows.append([*common, team, "", "", None, outcome, "", shown])
        for line in record.lines:
            team = report.labels.get(line.team_id, line.team_id)
            rows.append([*common, team, line.answer, line.verdict, line.points, outcome, line.note, shown])
    return rows


def _ms(value: float | None) -> float | None:
    return None if value is None else round(value * 1000, 1)


def log_table(report: Report) -> Table:
    """日志: every entry, undone ones flagged, rehearsal ones marked 彩排N; presses with their timing."""
    tz = report.tz
    header = ["序号", "时间", "批次", "操作者", "事件类型", "描述", "已撤销", "队伍", "队员", "设备", "判定",
              "到达时间", "客户端时间戳", "校正时间", "延迟（毫秒）", "误差（毫秒）", "彩排"]
    rows: list[list[Any]] = []
    for row in report.log:
        entry, event = row.entry, row.entry.event
        line: list[Any] = [entry.seq, local_time(event.at, tz), entry.batch, actor_label(entry.actor, report.labels),
                           event_label(type(event).__name__),
                           row.description, YES if row.undone else "", row.team]
        if isinstance(event, ev.PressRecorded):
            line += [event.member, event.device, DECISIONS.get(event.decision, event.decision),
                     local_time(event.arrival, tz), event.client_stamp, local_time(event.corrected, tz),
                     _ms(event.delay), _ms(event.error)]
        else:
            line += ["", "", "", "", None, "", None, None]
        rows.append([*line, f"彩排{row.rehearsal}" if row.rehearsal else ""])
    return header, rows


_BUILDERS = {"排名": ranking_table, "各轮得分": rounds_table, "题目记录": questions_table,
             "彩排记录": rehearsal_table, "日志": log_table}


def tables(log: Sequence[Entry], tz: tzinfo | None = None) -> dict[str, Table]:
    """Every sheet as (header, rows), in workbook order."""
    report = analyse(log, tz)
    return {name: _BUILDERS[name](report) for name in SHEETS}


# --- files -------------------------------------------------------------------------
def _clean(value: Any) -> Any:
    """Blank text becomes an empty cell; characters an .xlsx cannot hold become U+FFFD."""
    if value == "":
        return None
    return _ILLEGAL.sub("\ufffd", value) if isinstance(value, str) else value


def export_xlsx(log: Sequence[Entry], *, tz: tzinfo | None = None) -> bytes:
    """The workbook: sheets 排名, 各轮得分, 题目记录, 彩排记录, 日志, then the analytics 题目分析, 分类正确率, 反应时间."""
    return workbook({**tables(log, tz), **analytics_sheets(log)})


WIDE = ("题目", "描述", "队名", "答题队", "轮次", "备注", "标签", "队伍", "项目", "检查项")


def workbook(sheets: dict[str, Table]) -> bytes:
    """An .xlsx of named (header, rows) tables: bold frozen header, text kept as text, wide name columns."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for name, (header, rows) in sheets.items():
        sheet = book.create_sheet(name)
        for r, values in enumerate([header, *rows], start=1):
            for c, value in enumerate(values, start=1):
                cell = sheet.cell(row=r, column=c, value=_clean(value))
                if isinstance(cell.value, str) and cell.data_type != "s":
                    cell.data_type = "s"  # text that looks like a formula or an error stays text
                if r == 1:
                    cell.font = bold
        sheet.freeze_panes = "A2"
        for c, title in enumerate(header, start=1):
            wide = title in WIDE
            sheet.column_dimensions[get_column_letter(c)].width = 36 if wide else max(8, 2 * len(title) + 2)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv_cell(value: Any) -> Any:
    """Keep Excel from running text as a formula (CSV injection)."""
    if isinstance(value, str) and value.startswith(_CSV_FORMULA):
        return "'" + value
    return "" if value is None else value


def export_csv(log: Sequence[Entry], sheet: str, *, tz: tzinfo | None = None) -> bytes:
    """One sheet as CSV, UTF-8 with a BOM (Excel on Windows opens it right)."""
    if sheet not in _BUILDERS:
        raise DomainError("unknown_sheet", f"没有这个工作表：{sheet}（可选：{'、'.join(SHEETS)}）")
    return csv_bytes(_BUILDERS[sheet](analyse(log, tz)))


def csv_bytes(table: Table) -> bytes:
    """A (header, rows) table as CSV, UTF-8 with a BOM, formula-looking text defused."""
    header, rows = table
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    for values in [header, *rows]:
        writer.writerow([_csv_cell(v) for v in values])
    return out.getvalue().encode("utf-8-sig")
