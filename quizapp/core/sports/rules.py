"""Sports-day rules: ``decide`` one command into events, and the outcome maths views need.

Every refusal is a :class:`DomainError` with a stable code and a zh-CN message;
nothing here changes state. Placings and points come from ``placing``, judge
maths from ``panel``, typed values from ``results_format``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .. import awards
from ..errors import DomainError
from ..messages import Event
from ..panel import scoring as panel
from ..quiz.state import TEAM_LIMIT
from ..results_format import format_points, parse_count, parse_score, parse_time
from . import model as m
from . import placing

Decider = Callable[[m.SportsState, Any, float], list[Event]]
PanelOutcome = panel.PanelResult | panel.DormResult

_NO_SHOW = {"缺席", "弃权", "未到", "no_show", "noshow", "dns"}
_DISQUALIFIED = {"取消资格", "取消", "dq", "dsq", "disqualified"}
_PLACE_RE = re.compile(r"第?\s*([0-9]+)\s*名?")
_WIDE = Fraction(10**6)


# ---------------------------------------------------------------- lookups
def _event(s: m.SportsState, event_id: str) -> m.SportEvent:
    if event_id not in s.events:
        raise DomainError("unknown_event", f"没有这个项目：{event_id}")
    return s.events[event_id]


def _team(s: m.SportsState, team_id: str) -> m.Team:
    if team_id not in s.teams:
        raise DomainError("unknown_team", f"没有这个参赛队：{team_id}")
    return s.teams[team_id]


def _judge(s: m.SportsState, judge_id: str) -> m.JudgeInfo:
    if judge_id not in s.judges:
        raise DomainError("unknown_judge", f"没有这位评委：{judge_id}")
    return s.judges[judge_id]


def _reason(text: str, what: str) -> str:
    if not text.strip():
        raise DomainError("reason_required", f"{what}必须说明原因（会记入日志）")
    return text.strip()


def _not_final(sev: m.SportEvent) -> None:
    if sev.status == "final":
        raise DomainError("event_final", f"“{sev.spec.name}”已确认为最终成绩，已锁定；如需更改，请主持人说明原因后更正")


def _decimal(text: object, what: str, code: str = "bad_score") -> Fraction:
    """A two-decimal number typed or written in a preset, exactly."""
    try:
        return parse_score(str(text), -_WIDE, _WIDE)
    except DomainError:
        raise DomainError(code, f"{what}要写成最多两位小数的数字") from None


# ---------------------------------------------------------------- typed results
def parse_result(s: m.SportsState, sev: m.SportEvent, team_id: str, raw: str) -> m.ResultLine:
    """Turn what a recorder typed for a team into a :class:`ResultLine` (see the preset header)."""
    text = unicodedata.normalize("NFKC", raw).strip()
    word = text.lower().replace(" ", "")
    if word in _NO_SHOW:
        return m.ResultLine(team_id=team_id, status="no_show", raw=raw)
    if word in _DISQUALIFIED:
        return m.ResultLine(team_id=team_id, status="disqualified", raw=raw)
    try:
        value, adjust = _parse_value(sev.spec, text)
    except DomainError as err:
        raise DomainError(err.code, f"{s.team_label(team_id)}：{err.message}") from None
    return m.ResultLine(team_id=team_id, value=value, adjust=adjust, raw=raw)


def _parse_value(spec: m.EventSpec, text: str) -> tuple[int, int]:
    if spec.kind == "timed":
        head, *extra = text.split("+")
        penalties = [_whole(p, "bad_penalty", "罚时要写成整秒，如 1:02.35+5") for p in extra]
        return parse_time(head), sum(penalties)
    if spec.kind == "counted":
        head, *extra = text.split("-")
        return parse_count(head), sum(_whole(p, "bad_count", "扣数要写成整数，如 35-2") for p in extra)
    if spec.kind == "ranked":
        match = _PLACE_RE.fullmatch(text)
        if match is None or int(match[1]) < 1:
            raise DomainError("placing_invalid", "名次要写成从 1 开始的整数，如 1 或 第1名")
        return int(match[1]), 0
    low, high = Fraction(spec.score_min), Fraction(spec.score_max)
    return int(parse_score(text, low, high) * 100), 0


def _whole(text: str, code: str, hint: str) -> int:
    text = text.strip()
    if not text.isdigit() or not 0 < int(text) <= 999:
        raise DomainError(code, hint)
    return int(text)


def entry_of(kind: str, line: m.ResultLine) -> placing.EntryResult:
    """The ``placing`` form of a stored line."""
    if line.status == "no_show":
        return placing.EntryResult.no_show(line.team_id)
    if line.status == "disqualified":
        return placing.EntryResult.disqualified(line.team_id)
    if kind == "timed":
        return placing.EntryResult.timed(line.team_id, line.value, line.adjust)
    if kind == "counted":
        return placing.EntryResult.counted(line.team_id, line.value, line.adjust)
    if kind == "ranked":
        return placing.EntryResult.ranked(line.team_id, line.value)
    return placing.EntryResult.scored(line.team_id, Fraction(line.value, 100))


def _parse_entries(s: m.SportsState, sev: m.SportEvent,
                   entries: Iterable[tuple[str, str]]) -> list[tuple[str, m.ResultLine | None]]:
    seen: set[str] = set()
    out: list[tuple[str, m.ResultLine | None]] = []
    for team_id, raw in entries:
        _team(s, team_id)
        if team_id in seen:
            raise DomainError("duplicate_team", f"{s.team_label(team_id)}在本次录入中出现了两次")
        seen.add(team_id)
        out.append((team_id, parse_result(s, sev, team_id, raw) if raw.strip() else None))
    return out


# ---------------------------------------------------------------- panels
def checklist_of(spec: m.EventSpec) -> panel.Checklist:
    """The ``panel`` checklist of a checklist event."""
    return _make_checklist(spec.checklist, spec.full_marks)


def _make_checklist(lines: Iterable[m.ChecklistLine], full_marks: str) -> panel.Checklist:
    items = tuple(panel.ChecklistItem(i.item_id, panel.Category(i.category), i.label,
                                      Fraction(i.max_deduction), i.veto) for i in lines)
    return panel.Checklist(items, Fraction(full_marks))


def assignment(s: m.SportsState, sev: m.SportEvent) -> panel.Assignment:
    """Judges on this event's panel against every team; nobody scores their own unit."""
    judges = [panel.Judge(j.id, j.unit or None) for j in s.judges.values()
              if not j.events or sev.id in j.events]
    entrants = [panel.Entrant(t.id, t.unit or f"#{t.id}") for t in s.teams.values()]
    return panel.assign_judges(judges, entrants)


