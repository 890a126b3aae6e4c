"""The rule engines a contest can run on, by contest kind.

The service stays the same for every kind: it only needs to decide, advance,
replay, snapshot and decode events. A knowledge contest uses the quiz engine;
a sports day uses its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..core import engine as quiz
from ..core.engine import Entry
from ..core.quiz import events as quiz_events
from ..core.quiz.describe import describe
from ..core.quiz.events import Event
from ..core.sports import engine as sports_engine
from ..core.sports import model as sports_model
from ..core.sports import rules as sports_rules


@dataclass(frozen=True)
class RuleEngine:
    """The five operations the service needs from a kind of contest."""

    decide: Callable[[Any, Any, float], list[Event]]
    advance: Callable[[Any, Sequence[Entry], Sequence[Entry]], Any]
    replay: Callable[[Sequence[Entry]], Any]
    snapshot: Callable[[Any], dict[str, Any]]
    decode: Callable[[str, dict[str, Any]], Event]
    encode: Callable[[Event], dict[str, Any]]
    describe: Callable[[Event, Any], str]


def quiz_snapshot(state: Any) -> dict[str, Any]:
    """The facts ``log verify`` checks a replay against (scores, status, version)."""
    return {"status": state.status, "version": state.version,
            "scores": {t.id: t.score for t in state.teams.values()}}


def sports_snapshot(state: Any) -> dict[str, Any]:
    """A sports day's verifiable facts: version and each team's total."""
    return {"version": state.version,
            "totals": {r.team_id: str(r.total) for r in sports_rules.standings(state)}}


ENGINES: dict[str, RuleEngine] = {
    "quiz": RuleEngine(quiz.decide, quiz.advance, quiz.replay, quiz_snapshot, quiz_events.from_dict,
                       quiz_events.to_dict, describe),
    "sports": RuleEngine(sports_engine.decide, sports_engine.advance, sports_engine.replay,
                         sports_snapshot, sports_model.from_dict, sports_model.to_dict,
                         sports_engine.describe),
}


def engine_for(kind: str) -> RuleEngine:
    """The engine of a contest kind (unknown kinds fall back to nothing: KeyError)."""
    return ENGINES[kind]
