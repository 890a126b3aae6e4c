"""Starting real servers in subprocesses (`quizapp serve`, nginx in front of workers), for tests and benches.

The calling process is never monkey-patched: the server patches itself in its own process.
Nothing in the product imports this module (``tests/unit/test_layers.py``).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
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


def stop(proc: subprocess.Popen | None, sig: int = signal.SIGTERM, wait: float = 10.0) -> None:
    """Stop a process with ``sig`` (nginx: SIGQUIT), killing it if it is not gone within ``wait`` s."""
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(sig)
    try:
        proc.wait(wait)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


def free_ports(count: int) -> int:
    """The first of ``count`` consecutive free TCP ports (workers listen on consecutive ports)."""
    for _ in range(50):
        first = free_port()
        if first + count > 65535:
            continue
        try:
            for port in range(first, first + count):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", port))
            return first
        except OSError:
            continue
    raise RuntimeError("no consecutive free ports")


def wait_for(check: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    """Poll ``check`` every 0.1 s; RuntimeError naming ``what`` after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(0.1)


def answers(url: str) -> bool:
    """Whether ``url`` answers an HTTP GET within a second."""
    try:
        urllib.request.urlopen(url, timeout=1).close()
        return True
    except OSError:
        return False


def nginx_config(folder: Path, port: int, upstreams: list[int], connections: int = 512) -> Path:
    """An nginx.conf in ``folder`` running the shipped ``deploy/nginx.conf`` site on ``port`` in front of
    ``upstreams``, as this user, with its pid, logs and temp files in ``folder``.

    Every phone holds two connections in nginx (to it, and on to a worker).
    """
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    site = re.sub(r"listen 80;", f"listen 127.0.0.1:{port} backlog=4096;", site)
    servers = "".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;\n" for p in upstreams)
    site = re.sub(r"(?m)^    server 127\.0\.0\.1:\d+ .*\n(?:    server 127\.0\.0\.1:\d+ .*\n)*", servers, site)
    (folder / "quizapp.conf").write_text(site)
    user = f"user {os.getenv('USER') or 'root'};\n" if os.geteuid() == 0 else ""  # root: stay root
    temps = "".join(f"    {kind}_temp_path {folder / kind};\n"
                    for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    conf = folder / "nginx.conf"
    conf.write_text(
        f"{user}worker_processes 1;\nworker_rlimit_nofile {2 * connections + 1000};\n"
        f"pid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'} warn;\ndaemon off;\n"
        f"events {{ worker_connections {2 * connections + 500}; }}\n"
        f"http {{\n    access_log off;\n{temps}    include {folder / 'quizapp.conf'};\n}}\n")
    return conf


def demo_contests(base: str) -> dict[str, str]:
    """Preset id -> contest id of the demo contests."""
    with urllib.request.urlopen(f"{base}/api/contests") as r:
        return {row["preset"]: row["id"] for row in json.load(r)}
