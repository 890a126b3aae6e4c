"""Who buzzed first: ordering presses fairly across phones on uneven Wi-Fi.

Units: float seconds. ``arrival``, ``opened_at`` and every corrected time are on
the server's monotonic clock; ``client_stamp`` is on the phone's clock;
``est_offset`` is server − client (see ``clock_sync``).

Why: Wi-Fi latency differs between phones by far more than reaction times differ
between teams, so arrival order rewards the best radio. In ``"compensated"``
mode each press is judged at its own stamp mapped to server time, but never
earlier than ``arrival − one_way_delay − tolerance``: a phone that lies about its
stamp gains at most ``tolerance`` over the truth (plus any inflation of its
measured delay, which ``max_credit`` caps and ``delay_credit`` bounds by the room:
the live server passes that bounded credit as ``est_one_way_delay``), and never
later than ``arrival``.

Ties: two presses whose corrected times are within ``a.est_error + b.est_error``
cannot be told apart by the clocks, so if that happens for first place the
decision says so. ``tolerance`` is deliberately not part of that margin: it is an
allowance against tampering, not measurement noise, and adding it would turn
most close (but measurable) races into ties.

Scope: ``arbitrate`` judges the presses it is given. The caller collects them
until ``closes_at(...)`` (first valid arrival + ``collection_window(...)``) and
then calls it once. A press is a false start when its judged time (corrected in
compensated mode, arrival in arrival mode) is before ``opened_at``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from ..errors import DomainError
from .clock_sync import ClockEstimate

Mode = Literal["arrival", "compensated"]
TieRule = Literal["arrival", "rebuzz"]

MODES: tuple[Mode, ...] = ("arrival", "compensated")
TIE_RULES: tuple[TieRule, ...] = ("arrival", "rebuzz")
DEFAULT_TOLERANCE = 0.020
"""Uplink jitter an honest press may show without losing credit; also a liar's max gain."""
MAX_DELAY_CREDIT = 0.250
"""Most latency credit any press gets, whatever delay its device claims to have."""
WINDOW_FLOOR = 0.030
WINDOW_MARGIN = 0.020
WINDOW_CAP = 0.150


@dataclass(frozen=True, slots=True)
class Press:
    """One buzz as the server received it, with the device's clock estimate at the time."""

    team_id: str
    member: str
    device_id: str
    client_stamp: float
    arrival: float
    est_offset: float
    est_one_way_delay: float
    est_error: float

    def __post_init__(self) -> None:
        """Refuse numbers that would make the ordering meaningless."""
        numbers = (self.client_stamp, self.arrival, self.est_offset,
                   self.est_one_way_delay, self.est_error)
        if not all(math.isfinite(x) for x in numbers):
            raise DomainError("press_invalid", "抢答记录无效：时间或时钟估计不是有限数")
        if self.est_one_way_delay < 0 or self.est_error < 0:
            raise DomainError("press_invalid", "抢答记录无效：单程时延和误差不能为负")


def arrival_only_press(team_id: str, member: str, device_id: str, arrival: float) -> Press:
    """A press from a device with no clock estimate: judged at its arrival, no credit."""
    return Press(team_id, member, device_id, client_stamp=arrival, arrival=arrival,
                 est_offset=0.0, est_one_way_delay=0.0, est_error=0.0)


def press_from_estimate(team_id: str, member: str, device_id: str, client_stamp: float,
                        arrival: float, estimate: ClockEstimate) -> Press:
    """Build a press from the device's current estimate (arrival-only if not synced)."""
    if not estimate.synced:
        return arrival_only_press(team_id, member, device_id, arrival)
    return Press(team_id, member, device_id, client_stamp, arrival, estimate.offset,
                 estimate.one_way_delay, estimate.error_at(client_stamp))


@dataclass(frozen=True, slots=True)
class Correction:
    """A press's time on the server clock and how it was obtained."""

    time: float
    clamped: bool
    false_start: bool


def _check_time(name: str, value: float) -> None:
    """A time handed in by the caller must be a finite number."""
    if not math.isfinite(value):
        raise DomainError("arbitration_invalid", f"抢答判定参数无效：{name} = {value}")


