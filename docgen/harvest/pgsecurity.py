"""Agencies kept apart in a PostgreSQL store: group roles, grants and row-level security.

`OWNER_SQL` (run by `install`, as the store's owner, when the store's tables are made) creates
`docgen_ensure_table`, the one way a harvest creates or widens a typed or child table, and
`docgen_protect_table`, which puts a table holding records under row-level security. The first is
SECURITY DEFINER (it runs as the owner, so agencies need no CREATE on the schema) with its
search_path pinned to the store's schema; it refuses the store's own tables, quotes every
identifier and accepts three column types only.

`create_roles` makes the group roles (`<prefix>_partnership`, `<prefix>_reader`, one
`<prefix>_agency_<policy id>` per agency), records the agencies in the table `agencies`, grants
each what it needs and protects every table that holds records. An agency role sees and changes
only its agency's rows: `documents` and `history` by `agency`, typed tables by `_policy_id`, child
tables and `issues` through their document (documents being filtered already). The partnership
role sees and changes every row; the reader role (Power BI) reads every row and writes none.
An administrator then gives people these roles: `GRANT docgen_agency_<id> TO <login>`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import DocgenError
from .backend import STORE_LOCK  # the store's advisory lock a writer holds for its transaction: writers take turns

if TYPE_CHECKING:  # psycopg is loaded only for a PostgreSQL store: an SQLite harvest works without it
    import psycopg

# The store's own tables: never made or changed by docgen_ensure_table (schema.py and store.py use it too).
OWN_TABLES = ("meta", "documents", "issues", "forms", "history", "runs", "record_keys", "record_copies", "agencies")
_POLICY_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
_PREFIX = re.compile(r"[a-z][a-z0-9_]{0,14}")  # so that <prefix>_agency_<40 characters> fits in 63

OWNER_SQL = f"""
CREATE OR REPLACE FUNCTION docgen_protect_table(tbl text, everyone text, readonly text)
RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  rel regclass := to_regclass(format('%I.%I', current_schema(), tbl));
  mine CONSTANT text := '(SELECT a.policy_id FROM agencies a JOIN pg_roles r ON r.rolname = a.role '
                        'WHERE pg_has_role(r.oid, ''USAGE''))';
  rule text;
BEGIN
  IF tbl IN ('documents', 'history') THEN
    rule := 'agency IN ' || mine;
  ELSIF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = rel AND attname = '_policy_id' AND NOT attisdropped)
  THEN
    rule := '_policy_id IN ' || mine;
  ELSIF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = rel AND attname = '_sha256' AND NOT attisdropped)
  THEN
    rule := format('EXISTS (SELECT 1 FROM documents d WHERE d.sha256 = %s._sha256)', rel);
  ELSE
    RAISE EXCEPTION 'docgen: % is not a table that holds records', quote_ident(tbl);
  END IF;
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY', rel);
  EXECUTE format('DROP POLICY IF EXISTS docgen_owner ON %1$s; DROP POLICY IF EXISTS docgen_all ON %1$s; '
                 'DROP POLICY IF EXISTS docgen_read ON %1$s; DROP POLICY IF EXISTS docgen_agency ON %1$s', rel);
  EXECUTE format('CREATE POLICY docgen_owner ON %s TO %I USING (true) WITH CHECK (true)',
                 rel, (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = rel));
  IF everyone IS NOT NULL THEN
    EXECUTE format('CREATE POLICY docgen_all ON %s TO %I USING (true) WITH CHECK (true)', rel, everyone);
  END IF;
  IF readonly IS NOT NULL THEN
    EXECUTE format('CREATE POLICY docgen_read ON %s FOR SELECT TO %I USING (true)', rel, readonly);
  END IF;
  EXECUTE format('CREATE POLICY docgen_agency ON %s USING (%s) WITH CHECK (%s)', rel, rule, rule);
END $fn$;

CREATE OR REPLACE FUNCTION docgen_ensure_table(tbl text, names text[], types text[], key text[])
RETURNS void LANGUAGE plpgsql SECURITY DEFINER AS $fn$
DECLARE
  here CONSTANT text := current_schema();
  own CONSTANT text[] := ARRAY{list(OWN_TABLES)!r};
  rel regclass;
  wanted text[] := '{{}}';
  pgtype text;
  i int;
  g record;
  everyone text;
  readonly text;
