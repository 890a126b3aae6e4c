"""Joining and credentials: each attack from the security review, tried again.

PIN and 比赛码 guessing lock out (the right PIN too, while locked); host
tokens are bound to one contest and one login and die at logout, password
change and expiry; audience ids come from a signed cookie; five phones per
team hold under racing joins; non-host views carry no bank question id.
Flask test clients where they prove the point, a real server where it takes one.
"""

from __future__ import annotations

import json
import re
import threading
import time
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, text

from quizapp.core.errors import DomainError
from quizapp.core.quiz import commands as c
from quizapp.core.quiz.views import view_for
from quizapp.core.sports import model as sm
from quizapp.demo import load_demo
from quizapp.live.identity import AUDIENCE_COOKIE
from quizapp.services.throttle import Buckets, Lockout
from quizapp.store.schema import create_schema
from tests.kit import contest
from tests.security.conftest import Client, LiveServer, Refused, csrf_token


@pytest.fixture
def ids(service):
    quiz, dorm, sports, _civility = load_demo(service)
    return {"quiz": quiz, "dorm": dorm, "sports": sports}


class Clock:
    """A settable monotonic clock for the lockouts."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _pin_page(client, app, contest_id):
    code = app.extensions["quizapp.devices"].contest_code(contest_id)
    return f"/join/c/{code}", csrf_token(client.get(f"/join/c/{code}").get_data(as_text=True))


def _try_pin(client, url, token, team, pin):
    return client.post(url, data={"csrf_token": token, "team": team, "pin": pin, "member": "攻击者"})


def _wrong(pin: str) -> str:
    return "000000" if pin != "000000" else "111111"


def _host_socket(app, contest_id, token=None):
    token = token or app.extensions["quizapp.hostauth"].mint(contest_id)
    return app.extensions["quizapp.socketio"].test_client(
        app, auth={"role": "host", "contest": contest_id, "token": token})


# --- team PINs -------------------------------------------------------------------------------
def test_pin_brute_force_locks_the_team_and_the_right_pin_is_refused_while_locked(client, app, ids):
    devices = app.extensions["quizapp.devices"]
    clock = Clock()
    devices.pin_team.clock = devices.pin_address.clock = clock
    pin = devices.join_code(ids["quiz"], "t3").pin
    assert re.fullmatch(r"\d{6}", pin)
    url, token = _pin_page(client, app, ids["quiz"])
    for _ in range(5):
        assert "PIN 码不对" in _try_pin(client, url, token, "t3", _wrong(pin)).get_data(as_text=True)
    locked = _try_pin(client, url, token, "t3", pin)
    page = locked.get_data(as_text=True)
    assert locked.status_code == 429 and "quizapp.teamToken" not in page
    assert "输错次数过多" in page and "30 秒后再试" in page
    clock.now += 31
    assert "quizapp.teamToken" in _try_pin(client, url, token, "t3", pin).get_data(as_text=True)


def test_lockouts_double_and_the_host_sees_failed_attempts(client, app, ids):
    devices = app.extensions["quizapp.devices"]
    clock = Clock()
    devices.pin_team.clock = devices.pin_address.clock = clock
    pin = devices.join_code(ids["quiz"], "t2").pin
    url, token = _pin_page(client, app, ids["quiz"])
    for _ in range(5):
        _try_pin(client, url, token, "t2", _wrong(pin))
    clock.now += 31
    for _ in range(5):
        _try_pin(client, url, token, "t2", _wrong(pin))
    assert "60 秒后再试" in _try_pin(client, url, token, "t2", pin).get_data(as_text=True)
    view = _host_socket(app, ids["quiz"]).emit("get_view", {}, callback=True)["view"]
    assert view["pin_failures"] == {"t2": 10}
    team = app.extensions["quizapp.devices"].join(devices.join_code(ids["quiz"], "t1"), "队员")
    team_view = app.extensions["quizapp.socketio"].test_client(
        app, auth={"role": "team", "token": team.token}).emit("get_view", {}, callback=True)["view"]
    assert "pin_failures" not in team_view


def test_one_address_guessing_across_teams_is_locked_out(client, app, ids):
    devices = app.extensions["quizapp.devices"]
    url, token = _pin_page(client, app, ids["quiz"])
    state = app.extensions["quizapp.contests"].state(ids["quiz"])
    teams = list(state.teams)
    for n in range(10):  # four per team: no team reaches its own limit
        team = teams[n % len(teams)]
        _try_pin(client, url, token, team, _wrong(devices.join_code(ids["quiz"], team).pin))
    right = _try_pin(client, url, token, teams[0], devices.join_code(ids["quiz"], teams[0]).pin)
    assert right.status_code == 429 and "请" in right.get_data(as_text=True)
    other = app.test_client()  # another phone (another address) is not affected
    other_url, other_token = _pin_page(other, app, ids["quiz"])
    reply = other.post(other_url, environ_base={"REMOTE_ADDR": "10.1.2.3"},
                       data={"csrf_token": other_token, "team": teams[1], "member": "队员",
                             "pin": devices.join_code(ids["quiz"], teams[1]).pin})
    assert "quizapp.teamToken" in reply.get_data(as_text=True)


def test_pins_issued_before_keep_working_until_regenerated(client, app, ids):
    """Existing 4-digit PINs stay valid (they are printed on desk cards); a regenerated one has 6 digits."""
    from sqlalchemy import update

    from quizapp.store.models import JoinCodeRow

    devices = app.extensions["quizapp.devices"]
    devices.join_code(ids["quiz"], "t4")
    with devices.sessions.begin() as session:
        session.execute(update(JoinCodeRow).where(JoinCodeRow.team_id == "t4").values(pin="0427"))
    url, token = _pin_page(client, app, ids["quiz"])
    assert "quizapp.teamToken" in _try_pin(client, url, token, "t4", "0427").get_data(as_text=True)
    assert re.fullmatch(r"\d{6}", devices.regenerate(ids["quiz"], "t4").pin)


# --- 比赛码 -------------------------------------------------------------------------------------
def test_join_shows_no_teams_before_a_contest_code_and_wrong_codes_lock_out(client, app, ids):
    devices = app.extensions["quizapp.devices"]
    page = client.get("/join").get_data(as_text=True)
    every_team = [t.name for cid in (ids["quiz"], ids["dorm"])
                  for t in app.extensions["quizapp.contests"].state(cid).teams.values()]
    assert not any(name in page for name in every_team)
    right = devices.contest_code(ids["quiz"])
    assert right != devices.contest_code(ids["dorm"]) and re.fullmatch(r"\d{6}", right)
    token = csrf_token(page)
    wrong = [f"{n:06d}" for n in range(100000, 100011) if f"{n:06d}" not in (right, devices.contest_code(ids["dorm"]))]
    for code in wrong[:10]:
        reply = client.post("/join", data={"csrf_token": token, "code": code})
        assert reply.status_code == 200 and "没有这个比赛码" in reply.get_data(as_text=True)
    locked = client.post("/join", data={"csrf_token": token, "code": right})
    assert locked.status_code == 429 and "比赛码输错次数过多" in locked.get_data(as_text=True)
    assert client.get(f"/join/c/{right}").status_code == 429
    assert client.get(f"/join/c/{right}", environ_base={"REMOTE_ADDR": "10.9.9.9"}).status_code == 200


def test_the_contest_code_is_on_the_projector_and_the_qr_sheet(client, app, ids):
    code = app.extensions["quizapp.devices"].contest_code(ids["quiz"])
    assert code in client.get(f"/screen/{ids['quiz']}").get_data(as_text=True)
    assert app.extensions["quizapp.devices"].contest_code(ids["sports"]) in \
        client.get(f"/screen/{ids['sports']}").get_data(as_text=True)
    _login(client, app)
    sheet = client.get(f"/host/{ids['quiz']}/qr").get_data(as_text=True)
    assert code in sheet


# --- CSRF -------------------------------------------------------------------------------------
def test_an_expired_form_says_so_in_chinese(tmp_path):
    from quizapp.app import create_app

    app = create_app({"INSTANCE_PATH": str(tmp_path / "i"), "TESTING": True, "START_BACKGROUND": False,
                      "WTF_CSRF_TIME_LIMIT": 1})
    client = app.test_client()
    token = csrf_token(client.get("/host/login").get_data(as_text=True))
    time.sleep(2.2)
    reply = client.post("/host/login", data={"csrf_token": token, "password": app.config["HOST_PASSWORD"]})
    page = reply.get_data(as_text=True)
    assert reply.status_code == 400 and "页面已打开超过" in page and "重新打开" in page
    assert app.config["WTF_CSRF_TIME_LIMIT"] == 1 and create_app.__module__  # the default is 3600


# --- host login and tokens --------------------------------------------------------------------
def _login(client, app, password=None):
    token = csrf_token(client.get("/host/login").get_data(as_text=True))
    return client.post("/host/login", data={"csrf_token": token,
                                            "password": password or app.config["HOST_PASSWORD"]})


def _console_token(client, contest_id):
    page = client.get(f"/host/{contest_id}").get_data(as_text=True)
    return re.search(r'data-token="([^"]+)"', page).group(1)


def test_a_host_token_opens_only_its_contest_and_dies_at_logout(client, app, ids):
    _login(client, app)
    token_a = _console_token(client, ids["quiz"])
    assert _host_socket(app, ids["quiz"], token_a).is_connected()
    assert not _host_socket(app, ids["dorm"], token_a).is_connected()  # contest A's token on contest B
    assert token_a != _console_token(client, ids["dorm"])
    token = csrf_token(client.get("/host").get_data(as_text=True))
    client.post("/host/logout", data={"csrf_token": token})
    assert not _host_socket(app, ids["quiz"], token_a).is_connected()
    assert client.get(f"/host/{ids['quiz']}").status_code == 302


def test_an_expired_host_token_asks_to_log_in_again(app, ids):
    hostauth = app.extensions["quizapp.hostauth"]
    token = hostauth.mint(ids["quiz"])
    hostauth.check(token, ids["quiz"])
    hostauth.token_ttl = -1  # every token is now past its age
    with pytest.raises(DomainError) as refused:
        hostauth.check(token, ids["quiz"])
    assert refused.value.code == "token_expired" and "重新登录" in refused.value.message
    assert not _host_socket(app, ids["quiz"], token).is_connected()


def test_changing_the_password_revokes_every_login_and_token(client, app, ids, tmp_path):
    other = app.test_client()  # a second browser logged in earlier
    _login(other, app)
    other_token = _console_token(other, ids["quiz"])
    _login(client, app)
    page = client.get("/host/password").get_data(as_text=True)
    weak = client.post("/host/password", data={"csrf_token": csrf_token(page), "current": app.config["HOST_PASSWORD"],
                                               "new": "short", "confirm": "short"})
    assert "至少 8 个字符" in weak.get_data(as_text=True)
    wrong = client.post("/host/password", data={"csrf_token": csrf_token(page), "current": "nope-nope",
                                                "new": "a-new-password", "confirm": "a-new-password"})
    assert wrong.status_code == 400 and "当前密码不对" in wrong.get_data(as_text=True)
    done = client.post("/host/password", data={"csrf_token": csrf_token(page), "current": app.config["HOST_PASSWORD"],
                                               "new": "a-new-password", "confirm": "a-new-password"})
    assert done.status_code == 200 and "密码已修改" in done.get_data(as_text=True)
    assert not _host_socket(app, ids["quiz"], other_token).is_connected()
    assert other.get(f"/host/{ids['quiz']}").status_code == 302  # the other browser must log in again
    assert client.get(f"/host/{ids['quiz']}").status_code == 200  # the one that changed it stays in
    fresh = app.test_client()
    assert _login(fresh, app).status_code == 401  # the old password no longer works
    assert _login(fresh, app, "a-new-password").status_code == 302
    stored = Path(app.instance_path) / "host_password.hash"
    assert stored.exists() and "a-new-password" not in stored.read_text()
    assert not (Path(app.instance_path) / "host_password").exists()


def test_a_password_from_the_environment_cannot_be_changed_in_the_console(tmp_path):
    from quizapp.app import create_app

    app = create_app({"INSTANCE_PATH": str(tmp_path / "i"), "TESTING": True, "START_BACKGROUND": False,
                      "HOST_PASSWORD": "env-password", "HOST_PASSWORD_ENV": "env-password"})
    client = app.test_client()
    _login(client, app, "env-password")
    page = client.get("/host/password").get_data(as_text=True)
    assert "QUIZAPP_HOST_PASSWORD" in page and "不能在这里修改" in page and 'name="new"' not in page


def test_wrong_passwords_lock_the_address_out(client, app):
    for _ in range(5):
        assert _login(client, app, "guess-guess").status_code == 401
    locked = _login(client, app)
    assert locked.status_code == 429 and "密码输错次数过多" in locked.get_data(as_text=True)


# --- audience --------------------------------------------------------------------------------
def _audience_question(service, contest_id: str) -> None:
    """Bring the dorm contest to a 观众题 (a choice question nobody buzzed on)."""
    service.execute(contest_id, c.StartRound(round_index=2), "host")
    while True:
        service.execute(contest_id, c.ShowQuestion(), "host")
        if service.state(contest_id).episode.question.type in ("single", "true_false"):
            break
        service.execute(contest_id, c.SkipQuestion(), "host")
    service.execute(contest_id, c.OpenBuzzers(), "host")
    service.execute(contest_id, c.TimeUp(purpose="no_buzz"), "timer", now=time.time() + 600)
    assert service.state(contest_id).episode.phase == "audience"


def _watcher(app, contest_id, http=None, device=None):
    auth = {"role": "watch", "contest": contest_id, **({"device": device} if device else {})}
    return app.extensions["quizapp.socketio"].test_client(app, auth=auth, flask_test_client=http)


def test_made_up_audience_devices_cannot_stuff_votes(app, service, ids):
    _audience_question(service, ids["dorm"])
    choice = "A" if service.state(ids["dorm"]).episode.question.options else "true"
    for n in range(30):  # the review's attack: a fresh made-up device id per vote
        reply = _watcher(app, ids["dorm"], device=f"fake-{n}").emit("audience_answer", {"choice": choice},
                                                                     callback=True)
        assert reply["error"]["code"] == "bad_device"
    assert service.state(ids["dorm"]).episode.audience == {}
    http = app.test_client()
    http.get(f"/watch/{ids['dorm']}")  # the page sets the signed cookie
    cookie = http.get_cookie(AUDIENCE_COOKIE).value
    phone = _watcher(app, ids["dorm"], http, device="chosen-by-client")
    assert phone.emit("audience_answer", {"choice": choice}, callback=True)["ok"]
    again = phone.emit("audience_answer", {"choice": choice}, callback=True)
    assert again["error"]["code"] == "already_answered"
    assert list(service.state(ids["dorm"]).episode.audience) != ["chosen-by-client"]
    forged = app.test_client()
    forged.set_cookie(AUDIENCE_COOKIE, cookie[:-2] + ("AA" if not cookie.endswith("AA") else "BB"))
    assert _watcher(app, ids["dorm"], forged).emit("audience_answer", {"choice": choice},
                                                   callback=True)["error"]["code"] == "bad_device"


def test_audience_ids_votes_and_connects_are_rate_limited_per_address(app, service, ids):
    _audience_question(service, ids["dorm"])
    gate = app.extensions["quizapp.gate"]
    gate.audience_ids, gate.votes, gate.connects = Buckets(0, 8), Buckets(0, 5), Buckets(0, 12)
    choice = "A" if service.state(ids["dorm"]).episode.question.options else "true"
    codes = []
    for _ in range(10):  # each "phone" reloads /watch for a new cookie, connects, votes
        http = app.test_client()
        http.get(f"/watch/{ids['dorm']}")
        watcher = _watcher(app, ids["dorm"], http)
        if not watcher.is_connected():
            codes.append("refused")
            continue
        reply = watcher.emit("audience_answer", {"choice": choice}, callback=True)
        codes.append("ok" if reply["ok"] else reply["error"]["code"])
    assert codes[:5] == ["ok"] * 5 and set(codes[5:]) <= {"rate_limited", "bad_device"}
    assert len(service.state(ids["dorm"]).episode.audience) == 5
    assert codes[8:] == ["bad_device"] * 2  # no ninth audience cookie for this address: voting asks for a reload
    assert [_watcher(app, ids["dorm"], app.test_client()).is_connected() for _ in range(3)] == [True, True, False]  # 12 connects


def test_the_default_audience_limits_fit_a_hall_behind_one_address(app):
    """Several hundred phones behind campus NAT can all vote within seconds; a flood cannot."""
    gate = app.extensions["quizapp.gate"]
    assert gate.votes.burst >= 300 and gate.audience_ids.burst >= 500 and gate.connects.burst >= 500
    assert gate.votes.rate <= 50 and gate.audience_ids.rate <= 5


# --- limits stay bounded -----------------------------------------------------------------------
def test_rate_limit_tables_stay_bounded():
    """20,000 made-up addresses leave at most ``capacity`` entries (oldest dropped first)."""
    lockout, buckets = Lockout(capacity=1000), Buckets(1, 1, capacity=1000)
    for n in range(20_000):
        lockout.fail(f"addr-{n}")
        buckets.take(f"addr-{n}")
    assert len(lockout._records) == 1000 and len(buckets) == 1000
    assert lockout.remaining("addr-19999") == 0 and "addr-0" not in lockout._records


# --- question ids and hidden scores ---------------------------------------------------------------
def test_non_host_views_carry_no_bank_question_id(client, app, service, ids):
    cid = ids["quiz"]
    devices = app.extensions["quizapp.devices"]
    sio = app.extensions["quizapp.socketio"]
    host = _host_socket(app, cid)
    team = sio.test_client(app, auth={"role": "team", "token": devices.join(devices.join_code(cid, "t1"), "甲").token})
    screen = sio.test_client(app, auth={"role": "screen", "contest": cid})
    http = app.test_client()
    http.get(f"/watch/{cid}")
    watch = _watcher(app, cid, http)
    for step in ({"type": "StartRound"}, {"type": "ShowQuestion"}):
        assert host.emit("command", step, callback=True)["ok"]
    bank_id = service.state(cid).episode.question.id
    assert re.fullmatch(r"[a-z]+-\d+", bank_id)
    host_view = host.emit("get_view", {}, callback=True)["view"]
    assert host_view["episode"]["question"]["id"] == bank_id
    others = {name: s.emit("get_view", {}, callback=True)["view"] for name, s in
              (("team", team), ("screen", screen), ("watch", watch))}
    others["api"] = client.get(f"/api/contests/{cid}/view?audience=watch").get_json()
    for name, view in others.items():
        assert bank_id not in json.dumps(view, ensure_ascii=False), name
        assert view["episode"]["question"]["id"] == "Q1", name
    assert host.emit("command", {"type": "Judge", "correct": True}, callback=True)["ok"]
    assert host.emit("command", {"type": "ShowQuestion"}, callback=True)["ok"]
    assert team.emit("get_view", {}, callback=True)["view"]["episode"]["question"]["id"] == "Q2"


def test_hidden_scores_leave_nothing_to_rebuild_them_from():
    ledger = contest({"kind": "buzz", "settings": {"hide_scores": True, "points_wrong": -10}}, teams=3)
    ledger.execute(c.StartRound(round_index=0), 0.0)
    ledger.execute(c.ShowQuestion(), 1.0)
    ledger.execute(c.OpenBuzzers(), 2.0)
    ledger.execute(c.Buzz(team_id="t1", member="甲"), 3.0)
    ledger.execute(c.Judge(correct=True), 5.0)
    for audience in ("team", "screen", "watch"):
        view = view_for(ledger.state, audience, "t1")
        assert {t["score"] for t in view["teams"]} == {None} and {t["tied"] for t in view["teams"]} == {None}
        judged = view["episode"]["judgements"]
        assert judged and all(j["correct"] is None and j["points"] is None for j in judged)
        assert view["episode"]["stake"] is None and view["episode"]["outcome"] == ""
        assert view["round"]["points_wrong"] is None
    host = view_for(ledger.state, "host")
    assert host["episode"]["judgements"][0]["correct"] is True


def test_a_sports_team_colour_must_be_a_hex_colour(app, service, ids):
    for colour in ("red;background:url(//x)", "#12345", "javascript:1", "#12345g"):
        with pytest.raises(DomainError) as refused:
            service.execute(ids["sports"], sm.AddTeam(name=f"新队{len(colour)}", colour=colour), "host")
        assert refused.value.code == "bad_colour"
    service.execute(ids["sports"], sm.AddTeam(name="合法颜色队", colour="#1a2B3c"), "host")


# --- five phones per team -------------------------------------------------------------------------
def test_an_old_database_gains_slots_and_contest_codes(tmp_path):
    """A database made before slots: existing phones get slots, the limit holds from then on."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE contests (id VARCHAR(32) PRIMARY KEY, title VARCHAR(120), kind VARCHAR(16), "
                          "preset VARCHAR(64), version INTEGER, created_at DATETIME, archived BOOLEAN, snapshot JSON)"))
        conn.execute(text("CREATE TABLE devices (token VARCHAR(64) PRIMARY KEY, contest_id VARCHAR(32), "
                          "team_id VARCHAR(32), member VARCHAR(40), created_at DATETIME, revoked BOOLEAN)"))
        conn.execute(text("INSERT INTO contests VALUES ('c1', '旧比赛', 'quiz', '', 0, '2026-01-01', 0, '{}')"))
        for n in range(4):
            conn.execute(text("INSERT INTO devices VALUES (:t, 'c1', 't1', '旧', :at, 0)"),
                         {"t": f"tok{n}", "at": f"2026-01-01 00:00:0{n}"})
    create_schema(engine)
    create_schema(engine)  # twice: nothing left to do the second time
    with engine.begin() as conn:
        slots = conn.execute(text("SELECT slot FROM devices ORDER BY slot")).scalars().all()
        assert slots == [1, 2, 3, 4]
        conn.execute(text("INSERT INTO devices (token, contest_id, team_id, member, revoked, slot) "
                          "VALUES ('new', 'c1', 't1', '新', 0, 5)"))
        with pytest.raises(Exception, match="UNIQUE"):
            conn.execute(text("INSERT INTO devices (token, contest_id, team_id, member, revoked, slot) "
                              "VALUES ('dup', 'c1', 't1', '重复', 0, 5)"))


