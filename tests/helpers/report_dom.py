"""The HTML compliance report as a reader sees it (issue 17 item 6): opened in headless Chromium (a
screenshot to look at; the DOM as Chromium built it, parsed with lxml) and checked for what reads
wrong in words:

    14 a heading that repeats the heading above it ("Findings for X" under "X")
    15 a count of people that differs from another count of people on the page, and no paragraph
       (or table summary) holding one of them says the other or the difference
    16 a number that does not agree with its noun ("1 formal sessions", "1 records", "3 record.")
    17 a clause cell that cites docgen's default instead of a clause ("the policy does not cite a source")

    python -m tests.helpers.layout_check --kind report [--list] [--out DIR]
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import html as lxml_html

from .layout_rules import Violation

REPORT_RULES = {
    14: "repeated heading",
    15: "count unexplained",
    16: "plural",
    17: "default as clause",
}
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
BLOCKS = ("p", "li", "caption", "summary", "figcaption", "dt", "dd", *HEADINGS)  # prose, not table cells
HIDDEN = {"script", "style", "template", "svg", "{http://www.w3.org/2000/svg}svg"}
SINGULAR = {
    "sessions": "session",
    "records": "record",
    "days": "day",
    "weeks": "week",
    "months": "month",
    "years": "year",
    "hours": "hour",
    "minutes": "minute",
    "findings": "finding",
    "supervisees": "supervisee",
    "people": "person",
    "practitioners": "practitioner",
    "functions": "function",
    "phases": "phase",
    "children": "child",
    "families": "family",
    "actions": "action",
    "intervals": "interval",
    "windows": "window",
    "agreements": "agreement",
    "forms": "form",
    "files": "file",
    "teams": "team",
    "checks": "check",
    "workers": "worker",
    "supervisors": "supervisor",
    "managers": "manager",
    "cases": "case",
    "discussions": "discussion",
    "evaluations": "evaluation",
    "breaches": "breach",
    "warnings": "warning",
    "members": "member",
    "reviews": "review",
    "meetings": "meeting",
}
PLURALS = "|".join(SINGULAR)
SINGULARS = "|".join(SINGULAR.values())
STOP = r"(?:of|for|in|on|at|to|by|and|or|the|a|an|per|with|from|than|out)\b"
ADJECTIVE = rf"(?!{STOP})(?!(?:{PLURALS})\b)[a-z][\w'-]*\s+"
MARK = r"(?:[■▲●○]\s+)?"  # the report's severity marks stand between a count and its noun
ONE_PLURAL = re.compile(rf"(?<![\w.,/-])(?:1|one)\s+{MARK}(?:{ADJECTIVE}){{0,2}}({PLURALS})\b", re.IGNORECASE)
AFTER = r"(?:were|are|have|had|in|on|at|from|for|with|without|since|ago|late|overdue|due|left)\b"
MANY_SINGULAR = re.compile(
    rf"(?<![\w.,/-])(\d+)\s+{MARK}(?:{ADJECTIVE}){{0,1}}({SINGULARS})(?=\s*(?:[.,;:)]|$)|\s+{AFTER})", re.IGNORECASE
)
STAFF = r"supervisees?|people|persons?|staff|practitioners?|workers?|members of staff"
BOSSES = r"supervisors?|managers?"
PEOPLE = re.compile(rf"(?<![\w.,/-])(\d+)\s+(?:{ADJECTIVE}){{0,2}}({STAFF}|{BOSSES})\b", re.IGNORECASE)
DEFAULT_CLAUSE = re.compile(
    r"docgen.s default: the policy does not cite a source|does not cite a source", re.IGNORECASE
)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def visible(element) -> str:
    """An element's text as shown: not scripts, styles or the charts' drawing (their words are in the
    figure caption and the table beside them)."""
    parts = []

    def walk(node) -> None:
        if not isinstance(node.tag, str) or node.tag in HIDDEN or node.get("hidden") is not None:
            return
        parts.append(node.text or "")
        for child in node:
            walk(child)
            parts.append(child.tail or "")

    walk(element)
    return squash(" ".join(parts))


def _words(text: str) -> list[str]:
    """A heading's words, without what it counts in brackets ("Team A (7 findings)" -> team a)."""
    return re.findall(r"[^\W\d_]+", re.sub(r"\([^)]*\)", " ", text).casefold())


def _v(rule: int, text: str, message: str) -> Violation:
    return Violation(rule, 1, text[:100], (0.0, 0.0), message)


def repeated_headings(tree) -> list[Violation]:
    out = []
    stack: list[tuple[int, str]] = []  # the headings above: (level, text)
    for element in tree.iter(*HEADINGS):
        level, text = int(element.tag[1]), visible(element)
        while stack and stack[-1][0] >= level:
            stack.pop()
        if stack:
            parent = _words(stack[-1][1])
            mine = _words(text)
            n = len(parent)
            if n and any(mine[i : i + n] == parent for i in range(len(mine) - n + 1)):
                out.append(_v(14, text, f'the heading repeats the heading above it ("{stack[-1][1][:60]}")'))
        stack.append((level, text))
    return out


