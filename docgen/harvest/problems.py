"""problems.csv: every harvested file that needs attention, why, and what to do about it.

It names files and problems, never answers: no child's name or wellbeing note ends up in it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from ..filecodes import WHAT_TO_DO, meanings
from ..outfiles import csv_bytes, write_atomic
from .rebuild import Rebuild, answers_key

# Views of the one catalogue (docgen/filecodes.py: per code, what it means and what to do).
HARVEST_ERRORS = meanings("harvest-error")  # codes the harvest itself adds to the parsers' FORM_ERRORS
HARVEST_FLAGS = meanings("harvest-flag")  # what the harvest flags across files (the files were read and stored)
__all__ = ["HARVEST_ERRORS", "HARVEST_FLAGS", "WHAT_TO_DO", "problem_rows", "same_document_id", "write_problems"]

HEADER = ["path", "status", "code", "problem", "what to do"]


def problem_rows(store) -> list[list[str]]:
    rows = []
    claims = same_document_id(store)
    query = (
        "SELECT path, status, code, message, sha256 FROM documents WHERE status != 'ok' OR document_id IN "
        f"({_CLAIMED_TWICE}) ORDER BY path"
    )
    for path, status, code, message, sha in store.db.execute(query).fetchall():
        if status == "failed":
            rows.append([path, status, code, message, WHAT_TO_DO.get(code, "")])
            continue
        issues = (
            store.db.execute(
                "SELECT field, code, message FROM issues WHERE _sha256 = ? ORDER BY _row", (sha,)
            ).fetchall()
            if status != "ok"
            else []
        )
        codes = list(dict.fromkeys(c for _, c, _ in issues))
        texts = [f"{field}: {msg}" if field else msg for field, _, msg in issues]
        differ, same = claims.get(path, ([], []))
        for code, others, words in (
            ("same-document-id", differ, "a file with different answers claims to be the same form: "),
            ("copy-of-form", same, "the same form with the same answers is also in: "),
        ):
            if others:
                codes.append(code)
                more = f" and {len(others) - 3} more" if len(others) > 3 else ""
                texts.append(words + ", ".join(others[:3]) + more)
        rows.append([path, status, " ".join(codes), "; ".join(texts), " ".join(WHAT_TO_DO.get(c, "") for c in codes)])
    return rows


# document ids that files of different content (sha256) claim; copies of one file are one content
_CLAIMED_TWICE = (
    "SELECT document_id FROM documents WHERE document_id IS NOT NULL GROUP BY document_id "
    "HAVING count(DISTINCT sha256) > 1"
)


def same_document_id(store) -> dict[str, tuple[list[str], list[str]]]:
    """path -> (the paths of files with other answers that claim the same document id, the paths of
    files with other bytes but the same answers: copies, such as a form saved again by a program that
    rebuilds PDFs, which the records count once: readback.py)."""
    by_id: dict[str, list[tuple[str, str, str]]] = {}
    rebuild = Rebuild(store.db, bulk=False)
    answers: dict[str, str] = {}
    for doc_id, path, sha, form_hash, manifest, text in store.db.execute(
        "SELECT document_id, path, sha256, form_hash, manifest, record FROM documents "
        f"WHERE document_id IN ({_CLAIMED_TWICE}) ORDER BY path"
    ):
        if sha not in answers:
            if text is None and (form_hash is None or manifest is None):  # no record kept: never a copy
                answers[sha] = sha
            else:
                record = json.loads(text) if text is not None else rebuild(sha, form_hash, manifest)
                answers[sha] = answers_key(record)
        by_id.setdefault(doc_id, []).append((path, sha, answers[sha]))
    return {
        path: ([p for p, s, a in files if s != sha and a != key], [p for p, s, a in files if s != sha and a == key])
        for files in by_id.values()
        for path, sha, key in files
    }


INFORMATION = frozenset({"copy-of-form"})  # listed so an admin knows, but nothing to do


def write_problems(store, path: Path, unstored: Sequence[list[str]] = ()) -> tuple[int, int]:
    """Write problems.csv (always, so an old one never lingers); return how many files need attention
    and how many are listed only as copies of another (`copy-of-form`: nothing to do). `unstored`:
    rows for files this run could not store at all (a path another agency's role stored first)."""
    rows = sorted([*problem_rows(store), *unstored])
    write_atomic(path, csv_bytes(HEADER, rows), private=True)
    copies = sum(1 for row in rows if row[2] and set(row[2].split()) <= INFORMATION)
    return len(rows) - copies, copies
