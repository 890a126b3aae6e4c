"""What a restart does to a countdown that ran out while the server was down.

Enforcing it (a timeout judged wrong, a question closed) would punish teams for
time they could not use: their phones were cut off. So the countdown is paused
instead, with the time it still had when the log last recorded anything for the
contest (the latest moment the server is known to have been running; a SIGKILL
leaves no stop time), and the host decides: resume, restart the timer or judge.
The short buzz-collection window is an arbitration detail nobody watches, so it
still closes normally.
"""

from __future__ import annotations

from ..errors import DomainError
from . import commands as cmd
from . import events as ev
from .state import ContestState, Timer


def server_restarted(state: ContestState, c: cmd.ServerRestarted, now: float) -> list[ev.Event]:
    """Pause a countdown whose deadline passed while nothing was running."""
    timer = state.timer
    if timer is None or timer.deadline is None or timer.deadline > now or timer.purpose == "window":
        raise DomainError("nothing_missed", "重启期间没有到期的计时")
    remaining = max(0.0, min(timer.seconds, timer.deadline - c.last_seen))
    return [ev.TimerInterrupted(at=now, purpose=timer.purpose, remaining=round(remaining, 3))]


def restart_notice(timer: Timer | None) -> str:
    """The host's zh-CN notice while a countdown stays paused by a restart ("" when none)."""
    if timer is None or not timer.interrupted:
        return ""
    if timer.remaining >= 1:
        return (f"服务器重启：计时在重启期间已到期，已暂停（保留剩余 {timer.remaining:.0f} 秒），"
                "请主持人点“继续”（P）继续计时，或直接判定")
    return "服务器重启：计时在重启期间已到期，已暂停，请主持人重新计时或直接判定"
