"""Every team figure is the same on every page, download and API response that shows it.

Over the demo and over a generated organisation of 20 teams (``bench.synthetic``, made small, with a
behavioural scientist, bands on half the teams, a team whose case type has no norm, a team with some cases
without a norm and a colleague on full sick leave from today), for each team and a few weeks: caseload,
normative caseload, contracted and deployable FTE, band, deviation, signal, members counted, inflow and
outflow are read back from the dashboard (cards, member table, weekly table), its two downloads, the teams
compared page and its download, the API's figures, the home page's cards and the organisation overview,
and compared with the one source (``monitoring.selectors`` over ``caseload_core``) at the precision shown.
Where two pages count differently on purpose (members with and without a caseload; deployable FTE today
and the week's mean) the test asserts that the label says which.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.models import Membership
from api.services import api_token_create
from bench.synthetic import Spec, store
from caseload_core.deviation import signal_counts
from caseloadwijzer import clock
from cases.models import Case, CaseType
from exports.testing import xlsx_rows
from monitoring.models import Bandwidth
from monitoring.presenters import signal_label
from monitoring.selectors import TeamFigures, team_figures, team_headcounts
from monitoring.tests.pages import close, numbers, parse, shown
from organisations.models import Function, Organisation, Person, Team
from staffing.models import ContractPeriod, Reduction, ReductionReason

pytestmark = pytest.mark.django_db

LABEL_TODAY = "Inzetbare fte vandaag"
LABEL_WEEK = "Inzetbare fte, gemiddelde van de week"


def _period(end: dt.date) -> dict[str, str]:
    return {
        "weeks": "custom",
        "start": (end - dt.timedelta(weeks=13) + dt.timedelta(days=1)).isoformat(),
        "end": end.isoformat(),
    }


def _figures(team: Team, end: dt.date) -> TeamFigures:
    return team_figures(team, start=end - dt.timedelta(weeks=13) + dt.timedelta(days=1), end=end)


def _pct(fraction: float) -> float | None:
    return None if fraction != fraction else fraction * 100


def _check_dashboard(client: Any, team: Team, end: dt.date, api: Any) -> dict[str, float]:
    url = reverse("monitoring:team", kwargs={"team_id": team.id})
    params = _period(end)
    response = client.get(url, params)
    assert response.status_code == 200
    page = parse(response.content.decode())
    f = _figures(team, end)
    now = f.now
    counted = f.counted
    where = f"{team.name} on {end}"

    # Cards: the figures now.
    cards = page.cards
    assert close(shown(cards["Caseload"][0]), now.count, 1), where
    assert close(
        shown(cards["Normatieve caseload"][0]), None if now.normative != now.normative else now.normative, 1
    ), where
    assert close(shown(cards["Afwijking van de norm"][0]), _pct(now.deviation), 0), where
    band = cards["Bandbreedte"][0]
    if now.has_band:
        low, up = numbers(band)
        assert close(low, now.band_lower, 0) and close(up, now.band_upper, 0), where
    else:
        assert band.startswith("—"), where
    title = next(k for k in cards if k.startswith("Inzetbare fte"))
    assert title == (LABEL_TODAY if end == clock.today() else f"Inzetbare fte op {end.day}-{end.month}-{end.year}")
    value, explain = cards[title]
    assert close(shown(value), now.deployable_fte, 2), where
    contracted, n_counted, week_mean = numbers(explain)[:3]
    assert close(contracted, now.contracted_fte, 2) and n_counted == len(counted), where
    assert "leden met caseload" in explain and close(week_mean, now.week_deployable_fte, 2), where
    for card in ("Normatieve caseload", "Afwijking van de norm"):
        if cards[card][0].startswith("—") and now.deployable_fte > 0:
            assert "Niet berekend" in cards[card][1], (where, card)  # every dash says why

    # Team level first, then above and below separately.
    signal_text = page.by_class["team-signal"][0]
    counts = signal_counts([m.now.signal for m in counted])
    assert signal_text.startswith(signal_label(now.signal)), where
    assert f"Van de {len(counted)} leden met caseload" in signal_text or len(counted) == 1, where
    assert f"{counts['high']} boven, {counts['low']} onder" in signal_text, where
    headcount = team_headcounts([team], end)[team.id]
    assert headcount.with_caseload == len(counted), where
    whole = next(t for t in page.by_class["explain"] if "Het hele team" in t)
    assert f"tellen {len(counted)} l" in whole and f"Het hele team: {headcount.members} l" in whole, where
    assert close(numbers(whole.split("Het hele team")[1])[1], headcount.contracted_fte, 2), where
    for label, n in headcount.without_caseload:
        assert f"{n} {label}" in whole, where

    # The member table: each member now.
    members = page.table("Leden nu")
    assert members.head[3] == "Inzetbare fte nu"
    rows = members.by_first()
    assert set(rows) == {m.name for m in f.members}, where
    for m in f.members:
        r, n = rows[m.name], m.now
        assert close(shown(r[1]), n.count, 1), (where, m.name)
        assert close(shown(r[2]), None if n.normative != n.normative else n.normative, 1), (where, m.name)
        assert close(shown(r[3]), n.deployable_fte, 2), (where, m.name)
        assert close(shown(r[4]), _pct(n.deviation), 0), (where, m.name)
        if n.has_band and n.signal != "absent":
            low, up = numbers(r[5])
            assert close(low, n.band_lower, 1) and close(up, n.band_upper, 1), (where, m.name)
        else:
            assert r[5] == "—", (where, m.name)
        assert r[6] == signal_label(n.signal), (where, m.name)
        assert (numbers(r[7])[0] if n.weeks_outside else 0) == n.weeks_outside, (where, m.name)
        if n.signal == "none":
            assert r[6] != "Binnen"

    # The weekly table: the week's mean, said in the header.
    weeks = page.table("Teamcijfers per week")
    assert weeks.head[4] == "Contractuele fte, gemiddelde van de week" and weeks.head[5] == LABEL_WEEK
    t = f.team
    assert len(weeks.rows) == f.n_weeks
    for k, r in enumerate(weeks.rows):
        assert close(shown(r[1]), float(t.count[k]), 1), (where, k)
        assert close(shown(r[2]), float(t.normative[k]), 1), (where, k)
        assert close(shown(r[4]), float(t.contracted_fte[k]), 2), (where, k)
        assert close(shown(r[5]), float(t.deployable_fte[k]), 2), (where, k)
        assert close(shown(r[7]), _pct(float(t.deviation[k])), 0), (where, k)
        if t.band_lower[k] == t.band_lower[k]:
            low, up = numbers(r[8])
            assert close(low, float(t.band_lower[k]), 1) and close(up, float(t.band_upper[k]), 1), (where, k)
        assert close(shown(r[9]), float(t.inflow[k]), 0) and close(shown(r[10]), float(t.outflow[k]), 0), (where, k)

    # Its downloads.
    xlsx = {r["Naam"]: r for r in xlsx_rows(client.get(url, {**params, "formaat": "xlsx", "tabel": "leden"}))}
    for m in f.members:
        r, n = xlsx[m.name], m.now
        assert close(r["Casussen"], n.count, 2) and close(r[LABEL_TODAY], n.deployable_fte, 2), (where, m.name)
        assert close(r[LABEL_WEEK], float(m.figures.deployable_fte[-1]), 2), (where, m.name)
        assert close(r["Afwijking (%)"], _pct(n.deviation), 0) and r["Signaal"] == signal_label(n.signal)
    week_rows = xlsx_rows(client.get(url, {**params, "formaat": "xlsx", "tabel": "weken"}))
    for k, r in enumerate(week_rows):
        assert close(r["Casussen"], float(t.count[k]), 2) and close(r[LABEL_WEEK], float(t.deployable_fte[k]), 2)
        assert close(r["Instroom"], float(t.inflow[k]), 0) and close(r["Uitstroom"], float(t.outflow[k]), 0)

    # The API.
    start = end - dt.timedelta(weeks=13) + dt.timedelta(days=1)
    body = api.get("/api/v1/figures", {"team": team.id, "start": start.isoformat(), "end": end.isoformat()}).json()
    assert len(body["weeks"]) == f.n_weeks
    for k, w in enumerate(body["weeks"]):
        assert close(w["cases"], float(t.count[k]), 4) and close(w["deployableFte"], float(t.deployable_fte[k]), 4)
        assert close(w["normativeCaseload"], float(t.normative[k]), 4), (where, k)
        assert close(w["deviation"], float(t.deviation[k]), 4) and w["inflow"] == t.inflow[k]
        assert w["outflow"] == t.outflow[k]
    return {
        "members": len(counted),
        "inflow": sum(shown(r[9]) or 0 for r in weeks.rows),
        "outflow": sum(shown(r[10]) or 0 for r in weeks.rows),
    }


def _check_organisation(client: Any, teams: list[Team], end: dt.date, totals: dict[int, dict[str, float]]) -> None:
    url = reverse("monitoring:organisation")
    params = _period(end)
    page = parse(client.get(url, params).content.decode())
    table = page.table("Elk team in de week")
    assert table.head[1] == "Leden met caseload" and table.head[4] == LABEL_TODAY
    rows = table.by_first()
    xlsx = {r["Team"]: r for r in xlsx_rows(client.get(url, {**params, "formaat": "xlsx"}))}
    for team in teams:
        f = _figures(team, end)
        now, counted, r, x = f.now, f.counted, rows[team.name], xlsx[team.name]
        counts = signal_counts([m.now.signal for m in counted])
        assert numbers(r[1])[0] == len(counted) == x["Leden met caseload"] == totals[team.id]["members"]
        not_counted = team_headcounts([team], end)[team.id].not_counted
        assert ("zonder caseload" in r[1]) == bool(not_counted), team.name
        assert close(shown(r[2]), now.count, 1) and close(x["Casussen"], now.count, 2), team.name
        assert close(shown(r[4]), now.deployable_fte, 2) and close(x[LABEL_TODAY], now.deployable_fte, 2)
        assert close(shown(r[5]), _pct(now.deviation), 0) and close(x["Afwijking (%)"], _pct(now.deviation), 0)
        assert r[7] == signal_label(now.signal) == x["Signaal team"], team.name
        assert numbers(r[8])[0] == counts["high"] == x["Leden boven"]
        assert numbers(r[9])[0] == counts["low"] == x["Leden onder"]
        assert shown(r[10]) == totals[team.id]["inflow"] == x["Instroom"], team.name
        assert shown(r[11]) == totals[team.id]["outflow"] == x["Uitstroom"], team.name


def _plain(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", re.sub(r"<(svg|script|style)[\s\S]*?</\1>", " ", html)).split())


def _members(n: int) -> str:
    return f"{n} lid" if n == 1 else f"{n} leden"


def _check_home_and_overview(client: Any, teams: list[Team]) -> None:
    today = clock.today()
    text = _plain(client.get(reverse("accounts:home")).content.decode())
    overview = parse(client.get(reverse("organisations:overview")).content.decode()).table("Teams")
    assert overview.head[1] == "Leden (alle functies)" and overview.head[2] == "Contractuele fte (alle leden)"
    headcounts = team_headcounts(teams, today)
    cards = 0
    for team in teams:
        h = headcounts[team.id]
        row = overview.by_first()[team.name]
        assert int(row[1]) == h.members and close(shown(row[2]), h.contracted_fte, 2), team.name
        fte = f"{h.contracted_fte:.2f}".replace(".", ",")
        card = f"{team.name} {_members(h.members)} (alle functies), van wie {h.with_caseload} met caseload · {fte}"
        if f"{team.name} {_members(h.members)} (alle functies)" in text:
            cards += 1
            assert card in text, card
        caseload = f"{team.name} :"
        if caseload in text:
            f = _figures(team, today)
            counts = signal_counts([m.now.signal for m in f.counted])
            line = text.split(caseload, 1)[1][:400].strip()
            assert line.startswith(_team_sentence(f)), (team.name, line)
            assert f"met caseload: {counts['high']} boven, {counts['low']} onder (zij hebben ruimte)" in line
            assert f"{_members(len(f.counted))} met caseload" in line
    assert cards == len(teams)


def _team_sentence(f: TeamFigures) -> str:
    where = "de bandbreedte" if f.now.has_band else "de marge rond de norm"
    return {
        "high": f"het team zit boven {where}",
        "low": f"het team zit onder {where}",
        "ok": f"het team zit binnen {where}",
        "absent": "het team heeft nu geen inzetbare fte",
        "none": "het team heeft geen norm of bandbreedte om mee te vergelijken",
    }[f.now.signal]


def _run(client: Any, organisation: Organisation, ends: dict[int, list[dt.date]]) -> None:
    _token, plain = api_token_create(organisation=organisation, name="consistentie")
    api = type(client)(HTTP_AUTHORIZATION=f"Bearer {plain}")
    teams = list(organisation.teams.order_by("name"))
    by_end: dict[dt.date, dict[int, dict[str, float]]] = {}
    for team in teams:
        for end in ends.get(team.id, [clock.today()]):
            by_end.setdefault(end, {})[team.id] = _check_dashboard(client, team, end, api)
    for end, totals in by_end.items():
        _check_organisation(client, [t for t in teams if t.id in totals], end, totals)
    _check_home_and_overview(client, teams)


@pytest.mark.parametrize("slug,user", [("veldstroom", "beheer.veldstroom"), ("heidemeer", "beheer.heidemeer")])
def test_every_page_agrees_on_the_demo(login: Any, slug: str, user: str) -> None:
    organisation = Organisation.objects.get(slug=slug)
    today = clock.today()
    extra = [today, today - dt.timedelta(weeks=5) + dt.timedelta(days=2), today - dt.timedelta(weeks=12)]
    _run(login(user), organisation, {t.id: extra for t in organisation.teams.all()})


def _generated() -> Organisation:
    today = clock.today()
    org = store(Spec(teams=20, people_per_team=3, years=1, end=today, target_per_fte=12.0), slug="consistentie-20")
    assert isinstance(org, Organisation)
    teams = list(org.teams.order_by("name"))
    for i, team in enumerate(teams[:10]):
        Bandwidth.objects.create(
            team=team,
            valid_from=today - dt.timedelta(weeks=8 + i),
            lower_per_fte=Decimal("10"),
            upper_per_fte=Decimal("14"),
        )
    scientist = Person.objects.create(
        organisation=org,
        team=teams[1],
        name="Gedragswetenschapper Een",
        function=Function.BEHAVIOURAL_SCIENTIST,
        contract_hours=Decimal("24"),
        start_date=today - dt.timedelta(days=800),
    )
    ContractPeriod.objects.create(person=scientist, valid_from=scientist.start_date, hours=scientist.contract_hours)
    no_norm = CaseType.objects.create(organisation=org, code="zonder", name="Zonder norm")
    Case.objects.filter(team=teams[2]).update(case_type=no_norm)  # a team none of whose cases has a norm
    Case.objects.filter(team=teams[15]).update(case_type=no_norm)  # ... and one with neither a norm nor a band
    some = list(Case.objects.filter(team=teams[12]).values_list("id", flat=True)[::3])
    Case.objects.filter(id__in=some).update(case_type=no_norm)  # a band-less team with some cases without one
    sick = Person.objects.filter(team=teams[3]).order_by("name").first()
    assert sick is not None
    Reduction.objects.filter(person=sick).delete()
    Reduction.objects.create(
        person=sick,
        reason=ReductionReason.objects.get(organisation=org, code="verzuim"),
        percent=100,
        start_date=today,
    )
    return org


def test_every_page_agrees_on_a_generated_organisation_of_20_teams(client: Any) -> None:
    org = _generated()
    user = get_user_model().objects.create_user(username="beheer.consistentie", password="x" * 20)
    Membership.objects.create(user=user, organisation=org, role="beheerder")
    client.force_login(user)
    today = clock.today()
    teams = list(org.teams.order_by("name"))
    ends = {t.id: [today] for t in teams}
    for t in (teams[0], teams[2], teams[3]):
        ends[t.id] = [today, today - dt.timedelta(weeks=3) + dt.timedelta(days=3)]
    _run(client, org, ends)
