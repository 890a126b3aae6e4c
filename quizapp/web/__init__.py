"""HTTP blueprints: health, state API, vendor files, host, team, screen and audience pages."""

from __future__ import annotations

from flask import Flask, redirect, url_for
from flask.typing import ResponseReturnValue


def register_blueprints(app: Flask) -> None:
    """Attach every blueprint to ``app``."""
    from .api import bp as api_bp
    from .auth import bp as auth_bp
    from .banks import bp as banks_bp
    from .exports import bp as exports_bp
    from .health import bp as health_bp
    from .host import bp as host_bp
    from .screen import bp as screen_bp
    from .sports import bp as sports_bp
    from .team import bp as team_bp
    from .vendor import bp as vendor_bp

    for blueprint in (health_bp, api_bp, vendor_bp, auth_bp, banks_bp, exports_bp, host_bp, team_bp, screen_bp,
                      sports_bp):
        app.register_blueprint(blueprint)

    @app.get("/")
    def home() -> ResponseReturnValue:
        """The root sends people where they most likely want to go."""
        return redirect(url_for("team.join_by_pin"))
