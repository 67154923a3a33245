"""A PDF that lost its document information: where docgen's manifest is found instead, and how a
print of a docgen form is told from other software's PDFs.

The manifest and field list are carried a second time in the first page's dictionary
(docgen/render/pdf `carry_manifest`), which tools that rebuild a PDF from its pages keep (pypdf's
append, qpdf --empty --pages, pdftk cat). `carried_texts` reads them, from an untrusted file, as
strictly as the document information's: text only, each within MAX_CARRIED characters, then the
same checks (pdf.py `_manifest`, record.py `field_list`, `require_form`).

Printing a form to PDF (GTK's "Print to File", which is poppler's cairo output, `pdftocairo
-pdf`; a browser's print) keeps only what the pages show: no fields, no document information,
no XMP. So a print is recognised by what docgen prints on every form: each page's footer ends
"Page n of N" (n the page, N the pages of the file), and the signature boxes carry their caption
"Digital signature (optional)" (every kind of form has signatures: docgen/forms/roles.py). A file
that shows both is reported as flattened, with what to do; any other PDF stays "not made by
docgen". The text is read with pypdf, from at most MAX_PAGES pages; a file pypdf cannot read is
not a print docgen recognises.
"""

from __future__ import annotations

import io
import logging
import re

import pikepdf

from .safety import FormError

MAX_PAGES = 40  # a docgen form is a few pages; a longer file is not one of its prints
CAPTION = "Digital signature (optional)"  # as docgen/render/pdf/widgets.py prints it
_PAGE = re.compile(r"Page\s+(\d+)\s+of\s+(\d+)")
_SPACES = re.compile(r"\s+")


FLATTENED = (
    "this PDF was printed or flattened: its answers are now part of the page and cannot be read back. "
    "Ask for the filled form itself (the file that was filled in, not a print of it)"
)
NO_MANIFEST = "this PDF was not made by docgen (it has no docgen manifest); docgen reads only forms it generated"
MAX_CARRIED = 512 * 1024  # characters of each text: a form's manifest and field list are a few kilobytes


def carried_texts(page, text_of) -> tuple[str, str] | None:
    """The manifest and field list texts the first page's dictionary carries (docgen/render/pdf
    `carry_manifest`), or None when it carries no manifest. They come from an untrusted file as
    the document information's do, and are held to the same rules: text only (`text_of` raises
    for anything else), each within MAX_CARRIED, and then the same checks (`_manifest`,
    `field_list`, `require_form`)."""
    if page is None:
        return None
    manifest, fields = text_of(page, b"/DocgenManifest", ""), text_of(page, b"/DocgenFields", "")
    if not manifest:
        return None
    if not fields or len(manifest) > MAX_CARRIED or len(fields) > MAX_CARRIED:
        raise FormError("corrupt", "the form's manifest is damaged")
    return manifest, fields


def qpdf_text(page, key: bytes, default: str) -> str:
    """A text entry of a dictionary (qpdf): anything but a string is a damaged manifest."""
    value = page.get(key.decode())
    if value is None:
        return default
    if not isinstance(value, pikepdf.String):
        raise FormError("corrupt", "the form's manifest is damaged")
    return str(value)


def docgen_print(data: bytes) -> bool:
    """Whether the PDF shows docgen's footer on every page and a signature caption (see above)."""
    try:
        from pypdf import PdfReader

        logging.getLogger("pypdf").setLevel(logging.ERROR)
        reader = PdfReader(io.BytesIO(data))
        count = len(reader.pages)
        if not 0 < count <= MAX_PAGES:
            return False
        texts = [_SPACES.sub(" ", page.extract_text() or "") for page in reader.pages]
    except Exception:  # noqa: BLE001 (an unreadable file is simply not a print docgen recognises)
        return False
    for number, text in enumerate(texts, 1):
        if (str(number), str(count)) not in {m.groups() for m in _PAGE.finditer(text)}:
            return False
    return any(CAPTION in text for text in texts)


__all__ = ["FLATTENED", "MAX_CARRIED", "NO_MANIFEST", "carried_texts", "docgen_print", "qpdf_text"]
