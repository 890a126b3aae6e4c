"""The livestream overlay (OBS page) and the host's key / gamepad buzzers, in Chromium.

The overlay is checked at 1920×1080: transparent page, the parts the URL asks for, its
scale, long team names that wrap instead of being cut, the buzz winner and the scoreboard
after a press. The keys page gets synthetic key events (page.keyboard) and a synthetic
gamepad (navigator.getGamepads replaced in an init script); the presses reach the host view.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from quizapp.devserver import live_server

from . import conftest
from .conftest import HOST_PASSWORD, SHOTS, Devices, Host, contests, login_host

SCREEN = {"viewport": {"width": 1920, "height": 1080}, "locale": "zh-CN"}
LONG = "马克思主义学院马克思主义基本原理专业研究生第一党支部联队"
LATIN = "ComputerScienceTechnology-Team"  # 30 characters, the longest name allowed
TEAMS = f"{LONG},张三\n数学系,李四\n物理系\n{LATIN}"
FAKE_PAD = """
window.__pads = [{ index: 0, id: "Fake USB Buzzer Pad", connected: true, mapping: "standard", axes: [],
  timestamp: 0, buttons: Array.from({ length: 8 }, () => ({ pressed: false, touched: false, value: 0 })) }];
navigator.getGamepads = () => window.__pads;
window.__keyBuzzFrames = 0;
const send = WebSocket.prototype.send;
WebSocket.prototype.send = function (data) {
  if (typeof data === "string" && data.includes('"key_buzz"')) window.__keyBuzzFrames += 1;
  return send.call(this, data);
};
"""


@pytest.fixture(scope="module")
def live(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    inst = tmp_path_factory.mktemp("overlay-keys-instance")
    with live_server(inst, env={"QUIZAPP_HOST_PASSWORD": HOST_PASSWORD}) as base:
        yield base, inst


@pytest.fixture
def pages(devices: Devices) -> Any:
    """pages(init_script, **context options): a new device (projector-sized unless told)."""

    def open_page(init_script: str = "", **options: Any) -> Page:
        page = devices.page(**{**SCREEN, **options})
        if init_script:
            page.add_init_script(init_script)
        return page

    return open_page


@pytest.fixture
def hosts(live) -> Iterator[Any]:
    opened: list[Host] = []

    def connect(contest_id: str) -> Host:
        opened.append(Host(*live, contest_id))
        return opened[-1]

    yield connect
    for host in opened:
        host.sio.disconnect()


def new_contest(page: Page, base: str, title: str) -> str:
    """Log in and create a party-constitution contest with long team names; returns its id."""
    login_host(page, base, contests(base)["party-constitution"])
    return conftest.new_contest(page, base, title, TEAMS)


def team_ids(host: Host) -> dict[str, str]:
    return {t["name"]: t["id"] for t in host.view()["teams"]}


def to_buzz_question(host: Host) -> None:
    """Skip the 必答 round; show the first 抢答 question and open the buzzers."""
    for kind in ("StartRound", "EndRound", "StartRound", "ShowQuestion", "OpenBuzzers"):
        host(kind)


def settle(page: Page) -> None:
    """Wait for finite animations (what a person sees a moment later)."""
    page.evaluate("""() => Promise.all(document.getAnimations()
        .filter((a) => a.effect && a.effect.getComputedTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => null)))""")


def save_transparent(page: Page, name: str) -> bytes:
    SHOTS.mkdir(parents=True, exist_ok=True)
    return page.screenshot(path=str(SHOTS / f"{name}.png"), omit_background=True)


def alpha_counts(page: Page, png: bytes) -> dict[str, int]:
    """Pixels of a PNG that are fully transparent / fully opaque, decoded by the browser's canvas."""
    return page.evaluate("""async (data) => {
        const img = new Image();
        img.src = "data:image/png;base64," + data;
        await img.decode();
        const canvas = new OffscreenCanvas(img.width, img.height);
        const ctx = canvas.getContext("2d");
        ctx.drawImage(img, 0, 0);
        const px = ctx.getImageData(0, 0, img.width, img.height).data;
        let clear = 0, solid = 0;
        for (let i = 3; i < px.length; i += 4) { if (px[i] === 0) clear++; else if (px[i] > 200) solid++; }
        return { clear, solid, total: img.width * img.height, corner: px[3] };
    }""", base64.b64encode(png).decode())


