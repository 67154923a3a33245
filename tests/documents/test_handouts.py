"""Training handouts, the policy document's title page, accessible structure and previews."""

import html.parser
import io
import json
import re
import subprocess
import zipfile

import pytest
from click.testing import CliRunner
from lxml import etree
from PIL import Image
from pypdf import PdfReader

from docgen.cli import main
from docgen.documents.handouts import build_handout, handout_keys, reflective_model
from docgen.documents.policy_document import build_policy_document
from docgen.errors import ProblemsFound
from docgen.forms.tree import Diagram
from docgen.policy import load_policy, load_policy_text
from docgen.render.docx import render_docx
from docgen.render.pdf import render_pdf
from tests.helpers.clients import CLIENTS, SYSTEM_PYTHON
from tests.helpers.pdfs import pdf_text  # body text read on across pages
from tests.helpers.policies import POLICIES, SHIPPED, minimal_policy

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
LEFTOVERS = re.compile(r"\bNone\b|\{\{|\}\}|\{%|\[\]|\(\)")

# Hertfordshire Appendix II, Example 3 (seed 002), the four blocks of questions as printed.
KOLB_SEED = {
    "Experience": """What did you expect to happen? What happened? What was your
        aim? What did you say and/or do? What interventions did you try?
        What did the client say or demonstrate? What reactions did you
        notice? What surprised or puzzled you? What struck you? What
        images struck you? What didn’t you notice? What went according
        to plan? What didn’t? What did you feel or do after the
        experience?""",
    "Reflection": """What did you feel at the visit? What feelings did you bring? What
        patterns did you see? Describe a time when you last experienced that
        – what happened? What/who does this client remind you of? What
        did you think the client was feeling? What factors may influence how
        you or the client felt or reacted? What thoughts went through your
        mind during the visit/session? What feelings were you left with? What
        was left unfinished?""",
    "Analysis": """What assumptions did you bring to the visit? How do you explain what
        happened? How did the visit fit in with the overall aims of your work?
        What aims were not achieved? What went well and why? What are
        the power relations? How far did this visit challenge your previous
        understanding? What new information emerged? What are the
        current needs/risks/strengths? What is unknown? How would other
        agencies define your role in this situation?""",
    "Action Planning": """In light of the reflection and analysis we have done, what is your overall
        summary of where things are? What needs to be done next? What are
        you responsible for in this case? Has this raised training or support needs
        for you? What is urgent? What would be desirable? What is negotiable?
        What might your strategy be for the next visit? Who else needs to be
        involved? Where do you feel more or less confident?""",
}


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def questions(block: str) -> list[str]:
    return [q.strip() for q in re.findall(r"[^?]+\?", squash(block))]


class Docx:
    """The parts of a generated .docx that the checks read."""

    def __init__(self, data: bytes):
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.body = etree.fromstring(self.zip.read("word/document.xml"))
        self.core = self.zip.read("docProps/core.xml").decode()

    def paragraphs(self):
        for p in self.body.iter(f"{W}p"):
            style = p.find(f"{W}pPr/{W}pStyle")
            yield (style.get(f"{W}val") if style is not None else ""), "".join(t.text or "" for t in p.iter(f"{W}t"))

    def text(self) -> str:
        return squash(" ".join(text for _, text in self.paragraphs()))

    def heading_levels(self) -> list[int]:
        return [int(style[-1]) for style, _ in self.paragraphs() if re.fullmatch(r"Heading\d", style)]

    def headings(self, level: int) -> list[str]:
        return [text for style, text in self.paragraphs() if style == f"Heading{level}"]


HANDOUTS = [(path, key) for path in SHIPPED for key in handout_keys(load_policy(path)) if key.startswith("handout-")]
DOCUMENTS = [(path, "policy") for path in SHIPPED] + HANDOUTS


def spec_of(path, key):
    loaded = load_policy(path)
    return build_policy_document(loaded) if key == "policy" else build_handout(loaded, key)


def test_leeds_issues_all_five_handouts():
    assert handout_keys(load_policy(POLICIES / "leeds.yaml")) == [
        "handout-one-minute-guide",
        "handout-seven-minute-briefing",
        "handout-functions-sheet",
        "handout-reflective-cycle",
        "preparation-sheet",
    ]


