"""A repeat in a PDF form (moved out of layout.py): a table with a header row of the fields' labels
and a row of answer boxes per row ("table" layout), or each row's fields one under another
("block" layout). Tagged as a Table: THead with a TR of TH (scope Column), TBody with a TR per
row and a TD per box, each holding the widget's Form element; the header row drawn again at the
top of a page the table runs onto is an artifact (not read twice).

`flow` is a layout.Flow (not imported: layout imports this module)."""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import black

from ...forms.fieldlist import pdf_name
from ...forms.tree import RepeatSpec
from ..fonts import BOLD
from .measure import HELP_SIZE, HINT, MARGIN, SHADE, SHORT_TABLE


def repeat(flow: Any, r: RepeatSpec, caption: bool = True) -> None:
    rows = flow.rows.get(r.id, r.rows)
    whole = r.layout != "block" and rows <= SHORT_TABLE  # a short table is not split
    if caption:
        flow.heading(r.label, 3, keep=flow.repeat_height(r, False, rows if whole else 1))
    elif not flow.readonly:
        flow.need(flow.repeat_height(r, False, rows if whole else 1))
    if r.help:
        flow.text(r.help, size=HELP_SIZE, color=HINT)
    if r.layout == "block":
        for i in range(rows):
            first = r.fields[0]
            flow.need(
                flow.text_height(f"{r.label}: 1", font=BOLD, size=10)
                + flow.row_height(first, name=pdf_name(first.id, i))
            )
            flow.text(f"{r.label}: {i + 1}", font=BOLD, size=10)
            for f in r.fields:
                flow.field_row(f, pdf_name(f.id, i))
            flow.y -= flow.gap(6)
        return
    widths = flow.column_widths(r)
    labels = [f.label for f in r.fields]
    with flow.tags.element("Table"):
        with flow.tags.element("THead"):
            header(flow, labels, widths, keep_with=flow.row_box(r) + 2)
        with flow.tags.element("TBody"):
            for i in range(rows):
                _row(flow, r, i, labels, widths)
    flow.y -= flow.gap(8)


def _row(flow: Any, r: RepeatSpec, i: int, labels: list[str], widths: list[float]) -> None:
    box_h = flow.row_box(r, i)
    if flow.y - box_h - 2 < flow.bottom:  # the row goes whole on a new page, under the header again
        flow.new_page()
        with flow.tags.artifact():  # the header said again: not read twice
            header(flow, labels, widths)
    x = MARGIN
    flow.in_cell = True
    with flow.tags.element("TR"):
        for f, w in zip(r.fields, widths, strict=True):
            with flow.tags.element("TD"):
                flow.widget(f, pdf_name(f.id, i), x + 1, flow.y - box_h - 1, w - 2, box_h)
            x += w
    flow.in_cell = False
    flow.y -= box_h + 2


def header(flow: Any, labels: list[str], widths: list[float], keep_with: float | None = None) -> None:
    """The header row: bordered, shaded cells with the labels wrapped in bold."""
    keep = (40.0 if flow.readonly else 20.0) if keep_with is None else keep_with
    size = flow.small
    lead = size * 1.22
    lines = flow.cell_lines(labels, widths, BOLD)
    height = flow.cell_height(labels, widths, BOLD)
    flow.need(height + keep)
    x, c = MARGIN, flow.c
    with flow.tags.element("TR"):
        for cell, w in zip(lines, widths, strict=False):
            c.setFillColor(SHADE)
            c.rect(x, flow.y - height, w, height, stroke=1, fill=1)
            c.setFillColor(black)
            y = flow.y - lead
            with flow.tags.content("TH", Scope="Column"):
                for line in cell:
                    c.setFont(BOLD, size)
                    c.drawString(x + 4, y, line)
                    y -= lead
            x += w
    flow.y -= height


__all__ = ["header", "repeat"]
