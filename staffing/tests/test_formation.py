"""Reductions within their maxima, the new-employee ramp, contract changes and vacancies."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from monitoring.selectors import person_figures
from organisations.models import Team
from staffing.models import ContractPeriod, Reduction, ReductionReason, Vacancy
from staffing.services import contract_change, new_employee_ramp, reduction_add

pytestmark = pytest.mark.django_db


def _person():
    return Team.objects.get(name="Team Zuid").members.order_by("name").first()


def test_a_reduction_above_the_reasons_maximum_is_refused() -> None:
    person = _person()
    training = ReductionReason.objects.get(organisation=person.organisation, code="scholing")
    with pytest.raises(ValidationError) as error:
        reduction_add(person=person, reason=training, percent=60, start_date=dt.date(2026, 1, 1))
    assert "percent" in error.value.error_dict


def test_an_empty_percentage_takes_the_reasons_default() -> None:
    person = _person()
    training = ReductionReason.objects.get(organisation=person.organisation, code="scholing")
    reduction = reduction_add(person=person, reason=training, percent=None, start_date=dt.date(2026, 1, 1))
    assert reduction.percent == training.default_percent == 10


def test_the_new_employee_ramp_is_half_then_three_quarters() -> None:
    person = _person()
    reductions = new_employee_ramp(person=person, start_date=dt.date(2026, 1, 15))
    assert [(r.percent, r.start_date, r.end_date) for r in reductions] == [
        (50, dt.date(2026, 1, 15), dt.date(2026, 4, 14)),
        (25, dt.date(2026, 4, 15), dt.date(2026, 7, 14)),
    ]
    fte = person.fte
    f = person_figures(person, start=dt.date(2026, 2, 2), end=dt.date(2026, 8, 2)).figures
    assert f.deployable_fte[0] == pytest.approx(fte * 0.5)
    assert f.deployable_fte[12] == pytest.approx(fte * 0.75)  # week of 27 April
    assert f.deployable_fte[-1] == pytest.approx(fte)


def test_a_contract_change_applies_from_its_date() -> None:
    person = _person()
    contract_change(person=person, valid_from=dt.date(2026, 6, 1), hours=Decimal("18"))
    assert ContractPeriod.objects.filter(person=person).count() == 2
    f = person_figures(person, start=dt.date(2026, 5, 18), end=dt.date(2026, 6, 7)).figures
    assert f.contracted_fte[0] == pytest.approx(person.fte)
    assert f.contracted_fte[-1] == pytest.approx(0.5)


def test_the_formation_page_adds_a_reduction_and_a_vacancy(login) -> None:
    team = Team.objects.get(name="Team Noord")
    person = team.members.order_by("name").first()
    reason = ReductionReason.objects.get(organisation=team.organisation, code="verlof")
    client = login("teammanager.noord")
    url = reverse("staffing:team", kwargs={"team_id": team.id})
    response = client.post(
        url,
        {
            "form": "reduction",
            "person": person.id,
            "reason": reason.id,
            "percent": 100,
            "start_date": "2026-12-01",
            "end_date": "2026-12-14",
        },
    )
    assert response.status_code == 302
    assert Reduction.objects.filter(person=person, reason=reason).exists()
    client.post(url, {"form": "vacancy", "fte": "0.5", "vacancy_start": "2026-11-01"})
    assert Vacancy.objects.filter(team=team, fte=Decimal("0.5")).exists()
    page = client.get(url)
    assert page.status_code == 200 and page.context["weeks"]


def test_reasons_are_saved_all_or_nothing(login) -> None:
    client = login("beheer.veldstroom")
    reasons = list(ReductionReason.objects.filter(organisation__slug="veldstroom"))
    data = {}
    for r in reasons:
        data |= {
            f"r{r.id}-label": r.label + " X",
            f"r{r.id}-default_percent": r.default_percent,
            f"r{r.id}-max_percent": r.max_percent,
        }
    data[f"r{reasons[-1].id}-default_percent"] = 90
    data[f"r{reasons[-1].id}-max_percent"] = 10
    response = client.post(reverse("staffing:reasons"), data)
    assert response.status_code == 200
    assert not ReductionReason.objects.filter(organisation__slug="veldstroom", label__endswith=" X").exists()


def test_a_professional_cannot_see_the_formation(login) -> None:
    assert login("jeugdbeschermer.noord").get(reverse("staffing:index")).status_code == 403
