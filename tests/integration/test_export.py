"""Results exports (xlsx, csv) and the printable results page, built from a contest log."""

from __future__ import annotations

import csv
import io
from datetime import timedelta, timezone

import pytest
from openpyxl import load_workbook

from quizapp.core.engine import cancelled_batches
from quizapp.core.errors import DomainError
from quizapp.core.quiz import commands as c
from quizapp.core.quiz import events as ev
from quizapp.core.quiz.ranking import ranking
from quizapp.core.quiz.rulebook import QUIZ
from quizapp.reports import SHEETS, export_csv, export_xlsx, results_page
from tests.kit import contest, q

TZ = timezone(timedelta(hours=8))
T0 = 1_714_521_600.0  # 2024-05-01 08:00:00 in UTC+8
XSS = "<img src=x onerror=alert(1)>"


def t(offset: float) -> str:
    """The export's local time string of T0 + offset (UTC+8)."""
    from datetime import datetime

    moment = datetime.fromtimestamp(T0 + offset, TZ)
    return f"{moment:%Y-%m-%d %H:%M:%S}.{moment.microsecond // 1000:03d}"


def played():
    """Round 1 (必答): t1 right, t2 wrong (overruled later), t3 right → undone → wrong; t2 +5 by hand.
    Round 2 (抢答): t3 false start (−10), t2 wins the buzz and is right; then t1 wrong, t3 right.

    Final: t2 125, t1 100, t3 100 (t1 and t3 tied).
    """
    lg = contest({"kind": "compulsory"}, {"kind": "buzz"}, questions=4)
    lg.execute(c.StartRound(), T0 + 10)
    lg.execute(c.ShowQuestion(), T0 + 11)
    lg.execute(c.Judge(correct=True), T0 + 12)
    lg.execute(c.ShowQuestion(), T0 + 13)
    lg.execute(c.Judge(correct=False), T0 + 14)
    lg.execute(c.ShowQuestion(), T0 + 15)
    lg.execute(c.Judge(correct=True), T0 + 16)
    undone_batch = lg.log[-1].batch
    lg.execute(c.Undo(), T0 + 17)
    lg.execute(c.Judge(correct=False), T0 + 18)
    lg.execute(c.AdjustScore(team_id="t2", delta=5, reason="礼仪加分"), T0 + 19)
    lg.execute(c.EndRound(), T0 + 20)
    lg.execute(c.StartRound(), T0 + 90)
    lg.execute(c.ShowQuestion(), T0 + 95)
    lg.execute(c.Buzz(team_id="t3", member="王五", device="phone-3"), T0 + 96)
    lg.execute(c.OpenBuzzers(), T0 + 100)
    lg.execute(c.Buzz(team_id="t2", member="张三", device="phone-2", client_stamp=5000.5,
                      corrected=T0 + 100.18, delay=0.07, error=0.004), T0 + 100.25)
    lg.execute(c.Judge(correct=True), T0 + 105)
    lg.execute(c.ShowQuestion(), T0 + 110)
    lg.execute(c.OpenBuzzers(), T0 + 111)
    lg.execute(c.Buzz(team_id="t1", device="phone-1"), T0 + 112)
    lg.execute(c.Judge(correct=False), T0 + 113)
    lg.execute(c.Buzz(team_id="t3", device="phone-3"), T0 + 114)
    lg.execute(c.Judge(correct=True), T0 + 115)
    lg.execute(c.Overrule(judgement_no=2, correct=True, reason="录像显示回答正确"), T0 + 120)
    lg.execute(c.FinishContest(), T0 + 130)
    return lg, undone_batch


def sheet_rows(data: bytes, name: str) -> list[list]:
    workbook = load_workbook(io.BytesIO(data))
    return [list(row) for row in workbook[name].iter_rows(values_only=True)]


@pytest.fixture(scope="module")
def game():
    lg, undone = played()
    return lg, undone, export_xlsx(lg.log, tz=TZ)


def test_the_scenario_is_what_the_export_tests_assume(game):
    lg, undone, _ = game
    assert {tid: team.score for tid, team in lg.state.teams.items()} == {"t1": 100, "t2": 125, "t3": 100}
    assert undone in cancelled_batches(lg.log)


