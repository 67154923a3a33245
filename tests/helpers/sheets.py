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


# --- a read-only document holding one static table, for the static-table tests -----------------

HEADER = ("Staff group", "How often", "What counts")


def long_rows(count: int = 12) -> tuple[tuple[str, ...], ...]:
    """Rows of three to four lines each: taller than the room a header row used to keep under it."""
    return tuple(
        (
            f"Group {i} of staff with responsibility for safeguarding children and their families",
            "Every four weeks for the first six months, then every six weeks, set in the agreement",
            "Formal supervision, one to one; group supervision when the agreement says so",
        )
        for i in range(1, count + 1)
    )


def table_document(filler: int, table=None):
    """A read-only document: `filler` one-line paragraphs, then `table` (by default HEADER over
    long_rows()), then a source line. More filler moves the table further down the page."""
    from docgen.forms.tree import FormSpec, Manifest, Paragraph, Section, Table

    table = table or Table(HEADER, long_rows())
    blocks = tuple(Paragraph((f"Paragraph {i} of the introduction.",)) for i in range(filler)) + (table,)
    manifest = Manifest("tables", "1.0", "handout-tables", "tiny", "1.0", "0" * 64, "0")
    return FormSpec(
        manifest, "Static tables", "Tiny Council", (Section("Frequency", blocks),), footer=("Source: test",)
    )