@pytest.mark.parametrize("path,key", HANDOUTS, ids=lambda x: getattr(x, "stem", x))
def test_handouts_are_one_or_two_pages_of_the_policys_words_and_nothing_else(path, key):
    loaded = load_policy(path)
    spec = build_handout(loaded, key)
    pdf, docx = render_pdf(spec).data, Docx(render_docx(spec).data)
    assert 1 <= len(PdfReader(io.BytesIO(pdf)).pages) <= 2
    p = loaded.policy
    if key == "handout-one-minute-guide":  # the guide's own shorter words where the policy gives them (guide:)
        g = p.guide
        principles = [g.principles] if g and g.principles else p.principles
        expected = [f.label for f in p.functions.items] + [i for pr in principles for i in pr.items]
        what_is = g.what_is.paragraphs if g and g.what_is else [d.text for d in p.definitions]
        expected += [t.replace("in section 5", "in “Elements of supervision”") for t in what_is]
    elif key == "handout-seven-minute-briefing":
        expected = [f.label for f in p.functions.items] + list(p.briefing.questions)
    elif key == "handout-functions-sheet":
        expected = [f.label for f in p.functions.items if f.prompts or f.description]
        expected += [q for f in p.functions.items for q in f.prompts]
    else:
        model = next(m for m in p.reflective_models if len(m.stages) > 2)
        expected = [s.label for s in model.stages] + [q for s in model.stages for q in s.questions]
    assert expected
    for text in (pdf_text(pdf), docx.text()):
        for phrase in expected:
            assert squash(phrase) in text, phrase
        assert not LEFTOVERS.search(text), LEFTOVERS.search(text)


def test_the_briefing_has_seven_numbered_panels_in_the_seeds_order():
    spec = build_handout(load_policy(POLICIES / "leeds.yaml"), "handout-seven-minute-briefing")
    docx = Docx(render_docx(spec).data)
    assert [squash(h) for h in docx.headings(2)] == [
        "01 Background",
        "02 Why it matters",
        "03 Information",
        "04 Supervision principles",
        "05 Case discussion",
        "06 What to do",
        "07 Questions",
    ]


def test_a_briefing_panel_the_policy_cannot_fill_is_left_out():
    loaded = load_policy_text(minimal_policy())
    panels = build_handout(loaded, "handout-seven-minute-briefing").sections[0].blocks
    assert [b.heading for b in panels] == ["Information"]  # only the functions (seed 000's panel 03): nothing invented
    assert panels[0].number == "01"


@pytest.mark.parametrize("name", ["hertfordshire", "leeds"])
def test_the_kolb_sheet_has_its_four_stages_and_every_question_of_the_seed(name):
    spec = build_handout(load_policy(POLICIES / f"{name}.yaml"), "handout-reflective-cycle")
    pdf, docx = pdf_text(render_pdf(spec).data), Docx(render_docx(spec).data)
    stages = [h for h in docx.headings(3) if h.split(" (")[0] in KOLB_SEED]
    assert [s.split(" (")[0] for s in stages] == list(KOLB_SEED)
    [diagram] = [b for s in spec.sections for b in s.blocks if isinstance(b, Diagram)]
    assert diagram.labels == tuple(stages)
    for stage, block in KOLB_SEED.items():
        asked = questions(block)
        assert len(asked) >= 10
        for q in asked:
            assert q in pdf and q in docx.text(), q
        in_docx = docx.text()  # each question sits under its own stage
        start = in_docx.index(next(s for s in stages if s.startswith(stage)), in_docx.index("Questions for each stage"))
        assert in_docx.index(asked[0], start) - start < 40


@pytest.mark.parametrize("path,key", DOCUMENTS, ids=lambda x: getattr(x, "stem", x))
def test_accessible_structure(path, key):
    """Headings in order, every table with a repeating header row, every drawing with alt text,
    title and language set, body text at least 11 pt."""
    spec = spec_of(path, key)
    docx = Docx(render_docx(spec).data)
    levels = docx.heading_levels()
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    for tbl in docx.body.iter(f"{W}tbl"):
        first = tbl.find(f"{W}tr")
        assert first.find(f"{W}trPr/{W}tblHeader") is not None
        assert tbl.find(f"{W}tblPr/{W}tblCaption") is not None
    drawings = list(docx.body.iter(f"{W}drawing"))
    alts = [d.get("descr", "") for d in docx.body.iter(f"{WP}docPr")]
    diagrams = [b for s in spec.sections for b in s.blocks if isinstance(b, Diagram)]
    assert len(drawings) == len(alts) == len(diagrams)
    assert all(len(a) > 20 for a in alts) and [a for a in alts] == [d.alt for d in diagrams]
    assert f"<dc:title>{spec.title}" in docx.core.replace("&amp;", "&") and "<dc:language>en-GB" in docx.core
    sizes = [
        int(sz.get(f"{W}val"))
        for r in docx.body.iter(f"{W}r")
        for sz in r.iter(f"{W}sz")
        if not "".join(t.text or "" for t in r.iter(f"{W}t")).startswith(spec.manifest.form_id)
    ]
    assert all(s >= 22 for s in sizes), sizes

    pdf = PdfReader(io.BytesIO(render_pdf(spec).data))
    assert pdf.metadata.title == spec.title and str(pdf.trailer["/Root"]["/Lang"]) == "en-GB"
    small = []
    for page in pdf.pages:

        def visit(text, cm, tm, font, size, page_h=float(page.mediabox.height)):
            y = tm[5] * cm[3] + cm[5]
            if (
                text.strip()
                and 40 < y < page_h - 40
                and not text.startswith(spec.manifest.form_id)
                and size * tm[3] * cm[3] < 10.9
            ):
                small.append((text, size))

        page.extract_text(visitor_text=visit)
    assert not small, small[:5]


