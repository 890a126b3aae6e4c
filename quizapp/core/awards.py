"""Award settings for certificates (奖状): tiers, wording, organiser, date, place, layout.

A preset may carry defaults in an optional ``awards:`` section; the host edits
them on the results page before printing, which sends :class:`SetAwards` and
logs an ``AwardsSet`` event (standalone: undoing it leaves the contest alone,
and undoing the flow never takes it along). Who gets which award is decided
from the standings by ``reports.awards``; this module only validates settings,
with zh-CN messages, for presets, the form and the command alike.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, fields
from fractions import Fraction
from typing import Any, ClassVar, Final

from .errors import DomainError
from .messages import Command, Event

LAYOUTS: Final = {"classic": "红色双线边框", "plain": "简洁细线边框"}
REST_WORDS: Final = ("rest", "余下", "其余", "剩余")
MAX_TIERS: Final = 12
MAX_TEXT: Final = 80
DEFAULT_WORDING: Final = "在{contest}中荣获"
DEFAULT_CLOSING: Final = "特发此状，以资鼓励。"
DEFAULT_TIERS: Final[Mapping[str, tuple[tuple[str, int], ...]]] = {
    "quiz": (("一等奖", 1), ("二等奖", 2), ("三等奖", 3), ("优秀奖", 0)),
    "sports": (("第一名", 1), ("第二名", 1), ("第三名", 1)),
    "panel": (("文明宿舍", 0),),
}
_KEYS: Final = frozenset({"tiers", "per_member", "best_audience", "min_score", "wording", "closing",
                          "organiser", "date", "place", "layout"})
_SCORE_RE: Final = re.compile(r"[0-9]{1,4}(?:\.[0-9]{1,2})?")


@dataclass(frozen=True, kw_only=True)
class AwardSettings:
    """What the certificates say and who is awarded.

    ``tiers``: (title, how many teams) best first; 0 teams = every ranked team
    not awarded above. Ties share the better award, so a tier may hold more
    teams than its count. ``min_score``: for judge-panel results, the score a
    dorm needs for the title ("" = none). ``date``/``place`` "" = the contest's
    date / no place line. ``wording`` may name the contest as ``{contest}``.
    """

    tiers: tuple[tuple[str, int], ...]
    per_member: bool = False
    best_audience: bool = True
    min_score: str = ""
    wording: str = DEFAULT_WORDING
    closing: str = DEFAULT_CLOSING
    organiser: str = ""
    date: str = ""
    place: str = ""
    layout: str = "classic"

    @property
    def threshold(self) -> Fraction | None:
        """``min_score`` as an exact number, or None."""
        return Fraction(self.min_score) if self.min_score else None


@dataclass(frozen=True, kw_only=True)
class AwardsSet(Event):
    """The host's certificate settings (fields as ``awards.AwardSettings``); changes no score."""

    standalone: ClassVar[bool] = True
    tiers: tuple[tuple[str, int], ...]
    per_member: bool = False
    best_audience: bool = True
    min_score: str = ""
    wording: str = ""
    closing: str = ""
    organiser: str = ""
    date: str = ""
    place: str = ""
    layout: str = "classic"



@dataclass(frozen=True, kw_only=True)
class SetAwards(Command, AwardSettings):
    """The host's award settings as a command; its fields are :class:`AwardSettings`'s, so the two cannot drift."""


def defaults(kind: str) -> AwardSettings:
    """Settings when neither the preset nor the host said anything (kind: quiz | sports | panel)."""
    return AwardSettings(tiers=DEFAULT_TIERS.get(kind, DEFAULT_TIERS["quiz"]))


def _bad(message: str) -> DomainError:
    return DomainError("bad_awards", f"奖状设置有误：{message}")


