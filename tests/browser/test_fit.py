"""Long names always fit, and the projector reads from the back row (issue 13, items 1 and 7).

A quiz and a sports day are created through the host's form with the longest real names
(马克思主义学院, 经济管理学院, 13-character dorm names). Two projectors follow each contest, one at
1920×1080 and one at 1280×720, and a team phone shows its header. In every phase (setup, question,
verdict, reveal, round-end board, buzz winner, podium; sports standings and podium) no element that
holds text overflows a box that hides overflow, nothing is cut with an ellipsis, no text leaves the
stage, and the page's controls (声音, 全屏, the connection badge) never cover content.

Screenshots go to $QUIZAPP_SHOTS_DIR (default: the git-ignored artifacts/screenshots/fit).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Page, expect

from . import test_team_screen as team_screen
from .conftest import ROOT, SHOTS, Host
from .test_team_screen import Devices, Live, create_contest, join_links

# the team-screen module's fixtures: its own server, browser contexts per device, host sockets
live = team_screen.live
devices = team_screen.devices
hosts = team_screen.hosts

QUIZ_TEAMS = ["学生公寓十二栋三单元五零一", "马克思主义学院", "经济管理学院", "学生公寓十一栋二单元三零二"]
SPORTS_TEAMS = [("学生公寓十二栋三单元五零一", "12栋501"), ("马克思主义学院", "学生公寓十二栋三单元"),
                ("经济管理学院", "9栋302"), ("学生公寓十一栋二单元三零二", "11栋302"),
                ("外国语学院", "3栋110"), ("计算机科学与技术学院", "6栋208")]
SIZES = {"1920": (1920, 1080), "1280": (1280, 720)}


def roomiest(bank: str) -> list[str]:
    """The bank's question ids, those that need the most room on the projector first: the most
    options, then the most text (stem, options, explanation). A contest draws its questions at
    random, so the worst cases are shown on purpose, not left to the draw."""
    data = yaml.safe_load((ROOT / "questions" / "banks" / f"{bank}.yaml").read_text(encoding="utf-8"))

    def room(q: dict[str, Any]) -> tuple[int, int]:
        options = [str(o) for o in q.get("options") or ()]
        return len(options), len(q["stem"]) + sum(map(len, options)) + len(q.get("explanation") or "")

    return [str(q["id"]) for q in sorted(data["questions"], key=room, reverse=True)]


ROOMIEST = roomiest("party-constitution")[:2]  # one for the 必答 round, one for the 抢答 round
OUT = Path(os.environ.get("QUIZAPP_SHOTS_DIR") or SHOTS / "fit")

# Every element that holds text (screen-reader-only live regions aside): no ellipsis, no overflow
# where overflow is hidden, nothing outside the stage, no text over other text. Returns one line per problem.
PROBLEMS = """(sel) => {
  const root = document.querySelector(sel);
  const edge = root.getBoundingClientRect();
  const out = [];
  const texts = [];
  const label = (el) => `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${[...el.classList].map((c) => "." + c).join("")}`
    + ` "${el.textContent.trim().slice(0, 24)}"`;
  for (const el of [root, ...root.querySelectorAll("*")]) {
    if (!el.getClientRects().length || !el.textContent.trim() || el.closest(".sr-only")) continue;
    const cs = getComputedStyle(el);
    if (cs.visibility === "hidden") continue;
    if (cs.textOverflow === "ellipsis") out.push(`ellipsis: ${label(el)}`);
    if (cs.overflowX !== "visible" && el.scrollWidth > el.clientWidth + 1)
      out.push(`too wide ${el.scrollWidth}>${el.clientWidth}: ${label(el)}`);
    if (cs.overflowY !== "visible" && el.scrollHeight > el.clientHeight + 1)
      out.push(`too tall ${el.scrollHeight}>${el.clientHeight}: ${label(el)}`);
    if (cs.webkitLineClamp && cs.webkitLineClamp !== "none") out.push(`line clamp: ${label(el)}`);
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    const r = el.getBoundingClientRect();
    if (own && (r.left < edge.left - 1 || r.right > edge.right + 1 || r.top < edge.top - 1 || r.bottom > edge.bottom + 1))
      out.push(`outside the page: ${label(el)}`);
    if (own && cs.opacity !== "0") texts.push([el, r]);
  }
  // no text on top of other text (a name pushed over a heading, say)
  const hit = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 2
    && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 2;
  texts.forEach(([a, ra], i) => texts.slice(i + 1).forEach(([b, rb]) => {
    if (!a.contains(b) && !b.contains(a) && hit(ra, rb)) out.push(`${label(a)} overlaps ${label(b)}`);
  }));
  return out;
}"""

# Text that is too small for the back row: stage px (the stage is 1920 wide, scaled to the window).
SMALL_TEXT = """([sel, floor]) => {
  const stage = document.querySelector(sel);
  const scale = stage.getBoundingClientRect().width / stage.offsetWidth;
  const out = [];
  for (const el of stage.querySelectorAll("*")) {
    if (!el.getClientRects().length || getComputedStyle(el).visibility === "hidden" || el.closest(".sr-only")) continue;
    if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < floor - 0.05) out.push(`${size.toFixed(1)}px (${(size * scale).toFixed(1)} on screen): `
      + `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} "${el.textContent.trim().slice(0, 20)}"`);
  }
  return out;
}"""

# The page's chrome (buttons, connection badge) against every other piece of text or picture.
CHROME_OVER = """(chromeSel) => {
  const chrome = [...document.querySelectorAll(chromeSel)].filter((el) => el.getClientRects().length);
  const out = [];
  const hit = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  const content = [...document.querySelectorAll("body *")].filter((el) => el.getClientRects().length
    && !el.closest(".sr-only")
    && !chrome.some((c) => c.contains(el) || el.contains(c))
    && (el.matches("svg, img, canvas") || [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())));
  for (const c of chrome) {
    const box = c.getBoundingClientRect();
    for (const el of content) {
      if (hit(box, el.getBoundingClientRect())) out.push(`${c.id || c.className} covers `
        + `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} "${el.textContent.trim().slice(0, 20)}"`);
    }
  }
  return [chrome.length, out];
}"""

QUIZ_CHROME = "#mute-btn, #fullscreen-btn, .bar-conn"
SPORTS_CHROME = "#mute-btn, #fullscreen-btn, .ss-conn"


def settle(page: Page) -> None:
    """Wait for the page's finite animations (what a person sees a moment later)."""
    page.evaluate("""() => Promise.all(document.getAnimations()
        .filter((a) => a.effect && a.effect.getComputedTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => null)))""")
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")


