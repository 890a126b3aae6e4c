"""Audience play-along in Chromium: phones answer a 党章 buzz question, the projector shows the
distribution after the reveal, then the audience leaderboard and the 最佳观众."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from quizapp.devserver import live_server

from . import test_team_screen as team_screen
from .conftest import HOST_PASSWORD, SHOTS, Host, contests
from .test_team_screen import Devices, Live

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2, "locale": "zh-CN"}
devices = team_screen.devices  # browser contexts per device, against this module's own server


@pytest.fixture(scope="module")
def live(tmp_path_factory) -> Iterator[Live]:
    inst = tmp_path_factory.mktemp("audience-play-instance")
    with live_server(inst, env={"QUIZAPP_HOST_PASSWORD": HOST_PASSWORD}) as base:
        yield Live(base, inst, (inst / "secret_key").read_text(encoding="utf-8").strip())


def snap(page, name: str) -> None:
    """Screenshot into the git-ignored artifacts folder, for people to look at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_the_hall_plays_along_and_the_projector_shows_the_crowd_after_the_reveal(devices: Devices, live: Live):
    cid = contests(live.base)["party-constitution"]
    host = Host(live.base, live.instance, cid)
    try:
        screen = devices.screen(cid)
        phones = []
        for _ in range(4):
            page = devices.page(**PHONE)
            page.goto(f"{live.base}/watch/{cid}")
            expect(page.locator("[data-conn]")).to_have_text("已连接")
            phones.append(page)
        phones[0].fill("#w-name-input", "红旗飘飘")
        phones[0].get_by_role("button", name="确定").click()
        expect(phones[0].locator("#w-name")).to_contain_text("昵称：红旗飘飘")

        buzz = next(r["index"] for r in host.view()["rounds"] if r["kind"] == "buzz")
        host("StartRound", round_index=buzz)
        while True:  # the 党章 buzz round: a choice question, no 观众题 fallback
            host("ShowQuestion")
            q = host.view()["episode"]["question"]
            if q["type"] in ("single", "true_false"):
                break
            host("SkipQuestion")
        keys = [o["key"] for o in ([{"key": k} for k in "ABCDEF"[: len(q["options"])]] if q["options"]
                                   else [{"key": "true"}, {"key": "false"}])]
        right = q["answer_keys"][0]
        wrong = [k for k in keys if k != right]
        picks = [right, wrong[0], wrong[-1], right]
        # the hall's phones are paced (a few views a second): wait for this question, not a skipped one
        expect(phones[0].locator("#w-stem")).to_have_text(q["stem"])
        buttons = phones[0].locator(".w-choice")
        expect(buttons).to_have_count(len(keys))
        expect(buttons.first).to_be_visible()
        box = buttons.first.bounding_box()
        assert box and box["height"] >= 44 and box["width"] >= 44
        snap(phones[0], "after-watch-question-390")
        for page, key in zip(phones, picks, strict=True):
            page.locator(".w-choice").nth(keys.index(key)).click()
            expect(page.locator(".w-result.sent")).to_contain_text("已提交")
        expect(screen.locator("#aud-dist")).to_be_hidden()  # the crowd's guess never before the reveal

        host("SkipQuestion")
        host("Reveal")
        expect(phones[0].locator(".w-result.ok")).to_contain_text("答对了 +10 分")
        expect(phones[1].locator(".w-result.bad")).to_contain_text("答错了")
        dist = screen.locator("#aud-dist")
        expect(dist).to_be_visible()
        expect(dist.locator("li.right")).to_contain_text("2 人 · 50%")
        expect(dist).to_contain_text("观众答题4人")
        expect(phones[0].locator("#w-mine")).to_contain_text("第 1 名")
        expect(phones[0].locator("#w-question")).not_to_contain_text("null")
        snap(screen, "after-screen-distribution-1920")
        snap(phones[0], "after-watch-right-390")
        snap(phones[1], "after-watch-wrong-390")
        screen.set_viewport_size({"width": 1280, "height": 720})
        snap(screen, "after-screen-distribution-1280")
        screen.set_viewport_size({"width": 1920, "height": 1080})

        host("EndRound")
        board = screen.locator("#aud-board-board")
        expect(board).to_be_visible()
        expect(board).to_contain_text("红旗飘飘")
        expect(board).to_contain_text("共 4 人")
        snap(screen, "after-screen-round-end-audience-board-1920")

        host("FinishContest")
        final = screen.locator("#aud-board-podium")
        expect(final.locator(".aud-best")).to_contain_text("红旗飘飘")
        screen.wait_for_function("() => [...document.querySelectorAll('.podium-slot')].every("
                                 "(e) => e.getAnimations().every((a) => a.playState === 'finished'))")
        snap(screen, "after-screen-podium-best-audience-1920")
        screen.set_viewport_size({"width": 1280, "height": 720})
        snap(screen, "after-screen-podium-best-audience-1280")
        expect(phones[0].locator(".w-best")).to_contain_text("红旗飘飘")
        expect(phones[0].locator("#w-leaders li.me")).to_contain_text("红旗飘飘")
        snap(phones[0], "after-watch-final-390")
    finally:
        host.close()
