"""Filled forms that name children, for the privacy and spreadsheet tests: the synthetic agency's
case records and the session records that discuss children, as PDFs, with two children renamed.

`CONTROL_NAME` holds every C0 control character (a PDF keeps them all; `--prefill` writes them),
`PLAIN_NAME` none. Both children have findings (C1 / C2), so their names reach the report."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from docgen.demo.agency import generate
from docgen.demo.synthetic import DEMO_POLICY
from docgen.forms import build_form
from docgen.render.pdf import render_pdf

C0 = "".join(chr(i) for i in range(32))
CONTROL_NAME = "Alice" + C0 + "Smith"
PLAIN_NAME = "Bobby Fairweather"
RENAMED = {"NS-C00005": CONTROL_NAME, "NS-C00008": PLAIN_NAME}  # each has a finding (C1, C2)
ROOT = Path(__file__).resolve().parents[2]


def write_forms(folder: Path):
    """The forms into folder/forms, the roster into folder/staff.csv; returns (forms, roster, agency)."""
    agency = generate(staff=4, years=1, seed=4)
    forms, roster = folder / "forms", folder / "staff.csv"
    forms.mkdir(parents=True)
    roster.write_text(agency.roster_csv(), encoding="utf-8")
    specs: dict = {}
    for i, record in enumerate(agency.records):
        kind, values = record["document"]["kind"], dict(record["values"])
        if kind != "case-record" and not values.get("children"):
            continue
        if kind == "case-record":
            values["child"] = RENAMED.get(values["child"], values["child"])
        else:
            values["children"] = [
                {**row, "child": RENAMED.get(row["child"], row["child"])} for row in values["children"]
            ]
        spec = specs.get(kind) or specs.setdefault(kind, build_form(agency.policy, kind))
        values = {k: v for k, v in values.items() if v is not None}
        (forms / f"{i:05d}_{kind}.pdf").write_bytes(render_pdf(spec, values).data)
    return forms, roster, agency


def docgen(*args, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The real command in its own process, so a traceback would reach stderr as a user sees it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "docgen", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=600,
        check=False,
    )


def report_args(db: Path, roster: Path, agency, out: Path) -> list:
    return ["report", db, "--policy", DEMO_POLICY, "--roster", roster, "-o", out, "--as-of", agency.as_of.isoformat()]


def leaked(text: str) -> bool:
    """Does the text hold either child's name (or the readable start and end of the control one)?"""
    return any(name in text for name in ("Alice", "Smith", PLAIN_NAME, "Fairweather"))
