"""Ties for first place (issue 13, item 5): /watch and the projector say 并列冠军, the host is offered 加赛.

Two of three teams answer right in the 必答 round and tie at the top. Before finishing, the
host's 结束比赛 confirmation offers 加赛 (the view says ``top_tied``); once finished, the
audience page names both teams as 并列冠军 (from the view's ``champions`` list) and the
projector's podium says 并列冠军 too. Screenshots go to $QUIZAPP_SHOTS_DIR (default:
the git-ignored artifacts/screenshots/results).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from .conftest import SHOTS
from .test_team_screen import (  # noqa: F401  (fixtures are used by name)
    Devices,
    Live,
    create_contest,
    devices,
    host_page,
    hosts,
    live,
)

OUT = Path(os.environ.get("QUIZAPP_SHOTS_DIR") or SHOTS / "results")
TEAMS = ["马克思主义学院", "经济管理学院", "外国语学院"]


def test_watch_and_projector_name_joint_champions_and_the_host_is_offered_a_tiebreak(
        live: Live, devices: Devices, hosts: Any) -> None:  # noqa: F811  (fixtures)
    OUT.mkdir(parents=True, exist_ok=True)
    cid = create_contest(devices, "party-constitution", "并列冠军测试赛", "\n".join(TEAMS))
    watch = devices.watcher(cid)
    screen = devices.screen(cid)
    host = hosts(cid)
    host("StartRound")  # 必答: desks 1, 2, 3 in turn; 1 and 2 right, 3 wrong
    for correct in (True, True, False):
        host("ShowQuestion")
        host("Judge", correct=correct)
    view = host.view()
    assert view["top_tied"] is True and view["champions"] == []

    console = host_page(devices)
    console.goto(f"{live.base}/host/{cid}")
    console.click("button[data-action=finish]")
    dialog = console.locator("#dlg-confirm")
    expect(dialog.locator("[data-ok]")).to_have_text("先加赛")
    expect(dialog.locator("[data-message]")).to_contain_text(f"{TEAMS[0]}")
    expect(dialog.locator("[data-message]")).to_contain_text("并列冠军")
    console.screenshot(path=str(OUT / "host-finish-offers-tiebreak.png"))
    dialog.locator("button[value=cancel]").click()
    expect(dialog.locator("[data-message]")).to_contain_text("确定结束比赛吗")  # then the plain finish confirm
    dialog.locator("button[value=cancel]").click()

    host("FinishContest")
    status = watch.locator("#w-idle")
    expect(status).to_contain_text("并列冠军")
    expect(status).to_contain_text(TEAMS[0])
    expect(status).to_contain_text(TEAMS[1])
    assert TEAMS[2] not in status.inner_text()
    watch.screenshot(path=str(OUT / "watch-joint-champions.png"), full_page=True)
    expect(screen.locator(".podium-slot.first .podium-medal")).to_have_text(["并列冠军", "并列冠军"])
    screen.evaluate("() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null)))")
    screen.screenshot(path=str(OUT / "screen-joint-champions.png"))
