"""The layout checker: every form of every shipped policy, blank and filled with long realistic
answers, and every read-only document (the policy document and each handout), as docgen's PDF and
as its DOCX converted to PDF by LibreOffice, page by page against the rules in layout_rules.py
(forms, issue 16 item 8) and layout_readonly.py (documents, issue 17 item 6); and the demo's HTML
compliance report, opened in headless Chromium, against the DOM rules in report_dom.py.

    python -m tests.helpers.layout_check [--kind forms|readonly|report|all] [--policy P]
                                         [--format pdf|docx] [--blank|--filled]
                                         [--json] [--list] [--out DIR] [--strict]

prints a table (policy, form or document, format, blank/filled/read-only, pages, violations per
rule, total); --list adds every violation, --json prints them all as JSON instead, --out keeps the
PDFs it checked (and the report's screenshot), --strict exits 1 when there is any violation (0 when
clean). --kind readonly checks the documents, --kind report the report, --kind all all three
(the default: the forms).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import docgen
from docgen.documents.handouts import handout_keys
from docgen.forms.tree import FieldBlock, FieldSpec, FormSpec, GridBlock, Heading, Panel, Paragraph, RepeatBlock
from docgen.generate import POLICY, build

from .layout_pages import Document, read_document
from .layout_readonly import READONLY_RULES, check_document, document_keys, facts_for_document
from .layout_rules import RULES, Facts, Violation, check
from .policies import SHIPPED
from .values import plan

NAME = "Siân Llewelyn-ap Gwynfor"
NOTE = (
    "Siân Llewelyn-ap Gwynfor talked through the three families on her caseload where neglect is the main "
    "concern. For the Pritchard-Owen children the core group agreed a written plan in March; school attendance "
    "has risen to 92% but the home conditions visit on 14 May found the same problems as before. We agreed she "
    "will bring the chronology to the next meeting, ask the health visitor for the growth charts and speak to "
    "her manager about a legal planning meeting if nothing has changed by the review. She said the workload is "
    "heavy but manageable; we booked reflective time after the court hearing and noted training on"
)
ACTION = "Ask the health visitor for the growth charts and bring the updated chronology to the core group meeting"
# LibreOffice's PDF of a DOCX as it prints (content controls as text), and with the controls exported as
# form fields: their rects say where the answer boxes are (the text of those fields is squeezed into
# the rects, so the text rules read the printed one)
LIBREOFFICE_PDFS = {
    "print": "pdf",
    "fields": 'pdf:writer_pdf_Export:{"ExportFormFields":{"type":"boolean","value":"true"}}',
}


def facts_for(spec: FormSpec) -> Facts:
    """What the checker needs from the form tree: headings (and whether answers follow each), labels,
    help texts and the fields with whether each sits in a repeat table's row."""
    facts = Facts()
    for section in spec.sections:
        current = section.heading
        facts.headings.setdefault(current, False)
        for block in section.blocks:
            if isinstance(block, Heading):
                current = block.text
                facts.headings.setdefault(current, False)
                continue
            if isinstance(block, Panel):
                facts.headings.setdefault(block.heading, False)
            if isinstance(block, RepeatBlock) and block.show_caption:  # a table's caption heads its table
                facts.headings[block.repeat.label] = True
            asks = isinstance(block, (FieldBlock, GridBlock, RepeatBlock))
            if isinstance(block, Paragraph):
                asks = any(not isinstance(part, str) for part in block.parts)
                facts.inline |= {part.id for part in block.parts if isinstance(part, FieldSpec)}
                if block.style == "help":
                    facts.helps.add("".join(p for p in block.parts if isinstance(p, str)))
            facts.headings[current] = facts.headings[current] or asks
    in_rows = set()
    for repeat in spec.repeats():
        facts.labels.add(repeat.label)
        if repeat.help:
            facts.helps.add(repeat.help)
        if repeat.layout == "table":
            in_rows |= {f.id for f in repeat.fields}
    for f in spec.fields():
        facts.labels.add(f.label)
        if f.help:
            facts.helps.add(f.help)
        facts.fields[f.id] = (f, f.id in in_rows)
    facts.repeats = frozenset(r.id for r in spec.repeats())
    facts.name_fields(spec)
    facts.labels.discard("")
    return facts


