"""Buzz arbitration against lying phones, on a real `quizapp serve` (eventlet).

The attacks from the security review: a phone that forges its clock samples, one that
inflates its delay by answering the server's pings late, one that never answers them,
and a sniper that presses as soon as it sees another team's press. Each phone here
is a plain socket client; an honest one answers ``clock_ping`` with its own clock.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from .client import Client
from .conftest import LiveServer

CHEAT = 0.300  # how much earlier than the truth a cheater stamps its press


class Phone(Client):
    """A team socket with its own clock (``time.time() + offset``) that answers clock pings.

    ``answer_delay`` holds every ping's ack back (the inflated-delay cheat); with
    ``consistent`` it also shifts its reported reading by half that delay, so its
    offset still looks right and only its round trip grows. ``answers=False`` never
    answers (the ack is empty).
    """

    def __init__(self, base: str, auth: dict[str, Any], offset: float = 0.0, answer_delay: float = 0.0,
                 answers: bool = True) -> None:
        self.offset, self.answer_delay, self.answers, self.pings = offset, answer_delay, answers, 0
        super().__init__(base, auth)

    def now(self) -> float:
        return time.time() + self.offset

    def _on_clock_ping(self, ping: Any = None) -> Any:
        self.pings += 1
        if not self.answers:
            return None
        reading = self.now()
        if self.answer_delay:
            time.sleep(self.answer_delay)
            reading += self.answer_delay / 2
        return {"t": reading}

    def buzz_at(self, true_time: float, cheat: float = 0.0) -> dict[str, Any]:
        """Wait for ``true_time`` (real clock), then buzz with a stamp ``cheat`` seconds early."""
        time.sleep(max(0.0, true_time - time.time()))
        return self.call("buzz", {"stamp": true_time + self.offset - cheat})


def _phone(server: LiveServer, contest: str, team: str, **kw: Any) -> Phone:
    token = server.device_token(contest, team, f"{team}-phone")
    return Phone(server.base, {"role": "team", "token": token}, **kw)


def _buzz_round(server: LiveServer) -> tuple[str, Client]:
    contest = server.contests["party-constitution"]
    host = server.host(contest)
    for name in ("StartRound", "EndRound", "StartRound"):  # round 2 is the buzz round
        assert host.call("command", {"type": name})["ok"], name
    return contest, host


def _synced(host: Client, phones: dict[str, Phone], timeout: float = 6.0) -> dict[str, dict[str, Any]]:
    """Wait until every phone has its burst of pings answered; the host's device rows by team."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        rows = {d["team_id"]: d for d in host.call("get_view")["view"]["devices"]}
        done = all(p.pings >= 6 for p in phones.values())
        if done and all("delay_ms" in rows.get(t, {}) or not p.answers for t, p in phones.items()):
            return rows
        time.sleep(0.2)
    raise AssertionError(f"phones never synced: {[p.pings for p in phones.values()]}")


def _open(host: Client) -> int:
    assert host.call("command", {"type": "ShowQuestion"})["ok"]
    ack = host.call("command", {"type": "OpenBuzzers"})
    assert ack["ok"]
    return int(ack["version"])


def _decided(host: Client) -> dict[str, Any]:
    return host.wait_for(lambda v: (v.get("episode") or {}).get("phase") == "answering")["episode"]


def _presses(server: LiveServer, contest: str) -> dict[str, Any]:
    """The last valid press of each team in the log."""
    return {e.event.team_id: e.event for e in server.log(contest)
            if type(e.event).__name__ == "PressRecorded" and e.event.decision in ("valid", "late")}


