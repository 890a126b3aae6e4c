"""Projections of a contest for each audience: host, team, screen, watch.

A team or the screen never receives an unrevealed answer or explanation, nor
another team's 共答 submission before the question closes. Only the host sees
presses while buzzers are open: until the collection window closes and the winner
is decided, a non-host view keeps the version, phase and timer it had before the
first press, so a phone cannot react to another team's press. Every view carries
the contest version so clients can detect gaps.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..engine import undoable
from ..labels import (
    CONTEST_STATUS,
    DECISIONS,
    OUTCOMES,
    PHASE_LABELS,
    ROUND_STATUS,
    TIMER_LABELS,
    TYPE_LABELS,
    actor_label,
    answer_label,
    champions_label,
    verdict_label,
)
from . import audience as aud
from . import events as ev
from .actions import host_actions
from .ranking import RankRow, ranking, tied_groups
from .restart import restart_notice
from .rounds import KIND_LABELS
from .rules_buzz import foul_penalty
from .state import ContestState, Episode

AUDIENCES = ("host", "team", "screen", "watch")


def _nearest_above(order: list[RankRow]) -> dict[str, RankRow | None]:
    """For each team, the last row of the nearest better rank (None for the leaders), in one pass."""
    out: dict[str, RankRow | None] = {}
    above: RankRow | None = None
    for i, row in enumerate(order):
        if i and row.rank != order[i - 1].rank:
            above = order[i - 1]
        out[row.team_id] = above
    return out


def _above(nearest: RankRow | None, row: RankRow) -> dict[str, int] | None:
    """The nearest rank above a team and how many points it is behind (phones: 距第 2 名 15 分)."""
    if nearest is None:
        return None
    return {"rank": nearest.rank, "gap": nearest.score - row.score}


def _team_rows(state: ContestState, hide_scores: bool) -> list[dict[str, Any]]:
    order = ranking(state)
    ranks = {row.team_id: row for row in order}
    nearest = _nearest_above(order)
    rows = []
    for team in state.teams_by_desk():
        row = ranks[team.id]
        rows.append({"id": team.id, "name": team.name, "desk": team.desk, "colour": team.colour,
                     "members": list(team.members),
                     "score": None if hide_scores else team.score,
                     "rank": None if hide_scores else row.rank, "tied": None if hide_scores else row.tied,
                     "above": None if hide_scores else _above(nearest[team.id], row)})
    return rows


def public_question_id(state: ContestState, question_id: str) -> str:
    """"Q7": the question's place in this contest's order of asking.

    Non-host views carry this instead of the bank id, which anyone holding the
    shipped bank could look the answer up by.
    """
    n = 0
    found = 0
    for rnd in state.rounds:
        for asked in rnd.asked:
            n += 1
            if asked == question_id:
                found = n
    return f"Q{found or n + 1}"


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
                    "decision_label": DECISIONS.get(p.decision, p.decision), "gap": round(when - base, 3)})
    return out


def _question(state: ContestState, ep: Episode, audience: str, hide_stem: bool) -> dict[str, Any]:
    q = ep.question
    show_secret = audience == "host" or ep.revealed
    hidden = hide_stem and audience in ("screen", "watch") and not ep.revealed
    data: dict[str, Any] = {
        "id": q.id if audience == "host" else public_question_id(state, q.id), "type": q.type, "type_label": TYPE_LABELS[q.type],
        "stem": "" if hidden else q.stem, "stem_hidden": hidden,
        "options": [] if hidden else list(q.options), "image": q.image,
        "answer": q.answer_text() if show_secret else None,
        "answer_keys": list(q.answer) if show_secret and q.type != "short" else None,
        "explanation": q.explanation if show_secret else None,
        "key_points": list(q.key_points) if audience == "host" else None,  # judging aid, never on screens
    }
    return data


def _episode(state: ContestState, ep: Episode, audience: str, team_id: str,
             hide_stem: bool, hide_scores: bool) -> dict[str, Any]:
    closed = ep.phase in ("judged", "audience") or ep.revealed
    submissions: dict[str, Any] = {}
    for tid, (member, answer) in ep.submissions.items():
        if audience == "host" or closed or tid == team_id:
            submissions[tid] = {"member": member, "answer": answer,
                                "answer_label": answer_label(ep.question.type, answer)}
        else:
            submissions[tid] = {"member": "", "answer": None}
    judgements = [{"no": no, "team_id": tid, "correct": None if hide_scores else state.judgements[no].correct,
                   "points": None if hide_scores else state.judgements[no].points,
                   "label": "" if hide_scores else verdict_label(state.judgements[no].correct,
                                                                 state.judgements[no].points)}
                  for tid, no in ep.judged.items()]
    # the crowd's answers only after the reveal: before, they would tell the teams the room's guess
    tally = aud.distribution(state) if audience == "host" or ep.revealed else {}
    pending = audience != "host" and ep.hidden_since is not None and ep.phase in ("reading", "open")
    phase = ep.public_phase if pending else ep.phase
    outcome = "" if hide_scores else ep.outcome  # with hidden scores, right/wrong would rebuild them
    return {
        "phase": phase, "phase_label": PHASE_LABELS.get(phase, phase), "team_id": ep.team_id,
        "stake": None if hide_scores else ep.stake,
        "outcome": outcome, "outcome_label": OUTCOMES.get(outcome, outcome) if outcome else "",
        "revealed": ep.revealed, "question": _question(state, ep, audience, hide_stem),
        "presses": _presses(state, ep) if audience == "host" or ep.phase not in ("reading", "open") else [],
        "locked": sorted(ep.locked),
        "tied_with": list(ep.tied_with), "rebuzz": list(ep.rebuzz),
        "submissions": submissions, "judgements": judgements,
        "audience_tally": tally, "audience_count": len(ep.audience), "audience_open": aud.is_open(state),
    }


def hidden_batch(state: ContestState, events: Sequence[ev.Event]) -> bool:
    """Whether non-host views must not hear of this batch at all.

    True when it only records presses that wait for the collection window (and
    that window's timer): views without presses look the same as before, and even
    a fresh broadcast would tell a watching phone that someone has pressed.
    """
    ep = state.episode
    if not events or ep is None or ep.hidden_since is None or ep.phase not in ("reading", "open"):
        return False
    return all((isinstance(e, ev.PressRecorded) and e.decision in ("valid", "duplicate"))
               or (isinstance(e, ev.TimerStarted) and e.purpose == "window")
               or isinstance(e, ev.BuzzersOpened) for e in events)


def view_for(state: ContestState, audience: str, team_id: str = "", now: float = 0.0) -> dict[str, Any]:
    """The JSON-able picture one kind of client may see at ``now``."""
    rnd = state.round
    settings = rnd.spec.settings if rnd else None
    hide_scores = bool(settings and settings.hide_scores) and audience != "host" and state.status != "finished"
    hide_stem = bool(settings and settings.hide_stem and rnd and rnd.spec.kind in ("buzz", "tiebreak"))
    view: dict[str, Any] = {
        "version": state.version, "audience": audience, "title": state.title,
        "status": state.status, "status_label": CONTEST_STATUS.get(state.status, state.status),
        "base_score": state.base_score,
        "rehearsal": state.rehearsal is not None,  # every page shows a 彩排 mark while true
        "teams": _team_rows(state, hide_scores),
        "rounds": [{"index": r.index, "kind": r.spec.kind, "kind_label": KIND_LABELS[r.spec.kind],
                    "title": r.spec.title, "status": r.status, "status_label": ROUND_STATUS[r.status],
                    "remaining": len(r.queue)}
                   for r in state.rounds],
        "round": None, "episode": None, "timer": None,
    }
    top = [row["id"] for row in view["teams"] if row["rank"] == 1]
    view["top_tied"] = len(top) > 1  # the host's 结束比赛 confirmation offers 加赛
    view["champions"] = top if state.status == "finished" else []  # several = 并列冠军
    view["champions_label"] = champions_label(len(top))
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
            # points each team lost for its latest false start (the phone shows 犯规 −N)
            "foul_points": {} if hide_scores else {t: foul_penalty(rnd.spec.settings, n)
                                                   for t, n in rnd.fouls.items()},
            "allow_buzz_while_reading": rnd.spec.settings.allow_buzz_while_reading,
            "wrong_deducts": rnd.spec.settings.wrong_deducts,
            "tier_seconds": {str(k): v for k, v in rnd.spec.settings.tier_seconds.items()},
            "points_wrong": None if hide_scores else rnd.spec.settings.points_wrong,
        }
    if state.episode is not None:
        view["episode"] = _episode(state, state.episode, audience, team_id, hide_stem, hide_scores)
    ep = state.episode
    pending = ep is not None and ep.hidden_since is not None and ep.phase in ("reading", "open")
    t = state.timer
    if pending and audience != "host":  # nothing shows that a press is waiting for the window
        assert ep is not None and ep.hidden_since is not None
        view["version"], t = ep.hidden_since, ep.public_timer
    if t is not None:
        view["timer"] = {"purpose": t.purpose, "label": TIMER_LABELS.get(t.purpose, ""),
                         "seconds": t.seconds, "running": t.running,
                         "deadline": t.deadline, "remaining": round(t.remaining_at(now), 3),
                         "interrupted": t.interrupted}
    if audience in ("host", "screen", "watch"):
        view["audience_board"] = aud.board_view(state)  # play-along leaderboard (scored at reveals)
    if audience == "host":
        for row, rnd in zip(view["rounds"], state.rounds, strict=True):
            row["queue"] = [{"id": q.id, "type": q.type, "difficulty": q.difficulty, "stem": q.stem[:60]}
                            for q in rnd.queue]
            row["asked"] = list(rnd.asked)
        names = {t.id: state.team_label(t.id) for t in state.teams.values()}
        view["history"] = [{"batch": b.batch, "description": b.description, "actor": b.actor,
                            "actor_label": actor_label(b.actor, names)} for b in state.history[-30:]]
        view["undo_preview"] = state.history[-1].description if undoable(state) else None
        view["undo_batch"] = state.history[-1].batch if view["undo_preview"] else None  # sent back with the undo
        view["rehearsals"] = state.rehearsals  # rehearsals already reset
        view["notice"] = restart_notice(state.timer)  # zh-CN, "" when there is nothing to say
        # what the console offers now and why not, from a dry run of the rules; and the next step
        view["actions"], view["suggest"] = host_actions(state, now)
        view["tied_groups"] = [list(group) for group in tied_groups(state)]  # StartTieBreak's default: the first
        view["type_labels"] = dict(TYPE_LABELS)  # the 选题 dialog's filter and list
    return view
