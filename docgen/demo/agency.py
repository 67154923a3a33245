"""The demo's made-up agency in one call: its staff, two years of forms and the planted scenarios
(synthetic.py makes the people and sessions, scenarios.py plants the cases the report must find)."""

from __future__ import annotations

import datetime as dt

from ..policy import LoadedPolicy, load_policy
from .scenarios import plant
from .synthetic import DEFAULT_AS_OF, DEMO_POLICY, TEAMS, FormShapes, Generator, SyntheticAgency


def generate(
    staff: int = 40, years: int = 2, seed: int = 7, as_of: dt.date = DEFAULT_AS_OF, policy: LoadedPolicy | None = None
) -> SyntheticAgency:
    """`staff` background practitioners (plus team managers and the planted scenarios) over `years`."""
    gen = Generator(seed, as_of, years)
    for team in TEAMS:
        gen.manager(team)
    for i in range(staff):
        gen.background(i)
    plant(gen)
    loaded = policy or load_policy(DEMO_POLICY)
    return SyntheticAgency(
        loaded, as_of, [p.row for p in gen.people], gen.records(FormShapes(loaded)), gen.expected, gen.near
    )
