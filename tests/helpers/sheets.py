"""Policies with three to six functions, for the functions sheet and static-table tests: the
minimal policy (policies.minimal_policy) with its functions swapped for these, worded as agencies
word them (long words: "organisational", "decision-making.", "Development", "Engagement"; a long
one-word function with a short prompt, as the starter's "Development")."""

from __future__ import annotations

import json

from .policies import minimal_policy

FUNCTIONS = [
    (
        "Management support",
        [
            "Role and responsibilities are defined",
            "Policies, procedures and statutory responsibilities are understood and implemented",
            "Assess the overall quality of the worker's performance",
        ],
    ),
    (
        "Continuing Professional Development",
        [
            "Identifying learning needs and organisational priorities",
            "Regular and constructive feedback to the worker on all aspects of their performance.",
        ],
    ),
    (
        "Personal Support",
        [
            "Create a safe climate for the worker to look at their practice and its impact on them as a person",
            "Debrief the worker and give them permission to talk about feelings.",
        ],
    ),
    (
        "Engagement with the organisation",
        ["Brief more senior management about gaps in or issues with resource.", "Involve staff in decision-making."],
    ),
    ("Accountability", ["Decisions are recorded"]),
    ("Reflection", ["Space for critical reflection on decision-making, accountability and professional judgement"]),
]
TAGS = ["management", "development", "support", "mediation", "quality_assurance", "reflection"]


def functions_policy(count: int) -> str:
    """The minimal policy with the first `count` FUNCTIONS (3 to 6) and a functions sheet."""
    items = "\n".join(
        f"    - id: f{i}\n      label: {json.dumps(label)}\n      tag: {TAGS[i]}\n      prompts: {json.dumps(prompts)}"
        for i, (label, prompts) in enumerate(FUNCTIONS[:count])
    )
    return minimal_policy(
        **{
            "    - {id: management, label: Management, tag: management}": items,
            "    - {id: support, label: Support, tag: support}\n": "",
            "documents:\n": "documents:\n  handouts: [functions_sheet]\n",
        }
    )
