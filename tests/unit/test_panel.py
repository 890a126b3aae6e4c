"""Tests for judge-panel maths, the 文明宿舍评比 checklist and judge assignment."""

from __future__ import annotations

import random
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.core.errors import DomainError
from quizapp.core.panel.scoring import (
    VETO_DISPLAY,
    Category,
    Checklist,
    ChecklistItem,
    Entrant,
    Judge,
    PanelMethod,
    PanelResult,
    Progress,
    assign_judges,
    combine_sheets,
    panel_score,
    progress,
    score_sheet,
)

F = Fraction


def refused(code: str, action: Callable[[], object]) -> DomainError:
    """Run ``action`` expecting a refusal with ``code``; return it for message checks."""
    with pytest.raises(DomainError) as caught:
        action()
    assert caught.value.code == code
    return caught.value


# ---------------------------------------------------------------- panel_score


def test_trimmed_mean_drops_highest_and_lowest() -> None:
    result = panel_score(
        {"J1": F(19, 2), "J2": F(8), "J3": F(9), "J4": F(17, 2), "J5": Decimal("9.00")}
    )
    assert result == PanelResult(
        value=F(53, 6),
        rounded=Decimal("8.83"),
        display="8.83",
        method=PanelMethod.TRIMMED,
        dropped_high="J1",
        dropped_low="J2",
        counted=("J3", "J4", "J5"),
    )


def test_equal_extremes_drop_the_smallest_judge_id() -> None:
    result = panel_score({"b": 9, "a": 9, "d": 7, "c": 7, "e": 8})
    assert (result.dropped_high, result.dropped_low) == ("a", "c")
    assert result.counted == ("b", "d", "e")
    assert result.value == 8


def test_all_equal_drops_two_different_judges() -> None:
    result = panel_score({"z": 8, "y": 8, "x": 8})
    assert (result.dropped_high, result.dropped_low, result.counted) == ("x", "y", ("z",))
    assert result.value == 8


def test_fewer_than_three_judges_use_the_mean() -> None:
    result = panel_score({"J1": F(9), "J2": Decimal("8.5")})
    assert result.method is PanelMethod.MEAN
    assert (result.dropped_high, result.dropped_low) == (None, None)
    assert result.value == F(35, 4)
    assert result.display == "8.75"
    assert panel_score({"J1": 7}).value == 7


def test_mean_option_keeps_everyone() -> None:
    result = panel_score({"J1": 10, "J2": 6, "J3": 7, "J4": 8}, "mean")
    assert result.method is PanelMethod.MEAN
    assert result.value == F(31, 4)
    assert result.counted == ("J1", "J2", "J3", "J4")


def test_display_rounds_half_up_but_value_stays_exact() -> None:
    # trimmed leaves 8.01 and 8.00: exactly 8.005
    result = panel_score({"a": Decimal("9.00"), "b": Decimal("8.01"), "c": 8, "d": 1})
    assert result.value == F(1601, 200)
    assert result.rounded == Decimal("8.01")
    assert result.display == "8.01"


def test_repeating_average_displays_two_decimals() -> None:
    result = panel_score({"a": 10, "b": 9, "c": 9, "d": 8, "e": F(1, 100)}, PanelMethod.MEAN)
    assert result.value == F(3601, 500)
    assert result.display == "7.20"


@pytest.mark.parametrize(
    ("scores", "code"),
    [
        ({}, "no_scores"),
        ({"J1": Decimal("9.255")}, "bad_score"),
        ({"J1": F(1, 3)}, "bad_score"),
        ({"J1": Decimal("NaN")}, "bad_score"),
        ({"J1": Decimal("Infinity")}, "bad_score"),
    ],
)
def test_panel_refuses_bad_scores(scores: dict[str, Decimal | Fraction], code: str) -> None:
    refused(code, lambda: panel_score(scores))


def test_panel_bad_score_message_names_the_judge() -> None:
    error = refused("bad_score", lambda: panel_score({"张老师": Decimal("9.255")}))
    assert error.message == "评委 张老师 的分数最多两位小数"


def test_unknown_panel_method() -> None:
    refused("unknown_panel_method", lambda: panel_score({"J1": 5}, "median"))


two_decimals = st.integers(0, 1000).map(lambda cents: F(cents, 100))
panels = st.dictionaries(st.sampled_from([f"J{i}" for i in range(9)]), two_decimals, min_size=1)


@given(panels, st.sampled_from(list(PanelMethod)))
def test_panel_result_lies_between_min_and_max(
    scores: dict[str, Fraction], method: PanelMethod
) -> None:
    result = panel_score(scores, method)
    assert min(scores.values()) <= result.value <= max(scores.values())
    assert abs(Fraction(result.rounded) - result.value) <= F(1, 200)


