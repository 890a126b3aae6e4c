"""Team phones, the projector and the audience page in Chromium against a real server.

One browser context per device: the projector (1920×1080) and each team phone
(360×640, touch). Phones join through the real QR links from the host's sheet.
The host is driven over its own socket with python-socketio, with a host token
minted on the server's database like the console page's, so these tests do not
depend on the host console page.
"""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from playwright.sync_api import Browser, Page, expect

from quizapp.devserver import live_server

from . import conftest
from .conftest import HOST_PASSWORD, Host, contests, login_host, new_contest

PHONE = {"viewport": {"width": 360, "height": 640}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2, "locale": "zh-CN"}
SCREEN = {"viewport": {"width": 1920, "height": 1080}, "locale": "zh-CN"}
XSS = "<img src=x onerror=alert(1)>"


@dataclass
class Live:
    base: str
    instance: Path
    secret: str


@pytest.fixture(scope="module")
def live(tmp_path_factory) -> Iterator[Live]:
    """Our own server: its instance folder holds the secret the host token is signed with."""
    inst = tmp_path_factory.mktemp("team-screen-instance")
    with live_server(inst, env={"QUIZAPP_HOST_PASSWORD": HOST_PASSWORD}) as base:
        yield Live(base, inst, (inst / "secret_key").read_text(encoding="utf-8").strip())


class Devices(conftest.Devices):
    """Devices against this module's server; alert() dialogs count as errors too."""

    def __init__(self, browser: Browser, live: Live) -> None:
        super().__init__(browser)
        self.live = live

    def page(self, **options: Any) -> Page:
        page = super().page(**options)
        page.on("dialog", lambda d: (self.errors.append(f"dialog on {page.url}: {d.message}"), d.dismiss()))
        return page

    def screen(self, contest_id: str) -> Page:
        page = self.page(**SCREEN)
        page.goto(f"{self.live.base}/screen/{contest_id}")
        expect(page.locator("[data-conn]")).to_have_text("已连接")
        return page

    def watcher(self, contest_id: str) -> Page:
        page = self.page(**PHONE)
        page.goto(f"{self.live.base}/watch/{contest_id}")
        expect(page.locator("[data-conn]")).to_have_text("已连接")
        return page

    def phone(self, link: str, member: str, init_script: str | None = None, **options: Any) -> Page:
        """A phone scans its desk's QR code and types the member's name once."""
        page = self.page(**(options or PHONE))
        if init_script:
            page.add_init_script(init_script)
        page.goto(link)
        page.fill("#member", member)
        page.click("button[type=submit]")
        page.wait_for_url("**/team")
        expect(page.locator("[data-conn]")).to_have_text("已连接")
        return page


@pytest.fixture
def devices(browser: Browser, live: Live) -> Iterator[Devices]:
    d = Devices(browser, live)
    yield d
    d.close()
    assert d.errors == [], d.errors


@pytest.fixture
def hosts(live: Live) -> Iterator[Any]:
    opened: list[Host] = []

    def connect(contest_id: str) -> Host:
        opened.append(Host(live.base, live.instance, contest_id))
        return opened[-1]

    yield connect
    for host in opened:
        host.close()


def teams_of(live: Live, contest_id: str) -> list[dict[str, Any]]:
    with urllib.request.urlopen(f"{live.base}/api/contests/{contest_id}/view?audience=screen") as r:
        return json.load(r)["teams"]


def host_page(devices: Devices) -> Page:
    """A logged-in host browser (logged in through the demo contest's console)."""
    page = devices.page()
    login_host(page, devices.live.base, contests(devices.live.base)["party-constitution"])
    return page


def join_links(devices: Devices, contest_id: str) -> dict[str, str]:
    """Team name -> its QR join link, read from the host's printable QR sheet."""
    page = host_page(devices)
    page.goto(f"{devices.live.base}/host/{contest_id}/qr")
    paths = list(dict.fromkeys(re.findall(r"/join/[A-Za-z0-9_-]{6,}", page.content())))
    out = {}
    for path in paths:  # which team a link belongs to: the join page says so
        html = requests.get(f"{devices.live.base}{path}", timeout=10).text
        for team in teams_of(devices.live, contest_id):
            if f"{team['desk']}号台 · {_html(team['name'])}" in html:
                out[team["name"]] = f"{devices.live.base}{path}"
    return out


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def board_score(screen: Page, team_id: str):
    return screen.locator(f"#side-board li[data-team='{team_id}'] .board-num")


def snap(shot, page: Page, name: str) -> None:
    """A screenshot once the page's finite animations have run (what a person sees a moment later)."""
    page.evaluate("""() => Promise.all(document.getAnimations()
        .filter((a) => a.effect && a.effect.getComputedTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => null)))""")
    shot(page, name)


