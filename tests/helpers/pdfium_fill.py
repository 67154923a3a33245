"""PDFium (the engine of Chrome and Edge) fills a form as a person would, through its own
form-filling API (pypdfium2's raw bindings): a click at a field's centre focuses it, text is
typed key by key (FORM_OnChar, one UTF-16 code unit a key) or pasted over a select-all
(FORM_SelectAllText + FORM_ReplaceSelection), a click ticks a checkbox or a radio group's box
(the kid whose export value is the option's key), a dropdown's choice is picked
(FORM_SetIndexSelected), and leaving the field (FORM_ForceToKillFocus) commits it; then
FPDF_SaveAsCopy saves the file in full or incrementally. PDFium regenerates the appearance of
every field it edits, as Chrome does.

A fill runs in its own process (`python -m tests.helpers.pdfium_fill BLANK SAVED FILLS TYPING
SAVE`, see `fill_in_subprocess`) so that a crash in PDFium fails one test, not pytest. What a
person then sees is tests/helpers/pdfium_seen.py.
"""

from __future__ import annotations

import ctypes
import io
import json
import subprocess
import sys
from pathlib import Path

import pypdfium2.raw as pdfium

from .pdf_viewers import ticked
from .policies import ROOT
from .values import plan

TYPING = ("replace", "keys")  # select all and paste over it / type keystroke by keystroke
SAVES = {"full": pdfium.FPDF_NO_INCREMENTAL, "incremental": pdfium.FPDF_INCREMENTAL}
# what people type: Welsh (ŵ ŷ Ŵ are single code points), curly quotes, an en dash, an ellipsis
TEXTS = ["Siân ap Rhŷs", "Ŵyn O'Brien – ‘quoted’ …", "Gwenllian Ŷ Ŵ ẁ ẃ ẅ ỳ", "Rhiannon Price", "Zofia Łukasz-Černá"]


def pdfium_fills(spec) -> tuple[dict, dict]:
    """(PDF field name -> what a person enters: text, a choice's label, True for a tick, or
    {"tick": key} for a tick-box choice; the values docgen must read back, as the field types
    coerce them)."""
    planned = plan(spec, TEXTS)
    return ticked(spec, planned.by_name()), planned.want


# --- PDFium calls ----------------------------------------------------------------------------


def _wide(text: str):
    """A NUL-terminated UTF-16 string for PDFium (FPDF_WIDESTRING)."""
    data = text.encode("utf-16-le") + b"\0\0"
    return ctypes.cast(ctypes.create_string_buffer(data, len(data)), ctypes.POINTER(ctypes.c_ushort))


def _read_utf16(call) -> str:
    """A string PDFium writes as UTF-16 into a buffer: `call(buffer, size)` returns its byte length."""
    size = call(None, 0)
    if size <= 2:
        return ""
    buf = ctypes.create_string_buffer(size)
    call(ctypes.cast(buf, ctypes.POINTER(pdfium.FPDF_WCHAR)), size)
    return buf.raw[: size - 2].decode("utf-16-le")


class Document:
    """A PDF open in PDFium with its form-fill environment (FPDF_FORMFILLINFO version 2)."""

    def __init__(self, data: bytes):
        self._data = ctypes.create_string_buffer(data, len(data))  # PDFium reads it in place
        self.doc = pdfium.FPDF_LoadMemDocument64(self._data, len(data), None)
        if not self.doc:
            raise RuntimeError(f"PDFium cannot open the file (error {pdfium.FPDF_GetLastError()})")
        self._info = pdfium.FPDF_FORMFILLINFO(version=2)
        self.form = pdfium.FPDFDOC_InitFormFillEnvironment(self.doc, self._info)

    def pages(self):
        """Each page, loaded as a viewer loads it (the form told), closed after use."""
        for index in range(pdfium.FPDF_GetPageCount(self.doc)):
            page = pdfium.FPDF_LoadPage(self.doc, index)
            pdfium.FORM_OnAfterLoadPage(page, self.form)
            try:
                yield index, page
            finally:
                pdfium.FORM_OnBeforeClosePage(page, self.form)
                pdfium.FPDF_ClosePage(page)

    def widgets(self, page):
        """(field name, field type, rectangle (left, bottom, right, top), annotation) per widget."""
        for i in range(pdfium.FPDFPage_GetAnnotCount(page)):
            annot = pdfium.FPDFPage_GetAnnot(page, i)
            try:
                if pdfium.FPDFAnnot_GetSubtype(annot) != pdfium.FPDF_ANNOT_WIDGET:
                    continue
                name = _read_utf16(lambda b, n, a=annot: pdfium.FPDFAnnot_GetFormFieldName(self.form, a, b, n))
                rect = pdfium.FS_RECTF()
                pdfium.FPDFAnnot_GetRect(annot, rect)
                box = (rect.left, min(rect.bottom, rect.top), rect.right, max(rect.bottom, rect.top))
                yield name, pdfium.FPDFAnnot_GetFormFieldType(self.form, annot), box, annot
            finally:
                pdfium.FPDFPage_CloseAnnot(annot)

    def save(self, flags: int) -> bytes:
        out = io.BytesIO()

        def write_block(_this, data, size) -> int:
            out.write(ctypes.string_at(data, size))
            return 1

        writer = pdfium.FPDF_FILEWRITE(version=1)
        writer.WriteBlock = type(writer.WriteBlock)(write_block)
        if not pdfium.FPDF_SaveAsCopy(self.doc, writer, flags):
            raise RuntimeError("PDFium could not save the file")
        return out.getvalue()

    def close(self) -> None:
        pdfium.FPDFDOC_ExitFormFillEnvironment(self.form)
        pdfium.FPDF_CloseDocument(self.doc)


