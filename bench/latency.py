"""From what the clients recorded to the figures: fan-out latency and bytes per change by role."""

from __future__ import annotations

import math
from typing import Any

from .loadgen import Workers
from .probe import Probe
from .stats import ms, percentile


def fanout(reports: dict[int, dict[str, Any]], sends: list[tuple[str, int, float]]) -> dict[str, Any]:
    """Per (command, client) latency from the send to the first time the client held the
    command's version or a later one; p50/p99 over all pairs, and the whole room per command."""
    pooled: list[float] = []
    by_kind: dict[str, list[float]] = {}
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
                by_kind.setdefault(rep["kind"], []).append(t - t_send)
        pooled += lats
        if lats:
            per_cmd_max.append(max(lats))
            per_cmd.append({"command": name, "version": version, "p50_ms": ms(percentile(lats, 50)),
                            "max_ms": ms(max(lats)), "received": len(lats)})
    return {"p50": percentile(pooled, 50), "p90": percentile(pooled, 90),
            "p99": percentile(pooled, 99), "max": max(pooled) if pooled else math.nan,
            "all_reached_p50": percentile(per_cmd_max, 50), "all_reached_p99": percentile(per_cmd_max, 99),
            "by_kind": {k: {"p50_ms": ms(percentile(v, 50)), "p99_ms": ms(percentile(v, 99))}
                        for k, v in by_kind.items()},
            "fanouts": len(sends), "samples": len(pooled), "missing": missing, "per_command": per_cmd}


async def traffic(workers: Workers, *probes: Probe) -> dict[str, dict[str, int]]:
    """Views and bytes every kind of client has received so far (load generators and ``probes``)."""
    total: dict[str, dict[str, int]] = {}
    rows = [r for part in await workers.all("traffic") for r in part.items()]
    rows += [(p.kind, {"clients": 1, "connected": int(p.connected), "views": p.views, "bytes": p.bytes,
                       "patch_bytes": p.patch_bytes, "full_bytes": p.full_bytes, "gaps": p.state.gaps})
             for p in probes]
    for kind, row in rows:
        into = total.setdefault(kind, dict.fromkeys(row, 0))
        for key, value in row.items():
            into[key] += value
    return total


def per_change(before: dict[str, dict[str, int]], after: dict[str, dict[str, int]],
               changes: int) -> dict[str, dict[str, float]]:
    """Bytes (and views) one client of each role received per contest change between two
    ``traffic`` readings: what the capacity model multiplies by clients and changes per second."""
    out = {}
    for kind, row in after.items():
        prev = before.get(kind, dict.fromkeys(row, 0))
        clients = max(row["connected"], 1)
        n = max(changes, 1)
        out[kind] = {"clients": row["connected"],
                     "bytes_per_change": (row["bytes"] - prev["bytes"]) / clients / n,
                     "views_per_change": (row["views"] - prev["views"]) / clients / n,
                     "gaps": row.get("gaps", 0) - prev.get("gaps", 0),
                     "patch_share": ((row["patch_bytes"] - prev["patch_bytes"])
                                     / max(row["bytes"] - prev["bytes"], 1))}
    return out
