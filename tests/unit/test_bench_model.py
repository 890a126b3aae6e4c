"""The capacity model: more workers spread sockets and CPU; the link and answer writes do not."""

from __future__ import annotations

import argparse

from bench.model import inputs, predict, verdict


def _args(**over: object) -> argparse.Namespace:
    base = {"teams": 100, "changes_per_s": 2.0, "audience_hz": 5.0, "max_load": 0.7, "stale_ms": 250.0,
            "pool": 4096, "cores": 32, "link_mbit": 10_000.0, "memory_gb": 64.0}
    return argparse.Namespace(**{**base, **over})


def _inputs() -> dict:
    per = {r: {"bytes_per_change": b, "views_per_change": 1.0, "clients": n}
           for r, b, n in (("team", 800, 500), ("watch", 800, 500), ("host", 5000, 1), ("screen", 800, 1))}
    fanout = {"started": "x", "modes": [{"mode": "eventlet", "quizapp": {
        "bytes_per_change": per, "cpu_ms_per_change": 20.0, "rss_kb_per_client": 80.0, "clients": 1000,
        "play_along": {"accepted_per_s": 100.0, "last_ack_after_first_send_s": 10.0, "spread_s": 1.0}}}]}
    return inputs(fanout, {"us_per_message": 30.0, "us_per_byte": 0.001})


def test_more_workers_spread_sockets_cpu_and_fanout_time() -> None:
    inp, a = _inputs(), _args()
    one, four = predict(inp, 10_000, 1, a), predict(inp, 10_000, 4, a)
    assert one["sockets_per_worker"] == 10_503 and four["sockets_per_worker"] == 2626
    assert four["cpu_core_per_worker"] < one["cpu_core_per_worker"]
    assert four["fanout_ms"] < one["fanout_ms"]
    assert not one["workers_enough"] and "pool" in one["breaks_on"]
    assert four["link_mbit_s"] == one["link_mbit_s"]  # the bytes leave the machine either way


def test_the_verdict_names_the_fewest_workers_and_the_serial_answer_queue() -> None:
    inp, a = _inputs(), _args()
    rows = [predict(inp, 10_000, w, a) for w in (1, 2, 4, 8)]
    text = verdict(rows, 10_000)
    assert text.startswith(f"{next(r['workers'] for r in rows if r['workers_enough'])} worker(s)")
    assert "100 s" in text  # 10,000 answers at the measured 100/s


def test_a_slow_link_breaks_a_configuration_whatever_the_workers() -> None:
    inp = _inputs()
    row = predict(inp, 50_000, 16, _args(link_mbit=100.0))
    assert not row["fits"] and "link" in row["breaks_on"]
