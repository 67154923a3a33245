"""problems.csv: every harvested file that needs attention, why, and what to do about it.

It names files and problems, never answers: no child's name or wellbeing note ends up in it.
"""

from __future__ import annotations

from pathlib import Path

from ..outfiles import csv_bytes, write_atomic
from ..parse.record import ISSUE_CODES
from ..parse.safety import FORM_ERRORS

# Codes the harvest itself adds to the parsers' FORM_ERRORS.
HARVEST_ERRORS = {
    "empty": "the file is empty",
    "unreadable": "the file could not be read from disk",
    "timeout": "reading the file took too long",
    "too-much-memory": "reading the file needed too much memory",
    "crashed": "the reader stopped unexpectedly",
    "other-policy": "the form was made under a policy this harvest was not given",
}

WHAT_TO_DO = {
    "not-a-form": "Ask for the form docgen generated; this file is something else (or a read-only document).",
    "not-docx": "Check the file: it is named like a Word document but is not one. Ask for it again.",
    "not-pdf": "Check the file: it is named like a PDF but is not one. Ask for it again.",
    "flattened": "Ask the sender for the filled form itself, not a printed or flattened PDF.",
    "xfa": "Ask the sender to use the docgen PDF or Word form instead of an XFA form.",
    "encrypted": "Ask the sender for a copy without a password.",
    "corrupt": "Ask the sender to save and send the form again.",
    "too-large": "Check the file; a completed form is far smaller. Ask for the form itself.",
    "zip-bomb": "Do not open the file; report it to IT. Ask the sender for the form again.",
    "unsafe-xml": "Do not open the file; report it to IT. Ask the sender for the form again.",
    "empty": "Ask the sender to save and send the form again.",
    "unreadable": "Check the file's permissions and that the drive is available, then harvest again.",
    "timeout": "Harvest again (it will be retried); if it fails again, ask the sender to re-save the form.",
    "too-much-memory": "Harvest again (it will be retried); if it fails again, report the file to IT.",
    "crashed": "Harvest again (it will be retried); if it fails again, please report it as a docgen bug.",
    "other-policy": "Harvest it with its own policy (--policy), or move it out of this folder.",
    "missing-required": "Ask the author to complete the missing answers and send the form again.",
    "bad-value": "Ask the author to correct the answers named here (e.g. a date as dd/mm/yyyy).",
    "missing-control": "The form was edited beyond filling in; ask for a fresh copy of the form, filled in.",
    "duplicate-control": "The form was edited beyond filling in; check the answers named here.",
    "unknown-control": "The form was edited beyond filling in; check the answers named here.",
    "placeholder-left": "Ask the author to fill in the answers that still show their prompt.",
    "not-signed": "Ask the supervisee and supervisor to sign the record.",
}
assert set(WHAT_TO_DO) == set(FORM_ERRORS) | set(HARVEST_ERRORS) | set(ISSUE_CODES)

HEADER = ["path", "status", "code", "problem", "what to do"]


def problem_rows(store) -> list[list[str]]:
    rows = []
    query = ("SELECT d.path, d.status, d.code, d.message, d.sha256 FROM documents d "
             "WHERE d.status != 'ok' ORDER BY d.path")
    for path, status, code, message, sha in store.db.execute(query).fetchall():
        if status == "failed":
            rows.append([path, status, code, message, WHAT_TO_DO.get(code, "")])
            continue
        issues = store.db.execute("SELECT field, code, message FROM issues WHERE _sha256 = ? ORDER BY rowid",
                                  (sha,)).fetchall()
        codes = list(dict.fromkeys(c for _, c, _ in issues))
        text = "; ".join(f"{field}: {msg}" for field, _, msg in issues)
        rows.append([path, status, " ".join(codes), text, " ".join(WHAT_TO_DO.get(c, "") for c in codes)])
    return rows


def write_problems(store, path: Path) -> int:
    """Write problems.csv (always, so an old one never lingers); return how many files need attention."""
    rows = problem_rows(store)
    write_atomic(path, csv_bytes(HEADER, rows), private=True)
    return len(rows)
