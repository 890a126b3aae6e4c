"""Sports day pages: the results desk (recorder) and the judges, with WTForms.

Staff join by scanning their own QR code (from the host's staff sheet); the
join stores their credential in the session (for these forms) and on the
phone (for the live socket). Every form is validated field by field with the
same parser the rules use, so "1:02.35", "62.35", "35-2" or "缺席" get a clear
message before anything is saved; placings that clash are flagged by the rules.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from ..core.errors import DomainError
from ..core.labels import SPORTS_KIND_LABELS, SPORTS_STATUS
from ..core.sports import model as sm
from ..core.sports.model import SportsState
from ..core.sports.rules import parse_result
from ..services.devices import Device
from .kinds import page_or_404

bp = Blueprint("sports", __name__)
STATUS_CHOICES = [SelectChoice(value, label) for value, label in SPORTS_STATUS.items()]  # the core's words


@bp.app_context_processor
def _sports_labels() -> dict[str, Any]:
    """The core's words for sports events' statuses and kinds, for every template: none keeps a copy."""
    return {"sports_labels": {"status": SPORTS_STATUS, "kind": SPORTS_KIND_LABELS}}


def _staff(role: str) -> tuple[Device | None, bool]:
    """The staff device of this browser session (or the host, who may do everything)."""
    if session.get("host"):
        return None, True
    token = session.get(f"{role}_token")
    if not token:
        abort(403)
    try:
        device = current_app.extensions["quizapp.devices"].device(token)
    except DomainError:
        session.pop(f"{role}_token", None)
        abort(403)
    if device.role != role:
        abort(403)
    return device, False


def _contest_of(device: Device | None) -> str:
    return device.contest_id if device else str(request.args.get("contest") or request.view_args.get("contest_id"))


def results_form(state: SportsState, event: sm.SportEvent) -> FlaskForm:
    """One text field per team, pre-filled with what is already recorded."""
    fields: dict[str, Any] = {
        "status": SelectField("项目状态", choices=STATUS_CHOICES, default=event.status),
        "reason": StringField("更正理由（修改已录入或已确认的成绩时必填）", validators=[Optional(), Length(max=200)]),
    }
    hint = {"timed": "例如 1:02.35 或 62.35，罚时写 +5", "counted": "例如 35，扣次写 35-2",
            "ranked": "名次，例如 1；并列写相同名次"}.get(event.spec.kind, "分数")
    for team_id, team in state.teams.items():
        line = event.results.get(team_id)
        fields[f"t_{team_id}"] = StringField(team.label, default=line.raw if line else "",
                                             validators=[Optional(), Length(max=40)],
                                             description=hint)
    form_class = type("ResultsForm", (FlaskForm,), fields)
    return form_class()


@bp.route("/sports/<contest_id>/results/<event_id>", methods=["GET", "POST"])
def enter_results(contest_id: str, event_id: str) -> ResponseReturnValue:
    """Type or correct one event's results (results desk or host)."""
    device, is_host = _staff("recorder")
    if device is not None and device.contest_id != contest_id:
        abort(403)
    state = page_or_404(contest_id, "recorder")[0]
    event = state.events.get(event_id)
    if event is None:
        abort(404)
    form = results_form(state, event)
    errors: list[str] = []
    saved = ""
    if form.validate_on_submit():
        typed = [(tid, (getattr(form, f"t_{tid}").data or "").strip()) for tid in state.teams]
        for team_id, raw in typed:
            if raw:
                try:
                    parse_result(state, event, team_id, raw)
                except DomainError as exc:
                    getattr(form, f"t_{team_id}").errors = [exc.message]
                    errors.append(exc.message)
        if not errors:
            errors, saved = _save_results(contest_id, state, event, typed, form, "host" if is_host else "recorder")
    elif request.method == "POST":
        errors = [e for field_errors in form.errors.values() for e in field_errors]
    state = page_or_404(contest_id, "recorder")[0]
    return render_template("sports/results_form.html", form=form, state=state, event=state.events[event_id],
                           contest_id=contest_id, errors=errors, saved=saved, is_host=is_host), \
        (400 if errors else 200)


def _save_results(contest_id: str, state: SportsState, event: sm.SportEvent,
                  typed: list[tuple[str, str]], form: Any, actor: str) -> tuple[list[str], str]:
    """Record new results, or correct recorded ones with the reason; then set the status."""
    contests = current_app.extensions["quizapp.contests"]
    entries = tuple((tid, raw) for tid, raw in typed if raw)
    reason = (form.reason.data or "").strip()
    try:
        if entries and not event.results:
            contests.execute(contest_id, sm.RecordResults(event_id=event.id, entries=entries), actor)
        else:
            changed = tuple((tid, raw) for tid, raw in typed
                            if raw != (event.results[tid].raw if tid in event.results else ""))
            if changed:
                contests.execute(contest_id, sm.CorrectResult(event_id=event.id, reason=reason, entries=changed),
                                 actor)
        current = contests.state(contest_id).events[event.id].status
        if form.status.data not in (event.status, current):  # recording moves the status by itself
            contests.execute(contest_id, sm.SetEventStatus(event_id=event.id, status=form.status.data,
                                                           reason=reason), actor)
    except DomainError as exc:
        return [exc.message], ""
    return [], "已保存"


@bp.get("/recorder")
def recorder_home() -> ResponseReturnValue:
    """The results desk: the schedule with each event's status and a link to its form."""
    device, _ = _staff("recorder")
    contest_id = _contest_of(device)
    state, _, template = page_or_404(contest_id, "recorder")
    return render_template(template, state=state, contest_id=contest_id,
                           member=device.member if device else "主持人")


class ScoreForm(FlaskForm):
    """A judge's score for one entrant (two decimals, within the event's range)."""

    score = StringField("分数", validators=[DataRequired("请填写分数"), Length(max=10)])


@bp.route("/judge", methods=["GET", "POST"])
def judge_home() -> ResponseReturnValue:
    """A judge's to-do list: the entrants still to score, one small form each."""
    device, _ = _staff("judge")
    if device is None:
        abort(403)
    state, book, template = page_or_404(device.contest_id, "judge")
    form = ScoreForm()
    message, error = "", ""
    if request.method == "POST" and form.validate_on_submit():
        try:
            current_app.extensions["quizapp.contests"].execute(
                device.contest_id,
                sm.SubmitScore(event_id=request.form.get("event_id", "")[:32], judge_id=device.judge_id,
                               team_id=request.form.get("team_id", "")[:32], score=form.score.data.strip()),
                f"judge:{device.judge_id}")
            return redirect(url_for("sports.judge_home", ok=1))
        except DomainError as exc:
            error = exc.message
    elif request.method == "POST":
        error = "；".join(e for errs in form.errors.values() for e in errs)
    if request.args.get("ok"):
        message = "已提交"
    view = book.view(state, "judge", device.judge_id)
    judge = state.judges.get(device.judge_id)
    return render_template(template, view=view, judge=judge, form=form, message=message,
                           error=error, state=state), (400 if error else 200)
