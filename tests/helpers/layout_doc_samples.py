"""Small read-only documents for the checker's tests (tests/render/test_readonly_layout_rules.py): a
made-up one-minute guide as a document tree (SPEC) and its pages drawn with reportlab as docgen
draws a document (a heading, a lead-in and its list, a table of cells, body text, the source line);
each test draws one fault."""

from __future__ import annotations

import io
from dataclasses import replace

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from docgen.forms.tree import FormSpec, Heading, ListBlock, Manifest, Paragraph, Section, Table

from .layout_readonly import DocFacts, facts_for_document

LEAD_IN = "Supervision must:"
ITEMS = ("Be regular", "Be recorded")
HEADER = ("Management", "Development")
ROW = ("Roles are clear", "Learning needs")
BODY = "The agency wrote this line of guidance for every practitioner."
SOURCE = "Source: Tiny supervision policy"
FURTHER = "Further information"
SPEC = FormSpec(
    manifest=Manifest("one_minute_guide", "1.0", "handout-one-minute-guide", "tiny", "1.0", "digest", "0.1.0"),
    title="One minute guide",
    agency="Tiny Council",
    sections=(
        Section(
            "Why supervision matters",
            (Paragraph((LEAD_IN,)), ListBlock(ITEMS), Table(HEADER, (ROW,)), Paragraph((BODY,))),
        ),
        Section(FURTHER, (Heading("Contacts", 3), Paragraph((BODY,)))),
    ),
    footer=(SOURCE,),
)
LEFT, RIGHT = 56.7, A4[0] - 56.7  # the text frame: 2 cm margins


def facts(spec: FormSpec = SPEC) -> DocFacts:
    return facts_for_document(spec)


def as_policy_document(spec: FormSpec = SPEC) -> FormSpec:
    """The same tree as a policy document: no one-page rule."""
    return replace(spec, manifest=replace(spec.manifest, kind="policy-document"))


def draw(*pages) -> bytes:
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4)
    for number, page in enumerate(pages, 1):
        furniture(canvas, number, len(pages))
        page(canvas)
        canvas.showPage()
    canvas.save()
    return buf.getvalue()


def furniture(canvas: Canvas, number: int, total: int) -> None:
    canvas.setFont("Helvetica", 8)
    canvas.drawString(LEFT, A4[1] - 38, SPEC.agency)
    canvas.drawString(LEFT, 34, SPEC.title)
    canvas.drawRightString(RIGHT, 34, f"Page {number} of {total}")


def text(canvas: Canvas, y: float, words: str, size: float = 11, bold: bool = False, x: float = LEFT) -> None:
    canvas.setFont("Helvetica-Bold" if bold else "Helvetica", size)
    canvas.drawString(x, y, words)


def table(canvas: Canvas, y: float, header=HEADER, row=ROW, widths=(240.0, 240.0), rows: bool = True) -> float:
    """A table of stroked cells from `y` down (header shaded and bold); returns the y under it."""
    for cells, bold in ((header, True), (row, False)) if rows else ((header, True),):
        x = LEFT
        for cell, width in zip(cells, widths, strict=True):
            canvas.setFillGray(0.9 if bold else 1.0)
            canvas.rect(x, y - 20, width, 20, stroke=1, fill=1)
            canvas.setFillGray(0)
            text(canvas, y - 14, cell, bold=bold, x=x + 4)
            x += width
        y -= 20
    return y


def body(canvas: Canvas, top: float, lines: int) -> float:
    for i in range(lines):
        text(canvas, top - 16 * i, BODY)
    return top - 16 * lines


def first_part(canvas: Canvas) -> float:
    """The title, the first section's heading, lead-in, list and table; returns the y under them."""
    text(canvas, 770, SPEC.title, 20, bold=True)
    text(canvas, 740, SPEC.sections[0].heading, 14, bold=True)
    text(canvas, 716, LEAD_IN)
    for i, item in enumerate(ITEMS):
        text(canvas, 700 - 15 * i, f"\u2022 {item}", x=LEFT + 8)
    return table(canvas, 672) - 20


def clean(canvas: Canvas) -> None:
    """A whole one-page guide: every part of SPEC in order, the page used down to near its foot."""
    y = body(canvas, first_part(canvas), 20)
    text(canvas, y - 10, FURTHER, 14, bold=True)
    text(canvas, y - 34, "Contacts", 12, bold=True)
    y = body(canvas, y - 52, 8)
    text(canvas, y - 6, SOURCE, 9.5)


def more(canvas: Canvas) -> None:
    """A page of body text."""
    body(canvas, 780, 30)
