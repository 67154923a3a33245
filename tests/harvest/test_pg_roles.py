"""Agencies kept apart in a PostgreSQL store (docgen/harvest/pgsecurity.py): each agency's role sees
and changes its own rows only, the partnership role every row, the reader role reads every row.

Each test makes a schema owned by a store owner that is not a superuser (a superuser passes by
row-level security), with the store's tables as schema version 3 lays them out, then the roles, and
log-in users holding them; it connects as each user to look. Roles belong to the whole server, so
every name starts with the test's own random prefix, and all are dropped after.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql

from docgen.harvest.pgsecurity import (
    STORE_LOCK,
    Roles,
    RolesError,
    create_roles,
    current_agencies,
    install,
    role_names,
)
from tests.helpers import pg

NORTH, SOUTH = "north-council", "south_nhs"

_LAYOUT = """
CREATE TABLE meta (key TEXT COLLATE "C" PRIMARY KEY, value TEXT COLLATE "C");
CREATE TABLE documents (path TEXT COLLATE "C" PRIMARY KEY, size BIGINT, sha256 TEXT COLLATE "C" NOT NULL,
  document_id TEXT, form_id TEXT, form_version TEXT, kind TEXT, policy_id TEXT, policy_version TEXT,
  policy_digest TEXT, status TEXT NOT NULL, code TEXT, message TEXT, issue_count BIGINT NOT NULL DEFAULT 0,
  harvested_at TEXT, form_hash TEXT, manifest TEXT, record TEXT, agency TEXT COLLATE "C");
CREATE INDEX documents_sha256 ON documents (sha256);
CREATE TABLE issues (_sha256 TEXT COLLATE "C" NOT NULL, field TEXT, code TEXT, message TEXT, _row BIGINT);
CREATE TABLE forms (fields_hash TEXT COLLATE "C" PRIMARY KEY, form_id TEXT, form_version TEXT, kind TEXT,
  policy_id TEXT, policy_version TEXT, policy_digest TEXT, fields TEXT NOT NULL, repeats TEXT NOT NULL);
CREATE TABLE history (path TEXT NOT NULL, sha256 TEXT NOT NULL, document_id TEXT, status TEXT, code TEXT,
  harvested_at TEXT, replaced_at TEXT, record TEXT, agency TEXT COLLATE "C");
CREATE TABLE runs (started_at TEXT, finished_at TEXT, folders TEXT, files BIGINT, ok BIGINT,
  with_issues BIGINT, failed BIGINT, unchanged BIGINT);
