"""彩排 in a real browser: the console offers it in setup, every page shows the 彩排 mark during it,
the reset asks for confirmation in words that say what is kept, and a phone joined before still plays."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import contests, login_host, new_contest

pytestmark = pytest.mark.slow  # a real server process and Chromium
MARK = "#rehearsal-mark"


@pytest.fixture
def pages(devices):
    """pages(**context options): a new zh-CN device; a script error on any of them fails the test."""

    def new(**options):
        page = devices.page(locale="zh-CN", **options)
        page.set_default_timeout(8000)
        return page

    return new


def _score(page, team_name: str):
    row = page.locator("#hc-scoreboard tbody tr").filter(has=page.get_by_text(team_name, exact=True))
    return row.locator("[data-score]")


def _new_contest(page, base: str) -> str:
    login_host(page, base, contests(base)["party-constitution"])
    cid = new_contest(page, base, "浏览器测试·彩排", "数学系,张伟\n物理系\n化学系")
    expect(page.locator("[data-conn]")).to_have_attribute("data-state", "ok")
    return cid


def _phone(pages, host, base: str, contest_id: str):
    """The first desk's phone joins through the QR sheet's link, before the rehearsal."""
    sheet = pages()
    sheet.context.add_cookies(host.context.cookies())
    sheet.goto(f"{base}/host/{contest_id}/qr")
    link = re.findall(r"/join/[A-Za-z0-9_-]{6,}", sheet.content())[0]
    phone = pages(viewport={"width": 390, "height": 800}, is_mobile=True, has_touch=True)
    phone.goto(f"{base}{link}")
    phone.fill("#member", "张伟")
    phone.click("button[type=submit]")
    phone.wait_for_url("**/team")
    expect(phone.locator("[data-conn]")).to_have_text("已连接")
    return phone


def test_the_console_runs_a_rehearsal_marks_every_page_and_resets(server, pages, shot):
    host = pages(viewport={"width": 1366, "height": 768})
    cid = _new_contest(host, server)
    phone = _phone(pages, host, server, cid)
    screen = pages(viewport={"width": 1920, "height": 1080})
    screen.goto(f"{server}/screen/{cid}")
    expect(screen.locator("[data-conn]")).to_have_text("已连接")
    bar = host.locator("#hc-rehearsal")
    expect(bar).to_contain_text("正式开始前可以先彩排")
    expect(host.locator(MARK)).to_have_count(0)

    bar.locator("button").click()
    dialog = host.locator("#dlg-confirm")
    expect(dialog).to_be_visible()
    message = dialog.locator("[data-message]")
    expect(message).to_contain_text("已安排的正式题目")
    expect(message).to_contain_text("题目安排都保留")
    expect(message).to_contain_text("提前知道这些题目")
    shot(host, "rehearsal-start-confirm")
    dialog.locator("[data-ok]").click()

    for page in (host, screen, phone):
        expect(page.locator(MARK)).to_be_visible()
        expect(page.locator(MARK)).to_have_text("彩排 · 不计成绩")
    expect(bar).to_have_class(re.compile(r"\bon\b"))
    host.click('[data-action="startRound"]')
    host.locator('[data-action="next"]').click()
    stem = host.locator("[data-stem]").inner_text()
    host.click('[data-action="correct"]')
    expect(_score(host, "数学系")).to_have_text("110")
    expect(phone.locator("body")).to_contain_text(stem[:12])
    shot(host, "rehearsal-console")
    shot(screen, "rehearsal-screen")
    shot(phone, "rehearsal-phone")

    bar.locator("button").click()
    expect(dialog).to_be_visible()
    expect(message).to_contain_text("重置为未开始")
    expect(message).to_contain_text("题目安排不变")
    expect(message).to_contain_text("无需重新扫码")
    shot(host, "rehearsal-reset-confirm")
    dialog.locator("[data-ok]").click()

    for page in (host, screen, phone):
        expect(page.locator(MARK)).to_be_hidden()
    expect(_score(host, "数学系")).to_have_text("100")
    expect(host.locator("#hc-status")).to_have_text("未开始")
    expect(bar).to_contain_text("已彩排 1 次")
    expect(host.locator('[data-action="undo"]')).to_be_disabled()

    host.click('[data-action="startRound"]')  # the real contest, the same phone, the same first question
    host.locator('[data-action="next"]').click()
    expect(host.locator("[data-stem]")).to_have_text(stem)
    expect(phone.locator("[data-conn]")).to_have_text("已连接")
    expect(phone.locator("body")).to_contain_text(stem[:12])
    expect(bar).to_be_hidden()
