"""The fast PDF reader (docgen/parse/pdfobjects.py, pdftokens.py) against qpdf (pikepdf).

It must read what qpdf reads, or decline (Unsupported: the file then goes to qpdf), or raise a
FormError; never a traceback, never a different answer, and always in bounded time and memory.
Files here are docgen's own forms saved in every layout qpdf writes, files written by hand (a
small writer below) for what qpdf never writes (incremental updates, /Index subsections, PNG
predictor rows), and hostile files.
"""

import io
import re
import time
import zlib

import pikepdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docgen.parse import FormError, parse_bytes
from docgen.parse.pdf import read_fast, read_pdf, read_qpdf
from docgen.parse.pdfobjects import Document
from docgen.parse.pdftokens import PDFDOC, Unsupported, entry, parse_value, text
from docgen.parse.pngup import undo_png_up
from docgen.render.pdf import render_pdf
from tests.helpers.pdfs import pdf_outcome, read_fast_only
from tests.helpers.policies import POLICIES, spec_for

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def filled():
    """Worcestershire's session record as docgen writes it (object streams, xref stream), filled."""
    spec = spec_for(POLICIES / "worcestershire.yaml", "session-record")
    choice = next(f for f in spec.fields() if f.id == "supervision_type")
    values = {
        "supervisee": "Siân ap Rhŷs (Ltd) \\ 中文",
        "supervisor": "O'Brien",
        "notes": "line one\nline two",
        "supervision_type": choice.options[1].key,
        "session_date": "2026-01-31",
    }
    return render_pdf(spec, values).data


def resave(data: bytes, **options) -> bytes:
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pdf.save(out, **options)
    return out.getvalue()


LAYOUTS = {
    "docgen": {},
    "xref table, no object streams": {"object_stream_mode": pikepdf.ObjectStreamMode.disable},
    "qdf": {"qdf": True, "object_stream_mode": pikepdf.ObjectStreamMode.disable},
    "object streams preserved": {"object_stream_mode": pikepdf.ObjectStreamMode.preserve},
    "uncompressed streams": {"compress_streams": False, "object_stream_mode": pikepdf.ObjectStreamMode.generate},
}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_qpdf_writes_is_read_by_the_fast_reader_alike(filled, layout):
    data = filled if layout == "docgen" else resave(filled, **LAYOUTS[layout])
    fast = pdf_outcome(read_fast, data)  # no Unsupported: these need no qpdf
    assert fast == pdf_outcome(read_qpdf, data)
    assert fast[0] == "ok" and fast[2]["supervisee"] == "Siân ap Rhŷs (Ltd) \\ 中文"


def test_linearized_files_are_read_alike_or_declined(filled):
    data = resave(filled, linearize=True)
    try:
        fast = pdf_outcome(read_fast, data)
    except Unsupported:
        return
    assert fast == pdf_outcome(read_qpdf, data)


# --- a small writer for what qpdf does not write ---------------------------------------------------


def write_pdf(
    objects: dict[int, bytes],
    root: int,
    info: int | None = None,
    *,
    xref_stream: bool = False,
    header: bytes = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
    compressed: dict | None = None,
) -> bytes:
    """A PDF of the given objects (number -> body after `n 0 obj`), with a classic xref table or
    an xref stream (W [1 3 1], PNG Up predictor, one /Index subsection per run of numbers), which
    can list `compressed` objects (number -> (object stream, index))."""
    out = bytearray(header)
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (num, objects[num])
    trailer = b"/Root %d 0 R" % root + (b" /Info %d 0 R" % info if info else b"")
    return bytes(out + _xref(offsets, len(out), trailer, xref_stream, None, compressed or {}))


def append_update(
    data: bytes, objects: dict[int, bytes], root: int, info: int | None = None, *, xref_stream: bool = False
) -> bytes:
    """An incremental update, as a viewer saves one: new versions of objects after the old file."""
    prev = int(data[data.rindex(b"startxref") + 9 :].split()[0])
    out = bytearray(data + b"\n")
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (num, objects[num])
    trailer = b"/Root %d 0 R" % root + (b" /Info %d 0 R" % info if info else b"")
    return bytes(out + _xref(offsets, len(out), trailer, xref_stream, prev))


