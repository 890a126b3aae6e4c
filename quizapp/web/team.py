"""Team phones: join by QR code or by team + PIN, then the team page."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template
from flask.typing import ResponseReturnValue

from ..core.errors import DomainError
from .forms import JoinForm, PinJoinForm

bp = Blueprint("team", __name__)


def _devices():
    return current_app.extensions["quizapp.devices"]


def _joined(code, member: str) -> ResponseReturnValue:
    """Register the device; the page stores the token on the phone and opens /team."""
    try:
        device = _devices().join(code, member)
    except DomainError as exc:
        return render_template("team/full.html", message=exc.message, contest_id=code.contest_id), 409
    return render_template("team/joined.html", token=device.token)


@bp.route("/join/<code>", methods=["GET", "POST"])
def join_by_code(code: str) -> ResponseReturnValue:
    """The page a team's QR opens: ask the member's name once."""
    try:
        join_code = _devices().by_code(code[:32])
    except DomainError as exc:
        return render_template("team/error.html", message=exc.message), 404
    state = current_app.extensions["quizapp.contests"].state(join_code.contest_id)
    team = state.teams.get(join_code.team_id)
    if team is None:
        abort(404)
    form = JoinForm()
    if form.validate_on_submit():
        return _joined(join_code, form.member.data)
    return render_template("team/join.html", form=form, team=team, title=state.title)


@bp.route("/join", methods=["GET", "POST"])
def join_by_pin() -> ResponseReturnValue:
    """Join without the QR: pick the contest's team and type its PIN."""
    contests = current_app.extensions["quizapp.contests"]
    choices = []
    for row in contests.contests():
        state = contests.state(row.id)
        if state.status in ("setup", "running"):
            choices += [(f"{row.id}:{t.id}", f"{state.title} · {t.desk}号台 {t.name}")
                        for t in state.teams_by_desk()]
    form = PinJoinForm()
    form.team.choices = choices
    error = ""
    if form.validate_on_submit():
        contest_id, _, team_id = form.team.data.partition(":")
        try:
            code = _devices().by_pin(contest_id, team_id, form.pin.data)
            return _joined(code, form.member.data)
        except DomainError as exc:
            error = exc.message
    return render_template("team/join_pin.html", form=form, error=error)


@bp.get("/team")
def team_page() -> ResponseReturnValue:
    """The team phone; its script reads the device token from the phone's storage."""
    return render_template("team/team.html")
