"""Every zh-CN word the room reads for a state, verdict, status, actor or event type.

One table so the console, projector, phones, exports and results pages say
the same thing for the same fact (views send these labels; clients show them
instead of keeping their own copies). A leaf module: no core imports, so any
core module may use it.
"""

from __future__ import annotations

from typing import Final

# --- quiz ---------------------------------------------------------------------------
TYPE_LABELS: Final[dict[str, str]] = {"single": "单选", "multiple": "多选", "true_false": "判断", "fill": "填空",
                                      "short": "简答"}
PHASE_LABELS: Final[dict[str, str]] = {"reading": "读题中", "open": "抢答中", "answering": "作答中",
                                       "collecting": "收集答案中", "judged": "本题已结束", "audience": "观众答题中"}
ROUND_KIND_LABELS: Final[dict[str, str]] = {"compulsory": "必答题", "buzz": "抢答题", "risk": "风险题",
                                            "all_answer": "共答题", "tiebreak": "加赛"}
CONTEST_STATUS: Final[dict[str, str]] = {"new": "未创建", "setup": "未开始", "running": "进行中",
                                         "finished": "已结束"}
ROUND_STATUS: Final[dict[str, str]] = {"pending": "未开始", "running": "进行中", "ended": "已结束"}
DECISIONS: Final[dict[str, str]] = {"valid": "有效", "duplicate": "同队重复", "false_start": "犯规",
                                    "late": "晚于抢到者", "locked": "已锁定"}
OUTCOMES: Final[dict[str, str]] = {"answered": "已作答", "missed": "无人答对", "void": "作废",
                                   "scrapped": "因犯规作废", "audience": "转为观众题", "skipped": "跳过", "": "未结束"}
TIMER_LABELS: Final[dict[str, str]] = {"answer": "作答倒计时", "start": "请开始作答", "no_buzz": "抢答倒计时",
                                       "collect": "提交倒计时", "window": "判定中"}
JUDGED_BY: Final[dict[str, str]] = {"timeout": "超时", "auto": "自动判分", "judge": "裁判", "host": ""}
CORRECT: Final = "正确"
WRONG: Final = "错误"
PARTIAL: Final = "部分正确"
FOUL: Final = "犯规"
NOT_SUBMITTED: Final = "未提交"
TRUE_FALSE: Final[dict[str, str]] = {"true": CORRECT, "false": WRONG}
CHAMPION: Final = "冠军"
JOINT_CHAMPIONS: Final = "并列冠军"
PODIUM: Final[tuple[str, str, str]] = ("冠军", "亚军", "季军")
YES: Final = "是"

# --- sports day and 文明宿舍评比 --------------------------------------------------------
SPORTS_KIND_LABELS: Final[dict[str, str]] = {"timed": "计时", "counted": "计数", "ranked": "名次", "scored": "评分",
                                             "checklist": "检查评比"}
SPORTS_STATUS: Final[dict[str, str]] = {"scheduled": "未开始", "in_progress": "进行中",
                                        "provisional": "成绩待确认", "final": "成绩已确认"}
SPORTS_STATUS_SHORT: Final[dict[str, str]] = {"scheduled": "未开始", "in_progress": "进行中",
                                              "provisional": "待确认", "final": "已确认"}
VETO: Final = "否决"  # a dorm with a veto item (一票否决): one word on every page
ENTRY_STATUS: Final[dict[str, str]] = {"ok": "", "no_show": "缺席", "disqualified": "取消资格", "vetoed": VETO}
DROPPED: Final[dict[str, str]] = {"high": "去掉最高分", "low": "去掉最低分"}
PANEL_METHODS: Final[dict[str, str]] = {"trimmed": "去掉最高最低分取平均", "mean": "取平均"}
CATEGORIES: Final[dict[str, str]] = {"safety": "安全", "hygiene": "卫生", "discipline": "纪律", "culture": "文化"}

