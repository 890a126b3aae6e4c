"""Pages and forms over HTTP: login, CSRF, joining, uploads, exports, results desk, judges."""

from __future__ import annotations

import io
import re

import openpyxl

from quizapp.core.quiz import commands as c
from tests.kit import csrf, login


def test_host_pages_need_the_password(client, app, ids):
    assert client.get(f"/host/{ids['quiz']}").status_code == 302
    token = csrf(client.get("/host/login").get_data(as_text=True))
    wrong = client.post("/host/login", data={"csrf_token": token, "password": "nope"})
    assert wrong.status_code == 401 and "密码不对" in wrong.get_data(as_text=True)
    assert client.post("/host/login", data={"password": app.config["HOST_PASSWORD"]}).status_code == 400  # no CSRF
    assert login(client, app).status_code == 302
    assert client.get("/host/banks").status_code == 200


def test_the_console_offers_no_action_before_its_first_view(client, app, ids):
    """A click before the live view arrives would do nothing: the buttons say so by being disabled."""
    login(client, app)
    page = client.get(f"/host/{ids['quiz']}").get_data(as_text=True)
    buttons = re.findall(r"<button [^>]*data-action=[^>]*>", page)
    assert len(buttons) >= 15 and all(" disabled" in b for b in buttons), buttons


def test_joining_by_qr_then_the_sixth_phone_is_told_the_team_is_full(client, app, ids):
    devices = app.extensions["quizapp.devices"]
    code = devices.join_code(ids["quiz"], "t2")
    for n in range(6):
        page = client.get(f"/join/{code.code}").get_data(as_text=True)
        assert "2号台 · 物理系" in page
        reply = client.post(f"/join/{code.code}", data={"csrf_token": csrf(page), "member": f"队员{n}"})
        if n < 5:
            assert reply.status_code == 200 and "quizapp.teamToken" in reply.get_data(as_text=True)
    assert reply.status_code == 409 and "观众页" in reply.get_data(as_text=True)
    devices.regenerate(ids["quiz"], "t2")
    assert client.get(f"/join/{code.code}").status_code == 404  # old links stop working


def test_a_phone_rescanning_its_teams_qr_reopens_its_device(client, app, ids):
    devices = app.extensions["quizapp.devices"]
    code, other = devices.join_code(ids["quiz"], "t3"), devices.join_code(ids["quiz"], "t4")
    page = client.get(f"/join/{code.code}").get_data(as_text=True)
    assert 'id="resume-form"' in page and f"/join/{code.code}/resume" in page
    joined = client.post(f"/join/{code.code}", data={"csrf_token": csrf(page), "member": "小王"})
    token = re.search(r'"quizapp.teamToken", "([^"]+)"', joined.get_data(as_text=True)).group(1)
    for _ in range(6):  # more re-scans than the team has slots
        again = client.post(f"/join/{code.code}/resume", data={"csrf_token": csrf(page), "token": token})
        assert again.status_code == 200 and token in again.get_data(as_text=True)
    assert [d.member for d in devices.devices(ids["quiz"]) if d.team_id == "t3"] == ["小王"]
    # another team's QR, a forged or a removed token: back to the name form, no device reused
    elsewhere = client.post(f"/join/{other.code}/resume", data={"csrf_token": csrf(page), "token": token})
    assert elsewhere.status_code == 302 and elsewhere.headers["Location"].endswith(f"/join/{other.code}?fresh=1")
    assert client.post(f"/join/{code.code}/resume", data={"token": token}).status_code == 400  # no CSRF
    devices.revoke(ids["quiz"], devices.device(token).id)
    removed = client.post(f"/join/{code.code}/resume", data={"csrf_token": csrf(page), "token": token})
    assert removed.status_code == 302 and "fresh=1" in removed.headers["Location"]


def test_join_by_pin_asks_the_contest_code_then_checks_the_pin(client, app, ids):
    devices = app.extensions["quizapp.devices"]
    code = devices.join_code(ids["quiz"], "t1")
    contest_code = devices.contest_code(ids["quiz"])
    page = client.get("/join").get_data(as_text=True)
    assert "物理系" not in page and "比赛码" in page  # no team list before a valid code
    step = client.post("/join", data={"csrf_token": csrf(page), "code": contest_code})
    assert step.status_code == 302 and step.headers["Location"].endswith(f"/join/c/{contest_code}")
    page = client.get(f"/join/c/{contest_code}").get_data(as_text=True)
    dorm = app.extensions["quizapp.contests"].state(ids["dorm"])
    assert "物理系" in page and not any(t.name in page for t in dorm.teams.values() if t.name != "物理系")
    wrong = "000000" if code.pin != "000000" else "111111"
    reply = client.post(f"/join/c/{contest_code}", data={"csrf_token": csrf(page), "team": "t1", "pin": wrong,
                                                         "member": "张三"})
    assert reply.status_code == 200 and "PIN 码不对" in reply.get_data(as_text=True)
    reply = client.post(f"/join/c/{contest_code}", data={"csrf_token": csrf(page), "team": "t1", "pin": code.pin,
                                                         "member": "张三"})
    assert "quizapp.teamToken" in reply.get_data(as_text=True)


