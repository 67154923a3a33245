"""The `docgen` command. Each command is a few lines over one library call; only this module
prints. Exit codes: 0 ok, 1 finished with problems, 2 usage error."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__
from .errors import ProblemsFound
from .resources import resolve_policy_path

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _fail(exc: ProblemsFound) -> None:
    for problem in exc.problems:
        click.echo(str(problem), err=True)
    raise SystemExit(1)


class PolicyPath(click.ParamType):
    """A policy file, or the name of a shipped policy (e.g. worcestershire)."""

    name = "POLICY"

    def convert(self, value, param, ctx):
        path = resolve_policy_path(value)
        if not path.exists():
            from .resources import shipped_policies
            names = ", ".join(p.stem for p in shipped_policies())
            self.fail(f"no policy file {value!r} (shipped policies: {names})", param, ctx)
        return path


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="docgen")
def main() -> None:
    """docgen: safeguarding supervision paperwork from one policy YAML.

    \b
    Start here:
      docgen init my-agency            write a starter policy to edit
      docgen validate my-agency/policy.yaml
      docgen spec worcestershire session-record
    """


@main.command(context_settings=CONTEXT)
@click.argument("policies", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the problems as JSON on stdout.")
def validate(policies: tuple[Path, ...], as_json: bool) -> None:
    """Check policy files and every form they generate; list every problem.

    Each problem is printed as FILE:LINE:COL: yaml.path: what is wrong. How to fix it.
    Exit 0 when all are valid, 1 when any has problems.

    \b
    Examples:
      docgen validate policies/*.yaml
      docgen validate my-policy.yaml --json
    """
    from .spec.validate import validate_policy

    report, bad = [], 0
    for path in policies:
        _, problems = validate_policy(path)
        bad += bool(problems)
        report.append({"file": str(path), "valid": not problems, "problems": [p.as_dict() for p in problems]})
        for problem in problems:
            click.echo(str(problem), err=True)
    if as_json:
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    total = len(policies)
    click.echo(f"{total} {'policy' if total == 1 else 'policies'} checked: {total - bad} valid, {bad} with problems.",
               err=True)
    raise SystemExit(1 if bad else 0)


@main.command(context_settings=CONTEXT)
@click.argument("policy", type=PolicyPath())
@click.argument("form", required=False)
@click.option("--json-schema", is_flag=True, help="Print the JSON Schema of the record a completed form yields.")
def spec(policy: Path, form: str | None, json_schema: bool) -> None:
    """Print the fully resolved spec of one form as JSON (or list the forms).

    FORM is a kind: agreement, session-record, case-record, evaluation, preparation-sheet, or a
    variant such as agreement:direct. Without FORM, list the forms the policy defines.

    \b
    Examples:
      docgen spec policies/worcestershire.yaml session-record
      docgen spec hertfordshire evaluation --json-schema
      docgen spec leeds
    """
    from .policy import load_policy
    from .spec import build_form, form_keys
    from .spec.export import record_json_schema, spec_to_dict

    try:
        loaded = load_policy(policy)
        if form is None:
            for key in form_keys(loaded):
                click.echo(f"{key}\t{loaded.policy.documents.forms[key]}")
            return
        built = build_form(loaded, form)
    except ProblemsFound as exc:
        _fail(exc)
    data = record_json_schema(built) if json_schema else spec_to_dict(built)
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


@main.command(context_settings=CONTEXT)
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--functions", type=click.Choice(["3", "4"]), default="4", show_default=True,
              help="Three functions (Leeds model) or four (Morrison model).")
@click.option("--agency", default="Our Agency", show_default=True, help="The agency's name.")
@click.option("--force", is_flag=True, help="Overwrite an existing policy.yaml.")
def init(directory: Path, functions: str, agency: str, force: bool) -> None:
    """Write a commented starter policy (DIRECTORY/policy.yaml) that validates as written.

    \b
    Examples:
      docgen init my-agency
      docgen init my-agency --functions 3 --agency "Northshire Council"
    """
    from .policy.starter import write_starter

    try:
        path = write_starter(directory, int(functions), agency, force=force)
    except FileExistsError as exc:
        raise click.UsageError(f"{exc} already exists; use --force to overwrite it") from None
    click.echo(str(path))
    click.echo(f"Wrote {path}. Edit it, then run: docgen validate {path}", err=True)


@main.command(context_settings=CONTEXT)
@click.argument("policy", type=PolicyPath())
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to write the forms to (created if missing).")
@click.option("--format", "formats", default="docx,pdf", show_default=True,
              help="Comma-separated formats: docx, pdf.")
@click.option("--only", help="Comma-separated form kinds, e.g. agreement,session-record (default: all).")
@click.option("--form", "form", help="With --prefill: the one form kind to personalise (e.g. agreement).")
@click.option("--prefill", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="A staff CSV: write one personalised form per row (see README for its columns).")
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
@click.option("--show-gaps", is_flag=True, help="Also list what the policy leaves for the agency to decide.")
@click.option("--preview", is_flag=True,
              help="Also write a PNG of each document's first page (preview/) and an index.html contact sheet.")
def generate(policy: Path, out_dir: Path, formats: str, only: str | None, form: str | None,
             prefill: Path | None, force: bool, show_gaps: bool, preview: bool) -> None:
    """Write fillable forms for a policy: every form kind it names, or one per supervisee.

    KIND is a form kind (agreement, session-record, case-record, evaluation, preparation-sheet),
    "policy" (the agency's policy document, drawn from the policy file alone), "handouts" (every
    training handout the policy lists) or one handout: handout-one-minute-guide,
    handout-seven-minute-briefing, handout-functions-sheet, handout-reflective-cycle.
    Files are named {policy}_{kind}.{format}; with --prefill, {policy}_{kind}_{row}-{name}.{format}.
    Word forms use content controls; PDF forms use AcroForm fields. Nothing is overwritten
    without --force.

    \b
    Examples:
      docgen generate policies/worcestershire.yaml -o output/worcestershire
      docgen generate hertfordshire -o output/herts --only evaluation,session-record --format pdf
      docgen generate leeds -o output/leeds --form agreement --prefill staff.csv
      docgen generate leeds -o output/leeds --only policy,handouts --preview
    """
    from .generate import FORMATS, existing, generate as run_generate, plan, plan_previews, select_forms
    from .policy import load_policy
    from .prefill import read_staff_csv

    chosen = [f.strip() for f in formats.split(",") if f.strip()]
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise click.BadParameter(f"unknown format {', '.join(unknown) or '(none)'}; use one of: {', '.join(FORMATS)}",
                                 param_hint="--format")
    if prefill and not form:
        raise click.UsageError("--prefill needs --form KIND (the form to personalise, e.g. agreement)")
    try:
        loaded = load_policy(policy)
        wanted = [form] if form else [k.strip() for k in only.split(",")] if only else None
        keys = select_forms(loaded, wanted)
        if wanted and not keys:
            raise click.BadParameter(f"the policy has no form {', '.join(wanted)}; it has: "
                                     f"{', '.join(select_forms(loaded, None))}", param_hint="--only/--form")
        staff = read_staff_csv(prefill) if prefill else None
        jobs = plan(loaded, out_dir, keys, chosen, staff)
        previews = plan_previews(out_dir, jobs) if preview else []
        clash = existing(jobs, previews, out_dir)
        if clash and not force:
            raise click.UsageError(f"{len(clash)} file(s) already exist (e.g. {clash[0]}); use --force to overwrite")
        result = run_generate(loaded, jobs, previews, out_dir)
    except ProblemsFound as exc:
        _fail(exc)
    for path in result.written:
        click.echo(str(path))
    if show_gaps:
        from .spec.policy_document import policy_gaps
        gaps = policy_gaps(loaded)
        click.echo(f"What {loaded.policy.agency.name} still has to decide ({len(gaps)}):", err=True)
        for gap in gaps:
            click.echo(f"  - {gap}", err=True)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(f"Wrote {len(result.written)} file(s) to {out_dir}.", err=True)


@main.command(context_settings=CONTEXT)
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, exists=True, path_type=Path))
def parse(files: tuple[Path, ...]) -> None:
    """Read completed forms (DOCX, or PDF forms made by docgen) into JSON: manifest, values, issues.

    One file prints one JSON object; several print one JSON object per line. Dates are ISO
    (YYYY-MM-DD), checkboxes true/false, choices their keys. Exit 0 when every file was read
    with no issues, 1 when any file could not be read or has issues.

    \b
    Examples:
      docgen parse output/worcestershire/worcestershire_session_record.docx
      docgen parse completed/*.docx > records.jsonl
    """
    import logging

    from .parse import FormError, parse_file

    logging.getLogger("pikepdf").setLevel(logging.ERROR)  # qpdf's repair notes are not for users
    attention = False
    for path in files:
        try:
            record = parse_file(path)
        except FormError as exc:
            click.echo(f"{path}: {exc.message} [{exc.code}]", err=True)
            attention = True
            continue
        except Exception as exc:  # a bug in docgen: say so, keep going with the other files
            click.echo(f"{path}: docgen failed to read this file ({type(exc).__name__}: {exc}); "
                       "please report this", err=True)
            attention = True
            continue
        data = {"file": str(path), **record.as_dict()}
        attention |= bool(record.issues)
        click.echo(json.dumps(data, ensure_ascii=False, indent=2 if len(files) == 1 else None))
    raise SystemExit(1 if attention else 0)


@main.command(context_settings=CONTEXT)
@click.argument("folders", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", "db_path", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("harvest.db"), show_default=True, help="The SQLite database to add to (created if missing).")
@click.option("--policy", "policies", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="A policy file or a folder of them; forms made under any other policy are reported. Repeatable.")
@click.option("--export", "exports", multiple=True, type=click.Choice(["csv", "xlsx", "jsonl"]),
              help="Also write exports regenerated from the database. Repeatable.")
@click.option("--export-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the exports (default: beside the database).")
@click.option("--pseudonymise", is_flag=True,
              help="In exports, replace children's names and dates of birth with stable pseudonyms.")
@click.option("--jobs", type=click.IntRange(min=1), help="Worker processes (default: the number of cores).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Seconds one file may take before it is reported as too slow.")
@click.option("--no-progress", is_flag=True, help="No progress bar (it is also off when stderr is not a terminal).")
def harvest(folders: tuple[Path, ...], db_path: Path, policies: tuple[Path, ...], exports: tuple[str, ...],
            export_dir: Path | None, pseudonymise: bool, jobs: int | None, timeout: float, no_progress: bool) -> None:
    """Read every completed form (.docx, .pdf) under FOLDERS into one SQLite database.

    Each file gets a status: ok, ok_with_issues (a required answer missing, a date that does not
    parse, not signed...) or failed (not a docgen form, flattened, needs a password, damaged...).
    problems.csv, beside the database, lists every file that needs attention and what to do.
    Running it again adds only new or changed files; nothing is stored twice. Exit 0 when every
    file is ok, 1 when any needs attention.

    \b
    Examples:
      docgen harvest completed/ -o harvest.db
      docgen harvest inbox/ shared/ -o audit/harvest.db --policy policies/worcestershire.yaml
      docgen harvest completed/ --export csv --export xlsx --export-dir exports/ --pseudonymise
    """
    from .harvest import StoreError, harvest as run_harvest
    from .harvest.exports import Pseudonyms, export
    from .harvest.store import Store

    loaded = _load_policies(policies) if policies else None
    show = not no_progress and sys.stderr.isatty()
    try:
        result = run_harvest(list(folders), db_path, loaded, jobs, timeout, on_file=_progress if show else None)
        if show:
            click.echo("\r\033[K", err=True, nl=False)
        if exports:
            store = Store(db_path)
            try:
                secret = db_path.with_name(db_path.name + ".secret") if pseudonymise else None
                written = export(store, list(exports), export_dir or db_path.parent,
                                 Pseudonyms(secret) if secret else None)
            finally:
                store.close()
            click.echo(f"Exported {len(written)} file(s) to {export_dir or db_path.parent}.", err=True)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(result.summary(), err=True)
    raise SystemExit(1 if result.needs_attention else 0)


def _load_policies(paths: tuple[Path, ...]) -> dict:
    from .policy import load_policy

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


@main.command(context_settings=CONTEXT)
@click.argument("harvest_db", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--policy", "policy", type=PolicyPath(), required=True, help="The policy to check against.")
@click.option("--roster", type=click.Path(dir_okay=False, exists=True, path_type=Path), required=True,
              help="Staff roster CSV (staff_id, name, team, supervisor_id, ...; see the README).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The HTML report to write.")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), help="Check date, YYYY-MM-DD (default: today).")
@click.option("--findings", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the findings as .csv or .xlsx.")
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
def report(harvest_db: Path, policy: Path, roster: Path, output: Path, as_of, findings: Path | None,
           force: bool) -> None:
    """Check harvested records against the policy: a compliance report per team and supervisee.

    Runs the check catalogue (S1-S5 schedule, A1-A2 agreements, R1-R2 records, ACT1-ACT2
    actions, F1 functions, C1-C2 children's cases, E1 evaluation) and writes one self-contained
    HTML file with a summary, charts with their data tables, and every finding with the policy
    clause it enforces. Exit 0 when there are no findings, 1 when there are.

    \b
    Examples:
      docgen report harvest.db --policy policies/hertfordshire.yaml --roster staff.csv -o report.html
      docgen report harvest.db --policy leeds --roster staff.csv -o report.html --as-of 2025-03-31 --findings findings.xlsx
    """
    from .report import write_report
    from .report.source import report_from_files

    if findings and findings.suffix.lower() not in (".csv", ".xlsx"):
        raise click.BadParameter("write the findings as .csv or .xlsx", param_hint="--findings")
    clash = [p for p in (output, findings) if p and p.exists()]
    if clash and not force:
        raise click.UsageError(f"{clash[0]} already exists; use --force to overwrite")
    try:
        result = report_from_files(harvest_db, policy, roster, as_of.date() if as_of else None)
    except ProblemsFound as exc:
        _fail(exc)
    for path in write_report(result, output, findings):
        click.echo(str(path))
    click.echo(f"{len(result.findings)} finding(s) for {result.supervisees} supervisee(s) as of {result.as_of}.", err=True)
    raise SystemExit(1 if result.findings else 0)


@main.command(context_settings=CONTEXT)
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the demo (created; must not hold an earlier demo unless --force).")
@click.option("--staff", type=click.IntRange(min=1, max=500), default=40, show_default=True,
              help="Practitioners in the made-up agency (team managers and planted cases come on top).")
@click.option("--years", type=click.IntRange(min=1, max=5), default=1, show_default=True,
              help="Years of supervision history.")
@click.option("--seed", type=int, default=7, show_default=True, help="Another seed gives another agency.")
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
    import shutil
    import time

    from .demo import run_demo

    started = time.perf_counter()
    if (out_dir / "harvest.db").exists() or (out_dir / "forms").exists():
        if not force:
            raise click.UsageError(f"{out_dir} already holds a demo; use --force to replace it")
        for name in ("forms", "exports", "preview"):
            shutil.rmtree(out_dir / name, ignore_errors=True)
        for name in ("harvest.db", "harvest.db-wal", "harvest.db-shm", "harvest.db.lock", "problems.csv"):
            (out_dir / name).unlink(missing_ok=True)
    result = run_demo(out_dir, staff=staff, years=years, seed=seed)
    click.echo(f"Made {result.forms:,} filled forms (Word and PDF) for a made-up agency in {out_dir / 'forms'}.",
               err=True)
    click.echo(result.harvest_summary, err=True)
    click.echo(f"Report: {result.findings:,} finding(s) for {result.supervisees} supervisee(s); "
               f"{result.found_planted} of the {result.planted} planted breaches found.", err=True)
    click.echo(f"Open {out_dir / 'report.html'} (done in {time.perf_counter() - started:.1f} s).", err=True)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
