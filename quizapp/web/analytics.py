"""Question analytics pages for trainers: one contest, or every finished contest that used a bank."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from flask import Blueprint, abort, current_app, render_template, request
from flask.typing import ResponseReturnValue

from ..core.engine import Entry
from ..core.errors import DomainError
from ..reports.analytics_view import bank_view, contest_view
from .auth import host_required

bp = Blueprint("analytics", __name__, url_prefix="/host")


def _contests():
    return current_app.extensions["quizapp.contests"]


def _finished_quiz_logs() -> Iterator[tuple[str, Sequence[Entry]]]:
    """(id, log) of every finished knowledge contest, read one at a time."""
    contests = _contests()
    for row in contests.contests():
        book = contests.rulebook(row.id)
        if "analytics" in book.pages and book.finished(contests.state(row.id)):  # contests of questions
            yield row.id, contests.log(row.id)


@bp.get("/<contest_id>/analytics")
@host_required
def contest(contest_id: str) -> ResponseReturnValue:
    """Per question, per tag and per team figures of one contest, with charts and tables."""
    contests = _contests()
    try:
        state = contests.state(contest_id)
    except DomainError:
        abort(404)
    if "analytics" not in contests.rulebook(contest_id).pages:  # results are placings, not questions
        return render_template("host/analytics.html", mode="sports", contest_id=contest_id, title=state.title)
    data, sections = contest_view(contests.log(contest_id))
    return render_template("host/analytics.html", mode="contest", contest_id=contest_id, title=data.title,
                           data=data, sections=sections)


@bp.get("/analytics")
@host_required
def across() -> ResponseReturnValue:
    """Every finished contest that drew from the chosen bank, aggregated per question and per tag."""
    banks = current_app.extensions["quizapp.catalog"].banks
    bank = request.args.get("bank", "").strip()[:100]
    data, sections = bank_view(bank, _finished_quiz_logs()) if bank else (None, [])
    title = banks[bank].title if bank in banks else bank
    return render_template("host/analytics.html", mode="bank", bank=bank, title=title, data=data,
                           sections=sections, banks=list(banks.values()))
