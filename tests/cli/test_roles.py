"""`docgen roles`: the roles of a partnership's PostgreSQL store, made from the command line, and the
words and exit codes a person sees."""

from __future__ import annotations

from click.testing import CliRunner

from docgen.cli import main
from tests.helpers.policies import POLICIES
from tests.helpers.stores import connect_store


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_roles_are_for_a_postgresql_store_not_an_sqlite_file(tmp_path):
    result = run("roles", tmp_path / "harvest.db", "--policy", POLICIES / "worcestershire.yaml")
    assert result.exit_code == 2
    assert "SQLite file, which is one agency's" in result.output and "postgresql://" in result.output


def test_a_password_in_the_url_is_refused_and_not_repeated():
    result = run("roles", "postgresql://owner:s3cret-pw@127.0.0.1:1/partnership", "--policy", "worcestershire")
    assert result.exit_code == 2
    assert "do not put a password in the URL" in result.output and "s3cret-pw" not in result.output


def test_a_server_that_does_not_answer_is_exit_3_in_plain_words():
    result = run("roles", "postgresql://owner@127.0.0.1:1/partnership", "--policy", "worcestershire")
    assert result.exit_code == 3
    assert "cannot open the store postgresql://owner@127.0.0.1:1/partnership" in result.output
    assert "Traceback" not in result.output


def test_roles_made_for_each_policy_and_listed_with_what_they_see(pg_url):
    result = run("roles", pg_url, "--policy", POLICIES / "worcestershire.yaml", "--policy", "hertfordshire")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Roles in postgresql://") and "options" not in lines[0]
    assert any("docgen_agency_worcestershire" in line and "Worcestershire" in line for line in lines)
    assert any("docgen_agency_hertfordshire" in line for line in lines)
    assert any("docgen_reader" in line and "changes nothing" in line for line in lines)
    assert "GRANT docgen_reader TO powerbi" in result.output
    con = connect_store(pg_url)
    try:
        agencies = dict(con.execute("SELECT policy_id, role FROM agencies").fetchall())
        protected = {
            name
            for (name,) in con.execute(
                "SELECT relname FROM pg_class WHERE relrowsecurity AND relnamespace = current_schema()::regnamespace"
            )
        }
    finally:
        con.close()
    assert agencies == {
        "hertfordshire": "docgen_agency_hertfordshire",
        "worcestershire": "docgen_agency_worcestershire",
    }
    assert {"documents", "history", "issues"} <= protected
    again = run("roles", pg_url, "--policy", "worcestershire")  # again, with one policy: nothing is lost
    assert again.exit_code == 0, again.output
