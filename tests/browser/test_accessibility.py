"""axe-core on every page in Chromium: no serious or critical WCAG 2.1 A/AA violation anywhere.

axe-core comes from the npm registry (package.json) and is injected into the page by the test only
(nothing ships to production pages). Every HTML page of the url_map is listed in PAGES or in
NOT_PAGES, so a new page fails `test_every_page_is_listed` until it gets an axe check here.
Phones are checked at 390×844: the controls of forms people fill in on a phone are at least 44 px.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import requests
from playwright.sync_api import Page, expect
from werkzeug.exceptions import HTTPException

from quizapp.devserver import live_server
from tests.kit import csrf

from .conftest import HOST_PASSWORD, ROOT, Devices, Host, login_host

AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2, "locale": "zh-CN", "bypass_csp": True}
SCREEN = {"viewport": {"width": 1920, "height": 1080}, "locale": "zh-CN", "bypass_csp": True}
LAPTOP = {"viewport": {"width": 1440, "height": 900}, "locale": "zh-CN", "bypass_csp": True}
MIN_TARGET = 44
PANEL_EVENT = "宿舍风采展示"

# Every GET endpoint that renders a page a person sees; the walk below must visit each one.
PAGES = {
    "auth.login", "auth.password", "host.index", "host.console", "host.qr_sheet", "host.buzzer_check",
    "host.staff_sheet", "banks.index", "exports.printable", "analytics.contest", "analytics.across",
    "awards.settings", "overlay.keys", "overlay.overlay", "team.join_by_pin", "team.join_by_code",
    "team.join_contest", "team.team_page", "screen.screen", "screen.watch", "sports.judge_home",
    "sports.recorder_home", "sports.enter_results",
}
# GET endpoints that are not pages, and why (POST-only endpoints answer with pages listed above).
NOT_PAGES = {
    "static": "files", "vendor.vendor": "files", "health.healthz": "JSON", "api.contests": "JSON",
    "api.view": "JSON", "host.questions": "JSON", "exports.excel": "download", "exports.csv": "download",
    "awards.certificates": "PDF", "awards.poster": "PNG", "banks.template_text": "download",
    "banks.template_excel": "download", "screen.watch_qr": "SVG",
    "home": "redirects to /join", "icon.favicon": "icon",
}


def _app(instance: Path):
    from quizapp.app import create_app

    return create_app({"INSTANCE_PATH": str(instance), "START_BACKGROUND": False})


def test_every_page_is_listed(tmp_path) -> None:
    """A new page fails here until the walk below checks it with axe."""
    app = _app(tmp_path)
    try:
        endpoints = {r.endpoint for r in app.url_map.iter_rules() if "GET" in (r.methods or ())}
    finally:
        app.extensions["quizapp.engine"].dispose()
    unlisted = endpoints - PAGES - set(NOT_PAGES)
    assert not unlisted, f"pages without an axe check (add them to PAGES and the walk): {sorted(unlisted)}"
    assert not (PAGES | set(NOT_PAGES)) - endpoints, "listed endpoints that no longer exist"


@dataclass
class Site:
    base: str
    instance: Path
    quiz: str
    sports: str
    events: dict[str, str]
    adapter: Any = None


def _seed(instance: Path) -> tuple[str, str, dict[str, str]]:
    """The demo contests plus a judge-panel event on the sports day (so the judge page has a form)."""
    from quizapp.core.sports import model as sm
    from quizapp.demo import load_demo

    app = _app(instance)
    try:
        service = app.extensions["quizapp.contests"]
        load_demo(service)
        rows = {row.preset: row.id for row in service.contests()}
        service.execute(rows["sports-day"], sm.AddEvent(name=PANEL_EVENT, kind="scored", score_min="0",
                                                        score_max="10", note="每队 3 分钟展示"), "host")
        events = {e.spec.name: e.id for e in service.state(rows["sports-day"]).events.values()}
        return rows["party-constitution"], rows["sports-day"], events
    finally:
        app.extensions["quizapp.engine"].dispose()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[Site]:
    instance = tmp_path_factory.mktemp("axe-instance")
    quiz, sports, events = _seed(instance)
    app = _app(instance)
    adapter = app.url_map.bind("localhost")
    app.extensions["quizapp.engine"].dispose()
    with live_server(instance, demo=False, env={"QUIZAPP_HOST_PASSWORD": HOST_PASSWORD}) as base:
        yield Site(base, instance, quiz, sports, events, adapter)


def snap(shot, page: Page, name: str) -> None:
    settle(page)
    shot(page, name)


def settle(page: Page) -> None:
    """Wait for finite animations (contrast is judged on what a person sees a moment later)."""
    page.evaluate("""() => Promise.all(document.getAnimations()
        .filter((a) => a.effect && a.effect.getComputedTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => null)))""")


@dataclass
class Audit:
    """axe results per page state; the endpoints the walk reached."""

    site: Site
    results: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    endpoints: set[str] = field(default_factory=set)

    def check(self, page: Page, label: str) -> None:
        settle(page)
        path = urlparse(page.url).path
        with contextlib.suppress(HTTPException):  # an error page is no endpoint of its own
            self.endpoints.add(self.site.adapter.match(path, method="GET")[0])
        if not AXE_JS.is_file():
            pytest.fail("axe-core is missing: run ./scripts/test (npm ci installs it from package-lock.json)")
        if not page.evaluate("() => Boolean(window.axe)"):
            page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
        self.results[label] = page.evaluate(
            """async (tags) => {
                const r = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                   resultTypes: ['violations']});
                return r.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.map((n) => ({target: n.target.join(' '), html: n.html.slice(0, 160),
                                               why: n.failureSummary}))}));
            }""", TAGS)

    def blocking(self) -> dict[str, list[dict[str, Any]]]:
        return {label: [v for v in found if v["impact"] in BLOCKING] for label, found in self.results.items()
                if any(v["impact"] in BLOCKING for v in found)}

    def summary(self) -> str:
        lines = [f"{'page':44} serious+critical  (all)"]
        for label, found in self.results.items():
            bad = sum(1 for v in found if v["impact"] in BLOCKING)
            lines.append(f"{label:44} {bad:>3}  ({len(found)})  {' '.join(v['id'] for v in found)}")
        return "\n".join(lines)


def readable(blocking: dict[str, list[dict[str, Any]]]) -> str:
    out = []
    for label, found in blocking.items():
        for v in found:
            out.append(f"[{label}] {v['impact']} {v['id']}: {v['help']}")
            for node in v["nodes"][:4]:
                out.append(f"    {node['target']}  {node['html']}")
                out.append("      " + node["why"].replace("\n", "\n      "))
    return "\n".join(out)


def _links(page: Page, pattern: str = r"/join/[A-Za-z0-9_-]{6,}") -> list[str]:
    return list(dict.fromkeys(re.findall(pattern, page.content())))


def small_targets(page: Page, scope: str = "form") -> list[str]:
    """Visible form controls (and links in forms) smaller than 44×44 CSS px."""
    return page.evaluate(
        """([scope, min]) => [...document.querySelectorAll(
              `${scope} input:not([type=hidden]), ${scope} button, ${scope} select, ${scope} textarea, ${scope} a`)]
            .filter((el) => el.offsetParent !== null)
            .map((el) => [el, el.getBoundingClientRect()])
            .filter(([el, r]) => r.height < min || r.width < min)
            .map(([el, r]) => `${el.tagName.toLowerCase()}#${el.id || el.name || el.textContent.trim()} `
                              + `${Math.round(r.width)}×${Math.round(r.height)}`)""", [scope, MIN_TARGET])


def test_no_serious_axe_violation_on_any_page(site: Site, devices: Devices, shot) -> None:
    audit = Audit(site)
    base = site.base
    small: dict[str, list[str]] = {}

    # ---- the host's laptop
    host = devices.page(**LAPTOP)
    host.goto(f"{base}/host/login")
    audit.check(host, "host login")
    login_host(host, base, site.quiz)
    expect(host.locator("[data-conn]")).to_have_text("已连接")
    audit.check(host, "console (setup)")
    for path, label in (("/host", "contest list"), ("/host/password", "password"),
                        ("/host/banks", "banks"), (f"/host/{site.quiz}/qr", "QR sheet"),
                        (f"/host/{site.quiz}/keys", "keys"), (f"/host/{site.quiz}/awards", "awards settings"),
                        (f"/host/{site.quiz}/analytics", "analytics (contest)"),
                        ("/host/analytics", "analytics (banks)"),
                        ("/host/analytics?bank=party-constitution", "analytics (one bank)"),
                        (f"/host/{site.sports}/staff", "sports staff sheet"),
                        (f"/host/{site.sports}/analytics", "analytics (sports)")):
        host.goto(base + path)
        audit.check(host, label)
        if label == "contest list":
            snap(shot, host, "axe-contest-list")
    host.goto(f"{base}/host/{site.quiz}/qr")
    team_links = [base + p for p in _links(host)]
    check = devices.page(**LAPTOP)
    check.context.add_cookies(host.context.cookies())
    check.goto(f"{base}/host/{site.quiz}/check")
    expect(check.locator("[data-conn]")).to_have_text("已连接")
    audit.check(check, "buzzer check")
    console = check
    console.goto(f"{base}/host/{site.quiz}")
    expect(console.locator("[data-conn]")).to_have_text("已连接")
    host.goto(f"{base}/host/{site.sports}/staff")
    staff = {card.locator(".sp-card-label").inner_text().strip():
             base + urlparse(card.locator(".sp-card-url").inner_text().strip()).path
             for card in host.locator(".sp-card").all()}
    host.goto(f"{base}/host/{site.sports}")
    expect(host.locator("[data-conn]")).to_have_text("已连接")
    audit.check(host, "sports host")

    # ---- projector, overlay and audience before the start
    screen = devices.page(**SCREEN)
    screen.goto(f"{base}/screen/{site.quiz}")
    expect(screen.locator("[data-conn]")).to_have_text("已连接")
    audit.check(screen, "projector (lobby)")
    snap(shot, screen, "axe-projector-lobby")
    code = screen.locator("#contest-code b").inner_text().strip()
    overlay = devices.page(**SCREEN)
    overlay.goto(f"{base}/overlay/{site.quiz}")
    watch = devices.page(**PHONE)
    watch.goto(f"{base}/watch/{site.quiz}")
    expect(watch.locator("[data-conn]")).to_have_text("已连接")
    audit.check(watch, "audience (lobby)")

    # ---- joining on a phone: PIN, QR, errors
    anon = devices.page(**PHONE)
    anon.goto(f"{base}/join")
    audit.check(anon, "join by code")
    small["join by code"] = small_targets(anon)
    anon.goto(f"{base}/join/c/{code}")
    audit.check(anon, "join by PIN")
    small["join by PIN"] = small_targets(anon)
    anon.goto(f"{base}/join/nope-not-a-code")
    audit.check(anon, "join error")
    anon.goto(f"{base}/team")
    expect(anon.locator("#t-blocked")).to_be_visible()
    audit.check(anon, "team phone (not joined)")
    anon.goto(f"{base}/no-such-page")
    audit.check(anon, "404 page")
    session = requests.Session()
    reply = session.post(f"{base}/join", data={"code": code}, timeout=10)
    anon.set_content(reply.text)
    audit.check(anon, "CSRF expired page")

    phones = []
    for link, member in zip(team_links[:2], ("张伟", "杨帆"), strict=True):
        phone = devices.page(**PHONE)
        phone.goto(link)
        if not phones:
            audit.check(phone, "join by QR")
            small["join by QR"] = small_targets(phone)
        phone.fill("#member", member)
        phone.click("button[type=submit]")
        phone.wait_for_url("**/team")
        expect(phone.locator("[data-conn]")).to_have_text("已连接")
        phones.append(phone)
    p1, p2 = phones
    full_link = team_links[2]
    for n in range(5):
        s = requests.Session()
        s.post(full_link, data={"csrf_token": csrf(s.get(full_link, timeout=10).text), "member": f"队员{n}"},
               timeout=10)
    anon.goto(full_link)
    anon.fill("#member", "第六人")
    anon.click("button[type=submit]")
    expect(anon.get_by_role("alert")).to_be_visible()
    audit.check(anon, "team full")
    audit.check(p1, "team phone (waiting)")

    # ---- a quiz played through: 必答, 抢答, the end
    drive = Host(site.base, site.instance, site.quiz)
    try:
        drive("StartRound")
        drive("ShowQuestion")
        expect(p1.locator("#t-headline")).to_have_text("轮到你们作答")
        audit.check(p1, "team phone (our turn)")
        audit.check(p2, "team phone (other's turn)")
        audit.check(screen, "projector (question)")
        audit.check(watch, "audience (question)")
        audit.check(overlay, "overlay (question)")
        drive("Judge", correct=True)
        expect(screen.locator("#band")).to_contain_text("回答正确")
        audit.check(screen, "projector (verdict)")
        audit.check(p1, "team phone (verdict)")
        drive("EndRound")
        expect(screen.locator("#big-board")).to_be_visible()
        audit.check(screen, "projector (board)")
        drive("StartRound")
        drive("ShowQuestion")
        drive("OpenBuzzers")
        expect(p2.locator("#t-state")).to_have_text("抢答开始！")
        audit.check(p2, "team phone (buzz open)")
        p2.tap("#buzz")
        expect(p2.locator("#t-headline")).to_have_text("你们抢到了！")
        drive("StartTimer")
        expect(screen.locator(".band.winner .winner-name")).to_be_visible()
        winner = screen.locator(".band.winner .winner-name").inner_text()
        said = f"{screen.locator('.band.winner .winner-desk').inner_text()} {winner} 抢到答题权"
        for page, region in ((screen, "#announce"), (watch, "#w-announce"), (console, "#hc-announce")):
            expect(page.locator(region)).to_have_attribute("aria-live", "polite")
            expect(page.locator(region)).to_have_text(said)  # one sentence, not the re-rendered panel
        assert console.locator("#hc-question").evaluate("el => el.closest('[aria-live]')") is None
        snap(shot, screen, "axe-projector-buzz-winner")
        audit.check(screen, "projector (buzz winner)")
        audit.check(p2, "team phone (won the buzz)")
        audit.check(p1, "team phone (lost the buzz)")
        audit.check(watch, "audience (buzz winner)")
        drive("Judge", correct=False)
        for page, region in ((screen, "#announce"), (watch, "#w-announce"), (console, "#hc-announce")):
            expect(page.locator(region)).to_have_text(re.compile(rf"{winner} 回答错误"))
        audit.check(screen, "projector (wrong)")
        audit.check(watch, "audience (verdict)")
        drive("SkipQuestion")
        drive("EndRound")
        drive("StartRound")  # 风险: the lowest team (desk 2, after its wrong answer) picks a tier on the phone
        expect(p2.locator(".tier").first).to_be_visible()
        audit.check(p2, "team phone (risk pick)")
        audit.check(screen, "projector (risk pick)")
        drive("FinishContest")
        expect(screen.locator("#scene-podium")).to_be_visible()
        audit.check(screen, "projector (podium)")
        snap(shot, screen, "axe-projector-podium")
        audit.check(p1, "team phone (final)")
        audit.check(watch, "audience (final)")
    finally:
        drive.sio.disconnect()
    host.goto(f"{base}/host/{site.quiz}")
    expect(host.locator("[data-conn]")).to_have_text("已连接")
    audit.check(host, "console (finished)")
    snap(shot, host, "axe-console-finished")
    host.goto(f"{base}/host/{site.quiz}/results")
    audit.check(host, "results (quiz)")
    host.goto(f"{base}/host/{site.quiz}/analytics")
    audit.check(host, "analytics (finished contest)")

    # ---- the sports day: projector, audience, results desk, judge
    screen.goto(f"{base}/screen/{site.sports}")
    expect(screen.locator("[data-conn]")).to_have_text("已连接")
    audit.check(screen, "sports projector")
    snap(shot, screen, "axe-sports-projector")
    watch.goto(f"{base}/watch/{site.sports}")
    expect(watch.locator("[data-conn]")).to_have_text("已连接")
    audit.check(watch, "sports audience")
    host.goto(f"{base}/host/{site.sports}/results")
    audit.check(host, "results (sports)")
    recorder = devices.page(**PHONE)
    recorder.goto(staff["成绩录入台"])
    recorder.fill("#member", "小刘")
    recorder.click("button[type=submit]")
    recorder.wait_for_url("**/recorder")
    audit.check(recorder, "sports recorder")
    snap(shot, recorder, "axe-sports-recorder")
    recorder.locator(".sp-row", has_text="夹乒乓球").locator("a").click()
    expect(recorder.locator("h1")).to_have_text("夹乒乓球")
    audit.check(recorder, "sports results form")
    small["sports results form"] = small_targets(recorder)
    recorder.click("button[type=submit]")
    audit.check(recorder, "sports results form (errors)")
    judge = devices.page(**PHONE)
    judge.goto(staff["评委 · 李老师"])
    judge.fill("#member", "李老师")
    judge.click("button[type=submit]")
    judge.wait_for_url("**/judge")
    audit.check(judge, "sports judge")
    small["judge form"] = small_targets(judge)

    print("\naxe (" + ", ".join(TAGS) + "):\n" + audit.summary())
    print("touch targets under 44 px:", json.dumps(small, ensure_ascii=False, indent=1))
    missing = PAGES - audit.endpoints
    assert not missing, f"pages the walk did not reach: {sorted(missing)}"
    if audit.blocking():
        pytest.fail("serious/critical axe violations:\n" + readable(audit.blocking()), pytrace=False)
    assert not any(small.values()), f"touch targets under {MIN_TARGET} px at 390×844: {small}"


def test_team_headers_and_rehearsal_marks_read_well(site: Site, devices: Devices, shot) -> None:
    """Eight teams, eight colours: the phone header passes axe in each; then the 彩排 marks do too."""
    from quizapp.core.quiz.rules_setup import TEAM_COLOURS

    host = devices.page(**LAPTOP)
    login_host(host, site.base, site.quiz)
    host.goto(f"{site.base}/host")
    host.select_option("#preset", "party-constitution")
    host.fill("#title", "八队色彩检查")
    host.fill("#teams", "\n".join(f"马克思主义学院{n}队" for n in range(1, len(TEAM_COLOURS) + 1)))
    host.click("#create-form button[type=submit]")
    host.wait_for_url(re.compile(r"/host/[0-9a-z]+$"))
    contest = host.url.rstrip("/").rsplit("/", 1)[1]
    host.goto(f"{site.base}/host/{contest}/qr")
    links = [site.base + p for p in _links(host)]
    assert len(links) == len(TEAM_COLOURS)
    audit = Audit(site)
    for n, link in enumerate(links, start=1):
        phone = devices.page(**PHONE)
        phone.goto(link)
        phone.fill("#member", "欧阳娜娜")
        phone.click("button[type=submit]")
        phone.wait_for_url("**/team")
        expect(phone.locator("[data-conn]")).to_have_text("已连接")
        expect(phone.locator("#t-member")).to_contain_text("欧阳娜娜")
        # the list of teammates online comes with the next presence update and pops in: judge its
        # colours once it is there (settle then waits for the pop), not mid-animation
        expect(phone.locator("#t-mates li.me")).to_have_text("欧阳娜娜")
        colour = phone.locator("#t-head").evaluate("el => getComputedStyle(el).getPropertyValue('--team').trim()")
        audit.check(phone, f"team phone header {n} {colour}")
        if n in (2, 5, 7):  # orange, sky blue, yellow: dark ink
            snap(shot, phone, f"axe-team-header-{n}")
    drive = Host(site.base, site.instance, contest)  # 彩排: every page carries the rehearsal mark
    try:
        drive("StartRehearsal")
    finally:
        drive.sio.disconnect()
    expect(phone.locator("#rehearsal-mark")).to_be_visible()
    audit.check(phone, "team phone (rehearsal)")
    host.goto(f"{site.base}/host/{contest}")
    expect(host.locator("[data-conn]")).to_have_text("已连接")
    audit.check(host, "console (rehearsal)")
    screen = devices.page(**SCREEN)
    screen.goto(f"{site.base}/screen/{contest}")
    expect(screen.locator("#rehearsal-mark")).to_be_visible()
    audit.check(screen, "projector (rehearsal)")
    print("\n" + audit.summary())
    if audit.blocking():
        pytest.fail("serious/critical axe violations:\n" + readable(audit.blocking()), pytrace=False)