def test_the_cycle_is_drawn_as_vectors_in_the_pdf_and_as_svg_with_png_fallback_in_the_docx():
    spec = build_handout(load_policy(POLICIES / "hertfordshire.yaml"), "handout-reflective-cycle")
    page = PdfReader(io.BytesIO(render_pdf(spec).data)).pages[0]
    xobjects = page["/Resources"].get("/XObject", {})
    assert not any(x.get_object().get("/Subtype") == "/Image" for x in xobjects.values())  # no raster image
    assert "Experience (ENGAGE)" in page.extract_text() and "Action Planning" in page.extract_text()
    z = zipfile.ZipFile(io.BytesIO(render_docx(spec).data))
    media = sorted(n for n in z.namelist() if n.startswith("word/media/"))
    assert media == ["word/media/figure1.png", "word/media/figure1.svg"]
    svg = etree.fromstring(z.read("word/media/figure1.svg"))
    assert svg.tag == "{http://www.w3.org/2000/svg}svg" and "Reflection (FOCUS)" in "".join(svg.itertext())
    assert Image.open(io.BytesIO(z.read("word/media/figure1.png"))).size[0] >= 800
    rels = z.read("word/_rels/document.xml.rels").decode()
    body = z.read("word/document.xml").decode()
    for rid, name in re.findall(r'Id="(rId\w+)" Type="[^"]+/image" Target="media/([^"]+)"', rels):
        assert f'r:embed="{rid}"' in body, name
    assert "[Content_Types].xml" in z.namelist() and b'Extension="svg"' in z.read("[Content_Types].xml")


