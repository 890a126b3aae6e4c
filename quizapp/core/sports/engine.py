"""The sports-day engine: ``decide``, ``apply``, ``replay``/``advance``, views and presets.

Mirrors ``engine``: one command is one batch of events in :class:`Entry`
envelopes; undo is an event that cancels whole batches, and replay skips
them. Which later batches an undo takes along is decided by what each batch
read and wrote (see ``sports_rules.undo_plan``), so undoing a result in 拔河
never takes the later 接力 results with it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

from ..engine import Entry
from ..errors import DomainError
from ..labels import ENTRY_STATUS, VETO, champions_label, event_label
from ..panel import scoring as panel
from ..quiz.commands import Command, ResetRehearsal, StartRehearsal
from ..quiz.events import BatchesUndone, Event
from ..results_format import format_points, format_score, format_time
from . import model as m
from . import rules as rules

REHEARSAL_REFUSED = ("运动会不支持彩排：彩排只用于知识竞赛。运动会可以先录入一条试填成绩，"
                     "确认手机和大屏正常后再撤销")


def decide(state: m.SportsState, command: Command, now: float) -> list[Event]:
    """Check ``command`` against the rules at time ``now``; never changes ``state``."""
    if state.status == "new" and not isinstance(command, m.CreateSportsDay):
        raise DomainError("no_sports_day", "运动会尚未创建")
    if isinstance(command, StartRehearsal | ResetRehearsal):
        raise DomainError("rehearsal_unsupported", REHEARSAL_REFUSED)
    decider = rules.DECIDERS.get(type(command))
    if decider is None:
        raise DomainError("unknown_command", f"运动会不支持这个操作：{type(command).__name__}")
    return decider(state, command, now)


# ---------------------------------------------------------------- apply
def _mutate(s: m.SportsState, e: Event) -> None:
    """Apply one event in place (``s`` must be a private copy); trusts the event."""
    if isinstance(e, m.SportsDayCreated):
        s.title, s.preset, s.status = e.title, e.preset, "open"
    elif isinstance(e, m.SportsTeamAdded):
        s.teams[e.team_id] = m.Team(e.team_id, e.name, e.unit, e.colour)
        s.next_team_no += 1
    elif isinstance(e, m.SportsEventAdded):
        s.events[e.event_id] = m.SportEvent(e.event_id, e.spec)
        s.next_event_no += 1
    elif isinstance(e, m.JudgeAdded):
        s.judges[e.judge_id] = m.JudgeInfo(e.judge_id, e.name, e.unit, e.head, e.events)
        s.next_judge_no += 1
    elif isinstance(e, m.EventStatusChanged):
        s.events[e.event_id].status = e.status
    elif isinstance(e, m.ResultsRecorded):
        for line in e.lines:
            s.events[e.event_id].results[line.team_id] = line
            s.feed.append(m.FeedItem(e.at, e.event_id, line.team_id, "recorded"))
    elif isinstance(e, m.ResultCorrected):
        results = s.events[e.event_id].results
        if e.line is None:
            results.pop(e.team_id, None)
        else:
            results[e.team_id] = e.line
        s.feed.append(m.FeedItem(e.at, e.event_id, e.team_id, "corrected"))
    elif isinstance(e, m.ScoreSubmitted | m.SheetSubmitted):
        mark = (m.Mark(score=e.score) if isinstance(e, m.ScoreSubmitted)
                else m.Mark(deductions=e.deductions, vetoes=e.vetoes))
        s.events[e.event_id].marks[(e.judge_id, e.team_id)] = mark
        if e.completes:
            s.feed.append(m.FeedItem(e.at, e.event_id, e.team_id, "scored"))
    elif isinstance(e, m.ScoreReopened):
        s.events[e.event_id].marks.pop((e.judge_id, e.team_id), None)


def apply(state: m.SportsState, event: Event) -> m.SportsState:
    """A new state with ``event`` applied (the given state is left as it was)."""
    new = copy.deepcopy(state)
    _mutate(new, event)
    return new


def footprint(e: Event) -> tuple[frozenset[str], frozenset[str]]:
    """What an event read and wrote: ``t:``/``e:``/``j:`` ids, ``r:`` an event's results and panel."""
    if isinstance(e, m.SportsDayCreated):
        return frozenset(), frozenset({"day"})
    if isinstance(e, m.SportsTeamAdded):
        return frozenset({"day"}), frozenset({f"t:{e.team_id}"})
    if isinstance(e, m.SportsEventAdded):
        return frozenset({"day"}), frozenset({f"e:{e.event_id}"})
    if isinstance(e, m.JudgeAdded):
        return frozenset({"day", *(f"e:{x}" for x in e.events)}), frozenset({f"j:{e.judge_id}"})
    event_id: str = getattr(e, "event_id", "")
    reads = {f"e:{event_id}", f"r:{event_id}"}
    if isinstance(e, m.ResultsRecorded):
        reads |= {f"t:{x.team_id}" for x in e.lines}
    for name, prefix in (("team_id", "t"), ("judge_id", "j"), ("by", "j")):
        value = getattr(e, name, "")
        if isinstance(value, str) and value and value != "host":
            reads.add(f"{prefix}:{value}")
    return frozenset(reads), frozenset({f"r:{event_id}"})


