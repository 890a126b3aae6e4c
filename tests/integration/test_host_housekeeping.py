"""Host housekeeping over HTTP: finished contests marked, archive/unarchive, the favicon, the demo 评比."""

from __future__ import annotations

import re

import pytest

from quizapp.core.quiz import commands as c
from quizapp.core.sports.model import SportsState
from quizapp.demo import load_demo
from tests.kit import csrf, login


@pytest.fixture
def host(client, app):
    login(client, app)
    return client


def _row(page: str, cid: str) -> str:
    """The contest list's table row of one contest ('' when it is not listed)."""
    found = re.search(rf'<tr data-contest="{cid}".*?</tr>', page, re.S)
    return found.group(0) if found else ""


def test_finished_contest_is_marked_archived_hidden_and_brought_back(host, service):
    quiz, dorm, _sports, _civility = load_demo(service)
    service.execute(quiz, c.StartRound(), "host")
    service.execute(quiz, c.FinishContest(), "host")
    page = host.get("/host").get_data(as_text=True)
    assert "✓ 已结束" in _row(page, quiz) and "✓ 已结束" not in _row(page, dorm)
    assert "hi-archived-toggle" not in page  # nothing archived yet: no toggle

    assert host.post(f"/host/{quiz}/archive", data={}).status_code == 400  # no CSRF token
    reply = host.post(f"/host/{quiz}/archive", data={"csrf_token": csrf(page)})
    assert reply.status_code == 302 and reply.headers["Location"].endswith("/host")
    page = host.get("/host").get_data(as_text=True)
    assert _row(page, quiz) == "" and _row(page, dorm)
    assert "显示已归档（1）" in page
    assert service.state(quiz).status == "finished"  # filing it away changes nothing in the contest

    shown = host.get("/host?archived=1").get_data(as_text=True)
    assert "已归档" in _row(shown, quiz) and "取消归档" in _row(shown, quiz)
    back = host.post(f"/host/{quiz}/unarchive", data={"csrf_token": csrf(shown), "back": "archived"})
    assert back.status_code == 302 and back.headers["Location"].endswith("/host?archived=1")
    page = host.get("/host").get_data(as_text=True)
    assert "✓ 已结束" in _row(page, quiz) and "hi-archived-toggle" not in page


def test_archive_survives_a_restart_and_needs_the_host(app, host, service, tmp_path):
    quiz = load_demo(service)[0]
    host.post(f"/host/{quiz}/archive", data={"csrf_token": csrf(host.get("/host").get_data(as_text=True))})
    from quizapp.app import create_app

    again = create_app({"INSTANCE_PATH": app.instance_path, "TESTING": True, "START_BACKGROUND": False,
                        "ASYNC_MODE": "threading"})
    assert {row.id: row.archived for row in again.extensions["quizapp.contests"].contests()}[quiz] is True
    stranger = app.test_client()
    token = csrf(stranger.get("/host/login").get_data(as_text=True))
    refused = stranger.post(f"/host/{quiz}/unarchive", data={"csrf_token": token})
    assert refused.status_code == 302 and "/host/login" in refused.headers["Location"]
    assert {row.id: row.archived for row in again.extensions["quizapp.contests"].contests()}[quiz] is True
    page = host.get("/host").get_data(as_text=True)
    assert host.post("/host/nope/archive", data={"csrf_token": csrf(page)}).status_code == 404


def test_favicon_is_served_and_linked(client):
    for path in ("/favicon.ico", "/favicon.svg", "/static/favicon.svg"):
        with client.get(path) as reply:
            assert reply.status_code == 200 and reply.mimetype == "image/svg+xml"
            assert reply.get_data(as_text=True).lstrip().startswith("<svg")
    login = client.get("/host/login").get_data(as_text=True)
    assert re.search(r'<link rel="icon" href="/static/favicon.svg"', login)


def test_demo_has_a_civility_contest_with_a_judge_panel(service):
    ids = load_demo(service)
    rows = {row.preset: row for row in service.contests()}
    assert set(rows) == {"party-constitution", "dorm-life", "sports-day", "civility"}
    state = service.state(rows["civility"].id)
    assert isinstance(state, SportsState) and state.title == "文明宿舍评比"
    assert len(state.teams) == 6 and any(j.head for j in state.judges.values())
    (event,) = state.events.values()
    assert event.spec.panel and event.marks  # sheets already in: the projector shows 评分中
    assert load_demo(service) == [] and len(ids) == 4  # loading again adds nothing


def test_the_start_banner_leaves_archived_contests_out(app, service):
    from quizapp.serve import banner

    quiz, dorm, *_ = load_demo(service)
    service.set_archived(quiz, True)
    text = banner(app, "127.0.0.1", 5000)
    assert f"/screen/{dorm}" in text and f"/screen/{quiz}" not in text


def test_assets_and_pages_that_change_nothing_leave_the_session_cookie_alone(host):
    """A late response from a page the host just left must not overwrite a newer session cookie
    (it voided the CSRF token of the form opened next: "页面已过期" on creating a contest)."""
    assert host.get("/host").status_code == 200  # the first form page puts the CSRF secret in the session
    for path in ("/static/css/app.css", "/favicon.ico", "/host"):
        response = host.get(path)
        response.close()
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers, path
