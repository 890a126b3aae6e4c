"""Host pages in a real browser: login, contest list and creation, the live console
(round flow, judging, undo, shortcuts), the QR sheet, and escaping of team names."""

from __future__ import annotations

import json
import re
import urllib.request

import pytest
from playwright.sync_api import expect

from .conftest import HOST_PASSWORD, contests, login_host, new_contest

XSS_NAME = "<img src=x onerror=alert(1)>"
XSS_MEMBER = "<b>队员甲</b>"
PARTY_TEAMS = ["数学系", "物理系", "化学系", "计算机系"]

pytestmark = pytest.mark.slow  # a real server process and Chromium


def _console_ready(page) -> None:
    expect(page.locator("[data-conn]")).to_have_attribute("data-state", "ok")
    expect(page.locator("#hc-scoreboard tbody tr").first).to_be_visible()


def _score(page, team_name: str):
    row = page.locator("#hc-scoreboard tbody tr").filter(has=page.get_by_text(team_name, exact=True))
    return row.locator("[data-score]")


def _screen_view(base: str, contest_id: str) -> dict:
    with urllib.request.urlopen(f"{base}/api/contests/{contest_id}/view?audience=screen") as r:
        return json.load(r)


def test_wrong_password_shows_error_and_right_one_logs_in(page, server, shot):
    page.goto(f"{server}/host/login")
    page.fill("#password", "not-the-password")
    page.click("button[type=submit]")
    expect(page.get_by_role("alert")).to_contain_text("密码不对")
    expect(page).to_have_url(re.compile(r"/host/login"))
    shot(page, "host-login-error")

    page.fill("#password", HOST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server}/host")
    expect(page.get_by_role("heading", name="全部比赛")).to_be_visible()
    table = page.locator("#contest-list")
    expect(table).to_contain_text("党章知识趣味大赛")
    expect(table).to_contain_text("宿舍生活常识大赛")
    expect(page.locator("#create-form")).to_be_visible()
    shot(page, "host-index")


def test_demo_console_lists_the_four_teams(page, server, shot):
    cid = contests(server)["party-constitution"]
    login_host(page, server, cid)
    _console_ready(page)
    rows = page.locator("#hc-scoreboard tbody tr")
    expect(rows).to_have_count(4)
    for name in PARTY_TEAMS:
        expect(rows.get_by_text(name, exact=True)).to_be_visible()
    expect(page.locator("#hc-title")).to_have_text("党章知识趣味大赛")
    expect(page.locator("#hc-legend")).to_contain_text("快捷键")
    expect(page.locator('[data-action="next"] kbd')).to_have_text("N")
    shot(page, "host-console-demo")


