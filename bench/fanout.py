"""``scripts/bench fanout``: one contest, N real Socket.IO clients, a scripted buzz round.

Per server mode (eventlet, threading) the bench:

1. builds a contest (``--clients/10`` teams of 5 devices plus as many audience phones as team
   devices: 100 teams and 1,000 clients by default) with one buzz round, directly through the
   service, then starts ``quizapp serve`` on that instance;
2. connects the host (with a per-contest token minted for the bench) and the screen (in this
   process) and the N clients (in ``--workers`` worker processes, python-socketio
   ``AsyncClient`` over aiohttp websockets): team devices first (they answer the server's
   ``clock_ping``s like live.js), then the audience (each loads ``/watch/<id>`` for its signed
   cookie and presents it in the handshake; the server runs with ``QUIZAPP_AUDIENCE_BURST``
   raised because every client shares 127.0.0.1). Each wave has a time budget: no connection
   is started after it;
3. plays ``--questions`` questions: ShowQuestion, OpenBuzzers, one team phone (clock-synced like
   live.js) buzzes, Judge, Reveal. After every command it waits until every client has the new
   version, so fan-outs never overlap (the round stops early when ``--script-budget`` is spent);
4. sends ``--commands`` AdjustScore commands back to back, each awaited by its ack (bounded by
   ``--commands-budget``), then waits until every client has the last one;
5. runs the bare Flask-SocketIO server (``bench.bare_server``) with as many clients as quizapp
   had connected and as many fan-outs of a view of the same size.

All processes share the machine clock: latencies are ``time.time()`` differences between the
sender's send and the receiver's receipt (after JSON decoding in the client).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .fixture import Fixture, build
from .loadgen import Probe, Workers
from .server import Server, bare_server, quizapp_server
from .stats import (
    CpuWatch,
    cpu_seconds,
    kv_line,
    machine,
    ms,
    percentile,
    server_code,
    status_kb,
    thread_count,
    write_json,
)

BUZZ_ROUND = {"kind": "buzz", "title": "抢答题（压测）",
              "settings": {"reopen_after_wrong": False, "no_buzz_seconds": 600,
                           "start_answer_seconds": 600, "answer_seconds": 600}}
MEMBERS = 5


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def _args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="scripts/bench fanout", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--clients", type=int, default=1000,
                   help="team devices + audience phones (teams = clients/10, 5 devices each)")
    p.add_argument("--questions", type=int, default=20, help="questions in the scripted round (K)")
    p.add_argument("--commands", type=int, default=100, help="back-to-back host commands for commands/s")
    p.add_argument("--modes", default="eventlet,threading", help="comma-separated server modes")
    p.add_argument("--servers", default="quizapp,bare", help="quizapp, bare or both")
    p.add_argument("--workers", type=int, default=2, help="load-generating processes")
    p.add_argument("--full-parse", action="store_true",
                   help="clients decode every view fully (default: they read only its version)")
    p.add_argument("--team-concurrency", type=int, default=25,
                   help="team devices each worker connects at once (use 2 to pace a server that republishes on every join)")
    p.add_argument("--watch-concurrency", type=int, default=25, help="audience phones each worker connects at once")
    p.add_argument("--team-budget", type=float, default=60.0,
                   help="seconds after which no further team device starts connecting")
    p.add_argument("--watch-budget", type=float, default=30.0,
                   help="seconds after which no further audience phone starts connecting")
    p.add_argument("--script-budget", type=float, default=25.0,
                   help="seconds after which the scripted round asks no new question")
    p.add_argument("--commands-budget", type=float, default=10.0,
                   help="seconds after which no further back-to-back command is sent")
    p.add_argument("--server-module", default="quizapp",
                   help="run `python -m MODULE serve ...` instead of quizapp (to bench an experimental build)")
    p.add_argument("--settle-timeout", type=float, default=60.0,
                   help="longest wait for the server to go quiet after connecting")
    return p.parse_args(argv)


# --- helpers -------------------------------------------------------------------------------

def _specs(fx: Fixture, teams: int, audience: int) -> list[dict[str, Any]]:
    specs: list[dict[str, Any]] = []
    for ti, team in enumerate(fx.team_ids[:teams]):
        for m, token in enumerate(fx.tokens[team][:MEMBERS]):
            specs.append({"id": ti * MEMBERS + m, "kind": "team", "team": team,
                          "auth": {"role": "team", "token": token}})
    base = teams * MEMBERS
    for w in range(audience):
        # like a phone: load /watch/<id> for the signed audience cookie, then open the socket with it
        specs.append({"id": base + w, "kind": "watch", "cookie_page": f"/watch/{fx.contest_id}",
                      "auth": {"role": "watch", "contest": fx.contest_id}})
    return specs


def _server_env(audience: int) -> dict[str, str]:
    """Every bench client comes from 127.0.0.1, while the server limits audience ids and audience
    connects per address (600 at once by default): raise the burst so one address may hold them all."""
    return {"QUIZAPP_AUDIENCE_BURST": str(max(600, 2 * audience))}


def _shares(specs: list[dict[str, Any]], workers: int) -> list[list[dict[str, Any]]]:
    return [[s for s in specs if s["id"] % workers == i] for i in range(workers)]


async def _quiet(pid: int, timeout: float, idle_share: float = 0.08, step: float = 0.5) -> float:
    """Wait until the server uses < ``idle_share`` of a core for two steps; seconds waited."""
    t0 = time.time()
    last = cpu_seconds(pid)
    calm = 0
    while time.time() - t0 < timeout:
        await asyncio.sleep(step)
        now = cpu_seconds(pid)
        calm = calm + 1 if now - last < idle_share * step else 0
        last = now
        if calm >= 2:
            break
    return time.time() - t0


def _latencies(reports: dict[int, dict[str, Any]], sends: list[tuple[str, int, float]]) -> dict[str, Any]:
    """Per (command, client) latency from send to the first view with version >= the command's."""
    pooled: list[float] = []
    per_cmd_max: list[float] = []
    per_cmd: list[dict[str, Any]] = []
    missing = 0
    live = [r for r in reports.values() if r["connected"] or r["disconnects"]]
    for name, version, t_send in sends:
        lats = []
        for rep in live:
            t = next((t for v, t in rep["first"] if v >= version), None)
            if t is None:
                missing += 1
            else:
                lats.append(t - t_send)
        pooled += lats
        if lats:
            per_cmd_max.append(max(lats))
            per_cmd.append({"command": name, "version": version, "p50_ms": ms(percentile(lats, 50)),
                            "max_ms": ms(max(lats)), "received": len(lats)})
    return {"p50": percentile(pooled, 50), "p90": percentile(pooled, 90),
            "p99": percentile(pooled, 99), "max": max(pooled) if pooled else math.nan,
            "all_reached_p50": percentile(per_cmd_max, 50), "all_reached_p99": percentile(per_cmd_max, 99),
            "fanouts": len(sends), "samples": len(pooled), "missing": missing, "per_command": per_cmd}


