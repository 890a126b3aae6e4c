"""Audience play-along: every phone on /watch may answer the question on stage.

With the round setting ``audience_play`` (on by default) each audience device
answers every 单选/多选/判断 question once, from the moment it is shown until
it is judged or revealed; a 观众题 (nobody buzzed) stays open until the reveal
whatever the setting. The first answer counts: a change is refused. Answers
are scored only at the reveal, so neither the distribution nor the
leaderboard can leak the crowd's guess to the teams before it.

Leaderboard order: most correct answers first; among equals, the smaller
total answer time of the correct answers (seconds from the question appearing
to the answer, in 0.1 s steps); equal on both is a tie (并列, same rank).

Audience events never enter the undo history: hundreds of votes must not
bury the host's last action, and an undo never cancels a vote.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Self

from ..errors import DomainError
from . import commands as cmd
from . import events as ev
from .questions import LETTERS, Question

if TYPE_CHECKING:
    from .state import ContestState

AUDIENCE_EVENTS: tuple[type[ev.Event], ...] = (ev.AudienceAnswered, ev.AudienceNamed)
PLAYABLE_TYPES = ("single", "multiple", "true_false")
NAME_MAX = 12
POINTS_PER_CORRECT = 10
TOP = 10
STEP_MS = 100  # answer times count in 0.1 s steps: finer is network noise
OPEN_PHASES = ("reading", "open", "answering", "collecting")


@dataclass(frozen=True)
class Tally:
    """One device's running record over the contest."""

    answered: int = 0
    correct: int = 0
    time_ms: int = 0  # total answer time of the correct answers


@dataclass
class AudienceBoard:
    """Nicknames and tallies of every audience device of a contest."""

    names: dict[str, str] = field(default_factory=dict)
    tallies: dict[str, Tally] = field(default_factory=dict)

    def __deepcopy__(self, memo: dict[int, object]) -> Self:
        """Values are immutable: a shallow copy of the two maps is a full copy, and cheap."""
        return type(self)(dict(self.names), dict(self.tallies))


@dataclass(frozen=True)
class Standing:
    """A device's place on the audience leaderboard."""

    device: str
    name: str
    rank: int
    tied: bool
    answered: int
    correct: int
    time_ms: int

    @property
    def points(self) -> int:
        return self.correct * POINTS_PER_CORRECT

    def as_dict(self) -> dict[str, Any]:
        """JSON-able row (no device id: it is the phone's credential's payload)."""
        return {"name": self.name, "rank": self.rank, "tied": self.tied, "answered": self.answered,
                "correct": self.correct, "points": self.points, "seconds": round(self.time_ms / 1000, 1)}


def playable(q: Question) -> bool:
    """Phones answer questions with options or 正确/错误; 填空/简答 are answered in the room."""
    return q.type in PLAYABLE_TYPES


def is_open(state: ContestState) -> bool:
    """Whether an audience phone may answer the question on stage now."""
    ep, rnd = state.episode, state.round
    if ep is None or rnd is None or ep.revealed or not playable(ep.question):
        return False
    if ep.phase == "audience":  # 观众题: open until the reveal, whatever the round says
        return True
    s = rnd.spec.settings
    if not s.audience_play or (s.hide_stem and rnd.spec.kind in ("buzz", "tiebreak")):
        return False  # a hidden stem shows the phones no options to pick
    return ep.phase in OPEN_PHASES


def _choice(q: Question, raw: str) -> str:
    """The canonical choice ("B", "ACD", "true"), or raise ``bad_choice``."""
    if q.type == "true_false":
        choice = raw.strip().lower()
        if choice not in ("true", "false"):
            raise DomainError("bad_choice", "请选择一个选项")
        return choice
    allowed = LETTERS[: len(q.options)]
    letters = "".join(sorted(set(raw.strip().upper())))
    if not letters or any(ch not in allowed for ch in letters) or (q.type == "single" and len(letters) != 1):
        raise DomainError("bad_choice", "请选择一个选项" if q.type == "single" else "请至少选择一个选项")
    return letters


def hit(q: Question, choice: str) -> bool:
    """Whether ``choice`` is the question's answer (a 多选 must match exactly)."""
    return (tuple(choice) if q.type == "multiple" else (choice,)) == q.answer


def answer(state: ContestState, c: cmd.AudienceAnswer, now: float) -> list[ev.Event]:
    """One answer per audience device per question, only while it is open."""
    ep = state.episode
    if ep is None:
        raise DomainError("audience_closed", "现在没有可以作答的题目")
    if not c.device or len(c.device) > 64:
        raise DomainError("bad_device", "设备标识无效")
    if not playable(ep.question):
        raise DomainError("answer_in_room", "本题请观众现场举手作答")
    if c.device in ep.audience:
        raise DomainError("already_answered", "你已经作答，答案不能更改")
    if not is_open(state):
        raise DomainError("audience_closed", "本题的观众作答已经结束")
    choice = _choice(ep.question, c.choice)
    return [ev.AudienceAnswered(at=now, device=c.device, choice=choice, question_id=ep.question.id)]


