"""Real PDF viewers: poppler (GNOME viewers) and pdf.js (Firefox) fill every field of a blank form
and save it (their scripts are in tests/clients/); marks that skip a test when one is missing."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from docgen.render.pdf import render_pdf

from .clients import CLIENTS, SYSTEM_PYTHON
from .pdfs import field_names
from .values import plan

TEXTS = ["Siân ap Rhŷs", "Ŵyn O'Brien (Ltd) \\ <&>", "Ẁ ẃ ẅ ỳ ŷ", "Łódź Čeština", "plain words"]


def _has_poppler() -> bool:
    if not shutil.which("pdftoppm") or not __import__("pathlib").Path(SYSTEM_PYTHON).exists():
        return False
    probe = "import gi; gi.require_version('Poppler', '0.18'); from gi.repository import Poppler"
    return subprocess.run([SYSTEM_PYTHON, "-c", probe], capture_output=True).returncode == 0


poppler = pytest.mark.skipif(
    not _has_poppler(),
    reason="poppler GLib binding (gir1.2-poppler-0.18, python3-gi) is not installed; run .ci/install-clients as root",
)


def fills_for(spec):
    """(pdf name -> what a person enters, values dict docgen must read back)."""
    planned = plan(spec, TEXTS)
    return planned.by_name(), planned.want


def _has_pdfjs() -> bool:
    return bool(shutil.which("node")) and (CLIENTS / "node_modules" / "pdfjs-dist").is_dir()


pdfjs = pytest.mark.skipif(not _has_pdfjs(), reason="pdf.js is not installed (cd tests/clients && npm ci)")
CLIENT_COMMANDS = {
    "poppler": lambda blank, saved, fills: [SYSTEM_PYTHON, str(CLIENTS / "poppler_fill.py"), blank, saved, fills],
    "pdfjs": lambda blank, saved, fills: ["node", str(CLIENTS / "pdfjs_fill.mjs"), blank, saved, fills],
}


def fill_with(client: str, spec, tmp_path):
    """Fill every field of a blank form with a real client; return (blank, saved, expected values)."""
    blank = render_pdf(spec).data
    (tmp_path / "blank.pdf").write_bytes(blank)
    fills, want = fills_for(spec)
    (tmp_path / "fills.json").write_text(json.dumps(fills, ensure_ascii=False), encoding="utf-8")
    saved = tmp_path / "filled.pdf"
    result = subprocess.run(
        CLIENT_COMMANDS[client](str(tmp_path / "blank.pdf"), str(saved), str(tmp_path / "fills.json")),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["filled"] == len(fills)
    assert sorted(summary["fields"]) == sorted(field_names(spec))  # every field, signatures included
    return blank, saved.read_bytes(), want
