"""The dashboard, person page, organisation page, what-if and meetings: figures, access and behaviour."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cases.models import CaseType
from cases.services import case_create
from monitoring.models import CaseloadMeeting
from monitoring.services import agreement_add, meeting_create
from monitoring.tests.scenario import END, START, build
from organisations.models import Person, Team

pytestmark = pytest.mark.django_db

PERIOD = {"weeks": "custom", "start": START.isoformat(), "end": END.isoformat()}


def test_the_dashboard_shows_the_hand_computed_figures(login) -> None:
    s = build()
    client = login("beheer.veldstroom")
    response = client.get(reverse("monitoring:team", kwargs={"team_id": s.team.id}), PERIOD)
    assert response.status_code == 200
    rows = {r["name"]: r for r in response.context["rows"]}
    a = rows["Zeta A"]
    assert a["count"] == 1 and a["deployable"] == pytest.approx(0.75)
    assert a["deviation"] == pytest.approx((0.05 - 0.75) / 0.75 * 100)
    assert a["band_lower"] == pytest.approx(0.375) and a["band_upper"] == pytest.approx(1.125)
    assert a["signal"] == "ok"
    assert rows["Zeta B"]["count"] == 1
    html = response.content.decode()
    assert "-93%" in html and "ZETA" not in html.split("<h2")[0]


def test_a_member_outside_the_band_is_flagged_with_the_weeks(login) -> None:
    s = build()
    client = login("beheer.veldstroom")
    period = PERIOD | {"end": "2026-01-25"}
    response = client.get(reverse("monitoring:team", kwargs={"team_id": s.team.id}), period)
    a = next(r for r in response.context["rows"] if r["name"] == "Zeta A")
    assert a["signal"] == "high"
    assert a["weeks_outside"] >= 3
    assert a["since"] <= dt.date(2026, 1, 5)


def test_sorting_by_deviation_descending(login) -> None:
    client = login("teammanager.noord")
    team = Team.objects.get(name="Team Noord")
    response = client.get(reverse("monitoring:team", kwargs={"team_id": team.id}), {"sort": "deviation", "dir": "desc"})
    values = [r["deviation"] for r in response.context["rows"] if r["deviation"] is not None]
    assert values == sorted(values, reverse=True) and len(values) > 5


def test_sorting_with_htmx_returns_only_the_member_table(login) -> None:
    client = login("teammanager.noord")
    team = Team.objects.get(name="Team Noord")
    url = reverse("monitoring:team", kwargs={"team_id": team.id})
    response = client.get(url, {"sort": "weeks", "dir": "desc", "part": "members"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="members"') and "<h1" not in html
    full = client.get(url, {"sort": "weeks", "dir": "desc"})
    names = [r["name"] for r in full.context["rows"]]
    weeks = [r["weeks_outside"] for r in full.context["rows"]]
    assert weeks == sorted(weeks, reverse=True)
    positions = [html.index(name) for name in names]
    assert positions == sorted(positions)


def test_a_bad_custom_period_gets_a_message_and_the_default_period(login) -> None:
    client = login("teammanager.noord")
    team = Team.objects.get(name="Team Noord")
    response = client.get(
        reverse("monitoring:team", kwargs={"team_id": team.id}),
        {"weeks": "custom", "start": "2026-05-01", "end": "2026-01-01"},
    )
    assert response.status_code == 200
    assert response.context["period"].weeks == 13
    assert "begindatum" in response.content.decode() or "start date" in response.content.decode()


def test_a_professional_sees_only_their_own_figures(login) -> None:
    client = login("jeugdbeschermer.noord")
    own = Person.objects.get(user__username="jeugdbeschermer.noord")
    other = Person.objects.filter(team=own.team).exclude(pk=own.pk).first()
    assert client.get(reverse("monitoring:person", kwargs={"person_id": own.id})).status_code == 200
    assert client.get(reverse("monitoring:person", kwargs={"person_id": other.id})).status_code == 403
    assert client.get(reverse("monitoring:team", kwargs={"team_id": own.team_id})).status_code == 403
    index = client.get(reverse("monitoring:index"))
    assert index.status_code == 302
    assert index["Location"] == reverse("monitoring:person", kwargs={"person_id": own.id})


def test_another_organisations_team_does_not_exist(login) -> None:
    client = login("teammanager.heidemeer")
    team = Team.objects.get(name="Team Noord")
    assert client.get(reverse("monitoring:team", kwargs={"team_id": team.id})).status_code == 404


def test_the_organisation_page_compares_teams(login) -> None:
    response = login("beleid.veldstroom").get(reverse("monitoring:organisation"))
    assert response.status_code == 200
    names = [r["team"].name for r in response.context["rows"]]
    assert {"Team Noord", "Team Midden", "Team Zuid"} <= set(names)
    assert all(r["count"] > 50 for r in response.context["rows"] if r["team"].name.startswith("Team "))


def test_the_works_council_sees_aggregates_without_small_groups_or_links(login) -> None:
    s = build()  # a team of two: too small to show
    response = login("or.veldstroom").get(reverse("monitoring:organisation"))
    assert response.status_code == 200
    row = next(r for r in response.context["rows"] if r["team"].id == s.team.id)
    assert row["suppressed"] and "count" not in row
    assert reverse("monitoring:team", kwargs={"team_id": s.team.id}) not in response.content.decode()


def test_what_if_shows_each_members_deviation_with_the_new_case(login) -> None:
    team = Team.objects.get(name="Team Noord")
    ots = CaseType.objects.get(organisation=team.organisation, code="ots")
    response = login("teammanager.noord").get(
        reverse("monitoring:what_if", kwargs={"team_id": team.id}), {"case_type": ots.id, "share": 100}
    )
    rows = response.context["rows"]
    assert len(rows) == 12
    for r in rows:
        assert r["count_with"] == r["count"] + 1
        if r["deviation"] is not None and r["deployable"] > 0:
            assert r["deviation_with"] == pytest.approx(r["deviation"] + 100 / 16 / r["deployable"])


def test_a_meetings_snapshot_stays_as_recorded(login) -> None:
    s = build()
    meeting = meeting_create(team=s.team, date=dt.date(2026, 1, 28), attendees=[s.a, s.b])
    before = dict(meeting.snapshot)
    assert next(m for m in before["members"] if m["name"] == "Zeta A")["count"] == 1
    case_create(
        organisation=s.team.organisation,
        team=s.team,
        reference="ZETA-9",
        case_type=s.c1.case_type,
        start_date=dt.date(2026, 1, 26),
        person=s.a,
    )
    meeting.refresh_from_db()
    assert meeting.snapshot == before
    response = login("beheer.veldstroom").get(reverse("monitoring:meeting", kwargs={"meeting_id": meeting.id}))
    assert response.status_code == 200
    assert response.context["snapshot"]["members"][0]["count"] in (1, 1.0)


def test_recording_a_meeting_and_agreements(login) -> None:
    client = login("teammanager.noord")
    team = Team.objects.get(name="Team Noord")
    person = team.members.first()
    response = client.post(
        reverse("monitoring:meetings", kwargs={"team_id": team.id}),
        {"date": "2026-11-20", "attendees": [person.id], "inflow_discussed": "Twee nieuwe casussen"},
    )
    meeting = CaseloadMeeting.objects.filter(team=team).order_by("-id").first()
    assert response.status_code == 302 and meeting.snapshot["members"]
    url = reverse("monitoring:meeting", kwargs={"meeting_id": meeting.id})
    bad = client.post(url, {"text": "Te vroeg", "owner": person.id, "due_date": "2026-01-01"})
    assert "due_date" in bad.context["form"].errors
    client.post(url, {"text": "Nalopen einddata", "owner": person.id, "due_date": "2026-12-01"})
    agreement = meeting.agreements.get()
    assert agreement.owner == person
    listing = client.get(reverse("monitoring:meetings", kwargs={"team_id": team.id}))
    assert "Nalopen einddata" in listing.content.decode()
    client.post(url, {"done": agreement.id})
    agreement.refresh_from_db()
    assert agreement.done_on is not None


def test_only_managers_record_meetings(login) -> None:
    team = Team.objects.get(name="Team Noord")
    response = login("gedragswetenschapper.noord").post(
        reverse("monitoring:meetings", kwargs={"team_id": team.id}), {"date": "2026-11-20"}
    )
    assert response.status_code == 403


def test_demo_meetings_exist_in_both_organisations() -> None:
    assert CaseloadMeeting.objects.filter(team__organisation__slug="heidemeer").exists()
    assert CaseloadMeeting.objects.filter(team__organisation__slug="veldstroom").exists()
    meeting = CaseloadMeeting.objects.filter(team__organisation__slug="veldstroom").first()
    agreement_add(meeting=meeting, text="x", due_date=meeting.date)
