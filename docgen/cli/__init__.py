"""The `docgen` command. Each command is a few lines over one library call; only this package
prints. Exit codes (docgen.errors.EXIT_CODES): 0 ok, 1 finished with problems, 2 usage error,
3 aborted (the run could not finish: a database locked, unusable or not writable; interrupted).

Commands for policies and forms (validate, spec, init, generate, parse) live here; the ones for
completed records (harvest, report, demo) in harvesting.py. Every command checks its input files
before it does anything (`require`): a missing one is a usage error (exit 2), every one named in
one message; a form kind or --only entry the policy does not have is a usage error too, with a
"did you mean" (`check_forms`)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .. import __version__
from ..errors import EXIT_ABORTED, EXIT_PROBLEMS, Aborted, ProblemsFound, RunAborted
from .params import Date, Number, PolicyPath, check_forms, require

__all__ = ["CONTEXT", "Date", "Number", "PolicyPath", "check_forms", "main", "require"]

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _fail(exc: ProblemsFound) -> None:
    for problem in exc.problems:
        click.echo(str(problem), err=True)
    raise SystemExit(EXIT_ABORTED if isinstance(exc, RunAborted) else EXIT_PROBLEMS)


# The commands in the order of the job (`docgen --help` lists them so, not alphabetically).
ORDER = ("init", "validate", "spec", "generate", "parse", "harvest", "report", "roles", "demo")


class _Group(click.Group):
    """The docgen command group: a run that cannot finish (`Aborted`, Ctrl-C) exits 3, not 1;
    problems a command did not print itself (`ProblemsFound`) are printed plainly, never a traceback."""

    def list_commands(self, ctx):
        return sorted(self.commands, key=lambda name: (ORDER.index(name) if name in ORDER else len(ORDER), name))

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ProblemsFound as exc:
            _fail(exc)
        except Aborted as exc:
            click.echo(f"Error: {exc.message}", err=True)
            raise SystemExit(EXIT_ABORTED) from None
        except KeyboardInterrupt:
            click.echo(
                "\nInterrupted: docgen stopped before it finished; what it had saved is kept. Run the "
                "command again to finish.",
                err=True,
            )
            raise SystemExit(EXIT_ABORTED) from None


@click.group(context_settings=CONTEXT, cls=_Group)
@click.version_option(__version__, "-V", "--version", prog_name="docgen")
def main() -> None:
    """docgen: safeguarding supervision paperwork from one policy YAML.

    \b
    Start here:
      docgen init my-agency                           a starter policy to edit
      docgen validate my-agency/policy.yaml           check it: every problem
      docgen generate my-agency/policy.yaml -o forms  its forms, Word and PDF
    Then, with completed forms and a staff list:
      docgen harvest completed/ -o harvest.db         read them into a database
      docgen report harvest.db --policy my-agency/policy.yaml \\
        --roster staff.csv -o report.html             check them against it
    Or first see the whole loop on a made-up agency:
      docgen demo -o demo

    \b
    Exit codes (every command):
      0  finished, all good
      1  finished, with problems (an invalid policy, files that need
         attention, findings)
      2  the command was used wrongly (unknown option, missing file,
         unknown form); nothing was done
      3  aborted: the run could not finish (database locked, unusable or
         not writable; interrupted); what was saved before is kept
    """


@main.command(context_settings=CONTEXT, short_help="Check policy files; list every problem.")
@click.argument("policies", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the problems as JSON on stdout.")
def validate(policies: tuple[Path, ...], as_json: bool) -> None:
    """Check policy files and every form they generate; list every problem.

    Each problem is printed as FILE:LINE:COL: yaml.path: what is wrong. How to fix it.
    Exit 0 when all are valid, 1 when any has problems, 2 when a file does not exist (every
    missing one is named, and none is checked).

    \b
    Examples:
      docgen validate policies/*.yaml
      docgen validate my-policy.yaml --json
    """
    from ..forms.validate import validate_policy

    require(*(("POLICIES", path) for path in policies))
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
    click.echo(
        f"{total} {'policy' if total == 1 else 'policies'} checked: {total - bad} valid, {bad} with problems.", err=True
    )
    raise SystemExit(1 if bad else 0)


@main.command(context_settings=CONTEXT, short_help="Print one form's spec as JSON, or list the forms.")
@click.argument("policy", type=PolicyPath())
@click.argument("form", required=False)
@click.option("--json-schema", is_flag=True, help="Print the JSON Schema of the record a completed form yields.")
def spec(policy: Path, form: str | None, json_schema: bool) -> None:
    """Print the fully resolved spec of one form as JSON (or list the forms).

    FORM is a kind: agreement, session-record, case-record, evaluation, preparation-sheet, session-log,
    front-sheet, or a variant such as agreement:direct. Without FORM, list the forms the policy defines.
    Exit 0, 1 when the policy has problems, 2 when it does not exist or has no such form.

    \b
    Examples:
      docgen spec policies/worcestershire.yaml session-record
      docgen spec hertfordshire evaluation --json-schema
      docgen spec leeds
    """
    from ..forms import build_form, form_keys
    from ..forms.schema import record_json_schema, spec_to_dict
    from ..policy import load_policy

    require(("POLICY", policy))
    try:
        loaded = load_policy(policy)
        if form is None:
            for key in form_keys(loaded):
                click.echo(f"{key}\t{loaded.policy.documents.forms[key]}")
            return
        check_forms([form], form_keys(loaded), "'FORM'")
        built = build_form(loaded, form)
    except ProblemsFound as exc:
        _fail(exc)
    data = record_json_schema(built) if json_schema else spec_to_dict(built)
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


@main.command(context_settings=CONTEXT, short_help="Write a commented starter policy to edit.")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--functions",
    type=click.Choice(["3", "4"]),
    default="4",
    show_default=True,
    help="Three functions (Leeds model) or four (Morrison model).",
)
@click.option("--agency", default="Our Agency", show_default=True, metavar="NAME", help="The agency's name.")
@click.option("--force", is_flag=True, help="Overwrite an existing policy.yaml.")
def init(directory: Path, functions: str, agency: str, force: bool) -> None:
    """Write a commented starter policy (DIRECTORY/policy.yaml) that validates as written.

    \b
    Examples:
      docgen init my-agency
      docgen init my-agency --functions 3 --agency "Northshire Council"
    """
    from ..policy.starter import write_starter

    try:
        path = write_starter(directory, int(functions), agency, force=force)
    except FileExistsError as exc:
        raise click.UsageError(f"{exc} already exists; use --force to overwrite it") from None
    click.echo(str(path))
    click.echo(f"Wrote {path}. Edit it, then run: docgen validate {path}", err=True)


@main.command(context_settings=CONTEXT, short_help="Write the forms, policy document and handouts.")
@click.argument("policy", type=PolicyPath())
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    metavar="DIR",
    help="Folder to write the forms to (created if missing).",
)
@click.option(
    "--format",
    "formats",
    default="docx,pdf,html",
    show_default=True,
    metavar="LIST",
    help="Comma-separated formats: docx, pdf, html.",
)
@click.option(
    "--only",
    metavar="LIST",
    help="Comma-separated documents to write, e.g. agreement,session-record or policy,handouts (default: all).",
)
@click.option(
    "--form", "form", metavar="KIND", help="With --prefill: the one form kind to personalise (e.g. agreement)."
)
@click.option(
    "--prefill",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A staff CSV: write one personalised form per row (its columns: docs/staff-lists.md).",
)
@click.option(
    "--max-rows",
    type=Number(1),
    default=2000,
    show_default=True,
    metavar="N",
    help="With --prefill: accept a staff CSV of up to N rows; a longer one stops with a message "
    "(each row writes one file per format).",
)
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
@click.option(
    "--show-gaps",
    is_flag=True,
    help="Also list what the policy leaves for the agency to decide (every value docgen supplies by default), "
    'on the terminal and as a last "Not yet decided" appendix of the policy document.',
)
@click.option(
    "--preview",
    is_flag=True,
    help="Also write a PNG of every page of each document (preview/{document}-page-{n}.png) and an "
    "index.html contact sheet showing them all.",
)
def generate(
    policy: Path,
    out_dir: Path,
    formats: str,
    only: str | None,
    form: str | None,
    prefill: Path | None,
    max_rows: int,
    force: bool,
    show_gaps: bool,
    preview: bool,
) -> None:
    """Write fillable forms for a policy: every form kind it names, or one per supervisee.

    --only takes documents: a form kind (agreement, session-record, case-record, evaluation,
    preparation-sheet, session-log, front-sheet, or a variant such as agreement:direct), "policy"
    (the agency's policy document, drawn from the policy file alone), "handouts" (every training
    handout the policy lists) or one handout: handout-one-minute-guide,
    handout-seven-minute-briefing, handout-functions-sheet, handout-reflective-cycle. --form takes
    one form kind.
    Files are named {policy}_{kind}.{format}; with --prefill, {policy}_{kind}_{row}-{name}.{format}.
    Word forms use content controls; PDF forms use AcroForm fields. Nothing is overwritten
    without --force. Exit 0, 1 when the policy has problems, 2 when a file does not exist, the
    policy has no such form or files are already there.

    \b
    Examples:
      docgen generate policies/worcestershire.yaml -o output/worcestershire
      docgen generate hertfordshire -o output/herts --only evaluation,session-record --format pdf
      docgen generate leeds -o output/leeds --form agreement --prefill staff.csv
      docgen generate leeds -o output/leeds --only policy,handouts --preview
    """
    from ..generate import FORMATS, existing, plan, plan_previews, select_forms
    from ..generate import generate as run_generate
    from ..policy import load_policy
    from ..prefill import read_staff_csv

    chosen = [f.strip() for f in formats.split(",") if f.strip()]
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise click.BadParameter(
            f"unknown format {', '.join(unknown) or '(none)'}; use one of: {', '.join(FORMATS)}", param_hint="--format"
        )
    if prefill and not form:
        raise click.UsageError("--prefill needs --form KIND (the form to personalise, e.g. agreement)")
    require(("POLICY", policy), ("--prefill", prefill))
    try:
        loaded = load_policy(policy)
        wanted = [form] if form else [k.strip() for k in only.split(",") if k.strip()] if only else None
        if wanted:  # a kind names its variants too (agreement: agreement:direct, agreement:indirect)
            check_forms(wanted, _documents(select_forms(loaded, None)), "'--form'" if form else "'--only'", "It has")
        keys = select_forms(loaded, wanted)
        staff = read_staff_csv(prefill, max_rows) if prefill else None
        jobs = plan(loaded, out_dir, keys, chosen, staff)
        previews = plan_previews(out_dir, jobs) if preview else []
        clash = existing(jobs, previews, out_dir)
        if clash and not force:
            raise click.UsageError(f"{len(clash)} file(s) already exist (e.g. {clash[0]}); use --force to overwrite")
        result = run_generate(loaded, jobs, previews, out_dir, show_gaps=show_gaps)
    except ProblemsFound as exc:
        _fail(exc)
    for path in result.written:
        click.echo(str(path))
    if show_gaps:
        from ..documents.policy_document import policy_gaps

        gaps = policy_gaps(loaded)
        click.echo(f"What {loaded.policy.agency.name} still has to decide ({len(gaps)}):", err=True)
        for gap in gaps:
            click.echo(f"  - {gap}", err=True)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(f"Wrote {len(result.written)} file(s) to {out_dir}.", err=True)


def _documents(keys: list[str]) -> list[str]:
    """What --only may name: every document, then each kind with variants and "handouts"."""
    from ..documents.handouts import is_handout

    kinds = [k.split(":")[0] for k in keys if ":" in k] + (["handouts"] if any(map(is_handout, keys)) else [])
    return list(dict.fromkeys(keys + kinds))


@main.command(context_settings=CONTEXT, short_help="Read completed forms back into JSON.")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
def parse(files: tuple[Path, ...]) -> None:
    """Read completed forms (DOCX, or PDF forms made by docgen) into JSON: manifest, values, issues.

    One file prints one JSON object; several print one JSON object per line. Dates are ISO
    (YYYY-MM-DD), checkboxes true/false, choices their keys. Exit 0 when every file was read
    with no issues, 1 when any file could not be read or has issues, 2 when a file does not
    exist (every missing one is named, and none is read).

    \b
    Examples:
      docgen parse output/worcestershire/worcestershire_session_record.docx
      docgen parse completed/*.docx > records.jsonl
    """
    import logging

    from ..harvest.identity import check as check_identity
    from ..parse import FormError, parse_file

    require(*(("FILES", path) for path in files))
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
            click.echo(
                f"{path}: docgen failed to read this file ({type(exc).__name__}: {exc}); please report this", err=True
            )
            attention = True
            continue
        mismatch = check_identity(record.manifest, record.fields, record.repeats, None)
        if mismatch is not None:  # as the harvest would refuse it
            click.echo(f"{path}: {mismatch.message} [{mismatch.code}]", err=True)
            attention = True
            continue
        data = {"file": str(path), **record.as_dict()}
        attention |= bool(record.issues)
        click.echo(json.dumps(data, ensure_ascii=False, indent=2 if len(files) == 1 else None))
    raise SystemExit(1 if attention else 0)


from . import harvesting, stores  # noqa: E402,F401  (register harvest, report, demo; roles)

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
