"""Previews: a PNG of each document's first page and an index.html contact sheet.

Pages are rendered from the PDF twin with PDFium (pypdfium2: a pip wheel with PDFium built in,
so it works wherever docgen installs, with no system tool to find). The contact sheet is one
HTML file with relative links, so it opens from disk or a shared drive with no server.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass
from pathlib import Path

PREVIEW_DIR = "preview"
INDEX = "index.html"


@dataclass(frozen=True)
class PreviewItem:
    title: str
    kind: str  # what it is, in words: "Policy document", "Handout", "Fillable form (agreement)"
    image: Path  # where the PNG goes
    files: tuple[Path, ...]  # the documents it previews (docx, pdf), linked from the sheet


def first_page_png(pdf: bytes, width_px: int = 620) -> bytes:
    """The first page of a PDF as a PNG `width_px` wide, on white."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    doc.init_forms()  # draw form fields (boxes, stamped values) as a viewer shows them
    try:
        page = doc[0]
        scale = width_px / page.get_width()
        image = page.render(scale=scale, fill_color=(255, 255, 255, 255)).to_pil()
    finally:
        doc.close()
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def contact_sheet(agency: str, items: list[PreviewItem], base: Path) -> str:
    """index.html: one figure per document, its first page linking to the files (paths relative to `base`)."""

    def rel(path: Path) -> str:
        return html.escape(path.relative_to(base).as_posix(), quote=True)

    figures = []
    for item in items:
        links = " · ".join(f'<a href="{rel(f)}">{html.escape(f.suffix[1:].upper())}</a>' for f in item.files)
        target = rel(item.files[-1]) if item.files else rel(item.image)
        alt = html.escape(f"First page of {item.title} ({item.kind.lower()})", quote=True)
        figures.append(
            f'<figure>\n<a href="{target}"><img src="{rel(item.image)}" alt="{alt}" width="310"></a>\n'
            f"<figcaption><strong>{html.escape(item.title)}</strong><br>"
            f"<span>{html.escape(item.kind)}</span><br>{links}</figcaption>\n</figure>"
        )
    title = html.escape(f"{agency}: documents to issue")
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: Arial, sans-serif; margin: 2rem; color: #1a1a1a; }}
h1 {{ font-size: 1.5rem; color: #1f3864; }}
main {{ display: flex; flex-wrap: wrap; gap: 1.5rem; }}
figure {{ margin: 0; width: 310px; }}
img {{ border: 1px solid #999; box-shadow: 0 1px 4px #0003; height: auto; }}
figcaption {{ font-size: 0.95rem; margin-top: 0.4rem; line-height: 1.4; }}
span {{ color: #555; }}
</style>
</head>
<body>
<h1>{title}</h1>
<p>The first page of each document. Select a page or a format to open the file.</p>
<main>
{chr(10).join(figures)}
</main>
</body>
</html>
"""


__all__ = ["PreviewItem", "first_page_png", "contact_sheet", "PREVIEW_DIR", "INDEX"]
