"""The policy document: everything the policy says is in it, nothing it does not say."""

import io
import re

import docx as python_docx
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from docgen.cli import main
from docgen.documents.policy_document import build_policy_document, policy_gaps
from docgen.policy import load_policy
from docgen.policy.sections import BLANK_RE
from docgen.render.docx import render_docx
from docgen.render.pdf import render_pdf
from tests.helpers.pdfs import pdf_text, squash
from tests.helpers.policies import POLICIES, SHIPPED


def docx_text(data: bytes) -> tuple[str, list[str]]:
    doc = python_docx.Document(io.BytesIO(data))
    parts, styles = [], []
    for block in doc.element.body.iter():
        if block.tag.endswith("}p"):
            parts.append("".join(t.text or "" for t in block.iter() if t.tag.endswith("}t")))
    styles = [p.style.name for p in doc.paragraphs]
    return squash(" ".join(parts)), styles


def said_by(policy) -> list[str]:
    """Phrases of the policy that its document must carry, word for word."""
    out = []
    for rule in policy.frequency.rules:
        out += [rule.label, rule.schedule.words({r.id: r.label for r in policy.frequency.rules})]
    for f in policy.functions.items:
        out += [f.label, *f.prompts]
    if policy.agreement:
        for clause in policy.agreement.terms:
            out += [piece.strip() for piece in BLANK_RE.split(clause.text)[::2] if piece.strip()]
            out += list(clause.items)
    if policy.case_discussion:
        out += [rule.text for rule in policy.case_discussion.rules]
    return [squash(x) for x in out]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_everything_the_policy_says_is_in_both_documents(path):
    loaded = load_policy(path)
    spec = build_policy_document(loaded)
    in_docx, styles = docx_text(render_docx(spec).data)
    in_pdf = pdf_text(render_pdf(spec).data)
    for phrase in said_by(loaded.policy):
        assert phrase in in_docx, phrase
        assert phrase in in_pdf, phrase
    for text in (in_docx, in_pdf):  # no template or Python leftovers
        assert not re.search(r"\bNone\b|\{\{|\}\}|\{%|\[\]|\(\)", text)
    levels = [int(s.split()[-1]) for s in styles if s.startswith("Heading")]
    assert levels and levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels


def test_sussex_carries_its_under_review_status_on_the_title_page():
    spec = build_policy_document(load_policy(POLICIES / "sussex.yaml"))
    first_page = PdfReader(io.BytesIO(render_pdf(spec).data)).pages[0].extract_text()
    assert "under review following the publication of working together 2023" in squash(first_page).lower()


def test_sections_a_policy_does_not_cover_are_left_out_and_listed_as_gaps():
    loaded = load_policy(POLICIES / "sussex.yaml")
    headings = [s.heading for s in build_policy_document(loaded).sections]
    assert "Definitions" not in headings and "Frequency and duration" in headings
    gaps = policy_gaps(loaded)
    assert "Definitions: the policy says nothing on this yet." in gaps
    assert any(g.startswith("Case discussion intervals:") for g in gaps)


def test_frequency_table_is_generated_from_the_rules():
    spec = build_policy_document(load_policy(POLICIES / "national_baseline.yaml"))
    section = next(s for s in spec.sections if s.heading == "Frequency and duration")
    table = next(b for b in section.blocks if hasattr(b, "header"))
    assert table.header == ("Staff group", "How often", "Duration", "What counts")
    nq = next(row for row in table.rows if "every week until 6 weeks" in row[1])
    assert "every 2 weeks (fortnightly) until 6 months" in nq[1] and "90 minutes" in nq[2]


def test_generate_only_policy_with_gaps(tmp_path):
    result = CliRunner().invoke(main, ["generate", "sussex", "-o", str(tmp_path), "--only", "policy", "--show-gaps"])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "sussex_policy_document.docx",
        "sussex_policy_document.html",
        "sussex_policy_document.pdf",
    ]
    assert "still has to decide" in result.stderr


def test_parsing_the_policy_document_says_it_is_not_a_form():
    from docgen.parse import FormError, parse_bytes

    spec = build_policy_document(load_policy(POLICIES / "leeds.yaml"))
    for data, name in ((render_docx(spec).data, "p.docx"), (render_pdf(spec).data, "p.pdf")):
        with pytest.raises(FormError) as info:
            parse_bytes(data, name)
        assert info.value.code == "not-a-form" and "read-only policy document" in info.value.message
