"""Question analytics from event logs: correct rates, presses, reaction times, per-tag accuracy.

Pure functions over the log (no Flask, no database), so the figures a trainer
reads are exactly what the log holds and can be checked by hand:

* **correct rate** of a question: its correct verdicts / its verdicts (every
  team judged on it, after overrules; partial credit counts as not correct);
* **presses**: every press recorded on it (fouls included), **false starts**
  the fouls among them;
* **reaction time**: a team's first non-foul press after buzzers (re)open,
  minus the opening time, on the press's corrected time when the log holds one
  (its arrival otherwise). Presses made before any opening have none.

Undone batches and rehearsals (彩排) never count.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from ..core.engine import Entry, cancelled_batches
from ..core.quiz import events as ev
from ..core.quiz.questions import Question
from ..core.quiz.rehearsal import rehearsal_numbers, settled
from ..core.quiz.rulebook import QUIZ

COUNTED_PRESSES = ("valid", "late")  # decisions whose press shows a reaction (fouls and repeats do not)


@dataclass
class Tally:
    """Verdicts: how many answers were judged and how many of them were right."""

    judged: int = 0
    correct: int = 0

    @property
    def rate(self) -> Fraction | None:
        """Correct share, or None when nothing was judged."""
        return Fraction(self.correct, self.judged) if self.judged else None

    def add(self, other: Tally) -> None:
        self.judged += other.judged
        self.correct += other.correct


@dataclass
class QuestionStats:
    """One question: what was asked, how it was answered and how fast teams pressed."""

    number: int  # order of first showing (in a bank report: order of first sight)
    question: Question
    shown: int = 0
    contests: int = 0
    tally: Tally = field(default_factory=Tally)
    presses: int = 0
    false_starts: int = 0
    reactions: list[float] = field(default_factory=list)

    @property
    def median_reaction(self) -> float | None:
        return statistics.median(self.reactions) if self.reactions else None


@dataclass
class ContestAnalytics:
    """Everything the analytics page and sheets show for one contest."""

    title: str
    finished: bool
    teams: list[tuple[str, str]]  # (team id, "1号台（数学系）") in desk order
    questions: list[QuestionStats]
    tags: dict[str, dict[str, Tally]]  # tag -> team id -> tally
    reactions: dict[str, list[float]]  # team id -> reaction times (s)


@dataclass
class BankAnalytics:
    """Finished contests that drew from one bank, aggregated per question and per tag."""

    bank: str
    contests: list[tuple[str, str]]  # (contest id, title)
    questions: list[QuestionStats]
    tags: dict[str, Tally]


@dataclass
class _Walk:
    """Per-log accumulators while walking one log."""

    questions: dict[str, QuestionStats] = field(default_factory=dict)
    current: QuestionStats | None = None
    opened: float | None = None
    reacted: set[str] = field(default_factory=set)  # teams already timed since the last opening
    verdicts: dict[int, tuple[QuestionStats, str, bool]] = field(default_factory=dict)
    reactions: list[tuple[QuestionStats, str, float]] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)


def _press_reaction(walk: _Walk, press: ev.PressRecorded) -> None:
    """Count the press; time it when it is the team's first real press since the opening."""
    current = walk.current
    if current is None:
        return
    current.presses += 1
    if press.decision not in COUNTED_PRESSES or walk.opened is None or press.team_id in walk.reacted:
        return
    when = press.corrected if press.corrected is not None else press.arrival
    reaction = round(when - walk.opened, 4)  # drop float noise below 0.1 ms
    if reaction >= 0:
        walk.reacted.add(press.team_id)
        current.reactions.append(reaction)
        walk.reactions.append((current, press.team_id, reaction))


