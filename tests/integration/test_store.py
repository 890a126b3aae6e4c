"""The event log on SQLite and PostgreSQL: append-only, versioned, rebuildable."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from quizapp.core.errors import DomainError
from quizapp.core.quiz import commands as c
from quizapp.core.quiz.rounds import RoundSpec
from quizapp.core.quiz.rulebook import QUIZ
from quizapp.services.contests import ContestService
from quizapp.store import event_log
from quizapp.store.database import make_engine, make_sessionmaker
from quizapp.store.schema import create_schema
from tests.kit import scratch_postgres


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request, tmp_path):
    if request.param == "sqlite":
        eng = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
        create_schema(eng)
        yield eng
        eng.dispose()
        return
    with scratch_postgres("quizapp_test") as url:
        eng = make_engine(url)
        create_schema(eng)
        yield eng
        eng.dispose()


def _service(engine, clock=None):
    return ContestService(make_sessionmaker(engine), clock=clock or (lambda: 1000.0))


def _contest(service):
    cid = service.create(c.CreateContest(title="存储测试", rounds=(RoundSpec.from_dict({"kind": "compulsory"}),)))
    for name in ("甲", "乙"):
        service.execute(cid, c.AddTeam(name=name), "host")
    return cid


def test_events_survive_a_new_service_and_rebuild_the_same_state(engine):
    first = _service(engine)
    cid = _contest(first)
    first.execute(cid, c.AdjustScore(team_id="t1", delta=7, reason="测试"), "host")
    second = _service(engine)
    assert second.state(cid) == first.state(cid)
    assert second.state(cid).teams["t1"].score == 107
    assert [e.seq for e in second.log(cid)] == [1, 2, 3, 4]


@pytest.mark.parametrize("statement", ["UPDATE events SET actor = 'evil'", "DELETE FROM events"])
def test_the_database_refuses_to_rewrite_the_log(engine, statement):
    service = _service(engine)
    _contest(service)
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
        conn.execute(text(statement))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM events")).scalar() == 3


def test_a_stale_writer_is_refused_and_the_service_retries_with_fresh_state(engine):
    a, b = _service(engine), _service(engine)
    cid = _contest(a)
    b.state(cid)  # b caches version 3
    a.execute(cid, c.AdjustScore(team_id="t1", delta=1, reason="a"), "host")
    b.execute(cid, c.AdjustScore(team_id="t2", delta=2, reason="b"), "host")  # reloads, retries
    fresh = _service(engine).state(cid)
    assert (fresh.teams["t1"].score, fresh.teams["t2"].score) == (101, 102)
    with pytest.raises(event_log.StaleVersion), make_sessionmaker(engine).begin() as session:
        event_log.append(session, cid, 3, [], {}, encode=QUIZ.encode)


def test_a_refused_command_writes_nothing(engine):
    service = _service(engine)
    cid = _contest(service)
    with pytest.raises(DomainError):
        service.execute(cid, c.Judge(correct=True), "host")
    assert len(_service(engine).log(cid)) == 3
