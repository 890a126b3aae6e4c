"""The fan-out bench against quizapp: connect the room, play a buzz round, time every change.

1. The host and the screen connect (in the bench's own process, decoding every view), then the
   load generators connect the team phones and the audience (``phases.connect_waves``).
2. A scripted round: ShowQuestion, OpenBuzzers, one clock-synced team phone buzzes, Judge,
   Reveal. After every command the bench waits until every client holds the new version, so
   fan-outs never overlap. Buzz -> screen is the time from the phone's emit until the screen
   holds a view with that team answering.
3. Audience play-along (``play_along``), when the contest has a choice question queued.
4. Back-to-back AdjustScore commands for commands/s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import time
from pathlib import Path
from typing import Any

from . import buzz_parts, latency
from .fixture import Fixture
from .loadgen import Workers
from .phases import await_all, connect_waves, cpu_of, log, quiet, reports, stop
from .play_along import play_along
from .population import Shape, shares, specs
from .probe import Probe
from .server import Server
from .stats import CpuWatch, percentile, status_kb, thread_count


def _rss(pids: list[int], key: str = "VmRSS") -> int:
    return sum(status_kb(pid, key) for pid in pids)


async def drive(srv: Server, fx: Fixture, args: argparse.Namespace, shape: Shape,
                payload_out: Path) -> dict[str, Any]:
    pids = srv.pids
    out: dict[str, Any] = {"clients": shape.clients, "teams": shape.teams,
                           "team_devices": shape.team_devices, "audience": shape.audience,
                           "server_processes": len(pids)}
    cpu0, rss0 = cpu_of(pids), _rss(pids)
    out["rss_idle_kb"] = rss0
    items = [{**s, "patches": not args.whole_views} for s in specs(fx, shape)]
    team_of = {s["id"]: s.get("team", "") for s in items}
    workers = Workers(srv.base, shares(items, args.loadgens), light=not args.full_parse)
    workers.attach()
    nproc = len(workers.conns)
    out["load_generators"] = nproc
    watch = CpuWatch()
    watch.start([*pids, os.getpid(), *[p.pid for p in workers.procs]])
    host = Probe({"kind": "host", "auth": {"role": "host", "contest": fx.contest_id, "token": fx.host_token}},
                 keep_view=True, patches=not args.whole_views)
    screen = Probe({"kind": "screen", "auth": {"role": "screen", "contest": fx.contest_id}}, keep_view=True,
                   patches=not args.whole_views)
    try:
        assert await host.connect(srv.base) and await screen.connect(srv.base), "host/screen could not connect"
        log(f"connecting {shape.team_devices} team devices, then {shape.audience} audience phones "
            f"from {nproc} load-generating processes")
        conn = await connect_waves(workers, [("team", args.team_concurrency, args.team_budget),
                                             ("watch", args.watch_concurrency, args.watch_budget)])
        out["connect"] = conn
        log(f"connect: {conn['connected']}/{shape.clients} in {conn['seconds']:.1f} s"
            + ("" if conn["complete"] else " -- INCOMPLETE: connect budget spent"))
        teams_online = conn["waves"][0]["connected"]
        t_wait = time.time()
        # (with several workers the screen may count only its own worker's phones: wait less)
        seen = await screen.wait_view(lambda v: sum((v.get("presence") or {}).get("devices", {}).values())
                                      >= teams_online, args.settle_timeout if len(pids) == 1 else 10)
        out["presence_complete_after_connect_s"] = time.time() - t_wait if seen else None
        out["settle_after_connect_s"] = await quiet(pids, args.settle_timeout)
        cpu1, rss1 = cpu_of(pids), _rss(pids)
        out["rss_connected_kb"] = rss1
        out["rss_kb_per_client"] = (rss1 - rss0) / max(conn["still_connected"], 1)
        out["threads_connected"] = sum(thread_count(pid) for pid in pids)
        out["cpu_connect_s"] = cpu1 - cpu0
        log(f"server quiet {out['settle_after_connect_s']:.1f} s later; RSS {rss0} -> {rss1} kB; "
            f"server CPU so far {cpu1 - cpu0:.1f} s; {conn['views']} views pushed to clients while joining")

        # the phones that will buzz: connected team devices, synced like live.js does on joining
        online = sorted(i for r in await workers.all("connected_ids", kinds=["team"]) for i in r)
        if not online:
            raise RuntimeError("no team device connected")
        first_online: dict[str, int] = {}
        for i in online:
            first_online.setdefault(team_of[i], i)
        pool = list(first_online.values())
        buzzers = [pool[k % len(pool)] for k in range(args.questions)]
        by_worker: dict[int, list[int]] = {}
        for b in sorted(set(buzzers)):
            by_worker.setdefault(b % nproc, []).append(b)
        await asyncio.gather(*(workers.call(w, "sync", 60, ids=ids, pings=6, spacing=0.2)
                               for w, ids in by_worker.items()))

        sends: list[tuple[str, int, float]] = []
        buzz_lat: list[float] = []
        buzz_samples: list[tuple[str, float, float]] = []  # team, emitted, screen held the winner
        buzz_errors: list[Any] = []
        lagging = 0

        async def command(payload: dict[str, Any]) -> int:
            nonlocal lagging
            t = time.time()
            ack = await host.call("command", payload, timeout=60)
            if not ack.get("ok"):
                raise RuntimeError(f"{payload['type']} refused: {ack}")
            sends.append((payload["type"], ack["version"], t))
            lagging += await await_all(workers, ack["version"])
            return int(ack["version"])

        traffic0 = await latency.traffic(workers, host, screen)
        helpers0 = {name: cpu_of([pid]) for name, pid in srv.helpers.items()}
        t_script = time.time()
        asked = 0
        for k in range(args.questions):
            if time.time() - t_script > args.script_budget:
                log(f"script budget of {args.script_budget:.0f} s spent after {k} questions")
                break
            bid = buzzers[k]
            team = team_of[bid]
            await command({"type": "ShowQuestion"})
            await command({"type": "OpenBuzzers"})
            waiting = asyncio.create_task(screen.wait_view(
                lambda v, team=team: (v.get("episode") or {}).get("team_id") == team
                and v["episode"]["phase"] == "answering", 30))
            try:
                res = await workers.call(bid % nproc, "buzz", 60, id=bid)
            except Exception as exc:  # noqa: BLE001 - e.g. that phone was dropped
                res = {"ack": {"ok": False, "error": str(exc)[-200:]}, "t_emit": time.time()}
            view = await waiting
            if view is None or not res["ack"].get("ok"):
                buzz_errors.append({"question": k, "ack": res["ack"], "screen_saw_winner": bool(view)})
            else:
                buzz_lat.append(screen.view_time - res["t_emit"])
                buzz_samples.append((team, res["t_emit"], screen.view_time))
                lagging += await await_all(workers, view["version"])
            if view is None:
                await command({"type": "SkipQuestion"})
            else:
                await command({"type": "Judge", "correct": k % 2 == 0})
            await command({"type": "Reveal"})
            asked += 1
        out["questions_asked"] = asked
        out["script_s"] = time.time() - t_script
        cpu2 = cpu_of(pids)
        changes = len(sends) + len(buzz_lat)  # a buzz publishes once its window closes
        out["cpu_script_s"] = cpu2 - cpu1
        out["cpu_ms_per_change"] = (cpu2 - cpu1) / max(changes, 1) * 1000
        # nginx and Redis (several workers): their CPU per change, not counted in the server's
        out["helper_cpu_ms_per_change"] = {name: (cpu_of([pid]) - helpers0[name]) / max(changes, 1) * 1000
                                           for name, pid in srv.helpers.items()}
        out["bytes_per_change"] = latency.per_change(traffic0, await latency.traffic(workers, host, screen),
                                                     changes)
        log(f"script: {asked} questions in {out['script_s']:.1f} s, server CPU {cpu2 - cpu1:.1f} s "
            f"({out['cpu_ms_per_change']:.0f} ms per change)")

        if args.play_along:
            out["play_along"] = await play_along(workers, fx, command, pids, args.play_along)
        cpu2b = cpu_of(pids)

        # sustained host commands: back to back, each awaited by its ack
        t_cmd = time.time()
        last = count = 0
        for i in range(args.commands):
            if time.time() - t_cmd > args.commands_budget:
                break
            ack = await host.call("command", {"type": "AdjustScore", "team_id": fx.team_ids[i % shape.teams],
                                              "delta": 1, "reason": "压测"}, timeout=60)
            if not ack.get("ok"):
                raise RuntimeError(f"AdjustScore refused: {ack}")
            last, count = ack["version"], count + 1
        cmd_s = time.time() - t_cmd
        lag = await await_all(workers, last, timeout=60)
        cpu3 = cpu_of(pids)
        out["commands"] = {"count": count, "seconds": cmd_s, "per_s": count / max(cmd_s, 1e-9),
                           "all_clients_have_last_s": time.time() - t_cmd, "lagging_after_60s": lag,
                           "cpu_s": cpu3 - cpu2b, "cpu_ms_per_command": (cpu3 - cpu2b) / max(count, 1) * 1000}
        log(f"commands: {count} in {cmd_s:.1f} s = {out['commands']['per_s']:.2f}/s; every client had the last "
            f"one {out['commands']['all_clients_have_last_s']:.1f} s after the first was sent")
        out["cpu_s"] = cpu3 - cpu0
        out["rss_peak_kb"] = _rss(pids, "VmHWM")

        reps, worker_cpu = await reports(workers)
        out["load_generator_cpu_s"] = worker_cpu
        out["fanout"] = latency.fanout(reps, sends)
        out["fanout"]["lagging_after_30s_waits"] = lagging
        out["buzz_to_screen"] = {"p50": percentile(buzz_lat, 50), "p99": percentile(buzz_lat, 99),
                                 "max": max(buzz_lat) if buzz_lat else math.nan,
                                 "samples": len(buzz_lat), "errors": buzz_errors,
                                 "parts": buzz_parts.split(fx, buzz_samples)}
        out["dropped_connections"] = sum(bool(r["disconnects"]) for r in reps.values())
        out["view_bytes_screen"] = len(json.dumps(screen.view))
        out["view_bytes_host"] = len(json.dumps(host.view))
        payload_out.write_text(json.dumps({**screen.view, "audience": "watch"}), encoding="utf-8")
        out["machine_cpu"] = watch.stop([*pids, os.getpid(), *[p.pid for p in workers.procs]])
        return out
    finally:
        await stop(srv, workers, host, screen)
