"""``scripts/bench fairness``: does the server pick the team that truly pressed first?

M teams (default 12), one phone each. Every phone reaches the server through its own port of
``bench.delay_proxy`` (fixed one-way delay drawn from 5-200 ms, seeded, plus +/-20 ms jitter per
chunk, both directions) and has its own clock, off by up to +/-2 s. The server syncs the clocks
with its own ``clock_ping`` (a burst of 6 after connecting, then one every 10-15 s); each phone
answers with its clock reading, as live.js does.

Each question: the host (direct, no proxy) opens the buzzers; every phone "presses" at a known
true time from a shared schedule (teams in a random order; the gap between the first two is one
of 10/20/30/50/75/100 ms, cycled so every bucket gets the same number of questions; later gaps
are 10-100 ms) and sends ``buzz {stamp}`` with its own clock's reading at that true time. The
winner is read from the host's view after the collection window; then the host judges.

The same schedule is played in a round with ``arbitration: compensated`` and in a round with
``arbitration: arrival`` (one contest, two buzz rounds, same phones and clock estimates).
After the run the event log is read back to show how far each corrected time was from the truth.

``--cheaters``: three phones cheat (``bench/cheats.py``: forged sync samples, inflated delay, a
sniper); a compensated round only; each cheater's wins are printed next to its fair share.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import math
import random
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import cheats
from .fixture import Fixture, build
from .probe import Probe

BUCKETS_MS = (10, 20, 30, 50, 75, 100)


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Schedule:
    """One question: teams (indices) in true press order and the gaps between them (seconds)."""

    order: tuple[int, ...]
    gaps: tuple[float, ...]  # gaps[j] = press time of order[j+1] - press time of order[j]

    @property
    def first_gap(self) -> float:
        return self.gaps[0] if self.gaps else math.inf

    def offsets(self) -> dict[int, float]:
        """Team index -> seconds after the first press."""
        out, t = {self.order[0]: 0.0}, 0.0
        for team, gap in zip(self.order[1:], self.gaps, strict=True):
            t += gap
            out[team] = t
        return out


def make_schedules(teams: int, questions: int, rng: random.Random,
                   buckets_ms: tuple[int, ...] = BUCKETS_MS) -> list[Schedule]:
    """Random orders; first gaps cycle through the buckets (shuffled per cycle), the rest 10-100 ms."""
    firsts: list[int] = []
    while len(firsts) < questions:
        cycle = list(buckets_ms)
        rng.shuffle(cycle)
        firsts += cycle
    out = []
    for q in range(questions):
        order = list(range(teams))
        rng.shuffle(order)
        gaps = [firsts[q] / 1000] + [rng.uniform(0.010, 0.100) for _ in range(teams - 2)]
        out.append(Schedule(tuple(order), tuple(gaps[:teams - 1])))
    return out


def buzz_round(arbitration: str, title: str) -> dict[str, Any]:
    return {"kind": "buzz", "title": title,
            "settings": {"arbitration": arbitration, "reopen_after_wrong": False,
                         "no_buzz_seconds": 60, "start_answer_seconds": 600, "answer_seconds": 600}}


@dataclass
class Phone:
    """A team phone: its probe (through the proxy), delay and clock offset."""

    team_index: int
    team_id: str
    probe: Probe
    delay: float
    offset: float
    role: str = "honest"  # or one of cheats.ROLES


async def _press(phone: Phone, at: float, opened_version: int = -1) -> dict[str, Any]:
    """Wait for the true press time ``at`` (server clock), then buzz with the phone's stamp of it.

    A cheating phone presses and stamps as its role does (``cheats.press``).
    """
    if phone.role in cheats.ROLES:
        true, stamp = await cheats.press(phone.role, phone.probe, phone.offset, at, opened_version)
    else:
        wait = at - time.time()
        if wait > 0:
            await asyncio.sleep(wait)
        true, stamp = at, at + phone.offset
    sent = time.time()
    try:
        ack = await phone.probe.call("buzz", {"stamp": stamp}, timeout=10)
    except Exception as exc:  # noqa: BLE001
        ack = {"ok": False, "error": {"code": "client", "message": str(exc)}}
    return {"team": phone.team_id, "true": true, "sent": sent, "sent_late_ms": (sent - true) * 1000,
            "ok": bool(ack.get("ok")), "code": (ack.get("error") or {}).get("code")}


async def play_question(host: Probe, phones: list[Phone], schedule: Schedule, lead: float) -> dict[str, Any]:
    """Open the buzzers, press on schedule, read the decision, close the question."""
    ack = await host.call("command", {"type": "ShowQuestion"}, timeout=30)
    if not ack.get("ok"):
        raise RuntimeError(f"ShowQuestion refused: {ack}")
    ack = await host.call("command", {"type": "OpenBuzzers"}, timeout=30)
    if not ack.get("ok"):
        raise RuntimeError(f"OpenBuzzers refused: {ack}")
    opened_version = ack["version"]
    t0 = time.time() + lead
    offsets = schedule.offsets()
    gc.disable()  # a collector pause in this process would make every phone "press" late
    try:
        presses = await asyncio.gather(*(_press(phones[i], t0 + offsets[i], opened_version)
                                         for i in schedule.order))
    finally:
        gc.enable()

    def decided(v: dict[str, Any]) -> bool:
        ep = v.get("episode") or {}
        return v.get("version", -1) > opened_version and (
            ep.get("phase") in ("answering", "judged") or bool(ep.get("rebuzz")))

    view = await host.wait_view(decided, 5.0)
    ep = (view or {}).get("episode") or {}
    truth = sorted((p["true"], p["team"]) for p in presses)  # a sniper's true time is when it pressed
    true_first = truth[0][1]
    first_gap = truth[1][0] - truth[0][0] if len(truth) > 1 else math.inf
    winner = ep.get("team_id") if ep.get("phase") == "answering" and not ep.get("rebuzz") else None
    result = {"true_order": [team for _t, team in truth],
              "first_gap_ms": round(first_gap * 1000, 1), "true_first": true_first,
              "winner": winner, "correct": winner == true_first, "tied_with": ep.get("tied_with", []),
              "rebuzz": ep.get("rebuzz", []), "decided": view is not None,
              "server_presses": ep.get("presses", []), "presses": presses,
              "refused": [p for p in presses if not p["ok"]],
              "max_sent_late_ms": max(p["sent_late_ms"] for p in presses)}
    close = {"type": "Judge", "correct": True} if winner else {"type": "SkipQuestion"}
    ack = await host.call("command", close, timeout=30)
    if not ack.get("ok"):
        await host.call("command", {"type": "SkipQuestion"}, timeout=30)
    return result


async def play(base: str, fx: Fixture, ports: list[int], delays: list[float], offsets: list[float],
               plan: list[tuple[str, list[Schedule]]], lead: float = 0.3, seed: int = 1,
               sync_pings: int = 6, sync_spacing: float = 0.2,
               on_question: Any = None, roles: dict[int, str] | None = None) -> dict[str, list[dict[str, Any]]]:
    """Connect the phones through ``ports``, let the server sync them, and play each round.

    The contest's rounds must match ``plan`` (arbitration, schedules) in order, the first
    already started. ``roles`` makes some phones (by team index) cheat (``cheats.ROLES``).
    The server drives clock sync (a burst of pings at connect, then one every 10-15 s).
    """
    roles = roles or {}
    host = Probe({"kind": "host", "auth": {"role": "host", "contest": fx.contest_id, "token": fx.host_token}},
                 keep_view=True)
    phones = [Phone(i, team, Probe({"kind": "team", "auth": {"role": "team", "token": fx.tokens[team][0]}},
                                   keep_view=roles.get(i) == "sniper"),
                    delays[i], offsets[i], roles.get(i, "honest"))
              for i, team in enumerate(fx.team_ids)]
    for phone in phones:
        phone.probe.clock_offset = phone.offset
        if phone.role == "inflater":
            phone.probe.answer_delay = cheats.INFLATE
    try:
        if not await host.connect(base):
            raise RuntimeError(f"host could not connect: {host.connect_error}")
        connected = await asyncio.gather(*(p.probe.connect(f"http://127.0.0.1:{port}")
                                           for p, port in zip(phones, ports, strict=True)))
        if not all(connected):
            raise RuntimeError(f"phones could not connect: {[p.probe.connect_error for p in phones]}")
        synced = await asyncio.gather(*(p.probe.sync_burst(sync_pings, sync_spacing) for p in phones))
        if min(synced) < 2:
            raise RuntimeError(f"clock sync failed: {synced}")
        await asyncio.gather(*(cheats.forge_samples(p.probe) for p in phones if p.role == "forger"))
        gc.collect()
        gc.freeze()  # what the setup allocated is never scanned again
        results: dict[str, list[dict[str, Any]]] = {}
        for index, (arbitration, schedules) in enumerate(plan):
            if index > 0:
                for name in ("EndRound", "StartRound"):
                    ack = await host.call("command", {"type": name}, timeout=30)
                    if not ack.get("ok"):
                        raise RuntimeError(f"{name} refused: {ack}")
            rows = results.setdefault(arbitration, [])
            for q, schedule in enumerate(schedules):
                row = await play_question(host, phones, schedule, lead)
                row["question"] = q
                rows.append(row)
                if on_question:
                    on_question(arbitration, q, row)
        return results
    finally:
        for probe in [host, *[p.probe for p in phones]]:
            await probe.close()


# --- analysis ------------------------------------------------------------------------------

def bucket_of(gap_ms: float) -> int:
    """The bucket a first gap belongs to: the largest bucket value not above it."""
    return max((b for b in BUCKETS_MS if b <= gap_ms + 1e-6), default=BUCKETS_MS[0])


def table(results: dict[str, list[dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for arbitration, rows in results.items():
        per: dict[str, Any] = {}
        for b in BUCKETS_MS:
            chosen = [r for r in rows if bucket_of(r["first_gap_ms"]) == b]
            per[str(b)] = {"n": len(chosen), "correct": sum(r["correct"] for r in chosen)}
        ge30 = [r for r in rows if r["first_gap_ms"] >= 30 - 1e-6]
        out[arbitration] = {"buckets": per, "n_ge30": len(ge30), "correct_ge30": sum(r["correct"] for r in ge30),
                            "pct_ge30": 100 * sum(r["correct"] for r in ge30) / len(ge30) if ge30 else math.nan,
                            "ties": sum(bool(r["tied_with"]) for r in rows),
                            "rebuzz": sum(bool(r["rebuzz"]) for r in rows),
                            "undecided": sum(not r["decided"] for r in rows)}
    return out


def _server_lag(upstream: list[list[float]], link: int, arrival: float) -> float | None:
    """Seconds between the proxy handing the press's bytes to the server and its arrival stamp."""
    before = [t for i, t, _n in upstream if int(i) == link and t <= arrival]
    return arrival - max(before) if before else None