def test_forged_samples_and_silent_phones_buy_no_credit(server: LiveServer) -> None:
    contest, host = _buzz_round(server)
    honest = _phone(server, contest, "t1", offset=1.7)
    forger = _phone(server, contest, "t2", offset=-0.9)
    silent = _phone(server, contest, "t3", offset=0.4, answers=False)
    for _ in range(6):  # the review's forged round trip: t0 - 250 ms, t3 + 250 ms
        t = forger.now()
        reply = forger.call("sync", {"t0": t, "sample": {"t0": t - 0.25, "t1": time.time(),
                                                        "t2": time.time(), "t3": t + 0.25}})
        assert reply["ok"] and reply["t2"] >= reply["t1"]  # a plain time probe still
        time.sleep(0.1)
    rows = _synced(host, {"t1": honest, "t2": forger, "t3": silent})
    assert rows["t2"]["delay_ms"] < 50, rows["t2"]  # what the server measured, not the 250 ms claim
    assert not rows["t2"]["delay_outlier"]
    assert "delay_ms" not in rows["t3"]  # never answered: no estimate at all

    _open(host)
    start = time.time() + 0.2
    threads = [threading.Thread(target=p.buzz_at, args=(start + lag, cheat))
               for p, lag, cheat in ((honest, 0.0, 0.0), (forger, 0.05, CHEAT), (silent, 0.03, CHEAT))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert _decided(host)["team_id"] == "t1"
    presses = _presses(server, contest)
    forged = presses["t2"]
    if forged.corrected is not None:  # inside the window: judged, but with the measured credit only
        assert forged.delay < 0.05 and forged.arrival - forged.corrected <= forged.delay + 0.0101
    assert presses["t3"].corrected is None  # no estimate: judged at its arrival


def test_inflated_delay_is_bounded_by_the_room_and_flagged(server: LiveServer) -> None:
    contest, host = _buzz_round(server)
    honest = {t: _phone(server, contest, t, offset=o) for t, o in (("t1", 0.8), ("t2", -1.2), ("t3", 0.3))}
    inflated = _phone(server, contest, "t4", offset=-0.5, answer_delay=0.25)
    rows = _synced(host, {**honest, "t4": inflated}, timeout=10)
    room = sorted(rows[t]["delay_ms"] for t in honest)[1]  # the low median of the room
    assert rows["t4"]["delay_ms"] >= 120  # answering 250 ms late made its one-way delay look long ...
    assert rows["t4"]["delay_outlier"]  # ... which the host sees as 延迟异常
    assert rows["t4"]["credit_ms"] <= room + 30 + 0.1  # ... and credits only up to the room's bound

    _open(host)
    start = time.time() + 0.2
    threads = [threading.Thread(target=honest["t1"].buzz_at, args=(start,)),
               threading.Thread(target=inflated.buzz_at, args=(start + 0.06, CHEAT))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert _decided(host)["team_id"] == "t1"  # the review's cheater won from 100-140 ms behind
    press = _presses(server, contest)["t4"]
    if press.corrected is not None:
        assert press.delay <= (room + 30) / 1000 + 1e-4
        assert press.arrival - press.corrected <= press.delay + 0.0101

    assert host.call("check_start")["ok"]  # the buzzer check flags it too
    report = inflated.call("check_press", {"stamp": inflated.now()})
    assert report["ok"] and report["delay_outlier"] and "延迟异常" in report["flags"]


def test_a_sniper_sees_no_press_before_the_winner_is_decided(server: LiveServer) -> None:
    contest, host = _buzz_round(server)
    honest = _phone(server, contest, "t1", offset=0.6)
    sniper = _phone(server, contest, "t2", offset=-0.3)
    screen, watch = server.screen(contest), server.watch(contest)
    _synced(host, {"t1": honest, "t2": sniper})
    opened = _open(host)
    sniper.wait_for(lambda v: v["version"] >= opened and v["episode"]["phase"] == "open")

    seen: list[tuple[str, dict[str, Any]]] = []  # every non-host view until the decision
    stop = threading.Event()

    def record(name: str, client: Client) -> None:
        original = client._on_view

        def on_view(view: dict[str, Any]) -> None:
            seen.append((name, view))
            original(view)
        client.sio.on("view", on_view)

    for name, client in (("team", sniper), ("screen", screen), ("watch", watch)):
        record(name, client)

    def poll() -> None:  # the sniper asks for its view as fast as it can
        while not stop.is_set():
            reply = sniper.call("get_view")
            if "view" not in reply:  # refused (e.g. rate_limited): ask again a little later
                time.sleep(0.01)
                continue
            view = reply["view"]
            seen.append(("poll", view))
            if view["episode"]["phase"] != "open":
                return

    poller = threading.Thread(target=poll)
    poller.start()
    time.sleep(0.05)
    honest.buzz_at(time.time())
    decided = _decided(host)
    poller.join(5)
    stop.set()
    assert decided["team_id"] == "t1"
    before = [(n, v) for n, v in seen if v["episode"]["phase"] in ("open", "reading")]
    assert len([1 for n, _ in before if n == "poll"]) >= 3  # it really watched during the window
    for name, view in before:
        assert view["episode"]["presses"] == [], name
        assert view["version"] == opened, (name, view["version"], opened)
        assert (view.get("timer") or {}).get("purpose") != "window", name
    after = [v for _n, v in seen if v["episode"]["phase"] == "answering"]
    assert after and after[0]["episode"]["team_id"] == "t1" and after[0]["episode"]["presses"]
    log = [type(e.event).__name__ + ":" + getattr(e.event, "purpose", "") for e in server.log(contest)]
    assert "TimerStarted:window" in log  # there was a window to hide, not an instant decision
    late = sniper.call("buzz", {"stamp": sniper.now() - CHEAT})
    assert late["ok"] and _decided(host)["team_id"] == "t1"
