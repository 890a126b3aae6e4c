"""Sports day (宿舍趣味运动会) and judge panels: commands, events and state.

A command goes to the rulebook (``sports.rulebook``), whose deciders live in
``sports.rules``; the one engine (``core.engine``) applies events and replays
the log. Events hold only JSON-able values (ints, strings, tuples, nested
frozen dataclasses), so the shared codec (``core.codec``) stores them.

Units: times are int hundredths of a second, counts and places are ints,
direct scores are int hundredths of a point; judge scores and deductions are
canonical decimal strings (``"8.5"``), so Fractions are exact on the way back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..awards import AwardsSet
from ..engine import Batch
from ..labels import SPORTS_KIND_LABELS, SPORTS_STATUS
from ..messages import BatchesUndone, Command, Event
from ..messages import Undo as Undo

KIND_LABELS = SPORTS_KIND_LABELS
STATUS_LABELS = SPORTS_STATUS
COUNTING = ("provisional", "final")  # statuses whose results enter the standings


# ---------------------------------------------------------------- shared value types
@dataclass(frozen=True, kw_only=True)
class ChecklistLine:
    """One checklist item as data: category is a ``panel.Category`` value, amounts are decimals."""

    item_id: str
    category: str
    label: str
    max_deduction: str = "0"
    veto: bool = False


@dataclass(frozen=True, kw_only=True)
class ResultLine:
    """One team's parsed result. ``value``: timed hundredths, counted count, ranked place,
    scored hundredths of a point. ``adjust``: timed penalty seconds or counted deductions."""

    team_id: str
    status: str = "ok"  # ok | no_show | disqualified
    value: int = 0
    adjust: int = 0
    raw: str = ""


@dataclass(frozen=True, kw_only=True)
class EventSpec:
    """An event's normalised definition (validated by ``add_event``)."""

    name: str
    kind: str
    table: str
    few_entrants_rule: bool = False
    no_show_penalty: int = 0
    panel: bool = False  # results come from judges' scores (always for checklist)
    panel_method: str = "trimmed"
    score_min: str = "0"
    score_max: str = "10"
    scheduled: str = ""
    time_limit: int = 0
    note: str = ""
    in_standings: bool = True
    checklist: tuple[ChecklistLine, ...] = ()
    full_marks: str = "100"


# ---------------------------------------------------------------- commands
@dataclass(frozen=True, kw_only=True)
class CreateSportsDay(Command):
    title: str
    teams: tuple[tuple[str, str, str], ...] = ()  # (name, unit e.g. "5栋101", colour)
    preset: str = ""


@dataclass(frozen=True, kw_only=True)
class AddTeam(Command):
    name: str
    unit: str = ""
    colour: str = ""


@dataclass(frozen=True, kw_only=True)
class AddEvent(Command):
    name: str
    kind: str  # timed | counted | ranked | scored | checklist
    table: str = "7-5-4-3-2-1"
    few_entrants_rule: bool = False
    no_show_penalty: int = 0
    panel: bool = True  # scored events: judges score (False: the host types rubric scores)
    panel_method: str = "trimmed"
    score_min: str = "0"
    score_max: str = "10"
    scheduled: str = ""
    time_limit: int = 0
    note: str = ""
    in_standings: bool = True
    checklist: tuple[ChecklistLine, ...] = ()
    full_marks: str = "100"


@dataclass(frozen=True, kw_only=True)
class SetEventStatus(Command):
    event_id: str
    status: str  # scheduled | in_progress | provisional | final
    reason: str = ""  # required to leave "final"


@dataclass(frozen=True, kw_only=True)
class RecordResults(Command):
    event_id: str
    entries: tuple[tuple[str, str], ...]  # (team_id, typed result)


@dataclass(frozen=True, kw_only=True)
class CorrectResult(Command):
    """Correct one team (``team_id``/``value``) or several at once (``entries``, e.g. a swap).
    An empty value removes the team's result."""

    event_id: str
    reason: str
    team_id: str = ""
    value: str = ""
    entries: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, kw_only=True)
class AddJudge(Command):
    name: str
    unit: str = ""  # "" = neutral, may score everyone
    head: bool = False
    judge_id: str = ""  # "" = j1, j2, ...
    events: tuple[str, ...] = ()  # panel events this judge sits on; () = all


@dataclass(frozen=True, kw_only=True)
class SubmitScore(Command):
    event_id: str
    judge_id: str
    team_id: str
    score: str


@dataclass(frozen=True, kw_only=True)
class SubmitSheet(Command):
    event_id: str
    judge_id: str
    team_id: str
    deductions: tuple[tuple[str, str], ...] = ()  # (item_id, amount)
    vetoes: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class ReopenScore(Command):
    event_id: str
    judge_id: str
    team_id: str
    reason: str
    by: str = "host"  # "host" or a head judge's id