def _xref(
    offsets: dict[int, int],
    at: int,
    trailer: bytes,
    xref_stream: bool,
    prev: int | None,
    compressed: dict | None = None,
) -> bytes:
    compressed = compressed or {}
    own = 100 + (0 if prev is None else prev % 97)  # the xref stream's own number, new in each revision
    size = 200
    prev_entry = b" /Prev %d" % prev if prev is not None else b""
    if not xref_stream:
        runs = _runs(sorted(offsets) if prev is not None else [0, *sorted(offsets)])
        body = b"xref\n"
        for first, count in runs:
            body += b"%d %d\n" % (first, count)
            for num in range(first, first + count):
                body += b"0000000000 65535 f \n" if num == 0 else b"%010d 00000 n \n" % offsets[num]
        return body + b"trailer\n<< /Size %d %s%s >>\nstartxref\n%d\n%%%%EOF\n" % (size, trailer, prev_entry, at)
    offsets = {**offsets, own: at}  # the xref stream lists itself
    nums = sorted({*offsets, *compressed}) if prev is not None else [0, *sorted({*offsets, *compressed})]
    rows, prev_row = [], bytes(5)
    for num in nums:
        row = (
            b"\x00\x00\xff\xff\xff"
            if num == 0
            else b"\x02" + compressed[num][0].to_bytes(3, "big") + bytes([compressed[num][1]])
            if num in compressed
            else b"\x01" + offsets[num].to_bytes(3, "big") + b"\x00"
        )
        rows.append(b"\x02" + bytes((a - b) % 256 for a, b in zip(row, prev_row, strict=True)))
        prev_row = row
    data = zlib.compress(b"".join(rows))
    index = b" ".join(b"%d %d" % run for run in _runs(nums))
    return (
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 3 1] /Index [%s] /Filter /FlateDecode /DecodeParms "
        b"<< /Predictor 12 /Columns 5 >> /Length %d %s%s >>\nstream\n%s\nendstream\nendobj\n"
        b"startxref\n%d\n%%%%EOF\n" % (own, size, index, len(data), trailer, prev_entry, data, at)
    )


def _runs(nums: list[int]) -> list[tuple[int, int]]:
    runs: list[list[int]] = []
    for num in nums:
        if runs and runs[-1][0] + runs[-1][1] == num:
            runs[-1][1] += 1
        else:
            runs.append([num, 1])
    return [tuple(r) for r in runs]


MANIFEST = (
    b'{"form_id": "f", "form_version": "1", "kind": "session-record", "policy_id": "p", '
    b'"policy_version": "1", "policy_digest": "x", "docgen_version": "0", "document_id": "d"}'
)
FIELDS = (
    b'{"fields": [{"id": "name", "type": "text", "label": "Name"}, '
    b'{"id": "ok", "type": "checkbox", "label": "OK"}], "repeats": []}'
)


def form_objects(name_value: bytes = b"(Ann)", box: bytes = b"/V /Yes") -> dict[int, bytes]:
    return {
        1: b"<< /Type /Catalog /Pages 2 0 R /AcroForm 4 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [5 0 R 6 0 R] >>",
        4: b"<< /Fields [5 0 R 6 0 R] >>",
        5: b"<< /FT /Tx /T (name) /V %s /Subtype /Widget /Rect [0 0 10 10] /P 3 0 R >>" % name_value,
        6: b"<< /FT /Btn /T (ok) %s /Subtype /Widget /Rect [0 20 10 30] /P 3 0 R >>" % box,
        7: b"<< /DocgenManifest (%s) /DocgenFields (%s) >>" % (MANIFEST, FIELDS),
    }


@pytest.mark.parametrize("xref_stream", [False, True], ids=["xref table", "xref stream"])
def test_incremental_updates_newest_revision_wins(xref_stream):
    base = write_pdf(form_objects(b"(Ann)", b""), 1, 7, xref_stream=xref_stream)
    updated = append_update(
        base,
        {5: form_objects(b"<FEFF0042006F0062>")[5], 6: form_objects(box=b"/AS /On")[6]},
        1,
        7,
        xref_stream=xref_stream,
    )
    assert read_fast(base).values == {"name": "Ann", "ok": False}  # a box with neither /V nor /AS is unticked
    assert pdf_outcome(read_fast, base) == pdf_outcome(read_qpdf, base)
    raw = read_fast(updated)
    assert raw.values == {"name": "Bob", "ok": True}
    assert pdf_outcome(read_fast, updated) == pdf_outcome(read_qpdf, updated)
    twice = append_update(updated, {5: form_objects(b"(Cy)")[5]}, 1, 7, xref_stream=not xref_stream)
    assert read_fast(twice).values == {"name": "Cy", "ok": True}
    assert pdf_outcome(read_fast, twice) == pdf_outcome(read_qpdf, twice)