def clean_name(raw: str) -> str:
    """A nickname of 1–12 characters with no control characters, or raise ``bad_name``."""
    name = " ".join(str(raw).split())
    if not 1 <= len(name) <= NAME_MAX or any(unicodedata.category(ch)[0] == "C" for ch in name):
        raise DomainError("bad_name", f"昵称应为 1 到 {NAME_MAX} 个字")
    return name


def name(state: ContestState, c: cmd.AudienceName, now: float) -> list[ev.Event]:
    """Set an audience device's nickname (an unchanged name logs nothing)."""
    if state.status == "finished":
        raise DomainError("contest_finished", "比赛已经结束")
    if not c.device or len(c.device) > 64:
        raise DomainError("bad_device", "设备标识无效")
    nickname = clean_name(c.name)
    if state.audience.names.get(c.device) == nickname:
        return []
    return [ev.AudienceNamed(at=now, device=c.device, name=nickname)]


# --- apply (called from core.apply) ------------------------------------------------
def record_answer(s: ContestState, e: ev.AudienceAnswered) -> None:
    """Keep the answer and its time on the episode it was made for."""
    ep = s.episode
    if ep is None or (e.question_id and e.question_id != ep.question.id):
        return  # the question it answered was undone
    ep.audience[e.device] = e.choice
    ep.audience_ms[e.device] = max(0, round((e.at - ep.shown_at) * 1000 / STEP_MS)) * STEP_MS


def score_reveal(s: ContestState) -> None:
    """At the reveal, every audience answer of the question counts, once."""
    ep = s.episode
    if ep is None or ep.revealed:
        return
    tallies = s.audience.tallies
    for device, choice in ep.audience.items():
        old = tallies.get(device, Tally())
        right = hit(ep.question, choice)
        tallies[device] = Tally(old.answered + 1, old.correct + int(right),
                                old.time_ms + (ep.audience_ms.get(device, 0) if right else 0))


def reset_scores(s: ContestState) -> None:
    """A rehearsal's answers never count; nicknames stay."""
    s.audience.tallies = {}


# --- projections ----------------------------------------------------------------------
def display_name(board: AudienceBoard, device: str) -> str:
    return board.names.get(device) or f"观众{device[:4].upper()}"


def standings(state: ContestState) -> list[Standing]:
    """Every device that answered a revealed question, best first, ties sharing a rank."""
    board = state.audience
    rows = sorted(((d, t) for d, t in board.tallies.items() if t.answered),
                  key=lambda r: (-r[1].correct, r[1].time_ms, display_name(board, r[0]), r[0]))
    out: list[Standing] = []
    for i, (device, t) in enumerate(rows):
        key = (t.correct, t.time_ms)
        prev = rows[i - 1][1] if i else None
        nxt = rows[i + 1][1] if i + 1 < len(rows) else None
        same_prev = prev is not None and (prev.correct, prev.time_ms) == key
        rank = out[-1].rank if same_prev else i + 1
        tied = same_prev or (nxt is not None and (nxt.correct, nxt.time_ms) == key)
        out.append(Standing(device, display_name(board, device), rank, tied, t.answered, t.correct, t.time_ms))
    return out


def best(rows: list[Standing]) -> list[Standing]:
    """最佳观众: everyone on rank 1 with at least one correct answer (several: 并列)."""
    return [r for r in rows if r.rank == 1 and r.correct > 0]


def distribution(state: ContestState) -> dict[str, int]:
    """How many phones picked each choice of the question on stage."""
    ep = state.episode
    tally: dict[str, int] = {}
    for choice in ep.audience.values() if ep else ():
        tally[choice] = tally.get(choice, 0) + 1
    return tally


def board_view(state: ContestState) -> dict[str, Any]:
    """The audience part of the screen, watch and host views."""
    rows = standings(state)
    rnd = state.round
    winners = best(rows) if state.status == "finished" else []
    return {"open": is_open(state), "play": bool(rnd and rnd.spec.settings.audience_play),
            "players": len(rows), "top": [r.as_dict() for r in rows[:TOP]],
            "best": [r.as_dict() for r in winners]}


def me(state: ContestState, device: str, rows: list[Standing]) -> dict[str, Any]:
    """One phone's own record: nickname, its answer to the question on stage, its place."""
    board = state.audience
    mine = next((r for r in rows if r.device == device), None)
    ep = state.episode
    choice = ep.audience.get(device) if ep else None
    result = hit(ep.question, choice) if ep and choice and ep.revealed else None
    row: dict[str, Any] = mine.as_dict() if mine else {"rank": None, "tied": False, "answered": 0, "correct": 0,
                                       "points": 0, "seconds": 0.0}
    row.update(name=board.names.get(device, ""), display_name=display_name(board, device),
               choice=choice, correct_now=result, players=len(rows))
    return row
