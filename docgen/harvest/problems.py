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
    # entries of the folders that were not read (walk.py)
    "not-a-file": "a named pipe, socket or device named like a form",
    "outside-link": "a link to a file outside the folders being harvested",
    "link-loop": "a link that leads back to itself",
    "broken-link": "a link to a file that does not exist",
    "unreadable-folder": "a folder that could not be opened",
    "tampered-form": "the form's own description (its kind, ids or field list) was changed: not as docgen makes it",
    "form-mismatch": "the form is not the one its policy has (another kind, form id or field list)",
}

# What the harvest flags across files (the files themselves were read and stored).
HARVEST_FLAGS = {
    "same-document-id": "two files with different answers claim to be the same form (one document id)",
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
    "not-a-file": "Remove it, or put the form itself (an ordinary file) in its place.",
    "outside-link": "Copy the form itself into the folder, or harvest the folder it is in as well.",
    "link-loop": "Remove the link, or put the form itself in its place.",
    "broken-link": "Remove the link, or put the form itself in its place.",
    "unreadable-folder": "Check the folder's permissions and that the drive is available, then harvest again.",
    "tampered-form": "Do not trust this file: it was edited beyond filling in. Ask the sender for the form again.",
    "form-mismatch": "Ask the sender for the form generated from this policy; if the policy's forms changed, "
                     "generate a fresh form for them to fill in.",
    "same-document-id": "Check which file is the right one: one was probably edited after it was sent. Both are kept "
                        "and counted. (If one blank form was copied to several people, this is expected; give each "
                        "their own form with docgen generate --prefill.)",
    "missing-required": "Ask the author to complete the missing answers and send the form again.",
    "bad-value": "Ask the author to correct the answers named here (e.g. a date as dd/mm/yyyy).",
    "missing-control": "The form was edited beyond filling in; ask for a fresh copy of the form, filled in.",
    "duplicate-control": "The form was edited beyond filling in; check the answers named here.",
    "unknown-control": "The form was edited beyond filling in; check the answers named here.",
    "placeholder-left": "Ask the author to fill in the answers that still show their prompt.",
    "not-signed": "Ask the supervisee and supervisor to sign the record.",
    "signed-then-changed": "Check the answers named here with the signer: they were changed after signing, so the "
                           "signature does not vouch for them. Ask for a freshly signed copy if they matter.",
    "javascript": "The answers were stored. Do not open the file in a PDF viewer that runs scripts; report it to IT "
                  "and ask the sender for a clean copy of the form.",
    "launch-action": "The answers were stored. Do not open the file in a PDF viewer; report it to IT and ask the "
                     "sender for a clean copy of the form.",
    "submit-action": "The answers were stored. Do not open the file in a PDF viewer while online; report it to IT "
                     "and ask the sender for a clean copy of the form.",
}
assert set(WHAT_TO_DO) == set(FORM_ERRORS) | set(HARVEST_ERRORS) | set(HARVEST_FLAGS) | set(ISSUE_CODES)

HEADER = ["path", "status", "code", "problem", "what to do"]


def problem_rows(store) -> list[list[str]]:
    rows = []
    claims = same_document_id(store)
    query = ("SELECT path, status, code, message, sha256 FROM documents WHERE status != 'ok' OR document_id IN "
             f"({_CLAIMED_TWICE}) ORDER BY path")
    for path, status, code, message, sha in store.db.execute(query).fetchall():
        if status == "failed":
            rows.append([path, status, code, message, WHAT_TO_DO.get(code, "")])
            continue
        issues = store.db.execute("SELECT field, code, message FROM issues WHERE _sha256 = ? ORDER BY rowid",
                                  (sha,)).fetchall() if status != "ok" else []
        codes = list(dict.fromkeys(c for _, c, _ in issues))
        texts = [f"{field}: {msg}" if field else msg for field, _, msg in issues]
        if path in claims:
            others = claims[path]
            codes.append("same-document-id")
            texts.append("a file with different answers claims to be the same form: " + ", ".join(others[:3])
                         + (f" and {len(others) - 3} more" if len(others) > 3 else ""))
        rows.append([path, status, " ".join(codes), "; ".join(texts), " ".join(WHAT_TO_DO.get(c, "") for c in codes)])
    return rows


# document ids that files of different content (sha256) claim; copies of one file are one content
_CLAIMED_TWICE = ("SELECT document_id FROM documents WHERE document_id IS NOT NULL GROUP BY document_id "
                  "HAVING count(DISTINCT sha256) > 1")


def same_document_id(store) -> dict[str, list[str]]:
    """path -> the paths of files with other content that claim the same document id."""
    by_id: dict[str, list[tuple[str, str]]] = {}
    for doc_id, path, sha in store.db.execute(f"SELECT document_id, path, sha256 FROM documents WHERE document_id "
                                              f"IN ({_CLAIMED_TWICE}) ORDER BY path"):
        by_id.setdefault(doc_id, []).append((path, sha))
    return {path: [p for p, s in files if s != sha] for files in by_id.values() for path, sha in files}


def write_problems(store, path: Path) -> int:
    """Write problems.csv (always, so an old one never lingers); return how many files need attention."""
    rows = problem_rows(store)
    write_atomic(path, csv_bytes(HEADER, rows), private=True)
    return len(rows)
