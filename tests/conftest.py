"""Shared fixtures."""

from __future__ import annotations

import shutil
import socket
import subprocess
import textwrap
import time
from pathlib import Path

import pytest


@pytest.fixture
def write(tmp_path):
    """write("name.yaml", text) -> path, in a temporary folder."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return _write


# --- real clients ----------------------------------------------------------------------------------

CLIENTS = Path(__file__).parent / "clients"
SYSTEM_PYTHON = "/usr/bin/python3"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _has_uno() -> bool:
    if not Path(SYSTEM_PYTHON).exists():
        return False
    return subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0


def start_libreoffice(profile: Path) -> tuple[subprocess.Popen, int]:
    """A headless LibreOffice with its own profile, listening for UNO on a free local port."""
    port = _free_port()
    proc = subprocess.Popen([shutil.which("soffice") or "soffice", "--headless", "--invisible", "--norestore",
                             "--nologo", "--nodefault", f"-env:UserInstallation={profile.as_uri()}",
                             f"--accept=socket,host=127.0.0.1,port={port};urp;"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc, port
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("LibreOffice did not start listening within 90 s")


@pytest.fixture(scope="session")
def libreoffice(tmp_path_factory):
    """One headless LibreOffice (>= 25.2) for the whole session, driven over UNO by Debian's python3."""
    soffice = shutil.which("soffice")
    if not soffice or not _has_uno():
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


def pdf_outcome(read, data: bytes):
    """What a PDF reader makes of a file: its RawForm's content, or its FormError."""
    from docgen.parse import FormError
    try:
        raw = read(data)
    except FormError as exc:
        return ("error", exc.code, exc.message)
    return ("ok", raw.manifest, raw.values, raw.rows, raw.issues)


def read_fast_only(data: bytes):
    """The fast PDF reader alone, after the checks both readers share (it raises Unsupported
    for a file it hands to qpdf)."""
    from docgen.parse import pdf
    from docgen.parse.safety import check_size
    check_size(data)
    if b"%PDF-" not in data[:1024]:
        return pdf.read_qpdf(data)  # which refuses it as read_pdf does
    return pdf.read_fast(data)


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
