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


def foreign_database(path: Path) -> Path:
    """An SQLite database that docgen did not make (one table of its own)."""
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    return path


def pos(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based (line, column) where `needle` starts in `text`."""
    at = -1
    for _ in range(occurrence):
        at = text.index(needle, at + 1)
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1
