"""The rule engines a contest can run on, by contest kind.

The service stays the same for every kind: it only needs to decide, advance,
replay, snapshot and decode events. A knowledge contest uses the quiz engine;
a sports day (when registered) uses its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..core import engine as quiz
from ..core import events as quiz_events
from ..core.engine import Entry
from ..core.events import Event


@dataclass(frozen=True)
class RuleEngine:
    """The five operations the service needs from a kind of contest."""

    decide: Callable[[Any, Any, float], list[Event]]
    advance: Callable[[Any, Sequence[Entry], Sequence[Entry]], Any]
    replay: Callable[[Sequence[Entry]], Any]
    snapshot: Callable[[Any], dict[str, Any]]
    decode: Callable[[str, dict[str, Any]], Event]


def quiz_snapshot(state: Any) -> dict[str, Any]:
    """The facts ``log verify`` checks a replay against (scores, status, version)."""
    return {"status": state.status, "version": state.version,
            "scores": {t.id: t.score for t in state.teams.values()}}


ENGINES: dict[str, RuleEngine] = {
    "quiz": RuleEngine(quiz.decide, quiz.advance, quiz.replay, quiz_snapshot, quiz_events.from_dict),
}


def engine_for(kind: str) -> RuleEngine:
    """The engine of a contest kind (unknown kinds fall back to nothing: KeyError)."""
    return ENGINES[kind]
