"""Load-generating processes: each runs its share of bench clients (``probe.Probe``).

``Workers`` starts the processes (multiprocessing, spawn: nothing inherited, never
monkey-patched), each an asyncio loop with its probes, and talks to them over a pipe with small
request/reply messages (``call(index, op, **args)``). A bench of 5,000 clients uses about one
process per 1,000 (``processes_for``): one Python process keeps up with about that many
websockets receiving a view at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import math
import multiprocessing
import os
import random
import time
import traceback
from typing import Any

import aiohttp

from .probe import Backoff, Probe
from .stats import cpu_seconds, status_kb

PER_PROCESS = 1000


def processes_for(clients: int, per_process: int = PER_PROCESS) -> int:
    """Load-generating processes for ``clients``: one per ``per_process``, at least 2."""
    return max(2, math.ceil(clients / per_process))


class _Worker:
    def __init__(self, conn: Any, base: str, specs: list[dict[str, Any]], light: bool,
                 backoff: dict[str, float] | None) -> None:
        self.conn, self.base, self.specs, self.light = conn, base, specs, light
        self.backoff = Backoff(**backoff) if backoff else None
        self.probes: dict[int, Probe] = {}
        self.stop = asyncio.Event()

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        connector = aiohttp.TCPConnector(limit=0, force_close=False)
        # no cookie jar: the probes share this session, and each audience probe must present its own cookie
        self.session = aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar())
        self.probes = {s["id"]: Probe(s, self.session, light=self.light, backoff=self.backoff)
                       for s in self.specs}
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
        for probe in self.probes.values():
            probe.closing = True
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

    async def op_answer(self, ids: list[int], at: float, spread: float, choices: list[str],
                        timeout: float = 60.0) -> list[dict[str, Any]]:
        """Audience phones ``ids`` each send one ``audience_answer``, at moments spread evenly
        over ``spread`` seconds from ``at`` (wall clock); each one's send and ack times."""
        n = max(len(ids), 1)

        async def one(k: int, i: int) -> dict[str, Any]:
            probe = self.probes[i]
            await asyncio.sleep(max(0.0, at + spread * k / n - time.time()))
            t = time.time()
            try:
                ack = await probe.call("audience_answer", {"choice": random.choice(choices), "cid": f"aa-{i}"},
                                       timeout=timeout)
            except Exception as exc:  # noqa: BLE001 - e.g. no ack within the timeout
                ack = {"ok": False, "error": {"code": type(exc).__name__}}
            ok = isinstance(ack, dict) and bool(ack.get("ok"))
            error = None if ok else (ack.get("error") if isinstance(ack, dict) else str(ack))
            return {"t_emit": t, "t_ack": time.time(), "ok": ok, "error": error}

        return list(await asyncio.gather(*(one(k, i) for k, i in enumerate(ids))))

    async def op_await_version(self, version: int, timeout: float = 30.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        live = [p for p in self.probes.values() if p.connected]
        while True:
            lagging = sum(1 for p in live if p.version < version)
            if not lagging or time.monotonic() > deadline:
                return {"t_done": time.time(), "lagging": lagging}
            await asyncio.sleep(0.005)

    async def op_resynced(self, since: float, version: int, timeout: float = 30.0) -> dict[str, Any]:
        """After a server restart: for every probe, seconds from ``since`` until it held ``version``
        (or later) on a connection made after ``since``; None for those that did not in ``timeout``."""
        chosen = [p for p in self.probes.values() if p.first]  # held a view before

        def when(p: Probe) -> float | None:
            fresh = next((k for k, t in enumerate(p.epochs) if t > since), None)
            if fresh is None:
                return None
            # a hold carries the number of attempts begun before it: fresh + 1 or more is after ``since``
            return next((t for epoch, v, t in p.holds if epoch > fresh and v >= version), None)

        deadline = time.monotonic() + timeout
        while True:
            times = [when(p) for p in chosen]
            if all(t is not None for t in times) or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.05)
        return {"seconds": [None if t is None else t - since for t in times],
                "connected": sum(p.connected for p in chosen),
                "reconnect_errors": sorted({p.connect_error for p in chosen if p.connect_error})[:5]}

    async def op_connected_ids(self, kinds: list[str]) -> list[int]:
        return [i for i, p in self.probes.items() if p.connected and p.kind in kinds]

    async def op_report(self, holds: bool = False) -> dict[str, Any]:
        probes = {}
        for i, p in self.probes.items():
            rep = p.report()
            if not holds:
                rep.pop("holds")
            probes[i] = rep
        return {"probes": probes, "cpu_s": cpu_seconds(os.getpid()), "rss_kb": status_kb(os.getpid(), "VmRSS")}

    async def op_stats(self) -> dict[str, Any]:
        connected = sum(p.connected for p in self.probes.values())
        dropped = sum(bool(p.disconnects) for p in self.probes.values())
        return {"connected": connected, "dropped": dropped,
                "views": sum(p.views for p in self.probes.values()),
                "bytes": sum(p.bytes for p in self.probes.values()),
                "team_bytes_max": max((p.bytes for p in self.probes.values() if p.kind == "team"), default=0),
                "cpu_s": cpu_seconds(os.getpid())}

    async def op_traffic(self) -> dict[str, dict[str, int]]:
        """Views and bytes received so far, by kind of client."""
        out: dict[str, dict[str, int]] = {}
        for p in self.probes.values():
            row = out.setdefault(p.kind, {"clients": 0, "connected": 0, "views": 0, "bytes": 0,
                                          "patch_bytes": 0, "full_bytes": 0, "gaps": 0})
            row["clients"] += 1
            row["connected"] += p.connected
            row["views"] += p.views
            row["bytes"] += p.bytes
            row["patch_bytes"] += p.patch_bytes
            row["full_bytes"] += p.full_bytes
            row["gaps"] += p.state.gaps
        return out

    async def op_close(self) -> bool:
        for probe in self.probes.values():
            probe.closing = True
        self.stop.set()
        return True


def worker_main(conn: Any, base: str, specs: list[dict[str, Any]], light: bool = True,
                backoff: dict[str, float] | None = None) -> None:
    """Entry point of a worker process."""
    asyncio.run(_Worker(conn, base, specs, light, backoff).run())
    conn.close()


class Workers:
    """Worker processes, each with its share of probe specs, driven from the parent's loop."""

    def __init__(self, base: str, shares: list[list[dict[str, Any]]], light: bool = True,
                 backoff: Backoff | None = None) -> None:
        ctx = multiprocessing.get_context("spawn")
        self._ids = itertools.count()
        self._pending: dict[int, asyncio.Future[Any]] = {}
        self.conns = []
        self.procs = []
        for share in shares:
            parent, child = ctx.Pipe()
            proc = ctx.Process(target=worker_main, args=(child, base, share, light,
                                                            vars(backoff) if backoff else None), daemon=True)
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
