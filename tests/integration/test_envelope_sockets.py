"""The command envelope at the socket layer (Flask-SocketIO's test client): ``cid`` and
``version`` are taken off before validation, acks carry ``cid``, retries are answered once."""

from __future__ import annotations

import pytest

from quizapp.demo import load_demo
from tests.kit import host_socket, socket_client, team_socket


@pytest.fixture
def demo(app, service):
    return load_demo(service)[0]


def _adjust(**envelope):
    return {"type": "AdjustScore", "team_id": "t1", "delta": 3, "reason": "信封", **envelope}


def test_a_retried_cid_gets_the_first_ack_and_is_applied_once(app, service, demo):
    host = host_socket(app, demo)
    version = service.state(demo).version
    first = host.emit("command", _adjust(cid="c-1", version=version), callback=True)
    assert first["ok"] and first["cid"] == "c-1" and "duplicate" not in first
    again = host.emit("command", _adjust(cid="c-1", version=version), callback=True)
    assert again == {**first, "duplicate": True}
    assert service.state(demo).teams["t1"].score == 103


@pytest.mark.parametrize(("envelope", "what"), [({"cid": 7}, "cid"), ({"cid": "x" * 65}, "cid"),
                                                 ({"cid": "ok", "version": "3"}, "version"),
                                                 ({"cid": "ok", "version": True}, "version")])
def test_a_malformed_envelope_is_a_bad_payload(app, service, demo, envelope, what):
    reply = host_socket(app, demo).emit("command", _adjust(**envelope), callback=True)
    assert reply["error"]["code"] == "bad_payload" and what in reply["error"]["message"]
    assert service.state(demo).teams["t1"].score == 100


def test_refusals_carry_the_cid_too(app, demo):
    reply = host_socket(app, demo).emit("command", {"type": "Judge", "correct": True, "cid": "j-1"}, callback=True)
    assert reply["ok"] is False and reply["cid"] == "j-1"


def test_get_view_is_rate_limited_per_socket(app, demo):
    flood, other = socket_client(app, {"role": "screen", "contest": demo}), socket_client(app, {"role": "screen", "contest": demo})
    codes = [flood.emit("get_view", {}, callback=True).get("error", {}).get("code") for _ in range(40)]
    assert codes[:20] == [None] * 20 and "rate_limited" in codes[20:]
    assert other.emit("get_view", {}, callback=True)["ok"]


def test_another_teams_press_never_makes_a_press_stale_but_a_new_question_does(app, service, demo):

    host = host_socket(app, demo)
    for step in ("StartRound", "EndRound", "StartRound", "ShowQuestion", "OpenBuzzers"):
        assert host.emit("command", {"type": step}, callback=True)["ok"], step
    seen = service.state(demo).version
    t1, t2 = team_socket(app, demo, "t1"), team_socket(app, demo, "t2", member="李四")
    assert t2.emit("buzz", {"cid": "p-2", "version": seen}, callback=True)["ok"]
    late = t1.emit("buzz", {"cid": "p-1", "version": seen}, callback=True)  # made before t2's press
    assert late["ok"] and late["cid"] == "p-1"
    assert [p.team_id for p in service.state(demo).episode.presses] == ["t2", "t1"]
    seen = service.state(demo).version
    for step in ("SkipQuestion", "ShowQuestion"):
        assert host.emit("command", {"type": step}, callback=True)["ok"], step
    old = team_socket(app, demo, "t3", member="王五").emit("buzz", {"cid": "p-3", "version": seen}, callback=True)
    assert old["ok"] is False and old["error"]["code"] == "stale"
