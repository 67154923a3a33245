"""The one way docgen makes a Jinja2 environment: sandboxed, immutable, with only what templates need.

Form templates travel between agencies by email beside their policies, so a template string is
untrusted input. Every environment docgen renders with comes from `environment()`:

- a `jinja2.sandbox.ImmutableSandboxedEnvironment`: no attribute starting with `_` (so no
  `__globals__`, `__class__`, `__subclasses__`), no calls that change a list or dict;
- no globals at all (Jinja's `cycler`, `joiner`, `namespace`, `lipsum`, `range` and `dict` are
  removed): a template sees only the names docgen passes in (the policy's values);
- only the filters listed in `FILTERS` (text, list and number helpers; none that pads, wraps or
  batches to a size the template chooses, none that is random);
- `*` and `**` refuse results larger than `MAX_ITEMS` items or digits, so `'x' * 10**10` or
  `9**9**9` is an error, not an exhausted machine.

Anything else a template tries raises `jinja2.exceptions.SecurityError` (a `TemplateError`), which
the caller reports at the template's line and column.
"""

from __future__ import annotations

from collections.abc import Sized

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_ITEMS = 100_000  # characters or items a `*` may make; digits a `**` may make

FILTERS = frozenset(
    {
        "abs",
        "capitalize",
        "count",
        "d",
        "default",
        "dictsort",
        "e",
        "escape",
        "first",
        "float",
        "groupby",
        "int",
        "items",
        "join",
        "last",
        "length",
        "list",
        "lower",
        "map",
        "max",
        "min",
        "reject",
        "rejectattr",
        "replace",
        "reverse",
        "round",
        "select",
        "selectattr",
        "sort",
        "string",
        "sum",
        "title",
        "trim",
        "unique",
        "upper",
        "wordcount",
    }
)


class _Sandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**"})

    def getattr(self, obj, attribute):
        if isinstance(obj, jinja2.StrictUndefined):  # "'cycler' is undefined", not "'__init__' ... is unsafe"
            obj._fail_with_undefined_error()
        return super().getattr(obj, attribute)

    def getitem(self, obj, argument):
        if isinstance(obj, jinja2.StrictUndefined):
            obj._fail_with_undefined_error()
        return super().getitem(obj, argument)

    def call_binop(self, context, operator: str, left, right):
        if operator == "**":
            if (
                isinstance(left, int)
                and isinstance(right, int)
                and abs(left) > 1
                and right * max(abs(left).bit_length(), 1) > MAX_ITEMS * 3.33
            ):
                raise SecurityError(f"the power {left} ** {right} is too large to work out")
        elif operator == "*":
            for seq, times in ((left, right), (right, left)):
                if (
                    isinstance(seq, Sized)
                    and not isinstance(seq, (int, float))
                    and isinstance(times, int)
                    and len(seq) * times > MAX_ITEMS
                ):
                    raise SecurityError(f"repeating a value {times:,} times makes more than {MAX_ITEMS:,} items")
        return super().call_binop(context, operator, left, right)


def environment(**options) -> jinja2.Environment:
    """A sandboxed environment with no globals and only docgen's filter list; `options` as for Jinja2."""
    env = _Sandbox(**options)
    env.globals.clear()
    env.filters = {name: f for name, f in env.filters.items() if name in FILTERS}
    return env
