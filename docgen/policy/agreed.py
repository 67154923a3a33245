"""The agreed frequency as data: what an agreement prefilled from a frequency rule carries.

`docgen generate --prefill` prefills an agreement's frequency field with the governing rule's
schedule in words, and (docgen/prefill.py `prefill_manifest`) adds a manifest entry with the
schedule itself, in the policy YAML's shape, beside the value written:

    agreed_frequency: {"schedule": {"between": {"min": "6 weeks", "max": "2 months"}},
                       "as_written": "between 6 weeks and 2 months"}

The report (docgen/report/context.py `agreed_gap`) reads the schedule back with the policy's own
structuring while the field still holds what was written; when the person changed the field, or
the form carries no entry (made by an older docgen), it reads the words as before.
"""

from __future__ import annotations

import functools
import json

from ..errors import ProblemsFound
from ..structure import INVALID, Context, structure
from ..yamlnodes import load_text
from .schedules import Schedule

AGREED = "agreed_frequency"  # the manifest entry of an agreement whose frequency was prefilled


def carry(schedule: Schedule, as_written: object) -> str:
    """The manifest entry for an agreement prefilled from `schedule`: the schedule in the policy
    YAML's shape, and the value its frequency field was given (so a changed field is noticed)."""
    return json.dumps({"schedule": schedule.data(), "as_written": _written(as_written)}, ensure_ascii=False)


def carried(entry: object, value: object) -> Schedule | None:
    """The schedule an agreement carries (from `carry`), if its frequency field still holds the
    value it was prefilled with; None when there is none, it is damaged, or the field was changed."""
    if not isinstance(entry, str) or len(entry) > 4000:
        return None
    try:
        data = json.loads(entry)
    except (ValueError, RecursionError):  # not JSON, or nested deeper than Python's parser goes
        return None
    if not isinstance(data, dict) or not isinstance(data.get("schedule"), dict):
        return None
    if data.get("as_written") != _written(value):  # the person changed the field: their words hold
        return None
    return _schedule(json.dumps(data["schedule"], sort_keys=True))


@functools.lru_cache(maxsize=256)  # a batch of agreements carries few distinct schedules; each is frozen
def _schedule(text: str) -> Schedule | None:
    """A schedule in the policy YAML's shape (as JSON), read by the policy's own structuring."""
    try:
        node = load_text(text, AGREED)
    except ProblemsFound:
        return None
    if node is None:
        return None
    schedule = structure(node, Schedule, "", Context(file=AGREED))
    return None if schedule is INVALID else schedule


def _written(value: object) -> str:
    """A field's value as text, the same whether written or read back (4 and 4.0 are "4")."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (int, float)):
        return f"{value:g}"
    return str(value).strip()
