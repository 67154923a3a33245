"""Issue 5's acceptance check, runnable: forms filled by real clients plus hostile files, harvested.

Fills N forms (every form kind of every shipped policy, in turn) with real clients — LibreOffice
over UNO (DOCX), poppler's GLib binding and pdf.js (PDF) — adds the hostile files of
tests/helpers/hostile.py, runs `docgen harvest` once, and checks that every filled form's record equals
what the client filled and every hostile file is a named problem; then runs it again and checks
that nothing changed. Needs the clients `.ci/install-clients` installs. Run from the checkout:

    python bench/harvest_real_clients.py            # 200 forms
    python bench/harvest_real_clients.py --forms 30
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).parent]

from docgen.forms import build_form, form_keys  # noqa: E402
from docgen.harvest import read_records  # noqa: E402
from docgen.policy import load_policy  # noqa: E402
from tests.helpers import pdf_viewers  # noqa: E402
from tests.helpers.clients import fill_with_libreoffice, start_libreoffice  # noqa: E402
from tests.helpers.hostile import hostile_files  # noqa: E402
from tests.helpers.policies import POLICIES, SHIPPED  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--forms", type=int, default=200)
    args = parser.parse_args()
    specs = [build_form(load_policy(p), k) for p in SHIPPED for k in form_keys(load_policy(p))]
    work = Path(tempfile.mkdtemp(prefix="docgen-acceptance-"))
    inbox = work / "inbox"
    office, port = start_libreoffice(work / "lo-profile")
    want: dict[str, dict] = {}
    clients = ("libreoffice", "poppler", "pdfjs")
    started = time.perf_counter()
    try:
        for n in range(args.forms):
            spec, client = specs[n % len(specs)], clients[n % 3]
            scratch = work / "scratch" / str(n)
            scratch.mkdir(parents=True)
            if client == "libreoffice":
                data, values, _, _ = fill_with_libreoffice(port, spec, scratch)
            else:
                _, data, values = pdf_viewers.fill_with(client, spec, scratch)
            out = inbox / client / f"{n:03d}-{spec.manifest.form_id}.{'docx' if client == 'libreoffice' else 'pdf'}"
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(data)
            want[str(out.resolve())] = values
    finally:
        office.terminate()
    filled_in = time.perf_counter() - started
    bad = hostile_files(build_form(load_policy(POLICIES / "worcestershire.yaml"), "session-record"))
    (inbox / "hostile").mkdir()
    for name, (data, _) in bad.items():
        (inbox / "hostile" / name).write_bytes(data)
    db = work / "harvest.db"
    runs = []
    for _ in range(2):
        t = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "docgen", "harvest", str(inbox), "-o", str(db), "--no-progress"],
            capture_output=True,
            text=True,
        )
        runs.append((result.returncode, result.stderr.strip().splitlines()[-1], time.perf_counter() - t))
        records = {r["path"]: r for r in read_records(db)}
        snapshot = [
            (*row, records.get(row[0]))
            for row in sqlite3.connect(db).execute("SELECT path, sha256, status, code FROM documents ORDER BY path")
        ]
        runs[-1] += (snapshot,)
    rows = {p: (s, c, r) for p, _, s, c, r in runs[0][3]}
    equal = sum(1 for p, v in want.items() if rows[p][0] == "ok" and rows[p][2]["values"] == v)
    problems = [p for p, (s, c, r) in rows.items() if s != "ok"]
    per_client = ", ".join(f"{c}: {sum(1 for p in want if '/' + c + '/' in p)}" for c in clients)
    print(f"filled {len(want)} forms with real clients in {filled_in:.0f} s ({per_client}); {len(bad)} hostile files")
    for i, (code, summary, seconds, _) in enumerate(runs, 1):
        print(f"run {i}: exit {code}, {seconds:.1f} s: {summary}")
    print(f"records exactly equal to what was filled: {equal} of {len(want)}")
    print(
        f"named problems: {len(problems)} (hostile files: {len(bad)}); all hostile: "
        f"{sorted(Path(p).name for p in problems) == sorted(bad)}"
    )
    print(f"second run changed nothing: {runs[0][3] == runs[1][3]}")
    shutil.rmtree(work, ignore_errors=True)
    ok = equal == len(want) and len(problems) == len(bad) and runs[0][3] == runs[1][3] and runs[0][0] == 1
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
