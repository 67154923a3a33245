"""A synthetic partnership in one harvest store: 12 agencies, a roster each, N records over a year.

The agencies are the shipped policies (policies/*.yaml), and copies of them under another id and
agency name (written into `folder`) up to the number asked for. Each agency's people are supervised
every 24 to 32 days over the year before `AS_OF`, with an agreement each and, for one in four,
case records; the records are made by the demo's own helper (docgen/demo/synthetic_forms.py, from
the real forms of each policy) and written straight into the store's tables in bulk (documents,
forms and the typed tables, as a harvest writes them), not through files: a million files is
too many. The report reads them as it reads harvested ones.

    partnership = build(store_path, folder, records=1_000_000)
    report_from_files(store_path, partnership.agencies[0].loaded, partnership.agencies[0].roster(), AS_OF)

Used by bench/store.py and tests/report/test_partnership.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from docgen.demo.synthetic import FUNCTIONS, TEAMS
from docgen.demo.synthetic_forms import FormShapes, PlannedSession
from docgen.forms import build_form
from docgen.forms.fieldlist import FieldList
from docgen.harvest.backend import as_target
from docgen.harvest.forms import FormShape, child_table, form_of_data, manifest_text, numbers_are_numbers, record_text
from docgen.harvest.identity import table_name
from docgen.harvest.schema import DOCUMENT_COLUMNS
from docgen.harvest.store import Store
from docgen.harvest.tables import _cell
from docgen.policy import LoadedPolicy, load_policy
from docgen.report.roster import Roster, parse_roster, roster_csv

POLICIES = Path(__file__).resolve().parent.parent / "policies"
AS_OF = dt.date(2024, 3, 31)
FIRST_DAY = AS_OF - dt.timedelta(days=365)
DAY = dt.timedelta(days=1)
FORM_COLUMNS = ("fields_hash", "form_id", "form_version", "kind", "policy_id", "policy_version", "policy_digest")
FORM_COLUMNS += ("fields", "repeats")
CHUNK = 20_000  # records per transaction
_PLAIN = frozenset({str, int, float, type(None)})


@dataclass
class Agency:
    loaded: LoadedPolicy
    roster_rows: list[dict] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)  # kind -> records written (known by construction)

    @property
    def id(self) -> str:
        return self.loaded.policy.id

    def roster(self) -> Roster:
        return parse_roster(roster_csv(self.roster_rows), f"<roster of {self.id}>")


@dataclass
class Partnership:
    agencies: list[Agency]
    as_of: dt.date = AS_OF

    @property
    def records(self) -> int:
        return sum(sum(a.counts.values()) for a in self.agencies)


def agency_policies(folder: Path, count: int = 12) -> list[LoadedPolicy]:
    """The shipped policies, then copies of them under other ids and agency names (written in `folder`)."""
    shipped = sorted(POLICIES.glob("*.yaml"))
    out = []
    for i in range(count):
        source = shipped[i % len(shipped)]
        if i < len(shipped):
            out.append(load_policy(source))
            continue
        text = source.read_text(encoding="utf-8")
        old = re.search(r"^id: (\S+)$", text, re.M)
        assert old, f"{source} has no top-level id"
        new_id = f"{old.group(1)}_{i + 1}"
        text = text.replace(old.group(0), f"id: {new_id}", 1)
        text = re.sub(r"^(agency:\n  name: ).*$", rf"\g<1>Partner agency {i + 1}", text, count=1, flags=re.M)
        copy = folder / f"{new_id}.yaml"
        copy.write_text(text, encoding="utf-8")
        out.append(load_policy(copy))
    return out


class _Shapes(FormShapes):
    """The demo's record maker, with its look-ups by role worked out once (a million records)."""

    def __init__(self, loaded: LoadedPolicy):
        super().__init__(loaded)
        self._ids: dict[tuple, list[str]] = {}
        self._child: dict[tuple, str | None] = {}

    def ids(self, kind: str, role: str) -> list[str]:
        hit = self._ids.get((kind, role))
        if hit is None:
            hit = self._ids[(kind, role)] = super().ids(kind, role)
        return hit

    def child(self, kind: str, repeat: str, role: str) -> str | None:
        key = (kind, repeat, role)
        if key not in self._child:
            self._child[key] = super().child(kind, repeat, role)
        return self._child[key]


