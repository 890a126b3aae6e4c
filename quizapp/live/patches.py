"""View patches: the difference between two JSON views as a short list of replacements.

A view at 100 teams is about 44 kB, and a typical command changes a few fields of
it (a phase, a timer, one team's score and the ranks that follow). Sending those
fields instead of the whole view is what lets one process serve a big room.

A patch is a list of operations, each ``[path, value]`` (set the value at
``path``) or ``[path]`` (remove it). A path is a list of object keys (strings)
and list indices (integers). Lists of equal length are compared element by
element, so one changed team row costs one small operation; a longer list gets
its new tail appended index by index (setting index ``len(list)`` appends) and a
shorter one is cut with ``[path_to_list + [n]]``. When at least half of a
container's members changed and the container is shorter than its edits, it is
replaced whole. ``[[], value]`` replaces
the whole document.

Unlike RFC 7386 merge patches, ``null`` is an ordinary value here (views use it
for "no round", "no timer"), and list elements can be reached without sending
the whole list. Values are compared strictly: ``true`` and ``1``, ``1`` and
``1.0`` differ, because a page sees the difference. Pure functions only: no I/O,
no clock; ``apply`` never changes its input (pages keep the previous view to
compare with), it copies only the containers on the changed paths.
"""

from __future__ import annotations

import json
import marshal
from typing import Any

Op = list[Any]
_SEQ = (list, tuple)
_CONTAINERS = (dict, list, tuple)


def _same(old: Any, new: Any) -> bool:
    """Strictly equal containers, compared in C: marshal tells true from 1 and 1 from 1.0.

    Version 2 writes no back-references, so equal values give equal bytes whatever
    objects they share; a different key order gives different bytes and falls back
    to the element walk, which is slower but still right.
    """
    try:
        return marshal.dumps(old, 2) == marshal.dumps(new, 2)
    except ValueError:  # a value marshal cannot write: let the walk compare it
        return False


class PatchError(ValueError):
    """The patch does not fit the document (wrong path or malformed operation)."""


def diff(old: Any, new: Any) -> list[Op]:
    """The operations that turn ``old`` into ``new`` (an empty list when they are equal)."""
    ops: list[Op] = []
    _diff(old, new, [], ops)  # the root itself is walked: two views almost never match whole
    return ops


def _diff(old: Any, new: Any, path: list[Any], ops: list[Op]) -> None:
    if old is new:
        return
    told, tnew = type(old), type(new)
    if path and told in _CONTAINERS and tnew in _CONTAINERS and _same(old, new):
        return
    if told is dict and tnew is dict:
        mark, changed = len(ops), 0
        for key in old:
            if key not in new:
                ops.append([[*path, key]])
                changed += 1
        for key, value in new.items():
            before = len(ops)
            if key in old:
                _diff(old[key], value, [*path, key], ops)
            else:
                ops.append([[*path, key], value])
            changed += len(ops) > before
        _maybe_whole(new, path, ops, mark, changed, len(new))
        return
    if told in _SEQ and tnew in _SEQ:
        mark, changed, common = len(ops), 0, min(len(old), len(new))
        for index in range(common):
            before = len(ops)
            _diff(old[index], new[index], [*path, index], ops)
            changed += len(ops) > before
        for index in range(common, len(new)):
            ops.append([[*path, index], new[index]])
            changed += 1
        if len(new) < len(old):
            ops.append([[*path, len(new)]])
            changed += 1
        _maybe_whole(new, path, ops, mark, changed, len(new))
        return
    if told is not tnew or old != new:
        ops.append([list(path), new])


def _maybe_whole(new: Any, path: list[Any], ops: list[Op], mark: int, changed: int, size: int) -> None:
    """Replace the edits of a container by the container itself when that is shorter.

    Only containers where at least half the members changed are measured (encoding
    costs time); the rest keep their edits, which are then surely shorter.
    """
    if changed < 2 or 2 * changed < size:
        return
    if len(json.dumps(new)) <= len(json.dumps(ops[mark:])):
        del ops[mark:]
        ops.append([list(path), new])


def apply(doc: Any, ops: list[Op]) -> Any:
    """``doc`` with ``ops`` applied; ``doc`` itself is left as it was.

    Raises ``PatchError`` when an operation is malformed or its path does not
    exist in the document (the client then asks for a full view).
    """
    if not isinstance(ops, list):
        raise PatchError("a patch is a list of operations")
    fresh: dict[int, Any] = {}  # containers this call made (kept alive so their ids stay theirs)
    root = doc
    for op in ops:
        if not isinstance(op, list) or len(op) not in (1, 2) or not isinstance(op[0], list):
            raise PatchError(f"malformed operation {op!r:.80}")
        path = op[0]
        if not path:
            if len(op) == 1:
                raise PatchError("the document itself cannot be removed")
            root = op[1]
            continue
        root = node = _own(root, fresh)
        for key in path[:-1]:
            child = _own(_child(node, key), fresh)
            node[key] = child
            node = child
        _set_or_remove(node, path[-1], op)
    return root


def _own(value: Any, fresh: dict[int, Any]) -> Any:
    """A container this call may change: ``value`` itself if this call made it, else a copy."""
    if id(value) in fresh:
        return value
    if isinstance(value, dict):
        copy: Any = dict(value)
    elif isinstance(value, _SEQ):
        copy = list(value)
    else:
        raise PatchError(f"cannot descend into {type(value).__name__}")
    fresh[id(copy)] = copy
    return copy


def _child(node: Any, key: Any) -> Any:
    if isinstance(node, dict):
        if key not in node:
            raise PatchError(f"no key {key!r:.40}")
        return node[key]
    if type(key) is not int or not 0 <= key < len(node):
        raise PatchError(f"no index {key!r:.40}")
    return node[key]


def _set_or_remove(node: Any, key: Any, op: Op) -> None:
    if isinstance(node, dict):
        if len(op) == 2:
            node[key] = op[1]
        elif key in node:
            del node[key]
        else:
            raise PatchError(f"no key {key!r:.40} to remove")
        return
    if type(key) is not int or not 0 <= key <= len(node):
        raise PatchError(f"no index {key!r:.40}")
    if len(op) == 1:
        del node[key:]
    elif key == len(node):
        node.append(op[1])
    else:
        node[key] = op[1]
