"""Tick boxes in the PDF: a choice of up to TICK_LIMIT options (control "ticks") drawn as its
options, each label printed beside a box that a pen can tick on paper and a viewer can click.

Each question is one radio-button field (/FT /Btn, radio and NoToggleToOff flags, Required when
the question is) named with `pdf_name`, its name in context as tooltip (forms/names.py); its kids
are the boxes, one per option, each with its own tooltip (the question's, then the option), whose
on-state names are the option keys, so the field's /V is /<key>. The labels are text on the page. A RAG
rating shows a small colour swatch beside each word (the word stays dark for contrast).

- `radio_group` (WIDGETS["ticks"]): the options in one row when they fit the answer column,
  else wrapped to more rows (`height` says how tall); in a repeat table's cell, in a row or
  stacked as the width allows (`cell_height`).
- `grid`: a GridBlock (the evaluation tool's statements x Yes / No / Maybe) as a table: a
  header row of option labels, then a row per question with a box centred under each head.
  The grid is kept on one page (`grid_height`) unless it is taller than a page.
- `finish_radio`: in the pikepdf pass, a blank group (no /V, every kid /Off) and each kid's
  appearances (/N and /D, on and /Off) drawn as vectors: a box and a tick stroke, which
  PDFium, pdf.js, poppler and LibreOffice all draw without a font.
"""

from __future__ import annotations

import math
from typing import Any

import pikepdf
from reportlab.lib.colors import Color, black
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.acroform import RadioGroup
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFString
from reportlab.pdfbase.pdfmetrics import stringWidth

from ...forms.fieldlist import pdf_name
from ...forms.fields import ONE_LINE_BOX
from ...forms.names import names_for
from ...forms.tree import FieldSpec, GridBlock, Option
from ..fonts import BOLD, SANS

BOX = 11.0  # the side of a tick box (about 4 mm: room for a pen's tick)
GAP = 4.0  # from a box to its label
SPACE = 16.0  # between one option and the next in a row
SIZE, CELL_SIZE = 10.0, 10.0  # option labels beside a question and in a table cell: labels are 10 pt (issue 16)
ROW = ONE_LINE_BOX  # the height of one row of options
SWATCH = 8.0  # a RAG colour's square
SWATCHES = {"red": Color(0.80, 0.15, 0.15), "amber": Color(0.96, 0.62, 0.05), "green": Color(0.15, 0.6, 0.25)}
FILL, BORDER, INK = (0.94, 0.96, 1.0), (0.45, 0.45, 0.45), (0.1, 0.1, 0.1)
GRID_SIZE, HEAD = 10.0, Color(0.91, 0.93, 0.97)
HELP = Color(0.35, 0.35, 0.35)
RADIO_FLAGS = "noToggleToOff radio"  # a mis-click is cleared by choosing another option, not by a second click


class _Group(RadioGroup):
    """reportlab's radio group, allowed a single option (a choice may offer one; reportlab
    refuses a group of fewer than two)."""

    def format(self, doc):
        d = dict(Ff=self.Ff, Kids=PDFArray(list(self.kids)), FT=PDFName("Btn"), T=PDFString(self.T))
        if self.TU:
            d["TU"] = PDFString(self.TU)
        return PDFDictionary(d).format(doc)


def _radio(flow: Any, f: FieldSpec, o: Option, name: str, x: float, y: float) -> None:
    """One box of the question's radio group (reportlab makes the group with its first box)."""
    form = flow.c.acroForm
    names = names_for(flow.spec)
    form.radio(
        name=name,
        value=o.key,
        selected=False,
        x=x,
        y=y,
        size=BOX,
        buttonStyle="check",
        shape="square",
        borderWidth=1,
        borderColor=Color(*BORDER),
        fillColor=Color(*FILL),
        textColor=Color(*INK),
        tooltip=names.by_pdf_name(name),  # the group's (its question's) name; the box's own below
        fieldFlags=RADIO_FLAGS + (" required" if f.required else ""),
    )
    group = form._radios[name]
    group.__class__ = _Group
    box = flow.c._doc.idToObject[group.kids[-1].name]  # the box reportlab just made
    box.dict["TU"] = PDFString(names.by_pdf_name(name, o.label))
    flow.tags.annot(name)


