"""Sports-day placings, points tables and overall standings (pure rules).

Flow for one event: build one :class:`EntryResult` per entered team, call
:func:`place_event` to get :class:`Placing` rows (ties share a place:
1, 2, 2, 4), then :func:`award_points` with the event's :class:`PointsTable`.
Feed every event's points and placings to :func:`standings`.

Values: times are int hundredths (see ``results_format``), scores and points
are :class:`~fractions.Fraction` so shared places split exactly.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from fractions import Fraction
from itertools import pairwise
from types import MappingProxyType
from typing import Final

from quizapp.core.errors import DomainError

__all__ = [
    "DEFAULT_AWARD_OPTIONS",
    "PRESET_TABLES",
    "AwardOptions",
    "EntryResult",
    "EntryStatus",
    "EventKind",
    "Placing",
    "PointsTable",
    "StandingRow",
    "TimedPenalty",
    "award_points",
    "parse_table",
    "place_event",
    "standings",
]


class EventKind(StrEnum):
    """How an event's raw results become an order."""

    TIMED = "timed"  # lowest time (plus penalties) wins
    COUNTED = "counted"  # highest count (minus deductions) wins
    RANKED = "ranked"  # judges type the places directly
    SCORED = "scored"  # highest rubric / panel score wins


class EntryStatus(StrEnum):
    """Whether an entered team took part: only ``ok`` entries take a place."""

    OK = "ok"
    NO_SHOW = "no_show"
    DISQUALIFIED = "disqualified"


class TimedPenalty(IntEnum):
    """Rule-book penalties for timed events, in whole seconds (sum them)."""

    DROPPED_BALL = 5
    FALSE_START = 10


# ---------------------------------------------------------------- points tables


@dataclass(frozen=True)
class PointsTable:
    """Points for 1st, 2nd, ... place; places beyond the table score 0."""

    points: tuple[int, ...]

    def __post_init__(self) -> None:
        """Refuse tables that would reward a worse place more, or take points away."""
        if not self.points:
            raise DomainError("bad_points_table", "积分表不能为空：请写成 7-5-4-3-2-1 这样的形式")
        if any(p < 0 for p in self.points):
            raise DomainError("bad_points_table", "积分表里的分数不能是负数")
        for place, (better, worse) in enumerate(pairwise(self.points), start=1):
            if worse > better:
                raise DomainError(
                    "bad_points_table",
                    f"积分表不能越往后分越高："
                    f"第{place + 1}名（{worse}）高于第{place}名（{better}）",
                )

    @property
    def places(self) -> int:
        """How many places score points."""
        return len(self.points)

    @property
    def total(self) -> int:
        """All points an event can hand out; no event ever awards more."""
        return sum(self.points)

    @property
    def label(self) -> str:
        """The organisers' way of naming the table, e.g. ``"7-5-4-3-2-1"``."""
        return "-".join(str(p) for p in self.points)

    def points_for(self, place: int) -> int:
        """Points for a 1-based place; beyond the table it is 0 (still splittable)."""
        return self.points[place - 1] if 1 <= place <= len(self.points) else 0


_TABLE_SPLIT_RE: Final = re.compile(r"\s*[-,、/\s]\s*")
_TABLE_NUMBER_RE: Final = re.compile(r"[0-9]{1,4}")


def parse_table(text: str) -> PointsTable:
    """Parse a typed table like ``"8-6-4"`` (full-width, commas and 、 also accepted).

    Presets parse the same way, so a host may store just the label.
    Integers only; code ``bad_points_table`` on any problem.
    """
    norm = unicodedata.normalize("NFKC", text).strip()
    parts = _TABLE_SPLIT_RE.split(norm) if norm else []
    if not parts or any(_TABLE_NUMBER_RE.fullmatch(p) is None for p in parts):
        raise DomainError(
            "bad_points_table", "积分表格式不对：请写成 7-5-4-3-2-1 这样的非负整数，从第1名写起"
        )
    return PointsTable(tuple(int(p) for p in parts))


PRESET_TABLES: Final[Mapping[str, PointsTable]] = MappingProxyType(
    {label: parse_table(label) for label in ("7-5-4-3-2-1", "9-7-6-5-4-3-2-1", "14-12-10-8-6-4-2")}
)
"""The rule book's presets by label (read-only); ``14-12-...`` is the doubled relay table."""


# ---------------------------------------------------------------- entries and placings


