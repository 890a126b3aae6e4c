"""The pages' commands carry the envelope: a fresh ``cid`` and the version of the view on screen."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from .conftest import contests, login_host, new_contest
from .test_host_console import _console_ready

pytestmark = pytest.mark.slow  # a real server process and Chromium


def test_console_commands_carry_a_fresh_cid_and_the_view_version(page, server):
    sent: list[list] = []

    def watch(ws) -> None:
        def frame(payload) -> None:
            found = re.match(r"^42\d*(\[.*)$", payload if isinstance(payload, str) else "")
            if found:
                sent.append(json.loads(found.group(1)))
        ws.on("framesent", frame)

    page.on("websocket", watch)
    login_host(page, server, contests(server)["party-constitution"])
    new_contest(page, server, "浏览器测试·信封", "甲队\n乙队", seed=7)
    _console_ready(page)
    page.click('[data-action="startRound"]')
    expect(page.locator("#hc-round")).to_have_text("第一轮 必答题")
    page.click('[data-action="next"]')
    expect(page.locator("[data-stem]")).not_to_be_empty()
    commands = [args[1] for args in sent if args[0] == "command"]
    assert [c["type"] for c in commands][:2] == ["StartRound", "ShowQuestion"]
    first, second = commands[:2]
    assert re.fullmatch(r"[0-9a-f]{24}", first["cid"]) and first["cid"] != second["cid"]
    assert isinstance(first["version"], int) and second["version"] > first["version"]
    assert not [args for args in sent if args[0] == "get_view" and "cid" in args[1]]  # reads carry none
