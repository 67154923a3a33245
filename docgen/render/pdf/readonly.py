"""What only read-only documents draw in a PDF (moved out of layout.py): a handout's masthead, a
policy document's title page, and a figure (Diagram) with its short caption.

`flow` is a layout.Flow (not imported: layout imports this module)."""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import Color

from ...forms.tree import Diagram
from ..diagram import drawing_for
from ..fonts import BOLD, SANS
from .measure import MARGIN, PAGE_H, TEXT_W

NAVY, GREY = Color(0.12, 0.22, 0.39), Color(0.25, 0.25, 0.25)


def masthead(flow: Any) -> None:
    """A handout's masthead: its genre large ("One minute guide"), the subject (the document's
    heading), the issue."""
    first, *rest = flow.spec.masthead
    flow.text(first, font=BOLD, size=24, color=NAVY, gap=2)
    for i, line in enumerate(rest):
        if i == 0:
            flow.text(line, font=BOLD, size=17, gap=3, tag=flow.tags.heading(1))
        else:
            flow.text(line, size=12, color=GREY, gap=3)
    flow.y -= 4


def title_page(flow: Any) -> None:
    """Title, agency and status lines a third of the way down a page of their own."""
    spec = flow.spec
    flow.y = PAGE_H * 0.68
    flow.heading(spec.title, 1)
    flow.text(spec.agency, size=14, color=GREY, gap=14)
    for line in spec.title_page:
        flow.text(line, size=12, gap=6)
    flow.new_page()


def caption(d: Diagram) -> str:
    """The short caption under a figure ("Figure: Kolb's learning cycle"); its text alternative
    (d.alt) is the Figure element's /Alt, not printed again."""
    return f"Figure: {d.title}" if d.title else "Figure"


def diagram(flow: Any, d: Diagram) -> None:
    """The drawing as vectors (paths and real text) in a Figure element whose /Alt is the text
    alternative, and the short caption under it."""
    from reportlab.graphics import renderPDF

    figure = drawing_for(d.kind, d.labels)
    figure.initialFontName = SANS  # reportlab's renderer would start in Helvetica (not embedded)
    scale = min(1.0, TEXT_W / figure.width)
    flow.need(figure.height * scale + 40)
    flow.y -= figure.height * scale + 6
    x = MARGIN + (TEXT_W - figure.width * scale) / 2
    box = tuple(round(v, 2) for v in (x, flow.y, x + figure.width * scale, flow.y + figure.height * scale))
    with flow.tags.content("Figure", Alt=d.alt, BBox=box):
        flow.c.saveState()
        flow.c.translate(x, flow.y)
        flow.c.scale(scale, scale)
        renderPDF.draw(figure, flow.c, 0, 0)
        flow.c.restoreState()
    flow.y -= 8
    flow.text(caption(d), size=11, color=GREY, tag="P")


__all__ = ["caption", "diagram", "masthead", "title_page"]
