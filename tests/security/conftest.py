"""Harness for attacking a real `quizapp serve` process.

Clients get their credentials through the server's public doors, as a person would: the host
logs in with the password and reads the socket token from the console page, a phone opens the
team's QR link. The test process reads the database only for what is printed on paper (a
team's join code) and to inspect the event log afterwards, so these tests keep working when
the credential formats change.

Fixtures: ``server`` (a demo server on a temporary instance folder, eventlet mode; parametrize
it indirectly with ``"threading"`` for the other mode) and ``server_factory`` (start more, or
start one with other settings). Sockets are :class:`tests.security.client.Client` (also
importable from here). Every test in this folder is marked ``slow``.
"""

from __future__ import annotations

import contextlib
import html
import os
import re
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from quizapp.devserver import ROOT, demo_contests, free_port, stop, wait_until_up
from tests.kit import csrf
from tests.security.client import Client, Refused

__all__ = ["Client", "LiveServer", "Refused", "ServerProcess", "csrf_token"]

HOST_PASSWORD = "sectests-host-password"
_HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test here starts server processes."""
    for item in items:
        if _HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.slow)


class ServerProcess:
    """`quizapp serve` on one instance folder that can be SIGKILLed and started again on it.

    The server's stderr goes to ``<instance>.log`` (a pipe nobody reads could fill and stall it).
    """

    def __init__(self, instance: Path, mode: str = "eventlet", demo: bool = True,
                 env: dict[str, str] | None = None) -> None:
        self.instance, self.mode, self.demo = instance, mode, demo
        self.env = {**os.environ, "QUIZAPP_HOST_PASSWORD": HOST_PASSWORD, **(env or {})}
        self.log_path = instance.with_name(instance.name + ".log")
        self.proc: subprocess.Popen[bytes] | None = None
        self.base = ""

    def start(self) -> str:
        """Start on a fresh port; returns the base URL once ``/healthz`` answers."""
        port = free_port()
        args = [sys.executable, "-m", "quizapp", "serve", "--host", "127.0.0.1", "--port", str(port),
                "--instance", str(self.instance), "--async-mode", self.mode, "--quiet"]
        if self.demo:
            args.append("--demo")
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(args, cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=log)
        self.base = f"http://127.0.0.1:{port}"
        wait_until_up(self.base, self.proc, self.stderr)
        return self.base

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, as when the power goes."""
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            stop(self.proc)

    def stderr(self) -> str:
        """What the server wrote to stderr so far (the end of it)."""
        return self.log_path.read_text(errors="replace")[-4000:] if self.log_path.exists() else ""


