"""Diagrams of read-only documents, drawn once with reportlab graphics as vectors.

The same drawing goes into both formats: the PDF renderer draws it onto the page (vector paths
and real text), the DOCX renderer embeds it as SVG (vector) with a PNG fallback for older Word.

    d = cycle_drawing(("Experience", "Reflection", "Analysis", "Action planning"))
    svg_bytes(d), png_bytes(d)
"""

from __future__ import annotations

import io
import math
import re

from reportlab.graphics import renderPDF, renderSVG
from reportlab.graphics.shapes import Drawing, Polygon, PolyLine, Rect, String
from reportlab.lib.colors import Color, white
from reportlab.lib.utils import simpleSplit

from .fonts import BOLD, register_fonts

NAVY, PALE, ARROW = Color(0.12, 0.22, 0.39), Color(0.86, 0.9, 0.96), Color(0.35, 0.45, 0.62)
WIDTH, HEIGHT = 440.0, 300.0
BOX_W, BOX_H, FONT = 150.0, 46.0, 11.0


def cycle_drawing(labels: tuple[str, ...], width: float = WIDTH, height: float = HEIGHT) -> Drawing:
    """The labels round an ellipse, clockwise from the top, each joined to the next by an arrow."""
    register_fonts()
    d = Drawing(width, height)
    cx, cy = width / 2, height / 2
    rx, ry = (width - BOX_W) / 2 - 4, (height - BOX_H) / 2 - 4
    n = len(labels)
    angles = [math.pi / 2 - 2 * math.pi * i / n for i in range(n)]  # top first, clockwise
    for i in range(n):  # arrows first, so the boxes sit on top of their ends
        _arrow(d, cx, cy, rx, ry, angles[i], angles[i] - 2 * math.pi / n)
    for label, a in zip(labels, angles, strict=True):
        _box(d, cx + rx * math.cos(a), cy + ry * math.sin(a), label)
    return d


def _box(d: Drawing, x: float, y: float, label: str) -> None:
    d.add(
        Rect(x - BOX_W / 2, y - BOX_H / 2, BOX_W, BOX_H, rx=8, ry=8, fillColor=PALE, strokeColor=NAVY, strokeWidth=1.2)
    )
    lines = simpleSplit(label, BOLD, FONT, BOX_W - 12)
    top = y + (len(lines) - 1) * FONT * 0.6 - FONT * 0.35
    for k, line in enumerate(lines):
        d.add(String(x, top - k * FONT * 1.2, line, fontName=BOLD, fontSize=FONT, fillColor=NAVY, textAnchor="middle"))


def _arrow(d: Drawing, cx: float, cy: float, rx: float, ry: float, start: float, end: float) -> None:
    """An arc of the ellipse from one stage's box to the next, ending in an arrowhead."""
    centres = [(cx + rx * math.cos(a), cy + ry * math.sin(a)) for a in (start, end)]
    gap, head = 6.0, 10.0

    def clear(x: float, y: float) -> bool:
        return all(abs(x - bx) > BOX_W / 2 + gap or abs(y - by) > BOX_H / 2 + gap for bx, by in centres)

    steps = 120
    arc = [
        (cx + rx * math.cos(a), cy + ry * math.sin(a))
        for a in (start + (end - start) * k / steps for k in range(steps + 1))
    ]
    arc = [pt for pt in arc if clear(*pt)]
    if len(arc) < 4:
        return
    (x0, y0), (x1, y1) = arc[-2], arc[-1]
    ang = math.atan2(y1 - y0, x1 - x0)
    base = (x1 - math.cos(ang) * head, y1 - math.sin(ang) * head)
    line = [c for pt in arc if math.dist(pt, arc[-1]) > head * 0.8 for c in pt]
    d.add(PolyLine(line, strokeColor=ARROW, strokeWidth=2.2))
    left = (base[0] + head * 0.5 * math.sin(ang), base[1] - head * 0.5 * math.cos(ang))
    right = (base[0] - head * 0.5 * math.sin(ang), base[1] + head * 0.5 * math.cos(ang))
    d.add(Polygon([x1, y1, *left, *right], fillColor=ARROW, strokeColor=ARROW, strokeWidth=0.5))


def drawing_for(kind: str, labels: tuple[str, ...]) -> Drawing:
    if kind == "cycle":
        return cycle_drawing(labels)
    raise ValueError(f"docgen cannot draw a {kind!r} diagram")


def svg_bytes(drawing: Drawing) -> bytes:
    """The drawing as SVG, without reportlab's DOCTYPE (readers of untrusted files refuse DOCTYPEs)."""
    svg = renderSVG.drawToString(drawing)
    text = svg.decode("utf-8") if isinstance(svg, bytes) else svg
    text = re.sub(r"<!DOCTYPE[^>]*>\s*", "", text, count=1)
    text = text.replace(
        "font-family: DejaVuSans-Bold;", "font-family: 'DejaVu Sans', Arial, sans-serif; font-weight: bold;"
    )  # the font's family name, with fallbacks a reader has
    return text.encode("utf-8")


def pdf_bytes(drawing: Drawing) -> bytes:
    return renderPDF.drawToString(drawing)


def png_bytes(drawing: Drawing, scale: float = 3.0) -> bytes:
    """A raster fallback (for Word before 2016), rendered from the vector PDF by PDFium."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf_bytes(drawing))
    try:
        image = doc[0].render(scale=scale, fill_color=(255, 255, 255, 255)).to_pil()
    finally:
        doc.close()
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


__all__ = ["cycle_drawing", "drawing_for", "svg_bytes", "png_bytes", "pdf_bytes", "white"]
