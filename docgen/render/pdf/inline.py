"""Blanks inside sentences: a paragraph whose parts include fields ("Supervision will take place
every ___ weeks") is set as one run of words with each blank a text widget in the line, as wide
as the answer it expects (a number about 12 mm, a date 30 mm, a name or place 50 mm), the label
as its tooltip; lines wrap around the boxes. A Mirror (the same blank said again: "{supervisor}
and {supervisee} will try...") is a second widget of the SAME field, so every viewer shows one
value in both places and a parser reads one value: `join_widgets` makes the widgets that
reportlab wrote under one name the kids of one field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pikepdf
from reportlab.lib.colors import black
from reportlab.pdfbase import pdfmetrics

from ...forms.fieldlist import pdf_name
from ...forms.fields import FIELD_TYPES, ONE_LINE_BOX
from ...forms.tree import FieldSpec, Link, Mirror, Paragraph
from ..fonts import SANS

MM = 72 / 25.4
# a blank's type -> the width of its box, from the answer it expects (else WIDE)
WIDTHS = {"number": 12 * MM, "date": 30 * MM}
WIDE = 50 * MM  # a name, a place
GAP = 5.0  # between a line holding boxes and the next
# attributes of a field (not of its widgets) that move to the parent when widgets are joined
FIELD_KEYS = ("/FT", "/Ff", "/V", "/DV", "/TU", "/DA", "/MaxLen", "/Q", "/AA")


@dataclass
class _Item:
    word: str = ""  # a word (with its punctuation), or
    field: FieldSpec | None = None  # a blank
    width: float = 0.0
    height: float = 0.0
    space: bool = False  # a space before it in the sentence


def has_blanks(block: Paragraph) -> bool:
    return any(isinstance(p, (FieldSpec, Mirror)) for p in block.parts)


def height(flow: Any, block: Paragraph, width: float, *, size: float = 11.0) -> float:
    """The height `paragraph` takes to draw `block` (its lines, a line with a box as tall as the box)."""
    lines = _lines(_items(flow, block, size, width), size, width)
    return sum(max([size * 1.25] + [it.height + GAP for it, _ in line if it.field]) for line in lines) + 4


def paragraph(flow: Any, block: Paragraph, left: float, width: float, *, size: float = 11.0, color=black) -> None:
    """Draw `block` on `flow` (a layout.Flow, not imported: it imports this module): words and
    inline boxes, wrapped to `width` from the `left` margin."""
    items = _items(flow, block, size, width)
    lines = _lines(items, size, width)
    lead = size * 1.25
    heights = [max([lead] + [it.height + GAP for it, _ in line if it.field]) for line in lines]
    if len(lines) <= 6:  # a short clause stays on one page
        flow.need(sum(heights))
    for line, height in zip(lines, heights, strict=True):
        flow.need(height)
        flow.y -= height
        boxed = height > lead
        base = flow.y + (GAP / 2 + (ONE_LINE_BOX - size * 0.72) / 2 if boxed else size * 0.25)
        for item, x in line:
            if item.field is None:
                flow.c.setFont(SANS, size)
                flow.c.setFillColor(color)
                flow.c.drawString(left + x, base, item.word)
                continue
            f = item.field
            flow.c.setFillColor(black)
            flow.widget(f, pdf_name(f.id), left + x, flow.y + GAP / 2, item.width, item.height)
    flow.c.setFillColor(black)
    flow.y -= 4


def _items(flow: Any, block: Paragraph, size: float, text_w: float) -> list[_Item]:
    fields = {f.id: f for f in flow.spec.fields()}
    items: list[_Item] = []
    space = False
    for part in block.parts:
        if isinstance(part, (str, Link)):  # a link's words, as words (links are drawn by links.py)
            for token in re.findall(r"\s+|\S+", part if isinstance(part, str) else part.text):
                if token.isspace():
                    space = True
                    continue
                items.append(_Item(word=token, width=pdfmetrics.stringWidth(token, SANS, size), space=space))
                space = False
            continue
        f = fields.get(part.field_id) if isinstance(part, Mirror) else part
        if f is None:  # a mirror of nothing: the resolver never makes one; say the label
            items.append(_Item(word=f"({part.label})", width=pdfmetrics.stringWidth(f"({part.label})", SANS, size)))
            continue
        ftype = FIELD_TYPES[f.type]
        width = text_w if ftype.multiline else WIDTHS.get(f.type, WIDE)
        items.append(_Item(field=f, width=width, height=ftype.min_height(f), space=space))
        space = False
    return items


def _lines(items: list[_Item], size: float, text_w: float) -> list[list[tuple[_Item, float]]]:
    """The items placed on lines: (item, x from the margin) per item; a word or box that does not
    fit on the line goes to the next one."""
    blank = pdfmetrics.stringWidth(" ", SANS, size)
    lines: list[list[tuple[_Item, float]]] = [[]]
    x = 0.0
    for item in items:
        # a box stands a little apart from the words beside it (a full stop just after it too)
        prev = lines[-1][-1][0] if lines[-1] else None
        sep = blank if item.space else 0.0
        if item.field is not None or (prev is not None and prev.field is not None):
            sep = max(sep, 2.0) + (2.0 if item.space else 0.0)
        start = x + sep if lines[-1] else 0.0
        if lines[-1] and start + item.width > text_w:
            lines.append([])
            start = 0.0
        lines[-1].append((item, start))
        x = start + item.width
    return [line for line in lines if line]


def join_widgets(pdf: pikepdf.Pdf) -> None:
    """Top-level fields that share a name (an inline blank and its mirrors) made one field whose
    kids are the widgets: the field's value, type and flags on the parent, each widget its box."""
    acro = pdf.Root.AcroForm
    groups: dict[str, list] = {}
    order: list[str] = []
    for field in acro.Fields:
        name = str(field.get("/T", ""))
        if name not in groups:
            order.append(name)
            groups[name] = []
        groups[name].append(field)
    if all(len(g) == 1 for g in groups.values()):
        return
    fields = []
    for name in order:
        widgets = groups[name]
        if len(widgets) == 1 or not name:
            fields.extend(widgets)
            continue
        parent = pdf.make_indirect(pikepdf.Dictionary(T=pikepdf.String(name)))
        for key in FIELD_KEYS:
            if key in widgets[0] and not (key in ("/V", "/DV") and str(widgets[0][key]) == ""):
                parent[key] = widgets[0][key]  # no empty value: a viewer that writes its widgets' is read
        for widget in widgets:
            for key in (*FIELD_KEYS, "/T"):
                if key in widget:
                    del widget[key]
            widget.Parent = parent
        parent.Kids = pikepdf.Array(widgets)
        fields.append(parent)
    acro.Fields = pikepdf.Array(fields)


__all__ = ["has_blanks", "paragraph", "join_widgets"]
