"""How the PDF layout draws each control's widget (WIDGETS, keyed by a field type's control), and
how wide a table's choice column must be to show its longest label.

Widgets have whole-point borders (/BS /W 1): PDFium (Chrome, Edge) reads the width as a whole
number, so the fractional 0.6 docgen used before drew no border at all once a field was edited.
A text box in a narrow table cell wraps (a multi-line box whose font shrinks to fit, see
__init__._da_size), so a printed page shows the whole answer, not its first words.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib.colors import Color, black

from ...forms.fieldlist import from_pdf_name
from ...forms.fields import FIELD_TYPES
from ...forms.names import names_for
from ...forms.tree import FieldSpec
from ..fonts import SANS
from .fieldfont import CHOICE_CHROME, CHOICE_SIZE, field_font
from .ticks import cell_width, radio_group, stacked_width

BORDER, FILL = Color(0.45, 0.45, 0.45), Color(0.94, 0.96, 1.0)
BORDER_WIDTH = 1  # whole points (see above)
SIGNATURE_SUFFIX = "__signature"  # an unsigned /Sig field beside each typed-name signature
CROWDED = 0.6  # choice columns wider than this share of a table's width have their tick boxes stacked
CHOICE_SHARE = 0.45  # the most of a table's width a choice column takes; a longer label gets a smaller font
DATE_W = 99.0  # a date's box outside tables: about 35 mm, room for dd/mm/yyyy
DATE_GUIDE = "dd / mm / yyyy"  # printed faintly beside a date's box (not inside: the box stays empty)
CAPTION_SIZE = 8.0  # the small print over a signature's box ("Digital signature (optional)")
GUIDE_SIZE = 9.0  # a date's guide: a hint, at the hints' size

# `flow` below is a layout.Flow (not imported: layout imports this module); it gives the canvas
# (.c), the page number, and collects /Sig fields (.signatures) and wrapped cells (.wrapped)


def _flags(f: FieldSpec, *flags: str) -> str:
    """reportlab's fieldFlags: `flags`, and "required" (Ff bit 2) when the field is required, as its
    "*" on the page says (a viewer may then warn when it is left empty; it still saves and prints)."""
    return " ".join((*flags, "required") if f.required else flags)


def checkbox(flow: Any, f: FieldSpec, w: float, h: float, common: dict) -> None:
    flow.c.acroForm.checkbox(buttonStyle="check", size=min(h, 12), fieldFlags=_flags(f), textColor=black, **common)


def dropdown(flow: Any, f: FieldSpec, w: float, h: float, common: dict) -> None:
    flow.c.acroForm.choice(
        width=w,
        height=h,
        fieldFlags=_flags(f, "combo"),
        fontName="Helvetica",
        fontSize=9,
        options=[(o.label, o.key) for o in f.options],
        value=f.options[0].key,
        **common,
    )


def textfield(flow: Any, f: FieldSpec, w: float, h: float, common: dict, *, wrap: bool = True) -> None:
    """A text box; in a table cell (`flow.in_cell`) a one-line box becomes a wrapped one."""
    flags = "multiline" if FIELD_TYPES[f.type].multiline else ""
    if flow.in_cell and wrap and not flags:
        flags = "multiline"
        flow.wrapped.add(common["name"])
    flow.c.acroForm.textfield(
        width=w,
        height=h,
        fieldFlags=_flags(f, *flags.split()),
        fontName="Helvetica",
        fontSize=10,
        maxlen=0,
        **common,
    )


def datefield(flow: Any, f: FieldSpec, w: float, h: float, common: dict) -> None:
    """A date: a one-line text box everywhere (a date is short; its font shrinks to fit a cell).
    Outside a table it is about 35 mm wide with a faint "dd / mm / yyyy" guide printed beside it."""
    if not flow.in_cell and w > DATE_W * 1.5:
        w = DATE_W
        c = flow.c
        c.setFont(SANS, GUIDE_SIZE)
        c.setFillColor(Color(0.45, 0.45, 0.45))
        c.drawString(common["x"] + w + 6, common["y"] + (h - GUIDE_SIZE) / 2 + 1.5, DATE_GUIDE)
        c.setFillColor(black)
    textfield(flow, f, w, h, common, wrap=False)


def signature(flow: Any, f: FieldSpec, w: float, h: float, common: dict) -> None:
    """The typed name, and beside it a field for a viewer's signing tool."""
    c, x, y, name = flow.c, common["x"], common["y"], common["name"]
    sig_w = min(120.0, w * 0.4)
    w -= sig_w + 4
    with flow.tags.content("Form"):  # the typed name
        textfield(flow, f, w, h, common)
        flow.tags.annot(name)
    sig = f"{name}{SIGNATURE_SUFFIX}"
    sig_name = names_for(flow.spec).signature(*_field_row(flow, name))  # its /TU: the signature's, then "digital"
    flow.signatures.append((sig, sig_name, flow.page, (x + w + 4, y, x + w + 4 + sig_w, y + h)))
    with flow.tags.content("Form"):  # the caption over the /Sig field __init__ adds; the field
        c.setFont(SANS, CAPTION_SIZE)
        c.setFillColor(Color(0.35, 0.35, 0.35))
        c.drawString(x + w + 6, y + h + 2.5, "Digital signature (optional)")
        flow.tags.annot(sig)
    with flow.tags.artifact():
        c.setStrokeColor(BORDER)
        c.setLineWidth(0.6)
        c.setDash(2, 2)
        c.rect(x + w + 4, y, sig_w, h, stroke=1, fill=0)
        c.setDash()
        c.setStrokeColor(black)
    c.setFillColor(black)


