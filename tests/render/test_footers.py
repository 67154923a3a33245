"""Page footers of every generated form and document: the title, the policy's version in words and
"Page N of M" with the right M; never an internal id (form id, template id) in visible text."""

from __future__ import annotations

import re
import subprocess
import zipfile

import pytest

from docgen.generate import build, select_forms
from docgen.policy import load_policy
from docgen.render.docx import render_docx
from docgen.render.pdf import render_pdf
from tests.helpers.policies import SHIPPED

DOCUMENTS = [(path, key) for path in SHIPPED for key in select_forms(load_policy(path), None)]
IDS = [f"{p.stem}-{k}" for p, k in DOCUMENTS]


def pdf_pages(pdf: bytes, folder) -> list[str]:
    """The visible text of each page, as pdftotext reads it."""
    path = folder / "doc.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    return [
        subprocess.run(
            ["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, pages + 1)
    ]


def internal_ids(spec) -> set[str]:
    """The form (template) id, and the kind when it is an id ("session-record"), not a word ("agreement")."""
    m = spec.manifest
    return {m.form_id, f"v{m.form_version})"} | ({m.kind} if re.search(r"[-_:]", m.kind) else set())


@pytest.mark.parametrize("path,key", DOCUMENTS, ids=IDS)
def test_pdf_footer_counts_pages_and_shows_no_internal_id(path, key, tmp_path):
    spec = build(load_policy(path), key)
    pages = pdf_pages(render_pdf(spec).data, tmp_path)
    assert pages
    for n, text in enumerate(pages, start=1):
        footer = [line for line in text.splitlines() if line.strip()][-1]
        assert re.search(rf"Page {n} of {len(pages)}\s*$", footer), footer
        assert spec.version_line and spec.version_line in footer
        for ident in internal_ids(spec):
            assert ident not in text, (n, ident)


@pytest.mark.parametrize("path,key", DOCUMENTS, ids=IDS)
def test_docx_footer_has_page_and_numpages_fields_and_shows_no_internal_id(path, key):
    spec = build(load_policy(path), key)
    with zipfile.ZipFile(__import__("io").BytesIO(render_docx(spec).data)) as zf:
        footer = zf.read("word/footer1.xml").decode()
        visible = {
            name: "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", zf.read(name).decode()))
            for name in ("word/document.xml", "word/header1.xml", "word/footer1.xml")
        }
    codes = [c.strip() for c in re.findall(r"<w:instrText[^>]*>([^<]*)</w:instrText>", footer)]
    assert codes == ["PAGE", "NUMPAGES"]
    assert spec.version_line in visible["word/footer1.xml"]
    assert "Page " in visible["word/footer1.xml"] and " of " in visible["word/footer1.xml"]
    for name, text in visible.items():
        for ident in internal_ids(spec):
            assert ident not in text, (name, ident)


def test_libreoffice_prints_page_n_of_m_in_the_docx_footer(tmp_path):
    path = next(p for p in SHIPPED if p.stem == "worcestershire")
    spec = build(load_policy(path), "session-record")
    docx = tmp_path / "session.docx"
    docx.write_bytes(render_docx(spec).data)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pages = pdf_pages((tmp_path / "session.pdf").read_bytes(), tmp_path)
    assert len(pages) >= 2  # the count is worth checking only over more than one page
    for n, text in enumerate(pages, start=1):
        assert f"Page {n} of {len(pages)}" in text
        assert spec.manifest.form_id not in text
