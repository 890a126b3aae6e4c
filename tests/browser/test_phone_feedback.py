"""Game-show feedback on team phones (390×844): full-screen results, rank and gap, the waiting
screen, re-scanning the desk QR and touch targets.

Uses the real server, the host's socket and real QR links like test_team_screen.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import requests
from playwright.sync_api import Page, expect

from tests.kit import csrf

from . import test_team_screen as team_screen
from .conftest import HOST_PASSWORD
from .conftest import SHOTS as ARTIFACTS
from .test_team_screen import Devices, teams_of

# the real server, browser contexts and host sockets of the team-screen tests
live, devices, hosts = team_screen.live, team_screen.devices, team_screen.hosts

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2, "locale": "zh-CN"}
SHOTS = Path(os.environ.get("QUIZAPP_PHONE_SHOTS") or ARTIFACTS / "phone")
GREEN, RED, GREY = "rgb(30, 125, 52)", "rgb(183, 28, 28)", "rgb(71, 84, 103)"
# navigator.vibrate recorded, so a test can tell the phone was asked to vibrate
RECORD_VIBRATION = """navigator.vibrate = (pattern) => { (window.__vibrations ||= []).push(pattern); return true; };"""


def create_contest(devices: Devices, preset: str, title: str, teams: str) -> str:
    """The host creates a contest with the form on /host (over HTTP: no console page to load)."""
    base = devices.live.base
    host = requests.Session()
    login = host.get(f"{base}/host/login", timeout=30).text
    host.post(f"{base}/host/login", data={"csrf_token": csrf(login), "password": HOST_PASSWORD}, timeout=30)
    form = host.get(f"{base}/host", timeout=30).text
    reply = host.post(f"{base}/host", data={"csrf_token": csrf(form), "preset": preset, "title": title,
                                            "teams": teams}, timeout=60, allow_redirects=False)
    assert reply.status_code == 302, reply.text[:500]
    devices.host_http = host  # type: ignore[attr-defined]
    return str(reply.headers["Location"]).rstrip("/").rsplit("/", 1)[1]


def join_links(devices: Devices, contest_id: str) -> dict[str, str]:
    """Team name -> its QR join link, read from the host's printable QR sheet."""
    base = devices.live.base
    sheet = devices.host_http.get(f"{base}/host/{contest_id}/qr", timeout=30).text  # type: ignore[attr-defined]
    out = {}
    for path in dict.fromkeys(re.findall(r"/join/[A-Za-z0-9_-]{6,}", sheet)):
        html = requests.get(f"{base}{path}", timeout=30).text
        for team in teams_of(devices.live, contest_id):
            if f"{team['desk']}号台 · {team['name']}" in html:
                out[team["name"]] = f"{base}{path}"
    return out


def snap(page: Page, name: str) -> None:
    """A screenshot once finite animations have run (what a person sees a moment later)."""
    page.evaluate("""() => Promise.all(document.getAnimations()
        .filter((a) => a.effect && a.effect.getComputedTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => null)))""")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def phone(devices: Devices, link: str, member: str) -> Page:
    """A joined phone that records the vibration patterns it is asked for."""
    return devices.phone(link, member, init_script=RECORD_VIBRATION, **PHONE)


def background(page: Page) -> str:
    return str(page.locator("#t-main").evaluate("el => getComputedStyle(el).backgroundColor"))


def assert_fills_screen(page: Page) -> None:
    """The coloured result area spans the width and most of the height below the header."""
    box = page.locator("#t-main").bounding_box()
    assert box is not None and box["width"] >= 389 and box["height"] >= 0.75 * 844, box


def small_targets(page: Page) -> list[str]:
    """Visible controls smaller than 44×44 CSS px."""
    return list(page.evaluate("""() => [...document.querySelectorAll(
        'button, input:not([type=hidden]), select, textarea, a.button')]
      .filter((el) => el.offsetParent !== null)
      .map((el) => [el, el.getBoundingClientRect()])
      .filter(([, r]) => r.height < 44 || r.width < 44)
      .map(([el, r]) => `${el.tagName}#${el.id}.${el.className} ${Math.round(r.width)}×${Math.round(r.height)}`)"""))


