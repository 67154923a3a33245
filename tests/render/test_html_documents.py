"""HTML versions of the read-only documents (issue 18 item 4): for every shipped policy, the policy
document and every handout as one self-contained, accessible page: 0 axe-core violations (WCAG 2.2
AA) at 1280 and 320 px, no sideways scroll at 320 px, headings in order, every sentence the PDF
prints, the figure's text alternative said once, nothing fetched, and the page opens in Chromium."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from docgen.documents.handouts import is_handout
from docgen.forms.tree import Diagram, FormSpec, Heading, Link, ListBlock, Manifest, Panel, Paragraph, Section, Table
from docgen.generate import POLICY, build, select_forms
from docgen.policy import load_policy
from docgen.render.html import MANIFEST_PREFIX, render_html
from docgen.render.pdf import render_pdf
from tests.helpers.axe import check_pages
from tests.helpers.policies import SHIPPED
from tests.helpers.report_dom import open_in_chromium, visible
from tests.helpers.sheets import pdftotext, words

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def _documents():
    for path in SHIPPED:
        loaded = load_policy(path)
        for key in select_forms(loaded, [POLICY, "handouts"]):
            if key == POLICY or is_handout(key):
                yield f"{path.stem}:{key}", build(loaded, key)


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, tuple[FormSpec, Path]]:
    folder = tmp_path_factory.mktemp("html-documents")
    out = {}
    for name, spec in _documents():
        path = folder / f"{name.replace(':', '_')}.html"
        path.write_bytes(render_html(spec).data)
        out[name] = (spec, path)
    return out


def _tree(path: Path):
    return lxml_html.fromstring(path.read_text(encoding="utf-8"))


def _squash(text: str) -> str:
    text = re.sub(r"\s+", " ", text.replace("\u2019", "'"))
    return re.sub(r" (?=[.,;:!?)])", "", text).strip()


def _said(spec: FormSpec) -> set[str]:
    """Every paragraph (its links' words too), list item, table cell, heading and line of the tree."""
    out = set(spec.intro) | set(spec.footer) | set(spec.title_page) | set(spec.masthead)
    for section in spec.sections:
        out.add(section.title)
        for block in section.blocks:
            for b in [block, *getattr(block, "blocks", ())]:
                if isinstance(b, Paragraph):
                    out.add("".join(p if isinstance(p, str) else p.text for p in b.parts if isinstance(p, (str, Link))))
                elif isinstance(b, Heading):
                    out.add(b.text)
                elif isinstance(b, Table):
                    out.update((*b.header, *(c for row in b.rows for c in row)))
                elif isinstance(b, ListBlock):
                    out.update(b.items)
                elif isinstance(b, Panel):
                    out.add(b.heading)
    return {s for s in out if s.strip()}


def _bare(counted) -> set[str]:
    """Words without the punctuation around them (a footer's "Supervision," is the word Supervision;
    an ellipsis on its own is no word)."""
    return {w.strip(",.;()“”\"'") for w in counted} - {""}


def test_every_shipped_read_only_document_has_an_html_page(pages):
    names = set(pages)
    assert {f"{p.stem}:{POLICY}" for p in SHIPPED} <= names
    assert {"leeds:handout-one-minute-guide", "leeds:handout-seven-minute-briefing"} <= names
    assert {"worcestershire:handout-one-minute-guide", "worcestershire:handout-seven-minute-briefing"} <= names


def test_no_axe_violations_and_no_sideways_scroll_at_320_px(pages):
    checks = check_pages([path for _, path in pages.values()])
    assert len(checks) == len(pages)
    problems = [p for check in checks for p in check.problems()]
    assert not problems, "\n".join(problems)
    assert all(check.scroll_width <= check.client_width for check in checks)


def test_one_h1_and_headings_never_skip_a_level(pages):
    for name, (spec, path) in pages.items():
        levels = [int(h.tag[1]) for h in _tree(path).iter(*HEADINGS)]
        assert levels.count(1) == 1 and levels[0] == 1, name
        jumps = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
        assert not jumps, f"{name}: heading levels jump {jumps}"
        h2 = [visible(h) for h in _tree(path).iter("h2")]
        for section in spec.sections:
            if section.heading:
                assert section.title in h2, f"{name}: no h2 for {section.title!r}"


def test_the_page_says_every_sentence_the_pdf_prints(pages, tmp_path):
    """Nothing the agency wrote is lost: every paragraph, list item and table cell of the tree is in
    the page's text, and every word pdftotext reads from the PDF's body is among the page's words."""
    for name, (spec, path) in pages.items():
        text = _squash(visible(_tree(path)))
        assert len(_said(spec)) > 5, name
        for said in _said(spec):
            assert _squash(said) in text, f"{name}: {said!r} is not on the page"
        pdf = pdftotext(render_pdf(spec).data, tmp_path)
        body = "\n".join(line for line in pdf.splitlines() if not re.search(r"Page \d+ of", line) and "…" not in line)
        markers = {"•", *(str(n) for n in range(100)), *(f"{n}." for n in range(100))}  # pages, list markers
        missing = _bare(words(body)) - _bare(words(text)) - markers
        assert not missing, f"{name}: the PDF says {sorted(missing)[:20]} and the page does not"


def test_tables_have_captions_header_cells_and_a_labelled_focusable_region(pages):
    seen = 0
    for name, (_, path) in pages.items():
        tree = _tree(path)
        for table in tree.iter("table"):
            seen += 1
            caption = table.find("caption")
            assert caption is not None and visible(caption), name
            assert table.find("thead") is not None, name
            assert all(th.get("scope") == "col" for th in table.find("thead").iter("th")), name
            region = table.getparent()
            assert region.get("role") == "region" and region.get("tabindex") == "0", name
            assert region.get("aria-labelledby") == caption.get("id"), name
    assert seen >= 10
    # the first column names the row where it does ("Type of supervision", "Staff group")
    tree = _tree(pages[f"{SHIPPED[0].stem}:{POLICY}"][1])
    assert any(th.get("scope") == "row" for th in tree.iter("th"))


def test_the_figure_is_named_by_its_title_and_its_alternative_said_once(pages):
    figures = 0
    for name, (spec, path) in pages.items():
        diagrams = [b for s in spec.sections for b in s.blocks if isinstance(b, Diagram)]
        page = path.read_text(encoding="utf-8")
        tree = _tree(path)
        for d in diagrams:
            figures += 1
            assert page.count(d.alt) == 1, f"{name}: the text alternative is said {page.count(d.alt)} times"
            [figure] = tree.iter("figure")
            caption = figure.find("figcaption")
            assert visible(caption).startswith(f"Figure: {d.title}") and d.alt in visible(caption)
            svgs = [e for e in figure.iter() if isinstance(e.tag, str) and e.tag.endswith("svg")]
            assert svgs
            for svg in svgs:
                assert svg.get("role") == "img"
                label = tree.get_element_by_id(svg.get("aria-labelledby"))
                assert _squash(label.text_content()) == _squash(d.title)
                assert svg.get("aria-label") is None and svg.get("aria-describedby") is None
    assert figures == 2  # Hertfordshire's and Leeds' reflective cycle


def test_nothing_is_fetched_only_the_policys_own_links(pages):
    for name, (spec, path) in pages.items():
        tree = _tree(path)
        own = {
            part.url
            for s in spec.sections
            for b in s.blocks
            for p in ([b] + list(getattr(b, "blocks", ())))
            if isinstance(p, Paragraph)
            for part in p.parts
            if isinstance(part, Link)
        }
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            for attr in ("src", "href", "srcset", "data", "poster", "xlink:href"):
                value = element.get(attr)
                if value and re.match(r"\s*(https?:)?//", value, re.I):
                    assert element.tag == "a" and attr == "href" and value in own, f"{name}: {element.tag} {value}"
        assert tree.find(".//script") is None and tree.find(".//link") is None and tree.find(".//iframe") is None
        css = " ".join(s.text or "" for s in tree.iter("style"))
        assert "@import" not in css and not re.search(r"url\(\s*['\"]?(?!#|data:)", css), name


def test_the_page_carries_the_manifest_language_title_and_landmarks(pages):
    for name, (spec, path) in pages.items():
        tree = _tree(path)
        assert tree.get("lang") == "en-GB"
        assert spec.title in tree.findtext(".//title")
        assert tree.find('.//meta[@name="viewport"]') is not None
        metas = {m.get("name"): m.get("content") for m in tree.iter("meta") if m.get("name")}
        m = spec.manifest
        assert metas[f"{MANIFEST_PREFIX}form_id"] == m.form_id, name
        assert metas[f"{MANIFEST_PREFIX}form_version"] == m.form_version
        assert metas[f"{MANIFEST_PREFIX}policy_id"] == m.policy_id
        assert metas[f"{MANIFEST_PREFIX}policy_version"] == m.policy_version
        assert metas[f"{MANIFEST_PREFIX}kind"] == m.kind
        skip = tree.find(".//body/a")
        assert skip is not None and skip.get("href") == "#main-content"
        assert tree.get_element_by_id("main-content").tag == "main"
        assert [len(tree.findall(f".//{t}")) for t in ("header", "main", "footer")] == [1, 1, 1]
        for line in spec.footer:
            assert line in visible(tree.find(".//footer")), name


def test_a_quoted_heading_links_to_it_and_a_form_is_not_drawn(pages):
    manifest = Manifest("policy_document", "1.0", "policy-document", "p", "1", "d", "0")
    spec = FormSpec(
        manifest,
        "A policy",
        "An agency",
        (
            Section("Introduction", (Paragraph(("As set out in “Functions of supervision”, supervision has",)),)),
            Section("Functions of supervision", (Heading("Support"), Paragraph(("Words.",))), number="2."),
        ),
    )
    tree = lxml_html.fromstring(render_html(spec).data.decode("utf-8"))
    [link] = [a for a in tree.iter("a") if a.get("href", "").startswith("#") and a.get("href") != "#main-content"]
    assert tree.get_element_by_id(link.get("href")[1:]).tag == "h2"
    assert link.text_content() == "“Functions of supervision”"
    loaded = load_policy(SHIPPED[0])
    form = build(loaded, select_forms(loaded, ["preparation-sheet"])[0])
    with pytest.raises(ValueError, match="form"):
        render_html(form)


def test_each_page_opens_in_chromium_with_its_headings(pages, tmp_path):
    for name, (spec, path) in pages.items():
        dom = lxml_html.fromstring(open_in_chromium(path, tmp_path / "shot.png", height=2000))
        headings = [visible(h) for h in dom.iter(*HEADINGS)]
        assert headings, name
        assert _squash(headings[0]).replace("One minute guide ", "One minute guide: ") == _squash(spec.title)
        for section in spec.sections:
            if section.heading:
                assert section.title in headings, f"{name}: Chromium shows no {section.title!r}"
