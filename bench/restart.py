"""``scripts/bench restart``: SIGKILL the server again and again; how long until every phone is current.

One contest with ``--clients`` phones (N/10 teams of 5 plus as many audience phones), one
``quizapp serve`` on a fixed port. The phones behave like the pages: after a drop they reconnect
with the back-off ``live.js`` gives socket.io-client (``probe.Backoff.from_live_js``), ask for the
view, and answer the clock pings. The host sends commands in the command envelope: every command
has its own ``cid``, and one whose ack never came is sent again, with the same ``cid``, once the
server is back (as host.js does).

``--kills`` times, cycling through three moments:

- **burst**: during back-to-back host commands, after a random 3-15 of them were acknowledged;
- **fanout**: 0-``--fanout-window`` seconds after one command's ack, while its views go out;
- **idle**: with every phone current and the server quiet.

Right after each SIGKILL the server is started again (as systemd's ``Restart=always`` would). The
host reconnects and retries what lost its ack; the current version is then the host's. For every
phone the bench takes the time from the kill until it holds that version on a new connection
(p50/p95/max per kill and over all kills), and the kernel's listen-queue overflows meanwhile.

At the end: every acknowledged command is in the log exactly once (its ``cid`` is in the reason
and in the stored command id), no command id is in two batches, each team's score is its base plus
every delta sent, and ``quizapp log verify`` passes.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from .fixture import Fixture, build
from .loadgen import Workers, processes_for
from .phases import await_all, connect_waves, log, quiet
from .population import BUZZ_ROUND, MEMBERS, Shape, big_room_env, server_env, shares, specs
from .probe import Backoff, Probe
from .server import ROOT, Restartable
from .stats import kv_line, machine, percentile, server_code, write_json

MOMENTS = ("burst", "fanout", "idle")
BASE_SCORE = 100  # fixture.build's base_score


def _args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="scripts/bench restart", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--clients", type=int, default=1000, help="team devices + audience phones")
    p.add_argument("--kills", type=int, default=20, help="SIGKILLs, cycling burst / fanout / idle")
    p.add_argument("--mode", default="eventlet", choices=("eventlet", "threading"))
    p.add_argument("--loadgens", type=int, default=0, help="load-generating processes (default: one per 1,000)")
    p.add_argument("--resync-timeout", type=float, default=60.0,
                   help="longest wait, after a kill, for every phone to hold the current version")
    p.add_argument("--fanout-window", type=float, default=0.15,
                   help="a fanout kill comes this many seconds (at most) after the command's ack")
    p.add_argument("--moments", default=",".join(MOMENTS), help="kill moments to cycle through, in order")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--connect-budget", type=float, default=90.0, help="seconds for the first connect of each wave")
    p.add_argument("--server-module", default="quizapp", help="run `python -m MODULE serve` instead of quizapp")
    args = p.parse_args(argv)
    if not args.loadgens:
        args.loadgens = processes_for(args.clients)
    return args


def listen_overflows() -> dict[str, int]:
    """The kernel's ListenOverflows and ListenDrops (whole machine, /proc/net/netstat)."""
    lines = Path("/proc/net/netstat").read_text().splitlines()
    for names, values in zip(lines[::2], lines[1::2], strict=False):
        if names.startswith("TcpExt:"):
            row = dict(zip(names.split()[1:], (int(v) for v in values.split()[1:]), strict=False))
            return {"overflows": row.get("ListenOverflows", 0), "drops": row.get("ListenDrops", 0)}
    return {"overflows": 0, "drops": 0}


