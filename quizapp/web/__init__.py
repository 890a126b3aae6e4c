"""HTTP blueprints: health, state API, vendor files, host, team, screen and audience pages."""

from __future__ import annotations

from flask import Flask, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError


def register_blueprints(app: Flask) -> None:
    """Attach every blueprint to ``app``."""
    from .analytics import bp as analytics_bp
    from .api import bp as api_bp
    from .auth import bp as auth_bp
    from .awards import bp as awards_bp
    from .banks import bp as banks_bp
    from .errors import register as register_error_pages
    from .exports import bp as exports_bp
    from .health import bp as health_bp
    from .host import bp as host_bp
    from .icon import bp as icon_bp
    from .overlay import bp as overlay_bp
    from .screen import bp as screen_bp
    from .sports import bp as sports_bp
    from .team import bp as team_bp
    from .vendor import bp as vendor_bp

    for blueprint in (health_bp, api_bp, vendor_bp, auth_bp, banks_bp, exports_bp, host_bp, team_bp, screen_bp,
                      sports_bp, overlay_bp, analytics_bp, awards_bp, icon_bp):
        app.register_blueprint(blueprint)
    register_error_pages(app)  # zh-CN 404/403/500

    @app.errorhandler(CSRFError)
    def csrf_failed(error: CSRFError) -> ResponseReturnValue:
        """A form's CSRF token expired (after WTF_CSRF_TIME_LIMIT) or is missing: say so in words."""
        expired = "expired" in str(error.description)
        minutes = int(app.config.get("WTF_CSRF_TIME_LIMIT") or 3600) // 60
        message = (f"这个页面已打开超过 {minutes} 分钟，为了安全需要重新打开页面后再提交。" if expired
                   else "表单验证失败（页面可能已过期），请重新打开页面后再提交。")
        back = request.path if request.path.startswith("/") else "/"
        return render_template("csrf_expired.html", message=message, back=back), 400

    @app.get("/")
    def home() -> ResponseReturnValue:
        """The root sends people where they most likely want to go."""
        return redirect(url_for("team.join_by_pin"))
