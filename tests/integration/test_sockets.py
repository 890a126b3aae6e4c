"""Socket events through Flask-SocketIO's test client: roles, refusals, a contest, bad payloads."""

from __future__ import annotations

import pytest

from quizapp.demo import load_demo
from tests.kit import host_socket, last_view, socket_client, team_socket


@pytest.fixture
def demo(app, service):
    ids = load_demo(service)
    return ids[0]  # the party-constitution contest


def team_view_device(app, cid, member):
    return [d.id for d in app.extensions["quizapp.devices"].devices(cid) if d.member == member][0]


def test_roles_are_checked_at_connect(app, demo):
    assert not socket_client(app, {"role": "host", "contest": demo, "token": "forged"}).is_connected()
    assert not socket_client(app, {"role": "team", "token": "nope"}).is_connected()
    assert not socket_client(app, {"role": "screen", "contest": "missing"}).is_connected()
    assert not socket_client(app, None).is_connected()
    assert socket_client(app, {"role": "screen", "contest": demo}).is_connected()


def test_a_team_cannot_act_as_the_host_and_the_screen_can_only_watch(app, demo):
    team = team_socket(app, demo, "t1")
    reply = team.emit("command", {"type": "StartRound"}, callback=True)
    assert reply["ok"] is False and reply["error"]["code"] == "forbidden"
    screen = socket_client(app, {"role": "screen", "contest": demo})
    for event in ("buzz", "command", "pick_tier", "remove_device"):
        reply = screen.emit(event, {}, callback=True)
        assert reply["error"]["code"] == "forbidden", event


def test_a_whole_buzz_question_over_sockets(app, demo):
    host, screen = host_socket(app, demo), socket_client(app, {"role": "screen", "contest": demo})
    t1, t2 = team_socket(app, demo, "t1", "甲"), team_socket(app, demo, "t2", "乙")
    for step in ({"type": "StartRound"}, {"type": "EndRound"}, {"type": "StartRound"}, {"type": "ShowQuestion"}):
        assert host.emit("command", step, callback=True)["ok"], step
    early = t2.emit("buzz", {}, callback=True)  # before 请抢答: a false start
    assert early["ok"]
    assert host.emit("command", {"type": "OpenBuzzers"}, callback=True)["ok"]
    assert t1.emit("buzz", {}, callback=True)["ok"]
    locked = t2.emit("buzz", {}, callback=True)
    assert locked["error"]["code"] == "team_locked" and "不能再次抢答" in locked["error"]["message"]
    view = last_view(screen)
    assert view["episode"]["team_id"] == "t1" and view["episode"]["question"]["answer"] is None
    assert {t["id"]: t["score"] for t in view["teams"]}["t2"] == 90
    host_view = last_view(host)
    assert host_view["episode"]["question"]["answer"]
    assert host.emit("command", {"type": "Judge", "correct": True}, callback=True)["ok"]
    team_view = last_view(t1)
    assert {t["id"]: t["score"] for t in team_view["teams"]}["t1"] == 110
    assert "me" not in team_view and "history" not in team_view  # one broadcast for every team
    assert t1.emit("get_view", {}, callback=True)["view"]["me"] == {"team_id": "t1", "member": "甲",
                                                                    "device_id": team_view_device(app, demo, "甲")}
    assert team_view["episode"]["question"]["answer"] is None
    host.emit("command", {"type": "Reveal"}, callback=True)
    assert last_view(t2)["episode"]["question"]["answer"]


@pytest.mark.parametrize("payload", [
    None, "text", 42, [], {"type": 5}, {"type": "Nope"}, {"type": "Judge"},
    {"type": "Judge", "correct": "yes"}, {"type": "AdjustScore", "team_id": "t1", "delta": 1.5, "reason": "x"},
    {"type": "StartRound", "evil": 1}, {"type": "AdjustScore", "team_id": "t1", "delta": 5, "reason": "x" * 5000},
    {"type": "QueueQuestions", "round_index": 0, "question_ids": ["x"] * 600},
])
def test_malformed_host_payloads_are_refused_and_change_nothing(app, demo, payload):
    host = host_socket(app, demo)
    before = app.extensions["quizapp.contests"].state(demo).version
    reply = host.emit("command", payload, callback=True)
    assert reply["ok"] is False and reply["error"]["code"] in ("bad_payload", "unknown_command")
    assert app.extensions["quizapp.contests"].state(demo).version == before
    assert host.is_connected()


def test_removed_device_is_disconnected_and_its_token_stops_working(app, demo):
    devices = app.extensions["quizapp.devices"]
    device = devices.join(devices.join_code(demo, "t3"), "丙")
    host, team = host_socket(app, demo), socket_client(app, {"role": "team", "token": device.token})
    view = host.emit("get_view", {}, callback=True)["view"]
    assert [d["member"] for d in view["devices"] if d["team_id"] == "t3"] == ["丙"]
    assert host.emit("remove_device", {"device_id": device.id}, callback=True)["ok"]
    assert not team.is_connected()
    assert not socket_client(app, {"role": "team", "token": device.token}).is_connected()


def test_sixth_device_is_refused_clearly(app, demo):
    from quizapp.core.errors import DomainError

    devices = app.extensions["quizapp.devices"]
    code = devices.join_code(demo, "t1")
    for n in range(5):
        devices.join(code, f"队员{n}")
    with pytest.raises(DomainError) as err:
        devices.join(code, "第六人")
    assert err.value.code == "team_full" and "观众页" in err.value.message


def test_clock_sync_acks_server_times(app, demo):
    team = team_socket(app, demo, "t1")
    reply = team.emit("sync", {"t0": 1.5}, callback=True)
    assert reply["ok"] and reply["t0"] == 1.5 and reply["t2"] >= reply["t1"]


