"""Round kinds and their settings: the organiser's rules as data, never constants.

Every number in CONTEST-RULES.md is a default here that a preset (YAML) or the
host can change per round. ``RoundSpec.from_dict`` is the single parser, so a
new organiser's rule is a new preset, not new code.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any, Self

from ..errors import DomainError
from ..labels import ROUND_KIND_LABELS

ROUND_KINDS = ("compulsory", "buzz", "risk", "all_answer", "tiebreak")
KIND_LABELS = ROUND_KIND_LABELS
FALSE_START_POLICIES = ("deduct_void", "deduct_scrap", "lockout", "cumulative")
NO_BUZZ_OUTCOMES = ("void", "audience")
PICK_ORDERS = ("score_asc", "score_desc", "desk")
ARBITRATION_MODES = ("compensated", "arrival")
TIE_RULES = ("arrival", "rebuzz")


@dataclass(frozen=True)
class RoundSettings:
    """All per-round options with the rule book's defaults."""

    def __deepcopy__(self, memo: dict[int, object]) -> Self:
        """Immutable: copies of a state share it (keeps replay and undo cheap)."""
        return self

    points_correct: int = 10
    points_wrong: int = 0
    points_by_type: dict[str, int] = field(default_factory=dict)
    use_question_points: bool = False
    answer_seconds: int = 30
    # compulsory
    questions_per_team: int = 1
    team_order: tuple[str, ...] = ()
    # buzz-in
    start_answer_seconds: int = 10
    no_buzz_seconds: int = 20
    false_start_policy: str = "deduct_void"
    false_start_penalty: int = 10
    foul_penalties: tuple[int, ...] = (10, 20)
    bar_after_fouls: int = 3
    allow_buzz_while_reading: bool = False
    reopen_after_wrong: bool = True
    max_attempts: int = 2
    no_buzz_outcome: str = "void"
    arbitration: str = "compensated"
    tie_rule: str = "arrival"
    reaction_floor_ms: int = 0  # a press this soon after opening is a false start (0 = off)
    # risk
    tiers: tuple[int, ...] = (10, 20, 30)
    wrong_deducts: bool = True
    tier_seconds: dict[int, int] = field(default_factory=dict)
    allow_skip: bool = True
    pick_order: str = "score_asc"
    # all-answer
    partial_credit: bool = False
    # screen
    hide_scores: bool = False
    hide_stem: bool = False
    # audience: every phone on /watch answers each choice question (core.audience)
    audience_play: bool = True

    def points_for(self, question_type: str, question_points: int | None) -> int:
        """Points a correct answer earns: the question's own (if the round says so), by type, flat."""
        if self.use_question_points and question_points is not None:
            return question_points
        return self.points_by_type.get(question_type, self.points_correct)

    def tier_difficulty(self, tier: int) -> int:
        """The only difficulty a risk tier draws: 1st tier 1, 2nd tier 2, any higher tier 3."""
        return min(self.tiers.index(tier) + 1, 3)


