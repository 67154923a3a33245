"""Issue 13, item 12: what an admin should know about a PDF that was read all the same.

Active content (JavaScript other than docgen's own date formatting, Launch and SubmitForm
actions) and answers changed by an incremental update after a digital signature are record
issues: the file is stored with status ok_with_issues and problems.csv names the code. Both PDF
readers must agree (tests/conftest.py, both_pdf_readers).
"""

from __future__ import annotations

import csv
import io
import re

import pikepdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.forms import build_form
from docgen.harvest import harvest
from docgen.parse import parse_bytes
from docgen.policy import load_policy
from docgen.render.pdf import render_pdf
from tests.helpers.policies import POLICIES

pytestmark = pytest.mark.usefixtures("both_pdf_readers")

FLAGS = ("javascript", "launch-action", "submit-action", "signed-then-changed")


@pytest.fixture(scope="module")
def pdf() -> bytes:
    spec = build_form(load_policy(POLICIES / "worcestershire.yaml"), "session-record")
    return render_pdf(spec, {"notes": "as it was signed"}).data


def _edit(data: bytes, change, **save) -> bytes:
    p = pikepdf.open(io.BytesIO(data))
    change(p)
    out = io.BytesIO()
    p.save(out, **save)
    return out.getvalue()


def _field(p, name):
    return next(f for f in p.Root.AcroForm.Fields if str(f.get("/T", "")) == name)


def _flags(data: bytes) -> list[str]:
    return sorted(i.code for i in parse_bytes(data, "f.pdf").issues if i.code in FLAGS)


def test_docgens_own_forms_with_their_date_scripts_are_not_flagged(pdf):
    opened = pikepdf.open(io.BytesIO(pdf))
    scripts = [str(f.AA.F.JS) for f in opened.Root.AcroForm.Fields if "/AA" in f]
    assert scripts and all(s.startswith("AFDate_FormatEx(") for s in scripts)  # docgen's own JavaScript
    assert _flags(pdf) == []
    assert _flags(_edit(pdf, lambda p: None)) == []  # as qpdf rewrites it


def _js(code: str):
    return pikepdf.Dictionary(S=pikepdf.Name("/JavaScript"), JS=pikepdf.String(code))


def _open_action(p):
    p.Root.OpenAction = _js("app.alert('hello');")


def _names_tree(p):
    p.Root.Names = pikepdf.Dictionary(
        JavaScript=pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("x"), p.make_indirect(_js("this.print();"))]))
    )


def _field_script(p):
    _field(p, "notes").AA = pikepdf.Dictionary(K=_js("AFDate_KeystrokeEx(\"dd/mm/yyyy\"); app.launchURL('x');"))


def _script_as_stream(p):
    action = pikepdf.Dictionary(S=pikepdf.Name("/JavaScript"), JS=p.make_stream(b"app.alert(1);"))
    p.Root.OpenAction = p.make_indirect(action)


def _launch(p):
    p.pages[0].AA = pikepdf.Dictionary(O=pikepdf.Dictionary(S=pikepdf.Name("/Launch"), F=pikepdf.String("cmd.exe")))


def _submit(p):
    button = p.make_indirect(
        pikepdf.Dictionary(
            FT=pikepdf.Name("/Btn"),
            Ff=1 << 16,
            T=pikepdf.String("send"),
            Type=pikepdf.Name("/Annot"),
            Subtype=pikepdf.Name("/Widget"),
            Rect=[0, 0, 10, 10],
            A=pikepdf.Dictionary(
                S=pikepdf.Name("/SubmitForm"),
                F=pikepdf.Dictionary(FS=pikepdf.Name("/URL"), F=pikepdf.String("https://x.example/")),
            ),
        )
    )
    p.Root.AcroForm.Fields.append(button)


