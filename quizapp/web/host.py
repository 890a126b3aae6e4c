"""Host pages: contest list and creation, the console, join QR codes and sheets."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from wtforms.fields.choices import SelectChoice

from ..core.errors import DomainError
from ..services.devices import JUDGE_PREFIX, RECORDER
from ..services.setup import TeamSpec, create_from_preset, create_sports_day
from .auth import host_required
from .forms import CreateContestForm, RegenerateForm
from .kinds import contest_or_404, page_or_404
from .links import public_base, qr_svg

bp = Blueprint("host", __name__, url_prefix="/host")


def _services():
    ext = current_app.extensions
    return ext["quizapp.contests"], ext["quizapp.devices"], ext["quizapp.catalog"]


def _token(contest_id: str) -> str:
    """This login's socket token for this contest (expires; dies at logout or a password change)."""
    return current_app.extensions["quizapp.hostauth"].token(contest_id, session.get("login", ""))


def parse_teams(text: str) -> list[TeamSpec]:
    """"数学系,张三,李四" per line -> TeamSpec list (blank lines ignored)."""
    teams = []
    for line in text.replace("，", ",").splitlines():
        parts = [p.strip() for p in line.split(",") if p.strip()]
        if parts:
            teams.append(TeamSpec(parts[0], members=tuple(parts[1:6])))
    return teams


@bp.route("", methods=["GET", "POST"])
@host_required
def index() -> ResponseReturnValue:
    """Every contest, and a form to create one from a preset."""
    contests, _, catalog = _services()
    form = CreateContestForm()
    form.preset.choices = [SelectChoice(p.id, p.title) for p in catalog.presets.values()] + [
        SelectChoice(pid, str(data["preset"].get("title", pid))) for pid, data in catalog.sports_presets.items()]
    error = ""
    if form.validate_on_submit():
        teams = parse_teams(form.teams.data or "")
        if len(teams) < 2:
            error = "请至少填写两支参赛队（每行一队）"
        else:
            try:
                cid = _create(form, teams)
                return redirect(url_for("host.console", contest_id=cid))
            except DomainError as exc:
                error = exc.message
    show_archived = request.args.get("archived") == "1"
    every = contests.contests()
    rows = [(row, contests.state(row.id), contests.rulebook(row.id)) for row in every
            if show_archived or not row.archived]
    return render_template("host/index.html", form=form, rows=rows, error=error, show_archived=show_archived,
                           archived_count=sum(1 for row in every if row.archived),
                           archive_form=RegenerateForm())


@bp.post("/<contest_id>/archive")
@host_required
def archive(contest_id: str) -> ResponseReturnValue:
    """File a contest away: it leaves the default list (the 显示已归档 toggle shows it again)."""
    return _set_archived(contest_id, True)


@bp.post("/<contest_id>/unarchive")
@host_required
def unarchive(contest_id: str) -> ResponseReturnValue:
    """Bring an archived contest back onto the default list."""
    return _set_archived(contest_id, False)


def _set_archived(contest_id: str, archived: bool) -> ResponseReturnValue:
    contest_or_404(contest_id)  # 404 for an unknown contest
    if not RegenerateForm().validate_on_submit():
        abort(400)
    contests, _, _ = _services()
    contests.set_archived(contest_id, archived)
    back = request.form.get("back") == "archived"
    return redirect(url_for("host.index", archived="1") if back else url_for("host.index"))


def _create(form: CreateContestForm, teams: list[TeamSpec]) -> str:
    """A quiz from a quiz preset, or a sports day ("队名,宿舍" per line) from a sports preset."""
    contests, _, catalog = _services()
    title = (form.title.data or "").strip()
    if form.preset.data in catalog.sports_presets:
        preset = dict(catalog.sports_presets[form.preset.data])
        if title:
            preset["preset"] = {**preset["preset"], "title": title}
        return create_sports_day(contests, preset,
                                 [(t.name, t.members[0] if t.members else "", "") for t in teams])
    return create_from_preset(contests, catalog.preset(form.preset.data), catalog.banks, teams,
                              title=title, seed=form.seed.data)


