"""`docgen init`: a commented starter policy that validates as written."""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

# A backslash at the end of a line joins the next one to it: the file written keeps its long lines.
_FUNCTIONS = {
    3: """\
  model: "Functions of supervision"   # no count in the words: they stay true when you add or remove one
  intro: "Good supervision involves each of the functions below; whilst they won't all be covered in every \
session, they should be addressed across the course of the supervision sessions."
  balance:
    window: relationship        # every_session | sessions (add sessions: N) | period (add period: "6 months") \
| relationship
    source: {ref: own, at: "Functions", basis: default}
  items:
    - id: support
      label: "Personal support, and the encouragement of reflection"
      tag: support              # management | development | support | mediation | quality_assurance | reflection \
| case_management
      prompts:
        - "To provide a reflective space for the supervisee to discuss and work through the personal impact \
of their role and responsibilities."
    - id: quality_assurance
      label: "Quality assurance"
      tag: quality_assurance
      prompts:
        - "Ensure that practitioner performance and practice, including safeguarding, is competent, accountable \
and soundly based in research and practice knowledge."
    - id: development
      label: "Professional Development"
      tag: development
      prompts:
        - "To ensure that professional development needs, including in relation to safeguarding practice, \
are considered and supported."
""",
    4: """\
  model: "Functions of supervision"   # no count in the words: they stay true when you add or remove one
  intro: "The key functions of supervision are:"
  balance:
    window: relationship        # every_session | sessions (add sessions: N) | period (add period: "6 months") \
| relationship
    source: {ref: own, at: "Functions", basis: default}
  items:
    - id: management
      label: "Management"
      description: "ensuring competent and accountable performance/practice"
      tag: management           # management | development | support | mediation | quality_assurance | reflection \
| case_management
      prompts: ["Role and responsibilities are defined", \
"Policies, procedures and statutory responsibilities are understood and implemented"]
    - id: development
      label: "Development"
      description: "continuing professional development"
      tag: development
      prompts: ["Identifying learning needs"]
    - id: support
      label: "Support"
      description: "supportive/restorative function"
      tag: support
      prompts: ["Address the emotional impact of work"]
    - id: mediation
      label: "Engagement/mediation"
      description: "engaging the individual with the organisation"
      tag: mediation
      prompts: ["Team and organisational issues"]
""",
}

