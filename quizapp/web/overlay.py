"""Pages around the live contest: the livestream overlay (OBS) and the host's key buzzers.

The overlay is read-only and public like the projector: it connects as the
``screen`` role and so never receives an unrevealed answer. The keys page is
the host's: it opens the host's socket with this login's token for the contest.
"""

from __future__ import annotations

import math

from flask import Blueprint, current_app, render_template, request, session
from flask.typing import ResponseReturnValue

from .auth import host_required
from .kinds import page_or_404

bp = Blueprint("overlay", __name__)
PARTS = ("scores", "question", "buzz", "podium")
SCALE_MIN, SCALE_MAX = 0.25, 2.0


def parse_parts(text: str | None) -> list[str]:
    """``"scores,buzz"`` -> the known parts in display order; nothing known means every part."""
    asked = {p.strip().lower() for p in (text or "").split(",")}
    chosen = [p for p in PARTS if p in asked]
    return chosen or list(PARTS)


def parse_scale(text: str | None) -> float:
    """``"0.75"`` -> 0.75, kept within 0.25–2; anything unreadable is 1."""
    try:
        value = float(text or 1)
    except ValueError:
        return 1.0
    return min(SCALE_MAX, max(SCALE_MIN, value)) if math.isfinite(value) else 1.0


@bp.get("/overlay/<contest_id>")
def overlay(contest_id: str) -> ResponseReturnValue:
    """A transparent page for an OBS browser source: ?parts=scores,question,buzz,podium&scale=0.75."""
    state, _, template = page_or_404(contest_id, "overlay")
    return render_template(template, contest_id=contest_id, title=state.title,
                           parts=parse_parts(request.args.get("parts")),
                           scale=parse_scale(request.args.get("scale")))


@bp.get("/host/<contest_id>/keys")
@host_required
def keys(contest_id: str) -> ResponseReturnValue:
    """USB / keyboard / gamepad buzzers: map keys to teams; a press is that team's buzz."""
    state, _, template = page_or_404(contest_id, "keys")
    token = current_app.extensions["quizapp.hostauth"].token(contest_id, session.get("login", ""))
    return render_template(template, contest_id=contest_id, state=state, token=token)