def test_inheritance_kids_and_radio_groups_read_alike():
    objects = form_objects()
    objects[4] = b"<< /Fields [5 0 R 6 0 R 8 0 R 12 0 R 13 0 R 7] >>"  # a stream, a font and a number are no fields
    objects[12] = b"<< /T (s) /FT /Tx /Length 3 >>\nstream\nabc\nendstream"
    objects[13] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    objects[6] = b"<< /FT /Btn /Ff 32768 /T (ok) /V /1 /Opt [(no) (yes)] /Kids [9 0 R 10 0 R] >>"
    objects[8] = b"<< /T (extra) /FT /Tx /Kids [11 0 R] /V (in\\)herited) >>"
    objects[9] = b"<< /Parent 6 0 R /AS /Off /Subtype /Widget >>"
    objects[10] = b"<< /Parent 6 0 R /AS /1 /Subtype /Widget >>"
    objects[11] = b"<< /Parent 8 0 R /T (child) >>"
    data = write_pdf(objects, 1, 7)
    raw = read_fast(data)
    assert raw.values == {"name": "Ann", "ok": "yes"}
    assert [i.field for i in raw.issues] == ["extra.child", ""]  # unknown: named through its parent; the font
    assert pdf_outcome(read_fast, data) == pdf_outcome(read_qpdf, data)


@pytest.mark.parametrize(
    "field",
    [
        b"<< /FT /Tx /T (name) /V (first) /V (second) >>",
        b"<< /FT /Tx /T (name) /V (first) /V null >>",
        b"<< /FT /Tx /T (name) /T (other) /V (x) >>",
    ],
)
def test_a_repeated_key_reads_as_qpdf_reads_it(field):
    objects = form_objects()
    objects[5] = field
    data = write_pdf(objects, 1, 7)
    assert pdf_outcome(read_fast, data) == pdf_outcome(read_qpdf, data)  # the last one counts


# --- syntax, compared with qpdf ---------------------------------------------------------------------


def test_pdfdocencoding_matches_qpdf_for_every_byte():
    for b in range(256):
        assert text(bytes([b, 0x41])) == str(pikepdf.String(bytes([b, 0x41]))), hex(b)
    assert len(PDFDOC) == 256


@SETTINGS
@given(st.binary(max_size=40), st.sampled_from([b"", b"\xfe\xff", b"\xff\xfe", b"\xef\xbb\xbf"]))
def test_text_is_decoded_as_qpdf_does_or_declined(body, bom):
    value = bom + body
    try:
        mine = text(value)
    except Unsupported:
        return
    assert mine == str(pikepdf.String(value))


PIECES = st.one_of(
    st.binary(min_size=1, max_size=6).map(
        lambda b: b.replace(b"\\", b"").replace(b"(", b"").replace(b")", b"").replace(b"\r", b"")
    ),
    st.sampled_from(
        [
            b"\\n",
            b"\\r",
            b"\\t",
            b"\\b",
            b"\\f",
            b"\\(",
            b"\\)",
            b"\\\\",
            b"\\q",
            b"\\\r\n",
            b"\\\n",
            b"\\\r",
            b"\r\n",
            b"\r",
            b"\n",
            b"(a)",
            b"()",
            b"(\\))",
        ]
    ),
    st.integers(0, 511).map(lambda n: b"\\%o" % n),
    st.integers(0, 7).map(lambda n: b"\\%o7" % n),
)


@SETTINGS
@given(st.lists(PIECES, max_size=12))
def test_literal_strings_unescape_as_qpdf_does(pieces):
    token = b"(" + b"".join(pieces) + b")"
    assert parse_value(token) == bytes(pikepdf.Object.parse(token))


