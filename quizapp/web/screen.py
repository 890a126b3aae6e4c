"""Read-only pages: the projector screen and the audience page."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, render_template
from flask.typing import ResponseReturnValue

from ..core.errors import DomainError
from ..core.sports_model import SportsState
from .links import public_base, qr_svg

bp = Blueprint("screen", __name__)


def _exists(contest_id: str):
    try:
        return current_app.extensions["quizapp.contests"].state(contest_id)
    except DomainError:
        abort(404)


@bp.get("/screen/<contest_id>")
def screen(contest_id: str) -> ResponseReturnValue:
    """The projector: lobby, question, buzz order, scoreboard, podium."""
    state = _exists(contest_id)
    folder = "sports" if isinstance(state, SportsState) else "screen"
    return render_template(f"{folder}/screen.html", contest_id=contest_id, title=state.title,
                           watch_qr=qr_svg(f"{public_base()}/watch/{contest_id}", scale=5),
                           watch_url=f"{public_base()}/watch/{contest_id}")


@bp.get("/watch/<contest_id>")
def watch(contest_id: str) -> ResponseReturnValue:
    """The audience phone: scoreboard, current question, audience questions."""
    state = _exists(contest_id)
    folder = "sports" if isinstance(state, SportsState) else "screen"
    return render_template(f"{folder}/watch.html", contest_id=contest_id, title=state.title)


@bp.get("/watch/<contest_id>/qr.svg")
def watch_qr(contest_id: str) -> ResponseReturnValue:
    """The audience page's QR code as an SVG file."""
    _exists(contest_id)
    return Response(qr_svg(f"{public_base()}/watch/{contest_id}"), mimetype="image/svg+xml")
