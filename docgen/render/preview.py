"""Previews: a PNG of every page of each document and an index.html contact sheet.

Pages are rendered from the PDF twin with PDFium (pypdfium2: a pip wheel with PDFium built in,
so it works wherever docgen installs, with no system tool to find). Page images are named
{document}-page-{n}.png in preview/. The contact sheet is one HTML file with relative links, so it
opens from disk or a shared drive with no server; it shows every page, so an author checks the
whole form before issuing it.
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
    kind: str  # what it is, in words: "Policy document", "Handout", "Fillable form" (never an internal kind name)
    pages: tuple[Path, ...]  # the PNG of each page, in order (see page_image)
    files: tuple[Path, ...]  # the documents it previews (docx, pdf), linked from the sheet


def page_image(base: Path, n: int) -> Path:
    """Where page `n` (from 1) of the document previewed as `base` (preview/{document}.png) goes."""
    return base.with_name(f"{base.stem}-page-{n}.png")


def page_images_present(base: Path) -> list[Path]:
    """Page images of `base` already on disk (an earlier run), page 1 first."""
    if not base.parent.is_dir():
        return []
    numbered = {p: p.stem.rsplit("-", 1)[-1] for p in base.parent.glob(f"{base.stem}-page-*.png")}
    return sorted((p for p, n in numbered.items() if n.isdigit()), key=lambda p: int(numbered[p]))


def page_pngs(pdf: bytes, width_px: int = 620) -> list[bytes]:
    """Every page of a PDF as a PNG `width_px` wide, on white."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    doc.init_forms()  # draw form fields (boxes, stamped values) as a viewer shows them
    pngs = []
    try:
        for page in doc:
            scale = width_px / page.get_width()
            image = page.render(scale=scale, fill_color=(255, 255, 255, 255)).to_pil()
            out = io.BytesIO()
            image.save(out, format="PNG", optimize=True)
            pngs.append(out.getvalue())
    finally:
        doc.close()
    return pngs


def contact_sheet(agency: str, items: list[PreviewItem], base: Path) -> str:
    """index.html: a section per document with every page, each linking to the file (paths relative to `base`)."""

    def rel(path: Path) -> str:
        return html.escape(path.relative_to(base).as_posix(), quote=True)

    documents = []
    for item in items:
        links = " · ".join(f'<a href="{rel(f)}">{html.escape(f.suffix[1:].upper())}</a>' for f in item.files)
        target = rel(item.files[-1]) if item.files else None
        figures = []
        for n, image in enumerate(item.pages, start=1):
            page = f"Page {n} of {len(item.pages)}"
            alt = html.escape(f"{page}: {item.title} ({item.kind.lower()})", quote=True)
            img = f'<img src="{rel(image)}" alt="{alt}" width="220">'
            figures.append(
                f'<figure>\n<a href="{target or rel(image)}">{img}</a>\n<figcaption>{page}</figcaption>\n</figure>'
            )
        documents.append(
            f"<section>\n<h2>{html.escape(item.title)}</h2>\n<p><span>{html.escape(item.kind)}</span>"
            f" · {len(item.pages)} page{'s' if len(item.pages) != 1 else ''}"
            + (f" · {links}" if links else "")
            + '</p>\n<div class="pages">\n'
            + "\n".join(figures)
            + "\n</div>\n</section>"
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
h2 {{ font-size: 1.15rem; margin: 1.5rem 0 0.2rem; }}
.pages {{ display: flex; flex-wrap: wrap; gap: 1rem; }}
figure {{ margin: 0; width: 220px; }}
img {{ border: 1px solid #999; box-shadow: 0 1px 4px #0003; height: auto; }}
figcaption {{ font-size: 0.95rem; margin-top: 0.4rem; line-height: 1.4; }}
span {{ color: #555; }}
</style>
</head>
<body>
<h1>{title}</h1>
<p>Every page of each document. Select a page or a format to open the file.</p>
<main>
{chr(10).join(documents)}
</main>
</body>
</html>
"""


__all__ = [
    "PreviewItem",
    "page_image",
    "page_images_present",
    "page_pngs",
    "contact_sheet",
    "PREVIEW_DIR",
    "INDEX",
]