def _swatch(f: FieldSpec, o: Option) -> Color | None:
    return SWATCHES.get(o.key) if f.type == "rag" else None


def _width(f: FieldSpec, o: Option, size: float) -> float:
    """An option's width: its box, its swatch (RAG) and its label."""
    return BOX + GAP + (SWATCH + 3 if _swatch(f, o) else 0) + stringWidth(o.label, SANS, size)


def _rows(f: FieldSpec, width: float, size: float = SIZE) -> list[list[Option]]:
    """The options in rows, as many in a row as fit `width` (at least one)."""
    rows: list[list[Option]] = [[]]
    used = 0.0
    for o in f.options:
        w = _width(f, o, size)
        if rows[-1] and used + SPACE + w > width:
            rows.append([])
            used = 0.0
        used += (SPACE if rows[-1] else 0) + w
        rows[-1].append(o)
    return rows


def height(f: FieldSpec, width: float) -> int:
    """The height a question's options take in an answer column `width` wide (whole points)."""
    return math.ceil(len(_rows(f, width)) * ROW)


def _one_row(f: FieldSpec, width: float) -> bool:
    return sum(_width(f, o, CELL_SIZE) for o in f.options) + SPACE * (len(f.options) - 1) <= width - 4


def _stacked(f: FieldSpec, o: Option, width: float) -> list[str]:
    room = width - 4 - BOX - GAP - (SWATCH + 3 if _swatch(f, o) else 0)
    return simpleSplit(o.label, SANS, CELL_SIZE, room) or [""]


def cell_height(f: FieldSpec, width: float) -> int:
    """The height (whole points) a repeat table's cell `width` wide needs to show the options:
    one row, or stacked."""
    if _one_row(f, width):
        return math.ceil(ROW)
    return math.ceil(sum(max(BOX + 2, len(_stacked(f, o, width)) * CELL_SIZE * 1.2 + 2) for o in f.options) + 4)


def cell_width(f: FieldSpec) -> float:
    """The width that shows a cell's options in one row."""
    return sum(_width(f, o, CELL_SIZE) for o in f.options) + SPACE * (len(f.options) - 1) + 6


def stacked_width(f: FieldSpec) -> float:
    """The width that shows a cell's options one under another, each label whole."""
    return max((_width(f, o, CELL_SIZE) for o in f.options), default=0.0) + 6


def _option(flow: Any, f: FieldSpec, o: Option, name: str, x: float, mid: float, size: float, lines=None) -> None:
    """One option: its box (a radio kid) with its left edge at x, centred on `mid`, then its swatch
    and label; a Form element holding the box and its label."""
    c = flow.c
    with flow.tags.content("Form"):
        _radio(flow, f, o, name, x, mid - BOX / 2)
        x += BOX + GAP
        colour = _swatch(f, o)
        if colour is not None:
            with flow.tags.artifact():
                c.setFillColor(colour)
                c.setStrokeColor(Color(0.3, 0.3, 0.3))
                c.setLineWidth(0.5)
                c.rect(x, mid - SWATCH / 2, SWATCH, SWATCH, stroke=1, fill=1)
                c.setStrokeColor(black)
            x += SWATCH + 3
        c.setFillColor(black)
        c.setFont(SANS, size)
        lines = lines or [o.label]
        lead = size * 1.2
        top = mid + (len(lines) - 1) * lead / 2
        for i, line in enumerate(lines):
            c.drawString(x, top - i * lead - size * 0.35, line)


