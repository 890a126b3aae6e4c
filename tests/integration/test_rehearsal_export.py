"""彩排 in the exports: rehearsal rows are marked, and the real contest's results leave them out."""

from __future__ import annotations

import csv
import io
from datetime import timedelta, timezone

from openpyxl import load_workbook

from quizapp.core.labels import event_label
from quizapp.core.quiz import commands as c
from quizapp.reports import export_csv, export_xlsx, results_page
from tests.kit import contest

TZ = timezone(timedelta(hours=8))
T0 = 1_714_521_600.0


def rows(data: bytes, name: str) -> list[list[object]]:
    return [list(r) for r in load_workbook(io.BytesIO(data))[name].iter_rows(values_only=True)]


def rehearsed_then_played():
    """A rehearsal where t1 scores 10 and t2 gets 5 by hand, a reset, then a real round where t3 scores 10."""
    lg = contest({"kind": "compulsory"}, questions=3)
    lg.execute(c.StartRehearsal(), T0 + 1)
    lg.execute(c.StartRound(), T0 + 2)
    lg.execute(c.ShowQuestion(), T0 + 3)
    lg.execute(c.Judge(correct=True), T0 + 4)
    lg.execute(c.AdjustScore(team_id="t2", delta=5, reason="试调"), T0 + 5)
    lg.execute(c.ResetRehearsal(), T0 + 6)
    lg.execute(c.StartRound(), T0 + 100)
    lg.execute(c.ShowQuestion(), T0 + 101)
    lg.execute(c.Judge(correct=False), T0 + 102)
    lg.execute(c.ShowQuestion(), T0 + 103)
    lg.execute(c.Judge(correct=False), T0 + 104)
    lg.execute(c.ShowQuestion(), T0 + 105)
    lg.execute(c.Judge(correct=True), T0 + 106)
    return lg


def test_the_real_contest_sheets_leave_the_rehearsal_out():
    lg = rehearsed_then_played()
    data = export_xlsx(lg.log, tz=TZ)
    assert rows(data, "排名")[1:] == [[1, 3, "队3", None, 110, None], [2, 1, "队1", None, 100, "是"],
                                     [2, 2, "队2", None, 100, "是"]]
    per_round = rows(data, "各轮得分")
    assert per_round[0][-2:] == ["手动调整", "总分"]
    assert [(r[2], r[-3], r[-2], r[-1]) for r in per_round[1:]] == [("队3", 10, 0, 110), ("队1", 0, 0, 100),
                                                                   ("队2", 0, 0, 100)]
    questions = rows(data, "题目记录")[1:]
    assert [(r[0], r[2], r[6], r[8]) for r in questions] == [
        (1, "q0", "1号台（队1）", "错误"), (2, "q1", "2号台（队2）", "错误"), (3, "q2", "3号台（队3）", "正确")]


def test_rehearsal_rows_are_marked_in_their_own_sheet_and_in_the_log():
    lg = rehearsed_then_played()
    data = export_xlsx(lg.log, tz=TZ)
    practice = rows(data, "彩排记录")
    assert practice[0][:3] == ["彩排", "序号", "轮次"]
    assert [(r[0], r[3], r[7], r[9], r[10]) for r in practice[1:]] == [("彩排1", "q0", "1号台（队1）", "正确", 10)]
    log = rows(data, "日志")
    assert log[0][-1] == "彩排"
    marked = [(r[4], r[-1]) for r in log[1:]]
    first, last = marked.index((event_label("RehearsalStarted"), "彩排1")), marked.index((event_label("RehearsalReset"), "彩排1"))
    assert all(mark == "彩排1" for _, mark in marked[first:last + 1])
    assert all(mark is None for _, mark in marked[:first] + marked[last + 1:])
    assert any(kind == event_label("ScoreAdjusted") for kind, _ in marked[first:last])
    sheet = export_csv(lg.log, "彩排记录", tz=TZ).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(sheet)))[1][:2] == ["彩排1", "1"]


def test_the_results_page_counts_only_the_real_contest():
    page = results_page(rehearsed_then_played().log, tz=TZ)
    assert "共出题 3 道" in page and "另有彩排 1 次，不计成绩" in page
    first = page.split('class="place place-1"')[1].split("</div></div>")[0]
    second = page.split('class="place place-2"')[1].split("</div></div>")[0]
    assert "3号台 队3" in first and "110 分" in first  # not 队1, whose 110 was only a rehearsal
    assert "1号台 队1" in second and "100 分" in second


def test_a_rehearsal_still_running_leaves_the_results_at_the_setup():
    lg = contest({"kind": "compulsory"}, questions=3)
    lg.execute(c.AdjustScore(team_id="t3", delta=5, reason="礼仪加分"), T0)
    lg.execute(c.StartRehearsal(), T0 + 1)
    lg.execute(c.StartRound(), T0 + 2)
    lg.execute(c.ShowQuestion(), T0 + 3)
    lg.execute(c.Judge(correct=True), T0 + 4)
    data = export_xlsx(lg.log, tz=TZ)
    assert [(r[2], r[4]) for r in rows(data, "排名")[1:]] == [("队3", 105), ("队1", 100), ("队2", 100)]
    assert rows(data, "题目记录")[1:] == []
    assert len(rows(data, "彩排记录")) == 2
    assert "正在彩排" in results_page(lg.log, tz=TZ)


def test_certificates_and_poster_results_leave_the_rehearsal_out():
    from quizapp.reports.awards import quiz_results

    lg = contest({"kind": "compulsory"}, questions=3)
    lg.execute(c.StartRehearsal(), T0 - 86400)  # the day before
    lg.execute(c.StartRound(), T0 - 86399)
    lg.execute(c.ShowQuestion(), T0 - 86398)
    lg.execute(c.Judge(correct=True), T0 - 86397)
    during = quiz_results(lg.log)
    assert [row.value for row in during.boards[0].rows] == ["100 分"] * 3 and during.day is not None
    lg.execute(c.ResetRehearsal(), T0 - 86000)
    lg.execute(c.StartRound(), T0)
    after = quiz_results(lg.log)
    assert after.day == T0  # the real contest's day, not the rehearsal's
