"""One bench client: a python-socketio ``AsyncClient`` that behaves like a page of quizapp.

Like ``live.js`` it connects saying ``patches`` (and, on a reconnect, the revision it holds in
``since``), takes the view the server sends on connect, holds the newest version
(``views.ViewState``: whole views and patches, a gap answered with ``get_view``), answers
the server's ``clock_ping`` with its own clock, and, when told to, reconnects after a drop with the
page's back-off (``Backoff``: socket.io-client's formula with the options ``live.js`` passes).

Every time it comes to hold a newer version it records ``(version, time.time())``; all processes
of a bench share the machine clock, so these times compare directly with the sender's.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import socketio

from .views import LightJson, ViewState

LIVE_JS = Path(__file__).resolve().parents[1] / "quizapp" / "static" / "js" / "live.js"
_JITTER = random.Random()  # its own generator: a reconnect loop never touches the global random state



@dataclass(frozen=True)
class Backoff:
    """socket.io-client's reconnect delays: ``delay * 2^attempt`` with multiplicative jitter, capped."""

    delay: float = 1.0
    delay_max: float = 5.0
    jitter: float = 0.5

    @classmethod
    def from_live_js(cls, path: Path = LIVE_JS) -> Backoff:
        """The options the pages pass to ``io()`` (socket.io-client's defaults where absent), so a
        change of the pages' reconnect policy is what the restart bench measures."""
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            return cls()

        def option(name: str, default: float, scale: float) -> float:
            m = re.search(rf"\b{name}\s*:\s*([0-9.]+)", text)
            return float(m.group(1)) / scale if m else default

        return cls(option("reconnectionDelay", 1.0, 1000), option("reconnectionDelayMax", 5.0, 1000),
                   option("randomizationFactor", 0.5, 1))

    def seconds(self, attempt: int, rand: float | None = None) -> float:
        """Wait before reconnect attempt ``attempt`` (0-based), as ``Backoff.duration`` computes it."""
        ms = self.delay * 1000 * 2 ** attempt
        if self.jitter:
            r = _JITTER.random() if rand is None else rand
            deviation = math.floor(r * self.jitter * ms)
            ms = ms - deviation if (math.floor(r * 10) & 1) == 0 else ms + deviation
        return min(ms, self.delay_max * 1000) / 1000


