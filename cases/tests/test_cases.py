"""Case types and versioned norms, pseudonymous cases and their assignment history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.models import Assignment, Case, CaseType
from cases.services import case_assign, case_close, case_create, norm_add
from organisations.models import Organisation, Team

pytestmark = pytest.mark.django_db


def _org_team() -> tuple[Organisation, Team]:
    team = Team.objects.get(name="Team Noord")
    return team.organisation, team


def test_a_norm_change_applies_from_its_date_and_never_before_the_latest() -> None:
    org, _team = _org_team()
    ots = CaseType.objects.get(organisation=org, code="ots")
    latest = ots.norms.order_by("-valid_from").first()
    with pytest.raises(ValidationError) as error:
        norm_add(case_type=ots, valid_from=latest.valid_from, per_fte=Decimal("20"))
    assert "valid_from" in error.value.error_dict
    norm = norm_add(case_type=ots, valid_from=latest.valid_from + dt.timedelta(days=30), per_fte=Decimal("20"))
    assert ots.norms.count() == 2 and norm.per_fte == 20


def test_a_case_moves_and_keeps_its_history() -> None:
    org, team = _org_team()
    a, b = list(team.members.order_by("name")[:2])
    ots = CaseType.objects.get(organisation=org, code="ots")
    case = case_create(
        organisation=org, team=team, reference="TEST-MOVE-1", case_type=ots, start_date=dt.date(2026, 1, 1), person=a
    )
    case_assign(case=case, person=b, start_date=dt.date(2026, 3, 1))
    history = list(case.assignments.order_by("start_date").values_list("person_id", "start_date", "end_date"))
    assert history == [(a.id, dt.date(2026, 1, 1), dt.date(2026, 2, 28)), (b.id, dt.date(2026, 3, 1), None)]
    case_close(case=case, end_date=dt.date(2026, 4, 1))
    assert not Assignment.objects.filter(case=case, end_date__isnull=True).exists()


def test_a_bad_reference_is_refused_with_the_field_named(login) -> None:
    org, team = _org_team()
    client = login("teammanager.noord")
    ots = CaseType.objects.get(organisation=org, code="ots")
    before = Case.objects.count()
    response = client.post(
        reverse("cases:case_create"),
        {
            "reference": "Jan de Vries",
            "team": team.id,
            "case_type": ots.id,
            "start_date": "2026-11-01",
            "phase": "start",
            "children": 1,
            "share_percent": 100,
        },
    )
    assert response.status_code == 200
    assert "reference" in response.context["form"].errors
    assert Case.objects.count() == before
    assert "BSN" in response.content.decode()


def test_adding_and_moving_a_case_through_the_pages(login) -> None:
    org, team = _org_team()
    client = login("teammanager.noord")
    ots = CaseType.objects.get(organisation=org, code="ots")
    a, b = list(team.members.order_by("name")[:2])
    response = client.post(
        reverse("cases:case_create"),
        {
            "reference": "TEST-PAGE-1",
            "team": team.id,
            "case_type": ots.id,
            "start_date": "2026-11-01",
            "phase": "start",
            "children": 2,
            "person": a.id,
            "share_percent": 100,
        },
    )
    case = Case.objects.get(reference="TEST-PAGE-1")
    assert response.status_code == 302
    url = reverse("cases:case", kwargs={"case_id": case.id})
    client.post(
        url, {"action": "assign", "person": b.id, "start_date": "2026-11-10", "share_percent": 100, "replace": "on"}
    )
    assert list(case.assignments.filter(end_date__isnull=True).values_list("person_id", flat=True)) == [b.id]
    bad = client.post(url, {"action": "close", "end_date": "2026-01-01"})
    assert "end_date" in bad.context["close"].errors


def test_cases_of_another_organisation_are_not_found(login) -> None:
    case = Case.objects.filter(organisation__slug="heidemeer").first()
    assert login("teammanager.noord").get(reverse("cases:case", kwargs={"case_id": case.id})).status_code == 404


def test_the_case_list_and_the_norms_page(login) -> None:
    client = login("teammanager.noord")
    listing = client.get(reverse("cases:index"), {"status": "overdue"})
    assert listing.status_code == 200 and listing.context["page"].paginator.count > 0
    types = client.get(reverse("cases:case_types"))
    codes = {r["type"].code: r["current"] for r in types.context["rows"]}
    assert codes["ots"].per_fte == 21 and codes["ots"].first_year_per_fte == 16
    assert codes["gezin"].per_fte is None


def test_a_professional_cannot_manage_cases(login) -> None:
    assert login("jeugdbeschermer.noord").get(reverse("cases:index")).status_code == 403
