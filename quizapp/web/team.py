"""Team phones: join by QR code or by team + PIN, then the team page."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, session
from flask.typing import ResponseReturnValue
from wtforms.fields.choices import SelectChoice

from ..core.errors import DomainError
from ..services.devices import JUDGE_PREFIX, role_of
from .forms import JoinForm, PinJoinForm

bp = Blueprint("team", __name__)


def _devices():
    return current_app.extensions["quizapp.devices"]


def _joined(code, member: str) -> ResponseReturnValue:
    """Register the device; the page stores the token on the phone and opens its page."""
    try:
        device = _devices().join(code, member)
    except DomainError as exc:
        return render_template("team/full.html", message=exc.message, contest_id=code.contest_id), 409
    if device.role != "team":  # staff: the forms use the session, the live page the stored token
        session[f"{device.role}_token"] = device.token
        session.permanent = True
    return render_template("team/joined.html", token=device.token, role=device.role,
                           target={"team": "/team", "judge": "/judge", "recorder": "/recorder"}[device.role])


@bp.route("/join/<code>", methods=["GET", "POST"])
def join_by_code(code: str) -> ResponseReturnValue:
    """The page a team's QR opens: ask the member's name once."""
    try:
        join_code = _devices().by_code(code[:32])
    except DomainError as exc:
        return render_template("team/error.html", message=exc.message), 404
    state = current_app.extensions["quizapp.contests"].state(join_code.contest_id)
    role = role_of(join_code.team_id)
    if role == "team":
        team = state.teams.get(join_code.team_id)
        label, colour = (f"{team.desk}号台 · {team.name}", team.colour) if team else ("", "")
    elif role == "judge":
        judge = state.judges.get(join_code.team_id.removeprefix(JUDGE_PREFIX))
        label, colour = (f"评委 · {judge.name}", "#455a64") if judge else ("", "")
    else:
        label, colour = "成绩录入台", "#455a64"
    if not label:
        abort(404)
    form = JoinForm()
    if form.validate_on_submit():
        return _joined(join_code, form.member.data)
    return render_template("team/join.html", form=form, label=label, colour=colour, title=state.title)


@bp.route("/join", methods=["GET", "POST"])
def join_by_pin() -> ResponseReturnValue:
    """Join without the QR: pick the contest's team and type its PIN."""
    contests = current_app.extensions["quizapp.contests"]
    choices = []
    for row in contests.contests():
        state = contests.state(row.id)
        if row.kind == "quiz" and state.status in ("setup", "running"):
            choices += [SelectChoice(f"{row.id}:{t.id}", f"{state.title} · {t.desk}号台 {t.name}")
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
