"""成绩海报: a 1080×1920 PNG for WeChat moments and the department site, drawn with Pillow.

Title, podium (top three places, teams sharing a place stand on the same
step), the full ranking and the date, in the system's Noto CJK faces. Every
name is fitted: the face shrinks, then the name wraps onto more lines; nothing
is ever cut off. A long ranking shrinks its rows (down to a floor) and then
flows into two columns.
"""

from __future__ import annotations

import io
import pickle
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from ..core.awards import AwardSettings
from .awards import Board, Results, Row, date_text
from .child import render_in_child
from .fonts import cjk_font

WIDTH, HEIGHT = 1080, 1920
MARGIN = 60
RED, DARK_RED, GOLD, INK, MUTED, PAPER = "#b3261e", "#7f1d1d", "#d4a017", "#1f1f1f", "#6b6b6b", "#fffaf2"
STEPS = {1: ("#f6c344", 300), 2: ("#c9ccd1", 230), 3: ("#d49a6a", 180)}  # colour, height of the step
PLACES = {1: "第一名", 2: "第二名", 3: "第三名"}
Font = ImageFont.FreeTypeFont
TOKEN = re.compile(r"[（(][^）)]*[）)]|[A-Za-z0-9.:#\-]+|\s+|.")


@cache
def _font(size: int, bold: bool) -> Font:
    face = cjk_font(bold=bold)
    return ImageFont.truetype(face.path, size, index=face.index)


def _width(text: str, font: Font) -> float:
    return font.getlength(text)


def _tokens(text: str, font: Font, width: int) -> list[str]:
    """Units a line may break between: a Chinese character, a run of Latin letters or digits, or a
    bracketed unit such as ``（21栋305）`` while it fits on a line by itself."""
    out: list[str] = []
    for token in TOKEN.findall(text):
        out.extend([token] if len(token) == 1 or _width(token, font) <= width else list(token))
    return out


def _wrap(text: str, font: Font, width: int) -> list[str]:
    """Break between tokens (Chinese has no spaces), keeping each line inside ``width``."""
    lines, line = [], ""
    for token in _tokens(text, font, width):
        if line and _width(line + token, font) > width:
            lines.append(line)
            line = token.lstrip()
        else:
            line += token
    return [*lines, line] if line else lines or [""]


@dataclass(frozen=True)
class Fitted:
    """Text fitted into a box: its face and lines."""

    font: Font
    lines: list[str]

    @property
    def line_height(self) -> int:
        return int(self.font.size * 1.25)

    @property
    def height(self) -> int:
        return self.line_height * len(self.lines)


def fit(text: str, width: int, size: int, floor: int, bold: bool = False, max_lines: int = 2) -> Fitted:
    """Largest face from ``size`` down to ``floor`` that fits ``max_lines``; below that, wrap further."""
    for s in range(size, floor - 1, -2):
        font = _font(s, bold)
        lines = _wrap(text, font, width)
        if len(lines) <= max_lines:
            return Fitted(font, lines)
    font = _font(floor, bold)
    return Fitted(font, _wrap(text, font, width))


def _draw(draw: ImageDraw.ImageDraw, fitted: Fitted, x: int, y: int, width: int, fill: str,
          align: str = "center") -> int:
    """Draw fitted lines from ``y``; returns the y below them."""
    for line in fitted.lines:
        w = _width(line, fitted.font)
        left = x + (width - w) / 2 if align == "center" else x + width - w if align == "right" else x
        draw.text((left, y), line, font=fitted.font, fill=fill)
        y += fitted.line_height
    return y


def _header(draw: ImageDraw.ImageDraw, results: Results, board: Board, subtitle: str) -> int:
    title = fit(results.title, WIDTH - 2 * MARGIN, 84, 44, bold=True, max_lines=2)
    parts = (board.heading if board.heading != results.title else "", "评比结果" if board.event else "", subtitle)
    line = fit(" · ".join(p for p in parts if p), WIDTH - 2 * MARGIN, 40, 26)
    bottom = 70 + title.height + 24 + line.height + 60
    draw.rectangle((0, 0, WIDTH, bottom), fill=RED)
    draw.rectangle((0, bottom, WIDTH, bottom + 12), fill=GOLD)
    y = _draw(draw, title, MARGIN, 70, WIDTH - 2 * MARGIN, "#ffffff")
    _draw(draw, line, MARGIN, y + 24, WIDTH - 2 * MARGIN, "#ffe9a8")
    return bottom + 40


def best_fit(text: str, width: int, height: int, size: int, floor: int = 16, bold: bool = True) -> Fitted:
    """The largest face, on one to three lines, whose lines fit ``width`` and ``height`` (at the floor
    it may take more lines: shrink or wrap, never cut)."""
    options = []
    for lines in (1, 2, 3):
        fitted = fit(text, width, size, floor, bold=bold, max_lines=lines)
        while fitted.height > height and fitted.font.size > floor:
            fitted = fit(text, width, int(fitted.font.size) - 2, floor, bold=bold, max_lines=lines)
        options.append(fitted)
    return max(options, key=lambda f: (f.height <= height, f.font.size, -len(f.lines)))


