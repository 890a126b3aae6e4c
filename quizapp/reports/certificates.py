"""奖状 as a PDF: one A4 landscape page per award, HTML template rendered by WeasyPrint.

WeasyPrint lays Chinese out with Pango/HarfBuzz and embeds the system's Noto
CJK faces (CFF-based .ttc files included) as subsets, so the PDF carries real,
searchable text. Rendering runs in a child process (``python -m
quizapp.reports.certificates``): a few seconds of layout must never stall the
server's event loop while phones are still connected.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..core.awards import AwardSettings
from .awards import BEST_AUDIENCE, Award, Results, date_text
from .child import render_in_child
from .fonts import require_cjk

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
SERIF = '"Noto Serif CJK SC", "Source Han Serif SC", "AR PL UMing CN", "Noto Sans CJK SC", "WenQuanYi Zen Hei", serif'

_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))


@dataclass(frozen=True)
class Page:
    """What one certificate shows."""

    recipient: str
    member: bool
    lead: str
    title: str
    detail: str
    size: str
    best_audience: bool


def _size(name: str) -> str:
    """Long names get a smaller face so they wrap onto at most two lines instead of running off."""
    length = len(name)
    return "26pt" if length <= 14 else "22pt" if length <= 26 else "18pt" if length <= 44 else "15pt"


def _lead(award: Award, settings: AwardSettings, contest: str) -> str:
    where = contest if not award.event or award.event == contest else f"{contest}“{award.event}”项目"
    text = settings.wording.replace("{contest}", where)
    if award.team:
        text = f"作为“{award.team}”的队员，{text}"
    return text


def pages(awards: Sequence[Award], settings: AwardSettings, contest: str) -> list[Page]:
    """The certificate pages, in the order of ``awards``."""
    return [Page(a.recipient, bool(a.team), _lead(a, settings, contest), a.title, a.detail, _size(a.recipient),
                 a.title == BEST_AUDIENCE and not a.recipient) for a in awards]


def certificates_html(results: Results, awards: Sequence[Award], settings: AwardSettings,
                      tz: tzinfo | None = None) -> str:
    """The printable HTML (also useful on its own for a browser preview)."""
    template = _env.get_template("awards/certificates.html")
    return template.render(pages=pages(awards, settings, results.title), contest=results.title,
                           layout=settings.layout, serif=SERIF, closing=settings.closing,
                           organiser=settings.organiser, date=date_text(settings, results, tz), place=settings.place)


def html_to_pdf(html: str) -> bytes:
    """Render in a child process; a failure becomes a DomainError with a zh-CN message."""
    require_cjk()
    return render_in_child(__name__, html.encode("utf-8"), "奖状", b"%PDF")


def certificates_pdf(results: Results, awards: Sequence[Award], settings: AwardSettings,
                     tz: tzinfo | None = None) -> bytes:
    """One A4 landscape page per award (a single explanatory page when there is none)."""
    return html_to_pdf(certificates_html(results, awards, settings, tz))


def _main() -> None:
    """Child process: HTML on stdin, PDF on stdout."""
    from weasyprint import HTML  # imported here: only the child pays for loading Pango

    html = sys.stdin.buffer.read().decode("utf-8")
    sys.stdout.buffer.write(HTML(string=html, base_url=str(TEMPLATES)).write_pdf())


if __name__ == "__main__":
    _main()
