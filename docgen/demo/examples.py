"""The files in examples/: a staff list, a team roster and a folder of completed forms of the
shipped Worcestershire policy, for the README's worked example.

    python -m docgen.demo.examples examples        # rebuild them

Deterministic: fixed names, dates and document ids, so a rebuild gives the same answers and ids
(the files are filled by docgen itself, as `docgen demo` fills its forms; their bytes differ run to
run, by timestamps and font subsets, so commit a rebuild only when the answers change). The people
are invented; children are case numbers. The README's report runs `--as-of 2025-03-31` (AS_OF),
so what it finds does not change with the day it is run.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from ..forms import build_form
from ..outfiles import write_atomic
from ..policy import LoadedPolicy, load_policy
from ..render.docx import render_docx
from ..render.pdf import render_pdf
from ..resources import resolve_policy_path

POLICY = "worcestershire"
AS_OF = dt.date(2025, 3, 31)
MANAGER = "Siân ap Rhŷs"
HEAD = "Rhodri Evans"  # the manager's own supervisor (head of service, not in the team roster)
TEAM = "Family Support North"

# The team the report checks (docgen/policy/staff.py's columns).
ROSTER = (
    "staff_id,name,team,role,supervisor_id,start_date\n"
    f"WS01,{MANAGER},{TEAM},team_manager,,01/09/2019\n"
    f"WS02,Gethin Pryce,{TEAM},social_worker,WS01,06/01/2025\n"
    f"WS03,Ffion Hughes,{TEAM},social_worker,WS01,14/03/2022\n"
    f"WS04,Aisha Khan,{TEAM},family_support_worker,WS01,04/11/2024\n"
)

# New starters who need a supervision agreement (`docgen generate --prefill`).
STAFF = (
    "name,supervisor,team,start_date\n"
    f"Dafydd Morgan,{MANAGER},{TEAM},07/04/2025\n"
    f"Niamh O'Connor,{MANAGER},{TEAM},07/04/2025\n"
    f"Małgorzata Nowak,{MANAGER},{TEAM},22/04/2025\n"
)


def _signed(values: dict, supervisee: str, supervisor: str, day: str) -> dict:
    return dict(
        values,
        supervisee_signature=supervisee,
        supervisee_signed_date=day,
        supervisor_signature=supervisor,
        supervisor_signed_date=day,
    )


def _agreement(supervisee: str, supervisor: str, day: str, weeks: int, review: str) -> dict:
    return _signed(
        {
            "parties_supervisee": supervisee,
            "parties_supervisor": supervisor,
            "frequency_weeks": weeks,
            "frequency_venue": "Meeting room 2",
            "supervisee_contribution": "Come prepared with my case list and anything I want to talk through.",
            "supervisee_wants": "Time to reflect on difficult visits, and help planning my training.",
            "supervisor_contribution": "Protect the time, start on time and write up the record within a week.",
            "review_date": review,
        },
        supervisee,
        supervisor,
        day,
    )


def _session(supervisee: str, supervisor: str, day: str, next_day: str, signed: str, **more) -> dict:
    values = {
        "supervisee": supervisee,
        "supervisor": supervisor,
        "session_date": day,
        "duration_minutes": 90,
        "supervision_type": "one_to_one",
        "next_meeting": next_day,
    }
    values.update(more)
    return _signed(values, supervisee, supervisor, signed)


def _action(text: str, owner: str, due: str) -> dict:
    row = {"action": text, "by_whom": owner}
    return dict(row, by_when=due) if due else row  # an action with no deadline leaves the box empty


# (file name, form kind, answers by field id): agreements, session records and a case record.
FORMS: tuple[tuple[str, str, dict], ...] = (
    ("agreement-sian-ap-rhys.docx", "agreement", _agreement(MANAGER, HEAD, "2024-10-01", 6, "2025-10-01")),
    ("agreement-gethin-pryce.pdf", "agreement", _agreement("Gethin Pryce", MANAGER, "2025-01-06", 4, "2025-07-07")),
    ("agreement-ffion-hughes.docx", "agreement", _agreement("Ffion Hughes", MANAGER, "2025-01-08", 4, "2026-01-08")),
    ("agreement-aisha-khan.pdf", "agreement", _agreement("Aisha Khan", MANAGER, "2024-11-04", 6, "2025-11-04")),
    (
        "session-2025-01-06-gethin-pryce.docx",
        "session-record",
        _session(
            "Gethin Pryce",
            MANAGER,
            "2025-01-06",
            "2025-02-03",
            "2025-01-08",
            notes="First supervision. Induction plan agreed; caseload of six families to build up by March.",
            management_notes="Induction checklist reviewed: IT access and ID badge still outstanding.",
            development_notes="Wants to shadow a child protection conference before holding his own.",
            support_notes="Settling in well; travelling from Kidderminster takes longer than expected.",
            actions_management=[_action("Chase IT access and ID badge", MANAGER, "2025-01-13")],
            actions_development=[_action("Shadow a child protection conference", "Gethin Pryce", "2025-02-28")],
        ),
    ),
    (
        "session-2025-02-03-gethin-pryce.pdf",
        "session-record",
        _session(
            "Gethin Pryce",
            MANAGER,
            "2025-02-03",
            "2025-03-03",
            "2025-02-05",
            review_previous="IT access sorted. Conference shadowing booked for 20 February.",
            notes="Caseload now four families. Discussed the home visit to the family in case 40872.",
            management_notes="Recording is up to date. Two assessments due in March.",
            support_notes="The visit on 28 January was upsetting; talked it through and agreed a debrief route.",
            children=[{"name": "Case 40872", "category": "child_in_need"}],
            actions_support=[_action("Book a reflective session with the team's practice lead", "Gethin Pryce", "")],
        ),
    ),
    (
        "session-2025-03-03-gethin-pryce.docx",
        "session-record",
        _session(
            "Gethin Pryce",
            MANAGER,
            "2025-03-03",
            "2025-03-31",
            "2025-03-04",
            review_previous="Shadowed the conference on 20 February. Reflective session still to book.",
            notes="Ready to take a child protection case from April, co-worked with Ffion.",
            development_notes="Signed up for the Signs of Safety two-day course.",
            children=[{"name": "Case 40872", "category": "child_in_need"}],
            actions_development=[_action("Attend Signs of Safety training", "Gethin Pryce", "2025-04-17")],
        ),
    ),
    (
        "session-2025-02-05-ffion-hughes.pdf",
        "session-record",
        _session(
            "Ffion Hughes",
            MANAGER,
            "2025-02-05",
            "2025-03-05",
            "2025-02-28",
            review_previous="Both actions from December done.",
            notes="Case 51230 stepped up to child protection; conference on 12 February.",
            management_notes="Caseload at 18: agreed not to allocate new work until April.",
            development_notes="Will co-work with Gethin from April as part of his induction.",
            children=[
                {"name": "Case 51230", "category": "child_protection"},
                {"name": "Case 40872", "category": "child_in_need"},
            ],
            actions_management=[_action("Review Ffion's caseload before any new allocation", MANAGER, "2025-03-31")],
        ),
    ),
    (
        "case-2025-02-05-case-51230.docx",
        "case-record",
        _signed(
            {
                "child_name": "Case 51230",
                "child_category": "child_protection",
                "session_date": "2025-02-05",
                "supervisee": "Ffion Hughes",
                "supervisor": MANAGER,
                "history": "Known to the service since 2023. Neglect concerns; school attendance below 70%.",
                "concerns": "Two missed health appointments and a new adult in the household.",
                "actions": [
                    _action("Check the new adult with the police", "Ffion Hughes", "2025-02-10"),
                    _action("Invite the school nurse to the conference", "Ffion Hughes", "2025-02-10"),
                ],
            },
            "Ffion Hughes",
            MANAGER,
            "2025-02-05",
        ),
    ),
    (
        "session-2025-01-13-aisha-khan.docx",
        "session-record",
        _session(
            "Aisha Khan",
            MANAGER,
            "2025-01-13",
            "2025-02-24",
            "2025-01-14",
            notes="Group work with parents going well; eight families attending.",
            support_notes="Asked for help managing lone working in the evenings.",
            actions_management=[_action("Set up the lone-working app on Aisha's phone", MANAGER, "2025-01-31")],
        ),
    ),
    (
        "session-2025-02-19-sian-ap-rhys.pdf",
        "session-record",
        _session(
            MANAGER,
            HEAD,
            "2025-02-19",
            "2025-04-02",
            "2025-02-20",
            notes="Team caseloads, the two new starters in April and the service's audit of agreements.",
            management_notes="Agreements for every team member to be in place and reviewed by the end of March.",
            actions_management=[_action("Send the team's agreement dates to business support", MANAGER, "2025-03-07")],
        ),
    ),
)


def write_examples(out: Path, policy: LoadedPolicy | None = None) -> list[Path]:
    """Write OUT/staff.csv, OUT/roster.csv and OUT/completed/*.docx|pdf; returns the files written."""
    loaded = policy or load_policy(resolve_policy_path(POLICY))
    written = [out / "staff.csv", out / "roster.csv"]
    write_atomic(written[0], STAFF.encode("utf-8"))
    write_atomic(written[1], ROSTER.encode("utf-8"))
    specs: dict = {}
    for n, (name, kind, values) in enumerate(FORMS):
        spec = specs.get(kind) or specs.setdefault(kind, build_form(loaded, kind))
        unknown = set(values) - {f.id.split(".")[0] for f in spec.fields()} - {r.id for r in spec.repeats()}
        if unknown:
            raise ValueError(f"{name}: the {kind} form has no field {', '.join(sorted(unknown))}")
        render = render_pdf if name.endswith(".pdf") else render_docx
        path = out / "completed" / name
        write_atomic(path, render(spec, values, document_id=f"example-{n + 1:02d}-{kind}").data)
        written.append(path)
    return written


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "examples")
    for path in write_examples(out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
