"""Contest results from the event log: Excel/CSV exports and a printable results page."""

from .export import SHEETS, Report, analyse, export_csv, export_xlsx
from .results_page import results_page

__all__ = ["SHEETS", "Report", "analyse", "export_csv", "export_xlsx", "results_page"]
