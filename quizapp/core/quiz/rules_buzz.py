"""Rules of the buzz-in round (抢答) and the tie-break: presses, fouls, winners."""

from __future__ import annotations

from ..errors import DomainError
from . import commands as cmd
from . import events as ev
from .guards import require_episode, require_round, require_team
from .rounds import RoundSettings
from .state import ContestState, Episode, RoundState

FOUL_EFFECT = {"deduct_void": "void", "deduct_scrap": "scrap", "lockout": "lockout"}
TIE_MARGIN_FLOOR = 0.005  # presses closer than 5 ms are never told apart


def buzz(state: ContestState, c: cmd.Buzz, now: float) -> list[ev.Event]:
    """Record a press and decide what it means now: valid, duplicate, late or a foul."""
    rnd = require_round(state, "buzz", "tiebreak")
    ep = require_episode(state)
    team = require_team(state, c.team_id)
    label = state.team_label(team.id)
    if team.id in rnd.barred:
        raise DomainError("team_barred", f"{label}犯规次数过多，已取消本轮抢答资格")
    if team.id in rnd.eliminated:
        raise DomainError("team_eliminated", f"{label}已在加赛中被淘汰")
    if (rnd.eligible and team.id not in rnd.eligible) or (ep.rebuzz and team.id not in ep.rebuzz):
        raise DomainError("not_eligible", f"{label}不参加本题抢答")
    if team.id in ep.locked:
        raise DomainError("team_locked", f"{label}本题已作答或犯规，不能再次抢答")
    if ep.phase in ("judged", "audience", "collecting"):
        raise DomainError("question_closed", "本题抢答已结束")
    if c.device and any(p.device == c.device for p in ep.current_presses()):
        raise DomainError("already_pressed", "这台设备本题已经抢过了")
    press_time = c.corrected if c.corrected is not None else now
    early = ep.phase == "reading" and not rnd.spec.settings.allow_buzz_while_reading
    floor = rnd.spec.settings.reaction_floor_ms / 1000
    if ep.phase == "open" and ep.opened_at is not None and press_time < ep.opened_at + floor:
        early = True  # before opening, or quicker than a human can react (athletics: 100 ms)
    if early:
        return _false_start(state, rnd, c, now)
    already = any(p.team_id == team.id and p.decision == "valid" for p in ep.current_presses())
    decision = "late" if ep.phase == "answering" else ("duplicate" if already else "valid")
    press = _press(c, now, decision)
    out: list[ev.Event] = [press]
    if decision != "valid":
        return out
    if ep.phase == "reading":
        out.append(ev.BuzzersOpened(at=now))
    if c.window > 0 and state.timer is not None and state.timer.purpose == "window":
        return out
    if c.window > 0:
        out.append(ev.TimerStarted(at=now, purpose="window", seconds=min(c.window, 0.5)))
        return out
    return out + decide_winner(state, ep, rnd.spec.settings, now, extra=press)


def _press(c: cmd.Buzz, now: float, decision: str) -> ev.PressRecorded:
    return ev.PressRecorded(at=now, team_id=c.team_id, member=c.member[:20], device=c.device[:64],
                            decision=decision, arrival=now, client_stamp=c.client_stamp,
                            corrected=c.corrected, delay=c.delay, error=c.error,
                            clamped=c.clamped)


def foul_penalty(s: RoundSettings, foul_no: int) -> int:
    """Points a team loses for its ``foul_no``-th false start of the round (0: none)."""
    if foul_no < 1:
        return 0
    if s.false_start_policy == "cumulative":
        return s.foul_penalties[min(foul_no, len(s.foul_penalties)) - 1]
    return 0 if s.false_start_policy == "lockout" else s.false_start_penalty


def _false_start(state: ContestState, rnd: RoundState, c: cmd.Buzz, now: float) -> list[ev.Event]:
    """犯规: penalise by the round's policy and keep the press on record."""
    s = rnd.spec.settings
    foul_no = rnd.fouls.get(c.team_id, 0) + 1
    penalty = foul_penalty(s, foul_no)
    if s.false_start_policy == "cumulative":
        effect = "barred" if foul_no >= s.bar_after_fouls else "lockout"
    else:
        effect = FOUL_EFFECT[s.false_start_policy]
    out: list[ev.Event] = [
        _press(c, now, "false_start"),
        ev.FalseStart(at=now, team_id=c.team_id, foul_no=foul_no, penalty=penalty, effect=effect),
    ]
    if penalty:
        out.append(ev.ScoreChanged(at=now, team_id=c.team_id, delta=-penalty, cause="false_start",
                                   reason=f"抢答犯规，扣{penalty}分"))
    return out


def ordered_valid_presses(ep: Episode, settings: RoundSettings,
                          extra: ev.PressRecorded | None = None) -> list[ev.PressRecorded]:
    """Valid presses, first presser first, by the round's arbitration mode."""
    presses = [p for p in ep.current_presses() if p.decision == "valid"]
    if extra is not None:
        presses.append(extra)

    def key(p: ev.PressRecorded) -> tuple[float, float, str]:
        when = p.corrected if settings.arbitration == "compensated" and p.corrected is not None else p.arrival
        return (when, p.arrival, p.team_id)

    return sorted(presses, key=key)


def _press_time(p: ev.PressRecorded, settings: RoundSettings) -> float:
    if settings.arbitration == "compensated" and p.corrected is not None:
        return p.corrected
    return p.arrival


def _margin(a: ev.PressRecorded, b: ev.PressRecorded) -> float:
    return max(TIE_MARGIN_FLOOR, (a.error or 0.0) + (b.error or 0.0))


def decide_winner(state: ContestState, ep: Episode, settings: RoundSettings, now: float,
                  extra: ev.PressRecorded | None = None) -> list[ev.Event]:
    """Name the first presser; presses closer than their clocks' error are a tie.

    With the tie rule "arrival" the earliest corrected press still answers and the
    decision is flagged as a tie (the screen says so); with "rebuzz" the tied
    teams buzz again. (``arbitration.arbitrate`` would reorder tied presses by
    arrival instead; measured on the fairness bench that picks the true first
    presser less often, so the live rule keeps the corrected order.)
    """
    order = ordered_valid_presses(ep, settings, extra)
    if not order:
        return []
    first = order[0]
    tied = tuple(p.team_id for p in order[1:]
                 if settings.arbitration == "compensated"
                 and _press_time(p, settings) - _press_time(first, settings) < _margin(first, p))
    if tied and settings.tie_rule == "rebuzz":
        return [ev.RebuzzCalled(at=now, teams=(first.team_id, *tied))]
    out: list[ev.Event] = [ev.BuzzWon(at=now, team_id=first.team_id, tied_with=tied)]
    seconds = settings.start_answer_seconds
    out.append(ev.TimerStarted(at=now, purpose="start", seconds=float(seconds)))
    return out


def close_window(state: ContestState, now: float) -> list[ev.Event]:
    """The collection window is over: arbitrate the presses gathered in it."""
    rnd = require_round(state, "buzz", "tiebreak")
    ep = require_episode(state, "open")
    return decide_winner(state, ep, rnd.spec.settings, now)


def no_buzz(state: ContestState, now: float) -> list[ev.Event]:
    """Nobody buzzed in time: void, or hand the question to the audience."""
    rnd = require_round(state, "buzz", "tiebreak")
    require_episode(state, "open")
    outcome = rnd.spec.settings.no_buzz_outcome if rnd.spec.kind == "buzz" else "void"
    return [ev.QuestionClosed(at=now, outcome=outcome)]
