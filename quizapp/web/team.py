"""Team phones: join by QR code or by 比赛码 + team + PIN, then the team page."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from wtforms.fields.choices import SelectChoice

from ..core.errors import DomainError
from ..services.devices import JUDGE_PREFIX, Device, role_of
from .forms import ContestCodeForm, JoinForm, PinJoinForm

bp = Blueprint("team", __name__)


def _devices():
    return current_app.extensions["quizapp.devices"]


def _joined(code, member: str) -> ResponseReturnValue:
    """Register the device; the page stores the token on the phone and opens its page."""
    try:
        device = _devices().join(code, member)
    except DomainError as exc:
        return render_template("team/full.html", message=exc.message, contest_id=code.contest_id), 409
    return _open(device)


def _open(device: Device) -> ResponseReturnValue:
    """Store the device's token on the phone and open the page its role uses."""
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
    return render_template("team/join.html", form=form, label=label, colour=colour, title=state.title,
                           role=role, resume=url_for("team.resume", code=join_code.code),
                           fresh=request.args.get("fresh") == "1")


@bp.post("/join/<code>/resume")
def resume(code: str) -> ResponseReturnValue:
    """A re-scan on a phone that already holds this team's token reopens its device (no new slot).

    A token of another team, a revoked or an unknown one falls back to the name form.
    """
    try:
        join_code = _devices().by_code(code[:32])
    except DomainError as exc:
        return render_template("team/error.html", message=exc.message), 404
    try:
        device = _devices().resume(join_code, request.form.get("token", "")[:64])
    except DomainError:
        return redirect(url_for("team.join_by_code", code=join_code.code, fresh="1"))
    return _open(device)


@bp.route("/join", methods=["GET", "POST"])
def join_by_pin() -> ResponseReturnValue:
    """Join without the QR, step 1: the 比赛码 on the projector names the contest.

    No list of contests or teams is shown before a valid code; wrong codes
    count against the phone's address like wrong PINs do.
    """
    form = ContestCodeForm()
    error, status = "", 200
    if form.validate_on_submit():
        try:
            _devices().by_contest_code(form.code.data, request.remote_addr or "")
            return redirect(url_for("team.join_contest", contest_code=form.code.data.strip()))
        except DomainError as exc:
            error, status = exc.message, (429 if exc.code == "locked_out" else 200)
    return render_template("team/join_code.html", form=form, error=error), status


@bp.route("/join/c/<contest_code>", methods=["GET", "POST"])
def join_contest(contest_code: str) -> ResponseReturnValue:
    """Step 2: pick one of this contest's teams and type its PIN (locked out after repeated failures)."""
    address = request.remote_addr or ""
    contests = current_app.extensions["quizapp.contests"]
    try:
        contest_id = _devices().by_contest_code(contest_code[:8], address)
        state = contests.state(contest_id)
    except DomainError as exc:
        return render_template("team/error.html", message=exc.message), (429 if exc.code == "locked_out" else 404)
    book = contests.rulebook(contest_id)  # team phones join kinds that hand teams a join sheet
    if "join_sheet" not in book.pages or book.finished(state) or getattr(state, "status", "") == "new":
        return render_template("team/error.html", message="这场比赛目前不能加入"), 404
    form = PinJoinForm()
    form.team.choices = [SelectChoice(t.id, f"{t.desk}号台 {t.name}") for t in state.teams_by_desk()]
    error, status = "", 200
    if form.validate_on_submit():
        try:
            code = _devices().by_pin(contest_id, form.team.data, form.pin.data, address)
            return _joined(code, form.member.data)
        except DomainError as exc:
            error, status = exc.message, (429 if exc.code == "locked_out" else 200)
    return render_template("team/join_pin.html", form=form, error=error, title=state.title,
                           contest_code=contest_code), status


@bp.get("/team")
def team_page() -> ResponseReturnValue:
    """The team phone; its script reads the device token from the phone's storage."""
    return render_template("team/team.html")