def _check_duration(name: str, value: float) -> None:
    """A duration handed in by the caller must be finite and not negative."""
    _check_time(name, value)
    if value < 0:
        raise DomainError("arbitration_invalid", f"抢答判定参数无效：{name} = {value}")


def corrected_time(press: Press, opened_at: float, tolerance: float = DEFAULT_TOLERANCE,
                   *, max_credit: float = MAX_DELAY_CREDIT) -> Correction:
    """The stamp on the server clock, kept within [arrival − delay − tolerance, arrival].

    The lower bound is what makes lying pointless: whatever the stamp says, the
    press cannot be judged earlier than its arrival minus the delay its device
    measured (at most ``max_credit``) minus ``tolerance``.
    """
    _check_time("opened_at", opened_at)
    _check_duration("tolerance", tolerance)
    _check_duration("max_credit", max_credit)
    raw = press.client_stamp + press.est_offset
    earliest = press.arrival - min(press.est_one_way_delay, max_credit) - tolerance
    time = min(max(raw, earliest), press.arrival)
    return Correction(time=time, clamped=time != raw, false_start=time < opened_at)


def tie_margin(a: Press, b: Press) -> float:
    """How close two corrected times may be before the clocks cannot order them."""
    return a.est_error + b.est_error


def collection_window(delays: Iterable[float], floor: float = WINDOW_FLOOR,
                      cap: float = WINDOW_CAP, margin: float = WINDOW_MARGIN) -> float:
    """How long to wait after the first valid arrival before announcing.

    A press made at the same instant as the first one arrives later by at most
    the spread of one-way delays among connected devices (``delays``, seconds),
    plus jitter (``margin``). The result stays within [floor, cap] so the room
    never waits noticeably; a device slower than the cap allows can lose a race
    it truly won, which the host should see as "fix that phone's Wi-Fi".
    """
    values = list(delays)
    checks = [("floor", floor), ("cap", cap), ("margin", margin)] + [("delay", d) for d in values]
    for name, value in checks:
        _check_duration(name, value)
    if floor > cap:
        raise DomainError("arbitration_invalid", "抢答判定参数无效：收集窗口下限大于上限")
    spread = max(values) - min(values) if values else 0.0
    return min(max(spread + margin, floor), cap)


@dataclass(frozen=True, slots=True)
class RankedPress:
    """One team's accepted press in the decision, for the screen and the record.

    ``gap`` is seconds after the earliest judged time in the ranking (judged =
    corrected in compensated mode, arrival in arrival mode). In ``false_starts``
    it is instead judged time − ``opened_at`` (negative: how early).
    """

    press: Press
    corrected: float
    arrival: float
    gap: float
    clamped: bool
    tie: bool

    @property
    def team_id(self) -> str:
        """The team this press counts for."""
        return self.press.team_id


@dataclass(frozen=True, slots=True)
class Decision:
    """The outcome of one buzz-in: ordered teams, winner, and whether it was a tie.

    ``winner`` is None when nobody validly pressed or a tie went to a re-buzz.
    ``tied_teams`` lists the teams tied for first (empty when there is no tie).
    """

    mode: Mode
    tie_rule: TieRule
    ranking: tuple[RankedPress, ...]
    winner: str | None
    tie: bool
    tied_teams: tuple[str, ...]
    false_starts: tuple[RankedPress, ...]


@dataclass(frozen=True, slots=True)
class _Judged:
    """A press with its correction, the time this mode judges it by, and the runner-up key."""

    press: Press
    correction: Correction
    time: float
    then: float


_PressKey = tuple[str, str, str, float, float, float, float]
_Key = tuple[float, float, _PressKey]


def _press_key(p: Press) -> _PressKey:
    """Every field, so distinct presses never compare equal and order is total."""
    return (p.team_id, p.member, p.device_id, p.client_stamp, p.est_offset,
            p.est_one_way_delay, p.est_error)


def _key(j: _Judged) -> _Key:
    """Judged time first, then the other clock, then the press itself."""
    return (j.time, j.then, _press_key(j.press))


