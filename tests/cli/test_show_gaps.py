"""`docgen generate ... --show-gaps`: the terminal names every value docgen supplies by default, the
policy's own gaps and the sections it does not cover; the policy document ends with them."""

from __future__ import annotations

from click.testing import CliRunner

from docgen.cli import main
from docgen.policy import load_policy
from docgen.policy.stated import defaults
from tests.helpers.pdfs import pdf_text
from tests.helpers.policies import POLICIES


def _generate(out, *extra):
    return CliRunner().invoke(
        main, ["generate", "leeds", "-o", str(out), "--only", "policy", "--format", "pdf", *extra]
    )


def test_show_gaps_names_every_default_on_the_terminal_and_in_a_last_appendix(tmp_path):
    result = _generate(tmp_path, "--show-gaps")
    assert result.exit_code == 0, result.stderr
    loaded = load_policy(POLICIES / "leeds.yaml")
    found = defaults(loaded)
    assert {"recording.sign_within", "recording.children_identified_by", "compliance.grace_days"} <= {
        d.path for d in found
    }
    for d in found:
        assert d.topic in result.stderr
    assert "How soon session records are signed: for now, 14 days." in result.stderr
    for gap in loaded.policy.gaps:
        assert gap.topic in result.stderr
    assert "Roles and responsibilities: the policy says nothing on this yet." in result.stderr
    text = pdf_text((tmp_path / "leeds_policy_document.pdf").read_bytes())
    assert "Not yet decided" in text and "signed: for now, 14 days" in text


def test_without_show_gaps_the_document_has_no_gaps_appendix(tmp_path):
    result = _generate(tmp_path)
    assert result.exit_code == 0, result.stderr
    text = pdf_text((tmp_path / "leeds_policy_document.pdf").read_bytes())
    assert "Not yet decided" not in text and "for now," not in text
