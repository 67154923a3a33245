"""Check a policy file and every form it generates, collecting all problems."""

from __future__ import annotations

from pathlib import Path

from ..errors import Problem, ProblemsFound
from ..policy import LoadedPolicy, load_policy
from .resolve import build_form, form_keys
from .tree import FormSpec


def validate_policy(path: str | Path) -> tuple[LoadedPolicy | None, list[Problem]]:
    """Load the policy and resolve each of its forms. Returns the policy (if it loads) and problems."""
    try:
        loaded = load_policy(path)
    except ProblemsFound as exc:
        return None, exc.problems
    problems: list[Problem] = []
    for key in form_keys(loaded):
        try:
            build_form(loaded, key)
        except ProblemsFound as exc:
            problems.extend(p for p in exc.problems if p not in problems)
    return loaded, problems


def build_all(loaded: LoadedPolicy) -> dict[str, FormSpec]:
    return {key: build_form(loaded, key) for key in form_keys(loaded)}
