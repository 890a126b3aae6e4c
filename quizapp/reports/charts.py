"""Small SVG charts drawn on the server: no script, no library, printable, readable by screen readers.

Each chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>``; the
page puts the same numbers in a table next to it. Every text that comes from
people (question ids, tags, team names) is escaped here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
LOW, MID, HIGH, EMPTY = "#c62828", "#ef8f00", "#2e7d32", "#bdbdbd"


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _short(text: str, limit: int) -> str:
    """Keep labels on one line; the full text stays in the bar's tooltip and in the table."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _rate_colour(rate: float | None) -> str:
    if rate is None:
        return EMPTY
    return LOW if rate < 0.5 else (MID if rate < 0.8 else HIGH)


def _svg(chart_id: str, width: int, height: int, title: str, desc: str, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{_e(chart_id)}" role="img" '
            f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
            f'aria-labelledby="{_e(chart_id)}-t {_e(chart_id)}-d" style="max-width:100%;height:auto">'
            f'<title id="{_e(chart_id)}-t">{_e(title)}</title><desc id="{_e(chart_id)}-d">{_e(desc)}</desc>'
            f'<g font-family=\'{FONT}\' font-size="13" fill="#222">{"".join(body)}</g></svg>')


def rate_bars(chart_id: str, title: str, rows: Sequence[tuple[str, str, float | None, str]]) -> str:
    """Horizontal bars of correct rates: rows of (label, tooltip, rate 0..1 or None, value text)."""
    label_w, bar_w, row_h, top = 200, 420, 24, 28
    width, height = label_w + bar_w + 90, top + row_h * max(len(rows), 1) + 10
    body = [f'<text x="{label_w}" y="16" font-size="12" fill="#555">0%</text>',
            f'<text x="{label_w + bar_w}" y="16" font-size="12" fill="#555" text-anchor="end">100%</text>']
    for pct in (0, 50, 100):
        x = label_w + bar_w * pct / 100
        body.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 8}" stroke="#ddd"/>')
    for i, (label, tooltip, rate, text) in enumerate(rows):
        y = top + i * row_h
        w = bar_w * rate if rate is not None else 0
        body.append(f'<g class="bar"><title>{_e(tooltip)}</title>'
                    f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end">{_e(_short(label, 16))}</text>'
                    f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 7}" '
                    f'fill="{_rate_colour(rate)}"/>'
                    f'<text x="{label_w + w + 6:.1f}" y="{y + 16}">{_e(text)}</text></g>')
    desc = "；".join(f"{label}：{text}" for label, _, _, text in rows) or "没有数据"
    return _svg(chart_id, width, height, title, desc, body)


def heatmap(chart_id: str, title: str, rows: Sequence[str], columns: Sequence[str],
            cells: Sequence[Sequence[tuple[float | None, str]]]) -> str:
    """A grid (rows × columns) of rates; each cell shows its text (e.g. "2/3") and is shaded by rate."""
    label_w, cell_w, cell_h, top = 180, 130, 30, 40
    width, height = label_w + cell_w * max(len(columns), 1) + 10, top + cell_h * max(len(rows), 1) + 10
    body = []
    for j, column in enumerate(columns):
        x = label_w + j * cell_w + cell_w / 2
        body.append(f'<text x="{x:.1f}" y="{top - 12}" text-anchor="middle">{_e(_short(column, 10))}</text>')
    for i, row in enumerate(rows):
        y = top + i * cell_h
        body.append(f'<text x="{label_w - 8}" y="{y + 20}" text-anchor="end">{_e(_short(row, 14))}</text>')
        for j, (rate, text) in enumerate(cells[i]):
            x = label_w + j * cell_w
            fill = _rate_colour(rate)
            opacity = 0.15 if rate is None else 0.35 + 0.5 * abs(rate - 0.5) * 2  # clearer at the extremes
            body.append(f'<g class="cell"><title>{_e(row)} · {_e(columns[j])}：{_e(text or "未作答")}</title>'
                        f'<rect x="{x + 2}" y="{y + 2}" width="{cell_w - 4}" height="{cell_h - 4}" rx="3" '
                        f'fill="{fill}" fill-opacity="{opacity:.2f}"/>'
                        f'<text x="{x + cell_w / 2:.1f}" y="{y + 20}" text-anchor="middle">{_e(text or "—")}</text></g>')
    desc = "；".join(f"{row}：" + "，".join(f"{columns[j]} {cells[i][j][1] or '未作答'}" for j in range(len(columns)))
                    for i, row in enumerate(rows)) or "没有数据"
    return _svg(chart_id, width, height, title, desc, body)


