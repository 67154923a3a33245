"""Tagged PDFs (issue 18 items 1 and 6): every PDF of every shipped policy (each form blank and
filled, with more rows than drawn and answers long enough to grow their boxes; the policy document;
each handout) passes the structure check (tests/helpers/pdf_structure.py, pikepdf and pypdf, not
docgen's tagger) and the PyPI `pdfua` triage checker with 0 errors; and what the check does not
look at: XMP and language, a figure's alt text and short caption, a paragraph over a page break,
the fonts the pages use."""

from __future__ import annotations

import re

import pdfua
import pikepdf
import pytest

import docgen
from docgen.forms.tree import Diagram
from docgen.generate import build
from tests.helpers import pdf_structure, pdf_textview
from tests.helpers.layout_readonly import document_keys
from tests.helpers.policies import SHIPPED
from tests.helpers.values import plan

TEXTS = ["Siân O'Brien ŵ ŷ", "A long answer that runs on. " * 12 + "\nAnd a second line."]


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, str]:
    """name -> path of every PDF: forms blank and filled, policy documents, handouts."""
    folder = tmp_path_factory.mktemp("tagged")
    out = {}

    def keep(name: str, data: bytes) -> None:
        path = folder / f"{name}.pdf"
        path.write_bytes(data)
        out[name] = str(path)

    for policy in SHIPPED:
        loaded = docgen.load_policy(policy)
        for key in docgen.form_keys(loaded):
            spec = docgen.build_form(loaded, key)
            keep(f"{policy.stem}__{key}__blank", docgen.render_pdf(spec).data)
            values = plan(spec, TEXTS, extra_rows=1).want
            keep(f"{policy.stem}__{key}__filled", docgen.render_pdf(spec, values).data)
        for key in document_keys(loaded):
            keep(f"{policy.stem}__{key}", docgen.render_pdf(build(loaded, key)).data)
    return out


def test_every_pdf_passes_the_structure_check(pdfs):
    assert len(pdfs) >= 50  # 5 policies: 22 forms twice, 5 policy documents, 9 handouts
    found = {name: problems for name, path in pdfs.items() if (problems := pdf_structure.problems(path))}
    assert found == {}


def test_pdfua_reports_no_errors(pdfs):
    errors = {
        name: [f"{f.rule_id}: {f.message}" for f in report.findings if f.severity.name == "ERROR"]
        for name, path in pdfs.items()
        if (report := pdfua.validate(path)).findings
    }
    assert {name: e for name, e in errors.items() if e} == {}


def test_pdfua_warnings_are_gone_too(pdfs):
    """No warnings either: XMP with the PDF/UA identifier (UA-28-004), every link described (UA-18-005)."""
    warnings = {name: sorted({f.rule_id for f in pdfua.validate(path).findings}) for name, path in pdfs.items()}
    assert {name: w for name, w in warnings.items() if w} == {}


def test_metadata_language_and_tab_order(pdfs):
    for name, path in pdfs.items():
        with pikepdf.open(path) as pdf:
            meta = pdf.open_metadata()
            assert meta.get("pdfuaid:part") == "1", name
            assert meta.get("dc:title") == str(pdf.docinfo["/Title"]), name
            assert str(pdf.Root.Lang) == "en-GB"
            assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
            assert {str(p.obj.get("/Tabs")) for p in pdf.pages} == {"/S"}, name


def test_every_field_widget_is_tagged_and_named(pdfs):
    """Every widget (signature fields and mirrored inline blanks too) is in a Form element, and
    the form's fields are all there: tagging loses none."""
    for name, path in pdfs.items():
        with pikepdf.open(path) as pdf:
            widgets = [a for p in pdf.pages for a in p.obj.get("/Annots", []) if a.get("/Subtype") == "/Widget"]
            forms = [e for e, _ in pdf_structure._elements(pdf.Root.StructTreeRoot) if e.S == "/Form"]
            tagged = {k.Obj.objgen for e in forms for k in pdf_structure._kids(e) if k.get("/Type") == "/OBJR"}
            assert {w.objgen for w in widgets} <= tagged, name
            if "__blank" in name:
                assert len(widgets) > 0, name


def _figures(loaded) -> list[Diagram]:
    spec = build(loaded, "handout-reflective-cycle")
    return [b for s in spec.sections for b in s.blocks if isinstance(b, Diagram)]


