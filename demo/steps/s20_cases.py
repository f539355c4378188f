"""Two years of plausible case history per team: inflow, durations, moves, shared cases, absences.

A small weekly simulation: cases end at a rate that fits their type's usual duration, new cases arrive at
the rate that keeps the team near its target, and go to the member with the most room (with some noise,
and two members who say "yes" too often, so that the dashboard has deviations to discuss).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field

from cases.models import Assignment, Case, CaseType
from demo.context import DemoContext
from organisations.models import CASELOAD_FUNCTIONS, Organisation, Person, Team
from staffing.models import Reduction, ReductionReason

WEEKS = 104


@dataclass
class _Member:
    person: Person
    target: float
    eager: float = 1.0
    open: list[int] = field(default_factory=list)


@dataclass
class _Case:
    type_code: str
    start: dt.date
    expected_end: dt.date
    owner: int
    end: dt.date | None = None
    moved_to: tuple[int, dt.date] | None = None
    shared_with: int | None = None


TYPE_MIX = {
    "veldstroom": [("ots", 0.7, 60), ("voogdij", 0.2, 150), ("ambulant", 0.1, 30)],
    "heidemeer": [("gezin", 1.0, 40)],
}
TARGET_PER_FTE = {"veldstroom": 19.5, "heidemeer": 38.0}


def _pick_type(rng: random.Random, mix: list[tuple[str, float, int]]) -> tuple[str, int]:
    x, acc = rng.random(), 0.0
    for code, share, weeks in mix:
        acc += share
        if x <= acc:
            return code, weeks
    return mix[-1][0], mix[-1][2]


def _simulate(ctx: DemoContext, team: Team, members: list[_Member], mix: list[tuple[str, float, int]]) -> list[_Case]:
    rng = ctx.rng(f"cases-{team.name}")
    first_monday = ctx.today - dt.timedelta(days=ctx.today.weekday(), weeks=WEEKS)
    cases: list[_Case] = []
    for idx, m in enumerate(members):
        for _ in range(round(m.target)):
            code, weeks = _pick_type(rng, mix)
            start = first_monday - dt.timedelta(days=rng.randint(1, weeks * 7))
            expected = start + dt.timedelta(days=int(rng.gauss(weeks * 7, weeks * 1.5)))
            cases.append(_Case(code, start, max(expected, start + dt.timedelta(days=14)), idx))
            m.open.append(len(cases) - 1)
    mean_weeks = sum(share * weeks for _c, share, weeks in mix)
    weekly_inflow = sum(m.target for m in members) / mean_weeks
    for week in range(WEEKS):
        monday = first_monday + dt.timedelta(weeks=week)
        for m in members:
            for case_id in list(m.open):
                case = cases[case_id]
                weeks = next(w for c, _s, w in mix if c == case.type_code)
                if rng.random() < 1.0 / weeks:
                    case.end = monday + dt.timedelta(days=rng.randint(0, 4))
                    m.open.remove(case_id)
        arrivals = _poisson(rng, weekly_inflow)
        for _ in range(arrivals):
            code, weeks = _pick_type(rng, mix)
            start = monday + dt.timedelta(days=rng.randint(0, 4))
            if start > ctx.today:
                continue
            room = [(len(m.open) / (m.target * m.eager) if m.target else 99) + rng.random() * 0.15 for m in members]
            owner = min(range(len(members)), key=room.__getitem__)
            expected = start + dt.timedelta(days=int(rng.gauss(weeks * 7, weeks * 1.5)))
            cases.append(_Case(code, start, max(expected, start + dt.timedelta(days=14)), owner))
            members[owner].open.append(len(cases) - 1)
    for case in cases:
        if rng.random() < 0.08 and case.start < ctx.today - dt.timedelta(days=60):
            span_end = case.end or ctx.today
            move_day = case.start + (span_end - case.start) / 2
            case.moved_to = (rng.randrange(len(members)), move_day)
        elif rng.random() < 0.03:
            case.shared_with = rng.randrange(len(members))
    return cases


def _poisson(rng: random.Random, lam: float) -> int:
    threshold, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= threshold:
            return k
        k += 1


def _store(organisation: Organisation, team: Team, members: list[_Member], cases: list[_Case], prefix: str) -> None:
    types = {t.code: t for t in CaseType.objects.filter(organisation=organisation)}
    rows = [
        Case(
            organisation=organisation,
            team=team,
            reference=f"{prefix}-{c.start:%Y}-{i:05d}",
            case_type=types[c.type_code],
            start_date=c.start,
            end_date=c.end,
            expected_end_date=c.expected_end,
            phase="afronding" if c.end is None and c.expected_end < c.start + dt.timedelta(days=60) else "midden",
            children=1 + (i % 3 == 0) + (i % 7 == 0),
        )
        for i, c in enumerate(cases)
    ]
    Case.objects.bulk_create(rows, batch_size=500)
    stored = {c.reference: c for c in Case.objects.filter(team=team)}
    assignments = []
    for i, c in enumerate(cases):
        case = stored[rows[i].reference]
        owner = members[c.owner].person
        if c.moved_to and c.moved_to[0] != c.owner:
            day = c.moved_to[1]
            assignments.append(Assignment(case=case, person=owner, start_date=c.start, end_date=day))
            new_owner = members[c.moved_to[0]].person
            assignments.append(
                Assignment(case=case, person=new_owner, start_date=day + dt.timedelta(days=1), end_date=c.end)
            )
        elif c.shared_with is not None and c.shared_with != c.owner:
            other = members[c.shared_with].person
            assignments.append(
                Assignment(case=case, person=owner, start_date=c.start, end_date=c.end, share_percent=50)
            )
            assignments.append(
                Assignment(case=case, person=other, start_date=c.start, end_date=c.end, share_percent=50)
            )
        else:
            assignments.append(Assignment(case=case, person=owner, start_date=c.start, end_date=c.end))
    Assignment.objects.bulk_create(assignments, batch_size=1000)


def _reductions(ctx: DemoContext, organisation: Organisation, people: list[Person]) -> None:
    reasons = {r.code: r for r in ReductionReason.objects.filter(organisation=organisation)}
    today = ctx.today
    if len(people) < 4:
        return
    Reduction.objects.create(
        person=people[1],
        reason=reasons["verzuim"],
        percent=100,
        start_date=today - dt.timedelta(weeks=5),
        end_date=today + dt.timedelta(weeks=2),
    )
    Reduction.objects.create(
        person=people[2],
        reason=reasons["scholing"],
        percent=10,
        start_date=today - dt.timedelta(weeks=20),
        end_date=today + dt.timedelta(weeks=10),
        note="Opleiding systemisch werken",
    )
    Reduction.objects.create(
        person=people[3],
        reason=reasons["or_werk"],
        percent=10,
        start_date=today - dt.timedelta(weeks=60),
    )


def run(ctx: DemoContext) -> None:
    for organisation in Organisation.objects.filter(slug__in=TYPE_MIX):
        mix, per_fte = TYPE_MIX[organisation.slug], TARGET_PER_FTE[organisation.slug]
        for team in organisation.teams.all():
            if Case.objects.filter(team=team).exists():
                continue
            people = [p for p in team.members.order_by("name") if p.function in CASELOAD_FUNCTIONS]
            members = [_Member(p, per_fte * p.fte) for p in people]
            for eager in members[4:6]:
                eager.eager = 1.25
            cases = _simulate(ctx, team, members, mix)
            prefix = {"veldstroom": "JBV", "heidemeer": "HM"}[organisation.slug] + team.name.split()[-1][:3].upper()
            _store(organisation, team, members, cases, prefix)
            _reductions(ctx, organisation, people)
