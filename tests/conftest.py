"""Shared pytest fixtures and hooks only; the helpers they use live in tests/helpers/."""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from tests.helpers import pg
from tests.helpers.clients import has_uno, start_libreoffice
from tests.helpers.pdfs import pdf_outcome, read_fast_only


@pytest.fixture
def write(tmp_path):
    """write("name.yaml", text) -> path, in a temporary folder."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return _write


@pytest.fixture(scope="session")
def libreoffice(tmp_path_factory):
    """One headless LibreOffice (>= 25.2) for the whole session, driven over UNO by Debian's python3."""
    soffice = shutil.which("soffice")
    if not soffice or not has_uno():
        pytest.skip(reason="LibreOffice with python3-uno is not installed (run .ci/install-clients as root)")
    version = subprocess.run([soffice, "--version"], capture_output=True, text=True).stdout
    major_minor = tuple(int(x) for x in version.split()[1].split(".")[:2]) if version.split()[1:] else (0, 0)
    if major_minor < (25, 2):
        pytest.skip(reason=f"LibreOffice {version.strip()} is too old: 25.2 or newer keeps content controls")
    try:
        proc, port = start_libreoffice(tmp_path_factory.mktemp("lo-profile"))
    except RuntimeError as exc:
        pytest.fail(str(exc))
    yield port
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


# --- the two PDF readers -----------------------------------------------------------------------


@pytest.fixture
def both_pdf_readers(monkeypatch):
    """Every PDF the test parses is read by qpdf and by the fast reader, which must agree
    (or decline, handing the file to qpdf); returns a count of which reader answered."""
    from docgen.parse import pdf
    from docgen.parse.pdftokens import Unsupported

    real = pdf.read_pdf
    read_by = {"fast": 0, "qpdf": 0}

    def checked(data: bytes, **_):
        expected = pdf_outcome(lambda d: real(d, fast_first=False), data)
        try:
            fast = pdf_outcome(read_fast_only, data)
        except Unsupported:
            fast = None
        read_by["qpdf" if fast is None else "fast"] += 1
        assert fast is None or fast == expected, (fast, expected)
        return real(data)

    monkeypatch.setattr(pdf, "read_pdf", checked)
    return read_by


# --- stores: SQLite, and PostgreSQL when a server is at hand (tests/helpers/pg.py) -------------


@pytest.fixture(scope="session")
def pg_server():
    """The PostgreSQL server DOCGEN_TEST_PG names; skips (fails with DOCGEN_REQUIRE_PG=1) without one."""
    server = pg.Server()
    yield server
    server.close()


@pytest.fixture
def pg_url(pg_server):
    """A postgresql:// URL (no password in it) whose connections work in a fresh, empty schema,
    dropped after the test."""
    with pg.fresh_schema(pg_server.admin(), pg_server.url) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"], ids=["sqlite", "postgresql"])
def store_target(request, tmp_path):
    """Where a test's harvest store goes, once per engine: tmp_path / "harvest.db" (a Path) for
    SQLite, a pg_url (a str) for PostgreSQL. Look inside with tests.helpers.stores.connect_store."""
    if request.param == "sqlite":
        return tmp_path / "harvest.db"
    return request.getfixturevalue("pg_url")