def long_values(spec: FormSpec) -> dict:
    """Every field answered (every row of every repeat): long Welsh names, 600-character notes,
    actions of a sentence or two, a date, an option, a tick."""
    values = plan(spec, [NAME]).want
    for f in spec.fields():
        if f.id in values and f.type == "multiline":
            values[f.id] = NOTE
    for repeat in spec.repeats():
        long = NOTE if repeat.layout == "block" else ACTION
        for row in values.get(repeat.id, []):
            for f in repeat.fields:
                if f.type == "multiline":
                    row[f.short_id] = long
    return values


@dataclass
class Case:
    policy: str
    form: str
    fmt: str  # pdf | docx
    state: str  # blank | filled | read-only (a document: the policy document, a handout)
    facts: Facts
    data: bytes = b""  # the PDF checked
    pages: int = 0
    violations: list[Violation] = field(default_factory=list)

    @property
    def stem(self) -> str:
        return f"{self.policy}__{self.form.replace(':', '-')}__{self.state}"

    @property
    def readonly(self) -> bool:
        return self.state == READONLY


READONLY = "read-only"
KINDS = ("forms", "readonly")  # what run() checks by default: every form and every read-only document


def documents(loaded, name: str, formats: list[str]) -> tuple[list[Case], dict[str, bytes]]:
    out, docx = [], {}
    kinds = docgen.form_keys(loaded) + handout_keys(loaded)
    # the policy document twice: as generated, and with --show-gaps (its "Not yet decided" appendix)
    variants = [(key, False) for key in document_keys(loaded)]
    variants += [(key + "-gaps", True) for key, _ in variants if key == POLICY]
    for label, gaps in variants:
        spec = build(loaded, label.removesuffix("-gaps"), show_gaps=gaps)
        word = docgen.render_docx(spec).data
        facts = facts_for_document(spec, word, kinds)
        if "pdf" in formats:
            out.append(Case(name, label, "pdf", READONLY, facts, docgen.render_pdf(spec).data))
        if "docx" in formats:
            case = Case(name, label, "docx", READONLY, facts)
            docx[case.stem] = word
            out.append(case)
    return out, docx


def cases(
    policies: Iterable[Path], formats: list[str], states: list[str], kinds: Iterable[str] = ("forms",)
) -> tuple[list[Case], dict[str, bytes]]:
    """Every form (and read-only document) rendered once: the PDFs, and the DOCX files (by case stem)
    to convert."""
    out, docx = [], {}
    for path in policies:
        loaded = docgen.load_policy(path)
        if "readonly" in kinds:
            found, words = documents(loaded, path.stem, formats)
            out += found
            docx.update(words)
        if "forms" not in kinds:
            continue
        for key in docgen.form_keys(loaded):
            spec = docgen.build_form(loaded, key)
            facts = facts_for(spec)
            for state in states:
                values = long_values(spec) if state == "filled" else None
                if "pdf" in formats:
                    out.append(Case(path.stem, key, "pdf", state, facts, docgen.render_pdf(spec, values).data))
                if "docx" in formats:
                    case = Case(path.stem, key, "docx", state, facts)
                    docx[case.stem] = docgen.render_docx(spec, values).data
                    out.append(case)
    return out, docx


