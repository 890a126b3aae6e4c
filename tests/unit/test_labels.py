"""The zh-CN label table (issue 13, item 5): every state has a word, and no English leaks out.

A quiz played through every kind of round (with an undo, a foul, an overrule, a 判断 question
one team never answers) and a sports day plus a 文明宿舍评比 (dropped scores, a veto) are walked:
every describe() line and every label column of every export sheet must be Chinese.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from quizapp.core import labels
from quizapp.core.quiz import commands as c
from quizapp.core.quiz.describe import describe
from quizapp.core.quiz.events import EVENT_TYPES
from quizapp.core.quiz.guards import PHASE_LABELS
from quizapp.core.quiz.questions import QUESTION_TYPES, TYPE_LABELS
from quizapp.core.quiz.rounds import ROUND_KINDS
from quizapp.core.quiz.rulebook import QUIZ
from quizapp.core.sports import model as m
from quizapp.core.sports.model import SPORTS_EVENT_TYPES
from quizapp.core.sports.rulebook import SPORTS
from quizapp.core.sports.views import view
from quizapp.questionbank.loader import load_sports_presets
from quizapp.reports.export import tables
from quizapp.reports.sports_export import sports_tables
from tests.kit import contest, q
from tests.unit.test_sports_engine import SportsLedger

CJK = re.compile(r"[\u4e00-\u9fff]")
# English a person must never read where a label belongs: actors, raw values, event class names.
LEAK = re.compile(r"\b(host|timer|server|audience|recorder|judge|team|true|false|none|null|valid|late|locked|"
                  r"answered|missed|void|scrapped|provisional|final|scheduled|in_progress|no_show|disqualified|"
                  r"vetoed|high|low)\b|\b[A-Z][a-z]+(?:[A-Z][a-z]+)+\b", re.IGNORECASE)
CAMEL = re.compile(r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)+\b")


def leaks(text: Any) -> list[str]:
    if not isinstance(text, str):
        return []
    return [m.group(0) for m in LEAK.finditer(text)] + [m.group(0) for m in CAMEL.finditer(text)]


def test_every_event_type_quiz_and_sports_has_a_chinese_label() -> None:
    names = set(EVENT_TYPES) | set(SPORTS_EVENT_TYPES)
    missing = sorted(n for n in names if n not in labels.EVENT_LABELS)
    assert missing == []
    assert all(CJK.search(labels.event_label(n)) for n in names)
    assert labels.event_label("SomethingNew") == "其他操作"  # never the class name


@pytest.mark.parametrize(("table", "keys"), [
    (labels.SPORTS_STATUS, ("scheduled", "in_progress", "provisional", "final")),
    (labels.SPORTS_KIND_LABELS, ("timed", "counted", "ranked", "scored", "checklist")),
    (labels.ROUND_KIND_LABELS, ROUND_KINDS),
    (TYPE_LABELS, QUESTION_TYPES),
    (PHASE_LABELS, ("reading", "open", "answering", "collecting", "judged", "audience")),
    (labels.CONTEST_STATUS, ("new", "setup", "running", "finished")),
    (labels.ENTRY_STATUS, ("no_show", "disqualified", "vetoed")),
])
def test_every_status_kind_and_phase_has_a_chinese_label(table: dict[str, str], keys: tuple[str, ...]) -> None:
    assert all(CJK.search(table[k]) for k in keys)


def test_one_word_for_one_fact() -> None:
    assert m.STATUS_LABELS is labels.SPORTS_STATUS  # the pills and the history lines say the same
    assert labels.SPORTS_STATUS["provisional"] == "成绩待确认" and labels.SPORTS_STATUS["final"] == "成绩已确认"
    assert labels.ENTRY_STATUS["vetoed"] == labels.VETO == "否决"
    assert labels.champions_label(1) == "冠军" and labels.champions_label(2) == "并列冠军"


def test_actors_and_verdicts_read_as_people_say_them() -> None:
    assert labels.actor_label("host") == "主持人" and labels.actor_label("timer") == "计时器"
    assert labels.actor_label("judge:j1", {"j1": "李老师"}) == "评委 李老师"
    assert labels.actor_label("team:t1", {"t1": "1号台（数学系）"}) == "队伍 1号台（数学系）"
    assert labels.verdict_label(False, by="auto", answer="") == "未提交"
    assert labels.verdict_label(False, by="host", answer="") == "错误"
    assert labels.verdict_label(False, 5) == "部分正确"
    assert labels.answer_label("true_false", "true") == "正确" and labels.answer_label("single", "B") == "B"


def played_quiz() -> Any:
    """Every kind of round: 必答 with an undo and an adjustment, 抢答 with a foul and an overrule,
    共答 on a 判断 question that one team never answers, then the end."""
    lg = contest({"kind": "compulsory"}, {"kind": "buzz"}, {"kind": "all_answer"}, questions=4)
    lg.execute(c.StartRound(), 10)
    lg.execute(c.ShowQuestion(), 11)
    lg.execute(c.Judge(correct=True), 12)
    lg.execute(c.ShowQuestion(), 13)
    lg.execute(c.Judge(correct=False), 14)
    lg.execute(c.Undo(), 15)
    lg.execute(c.Judge(correct=True), 16)
    lg.execute(c.AdjustScore(team_id="t2", delta=5, reason="礼仪加分"), 17)
    lg.execute(c.EndRound(), 18)
    lg.execute(c.StartRound(), 20)
    lg.execute(c.ShowQuestion(), 21)
    lg.execute(c.Buzz(team_id="t3", member="王五", device="phone-3"), 22)
    lg.execute(c.OpenBuzzers(), 23)
    lg.execute(c.Buzz(team_id="t2", member="张三", device="phone-2"), 24)
    lg.execute(c.Judge(correct=False), 25)
    lg.execute(c.SkipQuestion(), 26)
    lg.execute(c.Overrule(judgement_no=max(lg.state.judgements), correct=True, reason="录像"), 27)
    lg.execute(c.EndRound(), 28)
    lg.execute(c.StartRound(), 30)
    lg.execute(c.ShowQuestion(question=q(900, "true_false", "true")), 31)
    lg.execute(c.SubmitAnswer(team_id="t1", answer="true"), 32)
    lg.execute(c.SubmitAnswer(team_id="t2", answer="false"), 33)
    lg.execute(c.CloseAnswers(), 34)
    lg.execute(c.EndRound(), 35)
    lg.execute(c.FinishContest(), 40)
    return lg


# label columns of the quiz export (everything else holds names, stems, numbers or times)
QUIZ_LABEL_COLUMNS = {"题目记录": ("题型", "判定", "结果", "备注"), "彩排记录": ("题型", "判定", "结果"),
                      "日志": ("操作者", "事件类型", "描述", "判定", "已撤销")}
SPORTS_LABEL_COLUMNS = {"各项目成绩": ("类型", "状态", "成绩", "备注"), "评委打分": ("去掉", "最终得分"),
                        "日志": ("操作者", "事件类型", "描述", "已撤销"), "排名": ("备注", "得分")}


def label_cells(sheets: dict[str, Any], columns: dict[str, tuple[str, ...]]) -> list[tuple[str, str, Any]]:
    cells = []
    for name, wanted in columns.items():
        header, rows = sheets[name]
        for column in (x for x in wanted if x in header):  # 排名 differs for a judged-only contest
            i = header.index(column)
            cells += [(name, column, row[i]) for row in rows]
    return cells


def test_no_english_in_the_quiz_log_or_export() -> None:
    lg = played_quiz()
    state = QUIZ.replay([])
    from quizapp.core.quiz.apply import mutate

    lines = []
    for entry in lg.log:
        lines.append(describe(entry.event, state))
        mutate(state, entry.event)
    assert [x for x in lines if leaks(x)] == []
    sheets = tables(lg.log)
    cells = label_cells(sheets, QUIZ_LABEL_COLUMNS)
    assert cells and [c for c in cells if leaks(c[2])] == []
    judged = [row for row in sheets["题目记录"][1] if row[2] == "q900"]
    assert {(row[6], row[7], row[8]) for row in judged} == {("1号台（队1）", "正确", "正确"),
                                                           ("2号台（队2）", "错误", "错误"),
                                                           ("3号台（队3）", "", "未提交")}


def sports_and_civility() -> list[SportsLedger]:
    """A sports day with two events (one final, with a no-show) and a 文明宿舍评比 with a veto."""
    from quizapp.core.sports.presets import load_sports_preset

    ledgers = []
    for preset in ("sports-day", "civility"):
        lg = SportsLedger()
        for command in load_sports_preset(load_sports_presets()[preset],
                                          [("飞跃队", "5栋101", ""), ("追光队", "5栋203", ""), ("启航队", "21栋305", "")]):
            lg.execute(command, actor="host")
        events = list(lg.state.events)
        if preset == "sports-day":
            lg.execute(m.RecordResults(event_id=events[0], entries=(("t1", "1"), ("t2", "2"), ("t3", "3"))),
                       actor="recorder")
            lg.execute(m.SetEventStatus(event_id=events[0], status="final"))
            lg.execute(m.RecordResults(event_id=events[1], entries=(("t1", "30"), ("t2", "缺席"), ("t3", "取消资格"))),
                       actor="recorder")
        else:
            for name in ("李老师", "王老师", "陈老师"):
                lg.execute(m.AddJudge(name=name))
            for judge, cut in zip(lg.state.judges, ("2", "5", "3"), strict=True):
                for team in lg.state.teams:
                    lg.execute(m.SubmitSheet(event_id=events[0], judge_id=judge, team_id=team,
                                             deductions=(("h1", cut),), vetoes=("s1",) if team == "t3" else ()),
                               actor=f"judge:{judge}")
            lg.execute(m.SetEventStatus(event_id=events[0], status="final"))
        ledgers.append(lg)
    return ledgers


def test_no_english_in_the_sports_and_civility_log_export_or_view_labels() -> None:
    for lg in sports_and_civility():
        lines = [text for _, _, text in SPORTS.log_lines(lg.log)]
        assert lines and [x for x in lines if leaks(x)] == []
        cells = label_cells(sports_tables(lg.log), SPORTS_LABEL_COLUMNS)
        assert [c for c in cells if leaks(c[2])] == []
        data = view(lg.state, "host")
        shown = [r["status_label"] for rows in data["results"].values() for r in rows]
        shown += [e["status_label"] for e in data["schedule"]] + [data["champions_label"]]
        assert [x for x in shown if leaks(x)] == []
    civility = view(sports_and_civility()[1].state, "screen")
    rows = next(iter(civility["results"].values()))
    assert [r["status_label"] for r in rows if r["team_id"] == "t3"] == ["否决"]  # never 取消资格
    assert civility["champions_label"] == "并列冠军" and len(civility["champions"]) == 2