CREATE TABLE record_keys (sha256 TEXT COLLATE "C" PRIMARY KEY, key TEXT NOT NULL);
CREATE TABLE record_copies (sha256 TEXT COLLATE "C" PRIMARY KEY);
INSERT INTO meta VALUES ('schema_version', '3');
"""
SESSION = (
    "session_record",
    ["_sha256", "_document_id", "_form_id", "_policy_id", "supervisee", "minutes"],
    ["TEXT", "TEXT", "TEXT", "TEXT", "TEXT", "INTEGER"],
    ["_sha256"],
)
ACTIONS = ("session_record__actions", ["_sha256", "_row", "action"], ["TEXT", "INTEGER", "TEXT"], ["_sha256", "_row"])
AGREEMENT = (
    "agreement:direct",
    ["_sha256", "_document_id", "_form_id", "_policy_id", "hours"],
    ["TEXT", "TEXT", "TEXT", "TEXT", "NUMERIC"],
    ["_sha256"],
)
# (sha256, agency): two of north's records, one of south's, and a file no agency's harvest could read
DOCS = [("n1", NORTH), ("n2", NORTH), ("s1", SOUTH), ("x1", None)]
OWN = {NORTH: {"n1", "n2"}, SOUTH: {"s1"}}
ALL = {"n1", "n2", "s1", "x1"}
# each table holding records, and the column naming its record
RECORD_TABLES = {
    "documents": "sha256",
    "history": "sha256",
    "issues": "_sha256",
    "session_record": "_sha256",
    "session_record__actions": "_sha256",
}


def named(roles) -> dict[str, str]:
    """The roles by what they are for ('partnership', 'reader') or by policy id."""
    return {**roles.agencies, "partnership": roles.partnership, "reader": roles.reader}


def ensure(conn, table) -> None:
    conn.execute("SELECT docgen_ensure_table(%s, %s, %s, %s)", table)


@dataclass
class Store:
    """A store in its own schema; `connect(who)` logs in as its owner or as a user holding a role."""

    url: str
    prefix: str
    schema: str
    roles: dict[str, str] = field(default_factory=dict)  # what the group role is for -> its name
    logins: dict[str, str] = field(default_factory=dict)  # who -> password
    made: list[str] = field(default_factory=list)  # every role made, to drop

    def connect(self, who: str):
        return psycopg.connect(
            self.url,
            user=f"{self.prefix}_u_{who}".replace("-", "_"),
            password=self.logins[who],
            options=f"-c search_path={self.schema}",
            autocommit=True,
        )

    def url_of(self, who: str) -> str:
        """A URL that logs in as `who` in the store's schema (a library call may carry the password)."""
        parts = urlsplit(self.url)
        user = quote(f"{self.prefix}_u_{who}".replace("-", "_"))
        netloc = f"{user}:{quote(self.logins[who], safe='')}@{parts.hostname}:{parts.port or 5432}"
        return pg.with_search_path(urlunsplit(parts._replace(netloc=netloc)), self.schema)

    def login(self, who: str, group: str | None) -> None:
        """A log-in user `<prefix>_u_<who>` with a random password, given the group role `group`."""
        name = f"{self.prefix}_u_{who}".replace("-", "_")
        self.logins[who] = secrets.token_urlsafe(18)
        with psycopg.connect(self.url, autocommit=True) as admin:
            admin.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(name), self.logins[who]))
            self.made.insert(0, name)
            if group:
                admin.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), sql.Identifier(name)))

    def count(self, who: str, table: str) -> set[str]:
        with self.connect(who) as conn:
            column = RECORD_TABLES.get(table, "_sha256")
            query = sql.SQL("SELECT DISTINCT {} FROM {}").format(sql.Identifier(column), sql.Identifier(table))
            return {row[0] for row in conn.execute(query)}


@contextmanager
def owned_schema(url: str) -> Iterator[Store]:
    """A schema owned by a store owner who may create roles (not a superuser); dropped after, with
    every role the test made."""
    prefix = "t" + secrets.token_hex(4)
    s = Store(url, prefix, f"{prefix}_store")
    try:
        s.login("owner", None)
        owner = f"{prefix}_u_owner"
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(sql.SQL("ALTER ROLE {} CREATEROLE").format(sql.Identifier(owner)))
            admin.execute(sql.SQL("CREATE SCHEMA {} AUTHORIZATION {}").format(*map(sql.Identifier, (s.schema, owner))))
        yield s
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(s.schema)))
            for role in dict.fromkeys([*s.made, *s.roles.values()]):
                if admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
                    admin.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(role)))
                    admin.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))


