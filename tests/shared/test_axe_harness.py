"""The accessibility harness (tests/helpers/axe.py) finds what it is meant to find: a page with an
image without a text alternative and a table too wide for a phone fails both checks; the same page
mended passes both. Without this, a harness that silently checked nothing would pass every page."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.axe import check_pages

BAD = """<!doctype html><html><head><title>Bad</title></head><body><main>
<h1>Bad page</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<table><tr><th>Name</th><th>Notes</th></tr><tr><td>Rhiannon Llewelyn-Pritchard</td>
<td style="white-space:nowrap">A very long unbreakable line of notes that will not wrap at a phone's width at all</td>
</tr></table></main></body></html>"""

GOOD = """<!doctype html><html lang="en-GB"><head><title>Good</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head><body><main>
<h1>Good page</h1><img alt="A dot" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<table><caption>Notes</caption><tr><th scope="col">Name</th><th scope="col">Notes</th></tr>
<tr><td>Rhiannon Llewelyn-Pritchard</td><td>A long line of notes that wraps at a phone's width</td></tr>
</table></main></body></html>"""


def test_harness_finds_violations_and_sideways_scroll(tmp_path: Path):
    bad, good = tmp_path / "bad.html", tmp_path / "good.html"
    bad.write_text(BAD, encoding="utf-8")
    good.write_text(GOOD, encoding="utf-8")
    found_bad, found_good = check_pages([bad, good])
    ids = {v["id"] for found in found_bad.violations.values() for v in found}
    assert {"image-alt", "html-has-lang"} <= ids
    assert found_bad.sideways and any(o["element"].startswith("td") for o in found_bad.outside)
    assert found_good.problems() == []
