"""The reports each kind of contest has, by rulebook kind: Excel, CSV sheets and the printable page."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..core.engine import Entry
from .awards import Results, quiz_results, sports_results
from .export import SHEETS, export_csv, export_xlsx
from .results_page import results_page
from .sports_export import SPORTS_SHEETS, sports_csv, sports_xlsx
from .sports_page import sports_results_page


@dataclass(frozen=True)
class Reports:
    """One kind's results (for certificates and the poster), files and page, all built from the log."""

    results: Callable[[Sequence[Entry]], Results]

    xlsx: Callable[[Sequence[Entry]], bytes]
    csv: Callable[[Sequence[Entry], str], bytes]
    sheets: tuple[str, ...]
    page: Callable[..., str]


REPORTS: dict[str, Reports] = {
    "quiz": Reports(quiz_results, export_xlsx, export_csv, tuple(SHEETS), results_page),
    "sports": Reports(sports_results, sports_xlsx, sports_csv, tuple(SPORTS_SHEETS), sports_results_page),
}


def reports_for(kind: str) -> Reports:
    """The reports of a contest kind (every shipped rulebook has some)."""
    return REPORTS[kind]