NOT_CLIPPED = """(els) => els.map((el) => {
    const box = el.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(el);
    const text = range.getBoundingClientRect();
    // a CJK font's content area is taller than its line (about 0.15em above and below): allow that much
    const slack = 0.2 * parseFloat(getComputedStyle(el).fontSize);
    const within = (r, o) => r.left >= o.left - 1 && r.right <= o.right + 1
        && r.top >= o.top - slack && r.bottom <= o.bottom + slack;
    let clipped = false; // by an ancestor that hides overflow
    for (let a = el; a && a !== document.documentElement; a = a.parentElement) {
        const cs = getComputedStyle(a);
        if ((cs.overflowX !== "visible" || cs.overflowY !== "visible") && !within(text, a.getBoundingClientRect())) clipped = true;
    }
    return { r: [box.left, box.right, box.top, box.bottom, text.left, text.right, text.top, text.bottom].map(Math.round).join(","), name: el.textContent, inBox: within(text, box), clipped,
             onScreen: within(text, { left: 0, top: 0, right: innerWidth, bottom: innerHeight }),
             ellipsis: getComputedStyle(el).textOverflow === "ellipsis", height: text.height,
             lines: Math.round(text.height / parseFloat(getComputedStyle(el).lineHeight)) };
})"""


def assert_whole(locator) -> list[dict[str, Any]]:
    boxes = locator.evaluate_all(NOT_CLIPPED)
    assert boxes, "nothing to check"
    for box in boxes:
        assert box["inBox"] and box["onScreen"] and not box["clipped"] and not box["ellipsis"], box
    return boxes


def test_overlay_is_transparent_and_shows_the_buzz_winner_and_scores(live, pages, hosts) -> None:
    base, _ = live
    cid = new_contest(pages(), base, "党章知识直播赛")
    host = hosts(cid)
    ids = team_ids(host)
    overlay = pages()
    overlay.goto(f"{base}/overlay/{cid}")
    expect(overlay.locator("[data-conn]")).to_have_attribute("data-state", "ok")
    backgrounds = overlay.evaluate("""() => [getComputedStyle(document.documentElement).backgroundColor,
                                             getComputedStyle(document.body).backgroundColor]""")
    assert backgrounds == ["rgba(0, 0, 0, 0)", "rgba(0, 0, 0, 0)"]
    expect(overlay.locator("#ov-scores")).to_be_visible()
    expect(overlay.locator("#ov-question")).to_be_hidden()

    to_buzz_question(host)
    question = host.view()["episode"]["question"]
    expect(overlay.locator("#ov-buzz")).to_contain_text("请抢答")
    expect(overlay.locator("#ov-q-stem")).to_have_text(question["stem"])
    expect(overlay.locator("#ov-q-answer")).to_be_hidden()  # the screen role never gets the answer early
    assert overlay.evaluate("() => document.getElementById('ov-q-answer').textContent") == ""

    assert host.sio.call("key_buzz", {"team_id": ids[LONG], "key": "Digit1"}, timeout=10)["ok"]
    expect(overlay.locator("#ov-buzz .winner-name")).to_have_text(LONG)
    expect(overlay.locator("#ov-buzz")).to_contain_text("抢到答题权")
    expect(overlay.locator(f"#ov-board li[data-team='{ids[LONG]}']")).to_have_class(re.compile("active"))
    expect(overlay.locator("#ov-board li")).to_have_count(4)
    settle(overlay)
    png = save_transparent(overlay, "overlay-buzz-winner")
    assert_whole(overlay.locator("#ov-buzz .winner-name"))
    names = assert_whole(overlay.locator("#ov-board .board-team"))
    assert max(b["height"] for b in names) > min(b["height"] for b in names)  # the long name wraps
    alpha = alpha_counts(overlay, png)
    assert alpha["corner"] == 0 and alpha["clear"] > alpha["total"] * 0.4 and alpha["solid"] > 20000, alpha

    host("Judge", correct=True)
    expect(overlay.locator("#ov-buzz")).to_contain_text("回答正确")
    expect(overlay.locator(f"#ov-board li[data-team='{ids[LONG]}'] .board-num")).to_have_text("110")
    host("Reveal")
    expect(overlay.locator("#ov-q-answer")).to_contain_text("答案")
    settle(overlay)
    save_transparent(overlay, "overlay-judged")

    host("FinishContest")
    expect(overlay.locator("#ov-podium")).to_be_visible()
    expect(overlay.locator("#ov-scores")).to_be_hidden()
    expect(overlay.locator("#ov-podium .podium-slot.first")).to_contain_text(LONG)
    settle(overlay)
    assert_whole(overlay.locator("#ov-podium .podium-name"))
    png = save_transparent(overlay, "overlay-podium")
    assert alpha_counts(overlay, png)["corner"] == 0