class Probe:
    """One client: connects with ``auth``, records each version it comes to hold."""

    def __init__(self, spec: dict[str, Any], session: aiohttp.ClientSession | None = None,
                 keep_view: bool = False, clock_offset: float = 0.0, light: bool = False,
                 sync_on_connect: bool = False, backoff: Backoff | None = None, patches: bool = True) -> None:
        self.id: int = spec.get("id", -1)
        self.kind: str = spec.get("kind", "")
        self.auth: dict[str, Any] | None = spec.get("auth")
        # a page to load first, as a browser does, whose cookies go into the socket handshake
        # (an audience phone's id is the signed cookie /watch/<id> sets)
        self.cookie_page: str | None = spec.get("cookie_page")
        self.session = session
        self.state = ViewState(keep=keep_view and not light)
        self.first: list[tuple[int, float]] = []
        # (connection epoch, version, time) each time a version is held after a (re)connect
        self.holds: list[tuple[int, int, float]] = []
        self.epochs: list[float] = []  # when each (re)connection attempt began
        self.views = 0
        self.bytes = 0  # encoded size of the views received (re-encoded for a probe that decodes)
        self.patch_bytes = 0
        self.full_bytes = 0
        self.connected = False
        self.gone = asyncio.Event()  # set while disconnected: calls in flight will get no ack
        self.connect_error: str | None = None
        self.disconnects: list[float] = []
        self.keep_view = keep_view
        self.view_time = 0.0
        self.changed = asyncio.Event()
        self.clock_offset = clock_offset  # simulated phone clock = time.time() + offset
        self.sample: dict[str, float] | None = None
        self.pings = 0  # server clock pings answered
        self.answer_delay = 0.0  # hold every ping's ack this long (the inflated-delay cheat)
        # live.js waits for the view the server sends on connect; get_view after connecting is
        # for servers that do not
        self.sync_on_connect = sync_on_connect and spec.get("sync", True)
        self.patches = patches and spec.get("patches", True)  # say "patches" as live.js does
        self.backoff = backoff  # reconnect like a page after a drop (None: stay down)
        self.base = ""
        self.reconnects = 0
        self.closing = False
        self._resync: asyncio.Task[None] | None = None
        self._syncing = False
        self._waiting: list[dict[str, Any]] = []
        self._reconnect: asyncio.Task[None] | None = None
        kwargs: dict[str, Any] = {"reconnection": False, "handle_sigint": False}
        if session is not None:
            kwargs["http_session"] = session
        if light:
            kwargs["json"] = LightJson
        self.sio = socketio.AsyncClient(**kwargs)
        self.sio.on("view", self.on_view)
        self.sio.on("disconnect", self.on_disconnect)
        self.sio.on("clock_ping", self.on_clock_ping)

    @property
    def version(self) -> int:
        return self.state.version

    @property
    def view(self) -> dict[str, Any]:
        return self.state.view

    def local_now(self) -> float:
        """This client's own clock (server clock + its simulated offset)."""
        return time.time() + self.clock_offset

    def _take(self, message: Any) -> str:
        t = time.time()
        if self._syncing and isinstance(message, dict) and "base" in message:
            self._waiting.append(message)  # a patch sent while the view is being fetched
            return "waiting"
        outcome = self.state.offer(message)
        if outcome in ("new", "same"):
            self.holds.append((len(self.epochs), self.state.version, t))
            if outcome == "new":
                self.first.append((self.state.version, t))
            if self.keep_view:
                self.view_time = t
                self.changed.set()
        elif outcome == "gap":
            self._ask_view()
        return outcome

    def on_view(self, view: Any) -> None:
        self.views += 1
        if isinstance(view, dict):
            size = view.get("bytes") or len(json.dumps(view, separators=(",", ":")))
            self.bytes += size
            if "base" in view:
                self.patch_bytes += size
            else:
                self.full_bytes += size
        self._take(view)

    def _ask_view(self) -> None:
        if not self._syncing:
            self._syncing = True
            self._resync = asyncio.create_task(self.resync())

    async def resync(self) -> None:
        """After a gap, as live.js does: ``get_view`` naming the view held (a patch may answer),
        then in full if that patch does not fit; patches that came meanwhile are applied after."""
        self._syncing, self._waiting = True, []
        try:
            reply = await self.fetch_view({"since": self.state.rev})
            if isinstance(reply, dict) and reply.get("ok") and "patch" in reply:
                if self.state.offer(reply["patch"]) == "gap":
                    reply = await self.fetch_view({"since": None})
                else:
                    reply = {"ok": True}
                    self._record_hold()
            if isinstance(reply, dict) and reply.get("ok") and "view" in reply:
                self._syncing = False
                self._take(reply["view"])
        finally:
            self._syncing = False
            later, self._waiting = self._waiting, []
            for message in later:
                if message.get("base") == self.state.rev:
                    self._take(message)

    def _record_hold(self) -> None:
        t = time.time()
        self.holds.append((len(self.epochs), self.state.version, t))
        if not self.first or self.first[-1][0] < self.state.version:
            self.first.append((self.state.version, t))
        if self.keep_view:
            self.view_time = t
            self.changed.set()

    async def fetch_view(self, payload: dict[str, Any] | None = None) -> Any:
        """One ``get_view`` (None when the socket went away meanwhile)."""
        try:
            return await self.sio.call("get_view", payload or {}, timeout=30)
        except Exception:  # noqa: BLE001 - disconnected meanwhile: the reconnect brings a view
            return None

    async def on_clock_ping(self, _ping: Any = None) -> dict[str, float]:
        """Answer the server's clock ping with this phone's clock, as live.js does.

        With ``answer_delay`` the ack is held back and its reading shifted by half
        the delay, so the offset still looks right and only the round trip grows.
        """
        reading = self.local_now()
        if self.answer_delay:
            await asyncio.sleep(self.answer_delay)
            reading += self.answer_delay / 2
        self.pings += 1
        return {"t": reading}

    def on_disconnect(self, *_args: Any) -> None:
        self.connected = False
        self.gone.set()
        self.disconnects.append(time.time())  # the view is kept: the reconnect names its rev
        if self.backoff is not None and not self.closing and (self._reconnect is None or self._reconnect.done()):
            self._reconnect = asyncio.create_task(self._reconnect_loop())

    async def _reconnect_loop(self) -> None:
        attempt = 0
        while not self.closing:
            await asyncio.sleep(self.backoff.seconds(attempt) if self.backoff else 1.0)
            attempt += 1
            if self.closing:
                return
            with contextlib.suppress(Exception):  # a half-open client from the failed attempt
                await self.sio.disconnect()
            if await self.connect(self.base, 20.0):
                self.reconnects += 1
                return

    async def page_cookies(self, url: str, timeout: float) -> str:
        """GET ``url`` and return the cookies it sets as a ``Cookie`` header value ("" if none)."""
        session = self.session or aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar())
        try:
            async with session.get(url, timeout=aiohttp.ClientTimeout(total=timeout)) as resp:
                await resp.read()
                resp.raise_for_status()
                return "; ".join(f"{name}={morsel.value}" for name, morsel in resp.cookies.items())
        finally:
            if session is not self.session:
                await session.close()

    async def connect(self, base: str, timeout: float = 20.0) -> bool:
        self.base = base
        # a new epoch per attempt: the server pushes a view while the handshake is still going on,
        # so any view held from now on came through this attempt's connection
        self.epochs.append(time.time())
        try:
            if self.cookie_page and "Cookie" not in self.sio.eio.websocket_extra_options.get("headers", {}):
                cookie = await self.page_cookies(base + self.cookie_page, timeout)
                if not cookie:
                    self.connect_error = f"{self.cookie_page} set no cookie (per-address limit reached?)"
                    return False
                # engine.io would move a Cookie passed to connect() into the session's (shared)
                # cookie jar; extra websocket headers go to this one handshake only
                self.sio.eio.websocket_extra_options["headers"] = {"Cookie": cookie}
            # bounded here too: a server that accepted the TCP connection but never answers
            # the upgrade (a full connection pool) would otherwise hang it
            auth = self.auth
            if self.patches and auth is not None:  # as live.js: patches, and the revision held
                auth = {**auth, "patches": True, "since": self.state.rev}
            await asyncio.wait_for(self.sio.connect(base, auth=auth, transports=["websocket"],
                                                    wait_timeout=timeout), timeout + 5)
            self.connected = True
            self.gone.clear()
            self.connect_error = None
        except TimeoutError:
            self.connect_error = f"no answer within {timeout + 5:.0f} s"
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.sio.disconnect(), 2)
        except Exception as exc:  # noqa: BLE001 - report, do not crash the worker
            self.connect_error = f"{type(exc).__name__}: {exc}"[:200]
        if self.connected and self.sync_on_connect:
            reply = await self.fetch_view()
            if isinstance(reply, dict) and reply.get("ok"):
                self._take(reply.get("view"))
        return self.connected

    async def call(self, event: str, payload: Any = None, timeout: float = 30.0) -> Any:
        return await self.sio.call(event, payload if payload is not None else {}, timeout=timeout)

    async def call_or_drop(self, event: str, payload: Any, timeout: float = 30.0) -> Any:
        """``call``, but give up as soon as the connection drops (python-socketio would wait for
        the whole timeout for an ack that cannot come): a page sees the drop at once."""
        call = asyncio.ensure_future(self.call(event, payload, timeout))
        gone = asyncio.ensure_future(self.gone.wait())
        try:
            await asyncio.wait({call, gone}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            gone.cancel()
        if not call.done():
            call.cancel()
            raise ConnectionError(f"{event}: connection dropped before the ack")
        return call.result()

    async def ping(self, timeout: float = 5.0) -> bool:
        """One old-style ``sync`` round trip reporting the previous one as ``sample``.

        The server answers it as a plain time probe and no longer uses the sample;
        clock estimates come from the server's own ``clock_ping``.
        """
        t0 = self.local_now()
        payload: dict[str, Any] = {"t0": t0, "sample": self.sample} if self.sample else {"t0": t0}
        try:
            reply = await self.call("sync", payload, timeout=timeout)
        except Exception:  # noqa: BLE001 - a lost ping is just a lost sample
            return False
        t3 = self.local_now()
        if isinstance(reply, dict) and reply.get("ok") and reply.get("t0") == t0:
            self.sample = {"t0": t0, "t1": reply["t1"], "t2": reply["t2"], "t3": t3}
            return True
        return False

    async def sync_burst(self, pings: int = 6, spacing: float = 0.2) -> int:
        """Wait until the server's burst of ``pings`` clock pings has been answered.

        The server drives the pings (about ``spacing`` apart); gives up after twice
        the expected time plus the answer delay, and returns how many were answered.
        """
        deadline = time.monotonic() + 2 * (pings * spacing + 1) + pings * self.answer_delay
        while self.pings < pings and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.05)  # the last ack reaches the server
        return min(self.pings, pings)

    async def wait_view(self, predicate: Callable[[dict[str, Any]], bool], timeout: float) -> dict[str, Any] | None:
        """The first kept view (current or future) matching ``predicate``; None on timeout."""
        deadline = time.monotonic() + timeout
        while True:
            if self.view and predicate(self.view):
                return self.view
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            self.changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), left)

    async def close(self) -> None:
        self.closing = True
        if self._reconnect is not None:
            self._reconnect.cancel()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.sio.disconnect(), 5)

    def report(self) -> dict[str, Any]:
        return {"kind": self.kind, "first": self.first, "views": self.views, "bytes": self.bytes,
                "patch_bytes": self.patch_bytes, "full_bytes": self.full_bytes,
                "patches": self.state.patches, "fulls": self.state.fulls, "gaps": self.state.gaps,
                "connected": self.connected, "connect_error": self.connect_error,
                "disconnects": self.disconnects, "holds": self.holds, "epochs": self.epochs,
                "reconnects": self.reconnects}
