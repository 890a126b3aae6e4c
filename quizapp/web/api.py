"""The read-only state API: the same JSON views the live pages render."""

from __future__ import annotations

import time

from flask import Blueprint, abort, current_app, jsonify, request
from flask.typing import ResponseReturnValue

from ..core.errors import DomainError

bp = Blueprint("api", __name__, url_prefix="/api")
PUBLIC_AUDIENCES = ("screen", "watch")


@bp.get("/contests")
def contests() -> ResponseReturnValue:
    """Every contest: id, title, kind and version."""
    service = current_app.extensions["quizapp.contests"]
    return jsonify([{"id": r.id, "title": r.title, "kind": r.kind, "preset": r.preset,
                     "version": r.version} for r in service.contests()])


@bp.get("/contests/<contest_id>/view")
def view(contest_id: str) -> ResponseReturnValue:
    """``?audience=screen|watch``: the public view (no unrevealed answers)."""
    audience = request.args.get("audience", "screen")
    if audience not in PUBLIC_AUDIENCES:
        return jsonify(error={"code": "bad_audience",
                              "message": "audience 只能是 screen 或 watch"}), 400
    service = current_app.extensions["quizapp.contests"]
    try:
        state, book = service.state(contest_id), service.rulebook(contest_id)
    except DomainError:
        abort(404)
    return jsonify(book.view(state, audience, now=time.time()))  # every kind of contest has these views