def test_upload_is_all_or_nothing_and_the_bank_becomes_pickable(client, app, ids):
    login(client, app)
    template = client.get("/host/banks/template.xlsx").data
    page = client.get("/host/banks").get_data(as_text=True)
    ok = client.post("/host/banks", data={"csrf_token": csrf(page), "bank_id": "club-quiz", "title": "社团题库",
                                          "file": (io.BytesIO(template), "q.xlsx")},
                     content_type="multipart/form-data")
    assert ok.status_code == 200 and "导入成功" in ok.get_data(as_text=True)
    assert "club-quiz" in app.extensions["quizapp.catalog"].banks
    bad_csv = "题型,题目,答案\n单选,没有选项的单选题,A\n".encode("gbk")
    bad = client.post("/host/banks", data={"csrf_token": csrf(page), "bank_id": "bad-one", "title": "坏",
                                           "file": (io.BytesIO(bad_csv), "q.csv")},
                      content_type="multipart/form-data")
    assert bad.status_code == 400 and "第2行" in bad.get_data(as_text=True)
    assert "bad-one" not in app.extensions["quizapp.catalog"].banks


def test_export_of_a_running_contest_opens_in_excel(client, app, service, ids):
    login(client, app)
    cid = ids["quiz"]
    service.execute(cid, c.StartRound(), "host")
    service.execute(cid, c.ShowQuestion(), "host")
    service.execute(cid, c.Judge(correct=True), "host")
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/host/{cid}/export.xlsx").data))
    assert book.sheetnames == ["排名", "各轮得分", "题目记录", "彩排记录", "日志", "题目分析", "分类正确率", "反应时间"]
    header = [cell.value for cell in book["排名"][1]]
    first = dict(zip(header, [cell.value for cell in book["排名"][2]], strict=True))
    assert first["队名"] == "数学系" and first["得分"] == 110
    assert client.get(f"/host/{cid}/export/日志.csv").data.startswith("\ufeff".encode())
    assert "数学系" in client.get(f"/host/{cid}/results").get_data(as_text=True)


def _staff_session(client, app, cid, holder, name):
    code = app.extensions["quizapp.devices"].join_code(cid, holder)
    page = client.get(f"/join/{code.code}").get_data(as_text=True)
    return client.post(f"/join/{code.code}", data={"csrf_token": csrf(page), "member": name})


def test_results_desk_validates_times_counts_and_placings_before_saving(client, app, service, ids):
    cid = ids["sports"]
    assert "/recorder" in _staff_session(client, app, cid, "@recorder", "记录员").get_data(as_text=True)
    state = service.state(cid)
    by_name = {e.spec.name: e.id for e in state.events.values()}
    url = f"/sports/{cid}/results/{by_name['接力']}"
    page = client.get(url).get_data(as_text=True)
    teams = list(state.teams)
    typed = {f"t_{t}": v for t, v in zip(teams, ["1:02.35", "62.5", "abc", "58", "59.9", "1:00"], strict=True)}
    bad = client.post(url, data={"csrf_token": csrf(page), "status": "provisional", "reason": "", **typed})
    assert bad.status_code == 400 and "成绩格式不对" in bad.get_data(as_text=True)
    assert not service.state(cid).events[by_name["接力"]].results  # nothing saved
    typed[f"t_{teams[2]}"] = "1:01.10"
    good = client.post(url, data={"csrf_token": csrf(page), "status": "provisional", "reason": "", **typed})
    assert good.status_code == 200 and "已保存" in good.get_data(as_text=True)
    assert len(service.state(cid).events[by_name["接力"]].results) == 6
    ranked_url = f"/sports/{cid}/results/{by_name['拔河']}"  # final already: a correction needs a reason
    page = client.get(ranked_url).get_data(as_text=True)
    places = {f"t_{t}": v for t, v in zip(teams, ["1", "1", "3", "4", "5", "6"], strict=True)}
    clash = client.post(ranked_url, data={"csrf_token": csrf(page), "status": "final", "reason": "", **places})
    assert clash.status_code == 400


def test_judges_score_within_range_and_never_their_own_unit(client, app, service, ids):
    from quizapp.core.sports import model as sm

    cid = ids["sports"]
    service.execute(cid, sm.AddEvent(name="宿舍才艺秀", kind="scored", score_min="0", score_max="10"), "host")
    state = service.state(cid)
    judge = [j for j in state.judges.values() if j.unit == "5栋101"][0]
    _staff_session(client, app, cid, f"@judge:{judge.id}", judge.name)
    page = client.get("/judge").get_data(as_text=True)
    assert "宿舍才艺秀" in page and "飞跃队" not in page  # 飞跃队 is 5栋101: not asked
    event_id = [e.id for e in state.events.values() if e.spec.name == "宿舍才艺秀"][0]
    team = [t for t in state.teams.values() if t.unit != "5栋101"][0]
    out_of_range = client.post("/judge", data={"csrf_token": csrf(page), "event_id": event_id,
                                               "team_id": team.id, "score": "11"})
    assert out_of_range.status_code == 400 and "0 到 10" in out_of_range.get_data(as_text=True)
    ok = client.post("/judge", data={"csrf_token": csrf(page), "event_id": event_id, "team_id": team.id,
                                     "score": "8.75"})
    assert ok.status_code == 302
    own = [t for t in state.teams.values() if t.unit == "5栋101"][0]
    refused = client.post("/judge", data={"csrf_token": csrf(page), "event_id": event_id, "team_id": own.id,
                                          "score": "9"})
    assert refused.status_code == 400