def _arrival_key(j: _Judged) -> _Key:
    """Arrival first: how a tie is settled under the "arrival" tie rule."""
    return (j.press.arrival, j.correction.time, _press_key(j.press))


def _judge(press: Press, mode: Mode, opened_at: float, tolerance: float) -> _Judged:
    """Correct one press and pick the time this mode judges it by."""
    corr = corrected_time(press, opened_at, tolerance)
    if mode == "arrival":
        corr = Correction(corr.time, corr.clamped, press.arrival < opened_at)
        return _Judged(press, corr, press.arrival, corr.time)
    return _Judged(press, corr, corr.time, press.arrival)


def _earliest_per_team(judged: list[_Judged]) -> list[_Judged]:
    """Each team's first press by the mode's order; later presses are ignored."""
    first: dict[str, _Judged] = {}
    for j in sorted(judged, key=_key):
        first.setdefault(j.press.team_id, j)
    return list(first.values())


def _tie_group(ordered: list[_Judged]) -> list[_Judged]:
    """The leader plus every press its clocks cannot put after the leader."""
    if not ordered:
        return []
    lead = ordered[0]
    close = [j for j in ordered[1:] if j.time - lead.time <= tie_margin(lead.press, j.press)]
    return [lead, *close]


def _ranked(j: _Judged, base: float, tie: bool) -> RankedPress:
    """The public view of one judged press."""
    return RankedPress(j.press, j.correction.time, j.press.arrival, j.time - base,
                       j.correction.clamped, tie)


def _check_mode(mode: str) -> None:
    """The mode comes from host settings; refuse an unknown one loudly."""
    if mode not in MODES:
        raise DomainError("arbitration_invalid", f"未知的抢答判定方式：{mode}")


def _check_choices(mode: str, tie_rule: str) -> None:
    """Mode and tie rule come from host settings; refuse unknown ones loudly."""
    _check_mode(mode)
    if tie_rule not in TIE_RULES:
        raise DomainError("arbitration_invalid", f"未知的平局处理规则：{tie_rule}")


def arbitrate(presses: Iterable[Press], mode: Mode = "compensated", *, opened_at: float,
              tolerance: float = DEFAULT_TOLERANCE, tie_rule: TieRule = "arrival",
              lockout: bool = False) -> Decision:
    """Order the teams' first valid presses and name the winner (or the tie).

    False starts are set aside and reported; with ``lockout`` the team's later
    valid presses are ignored too. Arrival mode has no ties: the server's own
    arrival stamps carry no measurement error. The result depends only on the
    multiset of presses, never on their order.
    """
    _check_choices(mode, tie_rule)
    judged = [_judge(p, mode, opened_at, tolerance) for p in presses]
    early = sorted((j for j in judged if j.correction.false_start), key=_key)
    barred = {j.press.team_id for j in early} if lockout else set()
    valid = [j for j in judged if not j.correction.false_start and j.press.team_id not in barred]
    ordered = sorted(_earliest_per_team(valid), key=_key)
    group = _tie_group(ordered) if mode == "compensated" else ordered[:1]
    tied = tuple(j.press.team_id for j in group) if len(group) > 1 else ()
    if tied and tie_rule == "arrival":
        rest = [j for j in ordered if j.press.team_id not in tied]
        ordered = sorted(group, key=_arrival_key) + rest
    base = min((j.time for j in ordered), default=0.0)
    ranking = tuple(_ranked(j, base, j.press.team_id in tied) for j in ordered)
    winner = None if not ranking or (tied and tie_rule == "rebuzz") else ranking[0].team_id
    return Decision(mode, tie_rule, ranking, winner, bool(tied), tied,
                    tuple(_ranked(j, opened_at, False) for j in early))


def closes_at(presses: Iterable[Press], window: float, *, opened_at: float,
              mode: Mode = "compensated", tolerance: float = DEFAULT_TOLERANCE) -> float | None:
    """When to stop collecting: first valid arrival + ``window``; None before any."""
    _check_mode(mode)
    _check_duration("window", window)
    judged = (_judge(p, mode, opened_at, tolerance) for p in presses)
    arrivals = [j.press.arrival for j in judged if not j.correction.false_start]
    return min(arrivals) + window if arrivals else None
