"""The background loop: passed deadlines become TimeUp commands, presence changes go out.

It runs as a Socket.IO background task, so it is a green thread under
eventlet and a real thread in threading mode; either way it only calls the
service, which serialises per contest.
"""

from __future__ import annotations

import logging
import time

from flask import Flask

from ..services.timers import fire_due, pause_missed
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


def run_clock(app: Flask) -> None:
    """Fire due deadlines forever, every ``TIMER_TICK`` seconds."""
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
        app.extensions["quizapp.socketio"].sleep(tick)


def start_clock(app: Flask) -> None:
    """Recover contests and start the loop in the background."""
    recover(app)
    app.extensions["quizapp.socketio"].start_background_task(run_clock, app)