def test_workbook_has_the_five_sheets_in_order_then_the_analytics(game):
    assert load_workbook(io.BytesIO(game[2])).sheetnames == ["排名", "各轮得分", "题目记录", "彩排记录", "日志",
                                                             "题目分析", "分类正确率", "反应时间"]
    assert SHEETS == ("排名", "各轮得分", "题目记录", "彩排记录", "日志")


def test_ranking_sheet(game):
    assert sheet_rows(game[2], "排名") == [
        ["名次", "台号", "队名", "队员", "得分", "并列"],
        [1, 2, "队2", None, 125, None],
        [2, 1, "队1", None, 100, "是"],
        [2, 3, "队3", None, 100, "是"],
    ]


def test_per_round_sheet_adds_up_to_the_final_scores(game):
    lg, _, data = game
    rows = sheet_rows(data, "各轮得分")
    assert rows == [
        ["名次", "台号", "队名", "基础分", "第1轮 必答题", "第2轮 抢答题", "手动调整", "总分"],
        [1, 2, "队2", 100, 10, 10, 5, 125],  # the overrule of a round-1 verdict counts in round 1
        [2, 1, "队1", 100, 10, -10, 0, 100],
        [2, 3, "队3", 100, 0, 0, 0, 100],  # the undone +10 is not there; foul −10 and +10 in round 2
    ]
    final = {team.name: team.score for team in QUIZ.replay(lg.log).teams.values()}
    for row in rows[1:]:
        assert sum(row[3:7]) == row[7] == final[row[2]]


def test_question_sheet_lists_every_verdict_but_not_the_undone_one(game):
    rows = sheet_rows(game[2], "题目记录")
    assert rows[0] == ["序号", "轮次", "题目编号", "题型", "题目", "答案", "答题队", "作答内容", "判定", "得分",
                       "结果", "备注", "出题时间"]
    r1, r2 = "第1轮 必答题", "第2轮 抢答题"
    assert rows[1:] == [
        [1, r1, "q0", "单选", "第0题", "B", "1号台（队1）", None, "正确", 10, "已作答", None, t(11)],
        [2, r1, "q1", "单选", "第1题", "B", "2号台（队2）", None, "正确", 10, "无人答对",
         "改判为正确：录像显示回答正确", t(13)],
        [3, r1, "q2", "单选", "第2题", "B", "3号台（队3）", None, "错误", 0, "无人答对", None, t(15)],
        [4, r2, "q100", "单选", "第100题", "B", "3号台（队3）", None, "犯规", -10, "已作答", "第1次犯规", t(95)],
        [4, r2, "q100", "单选", "第100题", "B", "2号台（队2）", None, "正确", 10, "已作答", None, t(95)],
        [5, r2, "q101", "单选", "第101题", "B", "1号台（队1）", None, "错误", -10, "已作答", None, t(110)],
        [5, r2, "q101", "单选", "第101题", "B", "3号台（队3）", None, "正确", 10, "已作答", None, t(110)],
    ]


def test_log_sheet_lists_every_entry_and_flags_the_undone_batch(game):
    lg, undone, data = game
    rows = sheet_rows(data, "日志")
    assert rows[0] == ["序号", "时间", "批次", "操作者", "事件类型", "描述", "已撤销", "队伍", "队员", "设备", "判定",
                       "到达时间", "客户端时间戳", "校正时间", "延迟（毫秒）", "误差（毫秒）", "彩排"]
    assert [r[0] for r in rows[1:]] == [e.seq for e in lg.log]
    flagged = [r[0] for r in rows[1:] if r[6] == "是"]
    assert flagged == [e.seq for e in lg.log if e.batch == undone]
    assert [r[4] for r in rows[1:] if r[6] == "是"] == ["判定", "得分变化", "本题结束"]
    by_batch = [r for r in rows[1:] if r[2] == undone]
    assert by_batch[0][:8] == [by_batch[0][0], t(16), undone, "主持人", "判定", "判定3号台（队3）回答正确",
                               "是", "3号台（队3）"]
    undo_row = next(r for r in rows[1:] if r[4] == "撤销")
    assert undo_row[1:8] == [t(17), undone + 1, "主持人", "撤销",
                             "撤销：判定3号台（队3）回答正确，3号台（队3） +10", None, None]
    adjust_row = next(r for r in rows[1:] if r[4] == "调分")
    assert adjust_row[5:8] == ["调整2号台（队2） +5 分（礼仪加分）", None, "2号台（队2）"]


