"""Two contest services on one PostgreSQL database stand for two workers (no sockets, no Redis):
appends are serial, a command decided on a stale cache is decided again on the committed state
(and refused when it no longer applies, as a second TimeUp is), and the sweep reloads a stale cache.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from quizapp.core.errors import DomainError
from quizapp.core.quiz import commands as cmd
from quizapp.demo import load_demo
from quizapp.services.contests import ContestService
from quizapp.services.shared import ChangeNotices, contest_key, serial_append
from quizapp.store.database import make_engine, make_sessionmaker
from quizapp.store.models import EventRow
from quizapp.store.schema import create_schema


@pytest.fixture
def two_workers(database: str):
    engine = make_engine(database)
    create_schema(engine)
    services = []
    for _ in range(2):
        service = ContestService(make_sessionmaker(engine))
        service.append = serial_append
        services.append(service)
    yield services
    engine.dispose()


def test_a_stale_worker_decides_again_and_a_second_judging_is_refused(two_workers) -> None:
    a, b = two_workers
    quiz = load_demo(a)[0]
    b.state(quiz)  # both workers hold the contest
    a.execute(quiz, cmd.StartRound(), "host")
    with pytest.raises(DomainError):  # b's cache predates a's StartRound: decided again, refused
        b.execute(quiz, cmd.StartRound(), "host")
    assert len(b.log(quiz)) == len(a.log(quiz))  # b reloaded the committed log
    b.execute(quiz, cmd.ShowQuestion(), "host")  # and works on from it
    assert len(a.log(quiz)) < len(b.log(quiz))  # a is stale until it learns of it
    notices = ChangeNotices(a, "redis://127.0.0.1:1/0", lambda _s: None)  # the sweep needs no Redis
    assert notices.sweep_once() == [quiz]
    assert len(a.log(quiz)) == len(b.log(quiz))


def test_racing_workers_leave_a_gap_free_log(two_workers) -> None:
    a, b = two_workers
    quiz = load_demo(a)[0]
    a.execute(quiz, cmd.StartRound(), "host")
    b.state(quiz)
    errors: list[str] = []

    def adjust(service: ContestService, n: int) -> None:
        for _ in range(n):
            try:
                service.execute(quiz, cmd.AdjustScore(team_id="t1", delta=1, reason="race"), "host")
            except DomainError as exc:  # "busy" after two lost races is allowed, never a gap
                errors.append(exc.code)

    threads = [threading.Thread(target=adjust, args=(s, 15)) for s in (a, b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    with a.sessions() as session:
        seqs = list(session.scalars(select(EventRow.seq).where(EventRow.contest_id == quiz).order_by(EventRow.seq)))
    assert seqs == list(range(1, len(seqs) + 1))
    assert set(errors) <= {"busy"}
    assert contest_key(quiz) != contest_key(quiz + "x")