@bp.get("/<contest_id>")
@host_required
def console(contest_id: str) -> ResponseReturnValue:
    """The live console; the page opens its socket with the host token."""
    state, _, template = page_or_404(contest_id, "console")
    return render_template(template, contest_id=contest_id, state=state,
                           token=_token(contest_id),
                           screen_url=f"{public_base()}/screen/{contest_id}",
                           overlay_url=f"{public_base()}/overlay/{contest_id}")


@bp.get("/<contest_id>/check")
@host_required
def buzzer_check(contest_id: str) -> ResponseReturnValue:
    """Before the contest: cue every phone, see each device's delay and reaction, spot bad links."""
    state, _, template = page_or_404(contest_id, "check")
    return render_template(template, contest_id=contest_id, state=state,
                           token=_token(contest_id))


@bp.get("/<contest_id>/questions")
@host_required
def questions(contest_id: str) -> ResponseReturnValue:
    """Bank questions for manual picking: ?q=text&type=single&bank=id (at most 200)."""
    contest_or_404(contest_id)  # 404 for an unknown contest
    _, _, catalog = _services()
    text, qtype, bank = request.args.get("q", ""), request.args.get("type", ""), request.args.get("bank", "")
    out = []
    for b in catalog.banks.values():
        if bank and b.id != bank:
            continue
        for q in b.questions:
            if (not qtype or q.type == qtype) and (not text or text in q.stem or text in q.tags):
                out.append(q.to_dict())
    return jsonify(questions=out[:200], total=len(out),
                   banks=[{"id": b.id, "title": b.title, "count": len(b.questions)}
                          for b in catalog.banks.values()])


def _join_links(contest_id: str) -> list[dict[str, str]]:
    state = contest_or_404(contest_id)[0]
    _, devices, _ = _services()
    out = []
    for team in state.teams_by_desk():
        code = devices.join_code(contest_id, team.id)
        url = f"{public_base()}/join/{code.code}"
        out.append({"team": team, "url": url, "pin": code.pin, "svg": qr_svg(url)})
    return out


@bp.get("/<contest_id>/qr")
@host_required
def qr_sheet(contest_id: str) -> ResponseReturnValue:
    """A printable sheet: one page per desk with its QR code and PIN."""
    state, book = contest_or_404(contest_id)
    if "join_sheet" not in book.pages:  # no team phones: the staff's codes instead
        return redirect(url_for("host.staff_sheet", contest_id=contest_id))
    _, devices, _ = _services()
    return render_template(book.pages["join_sheet"], state=state, contest_id=contest_id,
                           links=_join_links(contest_id), form=RegenerateForm(),
                           join_url=f"{public_base()}/join", contest_code=devices.contest_code(contest_id))


@bp.get("/<contest_id>/staff")
@host_required
def staff_sheet(contest_id: str) -> ResponseReturnValue:
    """Sports day: QR codes for the results desk and for each judge (their credentials)."""
    state, _, template = page_or_404(contest_id, "staff_sheet")
    _, devices, _ = _services()
    holders = [(RECORDER, "成绩录入台", "")] + [
        (f"{JUDGE_PREFIX}{j.id}", f"评委 · {j.name}", j.unit) for j in state.judges.values()]
    links = []
    for holder, label, unit in holders:
        url = f"{public_base()}/join/{devices.join_code(contest_id, holder).code}"
        links.append({"label": label, "unit": unit, "url": url, "svg": qr_svg(url)})
    return render_template(template, state=state, links=links, contest_id=contest_id)


@bp.post("/<contest_id>/teams/<team_id>/regenerate")
@host_required
def regenerate(contest_id: str, team_id: str) -> ResponseReturnValue:
    """Issue a new join code for a team; its old QR stops working."""
    state = contest_or_404(contest_id)[0]
    judges = getattr(state, "judges", {})  # kinds with judge panels hand out judge credentials too
    known = team_id in state.teams or team_id == RECORDER or team_id.removeprefix(JUDGE_PREFIX) in judges
    if not known or not RegenerateForm().validate_on_submit():
        abort(400)
    _, devices, _ = _services()
    devices.regenerate(contest_id, team_id)
    return redirect(url_for("host.qr_sheet", contest_id=contest_id))
