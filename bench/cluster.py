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
import uuid
from pathlib import Path
from types import TracebackType

from quizapp.devserver import answers, free_ports, nginx_config, stop, wait_for

from .server import ROOT, Server

PG_ADMIN = os.environ.get("QUIZAPP_BENCH_PG_ADMIN", "postgresql+pg8000://postgres@127.0.0.1:5432/postgres")
PG_URL = "postgresql://postgres@127.0.0.1:5432/{name}"


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

        wait_for(started, f"{self.workers} workers", 120)
        base = self._start_nginx(sorted(pids))
        assert self.launcher is not None
        from .phases import children

        nginx = self.nginx.pid if self.nginx else 0
        helpers = {"nginx": (children(nginx) or [nginx])[0], "redis": self.redis.pid if self.redis else 0}
        return Server(base, self.launcher, log, workers=[pids[p] for p in sorted(pids)], helpers=helpers)

    def close(self) -> None:
        stop(self.nginx, signal.SIGQUIT)
        stop(self.launcher)
        stop(self.redis)
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

        wait_for(up, "redis-server", 10)

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
        wait_for(lambda: answers(f"{base}/healthz"), "nginx", 15)
        return base