async def _await_all(workers: Workers, version: int, timeout: float = 30.0) -> int:
    """Wait until every connected client has ``version``; how many still lag after ``timeout``."""
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


async def _connect_waves(workers: Workers, waves: list[tuple[str, int, float]]) -> dict[str, Any]:
    """Connect wave after wave (kind, concurrency per worker, budget seconds)."""
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


async def _stop(srv: Server, workers: Workers, *probes: Probe) -> None:
    """Stop the server before the clients: their disconnects would each make it republish."""
    srv.proc.terminate()
    try:
        srv.proc.wait(10)
    except Exception:  # noqa: BLE001
        srv.proc.kill()
    await workers.close()
    for probe in probes:
        await probe.close()


# --- quizapp run ---------------------------------------------------------------------------

async def _drive_quizapp(srv: Server, fx: Fixture, args: argparse.Namespace, teams: int,
                         audience: int, payload_out: Path) -> dict[str, Any]:
    pid = srv.pid
    n = teams * MEMBERS + audience
    out: dict[str, Any] = {"clients": n, "teams": teams, "team_devices": teams * MEMBERS, "audience": audience}
    cpu0, rss0 = cpu_seconds(pid), status_kb(pid, "VmRSS")
    out["rss_idle_kb"] = rss0
    specs = _specs(fx, teams, audience)
    team_of = {s["id"]: s.get("team", "") for s in specs}
    workers = Workers(srv.base, _shares(specs, args.workers), light=not args.full_parse)
    workers.attach()
    watch = CpuWatch()
    watch.start([pid, os.getpid(), *[p.pid for p in workers.procs]])
    host = Probe({"kind": "host", "auth": {"role": "host", "contest": fx.contest_id, "token": fx.host_token}},
                 keep_view=True)
    screen = Probe({"kind": "screen", "auth": {"role": "screen", "contest": fx.contest_id}}, keep_view=True)
    try:
        assert await host.connect(srv.base) and await screen.connect(srv.base), "host/screen could not connect"
        log(f"connecting {teams * MEMBERS} team devices, then {audience} audience phones")
        conn = await _connect_waves(workers, [("team", args.team_concurrency, args.team_budget),
                                              ("watch", args.watch_concurrency, args.watch_budget)])
        out["connect"] = conn
        log(f"connect: {conn['connected']}/{n} in {conn['seconds']:.1f} s"
            + ("" if conn["complete"] else " -- INCOMPLETE: connect budget spent"))
        teams_online = conn["waves"][0]["connected"]
        t_wait = time.time()
        seen = await screen.wait_view(lambda v: sum(v["presence"]["devices"].values()) >= teams_online,
                                      args.settle_timeout)
        out["presence_complete_after_connect_s"] = time.time() - t_wait if seen else None
        out["settle_after_connect_s"] = await _quiet(pid, args.settle_timeout)
        cpu1, rss1 = cpu_seconds(pid), status_kb(pid, "VmRSS")
        out["rss_connected_kb"] = rss1
        out["rss_kb_per_client"] = (rss1 - rss0) / max(conn["still_connected"], 1)
        out["threads_connected"] = thread_count(pid)
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
            by_worker.setdefault(b % args.workers, []).append(b)
        await asyncio.gather(*(workers.call(w, "sync", 60, ids=ids, pings=6, spacing=0.2)
                               for w, ids in by_worker.items()))

        sends: list[tuple[str, int, float]] = []
        buzz_lat: list[float] = []
        buzz_errors: list[Any] = []
        lagging = 0

        async def command(payload: dict[str, Any]) -> int:
            nonlocal lagging
            t = time.time()
            ack = await host.call("command", payload, timeout=60)
            if not ack.get("ok"):
                raise RuntimeError(f"{payload['type']} refused: {ack}")
            sends.append((payload["type"], ack["version"], t))
            lagging += await _await_all(workers, ack["version"])
            return int(ack["version"])

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
                res = await workers.call(bid % args.workers, "buzz", 60, id=bid)
            except Exception as exc:  # noqa: BLE001 - e.g. that phone was dropped
                res = {"ack": {"ok": False, "error": str(exc)[-200:]}, "t_emit": time.time()}
            view = await waiting
            if view is None or not res["ack"].get("ok"):
                buzz_errors.append({"question": k, "ack": res["ack"], "screen_saw_winner": bool(view)})
            else:
                buzz_lat.append(screen.view_time - res["t_emit"])
                lagging += await _await_all(workers, view["version"])
            if view is None:
                await command({"type": "SkipQuestion"})
            else:
                await command({"type": "Judge", "correct": k % 2 == 0})
            await command({"type": "Reveal"})
            asked += 1
        out["questions_asked"] = asked
        out["script_s"] = time.time() - t_script
        cpu2 = cpu_seconds(pid)
        out["cpu_script_s"] = cpu2 - cpu1
        out["cpu_ms_per_fanout"] = (cpu2 - cpu1) / max(len(sends) + len(buzz_lat), 1) * 1000
        log(f"script: {asked} questions in {out['script_s']:.1f} s, server CPU {cpu2 - cpu1:.1f} s")

        # sustained host commands: back to back, each awaited by its ack
        t_cmd = time.time()
        last = count = 0
        for i in range(args.commands):
            if time.time() - t_cmd > args.commands_budget:
                break
            ack = await host.call("command", {"type": "AdjustScore", "team_id": fx.team_ids[i % teams],
                                              "delta": 1, "reason": "压测"}, timeout=60)
            if not ack.get("ok"):
                raise RuntimeError(f"AdjustScore refused: {ack}")
            last, count = ack["version"], count + 1
        cmd_s = time.time() - t_cmd
        lag = await _await_all(workers, last, timeout=60)
        cpu3 = cpu_seconds(pid)
        out["commands"] = {"count": count, "seconds": cmd_s, "per_s": count / cmd_s,
                           "all_clients_have_last_s": time.time() - t_cmd, "lagging_after_60s": lag,
                           "cpu_s": cpu3 - cpu2, "cpu_ms_per_command": (cpu3 - cpu2) / max(count, 1) * 1000}
        log(f"commands: {count} in {cmd_s:.1f} s = {count / cmd_s:.2f}/s; every client had the last one "
            f"{out['commands']['all_clients_have_last_s']:.1f} s after the first was sent")
        out["cpu_s"] = cpu3 - cpu0
        out["rss_peak_kb"] = status_kb(pid, "VmHWM")

        reports: dict[int, dict[str, Any]] = {}
        worker_cpu = 0.0
        for r in await workers.all("report", wait=120):
            reports.update({int(k): v for k, v in r["probes"].items()})
            worker_cpu += r["cpu_s"]
        out["load_generator_cpu_s"] = worker_cpu
        out["fanout"] = _latencies(reports, sends)
        out["fanout"]["lagging_after_30s_waits"] = lagging
        out["buzz_to_screen"] = {"p50": percentile(buzz_lat, 50), "p99": percentile(buzz_lat, 99),
                                 "max": max(buzz_lat) if buzz_lat else math.nan,
                                 "samples": len(buzz_lat), "errors": buzz_errors}
        out["dropped_connections"] = sum(bool(r["disconnects"]) for r in reports.values())
        out["view_bytes_screen"] = len(json.dumps(screen.view))
        out["view_bytes_host"] = len(json.dumps(host.view))
        payload_out.write_text(json.dumps({**screen.view, "audience": "watch"}), encoding="utf-8")
        out["machine_cpu"] = watch.stop([pid, os.getpid(), *[p.pid for p in workers.procs]])
        return out
    finally:
        await _stop(srv, workers, host, screen)


