"""How a bench client holds the contest view: whole views, patches, gaps (as ``live.js`` does).

The server sends a ``view`` message that is either a whole view (with ``version`` and, for a
patch-reading client, ``rev``) or a patch ``{"version", "rev", "base", "patch"}`` against the view
whose ``rev`` is ``base`` (docs/PROTOCOL.md, "Views: versions, patches and resync"). A client holds
a view once it took a whole view, or applied a patch whose ``base`` is the revision it holds; a patch
from any other base is a gap, answered with ``get_view {"since": rev}``. A client keeps its view
across a reconnect and names its revision in ``auth.since``.

Load-generating clients read only the numbers and tokens (``LightJson``): decoding 1,000 x 44 kB
of JSON per fan-out in a few Python processes would take the cores the server needs, and the
measurement would be of the load generator. The bookkeeping is the same either way; only a client
that keeps its view (host, screen, fairness phones) decodes and applies patches, with the
server's own ``quizapp.live.patches.apply`` (what live.js mirrors).
"""

from __future__ import annotations

import json
import re
from typing import Any

_HEAD, _TAIL = 200, 400  # characters searched for the leading fields and for a whole view's rev
_VERSION = re.compile(r'[{,]"version":(-?\d+)')
_TOKEN = {key: re.compile(rf'[{{,]"{key}":"([^"]*)"') for key in ("rev", "base")}
_REV_TAIL = re.compile(r'"rev":"([^"]*)"')
_PREFIXES = (
    ('["view",{', lambda v: ["view", v]),
    ('[{"ok":true,"view":{', lambda v: [{"ok": True, "view": v}]),  # get_view: a whole view
    ('[{"ok":true,"patch":{', lambda v: [{"ok": True, "patch": v}]),  # get_view: a patch
)


class LightJson:
    """A ``json`` stand-in for load-generating clients: reads only a view's numbers and tokens.

    A view message becomes ``["view", {"version": v, "rev": r, "bytes": n, "light": True}]`` (a
    patch also gets ``"base"`` and ``"patch": True``), a ``get_view`` answer ``[{"ok": True,
    "view" or "patch": {...the same...}}]``; any other message is decoded fully.
    """

    @staticmethod
    def dumps(obj: Any, *args: Any, **kwargs: Any) -> str:
        return json.dumps(obj, *args, **kwargs)

    @staticmethod
    def loads(text: str | bytes, *args: Any, **kwargs: Any) -> Any:
        if isinstance(text, str):
            for prefix, wrap in _PREFIXES:
                if text.startswith(prefix):
                    light = light_view(text[len(prefix) - 1:], len(text))
                    if light is not None:
                        return wrap(light)
        return json.loads(text, *args, **kwargs)


def light_view(body: str, size: int) -> dict[str, Any] | None:
    """The numbers and tokens of a view or patch object (its JSON text); None if not found."""
    head = body[:_HEAD]
    m = _VERSION.match(head) or _VERSION.search(head)
    if m is None:
        return None
    out: dict[str, Any] = {"version": int(m.group(1)), "bytes": size, "light": True}
    base = _TOKEN["base"].search(head)
    if base is not None and '"patch":' in head:  # patch_message puts version, rev, base first
        rev = _TOKEN["rev"].search(head)
        out.update(base=base.group(1), rev=rev.group(1) if rev else None, patch=True)
        return out
    revs = _REV_TAIL.findall(body[-_TAIL:])  # a whole view gets its rev appended last
    if revs:
        out["rev"] = revs[-1]
    return out


def is_patch(message: dict[str, Any]) -> bool:
    return "base" in message and "patch" in message


def _server_apply() -> Any:
    try:
        from quizapp.live.patches import apply
    except ImportError:  # a server without patches: clients get whole views only
        return None
    return apply


_APPLY = _server_apply()


class ViewState:
    """What one client holds: version, revision and (when kept) the view itself.

    ``offer`` takes a ``view`` message or a ``get_view`` answer's ``view``/``patch`` and says what
    happened: ``"new"`` (now holds a newer version), ``"same"`` (took a view of the version held:
    presence may have changed, or it is the first view after a reconnect), ``"old"`` (stale,
    ignored), or ``"gap"`` (a patch for a view this client does not hold: ask for the view).
    """

    def __init__(self, keep: bool = False) -> None:
        self.keep = keep
        self.version = -1
        self.rev: str | None = None
        self.held = False
        self.view: dict[str, Any] = {}
        self.gaps = 0
        self.patches = 0
        self.fulls = 0

    def offer(self, message: Any) -> str:
        if not isinstance(message, dict) or not isinstance(message.get("version"), int):
            return "old"
        version = message["version"]
        if is_patch(message):
            self.patches += 1
            if not self.held or message["base"] != self.rev:
                self.gaps += 1
                return "gap"
            if self.keep and not message.get("light"):
                if _APPLY is None:
                    raise RuntimeError("a patch arrived but quizapp.live.patches is missing")
                try:
                    self.view = _APPLY(self.view, message["patch"])
                except ValueError:  # PatchError: the patch does not fit the view held
                    self.gaps += 1
                    return "gap"
        else:
            self.fulls += 1
            if version < self.version:
                return "old"
            if self.keep and not message.get("light"):
                self.view = message
        rev = message.get("rev")
        self.rev = rev if isinstance(rev, str) else None
        self.held = True
        if version > self.version:
            self.version = version
            return "new"
        return "same"
