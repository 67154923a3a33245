"""PDF helpers: the named fields a spec's PDF has, the body text of a PDF, and what each of docgen's
two PDF readers (the fast one and qpdf) makes of a file."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from docgen.forms.fieldlist import pdf_name


def field_names(spec, signatures=True):
    """PDF field name -> the label its tooltip says: one per spec field (per repeat row), and an
    unsigned signature field beside every typed-name signature (its tooltip says the signature's
    label too). Compare a file's tooltips through `labelled`."""
    repeats = {r.id: r for r in spec.repeats()}
    out = {}
    for f in spec.fields():
        rid = f.id.rpartition(".")[0]
        for row in range(repeats[rid].rows) if rid in repeats else [None]:
            out[pdf_name(f.id, row)] = f.label
            if signatures and f.type == "signature":
                out[pdf_name(f.id, row) + "__signature"] = f.label
    return out


def labelled(tooltips: dict, spec) -> dict:
    """PDF field name -> tooltip, each tooltip that says its field's label (as words, a trailing
    colon aside) replaced by that label: equal to `field_names(spec)` when every field is there,
    no other is, and every tooltip names its field's label (a tooltip also says where the field
    is, its format and whether it is required: tests/render/test_field_names.py)."""
    labels = field_names(spec)
    out = {}
    for name, tip in tooltips.items():
        label = labels.get(name)
        said = label is not None and squash(label).rstrip(" :*").casefold() in squash(tip).casefold()
        out[name] = label if said else tip
    return out


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pdf_text(data: bytes) -> str:
    """The body text of every page, read on across pages (the running header and footer left out)."""
    body = []
    for page in PdfReader(io.BytesIO(data)).pages:
        height = float(page.mediabox.height)
        page.extract_text(
            visitor_text=lambda text, cm, tm, font, size, height=height: (
                body.append(text) if 40 < tm[5] * cm[3] + cm[5] < height - 40 or not text.strip() else None
            )
        )
    return squash("".join(body))


# --- the two PDF readers -----------------------------------------------------------------------


def pdf_outcome(read, data: bytes):
    """What a PDF reader makes of a file: its RawForm's content, or its FormError."""
    from docgen.parse import FormError

    try:
        raw = read(data)
    except FormError as exc:
        return ("error", exc.code, exc.message)
    return ("ok", raw.manifest, raw.values, raw.rows, raw.issues)


def read_fast_only(data: bytes):
    """The fast PDF reader alone, after the checks both readers share (it raises Unsupported
    for a file it hands to qpdf)."""
    from docgen.parse import pdf
    from docgen.parse.safety import check_size

    check_size(data)
    if b"%PDF-" not in data[:1024]:
        return pdf.read_qpdf(data)  # which refuses it as read_pdf does
    return pdf.read_fast(data)
