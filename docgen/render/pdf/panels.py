"""A briefing's numbered panels in a PDF: one after another (a badge with the number, the heading,
the blocks, a rule down the left), or, for a section with `grid` columns, as boxed panels in
columns on one page at the size render/panelfit.py finds (never under 9 pt, never clipped)."""

from __future__ import annotations

from reportlab.lib.colors import Color, black
from reportlab.pdfgen.canvas import Canvas

from ...errors import Problem, ProblemsFound
from ...forms.tree import Heading, ListBlock, Panel, Paragraph, Section
from ..fonts import BOLD, SANS
from ..panelfit import BADGE, GAP, INDENT, PAD, fit_panels, genre, header_height, heading_size, lead
from ..wrap import runs, wrap
from .links import draw_line
from .measure import MARGIN, TEXT_W
from .tags import of

NAVY = Color(0.12, 0.22, 0.39)
EDGE = Color(0.56, 0.66, 0.86)
TINT = Color(0.96, 0.97, 1.0)


def panel(flow, panel: Panel) -> None:
    """A numbered panel in the flow: a badge with the number, the heading, its blocks, a rule down the left."""
    flow.need(90)
    top, page = flow.y, flow.page
    flow.y -= 8
    badge = 15
    cy = flow.y - badge
    tags = flow.tags
    with tags.element("Sect"):
        with tags.content(tags.heading(flow.panel_level)):  # the number and the heading: one heading
            flow.c.setFillColor(NAVY)
            with tags.artifact():
                flow.c.circle(MARGIN + badge, cy, badge, stroke=0, fill=1)
            flow.c.setFillColor(Color(1, 1, 1))
            flow.c.setFont(BOLD, 12)
            flow.c.drawCentredString(MARGIN + badge, cy - 4.3, panel.number)
            flow.c.setFillColor(black)
            flow.y = cy + 9
            flow.text(panel.heading, font=BOLD, size=15, indent=2 * badge + 10, color=NAVY, gap=10, tag=None)
        flow.y = min(flow.y, cy - badge - 6)
        flow.blocks(panel.blocks)
    if flow.page == page:
        flow.c.setStrokeColor(EDGE)
        flow.c.setLineWidth(3)
        flow.c.line(MARGIN - 10, top - 8, MARGIN - 10, flow.y + 2)
        flow.c.setStrokeColor(black)
        flow.c.setLineWidth(1)
    flow.y -= 10


def grid(flow, section: Section, reserve: float) -> None:
    """The section's panels boxed in `section.grid` columns below the flow's current height,
    leaving `reserve` points under them (the sources lines)."""
    panels = tuple(b for b in section.blocks if isinstance(b, Panel))
    fit = fit_panels(flow.spec, panels, section.grid, TEXT_W, flow.y - flow.bottom - reserve - 12)
    col_w = (TEXT_W - GAP * (section.grid - 1)) / section.grid
    top = flow.y - 2
    lowest = top
    for n, column in enumerate(fit.columns):
        x, y = MARGIN + n * (col_w + GAP), top
        for i in column:
            boxed(flow.c, panels[i], x, y, col_w, fit.heights[i], fit.size)
            y -= fit.heights[i] + GAP
        lowest = min(lowest, y + GAP)
    flow.y = lowest - 10


def boxed(c: Canvas, panel: Panel, x: float, top: float, w: float, h: float, size: float) -> None:
    """One panel in its box: the numbered badge and heading, then its blocks at `size`."""
    tags = of(c)
    c.setFillColor(TINT)
    c.setStrokeColor(EDGE)
    c.setLineWidth(1.2)
    c.roundRect(x, top - h, w, h, 5, stroke=1, fill=1)
    inner = w - 2 * PAD
    cx, cy = x + PAD + BADGE, top - PAD - BADGE
    c.setFillColor(NAVY)
    c.circle(cx, cy, BADGE, stroke=0, fill=1)
    with tags.element("Sect"):
        with tags.content(tags.heading(2)):  # a grid section draws no heading: its panels' are H2
            c.setFillColor(Color(1, 1, 1))
            c.setFont(BOLD, 11)  # body text is never under 11 pt at the shipped size
            c.drawCentredString(cx, cy - 3.9, panel.number)
            hs = heading_size(size)
            lines = wrap([(panel.heading, "")], hs, inner - 2 * BADGE - 6, BOLD)
            y = top - PAD - max(0.0, (2 * BADGE - len(lines) * lead(hs)) / 2)
            for line in lines:
                y -= lead(hs)
                draw_line(c, line, x + PAD + 2 * BADGE + 6, y + hs * 0.25, hs, BOLD, NAVY)
        y = top - PAD - header_height(panel, size, inner)
        left = x + PAD
        for block in panel.blocks:
            y = _block(c, block, left, y, inner, size)
    c.setFillColor(black)
    c.setStrokeColor(black)
    c.setLineWidth(1)


def _block(c: Canvas, block, x: float, y: float, w: float, size: float) -> float:
    step, tags = lead(size), of(c)
    if isinstance(block, Paragraph):
        with tags.content("P"):
            for line in wrap(runs(block), size, w):
                y -= step
                draw_line(c, line, x, y + size * 0.25, size)
        return y - 3
    if isinstance(block, Heading):
        with tags.content(tags.heading(3)):
            for line in wrap([(block.text, "")], size, w, BOLD):
                y -= step
                draw_line(c, line, x, y + size * 0.25, size, BOLD)
        return y - 2
    if isinstance(block, ListBlock):
        with tags.element("L"):
            for i, item in enumerate(block.items, 1):
                with tags.element("LI"):
                    with tags.content("Lbl"):
                        c.setFont(SANS, size)
                        c.drawString(x + 2, y - step + size * 0.25, f"{i}." if block.numbered else "•")
                    with tags.content("LBody"):
                        for line in wrap([(item, "")], size, w - INDENT):
                            y -= step
                            draw_line(c, line, x + INDENT, y + size * 0.25, size)
                y -= 1.5
        return y - 2
    return y


def one_page(flow) -> None:
    """A document of a one-page genre (FormSpec.one_page) that runs onto a second page is a
    problem naming the sections that ran over and what to shorten."""
    spec = flow.spec
    if not spec.one_page or flow.page == 1:
        return
    over = [heading for heading, page in flow.section_pages if page > 1 and heading]
    raise ProblemsFound(
        [
            Problem(
                "bad-value",
                f"the {genre(spec)} runs to {flow.page} pages, but it is one page: "
                + (
                    ", ".join(f'"{h}"' for h in over) + " ran onto page 2" if over else "its last lines ran onto page 2"
                ),
                spec.one_page,
                path="guide" if spec.masthead else "briefing",
            )
        ]
    )


__all__ = ["boxed", "grid", "one_page", "panel"]