class _Forms:
    """What the store writes for each form of one policy: its hash, shape and typed table."""

    def __init__(self, loaded: LoadedPolicy):
        self.by_kind: dict[str, tuple[str, FormShape, dict]] = {}  # kind -> (form hash, shape, forms row)
        for key in loaded.policy.documents.forms:
            kind = key.split(":")[0]
            if kind in self.by_kind:
                continue
            spec = build_form(loaded, key)
            fields, repeats = FieldList.of(spec).to_data()
            m = spec.manifest
            text = json.dumps([fields, repeats], sort_keys=True, ensure_ascii=False)
            parts = [hashlib.sha256(text.encode()).hexdigest()[:16]]
            parts += [str(v) for v in (m.form_id, m.form_version, m.policy_id, m.policy_version, m.policy_digest)]
            digest = hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]
            row = (digest, m.form_id, m.form_version, kind, m.policy_id, m.policy_version, m.policy_digest)
            row += (json.dumps(fields, ensure_ascii=False), json.dumps(repeats, ensure_ascii=False))
            self.by_kind[kind] = (digest, form_of_data(fields, repeats), row)


class _Writer:
    """Rows gathered by table and written in bulk (executemany in SQLite, COPY in PostgreSQL), a
    chunk of records per transaction, as the store would write them (the typed tables made by the
    store's own TypedTables; in PostgreSQL each value as its column's type takes it)."""

    TOP = ("_sha256", "_document_id", "_form_id", "_policy_id")
    CHILD = ("_sha256", "_row")

    def __init__(self, store: Store):
        self.store, self.db = store, store.db
        self.strict = self.db.kind != "sqlite"  # a column holds only its own type there
        self.docs: list[tuple] = []
        self.typed: dict[tuple, list[tuple]] = {}  # (table, columns) -> rows
        self.made: dict[tuple, tuple] = {}  # (table, names, form hash) -> the columns' SQL types
        self.forms: list[tuple] = []
        self.now = dt.datetime(2024, 4, 1, 9, 0).isoformat()

    def form(self, row: tuple) -> None:
        self.forms.append(row)

    def add(self, record: dict, form_hash: str, form: FormShape, size: int) -> None:
        doc, values, path = record["document"], record["values"], record["path"]
        sha = hashlib.sha256(path.encode()).hexdigest()
        table = table_name(doc["kind"])
        top = tuple(form.top)
        kept = self._row(table, self.TOP, top, form.types, form_hash, (sha, *self._meta(doc)), values)
        for rid, types in form.child_types.items():
            for i, row in enumerate(values.get(rid) or ()):
                kept &= self._row(child_table(table, rid), self.CHILD, tuple(types), types, form_hash, (sha, i), row)
        text = None if kept and numbers_are_numbers(form, values) else record_text(record, form)
        self.docs.append(
            (path, size, sha, doc["document_id"], doc["form_id"], doc["form_version"], doc["kind"])
            + (doc["policy_id"], doc["policy_version"], doc["policy_digest"], "ok", None, None, 0, self.now)
            + (form_hash, manifest_text(doc), text, doc["policy_id"])  # agency: the policy's id
        )

    @staticmethod
    def _meta(doc: dict) -> tuple:
        return doc["document_id"], doc["form_id"], doc["policy_id"]

    def _row(self, table: str, meta: tuple, names: tuple, types: dict, form_hash: str, key: tuple, values) -> bool:
        sql_types = self.made.get((table, names, form_hash))
        if sql_types is None:
            self.flush()  # the table (or its new columns) is made in its own transaction
            pk = "_sha256" if meta == self.TOP else "_sha256, _row"
            sql_types = self.store.typed._ensure(table, meta, names, types, pk)[1]
            self.made[(table, names, form_hash)] = sql_types
        out = self.typed.setdefault((table, (*meta, *names)), [])
        if not self.strict:
            out.append((*key, *[_value(values.get(f)) for f in names]))
            return True
        kept, cells = True, list(key)
        for f, sql_type in zip(names, sql_types, strict=True):
            cell, whole = self.db.coerce(_cell(values.get(f)), sql_type)
            cells.append(cell)
            kept &= whole
        out.append(cells)
        return kept

    def flush(self) -> None:
        if not (self.docs or self.forms or self.typed):
            return
        db = self.db
        db.begin()
        if self.forms:
            db.bulk("forms", FORM_COLUMNS, self.forms)
        for (table, columns), rows in self.typed.items():
            db.bulk(table, columns, rows)
        db.bulk("documents", DOCUMENT_COLUMNS, self.docs)
        db.execute("COMMIT")
        self.docs, self.forms, self.typed = [], [], {}


def _value(v):
    return v if v.__class__ in _PLAIN else _cell(v)