def check_stage(page: Page, size: str, phase: str, chrome: str, problems: list[str]) -> None:
    """Screenshot, then collect what overflows, what is too small and what the chrome covers."""
    settle(page)
    OUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUT / f"{phase}-{size}.png"))
    found = page.evaluate(PROBLEMS, "#stage")
    found += page.evaluate(SMALL_TEXT, ["#stage", 24])
    count, covered = page.evaluate(CHROME_OVER, chrome)
    found += covered
    if count < 2:
        found.append(f"only {count} of the chrome controls are shown")
    problems += [f"{phase} @{size}: {p}" for p in found]


def projector(devices: Devices, path: str, size: str) -> Page:
    width, height = SIZES[size]
    page = devices.page(viewport={"width": width, "height": height}, locale="zh-CN")
    page.goto(f"{devices.live.base}{path}")
    expect(page.locator("[data-conn]")).to_have_text("已连接")
    return page


def rendered_px(page: Page, selector: str) -> float:
    """A text's font size as it appears on the window (stage px × the stage's scale)."""
    return float(page.locator(selector).first.evaluate("""(el) => {
        const stage = document.getElementById("stage");
        return parseFloat(getComputedStyle(el).fontSize) * stage.getBoundingClientRect().width / stage.offsetWidth;
    }"""))


@pytest.fixture
def problems() -> Iterator[list[str]]:
    found: list[str] = []
    yield found
    assert found == [], "\n".join(found)


