"""Harvested records built by hand, as the harvest gives them to the report: a formal session
record read through its roles. The report tests plant their cases with these and work out the
expected findings from the dates themselves."""

from __future__ import annotations

import datetime as dt

ROLES = {"supervisee": "supervisee", "session_date": "session_date", "supervision_type": "supervision_type"}
ROSTER_HEAD = (
    "staff_id,name,supervisor_id,team,role,experience,employment,fte,contact,start_date,asye_start,leaving_date\n"
)


def session(name: str, day: dt.date, document_id: str = "", path: str = "") -> dict:
    """A one-to-one session record of `name` held on `day` (an amended copy shares its `document_id`)."""
    document = {"kind": "session-record"} | ({"document_id": document_id} if document_id else {})
    values = {"supervisee": name, "session_date": day.isoformat(), "supervision_type": "one_to_one"}
    return {
        "path": path or f"{name}/{day}.docx",
        "status": "ok",
        "document": document,
        "values": values,
        "roles": ROLES,
        "issues": [],
    }


def demo_policy(**swap: str):
    """The demo policy with whole passages swapped (each must be there): demo_policy(**{old: new})."""
    from docgen.demo.synthetic import DEMO_POLICY
    from docgen.policy import load_policy_text

    text = DEMO_POLICY.read_text(encoding="utf-8")
    for old, new in swap.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    return load_policy_text(text, "demo.yaml")


def found(report, check: str) -> list:
    """The findings of one check."""
    return [f for f in report.findings if f.check == check]
