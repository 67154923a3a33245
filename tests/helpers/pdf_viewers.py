"""Real PDF viewers: poppler (GNOME viewers) and pdf.js (Firefox) fill every field of a blank form
and save it (their scripts are in tests/clients/); marks that skip a test when one is missing."""

from __future__ import annotations

import io
import json
import shutil
import subprocess

import pikepdf
import pytest

from docgen.forms.fieldlist import from_pdf_name
from docgen.forms.fields import FIELD_TYPES
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


def ticked(spec, fills: dict, blank: bytes | None = None) -> dict:
    """`fills` with each tick-box choice's entry (its option's label) made the box to tick:
    {"tick": the option's key (the kid's on-state)}, and given the blank form, where that box is:
    "page" (from 0), "rect" (PDF points) and "page_h" (the page's height), for a client that finds
    a radio kid only by its place on the page (poppler)."""
    by_id = {f.id: f for f in spec.fields()}
    repeats = {r.id for r in spec.repeats()}
    places = _radio_kids(blank) if blank is not None else {}
    out = dict(fills)
    for name, typed in fills.items():
        f = by_id.get(from_pdf_name(name, repeats)[0])
        if f is None or FIELD_TYPES[f.type].control_for(f) != "ticks":
            continue
        key = next(o.key for o in f.options if o.label == typed)
        out[name] = {"tick": key, **places.get((name, key), {})}
    return out


def pdfjs_ink(data: bytes, page_index: int, rects, tmp_path, scale: float = 3.0, inset: float = 2.0) -> list[int]:
    """Dark pixels pdf.js draws inside each rectangle (PDF points) of a page, the fields' saved
    appearances included (tests/clients/pdfjs_render.mjs), `inset` points in from the edges."""
    from PIL import Image

    src, png = tmp_path / "pdfjs-ink.pdf", tmp_path / "pdfjs-ink.png"
    src.write_bytes(data)
    result = subprocess.run(
        ["node", str(CLIENTS / "pdfjs_render.mjs"), str(src), str(png), str(page_index + 1), str(scale)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    image = Image.open(png).convert("L")
    page_h = image.height / scale
    counts = []
    for left, bottom, right, top in rects:
        box = [round(v * scale) for v in (left + inset, page_h - top + inset, right - inset, page_h - bottom - inset)]
        counts.append(sum(image.crop(box).histogram()[:128]))  # grey levels below mid-grey
    return counts


def _radio_kids(blank: bytes) -> dict:
    """(field name, kid's on-state) -> where the kid's box is, for every radio kid of a blank form."""
    pdf = pikepdf.open(io.BytesIO(blank))
    pages = {page.objgen: (n, float(page.MediaBox[3])) for n, page in enumerate(pdf.pages)}
    out = {}
    for field in pdf.Root.AcroForm.Fields:
        for kid in field.get("/Kids", []):
            state = next(str(k)[1:] for k in kid.AP.N.keys() if k != "/Off")  # noqa: SIM118
            page, height = pages[kid.P.objgen]
            out[(str(field.T), state)] = {"page": page, "rect": [float(v) for v in kid.Rect], "page_h": height}
    return out


def _has_pdfjs() -> bool:
    return bool(shutil.which("node")) and (CLIENTS / "node_modules" / "pdfjs-dist").is_dir()


pdfjs = pytest.mark.skipif(not _has_pdfjs(), reason="pdf.js is not installed (cd tests/clients && npm ci)")
mupdf = pytest.mark.skipif(
    not shutil.which("mutool"),
    reason="MuPDF's mutool is not installed (apt-get install mupdf-tools; see .ci/install-clients)",
)
CLIENT_COMMANDS = {
    "poppler": lambda blank, saved, fills: [SYSTEM_PYTHON, str(CLIENTS / "poppler_fill.py"), blank, saved, fills],
    "pdfjs": lambda blank, saved, fills: ["node", str(CLIENTS / "pdfjs_fill.mjs"), blank, saved, fills],
    "mupdf": lambda blank, saved, fills: ["mutool", "run", str(CLIENTS / "mupdf_fill.js"), blank, saved, fills],
}


def fill_with(client: str, spec, tmp_path):
    """Fill every field of a blank form with a real client; return (blank, saved, expected values)."""
    blank = render_pdf(spec).data
    (tmp_path / "blank.pdf").write_bytes(blank)
    fills, want = fills_for(spec)
    fills = ticked(spec, fills, blank)
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
