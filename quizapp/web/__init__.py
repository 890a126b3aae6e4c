"""HTTP blueprints: health, the read-only state API and locally served browser libraries."""

from __future__ import annotations

from flask import Flask


def register_blueprints(app: Flask) -> None:
    """Attach every blueprint to ``app``."""
    from .api import bp as api_bp
    from .health import bp as health_bp
    from .vendor import bp as vendor_bp

    for blueprint in (health_bp, api_bp, vendor_bp):
        app.register_blueprint(blueprint)
