"""What the commands' arguments and options take, checked for people: files that must exist
(`require`: every missing one named at once, exit 2), form kinds (`check_forms`: a usage error
naming the command line, with a "did you mean"), a policy file or shipped name (`PolicyPath`),
numbers and dates (`Number`, `Date`: named in words in the help and in the messages)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import click

from ..errors import did_you_mean
from ..resources import resolve_policy_path


def _shipped() -> str:
    from ..resources import shipped_policies

    return ", ".join(p.stem for p in shipped_policies())


class StorePath(click.ParamType):
    """A harvest store: an SQLite file's path, or a PostgreSQL URL (postgresql://user@host/dbname;
    the password from PGPASSWORD, ~/.pgpass or a service file, never on the command line)."""

    name = "DATABASE"

    def convert(self, value, param, ctx):
        from ..harvest.backend import has_password, is_url

        if isinstance(value, Path) or not is_url(value):
            return Path(value)
        if has_password(value):
            self.fail(
                "do not put a password in the URL (it would be seen in the list of processes and in the "
                "shell's history): leave it out and set PGPASSWORD, or use ~/.pgpass or a PostgreSQL "
                "service file",
                param,
                ctx,
            )
        return value


class PolicyPath(click.ParamType):
    """A policy file, or the name of a shipped policy (e.g. worcestershire). Whether it exists is
    checked by `require`, so that a missing one is named with the command's other missing files."""

    name = "POLICY"

    def convert(self, value, param, ctx):
        return resolve_policy_path(value)


def require(*given: tuple[str, Path | str | None]) -> None:
    """Stop with a usage error (exit 2) before anything is done when any of the files or folders
    given does not exist, naming every missing one with the argument or option it was given as:
    a mistyped path is a mistake in the command, and a run over the others would look like a result."""
    missing = [
        (hint, path)
        for hint, path in given
        if path is not None and not isinstance(path, str) and not os.path.lexists(path)  # (a str: a store's URL)
    ]
    if not missing:
        return
    names = [f"{path} ({hint})" for hint, path in missing]
    if len(names) == 1:
        text = f"{names[0]} does not exist. Check the path; nothing was done."
    else:
        kind = "files or folders" if any(hint == "FOLDERS" for hint, _ in missing) else "files"
        text = f"{len(names)} {kind} do not exist: {', '.join(names)}. Check the paths; nothing was done."
    if any(hint in ("POLICY", "--policy") for hint, _ in missing):
        text += f" (A policy may also be the name of a shipped one: {_shipped()}.)"
    raise click.UsageError(text)


def check_forms(wanted: list[str], choices: list[str], hint: str, noun: str = "Its forms") -> None:
    """A usage error (exit 2) naming the command-line argument or option, not the policy file, when
    a form kind asked for is not among `choices`: 'the policy has no form "x" (did you mean "y"?)'."""
    unknown = list(dict.fromkeys(w for w in wanted if w not in choices))
    if not unknown:
        return
    named = []
    for word in unknown:
        variants = [c for c in choices if c.startswith(word + ":")]
        meant = re.match(r'did you mean "([^"]+)"', did_you_mean(word, choices))
        if variants:
            named.append((f'"{word}"', f"it has variants: {', '.join(variants)}"))
        else:
            named.append((f'"{word}"', f'did you mean "{meant.group(1)}"?' if meant else ""))
    if len(named) == 1:  # the policy has no form "x". Did you mean "y"?
        word, aside = named[0]
        text = f"the policy has no form {word}." + (f" {aside[0].upper()}{aside[1:]}" if aside else "")
        text = text if text.endswith((".", "?")) else text + "."
    else:  # the policy has no form "x" (did you mean "y"?) or "z".
        text = "the policy has no form " + " or ".join(w + (f" ({a})" if a else "") for w, a in named) + "."
    text += f" {noun}: {', '.join(choices)}."
    raise click.BadParameter(text, param_hint=hint)


class Number(click.ParamType):
    """A number from `low` (to `high`), said in words in the help and in the message (click's own
    ranges print as "[1<=x<=500]")."""

    name = "N"

    def __init__(self, low: float, high: float | None = None, kind: type = int):
        self.low, self.high, self.kind = low, high, kind

    def convert(self, value, param, ctx):
        try:
            number = self.kind(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a {'whole number' if self.kind is int else 'number'}", param, ctx)
        if number < self.low or (self.high is not None and number > self.high):
            limits = f"from {self.low} to {self.high}" if self.high is not None else f"of at least {self.low}"
            self.fail(f"{value} is out of range: give a number {limits}", param, ctx)
        return number


class Date(click.ParamType):
    """A date written YYYY-MM-DD, with a message in words when it is not one."""

    name = "DATE"

    def convert(self, value, param, ctx):
        import datetime as dt

        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"{value!r} is not a date written YYYY-MM-DD (e.g. 2025-03-31)", param, ctx)


class Formats(click.ParamType):
    """One or more of `choices`, given once each or as a list ("xlsx,csv"): the option is repeatable
    too, so `--export xlsx --export csv` and `--export xlsx,csv` mean the same. Gives a tuple."""

    name = "FORMAT"

    def __init__(self, choices: tuple[str, ...]):
        self.choices = choices

    def convert(self, value, param, ctx):
        if isinstance(value, tuple):
            return value
        from ..errors import did_you_mean

        wanted = tuple(w.strip().lower() for w in str(value).split(",") if w.strip())
        unknown = [w for w in wanted if w not in self.choices]
        if unknown or not wanted:
            hint = did_you_mean(unknown[0] if unknown else "", self.choices)
            self.fail(f"{value!r} is not a format docgen exports: {hint}; e.g. --export xlsx,csv", param, ctx)
        return wanted