def event_log(instance: Path, contest_id: str) -> list[Any]:
    """The contest's log entries, read from the instance after the server stopped."""
    from quizapp.app import create_app

    app = create_app({"INSTANCE_PATH": str(instance), "ASYNC_MODE": "threading", "START_BACKGROUND": False})
    entries = app.extensions["quizapp.contests"].log(contest_id)
    app.extensions["quizapp.engine"].dispose()
    return list(entries)


def ties_settled_by_arrival(entries: list[Any], rows: list[dict[str, Any]]) -> dict[str, Any]:
    """What if a reported tie went to the earliest *arrival* among the tied teams?

    That is what ``core/arbitration.arbitrate`` does with ``tie_rule="arrival"``; the live
    rules (``rules_buzz.decide_winner``) instead keep the earliest corrected time and only
    report the tie. ``rows`` are the played questions in log order (both rounds; only the
    compensated ones are counted).
    """
    segments: list[dict[str, Any]] = []
    for entry in entries:
        e = entry.event
        kind = type(e).__name__
        if kind == "QuestionShown":
            segments.append({"arrival": {}, "won": None})
        elif segments and kind == "PressRecorded" and e.decision == "valid":
            segments[-1]["arrival"].setdefault(e.team_id, e.arrival)
        elif segments and kind == "BuzzWon" and segments[-1]["won"] is None:
            segments[-1]["won"] = (e.team_id, tuple(e.tied_with))
    out: dict[str, Any] = {"questions": 0, "ties": 0, "correct": 0, "n_ge30": 0, "correct_ge30": 0,
                           "ties_ge30": 0, "changed": 0}
    for seg, row in zip(segments, rows, strict=False):
        if seg["won"] is None or row.get("arbitration", "compensated") != "compensated":
            continue
        winner, tied = seg["won"]
        out["questions"] += 1
        if tied:
            group = [winner, *tied]
            by_arrival = min(group, key=lambda t: seg["arrival"].get(t, math.inf))
            out["ties"] += 1
            out["changed"] += by_arrival != winner
            winner = by_arrival
        correct = winner == row["true_first"]
        out["correct"] += correct
        if row["first_gap_ms"] >= 30 - 1e-6:
            out["n_ge30"] += 1
            out["correct_ge30"] += correct
            out["ties_ge30"] += bool(tied)
    out["pct_ge30"] = 100 * out["correct_ge30"] / out["n_ge30"] if out["n_ge30"] else math.nan
    return out


