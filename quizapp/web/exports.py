"""Results for the notice board and for disputes: Excel, CSV per sheet, a printable page.

The same three URLs serve a quiz, a sports day and a 文明宿舍评比; the
contest's kind names its reports (``reports.kinds``).
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask.typing import ResponseReturnValue

from ..core.engine import Entry
from ..core.errors import DomainError
from ..reports.kinds import Reports, reports_for
from .auth import host_required
from .awards import awards_context

bp = Blueprint("exports", __name__, url_prefix="/host/<contest_id>")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _contest(contest_id: str) -> tuple[list[Entry], Reports, str]:
    """The log, the reports of its kind, and the title (404 for an unknown contest)."""
    contests = current_app.extensions["quizapp.contests"]
    try:
        state = contests.state(contest_id)
        kind = contests.rulebook(contest_id).kind
    except DomainError:
        abort(404)
    return contests.log(contest_id), reports_for(kind), str(state.title or "")


def _download(data: bytes, mimetype: str, title: str, contest_id: str, suffix: str) -> Response:
    """An attachment named after the contest: ``宿舍趣味运动会-成绩.xlsx`` (ASCII fallback for old browsers)."""
    name = f"{title or '比赛'}-{suffix}".replace("/", "-").replace("\\", "-")
    ext = "xlsx" if mimetype == XLSX else "csv"
    disposition = f"attachment; filename=results-{contest_id}.{ext}; filename*=UTF-8''{quote(name)}.{ext}"
    return Response(data, mimetype=mimetype, headers={"Content-Disposition": disposition})


@bp.get("/export.xlsx")
@host_required
def excel(contest_id: str) -> ResponseReturnValue:
    """Quiz: ranking, per-round scores, questions, the log with every press. Sports: standings, events, judges."""
    log, reports, title = _contest(contest_id)
    data = reports.xlsx(log)
    return _download(data, XLSX, title, contest_id, "成绩")


@bp.get("/export/<sheet>.csv")
@host_required
def csv(contest_id: str, sheet: str) -> ResponseReturnValue:
    """One sheet as CSV (UTF-8 with BOM)."""
    log, reports, title = _contest(contest_id)
    if sheet not in reports.sheets:
        abort(404)
    data = reports.csv(log, sheet)
    return _download(data, "text/csv; charset=utf-8", title, contest_id, sheet)


@bp.get("/results")
@host_required
def printable(contest_id: str) -> ResponseReturnValue:
    """A printable results page (公示) for the notice board, with the award settings form (screen only)."""
    log, reports, _ = _contest(contest_id)
    page = reports.page(log, aside=_aside(contest_id, log))
    return Response(page, mimetype="text/html")


def _aside(contest_id: str, log: Sequence[Entry]) -> str:
    return render_template("awards/_results_aside.html", back=request.path, saved=bool(request.args.get("saved")),
                           error="", **awards_context(contest_id, log))
