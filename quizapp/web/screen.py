"""Read-only pages: the projector screen and the audience page."""

from __future__ import annotations

import contextlib

from flask import Blueprint, Response, current_app, make_response, render_template, request
from flask.typing import ResponseReturnValue

from ..core.errors import DomainError
from ..services.audience_ids import AUDIENCE_COOKIE
from .kinds import contest_or_404, page_or_404
from .links import public_base, qr_svg

bp = Blueprint("screen", __name__)
AUDIENCE_DAYS = 2


@bp.get("/screen/<contest_id>")
def screen(contest_id: str) -> ResponseReturnValue:
    """The projector: lobby, question, buzz order, scoreboard, podium."""
    state, _, template = page_or_404(contest_id, "screen")
    code = current_app.extensions["quizapp.devices"].contest_code(contest_id)
    return render_template(template, contest_id=contest_id, title=state.title,
                           watch_qr=qr_svg(f"{public_base()}/watch/{contest_id}", scale=5),
                           watch_url=f"{public_base()}/watch/{contest_id}", join_url=f"{public_base()}/join",
                           contest_code=code)


@bp.get("/watch/<contest_id>")
def watch(contest_id: str) -> ResponseReturnValue:
    """The audience phone: scoreboard, current question, audience questions."""
    state, _, template = page_or_404(contest_id, "watch")
    response = make_response(render_template(template, contest_id=contest_id, title=state.title))
    gate = current_app.extensions["quizapp.gate"]
    if not gate.audience_id(request.cookies.get(AUDIENCE_COOKIE)):
        # the audience id the socket will present: made and signed here, never by the phone; past the
        # per-address limit the page still shows, and voting asks for a reload
        with contextlib.suppress(DomainError):
            response.set_cookie(AUDIENCE_COOKIE, gate.issue_audience(request.remote_addr or ""),
                                max_age=AUDIENCE_DAYS * 86400, httponly=True, samesite="Lax")
    return response


@bp.get("/watch/<contest_id>/qr.svg")
def watch_qr(contest_id: str) -> ResponseReturnValue:
    """The audience page's QR code as an SVG file."""
    contest_or_404(contest_id)
    return Response(qr_svg(f"{public_base()}/watch/{contest_id}"), mimetype="image/svg+xml")
