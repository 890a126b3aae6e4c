"""Analytics over HTTP: the contest page, the Excel sheets, the cross-contest page, sports and login."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from quizapp.questionbank.loader import load_sports_presets
from quizapp.services.setup import create_sports_day
from tests.analytics_kit import BANK, T0, stored
from tests.kit import login


def row(*cells: str) -> str:
    """A table row as the page writes it (question stems, "题目…" here, are left-aligned text)."""
    return "<tr>" + "".join(f'<td class="text">{c}</td>' if c.startswith("题目") else f"<td>{c}</td>"
                            for c in cells) + "</tr>"


@pytest.fixture
def cid(service) -> str:
    return stored(service)


def test_analytics_pages_need_the_host_login(client, cid):
    for url in (f"/host/{cid}/analytics", f"/host/analytics?bank={BANK}"):
        response = client.get(url)
        assert response.status_code == 302 and "/host/login" in response.headers["Location"], url


def test_contest_page_shows_the_hand_computed_figures(client, app, cid):
    login(client, app)
    response = client.get(f"/host/{cid}/analytics")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<title>党章知识趣味大赛 · 题目分析</title>" in page
    assert row("1", "a1", "题目a1", "第一章 党员、第五条", "1", "3", "2", "66.7", "0", "0", "—") in page
    assert row("3", "b1", "题目b1", "第二章 党的组织制度", "1", "2", "1", "50.0", "3", "1", "0.36") in page
    assert row("1", "b3", "题目b3", "第五条", "50.0", "2", "1", "0.60") in page  # hardest first
    assert row("第二章 党的组织制度", "1号台（队1）", "2", "1", "50.0") in page
    assert row("1号台（队1）", "3", "0.40", "0.41", "0.42", "0.51", "0.60", "0.47") in page
    assert page.count('role="img"') == 3  # bars, heat map, box plots
    assert "1号台（队1）：最短 0.40 秒，中位数 0.42 秒，最长 0.60 秒，共 3 次" in page
    assert "比赛尚未结束" not in page


def test_an_unfinished_contest_says_so_and_an_unknown_one_is_404(client, app, service):
    login(client, app)
    running = stored(service, finish=False)
    assert "比赛尚未结束，以下为目前的数据" in client.get(f"/host/{running}/analytics").get_data(as_text=True)
    assert client.get("/host/nosuch00/analytics").status_code == 404


def test_a_sports_day_is_told_analytics_are_for_knowledge_contests(client, app, service):
    login(client, app)
    sports = create_sports_day(service, load_sports_presets()["sports-day"], [("飞跃队", "5栋101", ""),
                                                                             ("追光队", "5栋203", "")])
    response = client.get(f"/host/{sports}/analytics")
    assert response.status_code == 200
    assert "题目分析只适用于知识竞赛" in response.get_data(as_text=True)


def test_excel_export_has_the_analytics_sheets(client, app, cid):
    login(client, app)
    workbook = load_workbook(io.BytesIO(client.get(f"/host/{cid}/export.xlsx").data))
    assert workbook.sheetnames[-3:] == ["题目分析", "分类正确率", "反应时间"]
    questions = [list(r) for r in workbook["题目分析"].iter_rows(values_only=True)]
    assert questions[0][7] == "正确率（%）"
    assert [[r[1], *r[5:]] for r in questions[1:]] == [
        ["a1", 3, 2, 66.7, 0, 0, None],
        ["a2", 3, 2, 66.7, 0, 0, None],
        ["b1", 2, 1, 50.0, 3, 1, 0.36],
        ["b2", 1, 1, 100.0, 2, 0, 0.55],
        ["b3", 2, 1, 50.0, 2, 0, 0.6],
    ]
    tags = [list(r) for r in workbook["分类正确率"].iter_rows(values_only=True)]
    assert tags[0] == ["标签", "队伍", "作答次数", "答对次数", "正确率（%）"]
    assert ["第五条", "3号台（队3）", 2, 0, 0] in tags
    times = [list(r) for r in workbook["反应时间"].iter_rows(values_only=True)]
    assert times[1:] == [["1号台（队1）", 3, 0.4, 0.41, 0.42, 0.51, 0.6, 0.47],
                         ["2号台（队2）", 2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.4],
                         ["3号台（队3）", 1, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8]]


def test_bank_page_aggregates_two_finished_contests(client, app, service, cid):
    second = stored(service, "第二场", T0 + 86_400)
    stored(service, "还在比", T0 + 2 * 86_400, finish=False)
    login(client, app)
    page = client.get(f"/host/analytics?bank={BANK}").get_data(as_text=True)
    assert "汇总了 2 场已结束的比赛" in page and "还在比" not in page
    assert f'href="/host/{cid}/analytics"' in page and f'href="/host/{second}/analytics"' in page
    assert row("3", "b1", "题目b1", "第二章 党的组织制度", "2", "2", "4", "2", "50.0", "6", "2", "0.36") in page
    assert row("第五条", "2", "10", "6", "60.0") in page  # a1 and b3 in both contests
    assert f'<option value="{BANK}" selected>' in page


def test_bank_page_explains_what_to_do_when_empty(client, app, service):
    stored(service, "还在比", finish=False)
    login(client, app)
    page = client.get("/host/analytics").get_data(as_text=True)
    assert "请选择一个题库" in page and '<option value="party-constitution">党章知识（party-constitution）</option>' in page
    page = client.get("/host/analytics?bank=party-constitution").get_data(as_text=True)
    assert "还没有已结束的比赛用过题库“党章知识”的题目" in page and 'role="img"' not in page
    page = client.get(f"/host/analytics?bank={BANK}").get_data(as_text=True)  # only an unfinished contest
    assert "还没有已结束的比赛用过题库" in page


def test_console_results_page_and_contest_list_link_to_analytics(client, app, cid):
    login(client, app)
    assert f'href="/host/{cid}/analytics"' in client.get(f"/host/{cid}").get_data(as_text=True)
    assert '<a href="analytics">题目分析</a>' in client.get(f"/host/{cid}/results").get_data(as_text=True)
    assert 'href="/host/analytics"' in client.get("/host").get_data(as_text=True)
