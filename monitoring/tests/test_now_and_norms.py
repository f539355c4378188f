"""The defects of issue 13 on the team figures, one test each: counts that say what they count, the home
card's above and below, sick leave from today, and a team whose case types have no norm."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from caseloadwijzer import clock
from cases.models import CaseType
from monitoring.models import Bandwidth
from monitoring.tests.pages import parse
from organisations.models import Organisation, Person, Team
from staffing.models import ReductionReason
from staffing.services import reduction_add

pytestmark = pytest.mark.django_db


def _plain(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", re.sub(r"<(svg|script|style)[\s\S]*?</\1>", " ", html)).split())


def _heidemeer() -> Team:
    return Team.objects.get(organisation__slug="heidemeer")


def test_every_count_says_whether_it_counts_the_members_with_a_caseload(login) -> None:
    team = _heidemeer()
    client = login("teammanager.heidemeer")
    home = _plain(client.get(reverse("accounts:home")).content.decode())
    assert "14 leden (alle functies), van wie 13 met caseload · 12,11 contractuele fte (alle leden)" in home
    assert "Van de 13 leden met caseload" in home
    dashboard = _plain(client.get(reverse("monitoring:team", kwargs={"team_id": team.id})).content.decode())
    assert "De caseloadcijfers tellen 13 leden met caseload" in dashboard
    assert "Niet meegeteld, want zonder caseload: 1 gedragswetenschapper." in dashboard
    assert "Het hele team: 14 leden van alle functies samen, 12,11 contractuele fte." in dashboard
    assert "Van 11,33 contractuele fte van de 13 leden met caseload" in dashboard
    overview = parse(login("beheer.heidemeer").get(reverse("organisations:overview")).content.decode())
    assert overview.table("Teams").head[1:3] == ["Leden (alle functies)", "Contractuele fte (alle leden)"]
    compared = parse(login("beleid.heidemeer").get(reverse("monitoring:organisation")).content.decode())
    table = compared.table("Elk team in de week")
    assert table.head[1] == "Leden met caseload"
    assert " ".join(table.by_first()[team.name][1].replace("+", " + ").split()) == "13 + 1 zonder caseload"


def test_the_home_card_says_the_team_level_first_then_above_and_below(login) -> None:
    home = _plain(login("teammanager.heidemeer").get(reverse("accounts:home")).content.decode())
    line = home.split("Jeugdteam Heidemeer :", 1)[1].strip()
    assert line.startswith("het team zit boven de bandbreedte. Van de 13 leden met caseload: 6 boven, 2 onder")
    assert "buiten de bandbreedte of marge" not in home


def test_full_sick_leave_from_today_is_not_deployable_now_while_the_week_shows_its_mean(login) -> None:
    team = Team.objects.get(name="Team Noord")
    today = clock.today()
    person = Person.objects.get(team=team, name="Anouk Yilmaz")
    reason = ReductionReason.objects.get(organisation=team.organisation, code="verzuim")
    # From Thursday of this week: the week's mean keeps 3 of its 7 days, today's state none.
    thursday = today + dt.timedelta(days=3 - today.weekday())
    reduction_add(person=person, reason=reason, percent=100, start_date=thursday)
    client = login("teammanager.noord")
    url = reverse("monitoring:team", kwargs={"team_id": team.id})
    on_thursday = {"weeks": "custom", "start": "2026-09-01", "end": thursday.isoformat()}
    response = client.get(url, on_thursday)
    row = next(r for r in response.context["rows"] if r["name"] == "Anouk Yilmaz")
    assert row["deployable"] == 0 and row["signal"] == "absent" and row["signal_label"] == "Niet inzetbaar"
    assert row["week_deployable"] == pytest.approx(3 / 7)
    assert row["weeks_outside"] == 0
    weeks = parse(response.content.decode()).table("Teamcijfers per week")
    assert weeks.head[5] == "Inzetbare fte, gemiddelde van de week"
    html = _plain(response.content.decode())
    assert "“Nu” betekent: de casussen van deze week tegenover de formatie van" in html
    # The day before, the same week: still fully deployable.
    wednesday = {**on_thursday, "end": (thursday - dt.timedelta(days=1)).isoformat()}
    before = next(r for r in client.get(url, wednesday).context["rows"] if r["name"] == "Anouk Yilmaz")
    assert before["deployable"] == pytest.approx(1.0) and before["signal"] != "absent"


def test_a_team_without_norms_says_why_and_what_to_do_and_divides_by_no_missing_norm(login) -> None:
    team = _heidemeer()
    client = login("teammanager.heidemeer")
    response = client.get(reverse("monitoring:team", kwargs={"team_id": team.id}))
    page = parse(response.content.decode())
    html = _plain(response.content.decode())
    for card in ("Normatieve caseload", "Afwijking van de norm"):
        value, explain = page.cards[card]
        assert value == "—" and "Niet berekend: 446 casussen zijn van een casustype zonder norm" in explain
    assert "casustype zonder norm (Gezin (wijkteam))" in html
    assert "lees de caseload van het team en van elk lid af tegen de bandbreedte" in html
    assert reverse("cases:case_types") in response.content.decode()
    assert response.context["charts"]["weighted"] is None and "Geen grafiek" in html
    professional = login("gedragswetenschapper.heidemeer").get(reverse("monitoring:team", kwargs={"team_id": team.id}))
    if professional.status_code == 200:
        assert "Je teammanager kan per casustype een norm instellen." in _plain(professional.content.decode())

    ots = CaseType.objects.get(organisation=team.organisation, code="ots")
    what_if = client.get(
        reverse("monitoring:what_if", kwargs={"team_id": team.id}), {"case_type": ots.id, "share": 100}
    )
    assert all(r["deviation_with"] is None and r["deviation"] is None for r in what_if.context["rows"])
    assert "%" not in " ".join(parse(what_if.content.decode()).table("Elk teamlid").rows[0][4:6])
    assert "dragen al casussen van een casustype zonder norm" in _plain(what_if.content.decode())


def test_neither_a_norm_nor_a_band_is_never_within(login) -> None:
    team = _heidemeer()
    Bandwidth.objects.filter(team=team).update(valid_from=clock.today().replace(year=2099))
    client = login("teammanager.heidemeer")
    response = client.get(reverse("monitoring:team", kwargs={"team_id": team.id}))
    rows = response.context["rows"]
    assert {r["signal"] for r in rows} <= {"none", "absent"} and any(r["signal"] == "none" for r in rows)
    assert all(r["signal_label"] != "Binnen" for r in rows)
    html = _plain(response.content.decode())
    assert "Geen norm of bandbreedte om mee te vergelijken" in html
    assert "Zonder norm en zonder bandbreedte is er niets om de caseload mee te vergelijken" in html
    home = _plain(client.get(reverse("accounts:home")).content.decode())
    assert "het team heeft geen norm of bandbreedte om mee te vergelijken" in home
    assert Organisation.objects.filter(slug="heidemeer").exists()