def test_judged_phones_fill_the_screen_with_the_result_rank_and_gap(live, devices: Devices, hosts) -> None:
    cid = create_contest(devices, "party-constitution", "党章知识竞赛（手机反馈）",
                         "数学系,张伟,李娜\n物理系,杨帆\n化学系,徐鹏")
    links = join_links(devices, cid)
    p1 = phone(devices, links["数学系"], "张伟")
    mate = phone(devices, links["数学系"], "李娜")
    p2 = phone(devices, links["物理系"], "杨帆")
    p3 = phone(devices, links["化学系"], "徐鹏")

    # waiting: who of the team is here, look at the projector, what happens now
    expect(p1.locator("#t-headline")).to_have_text("等待比赛开始")
    expect(p1.locator("#t-lobby")).to_be_visible()
    expect(p1.locator("#t-mates li")).to_have_text(["张伟", "李娜"], timeout=15_000)
    expect(p1.locator("#t-lobby")).to_contain_text("看大屏")
    expect(p1.locator("#t-phase")).to_have_text("当前：比赛尚未开始")
    expect(mate.locator("#t-mates li")).to_have_count(2, timeout=15_000)
    snap(p1, "after-waiting")
    assert small_targets(p1) == []

    host = hosts(cid)
    host("StartRound")
    expect(p1.locator("#t-phase")).to_contain_text("等待出题")
    # ---- 必答: 1号台 right (+10, alone at the top)
    host("ShowQuestion")
    expect(p1.locator("#t-lobby")).to_be_hidden()
    host("Judge", correct=True)
    expect(p1.locator("#t-headline")).to_have_text("回答正确")
    expect(p1.locator("#t-mark")).to_have_text("✓")
    expect(p1.locator("#t-gain")).to_have_text("+10 分")
    expect(p1.locator("#t-standing")).to_have_text("第 1 名")
    expect(p1.locator("#phone")).to_have_attribute("data-feedback", "good")
    assert background(p1) == GREEN
    assert_fills_screen(p1)
    expect(mate.locator("#t-mark")).to_have_text("✓")  # the whole team sees it
    expect(p2.locator("#phone")).to_have_attribute("data-feedback", "")  # not this team's answer
    assert p1.evaluate("window.__vibrations || []") != []
    snap(p1, "after-correct")

    # ---- 2号台 wrong (必答 takes nothing): red ✗, tied 2nd, 10 behind 1st
    host("ShowQuestion")
    expect(p1.locator("#phone")).to_have_attribute("data-feedback", "")
    host("Judge", correct=False)
    expect(p2.locator("#t-headline")).to_have_text("回答错误")
    expect(p2.locator("#t-mark")).to_have_text("✗")
    expect(p2.locator("#t-gain")).to_have_text("不计分")
    expect(p2.locator("#t-standing")).to_have_text("并列第 2 名 · 距第 1 名 10 分")
    assert background(p2) == RED
    snap(p2, "after-wrong-tied")
    host("EndRound")

    # ---- 抢答: 3号台 presses while the question is read (犯规 −10), 2号台 wins and is wrong (−10)
    host("StartRound")
    expect(p1.locator("#t-phase")).to_have_text("当前：第二轮 抢答题 · 等待出题")
    expect(p1.locator("#buzz")).to_be_visible()
    snap(p1, "after-waiting-buzz-round")
    host("ShowQuestion")
    expect(p3.locator("#t-state")).to_have_text("读题中（请勿抢答）")
    p3.tap("#buzz")
    expect(p3.locator("#t-headline")).to_have_text("犯规：未开始抢答")
    expect(p3.locator("#t-gain")).to_have_text("−10 分")
    expect(p3.locator("#t-mark")).to_have_text("✗")
    expect(p3.locator("#t-standing")).to_have_text("第 3 名 · 距第 2 名 10 分")
    snap(p3, "after-foul")
    host("OpenBuzzers")
    expect(p2.locator("#t-state")).to_have_text("抢答开始！")
    p2.tap("#buzz")
    expect(p2.locator("#t-headline")).to_have_text("你们抢到了！")
    host("StartTimer")
    host("Judge", correct=False)
    expect(p2.locator("#t-headline")).to_have_text("回答错误")
    expect(p2.locator("#t-gain")).to_have_text("−10 分")
    expect(p2.locator("#t-standing")).to_have_text("并列第 2 名 · 距第 1 名 20 分")
    assert background(p2) == RED
    vibrations = p2.evaluate("window.__vibrations || []")
    assert [90, 60, 90] in vibrations and [250] in vibrations, vibrations  # won, then the verdict


