"""Stamp values into a drawn form: each field's /V and an appearance stream that shows it, so
values are visible in every viewer without clicking (no NeedAppearances).

Field appearances use the field font (fieldfont.py: DejaVu Sans, the Latin script): a character
it cannot draw is shown as "?" and reported as a note, while /V keeps the exact text, so parsing
returns the value unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pikepdf

from ...forms.fieldlist import pdf_name
from ...forms.fields import FIELD_TYPES
from ...forms.tree import FieldSpec, FormSpec
from . import ticks
from .fieldfont import RESOURCE, field_font

FILL, BORDER, INK = (0.94, 0.96, 1.0), (0.45, 0.45, 0.45), (0.1, 0.1, 0.1)
BORDER_W = 1  # whole points: PDFium reads /BS /W as an integer, so a fractional width drew no border
MULTILINE = 1 << 12  # /Ff: a multi-line text box (a multi-line field, or a text box in a table cell)
TEXT_SIZE = 10.0  # a multi-line box's text: docgen's appearance starts at it, viewers redraw at it (/DA)
MIN_SIZE = 4.0  # the smallest font a long single-line answer shrinks to (PDFium's auto size stops at 4)


def stamp_values(pdf: pikepdf.Pdf, spec: FormSpec, values: dict) -> list[tuple[str, str]]:
    notes: list[tuple[str, str]] = []
    fields = {str(f.get("/T", "")): f for f in pdf.Root.AcroForm.Fields}
    font = pdf.Root.AcroForm.DR.Font[RESOURCE]
    for name, f, value in _flatten(spec, values):
        field = fields.get(name)
        if field is None or value is None:
            continue
        ftype = FIELD_TYPES[f.type]
        shown = STAMPS[ftype.control_for(f)](field, f, value)
        if shown is None:  # a tick: its state is its appearance
            continue
        lost = field_font().encode(shown)[1]
        if lost:
            notes.append((f.id, f"the form font cannot draw {lost}; the value is kept and shows when edited"))
        multiline = bool(int(field.get("/Ff", 0)) & MULTILINE)
        for widget in field.Kids if "/Kids" in field else [field]:  # a blank shown twice: each place
            set_appearance(pdf, widget, font, shown, multiline=multiline)
    return notes


def _tick(field, f: FieldSpec, value) -> None:
    on = next((k for k in field.AP.N.keys() if k != "/Off"), "/Yes")  # noqa: SIM118 - typed str, not Object
    state = pikepdf.Name(on) if value else pikepdf.Name("/Off")
    field.V, field.AS = state, state


def _choose(field, f: FieldSpec, value) -> str:
    """A dropdown holds the option's key and shows its label."""
    labels = {o.key: o.label for o in f.options}
    field.V = pikepdf.String(str(value))
    return labels.get(str(value), str(value))


def _date(field, f: FieldSpec, value) -> str:
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    shown = day.strftime("%d/%m/%Y")
    field.V = pikepdf.String(shown)
    return shown


def _text(field, f: FieldSpec, value) -> str:
    shown = str(value)
    field.V = pikepdf.String(shown)
    return shown


# a field type's control -> how its value is set (/V) and what is shown; None: set, nothing to draw
STAMPS: dict[str, Callable[[Any, FieldSpec, object], str | None]] = {
    "checkbox": _tick,
    "dropdown": _choose,
    "ticks": ticks.stamp,  # the option's state on the radio group and its kid
    "date": _date,
    "text": _text,
    "signature": _text,
}


def blank_appearance(pdf: pikepdf.Pdf, field) -> None:
    """An empty box (used for dropdowns, whose drawn appearance shows a preselected option)."""
    set_appearance(pdf, field, pdf.Root.AcroForm.DR.Font[RESOURCE], "", multiline=False)


