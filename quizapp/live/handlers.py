"""Socket.IO handlers: authenticate, validate, call the hub, ack. No rules here.

Every client event is one row of :data:`EVENTS`: the roles that may send it and
the function that runs it. One wrapper (:func:`guarded`) does what every event
needs: the sender's identity and role, the command envelope (``cid``,
``version``, taken off in ``guard``), and the ack, ``{ok: true, …}`` or
``{ok: false, error: {code, message}}`` (refusals are logged, bugs never reach
the client as more than ``server_error``). docs/PROTOCOL.md lists the same
events; tests/unit/test_protocol_doc.py keeps the two together.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import current_app, request
from flask_socketio import ConnectionRefusedError, SocketIO, join_room

from ..core.errors import DomainError
from ..services import envelope as envelopes
from .audience import AudiencePlay
from .guard import ViewLimiter, finish_ack, open_envelope, quiet_decoder_errors
from .hub import Hub
from .identity import ROLES, Identity, identify, rooms_for
from .keybuzz import key_buzz as run_key_buzz
from .outbox import view_room

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Live:
    """What the event functions share: the hub, the audience play-along and the ``get_view`` limiter."""

    hub: Hub
    play: AudiencePlay
    views: ViewLimiter


@dataclass(frozen=True)
class Message:
    """One client event as the functions of :data:`EVENTS` see it (envelope already taken off)."""

    identity: Identity
    sid: str
    event: str
    payload: Any


Run = Callable[[Live, Message], dict[str, Any]]


@dataclass(frozen=True)
class Route:
    """Who may send an event and what runs it."""

    roles: tuple[str, ...]
    run: Run


def _ok(entries: list[Any]) -> dict[str, Any]:
    return {"ok": True, "version": entries[-1].seq if entries else None}


def sync(live: Live, m: Message) -> dict[str, Any]:
    """A plain time probe: the server's time. Nothing in it feeds a clock estimate."""
    t1 = time.time()
    t0 = m.payload.get("t0") if isinstance(m.payload, dict) else None
    return {"ok": True, "t0": t0 if isinstance(t0, int | float) else None, "t1": t1, "t2": time.time()}


def get_view(live: Live, m: Message) -> dict[str, Any]:
    """The full view; with ``since`` (the revision a patch-reading page holds), a patch from it
    when that view is still kept (``{ok, patch}``), else the full view with its revision."""
    live.views.take(m.sid)
    if isinstance(m.payload, dict) and "since" in m.payload:
        answer = live.hub.resume_view(m.identity, m.payload["since"])
        return {"ok": True, "patch": answer} if "patch" in answer else {"ok": True, "view": answer}
    return {"ok": True, "view": live.hub.view(m.identity.contest_id, m.identity)}


def typed_command(live: Live, m: Message) -> dict[str, Any]:
    return _ok(live.hub.typed_command(m.identity, m.payload))


def phone_command(live: Live, m: Message) -> dict[str, Any]:
    return _ok(live.hub.phone_command(m.identity, m.event, m.payload))


def buzz(live: Live, m: Message) -> dict[str, Any]:
    return _ok(live.hub.buzz(m.identity, m.sid, m.payload))


def key_buzz(live: Live, m: Message) -> dict[str, Any]:
    return _ok(run_key_buzz(live.hub, m.identity, m.payload))


def audience_answer(live: Live, m: Message) -> dict[str, Any]:
    return _ok(live.hub.audience_answer(m.identity, m.payload))


def audience_name(live: Live, m: Message) -> dict[str, Any]:
    return _ok(live.play.name(m.identity, m.payload))


def audience_me(live: Live, m: Message) -> dict[str, Any]:
    return live.play.me(m.identity, m.sid)


def remove_device(live: Live, m: Message) -> dict[str, Any]:
    """The host removes a phone: its token stops working and its open sockets are closed."""
    device_id = m.payload.get("device_id") if isinstance(m.payload, dict) else None
    if not isinstance(device_id, str):
        raise DomainError("bad_payload", "缺少字段 device_id")
    hub, contest_id = live.hub, m.identity.contest_id
    hub.devices.revoke(contest_id, device_id[:64])
    for other in hub.presence.team_sids(contest_id, device_id):
        hub.socketio.emit("removed", {"message": "主持人已将这台设备移出队伍"}, to=other)
        hub.socketio.server.disconnect(other, namespace="/")  # type: ignore[union-attr]
    hub.republish(contest_id)
    return {"ok": True}


def check_start(live: Live, m: Message) -> dict[str, Any]:
    return live.hub.start_check(m.identity)


def check_report(live: Live, m: Message) -> dict[str, Any]:
    return {"ok": True, **live.hub.checks.report(m.identity.contest_id)}


def check_press(live: Live, m: Message) -> dict[str, Any]:
    return live.hub.check_press(m.identity, m.sid, m.payload)


HOST, TEAM, WATCH, JUDGE = ("host",), ("team",), ("watch",), ("judge",)

