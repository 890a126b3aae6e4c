"""The poster's text fitting: names shrink, then wrap, and are never cut."""

from __future__ import annotations

import pytest

from quizapp.reports.fonts import cjk_fonts
from quizapp.reports.poster import best_fit, fit

pytestmark = pytest.mark.skipif(not cjk_fonts(), reason="needs a CJK font (fonts-noto-cjk)")
LONG = "数学与统计学院第一学生党支部入党积极分子联合代表队（5栋101）"


@pytest.mark.parametrize("width", [120, 300, 600])
def test_every_character_is_kept_and_every_line_fits_its_box(width) -> None:
    fitted = fit(LONG, width, 38, 16, bold=True, max_lines=2)
    assert "".join(fitted.lines) == LONG
    assert all(fitted.font.getlength(line) <= width for line in fitted.lines)


def test_a_short_name_keeps_the_large_face_and_a_long_one_shrinks_before_wrapping_further() -> None:
    assert fit("飞虎队", 300, 38, 16).font.size == 38
    two_lines = fit(LONG, 300, 38, 16, max_lines=2)
    assert len(two_lines.lines) <= 2 and two_lines.font.size < 38


def test_a_bracketed_dorm_room_is_not_split_when_it_fits_on_a_line() -> None:
    fitted = fit("启航队（21栋305）", 260, 38, 38, bold=True)  # 340 px on one line, the room 226
    assert fitted.lines == ["启航队", "（21栋305）"]


def test_best_fit_respects_the_height_and_falls_back_to_more_lines_not_clipping() -> None:
    fitted = best_fit(LONG, 300, 90, 38)
    assert fitted.height <= 90 and "".join(fitted.lines) == LONG
    squeezed = best_fit(LONG, 60, 20, 38)  # impossible box: smallest face, every character still there
    assert squeezed.font.size == 16 and "".join(squeezed.lines) == LONG
