"""Where a key goes when it is written one level too high: a frequency rule's `count:` is a kind of
schedule (it goes under `schedule:`), its `roles:` a key of `applies_to:`. An unknown key of a block
with a `misplaced(key)` method gets this hint instead of a look-alike key ("counts").
"""

from __future__ import annotations

from .schedules import KINDS

_SCHEDULE_EXAMPLES = {
    "every": 'every: "4 weeks"',
    "between": 'between: {min: "6 weeks", max: "2 months"}',
    "count": 'count: {at_least: 10, per: "1 year"}',
    "steps": 'steps: {phases: [{every: "1 week", until: "6 weeks"}, {every: "1 month"}]}',
    "set_in_agreement": "set_in_agreement: true",
    "more_often_than": "more_often_than: <another rule id>",
    "less_often_than": "less_often_than: <another rule id>",
}
RULE_PLACES = {
    **{
        kind: f"`{kind}` goes under `schedule:` (schedule: {{{_SCHEDULE_EXAMPLES.get(kind, kind + ': ...')}}})"
        for kind in KINDS
    },
    **{
        key: f'`{key}` goes under `schedule:`, inside count: (schedule: {{count: {{at_least: 10, per: "1 year"}}}})'
        for key in ("at_least", "per", "pro_rata", "year", "rounding", "missing_fte", "sessional")
    },
    **{
        key: f"`{key}` goes under `schedule:`, inside steps: (schedule: {{steps: {{{key}: ...}}}})"
        for key in ("phases", "anchor")
    },
    **{
        key: f"`{key}` goes under `applies_to:` (applies_to: {{{key}: ...}})"
        for key in ("roles", "experience", "contact", "caseload", "employment", "min_fte", "max_fte")
    },
}
