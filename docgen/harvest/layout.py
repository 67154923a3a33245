"""The layout of the exports: which sheets, which columns, in what words, from a harvest database.

A harvest database keeps ids (its tables are for SQL); the exports (exports.py) and the labelled
SQLite views (views.py) show the same data to people, laid out here once:

- a sheet per form kind ("Session records") and per repeat, named by its kind and the repeat's
  label ("Session record agreed actions"; the label alone when both do not fit in Excel's 31
  characters: "Children and families discussed"), then "Files", "Issues", "Form versions"; a table docgen did not
  make (a database tampered with before names were checked) keeps its own names, neutralised;
- each record sheet starts with the record's short key ("Record", labels.py) and where it came from;
  each repeat's row with its record's key and its row number from 1;
- a field's column is named by its role when it has one that no other field of its form shares, so
  fields that mean one thing land in one column across templates and agencies (Worcestershire's
  `next_meeting` and the generic `next_session_date` are both "Next session date"); a field with
  no role (or one its form gives several fields) has a column of its own, headed by its label;
- `--export-keys` adds "<header> (key)" beside each choice column.

Each column knows, per form (by the hash of its field list), which SQL column holds it, its type
and options, so a value is shown as its own form says.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

from ..forms.roles import REQUIRED_ROLES, ROLE_LABELS
from .labels import (
    file_stem,
    kind_title,
    kind_words,
    record_keys,
    repeat_title,
    sheet_title,
    short_label,
    unique_headers,
)
from .problems import same_document_id

CHILD_SEP = "__"

FILES = "documents"
ISSUES = "issues"
FORMS = "forms"

# What a file and a form version both say of the form (documents and forms share these columns).
_FORM_META: dict[str, tuple[str, str, str]] = {
    "form_id": ("Form", "the form's id", "text"),
    "form_version": ("Form version", "the form's version", "text"),
    "kind": ("Form kind", "the kind of form", "text"),
    "policy_id": ("Policy", "the id of the policy the form was made from", "text"),
    "policy_version": ("Policy version", "that policy's version", "text"),
    "policy_digest": ("Policy digest", "the hash of that policy's text", "text"),
}

# The store's own tables: column -> (header, what it holds, type); a column missing here keeps its name.
_OWN: dict[str, dict[str, tuple[str, str, str]]] = {
    FILES: {
        "path": ("File", "the file's path as harvested", "text"),
        "size": ("Size (bytes)", "the file's size in bytes", "number"),
        "sha256": ("SHA-256", "the file's content hash (sha256): the same bytes at two paths are one record", "text"),
        "document_id": ("Document id", "the id docgen gave the form when it made it", "text"),
        **_FORM_META,
        "status": ("Status", "ok, ok_with_issues or failed", "text"),
        "code": ("Problem", "why a file failed (a code docs/harvest.md explains)", "text"),
        "message": ("Message", "what went wrong, in words", "text"),
        "issue_count": ("Issues", "how many issues the record has (see the Issues sheet)", "number"),
        "harvested_at": ("Harvested at (UTC)", "when the file was harvested, in UTC", "timestamp"),
        "form_hash": ("Form fields hash", "the hash of the form's field list (Form versions)", "text"),
        "manifest": ("Manifest (JSON)", "what the file said of itself, as JSON", "text"),
    },
    ISSUES: {
        "field": ("Field", "the id of the field the issue is about", "text"),
        "code": ("Problem", "the kind of issue (a code)", "text"),
        "message": ("Message", "the issue, in words", "text"),
    },
    FORMS: {
        "fields_hash": ("Form fields hash", "the hash of the form's field list", "text"),
        **_FORM_META,
        "fields": ("Fields (JSON)", "the form's fields: id, type, label, options, role", "text"),
        "repeats": ("Repeats (JSON)", "the form's repeating tables", "text"),
    },
}
_TITLES = {FILES: "Files", ISSUES: "Issues", FORMS: "Form versions"}
RECORD = ("Record", "the record's short key: its document id (or the start of it, or of its content hash)")
_RECORD_META = (
    ("form", "Form", "the form's id"),
    ("version", "Form version", "the form's version"),
    ("policy", "Policy", "the id of the policy the form was made from"),
    ("status", "Status", "ok or ok_with_issues (see the Issues sheet)"),
    ("file", "File", "the file's path (the first, when the same bytes are at several paths)"),
)


@dataclass
class Column:
    """One column of a sheet. `source` is 'meta:<name>', 'sql:<column>' (a store table's own column),
    or 'field' (a form's field: `sources` gives its SQL column per form hash)."""

    header: str
    source: str
    label: str = ""  # the full label(s), or what a metadata column holds
    type: str = "text"
    role: str | None = None
    ids: list[str] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # form hash -> SQL column
    types: dict[str, str] = field(default_factory=dict)  # form hash -> field type
    roles: dict[str, str | None] = field(default_factory=dict)  # form hash -> role
    options: dict[str, dict[str, str]] = field(default_factory=dict)  # form hash -> key -> label
    is_key: bool = False  # the "(key)" column beside a choice column

    def all_options(self) -> dict[str, str]:
        merged: dict[str, str] = {}
        for opts in self.options.values():
            for k, v in opts.items():
                merged.setdefault(k, v)
        return merged


@dataclass
class Sheet:
    table: str
    title: str
    file: str  # the CSV file's stem
    kind: str  # record | child | files | issues | forms | raw
    columns: list[Column]


@dataclass
class Layout:
    sheets: list[Sheet]
    keys: dict[str, str]  # sha256 -> the record's short key
    docs: dict[str, tuple]  # sha256 -> (path, document id, form, version, policy, status, form hash, has a record)
    labels: dict[tuple[str, str], str]  # (form hash, field id) -> label (for the Issues sheet)
    copies: dict[str, str] = field(default_factory=dict)  # copy -> original (sha256): no rows of its own


def build(store, with_keys: bool = False) -> Layout:
    """The layout of this database's exports (with a "(key)" column beside each choice column when asked)."""
    docs = {
        row[0]: row[1:]
        for row in store.db.execute(
            "SELECT sha256, path, document_id, form_id, form_version, policy_id, status, form_hash, kept FROM "
            "(SELECT *, row_number() OVER (PARTITION BY sha256 ORDER BY path) AS n, max(CASE WHEN form_hash "
            "IS NOT NULL OR record IS NOT NULL THEN 1 ELSE 0 END) OVER (PARTITION BY sha256) AS kept "
            "FROM documents) AS d WHERE n = 1"
        )
    }
    copies = _copies(store, docs)
    keys = record_keys((sha, d[1]) for sha, d in docs.items() if d[7] and sha not in copies)
    for copy, original in copies.items():  # a copy's file shows the key of the record it copies
        keys[copy] = keys.get(original, "")
    # each form kind's field lists: by the files that used them (one list may serve several kinds:
    # `forms` keeps the first kind it was met with), and by `forms` for a list no file names now
    used = store.db.execute(
        "SELECT DISTINCT d.form_hash, d.form_id, d.form_version, d.kind, f.fields, f.repeats FROM documents AS d "
        "JOIN forms AS f ON f.fields_hash = d.form_hash ORDER BY d.form_id, d.form_version, d.kind"
    ).fetchall()
    named = {(r[0], r[3]) for r in used}
    kept = store.db.execute(
        "SELECT fields_hash, form_id, form_version, kind, fields, repeats FROM forms ORDER BY form_id, form_version"
    ).fetchall()
    forms = used + [r for r in kept if (r[0], r[3]) not in named]
    parsed = [(h, fid, ver, kind or "", json.loads(f), json.loads(r)) for h, fid, ver, kind, f, r in forms]
    labels = {(h, f["id"]): f.get("label") or f["id"] for h, _, _, _, fields, _ in parsed for f in fields}
    tables = store.tables()
    titles: set[str] = {"data dictionary", "notes"}  # the workbook's own sheets (exports.py, xlsxcells.py)
    files: set[str] = {"data_dictionary"}
    sheets: list[Sheet] = []

    def add(table: str, title: str, kind: str, columns: list[Column]) -> None:
        title = sheet_title(title, titles)
        stem, n = file_stem(title), 1
        while (stem if n == 1 else f"{stem}_{n}") in files:
            n += 1
        stem = stem if n == 1 else f"{stem}_{n}"
        files.add(stem)
        sheets.append(Sheet(table, title, stem, kind, columns))

    data = [t for t in tables if t not in _OWN]
    known = {t for t in data if _forms_of(t, parsed)}
    order = {kind.replace("-", "_"): i for i, kind in enumerate(REQUIRED_ROLES)}  # session records first

    def place(t: str) -> tuple:
        base = t.partition(CHILD_SEP)[0]
        return (order.get(base.partition(":")[0], len(order)), base, CHILD_SEP in t, t)

    for table in sorted(known, key=place):
        of = _forms_of(table, parsed)
        base, _, rid = table.partition(CHILD_SEP)
        if rid:
            label = _repeat_label(table, parsed) or rid.replace("_", " ").capitalize()
            actions = any(f.get("role") == "action_text" and f["id"].startswith(f"{rid}.") for p in of for f in p[4])
            title = repeat_title(kind_words(of[0][3]), label, actions)
            meta = [Column(RECORD[0], "meta:record", RECORD[1]), Column("Row", "meta:row", "the row's number, from 1")]
        else:
            title = kind_title(of[0][3])
            meta = [Column(RECORD[0], "meta:record", RECORD[1])]
            meta += [Column(h, f"meta:{name}", what) for name, h, what in _RECORD_META]
        add(table, title, "child" if rid else "record", _with_headers(meta, _field_columns(of, rid), with_keys))
    for table in (FILES, ISSUES, FORMS):
        if table in tables:
            add(table, _TITLES[table], table if table != FORMS else "forms", _own_columns(store, table))
    for table in data:
        if table not in known:  # not docgen's: its own names (neutralised when written)
            sheets.append(Sheet(table, sheet_title(table, titles), table, "raw", []))
    return Layout(sheets, keys, docs, labels, copies)


def _copies(store, docs: dict[str, tuple]) -> dict[str, str]:
    """copy -> original (sha256s): the files whose record is a copy of an earlier file's, the same
    document id and the same answers in other bytes (problems.py `same_document_id`). The records
    (readback.py) give such a form once, at its first path; so do the record and repeat sheets, so
    that nobody counts it twice, and the copy's file shows its original's key."""
    claims = same_document_id(store)
    path_sha = dict(store.db.execute("SELECT path, sha256 FROM documents"))
    out = {}
    for sha, d in docs.items():
        same = claims.get(d[0], ([], []))[1]
        if same and min(same) < d[0]:
            original = path_sha.get(min(same))
            if original is not None and original != sha:
                out[sha] = original
    return out


def _forms_of(table: str, parsed: list) -> list:
    base, _, rid = table.partition(CHILD_SEP)
    of = [p for p in parsed if p[3].replace("-", "_") == base]
    return [p for p in of if any(r.get("id") == rid for r in p[5])] if rid else of


def _repeat_label(table: str, parsed: list) -> str:
    rid = table.partition(CHILD_SEP)[2]
    for p in _forms_of(table, parsed):
        for r in p[5]:
            if r.get("id") == rid and r.get("label"):
                return " ".join(str(r["label"]).split())
    return ""


def _field_columns(of: list, rid: str) -> list[Column]:
    """The field columns of a sheet, in the order the forms give them: one per role a form gives
    one field, one per field id otherwise."""
    columns: dict[str, Column] = {}
    prefix = f"{rid}." if rid else ""
    for h, fid, ver, _kind, fields, _repeats in of:
        mine = [f for f in fields if (f["id"].startswith(prefix) if rid else "." not in f["id"])]
        roles = Counter(f.get("role") for f in mine if f.get("role"))
        for f in mine:
            role = f.get("role")
            sql = f["id"][len(prefix) :]
            ident = f"role:{role}" if role and roles[role] == 1 and role in ROLE_LABELS else f"id:{sql}"
            col = columns.get(ident)
            if col is None:
                header = ROLE_LABELS[role] if ident.startswith("role:") and role else short_label(f.get("label") or sql)
                col = columns[ident] = Column(header, "field", type=f.get("type") or "text", role=role)
            if f["id"] not in col.ids:
                col.ids.append(f["id"])
            label = " ".join(str(f.get("label") or "").split())
            if label and label not in col.label.split(" / "):
                col.label = f"{col.label} / {label}" if col.label else label
            form = f"{fid} {ver}"
            if form not in col.forms:
                col.forms.append(form)
            col.sources[h], col.types[h], col.roles[h] = sql, f.get("type") or "text", role
            if f.get("options"):
                col.options[h] = {str(k): str(v) for k, v in f["options"]}
            if col.role != role:
                col.role = col.role if role is None else (role if col.role is None else col.role)
    return list(columns.values())


def _with_headers(meta: list[Column], fields: list[Column], with_keys: bool) -> list[Column]:
    """Headers unique within the sheet (the metadata's first), and the "(key)" columns when asked."""
    headers = unique_headers(
        [c.header for c in meta] + [c.header for c in fields], [""] * len(meta) + [c.label for c in fields]
    )
    for column, header in zip(meta + fields, headers, strict=True):
        column.header = header
    out = list(meta)
    taken = {h.casefold() for h in headers}
    for column in fields:
        out.append(column)
        if with_keys and column.options:
            header, n = f"{column.header} (key)", 1
            while header.casefold() in taken:
                n += 1
                header = f"{column.header} (key {n})"
            taken.add(header.casefold())
            out.append(
                Column(
                    header,
                    "field",
                    f"the option's key (what the database holds) for {column.header}",
                    "key",
                    column.role,
                    column.ids,
                    column.forms,
                    column.sources,
                    {h: "text" for h in column.types},
                    column.roles,
                    column.options,
                    is_key=True,
                )
            )
    return out


def _own_columns(store, table: str) -> list[Column]:
    names = list(store.db.column_types(table))
    own = _OWN[table]
    columns = [Column(RECORD[0], "meta:record", RECORD[1])] if table in (FILES, ISSUES) else []
    if table == ISSUES:
        columns.append(Column("Question", "meta:question", "the label of the field the issue is about"))
    for name in names:
        if name in ("record", "_sha256", "_row", "agency"):  # a record kept whole is in records.jsonl; the hash is
            # the key; an issue's place is its order; the agency is the policy's (for the store's security)
            continue
        header, what, typ = own.get(name, (name, "", "text"))
        columns.append(Column(header, f"sql:{name}", what, typ))
    headers = unique_headers([c.header for c in columns], [""] * len(columns))
    for column, header in zip(columns, headers, strict=True):
        column.header = header
    return columns
