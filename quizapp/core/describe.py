"""One-line zh-CN descriptions of events, for the undo preview and ``log show``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import events as ev
from .questions import TYPE_LABELS
from .state import ContestState

_DECISIONS: dict[str, str] = {"valid": "有效", "duplicate": "同队重复", "false_start": "犯规", "late": "晚于抢到者",
              "locked": "已锁定"}
_OUTCOMES: dict[str, str] = {"answered": "已作答", "missed": "无人答对", "void": "作废", "scrapped": "因犯规作废",
             "audience": "转为观众题", "skipped": "跳过"}
_TEXT: dict[type[ev.Event], Callable[[Any, Callable[[str], str]], str]] = {
    ev.ContestCreated: lambda e, t: f"创建比赛“{e.title}”（基础分 {e.base_score}，{len(e.rounds)} 轮）",
    ev.TeamAdded: lambda e, t: f"添加参赛队 {e.desk}号台（{e.name}）",
    ev.TeamUpdated: lambda e, t: f"修改参赛队 {e.desk}号台（{e.name}）",
    ev.TeamRemoved: lambda e, t: f"删除参赛队 {t(e.team_id)}",
    ev.RoundAdded: lambda e, t: f"增加轮次“{e.spec.title}”",
    ev.QuestionsQueued: lambda e, t: f"为第 {e.round_index + 1} 轮安排 {len(e.questions)} 道题",
    ev.ContestStarted: lambda e, t: "比赛开始",
    ev.RoundStarted: lambda e, t: f"开始第 {e.round_index + 1} 轮",
    ev.QuestionShown: lambda e, t: (f"出题 {e.question.id}（{TYPE_LABELS.get(e.question.type, '')}）"
                                    + (f"给{t(e.team_id)}" if e.team_id else "")),
    ev.BuzzersOpened: lambda e, t: "开始抢答",
    ev.TimerStarted: lambda e, t: f"开始计时 {e.seconds:g} 秒",
    ev.TimerPaused: lambda e, t: f"暂停计时（剩余 {e.remaining:.1f} 秒）",
    ev.TimerResumed: lambda e, t: "继续计时",
    ev.PressRecorded: lambda e, t: f"{t(e.team_id)}按下抢答器（{_DECISIONS.get(e.decision, e.decision)}）",
    ev.FalseStart: lambda e, t: f"{t(e.team_id)}抢答犯规（第 {e.foul_no} 次）",
    ev.BuzzWon: lambda e, t: f"{t(e.team_id)}抢到答题权" + ("（同时抢答）" if e.tied_with else ""),
    ev.RebuzzCalled: lambda e, t: "同时抢答，重新抢答：" + "、".join(t(x) for x in e.teams),
    ev.AnswerSubmitted: lambda e, t: f"{t(e.team_id)}提交答案 {e.answer}",
    ev.AnswersClosed: lambda e, t: "停止收集答案",
    ev.AnswerJudged: lambda e, t: (f"判定{t(e.team_id)}回答{'正确' if e.correct else '错误'}"
                                   + ("（超时）" if e.by == "timeout" else "")),
    ev.JudgementOverruled: lambda e, t: f"改判第 {e.judgement_no} 号判定为{'正确' if e.correct else '错误'}",
    ev.ScoreChanged: lambda e, t: f"{t(e.team_id)} {e.delta:+d} 分（{e.reason}）",
    ev.ScoreAdjusted: lambda e, t: f"调整{t(e.team_id)} {e.delta:+d} 分（{e.reason}）",
    ev.QuestionReopened: lambda e, t: "本题重新开放抢答",
    ev.QuestionClosed: lambda e, t: f"本题结束（{_OUTCOMES.get(e.outcome, e.outcome)}）",
    ev.AudienceAnswered: lambda e, t: f"观众作答 {e.choice}",
    ev.AnswerRevealed: lambda e, t: "公布答案",
    ev.TierPicked: lambda e, t: f"{t(e.team_id)}选择 {e.tier} 分题",
    ev.TurnSkipped: lambda e, t: f"{t(e.team_id)}放弃本轮选题",
    ev.TeamEliminated: lambda e, t: f"{t(e.team_id)}在加赛中被淘汰",
    ev.TieBreakWon: lambda e, t: f"{t(e.team_id)}赢得加赛",
    ev.RoundEnded: lambda e, t: f"结束第 {e.round_index + 1} 轮",
    ev.ContestFinished: lambda e, t: "比赛结束",
    ev.BatchesUndone: lambda e, t: f"撤销：{e.description}",
}



def describe(event: ev.Event, state: ContestState) -> str:
    """Say what the event did, naming teams as the room knows them (desk and name)."""
    return _TEXT[type(event)](event, state.team_label)
