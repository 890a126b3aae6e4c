"""``GET /healthz``: is the server up, which version, which database."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue

from ..services.health import database_problem

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """200 with version and database dialect when the database answers, 503 otherwise."""
    engine = current_app.extensions["quizapp.engine"]
    problem = database_problem(engine)
    if problem is not None:
        return jsonify(status="error", error=problem), 503
    return jsonify(status="ok", version=current_app.config["VERSION"],
                   database=engine.dialect.name)