def radio_group(flow: Any, f: FieldSpec, w: float, h: float, common: dict) -> None:
    """WIDGETS["ticks"]: the question's options in the box (x, y, w, h) given in `common`."""
    x0, y0, name = common["x"], common["y"], common["name"]
    if flow.in_cell:  # a cell's outline, as the text boxes beside it have
        flow.c.setStrokeColor(Color(*BORDER))
        flow.c.setLineWidth(1)
        flow.c.rect(x0 + 0.5, y0 + 0.5, w - 1, h - 1, stroke=1, fill=0)
        flow.c.setStrokeColor(black)
        if _one_row(f, w):
            x = x0 + 2
            for o in f.options:
                _option(flow, f, o, name, x, y0 + h / 2, CELL_SIZE)
                x += _width(f, o, CELL_SIZE) + SPACE
            return
        y = y0 + h - 2
        for o in f.options:
            lines = _stacked(f, o, w)
            step = max(BOX + 2, len(lines) * CELL_SIZE * 1.2 + 2)
            _option(flow, f, o, name, x0 + 2, y - step / 2, CELL_SIZE, lines)
            y -= step
        return
    for r, row in enumerate(_rows(f, w)):
        x, mid = x0 + 1, y0 + h - ROW * r - ROW / 2
        for o in row:
            _option(flow, f, o, name, x, mid, SIZE)
            x += _width(f, o, SIZE) + SPACE


# --- the grid -----------------------------------------------------------------------------------


def _columns(block: GridBlock, width: float) -> tuple[float, float]:
    """(question column width, option column width)."""
    col = max(50.0, max(stringWidth(o.label, BOLD, GRID_SIZE) for o in block.options) + 14)
    return width - col * len(block.options), col


def _question(f: FieldSpec, width: float) -> tuple[list[str], list[str], float]:
    """A question's label and help lines in the grid, and its row's height."""
    label = simpleSplit(f.label + (" *" if f.required else ""), SANS, GRID_SIZE, width - 10)
    help_ = simpleSplit(f.help, SANS, 9, width - 10) if f.help else []
    return label, help_, max(ROW + 6, len(label) * GRID_SIZE * 1.25 + len(help_) * 11 + 10)


def grid_height(block: GridBlock, width: float) -> float:
    q_w, _ = _columns(block, width)
    return ROW + 6 + sum(_question(f, q_w)[2] for f in block.fields) + 8


def grid(flow: Any, block: GridBlock, x0: float, width: float) -> None:
    """The questions as a table: a header row of option labels, a row of boxes per question. The
    whole grid goes on one page (a new one if it does not fit); one taller than a page is split
    between rows, its header repeated."""
    c = flow.c
    q_w, col = _columns(block, width)
    flow.need(grid_height(block, width))

    def header() -> None:
        top, head_h = flow.y, ROW + 6
        c.setFillColor(HEAD)
        c.setStrokeColor(Color(*BORDER))
        c.setLineWidth(0.6)
        c.rect(x0, top - head_h, width, head_h, stroke=1, fill=1)
        c.setFillColor(black)
        c.setFont(BOLD, GRID_SIZE)
        with flow.tags.element("TR"):
            with flow.tags.content("TH", Scope="Column"):  # the questions' column
                pass
            for i, o in enumerate(block.options):
                with flow.tags.content("TH", Scope="Column"):
                    c.drawCentredString(x0 + q_w + col * (i + 0.5), top - head_h / 2 - GRID_SIZE * 0.35, o.label)
        flow.y = top - head_h

    with flow.tags.element("Table"):  # a header row of options, then a row per question: TH (Row), a TD per box
        with flow.tags.element("THead"):
            header()
        with flow.tags.element("TBody"):
            _grid_rows(flow, block, x0, width, header)
    c.setStrokeColor(black)
    c.setLineWidth(1)
    flow.y -= 8


def _grid_rows(flow: Any, block: GridBlock, x0: float, width: float, header) -> None:
    c = flow.c
    q_w, col = _columns(block, width)
    for f in block.fields:
        label, help_, row_h = _question(f, q_w)
        if flow.y - row_h < flow.bottom:  # only a grid taller than a page gets here
            flow.need(row_h + ROW + 6)
            with flow.tags.artifact():
                header()
        top = flow.y
        c.setStrokeColor(Color(*BORDER))
        c.setLineWidth(0.6)
        c.rect(x0, top - row_h, width, row_h, stroke=1, fill=0)
        for i in range(len(block.options)):
            c.line(x0 + q_w + col * i, top, x0 + q_w + col * i, top - row_h)
        with flow.tags.element("TR"):
            _grid_row(flow, f, label, help_, x0, top, row_h, q_w, col)
        flow.widgets.append((pdf_name(f.id), f, flow.page))
        flow.y = top - row_h