def _complete(asg: panel.Assignment, scored: set[tuple[str, str]], team_id: str) -> bool:
    prog = panel.progress(asg, scored, team_id)
    return prog.expected > 0 and prog.done


def panel_result(s: m.SportsState, sev: m.SportEvent, team_id: str,
                 asg: panel.Assignment | None = None) -> PanelOutcome | None:
    """The team's combined panel result, or None while scores are still missing."""
    asg = asg or assignment(s, sev)
    if not _complete(asg, set(sev.marks), team_id):
        return None
    marks = {j: sev.marks[(j, team_id)] for j in asg.judges_for(team_id)}
    if sev.spec.kind == "checklist":
        sheets = {j: sheet_of(sev.spec, mk) for j, mk in marks.items()}
        return panel.combine_sheets(sheets, sev.spec.panel_method)
    return panel.panel_score({j: Fraction(mk.score) for j, mk in marks.items()}, sev.spec.panel_method)


def sheet_of(spec: m.EventSpec, mark: m.Mark) -> panel.SheetResult:
    return panel.score_sheet(checklist_of(spec), {i: Fraction(a) for i, a in mark.deductions}, mark.vetoes)


# ---------------------------------------------------------------- outcome
@dataclass(frozen=True)
class Outcome:
    """An event's placings and exact points, plus finished panel results by team."""

    placings: tuple[placing.Placing, ...]
    points: dict[str, Fraction]
    panels: dict[str, PanelOutcome]


