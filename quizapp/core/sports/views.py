"""What each reader of a sports day sees: host and results desk, judges, the projector and phones.

Only the host sees judges' scores before a team's panel is complete; a judge
also gets the scores still to give."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from ..engine import undo_preview
from ..labels import DROPPED, ENTRY_STATUS, PANEL_METHODS, SPORTS_STATUS, VETO, actor_label, champions_label
from ..panel import scoring as panel
from ..results_format import format_points, format_score
from . import model as m
from . import rules
from .values import value_text


def _result_rows(s: m.SportsState, sev: m.SportEvent, out: rules.Outcome) -> list[dict[str, Any]]:
    rows = []
    for p in out.placings:
        line = sev.results.get(p.team_id)
        panel_out = out.panels.get(p.team_id)
        value = panel_out.display if panel_out else value_text(sev.spec.kind, line) if line else ""
        vetoed = isinstance(panel_out, panel.DormResult) and panel_out.vetoed
        rows.append({"team_id": p.team_id, "team": s.team_label(p.team_id), "colour": s.teams[p.team_id].colour,
                     "status": p.status.value, "status_label": VETO if vetoed else ENTRY_STATUS[p.status.value],
                     "value": value, "place": p.place, "tied": p.tied,
                     "points": format_points(out.points.get(p.team_id, Fraction(0)))})
    return rows


def _panel_view(s: m.SportsState, sev: m.SportEvent, out: rules.Outcome, host: bool) -> dict[str, Any]:
    asg = rules.assignment(s, sev)
    scored = set(sev.marks)
    whole = panel.progress(asg, scored)
    entrants = []
    for team_id in s.teams:
        prog = panel.progress(asg, scored, team_id)
        result = out.panels.get(team_id)
        label = "已完成" if result else "无可用评委" if not prog.expected else f"评分中 {prog.display}"
        entry: dict[str, Any] = {"team_id": team_id, "team": s.team_label(team_id), "progress": prog.display,
                                 "done": result is not None, "label": label, "result": None, "scores": []}
        if result is not None:
            inner = result.panel if isinstance(result, panel.DormResult) else result
            vetoed = isinstance(result, panel.DormResult) and result.vetoed
            entry.update(result=result.display, method=inner.method.value, vetoed=vetoed,
                         result_label=VETO if vetoed else result.display)
        if result is not None or host:
            entry["scores"] = _scores(s, sev, team_id, result)
        entrants.append(entry)
    done = whole.done and whole.expected > 0
    return {"progress": whole.display, "label": "评分完成" if done else f"评分中 {whole.display}",
            "method": sev.spec.panel_method, "method_label": PANEL_METHODS.get(sev.spec.panel_method, ""),
            "entrants": entrants, "uncovered": list(asg.uncovered)}


def _scores(s: m.SportsState, sev: m.SportEvent, team_id: str,
            result: rules.PanelOutcome | None) -> list[dict[str, Any]]:
    inner = result.panel if isinstance(result, panel.DormResult) else result
    labels = {i.item_id: i.label for i in sev.spec.checklist}
    rows = []
    for (judge_id, entrant), mark in sorted(sev.marks.items()):
        if entrant != team_id:
            continue
        value = rules.sheet_of(sev.spec, mark).total if sev.spec.kind == "checklist" else Fraction(mark.score)
        dropped = None if inner is None else "high" if inner.dropped_high == judge_id else (
            "low" if inner.dropped_low == judge_id else None)
        rows.append({"judge_id": judge_id, "judge": s.judge_name(judge_id), "score": format_score(value),
                     "dropped": dropped, "dropped_label": DROPPED[dropped] if dropped else "",
                     "vetoes": [labels.get(v, v) for v in mark.vetoes]})
    return rows


def _ticker(s: m.SportsState, outcomes: Mapping[str, rules.Outcome], size: int = 8) -> list[dict[str, Any]]:
    seen: set[tuple[str, str]] = set()
    items: list[dict[str, Any]] = []
    for item in reversed(s.feed):
        key = (item.event_id, item.team_id)
        out = outcomes.get(item.event_id)
        if key in seen or out is None:
            continue
        seen.add(key)
        row = next((r for r in _result_rows(s, s.events[item.event_id], out) if r["team_id"] == item.team_id), None)
        if row is None:
            continue
        items.append({**row, "event_id": item.event_id, "event": s.events[item.event_id].spec.name,
                      "what": item.what, "at": item.at})
        if len(items) == size:
            break
    return items


def _schedule(s: m.SportsState, sev: m.SportEvent, out: rules.Outcome) -> dict[str, Any]:
    spec = sev.spec
    return {"id": sev.id, "name": spec.name, "kind": spec.kind, "kind_label": m.KIND_LABELS[spec.kind],
            "status": sev.status, "status_label": m.STATUS_LABELS[sev.status], "scheduled": spec.scheduled,
            "table": spec.table, "time_limit": spec.time_limit, "note": spec.note,
            "in_standings": spec.in_standings, "counts": sev.counts, "entries": len(out.placings)}


def _champions(s: m.SportsState, rows: Sequence[Any], outcomes: Mapping[str, rules.Outcome]) -> dict[str, Any]:
    """Who is first (several = 并列冠军); ``champions`` only once every event is final.

    A judged-only contest (文明宿舍评比: no event in the standings) ranks by its first event.
    """
    if any(sev.spec.in_standings for sev in s.events.values()):
        top = [r.team_id for r in rows if r.rank == 1]
    else:
        first = next(iter(outcomes.values()), None)
        top = [p.team_id for p in first.placings if p.place == 1] if first else []
    done = bool(s.events) and all(sev.status == "final" for sev in s.events.values())
    return {"top_tied": len(top) > 1, "champions": top if done else [], "champions_label": champions_label(len(top))}


AUDIENCE_OF_ROLE = {"host": "host", "recorder": "host", "judge": "judge"}  # every other role sees the screen's view


def view(state: m.SportsState, audience: str = "screen", viewer: str = "") -> dict[str, Any]:
    """What ``audience`` (host | screen | judge | team) sees, as JSON-able data.

    Only the host sees judges' scores before a team's panel is complete; a judge
    (``viewer`` = judge id) also gets the scores still to give.
    """
    s, host = state, audience == "host"
    outcomes = {sid: rules.outcome(s, sev) for sid, sev in s.events.items()}
    rows = rules.standings(s)
    counted = [sev for sev in s.events.values() if sev.counts]
    data: dict[str, Any] = {
        "kind": "sports", "title": s.title, "preset": s.preset, "version": s.version, "audience": audience,
        "teams": [{"id": t.id, "name": t.name, "unit": t.unit, "colour": t.colour, "label": t.label}
                  for t in s.teams.values()],
        "standings": [{
            "rank": r.rank, "team_id": r.team_id, "team": s.team_label(r.team_id), "unit": s.teams[r.team_id].unit,
            "colour": s.teams[r.team_id].colour, "total": format_points(r.total), "tied": r.tied,
            "medals": {"gold": r.firsts, "silver": r.seconds, "bronze": r.thirds},
            "place_counts": list(r.place_counts),
            "by_event": {sev.id: format_points(outcomes[sev.id].points[r.team_id])
                         for sev in counted if r.team_id in outcomes[sev.id].points},
        } for r in rows],
        "standings_provisional": any(sev.status == "provisional" for sev in counted),
        **_champions(s, rows, outcomes),
        "schedule": [_schedule(s, sev, outcomes[sev.id]) for sev in s.events.values()],
        "current": [sev.id for sev in s.events.values() if sev.status == "in_progress"],
        "results": {sid: _result_rows(s, sev, outcomes[sid]) for sid, sev in s.events.items()},
        "panels": {sid: _panel_view(s, sev, outcomes[sid], host) for sid, sev in s.events.items() if sev.uses_panel},
        "ticker": _ticker(s, outcomes),
    }
    if host:
        data["judges"] = [{"id": j.id, "name": j.name, "unit": j.unit, "head": j.head, "events": list(j.events)}
                          for j in s.judges.values()]
        judges = {j.id: j.name for j in s.judges.values()}
        data["history"] = [{"batch": b.batch, "description": b.description, "actor": b.actor,
                            "actor_label": actor_label(b.actor, judges)} for b in reversed(s.history[-30:])]
        data["undo_preview"] = undo_preview(s) or ""
        data["undo_batch"] = s.history[-1].batch if data["undo_preview"] else None  # sent back with the undo
        data["status_labels"] = dict(SPORTS_STATUS)  # the console's status choices, in the core's words
    if audience == "judge" and viewer in s.judges:
        data["todo"] = [{"event_id": sev.id, "event": sev.spec.name, "team_id": t, "team": s.team_label(t)}
                        for sev in s.events.values() if sev.uses_panel and sev.status != "final"
                        for t in rules.assignment(s, sev).entrants_for(viewer) if (viewer, t) not in sev.marks]
    return data