def _record(s: m.SportsState, entry: Entry) -> None:
    """Apply one entry in place and keep the batch history for undo."""
    event = entry.event
    before = s.history[-1] if s.history and s.last_batch == entry.batch else None
    _mutate(s, event)
    s.version, s.last_batch = max(s.version, entry.seq), entry.batch
    if isinstance(event, BatchesUndone):
        return
    reads, writes = footprint(event)
    if before is None:
        s.history.append(m.SportsBatch(entry.batch, describe(event, s), entry.actor, reads, writes))
        return
    text = before.description + _more(event, s)
    s.history[-1] = m.SportsBatch(before.batch, text, before.actor, before.reads | reads, before.writes | writes)


def cancelled_batches(entries: Iterable[Entry]) -> set[int]:
    """Every batch cancelled by an undo in the log."""
    return {b for x in entries if isinstance(x.event, BatchesUndone) for b in x.event.batches}


def replay(entries: Sequence[Entry]) -> m.SportsState:
    """Rebuild state from the whole log, skipping undone batches."""
    cancelled = cancelled_batches(entries)
    state = m.SportsState()
    for entry in entries:
        if entry.batch not in cancelled:
            _record(state, entry)
        state.version = max(state.version, entry.seq)
    return state


def advance(state: m.SportsState, log: Sequence[Entry], new: Sequence[Entry]) -> m.SportsState:
    """State after appending ``new`` to ``log`` (``log`` already includes ``new``); an undo rebuilds."""
    if any(isinstance(x.event, BatchesUndone) for x in new):
        return replay(log)
    result = copy.deepcopy(state)
    for entry in new:
        _record(result, entry)
    return result


# ---------------------------------------------------------------- describe
def _raw(line: m.ResultLine | None) -> str:
    return "（无）" if line is None else line.raw.strip() or value_text("", line)


_TEXT: dict[type[Event], Callable[[Any, m.SportsState], str]] = {
    m.SportsDayCreated: lambda e, s: f"创建运动会“{e.title}”",
    m.SportsTeamAdded: lambda e, s: f"添加参赛队 {s.team_label(e.team_id)}",
    m.SportsEventAdded: lambda e, s: f"添加项目“{e.spec.name}”（{m.KIND_LABELS[e.spec.kind]}，{e.spec.table}）",
    m.JudgeAdded: lambda e, s: f"添加{'裁判长' if e.head else '评委'} {e.name}" + (f"（{e.unit}）" if e.unit else ""),
    m.EventStatusChanged: lambda e, s: f"{s.event_name(e.event_id)}设为{m.STATUS_LABELS[e.status]}"
    + (f"（{e.reason}）" if e.reason else ""),
    m.ResultsRecorded: lambda e, s: f"录入{s.event_name(e.event_id)}成绩："
    + "、".join(f"{s.team_label(x.team_id)} {_raw(x)}" for x in e.lines[:3])
    + (f" 等 {len(e.lines)} 队" if len(e.lines) > 3 else ""),
    m.ResultCorrected: lambda e, s: f"更正{s.event_name(e.event_id)} {s.team_label(e.team_id)}："
    f"{_raw(e.previous)} → {_raw(e.line) if e.line else '删除'}（{e.reason}）",
    m.ScoreSubmitted: lambda e, s: f"评委 {s.judge_name(e.judge_id)} 给{s.team_label(e.team_id)}打分 {e.score}"
    f"（{s.event_name(e.event_id)}）",
    m.SheetSubmitted: lambda e, s: f"评委 {s.judge_name(e.judge_id)} 提交{s.team_label(e.team_id)}的检查表"
    f"（{e.total} 分" + ("，一票否决" if e.vetoes else "") + "）",
    m.ScoreReopened: lambda e, s: f"重新开放评委 {s.judge_name(e.judge_id)} 对{s.team_label(e.team_id)}的评分"
    f"（{e.reason}）",
    m.SportsAwardsSet: lambda e, s: "修改奖状设置",
}