@SETTINGS
@given(st.binary(min_size=1, max_size=12), st.booleans())
def test_names_and_hex_strings_read_as_qpdf_does(raw, spaced):
    name = b"/" + b"".join(bytes([c]) if 0x21 <= c <= 0x7E and c not in b"#/()<>[]{}%" else b"#%02X" % c for c in raw)
    try:
        expected = str(pikepdf.Object.parse(name))
    except (UnicodeDecodeError, pikepdf.PdfError):
        expected = None
    try:
        assert parse_value(name) == expected
    except Unsupported:
        assert expected is None or b"#00" in name
    hexed = b"<" + (b" " if spaced else b"").join(b"%02x" % c for c in raw)[:-1] + b">"  # odd digit count too
    assert parse_value(hexed) == bytes(pikepdf.Object.parse(hexed))


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 12),
    st.lists(st.tuples(st.sampled_from([0, 2]), st.binary(min_size=12, max_size=12)), min_size=1, max_size=40),
)
def test_png_up_predictor_is_undone_row_by_row(columns, rows):
    data = b"".join(bytes([kind]) + row[:columns] for kind, row in rows)
    want, above = [], bytes(columns)
    for kind, row in rows:
        above = bytes((a + b) % 256 for a, b in zip(row[:columns], above, strict=True)) if kind == 2 else row[:columns]
        want.append(b"\x00" + above)
    assert undo_png_up(data, columns) == b"".join(want)


# --- damage and hostility --------------------------------------------------------------------------


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(st.integers(min_value=0), st.one_of(st.integers(0, 255), st.sampled_from(b" /()<>[]%0\n"))),
        min_size=1,
        max_size=3,
    ),
    st.sampled_from(["docgen", "xref table, no object streams", "incremental update"]),
)
def test_damaged_forms_agree_decline_or_fail_plainly(filled, flips, layout):
    """Bytes flipped where the structure is (not inside stream data): the fast reader agrees
    with qpdf, declines, or fails plainly; never a traceback, never a different answer."""
    data, where = _fuzz_base(filled, layout)
    data = bytearray(data)
    for at, byte in flips:
        data[where[at % len(where)]] = byte
    data = bytes(data)
    try:
        fast = pdf_outcome(read_fast_only, data)
    except Unsupported:
        return
    assert fast == pdf_outcome(lambda d: read_pdf(d, fast_first=False), data)


_BASES: dict = {}


def _fuzz_base(filled: bytes, layout: str) -> tuple[bytes, list[int]]:
    """A file to damage and the offsets outside its stream data."""
    if layout not in _BASES:
        data = (
            filled
            if layout == "docgen"
            else resave(filled, **LAYOUTS[layout])
            if layout in LAYOUTS
            else append_update(write_pdf(form_objects(), 1, 7, xref_stream=True), {5: form_objects(b"(Bob)")[5]}, 1, 7)
        )
        spans, pos = [], 0
        for m in re.finditer(rb"stream\r?\n.*?endstream", data, re.S):
            spans.append((pos, m.start() + 6))
            pos = m.end() - 9
        spans.append((pos, len(data)))
        _BASES[layout] = data, [i for a, b in spans for i in range(a, b)]
    return _BASES[layout]


def bounded(data: bytes, seconds: float = 2.0):
    """parse_bytes's outcome: a FormError code or the record, within `seconds`."""
    start = time.perf_counter()
    try:
        result = parse_bytes(data, "f.pdf")
    except FormError as exc:
        result = exc.code
    assert time.perf_counter() - start < seconds
    return result


def test_cyclic_and_deep_field_trees_are_errors_from_both_readers():
    objects = form_objects()
    objects[5] = b"<< /FT /Tx /T (name) /Kids [5 0 R] >>"  # its own kid
    data = write_pdf(objects, 1, 7)
    assert pdf_outcome(read_fast, data)[1:] == ("corrupt", "the PDF's form fields loop back on themselves")
    assert pdf_outcome(read_fast, data) == pdf_outcome(read_qpdf, data)
    deep = form_objects()
    for n in range(100):  # a chain of 100 parents
        deep[20 + n] = b"<< /T (x%d) /Kids [%d 0 R] >>" % (n, 21 + n)
    deep[120] = b"<< /T (leaf) /FT /Tx >>"
    deep[4] = b"<< /Fields [5 0 R 6 0 R 20 0 R] >>"
    data = write_pdf(deep, 1, 7)
    assert pdf_outcome(read_fast, data)[:2] == ("error", "corrupt")
    assert pdf_outcome(read_fast, data) == pdf_outcome(read_qpdf, data)