class Host:
    """The host console: enveloped commands, retried with the same ``cid`` after a lost ack."""

    def __init__(self, fx: Fixture, base: str) -> None:
        self.fx, self.base = fx, base
        self.probe: Probe | None = None
        self.acks: dict[str, dict[str, Any]] = {}  # cid -> ack
        self.sent: dict[str, dict[str, Any]] = {}  # cid -> payload, every command ever sent
        self.unacked: list[dict[str, Any]] = []
        self.retried: Counter[str] = Counter()
        self.version = -1
        self._n = 0

    async def connect(self) -> None:
        self.probe = Probe({"kind": "host", "auth": {"role": "host", "contest": self.fx.contest_id,
                                                     "token": self.fx.host_token}})
        if not await self.probe.connect(self.base):
            raise RuntimeError(f"host could not connect: {self.probe.connect_error}")
        deadline = time.monotonic() + 10
        while not self.probe.state.held and time.monotonic() < deadline:  # the view sent on connect
            await asyncio.sleep(0.01)
        self.version = max(self.version, self.probe.version)

    def next_command(self) -> dict[str, Any]:
        team = self.fx.team_ids[self._n % len(self.fx.team_ids)]
        cid = f"rs-{self._n}"
        self._n += 1
        return {"type": "AdjustScore", "team_id": team, "delta": 1 + self._n % 5, "cid": cid,
                "reason": f"断电压测 {cid}"}

    async def send(self, payload: dict[str, Any], timeout: float = 10.0) -> bool:
        """Send once; False when no ack came (kept for a retry with the same cid)."""
        assert self.probe is not None
        self.sent[payload["cid"]] = payload
        try:
            ack = await self.probe.call_or_drop("command", payload, timeout=timeout)
        except Exception:  # noqa: BLE001 - disconnected or timed out: the server is gone
            if payload not in self.unacked:
                self.unacked.append(payload)
            return False
        if not (isinstance(ack, dict) and ack.get("ok")):
            raise RuntimeError(f"command refused: {payload} -> {ack}")
        if payload in self.unacked:
            self.unacked.remove(payload)
        self.acks[payload["cid"]] = ack
        self.version = max(self.version, int(ack["version"]))
        return True

    async def retry(self) -> None:
        """After a restart: everything sent whose ack was lost, same cid."""
        for payload in list(self.unacked):
            if not await self.send(payload, timeout=30):
                raise RuntimeError(f"no ack for a retry after the restart: {payload['cid']}")
            self.retried["duplicate" if self.acks[payload["cid"]].get("duplicate") else "applied"] += 1

    async def close(self) -> None:
        if self.probe is not None:
            await self.probe.close()


async def _kill_during_burst(host: Host, server: Restartable, rng: random.Random) -> dict[str, Any]:
    want = rng.randint(3, 15)
    acked = 0
    killed = asyncio.Event()

    async def burst() -> None:
        nonlocal acked
        while not killed.is_set():
            if not await host.send(host.next_command()):
                return
            acked += 1

    task = asyncio.create_task(burst())
    while acked < want and not task.done():
        await asyncio.sleep(0.001)
    t_kill = time.time()
    server.kill()
    killed.set()
    await asyncio.wait_for(task, 30)
    return {"t_kill": t_kill, "acked_in_burst": acked}


async def _kill_during_fanout(host: Host, server: Restartable, rng: random.Random, window: float) -> dict[str, Any]:
    delay = rng.uniform(0, window)
    if not await host.send(host.next_command()):
        raise RuntimeError("server gone before a fanout kill")
    await asyncio.sleep(delay)
    t_kill = time.time()
    server.kill()
    return {"t_kill": t_kill, "after_ack_s": delay}


async def _kill_when_idle(workers: Workers, host: Host, server: Restartable) -> dict[str, Any]:
    await await_all(workers, host.version, timeout=30)
    await quiet([server.pid], 10)
    t_kill = time.time()
    server.kill()
    return {"t_kill": t_kill}


async def _one_kill(k: int, moment: str, workers: Workers, host: Host, server: Restartable,
                    args: argparse.Namespace, rng: random.Random) -> dict[str, Any]:
    before = listen_overflows()
    if moment == "burst":
        kill = await _kill_during_burst(host, server, rng)
    elif moment == "fanout":
        kill = await _kill_during_fanout(host, server, rng, args.fanout_window)
    else:
        kill = await _kill_when_idle(workers, host, server)
    t_kill = kill["t_kill"]
    await host.close()
    await asyncio.to_thread(server.start)
    t_up = time.time()
    # the version the server holds after the restart is the one every phone must get back to; the
    # host's retries of lost acks are new changes (a phone that already has one is current too)
    host.version = -1
    await host.connect()
    target = host.version
    measuring = asyncio.ensure_future(workers.all("resynced", wait=args.resync_timeout + 30, since=t_kill,
                                                  version=target, timeout=args.resync_timeout))
    await host.retry()
    replies = await measuring
    seconds = [s for r in replies for s in r["seconds"]]
    done = [s for s in seconds if s is not None]
    after = listen_overflows()
    row = {"kill": k + 1, "moment": moment, **kill, "server_up_s": t_up - t_kill,
           "listening_after_start_s": server.listening_after, "healthy_after_start_s": server.healthy_after,
           "process_started_after_kill_s": server.started_at - t_kill,
           # from the new process's start: what the server's start-up plus the phones' reconnects cost
           "from_start_p95_s": percentile([s - (server.started_at - t_kill) for s in done], 95),
           "from_start_max_s": max(s - (server.started_at - t_kill) for s in done) if done else None,
           "target_version": target,
           "phones": len(seconds), "current": len(done), "missing": len(seconds) - len(done),
           "p50_s": percentile(done, 50), "p95_s": percentile(done, 95), "max_s": max(done) if done else None,
           # the phones' own share: from the moment the server answered again
           "after_up_p95_s": percentile([s - (t_up - t_kill) for s in done], 95),
           "listen_overflows": after["overflows"] - before["overflows"],
           "listen_drops": after["drops"] - before["drops"],
           "reconnect_errors": sorted({e for r in replies for e in r["reconnect_errors"]})[:3],
           "seconds": done}
    log(f"kill {k + 1:2d} ({moment:6s}): up after {row['server_up_s']:.2f} s (listening "
        f"{server.listening_after or float('nan'):.2f} s after its start); {row['current']}/{row['phones']} "
        f"current p50 {row['p50_s']:.2f} p95 {row['p95_s']:.2f} max {row['max_s'] or float('nan'):.2f} s; "
        f"listen overflows {row['listen_overflows']}; retried {dict(host.retried)}")
    return row


