"""Compliance report on a large synthetic agency: 200 staff x 2 years (about 5,000 sessions).

Prints the time to build the report (the checks and summary tables; target under 5 s), to draw
the HTML with its charts and to write the findings, and checks that exactly the planted breaches
were found (precision and recall).

    python bench/report.py [--staff 200] [--years 2] [--seed 7] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys

from _timing import median_ms

from docgen.demo.agency import generate
from docgen.report import build_report, findings_csv, findings_xlsx
from docgen.report.html import render_html


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--staff", type=int, default=200)
    parser.add_argument("--years", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    agency = generate(staff=args.staff, years=args.years, seed=args.seed)
    roster = agency.roster()
    kinds: dict[str, int] = {}
    for record in agency.records:
        kinds[record["document"]["kind"]] = kinds.get(record["document"]["kind"], 0) + 1
    report = build_report(agency.records, agency.policy, roster, agency.as_of)
    build = median_ms(lambda: build_report(agency.records, agency.policy, roster, agency.as_of), args.repeat)
    html = median_ms(lambda: render_html(report), args.repeat)
    csv_ms = median_ms(lambda: findings_csv(report), args.repeat)
    xlsx = median_ms(lambda: findings_xlsx(report), args.repeat)
    found, planted = report.keys(), agency.expected
    hits = len(found & planted)
    precision = hits / len(found) if found else 1.0
    recall = hits / len(planted) if planted else 1.0
    print(
        f"synthetic agency: {len(roster.staff)} people on the roster, {len(agency.records)} records "
        f"({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))}), checked as of {agency.as_of}"
    )
    print(f"{'step':<34}{'median ms':>12}")
    print(
        f"{'build_report (checks + tables)':<34}{build:>12.0f}   target < 5000: {'met' if build < 5000 else 'NOT MET'}"
    )
    print(f"{'render_html (charts + page)':<34}{html:>12.0f}")
    print(f"{'findings CSV':<34}{csv_ms:>12.1f}")
    print(f"{'findings XLSX':<34}{xlsx:>12.1f}")
    print(f"planted breaches {len(planted)}, findings {len(found)}: precision {precision:.0%}, recall {recall:.0%}")
    return 0 if found == planted else 1


if __name__ == "__main__":
    sys.exit(main())
