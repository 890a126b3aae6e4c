"""Commands: what someone asks the contest to do. ``decide`` turns them into events.

Commands carry only what the sender chose; the service adds the receipt time
(``now``) and the actor. Frozen and keyword-only so they log and test cleanly.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..messages import Command as Command
from ..messages import Undo as Undo
from .questions import Question
from .rounds import RoundSpec


@dataclass(frozen=True, kw_only=True)
class CreateContest(Command):
    title: str
    rounds: tuple[RoundSpec, ...]
    base_score: int = 100
    preset: str = ""


@dataclass(frozen=True, kw_only=True)
class AddTeam(Command):
    name: str
    desk: int | None = None
    colour: str = ""
    members: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class UpdateTeam(Command):
    team_id: str
    name: str
    desk: int
    colour: str
    members: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class RemoveTeam(Command):
    team_id: str


@dataclass(frozen=True, kw_only=True)
class QueueQuestions(Command):
    round_index: int
    questions: tuple[Question, ...]


@dataclass(frozen=True, kw_only=True)
class StartRound(Command):
    round_index: int | None = None


@dataclass(frozen=True, kw_only=True)
class ShowQuestion(Command):
    question: Question | None = None
    team_id: str = ""


@dataclass(frozen=True, kw_only=True)
class OpenBuzzers(Command):
    pass


@dataclass(frozen=True, kw_only=True)
class StartTimer(Command):
    seconds: float | None = None


@dataclass(frozen=True, kw_only=True)
class PauseTimer(Command):
    pass


@dataclass(frozen=True, kw_only=True)
class ResumeTimer(Command):
    pass


@dataclass(frozen=True, kw_only=True)
class TimeUp(Command):
    purpose: str


@dataclass(frozen=True, kw_only=True)
class ServerRestarted(Command):
    """Sent by the server at start-up; ``last_seen`` is when the log last recorded anything."""

    last_seen: float


@dataclass(frozen=True, kw_only=True)
class Buzz(Command):
    """A press. ``corrected``/``delay``/``error`` come from clock sync when compensating."""

    team_id: str
    member: str = ""
    device: str = ""
    client_stamp: float | None = None
    corrected: float | None = None
    delay: float | None = None
    error: float | None = None
    clamped: bool = False
    window: float = 0.0


@dataclass(frozen=True, kw_only=True)
class Judge(Command):
    correct: bool
    team_id: str = ""
    by: str = "host"


@dataclass(frozen=True, kw_only=True)
class SubmitAnswer(Command):
    team_id: str
    answer: str
    member: str = ""


@dataclass(frozen=True, kw_only=True)
class CloseAnswers(Command):
    pass


@dataclass(frozen=True, kw_only=True)
class Overrule(Command):
    judgement_no: int
    correct: bool
    reason: str
    by: str = "judge"


@dataclass(frozen=True, kw_only=True)
class AdjustScore(Command):
    team_id: str
    delta: int
    reason: str


@dataclass(frozen=True, kw_only=True)
class SkipQuestion(Command):
    pass


@dataclass(frozen=True, kw_only=True)
class Reveal(Command):
    pass


@dataclass(frozen=True, kw_only=True)
class PickTier(Command):
    team_id: str
    tier: int | None  # None: skip this turn


@dataclass(frozen=True, kw_only=True)
class AudienceAnswer(Command):
    device: str
    choice: str


@dataclass(frozen=True, kw_only=True)
class AudienceName(Command):
    device: str
    name: str


@dataclass(frozen=True, kw_only=True)
class EndRound(Command):
    pass


@dataclass(frozen=True, kw_only=True)
class StartTieBreak(Command):
    teams: tuple[str, ...] = ()
    spec: RoundSpec | None = None


@dataclass(frozen=True, kw_only=True)
class FinishContest(Command):
    pass


@dataclass(frozen=True, kw_only=True)
class StartRehearsal(Command):
    """Play the contest as a rehearsal (彩排) from setup; ResetRehearsal brings setup back."""


@dataclass(frozen=True, kw_only=True)
class ResetRehearsal(Command):
    """End the rehearsal: back to setup with the same teams, phones and question plan."""
