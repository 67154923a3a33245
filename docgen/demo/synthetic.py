"""A synthetic agency: a roster and a supervision history with planted breaches of every check.

Deterministic for a seed; no real people (invented names, case numbers for children). The
background history keeps every rule; each planted scenario breaks one check on one person, and
near misses sit exactly on the limits (the due date itself, a 31st clamped to the end of
February in a leap year and in an ordinary one, a part-timer pro rata) and must not be reported.

    agency = generate(staff=40, years=2, seed=7)
    report = build_report(agency.records, agency.policy, agency.roster(), agency.as_of)
    assert report.keys() == agency.expected
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

from ..policy import LoadedPolicy
from ..report.roster import Roster, parse_roster, roster_csv
from .synthetic_forms import FormShapes, PlannedSession

DEFAULT_AS_OF = dt.date(2024, 3, 7)
DEMO_POLICY = Path(__file__).with_name("demo_policy.yaml")
TEAMS = ("Assessment", "Child Protection", "Children in Care", "Family Support", "Early Help")
_FIRST = (
    "Ash",
    "Bryn",
    "Cerys",
    "Dara",
    "Eden",
    "Fen",
    "Gale",
    "Heath",
    "Ivo",
    "Jory",
    "Kit",
    "Linden",
    "Marlo",
    "Nell",
    "Oren",
    "Perrin",
    "Quill",
    "Rowan",
    "Sorrel",
    "Tamsin",
    "Umber",
    "Vale",
    "Wren",
    "Yarrow",
    "Zephyr",
)
_LAST = (
    "Alderbrook",
    "Bramblewick",
    "Coldharbour",
    "Dunmere",
    "Elmstead",
    "Fallowfield",
    "Greyhollow",
    "Hazelmoor",
    "Inglewood",
    "Juniper",
    "Kestrelby",
    "Larkspur",
    "Mossgate",
    "Nettlecombe",
    "Oakenshaw",
    "Pebblecott",
    "Quarrybank",
    "Rushmere",
    "Sedgefold",
    "Thornbury",
    "Underhill",
    "Willowmere",
)
FUNCTIONS = ("management", "development", "support", "mediation")
DAY = dt.timedelta(days=1)


def months_later(day: dt.date, months: int) -> dt.date:
    """Calendar months later, clamped to the month's end (kept apart from the code under test)."""
    total = day.month - 1 + months
    year, month, d = day.year + total // 12, total % 12 + 1, day.day
    while True:
        try:
            return dt.date(year, month, d)
        except ValueError:
            d -= 1


@dataclass
class Person:
    row: dict
    sessions: list[PlannedSession] = field(default_factory=list)
    agreements: list[tuple] = field(default_factory=list)  # (date, review date, {party: signed?})
    evaluations: list[dt.date] = field(default_factory=list)
    log: list[tuple] = field(default_factory=list)  # session log rows: planned, outcome, by, notice, rearranged to

    @property
    def id(self) -> str:
        return self.row["staff_id"]

    @property
    def start_date(self) -> dt.date:
        start = _date(self.row["start_date"])
        assert start is not None, "Generator.person gives everyone a start date"
        return start

    def formal(self) -> list[PlannedSession]:
        return [s for s in self.sessions if s.kind == "session-record" and s.session_type == "one_to_one"]


@dataclass
class SyntheticAgency:
    policy: LoadedPolicy
    as_of: dt.date
    roster_rows: list[dict]
    records: list[dict]
    expected: set[tuple[str, str, dt.date]]  # (check id, staff id, date) of every planted breach
    near_misses: list[str]  # what sits exactly on a limit, in words

    def roster_csv(self) -> str:
        return roster_csv(self.roster_rows)

    def roster(self) -> Roster:
        return parse_roster(self.roster_csv(), "<synthetic roster>")