def test_buzzer_check_measures_each_device_and_reports_to_the_host(app, demo):
    host, phone = host_socket(app, demo), team_socket(app, demo, "t2", "乙")
    started = host.emit("check_start", {}, callback=True)
    assert started["ok"] and started["cue_at"] > 0
    cue = [m for m in phone.get_received() if m["name"] == "check_cue"]
    assert cue and cue[0]["args"][0]["cue_at"] == started["cue_at"]
    result = phone.emit("check_press", {"stamp": started["cue_at"] + 0.2}, callback=True)
    assert result["ok"] and result["member"] == "乙" and "未完成校时" in result["flags"]
    report = host.emit("check_report", {}, callback=True)
    assert [r["team_id"] for r in report["results"]] == ["t2"]
    refused = phone.emit("check_start", {}, callback=True)
    assert refused["error"]["code"] == "forbidden"


def test_undo_never_lowers_the_version_clients_see(app, demo):
    host, screen = host_socket(app, demo), socket_client(app, {"role": "screen", "contest": demo})
    host.emit("command", {"type": "StartRound"}, callback=True)
    host.emit("command", {"type": "ShowQuestion"}, callback=True)
    host.emit("command", {"type": "Judge", "correct": True}, callback=True)
    judged = last_view(screen)
    assert host.emit("command", {"type": "Undo"}, callback=True)["ok"]
    undone = last_view(screen)
    assert undone["version"] > judged["version"]
    assert {t["id"]: t["score"] for t in undone["teams"]}["t1"] == 100


def test_tiebreak_gets_the_presets_questions(app, demo):
    host = host_socket(app, demo)
    host.emit("command", {"type": "StartRound"}, callback=True)
    host.emit("command", {"type": "EndRound"}, callback=True)  # everyone still on 100: all tied
    reply = host.emit("command", {"type": "StartTieBreak", "teams": ["t1", "t2"]}, callback=True)
    assert reply["ok"]
    view = host.emit("get_view", {}, callback=True)["view"]
    assert view["round"]["kind"] == "tiebreak" and view["round"]["eligible"] == ["t1", "t2"]
    queue = view["rounds"][-1]["queue"]
    assert len(queue) == 5 and {q["type"] for q in queue} <= {"single", "true_false"}


def test_recorder_and_judge_roles_over_sockets(app, service):
    from quizapp.core.sports import model as sm

    sports = load_demo(service)[2]
    devices = app.extensions["quizapp.devices"]
    recorder = devices.join(devices.join_code(sports, "@recorder"), "记录员")
    desk = socket_client(app, {"role": "recorder", "token": recorder.token})
    host = host_socket(app, sports)
    assert host.emit("sports_command", {"type": "AddEvent", "name": "才艺秀", "kind": "scored"},
                     callback=True)["ok"]
    state = service.state(sports)
    ids = {e.spec.name: e.id for e in state.events.values()}
    teams = list(state.teams)
    entries = [[t, str(30 + n)] for n, t in enumerate(teams)]
    assert desk.emit("sports_command", {"type": "RecordResults", "event_id": ids["踢毽子"], "entries": entries},
                     callback=True)["ok"]
    refused = desk.emit("sports_command", {"type": "AddJudge", "name": "越权"}, callback=True)
    assert refused["error"]["code"] == "forbidden"  # the results desk may not add judges
    judge_info = [j for j in state.judges.values() if j.unit == "5栋101"][0]
    judge_device = devices.join(devices.join_code(sports, f"@judge:{judge_info.id}"), judge_info.name)
    judge = socket_client(app, {"role": "judge", "token": judge_device.token})
    own = [t for t in state.teams.values() if t.unit == "5栋101"][0].id
    other = [t for t in state.teams.values() if t.unit != "5栋101"][0].id
    mine = judge.emit("submit_score", {"event_id": ids["才艺秀"], "team_id": own, "score": "9"}, callback=True)
    assert mine["ok"] is False and mine["error"]["message"]
    assert judge.emit("submit_score", {"event_id": ids["才艺秀"], "team_id": other, "score": "8.5"},
                      callback=True)["ok"]
    assert judge.emit("sports_command", {"type": "RecordResults"}, callback=True)["error"]["code"] == "forbidden"
    assert desk.emit("submit_score", {}, callback=True)["error"]["code"] == "forbidden"
    assert not socket_client(app, {"role": "judge", "token": recorder.token}).is_connected()  # wrong credential
    assert len(service.state(sports).events[ids["踢毽子"]].results) == 6
    assert isinstance(service.state(sports), sm.SportsState)


def test_presence_changes_are_coalesced_into_throttled_broadcasts(app, demo):
    hub = app.extensions["quizapp.hub"]
    host = host_socket(app, demo)
    host.get_received()
    phones = [team_socket(app, demo, "t1", f"队员{n}") for n in range(3)]
    assert [m for m in host.get_received() if m["name"] == "view"] == []  # no broadcast per connect
    hub.flush_presence(1000.0)
    views = [m["args"][0] for m in host.get_received() if m["name"] == "view"]
    assert len(views) == 1 and views[0]["presence"]["devices"] == {"t1": 3}
    phones[0].disconnect()
    hub.flush_presence(1000.2)  # too soon: waits for the next slot
    assert [m for m in host.get_received() if m["name"] == "view"] == []
    hub.flush_presence(1000.6)
    views = [m["args"][0] for m in host.get_received() if m["name"] == "view"]
    assert views[-1]["presence"]["devices"] == {"t1": 2}
