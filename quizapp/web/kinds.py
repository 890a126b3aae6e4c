"""Pages by the contest's rulebook: each kind names its templates, so no page asks which kind it is."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app

from ..core.errors import DomainError
from ..core.rulebook import Rulebook


def contest_or_404(contest_id: str) -> tuple[Any, Rulebook]:
    """The contest's state and rulebook; 404 for an unknown contest."""
    contests = current_app.extensions["quizapp.contests"]
    try:
        return contests.state(contest_id), contests.rulebook(contest_id)
    except DomainError:
        abort(404)


def page_or_404(contest_id: str, page: str) -> tuple[Any, Rulebook, str]:
    """State, rulebook and template of one of the contest's pages; 404 when its kind has no such page."""
    state, book = contest_or_404(contest_id)
    template = book.pages.get(page)
    if template is None:
        abort(404)
    return state, book, template
