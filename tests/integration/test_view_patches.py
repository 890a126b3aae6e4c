"""Views as versioned patches over real Socket.IO test clients (docs/PROTOCOL.md, "Views: versions,
patches and resync"): a page that said ``patches`` gets the room's view once, then patches whose
application equals the full view a whole-view client of the same room received."""

from __future__ import annotations

import time
from typing import Any

import pytest

from quizapp.demo import load_demo
from quizapp.live.patches import apply
from tests.kit import socket_client

PATCHES = {"patches": True}


@pytest.fixture
def demo(app, service):
    return load_demo(service)[0]  # the party-constitution contest


def host_auth(app: Any, cid: str) -> dict[str, Any]:
    return {"role": "host", "contest": cid, "token": app.extensions["quizapp.hostauth"].mint(cid)}


def team_auth(app: Any, cid: str, team_id: str, member: str) -> dict[str, Any]:
    devices = app.extensions["quizapp.devices"]
    return {"role": "team", "token": devices.join(devices.join_code(cid, team_id), member).token}


class Page:
    """What live.js does with the messages a socket received: whole views and patches."""

    def __init__(self, client: Any) -> None:
        self.client, self.view, self.patches, self.fulls = client, None, 0, 0

    def read(self) -> list[dict[str, Any]]:
        """Apply every view message received since the last read; returns them."""
        messages = [m["args"][0] for m in self.client.get_received() if m["name"] == "view"]
        for message in messages:
            self.take(message)
        return messages

    def take(self, message: dict[str, Any]) -> None:
        if "patch" in message:
            assert self.view is not None and message["base"] == self.view["rev"], "a gap"
            self.view = {**apply(self.view, message["patch"]), "rev": message["rev"]}
            self.patches += 1
        else:
            self.view = message
            self.fulls += 1


def without(view: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in view.items() if k not in keys}


def last_full(client: Any) -> dict[str, Any]:
    return [m["args"][0] for m in client.get_received() if m["name"] == "view"][-1]


def play(host: Any, *steps: dict[str, Any]) -> None:
    for step in steps:
        reply = host.emit("command", step, callback=True)
        assert reply["ok"], (step, reply)


BUZZ_ROUND = ({"type": "StartRound"}, {"type": "EndRound"}, {"type": "StartRound"})  # the demo's 2nd round


def test_patches_applied_by_host_and_team_phone_equal_the_full_views(app, demo):
    host = Page(socket_client(app, {**host_auth(app, demo), **PATCHES}))
    phone = Page(socket_client(app, {**team_auth(app, demo, "t1", "甲"), **PATCHES}))
    whole_host = socket_client(app, host_auth(app, demo))
    whole_phone = socket_client(app, team_auth(app, demo, "t1", "乙"))
    buzzer = socket_client(app, team_auth(app, demo, "t2", "丙"))
    host.read(), phone.read()
    assert phone.view["me"]["member"] == "甲" and isinstance(phone.view["rev"], str)
    play(host.client, *BUZZ_ROUND, {"type": "ShowQuestion"}, {"type": "OpenBuzzers"})
    assert buzzer.emit("buzz", {}, callback=True)["ok"]
    play(host.client, {"type": "Judge", "correct": True}, {"type": "Reveal"}, {"type": "ShowQuestion"})
    host.read(), phone.read()
    assert host.patches >= 6 and phone.patches >= 5 and host.fulls == phone.fulls == 1
    assert without(host.view, "me") == without(last_full(whole_host), "me")
    assert without(phone.view, "me") == without(last_full(whole_phone), "me")
    assert host.view["episode"]["question"]["answer"]  # the host's own view, not the team's
    assert phone.view["me"]["member"] == "甲"  # who the phone is survives the shared team patches


