"""DOCX generation and parsing: docgen beside python-docx, docxtpl and a floor, in one run.

    pip install -e ".[bench]"     # docxtpl
    python bench/docx.py [--repeat 200]

Work measured, per form (median over --repeat runs, files in memory):
- generate: a personalised form with every field filled (the Worcestershire session record, about
  60 controls): docgen's renderer; docxtpl rendering a template with the same number of
  {{ placeholders }}; python-docx opening docgen's blank form and setting every control's text
  with lxml; the floor: zipfile + lxml setting the same text and re-zipping, nothing else.
- parse: reading every answer back: docgen's full parse (safety checks, manifest, typed values,
  issues); python-docx opening the file and reading every control's text; the floor: unzip and
  lxml-parse word/document.xml only.
Targets (from the issue): generation at least 5x faster than docxtpl; parsing within 3x of the floor.
"""

from __future__ import annotations

import argparse
import io
import sys
import zipfile
from pathlib import Path

from _timing import medians_ms
from lxml import etree

from docgen.forms import build_form
from docgen.parse.docx import parse_docx
from docgen.policy import load_policy
from docgen.render.docx import DocxForm
from docgen.resources import policies_dir

# This script is called docx.py (the issue names it so); keep its folder off the import path so
# `import docx` finds python-docx, not this file. (_timing above is imported from this folder first.)
sys.path = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
T, SDT, TAG = f"{{{W}}}t", f"{{{W}}}sdt", f"{{{W}}}tag"


def values_for(spec) -> dict:
    repeats = {r.id: r for r in spec.repeats()}
    children = {f.id for r in repeats.values() for f in r.fields}
    values = {
        f.id: "2026-01-31" if f.type == "date" else f.options[0].key if f.options else "Value"
        for f in spec.fields()
        if f.id not in children and f.type != "checkbox"
    }
    for r in repeats.values():
        values[r.id] = [
            {
                f.short_id: "2026-01-31" if f.type == "date" else f.options[0].key if f.options else "Value"
                for f in r.fields
            }
            for _ in range(r.rows)
        ]
    return values


def docxtpl_template(n: int) -> bytes:
    import docx

    doc = docx.Document()
    for i in range(n):
        doc.add_paragraph(f"Field {i}: {{{{ f{i} }}}}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()

    spec = build_form(load_policy(Path(policies_dir()) / "worcestershire.yaml"), "session-record")
    form = DocxForm(spec)
    values = values_for(spec)
    blank = form.render().data
    filled = form.render(values).data
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(blank)).read("word/document.xml"))
    n_controls = sum(1 for s in root.iter(SDT) if s.find(f"{{{W}}}sdtPr/{TAG}") is not None)

    def docgen_generate():
        form.render(values)

    def floor_generate():
        zin = zipfile.ZipFile(io.BytesIO(blank))
        doc = etree.fromstring(zin.read("word/document.xml"))
        for t in doc.iter(T):
            t.text = "Value"
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                data = etree.tostring(doc) if info.filename == "word/document.xml" else zin.read(info)
                zout.writestr(info, data)
        return out.getvalue()

    def python_docx_generate():
        import docx

        doc = docx.Document(io.BytesIO(blank))
        for sdt in doc.element.body.iter(SDT):
            for t in sdt.iter(T):
                t.text = "Value"
        doc.save(io.BytesIO())

    generators = {
        "docgen": docgen_generate,
        "floor: zipfile + lxml": floor_generate,
        "python-docx + lxml": python_docx_generate,
    }
    try:
        import docxtpl
    except ImportError:
        docxtpl = None
    else:
        template = docxtpl_template(n_controls)
        context = {f"f{i}": "Value" for i in range(n_controls)}

        def docxtpl_generate():
            tpl = docxtpl.DocxTemplate(io.BytesIO(template))
            tpl.render(context)
            tpl.save(io.BytesIO())

        generators["docxtpl"] = docxtpl_generate
    rows = [("generate", name, ms) for name, ms in medians_ms(generators, args.repeat, every={"docxtpl": 4}).items()]
    if docxtpl is None:
        rows.append(("generate", "docxtpl (not installed: pip install -e '.[bench]')", float("nan")))

    def docgen_parse():
        parse_docx(filled)

    def floor_parse():
        etree.fromstring(zipfile.ZipFile(io.BytesIO(filled)).read("word/document.xml"))

    def python_docx_parse():
        import docx

        doc = docx.Document(io.BytesIO(filled))
        {
            s.find(f"{{{W}}}sdtPr/{TAG}").get(f"{{{W}}}val"): "".join(t.text or "" for t in s.iter(T))
            for s in doc.element.body.iter(SDT)
            if s.find(f"{{{W}}}sdtPr/{TAG}") is not None
        }

    rows += [
        ("parse", name, ms)
        for name, ms in medians_ms(
            {
                "docgen (full: checks, manifest, typed values)": docgen_parse,
                "floor: unzip + lxml parse": floor_parse,
                "python-docx": python_docx_parse,
            },
            args.repeat,
        ).items()
    ]

    print(f"Worcestershire session record: {n_controls} content controls; median of {args.repeat} runs\n")
    print(f"{'work':<10}{'implementation':<50}{'ms/form':>9}")
    for work, name, ms in rows:
        print(f"{work:<10}{name:<50}{ms:>9.2f}")
    gen = {name: ms for work, name, ms in rows if work == "generate"}
    par = {name: ms for work, name, ms in rows if work == "parse"}
    if "docxtpl" in gen:
        print(f"\ndocgen generation is {gen['docxtpl'] / gen['docgen']:.1f}x faster than docxtpl (target: at least 5x)")
    print(
        f"docgen parsing takes "
        f"{par['docgen (full: checks, manifest, typed values)'] / par['floor: unzip + lxml parse']:.1f}x "
        f"the floor (target: within 3x)"
    )


if __name__ == "__main__":
    main()
