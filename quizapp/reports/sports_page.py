"""The printable 公示 page (zh-CN) for a sports day or a 文明宿舍评比, built from the log.

Same look and print rules as the quiz's results page (its STYLE); every value
that comes from people goes through :func:`html.escape`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from typing import Any

from ..core.engine import Entry
from ..core.labels import DROPPED
from ..core.sports.rulebook import SPORTS
from .export import Table, local_time
from .results_page import STYLE, _date, _e, place_label
from .sports_export import judged_only, ranking_table, status_note

EXTRA_STYLE = """
s.dropped { color: #777; }
td .mark { font-size: 9pt; color: #777; }
td.veto { color: #b71c1c; font-weight: bold; }
.event-meta { color: #444; margin: 0 0 6px; }
"""


def _table(table: Table, name_cols: tuple[str, ...] = ("队名",)) -> str:
    header, rows = table
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    css = ['<td class="name">' if h in name_cols else "<td>" for h in header]
    body = "".join("<tr>" + "".join(f"{css[i]}{_e(v)}</td>" for i, v in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _podium(view: dict[str, Any]) -> str:
    if judged_only(view):
        rows = [(r["place"], r["team"], r["value"]) for r in next(iter(view["results"].values()), [])]
    else:
        rows = [(r["rank"], r["team"], f"{r['total']} 分") for r in view["standings"]]
    places: dict[int, list[tuple[str, str]]] = {}
    for rank, team, value in rows:
        if rank in (1, 2, 3):
            places.setdefault(rank, []).append((team, value))
    cards = []
    for rank, teams in sorted(places.items()):
        word = place_label(rank, len(teams))
        names = "".join(f'<div class="team">{_e(team)}</div>' for team, _ in teams)
        cards.append(f'<div class="place place-{rank}"><div class="label">{word}</div>{names}'
                     f'<div class="score">{_e(teams[0][1])}</div></div>')
    return f'<section class="podium" aria-label="前三名">{"".join(cards)}</section>' if cards else ""


def _event(view: dict[str, Any], e: dict[str, Any]) -> str:
    rows = view["results"][e["id"]]
    meta = f'<p class="event-meta">{_e(e["kind_label"])} · {_e(e["status_label"])}</p>'
    if not rows:
        return f"<h2>{_e(e['name'])}</h2>{meta}<p>暂无成绩。</p>"
    counts = e["in_standings"]  # a result-only event (文明宿舍评比) gives no points to show
    table = _table((["名次", "队名", "成绩", *(["得分"] if counts else []), "备注"],
                    [[("并列" if r["tied"] else "") + str(r["place"] or "—"), r["team"], r["value"],
                      *([r["points"]] if counts else []), r["status_label"]] for r in rows]))
    return f"<h2>{_e(e['name'])}</h2>{meta}{table}{_panel(view['panels'].get(e['id']))}"


def _panel(panel: dict[str, Any] | None) -> str:
    """Each judge's score; dropped ones struck through and named, veto items in red."""
    if not panel:
        return ""
    body = []
    for entrant in panel["entrants"]:
        if not entrant["scores"]:
            continue
        cells = []
        for s in entrant["scores"]:
            score = _e(s["score"])
            if s["dropped"]:
                score = f'<s class="dropped">{score}</s> <span class="mark">{_e(DROPPED[s["dropped"]])}</span>'
            cells.append(f"{_e(s['judge'])}：{score}")
        vetoes = "；".join(f"{_e(s['judge'])}：{_e('、'.join(s['vetoes']))}" for s in entrant["scores"] if s["vetoes"])
        body.append(f'<tr><td class="name">{_e(entrant["team"])}</td><td class="name">{"<br>".join(cells)}</td>'
                    f'<td class="veto">{vetoes}</td><td class="total">{_e(entrant["result"] or entrant["label"])}</td>'
                    "</tr>")
    if not body:
        return ""
    return ("<h3>评委打分</h3><table><thead><tr><th>队名</th><th>评委打分</th><th>否决项</th><th>最终得分</th></tr>"
            f"</thead><tbody>{''.join(body)}</tbody></table>")


def sports_results_page(log: Sequence[Entry], *, tz: tzinfo | None = None, aside: str = "") -> str:
    """A printable 公示: podium (并列冠军 when first is shared), ranking, each event, judges' scores, vetoes."""
    view = SPORTS.view(SPORTS.replay(log), "host")
    title = view["title"] or "运动会"
    note = status_note(view)
    notice = f'<div class="notice">{_e(note)}</div>' if note else ""
    ranking = _table(ranking_table(view))
    events = "".join(_event(view, e) for e in view["schedule"])
    first = log[0].event.at if log else None
    last = log[-1].event.at if log else None
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)} · 成绩公示</title>\n<style>{STYLE}{EXTRA_STYLE}</style>\n</head>\n<body>\n"
        f"<header><h1>{_e(title)}</h1><div class=\"subtitle\">成绩公示</div>"
        f"<div class=\"meta\">日期：{_e(_date(first, tz))}</div>{notice}</header>\n"
        '<p class="screen-only">打印本页：按 Ctrl+P（Mac 上按 ⌘+P） · '
        '<a href="export.xlsx">导出 Excel</a> · <a href="export/排名.csv">导出 CSV</a></p>\n'
        f"{aside}<main>{_podium(view)}<h2>排名</h2>{ranking}{events}</main>\n"
        f"<footer>成绩依据比赛日志生成，数据截至 {_e(local_time(last, tz)[:19])}。</footer>\n"
        "</body>\n</html>\n"
    )
