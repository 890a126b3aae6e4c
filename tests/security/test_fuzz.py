"""Thousands of generated hostile payloads over real sockets, from every role, on every event.

Whatever a client sends, it gets a well-formed ack (``ok``, or a documented error code with a
zh-CN message; never ``server_error``), only its own socket may be closed (for a frame over the
size limit or one that cannot be decoded), and afterwards the server still runs a contest and
its log still verifies.
"""

from __future__ import annotations

import json
import math
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from quizapp.live.payloads import HOST_COMMANDS, JUDGE_EVENTS, SPORTS_COMMANDS
from tests.security.conftest import Client, LiveServer, Refused

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
FRAME_LIMIT = 64 * 1024  # the server's max_http_buffer_size: bigger frames close the socket
NO_ARGS = object()  # an event sent with no payload at all
SLOW_IS_FINE = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much,
                HealthCheck.large_base_example]

# Events with the fields each one knows (kinds as in quizapp.live.payloads).
FIELDS: dict[str, dict[str, str]] = {
    "buzz": {"stamp": "number"}, "check_press": {"stamp": "number"},
    "pick_tier": {"tier": "int?"}, "submit_answer": {"answer": "str"},
    "audience_answer": {"choice": "str"}, "remove_device": {"device_id": "str"},
    "audience_name": {"name": "str"}, "audience_me": {},
    "check_start": {}, "check_report": {}, "get_view": {},
    "sync": {"t0": "number", "sample": "sample"},
    "key_buzz": {"team_id": "str", "key": "str"},
    **{name: {f: kind for f, (kind, _) in spec.items()} for name, spec in JUDGE_EVENTS.items()},
}
TYPED = {"command": {**SPORTS_COMMANDS, **HOST_COMMANDS}, "sports_command": {**HOST_COMMANDS, **SPORTS_COMMANDS}}
UNKNOWN_EVENTS = ("message", "Buzz", "command ", "admin", "__proto__", "view", "removed", "", "事件")
EVENTS = (*TYPED, *FIELDS)
ROLES = ("host", "team", "screen", "watch", "s-host", "recorder", "judge", "s-screen", "s-watch")
ALLOWED = {"command": ("host", "s-host"), "sports_command": ("host", "s-host", "recorder"),
           **dict.fromkeys(("buzz", "pick_tier", "submit_answer", "check_press"), ("team",)),
           **dict.fromkeys(("remove_device", "check_start", "check_report", "key_buzz"), ("host", "s-host")),
           **dict.fromkeys(JUDGE_EVENTS, ("judge",)),
           **dict.fromkeys(("audience_answer", "audience_name", "audience_me"), ("watch", "s-watch")),
           "sync": ROLES, "get_view": ROLES}
# contract 1: the commands that may carry a ``cid``, which every ack to them carries back
ENVELOPED = ("command", "sports_command", "buzz", "pick_tier", "submit_answer", "audience_answer",
             "submit_score", "submit_sheet", "reopen_score", "remove_device", "check_start", "check_press")
# each example is sent by every role allowed to send it and by one more: over 5,000 sends in all
EXAMPLES = math.ceil(5_600 * (len(EVENTS) + 1) / sum(len(ALLOWED.get(e, ())) + 1 for e in (*EVENTS, "unknown")))

SURROGATES = ("\ud800", "a\udfffb", "\udc00\ud800", "\ud83d")
SPECIAL_TEXT = (*SURROGATES, "", " ", "\x00", "A", "B", "ABD", "true", "false", "t1", "t9", "10",
                "<img src=x onerror=alert(1)>", "'; DROP TABLE events;--", "‮اختبار", "🎉" * 50,
                "x" * 201, "长" * 5_000, "x" * 25_000, "y" * 70_000)
HUGE_INTS = (2**31, -(2**31) - 1, 2**63, -(2**64), 10**6, 10**6 + 1, 10**99, -(10**98))  # longer: raw frames
FLOATS = (math.nan, math.inf, -math.inf, -0.0, 1e308, 5e-324, 0.5)


def nest(depth: int, as_dict: bool) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = {"a": value} if as_dict else [value]
    return value


