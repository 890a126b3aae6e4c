"""A sports result as people read it (times, counts, places, panel scores)."""

from __future__ import annotations

from fractions import Fraction

from ..labels import ENTRY_STATUS
from ..results_format import format_score, format_time
from . import model as m


def value_text(kind: str, line: m.ResultLine) -> str:
    """A result as people read it: "1:02.35（含罚时 5 秒）", "33（35 扣 2）", "第1名", "缺席"."""
    if line.status != "ok":
        return ENTRY_STATUS.get(line.status, line.status)
    if kind == "timed":
        extra = f"（含罚时 {line.adjust} 秒）" if line.adjust else ""
        return format_time(line.value + 100 * line.adjust) + extra
    if kind == "counted":
        return str(line.value - line.adjust) + (f"（{line.value} 扣 {line.adjust}）" if line.adjust else "")
    if kind == "ranked":
        return f"第{line.value}名"
    return format_score(Fraction(line.value, 100))
