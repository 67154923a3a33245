"""What a page of a PDF shows, as the layout checker (tests/helpers/layout_check.py) sees it: its lines
of text (pypdfium2's text page: each character's box, font size and font), the text its answer boxes
show (the page flattened: what prints), the boxes themselves (the widgets' rects, read with pypdf) and
its horizontal rules (a table's cell borders), in PDF points with the origin at the page's bottom left.
"""

from __future__ import annotations

import ctypes
import io
import re
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pypdf import PdfReader

Box = tuple[float, float, float, float]  # left, bottom, right, top
PAGE_NUMBER = re.compile(r"\bpage \d+ of \d+\b", re.IGNORECASE)
BAND = 50.0  # the running header and footer sit this close to the page's top or bottom edge


@dataclass
class Line:
    """A run of text on one baseline, not broken by a wide gap (a table's columns are lines apart)."""

    page: int  # 1-based
    text: str
    box: Box
    size: float  # the smallest font size of its characters
    bold: bool  # every character in a bold font
    chars: list[Box] = field(default_factory=list)  # the inked characters' boxes
    furniture: bool = False  # the running header or footer
    answer: bool = False  # shown by an answer box (a value or prompt), not printed on the page itself

    @property
    def where(self) -> tuple[float, float]:
        return round(self.box[0], 1), round(self.box[1], 1)


@dataclass(frozen=True)
class Widget:
    page: int
    name: str  # the field's full name (a radio button or kid: its parent's)
    kind: str  # /Tx /Ch /Btn /Sig
    rect: Box
    tooltip: str = ""  # /TU: LibreOffice names a content control's field by its alias here
    value: str = ""


@dataclass
class Page:
    number: int  # 1-based
    width: float
    height: float
    lines: list[Line]
    widgets: list[Widget]
    rules: list[Box]  # horizontal rules: table borders
    sizes: list[tuple[float, str, Box]]  # every inked character's font size, the character and its box
    edges: list[tuple[float, float, float, float]] = field(
        default_factory=list
    )  # cells' sides: left, right, bottom, top

    def content(self) -> list[Line]:
        """The page's own text: not the running header or footer, not what answer boxes show."""
        return [line for line in self.lines if not line.furniture and not line.answer]

    def text(self, answers: bool = True) -> str:
        return " ".join(line.text for line in self.lines if answers or not line.answer)


@dataclass
class Document:
    pages: list[Page]
    producer: str = "docgen"  # "docgen" (render_pdf) or "libreoffice" (a DOCX converted)


def overlap(a: Box, b: Box, slack: float = 0.5) -> bool:
    """Whether two boxes share more than `slack` points each way (touching is not overlapping)."""
    return min(a[2], b[2]) - max(a[0], b[0]) > slack and min(a[3], b[3]) - max(a[1], b[1]) > slack


def union(boxes: list[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def read_document(data: bytes, producer: str = "docgen", widgets_of: bytes | None = None) -> Document:
    """Every page: its own text, then the text its answer boxes show (read from the page flattened);
    the answer boxes from `widgets_of` when given (the same document, exported with form fields)."""
    pdf = pdfium.PdfDocument(data)
    pdf.init_forms()
    widgets = _widgets(widgets_of or data)
    pages = []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            width, height = page.get_size()
            lines, sizes = _lines(page, index + 1, height)
            rules, edges = _rules(page), _edges(page)
            shown: list[Line] = []
            if page.formenv:  # a PDF with form fields: what its answer boxes show, as printed
                page.flatten(pdfium_c.FLAT_PRINT)
                page.close()
                page = pdf[index]  # reloaded: flattened, the answer boxes' appearances are page text
                shown, _ = _lines(page, index + 1, height)
            page.close()
            boxes = widgets.get(index + 1, [])
            if widgets_of is not None:  # a printed PDF: the answer boxes' text is page text where the boxes are
                for line in lines:
                    line.answer = any(_within(line.box, w.rect) for w in boxes)
            pages.append(Page(index + 1, width, height, lines + _added(lines, shown), boxes, rules, sizes, edges))
    finally:
        pdf.close()
    return Document(pages, producer)


def _within(box: Box, rect: Box, slack: float = 1.0) -> bool:
    """Whether a line is inside a rect: its middle within the rect's height, most of its width within."""
    y = (box[1] + box[3]) / 2
    across = min(box[2], rect[2] + slack) - max(box[0], rect[0] - slack)
    return rect[1] - slack <= y <= rect[3] + slack and across >= 0.8 * (box[2] - box[0])


def _added(own: list[Line], shown: list[Line]) -> list[Line]:
    """The lines of the flattened page that the page did not have: the answer boxes' text."""
    had: dict[tuple, int] = {}
    for line in own:
        key = (line.text, round(line.box[0]), round(line.box[1]))
        had[key] = had.get(key, 0) + 1
    out = []
    for line in shown:
        key = (line.text, round(line.box[0]), round(line.box[1]))
        if had.get(key):
            had[key] -= 1
            continue
        line.answer = True
        out.append(line)
    return out


def _char_font(textpage, i: int, buf) -> tuple[float, bool]:
    size = pdfium_c.FPDFText_GetFontSize(textpage.raw, i)
    flags = ctypes.c_int()
    pdfium_c.FPDFText_GetFontInfo(textpage.raw, i, buf, len(buf), ctypes.byref(flags))
    name = buf.value.decode("latin-1", "replace")
    bold = "bold" in name.casefold() or pdfium_c.FPDFText_GetFontWeight(textpage.raw, i) >= 600
    return float(size), bold


def _lines(page, number: int, height: float) -> tuple[list[Line], list[tuple[float, str, Box]]]:
    textpage = page.get_textpage()
    buf = ctypes.create_string_buffer(256)
    lines: list[Line] = []
    sizes: list[tuple[float, str, Box]] = []
    text: list[str] = []
    inked: list[tuple[Box, float, bool]] = []

    def close() -> None:
        if inked:
            boxes = [b for b, _, _ in inked]
            lines.append(
                Line(
                    number,
                    squash("".join(text)),
                    union(boxes),
                    min(s for _, s, _ in inked),
                    all(b for _, _, b in inked),
                    boxes,
                )
            )
        text.clear()
        inked.clear()

    try:
        for i in range(textpage.count_chars()):
            ch = chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i))
            if pdfium_c.FPDFText_IsHyphen(textpage.raw, i):  # a hyphen ending a line: pdfium reads it as \x02
                ch = "-"
            if pdfium_c.FPDFText_IsGenerated(textpage.raw, i) or ch in "\r\n":
                if ch in "\r\n":
                    close()
                continue
            if ch.isspace() or not ch.isprintable():
                if inked:
                    text.append(" ")
                continue
            box = textpage.get_charbox(i)
            size, bold = _char_font(textpage, i, buf)
            if inked:
                last, last_size, _ = inked[-1]
                em = max(size, last_size, 1.0)
                middle, last_middle = (box[1] + box[3]) / 2, (last[1] + last[3]) / 2
                if abs(middle - last_middle) > 0.6 * em or box[0] < last[2] - em or box[0] - last[2] > 1.5 * em:
                    close()
            text.append(ch)
            inked.append((box, size, bold))
            sizes.append((size, ch, box))
        close()
    finally:
        textpage.close()
    for line in lines:
        in_band = line.box[1] < BAND or line.box[3] > height - BAND
        line.furniture = in_band or bool(PAGE_NUMBER.search(line.text))
    return lines, sizes


