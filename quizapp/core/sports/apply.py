"""Applying sports-day events to state, and what each event read and wrote (for undo)."""

from __future__ import annotations

from ..awards import AwardsSet
from ..messages import Event
from . import model as m


def mutate(s: m.SportsState, e: Event) -> None:
    """Apply one event in place (``s`` must be a private copy); trusts the event.

    An undo changes nothing here: replay has already skipped what it cancelled.
    """
    if isinstance(e, m.SportsDayCreated):
        s.title, s.preset, s.status = e.title, e.preset, "open"
    elif isinstance(e, m.SportsTeamAdded):
        s.teams[e.team_id] = m.Team(e.team_id, e.name, e.unit, e.colour)
        s.next_team_no += 1
    elif isinstance(e, m.SportsEventAdded):
        s.events[e.event_id] = m.SportEvent(e.event_id, e.spec)
        s.next_event_no += 1
    elif isinstance(e, m.JudgeAdded):
        s.judges[e.judge_id] = m.JudgeInfo(e.judge_id, e.name, e.unit, e.head, e.events)
        s.next_judge_no += 1
    elif isinstance(e, m.EventStatusChanged):
        s.events[e.event_id].status = e.status
    elif isinstance(e, m.ResultsRecorded):
        for line in e.lines:
            s.events[e.event_id].results[line.team_id] = line
            s.feed.append(m.FeedItem(e.at, e.event_id, line.team_id, "recorded"))
    elif isinstance(e, m.ResultCorrected):
        results = s.events[e.event_id].results
        if e.line is None:
            results.pop(e.team_id, None)
        else:
            results[e.team_id] = e.line
        s.feed.append(m.FeedItem(e.at, e.event_id, e.team_id, "corrected"))
    elif isinstance(e, m.ScoreSubmitted | m.SheetSubmitted):
        mark = (m.Mark(score=e.score) if isinstance(e, m.ScoreSubmitted)
                else m.Mark(deductions=e.deductions, vetoes=e.vetoes))
        s.events[e.event_id].marks[(e.judge_id, e.team_id)] = mark
        if e.completes:
            s.feed.append(m.FeedItem(e.at, e.event_id, e.team_id, "scored"))
    elif isinstance(e, m.ScoreReopened):
        s.events[e.event_id].marks.pop((e.judge_id, e.team_id), None)


def footprint(e: Event) -> tuple[frozenset[str], frozenset[str]]:
    """What an event read and wrote: ``t:``/``e:``/``j:`` ids, ``r:`` an event's results and panel."""
    if isinstance(e, m.SportsDayCreated):
        return frozenset(), frozenset({"day"})
    if isinstance(e, AwardsSet):
        return frozenset(), frozenset({"awards"})  # certificate settings: nothing builds on them
    if isinstance(e, m.SportsTeamAdded):
        return frozenset({"day"}), frozenset({f"t:{e.team_id}"})
    if isinstance(e, m.SportsEventAdded):
        return frozenset({"day"}), frozenset({f"e:{e.event_id}"})
    if isinstance(e, m.JudgeAdded):
        return frozenset({"day", *(f"e:{x}" for x in e.events)}), frozenset({f"j:{e.judge_id}"})
    event_id: str = getattr(e, "event_id", "")
    reads = {f"e:{event_id}", f"r:{event_id}"}
    if isinstance(e, m.ResultsRecorded):
        reads |= {f"t:{x.team_id}" for x in e.lines}
    for name, prefix in (("team_id", "t"), ("judge_id", "j"), ("by", "j")):
        value = getattr(e, name, "")
        if isinstance(value, str) and value and value != "host":
            reads.add(f"{prefix}:{value}")
    return frozenset(reads), frozenset({f"r:{event_id}"})
