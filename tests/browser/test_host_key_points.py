"""A short answer on stage shows the host its 得分要点 (never the projector)."""

from __future__ import annotations

import json
import urllib.request

import pytest
from playwright.sync_api import expect

from .conftest import contests, login_host, new_contest

pytestmark = pytest.mark.slow  # a real server process and Chromium


def test_host_sees_the_scoring_points_of_a_short_answer(page, server, shot):
    page.set_viewport_size({"width": 1366, "height": 900})
    login_host(page, server, contests(server)["party-constitution"])
    cid = new_contest(page, server, "浏览器测试·得分要点", "数学系\n物理系\n化学系")
    expect(page.locator("[data-conn]")).to_have_attribute("data-state", "ok")

    page.click('[data-action="startRound"]')
    expect(page.locator("#hc-round")).to_have_text("第一轮 必答题")
    page.click('[data-action="picker"]')
    picker = page.locator("#dlg-picker")
    picker.locator("input[name=q]").fill("入党誓词")
    picker.locator("select[name=type]").select_option("short")
    picker.locator("[data-search]").click()
    picker.locator('[data-show="pc-166"]').click()
    expect(picker).to_be_hidden()

    points = page.locator("[data-key-points] li")
    expect(points).to_have_count(4)
    expect(points.last).to_contain_text("永不叛党")
    shot(page, "host-console-key-points")
    with urllib.request.urlopen(f"{server}/api/contests/{cid}/view?audience=screen") as r:
        assert json.load(r)["episode"]["question"]["key_points"] is None
