"""Starting a real `quizapp serve` in a subprocess, for tests and benchmarks.

The calling process is never monkey-patched: the server patches itself in its own process.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def live_server(instance: Path, mode: str = "eventlet", demo: bool = True,
                env: dict[str, str] | None = None, database: str | None = None) -> Iterator[str]:
    """Run the server until the block ends; yields its base URL once /healthz answers."""
    port = free_port()
    args = [sys.executable, "-m", "quizapp", "serve", "--host", "127.0.0.1", "--port", str(port),
            "--instance", str(instance), "--async-mode", mode, "--quiet"]
    if demo:
        args.append("--demo")
    if database:
        args += ["--database", database]
    proc = subprocess.Popen(args, cwd=ROOT, env={**os.environ, **(env or {})},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, proc, lambda: proc.stderr.read() if proc.stderr else "")
        yield base
    finally:
        stop(proc)
        if proc.stderr:
            proc.stderr.close()


def wait_until_up(base: str, proc: subprocess.Popen, why: Callable[[], str], timeout: float = 30) -> None:
    """Poll ``/healthz`` until it answers; fail with the server's own words if it dies or stalls."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=1).close()
            return
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited: {why()}") from None
            if time.monotonic() > deadline:
                raise RuntimeError(f"server did not answer /healthz in {timeout:g} s") from None
            time.sleep(0.1)


def stop(proc: subprocess.Popen) -> None:
    """Terminate a server process, killing it if it does not stop within 10 s."""
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


def demo_contests(base: str) -> dict[str, str]:
    """Preset id -> contest id of the demo contests."""
    with urllib.request.urlopen(f"{base}/api/contests") as r:
        return {row["preset"]: row["id"] for row in json.load(r)}