def _text(value: Any, what: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise _bad(f"{what}应是一段文字")
    text = str(value).strip()
    if len(text) > MAX_TEXT:
        raise _bad(f"{what}最多 {MAX_TEXT} 字")
    return text


def _flag(value: Any, what: str) -> bool:
    if not isinstance(value, bool):
        raise _bad(f"{what}应写 true 或 false")
    return value


def _count(value: Any, title: str) -> int:
    if isinstance(value, str) and value.strip() in REST_WORDS:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or value < 1 or value > 999:
        raise _bad(f"“{title}”的获奖队数应是 1 到 999 的整数，或写 rest（余下全部）")
    return int(value)


def check_tiers(tiers: Any) -> tuple[tuple[str, int], ...]:
    """Tiers as (title, teams) pairs: titles unique, at most one ``rest`` tier and it comes last."""
    if not isinstance(tiers, list | tuple) or not tiers:
        raise _bad("tiers 至少要有一个奖项，如 {title: 一等奖, teams: 1}")
    if len(tiers) > MAX_TIERS:
        raise _bad(f"奖项最多 {MAX_TIERS} 个")
    out: list[tuple[str, int]] = []
    for n, tier in enumerate(tiers, start=1):
        if isinstance(tier, Mapping):
            unknown = sorted(set(map(str, tier)) - {"title", "teams"})
            if unknown:
                raise _bad(f"第 {n} 个奖项有不认识的设置 {'、'.join(unknown)}（只能写 title、teams）")
            title, teams = tier.get("title"), tier.get("teams")
        elif isinstance(tier, list | tuple) and len(tier) == 2:
            title, teams = tier
        else:
            raise _bad(f"第 {n} 个奖项应写成 {{title: 一等奖, teams: 1}}")
        name = _text(title, f"第 {n} 个奖项的名称")
        if not name or len(name) > 12:
            raise _bad(f"第 {n} 个奖项的名称应是 1 到 12 个字")
        out.append((name, _count(teams, name)))
    titles = [t for t, _ in out]
    if len(set(titles)) != len(titles):
        raise _bad("奖项名称不能重复")
    if any(teams == 0 for _, teams in out[:-1]):
        raise _bad("写 rest（余下全部）的奖项只能放在最后")
    return tuple(out)


def _min_score(value: Any) -> str:
    if value is None or value == "":
        return ""
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if isinstance(value, bool) or _SCORE_RE.fullmatch(text) is None:
        raise _bad("min_score 应是不小于 0 的分数，最多两位小数，如 90 或 85.5")
    return str(Fraction(text)) if "." not in text else text.rstrip("0").rstrip(".")


def _wording(value: Any) -> str:
    text = _text(value, "wording") or DEFAULT_WORDING
    probe = text.replace("{contest}", "")
    if "{" in probe or "}" in probe:
        raise _bad("wording 里只能用 {contest} 代表比赛名称")
    return text


def settings_from(data: Mapping[str, Any] | None, kind: str) -> AwardSettings:
    """Validate a preset's ``awards:`` section (None = the kind's defaults)."""
    if data is None:
        return defaults(kind)
    if not isinstance(data, Mapping):
        raise _bad("awards: 应是键值表")
    keys = {str(k) for k in data if not str(k).startswith("__")}
    unknown = sorted(keys - _KEYS)
    if unknown:
        raise _bad(f"有不认识的设置 {'、'.join(unknown)}")
    base = defaults(kind)
    layout = _text(data.get("layout", base.layout), "layout")
    if layout not in LAYOUTS:
        raise _bad(f"layout 只能是 {' 或 '.join(LAYOUTS)}")
    return AwardSettings(
        tiers=check_tiers(data["tiers"]) if "tiers" in data else base.tiers,
        per_member=_flag(data.get("per_member", base.per_member), "per_member"),
        best_audience=_flag(data.get("best_audience", base.best_audience), "best_audience"),
        min_score=_min_score(data.get("min_score")),
        wording=_wording(data.get("wording")),
        closing=_text(data.get("closing", base.closing), "closing"),
        organiser=_text(data.get("organiser"), "organiser"),
        date=_text(data.get("date"), "date"),
        place=_text(data.get("place"), "place"),
        layout=layout,
    )


def tiers_text(tiers: tuple[tuple[str, int], ...]) -> str:
    """Tiers as the settings form shows them: one ``名称 队数`` per line, ``余下`` for the rest."""
    return "\n".join(f"{title} {teams or '余下'}" for title, teams in tiers)


def parse_tiers_text(text: str) -> tuple[tuple[str, int], ...]:
    """Read the form's tiers (``一等奖 1``, ``一等奖：1``, ``优秀奖 余下``), then check them like a preset's."""
    pairs: list[tuple[str, int | str]] = []
    for n, line in enumerate(unicodedata.normalize("NFKC", text).splitlines(), start=1):
        words = line.replace(":", " ").replace("，", " ").replace(",", " ").split()
        if not words:
            continue
        if len(words) != 2:
            raise _bad(f"奖项第 {n} 行应写成“名称 队数”，如“一等奖 1”或“优秀奖 余下”")
        title, teams = words
        pairs.append((title, int(teams) if teams.isdigit() else teams))
    return check_tiers(pairs)


def settings_of(source: SetAwards | AwardsSet) -> AwardSettings:
    """The settings a command or a logged event carries."""
    return AwardSettings(**{f.name: getattr(source, f.name) for f in fields(AwardSettings)})


def set_awards(state: Any, c: SetAwards, now: float) -> list[Event]:
    """Check the host's settings (as a preset's are checked) and log them."""
    data: dict[str, Any] = {f.name: getattr(c, f.name) for f in fields(AwardSettings)}
    data["tiers"] = [(title, teams or "rest") for title, teams in c.tiers]  # 0 = the rest, as the form says
    checked = settings_from(data, "quiz")
    values = {f.name: getattr(checked, f.name) for f in fields(AwardSettings)}
    return [AwardsSet(at=now, **values)]
