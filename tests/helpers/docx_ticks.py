"""Tick-box choices in a rendered Word form, worked as a person works them: find a field's option
checkboxes (tagged "<field id>=<option key>"), tick or clear one as Word does, repackage the file.
Shared by the DOCX tick-box tests (tests/render, tests/parse)."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from docgen.forms.fields import FIELD_TYPES
from docgen.render.docx import render_docx
from docgen.render.docx.package import with_parts

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
NS = {"w": W, "w14": W14}


def ticked_fields(spec):
    return [f for f in spec.fields() if FIELD_TYPES[f.type].control_for(f) == "ticks"]


def document(data: bytes):
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))


def repackage(data: bytes, root) -> bytes:
    """The package with `root` as its word/document.xml, as an editor saving would."""
    return with_parts(data, {"word/document.xml": etree.tostring(root)})


def boxes(root, field_id: str) -> list:
    """The option checkboxes of a field (every row of a repeat), in document order."""
    return root.xpath(f"//w:sdt[starts-with(w:sdtPr/w:tag/@w:val, '{field_id}=')]", namespaces=NS)


def tick(sdt, ticked: bool) -> None:
    """Tick or clear one box as Word does (w14:checked and the glyph)."""
    sdt.find(f"{{{W}}}sdtPr/{{{W14}}}checkbox/{{{W14}}}checked").set(f"{{{W14}}}val", "1" if ticked else "0")
    sdt.find(f".//{{{W}}}t").text = "\u2612" if ticked else "\u2610"


def values_choosing(spec, n: int) -> dict:
    """Every tick-box choice answered with its n-th option (round again), each repeat row too."""
    values: dict = {}
    repeats = {r.id: r for r in spec.repeats()}
    for f in ticked_fields(spec):
        key = f.options[n % len(f.options)].key
        rid, dot, child = f.id.rpartition(".")
        if dot:
            rows = values.setdefault(rid, [{} for _ in range(repeats[rid].rows)])
            for row in rows:
                row[child] = key
        else:
            values[f.id] = key
    return values


def two_ticked(spec) -> bytes:
    """Hertfordshire's session record with two types of supervision ticked, and two RAG ratings in
    the second family's row."""
    root = document(render_docx(spec).data)
    tick(boxes(root, "supervision_type")[0], True)
    tick(boxes(root, "supervision_type")[2], True)
    rag = boxes(root, "families.rag")
    tick(rag[3], True)  # the second row's first and last options
    tick(rag[5], True)
    tick(boxes(root, "families.category")[3], True)  # and one category in that row
    return repackage(render_docx(spec).data, root)
