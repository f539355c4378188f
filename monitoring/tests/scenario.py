"""A small fixed scenario, computed by hand in caseload_core/tests/test_team.py, built through the services.

Two people in a new team of Veldstroom: A full time (27 of 36 hours from Monday 26 January 2026), B half
time with a 50% sick-leave reduction Thursday–Sunday of the week of 12 January. Case types Z0 (norm 20,
first year 10) and Z1 (norm 25, 20 from Thursday 22 January). c1 (Z0, started 20 January 2025) with A;
c2 (Z1, from 14 January) with A, moved to B on 21 January; c3 (Z1) shared 50/50, closed 6 January.
A band of 0.5–1.5 cases per FTE from 12 January.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from cases.models import Case, CaseType, Norm
from cases.services import case_assign, case_close, case_create
from monitoring.models import Bandwidth
from organisations.models import Function, Organisation, Person, Team
from organisations.services import person_create, team_create
from staffing.models import ReductionReason
from staffing.services import contract_change, reduction_add

START, END = dt.date(2026, 1, 5), dt.date(2026, 2, 1)
D = dt.date


@dataclass
class Scenario:
    team: Team
    a: Person
    b: Person
    c1: Case
    c2: Case
    c3: Case


def build() -> Scenario:
    org = Organisation.objects.get(slug="veldstroom")
    team = team_create(organisation=org, name="Testteam Zeta")
    a = person_create(
        organisation=org,
        team=team,
        name="Zeta A",
        function=Function.YOUTH_PROTECTION_WORKER,
        contract_hours=Decimal("36"),
        start_date=D(2020, 1, 1),
    )
    b = person_create(
        organisation=org,
        team=team,
        name="Zeta B",
        function=Function.YOUTH_PROTECTION_WORKER,
        contract_hours=Decimal("18"),
        start_date=D(2025, 1, 1),
    )
    contract_change(person=a, valid_from=D(2026, 1, 26), hours=Decimal("27"))
    reduction_add(
        person=b,
        reason=ReductionReason.objects.get(organisation=org, code="verzuim"),
        percent=50,
        start_date=D(2026, 1, 15),
        end_date=D(2026, 1, 18),
    )
    z0 = CaseType.objects.create(organisation=org, code="zeta0", name="Zeta nul")
    z1 = CaseType.objects.create(organisation=org, code="zeta1", name="Zeta een")
    Norm.objects.create(case_type=z0, valid_from=D(2020, 1, 1), per_fte=20, first_year_per_fte=10)
    Norm.objects.create(case_type=z1, valid_from=D(2020, 1, 1), per_fte=25)
    Norm.objects.create(case_type=z1, valid_from=D(2026, 1, 22), per_fte=20)
    c1 = case_create(
        organisation=org,
        team=team,
        reference="ZETA-1",
        case_type=z0,
        start_date=D(2025, 1, 20),
        expected_end_date=D(2026, 2, 20),
        person=a,
    )
    c2 = case_create(
        organisation=org,
        team=team,
        reference="ZETA-2",
        case_type=z1,
        start_date=D(2026, 1, 14),
        expected_end_date=D(2026, 6, 1),
        person=a,
    )
    case_assign(case=c2, person=b, start_date=D(2026, 1, 21))
    c3 = case_create(
        organisation=org,
        team=team,
        reference="ZETA-3",
        case_type=z1,
        start_date=D(2025, 6, 1),
        expected_end_date=D(2025, 12, 1),
        person=a,
        share_percent=50,
    )
    case_assign(case=c3, person=b, start_date=D(2025, 6, 1), share_percent=50, replace=False)
    case_close(case=c3, end_date=D(2026, 1, 6))
    Bandwidth.objects.create(
        team=team, valid_from=D(2026, 1, 12), lower_per_fte=Decimal("0.5"), upper_per_fte=Decimal("1.5")
    )
    return Scenario(team, a, b, c1, c2, c3)
