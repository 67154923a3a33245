"""Is this fieldless PDF with no docgen manifest a print of a docgen form?

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

MAX_PAGES = 40  # a docgen form is a few pages; a longer file is not one of its prints
CAPTION = "Digital signature (optional)"  # as docgen/render/pdf/widgets.py prints it
_PAGE = re.compile(r"Page\s+(\d+)\s+of\s+(\d+)")
_SPACES = re.compile(r"\s+")


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


__all__ = ["docgen_print"]
