"""The same clients against the bare Flask-SocketIO server (``bench.bare_server``): the floor.

As many clients as quizapp had connected, as many fan-outs of a view of the same size (the
screen view captured during the quizapp run), then back-to-back ``cmd``s for commands/s.
"""

from __future__ import annotations

import argparse
import os
import time
from typing import Any

from . import latency
from .loadgen import Workers
from .phases import await_all, connect_waves, cpu_of, quiet, reports, stop
from .population import shares
from .probe import Probe
from .server import Server
from .stats import CpuWatch, status_kb


async def drive(srv: Server, args: argparse.Namespace, n: int, fanouts: int) -> dict[str, Any]:
    pids = srv.pids
    out: dict[str, Any] = {"clients": n}
    cpu0, rss0 = cpu_of(pids), status_kb(srv.pid, "VmRSS")
    items = [{"id": i, "kind": "bare", "auth": None, "sync": False} for i in range(n)]
    workers = Workers(srv.base, shares(items, args.loadgens), light=not args.full_parse)
    workers.attach()
    watch = CpuWatch()
    watch.start([*pids, os.getpid(), *[p.pid for p in workers.procs]])
    # the bare server has no get_view: its clients hold what it pushes
    ctl = Probe({"kind": "controller", "auth": {"role": "controller"}}, sync_on_connect=False)
    try:
        assert await ctl.connect(srv.base), "controller could not connect"
        conn = await connect_waves(workers, [("bare", args.watch_concurrency, args.team_budget)])
        out["connect"] = conn
        await quiet(pids, 30)
        cpu1, rss1 = cpu_of(pids), status_kb(srv.pid, "VmRSS")
        out["rss_kb_per_client"] = (rss1 - rss0) / max(conn["still_connected"], 1)
        out["cpu_connect_s"] = cpu1 - cpu0
        sends: list[tuple[str, int, float]] = []
        version = 0
        for _ in range(fanouts):
            version += 1
            t = time.time()
            await ctl.call("cmd", {"version": version}, timeout=60)
            sends.append(("cmd", version, t))
            await await_all(workers, version)
        cpu2 = cpu_of(pids)
        out["cpu_ms_per_change"] = (cpu2 - cpu1) / max(fanouts, 1) * 1000
        t_cmd = time.time()
        count = 0
        for _ in range(args.commands):
            if time.time() - t_cmd > args.commands_budget:
                break
            version += 1
            count += 1
            await ctl.call("cmd", {"version": version}, timeout=60)
        cmd_s = time.time() - t_cmd
        await await_all(workers, version, timeout=60)
        out["commands"] = {"count": count, "seconds": cmd_s, "per_s": count / max(cmd_s, 1e-9),
                           "all_clients_have_last_s": time.time() - t_cmd}
        out["cpu_s"] = cpu_of(pids) - cpu0
        out["rss_peak_kb"] = status_kb(srv.pid, "VmHWM")
        reps, _ = await reports(workers)
        out["fanout"] = latency.fanout(reps, sends)
        out["fanout"].pop("per_command")
        out["machine_cpu"] = watch.stop([*pids, os.getpid(), *[p.pid for p in workers.procs]])
        return out
    finally:
        await stop(srv, workers, ctl)
