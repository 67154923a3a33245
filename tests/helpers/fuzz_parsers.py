"""Fuzz the parsers: mutated real DOCX and PDF forms through docgen.parse.parse_bytes.

    python -m tests.helpers.fuzz_parsers --seconds 90      (what .ci/run does)
    python -m tests.helpers.fuzz_parsers --seconds 600 --save fuzz-failures/

Parse's contract (docgen/parse/__init__.py, docgen/harvest/workers.py): a file docgen cannot
read raises FormError with a code; MemoryError and RecursionError are the only other exceptions
a harvest expects (too-much-memory, corrupt). Anything else, or a parse slower than SLOW
seconds, is a bug: the fuzzer stops, prints the mutation and saves the file with --save.

Inputs start from real generated forms (Word, and PDF written three ways: as docgen writes it,
without object streams, without compression) and are mutated three ways: bytes (flips,
insertions, deletions, copies, truncation), zip entries (a part mutated, re-encoded, given a
DOCTYPE or deep nesting, dropped, duplicated) and PDF objects (a field's /V, /FT, /Ff, /Opt,
/Kids or /T replaced by hostile objects, stacked filters, the manifest and field list
tampered, actions added). PDFs are read by the fast reader and by qpdf alone.
"""

from __future__ import annotations

import argparse
import collections
import functools
import io
import json
import logging
import signal
import sys
import time
import warnings
import zipfile
import zlib
from pathlib import Path

import pikepdf
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

SLOW = 20.0  # seconds one parse may take
OUTCOMES: collections.Counter = collections.Counter()  # "read" or the FormError code, per parse
EXPECTED = (MemoryError, RecursionError)  # what a harvest handles besides FormError


@functools.lru_cache(maxsize=1)
def seeds() -> dict[str, bytes]:
    """Real forms: Word and PDF, filled, from two policies."""
    from docgen.forms import build_form
    from docgen.policy import load_policy
    from docgen.render.docx import render_docx
    from docgen.render.pdf import render_pdf

    from .policies import POLICIES

    out = {}
    for policy, kind in (("worcestershire", "session-record"), ("leeds", "agreement")):
        spec = build_form(load_policy(POLICIES / f"{policy}.yaml"), kind)
        text_id = next(f.id for f in spec.fields() if f.type in ("text", "multiline"))
        values = {text_id: "Siân O'Brien"}
        out[f"{policy}.docx"] = render_docx(spec, values).data
        pdf = render_pdf(spec, values).data
        out[f"{policy}.pdf"] = pdf
        out[f"{policy}-plain.pdf"] = _save(pikepdf.open(io.BytesIO(pdf)), streams=False, compress=False)
    return out


def _save(pdf: pikepdf.Pdf, *, streams: bool = True, compress: bool = True) -> bytes:
    out = io.BytesIO()
    mode = pikepdf.ObjectStreamMode.generate if streams else pikepdf.ObjectStreamMode.disable
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pdf.save(
            out, object_stream_mode=mode, compress_streams=compress, stream_decode_level=pikepdf.StreamDecodeLevel.none
        )
    return out.getvalue()


# --- byte mutations ---------------------------------------------------------------------------

SNIPPETS = [
    b"<<",
    b">>",
    b"[",
    b"]",
    b"(",
    b")",
    b"\\",
    b"/",
    b"#",
    b"%",
    b"0 R",
    b"1 0 R",
    b"99999 0 R",
    b"endobj",
    b"stream\n",
    b"endstream",
    b"xref",
    b"trailer",
    b"startxref",
    b"%%EOF",
    b"<",
    b">",
    b"-1",
    b"999999999999",
    b"1e308",
    b"/FlateDecode",
    b"\x00",
    b"\xff\xfe",
    b"\xfe\xff\xd8\x00",
    b"<!DOCTYPE x>",
    b'<!ENTITY a "b">',
    b"&a;",
    b"<w:sdt>",
    b"</w:sdt>",
    b"PK\x03\x04",
    b"PK\x01\x02",
]