def outcome(s: m.SportsState, sev: m.SportEvent) -> Outcome:
    """Place the event's results and award the table's points (the rule book's way)."""
    panels: dict[str, PanelOutcome] = {}
    if sev.uses_panel:
        asg = assignment(s, sev)
        entries = []
        for team_id in s.teams:
            result = panel_result(s, sev, team_id, asg)
            if result is None:
                continue
            panels[team_id] = result
            vetoed = isinstance(result, panel.DormResult) and result.vetoed
            value = result.panel.value if isinstance(result, panel.DormResult) else result.value
            entries.append(placing.EntryResult.disqualified(team_id) if vetoed
                           else placing.EntryResult.scored(team_id, value))
        placings = placing.place_event(placing.EventKind.SCORED, entries)
    else:
        placings = placing.place_event(_placing_kind(sev.spec.kind),
                                       [entry_of(sev.spec.kind, x) for x in sev.results.values()])
    options = placing.AwardOptions(sev.spec.few_entrants_rule, Fraction(sev.spec.no_show_penalty))
    points = placing.award_points(placings, placing.parse_table(sev.spec.table), options)
    return Outcome(tuple(placings), points, panels)


def _placing_kind(kind: str) -> placing.EventKind:
    return placing.EventKind.SCORED if kind == "checklist" else placing.EventKind(kind)


def standings(s: m.SportsState) -> list[placing.StandingRow]:
    """Overall standings over events whose results count (provisional or final)."""
    outcomes = {sev.id: outcome(s, sev) for sev in s.events.values() if sev.counts}
    return placing.standings({k: o.points for k, o in outcomes.items()},
                             {k: o.placings for k, o in outcomes.items()}, s.teams)


def has_results(s: m.SportsState, sev: m.SportEvent) -> bool:
    return bool(outcome(s, sev).placings)


# ---------------------------------------------------------------- setup
def create(s: m.SportsState, c: m.CreateSportsDay, now: float) -> list[Event]:
    if s.status != "new":
        raise DomainError("already_created", "运动会已经创建")
    if not c.title.strip():
        raise DomainError("bad_title", "请填写运动会名称")
    out: list[Event] = [m.SportsDayCreated(at=now, title=c.title.strip(), preset=c.preset)]
    names: set[str] = set()
    for n, (name, unit, colour) in enumerate(c.teams, start=1):
        _check_team(name, names, n - 1)
        _check_colour(colour)
        names.add(name.strip())
        out.append(m.SportsTeamAdded(at=now, team_id=f"t{n}", name=name.strip(), unit=unit.strip(),
                                     colour=colour))
    return out


_COLOUR = re.compile(r"^(#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6})?$")


def _check_colour(colour: str) -> None:
    """A team colour goes into pages' styles: only "#RGB"/"#RRGGBB" (or none) is accepted."""
    if not isinstance(colour, str) or not _COLOUR.match(colour):
        raise DomainError("bad_colour", "队伍颜色应为 #RRGGBB 格式")


def _check_team(name: str, taken: Iterable[str], count: int) -> None:
    if not name.strip():
        raise DomainError("bad_team", "请填写队名")
    if name.strip() in taken:
        raise DomainError("duplicate_team_name", f"已有同名参赛队：{name.strip()}")
    if count >= TEAM_LIMIT:
        raise DomainError("too_many_teams", f"参赛队最多 {TEAM_LIMIT} 个")


def add_team(s: m.SportsState, c: m.AddTeam, now: float) -> list[Event]:
    _check_team(c.name, (t.name for t in s.teams.values()), len(s.teams))
    _check_colour(c.colour)
    return [m.SportsTeamAdded(at=now, team_id=f"t{s.next_team_no}", name=c.name.strip(),
                              unit=c.unit.strip(), colour=c.colour)]


def build_spec(c: m.AddEvent) -> m.EventSpec:
    """Check an event's options and return them normalised (canonical table label, decimals)."""
    name = c.name.strip()
    if not name:
        raise DomainError("bad_event", "请填写项目名称")
    if c.kind not in m.KIND_LABELS:
        raise DomainError("unknown_event_kind", f"不认识的项目类型：{c.kind}（应为 timed/counted/ranked/scored/checklist）")
    table = placing.parse_table(c.table).label
    placing.AwardOptions(c.few_entrants_rule, Fraction(c.no_show_penalty))
    if c.panel_method not in {p.value for p in panel.PanelMethod}:
        raise DomainError("unknown_panel_method", f"不认识的计分方式：{c.panel_method}（应为 trimmed 或 mean）")
    low, high = _decimal(c.score_min, "最低分"), _decimal(c.score_max, "最高分")
    if low >= high:
        raise DomainError("bad_score_range", "评分范围不对：最低分要小于最高分")
    if c.time_limit < 0:
        raise DomainError("bad_time_limit", "限时不能是负数（单位：秒）")
    lines: tuple[m.ChecklistLine, ...] = ()
    full = "100"
    if c.kind == "checklist":
        lines, full = _checklist(c.checklist, c.full_marks)
    return m.EventSpec(name=name, kind=c.kind, table=table, few_entrants_rule=c.few_entrants_rule,
                       no_show_penalty=c.no_show_penalty,
                       panel=c.kind == "checklist" or (c.kind == "scored" and c.panel),
                       panel_method=c.panel_method, score_min=format_points(low), score_max=format_points(high),
                       scheduled=c.scheduled.strip(), time_limit=c.time_limit, note=c.note.strip(),
                       in_standings=c.in_standings, checklist=lines, full_marks=full)


