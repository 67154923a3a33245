"""PDF generation and parsing: docgen beside reportlab, PyPDFForm, pypdf and a floor, in one run.

    pip install -e ".[bench]"     # PyPDFForm
    python bench/pdf.py [--repeat 50]

Work measured, per form (median, files in memory), on the Worcestershire session record
(about 60 fields), every field filled:
- generate a personalised form: docgen (the blank drawn once, then values and their appearance
  streams stamped); reportlab drawing docgen's whole form each time; reportlab alone with bare
  fields (no layout, for scale); PyPDFForm filling docgen's blank form.
- parse a filled form: docgen's full parse (classification, field walk with inheritance, typed
  values, issues), which reads the file with its own pure-Python reader (docgen/parse/
  pdfobjects.py); the same parse through its qpdf (pikepdf) reader, the fallback for files the
  fast reader declines; pypdf's PdfReader.get_fields(); and the floor: "read the bytes and
  scan the field objects", done as cheaply as it can be for these files: find each object
  stream (docgen, like Acrobat, puts the fields in compressed object streams), inflate it, and
  pick out every /T and /V with one regular expression, with no structure, no cross-reference,
  no decoding and no checks. (Uncompressed objects are not scanned: docgen's forms have none, so
  the floor only gets lower.)
Targets (from the issue): generation at least 3x faster than reportlab drawing the whole form;
parsing at least 10x faster than get_fields() and within 5x of the floor.
"""

from __future__ import annotations

import argparse
import io
import re
import zlib
from pathlib import Path

import pikepdf
from _timing import medians_ms
from reportlab.pdfgen.canvas import Canvas

from docgen.forms import build_form
from docgen.forms.fieldlist import pdf_name
from docgen.parse import coerce, parse_bytes
from docgen.parse.pdf import read_pdf
from docgen.policy import load_policy
from docgen.render.pdf import PdfForm
from docgen.resources import policies_dir

_LENGTH = re.compile(rb"/Length\s+(\d+)")
_T_OR_V = re.compile(rb"/([TV])\s*(\((?:[^\\)]|\\.)*\)|/[^\s/<>\[\]()]*|<[0-9A-Fa-f]*>)", re.S)


def floor(data: bytes) -> list:
    """Every /T and /V in the file's object streams, found by inflating each and one regex."""
    found: list = []
    at = data.find(b"/ObjStm")
    while at >= 0:
        keyword = data.find(b"stream", at)
        start = keyword + (8 if data[keyword + 6 : keyword + 8] == b"\r\n" else 7)
        length = int(_LENGTH.search(data, data.rfind(b"<<", 0, at), keyword).group(1))
        found += _T_OR_V.findall(zlib.decompress(data[start : start + length]))
        at = data.find(b"/ObjStm", start + length)
    return found


def values_for(spec) -> dict:
    repeats = {r.id: r for r in spec.repeats()}
    children = {f.id for r in repeats.values() for f in r.fields}

    def one(f):
        return (
            "2026-01-31"
            if f.type == "date"
            else f.options[0].key
            if f.options
            else True
            if f.type == "checkbox"
            else "42"
            if f.type == "number"
            else "Value"
        )

    values = {f.id: one(f) for f in spec.fields() if f.id not in children}
    for r in repeats.values():
        values[r.id] = [{f.short_id: one(f) for f in r.fields} for _ in range(r.rows)]
    return values


def flat(spec, values) -> dict[str, str]:
    out = {}
    for key, value in values.items():
        if isinstance(value, list):
            for i, row in enumerate(value):
                out.update({pdf_name(f"{key}.{c}", i): v for c, v in row.items()})
        else:
            out[pdf_name(key)] = value
    return out


def reportlab_whole_form(fields: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    canvas = Canvas(buf)
    y, page_fields = 800, 0
    for name, value in fields.items():
        if page_fields == 40:
            canvas.showPage()
            y, page_fields = 800, 0
        canvas.drawString(40, y + 3, name)
        canvas.acroForm.textfield(name=name, value=str(value), x=220, y=y, width=320, height=16, maxlen=0)
        y -= 19
        page_fields += 1
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()

    spec = build_form(load_policy(Path(policies_dir()) / "worcestershire.yaml"), "session-record")
    form = PdfForm(spec)
    values = values_for(spec)
    by_name = flat(spec, values)
    filled = form.render(values).data
    with pikepdf.open(io.BytesIO(filled)) as pdf:
        n_fields = len(pdf.Root.AcroForm.Fields)

    generators = {
        "docgen (blank once, then stamp)": lambda: form.render(values),
        "reportlab drawing docgen's whole form each time": lambda: PdfForm(spec).render(values),
        f"reportlab alone, {n_fields} bare fields with values": lambda: reportlab_whole_form(by_name),
    }
    every = {"reportlab drawing docgen's whole form each time": 3}
    try:
        from PyPDFForm import PdfWrapper
    except ImportError:
        PdfWrapper = None
    else:
        text_only = {k: v for k, v in by_name.items() if isinstance(v, str)}
        generators["PyPDFForm filling docgen's blank"] = lambda: PdfWrapper(form.blank).fill(text_only).read()
        every["PyPDFForm filling docgen's blank"] = 10
    rows = [("generate", name, ms) for name, ms in medians_ms(generators, args.repeat, every).items()]
    if PdfWrapper is None:
        rows.append(("generate", "PyPDFForm (not installed: pip install -e '.[bench]')", float("nan")))

    assert sum(key == b"T" for key, _ in floor(filled)) == n_fields  # the floor finds every field

    def pypdf_get_fields():
        from pypdf import PdfReader

        PdfReader(io.BytesIO(filled)).get_fields()

    floor_name = "floor: inflate object streams, regex /T and /V"
    rows += [
        ("parse", name, ms)
        for name, ms in medians_ms(
            {
                "docgen (full)": lambda: parse_bytes(filled, "f.pdf"),
                "docgen (full) through its qpdf reader": lambda: coerce(read_pdf(filled, fast_first=False)),
                "pypdf get_fields()": pypdf_get_fields,
                "pikepdf open alone": lambda: pikepdf.open(io.BytesIO(filled), inherit_page_attributes=False).close(),
                floor_name: lambda: floor(filled),
            },
            args.repeat,
        ).items()
    ]

    print(f"Worcestershire session record: {n_fields} fields; median of {args.repeat} runs\n")
    print(f"{'work':<10}{'implementation':<52}{'ms/form':>9}")
    for work, name, ms in rows:
        print(f"{work:<10}{name:<52}{ms:>9.2f}")
    gen = {name: ms for work, name, ms in rows if work == "generate"}
    par = {name: ms for work, name, ms in rows if work == "parse"}
    full = gen["reportlab drawing docgen's whole form each time"]
    print(
        f"\ndocgen generation is {full / gen['docgen (blank once, then stamp)']:.1f}x "
        "faster than reportlab drawing the whole form (target: at least 3x)"
    )
    for name in ("docgen (full)", "docgen (full) through its qpdf reader"):
        print(
            f"{name}: {par['pypdf get_fields()'] / par[name]:.1f}x faster than get_fields() (target: at least "
            f"10x) and {par[name] / par[floor_name]:.1f}x the floor (target: within 5x)"
        )


if __name__ == "__main__":
    main()
