"""`docgen roles`: the database roles that keep agencies apart in a partnership's PostgreSQL store."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import Aborted
from . import CONTEXT, PolicyPath, main, require
from .harvesting import _load_policies
from .params import StorePath

WHO = {
    "partnership": "reads and changes every agency's records",
    "reader": "reads every agency's records (for Power BI); changes nothing",
}


@main.command(context_settings=CONTEXT, short_help="Give each agency its own role in a shared PostgreSQL store.")
@click.argument("database", type=StorePath())
@click.option(
    "--policy",
    "policies",
    multiple=True,
    required=True,
    type=PolicyPath(),
    metavar="POLICY",
    help="A policy file, a folder of them or a shipped policy's name: one role per policy (its agency). Repeatable.",
)
def roles(database: Path | str, policies: tuple[Path, ...]) -> None:
    """Create the roles of a partnership's PostgreSQL store (DATABASE, a postgresql:// URL): one per
    agency (policy), which sees and changes only its own agency's records; a partnership role, which
    sees and changes all; and a read-only role for Power BI. Every table that holds records is put
    under row-level security. Run it as the store's owner (who needs the right to create roles);
    running it again with more policies adds their roles. Then give people logins and these roles
    (docs/postgresql.md). Exit 0 done, 2 not a PostgreSQL URL or a policy missing, 3 the store could
    not be reached or the roles could not be made.

    \b
    Examples:
      docgen roles postgresql://owner@db.example.org/partnership --policy policies/
      docgen roles postgresql://owner@db.example.org/partnership --policy leeds --policy sussex
    """
    from ..harvest.backend import db_errors, first_line, is_url, label
    from ..harvest.pgsecurity import RolesError, create_roles
    from ..harvest.store import Store, StoreError

    if not is_url(database):
        raise click.UsageError(
            f"{database} is an SQLite file, which is one agency's: roles are for a shared PostgreSQL "
            "store. Give its URL, postgresql://USER@HOST/DBNAME (see docs/postgresql.md)."
        )
    require(*(("--policy", p) for p in policies))
    loaded = _load_policies(policies)
    names = {pid: policy.policy.agency.name for pid, policy in loaded.items()}
    try:
        store = Store(database)  # made (or upgraded) first: the roles protect its tables
        try:
            made = create_roles(store.db.conn, sorted(names))
            store.refresh_views()
        finally:
            store.close()
    except (RolesError, StoreError) as exc:
        raise Aborted(str(exc)) from None
    except db_errors() as exc:
        raise Aborted(f"could not make the roles in {label(database)}: {first_line(exc)}") from None
    click.echo(f"Roles in {label(database)}:")
    rows = [(made.partnership, WHO["partnership"]), (made.reader, WHO["reader"])]
    rows += [(role, f"{names[pid]}: its own records only") for pid, role in made.agencies.items()]
    width = max(len(role) for role, _ in rows)
    for role, who in rows:
        click.echo(f"  {role:<{width}}  {who}")
    click.echo(
        "They cannot log in. Give each person or service a login and the role it needs, in psql, e.g.\n"
        f"  CREATE ROLE powerbi LOGIN PASSWORD '...';  GRANT {made.reader} TO powerbi;"
    )
