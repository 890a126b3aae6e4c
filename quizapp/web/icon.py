"""The site icon: one SVG, linked from every page and also answered at ``/favicon.ico``.

Browsers ask for ``/favicon.ico`` on their own; without an answer every page load logs a 404.
"""

from __future__ import annotations

from flask import Blueprint, current_app, send_from_directory
from flask.typing import ResponseReturnValue

bp = Blueprint("icon", __name__)


@bp.get("/favicon.ico")
@bp.get("/favicon.svg")
def favicon() -> ResponseReturnValue:
    """The SVG icon (a buzzer), cached for a day."""
    return send_from_directory(current_app.static_folder or "static", "favicon.svg",
                               mimetype="image/svg+xml", max_age=86400)