@pytest.mark.parametrize(
    "change,code",
    [
        (_open_action, "javascript"),
        (_names_tree, "javascript"),
        (_field_script, "javascript"),
        (_script_as_stream, "javascript"),
        (_launch, "launch-action"),
        (_submit, "submit-action"),
    ],
)
@pytest.mark.parametrize("streams", ["object streams", "plain objects"])
def test_active_content_is_flagged(pdf, change, code, streams):
    mode = pikepdf.ObjectStreamMode.generate if streams == "object streams" else pikepdf.ObjectStreamMode.disable
    data = _edit(pdf, change, object_stream_mode=mode)
    record = parse_bytes(data, "f.pdf")
    assert [i.code for i in record.issues if i.code in FLAGS] == [code]
    assert record.values["notes"] == "as it was signed"  # read all the same


def test_a_name_hidden_behind_hex_escapes_is_still_seen(pdf):
    data = _edit(pdf, _launch, object_stream_mode=pikepdf.ObjectStreamMode.disable, compress_streams=False)
    assert data.count(b"/Launch") == 1
    assert _flags(data.replace(b"/Launch", b"/L#61unch")) == ["launch-action"]


# --- signed, then changed -------------------------------------------------------------------------

_WIDTH = 10  # digits of each /ByteRange number, patched in place once the file's length is known


