"""Judge-panel maths: trimmed means, the 文明宿舍评比 checklist, who judges whom.

Scores are exact :class:`~fractions.Fraction` values with at most two
decimals; results keep the exact Fraction and add a half-up two-decimal form
for display only, so ranking never depends on rounding.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Final

from quizapp.core.errors import DomainError
from quizapp.core.results_format import format_points, format_score, round_half_up

__all__ = [
    "FULL_MARKS",
    "VETO_DISPLAY",
    "Assignment",
    "Category",
    "Checklist",
    "ChecklistItem",
    "DormResult",
    "Entrant",
    "Judge",
    "PanelMethod",
    "PanelResult",
    "Progress",
    "SheetResult",
    "assign_judges",
    "combine_sheets",
    "panel_score",
    "progress",
    "score_sheet",
]

ScoreInput = Fraction | Decimal | int
"""What a host may pass as a score or deduction; converted exactly to Fraction."""

FULL_MARKS: Final = Fraction(100)
VETO_DISPLAY: Final = "否决"
_TRIM_MINIMUM: Final = 3


def _exact(value: ScoreInput, what: str) -> Fraction:
    """Convert exactly and insist on two decimals, the precision judges work in."""
    try:
        frac = Fraction(value)
    except (ValueError, TypeError, OverflowError):
        raise DomainError("bad_score", f"{what}不是有效数字") from None
    if (frac * 100).denominator != 1:
        raise DomainError("bad_score", f"{what}最多两位小数")
    return frac


# ---------------------------------------------------------------- panel


class PanelMethod(StrEnum):
    """How a panel's scores combine."""

    TRIMMED = "trimmed"  # drop one highest and one lowest, average the rest
    MEAN = "mean"  # plain mean of all scores


@dataclass(frozen=True)
class PanelResult:
    """A panel's combined score for one entrant.

    ``value`` is exact; ``rounded`` / ``display`` are half-up to two decimals
    for showing only. ``method`` is the method actually applied (a trimmed
    panel with fewer than three judges falls back to the mean).
    ``dropped_high`` / ``dropped_low`` are judge ids, None when nothing was dropped.
    """

    value: Fraction
    rounded: Decimal
    display: str
    method: PanelMethod
    dropped_high: str | None
    dropped_low: str | None
    counted: tuple[str, ...]


def panel_score(
    scores: Mapping[str, ScoreInput], method: PanelMethod | str = PanelMethod.TRIMMED
) -> PanelResult:
    """Combine one entrant's scores (judge id -> score).

    Trimmed: drop the single highest and the single lowest, average the rest;
    with fewer than three judges the plain mean is used instead. When several
    judges share the highest score, the one with the smallest judge id (string
    order) is dropped; the lowest is then chosen the same way among the
    remaining judges, so one judge is never dropped twice and the result is
    deterministic.
    """
    if not scores:
        raise DomainError("no_scores", "还没有评委打分，无法计算成绩")
    try:
        chosen = PanelMethod(method)
    except ValueError:
        raise DomainError("unknown_panel_method", f"不认识的计分方式：{method}") from None
    exact = {judge: _exact(score, f"评委 {judge} 的分数") for judge, score in scores.items()}
    high: str | None = None
    low: str | None = None
    if chosen is PanelMethod.TRIMMED and len(exact) >= _TRIM_MINIMUM:
        high = min(exact, key=lambda j: (-exact[j], j))
        low = min((j for j in exact if j != high), key=lambda j: (exact[j], j))
    else:
        chosen = PanelMethod.MEAN
    counted = tuple(sorted(j for j in exact if j not in (high, low)))
    value = Fraction(sum(exact[j] for j in counted), len(counted))
    return PanelResult(
        value=value,
        rounded=round_half_up(value),
        display=format_score(value),
        method=chosen,
        dropped_high=high,
        dropped_low=low,
        counted=counted,
    )


# ---------------------------------------------------------------- 文明宿舍 checklist


class Category(StrEnum):
    """The checklist's four groups from the rule book."""

    SAFETY = "safety"
    HYGIENE = "hygiene"
    DISCIPLINE = "discipline"
    CULTURE = "culture"


@dataclass(frozen=True)
class ChecklistItem:
    """One line of the checklist: a judge deducts 0..``max_deduction`` points.

    A ``veto`` item (一票否决, e.g. banned appliances found) is ticked rather
    than deducted; its ``max_deduction`` may be 0.
    """

    item_id: str
    category: Category
    label: str
    max_deduction: Fraction
    veto: bool = False


