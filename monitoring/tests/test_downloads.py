"""The monitoring tables download as XLSX and CSV with Dutch headers, the same figures and the page's access."""

from __future__ import annotations

import pytest
from django.urls import reverse

from exports.testing import csv_rows, nl, number, xlsx_rows
from monitoring.models import CaseloadMeeting
from monitoring.selectors import person_figures, team_figures
from organisations.models import Team

pytestmark = pytest.mark.django_db


def _noord() -> Team:
    return Team.objects.get(organisation__slug="veldstroom", name__icontains="noord")


def test_the_member_table_downloads_with_the_dashboards_figures(login) -> None:
    team = _noord()
    client = login("teammanager.noord")
    url = reverse("monitoring:team", kwargs={"team_id": team.id})
    page = client.get(url)
    period = page.context["period"]
    figures = team_figures(team, start=period.start, end=period.end)
    rows = csv_rows(client.get(url, {"formaat": "csv", "tabel": "leden"}))
    assert len(rows) == len(figures.members) > 0
    by_name = {r["Naam"]: r for r in rows}
    for member in figures.members:
        row = by_name[member.name]
        assert number(row["Casussen"]) == pytest.approx(float(member.figures.count[-1]), abs=0.005)
        assert number(row["Inzetbare fte vandaag"]) == pytest.approx(member.now.deployable_fte, abs=0.005)
        assert number(row["Inzetbare fte, gemiddelde van de week"]) == pytest.approx(
            float(member.figures.deployable_fte[-1]), abs=0.005
        )
    shown = {r["name"]: r for r in page.context["rows"]}
    assert {n: number(r["Casussen"]) for n, r in by_name.items()} == {n: round(r["count"], 2) for n, r in shown.items()}
    workbook = xlsx_rows(client.get(url, {"formaat": "xlsx", "tabel": "leden"}))
    assert {r["Naam"]: r["Casussen"] for r in workbook} == {n: round(r["count"], 2) for n, r in shown.items()}