def _checklist(items: tuple[m.ChecklistLine, ...], full_marks: str) -> tuple[tuple[m.ChecklistLine, ...], str]:
    if not items:
        raise DomainError("bad_checklist", "检查评比项目需要至少一个检查项")
    categories = {c.value for c in panel.Category}
    lines = []
    for i in items:
        if i.category not in categories:
            raise DomainError("bad_checklist", f"「{i.label}」的类别不对：应为 {'/'.join(sorted(categories))}")
        amount = _decimal(i.max_deduction, f"「{i.label}」的最高扣分", "bad_checklist")
        lines.append(m.ChecklistLine(item_id=i.item_id, category=i.category, label=i.label,
                                     max_deduction=format_points(amount), veto=i.veto))
    full = format_points(_decimal(full_marks, "满分", "bad_checklist"))
    _make_checklist(lines, full)  # duplicate ids, negative amounts, full marks
    return tuple(lines), full


def add_event(s: m.SportsState, c: m.AddEvent, now: float) -> list[Event]:
    spec = build_spec(c)
    if any(e.spec.name == spec.name for e in s.events.values()):
        raise DomainError("duplicate_event", f"已有同名项目：{spec.name}")
    return [m.SportsEventAdded(at=now, event_id=f"e{s.next_event_no}", spec=spec)]


def add_judge(s: m.SportsState, c: m.AddJudge, now: float) -> list[Event]:
    if not c.name.strip():
        raise DomainError("bad_judge", "请填写评委姓名")
    judge_id = c.judge_id.strip() or f"j{s.next_judge_no}"
    if judge_id in s.judges or judge_id == "host":
        raise DomainError("duplicate_judge", f"评委编号重复：{judge_id}")
    for event_id in c.events:
        if not _event(s, event_id).uses_panel:
            raise DomainError("not_panel_event", f"{s.event_name(event_id)}不是评委打分项目")
    return [m.JudgeAdded(at=now, judge_id=judge_id, name=c.name.strip(), unit=c.unit.strip(), head=c.head,
                         events=tuple(dict.fromkeys(c.events)))]


# ---------------------------------------------------------------- status and results
def set_status(s: m.SportsState, c: m.SetEventStatus, now: float) -> list[Event]:
    sev = _event(s, c.event_id)
    if c.status not in m.STATUS_LABELS:
        raise DomainError("bad_status", f"不认识的项目状态：{c.status}")
    label = m.STATUS_LABELS[c.status]
    if c.status == sev.status:
        raise DomainError("same_status", f"“{sev.spec.name}”已经是{label}")
    if sev.status == "final" and not c.reason.strip():
        raise DomainError("reason_required", f"“{sev.spec.name}”已确认为最终成绩，改回须说明原因（会记入日志）")
    if c.status in m.COUNTING and not has_results(s, sev):
        raise DomainError("no_results", f"“{sev.spec.name}”还没有成绩，不能设为{label}")
    if c.status == "final" and sev.uses_panel:
        _require_panels_done(s, sev)
    if c.status == "scheduled" and (sev.results or sev.marks):
        raise DomainError("has_results", f"“{sev.spec.name}”已有成绩或评分，不能改回未开始（可撤销录入）")
    return [m.EventStatusChanged(at=now, event_id=sev.id, status=c.status, previous=sev.status,
                                 reason=c.reason.strip())]


