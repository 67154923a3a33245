"""Where the report's records come from: the harvest database.

The harvest module is imported only when a database is read, so the report's library works
(and is tested) on record dicts alone.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from ..errors import Problem, ProblemsFound, RunAborted


def read_harvest(db_path: str | Path) -> list[dict]:
    """The current records of a harvest database (`docgen.harvest.read_records`)."""
    path = Path(db_path)
    if not path.is_file():
        raise ProblemsFound([Problem("file-not-found", "there is no harvest database here",
                                     "run `docgen harvest` first, or check the path", file=str(path))])
    try:
        from ..harvest.readback import read_records
        from ..harvest.store import StoreError
    except ImportError:
        raise ProblemsFound([Problem("file-not-found", "this docgen cannot read harvest databases yet",
                                     "install a docgen that includes `docgen harvest`", file=str(path))]) from None
    try:
        return read_records(path)
    except (sqlite3.DatabaseError, StoreError) as exc:  # the run cannot go on: exit 3 (aborted)
        raise RunAborted([Problem("bad-value", f"not a harvest database ({exc})",
                                     "give the file that `docgen harvest` wrote", file=str(path))]) from None


def report_from_files(db_path: str | Path, policy_path: str | Path, roster_path: str | Path,
                      as_of: dt.date | None = None):
    """The whole report from its three inputs: a harvest database, a policy file and a roster CSV."""
    from ..policy import load_policy
    from .build import build_report
    from .roster import read_roster

    loaded = load_policy(policy_path)
    roster = read_roster(roster_path)
    records = read_harvest(db_path)
    return build_report(records, loaded, roster, as_of or dt.date.today())
