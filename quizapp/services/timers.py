"""Firing deadlines: timers are deadlines in state, this turns them into TimeUp.

``fire_due`` is called by a background loop (and once at start-up, so a
deadline that passed while the server was down is applied straight away).
"""

from __future__ import annotations

import logging

from ..core.commands import TimeUp
from ..core.errors import DomainError
from .contests import ContestService

log = logging.getLogger(__name__)


def next_deadline(service: ContestService, contest_id: str) -> tuple[float, str] | None:
    """When and for what the contest's running timer ends, if one runs."""
    timer = getattr(service.state(contest_id), "timer", None)  # sports days have no timers
    if timer is None or timer.deadline is None:
        return None
    return timer.deadline, timer.purpose


def fire_due(service: ContestService, contest_ids: list[str], now: float) -> int:
    """Apply TimeUp to every contest whose deadline has passed; returns how many fired."""
    fired = 0
    for contest_id in contest_ids:
        due = next_deadline(service, contest_id)
        if due is None or due[0] > now:
            continue
        try:
            service.execute(contest_id, TimeUp(purpose=due[1]), actor="timer")
            fired += 1
        except DomainError as exc:  # raced with a host action: nothing to do
            log.info("timer for %s not applied: %s", contest_id, exc.message)
    return fired