def _require_panels_done(s: m.SportsState, sev: m.SportEvent) -> None:
    asg = assignment(s, sev)
    scored = set(sev.marks)
    started = {t for _, t in scored}
    waiting = [t for t in s.teams if t in started and not _complete(asg, scored, t)]
    if waiting:
        shown = "、".join(f"{s.team_label(t)} {panel.progress(asg, scored, t).display}" for t in waiting)
        raise DomainError("panel_incomplete", f"还有队伍评分未完成：{shown}")


def record_results(s: m.SportsState, c: m.RecordResults, now: float) -> list[Event]:
    sev = _event(s, c.event_id)
    if sev.uses_panel:
        raise DomainError("panel_event", f"“{sev.spec.name}”由评委打分，评委全部打分后自动得出成绩")
    _not_final(sev)
    if not c.entries:
        raise DomainError("no_entries", "没有要录入的成绩")
    parsed = _parse_entries(s, sev, c.entries)
    lines = [line for _, line in parsed if line is not None]
    if len(lines) < len(parsed):
        raise DomainError("result_missing", "有队伍的成绩是空的：请录入成绩，或写“缺席”/“取消资格”")
    taken = [s.team_label(x.team_id) for x in lines if x.team_id in sev.results]
    if taken:
        raise DomainError("already_recorded", f"{'、'.join(taken)} 已有成绩；如需修改请用“更正成绩”并说明原因")
    _check_placings(sev, {**sev.results, **{x.team_id: x for x in lines}})
    out: list[Event] = [m.ResultsRecorded(at=now, event_id=sev.id, lines=tuple(lines))]
    if sev.status in ("scheduled", "in_progress"):
        out.append(m.EventStatusChanged(at=now, event_id=sev.id, status="provisional", previous=sev.status))
    return out


def _check_placings(sev: m.SportEvent, results: dict[str, m.ResultLine]) -> None:
    """Missing, shared or duplicate placings are refused before anything is saved."""
    placing.place_event(_placing_kind(sev.spec.kind), [entry_of(sev.spec.kind, x) for x in results.values()])


def correct_result(s: m.SportsState, c: m.CorrectResult, now: float) -> list[Event]:
    sev = _event(s, c.event_id)
    reason = _reason(c.reason, "更正成绩")
    if sev.uses_panel:
        raise DomainError("panel_event", "评委打分项目不能直接改成绩：请裁判长或主持人重新开放该评委的评分后重新打分")
    parsed = _parse_entries(s, sev, c.entries or ((c.team_id, c.value),))
    merged = dict(sev.results)
    out: list[Event] = []
    for team_id, line in parsed:
        before = sev.results.get(team_id)
        if line is None and before is None:
            raise DomainError("no_result", f"{s.team_label(team_id)}还没有成绩，无需删除")
        if line is not None and before is not None and (line.status, line.value, line.adjust) == (
                before.status, before.value, before.adjust):
            continue
        if line is None:
            del merged[team_id]
        else:
            merged[team_id] = line
        out.append(m.ResultCorrected(at=now, event_id=sev.id, team_id=team_id, line=line, previous=before,
                                     reason=reason))
    if not out:
        raise DomainError("no_change", "更正后的成绩与原成绩相同")
    _check_placings(sev, merged)
    return out


# ---------------------------------------------------------------- judge panel
def _panel_checks(s: m.SportsState, event_id: str, judge_id: str, team_id: str, sheet: bool) -> m.SportEvent:
    sev = _event(s, event_id)
    if not sev.uses_panel:
        raise DomainError("not_panel_event", f"“{sev.spec.name}”不是评委打分项目")
    if sheet != (sev.spec.kind == "checklist"):
        raise DomainError("wrong_score_form", "本项目按检查表逐项扣分，请提交检查表" if not sheet
                          else "本项目直接打分，不用检查表")
    if sev.status == "final":
        raise DomainError("event_final", f"“{sev.spec.name}”已确认为最终成绩，不能再打分")
    judge, team = _judge(s, judge_id), _team(s, team_id)
    if judge.events and sev.id not in judge.events:
        raise DomainError("judge_not_on_panel", f"评委 {judge.name} 不在“{sev.spec.name}”的评委组里")
    if judge.unit and judge.unit == team.unit:
        raise DomainError("judge_own_unit", f"评委 {judge.name} 与{team.label}同属 {team.unit}，须回避，不能给本单位打分")
    if (judge_id, team_id) in sev.marks:
        raise DomainError("already_scored", f"评委 {judge.name} 已给{team.label}打过分；如需修改，请裁判长重新开放")
    return sev


