"""Folders of completed forms for harvest tests: every form kind of every shipped policy (or the
kinds asked for), filled by docgen, as DOCX and PDF."""

from __future__ import annotations

from pathlib import Path

from docgen.forms import build_form, form_keys
from docgen.policy import load_policy
from docgen.render.docx import render_docx
from docgen.render.pdf import render_pdf
from tests.helpers.clients import fills_for
from tests.helpers.policies import SHIPPED

FORMS = [(path, key) for path in SHIPPED for key in form_keys(load_policy(path))]
_SPECS: dict = {}


def spec(path, key):
    if (path, key) not in _SPECS:
        _SPECS[path, key] = build_form(load_policy(path), key)
    return _SPECS[path, key]


def write_corpus(folder: Path, forms=FORMS) -> dict[Path, dict]:
    """Every form kind of every shipped policy, filled by docgen, as DOCX and PDF: path -> values."""
    want = {}
    for path, key in forms:
        s = spec(path, key)
        _, values = fills_for(s)
        for fmt, render in (("docx", render_docx), ("pdf", render_pdf)):
            file = folder / path.stem / f"{key.replace(':', '-')}.{fmt}"
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_bytes(render(s, values).data)
            want[file.resolve()] = values
    return want
