"""Contest state: the fold of the event log. Only ``apply`` changes it.

These are plain mutable dataclasses for speed of replay; ``engine.apply``
copies before changing, so a state handed out is never modified behind
anyone's back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Self

from ..engine import Batch
from .audience import AudienceBoard
from .events import PressRecorded, RehearsalStarted
from .questions import Question
from .rounds import RoundSpec

TEAM_LIMIT = 200
MEMBER_LIMIT = 5


@dataclass
class TeamState:
    """A team (desk) and its running score."""

    id: str
    name: str
    desk: int
    colour: str
    members: tuple[str, ...]
    score: int


@dataclass
class Timer:
    """A countdown held as a deadline, so a restart still knows when it ends."""

    purpose: str  # answer | start | no_buzz | collect | window
    seconds: float
    deadline: float | None
    remaining: float
    interrupted: bool = False  # paused by a restart after it ran out unseen (the host decides)

    @property
    def running(self) -> bool:
        return self.deadline is not None

    def remaining_at(self, now: float) -> float:
        """Seconds left at ``now`` (never negative)."""
        if self.deadline is None:
            return max(0.0, self.remaining)
        return max(0.0, self.deadline - now)


@dataclass
class Episode:
    """The question on stage and everything that happened to it."""

    question: Question
    team_id: str
    stake: int
    phase: str  # reading | open | answering | collecting | judged | audience
    shown_at: float
    opened_at: float | None = None
    presses: list[PressRecorded] = field(default_factory=list)
    locked: set[str] = field(default_factory=set)
    attempts: int = 0
    submissions: dict[str, tuple[str, str]] = field(default_factory=dict)
    judged: dict[str, int] = field(default_factory=dict)
    outcome: str = ""
    revealed: bool = False
    audience: dict[str, str] = field(default_factory=dict)
    audience_ms: dict[str, int] = field(default_factory=dict)  # answer time per device (core.audience)
    tied_with: tuple[str, ...] = ()
    rebuzz: tuple[str, ...] = ()
    press_floor: int = 0  # presses before this index belong to an earlier opening
    # while presses wait for the window to close, non-host views stay as they were:
    hidden_since: int | None = None  # the version before the first undecided press
    public_timer: Timer | None = None  # the countdown the window timer replaced
    public_phase: str = ""  # the phase before the first undecided press (a press may open buzzers)

    def current_presses(self) -> list[PressRecorded]:
        """Presses since buzzing last (re)opened: the ones that compete now."""
        return self.presses[self.press_floor:]


@dataclass
class RoundState:
    """One round's queue, turn order and per-round penalties."""

    index: int
    spec: RoundSpec
    queue: list[Question] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)
    status: str = "pending"  # pending | running | ended
    turn_order: tuple[str, ...] = ()
    turn_pos: int = 0
    turn_served: int = 0
    fouls: dict[str, int] = field(default_factory=dict)
    barred: set[str] = field(default_factory=set)
    eligible: tuple[str, ...] = ()
    eliminated: set[str] = field(default_factory=set)
    winner: str = ""
    picked_tier: int | None = None


@dataclass(frozen=True)
class Judgement:
    """A recorded judgement, kept so a judge can overrule it later."""

    def __deepcopy__(self, memo: dict[int, object]) -> Self:
        """Immutable: copies of a state share it (keeps replay and undo cheap)."""
        return self

    no: int
    team_id: str
    round_index: int
    question_id: str
    correct: bool
    points: int
    alt_points: int


@dataclass
class ContestState:
    """Everything the rules need to decide the next command."""

    title: str = ""
    base_score: int = 100
    preset: str = ""
    status: str = "new"  # new | setup | running | finished
    teams: dict[str, TeamState] = field(default_factory=dict)
    rounds: list[RoundState] = field(default_factory=list)
    current_round: int | None = None
    episode: Episode | None = None
    timer: Timer | None = None
    judgements: dict[int, Judgement] = field(default_factory=dict)
    next_team_no: int = 1
    next_judgement_no: int = 1
    version: int = 0  # sequence number of the last log entry taken into account
    history: list[Batch] = field(default_factory=list)
    asked_ids: set[str] = field(default_factory=set)
    last_batch: int = 0
    rehearsal: RehearsalStarted | None = None  # while a rehearsal runs: its start, with the setup to restore
    rehearsals: int = 0  # rehearsals closed by a reset so far
    undo_floor: int = 0  # history index of the last rehearsal start/reset: undo never reaches it or before
    audience: AudienceBoard = field(default_factory=AudienceBoard)  # play-along nicknames and tallies

    @property
    def round(self) -> RoundState | None:
        """The round being played, if any."""
        if self.current_round is None:
            return None
        return self.rounds[self.current_round]

    def teams_by_desk(self) -> list[TeamState]:
        """Teams in desk order (the default order for turns and displays)."""
        return sorted(self.teams.values(), key=lambda t: (t.desk, t.id))

    def team_label(self, team_id: str) -> str:
        """"2号台（数学系）" — how hosts and screens name a team."""
        team = self.teams.get(team_id)
        if team is None:
            return team_id
        return f"{team.desk}号台（{team.name}）"