def test_the_policy_document_has_a_title_page():
    spec = build_policy_document(load_policy(POLICIES / "sussex.yaml"))
    first = squash(PdfReader(io.BytesIO(render_pdf(spec).data)).pages[0].extract_text())
    assert "Status: Under review following the publication of Working Together 2023" in first
    assert spec.title in first and "Version 9.2" in first and "Pan-Sussex" in first or "Sussex" in first
    assert spec.sections[0].heading not in first.replace(spec.title, "")  # the sections start on page 2
    docx = Docx(render_docx(spec).data)
    order = [
        (
            "break"
            if p.find(f".//{W}br[@{W}type='page']") is not None
            else (p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") if p.find(f"{W}pPr/{W}pStyle") is not None else "")
        )
        for p in docx.body.iter(f"{W}p")
    ]
    assert order.index("Heading1") < order.index("break") < order.index("Heading2")  # title, then sections
    assert "Under review following the publication of Working Together 2023" in docx.text()


def test_handout_errors_are_located_in_the_policy_file():
    text = minimal_policy(
        **{
            "    session-record: generic_session_record\n": "    session-record: generic_session_record\n"
            "  handouts: [reflective_cycle, preparation_sheet]\n"
        }
    )
    with pytest.raises(ProblemsFound) as info:
        load_policy_text(text, "p.yaml")
    found = {(p.path, p.line > 0) for p in info.value.problems}
    assert found == {("documents.handouts[0]", True), ("documents.handouts[1]", True)}
    assert "reflective model" in str(info.value.problems[0])
    text = minimal_policy(**{"documents:\n": 'briefing: {questionz: ["Why not?"]}\ndocuments:\n'})
    with pytest.raises(ProblemsFound) as info:
        load_policy_text(text, "p.yaml")
    [problem] = info.value.problems
    assert "questions" in str(problem)
    assert problem.line == text.splitlines().index('briefing: {questionz: ["Why not?"]}') + 1


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.images, self.links, self.lang = [], [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img":
            self.images.append((a.get("src"), a.get("alt")))
        elif tag == "a":
            self.links.append(a.get("href"))
        elif tag == "html":
            self.lang = a.get("lang")


def test_acceptance_leeds_policy_and_handouts_with_previews(tmp_path):
    code, out, err = run("generate", POLICIES / "leeds.yaml", "-o", tmp_path, "--only", "policy,handouts", "--preview")
    assert code == 0, err
    stems = [
        "leeds_policy_document",
        "leeds_handout_one_minute_guide",
        "leeds_handout_seven_minute_briefing",
        "leeds_handout_functions_sheet",
        "leeds_handout_reflective_cycle",
        "leeds_preparation_sheet",
    ]
    assert sorted(p.name for p in tmp_path.glob("*.*")) == sorted(
        [f"{s}.{ext}" for s in stems for ext in ("docx", "pdf")]
        + [f"{s}.html" for s in stems if s != "leeds_preparation_sheet"]  # read-only documents as HTML too
        + ["index.html"]
    )
    pages = {s: len(PdfReader(tmp_path / f"{s}.pdf").pages) for s in stems}  # every page is previewed
    assert sorted(p.name for p in (tmp_path / "preview").iterdir()) == sorted(
        f"{s}-page-{n}.png" for s in stems for n in range(1, pages[s] + 1)
    )
    for stem in stems:
        for n in range(1, pages[stem] + 1):
            image = Image.open(tmp_path / "preview" / f"{stem}-page-{n}.png")
            assert image.size[0] == 620 and abs(image.size[1] / image.size[0] - 2**0.5) < 0.01
            assert image.convert("L").getextrema()[0] < 100  # there is ink on the page
    sheet = Links()
    sheet.feed((tmp_path / "index.html").read_text(encoding="utf-8"))
    assert sheet.lang == "en-GB" and len(sheet.images) == sum(pages.values())
    for src, alt in sheet.images:
        assert alt and alt.startswith("Page ") and (tmp_path / src).is_file()
    assert sheet.links and all(
        "://" not in h and not h.startswith("/") and (tmp_path / h).is_file() for h in sheet.links
    )
    assert str(tmp_path / "index.html") in out.split()


def test_preview_works_without_writing_pdfs_and_respects_force(tmp_path):
    code, _, err = run(
        "generate", "leeds", "-o", tmp_path, "--only", "handout-reflective-cycle", "--format", "docx", "--preview"
    )
    assert code == 0, err
    spec = build_handout(load_policy(POLICIES / "leeds.yaml"), "handout-reflective-cycle")
    pages = len(PdfReader(io.BytesIO(render_pdf(spec).data)).pages)  # the PDF twin the preview is drawn from
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.*")) == [
        "index.html",
        "leeds_handout_reflective_cycle.docx",
        *(f"preview/leeds_handout_reflective_cycle-page-{n}.png" for n in range(1, pages + 1)),
    ]
    code, _, err = run(
        "generate", "leeds", "-o", tmp_path, "--only", "handout-reflective-cycle", "--format", "pdf", "--preview"
    )
    assert code == 2 and "--force" in err  # the preview and index.html are there already


def test_a_policy_with_no_handouts_says_what_it_has(tmp_path):
    code, _, err = run("generate", "sussex", "-o", tmp_path, "--only", "handouts")
    assert code == 2 and "policy" in err and "agreement" in err


@pytest.mark.parametrize("key", ["handout-reflective-cycle", "handout-seven-minute-briefing", "policy"])
def test_libreoffice_reads_the_structure_an_assistive_technology_needs(libreoffice, tmp_path, key):
    """A real client: LibreOffice opens the Word file and finds the title, the language, the
    headings in order, the picture with its alt text; its own PDF export lays it out in 1-2 pages."""
    spec = spec_of(POLICIES / "leeds.yaml", key)
    src = tmp_path / "doc.docx"
    src.write_bytes(render_docx(spec).data)
    result = subprocess.run(
        [SYSTEM_PYTHON, str(CLIENTS / "lo_inspect.py"), str(libreoffice), str(src)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen["title"] == spec.title and seen["language"] == "en-GB"
    diagrams = [b for s in spec.sections for b in s.blocks if isinstance(b, Diagram)]
    assert [(p["description"], p["title"]) for p in seen["pictures"]] == [(d.alt, d.title) for d in diagrams]
    levels = [level for level, _ in seen["headings"]]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), seen["headings"]
    if key == "handout-reflective-cycle":
        assert [t for _, t in seen["headings"]][-4:] == [
            s.label for s in reflective_model(load_policy(POLICIES / "leeds.yaml").policy).stages
        ]
    if key != "policy":
        assert 1 <= seen["pages"] <= 2


def test_parsing_a_handout_says_it_is_not_a_form():
    from docgen.parse import FormError, parse_bytes

    spec = build_handout(load_policy(POLICIES / "leeds.yaml"), "handout-reflective-cycle")
    for data, name in ((render_docx(spec).data, "h.docx"), (render_pdf(spec).data, "h.pdf")):
        with pytest.raises(FormError) as info:
            parse_bytes(data, name)
        assert info.value.code == "not-a-form" and "handout reflective cycle" in info.value.message