# --- who did it -----------------------------------------------------------------------
ACTORS: Final[dict[str, str]] = {"host": "主持人", "timer": "计时器", "server": "服务器", "audience": "观众",
                                 "recorder": "成绩录入台", "team": "队伍", "judge": "评委", "key": "键盘抢答器"}

# --- what happened: event types (quiz and sports) -----------------------------------
EVENT_LABELS: Final[dict[str, str]] = {
    "ContestCreated": "创建比赛", "TeamAdded": "添加参赛队", "TeamUpdated": "修改参赛队", "TeamRemoved": "删除参赛队",
    "RoundAdded": "增加轮次", "QuestionsQueued": "安排题目", "ContestStarted": "比赛开始", "RoundStarted": "开始一轮",
    "QuestionShown": "出题", "BuzzersOpened": "开始抢答", "TimerStarted": "开始计时", "TimerPaused": "暂停计时",
    "TimerResumed": "继续计时", "TimerInterrupted": "计时中断", "PressRecorded": "按下抢答器",
    "FalseStart": "抢答犯规", "BuzzWon": "抢到答题权", "RebuzzCalled": "重新抢答", "AnswerSubmitted": "提交答案",
    "AnswersClosed": "收卷", "AnswerJudged": "判定", "JudgementOverruled": "改判", "ScoreChanged": "得分变化",
    "ScoreAdjusted": "调分", "QuestionReopened": "重新开放抢答", "QuestionClosed": "本题结束",
    "AudienceAnswered": "观众作答", "AudienceNamed": "观众起昵称", "AnswerRevealed": "公布答案", "TierPicked": "选择分值", "TurnSkipped": "放弃选题",
    "TeamEliminated": "加赛淘汰", "TieBreakWon": "赢得加赛", "RoundEnded": "结束一轮", "ContestFinished": "比赛结束",
    "BatchesUndone": "撤销", "AwardsSet": "奖状设置", "RehearsalStarted": "开始彩排", "RehearsalReset": "彩排结束",
    "SportsDayCreated": "创建运动会", "SportsTeamAdded": "添加参赛队", "SportsEventAdded": "添加项目",
    "JudgeAdded": "添加评委", "EventStatusChanged": "项目状态变化", "ResultsRecorded": "录入成绩",
    "ResultCorrected": "更正成绩", "ScoreSubmitted": "评委打分", "SheetSubmitted": "提交检查表",
    "ScoreReopened": "重新开放评分", "SportsUndone": "撤销", "SportsAwardsSet": "奖状设置",
}


def event_label(name: str) -> str:
    """The Chinese name of an event type (its class name); unknown ones say so rather than leak English."""
    return EVENT_LABELS.get(name, "其他操作")


def actor_label(actor: str, name_of: dict[str, str] | None = None) -> str:
    """``host`` → 主持人, ``team:t1`` → 队伍 1号台（…）, ``judge:j1`` → 评委 张老师 (``name_of`` maps ids)."""
    kind, _, who = actor.partition(":")
    word = ACTORS.get(kind, "其他")
    if not who:
        return word
    shown = (name_of or {}).get(who, "")
    return f"{word} {shown}" if shown else word


def verdict_label(correct: bool, points: int = 0, *, by: str = "", answer: str = "") -> str:
    """正确 / 部分正确 / 错误, and 未提交 for a team auto-graded with nothing handed in."""
    if correct:
        return CORRECT
    if points > 0:
        return PARTIAL
    return NOT_SUBMITTED if by == "auto" and not answer else WRONG


def answer_label(question_type: str, answer: str) -> str:
    """What a team handed in, as people read it (``true`` → 正确 for 判断题)."""
    if question_type == "true_false":
        return TRUE_FALSE.get(answer, answer)
    return answer


def champions_label(count: int) -> str:
    """冠军 for one winner, 并列冠军 when several share first place."""
    return JOINT_CHAMPIONS if count > 1 else CHAMPION
