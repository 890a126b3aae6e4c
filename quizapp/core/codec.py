"""One codec for every rulebook's events: JSON-able dicts in the log, driven by type hints.

A new event needs no codec code. Values with ``to_dict``/``from_dict`` (questions,
round specs) use them; other dataclasses are encoded field by field. ``aliases``
keep logs written under an older event name readable.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable, Mapping
from dataclasses import fields, is_dataclass
from typing import Any

from .errors import DomainError
from .messages import Event


class Codec:
    """Encodes and decodes the events of one rulebook (names are the class names)."""

    def __init__(self, event_types: Iterable[type[Event]], aliases: Mapping[str, str] | None = None) -> None:
        self.types: dict[str, type[Event]] = {cls.__name__: cls for cls in event_types}
        for old, new in (aliases or {}).items():
            self.types[old] = self.types[new]

    def encode(self, event: Event) -> dict[str, Any]:
        """An event's fields as JSON-able data (the type name is stored beside it)."""
        return {f.name: _encode(getattr(event, f.name)) for f in fields(event)}

    def decode(self, name: str, data: dict[str, Any]) -> Event:
        """A stored event; unknown names or missing fields raise DomainError."""
        cls = self.types.get(name)
        if cls is None:
            raise DomainError("unknown_event", f"日志中有未知事件类型：{name}")
        built = _build(cls, data)
        assert isinstance(built, Event)
        return built


def _encode(value: Any) -> Any:
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, tuple | list):
        return [_encode(v) for v in value]
    return value


def _build(cls: type[Any], data: dict[str, Any]) -> Any:
    hints = typing.get_type_hints(cls)
    kwargs = {f.name: _decode(hints[f.name], data[f.name]) for f in fields(cls) if f.name in data}
    try:
        return cls(**kwargs)
    except TypeError as exc:
        raise DomainError("bad_event", f"日志中的 {cls.__name__} 缺少字段：{exc}") from None


def _decode(hint: Any, value: Any) -> Any:
    origin = typing.get_origin(hint)
    if isinstance(hint, type) and hasattr(hint, "from_dict"):
        return hint.from_dict(value)
    if isinstance(hint, type) and is_dataclass(hint):
        return _build(hint, value)
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], v) for v in value)
        return tuple(_decode(a, v) for a, v in zip(args, value, strict=True))
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return _decode(inner[0], value) if len(inner) == 1 else value
    if hint is float and isinstance(value, int):
        return float(value)
    return value