def build(target: Path | str, folder: Path, records: int = 1_000_000, agencies: int = 12, seed: int = 7) -> Partnership:
    """Write a partnership of `agencies` and `records` records (in all) into a new store at `target`."""
    rng = random.Random(seed)
    partnership = Partnership([Agency(p) for p in agency_policies(folder, agencies)])
    store = Store(as_target(target))
    try:
        writer = _Writer(store)
        for i, agency in enumerate(partnership.agencies):
            quota = records // agencies + (1 if i < records % agencies else 0)
            _agency(agency, quota, writer, rng)
        writer.flush()
    finally:
        store.close()
    return partnership


def _agency(agency: Agency, quota: int, writer: _Writer, rng: random.Random) -> None:
    shapes, forms = _Shapes(agency.loaded), _Forms(agency.loaded)
    for _, _, row in forms.by_kind.values():
        writer.form(row)
    written, n = 0, 0
    prefix = agency.id[:3].upper()
    managers: dict[str, tuple[str, str]] = {}
    while written < quota:
        n += 1
        team = TEAMS[n % len(TEAMS)]
        staff_id, name = f"{prefix}{n:05d}", f"Person {n} of {agency.id}"
        manager = managers.get(team)
        if manager is None:  # the first of each team manages it
            managers[team] = (staff_id, name)
        supervisor_id, boss = manager or ("", "")
        row = {
            "staff_id": staff_id,
            "name": name,
            "team": team,
            "role": "social_worker" if manager else "team_manager",
            "experience": "experienced",
            "employment": "full_time",
            "fte": "1",
            "contact": "direct",
            "supervisor_id": supervisor_id,
            "start_date": (FIRST_DAY - rng.randint(100, 3000) * DAY).isoformat(),
        }
        agency.roster_rows.append(row)
        for record in _history(agency, shapes, staff_id, name, boss, rng):
            if written == quota:
                break
            kind = record["document"]["kind"]
            form_hash, form, _ = forms.by_kind[kind]
            writer.add(record, form_hash, form, rng.randint(30_000, 120_000))
            agency.counts[kind] += 1
            written += 1
            if len(writer.docs) >= CHUNK:
                writer.flush()


def _history(agency: Agency, shapes: FormShapes, staff_id: str, name: str, boss: str, rng: random.Random):
    """One person's year: sessions every 24-32 days, an agreement, and case records for one in four."""
    folder = f"{agency.id}/{staff_id}"
    if "agreement" in shapes.roles:
        d = FIRST_DAY + rng.randint(0, 20) * DAY
        by_role = {
            "supervisee": name,
            "supervisor": boss,
            "agreement_date": d.isoformat(),
            "agreement_review_date": (d + 365 * DAY).isoformat(),
            "agreement_frequency": 4 if shapes.types.get("agreement/agreement_frequency") == "number" else "monthly",
            "agreement_duration": "90 minutes",
            "signature_supervisee": name,
            "signature_supervisee_date": d.isoformat(),
            "signature_supervisor": boss,
            "signature_supervisor_date": d.isoformat(),
        }
        yield shapes.record("agreement", by_role, f"{folder}/{d}_agreement.docx", rng)
    cases = "case-record" in shapes.roles and rng.random() < 0.25
    d, i = FIRST_DAY + rng.randint(0, 10) * DAY, 0
    while d <= AS_OF:
        signed = min(d + 3 * DAY, AS_OF)
        s = PlannedSession(
            d,
            duration=rng.choice((60, 75, 90, 90, 105, 120)),
            next_date=d + 28 * DAY,
            functions=(FUNCTIONS[i % 4], FUNCTIONS[(i + 1) % 4]),
            actions=[(f"Follow-up {i + 1} agreed", "Supervisee", d + 14 * DAY)],
            review="Actions from the last session reviewed." if i else "",
            children=[(f"{staff_id}-C{i % 3}", "child_in_need", rng.choice(("green", "amber")), "")] if i % 2 else [],
            signed={"supervisee": signed, "supervisor": signed},
        )
        yield shapes.session(name, boss, s, f"{folder}/{d}_session.docx", rng)
        if cases and i % 3 == 1:
            c = PlannedSession(
                d + DAY,
                kind="case-record",
                next_date=None,
                children=[(f"{staff_id}-C{i % 3}", "child_protection", "amber", "")],
                signed={"supervisee": d + DAY, "supervisor": d + DAY},
            )
            yield shapes.session(name, boss, c, f"{folder}/{d + DAY}_case.docx", rng)
        d += rng.randint(24, 32) * DAY
        i += 1


def kinds_text(partnership: Partnership) -> str:
    counts: Counter = Counter()
    for a in partnership.agencies:
        counts.update(a.counts)
    return ", ".join(f"{n:,} {k}" for k, n in sorted(counts.items()))