def test_log_sheet_shows_press_timing_for_disputes(game):
    rows = sheet_rows(game[2], "日志")
    presses = [r for r in rows[1:] if r[4] == "按下抢答器"]
    assert [r[5:16] for r in presses] == [
        ["3号台（队3）按下抢答器（犯规）", None, "3号台（队3）", "王五", "phone-3", "犯规", t(96), None, None, None,
         None],
        ["2号台（队2）按下抢答器（有效）", None, "2号台（队2）", "张三", "phone-2", "有效", t(100.25), 5000.5,
         t(100.18), 70.0, 4.0],
        ["1号台（队1）按下抢答器（有效）", None, "1号台（队1）", None, "phone-1", "有效", t(112), None, None, None,
         None],
        ["3号台（队3）按下抢答器（有效）", None, "3号台（队3）", None, "phone-3", "有效", t(114), None, None, None,
         None],
    ]
    assert t(100.25) == "2024-05-01 08:01:40.250"


def _plain(value) -> str:
    """A cell as text, with 70, 70.0 and "70.0" all the same number."""
    if value is None:
        return ""
    try:
        return repr(float(value))
    except ValueError:
        return str(value)


def test_csv_sheets_match_the_workbook(game):
    lg, _, data = game
    for name in SHEETS:
        raw = export_csv(lg.log, name, tz=TZ)
        assert raw.startswith(b"\xef\xbb\xbf")
        parsed = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
        expected = [[_plain(v) for v in row] for row in sheet_rows(data, name)]
        assert [[_plain(v) for v in row] for row in parsed] == expected, name


def test_csv_of_an_unknown_sheet_is_refused(game):
    with pytest.raises(DomainError) as err:
        export_csv(game[0].log, "成绩")
    assert err.value.code == "unknown_sheet"


def test_text_that_looks_like_a_formula_stays_text():
    lg = contest({"kind": "compulsory"}, teams=2)
    lg.execute(c.UpdateTeam(team_id="t1", name="=HYPERLINK(\"x\")", desk=1, colour="#e53935"), T0)
    lg.execute(c.UpdateTeam(team_id="t2", name="队\x07二", desk=2, colour="#1e88e5"), T0)
    data = export_xlsx(lg.log, tz=TZ)
    sheet = load_workbook(io.BytesIO(data))["排名"]
    assert (sheet["C2"].value, sheet["C2"].data_type) == ("=HYPERLINK(\"x\")", "s")
    assert sheet["C3"].value == "队\ufffd二"
    rows = list(csv.reader(io.StringIO(export_csv(lg.log, "排名").decode("utf-8-sig"))))
    assert rows[1][2] == "'=HYPERLINK(\"x\")"


def test_scores_without_any_round_played():
    lg = contest({"kind": "compulsory"}, teams=2)
    lg.execute(c.AdjustScore(team_id="t2", delta=-3, reason="迟到"), T0)
    assert sheet_rows(export_xlsx(lg.log, tz=TZ), "各轮得分") == [
        ["名次", "台号", "队名", "基础分", "第1轮 必答题", "手动调整", "总分"],
        [1, 1, "队1", 100, 0, 0, 100],
        [2, 2, "队2", 100, 0, -3, 97],
    ]
    assert sheet_rows(export_xlsx(lg.log, tz=TZ), "题目记录")[1:] == []


def test_ranking_sheet_follows_core_ranking_including_tiebreaks():
    lg = contest({"kind": "compulsory"}, teams=3)
    lg.execute(c.StartRound(), T0)
    for correct in (True, True, False):
        lg.execute(c.ShowQuestion(), T0 + 1)
        lg.execute(c.Judge(correct=correct), T0 + 2)
    lg.execute(c.EndRound(), T0 + 3)
    lg.execute(c.StartTieBreak(), T0 + 4)
    lg.execute(c.ShowQuestion(question=lg.state.rounds[0].queue[0]), T0 + 5)
    lg.execute(c.OpenBuzzers(), T0 + 6)
    lg.execute(c.Buzz(team_id="t2", device="b"), T0 + 7)
    lg.execute(c.Judge(correct=True), T0 + 8)
    rows = sheet_rows(export_xlsx(lg.log, tz=TZ), "排名")
    expected = [[r.rank, lg.state.teams[r.team_id].desk, lg.state.teams[r.team_id].name, None, r.score,
                 "是" if r.tied else None] for r in ranking(lg.state)]
    assert rows[1:] == expected == [[1, 2, "队2", None, 110, None], [2, 1, "队1", None, 110, None],
                                    [3, 3, "队3", None, 100, None]]
    assert sheet_rows(export_xlsx(lg.log, tz=TZ), "各轮得分")[0][4:6] == ["第1轮 必答题", "第2轮 加赛"]


