"""The PDF structure check (tests/helpers/pdf_structure.py) catches each fault it looks for: a good
tagged PDF of docgen's passes, and the same PDF broken one way at a time with pikepdf fails with
the problem named."""

from __future__ import annotations

import pikepdf
import pytest

import docgen
from docgen.generate import build
from tests.helpers import pdf_structure
from tests.helpers.policies import POLICIES


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> dict[str, bytes]:
    loaded = docgen.load_policy(POLICIES / "leeds.yaml")
    return {
        "form": docgen.render_pdf(docgen.build_form(loaded, "case-record")).data,  # widgets, a table, signatures
        "figure": docgen.render_pdf(build(loaded, "handout-reflective-cycle")).data,
        "links": docgen.render_pdf(build(loaded, "handout-one-minute-guide")).data,
    }


def _broken(tmp_path, data: bytes, change) -> list[str]:
    path = tmp_path / "in.pdf"
    path.write_bytes(data)
    out = tmp_path / "out.pdf"
    with pikepdf.open(path) as pdf:
        change(pdf)
        pdf.save(out)
    return pdf_structure.problems(str(out))


def _elements(pdf, tag: str) -> list:
    return [e for e, _ in pdf_structure._elements(pdf.Root.StructTreeRoot) if str(e.S) == tag]


def _annots(pdf, subtype: str) -> list:
    return [a for p in pdf.pages for a in p.obj.get("/Annots", []) if a.get("/Subtype") == subtype]


def _content(page, old: bytes, new: bytes) -> None:
    data = page.obj.Contents.read_bytes()
    assert old in data
    page.obj.Contents.write(data.replace(old, new))


def test_the_good_files_pass(tmp_path, good):
    for data in good.values():
        assert _broken(tmp_path, data, lambda pdf: None) == []


def test_an_untagged_file_is_caught(tmp_path, good):
    def change(pdf):
        del pdf.Root["/MarkInfo"]
        del pdf.Root["/StructTreeRoot"]

    assert _broken(tmp_path, good["form"], change) == ["not tagged: no /MarkInfo /Marked true", "no structure tree"]


def test_a_skipped_heading_level_is_caught(tmp_path, good):
    def change(pdf):
        _elements(pdf, "/H2")[0].S = pikepdf.Name("/H3")

    assert "heading H3 follows H1: a level is skipped" in _broken(tmp_path, good["form"], change)


def test_a_running_footer_that_is_not_an_artifact_is_caught(tmp_path, good):
    def change(pdf):
        _content(pdf.pages[0], b"/Artifact <</Type /Pagination>> BDC", b"/Span BMC")

    found = _broken(tmp_path, good["form"], change)
    assert any("page 1: " in p and "outside marked content and artifacts" in p for p in found)
    assert any("page 1: " in p and "running header/footer texts are not artifacts" in p for p in found)


def test_an_mcid_in_two_elements_and_one_in_none_are_caught(tmp_path, good):
    def change(pdf):
        first, second = _elements(pdf, "/P")[:2]
        mcr = next(k for k in pdf_structure._kids(first) if k.get("/Type") == "/MCR")
        second.K.append(mcr)  # claimed twice
        dropped = next(k for k in pdf_structure._kids(_elements(pdf, "/H2")[0]) if k.get("/Type") == "/MCR")
        _elements(pdf, "/H2")[0].K = pikepdf.Array([])  # its MCID now belongs to no element
        assert dropped.MCID is not None

    found = _broken(tmp_path, good["form"], change)
    assert any("belongs to 2 elements" in p for p in found)
    assert any("belongs to no element" in p for p in found)


def test_a_wrong_parent_tree_is_caught(tmp_path, good):
    def change(pdf):
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        mcids = nums[1]
        mcids[0], mcids[1] = mcids[1], mcids[0]

    assert any("the ParentTree does not name its element" in p for p in _broken(tmp_path, good["form"], change))


def test_an_untagged_widget_is_caught(tmp_path, good):
    def change(pdf):
        del _annots(pdf, "/Widget")[0]["/StructParent"]

    assert any("has no /StructParent" in p for p in _broken(tmp_path, good["form"], change))


def test_a_widget_outside_a_form_element_is_caught(tmp_path, good):
    def change(pdf):
        for form in _elements(pdf, "/Form"):
            form.S = pikepdf.Name("/Div")

    found = _broken(tmp_path, good["form"], change)
    assert any("is not a Form element" in p for p in found)


def test_a_figure_without_alt_is_caught(tmp_path, good):
    def change(pdf):
        del _elements(pdf, "/Figure")[0]["/Alt"]

    assert "a Figure without /Alt" in _broken(tmp_path, good["figure"], change)


def test_a_header_cell_without_scope_and_a_table_without_rows_are_caught(tmp_path, good):
    def change(pdf):
        del _elements(pdf, "/TH")[0]["/A"]
        for row in _elements(pdf, "/TR"):
            row.S = pikepdf.Name("/Div")

    found = _broken(tmp_path, good["form"], change)
    assert "a TH without /Scope" in found
    assert "a Table without TR rows" in found


def test_a_link_without_contents_is_caught(tmp_path, good):
    def change(pdf):
        del _annots(pdf, "/Link")[0]["/Contents"]

    assert any("link annotation" in p and "has no /Contents" in p for p in _broken(tmp_path, good["links"], change))


def test_a_tree_out_of_reading_order_is_caught(tmp_path, good):
    def change(pdf):
        document = pdf.Root.StructTreeRoot.K
        document.K = pikepdf.Array(reversed(list(document.K)))

    found = _broken(tmp_path, good["links"], change)
    assert any("follows the drawing order only" in p for p in found)
    assert any("follows pdftotext's reading only" in p for p in found)
