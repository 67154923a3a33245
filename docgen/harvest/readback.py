"""Records read back from a harvest database, rebuilt from what the store wrote.

A record is {"document", "values", "issues", "roles", "functions"}: the manifest as read (documents.manifest),
the answers from the form kind's typed table and its repeats' child tables (only the fields of the
file's own form, in its types: a checkbox's 0/1 is true/false again), the issues in the order
they were found, and the form's roles and functions (forms, by documents.form_hash; no "functions"
when the form's list predates them). A row whose
documents.record holds JSON (a record the typed columns could not hold exactly, or one stored
before schema 2) is read from that instead.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from .backend import as_target
from .identity import is_kind
from .rebuild import Only, Rebuild, answers_key


def read_records(db_path: str | Path, policy_ids: Sequence[str] | None = None) -> list[dict]:
    """The current record of every form harvested into a database (an SQLite file's path, or a
    PostgreSQL URL: backend.py), one per distinct content, in path order: {"path", "status",
    "document", "values", "roles", "functions", "issues"} (the compliance report reads these).
    `policy_ids`: only the records made from these policies (and any that name none), picked out
    in SQL: a partnership's store holds every agency's records, a report wants one's."""
    from .readonly import NeedsUpgrade
    from .store import Store  # (here: store.py imports this module)

    try:
        store = Store(as_target(db_path), read_only=True)  # a report only reads: it works on read-only storage
    except NeedsUpgrade:
        store = Store(as_target(db_path))  # an older layout is upgraded first, as a harvest would
    try:
        return [{"path": path, "status": status, **record} for path, status, _, record in records(store, policy_ids)]
    finally:
        store.close()


def records(store, policy_ids: Sequence[str] | None = None) -> list[tuple[str, str, str, dict]]:
    """(path, status, sha256, record) for every distinct record that was read as a form, in path
    order: a copy of the same bytes at a later path is the same record, given once, and so is a
    file with other bytes but the same document id and the same answers (a form saved again by a
    program that rebuilds PDFs; the harvest flags it `copy-of-form`)."""
    only = Only(policy_ids)
    rows = store.db.execute(
        "SELECT path, status, sha256, form_hash, manifest, record FROM documents "
        f"WHERE (form_hash IS NOT NULL OR record IS NOT NULL){only.where('policy_id')} ORDER BY path",
        only.params,
    ).fetchall()
    seen: set[str] = set()
    copies: set[tuple[str, str]] = set()
    rebuild = Rebuild(store.db, bulk=True, only=only)
    out = []
    for path, status, sha, form_hash, manifest, text in rows:
        if sha in seen:
            continue
        seen.add(sha)
        record = json.loads(text) if text is not None else rebuild(sha, form_hash, manifest)
        document = record.get("document") or {}
        if document.get("document_id"):
            copy = (document["document_id"], answers_key(record))
            if copy in copies:
                continue
            copies.add(copy)
        if is_kind(document.get("kind")):  # a file stored before its kind was checked
            out.append((path, status, sha, record))
    return out
