"""A real multi-worker deployment: Redis, a scratch PostgreSQL database, ``quizapp serve --workers 2``
and nginx with the shipped ``deploy/nginx.conf``, each on free ports, in the test's tmp folder.

nginx runs as the current user with its pid, logs and temp files in the tmp folder; only the ports
of ``deploy/nginx.conf`` are rewritten, so the shipped routing (sticky cookie, upgrade headers,
failover) is what the test exercises. A test skips only when redis-server, PostgreSQL or nginx is
missing on this machine (``scripts/test`` installs nginx).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
import socketio

from quizapp.devserver import answers, free_ports, nginx_config, stop, wait_for
from tests.kit import HeldView, scratch_postgres

ROOT = Path(__file__).resolve().parents[2]
HOST_PASSWORD = "deploy-tests-host-password"
_HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test here starts server processes and needs PostgreSQL."""
    for item in items:
        if _HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.slow)
            item.add_marker(pytest.mark.postgres)


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """A private redis-server (no persistence) on a free port."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    port = free_ports(1)
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--dir", str(tmp_path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)

    def up() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    try:
        wait_for(up, "redis-server", 10)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(proc)


@pytest.fixture
def database() -> Iterator[str]:
    with scratch_postgres("quizapp_deploy") as url:
        yield url


@dataclass
class Cluster:
    """The launcher and its workers (ports ``first``, ``first + 1`` ...)."""

    launcher: subprocess.Popen[bytes]
    out: Path
    first: int
    pids: dict[int, int] = field(default_factory=dict)  # port -> worker pid

    def base(self, port: int) -> str:
        return f"http://127.0.0.1:{port}"

    def kill(self, port: int) -> list[str]:
        """SIGKILL one worker; returns its command line (to start it again by hand)."""
        pid = self.pids[port]
        command = Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")[:-1]
        os.kill(pid, signal.SIGKILL)
        wait_for(lambda: not answers(f"{self.base(port)}/healthz"), "the killed worker to go", 10)
        return command


@pytest.fixture
def cluster(tmp_path: Path, redis_url: str, database: str) -> Iterator[Cluster]:
    """``quizapp serve --workers 2`` with the demo contests, on two consecutive free ports."""
    first = free_ports(2)
    out = tmp_path / "launcher.log"
    env = {**os.environ, "QUIZAPP_HOST_PASSWORD": HOST_PASSWORD}
    with open(out, "wb") as log:
        launcher = subprocess.Popen(
            [sys.executable, "-m", "quizapp", "serve", "--workers", "2", "--host", "127.0.0.1",
             "--port", str(first), "--message-queue", redis_url, "--database", database,
             "--instance", str(tmp_path / "instance"), "--demo", "--public-url", "http://127.0.0.1"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    cluster = Cluster(launcher, out, first)

    def started() -> bool:
        if launcher.poll() is not None:
            raise AssertionError(f"the launcher exited: {out.read_text(errors='replace')[-3000:]}")
        found = re.findall(r"worker \d+ pid (\d+) http://127\.0\.0\.1:(\d+)", out.read_text(errors="replace"))
        cluster.pids = {int(port): int(pid) for pid, port in found}
        return len(cluster.pids) == 2

    try:
        wait_for(started, "two workers", 90)
        yield cluster
    finally:
        stop(launcher)


@pytest.fixture
def nginx(tmp_path: Path, cluster: Cluster) -> Iterator[str]:
    """nginx in front of the cluster with the shipped site config; yields its base URL."""
    binary = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)
    if binary is None:
        pytest.skip("nginx is not installed (scripts/test installs it: apt-get install nginx)")
    port = free_ports(1)
    folder = tmp_path / "nginx"
    folder.mkdir()
    conf = nginx_config(folder, port, sorted(cluster.pids))
    check = subprocess.run([binary, "-t", "-p", str(folder), "-e", str(folder / "error.log"),
                            "-c", str(conf)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    proc = subprocess.Popen([binary, "-p", str(folder), "-e", str(folder / "error.log"),
                             "-c", str(conf)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: answers(f"{base}/healthz"), "nginx", 10)
        yield base
    finally:
        stop(proc, signal.SIGQUIT)


class Phone(HeldView):
    """A python-socketio client through nginx, with its own cookie jar (so its own sticky route).

    It reconnects by itself (as ``live.js`` does), keeps the newest view, and sends commands with
    a ``cid``: ``send`` retries the same cid after a dropped connection until an ack comes.
    """

    def __init__(self, base: str, auth: dict[str, Any], worker: str | None = None) -> None:
        super().__init__()
        self.base, self.auth = base, auth
        self.http = requests.Session()
        while True:  # a new cookie per try: take the first that routes to ``worker``
            self.http.cookies.clear()
            self.worker = self.http.get(f"{base}/healthz", timeout=10).headers.get("X-Quizapp-Worker")
            if worker is None or self.worker == worker:
                break
        self.acked: list[tuple[str, dict[str, Any]]] = []  # (cid, ack) of every command acknowledged ok
        self.sio = socketio.Client(http_session=self.http, reconnection=True, reconnection_delay=0.2,
                                   reconnection_delay_max=1.0, randomization_factor=0.5)
        self.sio.on("view", self._on_view)
        self.sio.connect(base, auth=auth, wait_timeout=10)  # polling first, then the upgrade

    def routed_to(self) -> str:
        """The worker nginx sends this phone's requests to now."""
        return str(self.http.get(f"{self.base}/healthz", timeout=10).headers["X-Quizapp-Worker"])

    def send(self, event: str, payload: dict[str, Any], timeout: float = 30.0) -> dict[str, Any]:
        """Send with a fresh cid and wait for the ack, resending the same cid after a drop."""
        cid = uuid.uuid4().hex[:24]
        deadline = time.monotonic() + timeout
        while True:
            if time.monotonic() > deadline:
                raise AssertionError(f"{event} never acknowledged")
            if not self.sio.connected:
                time.sleep(0.1)
                continue
            try:
                ack = self.sio.call(event, {**payload, "cid": cid}, timeout=3)
            except (socketio.exceptions.TimeoutError, socketio.exceptions.BadNamespaceError,
                    socketio.exceptions.DisconnectedError):
                continue
            if ack.get("ok"):
                self.acked.append((cid, ack))
            return dict(ack)

    def wait_for(self, predicate: Callable[[dict[str, Any]], bool], timeout: float = 15.0) -> dict[str, Any]:
        """As ``HeldView.wait_for``, with room for a worker to die and its phones to move."""
        return super().wait_for(predicate, timeout)

    def close(self) -> None:
        """Disconnect, and leave no reconnect loop running (``disconnect`` alone leaves one retrying).

        A loop that outlives the test keeps drawing its jitter from the global ``random`` state,
        which hypothesis checks in later tests of the same process.
        """
        self.sio.reconnection = False  # a drop from now on starts no new loop
        self.sio.shutdown()  # ends a loop that is running (waiting for its attempt), or disconnects
        if self.sio.connected:  # that attempt succeeded while shutdown waited for it
            self.sio.disconnect()
        self.http.close()
