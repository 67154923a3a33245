"""The store's target and connection API over both engines (docgen/harvest/backend.py): what is shown
to people (never a password), the files kept beside a store, SQL placeholders, and values a
PostgreSQL column refuses."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docgen.harvest.backend import PgDb, as_target, beside, connect, has_password, is_url, label, pg_placeholders


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://ann:s3cret@db.example.org:5432/partnership", "postgresql://ann@db.example.org:5432/partnership"),
        ("postgresql://ann@db/partnership?password=s3cret&sslmode=require", "postgresql://ann@db/partnership"),
        ("postgres://db/partnership", "postgres://db/partnership"),
        ("postgresql:///?service=partnership", "postgresql:///?service=partnership"),
    ],
)
def test_a_url_is_shown_without_its_password(url, shown):
    assert label(url) == shown
    assert "s3cret" not in label(url)


def test_a_password_in_the_url_is_found_wherever_it_is_written():
    assert has_password("postgresql://ann:s3cret@db/p")
    assert has_password("postgresql://ann@db/p?sslmode=require&PASSWORD=x")
    assert not has_password("postgresql://ann@db/p?sslmode=require")
    assert not has_password("postgresql:///?service=partnership")


def test_a_path_stays_a_path_and_a_url_stays_text():
    assert as_target("harvest.db") == Path("harvest.db")
    assert as_target("POSTGRESQL://db/p") == "POSTGRESQL://db/p" and is_url("POSTGRESQL://db/p")
    assert not is_url(Path("postgresql:/x")) and not is_url("harvest.db")


def test_files_beside_a_store():
    assert beside(Path("audit/harvest.db"), ".secret") == Path("audit/harvest.db.secret")
    assert beside(Path("audit/harvest.db"), "-exports") == Path("audit/harvest-exports")
    # a PostgreSQL store's: in the current folder, named after the database (or service), never a path
    assert beside("postgresql://db/partnership", "-problems.csv") == Path("partnership-problems.csv")
    assert beside("postgresql:///?service=north", ".secret") == Path("north.secret")
    # two stores in one database, in schemas of their own, keep their files apart
    assert beside("postgresql://db/p?options=-csearch_path%3Dleeds", "-exports") == Path("p-leeds-exports")
    assert beside("postgresql://db/p?sslmode=require&options=-c%20search_path%3Dyork", ".secret") == Path(
        "p-york.secret"
    )
    assert beside("postgresql://db/../../etc/passwd", ".secret") == Path("______etc_passwd.secret")


def test_placeholders_outside_quotes_only():
    sql = "SELECT ?, '?%', \"a?\" FROM t WHERE x LIKE '5%' AND y = ?"
    assert pg_placeholders(sql) == "SELECT %s, '?%%', \"a?\" FROM t WHERE x LIKE '5%%' AND y = %s"


@given(st.lists(st.sampled_from(["?", "'", '"', "%", "a", " "]), max_size=30))
def test_every_placeholder_outside_quotes_is_translated_and_nothing_else_changes(chars):
    sql = "".join(chars)
    out = pg_placeholders(sql)
    assert out.replace("%s", "?").replace("%%", "%") == sql
    outside = re.sub(r"'[^']*(?:'|$)|\"[^\"]*(?:\"|$)", "", sql).count("?")  # quoted runs (to the end if open) out
    assert out.count("%s") == outside


@pytest.mark.parametrize(
    ("value", "sql_type", "stored"),
    [
        ("text", "TEXT", ("text", True)),
        # PostgreSQL text holds no NUL: shown as its symbol (as XLSX shows it), the record kept whole as JSON
        ("a\0b", "TEXT", ("a\u2400b", False)),
        (12, "TEXT", ("12", False)),
        (True, "INTEGER", (1, True)),
        (2**63, "INTEGER", (None, False)),
        (2**63, "NUMERIC", (2**63, True)),
        (1.5, "INTEGER", (None, False)),
        (1.5, "NUMERIC", (Decimal("1.5"), True)),
        (0.1 + 0.2, "NUMERIC", (Decimal("0.30000000000000004"), True)),  # every digit: it reads back the same float
        (float("nan"), "NUMERIC", (None, False)),
        ("twelve", "NUMERIC", (None, False)),
        (None, "NUMERIC", (None, True)),
    ],
)
def test_a_value_a_postgresql_column_cannot_hold_is_left_out_and_said_so(value, sql_type, stored):
    assert PgDb.coerce(value, sql_type) == stored


@pytest.mark.parametrize("value", [0.1 + 0.2, 1e-300, 123456789.123456789, -2.5, 7])
def test_a_number_reads_back_the_same_from_a_postgresql_numeric_column(pg_url, value):
    """Found by the readback property test: a float sent as float8 became NUMERIC with 15 digits."""
    db = connect(pg_url)
    try:
        db.execute("CREATE TABLE t (x NUMERIC)")
        db.execute("INSERT INTO t VALUES (?)", [PgDb.coerce(value, "NUMERIC")[0]])
        back = db.execute("SELECT x FROM t").fetchone()[0]
    finally:
        db.close()
    assert back == value and type(back) is type(value)
