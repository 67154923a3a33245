"""Generate forms: every form kind a policy names, or one kind per supervisee from a staff CSV.

The policy document and the handouts are also written as one self-contained HTML page each
(render/html); forms are DOCX and PDF only. File names follow a fixed, safe pattern
({policy}_{kind}[_{variant}][_{row}-{slug}].{ext});
nothing is overwritten without `force`. Every file is first written into a temporary folder
beside the output folder and the files are moved into place only when all were written, so a
full disk or a crash never leaves half a batch behind; a failed write is one plain problem
(`cannot-write`) saying which file, why, and what (if anything) was written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .documents.handouts import build_handout, handout_keys, is_handout
from .errors import ProblemsFound
from .forms import build_form, form_keys
from .outfiles import OutputError, Staging, cannot_write
from .policy import LoadedPolicy
from .prefill import StaffRow, prefill_manifest, prefill_notes, prefill_values

FORMATS = ("docx", "pdf", "html")
READ_ONLY_FORMATS = ("html",)  # formats only the read-only documents (policy document, handouts) are drawn in


def renderers() -> dict:
    from .render.docx import render_docx
    from .render.html import render_html
    from .render.pdf import render_pdf

    return {"docx": render_docx, "pdf": render_pdf, "html": render_html}


@dataclass
class Generated:
    written: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # values changed to fit (field id: what)


POLICY = "policy"  # the read-only policy document, beside the form kinds


HANDOUTS = "handouts"  # --only handouts: every handout the policy lists


def select_forms(loaded: LoadedPolicy, only: list[str] | None) -> list[str]:
    handouts = handout_keys(loaded)
    keys = form_keys(loaded) + ([POLICY] if loaded.policy.documents.policy_document else [])
    keys += [k for k in handouts if k not in keys]
    if not only:
        return keys
    chosen = [k for k in keys if k in only or k.split(":")[0] in only or (HANDOUTS in only and k in handouts)]
    return chosen


def build(loaded: LoadedPolicy, key: str, show_gaps: bool = False):
    """The document tree of a form kind, a handout, or the policy document (with `show_gaps`, its
    last appendix lists what the policy leaves undecided)."""
    if key == POLICY:
        from .documents.policy_document import build_policy_document

        return build_policy_document(loaded, show_gaps=show_gaps)
    if is_handout(key):
        return build_handout(loaded, key)
    return build_form(loaded, key)


def plan(
    loaded: LoadedPolicy, out_dir: Path, keys: list[str], formats: list[str], staff: list[StaffRow] | None = None
) -> list[tuple[Path, str, str, StaffRow | None]]:
    """(path, form key, format, staff row) for every file to write."""
    jobs: list[tuple[Path, str, str, StaffRow | None]] = []
    for key in keys:
        stem = f"{loaded.policy.id}_{key.replace(':', '_').replace('-', '_')}"
        if key == POLICY:
            stem = f"{loaded.policy.id}_policy_document"
        for fmt in formats:
            if fmt in READ_ONLY_FORMATS and not (key == POLICY or is_handout(key)):
                continue  # a form is filled in Word or a PDF viewer, not on a web page
            if staff is None:
                jobs.append((out_dir / f"{stem}.{fmt}", key, fmt, None))
            else:
                for n, row in enumerate(staff, 1):
                    jobs.append((out_dir / f"{stem}_{n:03d}-{row.slug()}.{fmt}", key, fmt, row))
    return jobs


def plan_previews(out_dir: Path, jobs) -> list[tuple[str, Path, tuple[Path, ...]]]:
    """(form key, PNG path, files it previews) per document kind, for --preview."""
    from .render.preview import PREVIEW_DIR

    out: dict[str, tuple[str, Path, tuple[Path, ...]]] = {}
    for path, key, _, row in jobs:
        stem = path.stem if row is None else path.stem.rsplit("_", 1)[0]
        _, image, files = out.get(key, (key, out_dir / PREVIEW_DIR / f"{stem}.png", ()))
        out[key] = (key, image, files + ((path,) if row is None else ()))
    return list(out.values())


def preview_paths(out_dir: Path, previews) -> list[Path]:
    from .render.preview import INDEX, page_image, page_images_present

    pages = [p for _, image, _ in previews for p in dict.fromkeys([page_image(image, 1), *page_images_present(image)])]
    return pages + ([out_dir / INDEX] if previews else [])


def existing(jobs, previews=(), out_dir: Path | None = None) -> list[Path]:
    paths = [path for path, *_ in jobs] + (preview_paths(out_dir, previews) if out_dir else [])
    return [path for path in paths if path.exists()]


def generate(
    loaded: LoadedPolicy, jobs, previews=(), out_dir: Path | None = None, show_gaps: bool = False
) -> Generated:
    """Write every job; with `previews` (from plan_previews) also every page's PNG and index.html;
    with `show_gaps`, the policy document ends with its "Not yet decided" appendix.

    All or nothing: files are staged beside `out_dir` and moved in when every one was written.
    Raises ProblemsFound (`cannot-write`) when the output cannot be written."""
    folder = out_dir or (jobs[0][0].parent if jobs else None)
    if folder is None:
        return Generated()
    try:
        with Staging(folder) as stage:
            result = _render_all(loaded, jobs, previews, folder, stage, show_gaps)
            result.written = stage.commit()
    except OutputError as exc:
        moved = getattr(exc, "written", [])
        raise ProblemsFound([cannot_write(exc, moved, len(jobs) + len(preview_paths(folder, previews)))]) from None
    return result


def _render_all(
    loaded: LoadedPolicy, jobs, previews, folder: Path, stage: Staging, show_gaps: bool = False
) -> Generated:
    result = Generated()
    render = renderers()
    specs: dict[str, object] = {POLICY: build(loaded, POLICY, show_gaps)} if any(j[1] == POLICY for j in jobs) else {}
    pdfs: dict[str, bytes] = {}  # blank PDF of each key, reused for its preview
    for path, key, fmt, row in jobs:
        spec = specs.get(key) or specs.setdefault(key, build(loaded, key))
        values = prefill_values(loaded, spec, row) if row is not None else None
        carried = prefill_manifest(loaded, spec, row, values) if row is not None and values else None
        rendered = render[fmt](spec, values, manifest_entries=carried)
        stage.write(path, rendered.data)
        if fmt == "pdf" and row is None:
            pdfs[key] = rendered.data
        result.notes.extend(f"{path.name}: {fid}: {what}" for fid, what in rendered.notes)
        result.notes.extend(
            f"{path.name}: {fid}: {what}" for fid, what in (prefill_notes(loaded, spec, row) if row else ())
        )
    if previews:
        write_previews(loaded, previews, specs, pdfs, folder, stage)
    return result


def write_previews(
    loaded: LoadedPolicy, previews, specs: dict, pdfs: dict, out_dir: Path, stage: Staging
) -> list[Path]:
    from .render.pdf import render_pdf
    from .render.preview import INDEX, PreviewItem, contact_sheet, page_image, page_pngs

    items: list = []
    written: list[Path] = []
    for key, image, files in previews:
        spec = specs.get(key) or specs.setdefault(key, build(loaded, key))
        pdf = pdfs.get(key) or render_pdf(spec).data
        pngs = page_pngs(pdf)
        pages = tuple(page_image(image, n) for n in range(1, len(pngs) + 1))
        for page, png in zip(pages, pngs, strict=True):
            stage.write(page, png)
        written.extend(pages)
        what = "Policy document" if key == POLICY else "Handout" if is_handout(key) else "Fillable form"
        items.append(PreviewItem(spec.title, what, pages, files))
    index = out_dir / INDEX
    stage.write(index, contact_sheet(loaded.policy.agency.name, items, out_dir).encode("utf-8"))
    return written + [index]
