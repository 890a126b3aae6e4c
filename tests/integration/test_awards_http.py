"""奖状 PDF, 成绩海报 PNG and the award settings form, through Flask's test client."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from pypdf import PdfReader

from quizapp.core.awards import SetAwards
from quizapp.core.quiz import commands as c
from quizapp.core.sports import model as sm
from quizapp.questionbank.loader import load_sports_presets
from quizapp.reports.fonts import cjk_fonts
from quizapp.services.setup import create_sports_day
from tests.kit import csrf, login

pytestmark = pytest.mark.skipif(not cjk_fonts(), reason="needs a CJK font (fonts-noto-cjk, installed by scripts/test)")


def pdf_pages(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    for page in reader.pages:  # A4 landscape, in points
        assert round(float(page.mediabox.width)) == 842 and round(float(page.mediabox.height)) == 595
    return [page.extract_text() for page in reader.pages]


def play(service, cid: str) -> None:
    """Scores 130, 120, 110 for desks 1–3 and 100 for the rest (adjustments, so no question luck)."""
    for team, delta in (("t1", 30), ("t2", 20), ("t3", 10)):
        service.execute(cid, c.AdjustScore(team_id=team, delta=delta, reason="测试"), "host")


def test_everything_needs_the_host_login(client, service, ids):
    for path in ("certificates.pdf", "poster.png", "awards"):
        response = client.get(f"/host/{ids['quiz']}/{path}")
        assert response.status_code == 302 and "/host/login" in response.headers["Location"]
    assert client.post(f"/host/{ids['quiz']}/awards", data={"tiers": "一等奖 9"}).status_code in (302, 400)
    assert not any(type(e.event).__name__ == "AwardsSet" for e in service.log(ids["quiz"]))


def test_certificates_have_one_page_per_award_with_names_titles_and_the_contest(client, app, service, ids):
    login(client, app)
    cid = ids["quiz"]
    play(service, cid)
    state = service.state(cid)
    service.execute(cid, SetAwards(tiers=(("一等奖", 1), ("二等奖", 1), ("优秀奖", 0)), organiser="数学系党总支",
                                   place="第二教学楼 201", date="2026年11月28日"), "host")
    response = client.get(f"/host/{cid}/certificates.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pages = pdf_pages(response.data)
    assert len(pages) == len(state.teams)  # 一等奖 1, 二等奖 1, 优秀奖 for the rest; nobody twice
    text = [p.replace("\n", "") for p in pages]
    for team in state.teams.values():
        assert sum(team.name in t for t in text) >= 1
    assert all(state.title in t and "数学系党总支" in t and "2026年11月28日" in t and "第二教学楼 201" in t
               for t in text)
    first = max(state.teams.values(), key=lambda t: t.score)
    assert first.name in text[0] and "一等奖" in text[0]
    assert sum("优秀奖" in t for t in text) == len(state.teams) - 2


def test_member_pages_follow_their_team(client, app, service, ids):
    login(client, app)
    cid = ids["quiz"]
    play(service, cid)
    service.execute(cid, SetAwards(tiers=(("一等奖", 1),), per_member=True), "host")
    state = service.state(cid)
    (winner,) = [t for t in state.teams.values() if t.score == max(x.score for x in state.teams.values())]
    pages = pdf_pages(client.get(f"/host/{cid}/certificates.pdf").data)
    assert len(pages) == 1 + len(winner.members)
    for member, page in zip(winner.members, pages[1:], strict=True):
        assert member in page and winner.name in page and "一等奖" in page


def test_the_results_page_edits_the_settings_with_csrf_and_logs_an_event(client, app, service, ids):
    login(client, app)
    cid = ids["quiz"]
    page = client.get(f"/host/{cid}/results").get_data(as_text=True)
    assert "奖状设置" in page and f"/host/{cid}/certificates.pdf" in page and f"/host/{cid}/poster.png" in page
    form = {"tiers": "冠军 1\n优秀奖 余下", "wording": "在{contest}中表现突出，荣获", "closing": "特发此证。",
            "organiser": "数学系学生会", "date": "", "place": "报告厅", "min_score": "", "layout": "plain",
            "best_audience": "y", "back": f"/host/{cid}/results"}
    assert client.post(f"/host/{cid}/awards", data=form).status_code == 400  # no CSRF token: nothing saved
    assert not any(type(e.event).__name__ == "AwardsSet" for e in service.log(cid))
    bad = client.post(f"/host/{cid}/awards", data={**form, "csrf_token": csrf(page), "tiers": "冠军 0"})
    assert bad.status_code == 400 and "获奖队数" in bad.get_data(as_text=True)
    saved = client.post(f"/host/{cid}/awards", data={**form, "csrf_token": csrf(page)})
    assert saved.status_code == 302 and saved.headers["Location"].startswith(f"/host/{cid}/results")
    (event,) = [e.event for e in service.log(cid) if type(e.event).__name__ == "AwardsSet"]
    assert event.tiers == (("冠军", 1), ("优秀奖", 0)) and event.organiser == "数学系学生会"
    assert event.layout == "plain" and not event.per_member
    shown = client.get(f"/host/{cid}/results?saved=1").get_data(as_text=True)
    assert "已保存" in shown and "数学系学生会" in shown and "冠军 1" in shown
    text = "".join(pdf_pages(client.get(f"/host/{cid}/certificates.pdf").data))
    assert "冠军" in text and "数学系学生会" in text and "表现突出" in text and "一等奖" not in text


def test_the_poster_is_a_1080_by_1920_png_for_every_kind_of_contest(client, app, service, ids):
    login(client, app)
    play(service, ids["quiz"])
    civility = create_sports_day(service, load_sports_presets()["civility"],
                                 [("一号宿舍", "5栋101", ""), ("二号宿舍", "5栋102", "")])
    for cid in (ids["quiz"], ids["sports"], civility):
        response = client.get(f"/host/{cid}/poster.png")
        assert response.status_code == 200 and response.mimetype == "image/png"
        image = Image.open(io.BytesIO(response.data))
        assert image.format == "PNG" and image.size == (1080, 1920)
        assert len(image.getcolors(1 << 20) or []) > 50  # drawn text, not a blank canvas


def test_sports_day_certificates_name_places(client, app, service, ids):
    login(client, app)
    cid = ids["sports"]
    pages = pdf_pages(client.get(f"/host/{cid}/certificates.pdf").data)
    assert pages and "第一名" in pages[0] and "宿舍趣味运动会" in pages[0].replace("\n", "")
    assert client.get(f"/host/{cid}/awards").status_code == 200


def test_civility_titles_go_to_dorms_at_or_above_the_minimum_and_never_to_a_vetoed_one(client, app, service):
    login(client, app)
    cid = create_sports_day(service, load_sports_presets()["civility"],
                            [("一号宿舍", "5栋101", ""), ("二号宿舍", "5栋102", ""), ("三号宿舍", "5栋103", "")])
    for name in ("甲", "乙", "丙"):
        service.execute(cid, sm.AddJudge(name=name), "host")
    for judge in ("j1", "j2", "j3"):
        service.execute(cid, sm.SubmitSheet(event_id="e1", judge_id=judge, team_id="t1", deductions=(("h1", "2"),)),
                        "host")
        service.execute(cid, sm.SubmitSheet(event_id="e1", judge_id=judge, team_id="t2", deductions=(("h1", "10"),
                                                                                                   ("h2", "10"))),
                        "host")
        service.execute(cid, sm.SubmitSheet(event_id="e1", judge_id=judge, team_id="t3", vetoes=("s1",)), "host")
    service.execute(cid, SetAwards(tiers=(("文明宿舍", 0),), min_score="90"), "host")
    pages = [p.replace("\n", "") for p in pdf_pages(client.get(f"/host/{cid}/certificates.pdf").data)]
    assert len(pages) == 1 and "一号宿舍" in pages[0] and "文明宿舍" in pages[0]