def _stack(names: Sequence[Row], width: int, room: int) -> list[Fitted]:
    """Fit each name sharing a step into its share of ``room``."""
    share = room // max(1, len(names)) - 8
    return [best_fit(row.name, width, share, 38) for row in names]


def _podium(draw: ImageDraw.ImageDraw, rows: Sequence[Row], top: int) -> int:
    """Three steps (2nd, 1st, 3rd); a shared place lists all its teams on its step, an empty place says so."""
    column = (WIDTH - 2 * MARGIN) // 3
    room = 560 - max(h for _, h in STEPS.values()) - 24  # above the tallest step
    stacks = {place: _stack([r for r in rows if r.rank == place], column - 24, room + 300 - STEPS[place][1])
              for place in STEPS}
    needed = max(sum(f.height + 8 for f in stacks[p]) + STEPS[p][1] for p in STEPS)
    base = top + max(needed + 24, 360)  # short names: the podium moves up instead of leaving a gap
    for slot, place in enumerate((2, 1, 3)):
        names = [r for r in rows if r.rank == place]
        colour, height = STEPS[place]
        x = MARGIN + slot * column
        draw.rounded_rectangle((x + 10, base - height, x + column - 10, base), radius=18, fill=colour)
        label = PLACES[place] + ("（并列）" if len(names) > 1 else "")
        _draw(draw, fit(label, column - 40, 40, 24, bold=True, max_lines=1), x + 10, base - height + 22,
              column - 20, INK)
        value = names[0].value if names else "空缺"
        _draw(draw, fit(value, column - 40, 32, 20), x + 10, base - height + 82, column - 20, DARK_RED)
        y = base - height - 14
        for fitted in reversed(stacks[place]):  # upwards from the step
            y -= fitted.height
            _draw(draw, fitted, x + 12, y, column - 24, INK)
            y -= 8
    return base + 40


def _ranking(draw: ImageDraw.ImageDraw, rows: Sequence[Row], top: int, bottom: int) -> None:
    """Every row: place, name (fitted), result; rows shrink, then flow into two columns."""
    draw.text((MARGIN, top), "完整排名", font=_font(40, True), fill=RED)
    top += 70
    if not rows:
        draw.text((MARGIN, top), "暂无成绩", font=_font(34, False), fill=MUTED)
        return
    for columns in (1, 2):
        per_column = -(-len(rows) // columns)
        row_h = min(110, (bottom - top) // per_column)
        if row_h >= 44 or columns == 2:
            break
    col_w = (WIDTH - 2 * MARGIN - (columns - 1) * 30) // columns
    size = max(16, min(36, int(row_h * 0.55)))
    for i, row in enumerate(rows):
        col, line = divmod(i, per_column)
        x, y = MARGIN + col * (col_w + 30), top + line * row_h
        if line % 2 == 0:
            draw.rectangle((x - 10, y, x + col_w + 10, y + row_h - 4), fill="#f6ece0")
        place = "—" if row.rank is None else f"{row.rank}" + ("=" if row.tied else "")
        value = fit(row.value, col_w // 3, size, 14, max_lines=1)
        name_w = col_w - int(size * 2.6) - int(_width(value.lines[0], value.font)) - 24
        name = best_fit(row.name, name_w, row_h - 8, size, floor=min(size, 16))
        mid = y + (row_h - 4) // 2
        draw.text((x, mid - int(size * 1.25) // 2), place, font=_font(size, True), fill=RED)
        _draw(draw, name, x + int(size * 2.6), mid - name.height // 2, name_w, INK, align="left")
        _draw(draw, value, x + col_w - col_w // 3, mid - value.height // 2, col_w // 3, DARK_RED, align="right")


def poster_png(results: Results, settings: AwardSettings) -> bytes:
    """The poster, drawn in a child process (see ``reports.child``)."""
    cjk_font()  # no CJK font: say which package to install, before starting anything
    return render_in_child(__name__, pickle.dumps((results, settings)), "成绩海报", b"\x89PNG")


def draw_poster(results: Results, settings: AwardSettings, tz: tzinfo | None = None) -> bytes:
    """The poster for the contest's main board (the first one), as PNG bytes."""
    board = results.boards[0] if results.boards else Board("排名", ())
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    date = date_text(settings, results, tz)
    subtitle = date + ("" if results.final else " · 暂定成绩")
    y = _header(draw, results, board, subtitle.strip(" ·") or "比赛成绩")
    placed = [r for r in board.rows if r.rank is not None and r.rank <= 3]
    y = _podium(draw, placed, y) if placed else y
    _ranking(draw, board.rows, y, HEIGHT - 150)
    footer = "　".join(x for x in (settings.organiser, date, settings.place and f"地点：{settings.place}") if x)
    draw.rectangle((0, HEIGHT - 110, WIDTH, HEIGHT), fill=DARK_RED)
    _draw(draw, fit(footer or results.title, WIDTH - 2 * MARGIN, 32, 20, max_lines=2), MARGIN, HEIGHT - 90,
          WIDTH - 2 * MARGIN, "#ffffff")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _main() -> None:
    """Child process: pickled (results, settings) from the parent on stdin, PNG on stdout."""
    results, settings = pickle.loads(sys.stdin.buffer.read())  # noqa: S301 - written by our own parent
    sys.stdout.buffer.write(draw_poster(results, settings))


if __name__ == "__main__":
    _main()