def people_counts(tree) -> list[Violation]:
    """Pairs of different counts of the same people (staff, or their supervisors) that no block
    holding one of them explains (says the other number or the difference)."""
    blocks = [visible(e) for e in tree.iter(*BLOCKS)]
    counts: list[tuple[int, str, int]] = []  # (number, group, block)
    for i, text in enumerate(blocks):
        for match in PEOPLE.finditer(text):
            group = "bosses" if re.fullmatch(BOSSES, match.group(2), re.IGNORECASE) else "staff"
            counts.append((int(match.group(1)), group, i))
    out = []
    done = set()
    for a, group, i in counts:
        for b, other, j in counts:
            if a >= b or group != other or (a, b, group) in done:
                continue
            done.add((a, b, group))
            holding = {k for n, g, k in counts if g == group and n in (a, b)}
            if not any(_says(blocks[k], a, b) for k in holding):
                message = (
                    f'{a} and {b} {group} counted (here and in "{blocks[j][:60]}"); no paragraph says why they differ'
                )
                out.append(_v(15, blocks[i], message))
    return out


def _says(text: str, a: int, b: int) -> bool:
    numbers = {int(n) for n in re.findall(r"(?<![\w.,/-])\d+(?![\w.,/-]\d)", text)}
    return {a, b} <= numbers or (bool({a, b} & numbers) and abs(a - b) in numbers)


def plurals(tree) -> list[Violation]:
    text = visible(tree.find("body") if tree.find("body") is not None else tree)
    out = []
    for match in ONE_PLURAL.finditer(text):
        out.append(_v(16, _around(text, match), f'"{match.group(0)}": one of something is singular'))
    for match in MANY_SINGULAR.finditer(text):
        if int(match.group(1)) != 1:
            out.append(_v(16, _around(text, match), f'"{match.group(0)}": more than one of something is plural'))
    return out


def _around(text: str, match: re.Match) -> str:
    return text[max(0, match.start() - 30) : match.end() + 30]


def default_clauses(tree) -> list[Violation]:
    out = []
    for cell in tree.iter("td", "th", "p", "li"):
        text = visible(cell)
        if DEFAULT_CLAUSE.search(text.replace("\u2019", "'")):
            out.append(_v(17, text, "a clause cell cites docgen's default instead of a clause of the policy"))
    return out


def check_dom(page: str) -> list[Violation]:
    """Every DOM rule on a page's HTML (as Chromium dumped it, or as written)."""
    tree = lxml_html.fromstring(page)
    return repeated_headings(tree) + people_counts(tree) + plurals(tree) + default_clauses(tree)


def chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if not exe:
        raise SystemExit("Chromium is not installed (apt-get install chromium; see .ci/install-clients)")
    return exe


def open_in_chromium(page: Path, screenshot: Path, height: int = 6000) -> str:
    """Open a page in headless Chromium: save a screenshot (1280 px wide) and return the DOM it built."""
    common = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    profile = f"--user-data-dir={page.parent / 'chromium-profile'}"
    shot = [chromium(), *common, profile, f"--screenshot={screenshot}", f"--window-size=1280,{height}"]
    subprocess.run([*shot, page.as_uri()], capture_output=True, timeout=120, check=False)
    dump = [chromium(), *common, profile, "--dump-dom", page.as_uri()]
    result = subprocess.run(dump, capture_output=True, text=True, timeout=120, check=False)
    if not result.stdout.strip():
        raise SystemExit(f"Chromium did not open {page.name}: {result.stderr.strip()[-300:]}")
    return result.stdout


def demo_report_html(staff: int = 40, years: int = 1, seed: int = 7, as_of: dt.date | None = None) -> str:
    """The report `docgen demo` writes (its agency, with the demo's defaults), as HTML."""
    from docgen.demo.agency import generate
    from docgen.demo.synthetic import DEFAULT_AS_OF
    from docgen.report import build_report
    from docgen.report.html import render_html

    agency = generate(staff=staff, years=years, seed=seed, as_of=as_of or DEFAULT_AS_OF)
    return render_html(build_report(agency.records, agency.policy, agency.roster(), agency.as_of))


@dataclass
class ReportCheck:
    name: str
    screenshot: Path | None = None
    violations: list[Violation] = field(default_factory=list)

    def table(self) -> str:
        counts = [sum(1 for v in self.violations if v.rule == n) for n in REPORT_RULES]
        head = ["report", "format"] + [f"{n}:{name}" for n, name in REPORT_RULES.items()] + ["total"]
        row = [self.name, "html"] + [str(c) for c in counts] + [str(sum(counts))]
        widths = [max(len(a), len(b)) for a, b in zip(head, row, strict=True)]
        return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in (head, row))

    def listing(self) -> str:
        return "\n".join(f"{self.name} html rule {v.rule}: {v.message} | {v.text}" for v in self.violations)

    def as_dict(self) -> dict:
        return {"report": self.name, "format": "html", "violations": [v.as_dict() for v in self.violations]}


def check_report(page: str, name: str, keep: Path | None = None) -> ReportCheck:
    """A report's HTML opened in Chromium (its screenshot kept in `keep` when given) and checked."""
    with tempfile.TemporaryDirectory(prefix="report-dom-") as tmp:
        path = Path(tmp) / f"{name}.html"
        path.write_text(page, encoding="utf-8")
        folder = keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        shot = folder / f"{name}.png"
        dom = open_in_chromium(path, shot)
        found = ReportCheck(name, shot if keep else None, check_dom(dom))
    return found


def check_demo_report(keep: Path | None = None) -> ReportCheck:
    return check_report(demo_report_html(), "demo_compliance_report", keep)
