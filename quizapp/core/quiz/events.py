"""Events: what happened, as frozen facts. The log is a list of these.

Every event carries ``at``, the server time it happened (seconds since the
epoch, passed in: the core never reads the clock). The rulebook's codec
(``core.codec``) stores them as JSON driven by the type hints, so a new event
needs no codec code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..awards import AwardsSet as AwardsSet
from ..messages import BatchesUndone as BatchesUndone
from ..messages import Event as Event
from .questions import Question
from .rounds import RoundSpec


# --- setup -----------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class ContestCreated(Event):
    title: str
    base_score: int
    rounds: tuple[RoundSpec, ...]
    preset: str = ""


@dataclass(frozen=True, kw_only=True)
class TeamAdded(Event):
    team_id: str
    name: str
    desk: int
    colour: str
    members: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class TeamUpdated(Event):
    team_id: str
    name: str
    desk: int
    colour: str
    members: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class TeamRemoved(Event):
    team_id: str


@dataclass(frozen=True, kw_only=True)
class RoundAdded(Event):
    spec: RoundSpec
    eligible: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class QuestionsQueued(Event):
    round_index: int
    questions: tuple[Question, ...]


@dataclass(frozen=True, kw_only=True)
class ContestStarted(Event):
    pass


# --- rounds and questions ----------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class RoundStarted(Event):
    round_index: int
    turn_order: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class QuestionShown(Event):
    question: Question
    team_id: str = ""
    stake: int = 0


@dataclass(frozen=True, kw_only=True)
class BuzzersOpened(Event):
    pass


@dataclass(frozen=True, kw_only=True)
class TimerStarted(Event):
    purpose: str
    seconds: float


@dataclass(frozen=True, kw_only=True)
class TimerPaused(Event):
    remaining: float


@dataclass(frozen=True, kw_only=True)
class TimerResumed(Event):
    pass


@dataclass(frozen=True, kw_only=True)
class TimerInterrupted(Event):
    """The server restarted after a countdown ran out unseen: it is paused, not enforced."""

    purpose: str
    remaining: float


@dataclass(frozen=True, kw_only=True)
class PressRecorded(Event):
    team_id: str
    member: str
    device: str
    decision: str  # valid | duplicate | false_start | locked | late
    arrival: float
    client_stamp: float | None = None
    corrected: float | None = None
    delay: float | None = None
    error: float | None = None
    clamped: bool = False


@dataclass(frozen=True, kw_only=True)
class FalseStart(Event):
    team_id: str
    foul_no: int
    penalty: int
    effect: str  # void | scrap | lockout | barred


@dataclass(frozen=True, kw_only=True)
class BuzzWon(Event):
    team_id: str
    tied_with: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class RebuzzCalled(Event):
    teams: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class AnswerSubmitted(Event):
    team_id: str
    member: str
    answer: str


@dataclass(frozen=True, kw_only=True)
class AnswersClosed(Event):
    pass


@dataclass(frozen=True, kw_only=True)
class AnswerJudged(Event):
    team_id: str
    correct: bool
    points: int
    judgement_no: int
    by: str  # host | auto | timeout | judge
    alt_points: int = 0  # what the other verdict would have scored, for overrules
    answer: str = ""


@dataclass(frozen=True, kw_only=True)
class JudgementOverruled(Event):
    judgement_no: int
    correct: bool
    points: int
    by: str
    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class ScoreChanged(Event):
    team_id: str
    delta: int
    cause: str  # answer | false_start | adjustment | overrule
    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class ScoreAdjusted(Event):
    """A host's manual correction; standalone, so undoing it leaves the flow alone."""

    standalone: ClassVar[bool] = True
    team_id: str
    delta: int
    reason: str


@dataclass(frozen=True, kw_only=True)
class QuestionReopened(Event):
    pass


@dataclass(frozen=True, kw_only=True)
class QuestionClosed(Event):
    outcome: str  # answered | void | scrapped | audience | skipped


@dataclass(frozen=True, kw_only=True)
class AudienceAnswered(Event):
    device: str
    choice: str
    question_id: str = ""  # the question it answers: after an undo it may no longer be on stage


@dataclass(frozen=True, kw_only=True)
class AudienceNamed(Event):
    """An audience phone's nickname for the audience leaderboard (core.audience)."""

    device: str
    name: str


@dataclass(frozen=True, kw_only=True)
class AnswerRevealed(Event):
    pass


@dataclass(frozen=True, kw_only=True)
class TierPicked(Event):
    team_id: str
    tier: int


@dataclass(frozen=True, kw_only=True)
class TurnSkipped(Event):
    team_id: str


@dataclass(frozen=True, kw_only=True)
class TeamEliminated(Event):
    team_id: str


@dataclass(frozen=True, kw_only=True)
class TieBreakWon(Event):
    team_id: str


@dataclass(frozen=True, kw_only=True)
class RoundEnded(Event):
    round_index: int


@dataclass(frozen=True, kw_only=True)
class ContestFinished(Event):
    pass


# --- rehearsal (rules in core/rehearsal.py) ----------------------------------------
@dataclass(frozen=True, kw_only=True)
class RehearsalStarted(Event):
    """From here the contest is a rehearsal; the setup it will return to travels with it."""

    number: int  # 1 for the contest's first rehearsal
    rounds: tuple[RoundSpec, ...]
    queues: tuple[tuple[Question, ...], ...]
    eligible: tuple[tuple[str, ...], ...]
    scores: tuple[tuple[str, int], ...] = ()  # (team id, score) before the rehearsal


@dataclass(frozen=True, kw_only=True)
class RehearsalReset(Event):
    """Closes the rehearsal segment: back to setup with this plan and these scores."""

    number: int
    rounds: tuple[RoundSpec, ...]
    queues: tuple[tuple[Question, ...], ...]
    eligible: tuple[tuple[str, ...], ...]
    scores: tuple[tuple[str, int], ...] = ()  # teams added since start at the base score
    shown: int = 0  # questions shown during the rehearsal (for the log line)


EVENT_TYPES: dict[str, type[Event]] = {
    **{cls.__name__: cls for cls in Event.__subclasses__() if cls.__module__ == __name__},
    "BatchesUndone": BatchesUndone, "AwardsSet": AwardsSet,
}
