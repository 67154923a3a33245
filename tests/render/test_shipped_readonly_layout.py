"""Every read-only document of every shipped policy (the policy document and each handout), and the
functions sheet and one-minute guide of a 5-function starter policy, pass the layout checker in both
formats (docgen's PDF; the DOCX as LibreOffice prints it), the one-minute guide and the 7-minute
briefing are one page in each, and the demo's HTML compliance report passes the DOM check (issue 17
item 6). The rules are tests/helpers/layout_readonly.py and report_dom.py; each is shown to catch its
fault in tests/render/test_readonly_layout_rules.py and tests/report/test_report_dom_rules.py."""

from __future__ import annotations

import pytest
import yaml

from docgen.policy import load_policy
from docgen.policy.starter import starter_text
from tests.helpers import layout_check
from tests.helpers.policies import SHIPPED
from tests.helpers.report_dom import check_demo_report

ONE_PAGE = ("handout-one-minute-guide", "handout-seven-minute-briefing")
FIFTH = {
    "id": "reflection",
    "label": "Critical reflection and professional development",
    "description": "reflecting on practice and decision-making",
    "tag": "reflection",
    "prompts": ["Reflecting on decision-making in organisational contexts"],
}


@pytest.fixture(scope="module")
def starter(tmp_path_factory):
    """The starter policy `docgen init` writes, with a fifth function."""
    data = yaml.safe_load(starter_text(4, "Our Agency"))
    data["functions"]["items"].append(FIFTH)
    path = tmp_path_factory.mktemp("starter") / "five_functions.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def cases(starter):
    return layout_check.run([*SHIPPED, starter], ["pdf", "docx"], [], kinds=("readonly",))


def test_every_read_only_document_passes_the_layout_checker(cases, starter):
    keys = [key for path in [*SHIPPED, starter] for key in layout_check.document_keys(load_policy(path))]
    documents = len(keys) + keys.count("policy")  # the policy document also with --show-gaps
    assert len(cases) == documents * 2  # each document as PDF and DOCX
    assert any(case.form == "policy-gaps" for case in cases)
    assert all(case.pages >= 1 for case in cases)
    found = layout_check.listing(cases).splitlines()
    assert not found, f"{len(found)} layout violations:\n" + "\n".join(found[:60])


def test_the_one_minute_guide_and_the_briefing_are_one_page_in_both_formats(cases, starter):
    one = [case for case in cases if case.form in ONE_PAGE]
    policies = [*SHIPPED, starter]
    expected = {
        (p.stem, key) for p in policies for key in layout_check.document_keys(load_policy(p)) if key in ONE_PAGE
    }
    assert expected and {(c.policy, c.form) for c in one} == expected and len(one) == 2 * len(expected)
    assert {(c.policy, c.form, c.fmt): c.pages for c in one} == {(c.policy, c.form, c.fmt): 1 for c in one}


def test_the_five_function_starter_s_functions_sheet_passes(cases, starter):
    sheets = [c for c in cases if c.policy == starter.stem and c.form == "handout-functions-sheet"]
    assert len(sheets) == 2
    assert {c.fmt: [v.message for v in c.violations] for c in sheets} == {"pdf": [], "docx": []}


def test_the_demo_report_passes_the_dom_check():
    report = check_demo_report()
    assert not report.violations, report.listing()
