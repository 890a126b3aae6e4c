"""Checking a JSON payload against a command dataclass's own type hints.

The fields a client may send are the fields of the command it names, so they
are read off the dataclass (``dataclasses.fields`` and ``typing.get_type_hints``)
instead of being written a second time beside it, where the two drift apart.
What differs between a command and its payload (a field the server fills in, a
payload field resolved into another, a renamed one) is stated per command as a
:class:`Wire`; everything else follows from the types.

Supported types: ``str``, ``int``, ``float``, ``bool``, ``X | None``, ``tuple[X, ...]``,
fixed ``tuple[X, Y]``, ``Literal[...]`` and nested dataclasses (a JSON object).
JSON lists become tuples, objects become the nested dataclass. Anything wrong is
``bad_payload`` with a zh-CN message naming the field, and unknown keys are refused.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
import types
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..core.errors import DomainError

MAX_PAYLOAD_CHARS = 20_000  # the whole payload, as JSON
MAX_TEXT = 200  # a text field of the payload itself
MAX_ITEM_TEXT = 100  # a text inside a list or a nested object
MAX_ITEMS = 500  # entries of one list
MAX_INT = 10**6  # no count, score or index of a contest comes near it
NAME_SHOWN = 40  # an unknown key is quoted up to this many characters


@dataclass(frozen=True)
class Field:
    """One payload field: its name, type hint and whether the payload must carry it."""

    name: str
    type: Any
    required: bool


@dataclass(frozen=True)
class Wire:
    """How one command's payload differs from its dataclass fields.

    ``server``: fields the server fills in (a client sending one is refused as an unknown key).
    ``lookup``: command field -> (payload field, its type), resolved by the caller (an id to a record).
    ``rename``: command field -> the payload's name for it (same type).
    """

    server: frozenset[str] = frozenset()
    lookup: Mapping[str, tuple[str, Any]] = field(default_factory=dict)
    rename: Mapping[str, str] = field(default_factory=dict)


def bad(message: str) -> DomainError:
    """The refusal of every malformed payload."""
    return DomainError("bad_payload", message)


@functools.cache
def fields_of(cls: type) -> dict[str, Field]:
    """The init fields of dataclass ``cls`` with resolved type hints (ClassVars are not fields)."""
    hints = typing.get_type_hints(cls)
    out: dict[str, Field] = {}
    for f in dataclasses.fields(cls):
        if not f.init:
            continue
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        out[f.name] = Field(f.name, hints[f.name], required)
    return out


def payload_fields(cls: type, wire: Wire = Wire(), filled: Iterable[str] = ()) -> dict[str, Field]:
    """The fields a payload for ``cls`` may carry: its own, less the ``server`` and ``filled`` ones,
    with ``lookup`` and ``rename`` applied."""
    skip = wire.server | frozenset(filled)
    out: dict[str, Field] = {}
    for f in fields_of(cls).values():
        if f.name in skip:
            continue
        if f.name in wire.lookup:
            name, hint = wire.lookup[f.name]
            out[name] = Field(name, hint, f.required)
        else:
            name = wire.rename.get(f.name, f.name)
            out[name] = Field(name, f.type, f.required)
    return out


def to_command_args(cls: type, wire: Wire, args: Mapping[str, Any]) -> dict[str, Any]:
    """Checked payload fields back under the command's names (``lookup`` fields are left as they are)."""
    back = {v: k for k, v in wire.rename.items()}
    return {back.get(k, k): v for k, v in args.items()}


def parse(payload: Any, fields: Mapping[str, Field]) -> dict[str, Any]:
    """Check a whole payload (a JSON object, ``None`` = ``{}``) against ``fields``; absent optional
    fields are left out, so the dataclass defaults apply."""
    if payload is None:
        payload = {}
    if not isinstance(payload, dict):
        raise bad("消息格式错误：应为 JSON 对象")
    try:
        size = len(json.dumps(payload, ensure_ascii=False))
    except (TypeError, ValueError, RecursionError):
        raise bad("消息格式错误") from None
    if size > MAX_PAYLOAD_CHARS:
        raise bad("消息太大")
    return _object(payload, fields, "", MAX_TEXT)


def check(value: Any, hint: Any, where: str, text_limit: int = MAX_ITEM_TEXT) -> Any:
    """One value checked (and converted: lists to tuples, objects to dataclasses) against ``hint``."""
    origin = typing.get_origin(hint)
    if origin is typing.Union or origin is types.UnionType:
        return _union(value, typing.get_args(hint), where, text_limit)
    if origin is typing.Literal:
        if not any(value == a and type(value) is type(a) for a in typing.get_args(hint)):
            options = "、".join(json.dumps(a, ensure_ascii=False) for a in typing.get_args(hint))
            raise bad(f"字段 {where} 只能是 {options}")
        return value
    if origin is tuple:
        return _tuple(value, typing.get_args(hint), where)
    if hint is bool:
        if not isinstance(value, bool):
            raise bad(f"字段 {where} 应为 true 或 false")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int) or abs(value) > MAX_INT:
            raise bad(f"字段 {where} 应为整数")
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise bad(f"字段 {where} 应为数字")
        return float(value)
    if hint is str:
        if not isinstance(value, str) or len(value) > text_limit:
            raise bad(f"字段 {where} 应为不超过 {text_limit} 字的文本")
        return value
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        if not isinstance(value, dict):
            raise bad(f"字段 {where} 应为对象")
        return hint(**_object(value, fields_of(hint), f"{where}.", MAX_ITEM_TEXT))
    raise TypeError(f"a command field of type {hint!r} cannot come from a payload ({where})")


def _union(value: Any, options: tuple[Any, ...], where: str, text_limit: int) -> Any:
    if value is None and type(None) in options:
        return None
    real = [o for o in options if o is not type(None)]
    for option in real[:-1]:  # X | Y: the first that fits
        try:
            return check(value, option, where, text_limit)
        except DomainError:
            continue
    return check(value, real[-1], where, text_limit)


def _tuple(value: Any, args: tuple[Any, ...], where: str) -> tuple[Any, ...]:
    if not isinstance(value, list | tuple):
        raise bad(f"字段 {where} 应为列表")
    if len(args) == 2 and args[1] is Ellipsis:
        if len(value) > MAX_ITEMS:
            raise bad(f"字段 {where} 最多 {MAX_ITEMS} 项")
        return tuple(check(v, args[0], f"{where}[{i}]") for i, v in enumerate(value))
    if len(value) != len(args):
        raise bad(f"字段 {where} 应为 {len(args)} 项的列表")
    return tuple(check(v, a, f"{where}[{i}]") for i, (v, a) in enumerate(zip(value, args, strict=True)))


def _object(payload: dict[Any, Any], fields: Mapping[str, Field], prefix: str, text_limit: int) -> dict[str, Any]:
    unknown = [str(k)[:NAME_SHOWN] for k in payload if k not in fields]
    if unknown:
        shown = "、".join(sorted(unknown)[:5]) + ("……" if len(unknown) > 5 else "")
        raise bad(f"字段 {prefix[:-1]} 中有未知字段：{shown}" if prefix else f"未知字段：{shown}")
    out: dict[str, Any] = {}
    for name, f in fields.items():
        if name not in payload:
            if f.required:
                raise bad(f"缺少字段 {prefix}{name}")
            continue
        out[name] = check(payload[name], f.type, f"{prefix}{name}", text_limit)
    return out