@st.composite
def byte_ops(draw, data: bytes) -> tuple[bytes, list]:
    out = bytearray(data)
    ops = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["flip", "insert", "delete", "copy", "truncate", "snippet"]))
        at = draw(st.integers(0, max(len(out) - 1, 0)))
        if kind == "flip" and out:
            out[at] = draw(st.integers(0, 255))
        elif kind == "insert":
            out[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif kind == "delete":
            del out[at : at + draw(st.integers(1, 512))]
        elif kind == "copy":
            size = draw(st.integers(1, 4096))
            out[at:at] = out[draw(st.integers(0, max(len(out) - 1, 0))) :][:size]
        elif kind == "truncate":
            del out[at:]
        elif kind == "snippet":
            out[at:at] = draw(st.sampled_from(SNIPPETS))
        ops.append((kind, at))
    return bytes(out), ops


# --- zip entry mutations ------------------------------------------------------------------------


def _xml_variant(draw, payload: bytes) -> tuple[bytes, str]:
    body = payload.split(b"?>", 1)[-1]
    kind = draw(st.sampled_from(["doctype", "utf16", "utf16-doctype", "deep", "bytes", "empty", "tag"]))
    if kind == "doctype":
        at = draw(st.sampled_from([0, len(body) // 2, len(body)]))
        return b'<?xml version="1.0"?>' + body[:at] + b'<!DOCTYPE d [<!ENTITY x "y">]>' + body[at:], kind
    if kind in ("utf16", "utf16-doctype"):
        head = '<?xml version="1.0" encoding="utf-16"?>' + ("<!DOCTYPE d>" if kind == "utf16-doctype" else "")
        return (head + body.decode("utf-8", "replace")).encode(draw(st.sampled_from(["utf-16", "utf-16-be"]))), kind
    if kind == "deep":
        depth = draw(st.sampled_from([100, 1000, 100_000]))
        return b"<a>" * depth + b"</a>" * depth, kind
    if kind == "empty":
        return b"", kind
    if kind == "tag":
        return payload.replace(
            b'w:tag w:val="', b'w:tag w:val="' + draw(st.sampled_from([b".", b"x.", b"_", b"\xc3"])), 1
        ), kind
    mutated, _ = draw(byte_ops(payload))
    return mutated, kind


@st.composite
def zip_ops(draw, data: bytes) -> tuple[bytes, list]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        members = [(i.filename, zf.read(i)) for i in zf.infolist()]
    ops = []
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(members) - 1))
        name, payload = members[i]
        kind = draw(st.sampled_from(["xml", "drop", "duplicate", "rename"]))
        if kind == "xml":
            payload, how = _xml_variant(draw, payload)
            members[i] = (name, payload)
            kind = f"xml:{how}"
        elif kind == "drop":
            members.pop(i)
        elif kind == "duplicate":
            members.append((name, draw(st.sampled_from([payload, b"<x/>"]))))
        else:
            members[i] = (
                draw(st.sampled_from(["word/document.xml", "customXml/item1.xml", "../x", "a" * 300])),
                payload,
            )
        ops.append((kind, name))
        if not members:
            break
    out = io.BytesIO()
    method = draw(st.sampled_from([zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED]))
    with zipfile.ZipFile(out, "w", method) as zf, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are the point
        for name, payload in members:
            zf.writestr(name, payload)
    return out.getvalue(), ops


# --- PDF object mutations -----------------------------------------------------------------------


def _hostile_objects(pdf: pikepdf.Pdf) -> list:
    deep = pikepdf.Array([pikepdf.String("x")])
    for _ in range(40):
        deep = pikepdf.Array([deep])
    stacked = pdf.make_stream(b"")
    payload = b"value"
    for _ in range(3):
        payload = zlib.compress(payload)
    stacked.write(payload, filter=pikepdf.Array([pikepdf.Name("/FlateDecode")] * 3))
    hexed = pdf.make_stream(b"")
    hexed.write(b"48656c6c6f>", filter=pikepdf.Name("/ASCIIHexDecode"))
    broken = pdf.make_stream(b"")
    broken.write(b"not zlib at all", filter=pikepdf.Name("/FlateDecode"))
    return [
        pikepdf.Dictionary(A=1),
        pikepdf.Array([]),
        deep,
        5001,
        -1,
        1.5,
        True,
        pikepdf.Name("/Yes"),
        pikepdf.Name("/Off"),
        pikepdf.String(b"\xfe\xff\xd8\x00"),
        pikepdf.String(b"\xff\xfe"),
        pikepdf.String(b"\xef\xbb\xbf\xff"),
        pikepdf.String("x" * 70_000),
        stacked,
        hexed,
        broken,
        pikepdf.Array([pikepdf.Dictionary(), 3]),
        pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name("/Launch"))),
        pikepdf.Dictionary(S=pikepdf.Name("/JavaScript"), JS=pikepdf.String("app.alert(1)")),
    ]


@st.composite
def pdf_ops(draw, data: bytes) -> tuple[bytes, list]:
    pdf = pikepdf.open(io.BytesIO(data))
    fields = list(pdf.Root.AcroForm.Fields)
    hostile = _hostile_objects(pdf)
    ops = []
    for _ in range(draw(st.integers(1, 4))):  # pikepdf may refuse an edit: the file is made anyway
        kind = draw(
            st.sampled_from(
                [
                    "/V",
                    "/FT",
                    "/Ff",
                    "/Opt",
                    "/T",
                    "/Kids",
                    "/AS",
                    "manifest",
                    "fields",
                    "loop",
                    "action",
                    "drop-fields",
                ]
            )
        )
        target = fields[draw(st.integers(0, len(fields) - 1))] if fields else None
        try:
            _edit(draw, pdf, kind, target, fields, hostile)
        except (ValueError, TypeError, KeyError, AttributeError, pikepdf.PdfError):
            kind += " (refused by pikepdf)"  # an earlier edit made this one impossible
        ops.append(kind)
    return _save(pdf, streams=draw(st.booleans()), compress=draw(st.booleans())), ops


