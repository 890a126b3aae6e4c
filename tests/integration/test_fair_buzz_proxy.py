"""Fair buzzing over real sockets: four phones behind a delaying proxy (20 ms and 60 ms away).

Each question, a slow and a fast phone press 30 ms apart (on alternate questions the slow one
is truly first, yet arrives 10 ms after the fast one); the other two press later. The slow
phones stay within the room's bound on delay credit (room typical delay + 30 ms), so they keep
their whole credit. The same presses are played in a buzz round that
compensates with the phones' clock sync and in one that goes by arrival. Arrival gives the slow
phone's wins to the fast one; compensated order must find the true first presser.
"""

from __future__ import annotations

import asyncio
import threading

import pytest

from bench.delay_proxy import proxy_process
from bench.fairness import Schedule, buzz_round, play
from bench.fixture import build
from quizapp.devserver import live_server

pytestmark = pytest.mark.slow

SLOW, FAST = 0.060, 0.020
DELAYS = [SLOW, FAST, SLOW, FAST]  # team index -> one-way delay (t1, t3 slow; t2, t4 fast)
OFFSETS = [1.3, -0.7, -1.9, 0.4]  # the phones' clocks are off by this much (seconds)
GAP = 0.030
QUESTIONS = 10


def run_in_fresh_loop(coroutine):
    """asyncio.run in its own thread: Playwright's session fixture keeps a loop running in this one."""
    out: dict = {}

    def target() -> None:
        try:
            out["value"] = asyncio.run(coroutine)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread
            out["error"] = exc

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(120)
    if "error" in out:
        raise out["error"]
    return out["value"]


def schedules() -> list[Schedule]:
    out = []
    for q in range(QUESTIONS):
        slow, fast = (0, 1) if q % 4 < 2 else (2, 3)
        first, second = (slow, fast) if q % 2 == 0 else (fast, slow)
        rest = [i for i in range(4) if i not in (first, second)]
        out.append(Schedule((first, second, *rest), (GAP, GAP, GAP)))
    return out


def test_compensated_order_finds_the_true_first_presser_more_often_than_arrival(tmp_path):
    inst = tmp_path / "inst"
    fx = build(inst, 4, 1, [buzz_round("compensated", "抢答（补偿）"), buzz_round("arrival", "抢答（到达）")],
               questions_per_round=QUESTIONS + 2)
    plan = [("compensated", schedules()), ("arrival", schedules())]
    with live_server(inst, mode="eventlet", demo=False) as base:
        port = base.rsplit(":", 1)[1]
        with proxy_process(f"127.0.0.1:{port}", DELAYS, jitter=0.005, seed=3) as ports:
            results = run_in_fresh_loop(play(base, fx, ports, DELAYS, OFFSETS, plan, lead=0.2, seed=3))

    compensated = sum(r["correct"] for r in results["compensated"])
    arrival = sum(r["correct"] for r in results["arrival"])
    detail = {mode: [(r["true_first"], r["winner"]) for r in rows] for mode, rows in results.items()}
    assert all(r["decided"] for rows in results.values() for r in rows), detail
    assert compensated >= 8, detail
    assert compensated > arrival, detail
