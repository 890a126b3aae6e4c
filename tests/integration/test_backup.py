"""``quizapp backup`` / ``quizapp restore`` on SQLite and PostgreSQL, the refusal to restore
under a running server, and the snapshot taken when a round ends."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from quizapp.app import create_app
from quizapp.core.quiz import commands as c
from quizapp.demo import load_demo
from quizapp.devserver import ROOT, live_server
from quizapp.services.snapshots import RoundSnapshots
from tests.kit import scratch_postgres


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "quizapp", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120, env={**os.environ, **(env or {})})


@pytest.fixture(autouse=True)
def _dispose_engines():
    """Close every pool the apps opened (an open PostgreSQL socket left to the GC warns)."""
    yield
    for app in _APPS:
        app.extensions["quizapp.engine"].dispose()
    _APPS.clear()


_APPS: list = []


def _service(inst: Path, database: str | None = None):
    config = {"INSTANCE_PATH": str(inst), "START_BACKGROUND": False}
    if database:
        config["DATABASE_URL"] = database
    _APPS.append(create_app(config))
    return _APPS[-1].extensions["quizapp.contests"]


def _round_trip(inst: Path, db_args: list[str], out: Path) -> None:
    service = _service(inst, *db_args[1:2])
    contest = load_demo(service)[0]
    made = _cli("backup", "--instance", str(inst), *db_args, "--out", str(out))
    assert made.returncode == 0 and str(out) in made.stdout, made.stderr
    service.execute(contest, c.AdjustScore(team_id="t1", delta=50, reason="备份之后"), "host")
    restored = _cli("restore", str(out), "--instance", str(inst), *db_args)
    assert restored.returncode == 0, restored.stderr
    assert "恢复前的数据库已另存为" in restored.stdout
    again = _service(inst, *db_args[1:2])
    assert again.state(contest).teams["t1"].score == 100  # the adjustment after the backup is gone
    assert len(again.contests()) == 4  # the four demo contests
    verify = _cli("log", "verify", "--instance", str(inst), *db_args)
    assert verify.returncode == 0, verify.stdout


def test_sqlite_backup_and_restore_round_trip(tmp_path):
    _round_trip(tmp_path / "inst", [], tmp_path / "copy.db")


@pytest.mark.postgres
def test_postgresql_backup_and_restore_round_trip(tmp_path):
    with scratch_postgres("quizapp_backup") as url:
        _round_trip(tmp_path / "inst", ["--database", url], tmp_path / "dump.sql")


def test_a_missing_pg_dump_is_one_clear_line(tmp_path):
    done = _cli("backup", "--instance", str(tmp_path / "inst"), "--database", "postgresql://u@127.0.0.1/x",
                env={"PATH": str(tmp_path)})
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "找不到 pg_dump" in done.stderr


def test_restore_refuses_to_replace_a_running_servers_database_without_force(tmp_path):
    inst = tmp_path / "inst"
    _service(inst)  # create the database
    assert _cli("backup", "--instance", str(inst), "--out", str(tmp_path / "b.db")).returncode == 0
    with live_server(inst, demo=False):
        refused = _cli("restore", str(tmp_path / "b.db"), "--instance", str(inst))
        assert refused.returncode == 2 and "服务器正在运行" in refused.stdout
        forced = _cli("restore", str(tmp_path / "b.db"), "--instance", str(inst), "--force")
        assert forced.returncode == 0 and "请立即重启服务器" in forced.stdout
    after = _cli("restore", str(tmp_path / "b.db"), "--instance", str(inst))  # stopped: allowed
    assert after.returncode == 0, after.stdout


def test_a_snapshot_is_taken_in_the_background_when_a_round_ends(tmp_path):
    inst = tmp_path / "inst"
    app = create_app({"INSTANCE_PATH": str(inst), "START_BACKGROUND": True, "ASYNC_MODE": "threading"})
    _APPS.append(app)
    service = app.extensions["quizapp.contests"]
    contest = load_demo(service)[0]
    service.execute(contest, c.StartRound(), "host")
    service.execute(contest, c.EndRound(), "host")
    folder = inst / "snapshots"
    deadline = time.monotonic() + 5
    while not (folder.exists() and list(folder.glob(f"{contest}-round1-*.db"))) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(folder.glob(f"{contest}-round1-*.db"))


def test_only_the_newest_twenty_snapshots_are_kept(tmp_path):
    inst = tmp_path / "inst"
    _service(inst)
    snapshots = RoundSnapshots(f"sqlite:///{inst / 'quizapp.db'}", inst / "snapshots", spawn=lambda *a: None)
    made = [snapshots.take(f"c-round{i}") for i in range(22)]
    kept = sorted((inst / "snapshots").iterdir())
    assert len(kept) == 20 and made[-1] in kept and made[0] not in kept
