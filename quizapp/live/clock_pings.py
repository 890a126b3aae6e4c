"""Server-originated clock pings: the server asks each team phone for its clock.

Called from the background loop on every tick. For each ping that is due
(``Clocks.due``: a burst of 6 about 175 ms apart after connecting, then one every
10–15 s) it emits ``clock_ping`` to that one socket with an ack callback. The
server's own clock stamps the send and the ack's arrival; the ack carries only
the phone's clock reading. The payload also tells the phone the server's current
estimate of its offset, so the page can show server-synchronised cues.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)


def tick(hub: Any, now: float | None = None, clock: Callable[[], float] = time.time) -> int:
    """Send every due ping; returns how many were sent. ``clock`` stamps the acks' arrival."""
    clocks, socketio = hub.clocks, hub.socketio
    sent = 0
    for sid, ping_id, at in clocks.due(clock() if now is None else now):
        payload = {"id": ping_id, "s": at, "offset": clocks.offset(sid)}
        try:
            socketio.emit("clock_ping", payload, to=sid, callback=_on_ack(hub, sid, ping_id, clock))
            sent += 1
        except Exception:  # noqa: BLE001 - one dead socket must not stop the others' pings
            log.debug("clock_ping to %s failed", sid, exc_info=True)
    return sent


def _on_ack(hub: Any, sid: str, ping_id: int, clock: Callable[[], float]) -> Any:
    """The ack callback: stamp the arrival first, then record the sample."""

    def ack(*args: Any) -> None:
        received = clock()
        result = hub.clocks.answer(sid, ping_id, args[0] if args else None, received)
        if result is not None and result[1]:
            hub.presence_changed(result[0])  # the host's device list shows the new flag

    return ack
