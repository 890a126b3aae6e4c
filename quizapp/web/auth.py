"""Host login, logout and password change.

The password comes from QUIZAPP_HOST_PASSWORD, a hash saved when the host
changed it in the console, or the generated instance-folder file. Each login
is a row the session cookie names: logging out or changing the password
revokes it, and with it the console's socket tokens.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from ..core.errors import DomainError
from .forms import LoginForm, PasswordForm

bp = Blueprint("auth", __name__)


def _hostauth():
    return current_app.extensions["quizapp.hostauth"]


def host_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Redirect to the login page unless this browser holds a live host login."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not session.get("host") or not _hostauth().login_active(session.get("login")):
            session.clear()
            return redirect(url_for("auth.login", next=request.path))
        return view(*args, **kwargs)

    return wrapped


def _begin(login_id: str) -> None:
    session.clear()
    session["host"] = True
    session["login"] = login_id
    session.permanent = True


@bp.route("/host/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    """Check the password (wrong ones lock the address out for a while); on success start a login."""
    form = LoginForm()
    error, status = "", 200
    if form.validate_on_submit():
        hostauth, address = _hostauth(), request.remote_addr or ""
        try:
            hostauth.failures.check(address, message="密码输错次数过多")
            if not hostauth.password_ok(form.password.data):
                hostauth.failures.fail(address)
                raise DomainError("bad_password", "密码不对。密码在启动服务器时打印，也保存在实例目录的 "
                                                  "host_password 文件中（在控制台修改过的除外）。")
            hostauth.failures.succeed(address)
            _begin(hostauth.start_login())
            target = request.args.get("next", "")
            return redirect(target if target.startswith("/host") else url_for("host.index"))
        except DomainError as exc:
            error, status = exc.message, (429 if exc.code == "locked_out" else 401)
    return render_template("auth/login.html", form=form, error=error), status


@bp.post("/host/logout")
def logout() -> ResponseReturnValue:
    """End the login: this browser and every socket token it was given stop working."""
    _hostauth().end_login(session.get("login"))
    session.clear()
    return redirect(url_for("auth.login"))


@bp.route("/host/password", methods=["GET", "POST"])
@host_required
def password() -> ResponseReturnValue:
    """Change the host password; every other login (and its tokens) is revoked."""
    hostauth = _hostauth()
    form = PasswordForm()
    error, done, status = "", False, 200
    if hostauth.changeable and form.validate_on_submit():
        try:
            _begin(hostauth.change_password(form.current.data, form.new.data))
            done = True
        except DomainError as exc:
            error, status = exc.message, 400
    return render_template("auth/password.html", form=form, error=error, done=done,
                           changeable=hostauth.changeable), status
