"""PDFium (Chrome, Edge) fills every field of every shipped form through its own form-filling API,
typing as a person does (select all and paste, or key by key), ticking, picking, and saving in
full or incrementally; docgen reads back exactly what was typed, from either save, and a harvest
of PDFium-filled forms reads every value with no issues. (What PDFium then shows on the page is
tests/render/test_pdfium_visible.py.)"""

import pytest

import docgen
from docgen.forms import build_form, form_keys
from docgen.parse import parse_bytes
from docgen.policy import load_policy
from docgen.render.pdf import render_pdf
from tests.helpers.pdfium_fill import fill_in_subprocess, pdfium_fills
from tests.helpers.pdfs import field_names
from tests.helpers.policies import SHIPPED

FORMS = [(path, key) for path in SHIPPED for key in form_keys(load_policy(path))]
IDS = [f"{p.stem}-{k}" for p, k in FORMS]
# every form pasted over and saved in full, and typed key by key and saved incrementally; the
# other two pairings on one form of every policy
MODES = [("replace", "full"), ("keys", "incremental")]
CASES = [pytest.param(p, k, t, s, id=f"{i}-{t}-{s}") for (p, k), i in zip(FORMS, IDS, strict=True) for t, s in MODES]
CASES += [
    pytest.param(p, "session-record", t, s, id=f"{p.stem}-session-record-{t}-{s}")
    for p in SHIPPED
    for t, s in [("keys", "full"), ("replace", "incremental")]
]


def pdfium_filled(path, key, typing, save, tmp_path):
    """A blank form of a shipped policy filled by PDFium: (blank, saved bytes, the values typed)."""
    spec = build_form(load_policy(path), key)
    blank = render_pdf(spec).data
    fills, want = pdfium_fills(spec)
    saved, summary = fill_in_subprocess(blank, fills, typing, save, tmp_path)
    assert sorted(summary["filled"]) == sorted(fills)  # PDFium found and filled every field
    assert sorted(summary["fields"]) == sorted(field_names(spec))  # and saw no others (signatures stay unsigned)
    return blank, saved, want


@pytest.mark.parametrize("path,key,typing,save", CASES)
def test_pdfium_fills_every_field_and_docgen_reads_back_what_was_typed(
    tmp_path, path, key, typing, save, both_pdf_readers
):
    blank, saved, want = pdfium_filled(path, key, typing, save, tmp_path)
    assert saved != blank
    record = parse_bytes(saved, "filled.pdf")  # read by qpdf and by the fast reader, which agree
    assert record.values == want
    assert record.issues == []
    assert sum(both_pdf_readers.values()) == 1


def test_docgen_reads_both_of_pdfiums_save_modes_alike(tmp_path):
    """An incremental save appends PDFium's changes to the blank file's bytes (a section Debian's
    qpdf 11 may call damaged); a full save rewrites the file. docgen reads both the same."""
    spec = build_form(load_policy(next(p for p in SHIPPED if p.stem == "worcestershire")), "session-record")
    blank = render_pdf(spec).data
    fills, want = pdfium_fills(spec)
    full, _ = fill_in_subprocess(blank, fills, "replace", "full", tmp_path)
    incremental, _ = fill_in_subprocess(blank, fills, "replace", "incremental", tmp_path)
    assert not full.startswith(blank)  # really a rewrite
    assert incremental.startswith(blank) and len(incremental) > len(blank)  # really an update appended
    # PDFium ends the appended cross-reference stream without `endobj`: Debian's qpdf 11.3 command
    # line then gives up on the file ("unable to find trailer dictionary"); docgen reads it
    records = [parse_bytes(data, "filled.pdf") for data in (full, incremental)]
    assert [r.values for r in records] == [want, want]
    assert [r.issues for r in records] == [[], []]
    assert records[0].manifest == records[1].manifest


def test_a_harvest_of_pdfium_filled_forms_reads_every_value_with_no_issues(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    expected = {}
    for path in SHIPPED:
        agreement = next((k for k in form_keys(load_policy(path)) if k.startswith("agreement")), None)
        forms = [("session-record", "replace", "incremental")] + ([(agreement, "keys", "full")] if agreement else [])
        for key, typing, save in forms:  # a policy may have no agreement (Greater London Fostering)
            name = f"{path.stem}-{key.replace(':', '-')}"
            (tmp_path / name).mkdir()
            _, saved, want = pdfium_filled(path, key, typing, save, tmp_path / name)
            name += ".pdf"
            (inbox / name).write_bytes(saved)
            expected[name] = want
    result = docgen.harvest_folders(inbox, tmp_path / "harvest.db", jobs=1)
    assert (result.files, result.counts["ok"], result.needs_attention) == (len(expected), len(expected), 0)
    records = {r["path"].rpartition("/")[2]: r for r in docgen.read_records(tmp_path / "harvest.db")}
    assert sorted(records) == sorted(expected)
    for name, want in expected.items():
        assert (records[name]["status"], records[name]["issues"]) == ("ok", [])
        assert records[name]["values"] == want, name
