"""Socket.IO handlers: authenticate, validate, call the hub, ack. No rules here.

Every message is acked with ``{ok: true, version}`` or
``{ok: false, error: {code, message}}``; refusals are logged. Commands come in an
envelope (``cid``, ``version``) that ``guard`` takes off in one place.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from flask import current_app, request
from flask_socketio import ConnectionRefusedError, SocketIO, join_room

from ..core.errors import DomainError
from ..services import envelope as envelopes
from .audience import AudiencePlay
from .guard import ViewLimiter, finish_ack, open_envelope, quiet_decoder_errors
from .hub import Hub
from .identity import identify, rooms_for
from .keybuzz import key_buzz as run_key_buzz

log = logging.getLogger(__name__)


def _ok(entries: list[Any]) -> dict[str, Any]:
    return {"ok": True, "version": entries[-1].seq if entries else None}


def _refused(exc: DomainError, sid: str, what: str) -> dict[str, Any]:
    log.info("refused %s from %s: %s", what, sid, exc.code)
    return {"ok": False, "error": exc.as_dict()}


def register(socketio: SocketIO, hub: Hub) -> None:
    """Attach the handlers to ``socketio``."""

    views = ViewLimiter()
    quiet_decoder_errors()

    def guarded(what: str, roles: tuple[str, ...], run: Callable[..., Any]) -> Callable[..., Any]:
        def handler(payload: Any = None, *_extra: Any) -> dict[str, Any]:  # extra arguments: ignored, still acked
            sid = request.sid  # type: ignore[attr-defined]
            identity = hub.presence.get(sid)
            cid = payload.get("cid") if isinstance(payload, dict) else None
            envelope = None
            try:
                if identity is None:
                    raise DomainError("not_connected", "连接已失效，请刷新页面")
                if identity.role not in roles:
                    raise DomainError("forbidden", "你没有权限进行这个操作")
                if what == "get_view":
                    views.take(sid)
                payload, envelope = open_envelope(what, payload, identity)  # the one place cid/version go
                if envelope is None:
                    return finish_ack(run(identity, sid, payload), cid, None)
                with envelopes.opened(envelope):
                    return finish_ack(run(identity, sid, payload), cid, envelope)
            except DomainError as exc:
                return finish_ack(_refused(exc, sid, what), cid, None)
            except Exception:  # noqa: BLE001 - never let one message kill the connection
                log.exception("error handling %s", what)
                return finish_ack({"ok": False, "error": {"code": "server_error", "message": "服务器出错，请重试"}},
                                  cid, None)
        handler.__name__ = f"on_{what}"
        return handler

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
        for room in rooms_for(identity):
            join_room(room)
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

    def sync(identity: Any, sid: str, payload: Any) -> dict[str, Any]:
        """A plain time probe: the server's time. Nothing in it feeds a clock estimate."""
        t1 = time.time()
        t0 = payload.get("t0") if isinstance(payload, dict) else None
        return {"ok": True, "t0": t0 if isinstance(t0, int | float) else None, "t1": t1, "t2": time.time()}

    def get_view(identity: Any, sid: str, payload: Any) -> dict[str, Any]:
        return {"ok": True, "view": hub.view(identity.contest_id, identity)}

    def command(identity: Any, sid: str, payload: Any) -> dict[str, Any]:
        return _ok(hub.host_command(identity, payload))

    def remove_device(identity: Any, sid: str, payload: Any) -> dict[str, Any]:
        device_id = payload.get("device_id") if isinstance(payload, dict) else None
        if not isinstance(device_id, str):
            raise DomainError("bad_payload", "缺少字段 device_id")
        hub.devices.revoke(identity.contest_id, device_id[:64])
        for other in hub.presence.team_sids(identity.contest_id, device_id):
            socketio.emit("removed", {"message": "主持人已将这台设备移出队伍"}, to=other)
            socketio.server.disconnect(other, namespace="/")  # type: ignore[union-attr]
        hub.republish(identity.contest_id)
        return {"ok": True}

    def team_event(name: str) -> Callable[..., Any]:
        def run(identity: Any, sid: str, payload: Any) -> dict[str, Any]:
            return _ok(hub.team_command(identity, sid, name, payload))
        return run

    def key_buzz(identity: Any, sid: str, payload: Any) -> dict[str, Any]:
        return _ok(run_key_buzz(hub, identity, payload))

    def audience(identity: Any, sid: str, payload: Any) -> dict[str, Any]:
        return _ok(hub.audience_answer(identity, payload))

    play = AudiencePlay(hub)

    def audience_name(identity: Any, sid: str, payload: Any) -> dict[str, Any]:
        return _ok(play.name(identity, payload))

    def audience_me(identity: Any, sid: str, payload: Any) -> dict[str, Any]:
        return play.me(identity, sid)

    def check_start(identity: Any, sid: str, payload: Any) -> dict[str, Any]:
        return hub.start_check(identity)

    def check_report(identity: Any, sid: str, payload: Any) -> dict[str, Any]:
        return {"ok": True, **hub.checks.report(identity.contest_id)}

    def check_press(identity: Any, sid: str, payload: Any) -> dict[str, Any]:
        return hub.check_press(identity, sid, payload)

    def sports(identity: Any, sid: str, payload: Any) -> dict[str, Any]:
        return _ok(hub.sports_command(identity, payload))

    def judge_event(name: str) -> Callable[..., Any]:
        def run(identity: Any, sid: str, payload: Any) -> dict[str, Any]:
            return _ok(hub.judge_command(identity, name, payload))
        return run

    everyone = ("host", "team", "screen", "watch", "judge", "recorder")
    socketio.on_event("sports_command", guarded("sports_command", ("host", "recorder"), sports))
    for name in ("submit_score", "submit_sheet", "reopen_score"):
        socketio.on_event(name, guarded(name, ("judge",), judge_event(name)))
    socketio.on_event("check_start", guarded("check_start", ("host",), check_start))
    socketio.on_event("check_report", guarded("check_report", ("host",), check_report))
    socketio.on_event("check_press", guarded("check_press", ("team",), check_press))
    socketio.on_event("sync", guarded("sync", everyone, sync))
    socketio.on_event("get_view", guarded("get_view", everyone, get_view))
    socketio.on_event("command", guarded("command", ("host",), command))
    socketio.on_event("remove_device", guarded("remove_device", ("host",), remove_device))
    for name in ("buzz", "pick_tier", "submit_answer"):
        socketio.on_event(name, guarded(name, ("team",), team_event(name)))
    socketio.on_event("audience_answer", guarded("audience_answer", ("watch",), audience))
    socketio.on_event("audience_name", guarded("audience_name", ("watch",), audience_name))
    socketio.on_event("audience_me", guarded("audience_me", ("watch",), audience_me))
    socketio.on_event("key_buzz", guarded("key_buzz", ("host",), key_buzz))  # the host's key buzzers


def _exists(hub: Hub, contest_id: str) -> bool:
    try:
        hub.contests.state(contest_id[:32])
        return True
    except DomainError:
        return False
