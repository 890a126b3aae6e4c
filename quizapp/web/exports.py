"""Results for the notice board and for disputes: Excel, CSV per sheet, a printable page."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app
from flask.typing import ResponseReturnValue

from ..core.errors import DomainError
from ..core.sports_model import SportsState
from ..reports import SHEETS, export_csv, export_xlsx, results_page
from .auth import host_required

bp = Blueprint("exports", __name__, url_prefix="/host/<contest_id>")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _quiz_log(contest_id: str):
    contests = current_app.extensions["quizapp.contests"]
    try:
        state = contests.state(contest_id)
    except DomainError:
        abort(404)
    if isinstance(state, SportsState):
        abort(404)
    return contests.log(contest_id)


@bp.get("/export.xlsx")
@host_required
def excel(contest_id: str) -> ResponseReturnValue:
    """Ranking, per-round scores, every question and the full log with every press."""
    return Response(export_xlsx(_quiz_log(contest_id)), mimetype=XLSX,
                    headers={"Content-Disposition": f"attachment; filename=results-{contest_id}.xlsx"})


@bp.get("/export/<sheet>.csv")
@host_required
def csv(contest_id: str, sheet: str) -> ResponseReturnValue:
    """One sheet as CSV (UTF-8 with BOM)."""
    if sheet not in SHEETS:
        abort(404)
    return Response(export_csv(_quiz_log(contest_id), sheet), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f"attachment; filename=results-{contest_id}.csv"})


@bp.get("/results")
@host_required
def printable(contest_id: str) -> ResponseReturnValue:
    """A printable results page for the notice board."""
    return Response(results_page(_quiz_log(contest_id)), mimetype="text/html")