class Conversion:
    """LibreOffice converting every DOCX to PDF, one soffice call per kind of PDF (LIBREOFFICE_PDFS),
    one after the other with one profile of its own, while the caller checks docgen's own PDFs. A
    read-only document (a stem in `printed_only`) has no form fields: it is converted as printed only."""

    def __init__(self, docx: dict[str, bytes], folder: Path, printed_only: frozenset[str] = frozenset()):
        self.folder = folder
        self.proc: subprocess.Popen | None = None
        self.failed = ""
        self.printed_only = printed_only
        for kind in LIBREOFFICE_PDFS:
            (folder / f"in-{kind}").mkdir()
        for stem, data in docx.items():
            for kind in LIBREOFFICE_PDFS:
                if kind == "print" or stem not in printed_only:
                    (folder / f"in-{kind}" / f"{stem}.docx").write_bytes(data)
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        soffice = shutil.which("soffice") or "soffice"
        for kind, export in LIBREOFFICE_PDFS.items():
            files = sorted(str(p) for p in (self.folder / f"in-{kind}").glob("*.docx"))
            if not files:
                continue
            args = [soffice, "--headless", "--norestore", f"-env:UserInstallation={(self.folder / 'profile').as_uri()}"]
            args += ["--convert-to", export, "--outdir", str(self.folder / kind), *files]
            try:
                self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            except OSError as exc:
                self.failed = f"LibreOffice (soffice) could not be started to convert the DOCX files: {exc}"
                return
            try:
                self.proc.wait(timeout=900)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.failed = "LibreOffice took more than 15 minutes to convert the DOCX files"
                return

    def result(self, stem: str) -> tuple[bytes, bytes | None]:
        """The printed PDF of a DOCX and the one with its form fields (None for a read-only document)."""
        self.thread.join()
        kinds = ["print"] if stem in self.printed_only else list(LIBREOFFICE_PDFS)
        paths = [self.folder / kind / f"{stem}.pdf" for kind in kinds]
        missing = [p for p in paths if not p.exists()]
        if self.failed or missing:
            raise SystemExit(self.failed or f"LibreOffice did not convert {stem}.docx to PDF")
        return paths[0].read_bytes(), (paths[1].read_bytes() if len(paths) > 1 else None)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
        self.thread.join()


def run(
    policies: Iterable[Path],
    formats: list[str],
    states: list[str],
    keep: Path | None = None,
    kinds: Iterable[str] = ("forms",),
) -> list[Case]:
    """Every case checked: the forms (kinds "forms") and the read-only documents ("readonly")."""
    all_cases, docx = cases(policies, formats, states, kinds)
    with tempfile.TemporaryDirectory(prefix="layout-check-") as tmp:
        printed_only = frozenset(case.stem for case in all_cases if case.readonly)
        conversion = Conversion(docx, Path(tmp), printed_only) if docx else None
        try:
            for case in all_cases:  # docgen's own PDFs while LibreOffice converts
                if case.fmt == "pdf":
                    _check(case, read_document(case.data))
            for case in all_cases:
                if case.fmt == "docx" and conversion is not None:
                    printed, fields = conversion.result(case.stem)
                    case.data = printed
                    _check(
                        case, read_document(printed, "libreoffice", widgets_of=fields)
                    )  # fields: None for a document
        finally:
            if conversion is not None:
                conversion.stop()
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        for case in all_cases:
            (keep / f"{case.stem}__{case.fmt}.pdf").write_bytes(case.data)
    return all_cases


def _check(case: Case, doc: Document) -> None:
    case.pages = len(doc.pages)
    if case.readonly:
        case.violations = check_document(doc, case.facts)  # type: ignore[arg-type]  # a DocFacts
    else:
        case.violations = check(doc, case.facts)


def rules_of(all_cases: list[Case]) -> dict[int, tuple]:
    """The rules of the kinds checked (forms' 1-7, documents' 2, 3 and 8-13), by number."""
    found = {**(RULES if any(not c.readonly for c in all_cases) else {})}
    found.update(READONLY_RULES if any(c.readonly for c in all_cases) else {})
    return dict(sorted(found.items()))


