"""Key buzzers over the host's socket: who may send ``key_buzz``, and that a key press and a
phone press in one question are judged by the same rules (Flask-SocketIO test client)."""

from __future__ import annotations

import time

import pytest

from quizapp.core.quiz.commands import TimeUp
from quizapp.demo import load_demo
from tests.kit import host_socket, socket_client, team_socket


@pytest.fixture
def demo(app, service):
    return load_demo(service)  # [party-constitution, dorm-life, sports-day]


def _buzz_question(host):
    """Party contest: skip the 必答 round, start the 抢答 round and show a question."""
    for step in ({"type": "StartRound"}, {"type": "EndRound"}, {"type": "StartRound"}, {"type": "ShowQuestion"}):
        assert host.emit("command", step, callback=True)["ok"], step


def _presses(service, cid):
    return [e.event for e in service.log(cid) if type(e.event).__name__ == "PressRecorded"]


def _scores(host):
    return {t["id"]: t["score"] for t in host.emit("get_view", {}, callback=True)["view"]["teams"]}


def test_key_buzz_is_refused_for_every_role_but_the_host(app, demo):
    cid = demo[0]
    _buzz_question(host_socket(app, cid))
    others = [team_socket(app, cid, "t1", "甲"), socket_client(app, {"role": "screen", "contest": cid}),
              socket_client(app, {"role": "watch", "contest": cid})]
    assert all(client.is_connected() for client in others)
    for client in others:
        reply = client.emit("key_buzz", {"team_id": "t1", "key": "Digit1"}, callback=True)
        assert reply["ok"] is False and reply["error"]["code"] == "forbidden"
    assert _presses(app.extensions["quizapp.contests"], cid) == []


def test_unknown_teams_bad_keys_and_sports_days_are_refused(app, demo, service):
    cid = demo[0]
    host = host_socket(app, cid)
    _buzz_question(host)
    before = service.state(cid).version
    reply = host.emit("key_buzz", {"team_id": "t99", "key": "Digit9"}, callback=True)
    assert reply["error"]["code"] == "unknown_team" and "队伍" in reply["error"]["message"]
    for payload in ({}, {"team_id": 1}, {"team_id": "t1", "key": "<script>"}, {"team_id": "t1", "extra": 1}):
        assert host.emit("key_buzz", payload, callback=True)["error"]["code"] == "bad_payload", payload
    assert service.state(cid).version == before
    sports = host_socket(app, demo[2])
    refused = sports.emit("key_buzz", {"team_id": "t1"}, callback=True)["error"]  # its rulebook has no Buzz
    assert refused["code"] == "unknown_command" and "运动会" in refused["message"]


def test_a_key_press_and_a_phone_press_follow_the_same_rules(app, demo, service):
    cid = demo[0]
    host = host_socket(app, cid)
    phone = team_socket(app, cid, "t2", "乙")
    _buzz_question(host)
    # before 请抢答: a key press is a false start with the same penalty as a phone's
    reply = host.emit("key_buzz", {"team_id": "t1", "key": "Digit1", "cid": "k-early"}, callback=True)
    assert reply["ok"] and reply["cid"] == "k-early"
    assert phone.emit("buzz", {}, callback=True)["ok"]
    scores = _scores(host)
    assert scores["t1"] == scores["t2"] == 90
    early = _presses(service, cid)
    assert [(p.team_id, p.device, p.decision) for p in early] == [
        ("t1", "key:Digit1", "false_start"), ("t2", early[1].device, "false_start")]
    assert not early[1].device.startswith("key:")

    # next question, open: the key team presses first, the phone after it is late
    for step in ({"type": "SkipQuestion"}, {"type": "ShowQuestion"}, {"type": "OpenBuzzers"}):
        assert host.emit("command", step, callback=True)["ok"], step
    assert host.emit("key_buzz", {"team_id": "t3", "key": "pad0:b2"}, callback=True)["ok"]
    assert phone.emit("buzz", {}, callback=True)["ok"]
    view = host.emit("get_view", {}, callback=True)["view"]
    assert view["episode"]["team_id"] == "t3" and view["episode"]["phase"] == "answering"
    assert [(p["team_id"], p["decision"]) for p in view["episode"]["presses"]] == [("t3", "valid"), ("t2", "late")]
    # the same key pressed again is refused like a phone pressing twice; the log says which buzzer and who sent it
    again = host.emit("key_buzz", {"team_id": "t3", "key": "pad0:b2"}, callback=True)
    assert again["error"]["code"] == "already_pressed"
    last = [e for e in service.log(cid) if type(e.event).__name__ == "PressRecorded"][-2]
    assert last.actor == "key:t3" and last.event.device == "key:pad0:b2" and last.event.delay == 0.0


def _sync(hub, cid, offset, one_way):
    """Answer a burst of server pings for every team socket of ``cid``: phone clock = server + offset."""
    base = time.time()
    for n in range(6):
        sent = base + n * 0.2
        for sid, ping_id, _ in hub.clocks.due(sent):
            hub.clocks.answer(sid, ping_id, {"t": sent + one_way + offset}, sent + 2 * one_way)
    assert hub.clocks.room(cid) is not None


@pytest.mark.parametrize("phone_lead, winner", [(0.030, "t2"), (-0.030, "t1")])
def test_a_phone_that_pressed_first_beats_a_key_that_arrived_first(app, demo, service, phone_lead, winner):
    """Compensated round: the key press is judged at its arrival and opens the collection window;
    a phone whose press was earlier but reaches the server later still wins, and one that was
    later loses — the same arbitration for both kinds of buzzer."""
    cid = demo[0]
    hub = app.extensions["quizapp.hub"]
    host = host_socket(app, cid)
    phone = team_socket(app, cid, "t2", "乙")
    offset, one_way = 2.5, 0.120  # a slow link: its credit covers the key press's commit on a busy machine
    _sync(hub, cid, offset, one_way)
    _buzz_question(host)
    assert host.emit("command", {"type": "OpenBuzzers"}, callback=True)["ok"]
    time.sleep(0.05)
    key_at = time.time()
    assert host.emit("key_buzz", {"team_id": "t1", "key": "Digit1"}, callback=True)["ok"]
    assert service.state(cid).timer.purpose == "window"  # waits for phones still on the Wi-Fi
    stamp = key_at - phone_lead + offset  # the phone's own clock at its press
    assert phone.emit("buzz", {"stamp": stamp}, callback=True)["ok"]
    service.execute(cid, TimeUp(purpose="window"), "timer", now=time.time() + 1)
    view = host.emit("get_view", {}, callback=True)["view"]
    assert view["episode"]["team_id"] == winner
    assert {p["team_id"] for p in view["episode"]["presses"]} == {"t1", "t2"}