def _edit(draw, pdf, kind: str, target, fields: list, hostile: list) -> None:
    if kind in ("/V", "/FT", "/Ff", "/Opt", "/T", "/AS") and target is not None:
        target[kind] = hostile[draw(st.integers(0, len(hostile) - 1))]
    elif kind == "/Kids" and target is not None:
        target.Kids = pikepdf.Array([fields[draw(st.integers(0, len(fields) - 1))]])
    elif kind == "loop" and target is not None:
        ref = pdf.make_indirect(pikepdf.Dictionary())
        ref.Parent, ref.Kids = target, pikepdf.Array([target])
        target.Kids = pikepdf.Array([ref])
    elif kind in ("manifest", "fields"):
        key = "/DocgenManifest" if kind == "manifest" else "/DocgenFields"
        value = json.loads(str(pdf.docinfo.get(key, "{}")) or "{}")  # may be damaged by an earlier edit
        if isinstance(value, dict) and value:
            k = draw(st.sampled_from(sorted(value)))
            value[k] = draw(st.sampled_from([5, None, [], {}, "x", "documents", "../../x", True, "\ud800"]))
        pdf.docinfo[key] = draw(st.sampled_from([json.dumps(value), "{", "[]", "null", json.dumps(value) * 2]))
    elif kind == "action":
        pdf.Root.OpenAction = hostile[-1]
    elif kind == "drop-fields" and "/Fields" in pdf.Root.AcroForm:
        del pdf.Root.AcroForm["/Fields"]


# --- the check ------------------------------------------------------------------------------------


class Slow(Exception):
    pass


def _alarm(signum, frame):
    raise Slow(f"a parse took more than {SLOW:.0f} s")


def check(data: bytes, name: str) -> None:
    """Parse `data` (both PDF readers for a PDF); only FormError and EXPECTED may come out."""
    from docgen.parse import FormError, parse_bytes
    from docgen.parse.pdf import read_pdf
    from docgen.parse.record import coerce

    readers = [lambda: parse_bytes(data, name)]
    if name.endswith(".pdf"):
        readers.append(lambda: coerce(read_pdf(data, fast_first=False)))
    for read in readers:
        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, SLOW)
        try:
            record = read()
            json.dumps(record.as_dict(), ensure_ascii=False).encode("utf-8")  # storable as the harvest stores it
            OUTCOMES["read"] += 1
        except FormError as exc:
            OUTCOMES[exc.code] += 1
        except EXPECTED as exc:
            OUTCOMES[type(exc).__name__] += 1
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


class Case(bytes):
    """A mutated file, shown by its size and mutations rather than its bytes when a case fails."""

    how: tuple = ()

    def __repr__(self) -> str:
        return f"<{len(self):,} bytes: {self.how}>"


@st.composite
def mutated(draw) -> tuple[Case, str, str, list]:
    name = draw(st.sampled_from(sorted(seeds())))
    data = seeds()[name]
    how = draw(st.sampled_from(["bytes", "zip" if name.endswith(".docx") else "objects"]))
    if how == "bytes":
        data, ops = draw(byte_ops(data))
    elif how == "zip":
        data, ops = draw(zip_ops(data))
    else:
        data, ops = draw(pdf_ops(data))
    case = Case(data)
    case.how = (name, how, ops)
    return case, name, how, ops


def fuzz(examples: int, *, derandomize: bool, save: Path | None = None) -> None:
    """Run `examples` mutated files through check(); raise on the first unexpected exception."""

    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=derandomize,
        database=None,
        phases=[Phase.generate],  # report the file as found: shrinking a parse can take minutes
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )
    @given(case=mutated())
    def one(case):
        data, name, how, ops = case
        try:
            check(data, name)
        except BaseException:
            if save is not None:
                save.mkdir(parents=True, exist_ok=True)
                (save / f"failure-{int(time.time() * 1000)}-{name}").write_bytes(data)
            print(f"\n{name} mutated by {how}: {ops}", file=sys.stderr)
            raise

    one()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=90.0, help="time budget (default 90)")
    parser.add_argument("--save", type=Path, help="folder to save a failing file to")
    args = parser.parse_args(argv)
    logging.getLogger("pikepdf").setLevel(logging.ERROR)  # qpdf's repair notes on every damaged file
    warnings.simplefilter("ignore")  # and pikepdf's ("Pages tree includes non-dictionary object")
    seeds()
    started, rounds = time.monotonic(), 0
    while time.monotonic() - started < args.seconds:
        fuzz(25, derandomize=False, save=args.save)
        rounds += 1
    print(
        f"fuzz_parsers: {rounds * 25} mutated forms in {time.monotonic() - started:.0f} s, no unexpected error; "
        f"parses: {', '.join(f'{k} {v}' for k, v in OUTCOMES.most_common())}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
