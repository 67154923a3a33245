"""A policy that adopts another agency's tool: the minimal policy with Hertfordshire's Supervision
Evaluation Tool (policies/hertfordshire.yaml, seed 002 Appendix I) taken whole, and its source."""

from __future__ import annotations

import json

import yaml

from .policies import POLICIES, minimal_policy

HERTS_TITLE = "HSCB Multi-Agency Strategy to Ensure High Quality Safeguarding Children Supervision"
HERTS_PUBLISHER = "Hertfordshire Safeguarding Children Board"
HERTS_AT = "Appendix I: Supervision Evaluation Tool"
SHORT_TITLE = "HSCB supervision strategy"  # a title short enough for the whole credit on one line


def sources(title: str = HERTS_TITLE) -> str:
    return f"""sources:
  - id: own
    title: This policy
  - id: herts
    title: "{title}"
    publisher: {HERTS_PUBLISHER}
"""


SOURCES = sources()


def herts_evaluation() -> dict:
    """Hertfordshire's evaluation block as the shipped policy has it (statements, scale, free text)."""
    policy = yaml.safe_load((POLICIES / "hertfordshire.yaml").read_text(encoding="utf-8"))
    return {k: v for k, v in policy["evaluation"].items() if k != "source"}


def adopting_policy(source: str = f'{{ref: herts, at: "{HERTS_AT}", basis: adopted}}', title: str = HERTS_TITLE) -> str:
    """The minimal policy with Hertfordshire's source listed (under `title`) and its evaluation tool
    under `evaluation:` with `source` (flow YAML), generated as the evaluation form."""
    evaluation = json.dumps(herts_evaluation(), ensure_ascii=False)[:-1] + f", source: {source}}}"
    text = minimal_policy(
        **{
            "sources:\n  - id: own\n    title: This policy\n": sources(title),
            "    session-record: generic_session_record\n": (
                "    session-record: generic_session_record\n    evaluation: evaluation_questionnaire\n"
            ),
        }
    )
    return text + f"evaluation: {evaluation}\n"
