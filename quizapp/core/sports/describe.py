"""One zh-CN line per sports-day event, for the undo preview, the audit trail and exports."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..awards import AwardsSet
from ..messages import Event
from . import model as m
from .values import value_text


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
    AwardsSet: lambda e, s: "修改奖状设置",
}


def describe(event: Event, state: m.SportsState) -> str:
    """One zh-CN line for the undo preview and the audit trail."""
    return _TEXT[type(event)](event, state)


def describe_more(event: Event, s: m.SportsState) -> str:
    if isinstance(event, m.EventStatusChanged):
        return f"，转为{m.STATUS_LABELS[event.status]}"
    if isinstance(event, m.ResultCorrected):
        return "；" + describe(event, s)
    return ""