BEGIN
  PERFORM {STORE_LOCK};
  IF tbl IS NULL OR tbl = ANY (own) OR tbl LIKE 'pg\\_%' OR octet_length(tbl) > 63
     OR tbl !~ '^[a-z][a-z0-9_]*(:[a-z][a-z0-9_]*)?$' THEN
    RAISE EXCEPTION 'docgen: % is not a table a form''s rows may go in', quote_ident(coalesce(tbl, ''));
  END IF;
  IF names IS NULL OR types IS NULL OR cardinality(names) = 0 OR cardinality(names) <> cardinality(types)
     OR (SELECT count(DISTINCT n) FROM unnest(names) n) <> cardinality(names) THEN
    RAISE EXCEPTION 'docgen: the columns given for % do not make a form table', quote_ident(tbl);
  END IF;
  FOR i IN 1 .. cardinality(names) LOOP
    IF names[i] IS NULL OR octet_length(names[i]) > 63 OR names[i] !~ '^[a-z_][a-z0-9_]*$' THEN
      RAISE EXCEPTION 'docgen: % is not a column a form''s answers may go in', quote_ident(coalesce(names[i], ''));
    END IF;
    pgtype := CASE types[i] WHEN 'TEXT' THEN 'text COLLATE "C"' WHEN 'INTEGER' THEN 'bigint'
                            WHEN 'NUMERIC' THEN 'numeric' END;
    IF pgtype IS NULL THEN
      RAISE EXCEPTION 'docgen: % is not a column type (TEXT, INTEGER or NUMERIC)',
        quote_literal(coalesce(types[i], ''));
    END IF;
    wanted := wanted || format('%I %s', names[i], pgtype);
  END LOOP;
  rel := to_regclass(format('%I.%I', here, tbl));
  IF rel IS NULL THEN  -- a new table: its record's key first, its primary key among its columns
    IF names[1] <> '_sha256' OR key IS NULL OR cardinality(key) = 0 OR NOT key <@ names THEN
      RAISE EXCEPTION 'docgen: the columns given for % do not make a form table', quote_ident(tbl);
    END IF;
    EXECUTE format('CREATE TABLE %I.%I (%s, PRIMARY KEY (%s))', here, tbl, array_to_string(wanted, ', '),
                   (SELECT string_agg(quote_ident(k), ', ') FROM unnest(key) k));
    rel := to_regclass(format('%I.%I', here, tbl));
    IF '_policy_id' = ANY (names) THEN  -- a report reads one policy's records (readback.py)
      EXECUTE format('CREATE INDEX ON %s (_policy_id)', rel);
    END IF;
    -- granted as documents is: the agencies and the partnership write, the reader reads
    FOR g IN SELECT a.privilege_type AS privilege, pg_get_userbyid(a.grantee) AS grantee
             FROM pg_class c, aclexplode(c.relacl) a
             WHERE c.oid = to_regclass(format('%I.documents', here)) AND a.grantee NOT IN (c.relowner, 0)
               AND a.privilege_type IN ('SELECT', 'INSERT', 'UPDATE', 'DELETE') LOOP
      EXECUTE format('GRANT %s ON %s TO %I', g.privilege, rel, g.grantee);
    END LOOP;
  ELSIF NOT EXISTS (SELECT 1 FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
                    WHERE c.oid = rel AND c.relkind = 'r' AND a.attname = '_sha256' AND NOT a.attisdropped) THEN
    RAISE EXCEPTION 'docgen: % is not a table a form''s rows may go in', quote_ident(tbl);
  ELSE
    SELECT array_agg(format('ADD COLUMN IF NOT EXISTS %s', w)) INTO wanted
    FROM unnest(names, wanted) AS x(n, w)
    WHERE NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = rel AND attname = n AND NOT attisdropped);
    IF wanted IS NOT NULL THEN
      EXECUTE format('ALTER TABLE %s %s', rel, array_to_string(wanted, ', '));
    END IF;
  END IF;
  -- a store with agencies: protected as documents is
  IF to_regclass(format('%I.agencies', here)) IS NOT NULL AND NOT (SELECT relrowsecurity FROM pg_class WHERE oid = rel)
  THEN
    SELECT max(pg_get_userbyid(r)::text) FILTER (WHERE p.polname = 'docgen_all'),
           max(pg_get_userbyid(r)::text) FILTER (WHERE p.polname = 'docgen_read')
      INTO everyone, readonly
      FROM pg_policy p, unnest(p.polroles) r
      WHERE p.polrelid = to_regclass(format('%I.documents', here));
    PERFORM docgen_protect_table(tbl, everyone, readonly);
  END IF;
