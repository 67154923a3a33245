"""The one-minute guide and the 7-minute briefing in their genres: one page in PDF and in Word (as
LibreOffice lays it out), for every shipped policy that lists them and a five-function starter;
the Leeds masthead and footer; links that go somewhere; panels that hold what their headings say."""

import io
import json
import re
import subprocess
import zipfile

import pytest
from lxml import etree
from pypdf import PdfReader

from docgen.cli import main as cli
from docgen.documents.handouts import build_handout, handout_keys
from docgen.errors import ProblemsFound
from docgen.forms.tree import ListBlock, Panel, Paragraph
from docgen.policy import load_policy, load_policy_text
from docgen.render.docx import render_docx
from docgen.render.pdf import render_pdf
from tests.helpers.clients import CLIENTS, SYSTEM_PYTHON
from tests.helpers.pdfs import pdf_text
from tests.helpers.policies import POLICIES, SHIPPED, minimal_policy

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
GUIDE, BRIEFING = "handout-one-minute-guide", "handout-seven-minute-briefing"
FIFTH = """    - id: reflection
      label: "Reflection"
      description: "making sense of the work with children and families"
      tag: reflection
      prompts: ["What went well and why?"]
    - id: mediation
"""


@pytest.fixture(scope="module")
def starter(tmp_path_factory):
    """`docgen init`'s starter with a fifth function, listing both handouts."""
    from click.testing import CliRunner

    folder = tmp_path_factory.mktemp("starter")
    assert CliRunner().invoke(cli, ["init", str(folder)]).exit_code == 0
    path = folder / "policy.yaml"
    text = path.read_text().replace("    - id: mediation\n", FIFTH, 1)
    text = re.sub(r"handouts: \[[^\]]*\]", "handouts: [one_minute_guide, seven_minute_briefing, functions_sheet]", text)
    path.write_text(text)
    return path


ONE_PAGE = [(path, key) for path in SHIPPED for key in handout_keys(load_policy(path)) if key in (GUIDE, BRIEFING)]
IDS = [f"{p.stem}-{k.split('-', 1)[1]}" for p, k in ONE_PAGE]


def test_two_shipped_policies_list_both_one_page_handouts():
    assert {p.stem for p, _ in ONE_PAGE} == {"leeds", "worcestershire"} and len(ONE_PAGE) == 4


