"""Report stage: harvested records + policy + staff roster -> compliance findings and an HTML report.

from docgen.report import build_report, write_report, read_roster
report = build_report(records, loaded_policy, read_roster("staff.csv"), as_of)
write_report(report, "report.html", "findings.xlsx")
"""

from .build import Report, build_report
from .files import findings_csv, findings_xlsx, write_report
from .findings import CATALOGUE, Finding
from .roster import Roster, Staff, parse_roster, read_roster
from .source import read_harvest

__all__ = [
    "Report",
    "build_report",
    "write_report",
    "findings_csv",
    "findings_xlsx",
    "CATALOGUE",
    "Finding",
    "Roster",
    "Staff",
    "read_roster",
    "parse_roster",
    "read_harvest",
]