def test_a_patch_is_much_smaller_than_the_view(app, demo):
    import json

    phone = Page(socket_client(app, {**team_auth(app, demo, "t1", "甲"), **PATCHES}))
    host = socket_client(app, host_auth(app, demo))
    play(host, *BUZZ_ROUND, {"type": "ShowQuestion"})
    phone.read()
    play(host, {"type": "OpenBuzzers"})
    (message,) = phone.read()
    assert "patch" in message and len(json.dumps(message)) * 5 < len(json.dumps(phone.view))


def test_a_gap_is_mended_by_get_view_since_the_view_held(app, demo):
    phone = Page(socket_client(app, {**team_auth(app, demo, "t1", "甲"), **PATCHES}))
    host = socket_client(app, host_auth(app, demo))
    phone.read()
    play(host, *BUZZ_ROUND)
    phone.read()
    play(host, {"type": "ShowQuestion"}, {"type": "OpenBuzzers"})
    first, second = [m["args"][0] for m in phone.client.get_received() if m["name"] == "view"]
    assert second["base"] == first["rev"] != phone.view["rev"]  # lose the first: the second does not fit
    reply = phone.client.emit("get_view", {"since": phone.view["rev"]}, callback=True)
    assert reply["ok"] and reply["patch"]["base"] == phone.view["rev"] and reply["patch"]["rev"] == second["rev"]
    phone.take(reply["patch"])
    assert phone.view["episode"]["phase"] == "open" and phone.view["version"] == second["version"]
    unknown = phone.client.emit("get_view", {"since": "elsewhere.1"}, callback=True)
    assert without(unknown["view"], "server_time") == without(phone.view, "server_time")  # in full
    assert phone.client.emit("get_view", {}, callback=True)["view"]["me"]["member"] == "甲"  # as before


def test_a_reconnect_with_the_revision_held_gets_a_patch(app, demo):
    auth = {**team_auth(app, demo, "t1", "甲"), **PATCHES}
    phone = Page(socket_client(app, auth))
    host = socket_client(app, host_auth(app, demo))
    whole = socket_client(app, team_auth(app, demo, "t1", "乙"))
    play(host, *BUZZ_ROUND)
    phone.read()
    phone.client.disconnect()
    play(host, {"type": "ShowQuestion"}, {"type": "OpenBuzzers"})
    back = Page(socket_client(app, {**auth, "since": phone.view["rev"]}))
    back.view = phone.view
    (message,) = back.read()
    assert message["base"] == phone.view["rev"] and back.patches == 1
    assert without(back.view, "me", "server_time") == without(last_full(whole), "me", "server_time")
    stranger = Page(socket_client(app, {**auth, "since": "gone.7"}))
    (message,) = stranger.read()
    assert "patch" not in message and message["rev"] == back.view["rev"]  # the room's view, in full


def test_the_audience_room_is_paced_and_gets_the_last_state(app, demo):
    hub = app.extensions["quizapp.hub"]
    hub.outbox.every = 0.2
    http = app.test_client()
    assert http.get(f"/watch/{demo}").status_code == 200
    watcher = Page(app.extensions["quizapp.socketio"].test_client(
        app, auth={"role": "watch", "contest": demo, **PATCHES}, flask_test_client=http))
    screen = Page(socket_client(app, {"role": "screen", "contest": demo, **PATCHES}))
    host = socket_client(app, host_auth(app, demo))
    watcher.read(), screen.read()
    play(host, *BUZZ_ROUND)
    time.sleep(0.25)
    hub.flush_presence(time.time())  # what waited goes out
    time.sleep(0.25)  # and the pace has run out again
    watcher.read(), screen.read()
    started = time.time()
    play(host, {"type": "ShowQuestion"}, {"type": "OpenBuzzers"}, {"type": "PauseTimer"})
    assert len(screen.read()) == 3  # host, screen and team phones: every change at once
    if time.time() - started < 0.15:  # (a slow machine may let the pace run out in between)
        assert len(watcher.read()) == 1  # the first change at once, the rest wait for the pace
        assert watcher.view["episode"]["phase"] != "open"
    hub.flush_presence(time.time() + 0.25)  # the clock loop's next tick after the pace
    watcher.read()
    assert watcher.view["episode"]["phase"] == "open"
    assert watcher.view["version"] == screen.view["version"]
    hub.flush_presence(time.time() + 1)
    assert watcher.read() == []  # nothing waits: nothing more is sent