def press_errors(entries: list[Any], offsets: dict[str, float],
                 delays: dict[str, float], upstream: list[list[float]] | None = None,
                 links: dict[str, int] | None = None) -> dict[str, Any]:
    """From the event log: corrected - true press time, and arrival - true, per team (ms).

    With the proxy's record (``upstream``) also the server-side lag of each press: its arrival
    stamp minus the time the proxy wrote its bytes to the server's socket.
    """
    per_team: dict[str, dict[str, list[float]]] = {}
    rows: list[dict[str, Any]] = []
    clamped = total = 0
    for entry in entries:
        e = entry.event
        if type(e).__name__ != "PressRecorded" or e.client_stamp is None or e.corrected is None:
            continue
        true = e.client_stamp - offsets[e.team_id]
        row = per_team.setdefault(e.team_id, {"err": [], "arrival": []})
        row["err"].append((e.corrected - true) * 1000)
        row["arrival"].append((e.arrival - true) * 1000)
        rows.append({"team": e.team_id, "decision": e.decision, "corrected_minus_true_ms": round((e.corrected - true) * 1000, 1),
                     "arrival_minus_true_ms": round((e.arrival - true) * 1000, 1), "clamped": bool(e.clamped),
                     # judged later than the truth because arrival − credit − tolerance was the floor
                     "credit_short": bool(e.clamped) and e.corrected < e.arrival and e.corrected - true > 0.001,
                     "est_delay_ms": round((e.delay or 0) * 1000, 1), "est_error_ms": round((e.error or 0) * 1000, 1),
                     "true_delay_ms": round(delays[e.team_id] * 1000, 1)})
        if upstream is not None and links is not None:
            lag = _server_lag(upstream, links[e.team_id], e.arrival)
            rows[-1]["server_lag_ms"] = round(lag * 1000, 2) if lag is not None else None
        total += 1
        clamped += bool(e.clamped)
    teams = {}
    for team, row in sorted(per_team.items(), key=lambda kv: delays[kv[0]]):
        teams[team] = {"delay_ms": round(delays[team] * 1000, 1),
                       "corrected_minus_true_ms_median": round(statistics.median(row["err"]), 1),
                       "corrected_minus_true_ms_max_abs": round(max(abs(x) for x in row["err"]), 1),
                       "arrival_minus_true_ms_median": round(statistics.median(row["arrival"]), 1),
                       "presses": len(row["err"])}
    valid = [r for r in rows if r["decision"] == "valid"]
    lags = sorted(r["server_lag_ms"] for r in rows if r.get("server_lag_ms") is not None)
    valid_lags = sorted(r["server_lag_ms"] for r in valid if r.get("server_lag_ms") is not None)
    valid_err = sorted(abs(r["corrected_minus_true_ms"]) for r in valid)

    def pct(data: list[float], p: float) -> float | None:
        return round(data[int(p / 100 * (len(data) - 1))], 1) if data else None

    summary = {"valid_presses": len(valid), "valid_clamped": sum(r["clamped"] for r in valid),
               "valid_credit_short": sum(r["credit_short"] for r in valid),
               "valid_abs_error_ms_p50": pct(valid_err, 50), "valid_abs_error_ms_p95": pct(valid_err, 95),
               "valid_abs_error_ms_max": pct(valid_err, 100),
               "server_lag_ms_p50": pct(lags, 50), "server_lag_ms_p95": pct(lags, 95),
               "server_lag_ms_max": pct(lags, 100),
               "valid_server_lag_ms_p50": pct(valid_lags, 50), "valid_server_lag_ms_p95": pct(valid_lags, 95),
               "valid_server_lag_ms_max": pct(valid_lags, 100)}
    all_err = [abs(x) for row in per_team.values() for x in row["err"]]
    return {"teams": teams, "presses": total, "clamped": clamped, "rows": rows, **summary,
            "abs_error_ms_p50": round(statistics.median(all_err), 1) if all_err else None,
            "abs_error_ms_p95": round(sorted(all_err)[int(0.95 * (len(all_err) - 1))], 1) if all_err else None}


