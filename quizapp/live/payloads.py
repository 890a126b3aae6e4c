"""Validating socket payloads before they reach a service.

Each message is checked for known fields, types and sizes; anything else is
refused with ``bad_payload`` and a message naming the field, so a malformed
or hostile message never reaches the rules and never crashes the server.
"""

from __future__ import annotations

import json
import math
from typing import Any

from ..core.errors import DomainError

MAX_PAYLOAD_CHARS = 20_000
MAX_TEXT = 200
Spec = dict[str, tuple[str, bool]]  # field -> (kind, required)

HOST_COMMANDS: dict[str, Spec] = {
    "StartRound": {"round_index": ("int", False)},
    "ShowQuestion": {"question_id": ("str", False), "team_id": ("str", False)},
    "OpenBuzzers": {},
    "StartTimer": {"seconds": ("number", False)},
    "PauseTimer": {},
    "ResumeTimer": {},
    "Judge": {"correct": ("bool", True), "team_id": ("str", False)},
    "CloseAnswers": {},
    "SkipQuestion": {},
    "Reveal": {},
    "EndRound": {},
    "FinishContest": {},
    "AdjustScore": {"team_id": ("str", True), "delta": ("int", True), "reason": ("str", True)},
    "Overrule": {"judgement_no": ("int", True), "correct": ("bool", True), "reason": ("str", True)},
    "PickTier": {"team_id": ("str", True), "tier": ("int?", True)},
    "StartTieBreak": {"teams": ("str_list", False)},
    "Undo": {"batch": ("int", False), "reason": ("str", False)},
    "AddTeam": {"name": ("str", True), "desk": ("int", False), "colour": ("str", False),
                "members": ("str_list", False)},
    "UpdateTeam": {"team_id": ("str", True), "name": ("str", True), "desk": ("int", True),
                   "colour": ("str", True), "members": ("str_list", False)},
    "RemoveTeam": {"team_id": ("str", True)},
    "QueueQuestions": {"round_index": ("int", True), "question_ids": ("str_list", True)},
    "StartRehearsal": {},
    "ResetRehearsal": {},
}


SPORTS_COMMANDS: dict[str, Spec] = {
    "RecordResults": {"event_id": ("str", True), "entries": ("pairs", True)},
    "CorrectResult": {"event_id": ("str", True), "reason": ("str", True), "team_id": ("str", False),
                      "value": ("str", False), "entries": ("pairs", False)},
    "SetEventStatus": {"event_id": ("str", True), "status": ("str", True), "reason": ("str", False)},
    "Undo": {"batch": ("int", False), "reason": ("str", False)},
    "AddTeam": {"name": ("str", True), "unit": ("str", False), "colour": ("str", False)},
    "AddEvent": {"name": ("str", True), "kind": ("str", True), "table": ("str", False),
                 "few_entrants_rule": ("bool", False), "no_show_penalty": ("int", False),
                 "panel": ("bool", False), "panel_method": ("str", False), "score_min": ("str", False),
                 "score_max": ("str", False), "scheduled": ("str", False), "time_limit": ("int", False),
                 "note": ("str", False), "in_standings": ("bool", False)},
    "AddJudge": {"name": ("str", True), "unit": ("str", False), "head": ("bool", False),
                 "events": ("str_list", False)},
    "ReopenScore": {"event_id": ("str", True), "judge_id": ("str", True), "team_id": ("str", True),
                    "reason": ("str", True)},
}
RECORDER_COMMANDS = ("RecordResults", "CorrectResult", "SetEventStatus", "Undo")
JUDGE_EVENTS: dict[str, Spec] = {
    "submit_score": {"event_id": ("str", True), "team_id": ("str", True), "score": ("str", True)},
    "submit_sheet": {"event_id": ("str", True), "team_id": ("str", True), "deductions": ("pairs", False),
                     "vetoes": ("str_list", False)},
    "reopen_score": {"event_id": ("str", True), "judge_id": ("str", True), "team_id": ("str", True),
                     "reason": ("str", True)},
}


def _bad(message: str) -> DomainError:
    return DomainError("bad_payload", message)


def _check(kind: str, name: str, value: Any) -> Any:
    """One field's value, checked against its kind."""
    if kind == "int?" and value is None:
        return None
    if kind in ("int", "int?"):
        if isinstance(value, bool) or not isinstance(value, int) or abs(value) > 10**6:
            raise _bad(f"字段 {name} 应为整数")
        return value
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise _bad(f"字段 {name} 应为数字")
        return float(value)
    if kind == "bool":
        if not isinstance(value, bool):
            raise _bad(f"字段 {name} 应为 true 或 false")
        return value
    if kind == "str":
        if not isinstance(value, str) or len(value) > MAX_TEXT:
            raise _bad(f"字段 {name} 应为不超过 {MAX_TEXT} 字的文本")
        return value
    if kind == "str_list":
        if (not isinstance(value, list) or len(value) > 500
                or not all(isinstance(v, str) and len(v) <= 100 for v in value)):
            raise _bad(f"字段 {name} 应为文本列表")
        return value
    if kind == "pairs":
        if (not isinstance(value, list) or len(value) > 300
                or not all(isinstance(p, list) and len(p) == 2
                           and all(isinstance(x, str) and len(x) <= 60 for x in p) for p in value)):
            raise _bad(f"字段 {name} 应为 [[编号, 内容], …] 列表")
        return tuple(tuple(p) for p in value)
    raise _bad(f"字段 {name} 类型未知")


def parse(payload: Any, spec: Spec) -> dict[str, Any]:
    """Validate a dict payload against ``spec``; unknown fields are refused."""
    if payload is None:
        payload = {}
    if not isinstance(payload, dict):
        raise _bad("消息格式错误：应为 JSON 对象")
    try:
        size = len(json.dumps(payload, ensure_ascii=False))
    except (TypeError, ValueError):
        raise _bad("消息格式错误") from None
    if size > MAX_PAYLOAD_CHARS:
        raise _bad("消息太大")
    unknown = set(payload) - set(spec)
    if unknown:
        raise _bad(f"未知字段：{'、'.join(sorted(unknown))}")
    out: dict[str, Any] = {}
    for name, (kind, required) in spec.items():
        if name not in payload:
            if required:
                raise _bad(f"缺少字段 {name}")
            continue
        out[name] = _check(kind, name, payload[name])
    return out


def parse_host_command(payload: Any) -> tuple[str, dict[str, Any]]:
    """``{"type": "Judge", "correct": true}`` -> ("Judge", {"correct": True})."""
    if not isinstance(payload, dict) or not isinstance(payload.get("type"), str):
        raise _bad("缺少命令类型 type")
    name = payload["type"]
    if name not in HOST_COMMANDS:
        raise DomainError("unknown_command", f"未知命令：{name[:40]}")
    return name, parse({k: v for k, v in payload.items() if k != "type"}, HOST_COMMANDS[name])


def parse_typed(payload: Any, table: dict[str, Spec], allowed: tuple[str, ...] | None = None
                ) -> tuple[str, dict[str, Any]]:
    """Like :func:`parse_host_command` for another command table (optionally restricted)."""
    if not isinstance(payload, dict) or not isinstance(payload.get("type"), str):
        raise _bad("缺少命令类型 type")
    name = payload["type"]
    if name not in table or (allowed is not None and name not in allowed):
        raise DomainError("unknown_command", f"未知命令：{name[:40]}")
    args = parse({k: v for k, v in payload.items() if k != "type"}, table[name])
    return name, {k: tuple(v) if isinstance(v, list) else v for k, v in args.items()}
