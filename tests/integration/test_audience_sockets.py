"""Audience play-along through Socket.IO: a hall of phones on a 党章 buzz question."""

from __future__ import annotations

import time

import pytest

from quizapp.core.quiz import commands as c
from quizapp.demo import load_demo
from quizapp.services.throttle import Buckets


@pytest.fixture
def party(service):
    load_demo(service)
    return next(r.id for r in service.contests() if r.preset == "party-constitution")


def _buzz_question(service, cid: str) -> dict:
    """The 党章 preset's buzz round (no 观众题 fallback) with a choice question on stage."""
    state = service.state(cid)
    index = next(r.index for r in state.rounds if r.spec.kind == "buzz")
    service.execute(cid, c.StartRound(round_index=index), "host")
    while True:
        service.execute(cid, c.ShowQuestion(), "host")
        q = service.state(cid).episode.question
        if q.type in ("single", "true_false"):
            return {"q": q, "right": q.answer[0], "wrong": "false" if q.type == "true_false" and q.answer[0] == "true"
                    else "true" if q.type == "true_false" else ("A" if q.answer[0] != "A" else "B")}
        service.execute(cid, c.SkipQuestion(), "host")


def _phone(app, cid):
    """A phone that opened /watch (signed audience cookie) and connected its socket."""
    http = app.test_client()
    assert http.get(f"/watch/{cid}").status_code == 200
    return app.extensions["quizapp.socketio"].test_client(app, auth={"role": "watch", "contest": cid},
                                                          flask_test_client=http)


def _views(client):
    return [m["args"][0] for m in client.get_received() if m["name"] == "view"]


def test_the_hall_plays_a_party_buzz_question_and_sees_the_crowd_only_after_the_reveal(app, service, party):
    info = _buzz_question(service, party)
    sio = app.extensions["quizapp.socketio"]
    screen = sio.test_client(app, auth={"role": "screen", "contest": party})
    phones = [_phone(app, party) for _ in range(5)]
    first = _views(phones[0])[-1]
    assert first["episode"]["audience_open"] is True and first["audience_board"]["top"] == []
    assert phones[0].emit("audience_name", {"name": "  红旗  "}, callback=True)["ok"]
    bad = phones[1].emit("audience_name", {"name": "一二三四五六七八九十一二三"}, callback=True)
    assert bad["error"]["code"] == "bad_name" and "1 到 12" in bad["error"]["message"]
    choices = [info["right"], info["right"], info["wrong"], info["right"], info["wrong"]]
    for phone, choice in zip(phones, choices, strict=True):
        assert phone.emit("audience_answer", {"choice": choice}, callback=True)["ok"]
    again = phones[0].emit("audience_answer", {"choice": info["wrong"]}, callback=True)
    assert again["error"] == {"code": "already_answered", "message": "你已经作答，答案不能更改"}
    screen.get_received()
    app.extensions["quizapp.hub"].flush_presence(time.time() + 60)  # votes reach the screen at a flush
    before = _views(screen)[-1]["episode"]
    assert before["audience_count"] == 5 and before["audience_tally"] == {}  # never the crowd's guess
    me = phones[0].emit("audience_me", {}, callback=True)["me"]
    assert me["choice"] == info["right"] and me["correct_now"] is None and me["name"] == "红旗"

    service.execute(party, c.OpenBuzzers(), "host")
    service.execute(party, c.SkipQuestion(), "host")
    late = phones[0].emit("audience_answer", {"choice": info["right"]}, callback=True)
    assert late["error"]["code"] in ("audience_closed", "already_answered")
    service.execute(party, c.Reveal(), "host")
    after = _views(screen)[-1]
    assert after["episode"]["audience_tally"] == {info["right"]: 3, info["wrong"]: 2}
    assert after["episode"]["question"]["answer_keys"] == [info["right"]]
    top = _views(phones[0])[-1]["audience_board"]["top"]
    assert [r["correct"] for r in top] == [1, 1, 1, 0, 0] and "红旗" in [r["name"] for r in top]
    me = phones[0].emit("audience_me", {}, callback=True)["me"]
    assert me["correct_now"] is True and me["points"] == 10 and me["rank"] == 1
    loser = phones[2].emit("audience_me", {}, callback=True)["me"]
    assert loser["correct_now"] is False and loser["rank"] == 4 and loser["tied"] is True


def test_votes_do_not_flood_every_room_and_names_are_rate_limited(app, service, party):
    _buzz_question(service, party)
    gate = app.extensions["quizapp.gate"]
    gate.votes = Buckets(0, 3)
    phones = [_phone(app, party) for _ in range(4)]
    for phone in phones:
        phone.get_received()
    codes = []
    for n, phone in enumerate(phones):
        reply = phone.emit("audience_name", {"name": f"观众{n}"}, callback=True)
        codes.append("ok" if reply["ok"] else reply["error"]["code"])
    assert codes == ["ok", "ok", "ok", "rate_limited"]
    assert all(_views(p) == [] for p in phones)  # a nickname or vote is no broadcast to the hall
    reads = [phones[0].emit("audience_me", {}, callback=True) for _ in range(12)]
    assert reads[0]["ok"] and reads[-1]["error"]["code"] == "rate_limited"


def test_a_team_or_screen_cannot_vote_and_a_phone_without_cookie_cannot_name(app, service, party):
    _buzz_question(service, party)
    sio = app.extensions["quizapp.socketio"]
    screen = sio.test_client(app, auth={"role": "screen", "contest": party})
    assert screen.emit("audience_answer", {"choice": "A"}, callback=True)["error"]["code"] == "forbidden"
    assert screen.emit("audience_me", {}, callback=True)["error"]["code"] == "forbidden"
    bare = sio.test_client(app, auth={"role": "watch", "contest": party})
    assert bare.emit("audience_name", {"name": "张三"}, callback=True)["error"]["code"] == "bad_device"
