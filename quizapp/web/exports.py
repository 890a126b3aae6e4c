"""Results for the notice board and for disputes: Excel, CSV per sheet, a printable page.

The same three URLs serve a quiz, a sports day and a 文明宿舍评比; which
report is built depends on the contest's kind.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask.typing import ResponseReturnValue

from ..core.engine import Entry
from ..core.errors import DomainError
from ..core.sports.model import SportsState
from ..reports import SHEETS, export_csv, export_xlsx, results_page
from ..reports.sports_export import SPORTS_SHEETS, sports_csv, sports_xlsx
from ..reports.sports_page import sports_results_page
from .auth import host_required
from .awards import awards_context

bp = Blueprint("exports", __name__, url_prefix="/host/<contest_id>")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _contest(contest_id: str) -> tuple[list[Entry], bool, str]:
    """The log, whether it is a sports day / 评比, and the title (404 for an unknown contest)."""
    contests = current_app.extensions["quizapp.contests"]
    try:
        state = contests.state(contest_id)
    except DomainError:
        abort(404)
    return contests.log(contest_id), isinstance(state, SportsState), str(state.title or "")


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
    log, sports, title = _contest(contest_id)
    data = sports_xlsx(log) if sports else export_xlsx(log)
    return _download(data, XLSX, title, contest_id, "成绩")


@bp.get("/export/<sheet>.csv")
@host_required
def csv(contest_id: str, sheet: str) -> ResponseReturnValue:
    """One sheet as CSV (UTF-8 with BOM)."""
    log, sports, title = _contest(contest_id)
    if sheet not in (SPORTS_SHEETS if sports else SHEETS):
        abort(404)
    data = sports_csv(log, sheet) if sports else export_csv(log, sheet)
    return _download(data, "text/csv; charset=utf-8", title, contest_id, sheet)


@bp.get("/results")
@host_required
def printable(contest_id: str) -> ResponseReturnValue:
    """A printable results page (公示) for the notice board, with the award settings form (screen only)."""
    log, sports, _ = _contest(contest_id)
    aside = _aside(contest_id, log)
    page = sports_results_page(log, aside=aside) if sports else results_page(log, aside=aside)
    return Response(page, mimetype="text/html")


def _aside(contest_id: str, log: Sequence[Entry]) -> str:
    return render_template("awards/_results_aside.html", back=request.path, saved=bool(request.args.get("saved")),
                           error="", **awards_context(contest_id, log))