class LiveServer:
    """A running server plus ways in for every role."""

    def __init__(self, process: ServerProcess) -> None:
        self.process = process
        self.contests = demo_contests(self.base) if process.demo else {}
        self._app: Any = None
        self._open: list[Client | requests.Session] = []  # closed when the test ends

    def connect(self, auth: dict[str, Any], headers: dict[str, str] | None = None) -> Client:
        """A socket with this ``auth`` (raises :class:`Refused`); closed when the test ends."""
        client = Client(self.base, auth, headers)
        self._open.append(client)
        return client

    def session(self) -> requests.Session:
        """An HTTP session, closed when the test ends."""
        http = requests.Session()
        self._open.append(http)
        return http

    def close(self) -> None:
        """Close every socket and session opened through this object."""
        for thing in reversed(self._open):
            with contextlib.suppress(Exception):
                thing.close()
        self._open.clear()
        if self._app is not None:
            self._app.extensions["quizapp.engine"].dispose()

    @property
    def base(self) -> str:
        return self.process.base

    @property
    def instance(self) -> Path:
        return self.process.instance

    def app(self) -> Any:
        """A Flask app on the same instance folder (same database), with no background loop."""
        if self._app is None:
            from quizapp.app import create_app

            self._app = create_app({"INSTANCE_PATH": str(self.instance), "START_BACKGROUND": False,
                                    "ASYNC_MODE": "threading"})
        return self._app

    def state(self, contest: str) -> Any:
        """The contest's state as the database has it now."""
        return self.app().extensions["quizapp.contests"].state(contest)

    def log(self, contest: str) -> list[Any]:
        """The contest's event log entries as stored."""
        return list(self.app().extensions["quizapp.contests"].log(contest))

    def login(self, password: str = HOST_PASSWORD) -> requests.Session:
        """An HTTP session logged in as host (raises if the password is refused)."""
        http = self.session()
        form = http.get(f"{self.base}/host/login", timeout=10)
        reply = http.post(f"{self.base}/host/login", timeout=10, allow_redirects=False,
                          data={"password": password, "csrf_token": csrf_token(form.text)})
        assert reply.status_code in (302, 303), f"login refused: {reply.status_code}"
        return http

    def host_token(self, contest: str, http: requests.Session | None = None) -> str:
        """The socket token the console page of ``contest`` carries."""
        page = (http or self.login()).get(f"{self.base}/host/{contest}", timeout=10)
        page.raise_for_status()
        found = re.search(r'data-token="([^"]*)"', page.text)
        assert found, "the console page carries no data-token"
        return html.unescape(found.group(1))

    def host(self, contest: str) -> Client:
        """A host socket, opened the way the console page opens it (its cookies sent too)."""
        http = self.login()
        token = self.host_token(contest, http)
        return self.connect({"role": "host", "contest": contest, "token": token},
                            headers={"Cookie": "; ".join(f"{k}={v}" for k, v in http.cookies.items())})

    def join_code(self, contest: str, holder: str) -> str:
        """The code in a QR: a team id, ``@judge:<id>`` or ``@recorder``."""
        return str(self.app().extensions["quizapp.devices"].join_code(contest, holder).code)

    def device_token(self, contest: str, holder: str, member: str) -> str:
        """Join through ``/join/<code>`` as a phone does; returns the token the page stores."""
        http = self.session()
        url = f"{self.base}/join/{self.join_code(contest, holder)}"
        form = http.get(url, timeout=10)
        form.raise_for_status()
        page = http.post(url, data={"member": member, "csrf_token": csrf_token(form.text)}, timeout=10)
        page.raise_for_status()
        found = re.search(r'localStorage\.setItem\([^,]+,\s*"([^"]+)"\)', page.text)
        assert found, f"joining gave no device token (status {page.status_code})"
        return found.group(1)

    def team(self, contest: str, team_id: str = "t1", member: str = "队员") -> Client:
        return self.connect({"role": "team", "token": self.device_token(contest, team_id, member)})

    def judge(self, contest: str, judge_id: str, member: str = "评委") -> Client:
        return self.connect({"role": "judge", "token": self.device_token(contest, f"@judge:{judge_id}", member)})

    def recorder(self, contest: str, member: str = "录入员") -> Client:
        return self.connect({"role": "recorder", "token": self.device_token(contest, "@recorder", member)})

    def screen(self, contest: str) -> Client:
        return self.connect({"role": "screen", "contest": contest})

    def watch(self, contest: str, device: str = "audience-1") -> Client:
        return self.connect({"role": "watch", "contest": contest, "device": device})

    def healthz(self) -> int:
        with requests.get(f"{self.base}/healthz", timeout=10) as reply:
            return reply.status_code

    def verify_log(self) -> subprocess.CompletedProcess[str]:
        """``quizapp log verify`` on this instance, in its own process."""
        return subprocess.run([sys.executable, "-m", "quizapp", "log", "verify", "--instance",
                               str(self.instance)], capture_output=True, text=True, cwd=ROOT, timeout=120)


csrf_token = csrf  # the scraper the other test layers use


@pytest.fixture
def server_factory(tmp_path: Path) -> Iterator[Callable[..., LiveServer]]:
    """``start(name="inst", mode="eventlet", demo=True, env=None)`` -> a running LiveServer;
    every process started is stopped at the end of the test."""
    started: list[tuple[ServerProcess, list[LiveServer]]] = []

    def start(name: str = "inst", mode: str = "eventlet", demo: bool = True,
              env: dict[str, str] | None = None) -> LiveServer:
        process = ServerProcess(tmp_path / name, mode=mode, demo=demo, env=env)
        started.append((process, []))
        process.start()
        server = LiveServer(process)
        started[-1][1].append(server)
        return server

    yield start
    for process, servers in started:
        for server in servers:
            server.close()
        process.stop()


@pytest.fixture
def server(request: pytest.FixtureRequest, server_factory: Callable[..., LiveServer]) -> LiveServer:
    """A demo server in eventlet mode (``indirect`` parametrization may pass ``"threading"``)."""
    return server_factory(mode=getattr(request, "param", "eventlet"))
