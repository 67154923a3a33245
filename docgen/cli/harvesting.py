"""`docgen harvest`, `docgen report` and `docgen demo`: the commands for completed records."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import Aborted, ProblemsFound
from . import CONTEXT, Date, Number, PolicyPath, _fail, main, require
from .params import Formats, StorePath


@main.command(context_settings=CONTEXT, short_help="Read folders of completed forms into a database.")
@click.argument("folders", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "db_path",
    type=StorePath(),
    default=Path("harvest.db"),
    show_default=True,
    help="The database to add to: an SQLite file (created if missing), or a PostgreSQL store "
    "postgresql://USER@HOST/DBNAME shared by several harvests (see docs/postgresql.md).",
)
@click.option(
    "--policy",
    "policies",
    multiple=True,
    type=click.Path(path_type=Path),
    metavar="POLICY",
    help="A policy file or a folder of them; forms made under any other policy are reported. Repeatable.",
)
@click.option(
    "--export",
    "exports",
    multiple=True,
    type=Formats(("csv", "xlsx", "jsonl")),
    metavar="FORMAT",
    help="Also write exports regenerated from the database: csv, xlsx or jsonl; several as a list "
    "(xlsx,csv) or the option repeated.",
)
@click.option(
    "--export-dir",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DIR",
    help="Folder for the exports (default: a folder of their own beside the database, named after it: "
    "harvest-exports/ for harvest.db).",
)
@click.option(
    "--export-keys",
    is_flag=True,
    help="In CSV and XLSX exports, add the option's key beside each choice column (which shows the label).",
)
@click.option(
    "--pseudonymise",
    is_flag=True,
    help="In exports, replace children's names and dates of birth with stable pseudonyms (under a "
    "secret kept beside the database, never in the export folder). Names typed into free-text "
    "answers (notes, actions) and in file names are NOT replaced.",
)
@click.option("--jobs", type=Number(1), help="Worker processes, 1 or more (default: the number of cores).")
@click.option(
    "--timeout",
    type=Number(0.1, kind=float),
    metavar="SECONDS",
    default=30.0,
    show_default=True,
    help="Seconds one file may take before it is reported as too slow (at least 0.1).",
)
@click.option("--no-progress", is_flag=True, help="No progress bar (it is also off when stderr is not a terminal).")
def harvest(
    folders: tuple[Path, ...],
    db_path: Path | str,
    policies: tuple[Path, ...],
    exports: tuple[tuple[str, ...], ...],
    export_dir: Path | None,
    export_keys: bool,
    pseudonymise: bool,
    jobs: int | None,
    timeout: float,
    no_progress: bool,
) -> None:
    """Read every completed form (.docx, .pdf) under FOLDERS into one SQLite database.

    Each file gets a status: ok, ok_with_issues (a required answer missing, a date that does not
    parse, not signed...) or failed (not a docgen form, flattened, needs a password, damaged...).
    problems.csv, beside the database, lists every file that needs attention and what to do.
    Running it again adds only new or changed files; nothing is stored twice. Exit 0 when every
    file is ok, 1 when any needs attention, 2 when a folder or policy given does not exist (every
    missing one is named, and nothing is read), 3 when the harvest could not finish (the database
    is locked by another harvest, unusable or not writable) or was stopped (Ctrl-C, SIGTERM,
    SIGHUP); what it stored is kept, and running it again carries on.

    \b
    Examples:
      docgen harvest completed/ -o harvest.db
      docgen harvest inbox/ shared/ -o audit/harvest.db --policy policies/worcestershire.yaml
      docgen harvest completed/ --export csv --export xlsx --export-dir exports/ --pseudonymise
    """
    from ..harvest import HarvestAborted, StoreError
    from ..harvest import harvest as run_harvest
    from ..harvest.backend import db_errors, first_line, label
    from ..harvest.exports import (
        ExportError,
        Pseudonyms,
        SecretInExports,
        default_export_dir,
        export,
        secret_path,
    )
    from ..harvest.store import Store

    require(*(("FOLDERS", f) for f in folders), *(("--policy", p) for p in policies))
    loaded = _load_policies(policies) if policies else None
    show = not no_progress and sys.stderr.isatty()
    try:
        result = run_harvest(list(folders), db_path, loaded, jobs, timeout, on_file=_progress if show else None)
        if show:
            click.echo("\r\033[K", err=True, nl=False)
        if exports:
            folder = export_dir or default_export_dir(db_path)
            store = Store(db_path)
            try:
                pseudonyms = Pseudonyms(secret_path(db_path)) if pseudonymise else None
                formats = list(dict.fromkeys(f for group in exports for f in group))
                written = export(store, formats, folder, pseudonyms, export_keys)
            except ExportError as exc:
                click.echo(f"Exported {len(exc.written)} file(s) to {folder}.", err=True)
                click.echo(result.summary(), err=True)
                raise click.ClickException(f"{exc}; the harvest itself is kept") from None
            finally:
                store.close()
            click.echo(f"Exported {len(written)} file(s) to {folder}.", err=True)  # then the harvest's own summary
    except SecretInExports as exc:  # the harvest finished; the exports were refused
        click.echo(result.summary(), err=True)
        raise click.ClickException(str(exc)) from None
    except StoreError as exc:  # locked by another harvest, or not a database docgen can use: exit 3
        raise Aborted(str(exc)) from None
    except HarvestAborted as exc:  # SIGTERM, SIGHUP: stopped between files, the workers stopped
        if show:
            click.echo("\r\033[K", err=True, nl=False)
        raise Aborted(str(exc)) from None
    except db_errors() + (OSError,) as exc:  # a full disk, a read-only folder: what was committed is kept
        raise Aborted(
            f"could not write {label(db_path)} or its exports ({first_line(exc)}); the files harvested "
            "before this are kept, and running again carries on"
        ) from None
    click.echo(result.summary(), err=True)
    raise SystemExit(1 if result.needs_attention else 0)


def _load_policies(paths: tuple[Path, ...]) -> dict:
    from ..policy import load_policy

    files = [f for p in paths for f in (sorted(p.glob("*.yaml")) + sorted(p.glob("*.yml")) if p.is_dir() else [p])]
    if not files:
        raise click.UsageError(f"no policy files (*.yaml) in {', '.join(map(str, paths))}")
    loaded, problems = {}, []
    for file in files:
        try:
            policy = load_policy(file)
        except ProblemsFound as exc:
            problems.extend(exc.problems)
            continue
        loaded[policy.policy.id] = policy
    if problems:
        _fail(ProblemsFound(problems))
    return loaded


def _progress(done: int, total: int, path: str) -> None:
    import shutil

    width = shutil.get_terminal_size().columns
    bar = "#" * (20 * done // total) + "." * (20 - 20 * done // total)
    text = f"[{bar}] {done:,}/{total:,} {Path(path).name}"
    click.echo("\r\033[K" + text[: width - 1], err=True, nl=False)


@main.command(context_settings=CONTEXT, short_help="Check the records against the policy: a report.")
@click.argument("harvest_db", type=StorePath())
@click.option("--policy", "policy", type=PolicyPath(), required=True, help="The policy to check against.")
@click.option(
    "--roster",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Staff roster CSV (staff_id, name, team, supervisor_id, ...; see docs/staff-lists.md).",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="The HTML report to write."
)
@click.option(
    "--as-of",
    "as_of",
    type=Date(),
    help="The date to check on (YYYY-MM-DD; default: today).",
)
@click.option(
    "--findings", type=click.Path(dir_okay=False, path_type=Path), help="Also write the findings as .csv or .xlsx."
)
@click.option(
    "--pseudonymise",
    is_flag=True,
    help="Replace children's names and dates of birth with the stable pseudonyms the exports use "
    "(secret beside the database). Names typed into free-text answers (notes, actions) and in "
    "file names are NOT replaced.",
)
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
def report(
    harvest_db: Path | str,
    policy: Path,
    roster: Path,
    output: Path,
    as_of,
    findings: Path | None,
    pseudonymise: bool,
    force: bool,
) -> None:
    """Check harvested records against the policy: a compliance report per team and supervisee.

    Runs the check catalogue (S1-S5 schedule, A1-A2 agreements, R1-R2 records, ACT1-ACT2
    actions, F1 functions, C1-C2 children's cases, E1 evaluation) and writes one self-contained
    HTML file with a summary, charts with their data tables, and every finding with the policy
    clause it enforces. Exit 0 when there are no findings, 1 when there are (or the policy or
    roster has problems), 2 when the database, policy or roster does not exist (every missing one
    is named), 3 when the harvest database cannot be read (aborted). The report and the findings name people: they are written
    readable by their owner only.

    \b
    Examples:
      docgen report harvest.db --policy policies/hertfordshire.yaml --roster staff.csv -o report.html
      docgen report harvest.db --policy leeds --roster staff.csv -o report.html --as-of 2025-03-31 --findings findings.xlsx
    """  # noqa: E501  (a click \b example, shown as written)
    from ..report import write_report
    from ..report.source import report_from_files
    from ..report.terminal import summary

    require(("HARVEST_DB", harvest_db), ("--policy", policy), ("--roster", roster))
    if findings and findings.suffix.lower() not in (".csv", ".xlsx"):
        raise click.BadParameter("write the findings as .csv or .xlsx", param_hint="--findings")
    clash = [p for p in (output, findings) if p and p.exists()]
    if clash and not force:
        raise click.UsageError(f"{clash[0]} already exists; use --force to overwrite")
    try:
        result = report_from_files(harvest_db, policy, roster, as_of, pseudonymise)
        written = write_report(result, output, findings)  # all or nothing (cannot-write otherwise)
    except ProblemsFound as exc:
        _fail(exc)
    for path in written:
        click.echo(str(path))
    click.echo(summary(result), err=True)  # the counts, then what the report assumes
    raise SystemExit(1 if result.findings else 0)


@main.command(context_settings=CONTEXT, short_help="See the whole loop on a made-up agency.")
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    metavar="DIR",
    help="Folder for the demo (created; must not hold an earlier demo unless --force).",
)
@click.option(
    "--staff",
    type=Number(1, 500),
    default=40,
    metavar="N",
    show_default=True,
    help="Practitioners in the made-up agency, 1 to 500 (team managers and planted cases come on top).",
)
@click.option(
    "--years",
    type=Number(1, 5),
    default=1,
    show_default=True,
    metavar="N",
    help="Years of supervision history (1 to 5).",
)
@click.option("--seed", type=int, default=7, show_default=True, metavar="N", help="Another seed gives another agency.")
@click.option("--force", is_flag=True, help="Replace an earlier demo in the folder.")
def demo(out_dir: Path, staff: int, years: int, seed: int, force: bool) -> None:
    """See the whole loop on a made-up agency: forms filled, harvested, checked, reported.

    Writes the agency's policy and staff list, a year of filled Word and PDF forms with realistic
    gaps (overdue supervision, unsigned records, a child not discussed in time...), the harvest
    database with its problems.csv and CSV exports, and report.html with findings.xlsx. Nothing
    in it is about real people. Open report.html in a browser.

    \b
    Examples:
      docgen demo -o output/demo
      docgen demo -o output/demo2 --staff 100 --years 2 --seed 3
    """
    import time

    from ..demo import clear_demo, holds_demo, run_demo

    started = time.perf_counter()
    if holds_demo(out_dir):
        if not force:
            raise click.UsageError(f"{out_dir} already holds a demo; use --force to replace it")
        clear_demo(out_dir)
    result = run_demo(out_dir, staff=staff, years=years, seed=seed)
    click.echo(
        f"Made {result.forms:,} filled forms (Word and PDF) for a made-up agency in {out_dir / 'forms'}.", err=True
    )
    click.echo(result.harvest_summary, err=True)
    click.echo(
        f"Report: {result.report_line}; {result.found_planted} of the {result.planted} planted breaches found.",
        err=True,
    )
    if result.assumptions:
        click.echo("\n".join(result.assumptions), err=True)
    click.echo(f"Open {out_dir / 'report.html'} (done in {time.perf_counter() - started:.1f} s).", err=True)
