"""Kill -9 mid-contest, start again: every acknowledged command is still there,
and a countdown that ran out while the server was down comes back paused, not enforced."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from quizapp.devserver import live_server

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _driver(db: str, inst: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "tests.integration.recovery_driver", db, inst],
                            cwd=ROOT, stdout=subprocess.PIPE, stdin=subprocess.PIPE, text=True)


def test_sigkill_loses_no_acknowledged_command(tmp_path):
    from quizapp.app import create_app

    db, inst = f"sqlite:///{tmp_path / 'crash.db'}", str(tmp_path / "inst")
    proc = _driver(db, inst)
    contest = proc.stdout.readline().split()[1]
    last_ack = 0
    for _ in range(57):  # an arbitrary point in the middle of the contest
        last_ack = int(proc.stdout.readline().split()[1])
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    proc.stdout.close()
    proc.stdin.close()
    service = create_app({"DATABASE_URL": db, "INSTANCE_PATH": inst})
    service = service.extensions["quizapp.contests"]
    log = service.log(contest)
    assert len(log) >= last_ack  # everything acknowledged is on disk
    assert [e.seq for e in log] == list(range(1, len(log) + 1))
    verify = subprocess.run([sys.executable, "-m", "quizapp", "log", "verify", "--database", db,
                             "--instance", inst], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert verify.returncode == 0, verify.stdout


@pytest.mark.parametrize("mode", ["eventlet", "threading"])
def test_a_deadline_missed_while_down_is_paused_on_restart(tmp_path, mode):
    from quizapp.app import create_app
    from quizapp.core.quiz.views import view_for

    db, inst = f"sqlite:///{tmp_path / 'timer.db'}", str(tmp_path / "inst")
    proc = _driver(db, inst)
    contest = proc.stdout.readline().split()[1]
    while not proc.stdout.readline().startswith("TIMER"):
        pass
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    proc.stdout.close()
    proc.stdin.close()
    time.sleep(1.2)  # the 1 s answer timer runs out while nothing is running
    with (live_server(Path(inst), mode=mode, demo=False, database=db) as base,
          urllib.request.urlopen(f"{base}/api/contests/{contest}/view") as r):
        view = json.load(r)
    assert view["episode"]["phase"] == "answering" and not view["episode"]["outcome"]  # not judged
    assert view["timer"]["running"] is False and view["timer"]["interrupted"] is True
    state = create_app({"DATABASE_URL": db, "INSTANCE_PATH": inst}).extensions["quizapp.contests"].state(contest)
    assert view_for(state, "host")["notice"].startswith("服务器重启：计时在重启期间已到期，已暂停")
