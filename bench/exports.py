"""Export timings: CSV, XLSX and JSON Lines written from one harvest database, in one run.

Harvests the demo's forms (`docgen demo`, about 1,150 files) once, or a database you name, then
writes each export format on its own into a temporary folder, `--repeat` times (default 3), and
prints the median seconds and rows per second of each.

    python bench/exports.py                      # make the demo, harvest it, time the exports
    python bench/exports.py --db harvest.db      # time the exports of a database you have
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from docgen.harvest.exports import export
from docgen.harvest.store import Store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing harvest database (default: harvest the demo)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="docgen-bench-exports-"))
    db = args.db
    if db is None:
        subprocess.run(
            [sys.executable, "-m", "docgen", "demo", "-o", str(work / "demo")], check=True, capture_output=True
        )
        db = work / "h.db"
        subprocess.run(
            [sys.executable, "-m", "docgen", "harvest", str(work / "demo" / "forms"), "-o", str(db)],
            capture_output=True,
        )
    store = Store(db)
    try:
        rows = sum(len(store.rows(t)[1]) for t in store.tables())
        print(f"{db}: {len(store.tables())} tables, {rows:,} rows")
        print(f"{'format':<8} {'median s':>9} {'min s':>7} {'max s':>7} {'rows/s':>10}")
        for fmt in ("csv", "xlsx", "jsonl"):
            times = []
            for turn in range(args.repeat):
                out = work / f"out-{fmt}-{turn}"
                out.mkdir()
                start = time.perf_counter()
                export(store, [fmt], out)
                times.append(time.perf_counter() - start)
            median = statistics.median(times)
            print(f"{fmt:<8} {median:>9.3f} {min(times):>7.3f} {max(times):>7.3f} {rows / median:>10,.0f}")
    finally:
        store.close()


if __name__ == "__main__":
    main()