@given(panels, st.randoms())
def test_trimmed_panel_matches_sorted_middle_and_ignores_order(
    scores: dict[str, Fraction], rnd: random.Random
) -> None:
    result = panel_score(scores)
    items = list(scores.items())
    rnd.shuffle(items)
    assert panel_score(dict(items)) == result
    values = sorted(scores.values())
    middle = values[1:-1] if len(values) >= 3 else values
    assert result.value == F(sum(middle), len(middle))
    if len(values) >= 3:
        assert result.dropped_high != result.dropped_low
        assert result.dropped_high is not None and result.dropped_low is not None
        assert scores[result.dropped_high] == values[-1]
        assert scores[result.dropped_low] == values[0]
        assert len(result.counted) == len(scores) - 2


# ---------------------------------------------------------------- checklist

CHECKLIST = Checklist(
    (
        ChecklistItem("S1", Category.SAFETY, "违规电器", F(0), veto=True),
        ChecklistItem("S2", Category.SAFETY, "私拉电线", F(10)),
        ChecklistItem("H1", Category.HYGIENE, "地面卫生", F(5)),
        ChecklistItem("H2", Category.HYGIENE, "床铺整理", F(5)),
        ChecklistItem("D1", Category.DISCIPLINE, "晚归", F(10)),
        ChecklistItem("C1", Category.CULTURE, "宿舍文化", F(5)),
    )
)


def test_sheet_deducts_from_hundred_by_category() -> None:
    sheet = score_sheet(CHECKLIST, {"S2": 2, "H1": Decimal("1.5"), "H2": F(1, 2)})
    assert sheet.total == F(96)
    assert sheet.deducted == F(4)
    assert sheet.by_category == (
        (Category.SAFETY, F(2)),
        (Category.HYGIENE, F(2)),
        (Category.DISCIPLINE, F(0)),
        (Category.CULTURE, F(0)),
    )
    assert not sheet.vetoed
    assert sheet.display == "96"


def test_clean_sheet_is_full_marks() -> None:
    sheet = score_sheet(CHECKLIST, {})
    assert (sheet.total, sheet.display) == (F(100), "100")


def test_veto_fails_regardless_of_points() -> None:
    sheet = score_sheet(CHECKLIST, {"H1": Decimal("0.5")}, vetoes=["S1"])
    assert sheet.vetoed
    assert sheet.vetoed_by == ("S1",)
    assert sheet.display == VETO_DISPLAY == "否决"
    assert sheet.total == F(199, 2)


def test_total_floors_at_zero() -> None:
    heavy = Checklist(
        tuple(ChecklistItem(f"X{i}", Category.DISCIPLINE, f"违纪{i}", F(40)) for i in range(3))
    )
    sheet = score_sheet(heavy, {"X0": 40, "X1": 40, "X2": 40})
    assert (sheet.total, sheet.deducted) == (F(0), F(120))


@pytest.mark.parametrize(
    ("deductions", "vetoes", "code", "message"),
    [
        ({"X9": 1}, [], "unknown_item", "检查表里没有这一项：X9"),
        ({}, ["X9"], "unknown_item", "检查表里没有这一项：X9"),
        ({"H1": 6}, [], "deduction_out_of_range", "「地面卫生」的扣分要在 0 到 5 之间"),
        ({"H1": -1}, [], "deduction_out_of_range", "「地面卫生」的扣分要在 0 到 5 之间"),
        ({"S1": 1}, [], "deduction_out_of_range", "「违规电器」的扣分要在 0 到 0 之间"),
        ({"H1": Decimal("0.125")}, [], "bad_score", "「地面卫生」的扣分最多两位小数"),
        ({}, ["H1"], "not_a_veto_item", "「地面卫生」不是一票否决项，请按扣分录入"),
    ],
)
def test_sheet_refusals(
    deductions: dict[str, int | Decimal], vetoes: list[str], code: str, message: str
) -> None:
    error = refused(code, lambda: score_sheet(CHECKLIST, deductions, vetoes))
    assert error.message == message


def test_checklist_validation() -> None:
    refused(
        "duplicate_item",
        lambda: Checklist(
            (
                ChecklistItem("A", Category.SAFETY, "甲", F(1)),
                ChecklistItem("A", Category.HYGIENE, "乙", F(1)),
            )
        ),
    )
    refused(
        "bad_checklist",
        lambda: Checklist((ChecklistItem("A", Category.SAFETY, "甲", F(-1)),)),
    )
    refused("bad_checklist", lambda: Checklist((), full_marks=F(0)))