def _nice_max(value: float) -> float:
    """Axis end: the next half second above the slowest time (at least one second)."""
    return max(1.0, math.ceil(value * 2) / 2)


def box_plots(chart_id: str, title: str,
              rows: Sequence[tuple[str, tuple[float, float, float, float, float] | None, int]]) -> str:
    """One horizontal box plot per row: (label, (min, q1, median, q3, max) in seconds or None, count)."""
    label_w, plot_w, row_h, top = 180, 460, 36, 30
    width, height = label_w + plot_w + 90, top + row_h * max(len(rows), 1) + 24
    end = _nice_max(max((five[4] for _, five, _ in rows if five), default=1.0))

    def x(v: float) -> float:
        return label_w + plot_w * v / end

    body = []
    steps = int(end / 0.5)
    for k in range(steps + 1):
        v = k * 0.5
        body.append(f'<line x1="{x(v):.1f}" y1="{top - 6}" x2="{x(v):.1f}" y2="{height - 22}" stroke="#e0e0e0"/>'
                    f'<text x="{x(v):.1f}" y="{height - 6}" font-size="11" fill="#555" '
                    f'text-anchor="middle">{v:g} 秒</text>')
    for i, (label, five, count) in enumerate(rows):
        y = top + i * row_h
        mid = y + row_h / 2
        body.append(f'<text x="{label_w - 8}" y="{mid + 5:.1f}" text-anchor="end">{_e(_short(label, 14))}</text>')
        if five is None:
            body.append(f'<text x="{label_w + 6}" y="{mid + 5:.1f}" fill="#777">无有效抢答</text>')
            continue
        lo, q1, med, q3, hi = five
        text = f"最短 {lo:.2f} 秒，中位数 {med:.2f} 秒，最长 {hi:.2f} 秒，共 {count} 次"
        body.append(f'<g class="box"><title>{_e(label)}：{_e(text)}</title>'
                    f'<line x1="{x(lo):.1f}" y1="{mid:.1f}" x2="{x(hi):.1f}" y2="{mid:.1f}" stroke="#555"/>'
                    f'<line x1="{x(lo):.1f}" y1="{mid - 7:.1f}" x2="{x(lo):.1f}" y2="{mid + 7:.1f}" stroke="#555"/>'
                    f'<line x1="{x(hi):.1f}" y1="{mid - 7:.1f}" x2="{x(hi):.1f}" y2="{mid + 7:.1f}" stroke="#555"/>'
                    f'<rect x="{x(q1):.1f}" y="{mid - 11:.1f}" width="{max(x(q3) - x(q1), 1):.1f}" height="22" '
                    f'fill="#90caf9" stroke="#1565c0"/>'
                    f'<line x1="{x(med):.1f}" y1="{mid - 11:.1f}" x2="{x(med):.1f}" y2="{mid + 11:.1f}" '
                    f'stroke="#b71c1c" stroke-width="3"/>'
                    f'<text x="{x(hi) + 8:.1f}" y="{mid + 5:.1f}" font-size="12">{med:.2f} 秒</text></g>')
    desc = "；".join(f"{label}：中位数 {five[2]:.2f} 秒（{count} 次）" if five else f"{label}：无有效抢答"
                    for label, five, count in rows) or "没有数据"
    return _svg(chart_id, width, height, title, desc, body)
