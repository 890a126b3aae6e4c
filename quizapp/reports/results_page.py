"""A printable results page (zh-CN) for the notice board, built from the log.

Plain string building: every value that comes from people (contest title,
team names, members, round titles) goes through :func:`html.escape`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from html import escape

from ..core.engine import Entry
from ..core.labels import JOINT_CHAMPIONS
from .export import Report, ScoreRow, analyse, local_time, rounds_table

PLACES = {1: "第一名", 2: "第二名", 3: "第三名"}

STYLE = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 24px;
       font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif;
       color: #111; background: #fff; line-height: 1.5; }
header { text-align: center; border-bottom: 3px double #b71c1c; padding-bottom: 12px; margin-bottom: 20px; }
h1 { font-size: 26pt; margin: 0; color: #b71c1c; }
.subtitle { font-size: 16pt; margin: 4px 0; letter-spacing: .3em; }
.meta { margin: 4px 0; color: #444; }
.notice { display: inline-block; margin-top: 6px; padding: 2px 10px; border: 1px solid #b54708; color: #b54708; }
h2 { font-size: 15pt; border-left: 6px solid #b71c1c; padding-left: 8px; margin: 24px 0 10px; }
.podium { display: flex; justify-content: center; align-items: flex-end; gap: 16px; margin: 8px 0 12px; }
.place { flex: 0 1 30%; text-align: center; border: 2px solid #ccc; border-radius: 8px; padding: 10px 8px; }
.place-1 { border-color: #d4a017; background: #fff8e1; min-height: 150px; order: 2; }
.place-2 { border-color: #9e9e9e; background: #f5f5f5; min-height: 125px; order: 1; }
.place-3 { border-color: #a1662f; background: #fbe9e7; min-height: 105px; order: 3; }
.place .label { font-size: 14pt; font-weight: bold; }
.place .team { font-size: 13pt; margin-top: 4px; }
.place .score { font-size: 12pt; color: #b71c1c; }
table { width: 100%; border-collapse: collapse; font-size: 11pt; }
th, td { border: 1px solid #999; padding: 4px 6px; text-align: center; }
th { background: #eee; }
td.name { text-align: left; }
td.total, th.total { font-weight: bold; }
tr.top td { background: #fff8e1; }
footer { margin-top: 24px; font-size: 9pt; color: #666; text-align: center; }
.screen-only { text-align: center; color: #666; font-size: 10pt; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { padding: 0; max-width: none; font-size: 10.5pt; }
  .screen-only { display: none; }
  thead { display: table-header-group; }
  tr, .place { break-inside: avoid; page-break-inside: avoid; }
  h2 { break-after: avoid; page-break-after: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def _date(at: float | None, tz: tzinfo | None) -> str:
    if at is None:
        return ""
    moment = datetime.fromtimestamp(at, tz)
    return f"{moment.year}年{moment.month}月{moment.day}日"


def place_label(rank: int, count: int) -> str:
    """第一名 / 第二名（并列）…; a shared first place is 并列冠军, as on the projector and /watch."""
    if rank == 1 and count > 1:
        return JOINT_CHAMPIONS
    return PLACES[rank] + ("（并列）" if count > 1 else "")


def _podium(scores: list[ScoreRow]) -> str:
    places: dict[int, list[ScoreRow]] = {}
    for row in scores:
        if row.rank in PLACES:
            places.setdefault(row.rank, []).append(row)
    if not places:
        return ""
    cards = []
    for rank, rows in sorted(places.items()):
        teams = "".join(f'<div class="team">{_e(r.desk)}号台 {_e(r.name)}</div>' for r in rows)
        label = place_label(rank, len(rows))
        cards.append(f'<div class="place place-{rank}"><div class="label">{label}</div>'
                     f'{teams}<div class="score">{_e(rows[0].total)} 分</div></div>')
    return f'<section class="podium" aria-label="前三名">{"".join(cards)}</section>'


def _ranking(scores: list[ScoreRow]) -> str:
    head = "<tr><th>名次</th><th>台号</th><th>队名</th><th>队员</th><th class=\"total\">得分</th><th>备注</th></tr>"
    body = []
    for r in scores:
        top = ' class="top"' if r.rank == 1 else ""
        body.append(f"<tr{top}><td>{_e(r.rank)}</td><td>{_e(r.desk)}</td><td class=\"name\">{_e(r.name)}</td>"
                    f"<td class=\"name\">{_e('、'.join(r.members))}</td><td class=\"total\">{_e(r.total)}</td>"
                    f"<td>{'并列' if r.tied else ''}</td></tr>")
    return f"<table><thead>{head}</thead><tbody>{''.join(body)}</tbody></table>"


def _rounds(report: Report) -> str:
    header, rows = rounds_table(report)
    total = ' class="total"'
    head = "".join(f"<th{total if h == '总分' else ''}>{_e(h)}</th>" for h in header)
    name_col = header.index("队名")
    body = []
    for row in rows:
        cells = []
        for i, value in enumerate(row):
            css = ' class="name"' if i == name_col else (' class="total"' if i == len(row) - 1 else "")
            cells.append(f"<td{css}>{_e(value)}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def render(report: Report, aside: str = "") -> str:
    """The page for an analysed log; ``aside`` is screen-only HTML (the award settings form)."""
    state = report.state
    title = state.title or "比赛"
    tz = report.tz
    notice = "" if state.status == "finished" else '<div class="notice">比赛尚未结束，以下为当前成绩</div>'
    rehearsals = {row.rehearsal for row in report.log if row.rehearsal}
    if report.log and report.log[-1].rehearsal and type(report.log[-1].entry.event).__name__ != "RehearsalReset":
        notice = '<div class="notice">正在彩排：以下为彩排前的准备状态，彩排成绩不计入</div>'
    practice = f"另有彩排 {len(rehearsals)} 次，不计成绩。" if rehearsals else ""
    if report.scores:
        content = (f"{_podium(report.scores)}<h2>排名</h2>{_ranking(report.scores)}"
                   f"<h2>各轮得分</h2>{_rounds(report)}")
    else:
        content = "<p>暂无参赛队。</p>"
    date = _date(report.started_at, tz)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<link rel="icon" href="/favicon.svg" type="image/svg+xml">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)} · 比赛成绩</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"<header><h1>{_e(title)}</h1><div class=\"subtitle\">比赛成绩公告</div>"
        f"<div class=\"meta\">比赛日期：{_e(date)}</div>{notice}</header>\n"
        '<p class="screen-only">打印本页：按 Ctrl+P（Mac 上按 ⌘+P） · <a href="analytics">题目分析</a></p>\n'
        f"{aside}<main>{content}</main>\n"
        f"<footer>成绩依据比赛日志生成，数据截至 {_e(local_time(report.last_at, tz)[:19])}；"
        f"共出题 {len(report.questions)} 道。{practice}</footer>\n"
        "</body>\n</html>\n"
    )


def results_page(log: Sequence[Entry], *, tz: tzinfo | None = None, aside: str = "") -> str:
    """A printable HTML results page: title, date, podium, ranking and per-round scores."""
    return render(analyse(log, tz), aside)
