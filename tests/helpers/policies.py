"""Policies for tests: the repository's paths, the shipped policy files, a minimal valid policy as
YAML text, shipped forms' specs, and where a piece of text sits in a file (line, column)."""

from __future__ import annotations

import sqlite3
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the checkout: tests/helpers/ is two below it
POLICIES = ROOT / "policies"
SHIPPED = sorted(p for p in POLICIES.glob("*.yaml") if not p.name.startswith("_"))

MINIMAL = textwrap.dedent("""\
    docgen_policy: 1
    id: tiny
    version: "1.0"
    title: Tiny policy
    agency:
      name: Tiny Council
    sources:
      - id: own
        title: This policy
    functions:
      balance: {window: relationship}
      items:
        - {id: management, label: Management, tag: management}
        - {id: support, label: Support, tag: support}
    frequency:
      rules:
        - id: all_staff
          label: All staff
          schedule: {every: 1 month}
          strength: must
          duration: 90 minutes
          source: {ref: own, at: Frequency}
    case_discussion:
      categories:
        - {id: child_in_need, label: Child in Need}
    documents:
      forms:
        session-record: generic_session_record
    """)


def policy_problems(text: str):
    """The problems loading a policy text reports (it must fail to load)."""
    import pytest

    from docgen.errors import ProblemsFound
    from docgen.policy import load_policy_text

    with pytest.raises(ProblemsFound) as info:
        load_policy_text(text, "p.yaml")
    return info.value.problems


def only_problem(text: str):
    """The one problem loading a policy text reports."""
    found = policy_problems(text)
    assert len(found) == 1, [str(p) for p in found]
    return found[0]


def minimal_policy(**replace: str) -> str:
    """The minimal policy, with whole lines swapped: minimal_policy(**{"id: tiny": "id: Tiny"})."""
    text = MINIMAL
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


_SPECS: dict = {}


def spec_for(path, key):
    """The resolved spec of a shipped form, built once per test session."""
    from docgen.forms import build_form
    from docgen.policy import load_policy

    if (path, key) not in _SPECS:
        _SPECS[(path, key)] = build_form(load_policy(path), key)
    return _SPECS[(path, key)]


def foreign_database(target: Path | str) -> Path | str:
    """A database that docgen did not make (one table of its own): an SQLite file at a path, or, for
    a postgresql:// URL, that URL's (empty) schema holding the table."""
    if isinstance(target, str):
        from tests.helpers.stores import connect_store

        con = connect_store(target)
        con.execute("CREATE TABLE t (x TEXT)")
        con.close()
        return target
    con = sqlite3.connect(target)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    return target


def pos(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based (line, column) where `needle` starts in `text`."""
    at = -1
    for _ in range(occurrence):
        at = text.index(needle, at + 1)
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


# --- a policy with a logo (agency.logo) -----------------------------------------------------------

LOGO_SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40" width="120" height="40">
<rect x="0" y="0" width="40" height="40" rx="6" fill="#1f3864"/>
<circle cx="20" cy="20" r="11" fill="#f2c300"/>
<text x="48" y="27" font-family="sans-serif" font-size="18" fill="#1f3864">Tiny</text>
</svg>
"""


def logo_png(width: int = 240, height: int = 80) -> bytes:
    """A small PNG logo (a navy square with a gold disc, the rest transparent), 3:1."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, height - 1, height - 1), radius=10, fill=(31, 56, 100, 255))
    draw.ellipse((height * 0.22, height * 0.22, height * 0.78, height * 0.78), fill=(242, 195, 0, 255))
    draw.rectangle((height + 10, height * 0.4, width - 1, height * 0.6), fill=(31, 56, 100, 255))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def policy_with_logo(folder: Path, name: str = "logo.png", data: bytes | None = None, logo: str | None = None) -> Path:
    """The minimal policy with `agency.logo` (the file `name` written beside it, `data` or a PNG;
    `logo` is what the policy says, default `name`), saved in `folder`; returns its path."""
    (folder / name).write_bytes(logo_png() if data is None else data)
    text = minimal_policy(**{"  name: Tiny Council\n": f'  name: Tiny Council\n  logo: "{logo or name}"\n'})
    path = folder / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    return path
