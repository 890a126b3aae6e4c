"""Tests for sports-day placings, points tables and overall standings."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.core.errors import DomainError
from quizapp.core.sports.placing import (
    PRESET_TABLES,
    AwardOptions,
    EntryResult,
    EntryStatus,
    EventKind,
    Placing,
    PointsTable,
    StandingRow,
    TimedPenalty,
    award_points,
    parse_table,
    place_event,
    standings,
)

SEVEN = PRESET_TABLES["7-5-4-3-2-1"]
F = Fraction


def refused(code: str, action: Callable[[], object]) -> DomainError:
    """Run ``action`` expecting a refusal with ``code``; return it for message checks."""
    with pytest.raises(DomainError) as caught:
        action()
    assert caught.value.code == code
    return caught.value


def places_of(placings: Sequence[Placing]) -> dict[str, int | None]:
    return {p.team_id: p.place for p in placings}


def ranked_event(order: Mapping[str, int]) -> list[Placing]:
    """Placings of a ranked event from team -> typed place."""
    return place_event(EventKind.RANKED, [EntryResult.ranked(t, p) for t, p in order.items()])


# ---------------------------------------------------------------- points tables


def test_presets_are_the_rule_book_tables() -> None:
    assert {label: t.points for label, t in PRESET_TABLES.items()} == {
        "7-5-4-3-2-1": (7, 5, 4, 3, 2, 1),
        "9-7-6-5-4-3-2-1": (9, 7, 6, 5, 4, 3, 2, 1),
        "14-12-10-8-6-4-2": (14, 12, 10, 8, 6, 4, 2),
    }
    assert [t.total for t in PRESET_TABLES.values()] == [22, 37, 56]
    assert all(t.label == label for label, t in PRESET_TABLES.items())


def test_presets_are_read_only() -> None:
    with pytest.raises(TypeError):
        PRESET_TABLES["x"] = SEVEN  # type: ignore[index]


@pytest.mark.parametrize(
    ("text", "points"),
    [
        ("8-6-4", (8, 6, 4)),
        ("８－６－４", (8, 6, 4)),
        ("8, 6, 4", (8, 6, 4)),
        ("8，6，4", (8, 6, 4)),
        ("8、6、4", (8, 6, 4)),
        (" 8 - 6 - 4 ", (8, 6, 4)),
        ("5-5-3", (5, 5, 3)),
        ("10", (10,)),
        ("3-0-0", (3, 0, 0)),
    ],
)
def test_parse_table(text: str, points: tuple[int, ...]) -> None:
    assert parse_table(text).points == points


@pytest.mark.parametrize("text", ["", "  ", "8-6-x", "8--6", "-8-6", "8-6-", "8.5-6", "a"])
def test_parse_table_refuses_garbage(text: str) -> None:
    error = refused("bad_points_table", lambda: parse_table(text))
    assert error.message == "积分表格式不对：请写成 7-5-4-3-2-1 这样的非负整数，从第1名写起"


def test_table_must_not_increase() -> None:
    error = refused("bad_points_table", lambda: parse_table("8-6-7"))
    assert error.message == "积分表不能越往后分越高：第3名（7）高于第2名（6）"


def test_table_must_not_be_negative_or_empty() -> None:
    refused("bad_points_table", lambda: PointsTable((5, -1)))
    refused("bad_points_table", lambda: PointsTable(()))


def test_points_for_beyond_table_is_zero() -> None:
    assert [SEVEN.points_for(p) for p in range(1, 9)] == [7, 5, 4, 3, 2, 1, 0, 0]
    assert SEVEN.places == 6


# ---------------------------------------------------------------- place_event


def test_timed_lowest_wins_with_penalties_and_ties() -> None:
    placings = place_event(
        EventKind.TIMED,
        [
            EntryResult.timed("B", 5800, TimedPenalty.DROPPED_BALL),  # 63.00
            EntryResult.timed("C", 6235),
            EntryResult.timed("A", 6010),
            EntryResult.timed("D", 5235, TimedPenalty.FALSE_START),  # 62.35, ties C
            EntryResult.no_show("E"),
            EntryResult.disqualified("F"),
        ],
    )
    assert placings == [
        Placing("A", EntryStatus.OK, 1, F(6010), tied=False),
        Placing("C", EntryStatus.OK, 2, F(6235), tied=True),
        Placing("D", EntryStatus.OK, 2, F(6235), tied=True),
        Placing("B", EntryStatus.OK, 4, F(6300), tied=False),
        Placing("E", EntryStatus.NO_SHOW, None, None),
        Placing("F", EntryStatus.DISQUALIFIED, None, None),
    ]


def test_penalties_sum_in_seconds() -> None:
    both = TimedPenalty.DROPPED_BALL + TimedPenalty.FALSE_START
    [placing] = place_event("timed", [EntryResult.timed("A", 6000, both)])
    assert placing.value == F(7500)


def test_counted_highest_wins_after_deductions() -> None:
    placings = place_event(
        EventKind.COUNTED,
        [
            EntryResult.counted("A", 40, 2),
            EntryResult.counted("B", 38),
            EntryResult.counted("C", 45, 10),
            EntryResult.counted("D", 0),
        ],
    )
    assert [(p.team_id, p.place, p.value, p.tied) for p in placings] == [
        ("A", 1, F(38), True),
        ("B", 1, F(38), True),
        ("C", 3, F(35), False),
        ("D", 4, F(0), False),
    ]


def test_counted_deductions_may_go_below_zero_and_still_order() -> None:
    placings = place_event(
        EventKind.COUNTED, [EntryResult.counted("A", 1, 3), EntryResult.counted("B", 0, 1)]
    )
    assert [(p.team_id, p.value) for p in placings] == [("B", F(-1)), ("A", F(-2))]


def test_scored_highest_wins() -> None:
    placings = place_event(
        EventKind.SCORED,
        [
            EntryResult.scored("A", F(853, 100)),
            EntryResult.scored("B", F(53, 6)),
            EntryResult.scored("C", F(853, 100)),
        ],
    )
    assert places_of(placings) == {"B": 1, "A": 2, "C": 2}


def test_ranked_accepts_standard_competition_ranking() -> None:
    placings = ranked_event({"A": 1, "B": 2, "C": 2, "D": 4, "E": 5})
    assert places_of(placings) == {"A": 1, "B": 2, "C": 2, "D": 4, "E": 5}
    assert [p.tied for p in placings] == [False, True, True, False, False]
    assert placings[3].value == F(4)


def test_ranked_all_tied_is_fine() -> None:
    assert places_of(ranked_event({"A": 1, "B": 1, "C": 1})) == {"A": 1, "B": 1, "C": 1}


@pytest.mark.parametrize(
    ("order", "code", "message"),
    [
        ({"A": 1, "B": 3}, "placing_gap", "名次不连续：缺少第2名"),
        ({"A": 2, "B": 3}, "placing_gap", "名次不连续：缺少第1名"),
        ({"A": 1, "B": 2, "C": 2, "D": 5}, "placing_gap", "名次不连续：缺少第4名"),
        ({"A": 1, "B": 1, "C": 4}, "placing_gap", "名次不连续：缺少第3名"),
        (
            {"A": 1, "B": 1, "C": 2},
            "placing_invalid",
            "第1名有2队并列，下一名应为第3名，不能是第2名",
        ),
        (
            {"A": 1, "B": 2, "C": 2, "D": 2, "E": 3},
            "placing_invalid",
            "第2名有3队并列，下一名应为第5名，不能是第3名",
        ),
        ({"A": 0, "B": 1}, "placing_invalid", "队伍 A 的名次必须是从 1 开始的正整数"),
        ({"A": -1}, "placing_invalid", "队伍 A 的名次必须是从 1 开始的正整数"),
    ],
)
def test_ranked_refuses_bad_places(order: dict[str, int], code: str, message: str) -> None:
    assert refused(code, lambda: ranked_event(order)).message == message


def test_ranked_ignores_places_of_absent_teams() -> None:
    placings = place_event(
        EventKind.RANKED,
        [
            EntryResult.ranked("A", 1),
            EntryResult("B", EntryStatus.DISQUALIFIED, place=2),
            EntryResult.ranked("C", 2),
        ],
    )
    assert places_of(placings) == {"A": 1, "C": 2, "B": None}


def test_disqualified_team_keeps_no_place_even_with_a_time() -> None:
    placings = place_event(
        EventKind.TIMED,
        [EntryResult("A", EntryStatus.DISQUALIFIED, time=5000), EntryResult.timed("B", 6000)],
    )
    assert places_of(placings) == {"B": 1, "A": None}


def test_empty_event_has_no_placings() -> None:
    assert place_event(EventKind.SCORED, []) == []


def test_kind_given_as_string() -> None:
    assert places_of(place_event("counted", [EntryResult.counted("A", 3)])) == {"A": 1}


def test_unknown_kind() -> None:
    refused("unknown_event_kind", lambda: place_event("fastest", []))


def test_duplicate_team_refused() -> None:
    error = refused(
        "duplicate_team",
        lambda: place_event(
            EventKind.TIMED, [EntryResult.timed("A", 100), EntryResult.no_show("A")]
        ),
    )
    assert error.message == "同一队伍在本项目里录了两次：A"


@pytest.mark.parametrize(
    ("kind", "entry", "code"),
    [
        (EventKind.TIMED, EntryResult("A"), "result_missing"),
        (EventKind.COUNTED, EntryResult("A"), "result_missing"),
        (EventKind.RANKED, EntryResult("A"), "result_missing"),
        (EventKind.SCORED, EntryResult("A"), "result_missing"),
        (EventKind.TIMED, EntryResult.timed("A", 0), "result_invalid"),
        (EventKind.TIMED, EntryResult.timed("A", 100, -5), "result_invalid"),
        (EventKind.COUNTED, EntryResult.counted("A", -1), "result_invalid"),
        (EventKind.COUNTED, EntryResult.counted("A", 5, -1), "result_invalid"),
        (EventKind.TIMED, EntryResult.counted("A", 5), "result_kind_mismatch"),
        (EventKind.SCORED, EntryResult.ranked("A", 1), "result_kind_mismatch"),
        (EventKind.COUNTED, EntryResult("A", count=5, penalty_seconds=5), "result_kind_mismatch"),
        (EventKind.TIMED, EntryResult("A", time=5, deductions=1), "result_kind_mismatch"),
    ],
)
def test_bad_results_refused(kind: EventKind, entry: EntryResult, code: str) -> None:
    refused(code, lambda: place_event(kind, [entry]))


def test_missing_result_message_says_what_to_do() -> None:
    error = refused("result_missing", lambda: place_event(EventKind.TIMED, [EntryResult("二队")]))
    assert error.message == "队伍 二队 还没有录成绩（或应标为缺席/取消资格）"


# ---------------------------------------------------------------- award_points


def test_tie_for_second_splits_second_and_third() -> None:
    placings = ranked_event({"A": 1, "B": 2, "C": 2, "D": 4, "E": 5, "F": 6})
    assert award_points(placings, SEVEN) == {
        "A": F(7),
        "B": F(9, 2),
        "C": F(9, 2),
        "D": F(3),
        "E": F(2),
        "F": F(1),
    }


def test_three_way_tie_for_first_splits_exactly() -> None:
    placings = ranked_event({"A": 1, "B": 1, "C": 1, "D": 4})
    points = award_points(placings, SEVEN)
    assert points == {"A": F(16, 3), "B": F(16, 3), "C": F(16, 3), "D": F(3)}


def test_relay_table_three_way_tie() -> None:
    placings = ranked_event({"A": 1, "B": 1, "C": 1})
    relay = PRESET_TABLES["14-12-10-8-6-4-2"]
    assert set(award_points(placings, relay).values()) == {F(12)}


def test_tie_across_the_end_of_the_table_splits_with_zero() -> None:
    placings = ranked_event({t: p for t, p in zip("ABCDEFG", [1, 2, 3, 4, 5, 6, 6], strict=True)})
    points = award_points(placings, SEVEN)
    assert points["F"] == points["G"] == F(1, 2)
    assert points["E"] == F(2)


def test_places_beyond_the_table_score_zero() -> None:
    table = parse_table("5-3-1")
    placings = ranked_event({"A": 1, "B": 2, "C": 3, "D": 3, "E": 3, "F": 6})
    assert award_points(placings, table) == {
        "A": F(5),
        "B": F(3),
        "C": F(1, 3),
        "D": F(1, 3),
        "E": F(1, 3),
        "F": F(0),
    }


def test_no_show_penalty_and_disqualified_zero() -> None:
    placings = place_event(
        EventKind.TIMED,
        [EntryResult.timed("A", 6000), EntryResult.no_show("B"), EntryResult.disqualified("C")],
    )
    options = AwardOptions(no_show_penalty=F(-2))
    assert award_points(placings, SEVEN, options) == {"A": F(7), "B": F(-2), "C": F(0)}
    assert award_points(placings, SEVEN) == {"A": F(7), "B": F(0), "C": F(0)}


def test_positive_no_show_penalty_refused() -> None:
    refused("bad_no_show_penalty", lambda: AwardOptions(no_show_penalty=F(2)))


def test_few_entrants_rule_scores_entrants_minus_one_places() -> None:
    placings = ranked_event({"A": 1, "B": 2, "C": 3, "D": 4})
    with_rule = AwardOptions(few_entrants_rule=True)
    assert award_points(placings, SEVEN, with_rule) == {
        "A": F(7),
        "B": F(5),
        "C": F(4),
        "D": F(0),
    }
    assert award_points(placings, SEVEN)["D"] == F(3)


def test_few_entrants_rule_off_when_entrants_fill_the_table() -> None:
    placings = ranked_event({t: i for i, t in enumerate("ABCDEF", start=1)})
    points = award_points(placings, SEVEN, AwardOptions(few_entrants_rule=True))
    assert sum(points.values()) == 22
    assert points["F"] == F(1)


def test_few_entrants_rule_counts_no_shows_and_dq_as_entrants() -> None:
    placings = place_event(
        EventKind.COUNTED,
        [
            EntryResult.counted("A", 30),
            EntryResult.counted("B", 20),
            EntryResult.counted("C", 10),
            EntryResult.no_show("D"),
            EntryResult.disqualified("E"),
        ],
    )
    options = AwardOptions(few_entrants_rule=True, no_show_penalty=F(-2))
    # 5 entered < 6 places, so 4 places score: all three finishers get points.
    assert award_points(placings, SEVEN, options) == {
        "A": F(7),
        "B": F(5),
        "C": F(4),
        "D": F(-2),
        "E": F(0),
    }


def test_few_entrants_rule_tie_splits_with_the_cut_place() -> None:
    placings = ranked_event({"A": 1, "B": 2, "C": 2})
    points = award_points(placings, SEVEN, AwardOptions(few_entrants_rule=True))
    assert points == {"A": F(7), "B": F(5, 2), "C": F(5, 2)}


def test_single_entrant_under_few_entrants_rule_scores_nothing() -> None:
    placings = ranked_event({"A": 1})
    assert award_points(placings, SEVEN, AwardOptions(few_entrants_rule=True)) == {"A": F(0)}


# ---------------------------------------------------------------- standings


def _day(events: Mapping[str, Mapping[str, int]]) -> list[StandingRow]:
    """Standings from ranked events scored on the 7-5-4-3-2-1 table."""
    placings = {event: ranked_event(order) for event, order in events.items()}
    points = {event: award_points(p, SEVEN) for event, p in placings.items()}
    return standings(points, placings)


def test_standings_sum_points_and_count_medals() -> None:
    rows = _day(
        {
            "tug": {"A": 1, "B": 2, "C": 3},
            "relay": {"B": 1, "A": 2, "C": 2},
            "rope": {"A": 1, "C": 2, "B": 3},
        }
    )
    assert [(r.rank, r.team_id, r.total, r.firsts, r.seconds, r.thirds) for r in rows] == [
        (1, "A", F(7 + F(9, 2) + 7), 2, 1, 0),
        (2, "B", F(5 + 7 + 4), 1, 1, 1),
        (3, "C", F(4 + F(9, 2) + 5), 0, 2, 1),
    ]
    assert not any(r.tied for r in rows)


def test_tie_on_points_broken_by_more_firsts() -> None:
    # A: 1st + 6th = 8; B: 2nd + 4th = 8
    rows = _day(
        {
            "e1": {"A": 1, "B": 2, "X": 3, "Y": 4, "Z": 5, "W": 6},
            "e2": {"X": 1, "Z": 2, "Y": 3, "B": 4, "W": 5, "A": 6},
        }
    )
    a, b = (next(r for r in rows if r.team_id == t) for t in "AB")
    assert a.total == b.total == 8
    assert a.rank < b.rank
    assert not a.tied and not b.tied


def test_tie_on_points_and_firsts_broken_by_seconds() -> None:
    # A: 2nd, 2nd, 6th = 11; B: 3rd, 3rd, 4th = 11; neither has a 1st.
    rows = _day(
        {
            "e1": {"X": 1, "A": 2, "B": 3},
            "e2": {"X": 1, "A": 2, "B": 3},
            "e3": {"X": 1, "Y": 2, "Z": 3, "B": 4, "W": 5, "A": 6},
        }
    )
    a, b = (next(r for r in rows if r.team_id == t) for t in "AB")
    assert (a.total, b.total) == (F(11), F(11))
    assert (a.firsts, b.firsts) == (0, 0)
    assert a.rank + 1 == b.rank


def test_tie_broken_deep_in_the_place_counts() -> None:
    # Same totals, same 1st..3rd counts; A has a 5th and a 5th, B a 4th and a 6th.
    rows = _day(
        {
            "e1": {"X": 1, "Y": 2, "Z": 3, "B": 4, "A": 5, "W": 6},
            "e2": {"X": 1, "Y": 2, "Z": 3, "W": 4, "A": 5, "B": 6},
        }
    )
    a, b = (next(r for r in rows if r.team_id == t) for t in "AB")
    assert a.total == b.total == 4
    assert b.rank < a.rank
    assert b.place_counts[:6] == (0, 0, 0, 1, 0, 1)
    assert a.place_counts[:6] == (0, 0, 0, 0, 2, 0)


def test_tie_that_survives_is_flagged_and_shares_rank() -> None:
    rows = _day(
        {
            "e1": {"A": 1, "B": 2, "C": 3, "D": 4},
            "e2": {"B": 1, "A": 2, "D": 3, "C": 4},
        }
    )
    assert [(r.rank, r.team_id, r.total, r.tied) for r in rows] == [
        (1, "A", F(12), True),
        (1, "B", F(12), True),
        (3, "C", F(7), True),
        (3, "D", F(7), True),
    ]


def test_standings_include_no_show_penalties_and_idle_teams() -> None:
    placings = {
        "e1": place_event(EventKind.TIMED, [EntryResult.timed("A", 6000), EntryResult.no_show("B")])
    }
    points = {"e1": award_points(placings["e1"], SEVEN, AwardOptions(no_show_penalty=F(-2)))}
    rows = standings(points, placings, teams=["C"])
    assert [(r.rank, r.team_id, r.total, r.tied) for r in rows] == [
        (1, "A", F(7), False),
        (2, "C", F(0), False),
        (3, "B", F(-2), False),
    ]
    assert rows[1].place_counts == (0, 0, 0)


def test_standings_of_nothing() -> None:
    assert standings({}, {}) == []


# ---------------------------------------------------------------- properties

TEAMS = [f"T{i}" for i in range(10)]
statuses = st.sampled_from([EntryStatus.OK] * 6 + [EntryStatus.NO_SHOW, EntryStatus.DISQUALIFIED])


@st.composite
def tables(draw: st.DrawFn) -> PointsTable:
    raw = draw(st.lists(st.integers(0, 20), min_size=1, max_size=9))
    return PointsTable(tuple(sorted(raw, reverse=True)))


@st.composite
def timed_events(draw: st.DrawFn) -> list[EntryResult]:
    """Timed entries with few distinct times so ties are common."""
    teams = draw(st.lists(st.sampled_from(TEAMS), unique=True, max_size=10))
    entries: list[EntryResult] = []
    for team in teams:
        status = draw(statuses)
        if status is EntryStatus.OK:
            time = draw(st.integers(6000, 6004))
            penalty = draw(st.sampled_from([0, 0, 0, 5, 10]))
            entries.append(EntryResult.timed(team, time, penalty))
        else:
            entries.append(EntryResult(team, status))
    return entries


@st.composite
def scored_events(draw: st.DrawFn) -> list[EntryResult]:
    teams = draw(st.lists(st.sampled_from(TEAMS), unique=True, max_size=10))
    return [
        EntryResult.scored(team, F(draw(st.integers(0, 4)), 2))
        if draw(statuses) is EntryStatus.OK
        else EntryResult.no_show(team)
        for team in teams
    ]


options_strategy = st.builds(
    AwardOptions,
    few_entrants_rule=st.booleans(),
    no_show_penalty=st.sampled_from([F(0), F(-1), F(-2), F(-5, 2)]),
)


@given(timed_events(), st.randoms())
def test_place_event_is_invariant_to_entry_order(
    entries: list[EntryResult], rnd: random.Random
) -> None:
    shuffled = list(entries)
    rnd.shuffle(shuffled)
    assert place_event(EventKind.TIMED, shuffled) == place_event(EventKind.TIMED, entries)


@given(timed_events())
def test_places_are_standard_competition_ranking(entries: list[EntryResult]) -> None:
    placings = place_event(EventKind.TIMED, entries)
    ok = [p for p in placings if p.status is EntryStatus.OK]
    for placing in ok:
        assert placing.value is not None
        better = sum(1 for other in ok if other.value is not None and other.value < placing.value)
        assert placing.place == better + 1
        same = sum(1 for other in ok if other.value == placing.value)
        assert placing.tied == (same > 1)
    assert len(placings) == len(entries)


@given(timed_events())
def test_ranked_accepts_any_competition_ranking_it_is_given(entries: list[EntryResult]) -> None:
    timed = place_event(EventKind.TIMED, entries)
    typed = [EntryResult.ranked(p.team_id, p.place) for p in timed if p.place is not None]
    ranked = place_event(EventKind.RANKED, typed)
    assert places_of(ranked) == {p.team_id: p.place for p in timed if p.place is not None}


@given(timed_events(), tables(), options_strategy)
def test_points_never_exceed_table_total(
    entries: list[EntryResult], table: PointsTable, options: AwardOptions
) -> None:
    points = award_points(place_event(EventKind.TIMED, entries), table, options)
    assert sum(p for p in points.values() if p > 0) <= table.total
    assert sum(points.values()) <= table.total


@given(timed_events(), tables())
def test_finishers_share_exactly_the_points_of_the_places_they_fill(
    entries: list[EntryResult], table: PointsTable
) -> None:
    placings = place_event(EventKind.TIMED, entries)
    points = award_points(placings, table)
    finishers = [p for p in placings if p.place is not None]
    assert sum(points[p.team_id] for p in finishers) == sum(
        table.points_for(place) for place in range(1, len(finishers) + 1)
    )


@given(scored_events(), tables(), options_strategy)
def test_shared_places_split_exactly(
    entries: list[EntryResult], table: PointsTable, options: AwardOptions
) -> None:
    placings = place_event(EventKind.SCORED, entries)
    points = award_points(placings, table, options)
    scoring = table.points
    if options.few_entrants_rule and len(placings) < table.places:
        scoring = scoring[: max(len(placings) - 1, 0)]
    groups = Counter(p.place for p in placings if p.place is not None)
    for place, size in groups.items():
        members = [p.team_id for p in placings if p.place == place]
        assert len({points[m] for m in members}) == 1
        assert sum(points[m] for m in members) == sum(scoring[place - 1 : place - 1 + size])


@st.composite
def sports_days(draw: st.DrawFn) -> dict[str, list[EntryResult]]:
    n_events = draw(st.integers(0, 4))
    return {f"E{i}": draw(timed_events()) for i in range(n_events)}


@given(sports_days(), options_strategy, st.randoms())
def test_standings_invariant_to_event_and_entry_order(
    day: dict[str, list[EntryResult]], options: AwardOptions, rnd: random.Random
) -> None:
    def compute(events: list[tuple[str, list[EntryResult]]]) -> list[StandingRow]:
        placings = {e: place_event(EventKind.TIMED, entries) for e, entries in events}
        points = {e: award_points(p, SEVEN, options) for e, p in placings.items()}
        return standings(points, placings)

    forward = list(day.items())
    shuffled = [(e, list(entries)) for e, entries in forward]
    for _, entries in shuffled:
        rnd.shuffle(entries)
    rnd.shuffle(shuffled)
    assert compute(shuffled) == compute(forward)


@given(sports_days(), options_strategy)
def test_standings_ranks_are_consistent(
    day: dict[str, list[EntryResult]], options: AwardOptions
) -> None:
    placings = {e: place_event(EventKind.TIMED, entries) for e, entries in day.items()}
    points = {e: award_points(p, SEVEN, options) for e, p in placings.items()}
    rows = standings(points, placings)
    for row in rows:
        key = (row.total, row.place_counts)
        better = sum(1 for r in rows if (r.total, r.place_counts) > key)
        same = sum(1 for r in rows if (r.total, r.place_counts) == key)
        assert row.rank == better + 1
        assert row.tied == (same > 1)
        assert row.total == sum(p.get(row.team_id, F(0)) for p in points.values())
    assert [r.total for r in rows] == sorted((r.total for r in rows), reverse=True)