def test_combine_sheets_uses_panel_rules() -> None:
    sheets = {
        "J1": score_sheet(CHECKLIST, {"H1": Decimal("3.5")}),  # 96.5
        "J2": score_sheet(CHECKLIST, {"D1": 10}),  # 90
        "J3": score_sheet(CHECKLIST, {"C1": 5}),  # 95
    }
    result = combine_sheets(sheets)
    assert not result.vetoed
    assert result.panel.value == F(95)
    assert (result.panel.dropped_high, result.panel.dropped_low) == ("J1", "J2")
    assert result.display == "95.00"


def test_one_judge_veto_fails_the_dorm() -> None:
    sheets = {
        "J1": score_sheet(CHECKLIST, {}),
        "J2": score_sheet(CHECKLIST, {}, vetoes=["S1"]),
        "J3": score_sheet(CHECKLIST, {"H2": 1}),
    }
    result = combine_sheets(sheets)
    assert result.vetoed
    assert result.vetoes == (("J2", "S1"),)
    assert result.display == "否决"
    assert result.panel.value == F(100)


# ---------------------------------------------------------------- who judges whom

JUDGES = (Judge("J1", "3号楼"), Judge("J2", "5号楼"), Judge("J3"))
ENTRANTS = (Entrant("D301", "3号楼"), Entrant("D501", "5号楼"), Entrant("D701", "7号楼"))


def test_judges_never_score_their_own_unit() -> None:
    assignment = assign_judges(JUDGES, ENTRANTS)
    assert {e.entrant_id: assignment.judges_for(e.entrant_id) for e in ENTRANTS} == {
        "D301": ("J2", "J3"),
        "D501": ("J1", "J3"),
        "D701": ("J1", "J2", "J3"),
    }
    assert assignment.entrants_for("J1") == ("D501", "D701")
    assert assignment.entrants_for("J3") == ("D301", "D501", "D701")
    assert assignment.uncovered == ()


def test_require_refuses_own_unit_and_unknowns() -> None:
    assignment = assign_judges(JUDGES, ENTRANTS)
    assignment.require("J2", "D301")
    error = refused("judge_own_unit", lambda: assignment.require("J1", "D301"))
    assert error.message == "评委 J1 与 D301 同属 3号楼，须回避，不能打分"
    refused("unknown_judge", lambda: assignment.require("J9", "D301"))
    refused("unknown_entrant", lambda: assignment.require("J1", "D999"))


def test_uncovered_entrants_are_reported() -> None:
    assignment = assign_judges([Judge("J1", "3号楼")], ENTRANTS)
    assert assignment.uncovered == ("D301",)


def test_duplicate_ids_refused() -> None:
    refused("duplicate_judge", lambda: assign_judges([Judge("J1"), Judge("J1", "x")], []))
    error = refused(
        "duplicate_entrant", lambda: assign_judges([], [Entrant("D1", "a"), Entrant("D1", "b")])
    )
    assert error.message == "参评对象编号重复：D1"


def test_progress_counts_only_expected_scores() -> None:
    judges = [Judge(f"J{i}", None) for i in range(1, 6)] + [Judge("J6", "3号楼")]
    assignment = assign_judges(judges, [ENTRANTS[0], ENTRANTS[1]])
    scored = [("J1", "D301"), ("J2", "D301"), ("J3", "D301"), ("J6", "D301"), ("J6", "D501")]
    one = progress(assignment, scored, "D301")
    assert one == Progress(3, 5)
    assert one.display == "3/5"
    assert not one.done
    overall = progress(assignment, scored)
    assert overall.display == "4/11"
    full = progress(assignment, assignment.pairs, "D501")
    assert (full.display, full.done) == ("6/6", True)


def test_progress_with_nobody_expected_is_done() -> None:
    assert progress(assign_judges([], ENTRANTS), []).display == "0/0"
    assert progress(assign_judges([], ENTRANTS), []).done


units = st.sampled_from(["A", "B", "C"])


@given(
    st.lists(
        st.tuples(st.sampled_from([f"J{i}" for i in range(6)]), st.none() | units),
        unique_by=lambda j: j[0],
    ),
    st.lists(
        st.tuples(st.sampled_from([f"D{i}" for i in range(6)]), units), unique_by=lambda e: e[0]
    ),
)
def test_assignment_is_everyone_but_own_unit(
    judge_rows: list[tuple[str, str | None]], entrant_rows: list[tuple[str, str]]
) -> None:
    judges = [Judge(j, u) for j, u in judge_rows]
    entrants = [Entrant(e, u) for e, u in entrant_rows]
    assignment = assign_judges(judges, entrants)
    for judge in judges:
        for entrant in entrants:
            expected = judge.unit != entrant.unit
            assert ((judge.judge_id, entrant.entrant_id) in assignment.pairs) == expected
    total = progress(assignment, [])
    assert total.expected == len(assignment.pairs)
    assert sum(progress(assignment, [], e.entrant_id).expected for e in entrants) == total.expected
