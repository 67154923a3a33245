"""The preview contact sheet (`docgen generate --preview`, index.html) for every shipped policy, as issue 18
item 5 asks: a viewport meta tag, no sideways scroll at 320 px, 0 axe violations at 1280 and 320 px,
links that name their document and format (no two alike, no second link to the same file), and entries
that share a title told apart. One browser for all the sheets (tests/helpers/axe.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from docgen.cli import main
from docgen.render.preview import PreviewItem, contact_sheet
from tests.helpers.axe import check_pages
from tests.helpers.policies import SHIPPED

NAMES = [p.stem for p in SHIPPED]


def _name(link) -> str:
    """A link's accessible name: its aria-label, else its text and its images' alt text."""
    words = link.get("aria-label") or " ".join([link.text_content(), *link.xpath(".//img/@alt")])
    return re.sub(r"\s+", " ", words).strip()


@pytest.fixture(scope="module")
def sheets(tmp_path_factory):
    """{policy: (folder, tree, PageCheck)} for every shipped policy's contact sheet."""
    folders = {}
    for policy in SHIPPED:
        folder = tmp_path_factory.mktemp(policy.stem)
        result = CliRunner().invoke(main, ["generate", str(policy), "-o", str(folder), "--preview"])
        assert result.exit_code == 0, result.stderr
        folders[policy.stem] = folder
    checks = check_pages([folder / "index.html" for folder in folders.values()])
    return {
        name: (folder, lxml_html.fromstring((folder / "index.html").read_text(encoding="utf-8")), check)
        for (name, folder), check in zip(folders.items(), checks, strict=True)
    }


@pytest.mark.parametrize("name", NAMES)
def test_no_axe_violations_and_no_sideways_scroll(sheets, name):
    check = sheets[name][2]
    assert set(check.violations) == {"1280", "320"}
    assert check.problems() == []
    assert check.client_width == 320 and not check.sideways and check.outside == []


@pytest.mark.parametrize("name", NAMES)
def test_the_sheet_has_a_viewport_meta_tag(sheets, name):
    tree = sheets[name][1]
    (meta,) = tree.xpath("//meta[@name='viewport']")
    assert "width=device-width" in meta.get("content")
    assert all("max-width" in s for s in tree.xpath("//style/text()"))  # page images shrink with the page


@pytest.mark.parametrize("name", NAMES)
def test_links_name_their_document_and_format_once(sheets, name):
    folder, tree, _ = sheets[name]
    links = tree.xpath("//a[@href]")
    names = [_name(a) for a in links]
    assert len(links) >= 10 and len(set(names)) == len(names), [n for n in names if names.count(n) > 1]
    hrefs = [a.get("href") for a in links]
    assert len(set(hrefs)) == len(hrefs)  # no second link (a page image) to the same file
    assert not tree.xpath("//a//img")
    for section in tree.xpath("//section"):
        (title,) = section.xpath("./h2")
        for link in section.xpath(".//a[@href]"):
            assert (folder / link.get("href")).is_file()
            words = {"docx": "Word document (DOCX)", "pdf": "PDF", "html": "web page (HTML)"}
            assert _name(link) == f"{title.text_content()}, {words[link.get('href').rsplit('.', 1)[1]]}"


@pytest.mark.parametrize("name", NAMES)
def test_entries_have_distinct_titles(sheets, name):
    titles = [h.text_content() for h in sheets[name][1].xpath("//section/h2")]
    assert len(titles) >= 5 and len(set(titles)) == len(titles), titles


def test_leeds_policy_document_and_handout_sharing_a_title_say_which_is_which(sheets):
    titles = [h.text_content() for h in sheets["leeds"][1].xpath("//section/h2")]
    assert "One minute guide: Supervision (policy document)" in titles
    assert "One minute guide: Supervision (handout)" in titles


def test_two_variants_sharing_a_title_and_an_html_version_are_named_apart(tmp_path):
    """Two agreement variants with one title get their variant; a read-only document's .html (the HTML
    versions of issue 18 item 4) is listed with its other formats."""
    page = tmp_path / "preview" / "p.png"
    items = [
        PreviewItem("Supervision contract", "Fillable form", (page,), (tmp_path / f"x_agreement_{v}.pdf",))
        for v in ("direct", "indirect")
    ]
    files = tuple(tmp_path / f"x_policy_document.{ext}" for ext in ("docx", "pdf", "html"))
    items.append(PreviewItem("Supervision policy", "Policy document", (page,), files))
    tree = lxml_html.fromstring(contact_sheet("Agency", items, tmp_path))
    assert [h.text_content() for h in tree.xpath("//h2")] == [
        "Supervision contract (direct)",
        "Supervision contract (indirect)",
        "Supervision policy",
    ]
    assert [_name(a) for a in tree.xpath("//a")] == [
        "Supervision contract (direct), PDF",
        "Supervision contract (indirect), PDF",
        "Supervision policy, Word document (DOCX)",
        "Supervision policy, PDF",
        "Supervision policy, web page (HTML)",
    ]
    assert [a.get("href") for a in tree.xpath("//a")][-1] == Path("x_policy_document.html").as_posix()