def _marked(s: m.SportsState, sev: m.SportEvent, key: tuple[str, str], now: float,
            make: Callable[[bool], Event]) -> list[Event]:
    """The score event, with the status moves it causes: scheduled -> in_progress -> provisional."""
    asg = assignment(s, sev)
    scored = set(sev.marks) | {key}
    out: list[Event] = []
    status = sev.status
    if status == "scheduled":
        out.append(m.EventStatusChanged(at=now, event_id=sev.id, status="in_progress", previous=status))
        status = "in_progress"
    out.append(make(_complete(asg, scored, key[1])))
    if status == "in_progress" and all(_complete(asg, scored, t) for t in s.teams):
        out.append(m.EventStatusChanged(at=now, event_id=sev.id, status="provisional", previous=status))
    return out


def submit_score(s: m.SportsState, c: m.SubmitScore, now: float) -> list[Event]:
    sev = _panel_checks(s, c.event_id, c.judge_id, c.team_id, sheet=False)
    value = parse_score(c.score, Fraction(sev.spec.score_min), Fraction(sev.spec.score_max))
    return _marked(s, sev, (c.judge_id, c.team_id), now, lambda done: m.ScoreSubmitted(
        at=now, event_id=sev.id, judge_id=c.judge_id, team_id=c.team_id, score=format_points(value),
        completes=done))


def submit_sheet(s: m.SportsState, c: m.SubmitSheet, now: float) -> list[Event]:
    sev = _panel_checks(s, c.event_id, c.judge_id, c.team_id, sheet=True)
    checklist = checklist_of(sev.spec)
    amounts: dict[str, Fraction] = {}
    for item_id, text in c.deductions:
        item = checklist.item(item_id)
        if item_id in amounts:
            raise DomainError("duplicate_item", f"「{item.label}」录了两次")
        amounts[item_id] = _decimal(text, f"「{item.label}」的扣分")
    sheet = panel.score_sheet(checklist, amounts, c.vetoes)
    deductions = tuple((i, format_points(a)) for i, a in amounts.items() if a)
    return _marked(s, sev, (c.judge_id, c.team_id), now, lambda done: m.SheetSubmitted(
        at=now, event_id=sev.id, judge_id=c.judge_id, team_id=c.team_id, deductions=deductions,
        vetoes=sheet.vetoed_by, total=format_points(sheet.total), completes=done))


def reopen_score(s: m.SportsState, c: m.ReopenScore, now: float) -> list[Event]:
    sev = _event(s, c.event_id)
    reason = _reason(c.reason, "重新开放评分")
    if c.by != "host" and not (c.by in s.judges and s.judges[c.by].head):
        raise DomainError("not_head_judge", "只有裁判长或主持人可以重新开放评分")
    if sev.status == "final" and c.by != "host":
        raise DomainError("event_final", f"“{sev.spec.name}”已确认为最终成绩，只有主持人可以说明原因后重新开放")
    judge, team = _judge(s, c.judge_id), _team(s, c.team_id)
    mark = sev.marks.get((c.judge_id, c.team_id))
    if mark is None:
        raise DomainError("not_scored", f"评委 {judge.name} 还没有给{team.label}打分，无需重新开放")
    previous = mark.score or "；".join(filter(None, (
        "扣分 " + "、".join(f"{i}:{a}" for i, a in mark.deductions) if mark.deductions else "",
        "否决 " + "、".join(mark.vetoes) if mark.vetoes else ""))) or "无扣分"
    out: list[Event] = [m.ScoreReopened(at=now, event_id=sev.id, judge_id=c.judge_id, team_id=c.team_id,
                                        by=c.by, reason=reason, previous=previous)]
    if sev.status in m.COUNTING:
        out.append(m.EventStatusChanged(at=now, event_id=sev.id, status="in_progress", previous=sev.status,
                                        reason=reason))
    return out


DECIDERS: dict[type[Any], Decider] = {
    m.CreateSportsDay: create, m.AddTeam: add_team, m.AddEvent: add_event, m.AddJudge: add_judge,
    m.SetEventStatus: set_status, m.RecordResults: record_results, m.CorrectResult: correct_result,
    m.SubmitScore: submit_score, m.SubmitSheet: submit_sheet, m.ReopenScore: reopen_score,
    awards.SetAwards: awards.set_awards,
}
