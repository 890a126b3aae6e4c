"""One-line zh-CN descriptions of events, for the undo preview and ``log show``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..labels import DECISIONS as _DECISIONS
from ..labels import OUTCOMES as _OUTCOMES
from ..labels import TYPE_LABELS, answer_label, verdict_label
from . import events as ev
from .state import ContestState

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
    ev.TimerInterrupted: lambda e, t: f"服务器重启：计时已暂停（剩余 {e.remaining:.1f} 秒）",
    ev.PressRecorded: lambda e, t: f"{t(e.team_id)}按下抢答器（{_DECISIONS.get(e.decision, e.decision)}）",
    ev.FalseStart: lambda e, t: f"{t(e.team_id)}抢答犯规（第 {e.foul_no} 次）",
    ev.BuzzWon: lambda e, t: f"{t(e.team_id)}抢到答题权" + ("（同时抢答）" if e.tied_with else ""),
    ev.RebuzzCalled: lambda e, t: "同时抢答，重新抢答：" + "、".join(t(x) for x in e.teams),
    ev.AnswerSubmitted: lambda e, t: f"{t(e.team_id)}提交答案 {e.answer}",  # see describe(): 判断 answers
    ev.AnswersClosed: lambda e, t: "停止收集答案",
    ev.AnswerJudged: lambda e, t: (f"判定{t(e.team_id)}{_judged(e)}" + ("（超时）" if e.by == "timeout" else "")),
    ev.JudgementOverruled: lambda e, t: f"改判第 {e.judgement_no} 号判定为{verdict_label(e.correct, e.points)}",
    ev.ScoreChanged: lambda e, t: f"{t(e.team_id)} {e.delta:+d} 分（{e.reason}）",
    ev.ScoreAdjusted: lambda e, t: f"调整{t(e.team_id)} {e.delta:+d} 分（{e.reason}）",
    ev.QuestionReopened: lambda e, t: "本题重新开放抢答",
    ev.QuestionClosed: lambda e, t: f"本题结束（{_OUTCOMES.get(e.outcome, e.outcome)}）",
    ev.AudienceAnswered: lambda e, t: f"观众作答 {e.choice}",
    ev.AudienceNamed: lambda e, t: f"观众昵称 {e.name}",
    ev.AnswerRevealed: lambda e, t: "公布答案",
    ev.TierPicked: lambda e, t: f"{t(e.team_id)}选择 {e.tier} 分题",
    ev.TurnSkipped: lambda e, t: f"{t(e.team_id)}放弃本轮选题",
    ev.TeamEliminated: lambda e, t: f"{t(e.team_id)}在加赛中被淘汰",
    ev.TieBreakWon: lambda e, t: f"{t(e.team_id)}赢得加赛",
    ev.RoundEnded: lambda e, t: f"结束第 {e.round_index + 1} 轮",
    ev.ContestFinished: lambda e, t: "比赛结束",
    ev.BatchesUndone: lambda e, t: f"撤销：{e.description}",
    ev.AwardsSet: lambda e, t: "修改奖状设置",
    ev.RehearsalStarted: lambda e, t: f"开始彩排（第 {e.number} 次）：以下操作只算彩排，不计成绩",
    ev.RehearsalReset: lambda e, t: (f"彩排结束（第 {e.number} 次，出题 {e.shown} 道），重置为准备状态："
                                     "参赛队、手机和题目安排保留，比分恢复为彩排前"),
}


def _judged(e: ev.AnswerJudged) -> str:
    verdict = verdict_label(e.correct, e.points, by=e.by, answer=e.answer)
    return verdict if verdict == "未提交" else f"回答{verdict}"


def describe(event: ev.Event, state: ContestState) -> str:
    """Say what the event did, naming teams as the room knows them (desk and name)."""
    if isinstance(event, ev.AnswerSubmitted) and state.episode is not None:
        shown = answer_label(state.episode.question.type, event.answer)
        return f"{state.team_label(event.team_id)}提交答案 {shown}"
    return _TEXT[type(event)](event, state.team_label)
