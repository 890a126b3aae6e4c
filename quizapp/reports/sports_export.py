"""Sports day and 文明宿舍评比 results as tables: the Excel/CSV export and the 公示 page read these.

Built from the log alone through the core's host view (the same placings,
points, dropped judge scores and veto words the projector shows) and
``SPORTS.log_lines`` for the 日志 sheet. The files are written by the
quiz export's :func:`~quizapp.reports.export.workbook` and
:func:`~quizapp.reports.export.csv_bytes`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from typing import Any

from ..core.engine import Entry
from ..core.errors import DomainError
from ..core.labels import DROPPED, YES, actor_label, event_label
from ..core.sports.rulebook import SPORTS
from .export import Table, csv_bytes, local_time, workbook

SPORTS_SHEETS = ("排名", "各项目成绩", "评委打分", "否决项", "日志")


def judged_only(view: dict[str, Any]) -> bool:
    """No event feeds a total (文明宿舍评比): the ranking is the first event's result."""
    return not any(e["in_standings"] for e in view["schedule"])


def ranking_table(view: dict[str, Any]) -> Table:
    """排名: the overall standings with medals and each event's points, or the judged event's placings."""
    if judged_only(view):
        rows = next(iter(view["results"].values()), [])
        return (["名次", "队名", "得分", "并列", "备注"],
                [[r["place"], r["team"], r["value"], YES if r["tied"] else "", r["status_label"]] for r in rows])
    counted = [e for e in view["schedule"] if e["counts"] and e["in_standings"]]
    header = ["名次", "队名", "总分", "金牌", "银牌", "铜牌", "并列", *(e["name"] for e in counted)]
    rows = [[r["rank"], r["team"], r["total"], r["medals"]["gold"], r["medals"]["silver"], r["medals"]["bronze"],
             YES if r["tied"] else "", *(r["by_event"].get(e["id"], "") for e in counted)]
            for r in view["standings"]]
    return header, rows


def results_table(view: dict[str, Any]) -> Table:
    """各项目成绩: every event's placings, results and points, with its status (成绩待确认 / 成绩已确认)."""
    header = ["项目", "类型", "状态", "名次", "队名", "成绩", "得分", "并列", "备注"]
    rows = []
    for e in view["schedule"]:
        for r in view["results"][e["id"]]:
            rows.append([e["name"], e["kind_label"], e["status_label"], r["place"], r["team"], r["value"],
                         r["points"], YES if r["tied"] else "", r["status_label"]])
    return header, rows


def judges_table(view: dict[str, Any]) -> Table:
    """评委打分: each judge's score per team; the scores a trimmed panel dropped are marked."""
    names = {e["id"]: e["name"] for e in view["schedule"]}
    rows = []
    for event_id, panel in view["panels"].items():
        for entrant in panel["entrants"]:
            for s in entrant["scores"]:
                rows.append([names[event_id], entrant["team"], s["judge"], s["score"],
                             DROPPED.get(s["dropped"] or "", ""), "、".join(s["vetoes"]),
                             entrant["result"] or entrant["label"]])
    return ["项目", "队名", "评委", "分数", "去掉", "否决项", "最终得分"], rows


def vetoes_table(view: dict[str, Any]) -> Table:
    """否决项: every veto item a judge ticked (one is enough to 否决 a dorm)."""
    names = {e["id"]: e["name"] for e in view["schedule"]}
    rows = [[names[event_id], entrant["team"], s["judge"], item]
            for event_id, panel in view["panels"].items() for entrant in panel["entrants"]
            for s in entrant["scores"] for item in s["vetoes"]]
    return ["项目", "队名", "评委", "否决项"], rows


def log_table(log: Sequence[Entry], view: dict[str, Any], tz: tzinfo | None) -> Table:
    """日志: every entry in Chinese (who, what, a one-line description); undone ones flagged."""
    names = {t["id"]: t["label"] for t in view["teams"]} | {j["id"]: j["name"] for j in view.get("judges", [])}
    rows = [[entry.seq, local_time(entry.event.at, tz), entry.batch, actor_label(entry.actor, names),
             event_label(type(entry.event).__name__), text, YES if undone else ""]
            for entry, undone, text in SPORTS.log_lines(log)]
    return ["序号", "时间", "批次", "操作者", "事件类型", "描述", "已撤销"], rows


def sports_tables(log: Sequence[Entry], tz: tzinfo | None = None) -> dict[str, Table]:
    """Every sheet as (header, rows), in workbook order."""
    view = SPORTS.view(SPORTS.replay(log), "host")
    return {"排名": ranking_table(view), "各项目成绩": results_table(view), "评委打分": judges_table(view),
            "否决项": vetoes_table(view), "日志": log_table(log, view, tz)}


def sports_xlsx(log: Sequence[Entry], *, tz: tzinfo | None = None) -> bytes:
    """The workbook: 排名, 各项目成绩, 评委打分, 否决项, 日志."""
    return workbook(sports_tables(log, tz))


def sports_csv(log: Sequence[Entry], sheet: str, *, tz: tzinfo | None = None) -> bytes:
    """One sheet as CSV (UTF-8 with a BOM)."""
    if sheet not in SPORTS_SHEETS:
        raise DomainError("unknown_sheet", f"没有这个工作表：{sheet}（可选：{'、'.join(SPORTS_SHEETS)}）")
    return csv_bytes(sports_tables(log, tz)[sheet])


def status_note(view: dict[str, Any]) -> str:
    """"" when every event is 成绩已确认, else how many are not yet (the 公示 says so)."""
    open_ = [e for e in view["schedule"] if e["status"] != "final"]
    return f"尚有 {len(open_)} 个项目的成绩未确认，以下为当前成绩" if open_ else ""