def _click(doc: Document, page, box) -> None:
    x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    pdfium.FORM_OnMouseMove(doc.form, page, 0, x, y)
    pdfium.FORM_OnLButtonDown(doc.form, page, 0, x, y)
    pdfium.FORM_OnLButtonUp(doc.form, page, 0, x, y)


def _type(doc: Document, page, text: str, typing: str) -> None:
    if typing == "replace":
        pdfium.FORM_SelectAllText(doc.form, page)
        pdfium.FORM_ReplaceSelection(doc.form, page, _wide(text))
        return
    units = text.replace("\n", "\r").encode("utf-16-le")  # Enter is a carriage return
    for i in range(0, len(units), 2):
        pdfium.FORM_OnChar(doc.form, page, int.from_bytes(units[i : i + 2], "little"), 0)


def _choose(doc: Document, page, annot, label: str) -> None:
    count = pdfium.FPDFAnnot_GetOptionCount(doc.form, annot)
    labels = [
        _read_utf16(lambda b, n, i=i: pdfium.FPDFAnnot_GetOptionLabel(doc.form, annot, i, b, n)) for i in range(count)
    ]
    if label not in labels:
        raise RuntimeError(f"no option {label!r} among {labels}")
    if not pdfium.FORM_SetIndexSelected(doc.form, page, labels.index(label), True):
        raise RuntimeError(f"PDFium would not select {label!r}")


def fill(blank: bytes, fills: dict, typing: str, save: str) -> tuple[bytes, dict]:
    """Fill `fills` (field name -> text, option label, or True) into `blank` with PDFium; the
    saved bytes and a summary: which fields were filled, and every field PDFium saw."""
    doc = Document(blank)
    filled, seen = [], []
    try:
        for _, page in doc.pages():
            for name, kind, box, annot in doc.widgets(page):
                if name not in seen:  # a field once, however many widgets it has (a radio group's kids share its name)
                    seen.append(name)
                if name not in fills or name in filled:  # a field shown twice is typed in once
                    continue
                if kind == pdfium.FPDF_FORMFIELD_RADIOBUTTON:
                    state = _read_utf16(
                        lambda b, n, a=annot: pdfium.FPDFAnnot_GetFormFieldExportValue(doc.form, a, b, n)
                    )
                    if state != fills[name]["tick"]:
                        continue  # another option's box
                _click(doc, page, box)  # focus it as a person does; a click also ticks a checkbox
                if kind == pdfium.FPDF_FORMFIELD_CHECKBOX:
                    if bool(pdfium.FPDFAnnot_IsChecked(doc.form, annot)) != bool(fills[name]):
                        raise RuntimeError(f"a click did not tick {name}")
                elif kind == pdfium.FPDF_FORMFIELD_RADIOBUTTON:
                    if not pdfium.FPDFAnnot_IsChecked(doc.form, annot):
                        raise RuntimeError(f"a click did not tick {name}: {fills[name]['tick']}")
                elif kind in (pdfium.FPDF_FORMFIELD_COMBOBOX, pdfium.FPDF_FORMFIELD_LISTBOX):
                    _choose(doc, page, annot, fills[name])
                elif kind == pdfium.FPDF_FORMFIELD_TEXTFIELD:
                    _type(doc, page, fills[name], typing)
                else:
                    raise RuntimeError(f"{name}: PDFium field type {kind} is not one this filler knows")
                pdfium.FORM_ForceToKillFocus(doc.form)  # leave the field: PDFium commits it
                filled.append(name)
        return doc.save(SAVES[save]), {"filled": filled, "fields": seen}
    finally:
        doc.close()


def fill_in_subprocess(blank: bytes, fills: dict, typing: str, save: str, tmp_path: Path) -> tuple[bytes, dict]:
    """`fill` in a process of its own (a crash in PDFium fails the test, not the test run)."""
    (tmp_path / "blank.pdf").write_bytes(blank)
    (tmp_path / "fills.json").write_text(json.dumps(fills, ensure_ascii=False), encoding="utf-8")
    saved = tmp_path / f"pdfium-{typing}-{save}.pdf"
    args = [str(tmp_path / "blank.pdf"), str(saved), str(tmp_path / "fills.json"), typing, save]
    result = subprocess.run(
        [sys.executable, "-m", "tests.helpers.pdfium_fill", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"PDFium's fill failed (exit {result.returncode}): {result.stderr[-2000:]}"
    return saved.read_bytes(), json.loads(result.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> None:
    blank, saved, fills_json, typing, save = argv
    fills = json.loads(Path(fills_json).read_text(encoding="utf-8"))
    data, summary = fill(Path(blank).read_bytes(), fills, typing, save)
    Path(saved).write_bytes(data)
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
