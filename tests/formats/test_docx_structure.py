"""Word structure an assistive technology relies on (issue 18 item 3), over every DOCX docgen writes
for every shipped policy (each blank form, the policy document, each handout), checked by
tests/helpers/docx_structure.py (lxml over the package, not docgen's renderer): heading levels
never skip; lists are Word's numbering, never typed "1.<tab>"; a table is a data table (header row,
caption, description) or a layout table (no header look, no caption); a figure's alt text is not
repeated by its caption; every run of text has a contrast of 4.5:1 and is at least 8 pt."""

import dataclasses
import functools
import io
import re
import zipfile

import pytest
from lxml import etree

from docgen.forms import form_keys
from docgen.forms.tree import Diagram, ListBlock
from docgen.generate import build, select_forms
from docgen.policy import load_policy
from docgen.render.docx import render_docx
from tests.helpers import docx_structure
from tests.helpers.policies import SHIPPED

LOADED = {path: load_policy(path) for path in SHIPPED}
DOCUMENTS = [(path, key) for path in SHIPPED for key in select_forms(LOADED[path], None)]
IDS = [f"{path.stem}-{key}" for path, key in DOCUMENTS]
W = docx_structure.W


@functools.cache
def rendered(path, key) -> bytes:
    return render_docx(build(LOADED[path], key), document_id="structure").data


@functools.cache
def problems(path, key) -> tuple[str, ...]:
    return tuple(docx_structure.check(f"{path.stem}-{key}.docx", rendered(path, key)))


def of_rule(path, key, rule: str) -> list[str]:
    return [p for p in problems(path, key) if p.startswith(rule + ":")]


def test_every_kind_of_document_is_checked():
    kinds = {"form" if key in form_keys(LOADED[path]) else key.split("-")[0] for path, key in DOCUMENTS}
    assert kinds == {"form", "policy", "handout"} and len(DOCUMENTS) >= 30


@pytest.mark.parametrize("path,key", DOCUMENTS, ids=IDS)
def test_heading_levels_never_skip(path, key):
    assert of_rule(path, key, "heading-order") == []


@pytest.mark.parametrize("path,key", DOCUMENTS, ids=IDS)
def test_the_title_is_the_one_heading_1_and_sections_are_heading_2(path, key):
    """The outline the PDF's tags give too: the title H1, each section's heading H2."""
    spec = build(LOADED[path], key)
    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(rendered(path, key))).read("word/document.xml"))
    styles = docx_structure.Styles.read(zipfile.ZipFile(io.BytesIO(rendered(path, key))).read("word/styles.xml"))
    outline = [
        (level, " ".join(docx_structure.paragraph_text(p).split()))
        for p in body.iter(f"{{{W}}}p")
        if (level := docx_structure.outline_level(p, styles)) and docx_structure.paragraph_text(p).strip()
    ]
    title = spec.masthead[0] if spec.masthead and not spec.title_page else spec.title
    assert [t for level, t in outline if level == 1] == [" ".join(title.split())]
    sections = [" ".join(s.title.split()) for s in spec.sections if s.heading and not s.grid]
    assert [t for level, t in outline if level == 2 and t in sections] == sections


@pytest.mark.parametrize("path,key", DOCUMENTS, ids=IDS)
def test_lists_are_word_numbering_not_typed_numbers(path, key):
    assert of_rule(path, key, "real-list") == []


def test_numbered_lists_each_start_at_one():
    """Each numbered list is its own numbering instance that restarts at 1 (numbering.xml), so a
    second list of a document is not numbered on from the first."""
    path = next(p for p in SHIPPED if p.stem == "leeds")
    spec = build(LOADED[path], "policy")
    last = spec.sections[-1]
    more = dataclasses.replace(last, blocks=(*last.blocks, ListBlock(("First", "Second"), numbered=True)))
    spec = dataclasses.replace(spec, sections=(*spec.sections[:-1], more))
    package = zipfile.ZipFile(io.BytesIO(render_docx(spec).data))
    body = etree.fromstring(package.read("word/document.xml"))
    numbering = etree.fromstring(package.read("word/numbering.xml"))
    items = [p for p in body.iter(f"{{{W}}}p") if p.find(f"{{{W}}}pPr/{{{W}}}numPr") is not None]
    used = [p.find(f".//{{{W}}}numId").get(f"{{{W}}}val") for p in items]
    lists = sorted(set(used), key=used.index)
    assert len(lists) >= 2 and [docx_structure.paragraph_text(p) for p in items][-2:] == ["First", "Second"]
    for num_id in lists:
        num = numbering.find(f"{{{W}}}num[@{{{W}}}numId='{num_id}']")
        abstract = num.find(f"{{{W}}}abstractNumId").get(f"{{{W}}}val")
        fmt = numbering.find(f"{{{W}}}abstractNum[@{{{W}}}abstractNumId='{abstract}']//{{{W}}}numFmt")
        assert fmt.get(f"{{{W}}}val") == "decimal"
        assert num.find(f".//{{{W}}}startOverride").get(f"{{{W}}}val") == "1"


@pytest.mark.parametrize("path,key", DOCUMENTS, ids=IDS)
def test_tables_are_data_tables_with_headers_or_layout_tables(path, key):
    assert of_rule(path, key, "table-header") == []


@pytest.mark.parametrize("path,key", DOCUMENTS, ids=IDS)
def test_figures_have_alt_text_that_no_caption_repeats(path, key):
    assert of_rule(path, key, "figure") == []


