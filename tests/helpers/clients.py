"""The real clients: where their scripts are (tests/clients/), Debian's python3 that drives them, and
LibreOffice, started headless and filling every control of a Word form over UNO."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
from pathlib import Path

from docgen.forms.fields import FIELD_TYPES
from docgen.render.docx import render_docx

from .values import plan

CLIENTS = Path(__file__).resolve().parents[1] / "clients"  # tests/clients/: the clients' own scripts
SYSTEM_PYTHON = "/usr/bin/python3"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def has_uno() -> bool:
    if not Path(SYSTEM_PYTHON).exists():
        return False
    return subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0


def start_libreoffice(profile: Path) -> tuple[subprocess.Popen, int]:
    """A headless LibreOffice with its own profile, listening for UNO on a free local port."""
    port = free_port()
    proc = subprocess.Popen(
        [
            shutil.which("soffice") or "soffice",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            f"-env:UserInstallation={profile.as_uri()}",
            f"--accept=socket,host=127.0.0.1,port={port};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc, port
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("LibreOffice did not start listening within 90 s")


# --- LibreOffice fills a Word form ---------------------------------------------------------------

TEXTS = ["Siân ap Rhŷs", 'O\'Brien & <Co> "quoted"', "😀 emoji", "עברית", "中文 文字", "line one\nline two\tand a tab"]


def fills_for(spec):
    """A value for every control (every row of every repeat), and what parsing must return."""
    planned = plan(spec, TEXTS)
    return [list(control) for control in planned.by_control("%Y-%m-%d")], planned.want


def word_controls(spec, fills):
    """`fills` as the controls of the Word form take them: a choice drawn as tick boxes is
    answered by ticking its option's box (tagged "<field id>=<option key>"); the other options' boxes
    are left unticked (so every control is named)."""
    ticks = {f.id: f for f in spec.fields() if FIELD_TYPES[f.type].control_for(f) == "ticks"}
    out = []
    for field_id, row, typed in fills:
        if field_id in ticks:
            assert typed in [o.label for o in ticks[field_id].options]
            out += [[f"{field_id}={o.key}", row, o.label == typed] for o in ticks[field_id].options]
        else:
            out.append([field_id, row, typed])
    return out


def fill_with_libreoffice(port: int, spec, folder):
    """LibreOffice fills every control of a blank form and saves it as DOCX.
    Returns (saved bytes, what parsing must return, LibreOffice's summary, the fills)."""
    blank = folder / "blank.docx"
    blank.write_bytes(render_docx(spec).data)
    fills, want = fills_for(spec)
    fills = word_controls(spec, fills)
    (folder / "fills.json").write_text(json.dumps(fills, ensure_ascii=False), encoding="utf-8")
    saved = folder / "filled.docx"
    result = subprocess.run(
        [SYSTEM_PYTHON, str(CLIENTS / "lo_fill.py"), str(port), str(blank), str(saved), str(folder / "fills.json")],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    return saved.read_bytes(), want, json.loads(result.stdout), fills