def _field_row(flow: Any, name: str) -> tuple[str, int | None]:
    """(field id, row or None) of a PDF field name."""
    field_id, repeat, row, _ = from_pdf_name(name, names_for(flow.spec).repeats)
    return field_id, row if repeat else None


SELF_TAGGED = {"ticks", "signature"}  # controls that open their own Form elements (one per widget)

# a field type's control -> how a Flow draws its widget (a date is a text field; __init__ adds its format action)
WIDGETS: dict[str, Callable[[Any, FieldSpec, float, float, dict], None]] = {
    "text": textfield,
    "date": datefield,
    "dropdown": dropdown,
    "ticks": radio_group,  # its options, each beside a tick box (ticks.py)
    "checkbox": checkbox,
    "signature": signature,
}


def choice_width(f: FieldSpec) -> float:
    """The box width a dropdown needs to show its longest label whole at its usual size."""
    longest = max((field_font().width(o.label, CHOICE_SIZE) for o in f.options), default=0.0)
    return longest + CHOICE_CHROME


def _ticks(f: FieldSpec) -> bool:
    return FIELD_TYPES[f.type].control_for(f) == "ticks"


def _least(f: FieldSpec) -> float:
    """A dropdown's longest label; a tick-box choice's options in one row."""
    return cell_width(f) if FIELD_TYPES[f.type].control_for(f) == "ticks" else choice_width(f)


def fit_choices(widths: list[float], fields: Sequence[FieldSpec], total: float) -> list[float]:
    """Column widths with every choice column widened to show its longest label beside the arrow
    a viewer draws (at most CHOICE_SHARE of `total`), the width taken from the other columns."""
    least = [min(_least(f) + 2, total * CHOICE_SHARE) if f.options else 0.0 for f in fields]
    if sum(least) > total * CROWDED:  # tick boxes in one row would crowd out the other columns: stack them
        least = [stacked_width(f) + 2 if n and _ticks(f) else n for n, f in zip(least, fields, strict=True)]
    short = sum(max(0.0, n - w) for n, w in zip(least, widths, strict=True))
    spare = sum(w - n for n, w in zip(least, widths, strict=True) if w > n)
    if short <= 0 or spare <= short:
        return widths
    return [n if n >= w else w - (w - n) * short / spare for n, w in zip(least, widths, strict=True)]
