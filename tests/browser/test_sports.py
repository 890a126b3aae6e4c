"""The sports day (宿舍趣味运动会) in Chromium against a real server.

One browser context per device: the host's laptop, the projector (1920×1080), the results desk's
phone (360×640) and five judges' phones. The host reads the staff join links from the printable
staff sheet; the recorder types three events' results on the phone (one bad value first, one
correction); the projector and the host console follow each save. Then five judges score two
entrants of a judge-panel event: the projector shows "评分中 x/5" and then the scores with the
dropped highest and lowest struck through, and the result.

The demo sports day has no judge-panel event and hosts cannot add events over the socket, so this
module seeds its own instance (the demo plus one scored event) before starting its own server.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from quizapp.devserver import live_server

from .conftest import HOST_PASSWORD, Devices, login_host

PHONE = {"viewport": {"width": 360, "height": 640}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2, "locale": "zh-CN"}
SCREEN = {"viewport": {"width": 1920, "height": 1080}, "locale": "zh-CN"}
LAPTOP = {"viewport": {"width": 1366, "height": 860}, "locale": "zh-CN"}
TABLE = (7, 5, 4, 3, 2, 1)  # the preset's 7-5-4-3-2-1; 6 entrants fill the table, so every place scores
PANEL_EVENT = "宿舍风采展示"


@dataclass
class Day:
    base: str
    contest: str
    teams: dict[str, str]  # team id -> name
    events: dict[str, str]  # event name -> id


def _seed(instance: Path) -> tuple[str, dict[str, str], dict[str, str]]:
    """The demo contests plus a judge-panel event on the sports day, written before the server starts."""
    from quizapp.app import create_app
    from quizapp.core.sports import model as sm
    from quizapp.demo import load_demo

    app = create_app({"INSTANCE_PATH": str(instance), "START_BACKGROUND": False})
    try:
        service = app.extensions["quizapp.contests"]
        load_demo(service)
        cid = next(row.id for row in service.contests() if row.preset == "sports-day")
        service.execute(cid, sm.AddEvent(name=PANEL_EVENT, kind="scored", score_min="0", score_max="10",
                                         note="每队 3 分钟展示宿舍文化"), "host")
        state = service.state(cid)
        return (cid, {t.id: t.name for t in state.teams.values()},
                {e.spec.name: e.id for e in state.events.values()})
    finally:
        app.extensions["quizapp.engine"].dispose()


@pytest.fixture(scope="module")
def day(tmp_path_factory) -> Iterator[Day]:
    instance = tmp_path_factory.mktemp("sports-instance")
    cid, teams, events = _seed(instance)
    with live_server(instance, demo=False, env={"QUIZAPP_HOST_PASSWORD": HOST_PASSWORD}) as base:
        yield Day(base, cid, teams, events)


def snap(shot, page: Page, name: str) -> None:
    """A screenshot once the page's finite animations have run."""
    page.evaluate("""() => Promise.all(document.getAnimations()
        .filter((a) => a.effect && a.effect.getComputedTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => null)))""")
    shot(page, name)


def standings(page: Page, selector: str) -> dict[str, str]:
    """Team name -> total as the page shows it."""
    rows = page.locator(f"{selector} > li").evaluate_all(
        "els => els.map(e => [e.querySelector('.sp-team-name').textContent, e.dataset.total])")
    return dict(rows)


def expect_standings(page: Page, selector: str, expected: dict[str, int], timeout: float = 10) -> None:
    want = {k: str(v) for k, v in expected.items()}
    deadline = time.monotonic() + timeout
    while (got := standings(page, selector)) != want and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert got == want


def points(values: dict[str, int]) -> dict[str, int]:
    """Counted event, no ties: the highest count gets 7, then 5, 4, 3, 2, 1."""
    ranked = sorted(values, key=lambda team: -values[team])
    return {team: TABLE[i] for i, team in enumerate(ranked)}


def leader(totals: dict[str, int]) -> tuple[str, int]:
    name = max(totals, key=lambda t: totals[t])
    return name, totals[name]


def staff_links(page: Page, base: str) -> dict[str, str]:
    """Card label ("成绩录入台", "评委 · 李老师") -> join link on this server, from the staff sheet."""
    out = {}
    for card in page.locator(".sp-card").all():
        label = card.locator(".sp-card-label").inner_text().strip()
        url = card.locator(".sp-card-url").inner_text().strip()
        path = urlparse(url).path
        assert re.fullmatch(r"/join/[A-Za-z0-9_-]{6,}", path), url
        out[label] = f"{base}{path}"
    return out


