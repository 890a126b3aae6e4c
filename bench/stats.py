"""Small helpers shared by the benches: percentiles, /proc readings, machine facts, output."""

from __future__ import annotations

import json
import math
import os
import platform
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "artifacts" / "bench"
CLK_TCK = os.sysconf("SC_CLK_TCK")


def percentile(values: Iterable[float], p: float) -> float:
    """Linear-interpolated percentile (p in 0..100); NaN for no values."""
    data = sorted(values)
    if not data:
        return math.nan
    k = (len(data) - 1) * p / 100
    lo, hi = math.floor(k), math.ceil(k)
    return data[lo] + (data[hi] - data[lo]) * (k - lo)


def ms(seconds: float) -> float:
    """Seconds to milliseconds, rounded for printing."""
    return round(seconds * 1000, 1) if math.isfinite(seconds) else math.nan


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process (all its threads), from /proc/<pid>/stat."""
    text = Path(f"/proc/{pid}/stat").read_text()
    fields = text[text.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def status_kb(pid: int, key: str) -> int:
    """A ``kB`` figure from /proc/<pid>/status (VmRSS, VmHWM, ...)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise KeyError(key)


def thread_count(pid: int) -> int:
    return status_kb(pid, "Threads")


def machine() -> dict[str, Any]:
    """The facts PERFORMANCE.md quotes: cores, memory, Python, kernel."""
    def run(*args: str) -> str:
        try:
            return subprocess.run(args, capture_output=True, text=True, timeout=5, check=False).stdout.strip()
        except OSError:
            return ""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"nproc": run("nproc"), "cpu": model, "lscpu_model": run("sh", "-c", "lscpu | grep 'Model name'"), "free_h": run("free", "-h"),
            "python": sys.version.split()[0], "kernel": platform.release(),
            "loadavg_at_start": Path("/proc/loadavg").read_text().strip()}


def server_code() -> dict[str, Any]:
    """Which server code a result was measured on: a hash of quizapp's Python files and the
    newest of their modification times (the code changes while others work on it)."""
    import hashlib

    digest = hashlib.sha256()
    newest = 0.0
    for path in sorted((ROOT / "quizapp").rglob("*.py")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
        newest = max(newest, path.stat().st_mtime)
    return {"sha256_12": digest.hexdigest()[:12], "git": git_commit(),
            "newest_change": time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(newest))}


def git_commit() -> str:
    """``git rev-parse --short HEAD``, plus "with uncommitted changes" when the tree differs."""
    def run(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10,
                                  check=False).stdout.strip()
        except OSError:
            return ""
    head = run("rev-parse", "--short", "HEAD") or "unknown"
    dirty = run("status", "--porcelain", "--", "quizapp", "bench")
    return f"{head} with uncommitted changes" if dirty else head


def write_json(name: str, data: dict[str, Any]) -> Path:
    """Write ``artifacts/bench/<name>-<timestamp>.json`` and a ``<name>-latest.json`` copy."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = ARTIFACTS / f"{name}-{stamp}.json"
    text = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    path.write_text(text, encoding="utf-8")
    (ARTIFACTS / f"{name}-latest.json").write_text(text, encoding="utf-8")
    return path


def kv_line(pairs: dict[str, Any]) -> str:
    """``key=value key=value`` with floats kept short."""
    def fmt(v: Any) -> str:
        if isinstance(v, float):
            return "nan" if math.isnan(v) else f"{v:.4g}" if abs(v) < 1000 else f"{v:.0f}"
        return str(v)
    return " ".join(f"{k}={fmt(v)}" for k, v in pairs.items())


def machine_busy_seconds() -> float:
    """CPU seconds all cores spent busy since boot (/proc/stat: everything but idle and iowait)."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    values = [int(v) for v in fields]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    # guest time is already counted in user/nice
    total = sum(values[:8]) if len(values) >= 8 else sum(values)
    return (total - idle) / CLK_TCK


class CpuWatch:
    """Server, own and machine-wide CPU between start() and stop(): how much others used."""

    def __init__(self) -> None:
        self.t0 = self.busy0 = 0.0
        self.mine0: dict[int, float] = {}

    @staticmethod
    def _cpu(pids: list[int]) -> dict[int, float]:
        out = {}
        for pid in pids:
            try:
                out[pid] = cpu_seconds(pid)
            except OSError:
                continue
        return out

    def start(self, pids: list[int]) -> None:
        self.t0, self.busy0 = time.time(), machine_busy_seconds()
        self.mine0 = self._cpu(pids)

    def stop(self, pids: list[int]) -> dict[str, float]:
        wall = time.time() - self.t0
        busy = machine_busy_seconds() - self.busy0
        now = self._cpu(pids)
        mine = sum(now[p] - self.mine0.get(p, 0.0) for p in now)
        return {"wall_s": wall, "machine_busy_s": busy, "bench_and_server_s": mine,
                "others_s": max(0.0, busy - mine), "others_share_of_machine": max(0.0, busy - mine) / max(wall, 1e-9) / (os.cpu_count() or 1)}
