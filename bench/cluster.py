"""Several quizapp workers for ``scripts/bench fanout --workers N``: Redis, PostgreSQL, nginx.

The deployment docs/DEPLOY.md describes, on free ports in a scratch folder: a private
``redis-server`` (no persistence), a new database on the PostgreSQL server at 127.0.0.1:5432
(dropped afterwards), ``quizapp serve --workers N`` (the launcher starts N workers with the Redis
message queue), and nginx with the shipped ``deploy/nginx.conf``, of which only the ports are
rewritten, so the routing the bench measures is the one that ships. The bench's clients connect to
nginx. Use::

    with Cluster(instance, workers=2, mode="eventlet", env=...) as c:
        build(instance, ..., database=c.database)   # the contest, before the workers start
        server = c.start()                           # bench.server.Server: nginx's URL, the workers' pids
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path
from types import TracebackType
from typing import Any

from .server import ROOT, Server

PG_ADMIN = os.environ.get("QUIZAPP_BENCH_PG_ADMIN", "postgresql+pg8000://postgres@127.0.0.1:5432/postgres")
PG_URL = "postgresql://postgres@127.0.0.1:5432/{name}"


def free_ports(count: int) -> int:
    """The first of ``count`` consecutive free TCP ports."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            first = int(probe.getsockname()[1])
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


def _wait(check: Any, what: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(0.1)


def _answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=1).close()
        return True
    except OSError:
        return False


def _stop(proc: subprocess.Popen[bytes] | None, sig: int = signal.SIGTERM) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(sig)
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


def nginx_config(folder: Path, port: int, upstreams: list[int], connections: int) -> Path:
    """nginx.conf for ``folder``: the shipped site with its ports rewritten, running as this user."""
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    site = re.sub(r"listen 80;", f"listen 127.0.0.1:{port} backlog=4096;", site)
    servers = "".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;\n" for p in upstreams)
    site = re.sub(r"(?m)^    server 127\.0\.0\.1:\d+ .*\n(?:    server 127\.0\.0\.1:\d+ .*\n)*", servers, site)
    (folder / "quizapp.conf").write_text(site)
    user = f"user {os.getenv('USER') or 'root'};\n" if os.geteuid() == 0 else ""
    temps = "".join(f"    {kind}_temp_path {folder / kind};\n"
                    for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    conf = folder / "nginx.conf"
    # every phone holds two connections in nginx (to it, and on to a worker)
    conf.write_text(
        f"{user}worker_processes 1;\nworker_rlimit_nofile {2 * connections + 1000};\n"
        f"pid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'} warn;\ndaemon off;\n"
        f"events {{ worker_connections {2 * connections + 500}; }}\n"
        f"http {{\n    access_log off;\n{temps}    include {folder / 'quizapp.conf'};\n}}\n")
    return conf


class Cluster:
    """Redis + a scratch PostgreSQL database + N workers + nginx, stopped in reverse on exit."""

    def __init__(self, instance: Path, workers: int = 2, mode: str = "eventlet",
                 env: dict[str, str] | None = None, connections: int = 6000) -> None:
        self.instance, self.workers, self.mode = instance, workers, mode
        self.env = {**os.environ, **(env or {})}
        self.connections = connections
        self.folder = Path(tempfile.mkdtemp(prefix="bench-cluster-"))
        self.database = ""
        self.redis: subprocess.Popen[bytes] | None = None
        self.launcher: subprocess.Popen[bytes] | None = None
        self.nginx: subprocess.Popen[bytes] | None = None
        self._db_name = ""

    # --- lifecycle ----------------------------------------------------------------------------
    def __enter__(self) -> Cluster:
        try:
            self._start_redis()
            self._create_database()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def start(self) -> Server:
        """The workers and nginx (after the contest was built in ``database``)."""
        first = free_ports(self.workers)
        log = self.folder / "launcher.log"
        with log.open("wb") as out:
            self.launcher = subprocess.Popen(
                [sys.executable, "-m", "quizapp", "serve", "--workers", str(self.workers), "--host", "127.0.0.1",
                 "--port", str(first), "--message-queue", self.redis_url, "--database", self.database,
                 "--instance", str(self.instance), "--async-mode", self.mode,
                 "--public-url", "http://127.0.0.1"],
                cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT)
        pids: dict[int, int] = {}

        def started() -> bool:
            assert self.launcher is not None
            if self.launcher.poll() is not None:
                raise RuntimeError(f"the launcher exited: {log.read_text(errors='replace')[-3000:]}")
            found = re.findall(r"worker \d+ pid (\d+) http://127\.0\.0\.1:(\d+)", log.read_text(errors="replace"))
            pids.update({int(port): int(pid) for pid, port in found})
            return len(pids) == self.workers

        _wait(started, f"{self.workers} workers", 120)
        base = self._start_nginx(sorted(pids))
        assert self.launcher is not None
        from .phases import children

        nginx = self.nginx.pid if self.nginx else 0
        helpers = {"nginx": (children(nginx) or [nginx])[0], "redis": self.redis.pid if self.redis else 0}
        return Server(base, self.launcher, log, workers=[pids[p] for p in sorted(pids)], helpers=helpers)

    def close(self) -> None:
        _stop(self.nginx, signal.SIGQUIT)
        _stop(self.launcher)
        _stop(self.redis)
        self._drop_database()
        shutil.rmtree(self.folder, ignore_errors=True)

    # --- parts ------------------------------------------------------------------------------
    def _start_redis(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed (apt-get install redis-server)")
        port = free_ports(1)
        self.redis = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                       "--appendonly", "no", "--dir", str(self.folder)],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        self.redis_url = f"redis://127.0.0.1:{port}/0"

        def up() -> bool:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
                    s.sendall(b"PING\r\n")
                    return s.recv(16).startswith(b"+PONG")
            except OSError:
                return False

        _wait(up, "redis-server", 10)

    def _create_database(self) -> None:
        from sqlalchemy import create_engine, text
        from sqlalchemy.pool import NullPool

        name = f"quizapp_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        try:
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        except Exception as exc:
            raise RuntimeError(f"no PostgreSQL server to create a database on ({PG_ADMIN}): {exc}") from exc
        finally:
            admin.dispose()
        self._db_name = name
        self.database = PG_URL.format(name=name)

    def _drop_database(self) -> None:
        if not self._db_name:
            return
        from sqlalchemy import create_engine, text
        from sqlalchemy.pool import NullPool

        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        try:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE "{self._db_name}" WITH (FORCE)'))
        except Exception:  # noqa: BLE001 - a leftover scratch database is harmless
            pass
        finally:
            admin.dispose()
        self._db_name = ""

    def _start_nginx(self, upstreams: list[int]) -> str:
        binary = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
        if binary is None:
            raise RuntimeError("nginx is not installed (apt-get install nginx)")
        port = free_ports(1)
        folder = self.folder / "nginx"
        folder.mkdir(exist_ok=True)
        conf = nginx_config(folder, port, upstreams, self.connections)
        args = [binary, "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(conf)]
        check = subprocess.run([*args[:1], "-t", *args[1:]], capture_output=True, text=True, check=False)
        if check.returncode != 0:
            raise RuntimeError(f"nginx -t: {check.stderr}")
        self.nginx = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        _wait(lambda: _answers(f"{base}/healthz"), "nginx", 15)
        return base