scalars = st.one_of(st.none(), st.booleans(), st.integers(-3, 40), st.sampled_from(HUGE_INTS),
                    st.sampled_from(FLOATS), st.floats(allow_nan=True, allow_infinity=True),
                    st.text(max_size=12), st.sampled_from(SPECIAL_TEXT))
junk = st.one_of(scalars, st.lists(scalars, max_size=4), st.dictionaries(st.text(max_size=8), scalars, max_size=3),
                st.builds(nest, st.integers(1, 400), st.booleans()))  # flat shapes: cheap to draw


def good(kind: str, ids: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    """Values of the right kind, often naming something that exists."""
    text = ids | st.sampled_from(SPECIAL_TEXT[:14]) | st.text(max_size=10)
    return {
        "int": st.integers(-3, 40), "int?": st.none() | st.sampled_from([10, 20, 30, 15]),
        "number": st.floats(1.7e9, 2.0e9) | st.integers(0, 10**6), "bool": st.booleans(), "str": text,
        "str_list": st.lists(text, max_size=4), "pairs": st.lists(st.lists(text, min_size=2, max_size=2), max_size=6),
        "sample": st.fixed_dictionaries({k: st.floats(1.7e9, 2.0e9) for k in ("t0", "t1", "t2", "t3")}),
    }[kind]


BAD_CIDS = ("", "c" * 65, None, 7, 1.5, True, ["x"], {"a": 1}, " ", "\ud800")
BAD_VERSIONS = (-1, 10**12, 1.5, "3", True, None, math.nan, [1])
UNKNOWN_FIELDS = ("extra", "__proto__", "type ", "", "CID", "x" * 300, "版本")


@st.composite
def envelope(draw: st.DrawFn) -> dict[str, Any]:
    """``cid`` and ``version``, each absent, good or bad."""
    out: dict[str, Any] = {}
    keys = draw(st.integers(0, 3))
    if keys & 1:
        out["cid"] = draw(st.integers(0, 10**9).map(lambda n: f"fz-{n}") | st.sampled_from(BAD_CIDS)
                          | st.text(min_size=1, max_size=8) | st.just("c" * 64))
    if keys & 2:
        out["version"] = draw(st.integers(0, 300) | st.sampled_from(BAD_VERSIONS))
    return out


@st.composite
def sends(draw: st.DrawFn, ids: st.SearchStrategy[str]) -> tuple[str, str, Any]:
    """(event, name sent, payload); the event "unknown" is sent under a name no handler knows."""
    event = draw(st.sampled_from((*EVENTS, "unknown")))
    name = event if event != "unknown" else draw(st.sampled_from(UNKNOWN_EVENTS) | st.text(max_size=20))
    return event, name, draw(payloads(event, ids))


@st.composite
def payloads(draw: st.DrawFn, event: str, ids: st.SearchStrategy[str]) -> Any:
    """A payload for ``event``: a shaped object (known fields, right or wrong kinds, extra fields,
    envelope keys) or anything at all."""
    if draw(st.integers(0, 9)) == 0:
        return draw(junk | st.just(NO_ARGS) | st.tuples(scalars, scalars))  # a tuple: two arguments
    if event in TYPED:
        name = draw(st.sampled_from(sorted(TYPED[event])) | st.text(max_size=12) | scalars)
        fields: dict[str, str] = {f: k for f, (k, _) in TYPED[event].get(name, {}).items()} \
            if isinstance(name, str) else {}
        body: dict[Any, Any] = {"type": name}
    else:
        fields, body = FIELDS.get(event, {}), {}
    for field, kind in fields.items():
        if draw(st.integers(0, 5)):  # most fields are present
            body[field] = draw(good(kind, ids) if draw(st.integers(0, 3)) else junk)
    if draw(st.integers(0, 5)) == 0:  # a field nobody declared
        body[draw(st.sampled_from(UNKNOWN_FIELDS) | st.text(max_size=6))] = draw(junk)
    body.update(draw(envelope()))
    return body


def documented_codes() -> set[str]:
    """Codes in docs/PROTOCOL.md plus the rules' own refusal codes (quizapp/core)."""
    codes = set(re.findall(r"`([a-z][a-z0-9_]+)`", (ROOT / "docs/PROTOCOL.md").read_text()))
    for path in (ROOT / "quizapp/core").rglob("*.py"):
        codes |= set(re.findall(r'DomainError\(\s*"([a-z_]+)"', path.read_text()))
    return codes - {"server_error"}


def check_ack(ack: Any, codes: set[str], what: str) -> str:
    """The ack's code ("ok" when accepted), after checking its shape."""
    assert isinstance(ack, dict) and isinstance(ack.get("ok"), bool), f"{what}: ack {ack!r}"
    if ack["ok"]:
        return "ok"
    error = ack.get("error")
    assert isinstance(error, dict) and set(error) >= {"code", "message"}, f"{what}: ack {ack!r}"
    assert error["code"] in codes, f"{what}: undocumented or server error {error!r}"
    assert re.search(r"[\u4e00-\u9fff]", str(error["message"])), f"{what}: message not zh-CN {error!r}"
    return str(error["code"])


def closed_within(client: Client, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while client.connected:
        assert time.monotonic() < deadline, "an oversized frame did not close the socket"
        time.sleep(0.01)


def frame_size(payload: Any) -> int:
    if payload is NO_ARGS:
        return 0
    try:
        return len(json.dumps(payload))
    except (ValueError, TypeError, RecursionError):
        return sys.maxsize


class Fleet:
    """One socket per role on the quiz demo and the sports demo; a closed one is opened again."""

    def __init__(self, server: LiveServer) -> None:
        self.server = server
        quiz, sports = server.contests["party-constitution"], server.contests["sports-day"]
        judges = server.host(sports).wait_for(lambda v: bool(v.get("judges")))["judges"]
        self.makers = {
            "host": lambda: server.host(quiz), "screen": lambda: server.screen(quiz),
            "watch": lambda: server.watch(quiz, "fuzz-watch"), "team": lambda: self._team(server, quiz),
            "s-host": lambda: server.host(sports), "recorder": lambda: server.recorder(sports),
            "judge": lambda: server.judge(sports, judges[0]["id"]),
            "s-screen": lambda: server.screen(sports), "s-watch": lambda: server.watch(sports, "w2"),
        }
        self.sockets: dict[str, Client] = {role: make() for role, make in self.makers.items()}
        self.reopened: Counter[str] = Counter()

    @staticmethod
    def _team(server: LiveServer, contest: str) -> Client:
        for team in ("t1", "t2", "t3", "t4"):  # a fuzzed RemoveTeam may have taken t1 away
            try:
                return server.team(contest, team, "模糊测试")
            except (AssertionError, OSError):
                continue
        raise AssertionError("no team left to join")

    def get(self, role: str) -> Client:
        old = self.sockets[role]
        if not old.connected:  # closed for an oversized frame, or the device was removed
            old.close()
            try:
                self.sockets[role] = self.server.connect(old.auth, old.headers)
            except Refused:
                self.sockets[role] = self.makers[role]()
            self.reopened[role] += 1
        return self.sockets[role]

    def ids(self) -> list[str]:
        """Team, question, event and judge ids and the team's device id: values that hit."""
        found = {"A", "B"}
        for client in self.sockets.values():
            view = client.view
            found |= {t["id"] for t in view.get("teams", [])}
            found |= {q["id"] for r in view.get("rounds", []) for q in r.get("queue", [])}
            found |= {e["id"] for e in view.get("schedule", [])} | {j["id"] for j in view.get("judges", [])}
        found.add(self.sockets["team"].view.get("me", {}).get("device_id", "t1"))
        return sorted(found)


def test_thousands_of_hostile_payloads_from_every_role(server: LiveServer) -> None:
    """Over 5,000 generated payloads on every event from every role's socket; then the server
    still serves a contest and its log verifies."""
    fleet = Fleet(server)
    codes = documented_codes()
    seen: Counter[tuple[str, str]] = Counter()
    outcomes: Counter[str] = Counter()
    turns: Counter[str] = Counter()
    late: list[tuple[str, Any]] = []  # acks to events no handler answers, should any come

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              phases=(Phase.generate, Phase.shrink), suppress_health_check=SLOW_IS_FINE)
    @given(sends(st.sampled_from(fleet.ids())))
    def send_all(sample: tuple[str, str, Any]) -> None:
        """From every role allowed to send it, and from the next role in turn."""
        event, name, payload = sample
        turn = ROLES[turns[event] % len(ROLES)]
        turns[event] += 1
        for role in (*ALLOWED.get(event, ()), turn):
            send(role, name, payload)

    def send(role: str, event: str, payload: Any) -> None:
        client = fleet.get(role)
        what = f"{role} {event!r} {repr(payload)[:300]}"
        seen[role, event if event in EVENTS else "unknown"] += 1
        if event not in EVENTS:
            client.sio.emit(event, None if payload is NO_ARGS else payload,
                            callback=lambda *ack: late.append((what, ack[0] if ack else None)))
            return
        if frame_size(payload) > FRAME_LIMIT:  # the server closes this socket, and only this one
            client.sio.emit(event, payload)
            closed_within(client, 5)
            outcomes["closed: oversized"] += 1
            return
        ack = client.call(event, None if payload is NO_ARGS else payload, timeout=5)
        outcomes[check_ack(ack, codes, what)] += 1
        cid = payload.get("cid") if isinstance(payload, dict) else None
        if event in ENVELOPED and isinstance(cid, str) and 1 <= len(cid) <= 64:
            assert ack.get("cid") == cid, f"{what}: the ack does not carry the cid back: {ack!r}"

    send_all()
    assert sum(seen.values()) >= 5_000
    missing = {(r, e) for r in ROLES for e in (*EVENTS, "unknown")} - set(seen)
    assert not missing, f"never sent: {sorted(missing)}"
    for what, ack in late:
        outcomes[check_ack(ack, codes, what)] += 1

    # the server still works: health, a host command, a buzz, and a log that replays
    assert server.healthz() == 200
    for role in ROLES:  # every fuzzed socket still answers
        check_ack(fleet.get(role).call("get_view"), codes, f"{role} get_view afterwards")
    contest = server.contests["dorm-life"]
    host, team = server.host(contest), server.team(contest, "t2", "诚实队员")
    for command in ({"type": "StartRound", "round_index": 2}, {"type": "ShowQuestion"},
                    {"type": "OpenBuzzers"}):
        assert host.call("command", command)["ok"], command
    assert team.call("buzz", {})["ok"]
    assert host.wait_for(lambda v: v["episode"]["phase"] == "answering")["episode"]["team_id"] == "t2"
    verify = server.verify_log()
    assert verify.returncode == 0, verify.stdout + verify.stderr
    print(f"\nfuzz: {sum(seen.values())} sends; outcomes {dict(outcomes.most_common(12))}; "
          f"sockets reopened {dict(fleet.reopened)}")


@pytest.mark.parametrize("server", ["eventlet", "threading"], indirect=True)
def test_malformed_frames_hurt_only_their_sender(server: LiveServer) -> None:
    """Frames no well-behaved client makes, each from a throwaway audience socket: an honest
    phone keeps working, nobody changes identity, and each costs the log one line, not a traceback."""
    quiz, sports = server.contests["party-constitution"], server.contests["sports-day"]
    honest = server.team(quiz, "t1", "诚实队员")
    deep = "[" * 5000 + "]" * 5000
    frames = [f'2["audience_answer",{deep}]', '21["audience_answer",' + "9" * 5000 + "]",
              '22["get_view",' + "9" * 101 + "]", '21["buzz",{"stamp":}]', "2[]", "2{}", "2null",
              '2["disconnect"]', '2["connect",{}]', '23["connect",{"role":"screen","contest":"' + sports + '"}]',
              "2" + "x" * 1000, '27["get_view"', '2["get_view",{"a":NaN}', "3", "9", "", "2[1]", "2[null]"]
    for frame in frames:
        attacker = server.watch(quiz, "raw")
        attacker.sio.eio.send(frame)
        assert honest.call("get_view")["view"]["me"]["team_id"] == "t1", frame
        if '"connect"' in frame:  # the socket stays what it connected as: the quiz's audience
            view = attacker.call("get_view")["view"]
            assert (view["contest_id"], view["audience"]) == (quiz, "watch"), frame
        attacker.close()
    assert server.healthz() == 200
    log = server.process.stderr()
    assert "Traceback" not in log, log[log.find("Traceback") - 200:][:3000]
