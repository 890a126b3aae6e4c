"""Two workers behind nginx on Redis and PostgreSQL play one contest; one is SIGKILLed mid-round.

Phones are spread over both workers (each team has one phone on each). Commands from both workers
land in one gap-free log; the buzz window's deadline is seen by both workers' timers and judged
once; when a worker dies its phones reconnect through nginx to the other one and go on buzzing,
every acknowledged command is in the log, and every worker's projector shows the same version.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections import Counter
from typing import Any

import requests
from sqlalchemy import select

from quizapp.devserver import answers, stop, wait_for
from quizapp.store.models import ContestRow, EventRow
from tests.deploy.conftest import HOST_PASSWORD, ROOT, Cluster, Phone

TEAMS = ("t1", "t2", "t3", "t4")


def test_two_workers_share_a_contest_and_survive_a_kill(tmp_path, cluster: Cluster, nginx: str,
                                                        database: str, monkeypatch, request) -> None:
    from quizapp.app import create_app

    monkeypatch.setenv("QUIZAPP_HOST_PASSWORD", HOST_PASSWORD)
    app = create_app({"INSTANCE_PATH": str(tmp_path / "instance"), "DATABASE_URL": database,
                      "START_BACKGROUND": False, "ASYNC_MODE": "threading"})
    request.addfinalizer(app.extensions["quizapp.engine"].dispose)  # before the database is dropped
    sessions = app.extensions["quizapp.contests"].sessions
    devices = app.extensions["quizapp.devices"]
    cid = {row["preset"]: row["id"] for row in requests.get(f"{nginx}/api/contests", timeout=10).json()
           }["party-constitution"]
    port_a, port_b = sorted(cluster.pids)
    worker_a, worker_b = f"127.0.0.1:{port_a}", f"127.0.0.1:{port_b}"

    def db_version() -> int:
        with sessions() as session:
            return int(session.scalar(select(ContestRow.version).where(ContestRow.id == cid)))

    def team_phone(team: str, worker: str) -> Phone:
        device = devices.join(devices.join_code(cid, team), f"{team}@{worker[-4:]}")
        return Phone(nginx, {"role": "team", "token": device.token}, worker=worker)

    host = Phone(nginx, {"role": "host", "contest": cid,
                         "token": app.extensions["quizapp.hostauth"].mint(cid)}, worker=worker_b)
    screens = {port: Phone(cluster.base(port), {"role": "screen", "contest": cid}) for port in (port_a, port_b)}
    phones = {team: {w: team_phone(team, w) for w in (worker_a, worker_b)} for team in TEAMS}
    on_a = [phones[team][worker_a] for team in TEAMS]
    everyone = [host, *screens.values(), *(p for team in phones.values() for p in team.values())]
    assert {p.worker for team in phones.values() for p in team.values()} == {worker_a, worker_b}

    def command(kind: str, **args: Any) -> dict[str, Any]:
        ack = host.send("command", {"type": kind, **args})
        assert ack["ok"], ack
        return ack

    def agree(live: list[int]) -> int:
        """Every live worker's projector shows the database's version."""
        version = db_version()
        for port in live:
            screens[port].wait_for(lambda v, version=version: v["version"] == version)
        return version

    # 必答 round from the host on worker B: worker A's projector follows every change
    command("StartRound")
    for i in range(4):
        command("ShowQuestion")
        command("Judge", correct=i % 2 == 0)
        agree([port_a, port_b])
    command("EndRound")
    # 抢答: presses from both workers; the window's TimeUp is due on both, judged once
    command("StartRound")
    command("ShowQuestion")
    command("OpenBuzzers")
    acks = [phones["t1"][worker_a].send("buzz", {}), phones["t2"][worker_b].send("buzz", {})]
    assert all(a["ok"] for a in acks), acks
    host.wait_for(lambda v: v["episode"]["phase"] == "answering")
    command("Judge", correct=True)
    agree([port_a, port_b])

    # mid-round: worker A is SIGKILLed while its phones are pressing
    command("ShowQuestion")
    command("OpenBuzzers")
    replies: list[dict[str, Any]] = []
    pressing = [threading.Thread(target=lambda p=p: replies.append(p.send("buzz", {}))) for p in on_a]
    for thread in pressing:
        thread.start()
    restart_command = cluster.kill(port_a)
    for thread in pressing:
        thread.join(40)
    assert len(replies) == len(on_a), "a phone of the killed worker never got an answer"
    # its phones come back through nginx, now routed to worker B, and catch up
    for phone in on_a:
        wait_for(lambda phone=phone: phone.sio.connected, "a phone of the killed worker to reconnect")
        assert phone.routed_to() == worker_b
    host.wait_for(lambda v: v["episode"]["phase"] == "answering")  # one of A's presses won
    command("Judge", correct=True)
    version = agree([port_b])
    for phone in on_a:
        phone.wait_for(lambda v: v["version"] == version)
    # the round goes on with the reconnected phones
    command("ShowQuestion")
    command("OpenBuzzers")
    ack = on_a[2].send("buzz", {})
    assert ack["ok"], ack
    view = host.wait_for(lambda v: v["episode"]["phase"] == "answering")
    assert view["episode"]["team_id"] == "t3"
    command("Judge", correct=True)
    agree([port_b])

    # worker A started again by hand on its port: its projector reconnects and agrees
    with open(tmp_path / "restarted.log", "wb") as log:
        restarted = subprocess.Popen(restart_command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for(lambda: answers(f"{cluster.base(port_a)}/healthz"), "worker A to start again", 60)
        command("ShowQuestion")
        agree([port_a, port_b])
    finally:
        for client in everyone:
            client.close()
        stop(restarted)

    # the log: gap-free, every acknowledged command in it once, each window judged once
    with sessions() as session:
        rows = list(session.scalars(select(EventRow).where(EventRow.contest_id == cid).order_by(EventRow.seq)))
        stored_version = session.scalar(select(ContestRow.version).where(ContestRow.id == cid))
    assert [r.seq for r in rows] == list(range(1, len(rows) + 1))
    assert stored_version == len(rows)
    batches_of: dict[str, set[int]] = {}
    for row in rows:
        if row.command_id:
            batches_of.setdefault(row.command_id.split(":", 1)[1], set()).add(row.batch)
    for client in everyone:
        for cid_sent, _ack in client.acked:
            assert cid_sent in batches_of, f"acknowledged command {cid_sent} is not in the log"
    assert all(len(batches) == 1 for batches in batches_of.values()), "a command was applied twice"
    windows = Counter[int]()
    opened = 0
    for row in rows:
        opened += row.type == "BuzzersOpened"
        windows[opened] += row.type == "BuzzWon"
    assert max(windows.values()) == 1, f"a buzz window was judged twice: {windows}"
    verify = subprocess.run([sys.executable, "-m", "quizapp", "log", "verify", "--database", database,
                             "--instance", str(tmp_path / "instance")],
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert verify.returncode == 0, verify.stdout + verify.stderr