def font_px(locator) -> float:
    return float(locator.evaluate("el => parseFloat(getComputedStyle(el).fontSize)"))


def test_a_contest_played_on_phones_and_the_projector(live: Live, devices: Devices, hosts, shot) -> None:
    cid = contests(live.base)["party-constitution"]
    links = join_links(devices, cid)
    assert set(links) >= {"数学系", "物理系", "化学系"}
    screen = devices.screen(cid)
    expect(screen.locator("#lobby-teams")).to_contain_text("计算机系")
    expect(screen.locator(".qr-box svg")).to_be_visible()

    p1 = devices.phone(links["数学系"], "张伟")
    p2 = devices.phone(links["物理系"], "杨帆")
    p3 = devices.phone(links["化学系"], "徐鹏")
    expect(p1.locator("#t-team")).to_have_text("1号台 · 数学系")
    expect(p1.locator("#t-member")).to_have_text("队员：张伟")
    expect(p1.locator("#t-headline")).to_have_text("等待比赛开始")
    expect(screen.locator("#lobby-teams")).to_contain_text("杨帆")
    snap(shot, screen, "screen-lobby")
    snap(shot, p1, "phone-waiting")

    host = hosts(cid)
    # ---- round 1 必答: desk 1 answers first
    host("StartRound")
    host("ShowQuestion")
    stem = host.view()["episode"]["question"]["stem"]
    expect(screen.locator("#q-stem")).to_have_text(stem)
    assert font_px(screen.locator("#q-stem")) >= 48
    expect(p1.locator("#t-headline")).to_have_text("轮到你们作答")
    expect(p2.locator("#t-headline")).to_have_text("1号台作答中")
    expect(screen.locator("#timer-num")).to_have_text(re.compile(r"^\d+$"))
    snap(shot, screen, "screen-question")
    host("Judge", correct=True)
    expect(board_score(screen, "t1")).to_have_text("110")
    expect(screen.locator("#band")).to_contain_text("回答正确")
    expect(p1.locator("#t-headline")).to_have_text("回答正确")
    expect(p1.locator("#t-points")).to_have_text("110")
    host("Reveal")
    expect(screen.locator("#q-reveal")).to_contain_text("答案")
    snap(shot, screen, "screen-judged")
    host("EndRound")
    expect(screen.locator("#big-board")).to_contain_text("数学系")

    # ---- round 2 抢答: a false start, then a valid buzz
    host("StartRound")
    host("ShowQuestion")
    expect(p2.locator("#t-state")).to_have_text("读题中（请勿抢答）")
    p2.tap("#buzz")
    expect(p2.locator("#t-headline")).to_have_text("犯规：未开始抢答")
    expect(board_score(screen, "t2")).to_have_text("90")
    expect(screen.locator("#band")).to_contain_text("抢答犯规")
    snap(shot, p2, "phone-foul")
    snap(shot, screen, "screen-foul")

    host("OpenBuzzers")
    expect(p3.locator("#t-state")).to_have_text("抢答开始！")
    expect(screen.locator("#band")).to_contain_text("请抢答")
    p3.tap("#buzz")
    p1.tap("#buzz")
    expect(p3.locator("#t-headline")).to_have_text("你们抢到了！")
    host("StartTimer")  # the winner starts to answer (else the 10 s start limit runs out)
    winner = screen.locator(".band.winner .winner-name")
    expect(winner).to_have_text("化学系")
    expect(screen.locator(".band.winner .winner-desk")).to_have_text("3号台")
    assert font_px(winner) >= 100
    expect(p1.locator("#t-headline")).to_have_text(re.compile(r"^3号台更快 \+\d\.\d{3} s$"))
    expect(screen.locator(".band.winner .presses")).to_contain_text("数学系")
    expect(p2.locator("#t-headline")).to_have_text("犯规：未开始抢答")
    snap(shot, screen, "screen-buzz")
    snap(shot, p3, "phone-buzz")
    snap(shot, p1, "phone-slower")

    # a phone reloaded mid-round rejoins its team
    p1.reload()
    expect(p1.locator("#t-team")).to_have_text("1号台 · 数学系")
    expect(p1.locator("#t-member")).to_have_text("队员：张伟")
    expect(p1.locator("[data-conn]")).to_have_text("已连接")
    expect(p1.locator("#t-headline")).to_have_text(re.compile(r"^3号台更快"))

    host("Judge", correct=True)
    expect(board_score(screen, "t3")).to_have_text("110")
    expect(p3.locator("#t-headline")).to_have_text("回答正确")
    host("EndRound")

    # ---- round 3 风险: lowest score picks first (物理系, 90 after its foul)
    host("StartRound")
    expect(p2.locator("#t-headline")).to_have_text("轮到你们选题")
    expect(p1.locator(".tier")).to_have_count(0)
    snap(shot, p2, "phone-risk")
    p2.locator(".tier", has_text="30").tap()
    expect(p2.locator("#t-headline")).to_have_text("已选 30 分")
    expect(screen.locator("#board-notice")).to_contain_text("选择了 30 分")
    snap(shot, screen, "screen-risk")
    host("ShowQuestion")
    expect(p2.locator("#t-headline")).to_have_text("轮到你们作答")
    expect(screen.locator("#q-meta")).to_contain_text("风险 30 分")
    host("Judge", correct=True)
    expect(board_score(screen, "t2")).to_have_text("120")

    # ---- the end: podium
    host("FinishContest")
    expect(screen.locator(".podium-slot.first .podium-name")).to_have_text("物理系")
    expect(screen.locator(".podium-slot.first .podium-score")).to_have_text("120 分")
    expect(p2.locator("#t-headline")).to_have_text("第 1 名")
    snap(shot, screen, "screen-podium")
    snap(shot, p2, "phone-final")