def test_twelve_racing_joins_in_threading_mode_give_five(app, ids):
    devices = app.extensions["quizapp.devices"]
    code = devices.join_code(ids["quiz"], "t1")
    barrier, results = threading.Barrier(12), []

    def join(n: int) -> None:
        barrier.wait()
        try:
            results.append(devices.join(code, f"抢{n}").token)
        except DomainError as exc:
            results.append(exc.code)

    threads = [threading.Thread(target=join, args=(n,)) for n in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(r for r in results if r in ("team_full", "busy")) == ["team_full"] * 7
    assert len([d for d in devices.devices(ids["quiz"]) if d.team_id == "t1"]) == 5


# --- against a real server ----------------------------------------------------------------------
def _real_join_page(http: requests.Session, base: str, contest_code: str) -> tuple[str, str]:
    url = f"{base}/join/c/{contest_code}"
    return url, csrf_token(http.get(url, timeout=10).text)


def _screen_code(base: str, contest_id: str) -> str:
    page = requests.get(f"{base}/screen/{contest_id}", timeout=10).text
    return re.search(r'id="contest-code"[^>]*>比赛码 <b class="mono">(\d{6})</b>', page).group(1)


def test_pin_brute_force_against_a_real_server(server: LiveServer):
    """The review found a PIN in 3 s at ~370 tries/s; now the sixth try is already refused."""
    cid = server.contests["party-constitution"]
    pin = server.app().extensions["quizapp.devices"].join_code(cid, "t3").pin
    http = requests.Session()
    url, token = _real_join_page(http, server.base, _screen_code(server.base, cid))
    statuses = []
    started = time.monotonic()
    for guess in range(100):
        candidate = f"{guess:06d}"
        if candidate == pin:
            continue
        reply = http.post(url, timeout=10, data={"csrf_token": token, "team": "t3", "pin": candidate,
                                                 "member": "攻击者"})
        statuses.append(reply.status_code)
    assert statuses.count(200) == 5 and statuses.count(429) == len(statuses) - 5
    right = http.post(url, timeout=10, data={"csrf_token": token, "team": "t3", "pin": pin, "member": "攻击者"})
    assert right.status_code == 429 and "quizapp.teamToken" not in right.text and "后再试" in right.text
    assert time.monotonic() - started < 30  # the lockout answers at once, it does not stall the server
    host = server.host(cid)
    assert host.wait_for(lambda v: v.get("pin_failures", {}).get("t3", 0) >= 5)["pin_failures"]["t3"] >= 5
    host.close()


def test_host_tokens_against_a_real_server(server_factory):
    server = server_factory(env={"QUIZAPP_HOST_PASSWORD": ""})  # the generated password: changeable
    password = (server.instance / "host_password").read_text().strip()
    quiz, dorm = server.contests["party-constitution"], server.contests["dorm-life"]
    http = server.login(password)
    token = server.host_token(quiz, http)
    Client(server.base, {"role": "host", "contest": quiz, "token": token}).close()
    with pytest.raises(Refused) as refused:
        Client(server.base, {"role": "host", "contest": dorm, "token": token})
    assert refused.value.code == "not_host"
    page = http.get(f"{server.base}/host/password", timeout=10).text
    changed = http.post(f"{server.base}/host/password", timeout=10,
                        data={"csrf_token": csrf_token(page), "current": password,
                              "new": "brand-new-password", "confirm": "brand-new-password"})
    assert "密码已修改" in changed.text
    with pytest.raises(Refused) as refused:
        Client(server.base, {"role": "host", "contest": quiz, "token": token})
    assert refused.value.code == "token_expired" and "重新登录" in refused.value.message
    fresh = server.login("brand-new-password")
    token2 = server.host_token(quiz, fresh)
    Client(server.base, {"role": "host", "contest": quiz, "token": token2}).close()
    index = fresh.get(f"{server.base}/host", timeout=10).text
    fresh.post(f"{server.base}/host/logout", data={"csrf_token": csrf_token(index)}, timeout=10)
    with pytest.raises(Refused) as refused:
        Client(server.base, {"role": "host", "contest": quiz, "token": token2})
    assert refused.value.code == "token_expired"


def test_made_up_audience_ids_against_a_real_server(server: LiveServer):
    cid = server.contests["dorm-life"]
    codes = set()
    for n in range(40):
        watcher = Client(server.base, {"role": "watch", "contest": cid, "device": f"bot-{n}"})
        codes.add(watcher.call("audience_answer", {"choice": "A"})["error"]["code"])
        watcher.close()
    assert codes == {"bad_device"}
    assert not [e for e in server.log(cid) if type(e.event).__name__ == "AudienceAnswered"]


@pytest.mark.parametrize("server", ["threading"], indirect=True)
def test_twelve_racing_qr_joins_against_a_threading_server(server: LiveServer):
    cid = server.contests["party-constitution"]
    url = f"{server.base}/join/{server.join_code(cid, 't2')}"
    forms = []
    for _ in range(12):
        http = requests.Session()
        forms.append((http, csrf_token(http.get(url, timeout=10).text)))
    barrier, statuses = threading.Barrier(12), []

    def join(n: int) -> None:
        http, token = forms[n]
        barrier.wait()
        statuses.append(http.post(url, data={"csrf_token": token, "member": f"抢{n}"}, timeout=30).status_code)

    threads = [threading.Thread(target=join, args=(n,)) for n in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(statuses) == [200] * 5 + [409] * 7
    devices = server.app().extensions["quizapp.devices"]
    devices._listed.clear()
    assert len([d for d in devices.devices(cid) if d.team_id == "t2"]) == 5


@pytest.mark.postgres
def test_the_slot_index_holds_racing_joins_on_postgresql(tmp_path):
    """The same database guarantee on PostgreSQL (partial unique index on active slots)."""
    from quizapp.app import create_app
    from tests.kit import scratch_postgres

    with scratch_postgres("quizapp_auth") as url:
        app = create_app({"INSTANCE_PATH": str(tmp_path / "i"), "START_BACKGROUND": False,
                          "DATABASE_URL": url})
        ids = {"quiz": load_demo(app.extensions["quizapp.contests"])[0]}
        test_twelve_racing_joins_in_threading_mode_give_five(app, ids)
        devices = app.extensions["quizapp.devices"]
        assert re.fullmatch(r"\d{6}", devices.contest_code(ids["quiz"]))
        assert devices.by_contest_code(devices.contest_code(ids["quiz"])) == ids["quiz"]
        hostauth = app.extensions["quizapp.hostauth"]
        token = hostauth.mint(ids["quiz"])
        hostauth.check(token, ids["quiz"])
        create_schema(app.extensions["quizapp.engine"])  # the migration is idempotent here too
        app.extensions["quizapp.engine"].dispose()
