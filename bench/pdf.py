"""PDF generation and parsing: docgen beside reportlab, PyPDFForm, pypdf and a floor, in one run.

    pip install -e ".[bench]"     # PyPDFForm
    python bench/pdf.py [--repeat 50]

Work measured, per form (median, files in memory), on the Worcestershire session record
(about 60 fields), every field filled:
- generate a personalised form: docgen (the blank drawn once, then values and their appearance
  streams stamped); reportlab drawing docgen's whole form each time; reportlab alone with bare
  fields (no layout, for scale); PyPDFForm filling docgen's blank form.
- parse a filled form: docgen's full parse (classification, field walk with inheritance, typed
  values, issues); pypdf's PdfReader.get_fields(); the floor: pikepdf opening the file and
  reading /T and /V of every field. (Scanning the raw bytes is no floor: the fields sit in
  compressed object streams, as in files Acrobat saves, so only a real parser finds them.)
Targets (from the issue): generation at least 3x faster than reportlab drawing the whole form;
parsing at least 10x faster than get_fields() and within 5x of the floor.
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pikepdf
from reportlab.pdfgen.canvas import Canvas

from docgen.parse import parse_bytes
from _timing import medians_ms
from docgen.policy import load_policy
from docgen.render.pdf import PdfForm
from docgen.resources import policies_dir
from docgen.spec import build_form
from docgen.spec.tree import pdf_name




def values_for(spec) -> dict:
    repeats = {r.id: r for r in spec.repeats()}
    children = {f.id for r in repeats.values() for f in r.fields}

    def one(f):
        return "2026-01-31" if f.type == "date" else f.options[0].key if f.options else True \
            if f.type == "checkbox" else "42" if f.type == "number" else "Value"

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

    generators = {"docgen (blank once, then stamp)": lambda: form.render(values),
                  "reportlab drawing docgen's whole form each time": lambda: PdfForm(spec).render(values),
                  f"reportlab alone, {n_fields} bare fields with values": lambda: reportlab_whole_form(by_name)}
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

    def floor():  # the least a real parser must do: open, and read every field's name and value
        with pikepdf.open(io.BytesIO(filled)) as pdf:
            {str(f.get("/T")): f.get("/V") for f in pdf.Root.AcroForm.Fields}

    def pypdf_get_fields():
        from pypdf import PdfReader
        PdfReader(io.BytesIO(filled)).get_fields()

    rows += [("parse", name, ms) for name, ms in medians_ms({
        "docgen (full)": lambda: parse_bytes(filled, "f.pdf"), "pypdf get_fields()": pypdf_get_fields,
        "floor: pikepdf open + read /T /V of every field": floor}, args.repeat).items()]

    print(f"Worcestershire session record: {n_fields} fields; median of {args.repeat} runs\n")
    print(f"{'work':<10}{'implementation':<52}{'ms/form':>9}")
    for work, name, ms in rows:
        print(f"{work:<10}{name:<52}{ms:>9.2f}")
    gen = {name: ms for work, name, ms in rows if work == "generate"}
    par = {name: ms for work, name, ms in rows if work == "parse"}
    full = gen["reportlab drawing docgen's whole form each time"]
    print(f"\ndocgen generation is {full / gen['docgen (blank once, then stamp)']:.1f}x "
          "faster than reportlab drawing the whole form (target: at least 3x)")
    print(f"docgen parsing is {par['pypdf get_fields()'] / par['docgen (full)']:.1f}x faster than get_fields() "
          f"(target: at least 10x) and takes {par['docgen (full)'] / par['floor: pikepdf open + read /T /V of every field']:.1f}x "
          "the floor (target: within 5x)")


if __name__ == "__main__":
    main()
