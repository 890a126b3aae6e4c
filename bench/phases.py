"""Steps every socket bench repeats: connect in waves, wait for the room, wait for quiet, stop.

They drive ``loadgen.Workers`` from the bench's own asyncio loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import time
from pathlib import Path
from typing import Any

from .loadgen import Workers
from .probe import Probe
from .stats import cpu_seconds


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def cpu_of(pids: list[int]) -> float:
    """CPU seconds of the server processes (one, or every worker)."""
    total = 0.0
    for pid in pids:
        with contextlib.suppress(OSError):
            total += cpu_seconds(pid)
    return total


def children(pid: int) -> list[int]:
    """Direct child processes of ``pid`` (nginx's workers under its master), from /proc."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, IndexError, ValueError):
            text = (entry / "stat").read_text()
            if int(text[text.rindex(")") + 2:].split()[1]) == pid:
                out.append(int(entry.name))
    return out


async def quiet(pids: list[int], timeout: float, idle_share: float = 0.08, step: float = 0.5) -> float:
    """Wait until the server processes together use < ``idle_share`` of a core each for two steps;
    seconds waited."""
    idle_share *= max(len(pids), 1)
    t0 = time.time()
    last = cpu_of(pids)
    calm = 0
    while time.time() - t0 < timeout:
        await asyncio.sleep(step)
        now = cpu_of(pids)
        calm = calm + 1 if now - last < idle_share * step else 0
        last = now
        if calm >= 2:
            break
    return time.time() - t0


async def await_all(workers: Workers, version: int, timeout: float = 30.0) -> int:
    """Wait until every connected client holds ``version``; how many still lag after ``timeout``."""
    replies = await asyncio.gather(*(workers.call(i, "await_version", timeout + 10,
                                                  version=version, timeout=timeout)
                                     for i in range(len(workers.conns))))
    return sum(r["lagging"] for r in replies)


async def _progress(workers: Workers, t0: float, every: float = 15.0) -> None:
    """Log how the connect phase is going until cancelled."""
    while True:
        await asyncio.sleep(every)
        try:
            stats = await workers.all("stats", wait=10)
        except Exception:  # noqa: BLE001 - progress only
            continue
        log(f"  ... {time.time() - t0:.0f} s: {sum(s['connected'] for s in stats)} connected, "
            f"{sum(s['dropped'] for s in stats)} dropped, {sum(s['views'] for s in stats)} views received")


async def connect_waves(workers: Workers, waves: list[tuple[str, int, float]]) -> dict[str, Any]:
    """Connect wave after wave (kind, concurrency per process, budget seconds)."""
    t0 = time.time()
    done = []
    reporter = asyncio.create_task(_progress(workers, t0))
    try:
        for kind, concurrency, budget in waves:
            start = time.time()
            replies = await asyncio.gather(*(workers.call(i, "connect", budget + 120, kinds=[kind],
                                                          concurrency=concurrency, timeout=20,
                                                          deadline=start + budget)
                                             for i in range(len(workers.conns))))
            failures = [f for r in replies for f in r["failed"]]
            done.append({"kind": kind, "seconds": max(r["t_end"] for r in replies) - start,
                         "budget_s": budget, "connected": sum(r["connected"] for r in replies),
                         "failed": sum(r["failed_count"] for r in replies), "failures": failures[:5]})
            log(f"  {kind}: {done[-1]['connected']} connected in {done[-1]['seconds']:.1f} s, "
                f"{done[-1]['failed']} not connected")
    finally:
        reporter.cancel()
    stats = await workers.all("stats")
    return {"seconds": time.time() - t0, "waves": done, "complete": all(w["failed"] == 0 for w in done),
            "connected": sum(w["connected"] for w in done), "failed": sum(w["failed"] for w in done),
            "still_connected": sum(s["connected"] for s in stats),
            "dropped": sum(s["dropped"] for s in stats), "views": sum(s["views"] for s in stats),
            "bytes": sum(s["bytes"] for s in stats), "team_bytes_max": max(s["team_bytes_max"] for s in stats)}


async def reports(workers: Workers, holds: bool = False) -> tuple[dict[int, dict[str, Any]], float]:
    """Every client's report by id, and the load generators' CPU seconds."""
    out: dict[int, dict[str, Any]] = {}
    cpu = 0.0
    for r in await workers.all("report", wait=120, holds=holds):
        out.update({int(k): v for k, v in r["probes"].items()})
        cpu += r["cpu_s"]
    return out, cpu


async def stop(server: Any, workers: Workers, *probes: Probe) -> None:
    """Stop the server before the clients: their disconnects would each make it republish."""
    server.terminate()
    await workers.close()
    for probe in probes:
        await probe.close()
