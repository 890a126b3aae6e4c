"""Sports-day presets (YAML already parsed) into the commands that create the day."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import DomainError
from ..messages import Command
from . import model as m
from . import rules

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
