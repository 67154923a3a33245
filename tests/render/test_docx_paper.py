"""The Word forms on paper, as LibreOffice prints them: every form of the Worcestershire and
Hertfordshire policies, blank and filled with long Welsh answers, converted to PDF in one
LibreOffice run and read with pypdfium2. No text under 8 pt; no last page whose content (text and
the empty boxes' rules) ends in its top fifth; an introduction, its list and its box, a heading and
its table, a short table are never parted by a page break."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from docgen.forms import build_form, form_keys
from docgen.policy import load_policy
from docgen.render.docx import render_docx
from tests.helpers.policies import SHIPPED

POLICIES = [p for p in SHIPPED if p.stem in ("worcestershire", "hertfordshire")]
FORMS = [(path, key) for path in POLICIES for key in form_keys(load_policy(path))]
CASES = [(path, key, filled) for path, key in FORMS for filled in (False, True)]
IDS = [f"{p.stem}-{k}-{'filled' if filled else 'blank'}" for p, k, filled in CASES]
MARGIN = 1134 / 20  # the page margins, in points (docgen/render/docx/document.py)
NAMES = ("Siân Llewelyn-ap Gwynfor", "Rhodri ap Dafydd")
NOTE = (
    "Trafodwyd cynnydd y teulu yn fanwl gyda Siân Llewelyn-ap Gwynfor; mae'r plant yn mynychu'r ysgol yn gyson "
    "ac mae'r fam wedi ymgysylltu â'r gwasanaeth cymorth cynnar. Cytunwyd y bydd Rhodri ap Dafydd yn cwblhau'r "
    "asesiad risg wedi'i ddiweddaru erbyn diwedd y mis, gan gynnwys barn y plant a'r ysgol. Nodwyd pryderon am "
    "orlenwi yn y cartref a'r effaith ar gwsg y plentyn ieuengaf; trefnir ymweliad ar y cyd â'r tîm tai. "
    "Myfyriwyd ar lwyth gwaith y goruchwylai a'r effaith emosiynol o weithio gyda'r achos hwn, a chytunwyd ar "
    "gymorth ychwanegol drwy'r tîm lles. Bydd y cynllun yn cael ei adolygu yn y sesiwn nesaf."
)[:600]


def answer(f, i: int):
    if f.type == "multiline":
        return NOTE
    if f.type == "date":
        return dt.date(2025, 3, 14)
    if f.type == "checkbox":
        return True
    if f.options:
        return f.options[-1].key
    if f.type == "number":
        return 90
    return NAMES[i % 2]


def long_answers(spec) -> dict:
    """Every field answered (a 600-character Welsh note in every multi-line box), every row filled."""
    in_repeats = {f.id for r in spec.repeats() for f in r.fields}
    values: dict = {f.id: answer(f, i) for i, f in enumerate(spec.fields()) if f.id not in in_repeats}
    for r in spec.repeats():
        values[r.id] = [{f.short_id: answer(f, i) for i, f in enumerate(r.fields)} for _ in range(r.rows)]
    return values


def stem(path, key, filled: bool) -> str:
    return f"{path.stem}-{key.replace(':', '_')}-{'filled' if filled else 'blank'}"


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """Every case's PDF as LibreOffice prints it (one LibreOffice run converts them all)."""
    soffice = shutil.which("soffice")
    if not soffice:
        pytest.skip(reason="LibreOffice is not installed (run .ci/install-clients as root)")
    folder = tmp_path_factory.mktemp("paper")
    docs = []
    for path, key, filled in CASES:
        spec = build_form(load_policy(path), key)
        doc = folder / f"{stem(path, key, filled)}.docx"
        doc.write_bytes(render_docx(spec, long_answers(spec) if filled else None).data)
        docs.append(str(doc))
    profile = tmp_path_factory.mktemp("lo-profile")
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf"]
        + ["--outdir", str(folder), *docs],
        check=True,
        capture_output=True,
        timeout=900,
    )
    return folder


def pdf_of(printed, path, key, filled=False) -> pdfium.PdfDocument:
    return pdfium.PdfDocument(str(printed / f"{stem(path, key, filled)}.pdf"))


def page_texts(pdf) -> list[str]:
    return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]


def used(page) -> float:
    """How far down the page body its content (text, and the rules of boxes) reaches, 0..1."""
    height = page.get_height()
    lowest = height - MARGIN
    for obj in page.get_objects(max_depth=3):
        _, bottom, _, top = obj.get_bounds()
        if bottom >= MARGIN - 5 and top <= height - MARGIN + 5:  # not the header or the footer
            lowest = min(lowest, bottom)
    return (height - MARGIN - lowest) / (height - 2 * MARGIN)


@pytest.mark.parametrize("path,key,filled", CASES, ids=IDS)
def test_no_text_under_8_pt_and_no_near_empty_last_page(printed, path, key, filled):
    pdf = pdf_of(printed, path, key, filled)
    smallest = min(
        pdfium_c.FPDFText_GetFontSize(textpage.raw, c)
        for textpage in (pdf[i].get_textpage() for i in range(len(pdf)))
        for c in range(textpage.count_chars())
        if textpage.get_text_range(c, 1).strip()
    )
    assert smallest >= 8
    if len(pdf) > 1:
        last, before = used(pdf[len(pdf) - 1]), used(pdf[len(pdf) - 2])
        # near-empty only when tightening (a tenth of a page) would fit it on the page before
        assert last >= 0.2 or last > 1 - before + 0.1, f"the last of {len(pdf)} pages holds little"


WORCESTERSHIRE = next(p for p in POLICIES if p.stem == "worcestershire")


def page_holding(pages: list[str], words: str) -> int:
    [n] = [n for n, text in enumerate(pages) if words in text]
    return n


def test_the_management_introduction_its_list_and_its_box_share_a_page(printed):
    pages = page_texts(pdf_of(printed, WORCESTERSHIRE, "session-record"))
    n = page_holding(pages, "Management\r\ne.g.")  # the heading, then its introduction
    text = pages[n].split("Management\r\ne.g.", 1)[1]
    assert "Reviewing performance" in text and "Monitoring safeguarding workload" in text
    assert "Click or tap here to enter text" in text.split("Monitoring safeguarding workload", 1)[1]  # the box


def test_the_children_table_and_the_signature_block_are_never_parted(printed):
    pages = page_texts(pdf_of(printed, WORCESTERSHIRE, "session-record"))
    n = page_holding(pages, "Name of child")
    assert pages[n].count("☐ Child in Need") == 6  # each row's category: its options with tick boxes
    n = page_holding(pages, "Signatures")
    assert "Supervisee's signature" in pages[n] and "Date of Next Meeting" in pages[n]
    case = page_texts(pdf_of(printed, WORCESTERSHIRE, "case-record"))
    n = page_holding(case, "Signatures")
    assert "Signature of Supervisor" in case[n] and "Date signed by supervisee" in case[n]