async def _drive_bare(srv: Server, args: argparse.Namespace, n: int, fanouts: int) -> dict[str, Any]:
    pid = srv.pid
    out: dict[str, Any] = {"clients": n}
    cpu0, rss0 = cpu_seconds(pid), status_kb(pid, "VmRSS")
    specs = [{"id": i, "kind": "bare", "auth": None} for i in range(n)]
    workers = Workers(srv.base, _shares(specs, args.workers), light=not args.full_parse)
    workers.attach()
    watch = CpuWatch()
    watch.start([pid, os.getpid(), *[p.pid for p in workers.procs]])
    ctl = Probe({"kind": "controller", "auth": {"role": "controller"}})
    try:
        assert await ctl.connect(srv.base), "controller could not connect"
        conn = await _connect_waves(workers, [("bare", args.watch_concurrency, args.team_budget)])
        out["connect"] = conn
        await _quiet(pid, 30)
        cpu1, rss1 = cpu_seconds(pid), status_kb(pid, "VmRSS")
        out["rss_kb_per_client"] = (rss1 - rss0) / max(conn["still_connected"], 1)
        out["cpu_connect_s"] = cpu1 - cpu0
        sends: list[tuple[str, int, float]] = []
        version = 0
        for _ in range(fanouts):
            version += 1
            t = time.time()
            await ctl.call("cmd", {"version": version}, timeout=60)
            sends.append(("cmd", version, t))
            await _await_all(workers, version)
        cpu2 = cpu_seconds(pid)
        out["cpu_ms_per_fanout"] = (cpu2 - cpu1) / max(fanouts, 1) * 1000
        t_cmd = time.time()
        count = 0
        for _ in range(args.commands):
            if time.time() - t_cmd > args.commands_budget:
                break
            version += 1
            count += 1
            await ctl.call("cmd", {"version": version}, timeout=60)
        cmd_s = time.time() - t_cmd
        await _await_all(workers, version, timeout=60)
        out["commands"] = {"count": count, "seconds": cmd_s, "per_s": count / cmd_s,
                           "all_clients_have_last_s": time.time() - t_cmd}
        out["cpu_s"] = cpu_seconds(pid) - cpu0
        out["rss_peak_kb"] = status_kb(pid, "VmHWM")
        reports: dict[int, dict[str, Any]] = {}
        for r in await workers.all("report", wait=120):
            reports.update({int(k): v for k, v in r["probes"].items()})
        out["fanout"] = _latencies(reports, sends)
        out["fanout"].pop("per_command")
        out["machine_cpu"] = watch.stop([pid, os.getpid(), *[p.pid for p in workers.procs]])
        return out
    finally:
        await _stop(srv, workers, ctl)