def describe(event: Event, state: m.SportsState) -> str:
    """One zh-CN line for the undo preview and the audit trail."""
    return _TEXT[type(event)](event, state)


def log_lines(entries: Sequence[Entry]) -> list[tuple[Entry, bool, str]]:
    """Every entry, whether an undo cancelled it, and its zh-CN line (the exports' 日志 sheet)."""
    cancelled = cancelled_batches(entries)
    state = m.SportsState()
    lines = []
    for entry in entries:
        event, undone = entry.event, entry.batch in cancelled
        if isinstance(event, BatchesUndone):
            reason = getattr(event, "reason", "")
            text = f"撤销：{event.description}" + (f"（{reason}）" if reason else "")
        else:
            target = copy.deepcopy(state) if undone else state  # an undone entry leaves no trace
            try:
                _mutate(target, event)
                text = describe(event, target)
            except (KeyError, AttributeError):  # it leaned on another undone batch
                text = event_label(type(event).__name__)
        lines.append((entry, undone, text))
    return lines


def _more(event: Event, s: m.SportsState) -> str:
    if isinstance(event, m.EventStatusChanged):
        return f"，转为{m.STATUS_LABELS[event.status]}"
    if isinstance(event, m.ResultCorrected):
        return "；" + describe(event, s)
    return ""


# ---------------------------------------------------------------- views
def value_text(kind: str, line: m.ResultLine) -> str:
    """A result as people read it: "1:02.35（含罚时 5 秒）", "33（35 扣 2）", "第1名", "缺席"."""
    if line.status != "ok":
        return ENTRY_STATUS.get(line.status, line.status)
    if kind == "timed":
        extra = f"（含罚时 {line.adjust} 秒）" if line.adjust else ""
        return format_time(line.value + 100 * line.adjust) + extra
    if kind == "counted":
        return str(line.value - line.adjust) + (f"（{line.value} 扣 {line.adjust}）" if line.adjust else "")
    if kind == "ranked":
        return f"第{line.value}名"
    return format_score(Fraction(line.value, 100))


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
            entry.update(result=result.display, method=inner.method.value,
                         vetoed=isinstance(result, panel.DormResult) and result.vetoed)
        if result is not None or host:
            entry["scores"] = _scores(s, sev, team_id, result)
        entrants.append(entry)
    done = whole.done and whole.expected > 0
    return {"progress": whole.display, "label": "评分完成" if done else f"评分中 {whole.display}",
            "method": sev.spec.panel_method, "entrants": entrants, "uncovered": list(asg.uncovered)}


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
                     "dropped": dropped, "vetoes": [labels.get(v, v) for v in mark.vetoes]})
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
        data["history"] = [{"batch": b.batch, "description": b.description, "actor": b.actor}
                           for b in reversed(s.history[-30:])]
        data["undo_preview"] = rules.undo_text(s, None) if len(s.history) > 1 else ""
    if audience == "judge" and viewer in s.judges:
        data["todo"] = [{"event_id": sev.id, "event": sev.spec.name, "team_id": t, "team": s.team_label(t)}
                        for sev in s.events.values() if sev.uses_panel and sev.status != "final"
                        for t in rules.assignment(s, sev).entrants_for(viewer) if (viewer, t) not in sev.marks]
    return data


# ---------------------------------------------------------------- presets
_EVENT_KEYS = {"name", "kind", "table", "few_entrants_rule", "no_show_penalty", "panel", "panel_method",
               "score_min", "score_max", "scheduled", "time_limit", "note", "in_standings", "checklist"}
