"""The analytics pages in Chromium: SVG charts with Chinese text, no script errors, screenshots.

The server gets its own instance seeded with two finished runs of the hand-computed contest
(tests/analytics_kit.py), so the figures on screen are the ones the unit tests check.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from quizapp.devserver import live_server
from tests.analytics_kit import BANK, T0, stored

from .conftest import HOST_PASSWORD

LAPTOP = {"viewport": {"width": 1366, "height": 860}, "locale": "zh-CN"}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Iterator[tuple[str, str]]:
    """(base URL, contest id): a server over an instance holding two finished contests."""
    from quizapp.app import create_app

    instance = tmp_path_factory.mktemp("analytics-instance")
    app = create_app({"INSTANCE_PATH": str(instance), "START_BACKGROUND": False})
    service = app.extensions["quizapp.contests"]
    cid = stored(service)
    stored(service, "党章知识趣味大赛（第二场）", T0 + 86_400)
    with live_server(instance, demo=False, env={"QUIZAPP_HOST_PASSWORD": HOST_PASSWORD}) as base:
        yield base, cid


def _open(browser: Browser, base: str, path: str) -> tuple[Page, list[str]]:
    """Log in, open ``path`` and collect every script error and console error (but the site's missing favicon)."""
    page = browser.new_context(**LAPTOP).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(f"{msg.location.get('url')}: {msg.text}")
            if msg.type == "error" and not msg.location.get("url", "").endswith("/favicon.ico") else None)
    page.goto(f"{base}/host/login?next={path}")
    page.fill("#password", HOST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"**{path}")
    return page, errors


def _cjk_text_width(page: Page, selector: str, text: str) -> float:
    """Rendered width of the SVG text element showing ``text`` (0 when missing)."""
    return page.eval_on_selector(selector, """(svg, text) => {
        const el = [...svg.querySelectorAll('text')].find((t) => t.textContent === text);
        return el ? el.getComputedTextLength() : 0; }""", text)


def test_contest_analytics_draws_three_charts_with_chinese_labels(browser, seeded, shot):
    base, cid = seeded
    page, errors = _open(browser, base, f"/host/{cid}/analytics")
    assert page.title() == "党章知识趣味大赛 · 题目分析"
    assert page.locator("svg.chart[role=img]").count() == 3
    for chart in ("#chart-questions", "#chart-tags", "#chart-reactions"):
        box = page.locator(chart).bounding_box()
        assert box and box["width"] > 300 and box["height"] > 100, chart
    assert page.locator("#chart-questions g.bar rect").count() == 5
    assert page.locator("#chart-reactions g.box").count() == 3
    # CJK glyphs render at full width (a missing font would draw nothing or narrow boxes)
    width = _cjk_text_width(page, "#chart-tags", "第二章 党的组织制度")
    assert width > 9 * 11, width
    assert page.evaluate("document.fonts.check('13px \"Noto Sans CJK SC\"')")
    assert page.locator("#questions table tbody tr").count() == 5
    assert page.locator("#hardest tbody tr").first.inner_text().split("\t")[:2] == ["1", "b3"]
    shot(page, "analytics-contest")
    assert errors == []


def test_bank_analytics_aggregates_and_the_picker_switches_bank(browser, seeded, shot):
    base, _ = seeded
    page, errors = _open(browser, base, "/host/analytics")
    assert "请选择一个题库" in page.locator("#an-empty").inner_text()
    page.goto(f"{base}/host/analytics?bank={BANK}")
    assert "汇总了 2 场已结束的比赛" in page.locator(".an-summary").inner_text()
    assert page.locator("svg.chart[role=img]").count() == 2
    first_tag = page.locator("#tags tbody tr").first.inner_text().split("\t")
    assert first_tag == ["第五条", "2", "10", "6", "60.0"]
    shot(page, "analytics-bank")
    page.select_option("#bank", "party-constitution")
    page.click(".an-picker button[type=submit]")
    page.wait_for_url("**bank=party-constitution")
    assert "还没有已结束的比赛用过题库“党章知识”的题目" in page.locator("#an-empty").inner_text()
    assert errors == []
