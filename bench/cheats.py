"""Cheating phones for ``scripts/bench fairness --cheaters``.

* ``forger``: the review's attack. Sends old-style ``sync`` pings whose reported round trip is
  stretched by 250 ms each way, and stamps every press ``CHEAT`` seconds earlier than the truth.
  The server no longer reads those samples, so this buys at most the stamp tolerance.
* ``inflater``: answers every server ``clock_ping`` ``INFLATE`` seconds late (its reported clock
  shifted by half that, so its offset still looks right), which makes its link look slow, and
  stamps every press ``CHEAT`` seconds early. The room bound (``core/delay_credit``) caps it.
* ``sniper``: watches its team view and presses the moment the view shows another team's
  press, stamped ``CHEAT`` seconds early; if nothing shows by its own scheduled time, it
  presses then (stamp still early). Its true press time is when it really pressed.

``summary`` compares each cheater's wins with its fair share: the questions its true press
times put first.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from typing import Any

CHEAT = 0.300
INFLATE = 0.200
ROLES = ("forger", "inflater", "sniper")


async def forge_samples(probe: Any, pings: int = 6) -> None:
    """The review's forged ``sync``: t0 250 ms too early, t3 250 ms too late."""
    for _ in range(pings):
        t0 = probe.local_now()
        reply = await probe.call("sync", {"t0": t0}, timeout=5)
        t3 = probe.local_now()
        if isinstance(reply, dict) and reply.get("ok"):
            sample = {"t0": t0 - 0.25, "t1": reply["t1"], "t2": reply["t2"], "t3": t3 + 0.25}
            await probe.call("sync", {"t0": probe.local_now(), "sample": sample}, timeout=5)
        await asyncio.sleep(0.05)


def _shows_a_press(opened_version: int) -> Any:
    def seen(view: dict[str, Any]) -> bool:
        ep = view.get("episode") or {}
        return view.get("version", -1) >= opened_version and (
            bool(ep.get("presses")) or ep.get("phase") == "answering")
    return seen


async def press(role: str, probe: Any, offset: float, at: float, opened_version: int) -> tuple[float, float]:
    """Press as ``role`` would; returns (true press time, stamp sent)."""
    if role == "sniper":
        await probe.wait_view(_shows_a_press(opened_version), max(0.0, at - time.time()))
        true = min(time.time(), at)
    else:
        wait = at - time.time()
        if wait > 0:
            await asyncio.sleep(wait)
        true = at
    return true, true + offset - CHEAT


def summary(rows: list[dict[str, Any]], roles: dict[str, str],
            corrected: dict[str, list[float]]) -> dict[str, dict[str, Any]]:
    """Per cheater: wins, fair share, and how much earlier than the truth it was judged (ms).

    ``roles`` maps team -> role; ``corrected`` maps team -> (true − judged) time of each of
    its presses, in ms.
    """
    out: dict[str, dict[str, Any]] = {}
    n = len(rows)
    for team, role in roles.items():
        wins = sum(r["winner"] == team for r in rows)
        fair = sum(r["true_first"] == team for r in rows)
        gains = corrected.get(team, [])
        out[role] = {"team": team, "wins": wins, "fair": fair, "questions": n,
                     "cheater_wins_pct": round(100 * wins / n, 1) if n else None,
                     "cheater_fair_pct": round(100 * fair / n, 1) if n else None,
                     "cheater_gain_ms": round(statistics.median(gains), 1) if gains else None,
                     "cheater_gain_ms_max": round(max(gains), 1) if gains else None}
    return out
