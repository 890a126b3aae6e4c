"""``GET /healthz``: is the server up, which version, which database."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy import text

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """200 with version and database dialect when the database answers, 503 otherwise."""
    engine = current_app.extensions["quizapp.engine"]
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any database failure means unhealthy
        return jsonify(status="error", error=str(exc)[:200]), 503
    return jsonify(status="ok", version=current_app.config["VERSION"],
                   database=engine.dialect.name)
