"""Semantic roles: what a field means, whatever the agency calls it.

Compliance checks and the harvester read forms through roles, so "Date of Next Meeting"
(Worcestershire) and "Date of next session" (Hertfordshire) are both `next_session_date`.
"""

from __future__ import annotations

ROLES: dict[str, str] = {
    # who and when
    "supervisee": "the supervisee's name",
    "supervisor": "the supervisor's name",
    "session_date": "the date the session took place",
    "previous_session_date": "the date of the previous session",
    "next_session_date": "the date of the next session",
    "session_duration": "how long the session lasted, in minutes",
    "supervision_type": "one-to-one, group, ad hoc, ... (a supervision type id)",
    "agenda": "the agenda or issues for discussion",
    # content
    "action_review": "review of actions from the previous session",
    "discussion_notes": "notes of discussion",
    "function_notes": "discussion under one function of supervision",
    "learning": "learning and professional development",
    "actions": "a table of agreed actions",
    "action_text": "what is to be done",
    "action_owner": "who will do it",
    "action_due": "by when",
    "children_discussed": "a table of the children or families discussed",
    "child_identifier": "a child's name, initials or case number, as the policy says",
    "child_category": "the child's category (e.g. Child in Need, child protection)",
    "child_dob": "a child's date of birth",
    "rag": "red / amber / green rating of the child's circumstances",
    "plan_amendment": "proposed amendment to the plan (drift)",
    "family_discussion": "a family discussion block",
    "case_history": "brief synopsis of safeguarding history",
    "concerns": "concerns about a child",
    "rationale": "why an action was agreed",
    # signatures
    "signature_supervisee": "the supervisee's signature (typed name)",
    "signature_supervisor": "the supervisor's signature (typed name)",
    "signature_supervisee_date": "the date the supervisee signed",
    "signature_supervisor_date": "the date the supervisor signed",
    "record_sent_date": "the date the record was sent to the supervisee (their receipt, for sign-off deadlines)",
    # agreement
    "agreement_frequency": "how often supervision takes place under the agreement",
    "agreement_duration": "how long sessions last under the agreement",
    "agreement_date": "the date the agreement starts",
    "agreement_review_date": "the date the agreement is to be reviewed",
    "venue": "where supervision takes place",
    "responsibilities": "roles, responsibilities and contributions of either party",
    # evaluation and preparation
    "evaluation_item": "an answer to an evaluation statement",
    "evaluation_more": "what we need to do more of",
    "evaluation_less": "what we need to do less of",
    "evaluation_other": "another free-text answer on an evaluation",
    "respondent": "who completed the evaluation",
    "evaluation_date": "the date of the evaluation",
    "preparation_item": "something the supervisee wants to bring",
}

# What every form of a kind must carry for the compliance checks, whatever its layout.
REQUIRED_ROLES: dict[str, tuple[str, ...]] = {
    "session-record": (
        "supervisee",
        "supervisor",
        "session_date",
        "session_duration",
        "supervision_type",
        "signature_supervisee",
        "signature_supervisor",
        "signature_supervisee_date",
        "signature_supervisor_date",
        "next_session_date",
        "actions",
        "action_owner",
        "action_due",
        "children_discussed",
        "child_identifier",
        "child_category",
    ),
    "case-record": (
        "supervisee",
        "supervisor",
        "session_date",
        "child_identifier",
        "child_category",
        "signature_supervisee",
        "signature_supervisor",
        "signature_supervisee_date",
        "signature_supervisor_date",
        "actions",
        "action_owner",
        "action_due",
    ),
    "agreement": (
        "supervisee",
        "supervisor",
        "signature_supervisee",
        "signature_supervisor",
        "signature_supervisee_date",
        "signature_supervisor_date",
        "agreement_review_date",
    ),
    "evaluation": ("evaluation_date", "evaluation_item"),
    "preparation-sheet": ("supervisee", "session_date"),
}