def table(all_cases: list[Case]) -> str:
    rules = rules_of(all_cases)
    head = ["policy", "form", "format", "state", "pages"] + [f"{n}:{rules[n][0]}" for n in rules] + ["total"]
    rows = []
    totals = [0] * (len(rules) + 1)
    for case in all_cases:
        counts = [sum(1 for v in case.violations if v.rule == n) for n in rules]
        counts.append(sum(counts))
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        rows.append([case.policy, case.form, case.fmt, case.state, str(case.pages)] + [str(c) for c in counts])
    pages = sum(case.pages for case in all_cases)
    rows.append(["total", f"{len(all_cases)} files", "", "", str(pages)] + [str(t) for t in totals])
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in [head, *rows]]
    lines.insert(1, "-" * len(lines[0]))
    lines.insert(len(lines) - 1, "-" * len(lines[0]))
    return "\n".join(lines)


def listing(all_cases: list[Case]) -> str:
    out = []
    for case in all_cases:
        for v in case.violations:
            where = f"p{v.page} ({v.at[0]:.0f},{v.at[1]:.0f})"
            out.append(f"{case.stem} {case.fmt} rule {v.rule} {where}: {v.message} | {v.text}")
    return "\n".join(out)


def _policies(names: list[str] | None) -> list[Path]:
    if not names:
        return SHIPPED
    out = []
    for name in names:
        path = Path(name)
        match = path if path.suffix in (".yaml", ".yml") and path.exists() else None
        match = match or next((p for p in SHIPPED if p.stem == name), None)
        if match is None:
            names = ", ".join(p.stem for p in SHIPPED)
            raise SystemExit(f"no policy called {name!r}: give a shipped policy's name ({names}) or a policy file")
        out.append(match)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.helpers.layout_check", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--kind",
        choices=["forms", "readonly", "report", "all"],
        default="forms",
        help="forms (default), read-only documents (policy document, handouts), the demo's HTML report, or all",
    )
    parser.add_argument("--policy", action="append", help="a shipped policy's name or a policy file (repeatable)")
    parser.add_argument("--format", choices=["pdf", "docx"], help="only this format (default both)")
    state = parser.add_mutually_exclusive_group()
    state.add_argument("--filled", action="store_true", help="only the forms filled with long answers")
    state.add_argument("--blank", action="store_true", help="only the blank forms")
    parser.add_argument("--json", action="store_true", help="every violation as JSON")
    parser.add_argument("--list", action="store_true", help="list every violation under the table")
    parser.add_argument("--out", type=Path, help="keep the PDFs checked (and the report's screenshot) in this folder")
    parser.add_argument("--strict", action="store_true", help="exit 1 when there is any violation")
    args = parser.parse_args(argv)
    formats = [args.format] if args.format else ["pdf", "docx"]
    states = ["filled"] if args.filled else ["blank"] if args.blank else ["blank", "filled"]
    kinds = KINDS if args.kind == "all" else (args.kind,)
    started = time.monotonic()
    policies = _policies(args.policy)
    if args.kind == "report":
        all_cases = []
    elif kinds == ("forms",):
        all_cases = run(policies, formats, states, args.out)
    else:
        all_cases = run(policies, formats, states, args.out, kinds=kinds)
    report = None
    if args.kind in ("report", "all"):
        from .report_dom import check_demo_report

        report = check_demo_report(args.out)
    if args.json:
        found = [
            {
                "policy": c.policy,
                "form": c.form,
                "format": c.fmt,
                "state": c.state,
                "pages": c.pages,
                "violations": [v.as_dict() for v in c.violations],
            }
            for c in all_cases
        ]
        if report is not None:
            found.append(report.as_dict())
        print(json.dumps(found, ensure_ascii=False, indent=1))
    else:
        if all_cases:
            print(table(all_cases))
        if report is not None:
            print(report.table())
        if args.list:
            print(listing(all_cases))
            if report is not None:
                print(report.listing())
        print(f"checked in {time.monotonic() - started:.0f} s")
    total = sum(len(c.violations) for c in all_cases) + (len(report.violations) if report is not None else 0)
    return 1 if args.strict and total else 0


if __name__ == "__main__":
    sys.exit(main())