def test_round_flow_judge_undo_and_keyboard(page, server, shot):
    # A fresh contest from the party preset, so other tests' use of the demo cannot interfere.
    login_host(page, server, contests(server)["party-constitution"])
    cid = new_contest(page, server, "浏览器测试·流程", "\n".join(
        ["数学系,张伟,王芳", "物理系,杨帆", "化学系", "计算机系"]), seed=7)
    _console_ready(page)
    expect(_score(page, "数学系")).to_have_text("100")

    page.click('[data-action="startRound"]')
    expect(page.locator("#hc-round")).to_have_text("第一轮 必答题")
    next_button = page.locator('[data-action="next"]')
    expect(next_button).to_be_enabled()
    next_button.click()

    stem = page.locator("[data-stem]")
    expect(stem).not_to_be_empty()
    first_stem = stem.inner_text()
    expect(page.locator("#hc-question")).to_contain_text("1号台")
    # The answer on the page is the bank's answer; the projector's view does not have it.
    qid = page.locator("#hc-question").inner_text().split("题号 ")[1].split()[0]
    bank = page.request.get(f"{server}/host/{cid}/questions?bank=party-constitution").json()
    question = next(q for q in bank["questions"] if q["id"] == qid)
    expected = {"true_false": "正确" if question["answer"] == ["true"] else "错误",
                "fill": question["answer"][0]}.get(question["type"], "".join(question["answer"]))
    expect(page.locator("[data-answer] strong")).to_have_text(expected)
    expect(page.locator("[data-answer]")).to_contain_text("仅主持人可见")
    if question["explanation"]:
        expect(page.locator("#hc-question")).to_contain_text(question["explanation"])
    screen = _screen_view(server, cid)
    assert screen["episode"]["question"]["stem"] == first_stem
    assert screen["episode"]["question"]["answer"] is None
    expect(page.locator("#hc-timer-label")).to_have_text("作答倒计时")
    shot(page, "host-console")

    page.click('[data-action="correct"]')
    expect(_score(page, "数学系")).to_have_text("110")
    expect(_score(page, "物理系")).to_have_text("100")
    expect(page.locator("#hc-history-list li").first).to_contain_text("回答正确")
    shot(page, "host-console-judged")

    page.click('[data-action="undo"]')
    dialog = page.locator("#dlg-confirm")
    expect(dialog).to_be_visible()
    expect(dialog.locator("[data-message]")).to_contain_text("将撤销：")
    expect(dialog.locator("[data-message]")).to_contain_text("1号台（数学系）回答正确")
    shot(page, "host-console-undo")
    dialog.locator("[data-ok]").click()
    expect(dialog).to_be_hidden()
    expect(_score(page, "数学系")).to_have_text("100")
    expect(page.locator("#hc-question span[data-phase]")).to_have_text("作答中")
    expect(stem).to_have_text(first_stem)

    # Shortcuts: Y judges correct, N shows the next question (to desk 2).
    page.locator("body").click(position={"x": 5, "y": 740})
    page.keyboard.press("y")
    expect(_score(page, "数学系")).to_have_text("110")
    page.keyboard.press("n")
    expect(stem).not_to_have_text(first_stem)
    expect(page.locator(".hc-q-team")).to_contain_text("2号台")
    expect(page.locator("#hc-question span[data-phase]")).to_have_text("作答中")
    # Typing in a field never triggers a shortcut.
    page.click('[data-adjust]')
    page.keyboard.type("n")
    page.keyboard.press("Escape")
    expect(page.locator("#dlg-adjust")).to_be_hidden()
    expect(page.locator(".hc-q-team")).to_contain_text("2号台")

    # A refused command is shown to the host.
    page.evaluate("""() => document.querySelector('[data-action="startRound"]').disabled = false""")
    page.click('[data-action="startRound"]')
    expect(page.locator(".toast.error")).to_contain_text("还没有结束")
    page.wait_for_timeout(250)  # let the toast finish fading in for the screenshot
    shot(page, "host-console-shortcut")


def test_score_adjust_needs_a_reason(page, server):
    login_host(page, server, contests(server)["party-constitution"])
    new_contest(page, server, "浏览器测试·调分", "甲队\n乙队", seed=7)
    _console_ready(page)
    page.locator('#hc-scoreboard tr', has_text="乙队").locator("[data-adjust]").click()
    dialog = page.locator("#dlg-adjust")
    expect(dialog).to_contain_text("乙队")
    dialog.locator("[data-delta='-5']").click()
    dialog.locator("button[value=ok]").click()
    expect(dialog.locator("[data-error]")).to_contain_text("理由")
    dialog.locator("input[name=reason]").fill("评委改判")
    dialog.locator("button[value=ok]").click()
    expect(dialog).to_be_hidden()
    expect(_score(page, "乙队")).to_have_text("95")
    expect(page.locator("#hc-history-list li").first).to_contain_text("评委改判")


