"""The host console for a solo host: a key for every frequent action, the "?" legend, confirms
before destructive steps, the no-phone warning, the header links and the finished state."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import SHOTS, contests, login_host, new_contest

pytestmark = pytest.mark.slow  # a real server process and Chromium



def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"host-{name}.png"))


def _new_contest(page, base: str, preset: str, title: str) -> str:
    login_host(page, base, contests(base)["party-constitution"])
    cid = new_contest(page, base, title, "甲队\n乙队\n丙队", preset=preset)
    expect(page.locator("[data-conn]")).to_have_attribute("data-state", "ok")
    expect(page.locator("#hc-scoreboard tbody tr")).to_have_count(3)
    page.locator("#hc-question").click()  # focus on the page, not on a button or field
    return cid


def _phase(page):
    return page.locator("#hc-question span[data-phase]")


def _adjust(page, team: str, delta: int, expected: str) -> None:
    """Adjust a score through the dialog and wait for it: a round trip through the server."""
    page.locator("#hc-scoreboard tr", has_text=team).locator("[data-adjust]").click()
    dialog = page.locator("#dlg-adjust")
    dialog.locator("input[name=delta]").fill(str(delta))
    dialog.locator("input[name=reason]").fill("键盘测试")
    dialog.locator("button[value=ok]").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#hc-scoreboard tr", has_text=team).locator("[data-score]")).to_have_text(expected)
    page.locator("#hc-question").click()


def test_every_new_key_does_its_action_confirms_and_is_ignored_while_typing(page, server):
    _new_contest(page, server, "dorm-life", "键盘测试")
    round_label = page.locator("#hc-round")
    expect(round_label).to_have_text("尚未开始")
    _shot(page, "after-keys-setup")

    # Typed into a field, S is a letter, not 开始下一轮.
    page.evaluate("""() => { const i = document.createElement('input'); i.id = 'probe';
        document.querySelector('#hc-hint').after(i); }""")
    page.locator("#probe").click()
    page.keyboard.type("sS")
    expect(page.locator("#probe")).to_have_value("sS")
    _adjust(page, "甲队", 5, "105")  # anything the typed S had sent would be applied by now
    expect(round_label).to_have_text("尚未开始")
    expect(page.locator('[data-action="startRound"]')).to_be_enabled()

    # S starts round 1 (必答题: answered aloud, so no phone warning), N shows a question.
    page.keyboard.press("s")
    expect(round_label).to_have_text("第一轮 必答题")
    expect(page.locator("#dlg-confirm")).to_be_hidden()
    page.keyboard.press("n")
    expect(_phase(page)).to_have_text("作答中")

    # P pauses the countdown, T starts it again.
    timer = page.locator("#hc-timer-label")
    expect(timer).to_have_text("作答倒计时")
    page.keyboard.press("p")
    expect(timer).to_have_text("作答倒计时（已暂停）")
    page.keyboard.press("t")
    expect(timer).to_have_text("作答倒计时")
    expect(page.locator("#hc-timer")).not_to_have_attribute("data-state", "paused")

    # K asks first; Esc keeps the question, Enter skips it.
    dialog = page.locator("#dlg-confirm")
    page.keyboard.press("k")
    expect(dialog).to_be_visible()
    expect(dialog.locator("[data-title]")).to_have_text("跳过本题")
    _shot(page, "after-keys-skip-confirm")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(_phase(page)).to_have_text("作答中")
    page.keyboard.press("k")
    expect(dialog).to_be_visible()
    page.keyboard.press("Enter")
    expect(_phase(page)).to_have_text("本题已结束")
    expect(page.locator("#hc-question .pill.outcome-void")).to_have_text("作废")  # the core's word for it

    # E asks first; while the dialog is open no key fires.
    page.keyboard.press("e")
    expect(dialog).to_be_visible()
    expect(dialog.locator("[data-title]")).to_have_text("结束本轮")
    page.keyboard.press("s")
    page.keyboard.press("n")
    expect(dialog).to_be_visible()
    page.keyboard.press("Enter")
    expect(round_label).to_have_text("第一轮 必答题（已结束）")

    # Round 2 (共答) is answered on the phones: with none joined, S warns first.
    page.keyboard.press("s")
    expect(dialog).to_be_visible()
    expect(dialog.locator("[data-message]")).to_contain_text("还没有队伍手机加入：继续开始本轮？")
    _shot(page, "after-keys-no-phone-warning")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(round_label).to_have_text("第一轮 必答题（已结束）")
    page.keyboard.press("s")
    page.keyboard.press("Enter")
    expect(round_label).to_have_text("第二轮 共答题")

    # C closes the collection (收卷).
    page.keyboard.press("n")
    expect(_phase(page)).to_have_text("收集答案中")
    page.keyboard.press("c")
    expect(_phase(page)).not_to_have_text("收集答案中")
    expect(page.locator("#hc-history-list li").first).to_contain_text("停止收集答案")

    # U asks first too; Esc leaves everything as it was.
    page.keyboard.press("u")
    expect(dialog).to_be_visible()
    expect(dialog.locator("[data-title]")).to_have_text("撤销上一步")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.locator("#hc-status")).to_have_text("进行中")
    expect(page.locator("#hc-history-list li").first).to_contain_text("停止收集答案")
    page.wait_for_timeout(400)  # let the buttons' press animation end before the screenshot
    _shot(page, "after-keys-allanswer")


def test_question_mark_toggles_the_legend_and_buttons_show_their_keys(page, server):
    _new_contest(page, server, "practice", "键盘说明")
    legend = page.locator("#hc-keys")
    expect(legend).to_be_hidden()
    page.keyboard.press("?")
    expect(legend).to_be_visible()
    for key, what in (("S", "开始下一轮"), ("E", "结束本轮"), ("C", "收卷"), ("T", "开始计时"), ("K", "跳过本题")):
        expect(legend.locator("div", has=page.locator("kbd", has_text=re.compile(f"^{key}$")))).to_contain_text(what)
    _shot(page, "after-keys-legend")
    page.keyboard.press("?")
    expect(legend).to_be_hidden()
    page.click("#hc-keys-toggle")
    expect(legend).to_be_visible()
    page.locator("#hc-question").click()
    page.keyboard.press("Escape")
    expect(legend).to_be_hidden()
    for action, key in (("startRound", "S"), ("endRound", "E"), ("close", "C"), ("timer", "T"), ("skip", "K"),
                        ("finish", "F"), ("next", "N"), ("undo", "U")):
        expect(page.locator(f'[data-action="{action}"] kbd')).to_have_text(key)


def test_header_links_reach_results_export_and_banks(page, server):
    cid = _new_contest(page, server, "practice", "链接测试")
    nav = page.locator(".hc-nav")
    expect(nav.locator("#hc-results-link")).to_have_text("成绩公告 ↗")
    expect(nav.locator("#hc-export-link")).to_have_text("导出 Excel ⤓")
    expect(nav.locator("#hc-banks-link")).to_have_text("题库管理 ↗")
    for link in ("#hc-results-link", "#hc-export-link", "#hc-banks-link", "#hc-analytics-link"):
        expect(page.locator(link)).to_have_count(1)  # one header, no duplicates
    expect(page.locator("#hc-results-link")).to_have_attribute("href", f"/host/{cid}/results")
    expect(page.locator("#hc-export-link")).to_have_attribute("href", f"/host/{cid}/export.xlsx")

    with page.context.expect_page() as opened:
        page.click("#hc-results-link")
    results = opened.value
    results.wait_for_load_state()
    expect(results.locator("h1")).to_have_text("链接测试")
    results.close()
    with page.context.expect_page() as opened:
        page.click("#hc-banks-link")
    banks = opened.value
    banks.wait_for_load_state()
    assert banks.url.endswith("/host/banks")
    banks.close()
    with page.expect_download() as download:
        page.click("#hc-export-link")
    assert download.value.suggested_filename.endswith(".xlsx")


def test_finished_console_links_onward_and_the_list_marks_and_archives_it(page, server):
    cid = _new_contest(page, server, "practice", "结束测试")
    dialog = page.locator("#dlg-confirm")
    page.keyboard.press("s")  # 热身抢答 needs phones: confirm the warning
    expect(dialog.locator("[data-message]")).to_contain_text("还没有队伍手机加入")
    page.keyboard.press("Enter")
    expect(page.locator("#hc-round")).to_have_text("热身抢答")
    page.keyboard.press("f")  # everyone on 0: first offered 加赛, Esc finishes without it, after asking
    expect(dialog.locator("[data-title]")).to_have_text("第一名同分")
    page.keyboard.press("Escape")
    expect(dialog.locator("[data-title]")).to_have_text("结束比赛")
    expect(dialog).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("#hc-status")).to_have_text("已结束")

    after = page.locator("#hc-after")
    expect(page.locator(".hc-champion")).to_contain_text("并列冠军")
    expected = {"#hc-after-results": f"/host/{cid}/results", "#hc-after-export": f"/host/{cid}/export.xlsx",
                "#hc-after-certificates": f"/host/{cid}/certificates.pdf", "#hc-after-poster": f"/host/{cid}/poster.png",
                "#hc-after-analytics": f"/host/{cid}/analytics", "#hc-after-list": "/host"}
    for sel, href in expected.items():
        expect(after.locator(sel)).to_have_attribute("href", href)
    for sel in ("#hc-after-results", "#hc-after-export", "#hc-after-analytics"):
        reply = page.request.get(f"{server}{expected[sel]}")
        assert reply.status == 200, sel
    _shot(page, "after-console-finished-links")

    page.click("#hc-after-list")
    page.wait_for_url(f"{server}/host")
    row = page.locator(f"#contest-list tr[data-contest='{cid}']")
    expect(row.locator("[data-status]")).to_have_text("✓ 已结束")
    _shot(page, "after-list-finished")
    row.locator("[data-archive]").click()
    page.wait_for_url(f"{server}/host")
    expect(page.locator(f"#contest-list tr[data-contest='{cid}']")).to_have_count(0)
    page.click("#hi-archived-toggle")
    page.wait_for_url(f"{server}/host?archived=1")
    row = page.locator(f"#contest-list tr[data-contest='{cid}']")
    expect(row.locator("[data-archived]")).to_have_text("已归档")
    _shot(page, "after-list-archived")
    row.locator("[data-archive]").click()
    page.wait_for_url(f"{server}/host?archived=1")
    expect(row.locator("[data-archived]")).to_have_count(0)
    page.goto(f"{server}/host")
    expect(page.locator(f"#contest-list tr[data-contest='{cid}']")).to_have_count(1)
