"""The harvest store: SQLite beside PostgreSQL, in one run (issue 21).

(a) Harvest: the same folder of completed forms (every form kind of every shipped policy, half
PDF, half DOCX, filled as bench/harvest.py fills them) harvested with 2 workers into a new SQLite
file and into a new PostgreSQL store (a schema of its own, dropped after), in turn, `--repeat`
times: files per second of each (median) and the ratio PostgreSQL / SQLite (median of the turns'
own ratios; target: PostgreSQL within 1.5x of SQLite, i.e. a ratio of at least 0.67).

(b) Partnership: a synthetic partnership of 12 agencies and `--records` records (default
1,000,000; bench/partnership.py) written straight into each store, then the compliance report of
one agency and of all 12 in turn, each in a fresh process: seconds and peak memory (target: the
report over the whole partnership under 60 s and 2 GB on 2 cores).

PostgreSQL is used when `--pg URL` or DOCGEN_TEST_PG names a server; without one, its rows say so.

    python bench/store.py                              # SQLite only, unless DOCGEN_TEST_PG is set
    python bench/store.py --pg postgresql://me@localhost/bench --files 600
    python bench/store.py --records 100000 --repeat 3  # quicker
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import pickle
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import partnership as synthetic

from docgen.harvest import harvest

HERE = Path(__file__).resolve().parent


def make_forms(folder: Path, count: int) -> None:
    """Completed forms as bench/harvest.py makes them (loaded by path: it takes this folder off sys.path)."""
    spec = importlib.util.spec_from_file_location("bench_harvest", HERE / "harvest.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    path = list(sys.path)
    spec.loader.exec_module(module)
    sys.path[:] = path
    module.make_corpus(folder, count)


# PostgreSQL ---------------------------------------------------------------------------------------


def pg_why_not(url: str | None) -> str | None:
    """None when PostgreSQL can be used here; otherwise why not, in words."""
    if not url:
        return "no server named (give --pg URL or set DOCGEN_TEST_PG)"
    if importlib.util.find_spec("docgen.harvest.backend") is None:
        return "this docgen has no PostgreSQL store (docgen.harvest.backend)"
    try:
        import psycopg
    except ImportError:
        return 'psycopg is not installed (pip install "psycopg[binary]")'
    try:
        psycopg.connect(url, connect_timeout=5).close()
    except psycopg.Error as exc:
        return f"cannot connect ({str(exc).strip().splitlines()[0]})"
    return None


class PgSchema:
    """A schema of its own on the server for one store, dropped afterwards; `url` points docgen at it."""

    def __init__(self, url: str, name: str):
        import psycopg

        self.base, self.name = url, f"docgen_bench_{os.getpid()}_{name}"
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{self.name}" CASCADE')
            conn.execute(f'CREATE SCHEMA "{self.name}"')
        self.url = url + ("&" if "?" in url else "?") + f"options=-csearch_path%3D{self.name}"

    def drop(self) -> None:
        import psycopg

        with psycopg.connect(self.base, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{self.name}" CASCADE')


# (a) harvest --------------------------------------------------------------------------------------


def harvest_rate(folder: Path, target, jobs: int) -> float:
    start = time.perf_counter()
    with contextlib.chdir(folder.parent):  # a PostgreSQL store's problems.csv goes in the current folder
        result = harvest([folder], target, jobs=jobs)
    elapsed = time.perf_counter() - start
    assert result.counts["ok"] == result.files, result.counts
    return result.files / elapsed


def measure_harvest(folder: Path, work: Path, pg: str | None, repeat: int, jobs: int) -> dict[str, list[float]]:
    rates: dict[str, list[float]] = {"sqlite": [], "postgresql": []}
    harvest_rate(folder, work / "warm.db", jobs)  # imports and caches warm, as for every turn after
    for n in range(repeat):
        rates["sqlite"].append(harvest_rate(folder, work / f"h{n}.db", jobs))
        if pg:
            schema = PgSchema(pg, f"h{n}")
            try:
                rates["postgresql"].append(harvest_rate(folder, schema.url, jobs))
            finally:
                schema.drop()
    return rates


# (b) partnership ----------------------------------------------------------------------------------


def child(args) -> None:
    """In a fresh process (so its peak memory is its own): build the partnership, or report on it."""
    start = time.perf_counter()
    if args.child == "build":
        partnership = synthetic.build(args.target, args.work, records=args.records)
        with open(args.work / "partnership.pickle", "wb") as out:
            pickle.dump(partnership, out)
        out_info = {"records": partnership.records, "kinds": synthetic.kinds_text(partnership)}
    else:
        from docgen.report.source import report_from_files

        with open(args.work / "partnership.pickle", "rb") as handle:
            partnership = pickle.load(handle)
        agencies = partnership.agencies[:1] if args.child == "one" else partnership.agencies
        wrong = []
        for agency in agencies:
            report = report_from_files(args.target, agency.loaded, agency.roster(), partnership.as_of)
            if report.sessions != agency.counts["session-record"] + agency.counts["case-record"]:
                wrong.append(agency.id)
        out_info = {"wrong": wrong, "sessions": sum(a.counts["session-record"] for a in agencies)}
    out_info["seconds"] = time.perf_counter() - start
    out_info["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out_info))


def run_child(step: str, target, work: Path, records: int) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child", step, "--target", str(target), "--work", str(work)]
        + ["--records", str(records)],
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"the {step} step failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_partnership(work: Path, backend: str, pg: str | None, records: int) -> None:
    """Build the partnership in one store and report on it, printing each step's row as it ends."""
    folder = work / f"partnership-{backend}"
    folder.mkdir()
    schema = PgSchema(pg, "partnership") if backend == "postgresql" and pg else None
    target = schema.url if schema else folder / "partnership.db"
    try:
        for step, name in (
            ("build", "build the partnership store"),
            ("one", "report: one agency"),
            ("all", "report: all 12 agencies, one after another"),
        ):
            got = run_child(step, target, folder, records)
            note = f"   {got['records']:,} records ({got['kinds']})" if step == "build" else ""
            if got.get("wrong"):
                note = f"   WRONG: the report of {', '.join(got['wrong'])} counts other sessions than were made"
            print(f"{backend:<12}{name:<46}{got['seconds']:>9.1f}{got['peak_mb']:>9.0f}{note}", flush=True)
    finally:
        if schema:
            schema.drop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=600, help="completed forms to harvest (half PDF)")
    parser.add_argument("--repeat", type=int, default=3, help="harvests of each store, in turn (median shown)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes for the harvest")
    parser.add_argument("--records", type=int, default=1_000_000, help="records in the partnership (0: skip it)")
    parser.add_argument("--pg", default=os.environ.get("DOCGEN_TEST_PG"), help="a PostgreSQL URL to use")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--target", help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return 0
    why_not = pg_why_not(args.pg)
    pg = None if why_not else args.pg
    print(f"{os.cpu_count()} cores; PostgreSQL: {'in use' if pg else 'not measured: ' + why_not}\n")
    work = Path(tempfile.mkdtemp(prefix="docgen-bench-store-"))
    try:
        make_forms(work / "forms", args.files)
        rates = measure_harvest(work / "forms", work, pg, args.repeat, args.jobs)
        print(f"(a) harvest of {args.files:,} completed forms, {args.jobs} workers, median of {args.repeat} turns")
        print(f"{'store':<14}{'files/s':>10}", flush=True)
        print(f"{'SQLite':<14}{statistics.median(rates['sqlite']):>10,.0f}")
        if pg:
            print(f"{'PostgreSQL':<14}{statistics.median(rates['postgresql']):>10,.0f}")
            ratios = [p / s for p, s in zip(rates["postgresql"], rates["sqlite"], strict=True)]
            ratio = statistics.median(ratios)
            print(
                f"PostgreSQL / SQLite: {ratio:.2f} ({min(ratios):.2f}-{max(ratios):.2f}); target: at least 0.67 "
                f"(within 1.5x): {'met' if ratio >= 1 / 1.5 else 'NOT MET'}"
            )
        else:
            print(f"{'PostgreSQL':<14}{'-':>10}   not measured: {why_not}")
        if args.records:
            print(f"\n(b) synthetic partnership, 12 agencies, {args.records:,} records; each step in a fresh process")
            print(f"{'store':<12}{'step':<46}{'seconds':>9}{'peak MB':>9}", flush=True)
            for backend in ("sqlite", "postgresql") if pg else ("sqlite",):
                measure_partnership(work, backend, pg, args.records)
            if not pg:
                print(f"{'postgresql':<12}{'-':<46}   not measured: {why_not}")
            print("target: the report over the whole partnership under 60 s and 2,048 MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
