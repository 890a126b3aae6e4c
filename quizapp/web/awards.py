"""After the contest: 奖状 (certificates PDF), 成绩海报 (poster PNG) and the award settings form.

Handlers stay thin: the log goes to ``reports.awards`` (who gets what),
``reports.certificates`` and ``reports.poster`` (drawing); saved settings go
through the ``SetAwards`` command, so they are an event in the contest log.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from ..core.awards import LAYOUTS, AwardSettings, SetAwards, defaults, parse_tiers_text, tiers_text
from ..core.engine import Entry
from ..core.errors import DomainError
from ..questionbank.loader import sports_awards
from ..reports.awards import Award, Results, assign, current_settings, tier_counts
from ..reports.certificates import certificates_pdf
from ..reports.kinds import reports_for
from ..reports.poster import poster_png
from .auth import host_required

bp = Blueprint("awards", __name__, url_prefix="/host/<contest_id>")
TEXT = [Optional(), Length(max=80, message="最多 80 字")]


class AwardsForm(FlaskForm):
    """What the certificates say; the tiers decide who gets which award."""

    tiers = TextAreaField("奖项与获奖队数（每行一项“名称 队数”，最后一项可写“余下”；并列的队获同一奖项）",
                          validators=[Length(max=400, message="奖项设置太长")])
    per_member = BooleanField("每位队员另发一张（队伍有队员名单时）")
    best_audience = BooleanField("有观众答题成绩时颁发“最佳观众”")
    min_score = StringField("评比最低分（文明宿舍评比：达到此分才授予称号，可不填）", validators=TEXT)
    wording = StringField("正文（{contest} 代表比赛名称）", validators=TEXT)
    closing = StringField("结束语", validators=TEXT)
    organiser = StringField("颁奖单位", validators=TEXT)
    date = StringField("日期（不填则用比赛当天）", validators=TEXT)
    place = StringField("地点（可不填）", validators=TEXT)
    layout = SelectField("版式（无印章，盖章处留白）", choices=[SelectChoice(k, v) for k, v in LAYOUTS.items()])
    back = HiddenField()

    def fill(self, settings: AwardSettings) -> None:
        """Show the settings in force."""
        self.tiers.data = tiers_text(settings.tiers)
        for name in ("per_member", "best_audience", "min_score", "wording", "closing", "organiser", "date",
                     "place", "layout"):
            getattr(self, name).data = getattr(settings, name)

    def command(self) -> SetAwards:
        """The command these fields ask for (the core checks it again)."""
        text = {name: (getattr(self, name).data or "").strip()
                for name in ("min_score", "wording", "closing", "organiser", "date", "place", "layout")}
        return SetAwards(tiers=parse_tiers_text(self.tiers.data or ""), per_member=bool(self.per_member.data),
                         best_audience=bool(self.best_audience.data), **text)


def _log(contest_id: str) -> list[Entry]:
    contests = current_app.extensions["quizapp.contests"]
    try:
        contests.state(contest_id)
    except DomainError:
        abort(404)
    return contests.log(contest_id)


def _preset_settings(log: Sequence[Entry], results: Results) -> AwardSettings:
    """The preset's ``awards:`` section, else the built-in defaults for this kind of contest."""
    catalog = current_app.extensions["quizapp.catalog"]
    preset_id = str(getattr(log[0].event, "preset", "")) if log else ""
    if preset_id in catalog.presets:  # a knowledge-contest preset
        return catalog.presets[preset_id].awards
    if preset_id in catalog.sports_presets:
        return sports_awards(catalog.sports_presets[preset_id])
    return defaults(results.kind)


def _decided(contest_id: str, log: Sequence[Entry]) -> tuple[Results, AwardSettings, list[Award]]:
    """The results, the settings in force (last saved, else the preset's) and who gets what."""
    results = reports_for(current_app.extensions["quizapp.contests"].rulebook(contest_id).kind).results(log)
    settings = current_settings(log, _preset_settings(log, results))
    return results, settings, assign(results, settings)


def awards_context(contest_id: str, log: Sequence[Entry], form: AwardsForm | None = None) -> dict[str, object]:
    """Everything the settings form and its summary need (shared with the printable results page)."""
    results, settings, awards = _decided(contest_id, log)
    if form is None:
        form = AwardsForm()
        form.fill(settings)
    return {"contest_id": contest_id, "form": form, "results": results, "awards": awards,
            "counts": tier_counts(awards), "settings": settings}


@bp.get("/certificates.pdf")
@host_required
def certificates(contest_id: str) -> ResponseReturnValue:
    """One A4 landscape page per award."""
    results, settings, awards = _decided(contest_id, _log(contest_id))
    try:
        pdf = certificates_pdf(results, awards, settings)
    except DomainError as exc:
        return Response(exc.message, status=503, mimetype="text/plain")
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f"inline; filename=certificates-{contest_id}.pdf"})


@bp.get("/poster.png")
@host_required
def poster(contest_id: str) -> ResponseReturnValue:
    """The 1080×1920 results poster."""
    results, settings, _ = _decided(contest_id, _log(contest_id))
    try:
        png = poster_png(results, settings)
    except DomainError as exc:
        return Response(exc.message, status=503, mimetype="text/plain")
    return Response(png, mimetype="image/png",
                    headers={"Content-Disposition": f"inline; filename=poster-{contest_id}.png"})


@bp.route("/awards", methods=["GET", "POST"])
@host_required
def settings(contest_id: str) -> ResponseReturnValue:
    """The award settings: shown with who gets what; saving logs them as an event."""
    log = _log(contest_id)
    form = AwardsForm()
    error = ""
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                current_app.extensions["quizapp.contests"].execute(contest_id, form.command(), "host")
            except DomainError as exc:
                error = exc.message
            else:
                back = form.back.data or ""
                safe = back.startswith(f"/host/{contest_id}/") and "//" not in back
                return redirect((back if safe else url_for("awards.settings", contest_id=contest_id))
                                + "?saved=1#awards")
        else:
            error = "；".join(m for messages in form.errors.values() for m in messages)
        return render_template("awards/settings.html", error=error, **awards_context(contest_id, log, form)), 400
    return render_template("awards/settings.html", error=error, saved=bool(request.args.get("saved")),
                           **awards_context(contest_id, log))