def test_a_sixth_phone_is_told_the_team_is_full(live: Live, devices: Devices, shot) -> None:
    cid = contests(live.base)["party-constitution"]
    link = join_links(devices, cid)["计算机系"]
    for n in range(5):
        session = requests.Session()
        form = session.get(link, timeout=10).text
        csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form).group(1)
        reply = session.post(link, data={"csrf_token": csrf, "member": f"队员{n}"}, timeout=10)
        assert reply.status_code == 200 and "quizapp.teamToken" in reply.text
    phone = devices.page(**PHONE)
    phone.goto(link)
    phone.fill("#member", "第六人")
    phone.click("button[type=submit]")
    expect(phone.get_by_role("alert")).to_contain_text("5 台设备")
    snap(shot, phone, "phone-team-full")
    phone.get_by_role("link", name="打开观众页观看比赛").click()
    expect(phone.locator("#w-board")).to_contain_text("计算机系")
    assert phone.evaluate("localStorage.getItem('quizapp.teamToken')") is None


def test_a_phone_without_a_valid_token_is_sent_to_join(live: Live, devices: Devices, shot) -> None:
    phone = devices.page(**PHONE)
    phone.goto(f"{live.base}/team")
    expect(phone.locator("#t-blocked")).to_contain_text("还没有加入队伍")
    phone.evaluate("localStorage.setItem('quizapp.teamToken', 'forged-token')")
    phone.reload()
    expect(phone.locator("#t-blocked")).to_contain_text("请重新扫码加入")
    expect(phone.get_by_role("link", name=re.compile("加入队伍"))).to_have_attribute("href", "/join")
    assert phone.evaluate("localStorage.getItem('quizapp.teamToken')") is None
    snap(shot, phone, "phone-refused")


def create_contest(devices: Devices, preset: str, title: str, teams: str) -> str:
    """The host creates a contest with the form on /host; returns its id."""
    return new_contest(host_page(devices), devices.live.base, title, teams, preset=preset)


