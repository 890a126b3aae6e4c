"""Projections of a contest for each audience: host, team, screen, watch.

A team or the screen never receives an unrevealed answer or explanation, nor
another team's 共答 submission before the question closes. Every view carries
the contest version so clients can detect gaps.
"""

from __future__ import annotations

from typing import Any

from .questions import TYPE_LABELS
from .ranking import ranking
from .rounds import KIND_LABELS
from .state import ContestState, Episode

AUDIENCES = ("host", "team", "screen", "watch")


def _team_rows(state: ContestState, hide_scores: bool) -> list[dict[str, Any]]:
    ranks = {row.team_id: row for row in ranking(state)}
    rows = []
    for team in state.teams_by_desk():
        row = ranks[team.id]
        rows.append({"id": team.id, "name": team.name, "desk": team.desk, "colour": team.colour,
                     "members": list(team.members),
                     "score": None if hide_scores else team.score,
                     "rank": None if hide_scores else row.rank, "tied": row.tied})
    return rows


def _presses(state: ContestState, ep: Episode) -> list[dict[str, Any]]:
    """Presses of the current opening, first first, with gaps to the first."""
    presses = [p for p in ep.current_presses() if p.decision in ("valid", "late", "duplicate")]
    order = sorted(presses, key=lambda p: (p.corrected if p.corrected is not None else p.arrival,
                                           p.arrival))
    first = order[0] if order else None
    out = []
    for p in order:
        when = p.corrected if p.corrected is not None else p.arrival
        base = first.corrected if first and first.corrected is not None else (first.arrival if first else 0)
        out.append({"team_id": p.team_id, "member": p.member, "decision": p.decision,
                    "gap": round(when - base, 3)})
    return out


def _question(ep: Episode, audience: str, hide_stem: bool) -> dict[str, Any]:
    q = ep.question
    show_secret = audience == "host" or ep.revealed
    hidden = hide_stem and audience in ("screen", "watch") and not ep.revealed
    data: dict[str, Any] = {
        "id": q.id, "type": q.type, "type_label": TYPE_LABELS[q.type],
        "stem": "" if hidden else q.stem, "stem_hidden": hidden,
        "options": [] if hidden else list(q.options), "image": q.image,
        "answer": q.answer_text() if show_secret else None,
        "answer_keys": list(q.answer) if show_secret and q.type != "short" else None,
        "explanation": q.explanation if show_secret else None,
    }
    return data


def _episode(state: ContestState, ep: Episode, audience: str, team_id: str,
             hide_stem: bool, hide_scores: bool) -> dict[str, Any]:
    closed = ep.phase in ("judged", "audience") or ep.revealed
    submissions: dict[str, Any] = {}
    for tid, (member, answer) in ep.submissions.items():
        if audience == "host" or closed or tid == team_id:
            submissions[tid] = {"member": member, "answer": answer}
        else:
            submissions[tid] = {"member": "", "answer": None}
    judgements = [{"no": no, "team_id": tid, "correct": state.judgements[no].correct,
                   "points": None if hide_scores else state.judgements[no].points}
                  for tid, no in ep.judged.items()]
    tally: dict[str, int] = {}
    for choice in ep.audience.values():
        tally[choice] = tally.get(choice, 0) + 1
    return {
        "phase": ep.phase, "team_id": ep.team_id, "stake": ep.stake, "outcome": ep.outcome,
        "revealed": ep.revealed, "question": _question(ep, audience, hide_stem),
        "presses": _presses(state, ep), "locked": sorted(ep.locked),
        "tied_with": list(ep.tied_with), "rebuzz": list(ep.rebuzz),
        "submissions": submissions, "judgements": judgements,
        "audience_tally": tally, "audience_count": len(ep.audience),
    }


def view_for(state: ContestState, audience: str, team_id: str = "", now: float = 0.0) -> dict[str, Any]:
    """The JSON-able picture one kind of client may see at ``now``."""
    rnd = state.round
    settings = rnd.spec.settings if rnd else None
    hide_scores = bool(settings and settings.hide_scores) and audience != "host" and state.status != "finished"
    hide_stem = bool(settings and settings.hide_stem and rnd and rnd.spec.kind in ("buzz", "tiebreak"))
    view: dict[str, Any] = {
        "version": state.version, "audience": audience, "title": state.title,
        "status": state.status, "base_score": state.base_score,
        "teams": _team_rows(state, hide_scores),
        "rounds": [{"index": r.index, "kind": r.spec.kind, "kind_label": KIND_LABELS[r.spec.kind],
                    "title": r.spec.title, "status": r.status, "remaining": len(r.queue)}
                   for r in state.rounds],
        "round": None, "episode": None, "timer": None,
    }
    if rnd is not None:
        turn = ""
        if rnd.spec.kind in ("compulsory", "risk") and rnd.turn_order:
            total = len(rnd.turn_order) * (rnd.spec.settings.questions_per_team
                                           if rnd.spec.kind == "compulsory" else 1)
            if rnd.turn_served < total:
                turn = rnd.turn_order[rnd.turn_served % len(rnd.turn_order)]
        view["round"] = {
            "index": rnd.index, "kind": rnd.spec.kind, "title": rnd.spec.title,
            "status": rnd.status, "turn_team": turn, "picked_tier": rnd.picked_tier,
            "tiers": list(rnd.spec.settings.tiers), "allow_skip": rnd.spec.settings.allow_skip,
            "eligible": list(rnd.eligible), "eliminated": sorted(rnd.eliminated),
            "barred": sorted(rnd.barred), "winner": rnd.winner,
            "fouls": {} if hide_scores else dict(rnd.fouls),
            "allow_buzz_while_reading": rnd.spec.settings.allow_buzz_while_reading,
            "wrong_deducts": rnd.spec.settings.wrong_deducts,
            "tier_seconds": {str(k): v for k, v in rnd.spec.settings.tier_seconds.items()},
            "points_wrong": rnd.spec.settings.points_wrong,
        }
    if state.episode is not None:
        view["episode"] = _episode(state, state.episode, audience, team_id, hide_stem, hide_scores)
    if state.timer is not None:
        t = state.timer
        view["timer"] = {"purpose": t.purpose, "seconds": t.seconds, "running": t.running,
                         "deadline": t.deadline, "remaining": round(t.remaining_at(now), 3)}
    if audience == "host":
        for row, rnd in zip(view["rounds"], state.rounds, strict=True):
            row["queue"] = [{"id": q.id, "type": q.type, "difficulty": q.difficulty, "stem": q.stem[:60]}
                            for q in rnd.queue]
            row["asked"] = list(rnd.asked)
        view["history"] = [{"batch": b.batch, "description": b.description, "actor": b.actor}
                           for b in state.history[-30:]]
        view["undo_preview"] = state.history[-1].description if len(state.history) > 1 else None
    return view
