"""Hostile and broken files, made from real docgen forms, with the failure code each must get.

Written for docgen from what ../shared/research/hostile_inputs.py shows: every case is a file a
harvest can meet in a shared inbox (a damaged download, a flattened print, a password, a zip
bomb, a renamed photo) and must turn into one named problem while the batch goes on.
"""

from __future__ import annotations

import io
import struct
import warnings
import zipfile
import zlib

import pikepdf

from docgen.render.docx import render_docx
from docgen.render.pdf import render_pdf

JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffdb004300") + b"\x08" * 64 + b"\xff\xd9"


def _edit_pdf(data: bytes, change) -> bytes:
    pdf = pikepdf.open(io.BytesIO(data))
    change(pdf)
    out = io.BytesIO()
    with warnings.catch_warnings():  # pikepdf notes the widgets a flattened form leaves behind
        warnings.simplefilter("ignore")
        pdf.save(out)
    return out.getvalue()


def _field(pdf, name):
    return next(f for f in pdf.Root.AcroForm.Fields if str(f.get("/T", "")) == name)


def _rezip(data: bytes, change) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    change(members)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, payload in members.items():
            zf.writestr(name, payload)
    return out.getvalue()


def _lying_zip_bomb(docx: bytes) -> bytes:
    """A real form whose word/document.xml inflates to 100 MB while the zip directory says 1 KB."""
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    members["word/document.xml"] = b"<w:document/>" + b" " * (100 * 1024 * 1024)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, payload in members.items():
            zf.writestr(name, payload)
    data = bytearray(out.getvalue())
    name = b"word/document.xml"
    for sig, size_at, len_at, name_at in ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)):
        at = 0
        while (at := data.find(sig, at)) >= 0:
            name_len = struct.unpack("<H", data[at + len_at : at + len_at + 2])[0]
            if data[at + name_at : at + name_at + len(name)] == name and name_len == len(name):
                data[at + size_at : at + size_at + 4] = struct.pack("<L", 1024)  # the lie
            at += 4
    return bytes(data)


def hostile_files(spec) -> dict[str, tuple[bytes, str]]:
    """name -> (bytes, the failure code or issue code the harvest must report). `spec` is any form."""
    docx, pdf = render_docx(spec).data, render_pdf(spec).data
    first_id = next(f.id for f in spec.fields() if f.type in ("text", "multiline"))

    def cycle(p):
        f = _field(p, first_id)
        f.Kids = pikepdf.Array([f])

    def bomb(p):
        stream = p.make_stream(zlib.compress(b"A" * 50_000_000, 9))
        stream.Filter = pikepdf.Name("/FlateDecode")
        _field(p, first_id).V = stream

    def flatten(p):
        del p.Root["/AcroForm"]

    def xfa(p):
        p.Root.AcroForm.Fields = pikepdf.Array()
        p.Root.AcroForm.XFA = pikepdf.Array()

    def duplicate(p):
        first = _field(p, first_id)
        first.V = pikepdf.String("one answer")
        twin = p.make_indirect(pikepdf.Dictionary(FT=pikepdf.Name("/Tx"), T=first.T, V=pikepdf.String("another")))
        p.Root.AcroForm.Fields.append(twin)

    def encrypt(data: bytes) -> bytes:
        out = io.BytesIO()
        pikepdf.open(io.BytesIO(data)).save(out, encryption=pikepdf.Encryption(user="secret", owner="owner", R=6))
        return out.getvalue()

    def doctype(members):
        members["word/document.xml"] = (
            b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            + members["word/document.xml"].split(b"?>", 1)[1]
        )

    def twice(data: bytes) -> bytes:  # a second word/document.xml member (a shadow copy)
        out = io.BytesIO(data)
        with zipfile.ZipFile(out, "a") as zf, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            zf.writestr("word/document.xml", b"<x/>")
        return out.getvalue()

    import docx as python_docx

    plain = io.BytesIO()
    python_docx.Document().save(plain)
    return {
        "truncated.pdf": (pdf[:1500], "corrupt"),
        "cyclic.pdf": (_edit_pdf(pdf, cycle), "corrupt"),
        "bomb.pdf": (_edit_pdf(pdf, bomb), "zip-bomb"),
        "password.pdf": (encrypt(pdf), "encrypted"),
        "flattened.pdf": (_edit_pdf(pdf, flatten), "flattened"),
        "xfa.pdf": (_edit_pdf(pdf, xfa), "xfa"),
        "duplicate-names.pdf": (_edit_pdf(pdf, duplicate), "duplicate-control"),
        "photo.pdf": (JPEG, "not-pdf"),
        "doctype.docx": (_rezip(docx, doctype), "unsafe-xml"),
        "shadow-copy.docx": (twice(docx), "corrupt"),
        "lying-bomb.docx": (_lying_zip_bomb(docx), "zip-bomb"),
        "plain-word.docx": (plain.getvalue(), "not-a-form"),
        "empty.docx": (b"", "empty"),
        "truncated.docx": (docx[: len(docx) // 2], "corrupt"),
    }
