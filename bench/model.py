"""``scripts/bench model``: a small capacity model, from measured figures, for big audiences.

Inputs, all measured on this machine:

- the send costs of one process (``bench.sendrate``: server CPU per message and per byte of a
  Socket.IO fan-out, from the bare Flask-SocketIO server); ``--measure`` runs it, else the latest
  ``artifacts/bench/sendrate-latest.json`` is used;
- from a fan-out run (``artifacts/bench/fanout-latest.json`` or ``--fanout FILE``): bytes and views
  per contest change for each role, quizapp's CPU per change, RSS per connection, and the audience
  play-along rate.

For a room of ``--teams`` x 5 team phones plus A audience phones spread over W worker processes
(Redis message queue: every worker sends each change to its own share of the sockets), per second:

    send CPU per worker = sum over roles of  rate(role) x clients(role) / W x (us_per_message + bytes(role) x us_per_byte)
    rate(team, host, screen) = changes/s x views per change;  rate(audience) = min(changes/s, --audience-hz)
    work per worker     = send CPU + changes/s x (quizapp CPU per change - its own send share)   (each worker
                          builds or decodes every change: conservative)
    fan-out time        = the audience share of one worker x (us_per_message + bytes x us_per_byte)
    link                = every byte of every role, all workers together, vs --link-mbit

A configuration breaks at the first of: a worker over ``--max-load`` of one core (queues grow, buzzes
wait), a fan-out longer than ``--stale-ms`` (the audience sees a change later than that), more
sockets on a worker than its pool (``--pool``), more workers than cores minus one (nginx, Redis and
PostgreSQL need one), the network link, or memory. Audience play-along answers are written one
transaction each, serially per contest, whatever the workers: the model gives how long A answers
sent in the same second take to be acknowledged at the measured rate.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from pathlib import Path
from typing import Any

from .stats import ARTIFACTS, kv_line, machine, write_json

ROLES = ("team", "watch", "host", "screen")


def _args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="scripts/bench model", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--measure", action="store_true", help="measure the send costs first (bench.sendrate)")
    p.add_argument("--clients", type=int, default=200, help="clients of the send-rate measurement")
    p.add_argument("--fanout", type=Path, default=ARTIFACTS / "fanout-latest.json", help="a fan-out bench's JSON")
    p.add_argument("--sendrate", type=Path, default=ARTIFACTS / "sendrate-latest.json")
    p.add_argument("--audience", default="10000,50000", help="audience sizes to predict")
    p.add_argument("--workers", default="1,2,4,8,16,32", help="worker counts to try")
    p.add_argument("--teams", type=int, default=100, help="teams of 5 phones")
    p.add_argument("--changes-per-s", type=float, default=2.0, help="contest changes per second (a lively host)")
    p.add_argument("--audience-hz", type=float, default=5.0, help="views per second the audience room gets at most")
    p.add_argument("--max-load", type=float, default=0.7, help="share of a core a worker may use")
    p.add_argument("--stale-ms", type=float, default=250.0, help="longest acceptable audience fan-out")
    p.add_argument("--pool", type=int, default=4096, help="sockets one worker accepts (eventlet max_size)")
    p.add_argument("--cores", type=int, default=os.cpu_count() or 2)
    p.add_argument("--link-mbit", type=float, default=1000.0, help="the server's network link")
    p.add_argument("--memory-gb", type=float, default=0.0, help="RAM for the workers (default: this machine's)")
    return p.parse_args(argv)


def _mem_gb() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024 / 1024
    return 0.0


def inputs(fanout: dict[str, Any], sendrate: dict[str, Any]) -> dict[str, Any]:
    """The figures the model needs, from the two JSON files."""
    mode = next((m for m in fanout["modes"] if m["mode"] == "eventlet" and "quizapp" in m), None)
    if mode is None:
        raise SystemExit("the fan-out JSON has no eventlet quizapp run")
    q = mode["quizapp"]
    per = q.get("bytes_per_change") or {}
    if not per:
        raise SystemExit("the fan-out JSON predates bytes per change (run scripts/bench fanout again)")
    pa = q.get("play_along") or {}
    # answers/s: measured when the server was the bottleneck (the last ack came well after the
    # sending second), else only a lower bound: the phones sent no faster
    rate = pa.get("accepted_per_s")
    server_bound = bool(pa) and pa["last_ack_after_first_send_s"] > 1.5 * pa["spread_s"]
    return {"us_per_message": sendrate["us_per_message"], "us_per_byte": sendrate["us_per_byte"],
            "bytes": {r: per[r]["bytes_per_change"] / max(per[r]["views_per_change"], 1e-9) for r in per},
            "views_per_change": {r: per[r]["views_per_change"] for r in per},
            "clients": {r: per[r]["clients"] for r in per},
            "cpu_ms_per_change": q["cpu_ms_per_change"], "rss_kb_per_client": q["rss_kb_per_client"],
            "play_along_per_s": rate, "play_along_rate_is": "measured" if server_bound else "a lower bound",
            "play_along_cpu_ms": pa.get("server_cpu_ms_per_answer"),
            "fanout_clients": q["clients"], "fanout_file_started": fanout.get("started")}


def _send_us(inp: dict[str, Any], role: str) -> float:
    return inp["us_per_message"] + inp["bytes"].get(role, 0.0) * inp["us_per_byte"]


def predict(inp: dict[str, Any], audience: int, workers: int, a: argparse.Namespace) -> dict[str, Any]:
    """One configuration: load, fan-out time, link, memory, play-along, and what breaks first."""
    rate = {"team": a.changes_per_s, "host": a.changes_per_s, "screen": a.changes_per_s,
            "watch": min(a.changes_per_s, a.audience_hz)}
    clients = {"team": a.teams * 5, "watch": audience, "host": 1, "screen": 2}
    views = {r: rate[r] * inp["views_per_change"].get(r, 1.0) for r in ROLES}
    send_cpu = sum(views[r] * clients[r] / workers * _send_us(inp, r) for r in ROLES) / 1e6
    # quizapp's CPU per change beyond its own sends to the bench's room (view building, the command)
    bench_send_ms = sum(inp["views_per_change"].get(r, 1.0) * inp["clients"].get(r, 0) * _send_us(inp, r)
                        for r in ROLES) / 1e3
    fixed_ms = max(inp["cpu_ms_per_change"] - bench_send_ms, 0.0)
    load = send_cpu + a.changes_per_s * fixed_ms / 1e3
    fanout_ms = (clients["watch"] / workers * _send_us(inp, "watch")
                 + clients["team"] / workers * _send_us(inp, "team")) / 1e3 + fixed_ms
    link_mbit = sum(views[r] * clients[r] * inp["bytes"].get(r, 0.0) for r in ROLES) * 8 / 1e6
    sockets = math.ceil(sum(clients.values()) / workers)
    memory_gb = sum(clients.values()) * inp["rss_kb_per_client"] / 1024 / 1024 + workers * 0.1
    worker_limits = []  # more workers help
    if load > a.max_load:
        worker_limits.append(f"CPU {load:.2f} core/worker")
    if fanout_ms > a.stale_ms:
        worker_limits.append(f"fan-out {fanout_ms:.0f} ms")
    if sockets > a.pool:
        worker_limits.append(f"{sockets} sockets/worker > pool {a.pool}")
    machine_limits = []  # more workers do not help
    if workers > max(a.cores - 1, 1):
        machine_limits.append(f"{workers} workers need {workers + 1} cores, {a.cores} here")
    if link_mbit > a.link_mbit * 0.7:
        machine_limits.append(f"link {link_mbit:.0f} Mbit/s > 70 % of {a.link_mbit:g}")
    if memory_gb > (a.memory_gb or _mem_gb()) * 0.8:
        machine_limits.append(f"memory {memory_gb:.1f} GB")
    drain = audience / inp["play_along_per_s"] if inp.get("play_along_per_s") else math.nan
    return {"audience": audience, "workers": workers, "sockets_per_worker": sockets,
            "cpu_core_per_worker": round(load, 3), "fanout_ms": round(fanout_ms, 1),
            "link_mbit_s": round(link_mbit, 1), "memory_gb": round(memory_gb, 2),
            "play_along_all_acked_s": round(drain, 1), "play_along_rate_is": inp.get("play_along_rate_is"),
            "workers_enough": not worker_limits,
            "fits": not worker_limits and not machine_limits,
            "breaks_on": "; ".join(worker_limits + machine_limits) or "-"}


def verdict(rows: list[dict[str, Any]], audience: int) -> str:
    """Fewest workers whose own limits hold, and what the machine still lacks then."""
    mine = [r for r in rows if r["audience"] == audience]
    enough = [r for r in mine if r["workers_enough"]]
    if not enough:
        return f"no worker count tried is enough: {mine[-1]['breaks_on']}"
    r = enough[0]
    text = (f"{r['workers']} worker(s) ({r['sockets_per_worker']} sockets, {r['cpu_core_per_worker']:.2f} core, "
            f"fan-out {r['fanout_ms']:.0f} ms each)")
    text += " fit here" if r["fits"] else f"; beyond this machine: {r['breaks_on']}"
    if math.isfinite(r["play_along_all_acked_s"]):
        bound = "at most " if r.get("play_along_rate_is") == "a lower bound" else ""
        text += (f"; {audience:,} play-along answers in one second are all acknowledged after {bound}"
                 f"{r['play_along_all_acked_s']:.0f} s (answers are written one by one per contest)")
    return text


def main(argv: list[str] | None = None) -> int:
    a = _args(argv)
    if a.measure:
        from .sendrate import measure

        data = measure(a.clients)
        data["machine"] = machine()
        path = write_json("sendrate", data)
        print(f"send rate: {data['us_per_message']:.1f} us per message + {data['us_per_byte'] * 1000:.3f} us per kB "
              f"({a.clients} clients; JSON {path})")
    if not a.sendrate.exists():
        print(f"no send-rate measurement at {a.sendrate}: run scripts/bench model --measure", file=sys.stderr)
        return 2
    if not a.fanout.exists():
        print(f"no fan-out run at {a.fanout}: run scripts/bench fanout first", file=sys.stderr)
        return 2
    inp = inputs(json.loads(a.fanout.read_text()), json.loads(a.sendrate.read_text()))
    print(f"inputs: {inp['us_per_message']:.1f} us/message + {inp['us_per_byte'] * 1000:.3f} us/kB; bytes per view "
          + ", ".join(f"{r} {b:.0f}" for r, b in sorted(inp["bytes"].items()))
          + f"; quizapp {inp['cpu_ms_per_change']:.1f} ms CPU per change at {inp['fanout_clients']} clients; "
          f"{inp['rss_kb_per_client']:.0f} kB per socket; play-along {inp['play_along_per_s'] or float('nan'):.0f} "
          f"answers/s ({inp['play_along_rate_is']})")
    print(f"assumed: {a.teams} teams x 5 phones, {a.changes_per_s:g} changes/s, audience views at most "
          f"{a.audience_hz:g}/s, worker load <= {a.max_load:g} core, fan-out <= {a.stale_ms:g} ms, "
          f"{a.cores} cores, {a.link_mbit:g} Mbit/s link")
    rows = [predict(inp, int(n), int(w), a) for n in a.audience.split(",") for w in a.workers.split(",")]
    for row in rows:
        print(kv_line(row))
    out = {"bench": "model", "args": {k: str(v) for k, v in vars(a).items()}, "inputs": inp, "rows": rows,
           "machine": machine()}
    for n in a.audience.split(","):
        text = verdict(rows, int(n))
        print(f"{int(n):,} audience phones: {text}")
        out.setdefault("verdicts", {})[n] = text
    print(f"JSON: {write_json('model', out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
