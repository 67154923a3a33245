"""docgen's zip reader (parse/zipread.py) against CPython's zipfile, the reference.

Sound: whatever member it returns, from any file, equals what zipfile reads from that file.
Complete: on every layout real writers produce (deflated and stored members, data descriptors,
ZIP64 records, an archive comment, UTF-8 names) it reads every member zipfile reads.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docgen.forms import build_form
from docgen.parse.safety import FormError
from docgen.parse.zipread import open_zip
from docgen.policy import load_policy
from docgen.render.docx import render_docx
from docgen.resources import policies_dir

FORM = render_docx(
    build_form(load_policy(policies_dir() / "leeds.yaml"), "session-record"),
    {"supervisee": "Siân", "notes": "line one\nline two"},
).data


def reference(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def ours(data: bytes) -> dict[str, bytes]:
    package = open_zip(data)
    return {name: package.read(name) for name in package.namelist()}


class _Unseekable(io.RawIOBase):
    """A stream zipfile cannot seek back in, so it writes sizes after each member (data descriptors)."""

    def __init__(self):
        self.buffer = bytearray()

    def writable(self):
        return True

    def write(self, b):
        self.buffer += b
        return len(b)


def rewritten(how: str) -> bytes:
    members = reference(FORM)
    members["word/naïve ünïcode.xml"] = "<x>ŵ</x>".encode()
    if how == "descriptors":
        out = _Unseekable()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in members.items():
                with zf.open(name, "w") as handle:
                    handle.write(data)
        return bytes(out.buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED if how == "stored" else zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            if how == "zip64":
                with zf.open(name, "w", force_zip64=True) as handle:
                    handle.write(data)
            else:
                zf.writestr(name, data)
        if how == "comment":
            zf.comment = b"written by a mail gateway"
    return out.getvalue()


@pytest.mark.parametrize("how", ["docgen", "stored", "descriptors", "zip64", "comment"])
def test_every_layout_real_writers_produce_reads_like_zipfile(how):
    data = FORM if how == "docgen" else rewritten(how)
    assert ours(data) == reference(data)
    assert len(reference(data)) > 5


def test_a_zip64_end_record_is_read_through_zipfiles_own_reader(monkeypatch):
    from docgen.parse import zipread

    monkeypatch.setattr(zipfile, "ZIP_FILECOUNT_LIMIT", 2)  # so zipfile writes ZIP64 end records
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in reference(FORM).items():
            zf.writestr(name, data)
    data = out.getvalue()
    assert b"PK\x06\x06" in data and zipread._directory(data) is None  # ZIP64: not for the fast reader
    assert zipread._directory(FORM) is not None
    assert ours(data) == reference(data)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)), min_size=1, max_size=6),
    st.sampled_from(["docgen", "descriptors", "zip64", "stored"]),
)
def test_whatever_it_reads_from_a_damaged_file_is_what_zipfile_reads(flips, how):
    data = bytearray(FORM if how == "docgen" else rewritten(how))
    for where, byte in flips:
        data[where % len(data)] = byte
    data = bytes(data)
    try:
        package = open_zip(data)
    except FormError as exc:
        assert exc.code in {"corrupt", "zip-bomb", "not-docx", "encrypted"}
        return
    for name in package.namelist():
        try:
            got = package.read(name)
        except FormError as exc:
            assert exc.code in {"corrupt", "zip-bomb", "encrypted"}
            continue
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                want = zf.read(name)
        except NotImplementedError:  # zipfile declines a "version needed" above 6.3; the bytes and
            continue  # their checksum are what count, and ours were checked
        assert want == got
