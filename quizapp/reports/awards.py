"""Who gets which award, from a contest's log: the data behind certificates and the poster.

Pure (no Flask, no I/O). A contest's results become one or more *boards*
(ranked rows): a quiz has its ranking, a sports day its overall standings, a
judge panel (文明宿舍评比) one board per result-only event. Award tiers are
then read off the ranks, so teams that share a rank share an award, even when
that puts more teams in a tier than its count.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from fractions import Fraction

from ..core.awards import AwardSettings, defaults, settings_of
from ..core.engine import Entry, cancelled_batches
from ..core.quiz import events as ev
from ..core.quiz.ranking import ranking
from ..core.quiz.rehearsal import rehearsal_numbers, settled
from ..core.quiz.rulebook import QUIZ
from ..core.results_format import format_points
from ..core.sports import rules as sports_rules
from ..core.sports.model import (
    COUNTING,
    ResultsRecorded,
    ScoreSubmitted,
    SheetSubmitted,
    SportsState,
)
from ..core.sports.rulebook import SPORTS
from ..core.sports.values import value_text

BEST_AUDIENCE = "最佳观众"


@dataclass(frozen=True)
class Row:
    """A line of a board; ``rank`` None = took no place (e.g. 一票否决), never awarded."""

    rank: int | None
    tied: bool
    team_id: str
    name: str
    value: str
    members: tuple[str, ...] = ()
    score: Fraction | None = None  # judge-panel score, for ``min_score``


@dataclass(frozen=True)
class Board:
    """Ranked rows under one heading (``event``: the sports event's name, "" for the main ranking)."""

    heading: str
    rows: tuple[Row, ...]
    event: str = ""
    scored: bool = False  # a judge panel: ``min_score`` applies


@dataclass(frozen=True)
class Results:
    """A contest's results as the certificates and the poster use them."""

    title: str
    kind: str  # quiz | sports | panel
    boards: tuple[Board, ...]
    final: bool
    day: float | None  # when the contest took place (seconds since the epoch)
    audience: dict[str, int] = field(default_factory=dict)  # audience device -> correct answers
    audience_names: dict[str, str] = field(default_factory=dict)  # audience device -> nickname (/watch)


@dataclass(frozen=True)
class Award:
    """One certificate: ``recipient`` is a team or a member ("" = a blank line to fill in by hand)."""

    title: str
    recipient: str
    team: str = ""  # the member's team, on member pages
    detail: str = ""
    event: str = ""  # the sports event, for per-event titles
    rank: int | None = None
    tied: bool = False


def tier_for(rank: int, tiers: Sequence[tuple[str, int]]) -> str | None:
    """The award for a rank: tier i covers ranks up to the sum of counts so far; 0 = the rest."""
    covered = 0
    for title, teams in tiers:
        if teams == 0:
            return title
        covered += teams
        if rank <= covered:
            return title
    return None


def current_settings(log: Sequence[Entry], fallback: AwardSettings) -> AwardSettings:
    """The last award settings the host saved (not undone), else ``fallback`` (the preset's)."""
    cancelled = cancelled_batches(log)
    found = [e.event for e in log if isinstance(e.event, ev.AwardsSet) and e.batch not in cancelled]
    return settings_of(found[-1]) if found else fallback


def _day(log: Sequence[Entry]) -> float | None:
    practice = rehearsal_numbers(log)  # a rehearsal's start is not the contest's day
    started = [e.event.at for e in log if isinstance(e.event, ev.ContestStarted) and e.seq not in practice]
    if started:
        return started[0]
    return log[-1].event.at if log else None


def _audience(log: Sequence[Entry]) -> dict[str, int]:
    """Correct audience answers per device (观众题), undone batches and rehearsals (彩排) left out."""
    cancelled = cancelled_batches(log)
    practice = rehearsal_numbers(log)
    question: tuple[str, ...] = ()
    correct: dict[str, int] = {}
    for entry in log:
        if entry.batch in cancelled or entry.seq in practice:
            continue
        event = entry.event
        if isinstance(event, ev.QuestionShown):
            question = event.question.answer
        elif isinstance(event, ev.AudienceAnswered):
            hit = (event.choice,) == question
            correct[event.device] = correct.get(event.device, 0) + int(hit)
    return correct


def quiz_results(log: Sequence[Entry]) -> Results:
    """The quiz ranking (tie-breaks counted) and the audience's correct answers."""
    state = QUIZ.replay(settled(log))  # a rehearsal still running is not the contest
    rows = tuple(Row(r.rank, r.tied, r.team_id, state.teams[r.team_id].name, f"{r.score} 分",
                     state.teams[r.team_id].members) for r in ranking(state))
    return Results(state.title or "比赛", "quiz", (Board("总排名", rows),), state.status == "finished",
                   _day(log), _audience(log), dict(state.audience.names))


def _standings_board(state: SportsState) -> Board:
    rows = tuple(Row(r.rank, r.tied, r.team_id, state.teams[r.team_id].label, f"{format_points(r.total)} 分")
                 for r in sports_rules.standings(state))
    return Board("总分榜", rows)


def _event_board(state: SportsState, event_id: str) -> Board:
    sev = state.events[event_id]
    out = sports_rules.outcome(state, sev)
    rows = []
    for p in out.placings:
        panel_out = out.panels.get(p.team_id)
        line = sev.results.get(p.team_id)
        value = panel_out.display if panel_out else value_text(sev.spec.kind, line) if line else ""
        if panel_out is not None and sev.spec.kind in ("checklist", "scored") and value.replace(".", "").isdigit():
            value += " 分"
        rows.append(Row(p.place, p.tied, p.team_id, state.teams[p.team_id].label, value,
                        score=p.value if sev.uses_panel else None))
    return Board(sev.spec.name, tuple(rows), event=sev.spec.name, scored=sev.uses_panel)


def sports_results(log: Sequence[Entry]) -> Results:
    """Overall standings when any event counts towards them, else one board per result-only event."""
    state = SPORTS.replay(log)
    events = list(state.events.values())
    ranked = any(sev.spec.in_standings for sev in events)
    if ranked:
        boards: tuple[Board, ...] = (_standings_board(state),)
        final = all(sev.status == "final" for sev in events if sev.spec.in_standings)
    else:
        shown = [sev for sev in events if sev.status in COUNTING]
        boards = tuple(_event_board(state, sev.id) for sev in shown)
        final = bool(shown) and all(sev.status == "final" for sev in shown)
    recorded = [e.event.at for e in log if isinstance(e.event, ResultsRecorded | SheetSubmitted | ScoreSubmitted)]
    day = recorded[0] if recorded else (log[-1].event.at if log else None)
    return Results(state.title or "运动会", "sports" if ranked else "panel", boards, final, day)


def default_settings(results: Results) -> AwardSettings:
    """The kind's built-in settings (used when the preset is gone)."""
    return defaults(results.kind)


def _detail(row: Row, board: Board) -> str:
    place = ("并列" if row.tied else "") + f"第 {row.rank} 名" if row.rank else ""
    if board.scored:
        return f"得分 {row.value}"
    return "，".join(x for x in (place, f"总分 {row.value}" if row.value else "") if x)


def assign(results: Results, settings: AwardSettings) -> list[Award]:
    """Every certificate, best first: team pages (then member pages when asked), then 最佳观众."""
    awards: list[Award] = []
    threshold = settings.threshold
    for board in results.boards:
        for row in board.rows:
            if row.rank is None:
                continue
            title = tier_for(row.rank, settings.tiers)
            if title is None:
                continue
            if board.scored and threshold is not None and (row.score is None or row.score < threshold):
                continue
            detail = _detail(row, board)
            awards.append(Award(title, row.name, detail=detail, event=board.event, rank=row.rank, tied=row.tied))
            if settings.per_member:
                awards.extend(Award(title, member, team=row.name, detail=detail, event=board.event,
                                    rank=row.rank, tied=row.tied) for member in row.members if member.strip())
    if settings.best_audience and results.audience:
        best = max(results.audience.values())
        if best > 0:
            winners = [d for d, n in results.audience.items() if n == best]
            awards.extend(Award(BEST_AUDIENCE, results.audience_names.get(d, ""), detail=f"答对观众题 {best} 道",
                                tied=len(winners) > 1) for d in winners)  # no nickname: a blank to fill in
    return awards


def tier_counts(awards: Sequence[Award]) -> list[tuple[str, int]]:
    """How many certificates of each title, in order of first appearance (for the settings page)."""
    counts: dict[str, int] = {}
    for award in awards:
        counts[award.title] = counts.get(award.title, 0) + 1
    return list(counts.items())


def date_text(settings: AwardSettings, results: Results, tz: tzinfo | None = None) -> str:
    """The date line: the host's text, else the contest's day as ``2026年11月28日``."""
    if settings.date:
        return settings.date
    if results.day is None:
        return ""
    moment = datetime.fromtimestamp(results.day, tz)
    return f"{moment.year}年{moment.month}月{moment.day}日"
