"""The system's Simplified Chinese fonts, found through fontconfig (never downloaded).

Certificates and the poster need real CJK glyphs: without such a font every
character would print as an empty box, so a missing font is an error that
says which Debian package to install.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from dataclasses import dataclass

from ..core.errors import DomainError

MISSING = "本机没有中文字体，无法生成奖状和海报：请安装 fonts-noto-cjk（apt-get install fonts-noto-cjk）"


@dataclass(frozen=True)
class Font:
    """One face: file, index inside a .ttc collection, family and style."""

    path: str
    index: int
    family: str
    style: str


@functools.cache
def cjk_fonts() -> tuple[Font, ...]:
    """Every installed face that covers Simplified Chinese, as fontconfig lists them."""
    if shutil.which("fc-list") is None:
        return ()
    done = subprocess.run(["fc-list", "-f", "%{file}|%{index}|%{family[0]}|%{style[0]}\n", ":lang=zh-cn"],
                          capture_output=True, text=True, timeout=20, check=False)
    fonts = []
    for line in done.stdout.splitlines():
        parts = line.split("|")
        if len(parts) == 4 and parts[1].isdigit():
            fonts.append(Font(parts[0], int(parts[1]), parts[2], parts[3]))
    return tuple(sorted(fonts, key=lambda f: (f.path, f.index)))


def _score(font: Font, serif: bool, bold: bool) -> tuple[int, ...]:
    family = font.family.lower()
    return (("cjk sc" in family or family.endswith(" sc")) * 4 + ("mono" not in family) * 2,
            ("serif" in family or "ming" in family or "song" in family) == serif,
            ("bold" in font.style.lower()) == bold)


def cjk_font(*, serif: bool = False, bold: bool = False) -> Font:
    """The best Simplified Chinese face for the wish (Noto CJK SC first); DomainError when none."""
    fonts = cjk_fonts()
    if not fonts:
        raise DomainError("no_cjk_font", MISSING)
    return max(fonts, key=lambda f: _score(f, serif, bold))


def require_cjk() -> None:
    """Refuse early (with the package to install) rather than print empty boxes."""
    cjk_font()
