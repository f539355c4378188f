"""A realistic synthetic organisation for benchmarks: seeded and deterministic.

Sizes run from one team of 15 people to a national-scale 20,000 people with 2,000,000 cases over five
years. ``generate(spec)`` builds the organisation as plain NumPy arrays (fast at any size, no database);
``store(spec)`` writes it into the database through bulk inserts (meant for up to a few hundred teams).

What makes it realistic: teams of jeugdbeschermers with a mix of contract hours (36/32/28/24), a case mix
(OTS 70%, voogdij 20%, ambulant 10%) with type-dependent durations, a steady inflow that keeps each person
near 17 cases per FTE, 8% of cases moving to a colleague halfway, 3% shared 50/50, sick leave and training
reductions, people leaving and being replaced, and expected end dates scattered around the real end.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from caseload_core.caseload import OPEN_END
from caseload_core.weeks import date_of, day_number

SIZES = {
    "team": (1, 15, 5, 17.0),  # teams, people per team, years of history, open cases per FTE
    "region": (20, 15, 5, 17.0),
    "org100": (100, 15, 5, 17.0),
    "national": (1334, 15, 5, 21.0),  # ≈ 20,000 people, ≈ 2,000,000 cases
}
HOURS = np.array([36, 36, 32, 32, 28, 24, 36, 32, 20, 36, 28, 32, 36], dtype=np.float64)
TYPES = (("ots", 0.7, 60), ("voogdij", 0.2, 150), ("ambulant", 0.1, 30))  # code, share, mean weeks
TARGET_PER_FTE = 17.0


@dataclass(frozen=True)
class Spec:
    teams: int
    people_per_team: int
    years: int
    target_per_fte: float = TARGET_PER_FTE
    end: dt.date = dt.date(2026, 11, 22)
    seed: int = 20261123

    @classmethod
    def named(cls, name: str) -> Spec:
        teams, people, years, per_fte = SIZES[name]
        return cls(int(teams), int(people), int(years), float(per_fte))

    @property
    def start(self) -> dt.date:
        return self.end - dt.timedelta(days=365 * self.years)


@dataclass(frozen=True)
class Synthetic:
    """People (index = position) and case-assignment rows as arrays. Day numbers as in caseload_core."""

    person_team: np.ndarray
    person_hours: np.ndarray
    person_start: np.ndarray
    person_end: np.ndarray  # OPEN_END while employed
    case_team: np.ndarray
    case_type: np.ndarray  # index into TYPES
    case_start: np.ndarray
    case_end: np.ndarray  # OPEN_END while open
    case_expected_end: np.ndarray
    assign_case: np.ndarray
    assign_person: np.ndarray
    assign_start: np.ndarray
    assign_end: np.ndarray
    assign_share: np.ndarray  # percent
    reduction_person: np.ndarray
    reduction_start: np.ndarray
    reduction_end: np.ndarray
    reduction_percent: np.ndarray
    reduction_kind: np.ndarray  # 0 sick leave, 1 training

    @property
    def n_people(self) -> int:
        return int(self.person_team.size)

    @property
    def n_cases(self) -> int:
        return int(self.case_team.size)


def generate(spec: Spec) -> Synthetic:
    """The whole organisation as arrays; about 100 cases per person over five years."""
    rng = np.random.default_rng(spec.seed)
    first, last = day_number(spec.start), day_number(spec.end)
    n_people = spec.teams * spec.people_per_team
    person_team = np.repeat(np.arange(spec.teams), spec.people_per_team)
    person_hours = HOURS[np.arange(n_people) % HOURS.size]
    person_start = first - rng.integers(0, 365 * 8, n_people)
    person_end = np.full(n_people, OPEN_END, dtype=np.int64)
    leavers = rng.random(n_people) < 0.15
    person_end[leavers] = first + rng.integers(200, last - first, int(leavers.sum()))
    fte = person_hours / 36.0

    # Cases per person: a Poisson stream that keeps about TARGET_PER_FTE × fte open.
    shares = np.array([t[1] for t in TYPES])
    weeks = np.array([t[2] for t in TYPES], dtype=np.float64)
    mean_days = float((shares * weeks).sum()) * 7
    span = last - first + int(mean_days * 2)
    per_person = rng.poisson(spec.target_per_fte * fte * span / mean_days)
    n_cases = int(per_person.sum())
    owner = np.repeat(np.arange(n_people), per_person)
    case_start = first - int(mean_days * 2) + rng.integers(0, span, n_cases)
    case_type = rng.choice(len(TYPES), n_cases, p=shares)
    duration = rng.exponential(weeks[case_type] * 7).astype(np.int64) + 7
    case_end = case_start + duration
    case_end[case_end > last] = OPEN_END
    # Whoever left hands over open cases: truncate at their end (a successor would pick them up).
    gone = person_end[owner] < OPEN_END
    case_end = np.where(gone & (case_end > person_end[owner]), person_end[owner], case_end)
    case_start = np.maximum(case_start, person_start[owner])
    case_end = np.where(case_end < case_start, case_start, case_end)
    expected = case_start + (duration * rng.normal(1.0, 0.25, n_cases)).astype(np.int64).clip(14)
    case_team = person_team[owner]

    # Assignments: one per case; 8% move halfway to a colleague in the same team; 3% are shared 50/50.
    move = rng.random(n_cases) < 0.08
    share = (~move) & (rng.random(n_cases) < 0.03)
    colleague = person_team[owner] * spec.people_per_team + rng.integers(0, spec.people_per_team, n_cases)
    effective_end = np.where(case_end == OPEN_END, last, case_end)
    halfway = case_start + (effective_end - case_start) // 2
    moved = move & (halfway > case_start)
    a_case = [np.arange(n_cases)]
    a_person = [owner]
    a_start = [case_start]
    a_end = [np.where(moved, halfway, case_end)]
    a_share = [np.where(share, 50, 100)]
    idx = np.flatnonzero(moved)
    a_case.append(idx)
    a_person.append(colleague[idx])
    a_start.append(halfway[idx] + 1)
    a_end.append(case_end[idx])
    a_share.append(np.full(idx.size, 100))
    idx = np.flatnonzero(share)
    a_case.append(idx)
    a_person.append(colleague[idx])
    a_start.append(case_start[idx])
    a_end.append(case_end[idx])
    a_share.append(np.full(idx.size, 50))

    # Reductions: a sick-leave spell for 30% of people per year, training for 10%.
    n_sick = int(n_people * 0.3 * spec.years)
    n_train = int(n_people * 0.1 * spec.years)
    r_person = np.concatenate([rng.integers(0, n_people, n_sick), rng.integers(0, n_people, n_train)])
    r_start = first + rng.integers(0, last - first, n_sick + n_train)
    r_len = np.concatenate([rng.exponential(20, n_sick).astype(np.int64) + 3, rng.integers(60, 300, n_train)])
    r_percent = np.concatenate([np.full(n_sick, 100), np.full(n_train, 10)])
    r_kind = np.concatenate([np.zeros(n_sick, dtype=np.int64), np.ones(n_train, dtype=np.int64)])
    return Synthetic(
        person_team=person_team,
        person_hours=person_hours,
        person_start=person_start,
        person_end=person_end,
        case_team=case_team,
        case_type=case_type,
        case_start=case_start,
        case_end=case_end,
        case_expected_end=expected,
        assign_case=np.concatenate(a_case),
        assign_person=np.concatenate(a_person),
        assign_start=np.concatenate(a_start),
        assign_end=np.concatenate(a_end),
        assign_share=np.concatenate(a_share),
        reduction_person=r_person,
        reduction_start=r_start,
        reduction_end=r_start + r_len,
        reduction_percent=r_percent,
        reduction_kind=r_kind,
    )


def _date(day: int) -> dt.date | None:
    return None if day >= OPEN_END else date_of(day)


def store(spec: Spec, *, slug: str = "synthetisch") -> object:
    """Write the organisation into the database (Django must be set up). Returns the Organisation."""
    from decimal import Decimal

    from cases.models import Assignment, Case, CaseType
    from cases.services import case_types_install_defaults
    from organisations.models import Function, Organisation, Person, Team
    from staffing.models import ContractPeriod, Reduction, ReductionReason
    from staffing.services import reduction_reasons_install_defaults

    data = generate(spec)
    org = Organisation.objects.create(
        name=f"Synthetisch {spec.teams}×{spec.people_per_team}", slug=slug, kind="gecertificeerde_instelling"
    )
    case_types_install_defaults(organisation=org, valid_from=spec.start - dt.timedelta(days=365 * 3))
    reduction_reasons_install_defaults(organisation=org)
    types = {t.code: t for t in CaseType.objects.filter(organisation=org)}
    reasons = [ReductionReason.objects.get(organisation=org, code=c) for c in ("verzuim", "scholing")]
    teams = Team.objects.bulk_create([Team(organisation=org, name=f"Team {i + 1:04d}") for i in range(spec.teams)])
    people = Person.objects.bulk_create(
        [
            Person(
                organisation=org,
                team=teams[int(data.person_team[i])],
                name=f"Medewerker {i + 1:05d}",
                function=Function.YOUTH_PROTECTION_WORKER,
                contract_hours=Decimal(str(data.person_hours[i])),
                start_date=_date(int(data.person_start[i])),
                end_date=_date(int(data.person_end[i])),
            )
            for i in range(data.n_people)
        ],
        batch_size=2000,
    )
    ContractPeriod.objects.bulk_create(
        [ContractPeriod(person=p, valid_from=p.start_date, hours=p.contract_hours) for p in people], batch_size=2000
    )
    Reduction.objects.bulk_create(
        [
            Reduction(
                person=people[int(data.reduction_person[k])],
                reason=reasons[int(data.reduction_kind[k])],
                percent=int(data.reduction_percent[k]),
                start_date=_date(int(data.reduction_start[k])),
                end_date=_date(int(data.reduction_end[k])),
            )
            for k in range(data.reduction_person.size)
        ],
        batch_size=2000,
    )
    codes = [t[0] for t in TYPES]
    cases = Case.objects.bulk_create(
        [
            Case(
                organisation=org,
                team=teams[int(data.case_team[c])],
                reference=f"SYN-{c:08d}",
                case_type=types[codes[int(data.case_type[c])]],
                start_date=_date(int(data.case_start[c])),
                end_date=_date(int(data.case_end[c])),
                expected_end_date=_date(int(data.case_expected_end[c])),
            )
            for c in range(data.n_cases)
        ],
        batch_size=2000,
    )
    Assignment.objects.bulk_create(
        [
            Assignment(
                case=cases[int(data.assign_case[k])],
                person=people[int(data.assign_person[k])],
                start_date=_date(int(data.assign_start[k])),
                end_date=_date(int(data.assign_end[k])),
                share_percent=int(data.assign_share[k]),
            )
            for k in range(data.assign_case.size)
        ],
        batch_size=2000,
    )
    return org
