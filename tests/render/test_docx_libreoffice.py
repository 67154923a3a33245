"""A real client: LibreOffice fills every control of every form over UNO, saves DOCX, and docgen
reads back exactly what was filled. Then a LibreOffice PDF export is rendered to PNG (pdftoppm)
and its text checked, so a person can look at it too (kept under output/client-previews/)."""

import json
import shutil
import subprocess

import pytest

from docgen.forms import build_form, form_keys
from docgen.parse.docx import parse_docx
from docgen.policy import load_policy
from docgen.render.docx import render_docx
from tests.helpers.clients import CLIENTS, SYSTEM_PYTHON, fill_with_libreoffice, fills_for
from tests.helpers.policies import ROOT, SHIPPED

FORMS = [(path, key) for path in SHIPPED for key in form_keys(load_policy(path))]


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
    subprocess.run(
        [
            SYSTEM_PYTHON,
            str(CLIENTS / "lo_fill.py"),
            str(libreoffice),
            str(blank),
            str(saved),
            str(tmp_path / "fills.json"),
            "--pdf",
            str(tmp_path / "filled.pdf"),
        ],
        check=True,
        timeout=180,
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "filled.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    for label in ("Record of Safeguarding Supervision", "Agreed actions", "By whom", "By when", "Supervisee"):
        assert label in text
    assert "Siân ap Rhŷs" in text and "Page 1 of" in text
    previews = ROOT / "output" / "client-previews"
    previews.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "50",
            "-f",
            "1",
            "-l",
            "1",
            str(tmp_path / "filled.pdf"),
            str(previews / "worcestershire-session-record"),
        ],
        check=True,
    )
    [png] = previews.glob("worcestershire-session-record*.png")
    assert png.stat().st_size > 10_000  # a rendered page, not a blank
