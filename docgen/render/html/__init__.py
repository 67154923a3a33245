"""HTML renderer for read-only documents (the policy document, the handouts): one FormSpec -> one
self-contained, accessible HTML page, the third format beside DOCX and PDF.

    render_html(spec).data     # UTF-8 bytes of the page

Self-contained: the stylesheet is inline (style.py), no font, script or image is fetched (the
logo is a data: URI, a diagram inline SVG); the only addresses are the document's own links.
Accessible: lang en-GB, a title, a viewport, a skip link, header / main / footer landmarks, one
h1 and headings in order, real lists and tables, a figure named once (blocks.py). The manifest
the other formats carry (form id and version, kind, policy id, version and digest, docgen
version, a document id) is in <meta name="docgen:..."> elements. Forms are not drawn in HTML.
"""

from __future__ import annotations

import base64
import dataclasses
import uuid

from ...forms.tree import FormSpec
from ..docx import Rendered
from .blocks import Body, esc
from .style import CSS

__all__ = ["render_html", "MANIFEST_PREFIX"]

MANIFEST_PREFIX = "docgen:"


def render_html(
    spec: FormSpec,
    values: dict | None = None,
    *,
    document_id: str | None = None,
    manifest_entries: dict[str, str] | None = None,
) -> Rendered:
    """The page of a read-only document (`values` is accepted for the renderers' common call and
    must be empty: a form is not drawn in HTML)."""
    if next(spec.walk(), None) is not None:
        raise ValueError(f"{spec.title!r} is a form: docgen draws forms as DOCX and PDF, not HTML")
    if values:
        raise ValueError("a read-only document has no values to fill")
    document_id = document_id or uuid.uuid4().hex
    manifest = {**(manifest_entries or {}), **dataclasses.asdict(spec.manifest), "document_id": document_id}
    page = _page(spec, manifest)
    return Rendered(page.encode("utf-8"), document_id)


def _page(spec: FormSpec, manifest: dict[str, str]) -> str:
    body = Body(spec)
    metas = "\n".join(
        f'<meta name="{MANIFEST_PREFIX}{esc(key)}" content="{esc(str(value))}">' for key, value in manifest.items()
    )
    title = spec.title if spec.agency in spec.title else f"{spec.title} – {spec.agency}"
    main = "\n".join(x for x in (_opening(spec), *(_intro(body, spec)), body.sections()) if x)
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<meta name="author" content="{esc(spec.agency)}">
<meta name="generator" content="docgen {esc(spec.manifest.docgen_version)}">
{metas}
<style>{CSS}</style>
</head>
<body>
<a href="#main-content" class="govuk-skip-link">Skip to main content</a>
{_header(spec)}
<div class="govuk-width-container">
<main class="govuk-main-wrapper{" app-short" if spec.one_page else ""}" id="main-content" tabindex="-1">
{main}
</main>
</div>
{_footer(spec)}
</body>
</html>
"""


def _header(spec: FormSpec) -> str:
    logo = ""
    if spec.logo is not None:
        mime = "image/png" if spec.logo.kind == "png" else "image/svg+xml"
        data = base64.b64encode(spec.logo.data).decode("ascii")
        # the agency's name stands beside it, so the picture says nothing more
        logo = f'<img class="app-header__logo" src="data:{mime};base64,{data}" alt="">'
    return (
        '<header class="app-header">\n<div class="govuk-width-container">\n'
        f'{logo}<p class="app-header__agency">{esc(spec.agency)}</p>\n</div>\n</header>'
    )


def _opening(spec: FormSpec) -> str:
    """The h1 and the lines under it: a handout's masthead (its genre as a caption, the subject as
    the heading, the issue), or the title with the status and version lines."""
    if spec.masthead:
        first, *rest = spec.masthead
        subject, lines = (rest[0], rest[1:]) if rest else (spec.title, [])
        h1 = f'<h1 class="govuk-heading-xl"><span class="govuk-caption-xl">{esc(first)}</span> {esc(subject)}</h1>'
        return h1 + "".join(f'\n<p class="govuk-body-l">{esc(line)}</p>' for line in lines)
    h1 = f'<h1 class="govuk-heading-xl">{esc(spec.title)}</h1>'
    lines = list(spec.title_page) or ([f"Status: {spec.status}"] if spec.status else [])
    if not lines:
        return h1
    return h1 + '\n<ul class="app-meta">' + "".join(f"<li>{esc(line)}</li>" for line in lines) + "</ul>"


def _intro(body: Body, spec: FormSpec) -> list[str]:
    return [f'<p class="govuk-body-l">{body.text(text)}</p>' for text in spec.intro]


def _footer(spec: FormSpec) -> str:
    """The source lines, and the version when the page has not said it already."""
    said = {*spec.masthead, *spec.title_page}
    lines = [esc(line) for line in spec.footer]
    if spec.version_line and spec.version_line not in said and f"Version {spec.version_line}" not in said:
        lines.append(f"{esc(spec.title)}, {esc(spec.version_line)}")
    paragraphs = "\n".join(f"<p>{line}</p>" for line in lines) or f"<p>{esc(spec.agency)}</p>"
    return f'<footer class="app-footer">\n<div class="govuk-width-container">\n{paragraphs}\n</div>\n</footer>'