def test_overlay_parts_and_scale_come_from_the_url(live, pages) -> None:
    base, _ = live
    cid = contests(base)["dorm-life"]
    full = pages()
    full.goto(f"{base}/overlay/{cid}")
    expect(full.locator("#ov-scores")).to_be_visible()
    small = pages()
    small.goto(f"{base}/overlay/{cid}?parts=scores&scale=0.5")
    expect(small.locator("#ov-scores")).to_be_visible()
    for part in ("#ov-question", "#ov-buzz", "#ov-podium"):
        assert small.locator(part).count() == 0, part
    settle(full)
    settle(small)
    wide, narrow = (p.locator("#ov-scores").bounding_box() for p in (full, small))
    assert narrow["width"] == pytest.approx(wide["width"] / 2, rel=0.02)
    assert narrow["y"] + narrow["height"] == pytest.approx(wide["y"] + wide["height"], abs=2)  # still at the bottom
    save_transparent(small, "overlay-scores-half")
    only_buzz = pages()
    only_buzz.goto(f"{base}/overlay/{cid}?parts=buzz,nonsense&scale=abc")
    expect(only_buzz.locator("[data-conn]")).to_have_attribute("data-state", "ok")
    assert only_buzz.locator("#ov-scores").count() == 0 and only_buzz.locator("#ov-buzz").count() == 1
    scale = only_buzz.evaluate("() => getComputedStyle(document.getElementById('ov-stage')).getPropertyValue('--ov-scale')")
    assert float(scale) == 1.0  # an unreadable scale is 1


def frames(page: Page) -> int:
    return int(page.evaluate("() => window.__keyBuzzFrames"))


def test_keys_and_a_gamepad_buzz_for_their_teams(live, pages, hosts) -> None:
    base, _ = live
    console = pages(viewport={"width": 1400, "height": 900})
    cid = new_contest(console, base, "按键抢答测试赛")
    host = hosts(cid)
    ids = team_ids(host)
    keys = console.context.new_page()
    keys.add_init_script(FAKE_PAD)
    keys.goto(f"{base}/host/{cid}/keys")
    expect(keys.locator("[data-conn]")).to_have_text("已连接")
    row = {n: keys.locator(f"tr[data-team='{ids[name]}']") for n, name in
           ((1, LONG), (2, "数学系"), (3, "物理系"), (4, LATIN))}
    for desk in (1, 2, 3, 4):  # the defaults: desk N on the digit key N
        expect(row[desk].locator(".kb-bind")).to_have_text(f"{desk}×")
    expect(keys.locator("#kb-pads")).to_contain_text("Fake USB Buzzer Pad")

    to_buzz_question(host)
    expect(keys.locator("#kb-phase")).to_contain_text("已开放抢答")
    keys.keyboard.press("2")
    expect(row[2].locator(".kb-state")).to_have_text("抢到答题权")
    expect(row[2].locator(".kb-result")).to_have_text("已受理")
    console.bring_to_front()
    expect(console.locator("#hc-buzz")).to_contain_text("数学系")
    assert host.view()["episode"]["team_id"] == ids["数学系"]

    # a held key repeats: one press only
    keys.bring_to_front()
    sent = frames(keys)
    keys.keyboard.down("3")
    keys.keyboard.down("3")  # repeat: true
    keys.keyboard.down("3")
    keys.keyboard.up("3")
    expect(row[3].locator(".kb-state")).to_have_text("晚于抢到的队")
    keys.wait_for_timeout(300)
    assert frames(keys) == sent + 1

    # keyboard alone: move desk 1 to Q (Enter on its button, then the key), Esc cancels a capture
    row[1].locator("[data-fkey^='set:']").focus()
    keys.keyboard.press("Enter")
    expect(keys.locator("#kb-prompt")).to_contain_text("请按下分配给")
    keys.keyboard.press("q")
    expect(row[1].locator(".kb-binds")).to_contain_text("Q")
    keys.keyboard.press("Enter")
    keys.keyboard.press("Escape")
    expect(keys.locator("#kb-prompt")).to_have_text("已取消")

    # a gamepad button for desk 4, set on the page, then pressed in the next question
    row[4].locator("[data-fkey^='set:']").click()
    keys.evaluate("() => { window.__pads[0].buttons[5] = { pressed: true, touched: true, value: 1 }; }")
    expect(row[4].locator(".kb-binds")).to_contain_text("手柄1 按钮6")
    keys.evaluate("() => { window.__pads[0].buttons[5] = { pressed: false, touched: false, value: 0 }; }")
    keys.wait_for_timeout(100)
    for kind in ("SkipQuestion", "ShowQuestion", "OpenBuzzers"):
        host(kind)
    expect(keys.locator("#kb-phase")).to_contain_text("已开放抢答")
    keys.evaluate("() => { window.__pads[0].buttons[5] = { pressed: true, touched: true, value: 1 }; }")
    expect(row[4].locator(".kb-state")).to_have_text("抢到答题权")
    console.bring_to_front()
    expect(console.locator("#hc-buzz")).to_contain_text(LATIN)
    keys.bring_to_front()
    settle(keys)
    keys.screenshot(path=str(SHOTS / "host-keys.png"), full_page=True)
    console.screenshot(path=str(SHOTS / "host-console-key-buzz.png"), full_page=True)

    # the mapping stays in this browser for this contest
    keys.reload()
    expect(row[4].locator(".kb-binds")).to_contain_text("手柄1 按钮6")
    expect(row[1].locator(".kb-binds")).to_contain_text("Q")
    log = [p["team_id"] for p in host.view()["episode"]["presses"]]
    assert log == [ids[LATIN]]