@dataclass(frozen=True)
class Checklist:
    """A 100-point checklist. Deductions may add up to more than 100; the total floors at 0."""

    items: tuple[ChecklistItem, ...]
    full_marks: Fraction = FULL_MARKS

    def __post_init__(self) -> None:
        """Refuse a checklist that judges could not fill in unambiguously."""
        counts = Counter(item.item_id for item in self.items)
        dupes = sorted(item_id for item_id, n in counts.items() if n > 1)
        if dupes:
            raise DomainError("duplicate_item", f"检查表里有重复的项目编号：{'、'.join(dupes)}")
        for item in self.items:
            limit = _exact(item.max_deduction, f"「{item.label}」的最高扣分")
            if limit < 0:
                raise DomainError("bad_checklist", f"「{item.label}」的最高扣分不能是负数")
        if self.full_marks <= 0:
            raise DomainError("bad_checklist", "检查表满分必须大于 0")

    def item(self, item_id: str) -> ChecklistItem:
        """Look an item up; an unknown id is a refusal the judge can correct."""
        for candidate in self.items:
            if candidate.item_id == item_id:
                return candidate
        raise DomainError("unknown_item", f"检查表里没有这一项：{item_id}")


@dataclass(frozen=True)
class SheetResult:
    """One judge's filled-in checklist for one dorm.

    ``total`` = full marks - all deductions, floored at 0 (kept even when
    vetoed, for the record). ``by_category`` lists deductions per category in
    the Category order. ``vetoed_by`` lists ticked veto item ids, sorted.
    """

    total: Fraction
    deducted: Fraction
    by_category: tuple[tuple[Category, Fraction], ...]
    vetoed_by: tuple[str, ...]

    @property
    def vetoed(self) -> bool:
        """Any veto item found fails the dorm regardless of points."""
        return bool(self.vetoed_by)

    @property
    def display(self) -> str:
        """``"否决"`` when vetoed, else the points (``"92.5"``)."""
        return VETO_DISPLAY if self.vetoed else format_points(self.total)


def _checked_deduction(checklist: Checklist, item_id: str, amount: ScoreInput) -> Fraction:
    """A deduction must name a real item and stay within 0..max, so typos cannot sink a dorm."""
    item = checklist.item(item_id)
    value = _exact(amount, f"「{item.label}」的扣分")
    if not 0 <= value <= item.max_deduction:
        raise DomainError(
            "deduction_out_of_range",
            f"「{item.label}」的扣分要在 0 到 {format_points(item.max_deduction)} 之间",
        )
    return value


def score_sheet(
    checklist: Checklist, deductions: Mapping[str, ScoreInput], vetoes: Iterable[str] = ()
) -> SheetResult:
    """Score one judge's sheet: item id -> deduction, plus the veto items found."""
    exact = {
        item_id: _checked_deduction(checklist, item_id, amount)
        for item_id, amount in deductions.items()
    }
    found = sorted(set(vetoes))
    for item_id in found:
        item = checklist.item(item_id)
        if not item.veto:
            raise DomainError("not_a_veto_item", f"「{item.label}」不是一票否决项，请按扣分录入")
    per_category = {category: Fraction(0) for category in Category}
    for item_id, value in exact.items():
        per_category[checklist.item(item_id).category] += value
    deducted = sum(per_category.values(), Fraction(0))
    return SheetResult(
        total=max(checklist.full_marks - deducted, Fraction(0)),
        deducted=deducted,
        by_category=tuple(per_category.items()),
        vetoed_by=tuple(found),
    )


@dataclass(frozen=True)
class DormResult:
    """A dorm's result over all judges' sheets.

    Vetoed if any judge ticked a veto item (一票否决 means one is enough);
    ``vetoes`` lists (judge id, item id) pairs. ``panel`` combines the sheet
    totals and is kept even when vetoed; ``display`` is ``"否决"`` or the
    panel's two-decimal score.
    """

    vetoed: bool
    vetoes: tuple[tuple[str, str], ...]
    panel: PanelResult
    display: str


