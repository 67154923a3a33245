"""Where the report's records come from: the harvest database.

The harvest module is imported only when a database is read, so the report's library works
(and is tested) on record dicts alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from ..errors import Problem, ProblemsFound, RunAborted


def read_harvest(db_path: str | Path, policy_ids: Sequence[str] | None = None) -> list[dict]:
    """The current records of a harvest database (`docgen.harvest.read_records`): an SQLite file's
    path, or a PostgreSQL URL; `policy_ids`: only those made from these policies (a report reads its
    own policy's: a partnership's store holds many)."""
    from ..harvest.backend import db_errors, is_url, label

    path = Path(db_path)
    if not is_url(db_path) and not path.is_file():
        raise ProblemsFound(
            [
                Problem(
                    "file-not-found",
                    "there is no harvest database here",
                    "run `docgen harvest` first, or check the path",
                    file=str(path),
                )
            ]
        )
    try:
        from ..harvest.readback import read_records
        from ..harvest.store import StoreError
    except ImportError:
        raise ProblemsFound(
            [
                Problem(
                    "file-not-found",
                    "this docgen cannot read harvest databases yet",
                    "install a docgen that includes `docgen harvest`",
                    file=label(db_path),
                )
            ]
        ) from None
    try:
        return read_records(db_path if is_url(db_path) else path, policy_ids)
    except db_errors() + (StoreError,) as exc:  # the run cannot go on: exit 3 (aborted)
        if isinstance(exc, StoreError) and not any(t in str(exc) for t in ("not a docgen", "not one docgen")):
            raise RunAborted([Problem("bad-value", str(exc), file=label(db_path))]) from None
        raise RunAborted(
            [
                Problem(
                    "bad-value",
                    f"not a harvest database ({exc})",
                    "give the file that `docgen harvest` wrote",
                    file=label(db_path),
                )
            ]
        ) from None


def report_from_files(
    db_path: str | Path,
    policy_path: str | Path,
    roster_path: str | Path,
    as_of: dt.date | None = None,
    pseudonymise: bool = False,
):
    """The whole report from its three inputs: a harvest database, a policy file and a roster CSV.
    `pseudonymise`: children's names and dates of birth become the pseudonyms the exports use, under
    the secret beside the database (created there if the exports never made one)."""
    from ..policy import load_policy
    from .build import build_report
    from .roster import read_roster

    loaded = load_policy(policy_path) if isinstance(policy_path, str | Path) else policy_path  # or loaded already
    roster = read_roster(roster_path) if isinstance(roster_path, str | Path) else roster_path  # or read already
    records = read_harvest(db_path, [loaded.policy.id])  # another policy's forms are not its to check
    if pseudonymise:
        from .pseudonymise import pseudonymise_records

        records = pseudonymise_records(records, _pseudonyms(db_path))
    report = build_report(records, loaded, roster, as_of or dt.date.today())
    report.pseudonymised = pseudonymise
    return report


def _pseudonyms(db_path: str | Path):
    from ..harvest.exports import Pseudonyms, secret_path

    secret = secret_path(db_path)
    try:
        return Pseudonyms(secret)
    except OSError as exc:
        raise ProblemsFound(
            [
                Problem(
                    "bad-value",
                    f"cannot read or create the pseudonym secret {secret.name} ({exc.strerror or type(exc).__name__})",
                    "run `docgen harvest --export jsonl --pseudonymise` once where the database "
                    "can be written, or copy the secret beside the database",
                    file=str(secret),
                )
            ]
        ) from None
