"""Drawing a PDF form so its last page is not nearly empty.

A form is drawn once; when its last page would be less than LAST_PAGE_LEAST used it is drawn
again with the gaps between blocks tightened (kept if that saves the page), and, if the last page
is still nearly empty, with a page break moved earlier, at a place where a break keeps what must
stay together (see Measure.keep), so the last page carries more. Never with more pages.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from reportlab.pdfgen.canvas import Canvas

from ...forms.tree import FormSpec
from .layout import Flow

LAST_PAGE_LEAST = 0.2  # the least share of a last page used, when tightening or a moved break gives it


def lay_out(
    spec: FormSpec,
    rows: dict[str, int],
    new_canvas: Callable[[io.BytesIO], Canvas],
    grow: dict[str, float] | None = None,
) -> tuple[bytes, Flow]:
    """The drawn PDF and its Flow. A form whose last page would be less than LAST_PAGE_LEAST used
    is drawn again with its gaps tightened (kept if it saves the page), else with a page break
    moved earlier so the last page carries more (kept if the page count stays)."""

    def draw(squeeze: float = 1.0, breaks: frozenset[int] = frozenset()) -> tuple[bytes, Flow]:
        buf = io.BytesIO()
        canvas = new_canvas(buf)
        flow = Flow(canvas, spec, rows, squeeze=squeeze, breaks=breaks, grow=grow)
        flow.document()
        canvas.showPage()
        canvas.save()
        return buf.getvalue(), flow

    data, flow = draw()
    if flow.readonly or flow.page == 1 or flow.last_used() >= LAST_PAGE_LEAST:
        return data, flow
    squeeze = 1.0
    tight = draw(squeeze=0.5)
    if tight[1].page < flow.page:
        (data, flow), squeeze = tight, 0.5
        if flow.page == 1 or flow.last_used() >= LAST_PAGE_LEAST:
            return data, flow
    usable = flow.top - flow.bottom
    short = LAST_PAGE_LEAST * usable - (flow.top - flow.y)
    end = flow.ends.get(flow.page - 1, flow.bottom)
    moves = sorted(
        (p.y - end, p.number)
        for p in flow.points
        if p.page == flow.page - 1 and p.breakable and p.y < flow.top - 1 and short <= p.y - end
    )
    for moved, number in moves[:3]:
        if moved + (flow.top - flow.y) > usable * 0.9:
            break
        again = draw(squeeze, frozenset({number}))
        if again[1].page == flow.page and again[1].last_used() >= LAST_PAGE_LEAST:
            return again
    return data, flow


__all__ = ["LAST_PAGE_LEAST", "lay_out"]