def test_deeply_nested_values_and_endless_prev_chains_stay_bounded():
    objects = form_objects(b"[" * 50_000 + b"]" * 50_000)
    data = write_pdf(objects, 1, 7)
    with pytest.raises(Unsupported):
        read_fast(data)
    bounded(data)
    looped = bytearray(write_pdf(form_objects(), 1, 7))
    at = looped.rindex(b"trailer")
    xref_at = int(looped[looped.rindex(b"startxref") + 9 :].split()[0])
    # the xref is its own /Prev
    looped[at:] = looped[at:].replace(b">>\nstartxref", b"/Prev %d >>\nstartxref" % xref_at)
    with pytest.raises(Unsupported):
        Document(bytes(looped))
    bounded(bytes(looped))


def test_object_stream_bomb_is_refused_before_it_is_inflated():
    """A field kept in an object stream that inflates to 40 MB (from 40 kB): a plain error, soon,
    with no 40 MB held (inflating stops at the limit)."""
    padding = 40 * 1024 * 1024
    body = b"5 0" + b" " * padding + form_objects(b"(Ann)")[5]
    bomb = zlib.compress(body, 9)
    objects = form_objects()
    del objects[5]
    objects[8] = b"<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream" % (
        3 + padding,
        len(bomb),
        bomb,
    )
    data = write_pdf(objects, 1, 7, xref_stream=True, compressed={5: (8, 0)})
    assert len(data) < 100_000
    assert bounded(data) == "zip-bomb"
    small = write_pdf(
        {**objects, 8: objects[8].replace(b"/First %d" % (3 + padding), b"/First 3")},
        1,
        7,
        xref_stream=True,
        compressed={5: (8, 0)},
    )
    assert bounded(small) == "zip-bomb"  # whatever /First says
    plain = zlib.compress(b"5 0 " + form_objects(b"(Ann)")[5])
    objects[8] = b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream" % (
        len(plain),
        plain,
    )
    data = write_pdf(objects, 1, 7, xref_stream=True, compressed={5: (8, 0)})
    assert read_fast(data).values["name"] == "Ann"  # the same file without the bomb reads
    assert pdf_outcome(read_fast, data) == pdf_outcome(read_qpdf, data)


@pytest.mark.parametrize(
    "head",
    [
        b"5 0 6 %(b)d",
        b"5\t0\r\n6\x0c%(b)d ",
        b"5 0\x0b6 %(b)d",
        b"5 0\x006 %(b)d",
        b"5 0 %% note\n6 %(b)d",
        b"6 %(b)d 5 0",
        b"5 0 5 %(b)d",
        b"5 %(b)d 6 0",
        b"5 0 6 %(b)d 7",
        b"5 0 6 +%(b)d",
        b"5 00 6 %(b)d",
    ],
)
def test_object_stream_headers_read_alike_or_declined(head):
    """The numbers before /First: any whitespace between them, out of order, one object twice."""
    objects = form_objects()
    five, six = objects.pop(5), objects.pop(6)
    head = head % {b"b": len(five) + 1}
    body = head + b"\n" + five + b"\n" + six
    objects[8] = b"<< /Type /ObjStm /N 2 /First %d /Length %d >>\nstream\n%s\nendstream" % (
        len(head) + 1,
        len(body),
        body,
    )
    data = write_pdf(objects, 1, 7, xref_stream=True, compressed={5: (8, 0), 6: (8, 1)})
    plain = head in (
        b"5 0 6 %d" % (len(five) + 1),
        b"5\t0\r\n6\x0c%d " % (len(five) + 1),
        b"5 00 6 %d" % (len(five) + 1),
    )
    try:
        fast = pdf_outcome(read_fast, data)
    except (Unsupported, TypeError, ValueError, KeyError, IndexError):  # declined: read_pdf asks qpdf
        assert not plain
        fast = pdf_outcome(read_qpdf, data)
    assert fast == pdf_outcome(read_qpdf, data) == pdf_outcome(read_pdf, data)
    assert not plain or fast[0] == "ok" and fast[2] == {"name": "Ann", "ok": True}