def test_qr_sheet_has_one_code_per_team(page, server, shot):
    cid = contests(server)["party-constitution"]
    login_host(page, server, cid)
    page.goto(f"{server}/host/{cid}/qr")
    pages = page.locator(".qr-page")
    expect(pages).to_have_count(4)
    expect(page.locator(".qr-page .qr-code svg")).to_have_count(4)
    for i, name in enumerate(PARTY_TEAMS):
        sheet = pages.nth(i)
        expect(sheet.locator(".qr-desk-no")).to_have_text(str(i + 1))
        expect(sheet.locator(".qr-team")).to_have_text(name)
        expect(sheet.locator(".qr-pin strong")).to_have_text(re.compile(r"^\d{6}$"))
        expect(sheet.locator(".qr-url")).to_contain_text("/join/")
        expect(sheet.locator("form.qr-regen input[name=csrf_token]")).to_have_count(1)
    expect(page.get_by_text("请勿投屏").first).to_be_visible()
    shot(page, "host-qr-sheet")

    # Regenerating a team's code (on a contest of our own) changes its link; the old one stops working.
    own = new_contest(page, server, "浏览器测试·二维码", "甲队\n乙队", seed=7)
    page.goto(f"{server}/host/{own}/qr")
    expect(page.locator(".qr-page .qr-code svg")).to_have_count(2)
    old_url = page.locator(".qr-page").nth(1).locator(".qr-url").inner_text()
    old_pin = page.locator(".qr-page").nth(1).locator(".qr-pin strong").inner_text()
    page.once("dialog", lambda d: d.accept())
    page.locator(".qr-page").nth(1).locator("form.qr-regen button").click()
    page.wait_for_url(f"**/host/{own}/qr")
    expect(page.locator(".qr-page").nth(1).locator(".qr-url")).not_to_have_text(old_url)
    expect(page.locator(".qr-page").nth(0).locator(".qr-team")).to_have_text("甲队")
    old_path = "/join/" + old_url.rsplit("/join/", 1)[1]
    assert page.request.get(f"{server}{old_path}").status == 404
    assert re.fullmatch(r"\d{6}", old_pin)


def test_team_names_are_text_not_html(page, server, shot):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    login_host(page, server, contests(server)["party-constitution"])
    cid = new_contest(page, server, "浏览器测试·转义", f"{XSS_NAME},{XSS_MEMBER}\n物理系", seed=7)
    _console_ready(page)
    board = page.locator("#hc-scoreboard")
    expect(board.get_by_text(XSS_NAME, exact=True)).to_be_visible()
    expect(page.locator("img[src=x]")).to_have_count(0)
    expect(page.locator("#hc-scoreboard b")).to_have_count(0)

    page.click('[data-action="startRound"]')
    page.click('[data-action="next"]')
    expect(page.locator(".hc-q-team")).to_contain_text(XSS_NAME)
    expect(page.locator("img[src=x]")).to_have_count(0)
    shot(page, "host-console-escaping")

    page.goto(f"{server}/host")
    row = page.locator(f"#contest-list tr[data-contest='{cid}']")
    expect(row.get_by_text(XSS_NAME, exact=False)).to_be_visible()
    expect(page.locator("img[src=x]")).to_have_count(0)
    page.wait_for_timeout(300)  # an onerror handler would have fired by now
    assert dialogs == []


def test_a_new_view_keeps_focus_scroll_and_the_elements_that_did_not_change(page, server):
    """Panels are patched, not rebuilt: a view sent while the host works keeps focus and scroll."""
    login_host(page, server, contests(server)["party-constitution"])
    cid = new_contest(page, server, "浏览器测试·焦点", "甲队\n乙队", seed=7)
    _console_ready(page)
    page.add_style_tag(content="#hc-history-list { max-height: 3rem; }")  # short enough to scroll
    adjust = page.locator("#hc-scoreboard tr", has_text="乙队").locator("[data-adjust]")
    adjust.focus()
    page.evaluate("""() => {
        const list = document.querySelector('#hc-history-list');
        list.scrollTop = 20;
        document.activeElement.probe = 'kept';
        list.lastElementChild.probe = 'kept';
    }""")
    other = page.context.new_page()  # a second console of the same host moves the contest on
    other.goto(f"{server}/host/{cid}")
    expect(other.locator("[data-conn]")).to_have_attribute("data-state", "ok")
    other.locator('[data-action="startRound"]').click()
    expect(page.locator("#hc-round")).to_have_text("第一轮 必答题")
    expect(page.locator("#hc-history-list li").first).to_contain_text("比赛开始")
    kept = page.evaluate("""() => ({
        focus: document.activeElement.probe, item: document.querySelector('#hc-history-list').lastElementChild.probe,
        scroll: document.querySelector('#hc-history-list').scrollTop })""")
    # not back at the top: the rows in view stay in view (the browser's scroll anchoring may move
    # the offset by the height of the new entry above them)
    assert kept["focus"] == "kept" and kept["item"] == "kept" and kept["scroll"] >= 20
    other.close()
