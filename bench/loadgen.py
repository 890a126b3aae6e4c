"""Socket.IO load: probe clients and the worker processes that run them.

A ``Probe`` is one python-socketio ``AsyncClient`` (aiohttp websocket transport) that records,
for every new contest version it sees, the wall-clock time (``time.time()``) it received it.
All processes are on one machine, so these times compare directly with the send times the
parent records.

``Workers`` starts worker processes (multiprocessing, spawn: nothing inherited, never
monkey-patched), each running an asyncio loop with its share of probes, and talks to them over
a pipe with small request/reply messages (``call(op, **args)``).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import multiprocessing
import os
import time
import traceback
from collections.abc import Callable
from typing import Any

import aiohttp
import socketio

from .stats import cpu_seconds, status_kb


class LightJson:
    """A ``json`` stand-in for load-generating probes: reads only the version of a ``view``.

    quizapp and the bare server both serialise views with ``version`` as the first key, so a
    probe needs only that; decoding 1,000 x 30 kB views per fan-out in two Python processes
    would otherwise take the cores the server needs (and the measurement would be of the load
    generator). Any other message is decoded fully. ``--full-parse`` switches this off.
    """

    PREFIX = '["view",{"version":'

    @staticmethod
    def dumps(obj: Any, *args: Any, **kwargs: Any) -> str:
        return json.dumps(obj, *args, **kwargs)

    @classmethod
    def loads(cls, text: str | bytes, *args: Any, **kwargs: Any) -> Any:
        if isinstance(text, str) and text.startswith(cls.PREFIX):
            start = len(cls.PREFIX)
            end = start
            while end < len(text) and (text[end].isdigit() or text[end] == "-"):
                end += 1
            if end > start:
                return ["view", {"version": int(text[start:end]), "bytes": len(text)}]
        return json.loads(text, *args, **kwargs)


class Probe:
    """One client: connects with ``auth``, timestamps each newer ``view`` version."""

    def __init__(self, spec: dict[str, Any], session: aiohttp.ClientSession | None = None,
                 keep_view: bool = False, clock_offset: float = 0.0, light: bool = False) -> None:
        self.id: int = spec.get("id", -1)
        self.kind: str = spec.get("kind", "")
        self.auth: dict[str, Any] | None = spec.get("auth")
        # a page to load first, as a browser does, whose cookies go into the socket handshake
        # (an audience phone's id is the signed cookie /watch/<id> sets)
        self.cookie_page: str | None = spec.get("cookie_page")
        self.session = session
        self.version = -1
        self.first: list[tuple[int, float]] = []
        self.views = 0
        self.bytes = 0  # known only for light probes (the encoded size of each view)
        self.connected = False
        self.connect_error: str | None = None
        self.disconnects: list[float] = []
        self.keep_view = keep_view
        self.view: dict[str, Any] = {}
        self.view_time = 0.0
        self.changed = asyncio.Event()
        self.clock_offset = clock_offset  # simulated phone clock = time.time() + offset
        self.sample: dict[str, float] | None = None
        self.pings = 0  # server clock pings answered
        self.answer_delay = 0.0  # hold every ping's ack this long (the inflated-delay cheat)
        kwargs: dict[str, Any] = {"reconnection": False, "handle_sigint": False}
        if session is not None:
            kwargs["http_session"] = session
        if light:
            kwargs["json"] = LightJson
        self.sio = socketio.AsyncClient(**kwargs)
        self.sio.on("view", self.on_view)
        self.sio.on("disconnect", self.on_disconnect)
        self.sio.on("clock_ping", self.on_clock_ping)

    def local_now(self) -> float:
        """This client's own clock (server clock + its simulated offset)."""
        return time.time() + self.clock_offset

    def on_view(self, view: dict[str, Any]) -> None:
        t = time.time()
        self.views += 1
        version = view.get("version", -1) if isinstance(view, dict) else -1
        if isinstance(view, dict):
            self.bytes += view.get("bytes", 0)
        if version > self.version:
            self.version = version
            self.first.append((version, t))
        if self.keep_view and version >= self.view.get("version", -1):
            self.view = view
            self.view_time = t
            self.changed.set()

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
        self.disconnects.append(time.time())

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
        try:
            if self.cookie_page:
                cookie = await self.page_cookies(base + self.cookie_page, timeout)
                if not cookie:
                    self.connect_error = f"{self.cookie_page} set no cookie (per-address limit reached?)"
                    return False
                # engine.io would move a Cookie passed to connect() into the session's (shared)
                # cookie jar; extra websocket headers go to this one handshake only
                self.sio.eio.websocket_extra_options["headers"] = {"Cookie": cookie}
            # bounded here too: a server that accepted the TCP connection but never answers
            # the upgrade (eventlet's 1,024-connection pool is full) would otherwise hang it
            await asyncio.wait_for(self.sio.connect(base, auth=self.auth, transports=["websocket"],
                                                    wait_timeout=timeout), timeout + 5)
            self.connected = True
        except TimeoutError:
            self.connect_error = f"no answer within {timeout + 5:.0f} s"
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.sio.disconnect(), 2)
        except Exception as exc:  # noqa: BLE001 - report, do not crash the worker
            self.connect_error = f"{type(exc).__name__}: {exc}"[:200]
        return self.connected

    async def call(self, event: str, payload: Any = None, timeout: float = 30.0) -> Any:
        return await self.sio.call(event, payload if payload is not None else {}, timeout=timeout)

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
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.sio.disconnect(), 5)

    def report(self) -> dict[str, Any]:
        return {"kind": self.kind, "first": self.first, "views": self.views, "bytes": self.bytes,
                "connected": self.connected, "connect_error": self.connect_error,
                "disconnects": self.disconnects}