END $fn$;

DO $do$ BEGIN
  EXECUTE format('ALTER FUNCTION docgen_ensure_table(text, text[], text[], text[]) SET search_path = %I, pg_temp',
                 current_schema());
  EXECUTE format('ALTER FUNCTION docgen_protect_table(text, text, text) SET search_path = %I, pg_temp',
                 current_schema());
END $do$;
REVOKE ALL ON FUNCTION docgen_ensure_table(text, text[], text[], text[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION docgen_protect_table(text, text, text) FROM PUBLIC;
"""


class RolesError(DocgenError):
    """The agencies' roles cannot be made (a bad policy id or prefix, or the owner may not create roles)."""


def install(conn: psycopg.Connection) -> None:
    """Create the store's functions in the connection's current schema (run as the store's owner,
    with no parameters: the SQL holds % and $ signs of its own)."""
    conn.execute(OWNER_SQL.encode())


def current_agencies(conn: psycopg.Connection) -> list[str]:
    """The policy ids whose agency role the connected user acts as (none for the owner or a store without agencies)."""
    if conn.execute("SELECT to_regclass('agencies')").fetchone() in (None, (None,)):
        return []
    rows = conn.execute(  # (a superuser has every role, and passes by row-level security: none)
        "SELECT a.policy_id FROM agencies a JOIN pg_roles r ON r.rolname = a.role "
        "WHERE pg_has_role(r.oid, 'USAGE') AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) "
        "ORDER BY 1"
    ).fetchall()
    return [row[0] for row in rows]


@dataclass(frozen=True)
class Roles:
    """A store's group roles: the partnership's, the reader's, and each agency's by policy id."""

    partnership: str
    reader: str
    agencies: dict[str, str]

    def all(self) -> list[str]:
        return [self.partnership, self.reader, *self.agencies.values()]


def role_names(agencies: Iterable[str], prefix: str = "docgen") -> Roles:
    """The group roles' names (`<prefix>_partnership`, `<prefix>_reader`, `<prefix>_agency_<policy id>`),
    the prefix and policy ids checked first."""
    if not isinstance(prefix, str) or not _PREFIX.fullmatch(prefix):
        raise RolesError(
            f"{prefix!r} cannot begin docgen's role names: use up to 15 lower-case letters, digits or _, "
            "starting with a letter"
        )
    for policy_id in agencies:
        if not isinstance(policy_id, str) or not _POLICY_ID.fullmatch(policy_id):
            raise RolesError(
                f"{policy_id!r} is not a policy id docgen can make a role for: use up to 40 lower-case "
                "letters, digits, - or _ (the id at the top of the agency's policy YAML)"
            )
    by_id = {policy_id: f"{prefix}_agency_{policy_id}" for policy_id in agencies}
    return Roles(f"{prefix}_partnership", f"{prefix}_reader", by_id)


def create_roles(conn: psycopg.Connection, agencies: list[str], prefix: str = "docgen") -> Roles:
    """Make (or bring up to date) the group roles of a store, their grants and row-level security;
    run as the store's owner, who needs CREATEROLE. Running it again with more agencies adds them.
    Returns the roles' names.

    `forms` is not under row-level security on purpose: it is a shared catalogue of forms (a field
    list and its hash, no personal data), insert-only for everyone, and one agency's harvest finds
    there the form another agency's harvest recorded already (its key is the hash of the field list;
    a filtered table would make that insert fail on a row the agency cannot see)."""
    import psycopg
    from psycopg import sql

    names = role_names(agencies, prefix)
    ident = sql.Identifier
    everyone, readonly = names.partnership, names.reader
    writers = sql.SQL(", ").join(map(ident, [everyone, *names.agencies.values()]))
    every = sql.SQL(", ").join(map(ident, names.all()))
    try:
        with conn.transaction():
            conn.execute(f"SELECT {STORE_LOCK}")
            _check_layout(conn)
            install(conn)
            for role in names.all():
                if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone() is None:
                    conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(ident(role)))
            conn.execute('CREATE TABLE IF NOT EXISTS agencies (policy_id TEXT COLLATE "C" PRIMARY KEY, role TEXT)')
            with conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO agencies VALUES (%s, %s) ON CONFLICT (policy_id) DO UPDATE SET role = EXCLUDED.role",
                    list(names.agencies.items()),
                )
            schema = ident(_schema(conn))
            conn.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(schema, every))
            # the labelled views (security_invoker: the reader's own rights and policies apply), made again
            # by the owner after each harvest, and any table it makes: readable by every docgen role
            conn.execute(
                sql.SQL("ALTER DEFAULT PRIVILEGES IN SCHEMA {} GRANT SELECT ON TABLES TO {}").format(schema, every)
            )
            for (view,) in conn.execute(_VIEWS).fetchall():
                conn.execute(sql.SQL("GRANT SELECT ON {} TO {}").format(ident(view), every))
            for (table,) in conn.execute(_TABLES, (list(OWN_TABLES),)).fetchall():
                grant = sql.SQL("GRANT {} ON {} TO {}")
                conn.execute(grant.format(sql.SQL("SELECT"), ident(table), every))
                if table in ("forms", "runs"):
                    conn.execute(grant.format(sql.SQL("INSERT"), ident(table), writers))
                elif table not in ("meta", "record_keys", "record_copies", "agencies"):  # tables holding records
                    conn.execute(grant.format(sql.SQL("INSERT, UPDATE, DELETE"), ident(table), writers))
                    conn.execute("SELECT docgen_protect_table(%s, %s, %s)", (table, everyone, readonly))
            conn.execute(
                sql.SQL("GRANT EXECUTE ON FUNCTION docgen_ensure_table(text, text[], text[], text[]) TO {}").format(
                    writers
                )
            )
    except psycopg.errors.InsufficientPrivilege as e:
        raise RolesError(
            "The store's owner may not create or grant these roles: ask the database administrator to run "
            "ALTER ROLE <owner> CREATEROLE, then run this again as the owner of the store's tables "
            f"(PostgreSQL said: {e.diag.message_primary})"
        ) from None
    return names


