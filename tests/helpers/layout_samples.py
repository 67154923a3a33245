"""Small PDFs for the layout checker's tests (tests/render/test_layout_checker.py), drawn with
reportlab: a clean form page, and what the form tree says about it (`facts`); each test draws one
fault on top."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from docgen.forms.tree import FieldSpec, Option

from .layout_rules import Facts

YES_NO_MAYBE = (Option("yes", "Yes"), Option("no", "No"), Option("maybe", "Maybe"))
NAME = FieldSpec("name", "text", "Name of supervisee", help="Their full name, as on the staff list.")
NOTES = FieldSpec("notes", "multiline", "Notes of discussion", lines=4)
HAPPY = FieldSpec("happy", "yes_no_maybe", "I am happy with supervision", options=YES_NO_MAYBE)


def facts() -> Facts:
    return Facts(
        headings={"Session details": True, "Discussion": True},
        labels={f.label for f in (NAME, NOTES, HAPPY)},
        helps={NAME.help},
        fields={f.id: (f, False) for f in (NAME, NOTES, HAPPY)},
    )


def draw(*pages, options: str = "Yes No Maybe", notes_height: float = 90, size: float = 11) -> bytes:
    """A PDF of the given pages: each page a callable drawing on the canvas, given the clean page's
    settings (`clean` draws the clean page with them)."""
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4)
    for page in pages:
        page(canvas, options=options, notes_height=notes_height, size=size)
        canvas.showPage()
    canvas.save()
    return buf.getvalue()


def clean(canvas: Canvas, options: str, notes_height: float, size: float) -> None:
    """A well-made page: a heading with its fields under it, labels at 11 pt, help at 9.5 pt, boxes
    high enough to write in, every option printed, everything inside the printable area."""
    canvas.setFont("Helvetica-Bold", 16)
    canvas.drawString(60, 760, "Session details")
    canvas.setFont("Helvetica-Bold", size)
    canvas.drawString(60, 730, NAME.label)
    canvas.setFont("Helvetica", 9.5)
    canvas.drawString(60, 716, NAME.help)
    canvas.acroForm.textfield(name="name", x=260, y=708, width=270, height=22, borderWidth=1)
    canvas.setFont("Helvetica-Bold", 16)
    canvas.drawString(60, 670, "Discussion")
    canvas.setFont("Helvetica-Bold", 11)
    canvas.drawString(60, 645, NOTES.label)
    canvas.acroForm.textfield(
        name="notes",
        x=60,
        y=545 + 90 - notes_height,
        width=470,
        height=notes_height,
        fieldFlags="multiline",
        borderWidth=1,
    )
    canvas.drawString(60, 520, HAPPY.label)
    canvas.acroForm.choice(
        name="happy",
        x=260,
        y=505,
        width=120,
        height=20,
        options=["Yes", "No", "Maybe"],
        fieldFlags="combo",
        value="Yes",
    )
    canvas.setFont("Helvetica", 9)
    canvas.drawString(260, 492, options)
    canvas.setFont("Helvetica", 11)
    for i in range(18):  # the page used down to near its foot
        canvas.drawString(60, 460 - 20 * i, f"Line {i + 1} of the guidance the agency wrote for this form.")
