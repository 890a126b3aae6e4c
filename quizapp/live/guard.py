"""What every socket message goes through before a handler: the command envelope,
the ``get_view`` rate limit, and a one-line log for frames nobody can decode.

The envelope (``cid``, ``version``) is taken off the payload here and nowhere
else, so payload validation never sees it; the ack gets ``cid`` back (and
``duplicate: true`` for a retried one).
"""

from __future__ import annotations

import logging
import os
from types import TracebackType
from typing import Any

from ..core.errors import DomainError
from ..services.envelope import CID_MAX, Envelope
from ..services.throttle import Buckets
from .identity import Identity

# the client commands that may carry an envelope (docs/PROTOCOL.md, "Command envelope")
ENVELOPED = frozenset({"command", "sports_command", "buzz", "pick_tier", "submit_answer", "audience_answer",
                       "submit_score", "submit_sheet", "reopen_score", "remove_device", "check_start",
                       "check_press", "key_buzz"})
VIEW_RATE, VIEW_BURST = 10.0, 20.0  # get_view per socket: honest pages ask a few times a minute


def credential(identity: Identity) -> str:
    """Who may retry a command id: the same role and device (or judge) of the same contest."""
    return "|".join((identity.contest_id, identity.role, identity.team_id, identity.device_id,
                     identity.judge_id))


def open_envelope(event: str, payload: Any, identity: Identity) -> tuple[Any, Envelope | None]:
    """The payload without ``cid``/``version``, and the envelope they make (None when absent)."""
    if event not in ENVELOPED or not isinstance(payload, dict) or not ({"cid", "version"} & payload.keys()):
        return payload, None
    payload = dict(payload)
    cid, version = payload.pop("cid", None), payload.pop("version", None)
    if cid is not None and not (isinstance(cid, str) and 1 <= len(cid) <= CID_MAX):
        raise DomainError("bad_payload", f"cid 应为 1 到 {CID_MAX} 个字符的字符串")
    if version is not None and (isinstance(version, bool) or not isinstance(version, int) or version < 0):
        raise DomainError("bad_payload", "version 应为非负整数")
    return payload, Envelope(cid=cid, version=version, credential=credential(identity))


def finish_ack(reply: dict[str, Any], cid: Any, envelope: Envelope | None) -> dict[str, Any]:
    """Put ``cid`` on the ack; a retried command gets its first ack again, marked ``duplicate``."""
    if envelope is not None and envelope.duplicate:
        reply = {"ok": True, "version": envelope.ack_version, "duplicate": True}
    if isinstance(cid, str) and 1 <= len(cid) <= CID_MAX:
        reply["cid"] = cid
    return reply


class ViewLimiter:
    """A small token bucket per socket for ``get_view`` (a flood must not slow honest syncs)."""

    def __init__(self, rate: float = VIEW_RATE, burst: float = VIEW_BURST) -> None:
        self.buckets = Buckets(rate, burst)

    def take(self, sid: str) -> None:
        """Spend one ``get_view`` of ``sid`` or raise ``rate_limited``."""
        self.buckets.take(sid, "刷新太频繁")


def _from_decoder(tb: TracebackType | None) -> bool:
    """Whether the traceback passes through python-socketio's packet decoder, or ends inside its
    server code (a decoded packet of the wrong shape: ``2[]``, ``2null``, an unknown type)."""
    last = ""
    while tb is not None:
        last = tb.tb_frame.f_code.co_filename
        if last.endswith(_DECODER):
            return True
        tb = tb.tb_next
    return last.endswith(_SERVER)


_DECODER = os.path.join("socketio", "packet.py")
_SERVER = os.path.join("socketio", "server.py")


class OneLineErrors(logging.Filter):
    """python-engineio logs a full traceback for every frame it cannot decode; keep one line each.

    Only failures inside the packet decoder are shortened: any other error keeps its traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and _from_decoder(record.exc_info[2]):
            kind, exc = record.exc_info[0], record.exc_info[1]
            name = kind.__name__ if kind else "Error"
            record.msg = f"{record.getMessage()}: {name}: {str(exc)[:200]}"
            record.args, record.exc_info, record.exc_text = None, None, None
        return True


def quiet_decoder_errors() -> None:
    """Install the one-line filter on python-engineio's server logger (once)."""
    logger = logging.getLogger("engineio.server")
    if not any(isinstance(f, OneLineErrors) for f in logger.filters):
        logger.addFilter(OneLineErrors())
