"""Absolute links that phones can open (the LAN address, never 127.0.0.1 if avoidable)."""

from __future__ import annotations

import io

import segno
from flask import current_app, request


def public_base() -> str:
    """The base URL phones should use: the configured LAN URL, else this request's host."""
    configured = current_app.config.get("PUBLIC_URL")
    return str(configured or request.host_url).rstrip("/")


def qr_svg(url: str, scale: int = 6) -> str:
    """An SVG QR code of ``url`` (segno, no external service), with a viewBox and no fixed size,
    so each page sizes it with CSS (``svg.segno``)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=scale, border=2, xmldecl=False,
                                    svgns=True, nl=False, omitsize=True)
    return buffer.getvalue().decode("utf-8")
