"""Policies with three to six functions, for the functions sheet and static-table tests: the
minimal policy (policies.minimal_policy) with its functions swapped for these, worded as agencies
word them (long words: "organisational", "decision-making.", "Development", "Engagement"; a long
one-word function with a short prompt, as the starter's "Development")."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from docgen.render.docx import render_docx
from docgen.render.pdf import render_pdf

from .policies import minimal_policy

FUNCTIONS = [
    (
        "Management support",
        [
            "Role and responsibilities are defined",
            "Policies, procedures and statutory responsibilities are understood and implemented",
            "Assess the overall quality of the worker's performance",
        ],
    ),
    (
        "Continuing Professional Development",
        [
            "Identifying learning needs and organisational priorities",
            "Regular and constructive feedback to the worker on all aspects of their performance.",
        ],
    ),
    (
        "Personal Support",
        [
            "Create a safe climate for the worker to look at their practice and its impact on them as a person",
            "Debrief the worker and give them permission to talk about feelings.",
        ],
    ),
    (
        "Engagement with the organisation",
        ["Brief more senior management about gaps in or issues with resource.", "Involve staff in decision-making."],
    ),
    ("Accountability", ["Decisions are recorded"]),
    ("Reflection", ["Space for critical reflection on decision-making, accountability and professional judgement"]),
]
TAGS = ["management", "development", "support", "mediation", "quality_assurance", "reflection"]


def functions_policy(count: int) -> str:
    """The minimal policy with the first `count` FUNCTIONS (3 to 6) and a functions sheet."""
    items = "\n".join(
        f"    - id: f{i}\n      label: {json.dumps(label)}\n      tag: {TAGS[i]}\n      prompts: {json.dumps(prompts)}"
        for i, (label, prompts) in enumerate(FUNCTIONS[:count])
    )
    return minimal_policy(
        **{
            "    - {id: management, label: Management, tag: management}": items,
            "    - {id: support, label: Support, tag: support}\n": "",
            "documents:\n": "documents:\n  handouts: [functions_sheet]\n",
        }
    )


# --- a read-only document holding one static table, for the static-table tests -----------------

HEADER = ("Staff group", "How often", "What counts")


def long_rows(count: int = 12) -> tuple[tuple[str, ...], ...]:
    """Rows of three to four lines each: taller than the room a header row used to keep under it."""
    return tuple(
        (
            f"Group {i} of staff with responsibility for safeguarding children and their families",
            "Every four weeks for the first six months, then every six weeks, set in the agreement",
            "Formal supervision, one to one; group supervision when the agreement says so",
        )
        for i in range(1, count + 1)
    )


def table_document(filler: int, table=None):
    """A read-only document: `filler` one-line paragraphs, then `table` (by default HEADER over
    long_rows()), then a source line. More filler moves the table further down the page."""
    from docgen.forms.tree import FormSpec, Manifest, Paragraph, Section, Table

    table = table or Table(HEADER, long_rows())
    blocks = tuple(Paragraph((f"Paragraph {i} of the introduction.",)) for i in range(filler)) + (table,)
    manifest = Manifest("tables", "1.0", "handout-tables", "tiny", "1.0", "0" * 64, "0")
    return FormSpec(
        manifest, "Static tables", "Tiny Council", (Section("Frequency", blocks),), footer=("Source: test",)
    )


def printed(specs: dict, folder: Path, profile: Path) -> dict[tuple[str, str], bytes]:
    """(case, "pdf" | "docx") -> docgen's PDF of each document tree, or LibreOffice's print of its
    DOCX (one soffice run for them all)."""
    soffice = shutil.which("soffice")
    if not soffice:
        pytest.skip(reason="LibreOffice is not installed (run .ci/install-clients as root)")
    out = {}
    for case, spec in specs.items():
        out[(case, "pdf")] = render_pdf(spec).data
        (folder / f"{case}.docx").write_bytes(render_docx(spec).data)
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf"]
        + ["--outdir", str(folder / "pdf"), *(str(folder / f"{case}.docx") for case in specs)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    for case in specs:
        out[(case, "docx")] = (folder / "pdf" / f"{case}.pdf").read_bytes()
    return out


def words(text: str) -> Counter:
    """The words of a text, hyphens left out (pdftotext joins a word broken after its hyphen at a
    line's end without it), and a colon after a word (a stacked table's "header: cell")."""
    text = re.sub(r"(?<=\w)-\s*\n\s*(?=\w)", "-", text.replace("\u2019", "'"))
    return Counter(w.rstrip(":") for w in re.findall(r"\S+", text.replace("-", "")))


def pdftotext(data: bytes, folder: Path) -> str:
    path = folder / "doc.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
