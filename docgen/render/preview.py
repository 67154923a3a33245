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


FORMATS = {"docx": "Word document (DOCX)", "pdf": "PDF", "html": "web page (HTML)"}  # a link's words for each


def format_name(path: Path) -> str:
    suffix = path.suffix[1:].lower()
    return FORMATS.get(suffix, suffix.upper())


def titles(items: list[PreviewItem]) -> list[str]:
    """Each entry's heading: its title, and where two entries share a title, what tells them apart: the
    kind ("policy document", "handout"), else the end of its file name (an agreement's variant)."""
    out = [item.title for item in items]
    for tell in (_kind, _variant):
        shared = {t for t in out if out.count(t) > 1}
        told = [tell(item, items) if t in shared else "" for t, item in zip(out, items, strict=True)]
        out = [f"{t} ({words})" if words else t for t, words in zip(out, told, strict=True)]
    return out


def _kind(item: PreviewItem, items: list[PreviewItem]) -> str:
    same = [i for i in items if i.title == item.title]
    return item.kind.lower() if len({i.kind for i in same}) > 1 else ""


def _variant(item: PreviewItem, items: list[PreviewItem]) -> str:
    stems = [i.files[0].stem.split("_") for i in items if i.title == item.title and i.files]
    if not item.files or len(stems) < 2:
        return ""
    common = 0
    while all(len(s) > common and s[common] == stems[0][common] for s in stems):
        common += 1
    return " ".join(item.files[0].stem.split("_")[common:])


def contact_sheet(agency: str, items: list[PreviewItem], base: Path) -> str:
    """index.html: a section per document with every page and a link to each of its files (paths relative
    to `base`), each link named by its document and format. The page images are not links: the
    files' links are the one way to each file."""

    def rel(path: Path) -> str:
        return html.escape(path.relative_to(base).as_posix(), quote=True)

    documents = []
    for n, (item, title) in enumerate(zip(items, titles(items), strict=True), start=1):
        links = "".join(
            f'<li><a href="{rel(f)}">{html.escape(title)}, {html.escape(format_name(f))}</a></li>' for f in item.files
        )
        figures = []
        for page_no, image in enumerate(item.pages, start=1):
            page = f"Page {page_no} of {len(item.pages)}"
            alt = html.escape(f"{page}: {title} ({item.kind.lower()})", quote=True)
            figures.append(
                f'<li><img src="{rel(image)}" alt="{alt}" width="220">'
                f'<span class="page" aria-hidden="true">{page}</span></li>'
            )
        pages = f"{len(item.pages)} page{'s' if len(item.pages) != 1 else ''}"
        documents.append(
            f'<section aria-labelledby="doc-{n}">\n<h2 id="doc-{n}">{html.escape(title)}</h2>\n'
            f'<p class="kind">{html.escape(item.kind)}, {pages}</p>\n'
            + (f'<ul class="files">{links}</ul>\n' if links else "")
            + f'<ul class="pages" aria-label="Pages of {html.escape(title, quote=True)}">\n'
            + "\n".join(figures)
            + "\n</ul>\n</section>"
        )
    title = html.escape(f"{agency}: documents to issue")
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: Arial, sans-serif; margin: 2rem; color: #1a1a1a; line-height: 1.4; overflow-wrap: break-word; }}
h1 {{ font-size: 1.5rem; color: #1f3864; }}
h2 {{ font-size: 1.15rem; margin: 2rem 0 0.2rem; }}
.kind {{ color: #555; margin: 0 0 .4rem; }}
.files {{ margin: 0 0 .8rem; padding-left: 1.2rem; }}
.files li {{ margin: .2rem 0; }}
.pages {{ display: flex; flex-wrap: wrap; gap: 1rem; list-style: none; padding: 0; margin: 0; }}
.pages li {{ width: 220px; max-width: 100%; }}
img {{ display: block; max-width: 100%; border: 1px solid #999; box-shadow: 0 1px 4px #0003; height: auto; }}
.page {{ display: block; font-size: 0.95rem; margin-top: 0.4rem; }}
@media (max-width: 30em) {{ body {{ margin: 1rem; }} }}
</style>
</head>
<body>
<header>
<h1>{title}</h1>
<p>Every page of each document. Open a document in any of its formats from the links under its title.</p>
</header>
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
    "titles",
    "format_name",
    "PREVIEW_DIR",
    "INDEX",
]
