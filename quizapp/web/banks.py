"""Question banks in the host console: the shipped and imported banks, uploads, templates."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, current_app, render_template
from flask.typing import ResponseReturnValue

from ..core.errors import DomainError
from ..questionbank.importer import MAX_BYTES, import_questions
from ..questionbank.store import list_banks, save_bank
from ..questionbank.template import template_csv, template_xlsx
from .auth import host_required
from .forms import ImportForm

bp = Blueprint("banks", __name__, url_prefix="/host/banks")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def imported_folder() -> Path:
    """Where imported banks are kept: ``<instance>/banks``."""
    return Path(current_app.instance_path) / "banks"


@bp.route("", methods=["GET", "POST"])
@host_required
def index() -> ResponseReturnValue:
    """Every bank with its counts, and the upload form (all-or-nothing import)."""
    catalog = current_app.extensions["quizapp.catalog"]
    form = ImportForm()
    problems: list[str] = []
    added: dict[str, int] = {}
    if form.validate_on_submit():
        data = form.file.data.read(MAX_BYTES + 1)
        result = import_questions(data, form.file.data.filename or "", form.bank_id.data)
        problems = list(result.problems)
        if result.ok:
            try:
                save_bank(imported_folder(), form.bank_id.data, form.title.data.strip(), result.questions,
                          shipped_ids=catalog.shipped_ids())
                catalog.reload()
                added = dict(result.counts)
            except DomainError as exc:
                problems = [exc.message]
    return render_template("banks/index.html", form=form, banks=list(catalog.banks.values()),
                           shipped_ids=catalog.shipped_ids(),
                           imported=list_banks(imported_folder()), problems=problems, added=added), \
        (400 if problems else 200)


@bp.get("/template.xlsx")
@host_required
def template_excel() -> ResponseReturnValue:
    """The import template with two example rows, for Excel."""
    return Response(template_xlsx(), mimetype=XLSX,
                    headers={"Content-Disposition": "attachment; filename=quizapp-template.xlsx"})


@bp.get("/template.csv")
@host_required
def template_text() -> ResponseReturnValue:
    """The import template as CSV (UTF-8 with BOM, so Excel opens it right)."""
    return Response(template_csv(), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": "attachment; filename=quizapp-template.csv"})