def test_team_rooms_while_answers_are_collected(app, service):
    from quizapp.core.quiz import commands as c
    from quizapp.core.quiz.rounds import RoundSpec
    from tests.kit import q

    cid = service.create(c.CreateContest(title="共答", rounds=(RoundSpec.from_dict({"kind": "all_answer"}),)))
    for name in ("甲队", "乙队"):
        service.execute(cid, c.AddTeam(name=name), "host")
    service.execute(cid, c.QueueQuestions(round_index=0, questions=(q(1), q(2))), "host")
    service.execute(cid, c.StartRound(), "host")
    p1 = Page(socket_client(app, {**team_auth(app, cid, "t1", "甲"), **PATCHES}))
    p2 = Page(socket_client(app, {**team_auth(app, cid, "t2", "乙"), **PATCHES}))
    whole = socket_client(app, team_auth(app, cid, "t1", "丙"))
    p1.read(), p2.read()
    service.execute(cid, c.ShowQuestion(), "host")  # collecting: each team its own view, as a patch
    assert all("patch" in m for m in p1.read() + p2.read())
    assert p1.client.emit("submit_answer", {"answer": "B"}, callback=True)["ok"]
    p1.read(), p2.read()
    assert p1.view["episode"]["phase"] == "collecting"
    assert without(p1.view, "me") == without(last_full(whole), "me")  # its own answer, as the whole view
    service.execute(cid, c.CloseAnswers(), "host")  # one shared view again: whole, as phones differ
    (m1,), (m2,) = p1.read(), p2.read()
    assert "patch" not in m1 and m1["rev"] == m2["rev"]
    service.execute(cid, c.Reveal(), "host")
    assert all("patch" in m for m in p1.read() + p2.read())  # and patches from there on
    assert without(p1.view, "me") == without(p2.view, "me") == without(last_full(whole), "me")


def test_after_a_restart_a_held_revision_is_unknown_and_the_room_starts_afresh(app, demo):
    from quizapp.live.streams import Streams

    hub = app.extensions["quizapp.hub"]
    auth = {**team_auth(app, demo, "t1", "甲"), **PATCHES}
    phone = Page(socket_client(app, auth))
    host = socket_client(app, host_auth(app, demo))
    play(host, *BUZZ_ROUND)
    phone.read()
    phone.client.disconnect()
    hub.outbox.streams, hub._seen = Streams(), {}  # what a new process knows
    back = Page(socket_client(app, {**auth, "since": phone.view["rev"]}))
    other = Page(socket_client(app, {**team_auth(app, demo, "t2", "乙"), **PATCHES}))
    back.read(), other.read()
    assert back.fulls == 1 and back.view["rev"] != phone.view["rev"] and back.view["rev"] == other.view["rev"]
    play(host, {"type": "ShowQuestion"})
    back.read(), other.read()
    assert back.patches == other.patches == 1  # both joined the new chain


def test_a_version_published_elsewhere_gets_a_whole_view_without_revision(app, demo):
    hub = app.extensions["quizapp.hub"]
    phone = Page(socket_client(app, {**team_auth(app, demo, "t1", "甲"), **PATCHES}))
    host = socket_client(app, host_auth(app, demo))
    play(host, *BUZZ_ROUND)
    phone.read()
    hub._seen[demo] -= 1  # as if another process had published the newest version
    reply = phone.client.emit("get_view", {"since": phone.view["rev"]}, callback=True)
    assert "rev" not in reply["view"] and reply["view"]["version"] == phone.view["version"]
    play(host, {"type": "ShowQuestion"})  # published here again: patches from what was kept, or whole
    reply = phone.client.emit("get_view", {"since": None}, callback=True)
    assert isinstance(reply["view"]["rev"], str)