# --- worker process ---------------------------------------------------------------------------

class _Worker:
    def __init__(self, conn: Any, base: str, specs: list[dict[str, Any]], light: bool) -> None:
        self.conn, self.base, self.specs, self.light = conn, base, specs, light
        self.probes: dict[int, Probe] = {}
        self.stop = asyncio.Event()

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        connector = aiohttp.TCPConnector(limit=0, force_close=False)
        # no cookie jar: the probes share this session, and each audience probe must present its own cookie
        self.session = aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar())
        self.probes = {s["id"]: Probe(s, self.session, light=self.light) for s in self.specs}
        inbox: asyncio.Queue[Any] = asyncio.Queue()
        loop.add_reader(self.conn.fileno(), lambda: inbox.put_nowait(self.conn.recv()))
        tasks: set[asyncio.Task[None]] = set()
        while not self.stop.is_set():
            getter = asyncio.ensure_future(inbox.get())
            stopper = asyncio.ensure_future(self.stop.wait())
            done, _ = await asyncio.wait({getter, stopper}, return_when=asyncio.FIRST_COMPLETED)
            stopper.cancel()
            if getter not in done:
                getter.cancel()
                break
            rid, op, args = getter.result()
            task = asyncio.create_task(self._handle(rid, op, args))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        loop.remove_reader(self.conn.fileno())
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.session.close(), 5)

    async def _handle(self, rid: int, op: str, args: dict[str, Any]) -> None:
        try:
            result = await getattr(self, f"op_{op}")(**args)
            self.conn.send((rid, True, result))
        except Exception:  # noqa: BLE001 - the parent gets the traceback
            self.conn.send((rid, False, traceback.format_exc()))

    async def op_connect(self, kinds: list[str], concurrency: int = 50, timeout: float = 60.0,
                         deadline: float | None = None) -> dict[str, Any]:
        """Connect the probes of ``kinds``, ``concurrency`` at a time; none is started after
        ``deadline`` (wall clock), so a server that cannot keep up bounds the phase."""
        gate = asyncio.Semaphore(concurrency)
        chosen = [p for p in self.probes.values() if p.kind in kinds]

        async def one(p: Probe) -> None:
            async with gate:
                if deadline is not None and time.time() > deadline:
                    p.connect_error = "not attempted: connect phase deadline passed"
                    return
                await p.connect(self.base, timeout)

        t0 = time.time()
        await asyncio.gather(*(one(p) for p in chosen))
        failed = [(p.id, p.connect_error) for p in chosen if not p.connected]
        return {"t_start": t0, "t_end": time.time(), "connected": len(chosen) - len(failed),
                "failed": failed[:20], "failed_count": len(failed)}

    async def op_sync(self, ids: list[int], pings: int = 6, spacing: float = 0.2) -> int:
        results = await asyncio.gather(*(self.probes[i].sync_burst(pings, spacing) for i in ids))
        return sum(results)

    async def op_buzz(self, id: int, stamp: bool = True) -> dict[str, Any]:  # noqa: A002
        probe = self.probes[id]
        t = time.time()
        payload = {"stamp": probe.local_now()} if stamp else {}
        ack = await probe.call("buzz", payload, timeout=30)
        return {"t_emit": t, "ack": ack, "t_ack": time.time()}

    async def op_await_version(self, version: int, timeout: float = 30.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        live = [p for p in self.probes.values() if p.connected]
        while True:
            lagging = sum(1 for p in live if p.version < version)
            if not lagging or time.monotonic() > deadline:
                return {"t_done": time.time(), "lagging": lagging}
            await asyncio.sleep(0.005)

    async def op_connected_ids(self, kinds: list[str]) -> list[int]:
        return [i for i, p in self.probes.items() if p.connected and p.kind in kinds]

    async def op_report(self) -> dict[str, Any]:
        return {"probes": {i: p.report() for i, p in self.probes.items()},
                "cpu_s": cpu_seconds(os.getpid()), "rss_kb": status_kb(os.getpid(), "VmRSS")}

    async def op_stats(self) -> dict[str, Any]:
        connected = sum(p.connected for p in self.probes.values())
        dropped = sum(bool(p.disconnects) for p in self.probes.values())
        return {"connected": connected, "dropped": dropped,
                "views": sum(p.views for p in self.probes.values()),
                "bytes": sum(p.bytes for p in self.probes.values()),
                "team_bytes_max": max((p.bytes for p in self.probes.values() if p.kind == "team"), default=0),
                "cpu_s": cpu_seconds(os.getpid())}

    async def op_close(self) -> bool:
        self.stop.set()
        return True


def worker_main(conn: Any, base: str, specs: list[dict[str, Any]], light: bool = True) -> None:
    """Entry point of a worker process."""
    asyncio.run(_Worker(conn, base, specs, light).run())
    conn.close()


class Workers:
    """Worker processes, each with its share of probe specs, driven from the parent's loop."""

    def __init__(self, base: str, shares: list[list[dict[str, Any]]], light: bool = True) -> None:
        ctx = multiprocessing.get_context("spawn")
        self._ids = itertools.count()
        self._pending: dict[int, asyncio.Future[Any]] = {}
        self.conns = []
        self.procs = []
        for share in shares:
            parent, child = ctx.Pipe()
            proc = ctx.Process(target=worker_main, args=(child, base, share, light), daemon=True)
            proc.start()
            child.close()
            self.conns.append(parent)
            self.procs.append(proc)

    def attach(self) -> None:
        """Start reading replies on the running loop."""
        loop = asyncio.get_running_loop()
        for conn in self.conns:
            loop.add_reader(conn.fileno(), self._on_reply, conn)

    def _on_reply(self, conn: Any) -> None:
        try:
            rid, ok, result = conn.recv()
        except (EOFError, OSError):
            asyncio.get_running_loop().remove_reader(conn.fileno())
            for fut in self._pending.values():
                if not fut.done():
                    fut.set_exception(RuntimeError("worker process ended"))
            return
        fut = self._pending.pop(rid, None)
        if fut is None or fut.done():
            return
        if ok:
            fut.set_result(result)
        else:
            fut.set_exception(RuntimeError(f"worker failed:\n{result}"))

    async def call(self, index: int, op: str, wait: float = 120.0, **args: Any) -> Any:
        """Run ``op`` in worker ``index``; ``wait`` bounds the reply (``args`` go to the op)."""
        rid = next(self._ids)
        fut: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._pending[rid] = fut
        self.conns[index].send((rid, op, args))
        return await asyncio.wait_for(fut, wait)

    async def all(self, op: str, wait: float = 120.0, **args: Any) -> list[Any]:
        return list(await asyncio.gather(*(self.call(i, op, wait, **args)
                                           for i in range(len(self.conns)))))

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.all("close", wait=10), 10)
        loop = asyncio.get_running_loop()
        for conn in self.conns:
            with contextlib.suppress(Exception):
                loop.remove_reader(conn.fileno())
        for proc in self.procs:
            proc.join(5)
            if proc.is_alive():
                proc.terminate()
                proc.join(5)
