"""Template strings evaluated against the policy, every error located in the template file.

`Evaluator` renders a template's text (`{{ agency.name }}`), evaluates its expressions (`for_each:`,
`when:`, `options_from:`, `table:`) in a sandboxed Jinja environment, and turns what goes wrong (a
name the policy lacks, a sandbox refusal, a bad loop) into a located problem instead of an error.
The Builder (resolve.py), which resolves a whole form, is an Evaluator.
"""

from __future__ import annotations

import functools
import re

import jinja2

from ..structure import Context, join
from ..templating import environment

_ENV = environment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=False)
# What a template string can get wrong: a name or attribute the policy lacks, a sandbox refusal
# (jinja2.exceptions.SecurityError), arithmetic on the wrong values, a loop too deep.
_TEMPLATE_ERRORS = (
    jinja2.TemplateError,
    AttributeError,
    TypeError,
    ArithmeticError,
    LookupError,
    ValueError,
    RecursionError,
)


@functools.lru_cache(maxsize=4096)
def _template(source: str) -> jinja2.Template:
    return _ENV.from_string(source)


@functools.lru_cache(maxsize=4096)
def _expression(source: str):
    return _ENV.compile_expression(source, undefined_to_none=False)


_FOR_EACH = re.compile(r"^\s*([a-z_][a-z0-9_]*)\s+in\s+(.+)$")


class Evaluator:
    """Jinja with located errors: each problem goes to `ctx` at the template path given."""

    ctx: Context

    def text(self, source: str, path: str, scope: dict) -> str:
        if "{{" not in source and "{%" not in source:
            return source
        try:
            return _template(source).render(scope).strip()
        except _TEMPLATE_ERRORS as exc:
            self._jinja_problem(exc, path)
            return ""

    def expr(self, source: str, path: str, scope: dict):
        try:
            value = _expression(source)(scope)
            if isinstance(value, jinja2.Undefined):
                str(value)  # raises UndefinedError with the name
            return value
        except _TEMPLATE_ERRORS as exc:
            self._jinja_problem(exc, path)
            return None

    def _jinja_problem(self, exc: Exception, path: str) -> None:
        message = getattr(exc, "message", None) or str(exc)
        if isinstance(exc, jinja2.exceptions.SecurityError):
            self.ctx.problem_at(
                "template-error",
                f"this template reaches for Python internals or a value too large to "
                f"make ({message}); docgen does not allow it and ran nothing",
                "a template may only use the policy's values, e.g. {{ agency.name }} or "
                "{{ f.label }}; if this template came from someone else, do not use it",
                path,
            )
            return
        self.ctx.problem_at(
            "template-error",
            f"cannot fill this in from the policy: {message}",
            "check the name against the policy file (see `docgen spec --help`), or guard the item with when:",
            path,
        )

    def loop(self, for_each: str, path: str, scope: dict) -> list[dict]:
        if not for_each:
            return [scope]
        match = _FOR_EACH.match(for_each)
        if not match:
            self.ctx.problem_at(
                "bad-value",
                f'"{for_each}" is not a loop docgen understands',
                'write it as "name in expression", e.g. "f in functions.on_record"',
                join(path, "for_each"),
            )
            return []
        name, source = match.groups()
        items = self.expr(source, join(path, "for_each"), scope)
        if items is None:
            return []
        return [{**scope, name: item, "loop_index": i + 1} for i, item in enumerate(items)]

    def keep(self, when: str, path: str, scope: dict) -> bool:
        return not when or bool(self.expr(when, join(path, "when"), scope))