_TEMPLATE = """\
# Supervision policy for {agency_comment}.
# Written by `docgen init`. Edit the values, then check the file with:
#     docgen validate {file_name}
# Every problem is reported with its line and column and how to fix it.
# Lengths of time always carry a unit: "4 weeks" (28 days) is not "1 month" (a calendar month).

docgen_policy: 1                  # the format of this file; leave as 1
id: {policy_id}                   # short id: lower-case letters, digits, underscores
version: "0.1"                    # your policy's own version (quoted, so 1.10 stays 1.10)
title: "Safeguarding Supervision Policy"
status: "Draft"                   # e.g. "Approved", "Under review"
# review_date: 2027-03-31         # YYYY-MM-DD

agency:
  name: {agency}
  kind: other                     # local_authority | safeguarding_partnership | nhs_trust | school | charity \
| private_provider | other

sources:                          # documents this policy draws on; items cite them with source: {{ref: id}}
  - id: own
    title: "This policy"

functions:                        # optional: leave the block out when the policy names no functions
{functions}
frequency:
  set_by: policy                  # policy | agreement (each agreement sets it) | agency
  combine: strictest              # how overlapping rules combine: all (each rule that applies is \
checked; the default) | strictest | most_specific
  rules:
    - id: newly_qualified
      label: "Newly qualified staff (ASYE)"
      applies_to: {{experience: [newly_qualified]}}   # student | newly_qualified | newly_appointed | experienced
      schedule:
        steps:
          anchor: start_date
          phases:
            - {{every: "1 week", until: "6 weeks"}}
            - {{every: "2 weeks", until: "6 months"}}  # its own session length: add duration: {{min: "90 minutes"}}
            - {{every: "1 month"}}
      strength: must              # must | should | recommended
      duration: {{min: "90 minutes", uninterrupted: true}}
      source: {{ref: own, at: "Frequency", basis: default}}
    - id: all_staff
      label: "All other staff"
      schedule: {{every: "1 month"}}  # or between: {{min: "6 weeks", max: "8 weeks"}}, \
count: {{at_least: 10, per: "1 year", pro_rata: true}}, set_in_agreement: true, less_often_than: <rule id>
      # schedule: {{every: "1 month", reading: calendar}}  # "monthly" read as: gap (at most a month apart) \
| calendar (one in each calendar month) | both (the default)
      # a count can say how it is read (each key optional; the first word is docgen's default):
      #   count: {{at_least: 10, per: "1 year", year: financial, pro_rata: true, rounding: up}}
      #   year: rolling | calendar | financial (1 April to 31 March) | in_post (from the start in post)
      #   pro_rata: time_in_post (left out) | true (FTE and time in post) | fte | false
      #   rounding: up | down | nearest;  missing_fte: full_time | not_checked;  sessional: 4 (no FTE)
      strength: must
      duration: "90 minutes"
      counts: [one_to_one]        # supervision types that count (see supervision_types)
      # without counts: the types whose counts_towards_frequency is true (true | false | not_stated)
      source: {{ref: own, at: "Frequency", basis: default}}

agreement:
  title: "Supervision Agreement"
  review_every: "1 year"
  terms:
    - id: frequency
      kind: frequency
      text: "Formal supervision will take place every {{weeks}} weeks for {{minutes}} minutes."
      blanks:
        - {{id: weeks, label: "every ... weeks", type: number, role: agreement_frequency}}
        - {{id: minutes, label: "minutes", type: number, role: agreement_duration}}
    - id: cancellation
      kind: cancellation
      text: "If supervision has to be cancelled for any reason, it is the responsibility of both parties \
to rearrange as soon as possible."
    - id: where
      kind: mode                  # what a clause is about: see docs/policy-format.md for every kind
      text: "Supervision will take place {{mode}}."
      blanks:
        - id: mode
          label: "How supervision takes place"
          type: choice            # tick boxes on the form; multiple: true lets the parties tick several
          options: ["In person", "Remotely", "A mix of both"]
          # preset: [in_person]   # ticked in advance in personalised agreements (generate --prefill)

recording:
  signed_by: [supervisor, supervisee]
  sign_within: "14 days"          # every party, from the session ("48 hours", "5 working days"); or per party:
  # sign_within:
  #   supervisor: "10 days"                          # from the session
  #   supervisee: {{within: "5 days", from: receipt}}  # from receiving it: the date the supervisor signs it
  children_identified_by: initials  # name | initials | anonymised | case_number | not_stated

# booking:                        # optional booking rules, each with its source (checks B1, B2, B3)
#   next_session: {{source: {{ref: own, at: "Frequency"}}}}  # the next session booked at the end of each
#   cancellation_notice: {{at_least: "2 days", source: {{ref: own, at: "Frequency"}}}}  # by: [supervisor, supervisee]
#   rearranged: {{within: "10 days", source: {{ref: own, at: "Frequency"}}}}  # counted_from: cancelled | planned

case_discussion:
  categories:
    - {{id: child_in_need, label: "Child in Need"}}
    - {{id: child_protection, label: "Child protection"}}
    - {{id: other, label: "Other"}}
  rules:
    - id: cin_three_months
      text: "Children in Need are discussed with a supervisor at least every three months."
      categories: [child_in_need]
      max_interval: "3 months"

rag_scale:
  question: "Are children's circumstances improving (G), staying the same (A), getting worse (R)?"
  levels:
    - {{key: green, label: "Improving"}}
    - {{key: amber, label: "Staying the same"}}
    - {{key: red, label: "Getting worse"}}

evaluation:
  title: "Supervision Evaluation"
  every: "1 year"
  statements:
    - "I am happy about the length of supervision sessions."
    - "I am given time to reflect"
  free_text:
    - {{id: more_of, label: "We need to do more of:", role: evaluation_more}}
    - {{id: less_of, label: "We need to do less of:", role: evaluation_less}}

documents:
  forms:                          # form kind -> form template (see form_templates/)
    agreement: generic_agreement
    session-record: generic_session_record
    case-record: generic_case_record
    evaluation: evaluation_questionnaire
    preparation-sheet: preparation_sheet
    # session-log: session_log    # one row per planned session: held, cancelled or moved (read by B2, B3)
    # front-sheet: front_sheet    # the supervision file's front sheet and index
  policy_document: true
  handouts: [one_minute_guide, functions_sheet]

gaps:                             # what the agency still has to decide
  - {{topic: "Retention", note: "How long supervision records are kept."}}
"""


def starter_text(functions: int, agency: str, file_name: str = "policy.yaml") -> str:
    if functions not in _FUNCTIONS:
        raise ValueError("functions must be 3 or 4")
    policy_id = re.sub(r"[^a-z0-9]+", "_", agency.lower()).strip("_") or "my_agency"
    if not policy_id[0].isalpha():
        policy_id = "agency_" + policy_id
    return _TEMPLATE.format(
        agency=json.dumps(agency, ensure_ascii=False),
        agency_comment=agency.replace("\n", " "),
        policy_id=policy_id,
        functions=_FUNCTIONS[functions],
        file_name=file_name,
    )


def write_starter(directory: str | Path, functions: int, agency: str, force: bool = False) -> Path:
    """Write DIRECTORY/policy.yaml atomically; refuse to overwrite unless `force`."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "policy.yaml"
    if path.exists() and not force:
        raise FileExistsError(str(path))
    text = starter_text(functions, agency, str(path))
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".policy-", suffix=".yaml")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)
    return path
