"""Text runs drawn in a PDF, links among them: a link's words in blue, underlined, with a link
annotation over them (a reader opens the address on a click)."""

from __future__ import annotations

from reportlab.lib.colors import Color, black
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ...forms.tree import Paragraph
from ..fonts import SANS
from ..wrap import Run, runs, wrap
from . import tags

LINK = Color(0.02, 0.27, 0.64)


def draw_line(c: Canvas, line: list[Run], x: float, y: float, size: float, font: str = SANS, color=black) -> None:
    """One line of runs with its baseline at `y`."""
    for text, url in line:
        shown = text.rstrip() if (text, url) == line[-1] else text
        w = stringWidth(shown, font, size)
        c.setFont(font, size)
        c.setFillColor(LINK if url else color)
        if not url:
            c.drawString(x, y, shown)
            x += w
            continue
        with tags.of(c).content("Link"):  # its words, and the annotation (tagtree gives it /Contents)
            c.drawString(x, y, shown)
            words = stringWidth(shown.rstrip(), font, size)
            with tags.of(c).artifact():
                c.setStrokeColor(LINK)
                c.setLineWidth(0.6)
                c.line(x, y - 1.5, x + words, y - 1.5)
            c.linkURL(url, (x, y - 3, x + words, y + size), relative=0, thickness=0)
            tags.of(c).link(shown.strip())
            c.setStrokeColor(black)
        x += w
    c.setFillColor(black)


def paragraph(flow, block: Paragraph, x: float, width: float, size: float = 11.0, gap: float = 4.0) -> None:
    """A paragraph with links in the flow of a page (as Flow.text draws plain text)."""
    lines = wrap(runs(block), size, width)
    lead = flow.lead(size)
    if len(lines) <= 6:  # a short paragraph stays on one page
        flow.need(lead * len(lines))
    for line in lines:
        flow.need(lead)
        flow.y -= lead
        draw_line(flow.c, line, x, flow.y + size * 0.25, size)
    flow.y -= flow.gap(gap)


__all__ = ["draw_line", "paragraph"]