def _rules(page) -> list[Box]:
    """Horizontal strokes (a table's borders): paths at most 3 pt high and wider than 20 pt."""
    out = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=4):
        left, bottom, right, top = obj.get_bounds()
        if top - bottom <= 3 and right - left > 20:
            out.append((left, bottom, right, top))
    return out


def _edges(page) -> list[tuple[float, float, float, float]]:
    """Where a table cell ends: the ink of vertical strokes (at most 3 pt wide, over 8 pt high) and of
    the left and right sides of boxes drawn with straight lines only (a cell's border or fill; not a
    circle), as (left, right, bottom, top). pdfium's bounds of a stroked path reach a line width past
    its centre line."""
    out = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=4):
        left, bottom, right, top = obj.get_bounds()
        if top - bottom <= 8:
            continue
        if right - left <= 3:
            out.append((left, right, bottom, top))
        elif _straight(obj):
            width = _stroke(obj)
            out += [
                (left + width / 2, left + 1.5 * width, bottom, top),
                (right - 1.5 * width, right - width / 2, bottom, top),
            ]
    return out


def _stroke(obj) -> float:
    """The width of a path's stroke (0 when it is only filled)."""
    fill, stroke, width = ctypes.c_int(), ctypes.c_int(), ctypes.c_float()
    pdfium_c.FPDFPath_GetDrawMode(obj.raw, ctypes.byref(fill), ctypes.byref(stroke))
    pdfium_c.FPDFPageObj_GetStrokeWidth(obj.raw, ctypes.byref(width))
    return float(width.value) if stroke.value else 0.0


def _straight(obj) -> bool:
    """Whether a path is a box of straight lines: at most 6 segments, none a curve."""
    count = pdfium_c.FPDFPath_CountSegments(obj.raw)
    if not 0 < count <= 6:
        return False
    kinds = [pdfium_c.FPDFPathSegment_GetType(pdfium_c.FPDFPath_GetPathSegment(obj.raw, i)) for i in range(count)]
    return pdfium_c.FPDF_SEGMENT_BEZIERTO not in kinds


def _widgets(data: bytes) -> dict[int, list[Widget]]:
    reader = PdfReader(io.BytesIO(data))
    out: dict[int, list[Widget]] = {}
    for index, page in enumerate(reader.pages):
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Widget" or "/Rect" not in annot:
                continue
            name, kind, tooltip, value = _inherited(annot)
            left, bottom, right, top = (float(x) for x in annot["/Rect"])
            rect = (min(left, right), min(bottom, top), max(left, right), max(bottom, top))
            out.setdefault(index + 1, []).append(Widget(index + 1, name, kind, rect, tooltip, value))
    return out


def _inherited(annot) -> tuple[str, str, str, str]:
    """A widget's full field name, field type, tooltip and value, read up its /Parent chain."""
    names: list[str] = []
    kind = tooltip = value = ""
    node = annot
    for _ in range(32):  # a damaged file's loop of parents ends here
        if node is None:
            break
        if "/T" in node:
            names.insert(0, str(node["/T"]))
        kind = kind or str(node.get("/FT", ""))
        tooltip = tooltip or str(node.get("/TU", ""))
        if not value and node.get("/V") is not None:
            value = str(node.get("/V"))
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
    return ".".join(names), kind, tooltip, value