@pytest.fixture
def store(pg_server) -> Iterator[Store]:
    with owned_schema(pg_server.url) as s:
        with s.connect("owner") as conn:
            conn.execute(_LAYOUT)
            install(conn)
            ensure(conn, SESSION)
            ensure(conn, ACTIONS)
            for sha, agency in DOCS:
                status = "failed" if agency is None else "ok"
                conn.execute(
                    "INSERT INTO documents (path, sha256, status, policy_id, agency) VALUES (%s, %s, %s, %s, %s)",
                    (f"{sha}.docx", sha, status, agency, agency),
                )
                conn.execute(
                    "INSERT INTO history (path, sha256, agency) VALUES (%s, %s, %s)", (f"{sha}.docx", sha, agency)
                )
                conn.execute("INSERT INTO issues VALUES (%s, 'supervisee', 'missing', 'No supervisee', NULL)", (sha,))
                if agency:
                    conn.execute(
                        "INSERT INTO session_record VALUES (%s, %s, 'session', %s, 'Sam', 45)",
                        (sha, f"doc-{sha}", agency),
                    )
                    conn.execute(
                        "INSERT INTO session_record__actions VALUES (%s, 0, 'Read'), (%s, 1, 'Write')", (sha, sha)
                    )
            s.roles = named(create_roles(conn, [NORTH, SOUTH], s.prefix))
        s.made[:0] = list(s.roles.values())
        for who in (NORTH, SOUTH, "partnership", "reader"):
            s.login(who, s.roles[who])
        yield s


def test_an_agency_sees_only_its_own_rows_in_every_table_holding_records(store):
    for agency, own in OWN.items():
        for table in RECORD_TABLES:
            assert store.count(agency, table) == own, (agency, table)
    with store.connect("owner") as conn:  # the owner, under its own policy, sees every row
        assert {r[0] for r in conn.execute("SELECT sha256 FROM documents")} == ALL


def test_the_partnership_and_the_reader_see_every_row(store):
    typed = {"n1", "n2", "s1"}  # the unreadable file has no typed rows
    for who in ("partnership", "reader"):
        for table, column in RECORD_TABLES.items():
            assert store.count(who, table) == (ALL if column == "sha256" or table == "issues" else typed), (who, table)


def test_an_agency_cannot_change_or_delete_another_agencys_rows(store):
    with store.connect(NORTH) as conn:
        for table, column in RECORD_TABLES.items():
            where = sql.SQL("{} = 's1'").format(sql.Identifier(column))
            table_id = sql.Identifier(table)
            assert conn.execute(sql.SQL("DELETE FROM {} WHERE ").format(table_id) + where).rowcount == 0, table
            assert (
                conn.execute(
                    sql.SQL("DELETE FROM {} WHERE {} = 'x1'").format(table_id, sql.Identifier(column))
                ).rowcount
                == 0
            )
        assert conn.execute("UPDATE documents SET status = 'failed' WHERE sha256 IN ('s1', 'x1')").rowcount == 0
        assert conn.execute("UPDATE session_record SET minutes = 0 WHERE _sha256 = 's1'").rowcount == 0
        assert conn.execute("UPDATE session_record__actions SET action = 'x'").rowcount == 4  # its own rows only
        assert conn.execute("UPDATE documents SET status = 'ok_with_issues'").rowcount == 2
    with store.connect("owner") as conn:
        kept = conn.execute(
            "SELECT sha256, status FROM documents WHERE agency IS DISTINCT FROM %s ORDER BY 1", (NORTH,)
        )
        assert kept.fetchall() == [("s1", "ok"), ("x1", "failed")]
        assert conn.execute("SELECT count(*) FROM history").fetchone() == (4,)
        assert conn.execute("SELECT count(*) FROM issues").fetchone() == (4,)
        assert conn.execute("SELECT minutes FROM session_record WHERE _sha256 = 's1'").fetchone() == (45,)
        assert conn.execute(
            "SELECT action FROM session_record__actions WHERE _sha256 = 's1' ORDER BY _row"
        ).fetchall() == [
            ("Read",),
            ("Write",),
        ]


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO documents (path, sha256, status, agency) VALUES ('s9.docx', 's9', 'ok', 'south_nhs')",
        "INSERT INTO documents (path, sha256, status, agency) VALUES ('s9.docx', 's9', 'ok', NULL)",
        "INSERT INTO history (path, sha256, agency) VALUES ('s1.docx', 's1', 'south_nhs')",
        "INSERT INTO session_record (_sha256, _policy_id) VALUES ('s9', 'south_nhs')",
        "INSERT INTO session_record__actions VALUES ('s1', 7, 'Planted')",  # under south's record
        "INSERT INTO issues VALUES ('s1', 'f', 'missing', 'm', NULL)",
        "UPDATE documents SET agency = 'south_nhs' WHERE sha256 = 'n1'",  # giving its own row away
        "UPDATE session_record SET _policy_id = 'south_nhs' WHERE _sha256 = 'n1'",
    ],
)
def test_an_agency_cannot_write_a_row_of_another_agency(store, statement):
    with store.connect(NORTH) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        conn.execute(statement)