def test_the_team_weeks_download_keeps_the_period(login) -> None:
    team = _noord()
    client = login("teammanager.noord")
    url = reverse("monitoring:team", kwargs={"team_id": team.id})
    response = client.get(url, {"weeks": "13", "formaat": "xlsx", "tabel": "weken"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    rows = xlsx_rows(response)
    period = client.get(url, {"weeks": "13"}).context["period"]
    figures = team_figures(team, start=period.start, end=period.end)
    assert len(rows) == len(figures.mondays)
    assert [r["Casussen"] for r in rows] == [round(float(v), 2) for v in figures.team.count]
    page = client.get(url, {"weeks": "13"}).content.decode()
    assert "formaat=csv" in page and "weeks=13" in page and "tabel=weken" in page


def test_another_teams_manager_and_the_works_council_get_no_member_rows(login) -> None:
    team = _noord()
    url = reverse("monitoring:team", kwargs={"team_id": team.id})
    assert login("teammanager.midden").get(url, {"formaat": "csv"}).status_code in (403, 404)
    assert login("or.veldstroom").get(url, {"formaat": "csv"}).status_code in (403, 404)
    assert login("beheer.heidemeer").get(url, {"formaat": "csv"}).status_code in (403, 404)


def test_the_person_download_equals_person_figures(login) -> None:
    team = _noord()
    client = login("teammanager.noord")
    team_page = client.get(reverse("monitoring:team", kwargs={"team_id": team.id}))
    person_id = team_page.context["figures"].members[0].person_id
    url = reverse("monitoring:person", kwargs={"person_id": person_id})
    page = client.get(url)
    assert page.status_code == 200
    figures = person_figures(page.context["person"], start=page.context["period"].start, end=page.context["period"].end)
    rows = csv_rows(client.get(url, {"formaat": "csv"}))
    assert [number(r["Casussen"]) for r in rows] == [round(float(v), 2) for v in figures.figures.count]
    assert login("teammanager.midden").get(url, {"formaat": "csv"}).status_code in (403, 404)


def test_the_organisation_comparison_downloads_and_suppresses_small_teams_for_the_works_council(login) -> None:
    url = reverse("monitoring:organisation")
    full = login("beleid.heidemeer")
    page = full.get(url)
    rows = csv_rows(full.get(url, {"formaat": "csv"}))
    assert [r["Team"] for r in rows] == [r["team"].name for r in page.context["rows"]]
    for row, shown in zip(rows, page.context["rows"], strict=True):
        assert number(row["Casussen"]) == round(shown["count"], 2)
    council = login("or.heidemeer")
    council_page = council.get(url)
    council_rows = xlsx_rows(council.get(url, {"formaat": "xlsx"}))
    assert "Leden boven" not in council_rows[0] and "Leden onder" not in council_rows[0]
    for row, shown in zip(council_rows, council_page.context["rows"], strict=True):
        if shown["suppressed"]:
            assert row["Casussen"] is None and row["Leden met caseload"] is None
        else:
            assert row["Casussen"] == round(shown["count"], 2)
    professional = login("jeugdconsulent.heidemeer")
    assert professional.get(url).status_code == 403
    assert professional.get(url, {"formaat": "csv"}).status_code == 403


def test_the_meetings_list_downloads(login) -> None:
    team = CaseloadMeeting.objects.filter(team__organisation__slug="heidemeer").first().team
    client = login("beheer.heidemeer")
    url = reverse("monitoring:meetings", kwargs={"team_id": team.id})
    rows = csv_rows(client.get(url, {"formaat": "csv"}))
    meetings = CaseloadMeeting.objects.filter(team=team)
    assert [r["Datum"] for r in rows] == [m.date.isoformat() for m in meetings]
    assert [int(r["Afspraken"]) for r in rows] == [m.agreements.count() for m in meetings]
    assert login("beheer.veldstroom").get(url, {"formaat": "csv"}).status_code in (403, 404)


def test_a_meetings_frozen_figures_download(login) -> None:
    meeting = CaseloadMeeting.objects.filter(team__organisation__slug="veldstroom").exclude(snapshot={}).first()
    client = login("beheer.veldstroom")
    url = reverse("monitoring:meeting", kwargs={"meeting_id": meeting.id})
    rows = csv_rows(client.get(url, {"formaat": "csv"}))
    members = meeting.snapshot["members"]
    assert [r["Naam"] for r in rows[: len(members)]] == [m["name"] for m in members]
    assert [number(r["Casussen"]) for r in rows[: len(members)]] == [round(m["count"], 2) for m in members]
    assert rows[-1]["Naam"] == "Team" and number(rows[-1]["Casussen"]) == round(meeting.snapshot["team"]["count"], 2)
    assert login("beheer.heidemeer").get(url, {"formaat": "csv"}).status_code in (403, 404)


def test_the_what_if_result_downloads(login) -> None:
    from cases.models import CaseType

    team = _noord()
    case_type = CaseType.objects.filter(organisation__slug="veldstroom").first()
    client = login("teammanager.noord")
    url = reverse("monitoring:what_if", kwargs={"team_id": team.id})
    query = {"case_type": case_type.id, "share": 100}
    shown = client.get(url, query).context["rows"]
    assert shown
    rows = xlsx_rows(client.get(url, {**query, "formaat": "xlsx"}))
    assert [r["Naam"] for r in rows] == [s["name"] for s in shown]
    assert [r[nl("With the new case")] for r in rows] == [round(s["count_with"], 2) for s in shown]
    assert login("teammanager.midden").get(url, {**query, "formaat": "csv"}).status_code in (403, 404)


def test_the_non_deployable_formation_downloads_with_the_pages_reasons(login) -> None:
    client = login("hr.veldstroom")
    for team in Team.objects.filter(organisation__slug="veldstroom").order_by("name"):
        url = reverse("monitoring:team", kwargs={"team_id": team.id})
        shown = client.get(url).context["non_deployable"]
        if shown:
            break
    else:
        pytest.fail("the demo has no team with non-deployable formation this week")
    rows = csv_rows(client.get(url, {"formaat": "csv", "tabel": "inzetbaarheid"}))
    assert [(r["Reden"], number(r["fte niet inzetbaar"])) for r in rows] == [
        (str(r["label"]), round(r["fte"], 2)) for r in shown
    ]
    period = client.get(url).context["period"]
    figures = team_figures(team, start=period.start, end=period.end)
    expected = sum(figures.reduction_fte_now.values()) + figures.vacancy_fte_now
    assert sum(number(r["fte niet inzetbaar"]) for r in rows) == pytest.approx(expected, abs=0.01 * len(rows))