def inspect(port, spec, tmp_path) -> dict:
    src = tmp_path / "doc.docx"
    src.write_bytes(render_docx(spec).data)
    result = subprocess.run(
        [SYSTEM_PYTHON, str(CLIENTS / "lo_inspect.py"), str(port), str(src)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("path,key", ONE_PAGE, ids=IDS)
def test_shipped_one_page_handouts_are_one_page_in_pdf_and_in_word(libreoffice, tmp_path, path, key):
    spec = build_handout(load_policy(path), key)
    assert len(PdfReader(io.BytesIO(render_pdf(spec).data)).pages) == 1
    assert inspect(libreoffice, spec, tmp_path)["pages"] == 1


@pytest.mark.parametrize("key", [GUIDE, BRIEFING])
def test_a_five_function_starters_handouts_are_one_page_and_count_five(libreoffice, tmp_path, starter, key):
    spec = build_handout(load_policy(starter), key)
    pdf = render_pdf(spec).data
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    assert inspect(libreoffice, spec, tmp_path)["pages"] == 1
    text = pdf_text(pdf)
    # the starter's own lead-in gives no number; any number the handout prints is the one counted
    assert "four" not in text.lower()
    assert re.search(r"\bThe (five )?key functions of supervision are:", text)
    labels = [f.label for f in load_policy(starter).policy.functions.items]
    assert len(labels) == 5 and all(label.split()[0] in text for label in labels)


def test_the_leeds_guide_has_its_masthead_and_a_footer_in_words():
    spec = build_handout(load_policy(POLICIES / "leeds.yaml"), GUIDE)
    page = PdfReader(io.BytesIO(render_pdf(spec).data)).pages[0].extract_text()
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    start = lines.index("One minute guide")
    assert lines[start : start + 3] == ["One minute guide", "Supervision", "No. 63, January 2025"]
    assert "One minute guide: Supervision, No. 63, January 2025" in page and "policy leeds" not in page
    footer = zipfile.ZipFile(io.BytesIO(render_docx(spec).data)).read("word/footer1.xml").decode()
    words = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", footer))
    assert words.startswith("One minute guide: Supervision, No. 63, January 2025") and "version" not in words


def test_further_information_links_where_the_policy_says_in_pdf_and_word():
    spec = build_handout(load_policy(POLICIES / "leeds.yaml"), GUIDE)
    page = PdfReader(io.BytesIO(render_pdf(spec).data)).pages[0]
    uris = [a.get_object()["/A"]["/URI"] for a in page.get("/Annots", []) if a.get_object()["/Subtype"] == "/Link"]
    assert uris and set(uris) == {"https://www.leedsscp.org.uk"}  # a rectangle on each line the link runs over
    z = zipfile.ZipFile(io.BytesIO(render_docx(spec).data))
    rels = z.read("word/_rels/document.xml.rels").decode()
    [rid] = re.findall(
        r'Id="(\w+)" Type="[^"]+/hyperlink" Target="https://www.leedsscp.org.uk" TargetMode="External"', rels
    )
    body = etree.fromstring(z.read("word/document.xml"))
    [link] = body.iter(f"{W}hyperlink")
    assert link.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id") == rid
    assert "".join(link.itertext()) == "Leeds Safeguarding Children Partnership website"


@pytest.mark.parametrize("path", [p for p, k in ONE_PAGE if k == GUIDE], ids=lambda p: p.stem)
def test_no_guide_sends_the_reader_here_with_no_link(path):
    spec = build_handout(load_policy(path), GUIDE)
    for text in (
        pdf_text(render_pdf(spec).data),
        " ".join(
            etree.fromstring(zipfile.ZipFile(io.BytesIO(render_docx(spec).data)).read("word/document.xml")).itertext()
        ),
    ):
        assert not re.search(r"\bhere\b", text), text
        assert not re.search(r"\bsection \d", text), text


def test_a_guide_left_with_a_dangling_here_is_a_problem_for_the_policy():
    text = minimal_policy(
        **{
            "documents:\n": 'introduction: "The framework can be accessed here."\ndocuments:\n',
            "    session-record: generic_session_record\n": "    session-record: generic_session_record\n"
            "  handouts: [one_minute_guide]\n",
        }
    )
    with pytest.raises(ProblemsFound) as info:
        build_handout(load_policy_text(text), GUIDE)
    [problem] = info.value.problems
    assert problem.code == "bad-value" and problem.path == "guide" and "here" in problem.message
    linked = text.replace(
        "documents:\n", "guide: {links: [{text: here, url: 'https://example.org/f'}]}\ndocuments:\n", 1
    )
    spec = build_handout(load_policy_text(linked), GUIDE)
    page = PdfReader(io.BytesIO(render_pdf(spec).data)).pages[0]
    assert {a.get_object()["/A"]["/URI"] for a in page["/Annots"]} == {"https://example.org/f"}


def test_worcestershires_guide_says_what_worcestershire_has_and_resolves_section_5():
    spec = build_handout(load_policy(POLICIES / "worcestershire.yaml"), GUIDE)
    sections = {
        s.heading: " ".join(getattr(p, "text", p) for b in s.blocks if isinstance(b, Paragraph) for p in b.parts)
        for s in spec.sections
    }
    have = sections["What do we have in Worcestershire?"]
    assert "Working Together" not in have and "Supervision Policy" in have
    assert "as outlined in “Elements of supervision”" in sections["What is supervision?"]
    assert "section 5" not in " ".join(sections.values())


def test_a_section_reference_the_policy_cannot_resolve_is_dropped():
    text = minimal_policy(
        **{
            "documents:\n": "definitions:\n  - {id: supervision, term: S, text: 'It has elements as outlined in "
            "section 7. It is planned.'}\ndocuments:\n",
            "    session-record: generic_session_record\n": "    session-record: generic_session_record\n"
            "  handouts: [one_minute_guide]\n",
        }
    )
    spec = build_handout(load_policy_text(text), GUIDE)
    [what] = [s for s in spec.sections if s.heading == "What is supervision?"]
    assert what.blocks[0].parts == ("It has elements. It is planned.",)


def panels_of(path) -> list[Panel]:
    spec = build_handout(load_policy(path), BRIEFING)
    [section] = spec.sections
    return list(section.blocks)


@pytest.mark.parametrize("path", [p for p, k in ONE_PAGE if k == BRIEFING], ids=lambda p: p.stem)
def test_each_briefing_panel_holds_what_its_heading_promises(path):
    p = load_policy(path).policy
    panels = {x.heading: x for x in panels_of(path)}
    assert [x.number for x in panels.values()] == [f"{n:02d}" for n in range(1, 8)]
    assert any(isinstance(b, Paragraph) for b in panels["Background"].blocks)  # prose, not a list of citations
    labels = {f.label for f in p.functions.items}
    for heading, panel in panels.items():
        listed = {i.split(" (")[0] for b in panel.blocks if isinstance(b, ListBlock) for i in b.items}
        if listed & labels:  # the functions are listed under a heading that says so
            assert heading == "Information" and "functions" in " ".join(
                x for b in panel.blocks if isinstance(b, Paragraph) for x in b.parts
            )
        if "principles" in heading.lower():
            assert not listed & labels
    counted = f"The {['three', 'four'][len(labels) - 3]} key functions of supervision are:"
    assert Paragraph((counted,)) in panels["Information"].blocks


def long_briefing(words: int) -> str:
    why = " ".join(["Supervision keeps the focus on the child."] * (words // 7))
    return minimal_policy(
        **{
            "documents:\n": f'briefing:\n  why_it_matters: "{why}"\n  questions: ["How can we improve?"]\ndocuments:\n',
            "    session-record: generic_session_record\n": "    session-record: generic_session_record\n"
            "  handouts: [seven_minute_briefing]\n",
        }
    )


def sizes(pdf: bytes) -> set[float]:
    found: set[float] = set()
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    page.extract_text(
        visitor_text=lambda t, cm, tm, font, size: found.add(round(size * tm[3] * cm[3], 1)) if t.strip() else None
    )
    return found


def test_a_long_panel_shrinks_to_fit_but_never_under_9_pt():
    spec = build_handout(load_policy_text(long_briefing(350)), BRIEFING)
    pdf = render_pdf(spec).data
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    body = {s for s in sizes(pdf) if s > 8.5}  # the page header and footer are 8 pt
    assert min(body) >= 9 and min(body) < 11
    assert "How can we improve?" in pdf_text(pdf)  # nothing clipped: the last panel is there


def test_a_briefing_that_cannot_fit_one_page_names_the_panel_too_long():
    spec = build_handout(load_policy_text(long_briefing(1400)), BRIEFING)
    with pytest.raises(ProblemsFound) as info:
        render_pdf(spec)
    [problem] = info.value.problems
    assert problem.code == "bad-value" and 'panel 01 "Why it matters"' in problem.message
    assert "briefing:" in problem.hint and "one page" in problem.hint


def test_a_guide_that_runs_over_one_page_says_which_sections_and_what_to_shorten():
    long = " ".join(["Supervision is planned, regular and recorded."] * 140)
    text = minimal_policy(
        **{
            "documents:\n": f'purpose: "{long}"\ndocuments:\n',
            "    session-record: generic_session_record\n": "    session-record: generic_session_record\n"
            "  handouts: [one_minute_guide]\n",
        }
    )
    with pytest.raises(ProblemsFound) as info:
        render_pdf(build_handout(load_policy_text(text), GUIDE))
    [problem] = info.value.problems
    assert "runs to 2 pages" in problem.message and '"Further information"' in problem.message
    assert "guide:" in problem.hint