def join(page: Page, link: str, name: str, target: str) -> None:
    page.goto(link)
    page.fill("#member", name)
    page.click("button[type=submit]")
    page.wait_for_url(f"**/{target}")


def enter(page: Page, values: dict[str, str], teams: dict[str, str]) -> None:
    by_name = {name: tid for tid, name in teams.items()}
    for name, value in values.items():
        page.fill(f"#t_{by_name[name]}", value)


def test_sports_day_on_phones_projector_and_console(day: Day, devices: Devices, shot) -> None:
    teams, events = day.teams, day.events

    # ---- the host's console and staff sheet
    host = devices.page(**LAPTOP)
    login_host(host, day.base, day.contest)
    expect(host.locator("[data-conn]")).to_have_text("已连接")
    expect(host.locator("#sh-schedule tbody tr")).to_have_count(len(events))
    expect(host.locator("#sh-standings > li")).to_have_count(6)
    totals = {k: int(v) for k, v in standings(host, "#sh-standings").items()}
    assert leader(totals) == ("启航队", 19)  # the demo's three events

    sheet = host.context.new_page()
    sheet.goto(f"{day.base}/host/{day.contest}/staff")
    expect(sheet.locator(".sp-staff-toolbar")).to_contain_text("请勿投屏")
    links = staff_links(sheet, day.base)
    assert set(links) == {"成绩录入台", "评委 · 李老师", "评委 · 王老师", "评委 · 陈同学", "评委 · 赵同学",
                          "评委 · 周同学"}
    expect(sheet.locator(".sp-card").filter(has_text="陈同学")).to_contain_text("5栋101")
    sheet.close()

    # ---- the projector
    screen = devices.page(**SCREEN)
    screen.goto(f"{day.base}/screen/{day.contest}")
    expect(screen.locator("[data-conn]")).to_have_text("已连接")
    expect_standings(screen, "#ss-standings", totals)
    expect(screen.locator("#ss-provisional")).to_be_visible()  # 跳长绳 and 两人三足 await confirmation

    # ---- the results desk's phone
    phone = devices.page(**PHONE)
    join(phone, links["成绩录入台"], "小刘", "recorder")
    row = phone.locator(".sp-row", has_text="夹乒乓球")
    expect(row.locator("[data-status-label]")).to_have_text("未开始")
    expect(phone.locator(".sp-row", has_text="拔河").locator("[data-status-label]")).to_have_text("成绩已确认")
    expect(phone.locator("[data-conn]")).to_have_text("已连接")
    snap(shot, phone, "sports-recorder")

    # 夹乒乓球: a typo first — a zh-CN message next to the field, nothing saved
    row.locator("a").click()
    expect(phone.locator("h1")).to_have_text("夹乒乓球")
    pingpong = {"飞跃队": 30, "追光队": 22, "启航队": 12, "星火队": 25, "破晓队": 18, "凌云队": 20}
    enter(phone, {**{k: str(v) for k, v in pingpong.items()}, "启航队": "abc", "星火队": "26-1"}, teams)
    phone.click("button[type=submit]")
    expect(phone.locator("#form-errors")).to_contain_text("没有保存")
    bad = phone.locator(".sp-field.has-error")
    expect(bad).to_have_count(1)
    expect(bad.locator("label")).to_have_text("启航队（21栋305）")
    expect(bad.locator(".sp-field-error")).to_have_text(re.compile(r"[\u4e00-\u9fff]"))
    expect(phone.locator("#form-saved")).to_have_count(0)
    snap(shot, phone, "sports-results-form-error")
    pingpong_row = host.locator(f"#sh-schedule tr[data-event='{events['夹乒乓球']}']")
    expect(pingpong_row.locator("td").nth(3)).to_have_text("0/6 队")
    expect(screen.locator("#ss-ticker")).not_to_contain_text("夹乒乓球")

    enter(phone, {"启航队": "12"}, teams)
    phone.click("button[type=submit]")
    expect(phone.locator("#form-saved")).to_contain_text("已保存")
    expect(phone.locator("#form-saved")).to_contain_text("成绩待确认")
    for team, pts in points(pingpong).items():
        totals[team] += pts
    assert leader(totals) == ("飞跃队", 23)
    expect(screen.locator("#ss-ticker .sp-tick-group").first).to_contain_text("夹乒乓球")
    expect_standings(screen, "#ss-standings", totals)
    first = screen.locator("#ss-standings > li").first
    expect(first.locator(".sp-team-name")).to_have_text("飞跃队")
    expect(first.locator(".sp-move.up")).to_be_visible()  # it climbed: ▲ next to the team
    expect_standings(host, "#sh-standings", totals)

    # 定点投篮, then a correction with its reason
    phone.click("text=项目列表")
    expect(phone.locator(".sp-row", has_text="夹乒乓球").locator("[data-status-label]")).to_have_text("成绩待确认")
    phone.locator(".sp-row", has_text="定点投篮").locator("a").click()
    shooting = {"飞跃队": 10, "追光队": 15, "启航队": 14, "星火队": 9, "破晓队": 8, "凌云队": 11}
    enter(phone, {k: str(v) for k, v in shooting.items()}, teams)
    phone.click("button[type=submit]")
    expect(phone.locator("#form-saved")).to_contain_text("已保存")
    after_shooting = dict(totals)
    for team, pts in points(shooting).items():
        after_shooting[team] += pts
    expect_standings(screen, "#ss-standings", after_shooting)

    shooting["启航队"] = 16
    enter(phone, {"启航队": "16"}, teams)
    phone.click("button[type=submit]")  # no reason: refused, nothing changes
    expect(phone.locator("#form-errors")).to_contain_text("原因")
    phone.fill("#reason", "裁判复核：启航队实为 16 个")
    phone.click("button[type=submit]")
    expect(phone.locator("#form-saved")).to_contain_text("已保存")
    for team, pts in points(shooting).items():
        totals[team] += pts
    assert leader(totals) == ("启航队", 27)
    expect_standings(screen, "#ss-standings", totals)
    expect(screen.locator("#ss-standings > li").first.locator(".sp-team-name")).to_have_text("启航队")
    expect(screen.locator("#ss-ticker")).to_contain_text("更正")
    expect_standings(host, "#sh-standings", totals)
    expect(host.locator("#sh-history")).to_contain_text("裁判复核：启航队实为 16 个")

    # 踢毽子
    phone.click("text=项目列表")
    phone.locator(".sp-row", has_text="踢毽子").locator("a").click()
    shuttle = {"飞跃队": 40, "追光队": 35, "启航队": 33, "星火队": 50, "破晓队": 20, "凌云队": 38}
    enter(phone, {k: str(v) for k, v in shuttle.items()}, teams)
    phone.click("button[type=submit]")
    expect(phone.locator("#form-saved")).to_contain_text("已保存")
    for team, pts in points(shuttle).items():
        totals[team] += pts
    assert leader(totals) == ("飞跃队", 31)
    expect_standings(screen, "#ss-standings", totals)
    expect_standings(host, "#sh-standings", totals)
    expect(screen.locator("#ss-ticker .sp-tick-group").first).to_contain_text("踢毽子")

    # the host confirms 夹乒乓球 from the console
    expect(pingpong_row.locator("td").nth(3)).to_have_text("6/6 队")
    pingpong_row.locator("select").select_option("final")
    expect(screen.locator(f"#ss-programme [data-event='{events['夹乒乓球']}']")).to_contain_text("成绩已确认")
    phone.click("text=项目列表")
    expect(phone.locator(".sp-row", has_text="夹乒乓球").locator("[data-status-label]")).to_have_text("成绩已确认")

    # ---- five judges score two entrants of the panel event
    panel_id = events[PANEL_EVENT]
    t_feiyue = next(t for t, n in teams.items() if n == "飞跃队")  # 5栋101, like 陈同学
    t_zhuiguang = next(t for t, n in teams.items() if n == "追光队")
    judges = {}
    for name in ("李老师", "王老师", "陈同学", "赵同学", "周同学"):
        judges[name] = devices.page(**PHONE)
        join(judges[name], links[f"评委 · {name}"], name, "judge")
    chen = judges["陈同学"]
    todo = chen.locator(f".sp-judge-event[data-event='{panel_id}'] .sp-todo-item")
    expect(todo).to_have_count(5)
    expect(todo.filter(has_text="追光队")).to_have_count(1)
    expect(todo.filter(has_text="飞跃队")).to_have_count(0)  # never their own unit
    expect(chen.locator(".sp-note")).to_contain_text("5栋101")
    expect(chen.locator(".sp-range")).to_contain_text("0–10")
    expect(judges["李老师"].locator(".sp-todo-item").filter(has_text="飞跃队")).to_have_count(1)

    def score(name: str, team_id: str, value: str) -> Page:
        page = judges[name]
        item = page.locator(f".sp-judge-event[data-event='{panel_id}'] li[data-team='{team_id}']")
        item.locator("input[name=score]").fill(value)
        item.locator("button[type=submit]").click()
        return page

    # out of range: a zh-CN message, nothing saved
    page = score("赵同学", t_zhuiguang, "11")
    expect(page.locator("#judge-error")).to_contain_text("没有提交")
    expect(page.locator(f"li[data-team='{t_zhuiguang}'] .sp-field-error")).to_have_text(re.compile(r"[\u4e00-\u9fff]"))

    entrant = screen.locator(f"#ss-panel li[data-team='{t_zhuiguang}']")
    zhuiguang = {"李老师": "9.5", "王老师": "8", "陈同学": "8.5", "赵同学": "7", "周同学": "9"}
    for n, (name, value) in enumerate(zhuiguang.items(), start=1):
        page = score(name, t_zhuiguang, value)
        expect(page.locator("#judge-message")).to_have_text("✓ 已提交")
        expect(page.locator(f".sp-judge-event[data-event='{panel_id}'] li[data-team='{t_zhuiguang}']")).to_have_count(0)
        if n < 5:
            expect(entrant).to_contain_text(f"评分中 {n}/5")
            expect(entrant.locator(".sp-score")).to_have_count(0)  # nobody sees scores before all are in
        if n == 3:
            snap(shot, screen, "sports-screen-panel")
    expect(entrant.locator(".sp-entrant-result")).to_have_text("8.50")  # (8 + 8.5 + 9) / 3
    expect(entrant.locator(".sp-score")).to_have_count(5)
    dropped = sorted(entrant.locator(".sp-score.dropped s").all_inner_texts())
    assert dropped == ["7.00", "9.50"]
    expect(screen.locator("#ss-ticker")).to_contain_text(PANEL_EVENT)

    feiyue = screen.locator(f"#ss-panel li[data-team='{t_feiyue}']")
    for n, (name, value) in enumerate({"李老师": "8", "王老师": "7.5", "赵同学": "9", "周同学": "6"}.items(), 1):
        score(name, t_feiyue, value)
        if n < 4:
            expect(feiyue).to_contain_text(f"评分中 {n}/4")  # 陈同学 stands aside
    expect(feiyue.locator(".sp-entrant-result")).to_have_text("7.75")
    assert sorted(feiyue.locator(".sp-score.dropped s").all_inner_texts()) == ["6.00", "9.00"]
    expect(host.locator(f"#sh-panels li[data-team='{t_feiyue}'] .sp-entrant-result")).to_have_text("7.75")
    snap(shot, screen, "sports-screen")
    snap(shot, judges["陈同学"], "sports-judge")

    # ---- undo from the console: the preview first, then a mandatory reason
    host.click("#sh-undo")
    dialog = host.locator("#dlg-undo")
    expect(dialog.locator("[data-preview]")).to_contain_text("周同学")
    dialog.locator("button[value=ok]").click()
    expect(dialog.locator("[data-error]")).to_have_text("请填写撤销原因")
    dialog.locator("input[name=reason]").fill("周同学误触，重新打分")
    dialog.locator("button[value=ok]").click()
    expect(feiyue).to_contain_text("评分中 3/4")
    expect(host.locator("#sh-history")).not_to_contain_text("周同学 给飞跃队")
    expect(judges["周同学"].locator(f"li[data-team='{t_feiyue}']")).to_have_count(1)  # may score again

    # ---- a new judge from the console
    host.fill("#sh-add-judge input[name=name]", "刘老师")
    host.fill("#sh-add-judge input[name=unit]", "21栋412")
    host.click("#sh-add-judge button[type=submit]")
    expect(host.locator("#sh-judges")).to_contain_text("刘老师")
    snap(shot, host, "sports-host")

    watch = devices.page(**PHONE)
    watch.goto(f"{day.base}/watch/{day.contest}")
    expect_standings(watch, "#sw-standings", totals)
    snap(shot, watch, "sports-watch")