_ITEM_KEYS = {"id", "category", "label", "max_deduction", "veto"}


def _clean(data: Any, where: str) -> dict[str, Any]:
    if not isinstance(data, Mapping):
        raise DomainError("bad_preset", f"预设格式错误：{where}应是键值表")
    return {str(k): v for k, v in data.items() if not str(k).startswith("__")}


def _keys(data: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise DomainError("bad_preset", f"预设格式错误：{where}有不认识的设置 {'、'.join(unknown)}")


def _event_command(raw: Any, defaults: dict[str, Any], n: int) -> m.AddEvent:
    item = {**defaults, **_clean(raw, f"第 {n} 个项目")}
    where = f"项目“{item.get('name', n)}”"
    _keys(item, _EVENT_KEYS, where)
    if not isinstance(item.get("scheduled", ""), str):
        raise DomainError("bad_preset", f"{where}的 scheduled 要加引号，如 \"09:30\"")
    sheet = _clean(item.pop("checklist", {}) or {}, f"{where}的 checklist")
    lines = []
    for k, row in enumerate(sheet.get("items") or (), start=1):
        it = _clean(row, f"{where}的第 {k} 个检查项")
        _keys(it, _ITEM_KEYS, f"{where}的检查项 {it.get('id', k)}")
        lines.append(m.ChecklistLine(item_id=str(it.get("id", k)), category=str(it.get("category", "")),
                                     label=str(it.get("label", "")), max_deduction=str(it.get("max_deduction", 0)),
                                     veto=bool(it.get("veto", False))))
    try:
        return m.AddEvent(name=str(item.get("name", "")), kind=str(item.get("kind", "")),
                          table=str(item.get("table", "7-5-4-3-2-1")),
                          few_entrants_rule=bool(item.get("few_entrants_rule", False)),
                          no_show_penalty=int(item.get("no_show_penalty", 0)), panel=bool(item.get("panel", True)),
                          panel_method=str(item.get("panel_method", "trimmed")),
                          score_min=str(item.get("score_min", 0)), score_max=str(item.get("score_max", 10)),
                          scheduled=str(item.get("scheduled", "")), time_limit=int(item.get("time_limit", 0)),
                          note=str(item.get("note", "")), in_standings=bool(item.get("in_standings", True)),
                          checklist=tuple(lines), full_marks=str(sheet.get("full_marks", 100)))
    except (TypeError, ValueError) as exc:
        raise DomainError("bad_preset", f"预设格式错误：{where}：{exc}") from None


def load_sports_preset(data: Mapping[str, Any],
                       teams: Sequence[tuple[str, str, str]] | None = None) -> list[Command]:
    """The commands that create the sports day a parsed preset describes (format: the preset's header).

    ``teams`` (name, unit, colour) replaces the preset's own ``teams`` list. Each
    event is checked as ``AddEvent`` would check it, so a bad preset fails here.
    """
    top = _clean(data, "预设")
    meta = _clean(top.get("preset") or {}, "preset ")
    title = str(meta.get("title", "")).strip()
    if not title:
        raise DomainError("bad_preset", "预设格式错误：缺少 preset.title")
    if teams is None:
        teams = [(str(t.get("name", "")), str(t.get("unit", "")), str(t.get("colour", "")))
                 for t in (_clean(x, "teams ") for x in top.get("teams") or ())]
    defaults = _clean(top.get("defaults") or {}, "defaults ")
    commands: list[Command] = [m.CreateSportsDay(title=title, teams=tuple(teams), preset=str(meta.get("id", "")))]
    names: set[str] = set()
    for n, raw in enumerate(top.get("events") or (), start=1):
        command = _event_command(raw, defaults, n)
        try:
            rules.build_spec(command)
        except DomainError as err:
            raise DomainError(err.code, f"项目“{command.name}”：{err.message}") from None
        if command.name in names:
            raise DomainError("bad_preset", f"预设里有重名项目：{command.name}")
        names.add(command.name)
        commands.append(command)
    if len(commands) == 1:
        raise DomainError("bad_preset", "预设格式错误：events 里至少要有一个项目")
    return commands
