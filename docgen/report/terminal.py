"""What `docgen report` and `docgen demo` say in the terminal about a report: its counts, and the
defaults it ran on ("What this report assumes"), in the same words as the HTML report."""

from __future__ import annotations

from .build import Report
from .findings import CATALOGUE
from .words import count

ASSUMES = "What this report assumes"
ASSUMES_LEAD = "Your policy does not set these values, so the checks ran on docgen's defaults:"
OWN_LEAD = "These checks are docgen's own: your policy has no rule on them."
ALL_SET = "Your policy sets every value the checks ran on: none of docgen's defaults was used."


def assumption_lines(report: Report) -> list[str]:
    """The defaults the checks ran on and the checks with no basis in the policy; [] when the
    policy sets everything the checks use."""
    if not (report.assumptions or report.own_checks):
        return []
    lines = [f"{ASSUMES}:"]
    if report.assumptions:
        lines.append(f"  {ASSUMES_LEAD}")
        lines += [f"  - {a}" for a in report.assumptions]
    if report.own_checks:
        lines.append(f"  {OWN_LEAD}")
        lines += [f"  - {c}: {CATALOGUE[c].title}" for c in report.own_checks]
    return lines


def summary(report: Report) -> str:
    """The counts line, then the assumptions."""
    head = (
        f"{count(len(report.findings), 'finding')} for {count(report.supervisees, 'supervisee')} in post "
        f"as of {report.as_of}."
    )
    return "\n".join(
        [
            head,
            *([report.counted] if report.left_out else []),
            *report.unchecked,
            *(f"Not checked: {n}" for n in report.not_checked),
            *assumption_lines(report),
        ]
    )
