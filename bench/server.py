"""Server subprocesses for the benches, with their pid (for /proc CPU and memory readings).

``quizapp_server`` is ``quizapp.devserver.live_server`` with two differences a bench needs: it
yields the process (``live_server`` hides it), and the server's stderr goes to a file instead of
an unread pipe (a chatty server under load could otherwise fill the pipe and stall).
``bare_server`` runs ``bench.bare_server`` the same way.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from quizapp.devserver import free_port, stop, wait_until_up

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Server:
    """A running server: base URL, process and where its stderr goes."""

    base: str
    proc: subprocess.Popen[bytes]
    log: Path

    @property
    def pid(self) -> int:
        return self.proc.pid

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


@contextlib.contextmanager
def _run(args: list[str], port: int, env: dict[str, str] | None, name: str) -> Iterator[Server]:
    log = Path(tempfile.mkstemp(prefix=f"bench-{name}-", suffix=".log")[1])
    with log.open("wb") as err:
        proc = subprocess.Popen(args, cwd=ROOT, env={**os.environ, **(env or {})},
                                stdout=subprocess.DEVNULL, stderr=err)
    server = Server(f"http://127.0.0.1:{port}", proc, log)
    try:
        wait_until_up(server.base, proc, server.log_tail)
        yield server
    finally:
        stop(proc)
        log.unlink(missing_ok=True)


@contextlib.contextmanager
def quizapp_server(instance: Path, mode: str = "eventlet", env: dict[str, str] | None = None,
                   database: str | None = None, demo: bool = False,
                   module: str = "quizapp") -> Iterator[Server]:
    """``quizapp serve`` on a free loopback port until the block ends.

    ``module`` runs instead of ``quizapp`` with the same arguments (``python -m MODULE serve
    ...``): a way to bench an experimental server build without touching the real one.
    """
    port = free_port()
    args = [sys.executable, "-m", module, "serve", "--host", "127.0.0.1", "--port", str(port),
            "--instance", str(instance), "--async-mode", mode, "--quiet"]
    if demo:
        args.append("--demo")
    if database:
        args += ["--database", database]
    with _run(args, port, env, f"quizapp-{mode}") as server:
        yield server


@contextlib.contextmanager
def bare_server(mode: str, payload: Path) -> Iterator[Server]:
    """The bare Flask-SocketIO fan-out server (``bench.bare_server``) until the block ends."""
    port = free_port()
    args = [sys.executable, "-m", "bench.bare_server", "--port", str(port), "--mode", mode,
            "--payload", str(payload)]
    with _run(args, port, None, f"bare-{mode}") as server:
        yield server
