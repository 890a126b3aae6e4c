"""The background loop: passed deadlines become TimeUp commands, presence changes go out.

It runs as a Socket.IO background task, so it is a green thread under
eventlet and a real thread in threading mode; either way it only calls the
service, which serialises per contest.
"""

from __future__ import annotations

import logging
import time

from flask import Flask

from ..services.timers import fire_due, pause_missed, soonest_deadline
from . import clock_pings
from .outbox import AUDIENCE_EVERY

log = logging.getLogger(__name__)


def recover(app: Flask) -> list[str]:
    """Load every contest (replaying its log) and pause countdowns that ran out while down."""
    service = app.extensions["quizapp.contests"]
    ids = [row.id for row in service.contests()]
    app.extensions["quizapp.started"] = started = time.time()
    pause_missed(service, ids, started)
    return ids


WAKE_LATE = 0.001
"""How long after a deadline the loop wakes for it, so that the deadline has surely passed."""


def pause_for(tick: float, now: float, deadline: float | None, tried_until: float) -> float:
    """How long the loop sleeps: one tick, or less when a deadline falls within it.

    A deadline at or before ``tried_until`` was already tried in this pass (a host action may
    have raced it and left it standing): it waits for the next tick rather than spin the loop.
    """
    if deadline is None or deadline <= tried_until:
        return tick
    return min(tick, max(deadline - now + WAKE_LATE, 0.0))


def run_clock(app: Flask) -> None:
    """Fire due deadlines forever: every ``TIMER_TICK`` seconds, and at each deadline."""
    service = app.extensions["quizapp.contests"]
    hub = app.extensions["quizapp.hub"]
    tick = float(app.config["TIMER_TICK"])
    hub.outbox.every = AUDIENCE_EVERY  # the audience room is paced only where a loop flushes what waits
    while True:
        try:
            now = time.time()
            fire_due(service, service.loaded_ids(), now, app.extensions.get("quizapp.started", 0.0))
            hub.flush_presence(now)
            clock_pings.tick(hub, now)
        except Exception:  # noqa: BLE001 - the loop must survive any single failure
            log.exception("timer loop iteration failed")
        try:
            deadline = soonest_deadline(service, service.loaded_ids())
        except Exception:  # noqa: BLE001 - as above; the tick still paces the loop
            log.exception("reading the next deadline failed")
            deadline = None
        app.extensions["quizapp.socketio"].sleep(pause_for(tick, time.time(), deadline, now))


def start_clock(app: Flask) -> None:
    """Recover contests and start the loop in the background."""
    recover(app)
    app.extensions["quizapp.socketio"].start_background_task(run_clock, app)
