"""Where the time from a buzz to the projector goes, read back from the contest's log.

The bench knows when a phone emitted its buzz and when the screen held the winner; the log
knows when the server recorded the press, how long the collection window was (a fairness
rule: presses from slower phones may still arrive) and when the window was judged. So each
buzz splits into: the press reaching the service, the window, the wait from the window's
deadline to its judgement, and the judgement reaching the screen (commit, views, send,
decode). All times are ``time.time()`` on one machine.
"""

from __future__ import annotations

from typing import Any

from quizapp.app import create_app
from quizapp.core.quiz import events as ev

from .fixture import Fixture
from .stats import ms, percentile

PARTS = ("to_service", "window", "deadline_to_judged", "judged_to_screen")
"""In order; they add up to buzz -> screen. ``after_deadline`` (the last two) is the server's share
once the window's rule lets it judge."""


def _windows(entries: list[Any]) -> list[dict[str, Any]]:
    """Every judged buzz window in the log: first valid press, window length, judgement."""
    out: list[dict[str, Any]] = []
    press: ev.PressRecorded | None = None
    window: ev.TimerStarted | None = None
    for entry in entries:
        e = entry.event
        if isinstance(e, ev.PressRecorded) and e.decision == "valid" and press is None:
            press = e
        elif isinstance(e, ev.TimerStarted) and e.purpose == "window" and window is None:
            window = e
        elif isinstance(e, ev.BuzzWon) and press is not None and window is not None:
            out.append({"team": e.team_id, "press": press.at, "deadline": window.at + window.seconds,
                        "window": window.seconds, "judged": e.at})
            press = window = None
        elif isinstance(e, (ev.BuzzersOpened, ev.QuestionShown)):
            press = window = None
    return out


def split(fx: Fixture, samples: list[tuple[str, float, float]]) -> dict[str, Any]:
    """Percentiles of each part over ``samples`` = (team, emitted at, screen held it at)."""
    config: dict[str, Any] = {"INSTANCE_PATH": str(fx.instance), "ASYNC_MODE": "threading",
                              "START_BACKGROUND": False}
    if fx.database:
        config["DATABASE_URL"] = fx.database
    app = create_app(config)
    try:
        windows = _windows(list(app.extensions["quizapp.contests"].log(fx.contest_id)))
    finally:
        app.extensions["quizapp.engine"].dispose()
    parts: dict[str, list[float]] = {p: [] for p in (*PARTS, "after_deadline")}
    for team, emitted, shown in samples:
        match = next((w for w in windows if w["team"] == team and emitted <= w["judged"] <= shown), None)
        if match is None:
            continue
        parts["to_service"].append(match["press"] - emitted)
        parts["window"].append(match["window"])
        parts["deadline_to_judged"].append(match["judged"] - match["deadline"])
        parts["judged_to_screen"].append(shown - match["judged"])
        parts["after_deadline"].append(shown - match["deadline"])
    return {"matched": len(parts["window"]), "samples": len(samples),
            **{p: {"p50_ms": ms(percentile(v, 50)), "p99_ms": ms(percentile(v, 99)),
                   "max_ms": ms(max(v)) if v else None} for p, v in parts.items()}}