def judged_gains(entries: list[Any], rows: list[dict[str, Any]], teams: dict[str, str]) -> dict[str, list[float]]:
    """Per team in ``teams``: true press time − judged (corrected) time of each press, in ms.

    Each logged press is matched to the bench's press of that team sent last before its
    arrival (a cheater's stamp says nothing true, so the truth comes from the bench).
    """
    sent: dict[str, list[tuple[float, float]]] = {}
    for row in rows:
        for p in row.get("presses", []):
            sent.setdefault(p["team"], []).append((p["sent"], p["true"]))
    out: dict[str, list[float]] = {}
    for entry in entries:
        e = entry.event
        if type(e).__name__ != "PressRecorded" or e.team_id not in teams or e.corrected is None:
            continue
        before = [true for t, true in sent.get(e.team_id, []) if t <= e.arrival]
        if before:
            out.setdefault(e.team_id, []).append((before[-1] - e.corrected) * 1000)
    return out


# --- main ----------------------------------------------------------------------------------

def _args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="scripts/bench fairness", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--teams", type=int, default=12)
    p.add_argument("--questions", type=int, default=60, help="questions per arbitration mode")
    p.add_argument("--delay-min", type=float, default=0.005, help="seconds")
    p.add_argument("--delay-max", type=float, default=0.200, help="seconds")
    p.add_argument("--jitter", type=float, default=0.020, help="+/- seconds per chunk")
    p.add_argument("--delays", choices=("stratified", "random"), default="stratified",
                   help="stratified: one delay drawn in each of M equal slices of the range (covers it); "
                        "random: M independent uniform draws")
    p.add_argument("--clock-offset", type=float, default=2.0, help="phone clocks off by up to +/- this")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--mode", default="eventlet", choices=("eventlet", "threading"), help="server mode")
    p.add_argument("--arbitrations", default="compensated,arrival")
    p.add_argument("--lead", type=float, default=0.3, help="seconds from OpenBuzzers ack to the first press")
    p.add_argument("--cheaters", action="store_true",
                   help="three phones cheat (forged sync samples, inflated delay, sniper; see bench/cheats.py); "
                        "compensated round only")
    p.add_argument("--inflater-at", choices=("median", "fastest"), default="median",
                   help="which phone inflates its delay: the room's median one, or its fastest (worst case)")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    from .delay_proxy import proxy_process
    from .server import quizapp_server
    from .stats import kv_line, machine, server_code, write_json

    args = _args(argv)
    arbitrations = [a.strip() for a in args.arbitrations.split(",") if a.strip()]
    if args.cheaters:
        arbitrations = ["compensated"]
    rng = random.Random(args.seed)
    if args.delays == "stratified":  # one delay in each of M equal slices of the range
        span = args.delay_max - args.delay_min
        delays = [args.delay_min + span * (i + rng.random()) / args.teams for i in range(args.teams)]
        rng.shuffle(delays)
    else:
        delays = [rng.uniform(args.delay_min, args.delay_max) for _ in range(args.teams)]
    offsets = [rng.uniform(-args.clock_offset, args.clock_offset) for _ in range(args.teams)]
    schedules = make_schedules(args.teams, args.questions, random.Random(args.seed + 1))
    by_delay = sorted(range(args.teams), key=lambda i: delays[i])
    inflater = by_delay[0] if args.inflater_at == "fastest" else by_delay[args.teams // 2]
    roles = ({by_delay[args.teams // 4]: "forger", inflater: "inflater",
              by_delay[3 * args.teams // 4]: "sniper"} if args.cheaters else {})
    inst = Path(tempfile.mkdtemp(prefix="bench-fairness-")) / "inst"
    rounds = [buzz_round(a, f"抢答（{a}）") for a in arbitrations]
    fx = build(inst, args.teams, 1, rounds, questions_per_round=args.questions + 2)
    log(f"{args.teams} teams, delays {', '.join(f'{d * 1000:.0f}' for d in delays)} ms, jitter +/-{args.jitter * 1000:.0f} ms, "
        f"clock offsets up to +/-{args.clock_offset:.1f} s; {args.questions} questions per mode ({', '.join(arbitrations)})")
    t0 = time.time()

    def progress(arbitration: str, q: int, row: dict[str, Any]) -> None:
        if (q + 1) % 10 == 0:
            log(f"  {arbitration}: {q + 1} questions played")

    record = inst.parent / "proxy-upstream.json"
    with quizapp_server(inst, args.mode) as srv:
        port = srv.base.rsplit(":", 1)[1]
        with proxy_process(f"127.0.0.1:{port}", delays, args.jitter, args.seed, record=record) as ports:
            results = asyncio.run(play(srv.base, fx, ports, delays, offsets,
                                       [(a, schedules) for a in arbitrations], lead=args.lead,
                                       seed=args.seed, on_question=progress, roles=roles))
    wall = time.time() - t0
    summary = table(results)
    upstream = json.loads(record.read_text()) if record.exists() else None
    entries = event_log(inst, fx.contest_id)
    cheaters = {fx.team_ids[i]: role for i, role in roles.items()}
    cheat = cheats.summary(results.get("compensated", []), cheaters,
                           judged_gains(entries, results.get("compensated", []), cheaters)) if roles else {}
    entries = [e for e in entries if getattr(e.event, "team_id", "") not in cheaters]
    errors = press_errors(entries, dict(zip(fx.team_ids, offsets, strict=True)),
                          dict(zip(fx.team_ids, delays, strict=True)), upstream,
                          {team: i for i, team in enumerate(fx.team_ids)})
    played = [{**row, "arbitration": a} for a in arbitrations for row in results[a]]  # log order
    tie_check = ties_settled_by_arrival(entries, played) if "compensated" in arbitrations else None
    shutil.rmtree(inst.parent, ignore_errors=True)

    print()
    print("share of questions won by the true first presser, by gap between the first two presses")
    header = f"{'gap':>7} " + " ".join(f"{a:>16}" for a in arbitrations)
    print(header)
    for b in BUCKETS_MS:
        cells = []
        for a in arbitrations:
            cell = summary[a]["buckets"][str(b)]
            pct = 100 * cell["correct"] / cell["n"] if cell["n"] else math.nan
            cells.append(f"{cell['correct']:>3}/{cell['n']:<3} {pct:5.1f} %")
        print(f"{b:>4} ms " + " ".join(f"{c:>16}" for c in cells))
    ge = " ".join(f"{summary[a]['correct_ge30']:>3}/{summary[a]['n_ge30']:<3} {summary[a]['pct_ge30']:5.1f} %"
                  for a in arbitrations)
    print(f"{'>=30 ms':>7} {ge}")
    for a in arbitrations:
        s = summary[a]
        print(f"{a}: ties reported {s['ties']}, re-buzz {s['rebuzz']}, undecided {s['undecided']}")
    if tie_check:
        print(f"if reported ties were settled by arrival (core/arbitration.py's tie_rule 'arrival'): "
              f"{tie_check['changed']} of {tie_check['ties']} winners change; >=30 ms correct "
              f"{tie_check['correct_ge30']}/{tie_check['n_ge30']} ({tie_check['pct_ge30']:.1f} %), "
              f"{tie_check['ties_ge30']} ties at >=30 ms")
    print(f"compensated presses (event log): valid {errors['valid_presses']}, of which clamped {errors['valid_clamped']} "
          f"({errors['valid_credit_short']} judged > 1 ms late because the delay credit fell short); "
          f"|corrected - true| of valid presses p50 {errors['valid_abs_error_ms_p50']} ms, "
          f"p95 {errors['valid_abs_error_ms_p95']} ms, max {errors['valid_abs_error_ms_max']} ms")
    print(f"server-side lag (arrival stamp - proxy wrote the bytes): valid presses p50 {errors['valid_server_lag_ms_p50']} ms, "
          f"p95 {errors['valid_server_lag_ms_p95']} ms, max {errors['valid_server_lag_ms_max']} ms; all presses p95 "
          f"{errors['server_lag_ms_p95']} ms, max {errors['server_lag_ms_max']} ms")
    for team, row in errors["teams"].items():
        print(f"  {team}: delay {row['delay_ms']:6.1f} ms  corrected-true median {row['corrected_minus_true_ms_median']:6.1f} ms "
              f"(max |{row['corrected_minus_true_ms_max_abs']}|)  arrival-true median {row['arrival_minus_true_ms_median']:6.1f} ms")

    for role, row in cheat.items():
        i = fx.team_ids.index(row["team"])
        print(f"cheater {role} ({row['team']}, delay {delays[i] * 1000:.0f} ms): cheater_wins_pct {row['cheater_wins_pct']} "
              f"cheater_fair_pct {row['cheater_fair_pct']} ({row['wins']} wins, {row['fair']} truly first, "
              f"of {row['questions']}); cheater_gain_ms median {row['cheater_gain_ms']}, max {row['cheater_gain_ms_max']}")
    code = server_code()
    data = {"bench": "fairness", "argv": sys.argv[1:], "args": vars(args), "machine": machine(), "server_code": code,
            "wall_s": wall, "delays_ms": dict(zip(fx.team_ids, [d * 1000 for d in delays], strict=True)),
            "clock_offsets_s": dict(zip(fx.team_ids, offsets, strict=True)), "summary": summary,
            "press_errors": errors, "ties_settled_by_arrival": tie_check, "cheaters": cheat,
            "questions": results}
    path = write_json("fairness", data)
    print(f"\nJSON: {path}  (run {wall:.0f} s; server code {code['sha256_12']}, last changed {code['newest_change']})")
    line = {"teams": args.teams, "questions": args.questions}
    for a in arbitrations:
        line[f"{a}_correct_pct_ge30ms"] = round(summary[a]["pct_ge30"], 1)
    for role, row in cheat.items():
        line.update({f"{role}_wins_pct": row["cheater_wins_pct"], f"{role}_fair_pct": row["cheater_fair_pct"],
                     f"{role}_gain_ms": row["cheater_gain_ms"]})
    print(kv_line(line))
    return 0


if __name__ == "__main__":
    sys.exit(main())
