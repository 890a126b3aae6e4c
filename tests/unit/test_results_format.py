"""Tests for parsing and formatting what recorders type (times, counts, scores, points)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.core.errors import DomainError
from quizapp.core.results_format import (
    MAX_TIME_HUNDREDTHS,
    format_points,
    format_score,
    format_time,
    parse_count,
    parse_score,
    parse_time,
    round_half_up,
)

HINT = "请写成 1:02.35 或 62.35"


# ---------------------------------------------------------------- times


@pytest.mark.parametrize(
    ("text", "hundredths"),
    [
        ("1:02.35", 6235),
        ("62.35", 6235),
        ("62", 6200),
        ("1:02", 6200),
        ("0:59.9", 5990),
        ("59.9", 5990),
        ("0.01", 1),
        ("12:00.5", 72050),
        ("01:02.35", 6235),
        ("１：０２．３５", 6235),
        ("６２．３５", 6235),
        ("62。35", 6235),
        ("  1:02.35\u3000", 6235),
        ("99:00", MAX_TIME_HUNDREDTHS),
        ("5940", MAX_TIME_HUNDREDTHS),
        ("125.5", 12550),
    ],
)
def test_parse_time_accepts_recorder_forms(text: str, hundredths: int) -> None:
    assert parse_time(text) == hundredths


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", f"成绩格式不对：{HINT}"),
        ("abc", f"成绩格式不对：{HINT}"),
        ("1:2", f"成绩格式不对：{HINT}"),
        ("1:02:03", f"成绩格式不对：{HINT}"),
        ("1.", f"成绩格式不对：{HINT}"),
        (".5", f"成绩格式不对：{HINT}"),
        ("+5", f"成绩格式不对：{HINT}"),
        ("1,5", f"成绩格式不对：{HINT}"),
        ("62 .35", f"成绩格式不对：{HINT}"),
        ("١٢", f"成绩格式不对：{HINT}"),  # Arabic-Indic digits are not ours
        ("-1:02", f"成绩不能是负数：{HINT}"),
        ("-62.35", f"成绩不能是负数：{HINT}"),
        ("－62", f"成绩不能是负数：{HINT}"),
        ("62.345", f"成绩最多两位小数：{HINT}"),
        ("1:02.350", f"成绩最多两位小数：{HINT}"),
        ("1:60", f"秒数要小于 60：{HINT}"),
        ("0", f"成绩不能为 0：{HINT}"),
        ("0:00.00", f"成绩不能为 0：{HINT}"),
        ("99:00.01", "成绩超过 99 分钟，请检查是否录错（例如漏了冒号）"),
        ("5940.01", "成绩超过 99 分钟，请检查是否录错（例如漏了冒号）"),
        ("10235", f"成绩格式不对：{HINT}"),
        ("100:00", f"成绩格式不对：{HINT}"),
    ],
)
def test_parse_time_refuses_with_bad_time(text: str, message: str) -> None:
    with pytest.raises(DomainError) as caught:
        parse_time(text)
    assert caught.value.code == "bad_time"
    assert caught.value.message == message


@pytest.mark.parametrize(
    ("hundredths", "text"),
    [
        (6235, "1:02.35"),
        (5990, "59.90"),
        (0, "0.00"),
        (1, "0.01"),
        (5999, "59.99"),
        (6000, "1:00.00"),
        (60500, "10:05.00"),
        (MAX_TIME_HUNDREDTHS, "99:00.00"),
    ],
)
def test_format_time(hundredths: int, text: str) -> None:
    assert format_time(hundredths) == text


def test_format_time_rejects_negative_as_programming_error() -> None:
    with pytest.raises(ValueError):
        format_time(-1)


@given(st.integers(min_value=1, max_value=MAX_TIME_HUNDREDTHS))
def test_time_round_trips(hundredths: int) -> None:
    assert parse_time(format_time(hundredths)) == hundredths


@given(st.integers(min_value=1, max_value=MAX_TIME_HUNDREDTHS))
def test_plain_seconds_form_round_trips(hundredths: int) -> None:
    seconds, cents = divmod(hundredths, 100)
    assert parse_time(f"{seconds}.{cents:02d}") == hundredths


# ---------------------------------------------------------------- counts


@pytest.mark.parametrize(("text", "value"), [("35", 35), ("0", 0), ("007", 7), ("３５", 35)])
def test_parse_count(text: str, value: int) -> None:
    assert parse_count(text) == value


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-1", "数量不能是负数：请写非负整数，如 35"),
        ("3.5", "数量格式不对：请写非负整数，如 35"),
        ("3.0", "数量格式不对：请写非负整数，如 35"),
        ("", "数量格式不对：请写非负整数，如 35"),
        ("abc", "数量格式不对：请写非负整数，如 35"),
        ("1e3", "数量格式不对：请写非负整数，如 35"),
        ("1234567890", "数量太大，请检查是否录错"),
    ],
)
def test_parse_count_refuses(text: str, message: str) -> None:
    with pytest.raises(DomainError) as caught:
        parse_count(text)
    assert (caught.value.code, caught.value.message) == ("bad_count", message)


# ---------------------------------------------------------------- judge scores


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("9.5", Fraction(19, 2)),
        ("9.50", Fraction(19, 2)),
        ("10", Fraction(10)),
        ("0", Fraction(0)),
        ("8.75", Fraction(35, 4)),
        ("０．５", Fraction(1, 2)),
    ],
)
def test_parse_score_in_range(text: str, value: Fraction) -> None:
    assert parse_score(text, 0, 10) == value


def test_parse_score_allows_negative_when_range_does() -> None:
    assert parse_score("-1.25", -5, 5) == Fraction(-5, 4)


@pytest.mark.parametrize(
    ("text", "code", "message"),
    [
        ("10.01", "score_out_of_range", "分数要在 0 到 10 之间"),
        ("11", "score_out_of_range", "分数要在 0 到 10 之间"),
        ("-0.5", "score_out_of_range", "分数要在 0 到 10 之间"),
        ("9.555", "bad_score", "分数最多两位小数：请写 0 到 10 之间的数"),
        ("abc", "bad_score", "分数格式不对：请写 0 到 10 之间的数，最多两位小数"),
        ("", "bad_score", "分数格式不对：请写 0 到 10 之间的数，最多两位小数"),
        ("9,5", "bad_score", "分数格式不对：请写 0 到 10 之间的数，最多两位小数"),
    ],
)
def test_parse_score_refuses_with_range_in_message(text: str, code: str, message: str) -> None:
    with pytest.raises(DomainError) as caught:
        parse_score(text, 0, 10)
    assert (caught.value.code, caught.value.message) == (code, message)


def test_parse_score_message_shows_fractional_bounds() -> None:
    with pytest.raises(DomainError) as caught:
        parse_score("9", Fraction(11, 2), Fraction(17, 2))
    assert caught.value.message == "分数要在 5.5 到 8.5 之间"


def test_parse_score_rejects_inverted_range_as_programming_error() -> None:
    with pytest.raises(ValueError):
        parse_score("5", 10, 0)


@given(st.integers(min_value=0, max_value=1000))
def test_score_round_trips_through_display(cents: int) -> None:
    value = Fraction(cents, 100)
    assert parse_score(format_score(value), 0, 10) == value


# ---------------------------------------------------------------- rounding and points


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        (Fraction(4335, 1000), Decimal("4.34")),
        (Fraction(-4335, 1000), Decimal("-4.34")),
        (Fraction(1601, 200), Decimal("8.01")),  # 8.005 goes up, not to even
        (Fraction(1, 3), Decimal("0.33")),
        (Fraction(2, 3), Decimal("0.67")),
        (Fraction(-1, 1000), Decimal("0.00")),
        (Fraction(7), Decimal("7.00")),
    ],
)
def test_round_half_up(value: Fraction, rounded: Decimal) -> None:
    result = round_half_up(value)
    assert result == rounded
    assert str(result) == str(rounded)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Fraction(7, 2), "3.5"),
        (Fraction(13, 3), "4.33"),
        (Fraction(6), "6"),
        (6, "6"),
        (Fraction(100), "100"),
        (Fraction(0), "0"),
        (Fraction(-2), "-2"),
        (Fraction(-1, 1000), "0"),
        (Fraction(1, 8), "0.13"),
        (Fraction(999, 1000), "1"),
        (Fraction(16, 3), "5.33"),
        (Fraction(21, 10), "2.1"),
    ],
)
def test_format_points(value: Fraction | int, text: str) -> None:
    assert format_points(value) == text


@pytest.mark.parametrize(
    ("value", "text"), [(Fraction(17, 2), "8.50"), (Fraction(53, 6), "8.83"), (10, "10.00")]
)
def test_format_score_has_two_decimals(value: Fraction | int, text: str) -> None:
    assert format_score(value) == text


@given(st.fractions(min_value=-1000, max_value=1000, max_denominator=1000))
def test_format_points_is_within_half_a_hundredth(value: Fraction) -> None:
    shown = Fraction(format_points(value))
    assert abs(shown - value) <= Fraction(1, 200)
    assert (shown * 100).denominator == 1