@dataclass(frozen=True)
class EntryResult:
    """One entered team's raw result in one event.

    Only the fields of the event's kind may be set for an ``ok`` entry; for
    ``no_show`` / ``disqualified`` the result fields are ignored (a host may
    keep a time it recorded before a disqualification).
    Prefer the classmethod constructors.
    """

    team_id: str
    status: EntryStatus = EntryStatus.OK
    time: int | None = None  # timed: raw time in hundredths of a second
    penalty_seconds: int = 0  # timed: sum of TimedPenalty values
    count: int | None = None  # counted: raw count
    deductions: int = 0  # counted: subtracted from the count
    place: int | None = None  # ranked: the place the judges gave
    score: Fraction | None = None  # scored: rubric / panel result

    @classmethod
    def timed(cls, team_id: str, time: int, penalty_seconds: int = 0) -> EntryResult:
        """A timed result: ``time`` in hundredths, penalties in whole seconds."""
        return cls(team_id, time=time, penalty_seconds=penalty_seconds)

    @classmethod
    def counted(cls, team_id: str, count: int, deductions: int = 0) -> EntryResult:
        """A counted result; the effective count is ``count - deductions``."""
        return cls(team_id, count=count, deductions=deductions)

    @classmethod
    def ranked(cls, team_id: str, place: int) -> EntryResult:
        """A place typed by the judges."""
        return cls(team_id, place=place)

    @classmethod
    def scored(cls, team_id: str, score: Fraction) -> EntryResult:
        """A rubric or panel score (higher is better)."""
        return cls(team_id, score=score)

    @classmethod
    def no_show(cls, team_id: str) -> EntryResult:
        """Entered but absent: takes no place, may lose points."""
        return cls(team_id, status=EntryStatus.NO_SHOW)

    @classmethod
    def disqualified(cls, team_id: str) -> EntryResult:
        """Disqualified: takes no place and scores nothing."""
        return cls(team_id, status=EntryStatus.DISQUALIFIED)


@dataclass(frozen=True)
class Placing:
    """A team's place in one event.

    ``place`` is None for no-shows and disqualified teams. ``value`` is the
    effective result that decided the order: timed = hundredths including
    penalties, counted = count - deductions, ranked = the place, scored = the
    score; None when the team took no place. ``tied`` marks a shared place.
    """

    team_id: str
    status: EntryStatus
    place: int | None
    value: Fraction | None
    tied: bool = False


_KIND_FIELDS: Final[Mapping[EventKind, str]] = MappingProxyType(
    {
        EventKind.TIMED: "time",
        EventKind.COUNTED: "count",
        EventKind.RANKED: "place",
        EventKind.SCORED: "score",
    }
)
_STATUS_ORDER: Final[Mapping[EntryStatus, int]] = MappingProxyType(
    {EntryStatus.OK: 0, EntryStatus.NO_SHOW: 1, EntryStatus.DISQUALIFIED: 2}
)


def _as_kind(kind: EventKind | str) -> EventKind:
    """Accept the stored string form so hosts need not convert."""
    try:
        return EventKind(kind)
    except ValueError:
        raise DomainError(
            "unknown_event_kind", f"不认识的项目类型：{kind}（应为 timed/counted/ranked/scored）"
        ) from None


def _check_fields(kind: EventKind, entry: EntryResult) -> None:
    """Catch results typed into the wrong kind of event before they silently vanish."""
    own = _KIND_FIELDS[kind]
    for other_kind, field in _KIND_FIELDS.items():
        if field != own and getattr(entry, field) is not None:
            raise DomainError(
                "result_kind_mismatch",
                f"队伍 {entry.team_id} 的成绩类型不对：本项目按 {kind.value} 计，"
                f"不能录 {other_kind.value} 成绩",
            )
    extra_timed = kind is not EventKind.TIMED and entry.penalty_seconds
    extra_counted = kind is not EventKind.COUNTED and entry.deductions
    if extra_timed or extra_counted:
        raise DomainError(
            "result_kind_mismatch",
            f"队伍 {entry.team_id}：本项目按 {kind.value} 计，不能录罚时或扣数",
        )


def _missing(entry: EntryResult) -> DomainError:
    """An ok entry without its result cannot be placed; the host must record one first."""
    return DomainError(
        "result_missing", f"队伍 {entry.team_id} 还没有录成绩（或应标为缺席/取消资格）"
    )


def _invalid(entry: EntryResult, what: str) -> DomainError:
    """A result value that no recorder could have meant."""
    return DomainError("result_invalid", f"队伍 {entry.team_id} 的{what}")


