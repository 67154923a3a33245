"""The page header and footer of a PDF: the agency at the top; the document title, the policy's
version in words and "Page X of Y" at the foot. No internal ids (form or template ids) are printed:
the manifest and the document properties carry those.

Y is not known until the last page is drawn, so every footer draws a form XObject (TOTAL) that
`finish` defines once the page count is known; reportlab resolves the reference when it saves.
"""

from __future__ import annotations

from reportlab.lib.colors import Color, black
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from ...forms.tree import FormSpec
from ..fonts import SANS
from .logo import HEADER_ROOM, logo_header

TOTAL = "docgen_page_total"  # the form XObject holding the page count
SIZE = 8.0
HEAD_Y, FOOT_Y = 38.0, 34.0  # baselines from the top and the bottom edge: text 10 mm clear of the edges
GREY = Color(0.3, 0.3, 0.3)


def furniture(c: Canvas, spec: FormSpec, page: int, *, page_w: float, page_h: float, margin: float) -> None:
    """The agency at the top left (or the logo header, logo.py); title and version at the foot,
    left, and "Page n of N" at the right."""
    if spec.logo is not None:
        logo_header(c, spec, page_w=page_w, page_h=page_h, margin=margin)
    c.setFont(SANS, SIZE)
    c.setFillColor(GREY)
    if spec.logo is None:
        c.drawString(margin, page_h - HEAD_Y, spec.agency)
    counter = f"Page {page} of "
    right = page_w - margin - pdfmetrics.stringWidth("Page 99 of 99", SANS, SIZE)
    room = right - margin - 12
    version = f", {spec.version_line}" if spec.version_line else ""
    title = fit_title(spec.title, version, room)
    c.drawString(margin, FOOT_Y, (title + version).lstrip(", "))
    c.drawString(right, FOOT_Y, counter)
    c.saveState()
    c.translate(right + pdfmetrics.stringWidth(counter, SANS, SIZE), FOOT_Y)
    c.doForm(TOTAL)
    c.restoreState()
    c.setFillColor(black)


def fit_title(title: str, version: str, room: float) -> str:
    """The title as it fits before `version` in `room` points: whole, or shortened at a word boundary
    with an ellipsis ("Professional Supervision: A model for…"), never cut mid-word."""

    def fits(text: str) -> bool:
        return pdfmetrics.stringWidth(text + version, SANS, SIZE) <= room

    if fits(title):
        return title
    words = title.split()
    while words:
        words.pop()
        shortened = " ".join(words).rstrip(" ,;:–-") + "…"
        if words and fits(shortened):
            return shortened
    return ""


def finish(c: Canvas, pages: int) -> None:
    """Define the page count every footer shows; call once, after the last page is drawn."""
    c.beginForm(TOTAL)
    c.setFont(SANS, SIZE)
    c.setFillColor(GREY)
    c.drawString(0, 0, str(pages))
    c.endForm()


def header_room(spec: FormSpec) -> float:
    """How much lower a page's body starts to leave room for the logo header (0 without a logo)."""
    return HEADER_ROOM if spec.logo is not None else 0.0


__all__ = ["furniture", "finish", "header_room"]