def check_log(instance: Path, fx: Fixture, host: Host) -> dict[str, Any]:
    """Every acked command applied exactly once; nothing sent applied twice; scores add up."""
    from sqlalchemy import select

    from quizapp.app import create_app
    from quizapp.store.models import EventRow

    app = create_app({"INSTANCE_PATH": str(instance), "START_BACKGROUND": False, "ASYNC_MODE": "threading"})
    service = app.extensions["quizapp.contests"]
    entries = list(service.log(fx.contest_id))
    adjusted = Counter(e.event.reason.split()[-1] for e in entries if type(e.event).__name__ == "ScoreAdjusted"
                       and str(getattr(e.event, "reason", "")).startswith("断电压测"))
    lost = [cid for cid in host.acks if adjusted[cid] == 0]
    twice = {cid: n for cid, n in adjusted.items() if n > 1}
    unsent = [cid for cid in adjusted if cid not in host.sent]
    with app.extensions["quizapp.engine"].connect() as db:
        rows = db.execute(select(EventRow.command_id, EventRow.batch).where(
            EventRow.contest_id == fx.contest_id, EventRow.command_id.is_not(None))).all()
    batches: dict[str, set[int]] = {}
    for command_id, batch in rows:
        batches.setdefault(command_id, set()).add(batch)
    in_two_batches = {c: sorted(b) for c, b in batches.items() if len(b) > 1}
    state = service.state(fx.contest_id)
    expected = {t: BASE_SCORE for t in fx.team_ids}
    for cid, payload in host.sent.items():
        if adjusted[cid]:
            expected[payload["team_id"]] += payload["delta"]
    scores = {t.id: t.score for t in state.teams.values()} if isinstance(state.teams, dict) else {}
    wrong_scores = {t: (scores.get(t), v) for t, v in expected.items() if scores and scores.get(t) != v}
    app.extensions["quizapp.engine"].dispose()
    verify = subprocess.run([sys.executable, "-m", "quizapp", "log", "verify", "--instance", str(instance)],
                            capture_output=True, text=True, cwd=ROOT, timeout=300, check=False)
    return {"acked": len(host.acks), "sent": len(host.sent), "applied": sum(adjusted.values()),
            "acked_lost": lost[:20], "acked_lost_count": len(lost), "applied_twice": twice,
            "applied_never_sent": unsent, "command_ids_in_two_batches": in_two_batches,
            "unacked_at_end": [p["cid"] for p in host.unacked], "scores_checked": bool(scores),
            "wrong_scores": wrong_scores, "retried": dict(host.retried),
            "log_verify_rc": verify.returncode, "log_verify_tail": (verify.stdout + verify.stderr)[-600:]}


async def _drive(server: Restartable, fx: Fixture, shape: Shape,
                 args: argparse.Namespace) -> tuple[dict[str, Any], Host]:
    rng = random.Random(args.seed)
    backoff = Backoff.from_live_js()
    workers = Workers(server.base, shares(specs(fx, shape), args.loadgens), light=True, backoff=backoff)
    workers.attach()
    host = Host(fx, server.base)
    out: dict[str, Any] = {"backoff": vars(backoff), "loadgens": len(workers.conns)}
    try:
        await host.connect()
        conn = await connect_waves(workers, [("team", 25, args.connect_budget), ("watch", 25, args.connect_budget)])
        out["connect"] = {k: conn[k] for k in ("seconds", "connected", "failed", "complete")}
        log(f"connect: {conn['connected']}/{shape.clients} in {conn['seconds']:.1f} s")
        await quiet([server.pid], 30)
        kills = []
        moments = [m.strip() for m in args.moments.split(",") if m.strip() in MOMENTS]
        for k in range(args.kills):
            kills.append(await _one_kill(k, moments[k % len(moments)], workers, host, server, args, rng))
        out["kills"] = kills
        stats = await workers.all("stats")
        out["still_connected"] = sum(s["connected"] for s in stats)
    finally:
        await host.close()
        server.stop()
        await workers.close()
    return out, host


