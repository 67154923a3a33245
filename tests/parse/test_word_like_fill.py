"""Forms filled the way Microsoft Word fills them (tests/helpers/word_fill.py: placeholders
removed, runs split with rsids, proofing marks, a _GoBack bookmark, w:fullDate, w:lastValue,
w14:checked, repeating-section items added with fresh ids, curly quotes and Welsh letters) read
back completely, for every form of every shipped policy, and stay valid for Word."""

import io
import json
import zipfile

import pytest
from click.testing import CliRunner
from lxml import etree

from docgen.cli import main
from docgen.forms import form_keys
from docgen.parse.docx import parse_docx
from docgen.policy import load_policy
from docgen.render.docx import render_docx
from tests.helpers.older_forms import with_dropdowns
from tests.helpers.policies import SHIPPED, spec_for
from tests.helpers.word_fill import W14, W15, W, word_fill, word_fills
from tests.helpers.word_validator import needs_validator, summary, validate

FORMS = [(path, key) for path in SHIPPED for key in form_keys(load_policy(path))]


def _document(data: bytes):
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))


@pytest.fixture(scope="module")
def filled() -> dict:
    """{(path, key): (Word-filled bytes, what parsing must return, the fills)}."""
    out: dict = {}
    for path, key in FORMS:
        spec = spec_for(path, key)
        fills, want = word_fills(spec)
        out[(path, key)] = (word_fill(render_docx(spec, document_id=f"{path.stem}-{key}").data, fills), want, fills)
    return out


@pytest.fixture(scope="module")
def word_errors(filled, tmp_path_factory) -> dict:
    """Every Word-filled file validated (Office 2016 and Microsoft 365) in one batch: {file name: errors}."""
    folder = tmp_path_factory.mktemp("word-filled")
    errors: dict = {}
    for (path, key), (data, _, _) in filled.items():
        (folder / f"{path.stem}-{key}.docx").write_bytes(data)
        errors[f"{path.stem}-{key}.docx"] = []
    for error in validate([folder / name for name in errors]):
        errors[error["file"]].append(error)
    return errors


@pytest.mark.parametrize("path,key", FORMS, ids=[f"{p.stem}-{k}" for p, k in FORMS])
def test_a_form_filled_as_word_fills_it_reads_back_completely(filled, path, key):
    data, want, fills = filled[(path, key)]
    record = parse_docx(data)
    assert record.values == want
    assert record.issues == []
    assert record.manifest["form_id"] == spec_for(path, key).manifest.form_id
    assert len(fills) == sum(1 for v in want.values() if not isinstance(v, list)) + sum(
        len(row) for v in want.values() if isinstance(v, list) for row in v
    )


@needs_validator
@pytest.mark.parametrize("path,key", FORMS, ids=[f"{p.stem}-{k}" for p, k in FORMS])
def test_a_form_filled_as_word_fills_it_is_valid_for_word(word_errors, path, key):
    assert summary(word_errors[f"{path.stem}-{key}.docx"]) == []


def test_the_word_like_fill_edits_as_word_does(filled):
    """The filler really does what Word does (so the round trips above test those edits)."""
    path, key = next(f for f in FORMS if f[0].stem == "worcestershire" and f[1] == "session-record")
    data, want, fills = filled[(path, key)]
    root = _document(data)
    blank = _document(render_docx(spec_for(path, key), document_id="blank").data)
    ns = {"w": W, "w14": W14, "w15": W15}
    assert root.xpath("//w:showingPlcHdr", namespaces=ns) == []
    assert root.xpath("//w:rStyle[@w:val='PlaceholderText']", namespaces=ns) == []
    assert root.xpath("//w:date/@w:fullDate", namespaces=ns)
    spec = spec_for(path, key)
    older = _document(word_fill(with_dropdowns(spec), word_fills(spec)[0]))  # a form issued with dropdowns
    assert older.xpath("//w:dropDownList/@w:lastValue", namespaces=ns)
    plain = "//w14:checkbox[not(contains(../w:tag/@w:val, '='))]"  # a checkbox field; "=": a choice's option
    assert root.xpath(f"{plain}/w14:checked/@w14:val", namespaces=ns) == ["1"] * len(blank.xpath(plain, namespaces=ns))
    options = root.xpath("//w:sdtPr[w14:checkbox][contains(w:tag/@w:val, '=')]", namespaces=ns)
    assert options
    ticked = [
        o.find(f"{{{W}}}tag").get(f"{{{W}}}val")
        for o in options
        if o.find(f"{{{W14}}}checkbox/{{{W14}}}checked").get(f"{{{W14}}}val") == "1"
    ]
    choices = [f.id for f in spec.fields() if f.options]
    rows = {r.id: len(want[r.id]) for r in spec.repeats()}
    assert sorted(t.split("=")[0] for t in ticked) == sorted(
        i for i in choices for _ in range(rows.get(i.rpartition(".")[0], 1))
    )  # one option ticked per choice (per row)
    assert root.xpath("//w:bookmarkStart/@w:name", namespaces=ns) == ["_GoBack"]
    assert root.xpath("//w:proofErr", namespaces=ns) and root.xpath("//w:r/@w:rsidR", namespaces=ns)
    items = len(root.xpath("//w15:repeatingSectionItem", namespaces=ns))
    assert items == len(blank.xpath("//w15:repeatingSectionItem", namespaces=ns)) + len(
        list(spec_for(path, key).repeats())
    )
    ids = root.xpath("//w:sdtPr/w:id/@w:val", namespaces=ns)
    assert len(ids) == len(set(ids))  # the added items took fresh ids
    para_ids = root.xpath("//w:p/@w14:paraId", namespaces=ns)
    assert len(para_ids) == len(set(para_ids)) == len(root.xpath("//w:p", namespaces=ns))
    supervisee = root.xpath("//w:sdt[w:sdtPr/w:tag/@w:val='supervisee']/w:sdtContent//w:t/text()", namespaces=ns)
    assert len(supervisee) > 1 and "".join(supervisee) == want["supervisee"]  # split runs
    text = "".join(root.xpath("//w:t/text()", namespaces=ns))
    assert "Siân ap Rhŷs" in text and "\u2018quoted\u2019" in text and "ẁ ẃ ẅ ỳ" in text


def test_docgen_parse_reads_a_word_filled_form(filled, tmp_path):
    path, key = next(f for f in FORMS if f[0].stem == "worcestershire" and f[1] == "session-record")
    data, want, _ = filled[(path, key)]
    (tmp_path / "filled.docx").write_bytes(data)
    result = CliRunner().invoke(main, ["parse", str(tmp_path / "filled.docx")])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["values"] == want
    assert record["issues"] == []
    assert "Siân ap Rhŷs" in result.output and "Ŵyn O\u2019Brien \u2013 \u2018quoted\u2019 \u2026" in result.output
