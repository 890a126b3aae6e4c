"""A python-socketio client for attacking a real server: acks, the newest view, other events."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import socketio

from tests.kit import HeldView, drop_socket

_NOTHING = object()


class Refused(Exception):
    """The server refused a socket connection; ``code`` is its ``connect_error`` code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


class Client(HeldView):
    """A python-socketio client: ``call`` sends an event and returns its ack, ``view`` is the
    newest view received, ``received`` every other server event as ``(name, data)``."""

    def __init__(self, base: str, auth: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        super().__init__()
        self.base, self.auth, self.headers = base, auth, headers or {}
        self.clock: Callable[[], float] = time.time  # what the phone says its clock reads
        self.received: list[tuple[str, Any]] = []
        self._refusal: Any = None
        self.sio = socketio.Client(reconnection=False)
        self.sio.on("view", self._on_view)
        self.sio.on("connect_error", self._on_refused)
        self.sio.on("clock_ping", self._on_clock_ping)
        self.sio.on("*", self._on_other)
        try:
            self.sio.connect(base, auth=auth, headers=self.headers, transports=["websocket"],
                             wait_timeout=10)
        except socketio.exceptions.ConnectionError as exc:
            data = self._refusal if isinstance(self._refusal, dict) else {}
            data = data.get("data") if isinstance(data.get("data"), dict) else data  # {message, data}
            raise Refused(str(data.get("code", "")), str(data.get("message", exc))) from None

    def _on_refused(self, data: Any = None) -> None:
        self._refusal = data

    def _on_clock_ping(self, ping: Any = None) -> dict[str, float]:
        """Answer the server's clock ping as a phone does: with this device's clock."""
        reading = self.clock()
        with self._changed:
            self.received.append(("clock_ping", ping))
        return {"t": reading}

    def _on_other(self, event: str, *data: Any) -> None:
        with self._changed:
            self.received.append((event, data[0] if len(data) == 1 else data))
            self._changed.notify_all()

    @property
    def connected(self) -> bool:
        return bool(self.sio.connected)

    def call(self, event: str, payload: Any = _NOTHING, timeout: float = 10.0) -> Any:
        """Send ``event`` and wait for its ack (``payload`` defaults to ``{}``; a tuple sends
        several arguments). Raises ``socketio.exceptions.TimeoutError`` if none comes, and
        ``DisconnectedError`` as soon as the socket drops (no waiting out the timeout)."""
        acks: list[Any] = []
        done = threading.Event()

        def on_ack(*data: Any) -> None:
            acks.append(data[0] if len(data) == 1 else data)
            done.set()

        self.sio.emit(event, {} if payload is _NOTHING else payload, callback=on_ack)
        deadline = time.monotonic() + timeout
        while not done.wait(0.02):
            if not self.connected:
                raise socketio.exceptions.DisconnectedError("the socket closed before the ack")
            if time.monotonic() > deadline:
                raise socketio.exceptions.TimeoutError()
        return acks[0]

    def close(self) -> None:
        """Drop the connection at once, as a phone leaving does (the server sees it go)."""
        drop_socket(self.sio)
