"""彩排 over sockets and in the log tools: rehearse, reset, and the same phones play the real contest."""

from __future__ import annotations

import pytest

from quizapp.commands_cli import show_log, verify_logs
from quizapp.demo import load_demo
from tests.kit import host_socket, last_view, socket_client, team_socket


@pytest.fixture
def demo(app, service):
    return load_demo(service)  # [party-constitution quiz, dorm-life quiz, sports day]


def _score(view, team_id):
    return {t["id"]: t["score"] for t in view["teams"]}[team_id]


def _buzz_question_won_by(host, team):
    """Round 1 ended at once, round 2 (抢答) first question: ``team`` buzzes and is judged right."""
    for step in ({"type": "StartRound"}, {"type": "EndRound"}, {"type": "StartRound"},
                 {"type": "ShowQuestion"}, {"type": "OpenBuzzers"}):
        assert host.emit("command", step, callback=True)["ok"], step
    assert team.emit("buzz", {}, callback=True)["ok"]
    assert host.emit("command", {"type": "Judge", "correct": True}, callback=True)["ok"]


def test_a_rehearsal_is_reset_and_a_phone_joined_before_still_plays(app, demo):
    cid = demo[0]
    host, screen, phone = host_socket(app, cid), socket_client(app, {"role": "screen", "contest": cid}), team_socket(app, cid, "t1", "甲")
    plan = [r["queue"] for r in host.emit("get_view", {}, callback=True)["view"]["rounds"]]
    assert host.emit("command", {"type": "StartRehearsal"}, callback=True)["ok"]
    for client in (host, screen, phone):
        assert last_view(client)["rehearsal"] is True  # every page shows the 彩排 mark
    _buzz_question_won_by(host, phone)
    rehearsed = last_view(screen)
    assert _score(rehearsed, "t1") == 110 and rehearsed["rehearsal"] is True
    first_question = rehearsed["episode"]["question"]["stem"]

    assert host.emit("command", {"type": "ResetRehearsal"}, callback=True)["ok"]
    reset = last_view(phone)
    assert reset["rehearsal"] is False and reset["status"] == "setup" and reset["episode"] is None
    assert {t["score"] for t in reset["teams"]} == {100}
    host_view = host.emit("get_view", {}, callback=True)["view"]
    assert [r["queue"] for r in host_view["rounds"]] == plan and host_view["rehearsals"] == 1
    assert [d["member"] for d in host_view["devices"] if d["team_id"] == "t1"] == ["甲"]
    undo = host.emit("command", {"type": "Undo"}, callback=True)
    assert undo["error"]["code"] == "rehearsal_boundary" and "彩排" in undo["error"]["message"]

    _buzz_question_won_by(host, phone)  # the same phone, no rejoin
    real = last_view(screen)
    assert _score(real, "t1") == 110 and real["rehearsal"] is False
    assert real["episode"]["question"]["stem"] == first_question  # the real contest starts fresh


def test_start_rehearsal_is_refused_once_the_contest_runs_and_on_a_sports_day(app, demo):
    host = host_socket(app, demo[0])
    assert host.emit("command", {"type": "StartRound"}, callback=True)["ok"]
    refused = host.emit("command", {"type": "StartRehearsal"}, callback=True)
    assert refused["error"]["code"] == "not_in_setup" and "准备阶段" in refused["error"]["message"]
    sports = host_socket(app, demo[2])
    refused = sports.emit("command", {"type": "StartRehearsal"}, callback=True)
    assert refused["error"]["code"] == "rehearsal_unsupported"
    assert "运动会不支持彩排" in refused["error"]["message"]


def test_log_show_lists_the_rehearsal_under_its_heading_and_verify_passes(app, demo, service, capsys):
    cid = demo[1]
    host = host_socket(app, cid)
    for step in ("StartRehearsal", "StartRound", "ShowQuestion", "ResetRehearsal", "StartRound"):
        assert host.emit("command", {"type": step}, callback=True)["ok"], step
    capsys.readouterr()
    assert show_log(service, cid) == 0
    lines = capsys.readouterr().out.splitlines()
    heading = lines.index("—— 彩排 1（不计成绩）——")
    back = lines.index("—— 正式比赛 ——", heading)
    assert "开始彩排" in lines[heading + 1] and lines[heading + 1].endswith("[彩排1]")
    assert "彩排结束" in lines[back - 1] and all(line.endswith("[彩排1]") for line in lines[heading + 1:back])
    assert "比赛开始" in lines[back + 1] and "[彩排" not in lines[back + 1]
    assert verify_logs(service) == 0
    assert f"{cid}" in capsys.readouterr().out