def _walk(log: Sequence[Entry]) -> _Walk:
    """One pass over the kept entries of a log."""
    walk = _Walk()
    cancelled = cancelled_batches(log)
    practice = rehearsal_numbers(log)  # a rehearsal (彩排) is practice, not the contest
    for entry in log:
        if entry.batch in cancelled or entry.seq in practice:
            continue
        event = entry.event
        if isinstance(event, ev.TeamAdded | ev.TeamUpdated):
            walk.labels[event.team_id] = f"{event.desk}号台（{event.name}）"
        elif isinstance(event, ev.QuestionShown):
            q = event.question
            stats = walk.questions.setdefault(q.id, QuestionStats(len(walk.questions) + 1, q))
            stats.shown += 1
            walk.current, walk.opened, walk.reacted = stats, None, set()
        elif isinstance(event, ev.BuzzersOpened | ev.QuestionReopened):
            walk.opened, walk.reacted = event.at, set()
        elif isinstance(event, ev.RebuzzCalled):
            walk.opened, walk.reacted = None, set()
        elif isinstance(event, ev.PressRecorded):
            _press_reaction(walk, event)
        elif isinstance(event, ev.FalseStart) and walk.current is not None:
            walk.current.false_starts += 1
        elif isinstance(event, ev.AnswerJudged) and walk.current is not None:
            walk.verdicts[event.judgement_no] = (walk.current, event.team_id, event.correct)
        elif isinstance(event, ev.JudgementOverruled) and event.judgement_no in walk.verdicts:
            stats, team_id, _ = walk.verdicts[event.judgement_no]
            walk.verdicts[event.judgement_no] = (stats, team_id, event.correct)
    for stats, _, correct in walk.verdicts.values():
        stats.tally.judged += 1
        stats.tally.correct += int(correct)
    return walk


def contest_analytics(log: Sequence[Entry]) -> ContestAnalytics:
    """The analytics of one quiz contest's log."""
    walk = _walk(log)
    final = QUIZ.replay(settled(log))  # a rehearsal still running is not the contest
    teams = [(t.id, final.team_label(t.id)) for t in final.teams_by_desk()]
    known = {tid for tid, _ in teams}
    extra = sorted({tid for _, tid, _ in walk.verdicts.values()} - known)
    teams += [(tid, walk.labels.get(tid, tid)) for tid in extra]  # removed later, still answered
    tags: dict[str, dict[str, Tally]] = {tag: {} for s in walk.questions.values() for tag in s.question.tags}
    for stats, team_id, correct in walk.verdicts.values():
        for tag in stats.question.tags:
            tally = tags.setdefault(tag, {}).setdefault(team_id, Tally())
            tally.judged += 1
            tally.correct += int(correct)
    reactions: dict[str, list[float]] = {tid: [] for tid, _ in teams}
    for _, team_id, reaction in walk.reactions:
        reactions.setdefault(team_id, []).append(reaction)
    tags = {tag: by_team for tag, by_team in tags.items() if by_team}  # first-shown order, judged tags only
    return ContestAnalytics(final.title, final.status == "finished", teams, list(walk.questions.values()),
                            tags, reactions)


def bank_analytics(bank: str, logs: Iterable[tuple[str, Sequence[Entry]]]) -> BankAnalytics:
    """Aggregate the finished contests among ``logs`` (contest id, log) that asked ``bank``'s questions.

    A contest counts when it is finished and showed at least one question of the
    bank; only that bank's questions are aggregated.
    """
    merged: dict[str, QuestionStats] = {}
    contests: list[tuple[str, str]] = []
    for contest_id, log in logs:
        final = QUIZ.replay(settled(log))  # a rehearsal still running is not the contest
        if final.status != "finished":
            continue
        walk = _walk(log)
        mine = [s for s in walk.questions.values() if s.question.bank == bank]
        if not mine:
            continue
        contests.append((contest_id, final.title))
        for stats in mine:
            into = merged.get(stats.question.id)
            if into is None:
                into = merged[stats.question.id] = QuestionStats(len(merged) + 1, stats.question)
            into.shown += stats.shown
            into.contests += 1
            into.tally.add(stats.tally)
            into.presses += stats.presses
            into.false_starts += stats.false_starts
            into.reactions.extend(stats.reactions)
    tags: dict[str, Tally] = {}
    for stats in merged.values():
        for tag in stats.question.tags:
            tags.setdefault(tag, Tally()).add(stats.tally)
    return BankAnalytics(bank, contests, list(merged.values()), tags)  # tags in first-seen order


def hardest(questions: Iterable[QuestionStats], limit: int = 10) -> list[QuestionStats]:
    """Judged questions, lowest correct rate first; ties: slower median reaction first, then more answers."""
    judged = [s for s in questions if s.tally.judged]

    def key(s: QuestionStats) -> tuple[Fraction, int, float, int, int]:
        median = s.median_reaction
        return (s.tally.rate or Fraction(0), median is None, -(median or 0.0), -s.tally.judged, s.number)

    return sorted(judged, key=key)[:limit]


def five_numbers(values: Sequence[float]) -> tuple[float, float, float, float, float] | None:
    """(min, lower quartile, median, upper quartile, max), inclusive quartiles; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    if len(ordered) == 1:
        v = ordered[0]
        return (v, v, v, v, v)
    q1, q2, q3 = statistics.quantiles(ordered, n=4, method="inclusive")
    return (ordered[0], q1, q2, q3, ordered[-1])