@dataclass(frozen=True)
class RoundSpec:
    """One round of a contest: kind, title and settings."""

    def __deepcopy__(self, memo: dict[int, object]) -> Self:
        """Immutable: copies of a state share it (keeps replay and undo cheap)."""
        return self

    kind: str
    title: str
    settings: RoundSettings = field(default_factory=RoundSettings)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form used in events and presets."""
        data = asdict(self.settings)
        data["tier_seconds"] = {str(k): v for k, v in self.settings.tier_seconds.items()}
        data["team_order"] = list(self.settings.team_order)
        data["tiers"] = list(self.settings.tiers)
        data["foul_penalties"] = list(self.settings.foul_penalties)
        return {"kind": self.kind, "title": self.title, "settings": data}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RoundSpec:
        """Parse and validate a round from a preset or an event; raise DomainError."""
        kind = data.get("kind")
        if kind not in ROUND_KINDS:
            raise DomainError("bad_round", f"轮次类型“{kind}”无效，可选：{'、'.join(ROUND_KINDS)}")
        title = str(data.get("title") or KIND_LABELS[kind]).strip()
        raw = dict(data.get("settings") or {})
        return cls(kind=kind, title=title, settings=parse_settings(kind, raw))


def _default_for(kind: str) -> RoundSettings:
    """Kind-specific defaults of the rule book (buzz rounds deduct on wrong, etc.)."""
    base = RoundSettings()
    if kind in ("buzz",):
        return replace(base, points_wrong=-10)
    if kind == "tiebreak":
        return replace(base, points_correct=0, points_wrong=0, reopen_after_wrong=True,
                       max_attempts=99, false_start_policy="lockout")
    if kind == "risk":
        return replace(base, tier_seconds={10: 30, 20: 60, 30: 90})
    return base


def parse_settings(kind: str, raw: dict[str, Any]) -> RoundSettings:
    """Overlay ``raw`` on the kind's defaults, checking names, types and ranges."""
    settings = _default_for(kind)
    known = {f.name: f for f in fields(RoundSettings)}
    changes: dict[str, Any] = {}
    for name, value in raw.items():
        if name not in known:
            raise DomainError("bad_setting", f"未知的轮次设置项：{name}")
        changes[name] = _coerce(name, getattr(settings, name), value)
    settings = replace(settings, **changes)
    _check_ranges(settings)
    return settings


def _coerce(name: str, default: Any, value: Any) -> Any:
    """Coerce one setting to the type of its default, or raise DomainError."""
    try:
        if isinstance(default, bool):
            if not isinstance(value, bool):
                raise TypeError
            return value
        if isinstance(default, int):
            if isinstance(value, bool):
                raise TypeError
            return int(value)
        if isinstance(default, str):
            return str(value)
        if isinstance(default, tuple):
            if name == "team_order":
                return tuple(str(v) for v in value)
            return tuple(int(v) for v in value)
        if isinstance(default, dict):
            if name == "tier_seconds":
                return {int(k): int(v) for k, v in dict(value).items()}
            return {str(k): int(v) for k, v in dict(value).items()}
    except (TypeError, ValueError):
        pass
    raise DomainError("bad_setting", f"轮次设置项 {name} 的值无效：{value!r}")


def _check_ranges(s: RoundSettings) -> None:
    """Refuse settings that would make a round unplayable."""
    checks: list[tuple[bool, str]] = [
        (s.false_start_policy in FALSE_START_POLICIES, "犯规处理方式无效"),
        (s.no_buzz_outcome in NO_BUZZ_OUTCOMES, "无人抢答处理方式无效"),
        (s.pick_order in PICK_ORDERS, "风险题选题顺序无效"),
        (s.arbitration in ARBITRATION_MODES, "抢答判定方式无效"),
        (s.tie_rule in TIE_RULES, "同时抢答处理方式无效"),
        (1 <= s.answer_seconds <= 600, "答题时间应在 1 到 600 秒之间"),
        (1 <= s.no_buzz_seconds <= 600, "抢答等待时间应在 1 到 600 秒之间"),
        (1 <= s.start_answer_seconds <= 600, "开始作答时间应在 1 到 600 秒之间"),
        (1 <= s.questions_per_team <= 50, "每队题数应在 1 到 50 之间"),
        (len(s.tiers) > 0 and all(t > 0 for t in s.tiers), "风险题分值档位应为正整数"),
        (len(s.foul_penalties) > 0, "累计犯规扣分表不能为空"),
        (s.bar_after_fouls >= 1, "取消资格的犯规次数至少为 1"),
        (s.max_attempts >= 1, "每题最多作答次数至少为 1"),
        (s.false_start_penalty >= 0, "犯规扣分应为非负数"),
        (0 <= s.reaction_floor_ms <= 1000, "最短反应时间应在 0 到 1000 毫秒之间"),
    ]
    for ok, message in checks:
        if not ok:
            raise DomainError("bad_setting", message)