# ---------------------------------------------------------------- events
@dataclass(frozen=True, kw_only=True)
class SportsDayCreated(Event):
    title: str
    preset: str = ""


@dataclass(frozen=True, kw_only=True)
class SportsTeamAdded(Event):
    team_id: str
    name: str
    unit: str = ""
    colour: str = ""


@dataclass(frozen=True, kw_only=True)
class SportsEventAdded(Event):
    event_id: str
    spec: EventSpec


@dataclass(frozen=True, kw_only=True)
class JudgeAdded(Event):
    judge_id: str
    name: str
    unit: str = ""
    head: bool = False
    events: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class EventStatusChanged(Event):
    event_id: str
    status: str
    previous: str
    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class ResultsRecorded(Event):
    event_id: str
    lines: tuple[ResultLine, ...]


@dataclass(frozen=True, kw_only=True)
class ResultCorrected(Event):
    event_id: str
    team_id: str
    line: ResultLine | None  # None: the result was removed
    previous: ResultLine | None
    reason: str


@dataclass(frozen=True, kw_only=True)
class ScoreSubmitted(Event):
    event_id: str
    judge_id: str
    team_id: str
    score: str
    completes: bool = False  # this score completed the team's panel


@dataclass(frozen=True, kw_only=True)
class SheetSubmitted(Event):
    event_id: str
    judge_id: str
    team_id: str
    deductions: tuple[tuple[str, str], ...] = ()
    vetoes: tuple[str, ...] = ()
    total: str = ""
    completes: bool = False


@dataclass(frozen=True, kw_only=True)
class ScoreReopened(Event):
    event_id: str
    judge_id: str
    team_id: str
    by: str
    reason: str
    previous: str = ""


SPORTS_EVENT_TYPES: dict[str, type[Event]] = {cls.__name__: cls for cls in (
    SportsDayCreated, SportsTeamAdded, SportsEventAdded, JudgeAdded, EventStatusChanged, ResultsRecorded,
    ResultCorrected, ScoreSubmitted, SheetSubmitted, ScoreReopened, BatchesUndone, AwardsSet)}


# ---------------------------------------------------------------- state
@dataclass
class Team:
    id: str
    name: str
    unit: str
    colour: str

    @property
    def label(self) -> str:
        """"飞虎队（5栋101）" — the name, with the unit when it says something more."""
        return f"{self.name}（{self.unit}）" if self.unit and self.unit != self.name else self.name


@dataclass
class JudgeInfo:
    id: str
    name: str
    unit: str
    head: bool
    events: tuple[str, ...]


@dataclass
class Mark:
    """One judge's submission for one team: a score, or a checklist sheet."""

    score: str = ""
    deductions: tuple[tuple[str, str], ...] = ()
    vetoes: tuple[str, ...] = ()


@dataclass
class SportEvent:
    id: str
    spec: EventSpec
    status: str = "scheduled"
    results: dict[str, ResultLine] = field(default_factory=dict)
    marks: dict[tuple[str, str], Mark] = field(default_factory=dict)  # (judge_id, team_id)

    @property
    def uses_panel(self) -> bool:
        return self.spec.panel

    @property
    def counts(self) -> bool:
        """Results enter the standings: provisional or final, and the event is not result-only."""
        return self.status in COUNTING and self.spec.in_standings


@dataclass(frozen=True)
class FeedItem:
    """A result as it came in, for the ticker."""

    at: float
    event_id: str
    team_id: str
    what: str  # recorded | corrected | scored


@dataclass
class SportsState:
    title: str = ""
    preset: str = ""
    status: str = "new"  # new | open
    teams: dict[str, Team] = field(default_factory=dict)
    events: dict[str, SportEvent] = field(default_factory=dict)
    judges: dict[str, JudgeInfo] = field(default_factory=dict)
    feed: list[FeedItem] = field(default_factory=list)
    history: list[Batch] = field(default_factory=list)
    next_team_no: int = 1
    next_event_no: int = 1
    next_judge_no: int = 1
    version: int = 0  # the last log seq seen, so it only grows (also across undo)
    last_batch: int = 0
    undo_floor: int = 0  # the engine's: a sports day has no rehearsal, so undo reaches back to its creation

    def team_label(self, team_id: str) -> str:
        team = self.teams.get(team_id)
        return team.label if team else team_id

    def event_name(self, event_id: str) -> str:
        sev = self.events.get(event_id)
        return f"“{sev.spec.name}”" if sev else event_id

    def judge_name(self, judge_id: str) -> str:
        judge = self.judges.get(judge_id)
        return judge.name if judge else judge_id
