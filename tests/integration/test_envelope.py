"""The command envelope and database faults at the service: retried ids, stale views, a busy
database, unknown contest ids, and the migration that adds the command id to older logs."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from quizapp.core.errors import DomainError
from quizapp.core.quiz import commands as c
from quizapp.services import envelope as envelopes
from quizapp.services.contests import ContestService
from quizapp.services.envelope import Envelope
from quizapp.store.database import make_engine, make_sessionmaker
from quizapp.store.schema import create_schema
from tests.integration.test_store import _contest, engine  # noqa: F401 - the fixture (SQLite + PostgreSQL)


def _service(eng, **kwargs):
    return ContestService(make_sessionmaker(eng), clock=lambda: 1000.0, **kwargs)


def _send(service, cid, command, envelope):
    with envelopes.opened(envelope):
        return service.execute(cid, command, "host")


def test_a_retried_command_id_is_applied_once_also_by_a_restarted_server(engine):  # noqa: F811
    service = _service(engine)
    cid = _contest(service)
    adjust = c.AdjustScore(team_id="t1", delta=5, reason="加分")
    first = _send(service, cid, adjust, Envelope("abc", None, "host"))
    again = Envelope("abc", None, "host")
    assert _send(service, cid, adjust, again) == [] and again.duplicate
    assert again.ack_version == first[-1].seq
    restarted = Envelope("abc", None, "host")
    assert _send(_service(engine), cid, adjust, restarted) == [] and restarted.duplicate
    assert restarted.ack_version == first[-1].seq
    assert _send(service, cid, adjust, Envelope("abc", None, "team|t1"))  # another credential: its own id
    assert _service(engine).state(cid).teams["t1"].score == 110


def test_an_undo_previewed_before_another_change_is_refused_as_stale(engine):  # noqa: F811
    service = _service(engine)
    cid = _contest(service)
    seen = service.state(cid).version
    service.execute(cid, c.AdjustScore(team_id="t2", delta=3, reason="后来的操作"), "host")
    with pytest.raises(DomainError) as refused:
        _send(service, cid, c.Undo(), Envelope("u1", seen, "host"))
    assert refused.value.code == "stale" and "撤销" in refused.value.message
    assert _service(engine).state(cid).teams["t2"].score == 103  # nothing undone
    assert _send(service, cid, c.Undo(), Envelope("u2", service.state(cid).version, "host"))


def test_a_busy_database_is_waited_out_with_yields_then_refused_with_nothing_applied(tmp_path):
    eng = make_engine(f"sqlite:///{tmp_path / 'busy.db'}", busy_timeout_ms=20)
    create_schema(eng)
    naps: list[float] = []
    service = _service(eng, sleep=lambda s: (naps.append(s), time.sleep(s)), busy_total=0.6)
    cid = _contest(service)
    before = service.state(cid)
    locked, release = threading.Event(), threading.Event()

    def hold() -> None:
        conn = sqlite3.connect(tmp_path / "busy.db", isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        locked.set()
        release.wait(10)
        conn.execute("COMMIT")
        conn.close()

    holder = threading.Thread(target=hold)
    holder.start()
    locked.wait(5)
    started = time.monotonic()
    with pytest.raises(DomainError) as refused:
        service.execute(cid, c.AdjustScore(team_id="t1", delta=9, reason="x"), "host")
    assert refused.value.code == "db_busy" and "数据库正忙" in refused.value.message
    # it waited out its 0.6 s budget, yielding between short tries, then refused (the upper bound
    # only says it did not hang: a loaded machine stretches each try)
    assert 0.4 < time.monotonic() - started < 5 and len(naps) >= 5 and sum(naps) < 0.6
    assert service.state(cid) is before and len(_service(eng).log(cid)) == 3  # nothing half-applied
    release.set()
    holder.join()
    service.execute(cid, c.AdjustScore(team_id="t1", delta=9, reason="x"), "host")
    assert _service(eng).state(cid).teams["t1"].score == 109


def test_unknown_contest_ids_leave_no_lock_behind(tmp_path):
    eng = make_engine(f"sqlite:///{tmp_path / 'ids.db'}")
    create_schema(eng)
    service = _service(eng)
    cid = _contest(service)
    known = len(service._locks)
    for i in range(4000):
        with pytest.raises(DomainError):
            service.state(f"{i:08x}" if i % 2 else "x" * 8192)
    assert len(service._locks) == known == 1
    assert service.state(cid).title == "存储测试"


def test_an_older_log_gains_the_command_id_column_and_stays_append_only(engine):  # noqa: F811
    service = _service(engine)
    cid = _contest(service)
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE events DROP COLUMN command_id"))
    create_schema(engine)
    _send(_service(engine), cid, c.AdjustScore(team_id="t1", delta=1, reason="x"), Envelope("k", None, "host"))
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
        conn.execute(text("UPDATE events SET command_id = NULL"))
    assert len(_service(engine).log(cid)) == 4


def test_a_failed_commit_is_a_clear_refusal_and_the_state_stays_as_committed(tmp_path):
    eng = make_engine(f"sqlite:///{tmp_path / 'fail.db'}")
    create_schema(eng)
    service = _service(eng)
    cid = _contest(service)
    with eng.begin() as conn:
        conn.execute(text("CREATE TRIGGER refuse BEFORE INSERT ON events "
                          "BEGIN SELECT RAISE(ABORT, 'simulated write failure'); END"))
    with pytest.raises(DomainError) as refused:
        service.execute(cid, c.AdjustScore(team_id="t1", delta=4, reason="x"), "host")
    assert refused.value.code == "db_error" and "没有生效" in refused.value.message
    assert service.state(cid).teams["t1"].score == 100 and len(service.log(cid)) == 3
    with eng.begin() as conn:
        conn.execute(text("DROP TRIGGER refuse"))
    service.execute(cid, c.AdjustScore(team_id="t1", delta=4, reason="x"), "host")
    assert _service(eng).state(cid).teams["t1"].score == 104


def test_a_deadline_from_before_the_start_is_paused_by_the_loop_and_a_later_one_fires(tmp_path):
    from quizapp.core.quiz.rounds import RoundSpec
    from quizapp.services.timers import fire_due
    from tests.kit import q

    eng = make_engine(f"sqlite:///{tmp_path / 'timer.db'}")
    create_schema(eng)
    clock = [1000.0]
    service = ContestService(make_sessionmaker(eng), clock=lambda: clock[0])
    rounds = (RoundSpec.from_dict({"kind": "compulsory", "settings": {"answer_seconds": 5}}),)
    cid = service.create(c.CreateContest(title="计时", rounds=rounds))
    for name in ("甲", "乙"):
        service.execute(cid, c.AddTeam(name=name), "host")
    service.execute(cid, c.QueueQuestions(round_index=0, questions=tuple(q(i) for i in range(4))), "host")
    service.execute(cid, c.StartRound(), "host")
    service.execute(cid, c.ShowQuestion(), "host")  # a 5 s answer countdown from 1000
    assert fire_due(service, [cid], now=1010.0, started=1008.0) == 0  # ran out before the start
    timer = service.state(cid).timer
    assert timer.interrupted and timer.deadline is None and timer.remaining == 5.0
    clock[0] = 1020.0
    service.execute(cid, c.ResumeTimer(), "host")  # deadline 1025, after the start: enforced
    clock[0] = 1026.0
    assert fire_due(service, [cid], now=1026.0, started=1008.0) == 1
    assert service.state(cid).episode.outcome == "missed"