def test_a_team_that_submitted_nothing_is_told_so(live, devices: Devices, hosts) -> None:
    cid = create_contest(devices, "dorm-life", "宿舍知识赛（未提交）", "5栋101,小林\n5栋203,小周")
    links = join_links(devices, cid)
    answered = phone(devices, links["5栋101"], "小林")
    silent = phone(devices, links["5栋203"], "小周")
    host = hosts(cid)
    host("StartRound")
    host("EndRound")
    host("StartRound")  # 共答
    host("ShowQuestion")
    question = host.view()["episode"]["question"]
    expect(answered.locator("#t-headline")).to_have_text("请在手机上作答")
    assert small_targets(answered) == []
    if question["type"] in ("fill", "short"):
        answered.fill(".answer-text", "随便写")
    else:
        answered.locator(".choice").first.tap()
    answered.locator("#submit-answer").tap()
    expect(answered.locator("#t-headline")).to_have_text(re.compile(r"^已提交："))
    host("CloseAnswers")
    expect(silent.locator("#t-headline")).to_have_text("未提交")
    expect(silent.locator("#phone")).to_have_attribute("data-feedback", "none")
    expect(silent.locator("#t-main")).not_to_contain_text("回答错误")
    assert background(silent) == GREY
    expect(answered.locator("#t-headline")).to_have_text(re.compile("^回答(正确|错误)$"))
    expect(answered.locator("#t-mark")).to_have_text(re.compile("^[✓✗]$"))
    snap(silent, "after-allanswer-no-submit")


def test_rescanning_the_qr_on_the_same_phone_keeps_one_device(live, devices: Devices, hosts) -> None:
    cid = create_contest(devices, "dorm-life", "宿舍知识赛（重扫）", "5栋101\n5栋203")
    links = join_links(devices, cid)
    page = phone(devices, links["5栋101"], "小林")
    token = page.evaluate("localStorage.getItem('quizapp.teamToken')")
    for _ in range(5):
        page.goto(links["5栋101"])
        page.wait_for_url("**/team")
        expect(page.locator("[data-conn]")).to_have_text("已连接")
        expect(page.locator("#t-member")).to_have_text("队员：小林")
    assert page.evaluate("localStorage.getItem('quizapp.teamToken')") == token
    host = hosts(cid)
    team_ids = {t["name"]: t["id"] for t in host.view()["teams"]}
    mine: list[dict[str, Any]] = [d for d in host.view()["devices"] if d["team_id"] == team_ids["5栋101"]]
    assert len(mine) == 1, mine

    # another team's QR on this phone asks the name: a token only reopens its own team
    page.goto(links["5栋203"])
    expect(page.locator("#member")).to_be_visible()
    assert small_targets(page) == []

    # removed by the host: the re-scan asks the name again instead of reusing the device
    assert host.sio.call("remove_device", {"device_id": mine[0]["id"]}, timeout=10)["ok"]
    page.evaluate("t => localStorage.setItem('quizapp.teamToken', t)", token)
    page.goto(links["5栋101"])
    expect(page.locator("#member")).to_be_visible()


def _contest_code(live, contest_id: str) -> str:
    """The contest's 比赛码, read on the server's own database (the projector shows it)."""
    from quizapp.app import create_app

    app = create_app({"INSTANCE_PATH": str(live.instance), "START_BACKGROUND": False})
    try:
        return str(app.extensions["quizapp.devices"].contest_code(contest_id))
    finally:
        app.extensions["quizapp.engine"].dispose()


def test_join_forms_have_big_touch_targets(live, devices: Devices) -> None:
    cid = create_contest(devices, "dorm-life", "宿舍知识赛（PIN）", "5栋101\n5栋203")
    page = devices.page(**PHONE)
    page.goto(f"{live.base}/join")
    expect(page.locator("#code")).to_be_visible()
    assert small_targets(page) == []
    page.fill("#code", _contest_code(live, cid))
    page.click("button[type=submit]")
    expect(page.locator("#pin")).to_be_visible()
    assert small_targets(page) == []
    snap(page, "after-join-pin")
