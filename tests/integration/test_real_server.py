"""A contest played over real sockets against `quizapp serve` in a subprocess,
in eventlet mode (production) and threading mode: several teams, several members each."""

from __future__ import annotations

import threading
import time

import pytest
import socketio

from quizapp.devserver import demo_contests, live_server
from tests.kit import drop_socket

pytestmark = pytest.mark.slow


class Client:
    """A python-socketio client that keeps the latest view it received."""

    def __init__(self, base: str, auth: dict) -> None:
        self.sio = socketio.Client(reconnection=False)
        self.view: dict = {}
        self.got = threading.Event()
        self.sio.on("view", self._on_view)
        self.sio.connect(base, auth=auth, transports=["websocket"], wait_timeout=10)

    def _on_view(self, view: dict) -> None:
        if view.get("version", -1) >= self.view.get("version", -1):
            self.view = view
            self.got.set()

    def call(self, event: str, payload: dict | None = None) -> dict:
        return self.sio.call(event, payload or {}, timeout=10)

    def wait_for(self, predicate, timeout: float = 5.0) -> dict:
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.view and predicate(self.view):
                return self.view
            self.got.wait(0.05)
            self.got.clear()
        raise AssertionError(f"view never matched; last: {self.view.get('episode')}")


def _join_team(base: str, app_devices, cid: str, team: str, member: str) -> Client:
    device = app_devices.join(app_devices.join_code(cid, team), member)
    return Client(base, {"role": "team", "token": device.token})


@pytest.mark.parametrize("mode", ["eventlet", "threading"])
def test_a_contest_over_real_sockets(tmp_path, mode):
    from quizapp.app import create_app

    inst = tmp_path / "inst"
    with live_server(inst, mode=mode) as base:
        cid = demo_contests(base)["party-constitution"]
        app = create_app({"INSTANCE_PATH": str(inst)})  # same database: issues device tokens
        devices = app.extensions["quizapp.devices"]
        host = Client(base, {"role": "host", "contest": cid, "token": app.extensions["quizapp.hostauth"].mint(cid)})
        screen = Client(base, {"role": "screen", "contest": cid})
        phones = {team: [_join_team(base, devices, cid, team, f"{team}-{n}") for n in range(3)]
                  for team in ("t1", "t2", "t3", "t4")}
        screen.wait_for(lambda v: sum(v["presence"]["devices"].values()) == 12)

        # 必答: two questions per team, judged alternately
        assert host.call("command", {"type": "StartRound"})["ok"]
        for i in range(8):
            assert host.call("command", {"type": "ShowQuestion"})["ok"]
            assert host.call("command", {"type": "Judge", "correct": i % 2 == 0})["ok"]
        assert host.call("command", {"type": "EndRound"})["ok"]
        # 抢答: members of t3 all press; one accepted buzz for the team, every press recorded
        assert host.call("command", {"type": "StartRound"})["ok"]
        assert host.call("command", {"type": "ShowQuestion"})["ok"]
        assert host.call("command", {"type": "OpenBuzzers"})["ok"]
        replies = [p.call("buzz", {}) for p in phones["t3"]]
        assert all(r["ok"] for r in replies)
        view = screen.wait_for(lambda v: v["episode"]["phase"] == "answering")
        assert view["episode"]["team_id"] == "t3"
        assert view["episode"]["question"]["answer"] is None
        assert host.call("command", {"type": "Judge", "correct": True})["ok"]
        scores = {t["id"]: t["score"] for t in screen.wait_for(
            lambda v: v["episode"]["phase"] == "judged")["teams"]}
        assert scores == {"t1": 120, "t2": 100, "t3": 130, "t4": 100}
        team_view = phones["t1"][0].wait_for(lambda v: v["episode"]["phase"] == "judged")
        assert team_view["episode"]["question"]["answer"] is None
        assert phones["t1"][0].call("get_view")["view"]["me"]["team_id"] == "t1"
        for client in [host, screen, *[p for ps in phones.values() for p in ps]]:
            drop_socket(client.sio)
