"""Sports day and 文明宿舍评比 results over HTTP (issue 13, item 4), and the zh-CN error pages.

The export (xlsx, csv) and the printable 公示 page live at the same URLs as the quiz's; they
used to answer an English 404 for these contests.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from quizapp.core.sports import model as sm
from quizapp.questionbank.loader import load_sports_presets
from quizapp.services.setup import create_sports_day
from tests.kit import login

DORMS = (("飞跃队", "5栋101", ""), ("追光队", "5栋203", ""), ("启航队", "21栋305", ""), ("星火队", "21栋412", ""))
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def sports(service) -> str:
    """A sports day: 拔河 final with 飞跃队 and 追光队 sharing first place, 跳长绳 provisional."""
    cid = create_sports_day(service, load_sports_presets()["sports-day"], DORMS)
    by_name = {sev.spec.name: sev.id for sev in service.state(cid).events.values()}
    teams = list(service.state(cid).teams)
    service.execute(cid, sm.RecordResults(event_id=by_name["拔河"], entries=tuple(zip(teams, ("1", "1", "3", "4"), strict=True))),
                    "recorder")
    service.execute(cid, sm.SetEventStatus(event_id=by_name["拔河"], status="final"), "host")
    service.execute(cid, sm.RecordResults(event_id=by_name["跳长绳"],
                                          entries=tuple(zip(teams, ("118", "96-2", "缺席", "104"), strict=True))), "recorder")
    return cid


@pytest.fixture
def civility(service) -> str:
    """文明宿舍评比 with three judges: a trimmed panel, one dorm vetoed (违规电器), all sheets in."""
    cid = create_sports_day(service, load_sports_presets()["civility"], DORMS[:3])
    state = service.state(cid)
    event_id = next(iter(state.events))
    for name in ("李老师", "王老师", "陈老师"):
        service.execute(cid, sm.AddJudge(name=name), "host")
    judges, teams = list(service.state(cid).judges), list(state.teams)
    deductions = {"李老师": "2", "王老师": "5", "陈老师": "3"}
    for judge_id, name in zip(judges, deductions, strict=True):
        for team_id in teams:
            vetoes = ("s1",) if team_id == teams[2] and name == "王老师" else ()
            service.execute(cid, sm.SubmitSheet(event_id=event_id, judge_id=judge_id, team_id=team_id,
                                                deductions=(("h1", deductions[name]),), vetoes=vetoes),
                            f"judge:{judge_id}")
    service.execute(cid, sm.SetEventStatus(event_id=event_id, status="final"), "host")
    return cid


def sheets(data: bytes) -> dict[str, list[list]]:
    book = load_workbook(io.BytesIO(data))
    return {ws.title: [list(row) for row in ws.iter_rows(values_only=True)] for ws in book.worksheets}


def test_sports_day_exports_open_in_excel_and_as_csv_with_the_standings(client, app, sports) -> None:
    assert login(client, app).status_code == 302
    reply = client.get(f"/host/{sports}/export.xlsx")
    assert reply.status_code == 200 and "filename*=UTF-8''" in reply.headers["Content-Disposition"]
    book = sheets(reply.data)
    assert list(book) == ["排名", "各项目成绩", "评委打分", "否决项", "日志"]
    ranking = book["排名"]
    assert ranking[0][:7] == ["名次", "队名", "总分", "金牌", "银牌", "铜牌", "并列"]
    assert [r[:3] for r in ranking[1:3]] == [[1, "飞跃队（5栋101）", "13"], [2, "追光队（5栋203）", "10"]]
    results = book["各项目成绩"]
    assert ["拔河", "名次", "成绩已确认", 1, "追光队（5栋203）", "第1名", "6", "是", None] in results
    assert ["跳长绳", "计数", "成绩待确认", None, "启航队（21栋305）", "缺席", "-2", None, "缺席"] in results
    log = book["日志"]
    assert {r[3] for r in log[1:]} == {"主持人", "成绩录入台"}
    assert "录入成绩" in {r[4] for r in log[1:]}

    text = client.get(f"/host/{sports}/export/排名.csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["名次", "队名", "总分"] and rows[1][:3] == ["1", "飞跃队（5栋101）", "13"]
    assert client.get(f"/host/{sports}/export/题目记录.csv").status_code == 404  # a quiz sheet


def test_civility_export_marks_dropped_scores_and_lists_the_veto(client, app, civility) -> None:
    assert login(client, app).status_code == 302
    book = sheets(client.get(f"/host/{civility}/export.xlsx").data)
    assert book["排名"][0] == ["名次", "队名", "得分", "并列", "备注"]
    assert book["排名"][1:] == [[1, "飞跃队（5栋101）", "97.00", "是", None],
                                [1, "追光队（5栋203）", "97.00", "是", None],
                                [None, "启航队（21栋305）", "否决", None, "否决"]]
    judged = [r for r in book["评委打分"][1:] if r[1] == "飞跃队（5栋101）"]
    assert sorted((r[2], r[3], r[4]) for r in judged) == [
        ("李老师", "98.00", "去掉最高分"), ("王老师", "95.00", "去掉最低分"), ("陈老师", "97.00", None)]
    assert book["否决项"][1:] == [["文明宿舍评比", "启航队（21栋305）", "王老师", "使用违规电器（热得快、电热毯、电饭锅等）"]]
    actors = {r[3] for r in book["日志"][1:]}
    assert {"主持人", "评委 李老师", "评委 王老师"} <= actors
    assert client.get(f"/host/{civility}/export/否决项.csv").data.decode("utf-8-sig").count("王老师") == 1


def test_the_printable_notice_names_every_team_and_the_joint_champions(client, app, sports, civility) -> None:
    assert login(client, app).status_code == 302
    page = client.get(f"/host/{sports}/results").get_data(as_text=True)
    assert "成绩公示" in page and all(name in page for name, _, _ in DORMS)
    assert "尚有" in page and "成绩未确认" in page  # 跳长绳 is still provisional
    notice = client.get(f"/host/{civility}/results").get_data(as_text=True)
    assert "并列冠军" in notice and "否决" in notice and "使用违规电器" in notice
    assert '<s class="dropped">98.00</s>' in notice and "去掉最高分" in notice
    assert "尚有" not in notice


def test_results_need_the_host_and_unknown_contests_get_a_chinese_404(client, app, sports) -> None:
    assert client.get(f"/host/{sports}/results").status_code == 302  # to the login page
    assert login(client, app).status_code == 302
    missing = client.get("/host/nope/results")
    assert missing.status_code == 404 and "页面不存在" in missing.get_data(as_text=True)
    assert "Not Found" not in missing.get_data(as_text=True)


def test_404_403_and_500_pages_are_in_chinese_and_hide_the_traceback(app) -> None:
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom-for-test")
    def boom():
        raise RuntimeError("secret-detail-in-traceback")

    client = app.test_client()
    page = client.get("/no-such-page")
    assert page.status_code == 404 and '<html lang="zh-CN">' in page.get_data(as_text=True)
    assert "页面不存在" in page.get_data(as_text=True)
    forbidden = client.get("/judge")  # the judges' page without a judge's credential
    assert forbidden.status_code == 403 and "没有权限" in forbidden.get_data(as_text=True)
    broken = client.get("/boom-for-test")
    text = broken.get_data(as_text=True)
    assert broken.status_code == 500 and "服务器出错了" in text
    assert "secret-detail" not in text and "Traceback" not in text and "RuntimeError" not in text
    api = client.get("/api/contests/nope/view")
    assert api.status_code == 404 and CJK.search(api.get_json()["error"]["message"])


def test_the_quiz_notice_says_joint_champions_for_a_shared_first_place() -> None:
    from quizapp.reports import results_page
    from tests.kit import contest

    lg = contest({"kind": "compulsory"}, teams=2)  # nobody has scored: both teams first
    page = results_page(lg.log)
    assert '<div class="label">并列冠军</div>' in page and "第一名" not in page