def test_long_names_fit_the_quiz_projector_in_every_phase(live: Live, devices: Devices, hosts: Any,
                                                          problems: list[str]) -> None:
    cid = create_contest(devices, "party-constitution", "党章知识趣味大赛", "\n".join(QUIZ_TEAMS))
    links = join_links(devices, cid)
    screens = {size: projector(devices, f"/screen/{cid}", size) for size in SIZES}
    phone = devices.phone(links[QUIZ_TEAMS[0]], "欧阳娜娜")
    expect(phone.locator("#t-team")).to_have_text(f"1号台 · {QUIZ_TEAMS[0]}")
    settle(phone)
    phone.screenshot(path=str(OUT / "quiz-phone-header.png"))
    problems += [f"phone header: {p}" for p in phone.evaluate(PROBLEMS, "#t-head")]

    def each(phase: str) -> None:
        for size, page in screens.items():
            check_stage(page, size, f"quiz-{phase}", QUIZ_CHROME, problems)

    for page in screens.values():
        expect(page.locator("#lobby-teams")).to_contain_text(QUIZ_TEAMS[3])
    each("lobby")

    host = hosts(cid)
    host("StartRound")  # 必答: desk 1 answers
    host("ShowQuestion", question_id=ROOMIEST[0])
    for page in screens.values():
        expect(page.locator("#q-answerer, .q-answerer")).to_contain_text(QUIZ_TEAMS[0])
    each("question")
    host("Judge", correct=True)
    for page in screens.values():
        expect(page.locator("#band")).to_contain_text("回答正确")
    each("verdict")
    host("Reveal")
    for page in screens.values():
        expect(page.locator("#q-reveal")).to_contain_text("答案")
    each("reveal")
    for size, page in screens.items():  # 解析 ≥ 34 px on the 1920 stage, the same share of a 1280 window
        if page.locator(".q-expl").count():
            want = 34 * SIZES[size][0] / 1920
            assert rendered_px(page, ".q-expl") >= want - 0.1, size
    host("EndRound")
    for page in screens.values():
        expect(page.locator("#big-board")).to_contain_text(QUIZ_TEAMS[0])
    each("round-end-board")

    host("StartRound")  # 抢答: desk 1's phone buzzes first
    host("ShowQuestion", question_id=ROOMIEST[1])
    host("OpenBuzzers")
    expect(phone.locator("#t-state")).to_have_text("抢答开始！")
    phone.tap("#buzz")
    expect(phone.locator("#t-headline")).to_have_text("你们抢到了！")
    host("StartTimer")
    for page in screens.values():
        expect(page.locator(".band.winner .winner-name")).to_have_text(QUIZ_TEAMS[0])
    each("buzz-winner")
    host("Judge", correct=True)
    for page in screens.values():
        expect(page.locator("#band")).to_contain_text("回答正确")
    each("buzz-verdict")

    host("FinishContest")
    for page in screens.values():
        expect(page.locator(".podium-slot.first .podium-name")).to_have_text(QUIZ_TEAMS[0])
    each("podium")
    settle(phone)
    phone.screenshot(path=str(OUT / "quiz-phone-final.png"))
    problems += [f"phone header (end): {p}" for p in phone.evaluate(PROBLEMS, "#t-head")]


def _sports(host: Host, kind: str, **fields: Any) -> dict[str, Any]:
    reply = host.sio.call("sports_command", {"type": kind, **fields}, timeout=10)
    assert reply["ok"], (kind, reply)
    return reply


TYPED = {"ranked": lambda i: str(i + 1), "counted": lambda i: str(40 - 3 * i),
         "timed": lambda i: f"1:0{i}.35", "scored": lambda i: f"{9 - i * 0.5}"}


def test_long_names_fit_the_sports_projector(live: Live, devices: Devices, problems: list[str]) -> None:
    cid = create_contest(devices, "sports-day", "宿舍趣味运动会",
                         "\n".join(f"{name},{unit}" for name, unit in SPORTS_TEAMS))
    screens = {size: projector(devices, f"/screen/{cid}", size) for size in SIZES}
    host = Host(live.base, live.instance, cid)
    try:
        view = host.view()
        teams = [t["id"] for t in sorted(view["teams"], key=lambda t: t.get("desk", 0))]
        events = view["schedule"]

        def record(event: dict[str, Any], status: str) -> None:
            if event["status"] == "scheduled":
                _sports(host, "SetEventStatus", event_id=event["id"], status="in_progress")
            entries = [[team, TYPED[event["kind"]](i)] for i, team in enumerate(teams)]
            _sports(host, "RecordResults", event_id=event["id"], entries=entries)
            _sports(host, "SetEventStatus", event_id=event["id"], status=status)

        def each(phase: str) -> None:
            for size, page in screens.items():
                check_stage(page, size, f"sports-{phase}", SPORTS_CHROME, problems)

        for page in screens.values():
            expect(page.locator("#ss-standings")).to_be_visible()
        each("start")
        for event in events[:3]:
            record(event, "final")
        _sports(host, "SetEventStatus", event_id=events[3]["id"], status="in_progress")
        for page in screens.values():
            expect(page.locator("#ss-ticker")).to_contain_text(events[2]["name"])
            expect(page.locator("#ss-standings")).to_contain_text(SPORTS_TEAMS[0][0])
        each("standings")
        events = host.view()["schedule"]
        for event in events[3:]:
            record(event, "final")
        for page in screens.values():
            expect(page.locator("#scene-podium")).to_be_visible()
            expect(page.locator(".sp-step")).to_have_count(3)
        each("podium")
    finally:
        host.close()


def test_the_sports_projector_has_a_sound_toggle(live: Live, devices: Devices) -> None:
    cid = create_contest(devices, "sports-day", "运动会", "\n".join(f"{n},{u}" for n, u in SPORTS_TEAMS[:3]))
    page = projector(devices, f"/screen/{cid}", "1280")
    button = page.locator("#mute-btn")
    expect(button).to_have_text("声音：开")
    button.click()
    expect(button).to_have_text("声音：关")
    page.reload()  # the choice is remembered, like the quiz projector's
    expect(page.locator("#mute-btn")).to_have_text("声音：关")
    expect(page.locator("#mute-btn")).to_have_attribute("aria-pressed", "true")