def combine_sheets(
    sheets: Mapping[str, SheetResult], method: PanelMethod | str = PanelMethod.TRIMMED
) -> DormResult:
    """Combine judge id -> sheet into the dorm's result with the panel rules."""
    panel = panel_score({judge: sheet.total for judge, sheet in sheets.items()}, method)
    vetoes = tuple(
        sorted((judge, item_id) for judge, sheet in sheets.items() for item_id in sheet.vetoed_by)
    )
    vetoed = bool(vetoes)
    return DormResult(vetoed, vetoes, panel, VETO_DISPLAY if vetoed else panel.display)


# ---------------------------------------------------------------- who judges whom


@dataclass(frozen=True)
class Judge:
    """A judge; ``unit`` None means a neutral judge who may score everyone."""

    judge_id: str
    unit: str | None = None


@dataclass(frozen=True)
class Entrant:
    """A scored entrant (dorm, team) and the unit it belongs to."""

    entrant_id: str
    unit: str


@dataclass(frozen=True)
class Progress:
    """How many of the expected scores are in."""

    scored: int
    expected: int

    @property
    def done(self) -> bool:
        """All expected scores are in (trivially true when nobody is expected)."""
        return self.scored >= self.expected

    @property
    def display(self) -> str:
        """Shown on the host screen as ``"3/5"``."""
        return f"{self.scored}/{self.expected}"


@dataclass(frozen=True)
class Assignment:
    """Which judge must score which entrant: ``pairs`` of (judge id, entrant id)."""

    judges: tuple[Judge, ...]
    entrants: tuple[Entrant, ...]
    pairs: frozenset[tuple[str, str]]

    def judges_for(self, entrant_id: str) -> tuple[str, ...]:
        """Judge ids who must score this entrant, sorted."""
        return tuple(sorted(j for j, e in self.pairs if e == entrant_id))

    def entrants_for(self, judge_id: str) -> tuple[str, ...]:
        """Entrant ids this judge must score, sorted."""
        return tuple(sorted(e for j, e in self.pairs if j == judge_id))

    @property
    def uncovered(self) -> tuple[str, ...]:
        """Entrants no judge may score (every judge is from their unit): add a judge."""
        covered = {e for _, e in self.pairs}
        return tuple(sorted(e.entrant_id for e in self.entrants if e.entrant_id not in covered))

    def require(self, judge_id: str, entrant_id: str) -> None:
        """Refuse a score the judge may not give, before it is recorded."""
        judge = next((j for j in self.judges if j.judge_id == judge_id), None)
        if judge is None:
            raise DomainError("unknown_judge", f"没有这位评委：{judge_id}")
        entrant = next((e for e in self.entrants if e.entrant_id == entrant_id), None)
        if entrant is None:
            raise DomainError("unknown_entrant", f"没有这个参评对象：{entrant_id}")
        if (judge_id, entrant_id) not in self.pairs:
            raise DomainError(
                "judge_own_unit",
                f"评委 {judge_id} 与 {entrant_id} 同属 {entrant.unit}，须回避，不能打分",
            )


def _unique(ids: Iterable[str], code: str, what: str) -> None:
    """Ids key every later lookup, so a duplicate would silently merge two people."""
    dupes = sorted(i for i, n in Counter(ids).items() if n > 1)
    if dupes:
        raise DomainError(code, f"{what}编号重复：{'、'.join(dupes)}")


def assign_judges(judges: Iterable[Judge], entrants: Iterable[Entrant]) -> Assignment:
    """Every judge scores every entrant except those of the judge's own unit."""
    judge_list = tuple(judges)
    entrant_list = tuple(entrants)
    _unique((j.judge_id for j in judge_list), "duplicate_judge", "评委")
    _unique((e.entrant_id for e in entrant_list), "duplicate_entrant", "参评对象")
    pairs = frozenset(
        (j.judge_id, e.entrant_id)
        for j in judge_list
        for e in entrant_list
        if j.unit is None or j.unit != e.unit
    )
    return Assignment(judge_list, entrant_list, pairs)


def progress(
    assignment: Assignment, scored: Iterable[tuple[str, str]], entrant_id: str | None = None
) -> Progress:
    """Scores in versus expected, for one entrant or (``entrant_id`` None) the whole panel.

    ``scored`` holds (judge id, entrant id) pairs already recorded; pairs the
    assignment does not expect are not counted.
    """
    expected = {pair for pair in assignment.pairs if entrant_id is None or pair[1] == entrant_id}
    return Progress(len(expected & set(scored)), len(expected))
