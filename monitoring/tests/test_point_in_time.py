"""The caseload on a date (peildatum): the command, the reconciliation page and download, the API, access,
and one count per case and person in a week also across a handover to themselves."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections import defaultdict

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Q
from django.urls import reverse

from api.services import api_token_create
from api.tests.conftest import bearer
from cases.models import Assignment, Case, CaseType
from exports.testing import csv_rows, xlsx_rows
from monitoring.selectors import team_figures
from organisations.models import Function, Person, Team

pytestmark = pytest.mark.django_db

DATES = [
    dt.date(2025, 3, 31),
    dt.date(2025, 9, 14),
    dt.date(2026, 1, 5),
    dt.date(2026, 6, 30),
    dt.date(2026, 11, 22),
    dt.date(2026, 11, 23),
]


@pytest.fixture
def token() -> str:
    return api_token_create(organisation=_noord().organisation, name="peildatum")[1]


@pytest.fixture
def other_token() -> str:
    heidemeer = Team.objects.filter(organisation__slug="heidemeer").first().organisation
    return api_token_create(organisation=heidemeer, name="peildatum")[1]


def _noord() -> Team:
    return Team.objects.get(organisation__slug="veldstroom", name="Team Noord")


def _command(team: Team, day: dt.date, fmt: str = "json") -> str:
    out = io.StringIO()
    call_command(
        "caseload", organisation=team.organisation.slug, team=team.name, on=day.isoformat(), format=fmt, stdout=out
    )
    return out.getvalue()


def _independent(team: Team, day: dt.date) -> dict[str, int]:
    """Per person of the team: the distinct cases of their assignments with start ≤ day ≤ last day carried."""
    cases: dict[str, set[int]] = defaultdict(set)
    for a in Assignment.objects.filter(person__team=team).select_related("person"):
        if a.start_date <= day and (a.end_date is None or a.end_date >= day):
            cases[a.person.name].add(a.case_id)
    return {name: len(ids) for name, ids in cases.items()}


@pytest.mark.parametrize("day", DATES)
def test_the_command_counts_as_an_independent_count_from_the_demo_data(day) -> None:
    team = _noord()
    rows = json.loads(_command(team, day))
    counted = {r["person"]: r["open_cases"] for r in rows if r["open_cases"]}
    assert counted == _independent(team, day)
    assert set(rows[0]) == {"person", "employee_number", "open_cases", "fte"}
    employed = Person.objects.filter(team=team, start_date__lte=day).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=day)
    )
    by_name = {r["person"]: r for r in rows}
    for person in employed.filter(function__in=[Function.YOUTH_PROTECTION_WORKER, Function.YOUTH_CONSULTANT]):
        assert person.name in by_name  # every member with a caseload function is listed, also with 0 cases


def test_the_demo_has_cases_on_the_dates_so_that_the_comparison_can_fail() -> None:
    assert all(sum(_independent(_noord(), day).values()) > 10 for day in DATES[2:])


def test_the_command_prints_the_staff_number_and_the_contract_fte() -> None:
    team = _noord()
    person = Person.objects.filter(team=team, function=Function.YOUTH_PROTECTION_WORKER).order_by("name")[0]
    person.employee_number = "M109"
    person.save(update_fields=["employee_number"])
    rows = {r["person"]: r for r in json.loads(_command(team, dt.date(2026, 11, 23)))}
    assert rows[person.name]["employee_number"] == "M109"
    numbers = dict(Person.objects.filter(team=team).values_list("name", "employee_number"))
    assert {n: r["employee_number"] for n, r in rows.items()} == {n: numbers[n] or None for n in rows}
    hours = person.contract_periods.filter(valid_from__lte=dt.date(2026, 11, 23)).order_by("valid_from").last()
    expected = float(hours.hours if hours else person.contract_hours) / float(team.organisation.fulltime_hours)
    assert rows[person.name]["fte"] == pytest.approx(expected, abs=1e-4)


def test_csv_and_table_formats_carry_the_same_counts() -> None:
    team, day = _noord(), dt.date(2026, 6, 30)
    expected = {r["person"]: r["open_cases"] for r in json.loads(_command(team, day))}
    lines = _command(team, day, "csv").strip().splitlines()
    assert lines[0] == "person,employee_number,open_cases,fte"
    assert {line.split(",")[0]: int(line.split(",")[2]) for line in lines[1:]} == expected
    table = _command(team, day, "table")
    assert "Team Noord op 30-06-2026" in table
    for name, count in expected.items():
        assert any(line.startswith(name) and line.split()[-2] == str(count) for line in table.splitlines())


def test_the_command_names_an_unknown_organisation_team_or_date() -> None:
    with pytest.raises(CommandError, match="bestaat-niet"):
        call_command("caseload", organisation="bestaat-niet", team="Team Noord", on="2026-01-05")
    with pytest.raises(CommandError, match="Team Nergens"):
        call_command("caseload", organisation="veldstroom", team="Team Nergens", on="2026-01-05")
    with pytest.raises(CommandError, match="5-1-2026"):
        call_command("caseload", organisation="veldstroom", team="Team Noord", on="5-1-2026")


# ---------------------------------------------------------------- a handover to the same person


@pytest.fixture
def handover_to_self() -> tuple[Person, Case]:
    """A case carried by one person until Wednesday 14-01-2026 and again from Thursday 15-01 (one week)."""
    team = _noord()
    person = Person.objects.filter(team=team, function=Function.YOUTH_PROTECTION_WORKER).order_by("name")[0]
    case = Case.objects.create(
        organisation=team.organisation,
        team=team,
        reference="PEIL-ZELF-1",
        case_type=CaseType.objects.filter(organisation=team.organisation).order_by("id")[0],
        start_date=dt.date(2025, 12, 1),
    )
    Assignment.objects.create(case=case, person=person, start_date=dt.date(2025, 12, 1), end_date=dt.date(2026, 1, 14))
    Assignment.objects.create(case=case, person=person, start_date=dt.date(2026, 1, 15))
    return person, case


def test_a_case_handed_over_to_the_same_person_counts_once_in_that_week(handover_to_self) -> None:
    person, case = handover_to_self
    team = _noord()
    figures = team_figures(team, start=dt.date(2026, 1, 5), end=dt.date(2026, 1, 25))
    member = figures.member(person.id)
    Assignment.objects.filter(case=case).delete()
    without = team_figures(team, start=dt.date(2026, 1, 5), end=dt.date(2026, 1, 25)).member(person.id)
    # the weeks of 5, 12 and 19 January: one more case each week, also in the week of the handover
    assert (member.figures.count - without.figures.count).tolist() == [1, 1, 1]
    assert (
        figures.team.count - team_figures(team, start=dt.date(2026, 1, 5), end=dt.date(2026, 1, 25)).team.count
    ).tolist() == [1, 1, 1]


def test_on_the_handover_days_the_case_counts_once(handover_to_self) -> None:
    person, _case = handover_to_self
    for day in (dt.date(2026, 1, 14), dt.date(2026, 1, 15)):
        rows = {r["person"]: r["open_cases"] for r in json.loads(_command(_noord(), day))}
        assert rows[person.name] == _independent(_noord(), day)[person.name]


# ---------------------------------------------------------------- the page and the download


def _url(team: Team) -> str:
    return reverse("monitoring:reconciliation", kwargs={"team_id": team.id})


@pytest.mark.parametrize("fmt,read", [("csv", csv_rows), ("xlsx", xlsx_rows)])
def test_the_download_lists_the_cases_the_command_counts(login, fmt, read, handover_to_self) -> None:
    team = _noord()
    client = login("teammanager.noord")
    for day in (dt.date(2026, 1, 14), dt.date(2026, 6, 30)):
        response = client.get(_url(team), {"peildatum": day.isoformat(), "formaat": fmt})
        assert response.status_code == 200
        rows = read(response)
        references: dict[str, list[str]] = defaultdict(list)
        stated: dict[str, int] = {}
        for row in rows:
            stated[row["Naam"]] = int(row["Open casussen op de peildatum"])
            if row["Casusnummer"]:
                references[row["Naam"]].append(row["Casusnummer"])
        expected = {r["person"]: r["open_cases"] for r in json.loads(_command(team, day))}
        assert stated == expected
        assert {n: len(refs) for n, refs in references.items()} == {n: c for n, c in expected.items() if c}
        assert all(len(set(refs)) == len(refs) for refs in references.values())  # each case once per person
    person, _case = handover_to_self
    rows = csv_rows(client.get(_url(team), {"peildatum": "2026-01-15", "formaat": "csv"}))
    mine = [r for r in rows if r["Casusnummer"] == "PEIL-ZELF-1"]
    assert len(mine) == 1 and mine[0]["Naam"] == person.name
    assert mine[0]["Toegewezen vanaf"] == "2026-01-15" and mine[0]["Laatste dag toegewezen"] == ""


def test_a_formula_like_reference_is_not_a_live_formula(login) -> None:
    team = _noord()
    person = Person.objects.filter(team=team, function=Function.YOUTH_PROTECTION_WORKER).order_by("name")[0]
    person.employee_number = "=HYPERLINK(1)"
    person.save(update_fields=["employee_number"])
    response = login("teammanager.noord").get(_url(team), {"peildatum": "2026-06-30", "formaat": "csv"})
    row = next(r for r in csv_rows(response) if r["Naam"] == person.name)
    assert row["Medewerkernummer"] == "'=HYPERLINK(1)"


def test_the_page_shows_the_counts_and_refuses_a_bad_date(login) -> None:
    team = _noord()
    client = login("teammanager.noord")
    page = client.get(_url(team), {"peildatum": "2026-06-30"})
    assert page.status_code == 200
    result = page.context["result"]
    assert {p.name: p.open_cases for p in result.people if p.open_cases} == _independent(team, dt.date(2026, 6, 30))
    weekly = {
        m.person_id: float(m.figures.count[-1])
        for m in team_figures(team, start=dt.date(2026, 6, 30), end=dt.date(2026, 6, 30)).members
    }
    shown = {r["person"].person_id: r["weekly"] for r in page.context["rows"]}
    assert shown == {pid: weekly.get(pid, 0.0) for pid in shown}
    shared = set(
        Assignment.objects.filter(person__team=team, share_percent__lt=100).values_list("person_id", flat=True)
    )
    for r in page.context["rows"]:
        if r["person"].person_id not in shared:
            assert r["weekly"] >= r["person"].open_cases  # the week is never below a day of it
    html = page.content.decode()
    assert (
        "30 juni 2026" in html and "29 juni 2026" in html and "formaat=csv" in html and "peildatum=2026-06-30" in html
    )
    bad = client.get(_url(team), {"peildatum": "31-02-2026"})
    assert bad.status_code == 400
    assert "result" not in bad.context and 'aria-invalid="true"' in bad.content.decode()
    today = client.get(_url(team))
    assert today.status_code == 200 and today.context["result"].day == dt.date(2026, 11, 23)


def test_the_dashboard_links_to_it_and_states_the_weeks_definition(login) -> None:
    team = _noord()
    html = login("teammanager.noord").get(reverse("monitoring:team", kwargs={"team_id": team.id})).content.decode()
    assert _url(team) in html and 'name="peildatum"' in html
    assert "Een casus telt mee in elke week waarin hij op minstens één dag openstaat" in html


@pytest.mark.parametrize(
    "username,status",
    [
        ("teammanager.noord", 200),
        ("gedragswetenschapper.noord", 200),
        ("hr.veldstroom", 200),
        ("beheer.veldstroom", 200),
        ("jeugdbeschermer.noord", 403),  # a professional sees their own figures only
        ("or.veldstroom", 403),  # the works council sees aggregates only
        ("beleid.veldstroom", 403),
    ],
)
def test_access_is_that_of_the_dashboard(login, username, status) -> None:
    client = login(username)
    team = _noord()
    assert client.get(_url(team), {"peildatum": "2026-06-30", "formaat": "csv"}).status_code == status
    assert client.get(reverse("monitoring:team", kwargs={"team_id": team.id})).status_code == status


def test_another_organisations_team_does_not_exist(login) -> None:
    other = Team.objects.filter(organisation__slug="heidemeer").first()
    assert login("teammanager.noord").get(_url(other), {"formaat": "csv"}).status_code == 404
    assert login("beheer.veldstroom").get(_url(other)).status_code == 404


def test_another_teams_manager_is_refused(login) -> None:
    zuid = Team.objects.get(organisation__slug="veldstroom", name="Team Zuid")
    assert login("teammanager.noord").get(_url(zuid), {"formaat": "xlsx"}).status_code == 403


# ---------------------------------------------------------------- the API


def test_the_api_serves_the_same_counts(client, token) -> None:
    team, day = _noord(), dt.date(2026, 6, 30)
    response = client.get(
        reverse("api:v1:caseload_on_date"), {"team": team.id, "date": day.isoformat()}, headers=bearer(token)
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert {p["person"]: p["openCases"] for p in body["people"]} == {
        r["person"]: r["open_cases"] for r in json.loads(_command(team, day))
    }
    assert set(body["people"][0]) == {"personId", "person", "employeeNumber", "openCases", "fte"}
    distinct = {
        a.case_id
        for a in Assignment.objects.filter(person__in=[p["personId"] for p in body["people"]])
        if a.start_date <= day and (a.end_date is None or a.end_date >= day)
    }
    assert body["openCases"] == len(distinct) > 0


def test_the_api_does_not_show_another_organisations_team(client, other_token) -> None:
    response = client.get(
        reverse("api:v1:caseload_on_date"), {"team": _noord().id, "date": "2026-06-30"}, headers=bearer(other_token)
    )
    assert response.status_code == 404
