"""Ranking teams: score high to low, tie-break winners first, ties reported.

Teams with equal scores share a rank (1, 2, 2, 4) unless a tie-break round
separated them; ``tied_groups`` tells the host which ties still need one.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .state import ContestState


@dataclass(frozen=True)
class RankRow:
    """One line of the scoreboard."""

    rank: int
    team_id: str
    score: int
    tied: bool


def _tiebreak_bonus(state: ContestState) -> dict[str, int]:
    """Later tie-break wins outrank earlier ones; survivors outrank the eliminated."""
    bonus: dict[str, int] = {}
    for rnd in state.rounds:
        if rnd.spec.kind != "tiebreak" or not rnd.eligible:
            continue
        for team in rnd.eligible:
            if team == rnd.winner:
                bonus[team] = bonus.get(team, 0) + 2
            elif team not in rnd.eliminated and rnd.winner:
                bonus[team] = bonus.get(team, 0) + 1
    return bonus


def ranking(state: ContestState) -> list[RankRow]:
    """The standings, best first; desk order inside a tie keeps it stable."""
    bonus = _tiebreak_bonus(state)
    teams = sorted(state.teams.values(), key=lambda t: (-t.score, -bonus.get(t.id, 0), t.desk))
    keys = [(t.score, bonus.get(t.id, 0)) for t in teams]
    sharing = Counter(keys)  # one pass: 200 teams must not cost 200 × 200 comparisons per view
    rows: list[RankRow] = []
    for i, team in enumerate(teams):
        rank = i + 1 if i == 0 or keys[i] != keys[i - 1] else rows[-1].rank
        tied = sharing[keys[i]] > 1
        rows.append(RankRow(rank, team.id, team.score, tied))
    return rows


def tied_groups(state: ContestState) -> list[tuple[str, ...]]:
    """Groups of teams sharing a rank, best group first."""
    groups: dict[int, list[str]] = {}
    for row in ranking(state):
        if row.tied:
            groups.setdefault(row.rank, []).append(row.team_id)
    return [tuple(groups[r]) for r in sorted(groups)]