def test_offsets_that_miss_their_objects_and_lengths_that_lie_go_to_qpdf(filled):
    data = write_pdf(form_objects(), 1, 7)
    shifted = data.replace(b"%PDF-1.7\n", b"%PDF-1.7\n\n", 1)  # every offset one byte short
    with pytest.raises(Unsupported):
        read_fast(shifted)
    assert bounded(shifted).values["name"] == "Ann"  # qpdf reconstructs the xref
    objects = form_objects()
    objects[5] = b"<< /FT /Tx /T (name) /V 8 0 R >>"
    objects[8] = b"<< /Length 999999 >>\nstream\nAnn\nendstream"
    with pytest.raises(Unsupported):
        read_fast(write_pdf(objects, 1, 7))
    bounded(write_pdf(objects, 1, 7))
    assert isinstance(bounded(filled[: len(filled) // 2]), (str, object))


def test_a_damaged_end_or_a_stream_keyword_in_a_comment_is_left_to_qpdf():
    """Found by fuzzing: with the last startxref damaged, the one before it (of the previous
    revision) must not be read as the file's; nor a stream whose keyword a comment swallowed."""
    base = write_pdf(form_objects(), 1, 7, xref_stream=True)
    updated = append_update(base, {5: form_objects(b"(Bob)")[5]}, 1, 7)
    with pytest.raises(Unsupported):
        Document(updated[:-40] + updated[-40:].replace(b"startxref", b"startxre<"))
    with pytest.raises(Unsupported):
        Document(base.replace(b">>\nstream\n", b">>%stream\n"))
    assert read_fast(updated).values["name"] == "Bob"


def test_trailer_and_info_are_read_lazily_by_reference(filled):
    doc = Document(filled)
    info = doc.get(entry(doc.trailer, b"/Info"))
    assert b'"form_id"' in entry(info, b"/DocgenManifest")
    assert len(doc._cache) <= 3  # the info, its object stream and nothing else


@pytest.mark.parametrize("control", [b"\x0b", b"\x1b", b"\x7f"])
def test_a_name_holding_a_raw_control_byte_is_left_to_qpdf(filled, control):
    """The syntax spells such a byte #xx in a name and readers disagree on a raw one (qpdf ends the
    name at \\x0b and reads the dictionary's later keys shifted), so the fast reader declines the file
    and the answer is qpdf's (a byte the fuzz test found in /Subtype of a widget)."""
    data, _ = _fuzz_base(filled, "xref table, no object streams")
    at = data.index(b"/Subtype /Widget")
    damaged = data[: at + 1] + control + data[at + 2 :]
    with pytest.raises(Unsupported):
        read_fast_only(damaged)
    assert pdf_outcome(lambda d: read_pdf(d, fast_first=False), damaged)[0] in ("ok", "failed")


def test_classes_written_as_ranges_hold_the_same_bytes():
    """pdftokens writes [^...] classes as positive ranges (faster in re): the same 256 answers."""
    from docgen.parse.pdftokens import _PLAIN, _REGULAR, _none_of

    for negated, ranges in [
        (rb"[^\\()]", _PLAIN),
        (rb"[^\x00-\x08\x0b\x0e-\x1f\x7f\t\n\f\r ()<>\[\]{}/%]", _REGULAR),  # no control byte either
        (rb"[^()<>\[\]{}%]", _none_of(b"()<>[]{}%")),
    ]:
        for byte in range(256):
            assert bool(re.fullmatch(negated, bytes([byte]))) == bool(re.fullmatch(ranges, bytes([byte]))), (
                negated,
                byte,
            )


@pytest.mark.parametrize(
    "value",
    [
        b"2 0 R",
        b"2\n0\tR",
        b"12\x00\r\n3 R",
        b"02 00 R",
        b"0 0 R",
        b"+2 0 R",
        b"2 -1 R",
        b"2 0 % c\nR",
        b"2 0R",
        b"2.0 0 R",
        b"99999999999999999999 0 R",
    ],
)
def test_a_reference_value_reads_as_the_tokenizer_reads_it(value):
    from docgen.parse.pdftokens import one_object

    def outcome(read):
        try:
            return read()
        except Unsupported:
            return Unsupported

    assert outcome(lambda: parse_value(value)) == outcome(lambda: one_object(value, 0, len(value)))