def _effective_value(kind: EventKind, entry: EntryResult) -> Fraction:
    """The single number that orders the event, oriented so that bigger is better."""
    _check_fields(kind, entry)
    if kind is EventKind.TIMED:
        if entry.time is None:
            raise _missing(entry)
        if entry.time <= 0 or entry.penalty_seconds < 0:
            raise _invalid(entry, "用时必须大于 0，罚时不能是负数")
        return -Fraction(entry.time + 100 * entry.penalty_seconds)
    if kind is EventKind.COUNTED:
        if entry.count is None:
            raise _missing(entry)
        if entry.count < 0 or entry.deductions < 0:
            raise _invalid(entry, "数量和扣数都不能是负数")
        return Fraction(entry.count - entry.deductions)
    if kind is EventKind.RANKED:
        if entry.place is None:
            raise _missing(entry)
        if entry.place < 1:
            raise DomainError(
                "placing_invalid", f"队伍 {entry.team_id} 的名次必须是从 1 开始的正整数"
            )
        return -Fraction(entry.place)
    if entry.score is None:
        raise _missing(entry)
    return Fraction(entry.score)


def _check_unique(entries: Sequence[EntryResult]) -> None:
    """A team entered twice would take two places; refuse rather than guess."""
    counts = Counter(e.team_id for e in entries)
    dupes = sorted(team for team, n in counts.items() if n > 1)
    if dupes:
        raise DomainError("duplicate_team", f"同一队伍在本项目里录了两次：{'、'.join(dupes)}")


def _check_ranked_places(places: Sequence[int]) -> None:
    """Typed places must form a standard competition ranking (1, 2, 2, 4).

    ``1, 3`` lacks 2nd (``placing_gap``); ``1, 1, 2`` has a place that two tied
    winners already used up (``placing_invalid``).
    """
    counts = Counter(places)
    taken = 0
    previous = 0
    for place in sorted(counts):
        expected = taken + 1
        if place > expected:
            raise DomainError("placing_gap", f"名次不连续：缺少第{expected}名")
        if place < expected:
            raise DomainError(
                "placing_invalid",
                f"第{previous}名有{counts[previous]}队并列，下一名应为第{expected}名，"
                f"不能是第{place}名",
            )
        taken += counts[place]
        previous = place


def place_event(kind: EventKind | str, entries: Iterable[EntryResult]) -> list[Placing]:
    """Order one event's entries into places; equal results share the place (1, 2, 2, 4).

    Returned order is deterministic and independent of entry order: by place
    (ties by team id), then no-shows, then disqualified teams, each by team id.
    """
    event_kind = _as_kind(kind)
    all_entries = list(entries)
    _check_unique(all_entries)
    ok = [e for e in all_entries if e.status is EntryStatus.OK]
    valued = sorted(
        ((_effective_value(event_kind, e), e.team_id) for e in ok), key=lambda v: (-v[0], v[1])
    )
    if event_kind is EventKind.RANKED:
        _check_ranked_places([int(-value) for value, _ in valued])
    value_counts = Counter(value for value, _ in valued)
    placings: list[Placing] = []
    for index, (value, team_id) in enumerate(valued):
        tied = value_counts[value] > 1
        is_continuation = index > 0 and valued[index - 1][0] == value
        place = placings[-1].place if is_continuation else index + 1
        shown = -value if event_kind in (EventKind.TIMED, EventKind.RANKED) else value
        placings.append(Placing(team_id, EntryStatus.OK, place, shown, tied))
    absent = sorted(
        (e for e in all_entries if e.status is not EntryStatus.OK),
        key=lambda e: (_STATUS_ORDER[e.status], e.team_id),
    )
    placings.extend(Placing(e.team_id, e.status, None, None) for e in absent)
    return placings


# ---------------------------------------------------------------- points


@dataclass(frozen=True)
class AwardOptions:
    """Per-event scoring options from the rule book.

    ``few_entrants_rule``: when fewer teams are entered than the table has
    places, only ``entrants - 1`` places score (entrants = every entry,
    including no-shows and disqualified teams, since they did enter).
    ``no_show_penalty``: points a no-show gets, zero or negative (e.g. -2).
    """

    few_entrants_rule: bool = False
    no_show_penalty: Fraction = Fraction(0)

    def __post_init__(self) -> None:
        """A positive 'penalty' would reward staying away."""
        if self.no_show_penalty > 0:
            raise DomainError(
                "bad_no_show_penalty", "缺席扣分要写成 0 或负数，例如 -2（表示扣 2 分）"
            )


DEFAULT_AWARD_OPTIONS: Final = AwardOptions()


