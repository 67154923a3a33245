"""The page header of a PDF when the policy gives a logo (agency.logo): the logo at the left,
about 12 mm high with its aspect kept, and the agency's name and the document's title at the
right, on every page. The logo is drawn once into a form XObject (an SVG as vector paths through
svglib, a PNG as one image XObject) that every page's header shows."""

from __future__ import annotations

import io

from reportlab.lib.colors import Color, black
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from ...forms.tree import FormSpec
from ..fonts import BOLD, SANS

MM = 72 / 25.4
LOGO_H = 12 * MM  # the logo's height on the page
LOGO_MAX_W = 60 * MM  # a wide logo is made smaller to fit this width
TOP = 10 * MM  # from the top edge of the page: inside every printer's margin
HEADER_ROOM = 20.0  # how much lower the body starts under the header (footer.header_room)
LOGO_FORM = "docgen_agency_logo"  # the form XObject holding the logo
NAME_SIZE, TITLE_SIZE = 10.0, 9.0
GREY, RULE = Color(0.3, 0.3, 0.3), Color(0.75, 0.78, 0.85)


def logo_size(spec: FormSpec) -> tuple[float, float]:
    """The logo's width and height on the page, in points."""
    assert spec.logo is not None
    return spec.logo.fit(LOGO_H, LOGO_MAX_W)


def logo_header(c: Canvas, spec: FormSpec, *, page_w: float, page_h: float, margin: float) -> None:
    width, height = logo_size(spec)
    bottom = page_h - TOP - LOGO_H
    if not getattr(c, "_docgen_logo", False):  # drawn once per document
        _define(c, spec, width, height)
        c._docgen_logo = True
    c.saveState()
    c.translate(margin, bottom + (LOGO_H - height) / 2)
    c.doForm(LOGO_FORM)
    c.restoreState()
    right = page_w - margin
    room = right - margin - width - 12
    c.setFillColor(black)
    c.setFont(BOLD, NAME_SIZE)
    c.drawRightString(right, bottom + LOGO_H - NAME_SIZE, _fit(spec.agency, BOLD, NAME_SIZE, room))
    c.setFillColor(GREY)
    c.setFont(SANS, TITLE_SIZE)
    c.drawRightString(right, bottom + LOGO_H - NAME_SIZE - TITLE_SIZE - 5, _fit(spec.title, SANS, TITLE_SIZE, room))
    c.setStrokeColor(RULE)
    c.setLineWidth(0.75)
    c.line(margin, bottom - 4, right, bottom - 4)
    c.setStrokeColor(black)
    c.setFillColor(black)


def _define(c: Canvas, spec: FormSpec, width: float, height: float) -> None:
    logo = spec.logo
    assert logo is not None
    c.beginForm(LOGO_FORM, lowerx=0, lowery=0, upperx=width, uppery=height)
    if logo.kind == "png":
        c.drawImage(ImageReader(io.BytesIO(logo.data)), 0, 0, width, height, mask="auto")
    else:
        from reportlab.graphics import renderPDF
        from svglib.svglib import svg2rlg

        try:
            drawing = svg2rlg(io.BytesIO(logo.data))
        except Exception:  # an SVG svglib cannot draw: the header keeps the name and title
            drawing = None
        if drawing is not None and drawing.width and drawing.height:
            c.scale(width / drawing.width, height / drawing.height)
            renderPDF.draw(drawing, c, 0, 0)
    c.endForm()


def _fit(text: str, font: str, size: float, room: float) -> str:
    while text and pdfmetrics.stringWidth(text, font, size) > room:  # a long line is shortened
        text = text[:-2].rstrip() + "…" if len(text) > 2 else ""
    return text


__all__ = ["logo_header", "logo_size", "HEADER_ROOM", "LOGO_H"]