def _grid_row(flow: Any, f: FieldSpec, label, help_, x0: float, top: float, row_h: float, q_w: float, col: float):
    c = flow.c
    y = top - 5 - GRID_SIZE
    with flow.tags.content("TH", Scope="Row"):  # the question heads its row
        c.setFillColor(black)
        for line in label:
            c.setFont(SANS, GRID_SIZE)
            c.drawString(x0 + 5, y, line)
            y -= GRID_SIZE * 1.25
        c.setFillColor(HELP)
        for line in help_:
            c.setFont(SANS, 9)
            c.drawString(x0 + 5, y + 1, line)
            y -= 11
        c.setFillColor(black)
    name = pdf_name(f.id)
    for i, o in enumerate(f.options):
        centre = x0 + q_w + col * (i + 0.5)
        with flow.tags.element("TD"), flow.tags.content("Form"):
            _radio(flow, f, o, name, centre - BOX / 2, top - row_h / 2 - BOX / 2)


# --- the pikepdf pass ---------------------------------------------------------------------------


def _stream(pdf: pikepdf.Pdf, w: float, h: float, on: bool, fill=FILL) -> pikepdf.Stream:
    ops = (
        f"q {fill[0]} {fill[1]} {fill[2]} rg 0 0 {w:.2f} {h:.2f} re f "
        f"{BORDER[0]} {BORDER[1]} {BORDER[2]} RG 1 w 0.5 0.5 {w - 1:.2f} {h - 1:.2f} re S"
    )
    if on:  # a tick, as vectors: every viewer draws it without a font
        ops += (
            f" {INK[0]} {INK[1]} {INK[2]} RG {max(1.2, w * 0.14):.2f} w 1 J 1 j "
            f"{w * 0.2:.2f} {h * 0.52:.2f} m {w * 0.42:.2f} {h * 0.24:.2f} l {w * 0.82:.2f} {h * 0.8:.2f} l S"
        )
    stream = pikepdf.Stream(pdf, (ops + " Q").encode())
    stream.Type = pikepdf.Name("/XObject")
    stream.Subtype = pikepdf.Name("/Form")
    stream.BBox = pikepdf.Array([0, 0, w, h])
    stream.Resources = pikepdf.Dictionary()
    return stream


def finish_radio(pdf: pikepdf.Pdf, field) -> None:
    """A radio group as a blank form has it: no /V, every kid /Off, each kid's appearances for its
    option's state and /Off (normal /N, and /D while pressed) drawn as vectors."""
    for key in ("/V", "/DV"):
        if key in field:
            del field[key]
    for kid in field.get("/Kids", []):
        x0, y0, x1, y1 = (float(v) for v in kid.Rect)
        w, h = x1 - x0, y1 - y0
        states = [k for k in kid.AP.N.keys() if k != "/Off"]  # noqa: SIM118 - typed str, not Object
        pressed = (0.8, 0.84, 0.92)
        kid.AP = pikepdf.Dictionary(
            N=pikepdf.Dictionary({s: _stream(pdf, w, h, True) for s in states} | {"/Off": _stream(pdf, w, h, False)}),
            D=pikepdf.Dictionary(
                {s: _stream(pdf, w, h, True, pressed) for s in states} | {"/Off": _stream(pdf, w, h, False, pressed)}
            ),
        )
        kid.AS = pikepdf.Name("/Off")
        if "/TU" in field and "/TU" not in kid:  # the question, as tools that list widgets find it
            kid.TU = field.TU  # (docgen names each box itself: its question, then its option)


def stamp(field, f: FieldSpec, value) -> None:
    """STAMPS["ticks"]: the chosen option's state on the group (/V) and its kid (/AS); the other
    kids /Off. A value that is no option's key ticks nothing."""
    state = f"/{value}"
    kids = list(field.get("/Kids", []))
    if not any(state in kid.AP.N for kid in kids):
        return
    field.V = pikepdf.Name(state)
    for kid in kids:
        kid.AS = pikepdf.Name(state if state in kid.AP.N else "/Off")


__all__ = [
    "radio_group",
    "height",
    "cell_height",
    "cell_width",
    "stacked_width",
    "grid",
    "grid_height",
    "finish_radio",
    "stamp",
]