def test_all_answer_submissions_and_partial_credit():
    lg = contest({"kind": "all_answer", "settings": {"partial_credit": True, "points_correct": 20}})
    lg.execute(c.StartRound(), T0)
    lg.execute(c.ShowQuestion(question=q(901, "multiple", "ABD")), T0 + 1)
    lg.execute(c.SubmitAnswer(team_id="t1", answer="d b a", member="李四"), T0 + 2)
    lg.execute(c.SubmitAnswer(team_id="t2", answer="AB"), T0 + 3)
    lg.execute(c.CloseAnswers(), T0 + 4)
    rows = sheet_rows(export_xlsx(lg.log, tz=TZ), "题目记录")
    assert [r[6:12] for r in rows[1:]] == [
        ["1号台（队1）", "ABD", "正确", 20, "已作答", "自动判分"],
        ["2号台（队2）", "AB", "部分正确", 10, "已作答", "自动判分"],
        ["3号台（队3）", None, "未提交", 0, "已作答", "自动判分"],
    ]
    assert rows[1][3:6] == ["多选", "第901题", "ABD"]


def test_an_empty_log_exports_headers_only():
    assert [sheet_rows(export_xlsx([], tz=TZ), name)[1:] for name in SHEETS] == [[], [], [], [], []]
    assert "暂无参赛队" in results_page([], tz=TZ)


# --- the results page ------------------------------------------------------------------
def test_results_page_escapes_every_name():
    lg = contest({"kind": "compulsory"}, teams=2)
    lg.execute(c.UpdateTeam(team_id="t1", name=XSS, desk=1, colour="#e53935", members=("<b>甲</b>",)), T0)
    lg.execute(c.StartRound(), T0 + 1)
    lg.execute(c.ShowQuestion(), T0 + 2)
    lg.execute(c.Judge(correct=True), T0 + 3)
    page = results_page(lg.log, tz=TZ)
    assert XSS not in page and "<b>甲" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;b&gt;甲&lt;/b&gt;" in page
    assert "<img" not in page and "<script" not in page


def test_results_page_escapes_the_title():
    lg = contest({"kind": "compulsory"}, teams=2)
    created = lg.log[0]
    hostile = ev.ContestCreated(at=T0, title="</title><script>alert(1)</script>", base_score=100,
                                rounds=created.event.rounds)
    log = [type(created)(created.seq, created.batch, created.actor, hostile), *lg.log[1:]]
    page = results_page(log, tz=TZ)
    assert "<script" not in page
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; · 比赛成绩</title>" in page


def test_results_page_content(game):
    lg, _, _ = game
    page = results_page(lg.log, tz=TZ)
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"zh-CN\">")
    assert "<title>测试赛 · 比赛成绩</title>" in page
    assert "@media print" in page and "@page" in page
    assert "比赛日期：2024年5月1日" in page
    assert "比赛尚未结束" not in page
    assert ('<div class="place place-1"><div class="label">第一名</div><div class="team">2号台 队2</div>'
            '<div class="score">125 分</div></div>') in page
    assert ('<div class="place place-2"><div class="label">第二名（并列）</div><div class="team">1号台 队1</div>'
            '<div class="team">3号台 队3</div><div class="score">100 分</div></div>') in page
    assert 'class="place place-3"' not in page
    assert ('<tr class="top"><td>1</td><td>2</td><td class="name">队2</td><td class="name"></td>'
            '<td class="total">125</td><td></td></tr>') in page
    assert ("<tr><td>2</td><td>1</td><td class=\"name\">队1</td><td>100</td><td>10</td><td>-10</td><td>0</td>"
            "<td class=\"total\">100</td></tr>") in page
    assert page.index("<h2>排名</h2>") < page.index("<h2>各轮得分</h2>")
    assert "数据截至 2024-05-01 08:02:10" in page and "共出题 5 道" in page


def test_results_page_of_an_unfinished_contest_says_so():
    lg = contest({"kind": "compulsory"}, teams=2)
    page = results_page(lg.log, tz=TZ)
    assert "比赛尚未结束，以下为当前成绩" in page
    assert page.count('class="place ') == 1  # both teams share first place
