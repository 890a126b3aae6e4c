"""Firing deadlines: timers are deadlines in state, this turns them into TimeUp.

``fire_due`` is called by a background loop. At start-up ``pause_missed``
runs instead: a countdown that ran out while the server was down is paused
(an event the core decides, see ``core.restart``), never enforced, and the
host is told why.
"""

from __future__ import annotations

import logging

from ..core.errors import DomainError
from ..core.quiz.commands import ServerRestarted, TimeUp
from .contests import ContestService

log = logging.getLogger(__name__)


def next_deadline(service: ContestService, contest_id: str) -> tuple[float, str] | None:
    """When and for what the contest's running timer ends, if one runs."""
    timer = getattr(service.state(contest_id), "timer", None)  # sports days have no timers
    if timer is None or timer.deadline is None:
        return None
    return timer.deadline, timer.purpose


def soonest_deadline(service: ContestService, contest_ids: list[str]) -> float | None:
    """The earliest running deadline among ``contest_ids``: the clock loop wakes for it exactly,
    not at its next tick (a buzz window judged 20 ms late is 20 ms more before the projector)."""
    deadlines = [due[0] for cid in contest_ids if (due := next_deadline(service, cid)) is not None]
    return min(deadlines, default=None)


def fire_due(service: ContestService, contest_ids: list[str], now: float, started: float = 0.0) -> int:
    """Apply TimeUp to every contest whose deadline has passed; returns how many fired.

    A deadline that passed before ``started`` (the server's start) is paused instead, in case
    the start-up check could not do it (e.g. the database was busy then).
    """
    fired = 0
    for contest_id in contest_ids:
        due = next_deadline(service, contest_id)
        if due is None or due[0] > now:
            continue
        if due[0] <= started and due[1] != "window":
            pause_missed(service, [contest_id], now)
            continue
        try:
            service.execute(contest_id, TimeUp(purpose=due[1]), actor="timer")
            fired += 1
        except DomainError as exc:  # raced with a host action: nothing to do
            log.info("timer for %s not applied: %s", contest_id, exc.message)
    return fired


def pause_missed(service: ContestService, contest_ids: list[str], now: float) -> int:
    """At start-up: pause every countdown whose deadline passed while the server was down."""
    paused = 0
    for contest_id in contest_ids:
        due = next_deadline(service, contest_id)
        if due is None or due[0] > now:
            continue
        try:
            if due[1] == "window":  # a buzz window only decides between presses already made
                service.execute(contest_id, TimeUp(purpose="window"), actor="timer", now=now)
                continue
            last_seen = service.log(contest_id)[-1].event.at
            service.execute(contest_id, ServerRestarted(last_seen=last_seen), actor="server", now=now)
            paused += 1
        except DomainError as exc:
            log.warning("restart check for %s not applied: %s", contest_id, exc.message)
    return paused
