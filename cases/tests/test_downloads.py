"""The case list and the case types download as XLSX/CSV: every matching case, Dutch headers, the page's access."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cases.models import Case, Norm
from exports.testing import csv_rows, nl, number, xlsx_rows

pytestmark = pytest.mark.django_db


def test_the_case_list_downloads_every_matching_case_not_just_one_page(login) -> None:
    client = login("teammanager.noord")
    url = reverse("cases:index")
    page = client.get(url, {"status": "all"})
    expected = page.context["page"].paginator.object_list
    rows = csv_rows(client.get(url, {"status": "all", "formaat": "csv"}))
    assert len(rows) == expected.count() > 50  # more than one page of the list
    assert [r["Casusnummer"] for r in rows] == [c.reference for c in expected]
    first = expected.first()
    assert rows[0]["Start"] == first.start_date.isoformat()
    workbook = xlsx_rows(client.get(url, {"status": "open", "formaat": "xlsx"}))
    assert len(workbook) == expected.filter(end_date__isnull=True).count()
    assert all(r["Einde"] is None for r in workbook)


def test_the_case_list_download_has_the_pages_access(login) -> None:
    url = reverse("cases:index")
    assert login("jeugdbeschermer.noord").get(url, {"formaat": "csv"}).status_code == 403
    mine = login("teammanager.noord")
    references = {r["Casusnummer"] for r in csv_rows(mine.get(url, {"status": "all", "formaat": "csv"}))}
    own = set(Case.objects.filter(team__in=mine.get(url).context["teams"]).values_list("reference", flat=True))
    assert references == own
    assert own != set(Case.objects.filter(organisation__slug="veldstroom").values_list("reference", flat=True))


def test_the_norms_download_lists_every_version(login) -> None:
    client = login("teammanager.noord")
    response = client.get(reverse("cases:case_types"), {"formaat": "csv"})
    assert response["Content-Disposition"].endswith('.csv"')
    rows = csv_rows(response)
    norms = Norm.objects.filter(case_type__organisation__slug="veldstroom")
    assert len(rows) == norms.count() > 0
    by_key = {(r["Code"], r[nl("Valid from")]): r for r in rows}
    for norm in norms.select_related("case_type"):
        cell = by_key[(norm.case_type.code, norm.valid_from.isoformat())]["Norm (casussen per fte)"]
        assert number(cell) == (None if norm.per_fte is None else float(norm.per_fte))
    assert login("jeugdbeschermer.noord").get(reverse("cases:case_types"), {"formaat": "csv"}).status_code == 403


def test_a_cases_assignment_history_downloads(login) -> None:
    from cases.models import Assignment

    case = Case.objects.filter(
        team__name__icontains="noord", organisation__slug="veldstroom", assignments__isnull=False
    ).first()
    client = login("teammanager.noord")
    url = reverse("cases:case", kwargs={"case_id": case.id})
    rows = csv_rows(client.get(url, {"formaat": "csv"}))
    expected = Assignment.objects.filter(case=case).order_by("start_date", "id")
    assert [(r[nl("Professional")], int(r[nl("Share (%)")])) for r in rows] == [
        (a.person.name, a.share_percent) for a in expected
    ]
    assert login("jeugdbeschermer.noord").get(url, {"formaat": "csv"}).status_code in (403, 404)
    assert login("beheer.heidemeer").get(url, {"formaat": "csv"}).status_code == 404