class Generator:
    def __init__(self, seed: int, as_of: dt.date, years: int):
        self.rng = random.Random(seed)
        self.as_of = as_of
        self.start = months_later(as_of, -12 * years)  # the first session in the records is on this day
        self.people: list[Person] = []
        self.managers: dict[str, str] = {}
        self.expected: set[tuple[str, str, dt.date]] = set()
        self.near: list[str] = []
        self.children = 0
        self.extra: list[tuple[PlannedSession, str]] = []  # sessions of people who are not on the roster

    # people -------------------------------------------------------------------------------------
    def _name(self) -> str:
        i = len(self.people)
        first, last = _FIRST[i % len(_FIRST)], _LAST[(i // len(_FIRST) + i) % len(_LAST)]
        return f"{first} {last}" + (f" {i // (len(_FIRST) * len(_LAST)) + 1}" if i >= len(_FIRST) * len(_LAST) else "")

    def person(self, team: str, **row) -> Person:
        staff_id = f"NS{len(self.people) + 1:04d}"
        base = {
            "staff_id": staff_id,
            "name": self._name(),
            "team": team,
            "role": "social_worker",
            "experience": "experienced",
            "employment": "full_time",
            "fte": "1",
            "contact": "direct",
            "supervisor_id": self.managers.get(team, ""),
            "start_date": (self.start - dt.timedelta(days=self.rng.randint(100, 2000))).isoformat(),
        }
        base.update(row)
        person = Person(base)
        self.people.append(person)
        return person

    def manager(self, team: str) -> None:
        self.managers[team] = self.person(team, role="team_manager", supervisor_id="").id

    def team(self) -> str:
        return TEAMS[len(self.people) % len(TEAMS)]

    def child(self) -> str:
        self.children += 1
        return f"NS-C{self.children:05d}"

    # histories ----------------------------------------------------------------------------------
    def cadence(self, first: dt.date, until: dt.date, lo: int = 24, hi: int = 28) -> list[dt.date]:
        dates, d = [], first
        while d <= until:
            dates.append(d)
            d += dt.timedelta(days=self.rng.randint(lo, hi))
        return dates

    def sessions(self, person: Person, dates: list[dt.date], functions=FUNCTIONS) -> list[PlannedSession]:
        """Compliant formal sessions on these dates: signed, dated next session, actions reviewed."""
        out = []
        for i, d in enumerate(dates):
            signed = min(d + 3 * DAY, self.as_of)
            out.append(
                PlannedSession(
                    d,
                    duration=self.rng.choice((60, 75, 90, 90, 105, 120)),
                    next_date=d + 28 * DAY,
                    functions=(functions[i % len(functions)], functions[(i + 1) % len(functions)]),
                    actions=[] if i == len(dates) - 1 else [(f"Follow-up {i + 1} agreed", "Supervisee", d + 14 * DAY)],
                    review="Actions from the last session reviewed." if i else "",
                    signed={"supervisee": signed, "supervisor": signed},
                )
            )
        person.sessions = out
        return out

    def paperwork(self, person: Person, base: dt.date) -> None:
        """Agreements every 330 days from `base`, evaluations every 300 days after it."""
        until = min(self.as_of, _date(person.row.get("leaving_date")) or self.as_of)
        d = base if base >= self.start else self.start - 20 * DAY
        while d <= until:
            person.agreements.append((d, months_later(d, 12), {"supervisor": True, "supervisee": True}))
            d += 330 * DAY
        e = max(base, self.start) + 300 * DAY
        while e <= until:
            person.evaluations.append(e)
            e += 300 * DAY

    def regular(self, team: str | None = None, first: dt.date | None = None, **row) -> Person:
        """An established full-time practitioner supervised on time from the start of the records."""
        person = self.person(team or self.team(), **row)
        first = first or self.start + self.rng.randint(0, 20) * DAY
        until = _date(person.row.get("leaving_date")) or self.as_of
        self.sessions(person, self.cadence(first, until))
        self.paperwork(person, person.start_date)
        return person

    def background(self, i: int) -> None:
        kind = i % 20
        if i == 0:
            self.regular(first=self.start)
        elif kind == 14:
            self.regular(contact="indirect")
        elif kind in (15, 16):
            self.part_timer(fte=0.6 if kind == 15 else 0.8)
        elif kind == 17:
            self.newly_qualified(self.as_of - self.rng.randint(200, 400) * DAY)
        elif kind == 18:
            self.regular(leaving_date=(self.as_of - self.rng.randint(60, 200) * DAY).isoformat())
        elif kind == 19:
            start = self.as_of - self.rng.randint(60, 300) * DAY
            self.regular(
                first=start + self.rng.randint(3, 20) * DAY, start_date=start.isoformat(), experience="newly_appointed"
            )
        elif i % 6 == 1:
            self.late_gap(self.regular())
        elif i % 9 == 4:
            self.overdue(self.regular())
        else:
            person = self.regular()
            self.discuss_children(person)
            if i % 7 == 3:
                self.informal(person)

    def late_gap(self, person: Person) -> None:
        """One late session somewhere in the history (an S2 finding)."""
        dates = [s.date for s in person.sessions]
        a = dates[self.rng.randint(1, len(dates) - 4)]
        b = a + self.rng.randint(40, 70) * DAY
        self.sessions(person, [d for d in dates if d <= a] + [b] + self.cadence(b + 20 * DAY, self.as_of))
        self.plant("S2", person, b)
        self.empty_months(person)

    def overdue(self, person: Person) -> None:
        """Sessions stopped 45 to 120 days ago (an S1 finding)."""
        last = max(s.date for s in person.sessions if s.date <= self.as_of - self.rng.randint(45, 120) * DAY)
        self.sessions(person, [s.date for s in person.sessions if s.date <= last])
        self.plant("S1", person, months_later(last, 1))
        self.empty_months(person)

    def empty_months(self, person: Person) -> None:
        """Plant S6 for each complete calendar month in post within the records with no formal session
        (a monthly rule is read by the calendar as well as by the gap, the default): call it once the
        person's sessions are final."""
        first = max(person.start_date, self.start)
        last = min(self.as_of, _date(person.row.get("leaving_date")) or self.as_of)
        held = {(s.date.year, s.date.month) for s in person.formal()}
        month = months_later(first.replace(day=1), 0 if first.day == 1 else 1)
        while months_later(month, 1) - DAY <= last:
            if (month.year, month.month) not in held:
                self.plant("S6", person, month)
            month = months_later(month, 1)

    def part_timer(self, fte: float, dates: list[dt.date] | None = None, **row) -> Person:
        person = self.person(self.team(), employment="part_time", fte=f"{fte:g}", **row)
        self.sessions(person, dates or self.cadence(self.start + self.rng.randint(0, 20) * DAY, self.as_of, 36, 40))
        self.paperwork(person, person.start_date)
        return person

    def newly_qualified(self, anchor: dt.date, on_edges: bool = False, skip: tuple = ()) -> Person:
        """Sessions in every window of the stepped schedule (weekly 6 weeks, fortnightly to 6 months)."""
        person = self.person(
            self.team(), experience="newly_qualified", start_date=anchor.isoformat(), asye_start=anchor.isoformat()
        )
        # one day of each week, then of each fortnight (the last on edges), so that no gap is longer than
        # the phase's interval, across the end of a phase too (docgen/policy/schedules.py `due_after`)
        week = 6 if on_edges else self.rng.randint(0, 6)
        dates = [anchor + (7 * k + week) * DAY for k in range(6)]
        end = months_later(anchor, 6)
        day = 13 if on_edges else self.rng.randint(0, 7 + week)
        k = 0
        while anchor + (42 + 14 * (k + 1)) * DAY <= end:
            dates.append(anchor + (42 + 14 * k + day) * DAY)
            k += 1
        if dates[-1] + 14 * DAY < end:  # the last, partial fortnight of the phase
            dates.append(dates[-1] + 14 * DAY)
        dates += self.cadence(end + self.rng.randint(0, 10) * DAY, self.as_of)
        dates = [d for d in dates if d <= self.as_of and d not in skip]
        self.sessions(person, dates)
        self.paperwork(person, anchor)
        return person

    def discuss_children(self, person: Person) -> None:
        """A child in need discussed at every other session, and a child protection case at each."""
        cin, cp = self.child(), (self.child() if self.rng.random() < 0.5 else None)
        for i, s in enumerate(person.formal()):
            if i % 2 == 0:
                s.children.append((cin, "child_in_need", self.rng.choice(("green", "amber")), ""))
            if cp:
                s.children.append((cp, "child_protection", self.rng.choice(("green", "amber")), ""))

    def informal(self, person: Person, when: dt.date | None = None) -> PlannedSession:
        """An ad hoc conversation: recorded and signed, but it is not formal supervision."""
        formal = person.formal()
        d = when or formal[len(formal) // 2].date + 5 * DAY
        s = PlannedSession(d, session_type="ad_hoc", duration=20, signed={"supervisee": d, "supervisor": d})
        person.sessions.append(s)
        person.sessions.sort(key=lambda x: x.date)
        return s

    def plant(self, check: str, person: Person, date: dt.date) -> None:
        self.expected.add((check, person.id, date))

    # records ------------------------------------------------------------------------------------
    def records(self, shapes: FormShapes) -> list[dict]:
        names = {p.id: p.row["name"] for p in self.people}
        out = []
        for person in self.people:
            name, boss = person.row["name"], names.get(person.row["supervisor_id"], "")
            for s in (s for s in person.sessions if s.kind in shapes.roles):
                path = f"synthetic/{person.id}/{s.date.isoformat()}_{s.kind}_{s.session_type}.docx"
                out.append(shapes.session(name, boss, s, path, self.rng))
            for d, review, signed in person.agreements if "agreement" in shapes.roles else ():
                by_role = {
                    "supervisee": name,
                    "supervisor": boss,
                    "agreement_date": d.isoformat(),
                    "agreement_review_date": review.isoformat() if review else None,
                    "agreement_frequency": 4
                    if shapes.types.get("agreement/agreement_frequency") == "number"
                    else "every 4 weeks",
                    "agreement_duration": "90 minutes",
                }
                for party in ("supervisee", "supervisor"):
                    ok = signed.get(party)
                    by_role[f"signature_{party}"] = (name if party == "supervisee" else boss) if ok else None
                    by_role[f"signature_{party}_date"] = d.isoformat() if ok else None
                out.append(shapes.record("agreement", by_role, f"synthetic/{person.id}/{d}_agreement.docx", self.rng))
            for d in person.evaluations if "evaluation" in shapes.roles else ():
                out.append(shapes.evaluation(name, d, f"synthetic/{person.id}/{d}_evaluation.docx", self.rng))
            if person.log and "session-log" in shapes.roles:
                path = f"synthetic/{person.id}/session_log.docx"
                out.append(shapes.log(name, boss, sorted(person.log), path, self.rng))
        for s, name in self.extra:
            out.append(shapes.session(name, "", s, f"synthetic/visitors/{s.date}_{name}.docx", self.rng))
        return out


def _date(text) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None