# Every client event: who may send it and what runs it. The command events look their
# command up in the contest's rulebook (live.payloads), whatever the kind of contest.
EVENTS: dict[str, Route] = {
    "sync": Route(ROLES, sync),
    "get_view": Route(ROLES, get_view),
    "command": Route(HOST, typed_command),
    "sports_command": Route(("host", "recorder"), typed_command),  # the desk: its own few types (policy)
    "remove_device": Route(HOST, remove_device),
    "key_buzz": Route(HOST, key_buzz),  # the host's key buzzers
    "check_start": Route(HOST, check_start),
    "check_report": Route(HOST, check_report),
    "buzz": Route(TEAM, buzz),
    "pick_tier": Route(TEAM, phone_command),
    "submit_answer": Route(TEAM, phone_command),
    "check_press": Route(TEAM, check_press),
    "audience_answer": Route(WATCH, audience_answer),
    "audience_name": Route(WATCH, audience_name),
    "audience_me": Route(WATCH, audience_me),
    "submit_score": Route(JUDGE, phone_command),
    "submit_sheet": Route(JUDGE, phone_command),
    "reopen_score": Route(JUDGE, phone_command),  # a head judge only (policy)
}


def guarded(live: Live, event: str, route: Route) -> Callable[..., dict[str, Any]]:
    """The one wrapper of every event: identity, role, envelope, ack; nothing escapes as an exception."""

    def handler(payload: Any = None, *_extra: Any) -> dict[str, Any]:  # extra arguments: ignored, still acked
        sid = request.sid  # type: ignore[attr-defined]
        identity = live.hub.presence.get(sid)
        cid = payload.get("cid") if isinstance(payload, dict) else None
        try:
            if identity is None:
                raise DomainError("not_connected", "连接已失效，请刷新页面")
            if identity.role not in route.roles:
                raise DomainError("forbidden", "你没有权限进行这个操作")
            payload, envelope = open_envelope(event, payload, identity)  # the one place cid/version go
            if envelope is None:
                return finish_ack(route.run(live, Message(identity, sid, event, payload)), cid, None)
            with envelopes.opened(envelope):
                return finish_ack(route.run(live, Message(identity, sid, event, payload)), cid, envelope)
        except DomainError as exc:
            log.info("refused %s from %s: %s", event, sid, exc.code)
            return finish_ack({"ok": False, "error": exc.as_dict()}, cid, None)
        except Exception:  # noqa: BLE001 - never let one message kill the connection
            log.exception("error handling %s", event)
            return finish_ack({"ok": False, "error": {"code": "server_error", "message": "服务器出错，请重试"}},
                              cid, None)

    handler.__name__ = f"on_{event}"
    return handler


def register(socketio: SocketIO, hub: Hub) -> None:
    """Attach the connection handlers and every row of :data:`EVENTS` to ``socketio``."""
    quiet_decoder_errors()

    @socketio.on("connect")
    def on_connect(auth: Any = None) -> bool:
        sid = request.sid  # type: ignore[attr-defined]
        if hub.presence.get(sid) is not None:  # an event named "connect" from a connected client:
            return False  # not a new connection, so no second identity for this socket
        try:
            identity = identify(auth, current_app.extensions["quizapp.gate"], hub.devices,
                                lambda cid: _exists(hub, cid))
        except DomainError as exc:
            log.info("connection refused: %s", exc.code)
            raise ConnectionRefusedError(exc.message, exc.as_dict()) from None
        hub.presence.add(sid, identity)
        if identity.role == "team":  # the server pings it from now on (clock_pings)
            hub.clocks.track(sid, identity.contest_id, identity.device_id, time.time())
        patches = isinstance(auth, dict) and auth.get("patches") is True  # live.js reads patches
        for room in rooms_for(identity):
            join_room(room)
            join_room(view_room(room, patches))
        if patches:  # a patch from the revision the page still holds, or the room's view in full
            socketio.emit("view", hub.resume_view(identity, auth.get("since")), to=sid)
        else:
            socketio.emit("view", hub.view(identity.contest_id, identity), to=sid)
        if identity.role in ("team", "screen", "host", "judge", "recorder"):
            hub.presence_changed(identity.contest_id)
        return True

    @socketio.on("disconnect")
    def on_disconnect(*_args: Any) -> None:
        sid = request.sid  # type: ignore[attr-defined]
        if socketio.server.manager.is_connected(sid, "/"):  # type: ignore[union-attr]
            # a client sent an event named "disconnect": end that socket for real (no zombie)
            socketio.server.disconnect(sid, namespace="/")  # type: ignore[union-attr]
            return
        identity = hub.presence.remove(sid)
        hub.clocks.forget(sid)
        if identity is not None and identity.role in ("team", "screen"):
            hub.presence_changed(identity.contest_id)

    live = Live(hub, AudiencePlay(hub), ViewLimiter())
    for event, route in EVENTS.items():
        socketio.on_event(event, guarded(live, event, route))


def _exists(hub: Hub, contest_id: str) -> bool:
    try:
        hub.contests.state(contest_id[:32])
        return True
    except DomainError:
        return False