def run_mode(mode: str, args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    teams = max(2, round(args.clients / 10))
    audience = max(0, args.clients - teams * MEMBERS)
    servers = {s.strip() for s in args.servers.split(",")}
    result: dict[str, Any] = {"mode": mode, "requested_clients": teams * MEMBERS + audience}
    payload = workdir / f"view-{mode}.json"
    clients, fanouts = teams * MEMBERS + audience, args.questions * 5
    if "quizapp" in servers:
        inst = workdir / f"inst-{mode}"
        log(f"== {mode}: building a contest with {teams} teams x {MEMBERS} devices + {audience} audience")
        fx = build(inst, teams, MEMBERS, [BUZZ_ROUND], questions_per_round=args.questions + 5)
        t0 = time.time()
        with quizapp_server(inst, mode, env=_server_env(audience), module=args.server_module) as srv:
            result["quizapp"] = asyncio.run(_drive_quizapp(srv, fx, args, teams, audience, payload))
            q = result["quizapp"]
            q["server_log_tail"] = srv.log_tail(15)
        q["wall_s"] = time.time() - t0
        clients, fanouts = q["connect"]["still_connected"], q["fanout"]["fanouts"]
    else:
        payload.write_text(json.dumps({"version": 0, "pad": "x" * 30000}), encoding="utf-8")
    if "bare" in servers:
        t0 = time.time()
        log(f"== {mode}: bare Flask-SocketIO server, {clients} clients, {fanouts} fan-outs")
        with bare_server(mode, payload) as srv:
            result["bare"] = asyncio.run(_drive_bare(srv, args, clients, fanouts))
            result["bare"]["server_log_tail"] = srv.log_tail(15)
        result["bare"]["wall_s"] = time.time() - t0
    return result


def summary(r: dict[str, Any]) -> dict[str, Any]:
    q = r.get("quizapp")
    bare = r.get("bare", {}).get("fanout", {}).get("p99", math.nan)
    if q is None:
        return {"clients": r["requested_clients"], "mode": r["mode"], "bare_fanout_p99_ms": ms(bare)}
    ours = q["fanout"]["p99"]
    return {"clients": r["requested_clients"], "mode": r["mode"],
            "connected": q["connect"]["still_connected"],
            "connect_complete": "yes" if q["connect"]["complete"] else "no",
            "connect_s": round(q["connect"]["seconds"], 2),
            "buzz_to_screen_p50_ms": ms(q["buzz_to_screen"]["p50"]),
            "buzz_to_screen_p99_ms": ms(q["buzz_to_screen"]["p99"]),
            "fanout_p50_ms": ms(q["fanout"]["p50"]), "fanout_p99_ms": ms(ours),
            "bare_fanout_p99_ms": ms(bare),
            "fanout_ratio": round(ours / bare, 2) if math.isfinite(bare) and bare > 0 else math.nan,
            "commands_per_s": round(q["commands"]["per_s"], 2), "cpu_s": round(q["cpu_s"], 1),
            "rss_kb_per_client": round(q["rss_kb_per_client"], 1)}


def _print_mode(r: dict[str, Any]) -> None:
    mode = r["mode"]
    q, b = r.get("quizapp"), r.get("bare")
    if q:
        c = q["connect"]
        waves = ", ".join(f"{w['connected']} {w['kind']} in {w['seconds']:.1f} s" for w in c["waves"])
        print(f"\n[{mode}] quizapp: {c['still_connected']}/{q['clients']} clients connected ({waves})"
              + ("" if c["complete"] else " INCOMPLETE within the connect budget")
              + f"; {c['views']} views ({c['bytes'] / 1e6:.0f} MB) pushed while joining, up to "
              f"{c['team_bytes_max'] / 1e6:.1f} MB to one team phone; busy {q['settle_after_connect_s']:.1f} s more")
        bz = q["buzz_to_screen"]
        print(f"[{mode}] buzz->screen p50 {ms(bz['p50'])} ms p99 {ms(bz['p99'])} ms ({bz['samples']} buzzes, "
              f"{len(bz['errors'])} failed)")
        f = q["fanout"]
        print(f"[{mode}] fan-out per client p50 {ms(f['p50'])} p90 {ms(f['p90'])} p99 {ms(f['p99'])} ms; "
              f"whole room reached p50 {ms(f['all_reached_p50'])} p99 {ms(f['all_reached_p99'])} ms "
              f"({f['fanouts']} fan-outs, {q['questions_asked']} questions); view {q['view_bytes_screen']} bytes; "
              f"{q['cpu_ms_per_fanout']:.0f} ms server CPU per fan-out")
        cm = q["commands"]
        print(f"[{mode}] commands {cm['per_s']:.2f}/s ({cm['count']} in {cm['seconds']:.1f} s, "
              f"{cm['cpu_ms_per_command']:.0f} ms server CPU each; all clients had the last after "
              f"{cm['all_clients_have_last_s']:.1f} s)")
        mc = q["machine_cpu"]
        print(f"[{mode}] server CPU {q['cpu_s']:.1f} s (connect {q['cpu_connect_s']:.1f}, script {q['cpu_script_s']:.1f}, "
              f"commands {cm['cpu_s']:.1f}); RSS idle {q['rss_idle_kb']} kB, connected {q['rss_connected_kb']} kB "
              f"({q['rss_kb_per_client']:.1f} kB/client), peak {q['rss_peak_kb']} kB; threads {q['threads_connected']}; "
              f"dropped {q['dropped_connections']}; load generators {q['load_generator_cpu_s']:.1f} s CPU; "
              f"other processes {mc['others_s']:.1f} s CPU over {mc['wall_s']:.0f} s")
    if b:
        bf = b["fanout"]
        print(f"[{mode}] bare: {b['connect']['still_connected']} connected in {b['connect']['seconds']:.1f} s; "
              f"fan-out p50 {ms(bf['p50'])} p99 {ms(bf['p99'])} ms, whole room p50 {ms(bf['all_reached_p50'])} ms; "
              f"{b['cpu_ms_per_fanout']:.0f} ms CPU per fan-out; {b['commands']['per_s']:.1f} cmd/s; "
              f"CPU {b['cpu_s']:.1f} s; {b['rss_kb_per_client']:.1f} kB/client; "
              f"other processes {b['machine_cpu']['others_s']:.1f} s CPU")


def main(argv: list[str] | None = None) -> int:
    args = _args(argv)
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    workdir = Path(tempfile.mkdtemp(prefix="bench-fanout-"))
    results: dict[str, Any] = {"bench": "fanout", "argv": sys.argv[1:], "args": vars(args),
                               "machine": machine(), "server_code": server_code(),
                               "started": time.strftime("%Y-%m-%d %H:%M:%S"),
                               "modes": []}
    t0 = time.time()
    try:
        for mode in modes:
            r = run_mode(mode, args, workdir)
            results["modes"].append(r)
            _print_mode(r)
        results["wall_s"] = time.time() - t0
        results["summary"] = [summary(r) for r in results["modes"]]
        path = write_json("fanout", results)
        code = results["server_code"]
        print(f"\nJSON: {path}  (whole run {results['wall_s']:.0f} s; server code {code['sha256_12']}, "
              f"last changed {code['newest_change']})")
        for s in results["summary"]:
            print(kv_line(s))
        return 0
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
