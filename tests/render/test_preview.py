"""`docgen generate --preview`: the contact sheet shows every page of each document, not only the
first, each page image named {document}-page-{n}.png."""

from __future__ import annotations

import html.parser
import re
import subprocess

from click.testing import CliRunner
from PIL import Image

from docgen.cli import main


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


class Images(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.images: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            a = dict(attrs)
            self.images.append((a["src"], a["alt"]))


def pdf_pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def test_preview_sheet_shows_every_page_of_a_multi_page_form(tmp_path):
    code, _, err = run("generate", "worcestershire", "-o", tmp_path, "--only", "session-record", "--preview")
    assert code == 0, err
    stem = "worcestershire_session_record"
    pages = pdf_pages(tmp_path / f"{stem}.pdf")
    assert pages >= 3  # the session record runs over several pages: the point of this test
    names = [f"preview/{stem}-page-{n}.png" for n in range(1, pages + 1)]
    assert sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / "preview").iterdir()) == sorted(names)
    sheet = Images()
    sheet.feed((tmp_path / "index.html").read_text(encoding="utf-8"))
    assert [src for src, _ in sheet.images] == names  # in page order
    assert [alt.split(":")[0] for _, alt in sheet.images] == [f"Page {n} of {pages}" for n in range(1, pages + 1)]
    shown = [Image.open(tmp_path / name).convert("L").tobytes() for name in names]
    assert len(set(shown)) == pages  # each image is a different page


def test_preview_does_not_overwrite_earlier_page_images_without_force(tmp_path):
    stale = tmp_path / "preview" / "worcestershire_session_record-page-3.png"
    stale.parent.mkdir()
    stale.write_bytes(b"an earlier run's page 3")
    code, _, err = run("generate", "worcestershire", "-o", tmp_path, "--only", "session-record", "--preview")
    assert code == 2 and "--force" in err and "page-3.png" in err
    assert stale.read_bytes() == b"an earlier run's page 3"


class Visible(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.text: list[str] = []

    def handle_data(self, data):
        self.text.append(data)


def test_preview_sheet_names_documents_by_title_never_by_internal_kind(tmp_path):
    from docgen.forms import build_form, form_keys
    from docgen.policy import load_policy
    from tests.helpers.policies import POLICIES

    code, _, err = run("generate", "hertfordshire", "-o", tmp_path, "--only", "session-record,agreement", "--preview")
    assert code == 0, err
    page = Visible()
    page.feed((tmp_path / "index.html").read_text(encoding="utf-8"))
    text = " ".join(page.text)
    loaded = load_policy(POLICIES / "hertfordshire.yaml")
    keys = [k for k in form_keys(loaded) if k.startswith(("session-record", "agreement"))]
    assert len(keys) >= 3  # the session record and both contract variants
    for key in keys:
        assert build_form(loaded, key).title in text
        assert key not in text, f"the internal name {key!r} shows on the preview sheet"