def summarise(out: dict[str, Any]) -> dict[str, Any]:
    kills = out["kills"]
    pooled = [s for k in kills for s in k["seconds"]]
    per_kill_p95 = [k["p95_s"] for k in kills]
    check = out["log_check"]
    by_moment = {}
    for moment in MOMENTS:
        rows = [k for k in kills if k["moment"] == moment]
        vals = [s for k in rows for s in k["seconds"]]
        if rows:
            by_moment[moment] = {"kills": len(rows), "p50_s": percentile(vals, 50), "p95_s": percentile(vals, 95),
                                 "max_s": max(vals) if vals else None}
    out["by_moment"] = by_moment
    return {"clients": out["clients"], "kills": len(kills),
            "server_up_p50_s": round(percentile([k["server_up_s"] for k in kills], 50), 2),
            "server_up_max_s": round(max(k["server_up_s"] for k in kills), 2),
            "resync_p50_s": round(percentile(pooled, 50), 2), "resync_p95_s": round(percentile(pooled, 95), 2),
            "resync_max_s": round(max(pooled), 2) if pooled else None,
            "worst_kill_p95_s": round(max(per_kill_p95), 2),
            "after_up_p95_s": round(percentile([k["after_up_p95_s"] for k in kills], 50), 2),
            "from_start_p95_s": round(percentile([k["from_start_p95_s"] for k in kills], 50), 2),
            "from_start_worst_p95_s": round(max(k["from_start_p95_s"] for k in kills), 2),
            "phones_not_current": sum(k["missing"] for k in kills),
            "listen_overflows": sum(k["listen_overflows"] for k in kills),
            "acked": check["acked"], "acked_lost": check["acked_lost_count"],
            "applied_twice": len(check["applied_twice"]), "log_verify": "ok" if check["log_verify_rc"] == 0 else "FAILED"}


def main(argv: list[str] | None = None) -> int:
    args = _args(argv)
    shape = Shape.for_clients(args.clients)
    workdir = Path(tempfile.mkdtemp(prefix="bench-restart-"))
    results: dict[str, Any] = {"bench": "restart", "argv": sys.argv[1:], "args": vars(args), "machine": machine(),
                               "server_code": server_code(), "started": time.strftime("%Y-%m-%d %H:%M:%S"),
                               "clients": shape.clients}
    t0 = time.time()
    server = None
    try:
        inst = workdir / "inst"
        log(f"building a contest with {shape.teams} teams x {MEMBERS} devices + {shape.audience} audience")
        fx = build(inst, shape.teams, MEMBERS, [BUZZ_ROUND], questions_per_round=5)
        server = Restartable(inst, args.mode, env={**server_env(shape.audience), **big_room_env(shape.clients)},
                             module=args.server_module)
        server.start()
        out, host = asyncio.run(_drive(server, fx, shape, args))
        results.update(out)
        results["server_log_tail"] = server.log_tail(30)
        results["log_check"] = check_log(inst, fx, host)
        results["wall_s"] = time.time() - t0
        results["summary"] = summarise(results)
        path = write_json("restart", results)
        _print(results, path)
        return 0 if results["summary"]["acked_lost"] == 0 and results["summary"]["log_verify"] == "ok" else 1
    finally:
        if server is not None:
            server.close()
        shutil.rmtree(workdir, ignore_errors=True)


def _print(results: dict[str, Any], path: Path) -> None:
    s = results["summary"]
    check = results["log_check"]
    print(f"\nrestart: {s['kills']} SIGKILLs with {s['clients']} phones; server answering again after p50 "
          f"{s['server_up_p50_s']} s (max {s['server_up_max_s']} s)")
    for moment, row in results["by_moment"].items():
        print(f"  {moment:6s} x{row['kills']}: every phone current p50 {row['p50_s']:.2f} s, p95 {row['p95_s']:.2f} s, "
              f"max {row['max_s'] or float('nan'):.2f} s")
    print(f"  all kills: p50 {s['resync_p50_s']} s, p95 {s['resync_p95_s']} s, max {s['resync_max_s']} s "
          f"(from the new process's start: p95 {s['from_start_p95_s']} s, worst kill {s['from_start_worst_p95_s']} s; "
          f"from its first /healthz answer: p95 {s['after_up_p95_s']} s; medians over kills); "
          f"phones never current within the timeout: {s['phones_not_current']}; listen overflows {s['listen_overflows']}")
    print(f"  commands: {check['sent']} sent, {check['acked']} acked, {check['acked_lost_count']} acked but lost, "
          f"{len(check['applied_twice'])} applied twice, retries {check['retried']}; scores "
          f"{'add up' if check['scores_checked'] and not check['wrong_scores'] else check['wrong_scores'] or 'not checked'}; "
          f"quizapp log verify: {s['log_verify']}")
    code = results["server_code"]
    print(f"\nJSON: {path}  (whole run {results['wall_s']:.0f} s; server code {code['sha256_12']}, {code['git']})")
    print(kv_line(s))


if __name__ == "__main__":
    sys.exit(main())
