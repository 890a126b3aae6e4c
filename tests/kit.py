"""Test kit shared by unit, integration and security tests: in-memory contests, a host login and
socket clients for the Flask app, and a scratch PostgreSQL database."""

from __future__ import annotations

import contextlib
import html
import re
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from quizapp.core.ledger import Ledger
from quizapp.core.quiz import commands as c
from quizapp.core.quiz.questions import Question, make_question
from quizapp.core.quiz.rounds import RoundSpec
from quizapp.core.quiz.rulebook import QUIZ


def drop_socket(sio: Any) -> None:
    """Drop a python-socketio client's connection at once, as a phone leaving does.

    A polite ``disconnect`` waits up to 3 s for a threading-mode server to close its end.
    """
    ws = getattr(sio.eio, "ws", None)
    if ws is not None and ws.sock is not None:
        with contextlib.suppress(OSError):  # wakes the reader thread: it sees the end at once
            ws.sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(Exception):  # it may already be gone
        sio.disconnect()
    if ws is not None:
        with contextlib.suppress(Exception):
            ws.shutdown()  # closes the file descriptor


class HeldView:
    """The newest view a live socket client holds, and a wait for one that matches (real-server tests)."""

    def __init__(self) -> None:
        self.view: dict[str, Any] = {}
        self._changed = threading.Condition()

    def _on_view(self, view: dict[str, Any]) -> None:
        with self._changed:
            if view.get("version", -1) >= self.view.get("version", -1):
                self.view = view
            self._changed.notify_all()

    def wait_for(self, predicate: Callable[[dict[str, Any]], bool], timeout: float = 5.0) -> dict[str, Any]:
        """The newest view once ``predicate`` holds for it."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not (self.view and predicate(self.view)):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"view never matched; last version {self.view.get('version')}")
                self._changed.wait(left)
            return self.view


def q(i: int, qtype: str = "single", answer: Any = "B", difficulty: int = 1) -> Question:
    """Question number ``i`` of a type; choice questions have options A–D."""
    options = ["甲", "乙", "丙", "丁"] if qtype in ("single", "multiple") else []
    return make_question({"id": f"q{i}", "type": qtype, "stem": f"第{i}题", "options": options,
                          "answer": answer, "difficulty": difficulty, "explanation": "解析"})


def contest(*rounds: dict[str, Any], teams: int = 3, questions: int = 12) -> Ledger:
    """A contest with ``teams`` teams (t1…) and each round queued with fresh questions."""
    ledger = Ledger(QUIZ)
    specs = tuple(RoundSpec.from_dict(r) for r in rounds)
    ledger.execute(c.CreateContest(title="测试赛", rounds=specs), 0.0)
    for n in range(teams):
        ledger.execute(c.AddTeam(name=f"队{n + 1}"), 0.0)
    for index in range(len(specs)):
        qs = tuple(q(index * 100 + i, difficulty=1 + i % 3) for i in range(questions))
        ledger.execute(c.QueueQuestions(round_index=index, questions=qs), 0.0)
    return ledger


def scores(ledger: Ledger) -> dict[str, int]:
    """Team id -> score."""
    return {t.id: t.score for t in ledger.state.teams.values()}


def csrf(page: str) -> str:
    """The CSRF token of a WTForms page (either attribute order)."""
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', page)
    assert found, "the page has no CSRF token"
    return html.unescape(found.group(1))


def login(client: Any, app: Any) -> Any:
    """Log a Flask test client in as the host; returns the response (a 302 when it worked)."""
    token = csrf(client.get("/host/login").get_data(as_text=True))
    return client.post("/host/login", data={"csrf_token": token, "password": app.config["HOST_PASSWORD"]})


def socket_client(app: Any, auth: Any) -> Any:
    """A Flask-SocketIO test client connected with ``auth``."""
    return app.extensions["quizapp.socketio"].test_client(app, auth=auth)


def host_socket(app: Any, cid: str) -> Any:
    """The host's socket of contest ``cid``, with a freshly minted host token."""
    token = app.extensions["quizapp.hostauth"].mint(cid)
    return socket_client(app, {"role": "host", "contest": cid, "token": token})


def team_socket(app: Any, cid: str, team_id: str, member: str = "张三") -> Any:
    """A phone that joined team ``team_id`` with its join code, as ``member``."""
    devices = app.extensions["quizapp.devices"]
    device = devices.join(devices.join_code(cid, team_id), member)
    return socket_client(app, {"role": "team", "token": device.token})


def last_view(client: Any) -> Any:
    """The latest ``view`` a socket test client received."""
    return [m["args"][0] for m in client.get_received() if m["name"] == "view"][-1]


PG_ADMIN = "postgresql+pg8000://postgres@127.0.0.1:5432/postgres"


def postgres_up() -> bool:
    """Whether a PostgreSQL server answers on 127.0.0.1:5432."""
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=1).close()
        return True
    except OSError:
        return False


@contextmanager
def scratch_postgres(prefix: str) -> Iterator[str]:
    """A new empty PostgreSQL database, dropped afterwards; yields its URL (skips without a server)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    if not postgres_up():
        pytest.skip("no PostgreSQL server answers on 127.0.0.1:5432")
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()
