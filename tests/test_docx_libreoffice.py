"""A real client: LibreOffice fills every control of every form over UNO, saves DOCX, and docgen
reads back exactly what was filled. Then a LibreOffice PDF export is rendered to PNG (pdftoppm)
and its text checked, so a person can look at it too (kept under output/client-previews/)."""

import datetime as dt
import json
import shutil
import subprocess

import pytest

from docgen.forms import build_form, form_keys
from docgen.parse.docx import parse_docx
from docgen.policy import load_policy
from docgen.render.docx import render_docx

from .conftest import CLIENTS, SYSTEM_PYTHON
from .inline import ROOT, SHIPPED

FORMS = [(path, key) for path in SHIPPED for key in form_keys(load_policy(path))]
TEXTS = ["Siân ap Rhŷs", "O'Brien & <Co> \"quoted\"", "😀 emoji", "עברית", "中文 文字", "line one\nline two\tand a tab"]


def fills_for(spec):
    """A value for every control (every row of every repeat), and what parsing must return."""
    fills, want, n = [], {}, 0
    repeat_children = {f.id for r in spec.repeats() for f in r.fields}

    def value(f, i):
        nonlocal n
        n += 1
        if f.type in ("choice", "yes_no_maybe", "rag"):
            option = f.options[(n + i) % len(f.options)]
            return option.label, option.key
        if f.type == "checkbox":
            return True, True
        if f.type == "date":
            day = dt.date(2026, 1 + n % 12, 28) if n % 3 else dt.date(2024, 2, 29)
            return day.isoformat(), day.isoformat()
        if f.type == "number":
            return str(30 + n), 30 + n
        text = TEXTS[n % len(TEXTS)]
        if f.type != "multiline":
            text = text.replace("\n", " ")
        return text, text

    for f in spec.fields():
        if f.id in repeat_children:
            continue
        shown, parsed = value(f, 0)
        fills.append([f.id, 0, shown])
        want[f.id] = parsed
    for r in spec.repeats():
        rows = []
        for i in range(r.rows):
            row = {}
            for f in r.fields:
                shown, parsed = value(f, i)
                fills.append([f.id, i, shown])
                row[f.short_id] = parsed
            rows.append(row)
        want[r.id] = rows
    return fills, want


def fill_with_libreoffice(port: int, spec, folder):
    """LibreOffice fills every control of a blank form and saves it as DOCX.
    Returns (saved bytes, what parsing must return, LibreOffice's summary, the fills)."""
    blank = folder / "blank.docx"
    blank.write_bytes(render_docx(spec).data)
    fills, want = fills_for(spec)
    (folder / "fills.json").write_text(json.dumps(fills, ensure_ascii=False), encoding="utf-8")
    saved = folder / "filled.docx"
    result = subprocess.run([SYSTEM_PYTHON, str(CLIENTS / "lo_fill.py"), str(port), str(blank), str(saved),
                             str(folder / "fills.json")], capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    return saved.read_bytes(), want, json.loads(result.stdout), fills


@pytest.mark.parametrize("path,key", FORMS, ids=[f"{p.stem}-{k}" for p, k in FORMS])
def test_libreoffice_fills_every_control_and_docgen_reads_it_back(libreoffice, tmp_path, path, key):
    spec = build_form(load_policy(path), key)
    saved, want, summary, fills = fill_with_libreoffice(libreoffice, spec, tmp_path)
    assert summary["filled"] == len(fills)
    # every control LibreOffice sees is a field (block-level repeat wrappers show up as controls too)
    wrappers = {r.id for r in spec.repeats()} | {""}
    assert sorted(t for t in summary["tags"] if t not in wrappers) == sorted(tag for tag, _, _ in fills)
    record = parse_docx(saved)
    assert record.values == want
    assert record.manifest["form_id"] == spec.manifest.form_id
    assert [i for i in record.issues] == []


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils (pdftoppm) is not installed")
def test_libreoffice_pdf_export_shows_labels_and_filled_values(libreoffice, tmp_path):
    path = next(p for p in SHIPPED if p.stem == "worcestershire")
    spec = build_form(load_policy(path), "session-record")
    blank = tmp_path / "blank.docx"
    blank.write_bytes(render_docx(spec).data)
    fills, _ = fills_for(spec)
    (tmp_path / "fills.json").write_text(json.dumps(fills, ensure_ascii=False), encoding="utf-8")
    saved = tmp_path / "filled.docx"
    subprocess.run([SYSTEM_PYTHON, str(CLIENTS / "lo_fill.py"), str(libreoffice), str(blank), str(saved),
                    str(tmp_path / "fills.json"), "--pdf", str(tmp_path / "filled.pdf")], check=True, timeout=180)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "filled.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    for label in ("Record of Safeguarding Supervision", "Agreed actions", "By whom", "By when", "Supervisee"):
        assert label in text
    assert "Siân ap Rhŷs" in text and "Page 1 of" in text
    previews = ROOT / "output" / "client-previews"
    previews.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(tmp_path / "filled.pdf"),
                    str(previews / "worcestershire-session-record")], check=True)
    [png] = previews.glob("worcestershire-session-record*.png")
    assert png.stat().st_size > 10_000  # a rendered page, not a blank
