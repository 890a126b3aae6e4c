"""Server subprocesses for the benches, with their pid (for /proc CPU and memory readings).

``quizapp_server`` is ``quizapp.devserver.live_server`` with two differences a bench needs: it
yields the process (``live_server`` hides it), and the server's stderr goes to a file instead of
an unread pipe (a chatty server under load could otherwise fill the pipe and stall).
``bare_server`` runs ``bench.bare_server`` the same way.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from quizapp.devserver import free_port, stop, wait_until_up

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Server:
    """A running server: base URL, process and where its stderr goes.

    ``workers`` are the processes that serve sockets (their CPU and memory are what a bench
    reads): the server process itself, or the workers a ``--workers N`` launcher started.
    """

    base: str
    proc: subprocess.Popen[bytes]
    log: Path
    workers: list[int] = field(default_factory=list)
    helpers: dict[str, int] = field(default_factory=dict)  # nginx, redis-server: CPU reported apart

    @property
    def pid(self) -> int:
        return self.proc.pid

    @property
    def pids(self) -> list[int]:
        return self.workers or [self.proc.pid]

    def terminate(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL after 10 s)."""
        stop(self.proc)

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


class Restartable:
    """``quizapp serve`` on one fixed port that the restart bench SIGKILLs and starts again.

    Every start appends to the same log file, so the tail shows what each life printed.
    """

    def __init__(self, instance: Path, mode: str = "eventlet", env: dict[str, str] | None = None,
                 module: str = "quizapp") -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.args = [sys.executable, "-m", module, "serve", "--host", "127.0.0.1", "--port", str(self.port),
                     "--instance", str(instance), "--async-mode", mode, "--quiet"]
        self.env = {**os.environ, **(env or {})}
        self.log = Path(tempfile.mkstemp(prefix="bench-restart-", suffix=".log")[1])
        self.proc: subprocess.Popen[bytes] | None = None
        self.lives = 0
        self.listening_after: float | None = None
        self.healthy_after = 0.0
        self.started_at = 0.0

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def start(self, timeout: float = 60) -> None:
        """Start a new life and return once ``/healthz`` answers."""
        with self.log.open("ab") as err:
            err.write(f"--- life {self.lives + 1}\n".encode())
            err.flush()
            self.started_at = time.time()
            self.proc = subprocess.Popen(self.args, cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=err)
        self.lives += 1
        t0 = time.time()
        self.listening_after = None  # seconds from the start until the port accepted a connection
        while self.proc.poll() is None and time.time() - t0 < timeout:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=1):
                self.listening_after = time.time() - t0
                break
            time.sleep(0.02)
        wait_until_up(self.base, self.proc, lambda: self.log_tail(20), timeout=timeout)
        self.healthy_after = time.time() - t0

    def kill(self) -> None:
        """SIGKILL, as a power cut or the OOM killer would."""
        assert self.proc is not None
        self.proc.kill()
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            stop(self.proc)

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def close(self) -> None:
        self.stop()
        self.log.unlink(missing_ok=True)