def _scoring_points(table: PointsTable, entrants: int, options: AwardOptions) -> tuple[int, ...]:
    """The places that actually score in this event after the few-entrants rule."""
    if options.few_entrants_rule and entrants < table.places:
        return table.points[: max(entrants - 1, 0)]
    return table.points


def award_points(
    placings: Sequence[Placing],
    table: PointsTable,
    options: AwardOptions = DEFAULT_AWARD_OPTIONS,
) -> dict[str, Fraction]:
    """Points per team for one event, exact.

    Teams sharing a place split evenly the points of all the places they
    occupy (places beyond the table count as 0 in the split). Disqualified
    teams get 0, no-shows get ``options.no_show_penalty``. Every team in
    ``placings`` appears in the result.
    """
    points = _scoring_points(table, len(placings), options)
    group_sizes = Counter(p.place for p in placings if p.place is not None)
    awarded: dict[str, Fraction] = {}
    for placing in placings:
        if placing.status is EntryStatus.NO_SHOW:
            awarded[placing.team_id] = Fraction(options.no_show_penalty)
        elif placing.place is None:
            awarded[placing.team_id] = Fraction(0)
        else:
            size = group_sizes[placing.place]
            occupied = points[placing.place - 1 : placing.place - 1 + size]
            awarded[placing.team_id] = Fraction(sum(occupied), size)
    return awarded


# ---------------------------------------------------------------- standings


@dataclass(frozen=True)
class StandingRow:
    """One team's line in the overall standings.

    ``place_counts[i]`` is how many times the team finished in place ``i + 1``
    (a shared place counts for each team sharing it); all rows have the same
    length. ``tied`` means the tie survived every tie-break: same ``rank``.
    """

    rank: int
    team_id: str
    total: Fraction
    firsts: int
    seconds: int
    thirds: int
    place_counts: tuple[int, ...]
    tied: bool = False


def _place_counts(
    event_placings: Mapping[str, Iterable[Placing]], teams: Iterable[str]
) -> dict[str, tuple[int, ...]]:
    """How often each team took each place, padded to the deepest place seen."""
    per_team: dict[str, Counter[int]] = {team: Counter() for team in teams}
    for placings in event_placings.values():
        for placing in placings:
            bucket = per_team.setdefault(placing.team_id, Counter())
            if placing.place is not None:
                bucket[placing.place] += 1
    depth = max((max(c, default=0) for c in per_team.values()), default=0)
    depth = max(depth, 3)
    return {
        team: tuple(counts[place] for place in range(1, depth + 1))
        for team, counts in per_team.items()
    }


def standings(
    event_points: Mapping[str, Mapping[str, Fraction]],
    event_placings: Mapping[str, Iterable[Placing]],
    teams: Iterable[str] = (),
) -> list[StandingRow]:
    """Overall standings: total points, then more 1sts, more 2nds, and so on.

    ``event_points`` maps event id -> team id -> points (as from
    :func:`award_points`, no-show penalties included); ``event_placings`` maps
    event id -> that event's placings (for the tie-break). ``teams`` adds teams
    that have no result yet so they still show, with 0. A tie that survives
    every tie-break shares the rank (1, 2, 2, 4) and is flagged ``tied``.
    Rows come best first, exact ties ordered by team id; the result does not
    depend on the order of events or entries.
    """
    totals: dict[str, Fraction] = {team: Fraction(0) for team in teams}
    for per_team in event_points.values():
        for team, points in per_team.items():
            totals[team] = totals.get(team, Fraction(0)) + points
    counts = _place_counts(event_placings, totals)
    for team in counts:
        totals.setdefault(team, Fraction(0))

    def merit(team: str) -> tuple[Fraction, tuple[int, ...]]:
        return totals[team], counts[team]

    ordered = sorted(totals, key=lambda t: (-totals[t], tuple(-c for c in counts[t]), t))
    merit_counts = Counter(merit(team) for team in ordered)
    rows: list[StandingRow] = []
    for index, team in enumerate(ordered):
        same_as_previous = index > 0 and merit(ordered[index - 1]) == merit(team)
        rank = rows[-1].rank if same_as_previous else index + 1
        team_counts = counts[team]
        rows.append(
            StandingRow(
                rank=rank,
                team_id=team,
                total=totals[team],
                firsts=team_counts[0],
                seconds=team_counts[1],
                thirds=team_counts[2],
                place_counts=team_counts,
                tied=merit_counts[merit(team)] > 1,
            )
        )
    return rows
