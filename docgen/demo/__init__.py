"""`docgen demo`: the whole loop on a synthetic agency, in one command.

    result = run_demo(Path("output/demo"))

A made-up agency (docgen/demo/demo_policy.yaml; invented staff, children known only by case
numbers) gets a roster and a year of supervision: agreements, session records, case records and
evaluations, with realistic gaps planted (overdue supervision, unsigned records, a child in need
not discussed in time, drift...). Every record becomes a real form (Word or PDF, alternately),
filled by docgen; the folder is harvested and the compliance report written. Deterministic: the
same seed and date give the same files, byte for byte apart from each document's own id.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..forms import build_form
from ..harvest import harvest
from ..harvest.exports import export
from ..harvest.store import Store
from ..outfiles import write_atomic
from ..render.docx import render_docx
from ..render.pdf import render_pdf
from ..report import build_report, read_harvest, write_report
from ..report.terminal import assumption_lines
from ..report.words import count
from .agency import generate
from .synthetic import DEFAULT_AS_OF, DEMO_POLICY


@dataclass
class DemoResult:
    folder: Path
    forms: int = 0
    harvest_summary: str = ""
    findings: int = 0
    planted: int = 0
    found_planted: int = 0
    supervisees: int = 0
    written: list[Path] = field(default_factory=list)
    report_line: str = ""  # "28 findings for 63 supervisees in post"
    assumptions: list[str] = field(default_factory=list)  # what the report assumes, as the terminal says it


def run_demo(
    out: Path, staff: int = 40, years: int = 1, seed: int = 7, as_of: dt.date = DEFAULT_AS_OF, jobs: int | None = None
) -> DemoResult:
    """Write DIR/policy.yaml, staff.csv, forms/, harvest.db, problems.csv, exports/, report.html and
    findings.xlsx. The folder must not hold an earlier demo (see holds_demo / clear_demo)."""
    agency = generate(staff=staff, years=years, seed=seed, as_of=as_of)
    result = DemoResult(out, planted=len(agency.expected))
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(DEMO_POLICY, out / "policy.yaml")
    write_atomic(out / "staff.csv", agency.roster_csv().encode("utf-8"))
    specs: dict = {}
    for n, record in enumerate(agency.records):
        kind = record["document"]["kind"]
        spec = specs.get(kind) or specs.setdefault(kind, build_form(agency.policy, kind))
        values = {k: v for k, v in record["values"].items() if v is not None}
        fmt, render = ("pdf", render_pdf) if n % 2 else ("docx", render_docx)
        day = _first_date(record) or "undated"
        path = out / "forms" / kind / f"{day}_{n:04d}.{fmt}"
        write_atomic(path, render(spec, values, document_id=f"demo-{seed}-{n:05d}").data)
        result.forms += 1
    harvested = harvest([out / "forms"], out / "harvest.db", {agency.policy.policy.id: agency.policy}, jobs=jobs)
    result.harvest_summary = harvested.summary()
    store = Store(out / "harvest.db")
    try:
        result.written += export(store, ["csv"], out / "exports")
    finally:
        store.close()
    report = build_report(read_harvest(out / "harvest.db"), agency.policy, agency.roster(), as_of)
    result.written += write_report(report, out / "report.html", out / "findings.xlsx")
    result.findings, result.supervisees = len(report.findings), report.supervisees
    result.report_line = f"{count(result.findings, 'finding')} for {count(result.supervisees, 'supervisee')} in post"
    result.assumptions = assumption_lines(report)
    found = {(f.check, f.staff_id, f.date) for f in report.findings}
    result.found_planted = len(found & agency.expected)
    return result


_DATA = ("forms", "exports")  # what a demo run writes besides files it replaces itself
_DATABASE = ("harvest.db", "harvest.db-wal", "harvest.db-shm", "harvest.db.lock", "problems.csv")


def holds_demo(out: Path) -> bool:
    return (out / "harvest.db").exists() or (out / "forms").exists()


def clear_demo(out: Path) -> None:
    """Remove an earlier demo's forms and database, so a new run does not harvest them too."""
    for name in _DATA:
        shutil.rmtree(out / name, ignore_errors=True)
    for name in _DATABASE:
        (out / name).unlink(missing_ok=True)


def _first_date(record: dict) -> str | None:
    roles = record.get("roles", {})
    for key, role in roles.items():
        if role in ("session_date", "agreement_date", "evaluation_date") and record["values"].get(key):
            return str(record["values"][key])
    return None