def test_a_figure_caption_names_it_and_its_alt_text_is_the_whole_text_alternative():
    path = next(p for p in SHIPPED if p.stem == "leeds")
    spec = build(LOADED[path], "handout-reflective-cycle")
    (diagram,) = [b for s in spec.sections for b in s.blocks if isinstance(b, Diagram)]
    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(rendered(path, spec.manifest.kind))).read("word/document.xml"))
    doc_pr = body.find(f".//{{{docx_structure.WP}}}docPr")
    assert (doc_pr.get("descr"), doc_pr.get("title")) == (diagram.alt, diagram.title)
    texts = [docx_structure.paragraph_text(p) for p in body.iter(f"{{{W}}}p")]
    assert f"Figure: {diagram.title}" in texts and diagram.alt not in texts


@pytest.mark.parametrize("path,key", DOCUMENTS, ids=IDS)
def test_text_contrast_and_size(path, key):
    assert of_rule(path, key, "contrast") + of_rule(path, key, "text-size") == []


# --- the checker finds what it looks for --------------------------------------------------------


def doctored(edit) -> list[str]:
    """The checker's problems with a shipped form's document.xml edited by `edit(body)`."""
    path, key = next((p, k) for p, k in DOCUMENTS if p.stem == "hertfordshire" and k == "session-record")
    data = rendered(path, key)
    package = zipfile.ZipFile(io.BytesIO(data))
    body = etree.fromstring(package.read("word/document.xml"))
    edit(body)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name in package.namelist():
            z.writestr(name, etree.tostring(body) if name == "word/document.xml" else package.read(name))
    return docx_structure.check("doctored.docx", out.getvalue())


def _paragraph(xml: str):
    return etree.fromstring(f'<w:p xmlns:w="{W}">{xml}</w:p>')


def _first_body_paragraph(body):
    return body.find(f"{{{W}}}body/{{{W}}}p")


@pytest.mark.parametrize(
    "xml,rule",
    [
        ('<w:pPr><w:pStyle w:val="Heading3"/></w:pPr><w:r><w:t>Deep</w:t></w:r>', "heading-order"),
        ("<w:r><w:t>1.</w:t><w:tab/><w:t>Typed</w:t></w:r>", "real-list"),
        ('<w:r><w:rPr><w:color w:val="999999"/></w:rPr><w:t>Pale</w:t></w:r>', "contrast"),
        ('<w:r><w:rPr><w:sz w:val="14"/></w:rPr><w:t>Small</w:t></w:r>', "text-size"),
    ],
)
def test_the_checker_reports_a_doctored_paragraph(xml, rule):
    def edit(body):
        _first_body_paragraph(body).addnext(_paragraph(xml))

    assert [p for p in doctored(edit) if p.startswith(rule + ":")]


def test_the_checker_reports_a_layout_table_with_a_header_look_and_a_data_table_without_a_caption():
    def edit(body):
        for tbl in body.iter(f"{{{W}}}tbl"):
            look = tbl.find(f"{{{W}}}tblPr/{{{W}}}tblLook")
            if look.get(f"{{{W}}}firstRow") == "0":
                look.set(f"{{{W}}}firstRow", "1")
            for caption in tbl.findall(f"{{{W}}}tblPr/{{{W}}}tblCaption"):
                caption.getparent().remove(caption)

    found = [p for p in doctored(edit) if p.startswith("table-header:")]
    assert any("firstRow look but no header row" in p for p in found)
    assert any("without a caption" in p for p in found)


def test_the_checker_reports_shared_control_titles_and_a_caption_repeating_alt_text():
    def edit(body):
        aliases = list(body.iter(f"{{{W}}}alias"))
        aliases[1].set(f"{{{W}}}val", aliases[0].get(f"{{{W}}}val"))

    assert any(p.startswith("control-title:") for p in doctored(edit))
    path = next(p for p in SHIPPED if p.stem == "leeds")
    data = rendered(path, "handout-reflective-cycle")
    package = zipfile.ZipFile(io.BytesIO(data))
    body = etree.fromstring(package.read("word/document.xml"))
    descr = body.find(f".//{{{docx_structure.WP}}}docPr").get("descr")
    body.find(f"{{{W}}}body").insert(0, _paragraph(f"<w:r><w:t>{descr}</w:t></w:r>"))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name in package.namelist():
            z.writestr(name, etree.tostring(body) if name == "word/document.xml" else package.read(name))
    assert any(p.startswith("figure:") for p in docx_structure.check("cycle.docx", out.getvalue()))


def test_the_checker_reads_contrast_against_the_cell_shading():
    assert re.fullmatch(r"[\d.]+", f"{docx_structure.contrast('FFFFFF', '1F3864'):.2f}")
    assert docx_structure.contrast("767676", "FFFFFF") >= 4.5 > docx_structure.contrast("777777", "FFFFFF")

    def edit(body):  # white text in a cell shaded white: unreadable
        cell = next(body.iter(f"{{{W}}}tc"))
        cell.append(_paragraph('<w:r><w:rPr><w:color w:val="FFFFFF"/></w:rPr><w:t>Ghost</w:t></w:r>'))

    assert any(p.startswith("contrast:") and "Ghost" in p for p in doctored(edit))


@pytest.mark.parametrize("path,key", DOCUMENTS, ids=IDS)
def test_control_titles_unique(path, key):
    """No two content controls of a document share a title (w:alias): a screen reader names each."""
    assert of_rule(path, key, "control-title") == []
