"""Nothing on a document that the agency did not write: every file `docgen generate` writes for a
shipped policy (forms in DOCX and PDF, the policy document, handouts) shows no note for template
authors ("docgen", "seed", "Added by") in its visible text. Document properties and the embedded
manifest may name docgen; only what a reader sees is checked (PDF page text; the DOCX body,
headers and footers).
"""

import re
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from lxml import etree

from docgen.cli import main
from tests.helpers.policies import SHIPPED

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FORBIDDEN = re.compile(r"\bdocgen\b|\bseeds?\b|\badded by\b", re.IGNORECASE)


def _docx_text(path: Path) -> list[str]:
    """Visible paragraphs of the body, headers and footers (w:t), not customXml or docProps."""
    with zipfile.ZipFile(path) as z:
        names = [n for n in z.namelist() if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", n)]
        out = []
        for name in names:
            root = etree.fromstring(z.read(name))
            for p in root.iter(f"{W}p"):
                out.append("".join(t.text or "" for t in p.iter(f"{W}t")))
    return out


def _pdf_text(path: Path) -> list[str]:
    """Each line of page text as a viewer shows it (the manifest and metadata are not page text)."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        lines = []
        for page in pdf:
            lines.extend(page.get_textpage().get_text_range().splitlines())
        return lines
    finally:
        pdf.close()


@pytest.mark.parametrize("policy", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_no_authors_notes_in_visible_text(policy, tmp_path):
    out = tmp_path / policy.stem
    result = CliRunner().invoke(main, ["generate", str(policy), "-o", str(out)])
    assert result.exit_code == 0, result.output
    files = sorted(out.glob("*.docx")) + sorted(out.glob("*.pdf"))
    assert any(f.suffix == ".docx" for f in files) and any(f.suffix == ".pdf" for f in files)
    assert any("policy_document" in f.name for f in files)
    found = []
    for f in files:
        lines = _docx_text(f) if f.suffix == ".docx" else _pdf_text(f)
        found += [f"{f.name}: {line.strip()}" for line in lines if FORBIDDEN.search(line)]
    assert not found, "authors' notes printed on documents:\n" + "\n".join(found)
