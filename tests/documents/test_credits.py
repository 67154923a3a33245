"""Borrowed material is credited where a reader sees it: a form or handout built on another
organisation's tool that the policy adopts says "Adapted from: <title> (<where>), <publisher>" on
the page, in docgen's PDF, in the DOCX and in the PDF LibreOffice prints from the DOCX; the policy
document names the tool's origin; Worcestershire, which adopts no evaluation tool, prints none.

Expected credits are built from the policy files' own words (their sources), never from docgen."""

import io
import shutil
import subprocess
import zipfile

import pytest
import yaml
from lxml import etree
from pypdf import PdfReader

from docgen.documents.handouts import build_handout
from docgen.documents.policy_document import build_policy_document
from docgen.forms import build_form
from docgen.policy import load_policy, load_policy_text
from docgen.render.docx import render_docx
from docgen.render.pdf import render_pdf
from tests.helpers.adopting import HERTS_AT, HERTS_PUBLISHER, HERTS_TITLE, SHORT_TITLE, adopting_policy
from tests.helpers.pdfs import pdf_text, squash
from tests.helpers.policies import POLICIES

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HERTS_ORIGIN = f"{HERTS_TITLE} ({HERTS_AT}), {HERTS_PUBLISHER}"


def raw(stem: str) -> dict:
    return yaml.safe_load((POLICIES / f"{stem}.yaml").read_text(encoding="utf-8"))


def source_of(policy: dict, ref: str) -> dict:
    return next(s for s in policy["sources"] if s["id"] == ref)


def expected_credit(stem: str, block: dict) -> str:
    """The credit a block of a shipped policy file should get, from the file's own words."""
    source = block["source"]
    doc = source_of(raw(stem), source["ref"])
    where = f" ({source['at']})" if source["at"] not in doc["title"] else ""
    return f"Adapted from: {doc['title']}{where}" + (f", {doc['publisher']}" if doc.get("publisher") else "")


def docx_text(data: bytes) -> str:
    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    return squash(" ".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in body.iter(f"{W}p")))


def documents() -> dict:
    """name -> spec of each document this module looks at."""
    adopting = load_policy_text(adopting_policy(), "adopting.yaml")
    short = load_policy_text(adopting_policy(title=SHORT_TITLE), "short.yaml")
    leeds, worcs = load_policy(POLICIES / "leeds.yaml"), load_policy(POLICIES / "worcestershire.yaml")
    return {
        "adopting-evaluation": build_form(adopting, "evaluation"),
        "short-evaluation": build_form(short, "evaluation"),
        "adopting-policy": build_policy_document(adopting),
        "leeds-reflective-cycle": build_handout(leeds, "handout-reflective-cycle"),
        "leeds-briefing": build_handout(leeds, "handout-seven-minute-briefing"),
        "worcs-briefing": build_handout(worcs, "handout-seven-minute-briefing"),
    }


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """name -> (docgen's PDF, the DOCX, LibreOffice's PDF of the DOCX): one soffice run for all."""
    folder = tmp_path_factory.mktemp("credits")
    out = {}
    for name, spec in documents().items():
        out[name] = (render_pdf(spec).data, render_docx(spec).data)
        (folder / f"{name}.docx").write_bytes(out[name][1])
    soffice = shutil.which("soffice") or "soffice"
    profile = (folder / "profile").as_uri()
    files = sorted(str(p) for p in folder.glob("*.docx"))
    subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation={profile}", "--convert-to", "pdf"]
        + ["--outdir", str(folder / "lo"), *files],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return {name: (pdf, docx, (folder / "lo" / f"{name}.pdf").read_bytes()) for name, (pdf, docx) in out.items()}


def seen(rendered, name: str) -> list[str]:
    """The text a reader sees in each of the three: docgen's PDF, the DOCX, LibreOffice's print."""
    pdf, docx, lo = rendered[name]
    return [pdf_text(pdf), docx_text(docx), pdf_text(lo)]


@pytest.mark.parametrize(
    "name,credit",
    [
        # title and publisher when they fit the one line of small print the tool's page has room for
        ("short-evaluation", f"Adapted from: {SHORT_TITLE}, {HERTS_PUBLISHER}"),
        # a long title gives way to where the tool is in it (the policy document names both)
        ("adopting-evaluation", f"Adapted from: {HERTS_AT}, {HERTS_PUBLISHER}"),
    ],
)
def test_an_evaluation_tool_adopted_from_hertfordshire_is_credited_on_its_form(rendered, name, credit):
    texts = seen(rendered, name)
    assert all(credit in text for text in texts), texts
    pdf, docx, lo = rendered[name]
    assert docx_text(docx).index(credit) < docx_text(docx).index("About you")  # under the title, not hidden
    # the credit does not push the tool off its one page, in either format
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1 and len(PdfReader(io.BytesIO(lo)).pages) == 1


def test_the_policy_document_names_the_adopted_tool_and_where_it_comes_from(rendered):
    sentence = f"The Supervision Evaluation Tool is adapted from {HERTS_ORIGIN}."
    texts = seen(rendered, "adopting-policy")
    assert all(sentence in text for text in texts), texts


def test_hertfordshires_own_tool_carries_no_adoption_credit():
    spec = build_form(load_policy(POLICIES / "hertfordshire.yaml"), "evaluation")
    text = pdf_text(render_pdf(spec).data) + docx_text(render_docx(spec).data)
    assert "Supervision Evaluation Tool" in text and "Adapted from" not in text


def test_leeds_reflective_cycle_credits_hertfordshires_kolb_questions(rendered):
    [kolb] = [m for m in raw("leeds")["reflective_models"] if m["id"] == "kolb_questions"]
    credit = expected_credit("leeds", kolb)
    assert credit.endswith(", Hertfordshire Safeguarding Children Board") and "Kolb" in credit
    texts = seen(rendered, "leeds-reflective-cycle")
    assert all(credit in text for text in texts), texts
    # every word of it is Hertfordshire's: the Leeds guide is not given as its source
    leeds_guide = source_of(raw("leeds"), "leeds_omg")["title"]
    assert not any(leeds_guide in text for text in texts), texts


@pytest.mark.parametrize("stem,name", [("leeds", "leeds-briefing"), ("worcestershire", "worcs-briefing")])
def test_a_briefing_whose_panels_come_from_another_board_credits_it(rendered, stem, name):
    credit = expected_credit(stem, raw(stem)["briefing"])
    assert credit.startswith("Adapted from: 7-minute briefing: Supervision (panel")
    texts = seen(rendered, name)
    assert all(credit in text for text in texts), texts


def test_worcestershire_prints_no_evaluation_tool_and_nothing_of_hertfordshires(tmp_path):
    """Its whole pack: no evaluation form, and no document naming Hertfordshire's tool."""
    from click.testing import CliRunner

    from docgen.cli import main

    result = CliRunner().invoke(
        main, ["generate", str(POLICIES / "worcestershire.yaml"), "-o", str(tmp_path), "--format", "pdf"]
    )
    assert result.exit_code == 0, result.output
    files = sorted(tmp_path.glob("*.pdf"))
    assert files and not any("evaluation" in f.name for f in files)
    for f in files:
        text = pdf_text(f.read_bytes())
        assert "Evaluation Tool" not in text and "Hertfordshire" not in text and "HSCB" not in text, f.name
