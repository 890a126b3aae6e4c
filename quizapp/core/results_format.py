"""Parse and format what a recorder types: times, counts, judge scores, points.

Recorders type on phones with Chinese IMEs, so full-width digits and
punctuation (``１：０２．３５``) are accepted and normalised first. Every
refusal is a :class:`DomainError` whose zh-CN message shows the recorder the
expected form.

Units (decided here, used by the rest of the core):

* times are ``int`` **hundredths of a second** (``"1:02.35"`` -> ``6235``):
  integers compare exactly, add penalties exactly and serialise into events
  without float drift;
* judge scores and points are :class:`fractions.Fraction`, so averages and
  shared places split exactly; rounding happens only for display.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from fractions import Fraction
from typing import Final

from quizapp.core.errors import DomainError

__all__ = [
    "MAX_TIME_HUNDREDTHS",
    "format_points",
    "format_score",
    "format_time",
    "parse_count",
    "parse_score",
    "parse_time",
    "round_half_up",
]

MAX_TIME_HUNDREDTHS: Final = 99 * 60 * 100
"""99 minutes: longer is surely a typo (e.g. a missing colon)."""

_MAX_COUNT_DIGITS: Final = 9
_TIME_HINT: Final = "请写成 1:02.35 或 62.35"

_TIME_RE: Final = re.compile(
    r"(?:(?P<min>[0-9]{1,2}):(?P<sec>[0-9]{2})|(?P<secs>[0-9]{1,4}))(?:\.(?P<frac>[0-9]+))?"
)
_COUNT_RE: Final = re.compile(r"[0-9]+")
_SCORE_RE: Final = re.compile(r"(?P<sign>-)?(?P<int>[0-9]{1,6})(?:\.(?P<frac>[0-9]+))?")


def _normalize(text: str) -> str:
    """Fold full-width forms (NFKC) and the IME full stop so phones type freely."""
    folded = unicodedata.normalize("NFKC", text)
    return folded.replace("。", ".").replace("−", "-").strip()


def _bad_time(reason: str) -> DomainError:
    """One code for every time refusal; the message tells what to fix."""
    return DomainError("bad_time", f"{reason}：{_TIME_HINT}")


def parse_time(text: str) -> int:
    """Parse a typed time into hundredths of a second.

    Accepts ``m:ss``, ``m:ss.f``, ``m:ss.ff``, ``s``, ``s.f``, ``s.ff`` (minutes
    up to two digits, seconds after a colon exactly two digits so ``1:5`` is not
    silently read as 1:05 or 1:50). Rejects empty, negative, zero, more than two
    decimals and anything over 99 minutes with code ``bad_time``.
    """
    norm = _normalize(text)
    if norm.startswith("-"):
        raise _bad_time("成绩不能是负数")
    match = _TIME_RE.fullmatch(norm)
    if match is None:
        raise _bad_time("成绩格式不对")
    frac = match["frac"] or ""
    if len(frac) > 2:
        raise _bad_time("成绩最多两位小数")
    hundredths = int(frac.ljust(2, "0"))
    if match["secs"] is not None:
        total = int(match["secs"]) * 100 + hundredths
    else:
        seconds = int(match["sec"])
        if seconds >= 60:
            raise _bad_time("秒数要小于 60")
        total = (int(match["min"]) * 60 + seconds) * 100 + hundredths
    if total == 0:
        raise _bad_time("成绩不能为 0")
    if total > MAX_TIME_HUNDREDTHS:
        raise DomainError("bad_time", "成绩超过 99 分钟，请检查是否录错（例如漏了冒号）")
    return total


def format_time(hundredths: int) -> str:
    """Show a time the way recorders type it: ``"1:02.35"``, or ``"59.90"`` under a minute.

    Negative input is a programming error (parsing never yields one), so it
    raises ``ValueError`` rather than a domain refusal.
    """
    if hundredths < 0:
        raise ValueError("time must be non-negative")
    seconds, cents = divmod(hundredths, 100)
    if seconds < 60:
        return f"{seconds}.{cents:02d}"
    minutes, seconds = divmod(seconds, 60)
    return f"{minutes}:{seconds:02d}.{cents:02d}"


def parse_count(text: str) -> int:
    """Parse a counted result (reps, baskets): a non-negative whole number, code ``bad_count``."""
    norm = _normalize(text)
    if norm.startswith("-"):
        raise DomainError("bad_count", "数量不能是负数：请写非负整数，如 35")
    if _COUNT_RE.fullmatch(norm) is None:
        raise DomainError("bad_count", "数量格式不对：请写非负整数，如 35")
    if len(norm.lstrip("0")) > _MAX_COUNT_DIGITS:
        raise DomainError("bad_count", "数量太大，请检查是否录错")
    return int(norm)


def parse_score(text: str, minimum: Fraction | int, maximum: Fraction | int) -> Fraction:
    """Parse a judge score: a decimal with at most two places inside ``[minimum, maximum]``.

    Format problems raise ``bad_score``; a well-formed value outside the range
    raises ``score_out_of_range``. Both messages state the range so the judge
    can correct the entry without asking anyone.
    """
    if minimum > maximum:
        raise ValueError("minimum must not exceed maximum")
    span = f"{format_points(Fraction(minimum))} 到 {format_points(Fraction(maximum))}"
    match = _SCORE_RE.fullmatch(_normalize(text))
    if match is None:
        raise DomainError("bad_score", f"分数格式不对：请写 {span} 之间的数，最多两位小数")
    frac = match["frac"] or ""
    if len(frac) > 2:
        raise DomainError("bad_score", f"分数最多两位小数：请写 {span} 之间的数")
    value = Fraction(int(match["int"] + frac.ljust(2, "0")), 100)
    if match["sign"]:
        value = -value
    if not minimum <= value <= maximum:
        raise DomainError("score_out_of_range", f"分数要在 {span} 之间")
    return value


def round_half_up(value: Fraction | int, places: int = 2) -> Decimal:
    """Round exactly, half away from zero, as people do by hand (4.335 -> 4.34).

    Works on the exact Fraction, so no binary float ever decides a tie.
    """
    frac = Fraction(value)
    scale = 10**places
    quotient, remainder = divmod(abs(frac.numerator) * scale, frac.denominator)
    if 2 * remainder >= frac.denominator:
        quotient += 1
    if frac < 0 and quotient:
        quotient = -quotient
    return Decimal(quotient).scaleb(-places)


def format_points(value: Fraction | int) -> str:
    """Show points with up to two decimals and no trailing zeros: ``"6"``, ``"3.5"``, ``"4.33"``."""
    text = f"{round_half_up(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_score(value: Fraction | int) -> str:
    """Show a judge score with exactly two decimals (``"8.50"``), the panel convention."""
    return f"{round_half_up(value):f}"