def test_an_agency_writes_its_own_rows_and_the_shared_catalogue(store):
    with store.connect(NORTH) as conn:
        conn.execute(
            "INSERT INTO documents (path, sha256, status, agency) VALUES ('n9.docx', 'n9', 'ok', %s)", (NORTH,)
        )
        conn.execute("INSERT INTO session_record (_sha256, _policy_id) VALUES ('n9', %s)", (NORTH,))
        conn.execute("INSERT INTO session_record__actions VALUES ('n9', 0, 'Plan')")
        conn.execute("INSERT INTO forms (fields_hash, fields, repeats) VALUES ('h1', '[]', '[]')")
        conn.execute("INSERT INTO runs (started_at) VALUES ('2026-12-06')")
        for statement in ("UPDATE forms SET fields = 'x'", "DELETE FROM runs", "UPDATE meta SET value = '9'"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
                conn.execute(statement)
    with store.connect(SOUTH) as conn:
        assert conn.execute("SELECT fields_hash FROM forms").fetchall() == [("h1",)]  # the catalogue is shared
    assert store.count("partnership", "session_record__actions") == {"n1", "n2", "n9", "s1"}
    assert store.count(SOUTH, "session_record__actions") == {"s1"}


def test_a_table_an_agency_makes_through_the_function_is_protected_too(store):
    goals = ("agreement:direct__goals", ["_sha256", "_row", "goal"], ["TEXT", "INTEGER", "TEXT"], ["_sha256", "_row"])
    with store.connect(NORTH) as conn:
        ensure(conn, AGREEMENT)
        ensure(conn, goals)
        conn.execute('INSERT INTO "agreement:direct" (_sha256, _policy_id, hours) VALUES (%s, %s, 1.5)', ("n1", NORTH))
        conn.execute("""INSERT INTO "agreement:direct__goals" VALUES ('n1', 0, 'Listen')""")
    with store.connect(SOUTH) as conn:
        ensure(conn, (AGREEMENT[0], ["notes"], ["TEXT"], AGREEMENT[3]))  # a newer form version adds a column
        conn.execute(
            'INSERT INTO "agreement:direct" (_sha256, _policy_id, notes) VALUES (%s, %s, %s)', ("s1", SOUTH, "-")
        )
        conn.execute("""INSERT INTO "agreement:direct__goals" VALUES ('s1', 0, 'Plan')""")
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute('INSERT INTO "agreement:direct" (_sha256, _policy_id) VALUES (%s, %s)', ("n2", NORTH))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute("""INSERT INTO "agreement:direct__goals" VALUES ('n2', 0, 'Planted')""")
        assert conn.execute('DELETE FROM "agreement:direct__goals"').rowcount == 1
    for who, rows, goals in [
        (NORTH, {"n1"}, {"n1"}),
        (SOUTH, {"s1"}, set()),  # south deleted its own goal, and only that
        ("partnership", {"n1", "s1"}, {"n1"}),
        ("reader", {"n1", "s1"}, {"n1"}),
        ("owner", {"n1", "s1"}, {"n1"}),
    ]:
        assert store.count(who, "agreement:direct") == rows, who
        assert store.count(who, "agreement:direct__goals") == goals, who
    with store.connect("owner") as conn:
        made = conn.execute(
            "SELECT relname, pg_get_userbyid(relowner), relrowsecurity, relforcerowsecurity FROM pg_class "
            "WHERE relname LIKE 'agreement%%' AND relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = %s) "
            "AND relkind = 'r' ORDER BY 1",
            (store.schema,),
        )
        owner = f"{store.prefix}_u_owner"
        assert made.fetchall() == [
            ("agreement:direct", owner, True, True),
            ("agreement:direct__goals", owner, True, True),
        ]
        columns = conn.execute(
            "SELECT column_name, data_type, collation_name FROM information_schema.columns "
            "WHERE table_schema = %s AND table_name = 'agreement:direct' ORDER BY ordinal_position",
            (store.schema,),
        ).fetchall()
        assert columns[-2:] == [("hours", "numeric", None), ("notes", "text", "C")]


def test_the_reader_reads_and_writes_nothing(store):
    with store.connect("reader") as conn:
        for statement in (
            "INSERT INTO documents (path, sha256, status, agency) VALUES ('r.docx', 'r', 'ok', 'south_nhs')",
            "UPDATE documents SET status = 'failed'",
            "DELETE FROM session_record",
            "DELETE FROM session_record__actions",
            "INSERT INTO forms (fields_hash, fields, repeats) VALUES ('h', '[]', '[]')",
            "INSERT INTO runs (started_at) VALUES ('today')",
            "SELECT docgen_ensure_table('agreement', ARRAY['_sha256'], ARRAY['TEXT'], ARRAY['_sha256'])",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
                conn.execute(statement)
        assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("3",)
    assert store.count("owner", "documents") == ALL


def test_the_partnership_writes_any_agencys_rows(store):
    with store.connect("partnership") as conn:
        assert conn.execute("UPDATE documents SET status = 'ok_with_issues'").rowcount == 4
        conn.execute(
            "INSERT INTO documents (path, sha256, status, agency) VALUES ('s9.docx', 's9', 'ok', %s)", (SOUTH,)
        )
        conn.execute("INSERT INTO session_record (_sha256, _policy_id) VALUES ('s9', %s)", (SOUTH,))
        assert conn.execute("DELETE FROM session_record__actions WHERE _sha256 IN ('n1', 's1')").rowcount == 4
    assert store.count(SOUTH, "session_record") == {"s1", "s9"}


def test_a_user_without_a_docgen_role_reads_nothing(store):
    store.login("stranger", None)
    with store.connect("stranger") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission"):
        conn.execute(sql.SQL("SELECT count(*) FROM {}.documents").format(sql.Identifier(store.schema)))


@pytest.mark.parametrize(
    "table",
    [
        ("documents", ["_sha256"], ["TEXT"], ["_sha256"]),  # the store's own tables
        ("issues", ["_sha256", "notes"], ["TEXT", "TEXT"], ["_sha256"]),  # holds _sha256 like a form table
        ("agencies", ["_sha256"], ["TEXT"], ["_sha256"]),
        ("record_keys", ["_sha256"], ["TEXT"], ["_sha256"]),
        ("pg_session", ["_sha256"], ["TEXT"], ["_sha256"]),
        ('x"; DROP TABLE documents; --', ["_sha256"], ["TEXT"], ["_sha256"]),
        ("Session_Record", ["_sha256"], ["TEXT"], ["_sha256"]),
        ("s" * 64, ["_sha256"], ["TEXT"], ["_sha256"]),  # PostgreSQL would cut it short: two names could meet
        ("documents_sha256", ["_sha256"], ["TEXT"], ["_sha256"]),  # an index
        ("session_record", ["_sha256", 'x" text); DROP TABLE documents; --'], ["TEXT", "TEXT"], ["_sha256"]),
        ("session_record", ["_sha256", "notes"], ["TEXT", "TEXT); DROP TABLE documents; --"], ["_sha256"]),
        ("session_record", ["_sha256", "notes"], ["TEXT", "BYTEA"], ["_sha256"]),
        ("session_record", ["_sha256", "notes"], ["TEXT"], ["_sha256"]),  # as many types as names
        ("session_record", ["_sha256", "notes", "notes"], ["TEXT", "TEXT", "TEXT"], ["_sha256"]),
        ("lone", ["notes"], ["TEXT"], ["notes"]),  # no record's key first
        ("lone", ["_sha256", "notes"], ["TEXT", "TEXT"], ["other"]),
        ("lone", ["_sha256", "notes"], ["TEXT", "TEXT"], []),
    ],
)
def test_the_function_refuses_a_table_or_column_docgen_would_never_make(store, table):
    with store.connect(NORTH) as conn, pytest.raises(psycopg.errors.RaiseException, match="^docgen: "):
        ensure(conn, table)
    with store.connect("owner") as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone() == (4,)
        assert conn.execute("SELECT to_regclass('lone'), to_regclass('pg_session')").fetchone() == (None, None)
        names = [
            r[0] for r in conn.execute("SELECT attname FROM pg_attribute WHERE attrelid = 'session_record'::regclass")
        ]
        assert "notes" not in names


@pytest.mark.parametrize(
    ("agencies", "prefix"),
    [
        (['x"; DROP ROLE postgres; --'], None),
        (["North"], None),
        (["n" * 41], None),
        ([""], None),
        (["-north"], None),
        ([NORTH], "Docgen"),
        ([NORTH], "a_prefix_too_long"),
        ([NORTH], 'x"y'),
    ],
)
def test_a_hostile_policy_id_or_prefix_makes_no_role(store, agencies, prefix):
    with store.connect("owner") as conn:
        with pytest.raises(RolesError, match="lower-case"):
            create_roles(conn, agencies, prefix or store.prefix)
        assert conn.execute("SELECT count(*) FROM agencies").fetchone() == (2,)
        made = conn.execute("SELECT count(*) FROM pg_roles WHERE rolname LIKE %s", (store.prefix + "%",)).fetchone()
    assert made == (len(store.roles) + len(store.logins),)


def test_making_the_roles_again_adds_new_agencies_and_changes_nothing_else(store):
    policies = "SELECT tablename, count(*) FROM pg_policies WHERE schemaname = %s GROUP BY 1 ORDER BY 1"
    with store.connect("owner") as conn:
        before = conn.execute(policies, (store.schema,)).fetchall()
        roles = named(create_roles(conn, [SOUTH, "east-police", NORTH], store.prefix))
        assert roles["east-police"] == f"{store.prefix}_agency_east-police"
        assert conn.execute(policies, (store.schema,)).fetchall() == before
        assert [r[0] for r in conn.execute("SELECT policy_id FROM agencies ORDER BY 1")] == [
            "east-police",
            NORTH,
            SOUTH,
        ]
    # four policies on each of the five tables holding records
    assert before == [(t, 4) for t in sorted(RECORD_TABLES)]
    store.roles = roles
    store.login("east-police", roles["east-police"])
    for table in RECORD_TABLES:
        assert store.count("east-police", table) == set()
        assert store.count(NORTH, table) == OWN[NORTH]
    with store.connect("east-police") as conn:
        conn.execute(
            "INSERT INTO documents (path, sha256, status, agency) VALUES ('e1.docx', 'e1', 'ok', 'east-police')"
        )
    assert store.count("east-police", "documents") == {"e1"}
    assert store.count("partnership", "documents") == {*ALL, "e1"}


def test_the_function_takes_the_writers_lock_and_its_own_search_path(store):
    with store.connect("owner") as writer, store.connect(NORTH) as other:
        writer.autocommit = False
        writer.execute(f"SELECT {STORE_LOCK}")  # a harvest writing this store (its schema: search_path)
        other.execute("SET lock_timeout = '200ms'")
        with pytest.raises(psycopg.errors.LockNotAvailable):
            ensure(other, AGREEMENT)
        writer.rollback()
        other.execute("SET search_path = public")  # the caller's search_path does not matter
        other.execute(
            sql.SQL("SELECT {}.docgen_ensure_table(%s, %s, %s, %s)").format(sql.Identifier(store.schema)), AGREEMENT
        )
    assert store.count("partnership", "agreement:direct") == set()
    with store.connect("owner") as conn:
        assert conn.execute("SELECT to_regclass('public.\"agreement:direct\"')").fetchone() == (None,)


def test_an_owner_who_may_not_make_roles_is_told_what_to_do(store):
    with psycopg.connect(store.url, autocommit=True) as admin:
        admin.execute(sql.SQL("ALTER ROLE {} NOCREATEROLE").format(sql.Identifier(f"{store.prefix}_u_owner")))
    with store.connect("owner") as conn:
        with pytest.raises(RolesError, match="CREATEROLE") as e:
            create_roles(conn, [NORTH, "east-police"], store.prefix)
        assert store.logins["owner"] not in str(e.value)
        assert conn.execute("SELECT count(*) FROM agencies").fetchone() == (2,)


def test_a_store_whose_rows_do_not_say_their_agency_is_refused(store):
    with store.connect("owner") as conn:
        conn.execute("ALTER TABLE history DROP COLUMN agency CASCADE")
        with pytest.raises(RolesError, match="harvest into it once"):
            create_roles(conn, [NORTH], store.prefix)


def test_a_harvest_knows_which_agency_it_writes_for(store):
    store.login("both", store.roles[NORTH])
    with psycopg.connect(store.url, autocommit=True) as admin:
        admin.execute(
            sql.SQL("GRANT {} TO {}").format(*map(sql.Identifier, (store.roles[SOUTH], f"{store.prefix}_u_both")))
        )
    for who, agencies in [
        (NORTH, [NORTH]),
        (SOUTH, [SOUTH]),
        ("both", [NORTH, SOUTH]),
        ("partnership", []),
        ("owner", []),
    ]:
        with store.connect(who) as conn:
            assert current_agencies(conn) == agencies, who
    with psycopg.connect(store.url, options=f"-c search_path={store.schema}") as admin:  # a superuser: every role
        assert current_agencies(admin) == []
    with store.connect("owner") as conn:
        conn.execute("DROP TABLE agencies CASCADE")  # a store without agencies
        assert current_agencies(conn) == []


def test_agencies_harvest_into_one_store_and_each_reads_its_own_records(pg_server, tmp_path, monkeypatch):
    """Real harvests (docgen.harvest) by two agencies' users into a store the owner made: each stores
    its own forms, a form of the other agency's policy is refused, and each reads back its own only."""
    from docgen.harvest import harvest, read_records
    from docgen.harvest.store import Store as HarvestStore
    from tests.helpers.corpus import FORMS, write_corpus

    monkeypatch.chdir(tmp_path)  # problems.csv of a PostgreSQL store goes in the current folder
    forms = {
        stem: [(p, k) for p, k in FORMS if p.stem == stem and k == "session-record"] for stem in ("leeds", "sussex")
    }
    for stem, chosen in forms.items():
        write_corpus(tmp_path / stem, chosen)  # a DOCX and a PDF each
    with owned_schema(pg_server.url) as s:
        HarvestStore(s.url_of("owner")).close()  # the owner makes the store
        with s.connect("owner") as conn:
            s.roles = named(create_roles(conn, ["leeds", "sussex"], s.prefix))
        s.made[:0] = list(s.roles.values())
        for who in ("leeds", "sussex", "partnership"):
            s.login(who, s.roles[who])
        assert harvest([tmp_path / "leeds"], s.url_of("leeds")).counts["ok"] == 2
        stray = tmp_path / "sussex" / "stray.docx"  # a copy of a leeds form in sussex's folder
        stray.write_bytes(next((tmp_path / "leeds").rglob("*.docx")).read_bytes())
        result = harvest([tmp_path / "sussex"], s.url_of("sussex"))
        assert (result.counts["ok"], result.counts["failed"]) == (2, 1)
        with s.connect("partnership") as conn:
            stored = conn.execute(
                "SELECT path LIKE '%%stray.docx', policy_id, agency, status, code FROM documents ORDER BY 1, 2, 3"
            ).fetchall()
            typed = conn.execute("SELECT _policy_id, count(*) FROM session_record GROUP BY 1 ORDER BY 1").fetchall()
        # sussex's user could not store leeds's form as leeds's: it is sussex's failure, without its answers
        assert stored == [
            *[(False, "leeds", "leeds", "ok", None)] * 2,
            *[(False, "sussex", "sussex", "ok", None)] * 2,
            (True, None, "sussex", "failed", "other-agency"),
        ]
        assert typed == [("leeds", 2), ("sussex", 2)]  # a record per file (DOCX and PDF), keyed by its content
        # sussex's user harvests leeds's folder too: paths leeds's rows hold, which sussex cannot see or replace
        again = harvest([tmp_path / "leeds"], s.url_of("sussex"))
        assert (again.counts["ok"], again.counts["failed"]) == (0, 2)
        listed = (tmp_path / again.problems_csv).read_text(encoding="utf-8")
        assert listed.count("stored a file at this path first") == 2  # (and sussex's own stray form, above)
        with s.connect("partnership") as conn:
            assert conn.execute("SELECT count(*) FROM documents").fetchone() == (5,)  # nothing added, nothing lost
        HarvestStore(s.url_of("owner")).refresh_views()  # the owner remakes the labelled views
        s.login("reader", s.roles["reader"])
        for who, seen in [("leeds", [("leeds",)] * 2), ("reader", [("leeds",)] * 2 + [("sussex",)] * 2)]:
            with s.connect(who) as conn:  # through the views, as Power BI reads them
                rows = conn.execute('SELECT "Policy" FROM "Session records" ORDER BY 1').fetchall()
                assert rows == seen, who
        for who in ("leeds", "sussex"):
            records = read_records(s.url_of(who))
            assert {r["document"]["policy_id"] for r in records} == {who}, who
            with s.connect(who) as conn:
                assert conn.execute("SELECT DISTINCT agency FROM documents").fetchall() == [(who,)]
                assert conn.execute("SELECT DISTINCT _policy_id FROM session_record").fetchall() == [(who,)]
        for who in ("partnership", "reader"):
            assert {r["document"]["policy_id"] for r in read_records(s.url_of(who))} == {"leeds", "sussex"}, who


def test_an_agency_may_be_called_partnership_or_reader():
    assert role_names(["reader", "partnership"], "dg") == Roles(
        "dg_partnership", "dg_reader", {"reader": "dg_agency_reader", "partnership": "dg_agency_partnership"}
    )


@pytest.mark.parametrize(
    "statement",
    [
        "TRUNCATE documents",  # row-level security does not cover TRUNCATE: never granted
        "TRUNCATE session_record__actions",
        "ALTER TABLE documents DISABLE ROW LEVEL SECURITY",
        "ALTER TABLE session_record NO FORCE ROW LEVEL SECURITY",
        "DROP POLICY docgen_agency ON history",
        "DROP TABLE session_record",
        "CREATE TABLE mine (x text)",
        "SELECT docgen_protect_table('session_record', 'x', 'y')",
        "INSERT INTO agencies VALUES ('east', 'x')",
        "UPDATE agencies SET role = 'x'",
    ],
)
def test_an_agency_cannot_switch_the_protection_off(store, statement):
    with store.connect(NORTH) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(statement)
    assert store.count(NORTH, "documents") == OWN[NORTH]
    assert store.count("owner", "documents") == ALL