def test_names_are_text_and_phones_answer_together(live: Live, devices: Devices, hosts, shot) -> None:
    cid = create_contest(devices, "dorm-life", "宿舍安全知识赛",
                         f"{XSS},小明,小刚\n5栋203,小红\n21栋305\n21栋412")
    links = join_links(devices, cid)
    screen = devices.screen(cid)
    phone = devices.phone(links[XSS], "小明")
    mate = devices.phone(links[XSS], "小刚")
    other = devices.phone(links["5栋203"], "小红")
    watch = devices.watcher(cid)
    expect(screen.locator("#lobby-teams")).to_contain_text(XSS)
    expect(phone.locator("#t-team")).to_have_text(f"1号台 · {XSS}")
    expect(watch.locator("#w-board")).to_contain_text(XSS)
    assert screen.locator("#stage img").count() == 0 and phone.locator("img").count() == 0
    snap(shot, screen, "screen-xss-lobby")
    snap(shot, phone, "phone-xss")

    # 共答 on phones: round 1 (必答) is skipped, round 2 collects one answer per team
    host = hosts(cid)
    host("StartRound")
    host("EndRound")
    host("StartRound")
    host("ShowQuestion")
    question = host.view()["episode"]["question"]
    expect(phone.locator("#t-headline")).to_have_text("请在手机上作答")
    if question["type"] in ("fill", "short"):
        phone.fill(".answer-text", "随便写")
    elif question["type"] == "true_false":
        phone.locator(".choice", has_text="正确").tap()
    else:
        phone.locator(".choice").first.tap()
        if question["type"] == "multiple":
            phone.locator(".choice").nth(1).tap()
    phone.locator("#submit-answer").tap()
    expect(phone.locator("#t-headline")).to_have_text(re.compile(r"^已提交："))
    expect(mate.locator("#t-headline")).to_have_text(re.compile(r"^已提交："))  # the whole team sees it
    expect(mate.locator("#t-sub")).to_contain_text("由 小明 提交")
    expect(other.locator("#t-headline")).to_have_text("请在手机上作答")
    expect(screen.locator("#band")).to_contain_text("已提交 1/4")
    snap(shot, phone, "phone-all-answer")
    snap(shot, screen, "screen-all-answer")
    host("CloseAnswers")
    expect(screen.locator("#band")).to_contain_text("未提交")
    expect(other.locator("#t-headline")).to_have_text("未提交")  # nothing submitted is not 回答错误
    snap(shot, screen, "screen-all-answer-graded")

    # the host removes a device: that phone is told so and forgets its token
    device = next(d for d in host.view()["devices"] if d["member"] == "小刚")
    assert host.sio.call("remove_device", {"device_id": device["id"]}, timeout=10)["ok"]
    expect(mate.locator("#t-blocked")).to_contain_text("已被移出队伍")
    assert mate.evaluate("localStorage.getItem('quizapp.teamToken')") is None
    expect(phone.locator("[data-conn]")).to_have_text("已连接")


def test_the_audience_answers_an_audience_question(live: Live, devices: Devices, hosts, shot) -> None:
    """dorm-life's 抢答 round hands an unanswered question to the audience (after 20 s)."""
    from quizapp.questionbank.loader import load_banks

    cid = contests(live.base)["dorm-life"]
    host = hosts(cid)
    while (view := host.view())["round"] is None or view["round"]["kind"] != "buzz":
        if view["round"] is not None and view["round"]["status"] == "running":
            host("EndRound")
        host("StartRound")
    watch = devices.watcher(cid)
    screen = devices.screen(cid)
    for single in (q for q in load_banks()["dorm-life"].questions if q.type == "single"):
        reply = host.try_("ShowQuestion", question_id=single.id)
        if reply["ok"]:
            break
        assert reply["error"]["code"] == "already_asked", reply
    expect(watch.locator("#w-stem")).to_have_text(single.stem)
    host("OpenBuzzers")
    expect(watch.locator("#w-idle")).to_have_text("观众题：请选择你的答案！", timeout=30_000)
    expect(screen.locator("#band")).to_contain_text("观众题")
    watch.locator("#w-audience .choice").first.tap()
    expect(watch.locator("#w-audience .w-result.sent")).to_contain_text("已提交：A")
    expect(screen.locator("#band")).to_contain_text("已有 1 人作答")
    snap(shot, watch, "watch-audience")
    snap(shot, screen, "screen-audience")
    host("Reveal")
    expect(watch.locator(".w-answer")).to_have_text(f"答案：{single.answer_text()}")
    expect(screen.locator("#q-reveal")).to_contain_text(single.answer_text())
    watch.reload()  # the server remembers what this phone answered
    expect(watch.locator(".w-tally li.mine .w-tally-key")).to_have_text("A")
    expect(watch.locator("#w-audience .w-result")).to_be_visible()
    snap(shot, watch, "watch-revealed")


def test_buzzer_check_shows_each_phones_delay_and_reaction(live: Live, devices: Devices, shot) -> None:
    cid = contests(live.base)["dorm-life"]
    links = join_links(devices, cid)
    phones = [devices.phone(links[name], member) for name, member in (("5栋101", "小林"), ("5栋203", "小周"))]
    host = host_page(devices)
    host.goto(f"{live.base}/host/{cid}/check")
    expect(host.locator("[data-conn]")).to_have_text("已连接")
    expect(host.locator("#check-missing")).to_contain_text("2 台")
    host.click("#check-start")
    for phone in phones:
        expect(phone.locator("#check")).to_be_visible()
        expect(phone.locator("#check")).to_have_attribute("data-state", "go", timeout=5000)
        phone.locator("#check-button").dispatch_event("pointerdown")
        expect(phone.locator("#check-note")).to_contain_text("反应")
    rows = host.locator("#check-rows tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("5栋101")
    expect(host.locator("#check-rows")).to_contain_text("ms")
    snap(shot, host, "host-buzzer-check")
    snap(shot, phones[0], "phone-buzzer-check")
