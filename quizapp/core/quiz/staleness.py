"""Does a command made against an older view still mean what its sender saw?

Every client command carries the view version it was made against. When the
log has moved on since, the events in between are checked against the command:
only changes that alter what the command would do make it ``stale``. Other
teams' presses never make a team's press stale; anything at all happening
makes an undo stale, because the batch it would cancel (and what the cascade
takes along) is no longer the one previewed.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import commands as cmd
from . import events as ev

STALE_ANSWER = "答题的队伍或判定已经变化，这次判定没有执行，请看清当前画面后重新操作"
STALE_QUESTION = "题目或轮次已经变化，这次操作没有执行，请看清当前画面后重新操作"

# The question on stage or the round changed: nothing made for the old one applies.
QUESTION_MOVES: tuple[type[ev.Event], ...] = (
    ev.RoundStarted, ev.RoundEnded, ev.QuestionShown, ev.ContestFinished,
    ev.RehearsalStarted, ev.RehearsalReset,
)
# Who answers, or what was decided about an answer, changed.
ANSWER_MOVES: tuple[type[ev.Event], ...] = (
    ev.BuzzWon, ev.RebuzzCalled, ev.FalseStart, ev.AnswerJudged, ev.JudgementOverruled,
    ev.AnswersClosed, ev.QuestionClosed, ev.QuestionReopened, ev.TimerInterrupted,
)
TEAM_COMMANDS: tuple[type[cmd.Command], ...] = (cmd.Buzz, cmd.PickTier, cmd.SubmitAnswer, cmd.AudienceAnswer)


def _any(since: Sequence[ev.Event], kinds: tuple[type[ev.Event], ...]) -> bool:
    return any(isinstance(e, kinds) for e in since)


def _judge_moved(command: cmd.Judge, since: Sequence[ev.Event]) -> bool:
    """A verdict is stale when the answering team, its answer or an earlier verdict changed."""
    if _any(since, ANSWER_MOVES):
        return True
    return any(isinstance(e, ev.AnswerSubmitted) and (not command.team_id or e.team_id == command.team_id)
               for e in since)


def _overrule_moved(command: cmd.Overrule, since: Sequence[ev.Event]) -> bool:
    return any(isinstance(e, ev.JudgementOverruled) and e.judgement_no == command.judgement_no
               for e in since)


def stale_reason(command: cmd.Command, since: Sequence[ev.Event]) -> str | None:
    """A zh-CN reason to refuse ``command``, given the (non-audience) events logged after its view.

    Undo is the engine's (``core.engine.stale_undo``); timer and restart commands come from
    the server itself and are never stale.
    """
    if isinstance(command, cmd.TimeUp | cmd.ServerRestarted):
        return None
    if isinstance(command, TEAM_COMMANDS):
        return STALE_QUESTION if _any(since, QUESTION_MOVES) else None
    if _any(since, (*QUESTION_MOVES, ev.BatchesUndone)):
        return STALE_QUESTION
    if isinstance(command, cmd.Judge) and _judge_moved(command, since):
        return STALE_ANSWER
    if isinstance(command, cmd.Overrule) and _overrule_moved(command, since):
        return STALE_ANSWER
    return None
