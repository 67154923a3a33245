"""Policy stage: read an agency's policy YAML into a typed, validated `Policy`.

loaded = load_policy("policies/worcestershire.yaml")   # raises ProblemsFound
loaded.policy.functions.items[0].label
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem, ProblemsFound
from ..structure import INVALID, Context, structure, unstructure
from ..yamlnodes import load_file, load_text
from .crossrefs import check_policy
from .logo import Logo, load_logo
from .periods import Duration, Interval
from .rawrefs import check_raw_references
from .sections import Policy

__all__ = ["LoadedPolicy", "Policy", "load_policy", "load_policy_text", "Interval", "Duration"]


@dataclass(frozen=True)
class LoadedPolicy:
    policy: Policy
    path: str
    digest: str  # sha256 of the policy's content (comments and layout do not change it)
    positions: dict[str, tuple[int, int]] = field(default_factory=dict, compare=False, repr=False)
    logo: Logo | None = field(default=None, compare=False, repr=False)  # agency.logo, read and checked

    def problem(self, code: str, message: str, hint: str, path: str) -> Problem:
        """A problem located at `path` in the policy file (or its nearest parent that has a position)."""
        probe = path
        while probe and probe not in self.positions:
            cut = max(probe.rfind("."), probe.rfind("["))
            probe = probe[:cut] if cut > 0 else ""
        line, column = self.positions.get(probe, (0, 0))
        return Problem(code, message, hint, file=self.path, line=line, column=column, path=path)

    @property
    def id(self) -> str:
        return self.policy.id


def load_policy(path: str | Path) -> LoadedPolicy:
    return _from_node(load_file(path), str(path))


def load_policy_text(text: str, file: str = "<policy>") -> LoadedPolicy:
    return _from_node(load_text(text, file), file)


def _from_node(node, file: str) -> LoadedPolicy:
    ctx = Context(file=file)
    if node is None:
        raise ProblemsFound(
            [
                Problem(
                    "missing-key",
                    "the file is empty",
                    "start from `docgen init` to get a commented starter policy",
                    file=file,
                )
            ]
        )
    policy = structure(node, Policy, "", ctx)
    logo = None
    if policy is not INVALID:
        check_policy(policy, ctx)
        logo = load_logo(policy.agency.logo, file, ctx) if policy.agency.logo.strip() else None
    else:  # the references whose structure is readable, so they are fixed in the same round
        check_raw_references(node, ctx)
    if ctx.problems or policy is INVALID:
        raise ProblemsFound(ctx.problems)
    canonical = json.dumps(unstructure(policy), sort_keys=True, ensure_ascii=False)
    positions = {path: (n.line, n.column) for path, n in ctx.nodes.items()}
    return LoadedPolicy(policy, file, hashlib.sha256(canonical.encode()).hexdigest(), positions, logo)
