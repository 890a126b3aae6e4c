"""The server is SIGKILLed again and again in the middle of command bursts from several sockets.

Clients behave as the pages do (contract 1, the command envelope): every command carries its own
``cid``, and a command whose ack never arrived is sent again, with the same ``cid``, once the
server is back. Afterwards no acknowledged command is lost and none is applied twice: each score
adjustment is in the log exactly once, each team's score is its base plus the deltas sent, and
``quizapp log verify`` passes.
"""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import select

from quizapp.store.models import EventRow
from tests.security.conftest import Client, LiveServer, ServerProcess

pytestmark = pytest.mark.slow
KILLS = (9, 23, 14, 31, 6)  # acks to wait for in each burst before the SIGKILL
BASE = 100  # the demo contest's starting score


class Sender:
    """One socket sending its commands in order; stops at the first missing ack (the server died)."""

    def __init__(self, name: str, event: str, make: Any) -> None:
        self.name, self.event, self.make = name, event, make
        self.queue: list[dict[str, Any]] = []  # not sent yet
        self.unacked: list[dict[str, Any]] = []  # sent, no ack: to send again with the same cid
        self.acks: dict[str, dict[str, Any]] = {}  # cid -> ack
        self.client: Client | None = None
        self.retried: Counter[str] = Counter()  # "applied" or "duplicate": what a retry turned out to be

    def connect(self) -> None:
        self.client = self.make()

    def call(self, payload: dict[str, Any]) -> bool:
        """Send once; False when no ack came (the command is kept for a retry)."""
        assert self.client is not None
        try:
            ack = self.client.call(self.event, payload, timeout=5)
        except Exception:  # noqa: BLE001 - disconnected or timed out: the server is gone
            if payload not in self.unacked:
                self.unacked.append(payload)
            return False
        assert isinstance(ack, dict) and ack.get("cid") == payload["cid"], (self.name, payload, ack)
        assert ack["ok"] or ack["error"]["code"] != "server_error", (self.name, payload, ack)
        if payload in self.unacked:
            self.unacked.remove(payload)
        self.acks[payload["cid"]] = ack
        return True

    def retry(self) -> None:
        """After a restart: everything sent whose ack was lost, same cid, first."""
        for payload in list(self.unacked):
            assert self.call(payload), f"{self.name}: no ack for a retry after the restart"
            self.retried["duplicate" if self.acks[payload["cid"]].get("duplicate") else "applied"] += 1

    def burst(self, acked: threading.Semaphore) -> None:
        while self.queue:
            if not self.call(self.queue[0]):
                return
            self.queue.pop(0)
            acked.release()


def adjustments(team: str) -> list[dict[str, Any]]:
    """The host's score adjustments for ``team``; the reason names the cid, so the log shows it."""
    return [{"type": "AdjustScore", "team_id": team, "delta": 1 + n % 5, "cid": f"adj-{team}-{n}",
             "reason": f"断电测试 adj-{team}-{n}"} for n in range(400)]


def test_sigkill_in_command_bursts_loses_nothing_and_doubles_nothing(server_factory: Any) -> None:
    server: LiveServer = server_factory(mode="eventlet")
    process: ServerProcess = server.process
    contest = server.contests["party-constitution"]
    host = server.host(contest)  # two consoles reconnect with what the page holds: token and cookie
    for command in ({"type": "StartRound", "round_index": 1}, {"type": "ShowQuestion"}, {"type": "OpenBuzzers"}):
        assert host.call("command", command)["ok"], command
    auths = [({"role": "team", "token": server.device_token(contest, team, f"{team}队员")}, None)
             for team in ("t3", "t4")]
    senders = [Sender(name, "command", lambda: server.connect(host.auth, host.headers))
               for name in ("host-t1", "host-t2")]
    senders += [Sender(f"phone-{n}", "buzz", lambda auth=auth: server.connect(*auth)) for n, auth in enumerate(auths)]
    senders[0].queue, senders[1].queue = adjustments("t1"), adjustments("t2")
    for phone in senders[2:]:
        phone.queue = [{"cid": f"{phone.name}-{n}"} for n in range(400)]
    host.close()
    duplicates = 0
    for round_no, kill_after in enumerate((*KILLS, None)):
        for sender in senders:
            sender.connect()
        for sender in senders:
            sender.retry()
        # a lost ack for a command that did commit: the retry is answered, not applied again
        done = [p for p in adjustments("t1") if p["cid"] in senders[0].acks]
        if done:
            again = senders[0].client.call("command", done[-1], timeout=5)  # type: ignore[union-attr]
            assert again["ok"] and again.get("duplicate") is True, again
            duplicates += 1
        if kill_after is None:
            break
        acked = threading.Semaphore(0)
        threads = [threading.Thread(target=s.burst, args=(acked,), daemon=True) for s in senders]
        for thread in threads:
            thread.start()
        for _ in range(kill_after):
            assert acked.acquire(timeout=20), f"burst {round_no} stalled"
        process.kill()
        for thread in threads:
            thread.join(20)
        for sender in senders:
            sender.client.close()  # type: ignore[union-attr]
        process.start()

    scores = {t["id"]: t["score"] for t in server.screen(contest).wait_for(lambda v: True)["teams"]}
    for sender in senders:
        sender.client.close()  # type: ignore[union-attr]
    process.stop()
    check_log(server, contest, senders, scores)
    verify = server.verify_log()
    assert verify.returncode == 0, verify.stdout + verify.stderr
    retried = sum((s.retried for s in senders), Counter())
    print(f"\nkill loop: {len(KILLS)} kills; {sum(len(s.acks) for s in senders)} commands acked; "
          f"retries of commands whose ack was lost: {dict(retried)}; "
          f"{duplicates} retries of acked commands answered as duplicates")


def check_log(server: LiveServer, contest: str, senders: list[Sender], scores: dict[str, int]) -> None:
    """Each acked adjustment applied exactly once; scores add up; every cid in one batch only."""
    log = server.log(contest)
    adjusted = Counter(e.event.reason.split()[-1] for e in log if type(e.event).__name__ == "ScoreAdjusted")
    for sender in senders[:2]:
        assert not sender.unacked
        for cid, ack in sender.acks.items():
            assert ack["ok"], (cid, ack)
            assert adjusted[cid] == 1, f"{cid} applied {adjusted[cid]} times"
    assert sum(adjusted.values()) == sum(len(s.acks) for s in senders[:2])  # nothing unacked applied
    sent = {team: BASE + sum(p["delta"] for s in senders[:2] for p in adjustments(team)
                             if p["cid"] in s.acks) for team in ("t1", "t2")}
    assert {team: scores[team] for team in sent} == sent  # what the screen shows
    with server.app().extensions["quizapp.engine"].connect() as db:
        rows = db.execute(select(EventRow.command_id, EventRow.batch).where(
            EventRow.contest_id == contest, EventRow.command_id.is_not(None))).all()
    batches: dict[str, set[int]] = {}
    for command_id, batch in rows:
        batches.setdefault(command_id, set()).add(batch)
    twice = {cid: b for cid, b in batches.items() if len(b) > 1}
    assert not twice, f"command ids applied in more than one batch: {twice}"
    stored = {command_id.split(":", 1)[-1] for command_id in batches}  # the cid, after its scope
    assert set(senders[0].acks) | set(senders[1].acks) <= stored  # every applied cid is in the log