def test_a_figure_has_its_text_alternative_as_alt_and_a_short_caption(pdfs):
    checked = 0
    for policy in SHIPPED:
        loaded = docgen.load_policy(policy)
        if "handout-reflective-cycle" not in document_keys(loaded):
            continue
        (figure,) = _figures(loaded)
        path = pdfs[f"{policy.stem}__handout-reflective-cycle"]
        with pikepdf.open(path) as pdf:
            alts = [str(e.Alt) for e, _ in pdf_structure._elements(pdf.Root.StructTreeRoot) if e.S == "/Figure"]
        words = pdf_structure._page_texts(path)
        shown = " ".join(t for page in words.values() for t in page.values())
        assert alts == [figure.alt]
        assert f"Figure: {figure.title}" in re.sub(r"\s+", " ", shown).replace(" :", ":")
        assert figure.alt[:60] not in re.sub(r"\s+", " ", shown)  # said once: in /Alt, not again on the page
        checked += 1
    assert checked >= 1


def test_a_paragraph_over_a_page_break_is_one_element(pdfs):
    """A P continued on the next page is one element with a marked-content reference on each."""
    spanning = 0
    for path in pdfs.values():
        with pikepdf.open(path) as pdf:
            for element, _ in pdf_structure._elements(pdf.Root.StructTreeRoot):
                pages = {k.Pg.objgen for k in pdf_structure._kids(element) if k.get("/Type") == "/MCR"}
                spanning += element.S in ("/P", "/LBody") and len(pages) > 1
    assert spanning >= 1


def test_pages_use_only_embedded_fonts(pdfs):
    """No base-14 font (reportlab's initial Helvetica) in any page's resources: PDF/UA wants every
    font the page content uses embedded. (Field fonts in the AcroForm's /DR are another matter: see
    the README.)"""
    for name, path in pdfs.items():
        with pikepdf.open(path) as pdf:
            for number, page in enumerate(pdf.pages, 1):
                fonts = page.obj.get("/Resources", {}).get("/Font", {})
                bare = []
                for key in fonts.keys():  # noqa: SIM118 - pikepdf dictionaries
                    font = fonts[key]
                    descendants = font.get("/DescendantFonts", [font])
                    descriptor = descendants[0].get("/FontDescriptor", {})
                    if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                        bare.append(str(font.get("/BaseFont")))
                assert bare == [], f"{name} page {number}"


def test_no_font_that_is_not_embedded_is_named_anywhere(pdfs):
    """Not in the pages, the form's /DR or any widget's appearance resources: every font object in
    every file (blank and filled forms, documents) is embedded. reportlab names Helvetica in /DR and
    in each blank box's appearance; a checker of PDF/UA's font rules would look there too."""
    for name, path in pdfs.items():
        with pikepdf.open(path) as pdf:
            bare = set()
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font" and "/BaseFont" in obj:
                    descendants = obj.get("/DescendantFonts", [obj])
                    descriptor = descendants[0].get("/FontDescriptor", {})
                    if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                        bare.add(str(obj.BaseFont))
            assert bare == set(), name


def test_a_widget_drawn_without_its_tag_is_still_tagged(tmp_path, monkeypatch):
    """A field type's plugin whose widget drawing does not tag it (no Tagger.annot call): the
    widget still gets a Form element (at the end of the tree) rather than none, or a crash."""
    from docgen.render.pdf import PdfForm
    from docgen.render.pdf.tags import Tagger

    monkeypatch.setattr(Tagger, "annot", lambda self, name: None)
    with_case_record = (docgen.load_policy(p) for p in SHIPPED)  # not every shipped policy has one
    spec = docgen.build_form(
        next(x for x in with_case_record if "case-record" in x.policy.documents.forms), "case-record"
    )
    path = tmp_path / "plugin.pdf"
    path.write_bytes(PdfForm(spec).render().data)
    assert pdf_structure.problems(str(path)) == []
    with pikepdf.open(path) as pdf:
        last = list(pdf.Root.StructTreeRoot.K.K)[-1]
        assert last.S == "/Form" and last.K[0].Type == "/OBJR"


def test_a_listener_hears_the_title_first_and_every_field_by_its_name(pdfs):
    """The tree's text view (tests/helpers/pdf_textview.py, the manual check's tool) of every blank
    form: the title is the first thing said, as H1; every widget is said once, by a name, inside a
    Form element; nothing of the running header or footer ("Page 1 of") is said."""
    for name, path in pdfs.items():
        if not name.endswith("__blank"):
            continue
        heard = pdf_textview.lines(path)
        with pikepdf.open(path) as pdf:
            widgets = sum(
                1 for page in pdf.pages for a in page.obj.get("/Annots", []) if a.get("/Subtype") == "/Widget"
            )
        fields = [line for line in heard if "[field: " in line]
        assert heard[0] == "Document" and heard[1].startswith("  H1: "), name
        assert sum(line.count("[field: ") for line in heard) == widgets, name
        assert all(line.lstrip().startswith("Form") for line in fields), name
        assert not any("[field: ]" in line for line in fields), name
        assert not any("Page 1 of" in line for line in heard), name