def _flatten(spec: FormSpec, values: dict):
    repeats = {r.id: r for r in spec.repeats()}
    children = {f.id for r in repeats.values() for f in r.fields}
    by_id = {f.id: f for f in spec.fields()}
    for key, value in values.items():
        if key in repeats:
            for i, row in enumerate(value or []):
                for child, cell in row.items():
                    f = by_id.get(f"{key}.{child}")
                    if f is not None:
                        yield pdf_name(f.id, i), f, cell
        elif key in by_id and key not in children:
            yield pdf_name(key), by_id[key], value


def fit_size(text: str, w: float, h: float, *, multiline: bool) -> float:
    """The font size docgen's appearance shows `text` at in a w x h box: TEXT_SIZE (a one-line box:
    as tall as the box allows), shrunk until the answer fits (never under MIN_SIZE). A docgen
    appearance never hides what it knows: a long answer shrinks until it fits (a viewer that
    redraws the box uses the box's /DA size and may scroll instead)."""
    ff = field_font()
    size = TEXT_SIZE if multiline else min(TEXT_SIZE, max(h - 4, 6))
    if not multiline and text and ff.width(text.replace("\n", " "), size) > w - 6:  # shrink to fit
        size = max(MIN_SIZE, size * (w - 6) / ff.width(text.replace("\n", " "), size))
    while multiline and size > MIN_SIZE and len(ff.wrap(text, size, w - 6)) * size * 1.15 > h - 3:
        size -= 0.5
    return size


def fit_height(text: str, w: float, size: float = TEXT_SIZE) -> float:
    """The least height of a multi-line box `w` wide that shows `text` at `size` (see fit_size)."""
    return len(field_font().wrap(text, size, w - 6)) * size * 1.15 + 3


def shown_text(f: FieldSpec, value) -> str | None:
    """The text a typed answer's box shows (a text box or a signature's typed name); None for the
    other controls (ticks, dropdowns, dates: short, or drawn to fit their options)."""
    if value is None or FIELD_TYPES[f.type].control_for(f) not in ("text", "signature"):
        return None
    return str(value)


def set_appearance(pdf: pikepdf.Pdf, field, font, text: str, *, multiline: bool) -> None:
    x0, y0, x1, y1 = (float(v) for v in field.Rect)
    w, h = x1 - x0, y1 - y0
    ff = field_font()
    size = fit_size(text, w, h, multiline=multiline)
    ops = [
        f"/Tx BMC q {FILL[0]} {FILL[1]} {FILL[2]} rg 0 0 {w:.2f} {h:.2f} re f "
        f"{BORDER[0]} {BORDER[1]} {BORDER[2]} RG {BORDER_W:g} w 0.5 0.5 {w - 1:.2f} {h - 1:.2f} re S "
        f"1 1 {w - 2:.2f} {h - 2:.2f} re W n".encode()
    ]
    if text:
        lines = ff.wrap(text, size, w - 6) if multiline else [text.replace("\n", " ")]
        lead = size * 1.15
        top = h - 2 - size if multiline else (h - size) / 2 + size * 0.22
        ops.append(f" BT {RESOURCE} {size:g} Tf {INK[0]} {INK[1]} {INK[2]} rg 3 {top:.2f} Td {lead:.2f} TL".encode())
        for i, line in enumerate(lines):
            ops.append(b" " + (b"" if i == 0 else b"T* ") + b"<" + ff.encode(line)[0].hex().encode() + b"> Tj")
        ops.append(b" ET")
    ops.append(b" Q EMC")
    stream = pikepdf.Stream(pdf, b"".join(ops))
    stream.Type = pikepdf.Name("/XObject")
    stream.Subtype = pikepdf.Name("/Form")
    stream.BBox = pikepdf.Array([0, 0, w, h])
    stream.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary({RESOURCE: font}))
    field.AP = pikepdf.Dictionary(N=stream)


flatten = _flatten  # (pdf name, field, value) of every value given, a repeat's cells by row

__all__ = ["stamp_values", "blank_appearance", "set_appearance", "fit_size", "fit_height", "flatten", "shown_text"]
