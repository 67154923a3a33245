"""Every form of every shipped policy passes the layout checker (issue 16 item 8), in both formats
(docgen's PDF; the DOCX as LibreOffice prints it), blank and filled with long Welsh answers: no
forbidden words, no stranded heading, nothing outside the printable area or drawn over other text,
room to write in every box, every option printed, no avoidable near-empty last page, no text under
8 pt and labels and hints at their sizes. The rules are tests/helpers/layout_rules.py; each is
shown to catch its fault in tests/render/test_layout_checker.py."""

from __future__ import annotations

import pytest

from docgen.forms import form_keys
from docgen.policy import load_policy
from tests.helpers import layout_check
from tests.helpers.policies import SHIPPED


@pytest.fixture(scope="module")
def cases():
    return layout_check.run(SHIPPED, ["pdf", "docx"], ["blank", "filled"])


def test_every_shipped_form_passes_the_layout_checker(cases):
    forms = sum(len(form_keys(load_policy(path))) for path in SHIPPED)
    assert len(cases) == forms * 4  # each form as PDF and DOCX, blank and filled
    assert all(case.pages >= 1 for case in cases)
    found = layout_check.listing(cases).splitlines()
    assert not found, f"{len(found)} layout violations:\n" + "\n".join(found[:60])


def test_the_evaluation_tool_prints_on_one_page_in_both_formats(cases):
    """The blank tool, as handed out, is one page; filled with long answers its boxes may grow on."""
    evaluations = [case for case in cases if case.form == "evaluation" and case.state == "blank"]
    with_tool = [path for path in SHIPPED if "evaluation" in form_keys(load_policy(path))]
    assert with_tool and len(evaluations) == 2 * len(with_tool)  # PDF and DOCX
    assert {(case.policy, case.fmt, case.state): case.pages for case in evaluations} == {
        (case.policy, case.fmt, case.state): 1 for case in evaluations
    }
