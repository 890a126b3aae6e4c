"""Audience play-along as a bench phase: the whole audience answers one question in one second.

The host shows a 单选/判断 question (queued by the fixture); then up to ``count`` audience phones
send ``audience_answer`` with their signed cookie's identity, spread evenly over ``spread``
seconds, as a hall does when the question appears. Reported: answers accepted, refused (by error
code), accepted answers per second, the ack latency of each answer (p50/p99/max) and how long
after the first send the last ack came. Then the host reveals (every answer is scored there) and
the reveal's fan-out is timed like any other change.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

from .fixture import Fixture
from .loadgen import Workers
from .phases import cpu_of, log
from .stats import ms, percentile


async def play_along(workers: Workers, fx: Fixture, command: Callable[[dict[str, Any]], Awaitable[int]],
                     pids: list[int], count: int, spread: float = 1.0) -> dict[str, Any]:
    """Run the phase; ``command`` sends a host command and waits for the room to hold it."""
    if fx.choice_question is None:
        return {"skipped": "no choice question queued"}
    await command({"type": "ShowQuestion", "question_id": fx.choice_question["id"]})
    by_worker = await workers.all("connected_ids", kinds=["watch"])
    total = sum(len(ids) for ids in by_worker)
    want = min(count, total)
    # the same share of every process's audience, so each load generator sends at the same rate
    chosen = [ids[:round(want * len(ids) / max(total, 1))] for ids in by_worker]
    n = sum(len(ids) for ids in chosen)
    if not n:
        return {"skipped": "no audience phone connected"}
    cpu0 = cpu_of(pids)
    at = time.time() + 0.5
    log(f"play-along: {n} audience phones answer within {spread:g} s")
    replies = await asyncio.gather(*(workers.call(w, "answer", 180, ids=ids, at=at, spread=spread,
                                                  choices=fx.choice_question["keys"])
                                     for w, ids in enumerate(chosen) if ids))
    answers = [a for part in replies for a in part]
    cpu = cpu_of(pids) - cpu0
    ok = [a for a in answers if a["ok"]]
    lat = [a["t_ack"] - a["t_emit"] for a in ok]
    first = min(a["t_emit"] for a in answers)
    last_ack = max((a["t_ack"] for a in ok), default=first)
    refused = Counter(str((a["error"] or {}).get("code") if isinstance(a["error"], dict) else a["error"])
                      for a in answers if not a["ok"])
    out = {"phones": n, "spread_s": spread, "accepted": len(ok), "refused": dict(refused),
           "accepted_per_s": len(ok) / max(last_ack - first, 1e-9),
           "ack_p50": percentile(lat, 50), "ack_p99": percentile(lat, 99),
           "ack_max": max(lat) if lat else float("nan"),
           "last_ack_after_first_send_s": last_ack - first,
           "server_cpu_s": cpu, "server_cpu_ms_per_answer": cpu / max(len(ok), 1) * 1000}
    await command({"type": "SkipQuestion"})
    t = time.time()
    cpu0 = cpu_of(pids)
    await command({"type": "Reveal"})
    out["reveal_room_s"] = time.time() - t
    out["reveal_server_cpu_ms"] = (cpu_of(pids) - cpu0) * 1000
    log(f"play-along: {len(ok)}/{n} accepted ({dict(refused) or 'none refused'}), "
        f"{out['accepted_per_s']:.0f}/s, ack p50 {ms(out['ack_p50'])} ms p99 {ms(out['ack_p99'])} ms, "
        f"last ack {out['last_ack_after_first_send_s']:.2f} s after the first send; "
        f"reveal reached the room in {out['reveal_room_s'] * 1000:.0f} ms")
    return out
