"""A minimal PDFium form filler (pypdfium2's raw form-fill API), as Chrome and Edge fill a form:
focus a field, select all, type the replacement, leave the field (PDFium then regenerates the
field's appearance), pick a dropdown option by index, save a full copy.

    data = fill(pdf_bytes, {"supervisee": "Siân ap Rhŷs", "supervision_type": 1})
    flattened_text(data)          # PDFium's text of each page with the fields flattened (printed)
    text_in(flattened_pages(data), page, rect)   # the text printed inside a field's box
    png(data, path)               # page 1 rendered by PDFium with its form drawing
"""

from __future__ import annotations

import ctypes
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw


def _widgets(page) -> dict[str, object]:
    """Field name -> the widget annotation handle on `page`, and the form handle."""
    out = {}
    for i in range(raw.FPDFPage_GetAnnotCount(page.raw)):
        annot = raw.FPDFPage_GetAnnot(page.raw, i)
        if raw.FPDFAnnot_GetSubtype(annot) != raw.FPDF_ANNOT_WIDGET:
            raw.FPDFPage_CloseAnnot(annot)
            continue
        n = raw.FPDFAnnot_GetFormFieldName(page.pdf.formenv.raw, annot, None, 0)
        buf = ctypes.create_string_buffer(n)
        raw.FPDFAnnot_GetFormFieldName(
            page.pdf.formenv.raw, annot, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)), n
        )
        out[buf.raw[: n - 2].decode("utf-16-le")] = annot
    return out


def _wide(text: str):
    data = (text + "\0").encode("utf-16-le")
    return ctypes.cast(ctypes.create_string_buffer(data, len(data)), raw.FPDF_WIDESTRING)


def fill(data: bytes, values: dict[str, str | int]) -> bytes:
    """Type each str value into its text field; an int picks that option index of a dropdown."""
    pdf = pdfium.PdfDocument(data)
    pdf.init_forms()
    form = pdf.formenv.raw
    left = dict(values)
    for page in pdf:
        widgets = _widgets(page)
        for name, annot in widgets.items():
            if name not in left:
                continue
            value = left.pop(name)
            assert raw.FORM_SetFocusedAnnot(form, annot), name
            if isinstance(value, int):
                assert raw.FORM_SetIndexSelected(form, page.raw, value, True), name
            else:
                raw.FORM_SelectAllText(form, page.raw)
                raw.FORM_ReplaceSelection(form, page.raw, _wide(value))
            raw.FORM_ForceToKillFocus(form)
        for annot in widgets.values():
            raw.FPDFPage_CloseAnnot(annot)
    assert not left, f"no such fields: {sorted(left)}"
    out = _save(pdf)
    pdf.close()
    return out


def _save(pdf) -> bytes:
    import io

    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def flattened_pages(data: bytes):
    """The document with every page's form flattened for print by PDFium (what a printed page shows)."""
    pdf = pdfium.PdfDocument(data)
    for page in pdf:
        assert raw.FPDFPage_Flatten(page.raw, raw.FLAT_PRINT) == raw.FLATTEN_SUCCESS
    return pdfium.PdfDocument(_save(pdf))


def flattened_text(data: bytes) -> str:
    """PDFium's text of every page of the flattened document."""
    return "\n".join(page.get_textpage().get_text_range() for page in flattened_pages(data))


def text_in(flat, page: int, rect: tuple[float, float, float, float]) -> str:
    """The text PDFium finds inside `rect` (PDF points) of a flattened page: characters drawn
    outside it, or clipped away at its edge, are not there."""
    x0, y0, x1, y1 = rect
    return flat[page].get_textpage().get_text_bounded(left=x0, bottom=y0, right=x1, top=y1)


def png(data: bytes, path: Path, page: int = 0, scale: float = 80 / 72) -> Path:
    """A page as PDFium draws it with its form fields (as a browser shows it)."""
    pdf = pdfium.PdfDocument(data)
    pdf.init_forms()
    pdf[page].render(scale=scale, may_draw_forms=True).to_pil().save(path)
    return path
