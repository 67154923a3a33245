"""Generate forms: every form kind a policy names, or one kind per supervisee from a staff CSV.

File names follow a fixed, safe pattern ({policy}_{kind}[_{variant}][_{row}-{slug}].{ext});
nothing is overwritten without `force`; every file is written atomically (temporary file, then
rename), so a crash never leaves half a form behind.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .policy import LoadedPolicy
from .prefill import StaffRow, prefill_values
from .spec import build_form, form_keys


FORMATS = ("docx", "pdf")


def renderers() -> dict:
    from .render.docx import render_docx
    from .render.pdf import render_pdf
    return {"docx": render_docx, "pdf": render_pdf}


@dataclass
class Generated:
    written: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # values changed to fit (field id: what)


POLICY = "policy"  # the read-only policy document, beside the form kinds


def select_forms(loaded: LoadedPolicy, only: list[str] | None) -> list[str]:
    keys = form_keys(loaded) + ([POLICY] if loaded.policy.documents.policy_document else [])
    if not only:
        return keys
    chosen = [k for k in keys if k in only or k.split(":")[0] in only]
    return chosen


def build(loaded: LoadedPolicy, key: str):
    """The document tree of a form kind, or of the policy document."""
    if key == POLICY:
        from .spec.policy_document import build_policy_document
        return build_policy_document(loaded)
    return build_form(loaded, key)


def plan(loaded: LoadedPolicy, out_dir: Path, keys: list[str], formats: list[str],
         staff: list[StaffRow] | None = None) -> list[tuple[Path, str, str, StaffRow | None]]:
    """(path, form key, format, staff row) for every file to write."""
    jobs = []
    for key in keys:
        stem = f"{loaded.policy.id}_{key.replace(':', '_').replace('-', '_')}"
        if key == POLICY:
            stem = f"{loaded.policy.id}_policy_document"
        for fmt in formats:
            if staff is None:
                jobs.append((out_dir / f"{stem}.{fmt}", key, fmt, None))
            else:
                for n, row in enumerate(staff, 1):
                    jobs.append((out_dir / f"{stem}_{n:03d}-{row.slug()}.{fmt}", key, fmt, row))
    return jobs


def existing(jobs) -> list[Path]:
    return [path for path, *_ in jobs if path.exists()]


def generate(loaded: LoadedPolicy, jobs) -> Generated:
    result = Generated()
    render = renderers()
    specs: dict[str, object] = {}
    for path, key, fmt, row in jobs:
        spec = specs.get(key) or specs.setdefault(key, build(loaded, key))
        values = prefill_values(loaded, spec, row) if row is not None else None
        rendered = render[fmt](spec, values)
        write_atomic(path, rendered.data)
        result.written.append(path)
        result.notes.extend(f"{path.name}: {fid}: {what}" for fid, what in rendered.notes)
    return result


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