def _signed(pdf: bytes) -> bytes:
    """The form with a signature field whose /ByteRange covers the whole file, as a signing tool
    leaves it (the signature itself is not checked, so its /Contents is a dummy)."""

    def change(p):
        signature = p.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name("/Sig"),
                Filter=pikepdf.Name("/Adobe.PPKLite"),
                SubFilter=pikepdf.Name("/adbe.pkcs7.detached"),
                ByteRange=[0, 10 ** (_WIDTH - 1), 2 * 10 ** (_WIDTH - 1), 3 * 10 ** (_WIDTH - 1)],
                Contents=pikepdf.String(b"\x00" * 64),
            )
        )
        p.Root.AcroForm.Fields.append(
            p.make_indirect(
                pikepdf.Dictionary(
                    FT=pikepdf.Name("/Sig"),
                    T=pikepdf.String("signature"),
                    V=signature,
                    Type=pikepdf.Name("/Annot"),
                    Subtype=pikepdf.Name("/Widget"),
                    Rect=[0, 0, 0, 0],
                )
            )
        )

    data = _edit(pdf, change, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    found = re.search(rb"/ByteRange \[ 0 (\d{%d}) (\d{%d}) (\d{%d}) \]" % (_WIDTH, _WIDTH, _WIDTH), data)
    assert found, "the placeholder /ByteRange is in the file as written"
    length = len(data)
    numbers = b" ".join(b"%0*d" % (_WIDTH, n) for n in (length // 2, length // 2 + 64, length - length // 2 - 64))
    return data[: found.start(1)] + numbers + data[found.end(3) :]


def _update(data: bytes, change) -> bytes:
    """`data` with one incremental update appended that rewrites the objects `change(pdf)` returns."""
    p = pikepdf.open(io.BytesIO(data))
    objects = change(p)
    prev = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    out = bytearray(data)
    offsets = {}
    for obj in objects:
        num, gen = obj.objgen
        offsets[num] = len(out)
        out += b"%d %d obj\n" % (num, gen) + obj.unparse(resolved=True) + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 1\n0000000000 65535 f \n"
    for num, at in sorted(offsets.items()):
        out += b"%d 1\n%010d 00000 n \n" % (num, at)
    root, info = p.trailer.Root.objgen[0], p.trailer.Info.objgen[0]
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        int(p.trailer.Size),
        root,
        info,
        prev,
        xref,
    )
    return bytes(out)


def _change_notes(p):
    notes = _field(p, "notes")
    notes.V = pikepdf.String("changed after signing")
    return [notes]


def _change_info(p):
    p.trailer.Info.ModDate = pikepdf.String("D:20260101000000Z")
    return [p.trailer.Info]


def test_a_signature_over_the_whole_file_is_not_flagged(pdf):
    assert _flags(_signed(pdf)) == []


def test_an_answer_changed_after_signing_is_flagged(pdf):
    data = _update(_signed(pdf), _change_notes)
    record = parse_bytes(data, "f.pdf")
    assert record.values["notes"] == "changed after signing"
    flagged = [i for i in record.issues if i.code == "signed-then-changed"]
    assert len(flagged) == 1 and flagged[0].field == "signature" and "notes" in flagged[0].message
    assert "changed after signing" not in flagged[0].message  # names the field, never the answer


def test_an_update_after_signing_that_changes_no_answer_is_not_flagged(pdf):
    assert _flags(_update(_signed(pdf), _change_info)) == []


def test_the_harvest_stores_flagged_files_as_ok_with_issues_and_names_the_codes(pdf, tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "clean.pdf").write_bytes(pdf)
    (inbox / "script.pdf").write_bytes(_edit(pdf, _open_action))
    (inbox / "launch.pdf").write_bytes(_edit(pdf, _launch))
    (inbox / "submit.pdf").write_bytes(_edit(pdf, _submit))
    (inbox / "changed.pdf").write_bytes(_update(_signed(pdf), _change_notes))
    result = harvest([inbox], tmp_path / "h.db", jobs=1)
    rows = {
        r["path"].rsplit("/", 1)[1]: r
        for r in csv.DictReader(io.StringIO((tmp_path / "problems.csv").read_text(encoding="utf-8-sig")))
    }
    want = {
        "script.pdf": "javascript",
        "launch.pdf": "launch-action",
        "submit.pdf": "submit-action",
        "changed.pdf": "signed-then-changed",
    }
    for name, code in want.items():
        assert rows[name]["status"] == "ok_with_issues" and code in rows[name]["code"].split(), rows[name]
        assert rows[name]["what to do"] and not rows[name]["problem"].startswith(":")
    assert "clean.pdf" not in rows or not set(rows["clean.pdf"]["code"].split()) & set(FLAGS)
    assert result.counts["failed"] == 0


# Bytes that make names, escapes and near misses likely
_PIECES = st.one_of(
    st.sampled_from(
        [
            b"/",
            b"#",
            b"4A",
            b"53",
            b"zz",
            b"JS",
            b"JavaScript",
            b"Launch",
            b"SubmitForm",
            b"S",
            b" ",
            b"(",
            b"<<",
            b"\x00",
            b"\xff",
            b"a",
            b"%",
        ]
    ),
    st.from_regex(rb"\A/[A-Za-z0-9]{0,3}(#[0-9A-Fa-fxz]{0,2})?[A-Za-z]{0,4}(#[0-9A-Fa-f]{2})?[a-z]{0,5}\Z"),
    st.sampled_from([b"/J#53", b"/#4AS", b"/Java#53cript", b"/L#61unch", b"/Submit#46orm", b"/J#53x"]),
)  # escaped names


def _action_names(data: bytes) -> set[int]:
    """Where a name that reads as JS, JavaScript, Launch or SubmitForm starts: every '/' and the
    bytes after it up to a delimiter, with #xx escapes undone (the reference, written plainly)."""
    found = set()
    for at in (i for i, b in enumerate(data) if b == ord("/")):
        end = at + 1
        while end < len(data) and data[end] not in b"\x00\t\n\f\r ()<>[]{}/%":
            end += 1
        name = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes.fromhex(m.group(1).decode()), data[at + 1 : end])
        if name in (b"JS", b"JavaScript", b"Launch", b"SubmitForm"):
            found.add(at)
    return found


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(st.one_of(_PIECES, st.binary(max_size=6)), max_size=40).map(b"".join))
def test_the_quick_searches_find_every_name_an_action_needs(data):
    """fast_active looks for the names of actions with two quick patterns (HINT, which stops at
    every '/', is three times slower on a whole file); they find exactly the names that read as
    an action's, plain or escaped (a harmless script action aside, and there is none here)."""
    from docgen.parse.pdfflags import _file_hints, _hints

    want = _action_names(data)
    assert set(_file_hints(data)) == want
    assert set(_hints(data, 0)) == want  # (an object stream's text)