# the store's tables and those holding a form's rows, in the connection's current schema
_TABLES = """SELECT c.relname FROM pg_class c WHERE c.relnamespace =
(SELECT n.oid FROM pg_namespace n WHERE n.nspname = current_schema())
AND c.relkind = 'r' AND (c.relname = ANY (%s) OR EXISTS (SELECT 1 FROM pg_attribute a
WHERE a.attrelid = c.oid AND a.attname = '_sha256' AND NOT a.attisdropped)) ORDER BY 1"""


_VIEWS = """SELECT c.relname FROM pg_class c WHERE c.relkind = 'v' AND c.relnamespace =
(SELECT n.oid FROM pg_namespace n WHERE n.nspname = current_schema()) ORDER BY 1"""


def _schema(conn: psycopg.Connection) -> str:
    row = conn.execute("SELECT current_schema()").fetchone()
    if row is None or row[0] is None:
        raise RolesError("The connection has no schema to work in: set search_path to the store's schema")
    return str(row[0])


def _check_layout(conn: psycopg.Connection) -> None:
    """documents and history must say whose each row is (the `agency` column of schema version 3)."""
    have = conn.execute(
        "SELECT count(*) FROM pg_attribute WHERE attname = 'agency' AND NOT attisdropped "
        "AND attrelid IN (to_regclass('documents'), to_regclass('history'))"
    ).fetchone()
    if have is None or have[0] != 2:
        raise RolesError(
            f"The schema {_schema(conn)} holds no docgen store whose rows say their agency: harvest into "
            "it once with this docgen (which makes or upgrades the store), then make the roles"
        )
