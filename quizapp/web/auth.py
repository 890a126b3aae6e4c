"""Host login (password from the instance folder or QUIZAPP_HOST_PASSWORD)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from .forms import LoginForm

bp = Blueprint("auth", __name__)


def host_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Redirect to the login page unless this browser has logged in as host."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not session.get("host"):
            return redirect(url_for("auth.login", next=request.path))
        return view(*args, **kwargs)

    return wrapped


@bp.route("/host/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    """Check the password; on success remember the host in the session."""
    form = LoginForm()
    error = ""
    if form.validate_on_submit():
        expected = str(current_app.config["HOST_PASSWORD"])
        if secrets.compare_digest(form.password.data.encode(), expected.encode()):
            session.clear()
            session["host"] = True
            session.permanent = True
            target = request.args.get("next", "")
            return redirect(target if target.startswith("/host") else url_for("host.index"))
        error = "密码不对。密码在启动服务器时打印，也保存在实例目录的 host_password 文件中。"
    return render_template("auth/login.html", form=form, error=error), (401 if error else 200)


@bp.post("/host/logout")
def logout() -> ResponseReturnValue:
    """Forget the host session."""
    session.clear()
    return redirect(url_for("auth.login"))
