"""Issue 13, item 10: the parsers' gaps, from real generated forms.

A DOCTYPE hidden by UTF-16 or placed after the first 4 KB is refused as unsafe-xml; a PDF /V
of a type no answer has (a dictionary, a reference loop, a real number, deep arrays) or with
broken Unicode is an explicit bad-value issue, never text like "pikepdf.Dictionary(...)" or a
silent loss; a manifest value that is not text is a damaged manifest; and a value compressed
many times over is refused within a small memory budget.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zlib

import pikepdf
import pytest

from docgen.forms import build_form
from docgen.parse import FormError, parse_bytes
from docgen.policy import load_policy
from docgen.render.docx import render_docx
from docgen.render.pdf import render_pdf
from tests.helpers.hostile import _rezip
from tests.helpers.policies import POLICIES


@pytest.fixture(scope="module")
def spec():
    return build_form(load_policy(POLICIES / "worcestershire.yaml"), "session-record")


@pytest.fixture(scope="module")
def docx(spec) -> bytes:
    return render_docx(spec).data


@pytest.fixture(scope="module")
def pdf(spec) -> bytes:
    return render_pdf(spec).data


def _code(data: bytes, name: str) -> str:
    with pytest.raises(FormError) as info:
        parse_bytes(data, name)
    return info.value.code


# --- DOCX: DOCTYPE in any encoding, anywhere ---------------------------------------------------

_DOCTYPE = '<!DOCTYPE d [<!ENTITY x "expanded">]>'


def _with_doctype(document: bytes, encoding: str, padding: int = 0) -> bytes:
    body = document.split(b"?>", 1)[1].decode("utf-8")
    head = f'<?xml version="1.0" encoding="{encoding}" standalone="yes"?>'
    comment = f"<!--{'x' * padding}-->" if padding else ""
    return (head + comment + _DOCTYPE + body).encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_doctype_in_a_utf16_document_is_unsafe_xml(docx, encoding):
    def change(members):
        members["word/document.xml"] = _with_doctype(members["word/document.xml"], encoding)

    hostile = _rezip(docx, change)
    assert _code(hostile, "f.docx") == "unsafe-xml"


def test_a_doctype_after_the_first_4kb_is_unsafe_xml(docx):
    def change(members):
        body = members["word/document.xml"].split(b"?>", 1)[1]
        members["word/document.xml"] = (
            b'<?xml version="1.0" encoding="UTF-8"?><!--' + b"x" * 5000 + b"-->"
            b'<!DOCTYPE w:document SYSTEM "http://example.org/w.dtd">' + body
        )

    assert _code(_rezip(docx, change), "f.docx") == "unsafe-xml"


def test_a_doctype_in_the_utf16_manifest_part_is_unsafe_xml(docx):
    def change(members):
        name = next(n for n in members if re.fullmatch(r"customXml/item\d+\.xml", n) and b"docgen" in members[n])
        members[name] = _with_doctype(members[name], "utf-16")

    assert _code(_rezip(docx, change), "f.docx") == "unsafe-xml"


def test_a_plain_utf16_document_without_doctype_is_still_read(docx):
    def change(members):
        body = members["word/document.xml"].split(b"?>", 1)[1].decode("utf-8")
        members["word/document.xml"] = ('<?xml version="1.0" encoding="utf-16"?>' + body).encode("utf-16")

    record = parse_bytes(_rezip(docx, change), "f.docx")
    assert record.manifest["kind"] == "session-record"
    assert not [i for i in record.issues if i.code in ("missing-control", "unknown-control")]


# --- PDF: every non-string /V explicitly --------------------------------------------------------


def _edit(data: bytes, change) -> bytes:
    pdf = pikepdf.open(io.BytesIO(data))
    change(pdf)
    out = io.BytesIO()
    pdf.save(out, stream_decode_level=pikepdf.StreamDecodeLevel.none, compress_streams=False)  # streams as made
    return out.getvalue()


def _field(pdf, name):
    return next(f for f in pdf.Root.AcroForm.Fields if str(f.get("/T", "")) == name)


def _with_v(pdf: bytes, value) -> bytes:
    def change(p):
        _field(p, "notes").V = value(p) if callable(value) else value

    return _edit(pdf, change)


def _notes(record) -> tuple:
    return record.values["notes"], [i for i in record.issues if i.field == "notes"]


def _deep(p):
    value = pikepdf.Array([pikepdf.String("x")])
    for _ in range(10):
        value = pikepdf.Array([value])
    return value


@pytest.mark.parametrize(
    "label,value,what",
    [
        ("dictionary", lambda p: pikepdf.Dictionary(A=1), "a dictionary"),
        ("real", 1.5, "a number"),
        ("boolean", True, "true or false"),
        ("integer", 5001, "a number"),
        ("deep array", _deep, "arrays nested"),
        ("array of dictionaries", lambda p: pikepdf.Array([pikepdf.Dictionary(A=1)]), "a dictionary"),
    ],
)
def test_a_value_of_an_odd_type_is_empty_with_a_bad_value_issue(pdf, label, value, what):
    record = parse_bytes(_with_v(pdf, value), "f.pdf")
    got, issues = _notes(record)
    assert got is None, label
    assert [i.code for i in issues] == ["bad-value"]
    assert what in issues[0].message and "pikepdf" not in issues[0].message


def _raw_with_v(pdf: bytes, body: bytes) -> bytes:
    """The form with notes' /V an indirect object whose text is `body` (written into the file)."""

    def change(p):
        _field(p, "notes").V = p.make_indirect(pikepdf.String("PLACEHOLDER"))

    p = pikepdf.open(io.BytesIO(pdf))
    change(p)
    out = io.BytesIO()
    p.save(out, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    data = out.getvalue()
    found = re.search(rb"(\d+) 0 obj\s*\(PLACEHOLDER\)\s*endobj", data)
    num = int(found.group(1))
    return (
        data[: found.start()]
        + b"%d 0 obj\n" % num
        + body.replace(b"NUM", b"%d" % num)
        + b"\nendobj"
        + data[found.end() :]
    )


def test_a_reference_loop_is_not_read_as_its_object_number(pdf):
    record = parse_bytes(_raw_with_v(pdf, b"NUM 0 R"), "f.pdf")
    got, issues = _notes(record)
    assert got is None
    assert [i.code for i in issues] == ["bad-value"]


def test_arrays_nested_beyond_what_qpdf_reads_do_not_vanish(pdf):
    data = _raw_with_v(pdf, b"[" * 600 + b"(x)" + b"]" * 600)
    assert _code(data, "f.pdf") == "corrupt"


def test_a_lone_surrogate_is_replaced_visibly_with_an_issue(pdf):
    record = parse_bytes(_with_v(pdf, pikepdf.String(b"\xfe\xff\xd8\x00\x00A\x00b")), "f.pdf")
    got, issues = _notes(record)
    assert got == "\ufffdAb"
    assert [i.code for i in issues] == ["bad-value"]
    assert "Ab" not in issues[0].message  # the answer itself is not echoed


@pytest.mark.parametrize("bad", [5, None, ["session-record"], {"a": 1}, "\ud800 a lone surrogate"])
def test_a_manifest_value_that_is_not_text_is_a_damaged_manifest(pdf, bad):
    def change(p):
        manifest = json.loads(str(p.docinfo["/DocgenManifest"]))
        manifest["kind"] = bad
        p.docinfo["/DocgenManifest"] = json.dumps(manifest)

    with pytest.raises(FormError) as info:
        parse_bytes(_edit(pdf, change), "f.pdf")
    assert info.value.code == "corrupt"
    assert "manifest" in info.value.message and "Error" not in info.value.message


# --- PDF: a decompression budget across stacked filters -----------------------------------------


def _stacked_bomb(size: int, layers: int) -> bytes:
    """`size` zero bytes compressed `layers` times over (made without holding `size` bytes)."""
    packer, chunk = zlib.compressobj(9), bytes(1 << 20)
    data = b"".join(packer.compress(chunk) for _ in range(size >> 20)) + packer.flush()
    for _ in range(layers - 1):
        data = zlib.compress(data, 9)
    return data


def _with_stacked_value(pdf: bytes, payload: bytes, layers: int) -> bytes:
    def change(p):
        stream = p.make_stream(b"")
        stream.write(payload, filter=pikepdf.Array([pikepdf.Name("/FlateDecode")] * layers))  # already encoded
        _field(p, "notes").V = stream

    return _edit(pdf, change)


def test_a_value_flated_twice_reads_back(pdf):
    text = "first line\nsecond line"
    payload = zlib.compress(zlib.compress(text.encode()))
    assert parse_bytes(_with_stacked_value(pdf, payload, 2), "f.pdf").values["notes"] == text


_CAPPED = """
import os, resource, sys
from docgen.parse import FormError, parse_bytes
data = open(sys.argv[1], "rb").read()
with open("/proc/self/statm") as statm:  # the address space now, shared libraries included
    now = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
resource.setrlimit(resource.RLIMIT_AS, (now + 300 * 2**20, now + 300 * 2**20))  # 300 MB more, no further
try:
    parse_bytes(data, "f.pdf")
    print("read")
except FormError as exc:
    print(exc.code, exc.message)
except MemoryError:
    print("MemoryError")
"""


@pytest.fixture(scope="module")
def stacked_bomb(pdf, tmp_path_factory):
    bomb = tmp_path_factory.mktemp("bomb") / "bomb.pdf"
    bomb.write_bytes(_with_stacked_value(pdf, _stacked_bomb(600 << 20, 3), 3))  # 600 MB behind 3 filters
    return bomb


def test_a_stacked_flate_bomb_is_refused_within_a_small_memory_budget(stacked_bomb):
    """Read with 300 MB to spare (as a harvest worker is capped): before the budget, qpdf inflated
    all 600 MB and failed with std::bad_alloc (or peaked at 1.2 GB uncapped)."""
    out = subprocess.run(
        [sys.executable, "-c", _CAPPED, str(stacked_bomb)], capture_output=True, text=True, timeout=120, check=False
    )
    assert out.stdout.split(" ", 1)[0] == "zip-bomb", out.stdout + out.stderr


def test_too_many_stacked_filters_are_refused(pdf):
    payload = b"x"
    for _ in range(12):
        payload = zlib.compress(payload)
    assert _code(_with_stacked_value(pdf, payload, 12), "f.pdf") == "corrupt"


def test_a_stacked_flate_bomb_is_a_zip_bomb_in_the_harvest_too(stacked_bomb, tmp_path):
    from docgen.harvest import harvest

    db = tmp_path / "h.db"
    harvest([stacked_bomb.parent], db, jobs=1, memory_mb=300)  # a worker's memory cap, as in any harvest
    text = (tmp_path / "problems.csv").read_text(encoding="utf-8-sig")
    assert ",failed,zip-bomb," in text and "bad_alloc" not in text
