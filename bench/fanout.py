"""``scripts/bench fanout``: one contest, N real Socket.IO clients, a scripted buzz round.

Per server mode (eventlet, threading) the bench:

1. builds a contest (``--clients/10`` teams of 5 devices plus as many audience phones as team
   devices: 100 teams and 1,000 clients by default) with one buzz round, directly through the
   service, then starts ``quizapp serve`` on that instance (``--workers N``: N worker processes
   behind nginx with the Redis message queue and PostgreSQL, ``bench.cluster``);
2. connects the host and the screen (in this process) and the N clients, split over
   ``--loadgens`` load-generating processes (default one per 1,000 clients, at least 2):
   team devices first, then the audience (``bench.quizapp_run``);
3. plays ``--questions`` questions, an audience play-along phase (``--play-along`` phones answer
   within one second, ``bench.play_along``) and ``--commands`` back-to-back commands;
4. runs the bare Flask-SocketIO server (``bench.bare_server``) with as many clients as quizapp
   had connected and as many fan-outs of a view of the same size (``bench.bare_run``).

All processes share the machine clock: latencies are ``time.time()`` differences between the
sender's send and the receiver's receipt.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from . import bare_run, quizapp_run
from .fixture import Fixture, build
from .loadgen import processes_for
from .phases import log
from .population import BUZZ_ROUND, MEMBERS, Shape, big_room_env, server_env
from .report import print_mode, summary
from .server import bare_server, quizapp_server
from .stats import kv_line, machine, server_code, write_json


def _args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="scripts/bench fanout", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--clients", type=int, default=1000,
                   help="team devices + audience phones (teams = clients/10, 5 devices each)")
    p.add_argument("--questions", type=int, default=20, help="questions in the scripted round (K)")
    p.add_argument("--commands", type=int, default=100, help="back-to-back host commands for commands/s")
    p.add_argument("--play-along", type=int, default=1000,
                   help="audience phones that answer one question within one second (0: skip the phase)")
    p.add_argument("--modes", default="eventlet,threading", help="comma-separated server modes")
    p.add_argument("--servers", default="quizapp,bare", help="quizapp, bare or both")
    p.add_argument("--workers", type=int, default=1,
                   help="quizapp server processes; more than 1 runs them behind nginx with Redis and "
                        "PostgreSQL (bench.cluster)")
    p.add_argument("--loadgens", type=int, default=0,
                   help="load-generating processes (default: one per 1,000 clients, at least 2)")
    p.add_argument("--full-parse", action="store_true",
                   help="clients decode every view fully and apply patches (default: they read only the numbers)")
    p.add_argument("--whole-views", action="store_true",
                   help="clients do not say `patches` (older pages): every view arrives whole")
    p.add_argument("--team-concurrency", type=int, default=25,
                   help="team devices each load generator connects at once")
    p.add_argument("--watch-concurrency", type=int, default=25,
                   help="audience phones each load generator connects at once")
    p.add_argument("--team-budget", type=float, default=60.0,
                   help="seconds after which no further team device starts connecting")
    p.add_argument("--watch-budget", type=float, default=60.0,
                   help="seconds after which no further audience phone starts connecting")
    p.add_argument("--script-budget", type=float, default=25.0,
                   help="seconds after which the scripted round asks no new question")
    p.add_argument("--commands-budget", type=float, default=10.0,
                   help="seconds after which no further back-to-back command is sent")
    p.add_argument("--server-module", default="quizapp",
                   help="run `python -m MODULE serve ...` instead of quizapp (to bench an experimental build)")
    p.add_argument("--settle-timeout", type=float, default=60.0,
                   help="longest wait for the server to go quiet after connecting")
    args = p.parse_args(argv)
    if not args.loadgens:
        args.loadgens = processes_for(args.clients)
    return args


def _quizapp(inst: Path, mode: str, args: argparse.Namespace, shape: Shape, payload: Path) -> dict[str, Any]:
    """Build the contest, start quizapp (one process, or workers behind nginx) and drive it."""
    def contest(database: str | None = None) -> Fixture:
        log(f"== {mode}: building a contest with {shape.teams} teams x {MEMBERS} devices + "
            f"{shape.audience} audience" + (f" on {args.workers} workers" if database else ""))
        return build(inst, shape.teams, MEMBERS, [BUZZ_ROUND], questions_per_round=args.questions + 5,
                     choice_question=bool(args.play_along), database=database)

    env = {**server_env(shape.audience), **big_room_env(shape.clients)}
    if args.workers > 1:
        from .cluster import Cluster

        with Cluster(inst, args.workers, mode, env=env, connections=shape.clients + 100) as cluster:
            fx = contest(cluster.database)
            srv = cluster.start()
            out = asyncio.run(quizapp_run.drive(srv, fx, args, shape, payload))
            out["server_log_tail"] = srv.log_tail(15)
            return out
    fx = contest()
    with quizapp_server(inst, mode, env=env, module=args.server_module) as srv:
        out = asyncio.run(quizapp_run.drive(srv, fx, args, shape, payload))
        out["server_log_tail"] = srv.log_tail(15)
        return out


def run_mode(mode: str, args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    shape = Shape.for_clients(args.clients)
    servers = {s.strip() for s in args.servers.split(",")}
    result: dict[str, Any] = {"mode": mode, "requested_clients": shape.clients, "server_workers": args.workers}
    payload = workdir / f"view-{mode}.json"
    clients, fanouts = shape.clients, args.questions * 5
    if "quizapp" in servers:
        inst = workdir / f"inst-{mode}"
        t0 = time.time()
        result["quizapp"] = _quizapp(inst, mode, args, shape, payload)
        q = result["quizapp"]
        q["wall_s"] = time.time() - t0
        clients, fanouts = q["connect"]["still_connected"], q["fanout"]["fanouts"]
    else:
        payload.write_text(json.dumps({"version": 0, "pad": "x" * 30000}), encoding="utf-8")
    if "bare" in servers:
        t0 = time.time()
        log(f"== {mode}: bare Flask-SocketIO server, {clients} clients, {fanouts} fan-outs")
        with bare_server(mode, payload) as srv:
            result["bare"] = asyncio.run(bare_run.drive(srv, args, clients, fanouts))
            result["bare"]["server_log_tail"] = srv.log_tail(15)
        result["bare"]["wall_s"] = time.time() - t0
    return result


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
            print_mode(r)
        results["wall_s"] = time.time() - t0
        results["summary"] = [summary(r) for r in results["modes"]]
        path = write_json("fanout", results)
        code = results["server_code"]
        print(f"\nJSON: {path}  (whole run {results['wall_s']:.0f} s; server code {code['sha256_12']}, "
              f"{code.get('git', '')}, last changed {code['newest_change']})")
        for s in results["summary"]:
            print(kv_line(s))
        return 0
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
