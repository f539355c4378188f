"""A trajectory for a group of teams, optionally for some functions only, with a band per function where
they differ: who may steer it, and how the decided bands reach every team's monitoring."""

from __future__ import annotations

import datetime as dt
import importlib
import math
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from caseloadwijzer import clock
from monitoring.models import Bandwidth
from monitoring.selectors import team_figures
from organisations.models import Team
from trajectory import services
from trajectory.models import AdviceBand, Band, Outcome, Trajectory

pytestmark = pytest.mark.django_db
START = dt.date(2027, 1, 4)
JB = "jeugdbeschermer"
JC = "jeugdconsulent"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _team(name: str) -> Team:
    return Team.objects.get(organisation__slug="veldstroom", name=name)


def _user(username: str):
    return get_user_model().objects.get(username=username)


@pytest.fixture
def group():
    """All three youth protection teams of Veldstroom, led by Team Noord."""
    return services.trajectory_create(
        team=_team("Team Noord"),
        title="Testgroep jeugdbescherming",
        start_date=START,
        teams=[_team("Team Midden"), _team("Team Zuid")],
    )


def _advice(trajectory, lower="20", upper="24", bands=(), function=""):
    return services.advice_create(
        trajectory=trajectory,
        created_by=_user("beleid.veldstroom"),
        lower=Decimal(lower),
        upper=Decimal(upper),
        function=function,
        reasoning="Omdat.",
        function_bands=[(f, Decimal(lo), Decimal(hi)) for f, lo, hi in bands],
    )


def _approve(advice, valid_from, **kwargs):
    return services.decision_record(
        advice=advice,
        decided_by=_user("beleid.veldstroom"),
        outcome=kwargs.pop("outcome", Outcome.APPROVED),
        decided_on=valid_from - dt.timedelta(days=7),
        valid_from=valid_from,
        **kwargs,
    )


def test_a_group_covers_its_lead_team_and_the_others(group):
    assert [t.name for t in group.team_list()] == ["Team Midden", "Team Noord", "Team Zuid"]
    assert group.team_names() == "Team Midden, Team Noord, Team Zuid"


def test_a_group_with_a_team_of_another_organisation_is_refused_whole():
    other = Team.objects.filter(organisation__slug="heidemeer").first()
    before = Trajectory.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.trajectory_create(team=_team("Team Noord"), title="Mis", start_date=START, teams=[other])
    assert other.name in caught.value.message_dict["teams"][0]
    assert Trajectory.objects.count() == before


def test_an_existing_single_team_trajectory_is_migrated_to_cover_its_team():
    """The data migration: a row from before groups (no teams) gets its own team; its decision its band."""
    migration = importlib.import_module("trajectory.migrations.0002_groups_and_function_bands")
    old = Trajectory.objects.create(team=_team("Team Zuid"), title="Van voor groepen", start_date=START)
    assert not old.teams.exists()
    migration.cover_lead_teams(django_apps, None)
    assert list(old.teams.values_list("name", flat=True)) == ["Team Zuid"]


def test_an_approval_gives_every_team_of_the_group_its_own_new_band(group):
    midden = _team("Team Midden")
    earlier = list(Bandwidth.objects.filter(team=midden).values_list("id", "lower_per_fte", "upper_per_fte"))
    decision = _approve(_advice(group), START + dt.timedelta(weeks=20))
    made = Bandwidth.objects.filter(valid_from=START + dt.timedelta(weeks=20), team__in=group.team_list())
    assert sorted((b.team.name, b.function, b.lower_per_fte, b.upper_per_fte) for b in made) == [
        ("Team Midden", "", Decimal("20"), Decimal("24")),
        ("Team Noord", "", Decimal("20"), Decimal("24")),
        ("Team Zuid", "", Decimal("20"), Decimal("24")),
    ]
    assert set(decision.bandwidths.all()) == set(made)
    assert decision.bandwidth.team == group.team  # the lead team's band, as before groups
    # Team Midden's older band is still there, unchanged.
    still = Bandwidth.objects.filter(id__in=[e[0] for e in earlier]).values_list("id", "lower_per_fte", "upper_per_fte")
    assert sorted(still) == sorted(earlier)


def test_a_band_per_function_where_they_differ_reaches_every_team(group):
    advice = _advice(group, "20", "24", bands=[(JB, "14", "17")])
    assert advice.band_list() == [Band("", Decimal("20"), Decimal("24")), Band(JB, Decimal("14"), Decimal("17"))]
    _approve(advice, START + dt.timedelta(weeks=21))
    made = Bandwidth.objects.filter(valid_from=START + dt.timedelta(weeks=21))
    assert sorted((b.team.name, b.function, b.lower_per_fte) for b in made) == [
        ("Team Midden", "", Decimal("20")),
        ("Team Midden", JB, Decimal("14")),
        ("Team Noord", "", Decimal("20")),
        ("Team Noord", JB, Decimal("14")),
        ("Team Zuid", "", Decimal("20")),
        ("Team Zuid", JB, Decimal("14")),
    ]


def test_approved_with_changes_can_change_a_function_band(group):
    advice = _advice(group, "20", "24", bands=[(JB, "14", "17")])
    decision = _approve(
        advice,
        START + dt.timedelta(weeks=22),
        outcome=Outcome.APPROVED_WITH_CHANGES,
        lower=Decimal("19"),
        upper=Decimal("23"),
        function_bands={JB: (Decimal("13"), Decimal("16"))},
        explanation="Jeugdbeschermers een stap lager.",
    )
    assert decision.band_list() == [Band("", Decimal("19"), Decimal("23")), Band(JB, Decimal("13"), Decimal("16"))]
    zuid = Bandwidth.objects.get(team=_team("Team Zuid"), function=JB, valid_from=START + dt.timedelta(weeks=22))
    assert (zuid.lower_per_fte, zuid.upper_per_fte) == (Decimal("13"), Decimal("16"))
    assert "een stap lager" in zuid.reasoning


def test_a_trajectory_for_some_functions_only_bands_only_those(group):
    services.trajectory_set_scope(trajectory=group, teams=group.team_list(), functions=[JB])
    _approve(_advice(group, "14", "17"), START + dt.timedelta(weeks=23))
    made = Bandwidth.objects.filter(valid_from=START + dt.timedelta(weeks=23))
    assert {(b.function, b.lower_per_fte) for b in made} == {(JB, Decimal("14"))}
    assert made.count() == 3


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"bands": [(JB, "17", "14")]}, f"upper_{JB}", "upper bound lies below"),
        ({"bands": [(JB, "14", "17")], "function": JB}, f"lower_{JB}", "already has a band"),
        ({"bands": [(JC, "30", "35")], "scope": [JB]}, f"lower_{JC}", "not one of the trajectory's functions"),
    ],
)
def test_a_wrong_band_per_function_is_refused_and_names_the_field(group, kwargs, field, message):
    if scope := kwargs.pop("scope", None):
        services.trajectory_set_scope(trajectory=group, teams=group.team_list(), functions=scope)
    with pytest.raises(ValidationError) as caught:
        _advice(group, **kwargs)
    assert message in caught.value.message_dict[field][0]
    assert not group.advices.exists() and not AdviceBand.objects.filter(advice__trajectory=group).exists()


def test_a_band_from_a_date_one_team_already_has_is_refused_for_the_whole_group(group):
    day = START + dt.timedelta(weeks=24)
    Bandwidth.objects.create(team=_team("Team Zuid"), valid_from=day, lower_per_fte=10, upper_per_fte=12)
    advice = _advice(group)
    with pytest.raises(ValidationError) as caught:
        _approve(advice, day)
    assert "Team Zuid" in caught.value.message_dict["valid_from"][0]
    assert Bandwidth.objects.filter(valid_from=day).count() == 1
    advice.refresh_from_db()
    assert not hasattr(advice, "decision")


def test_monitoring_uses_the_function_band_of_the_group(group):
    monday = clock.today() - dt.timedelta(days=clock.today().weekday() + 28)
    _approve(_advice(group, "20", "25", bands=[(JB, "14", "17")]), monday)
    figures = team_figures(_team("Team Zuid"), start=monday, end=monday + dt.timedelta(days=6))
    worker = next(m for m in figures.members if m.function == JB and math.isfinite(float(m.figures.band_lower[0])))
    ratio = float(worker.figures.band_upper[0]) / float(worker.figures.band_lower[0])
    assert ratio == pytest.approx(17 / 14)


# --- the pages -------------------------------------------------------------------------------------------


def test_a_team_manager_sees_a_group_with_their_team_but_does_not_steer_it(login, group):
    client = login("teammanager.noord")
    detail = reverse("trajectory:detail", kwargs={"trajectory_id": group.id})
    assert client.get(detail).status_code == 200
    response = client.post(
        reverse("trajectory:advice", kwargs={"trajectory_id": group.id}),
        {"function": "", "lower": "14", "upper": "17", "reasoning": "Omdat."},
    )
    assert response.status_code == 403
    assert client.get(reverse("trajectory:scope", kwargs={"trajectory_id": group.id})).status_code == 403
    assert not group.advices.exists()
    assert "Testgroep jeugdbescherming" in client.get(reverse("trajectory:index")).content.decode()


def test_a_team_manager_cannot_add_another_teams_to_their_trajectory(login):
    noord = services.trajectory_create(team=_team("Team Noord"), title="Alleen Noord", start_date=START)
    client = login("teammanager.noord")
    response = client.post(
        reverse("trajectory:scope", kwargs={"trajectory_id": noord.id}),
        {"teams": [_team("Team Zuid").id], "functions": []},
    )
    assert response.status_code == 200  # the form refuses a team outside the manager's own
    assert list(noord.teams.values_list("name", flat=True)) == ["Team Noord"]


def test_the_policy_adviser_starts_a_group_for_one_function_on_the_page(login):
    client = login("beleid.veldstroom")
    response = client.post(
        reverse("trajectory:create"),
        {
            "team": _team("Team Noord").id,
            "teams": [_team("Team Midden").id, _team("Team Zuid").id],
            "functions": [JB],
            "title": "Groep via de pagina",
            "start_date": "2027-01-04",
        },
    )
    assert response.status_code == 302
    trajectory = Trajectory.objects.get(title="Groep via de pagina")
    assert trajectory.team_names() == "Team Midden, Team Noord, Team Zuid"
    assert trajectory.functions == [JB]
    page = client.get(reverse("trajectory:detail", kwargs={"trajectory_id": trajectory.id})).content.decode()
    assert "Team Midden, Team Noord, Team Zuid" in page and "Alleen voor: jeugdbeschermer." in page


def test_the_advice_page_takes_a_band_per_function_and_the_decision_can_change_it(login, group):
    client = login("beleid.veldstroom")
    url = reverse("trajectory:advice", kwargs={"trajectory_id": group.id})
    half = client.post(url, {"lower": "20", "upper": "24", "reasoning": "Omdat.", f"lower_{JB}": "14"})
    assert half.status_code == 200 and "Geef beide grenzen voor jeugdbeschermer." in half.content.decode()
    response = client.post(
        url, {"lower": "20", "upper": "24", "reasoning": "Omdat.", f"lower_{JB}": "14", f"upper_{JB}": "17"}
    )
    assert response.status_code == 302
    advice = group.advices.get()
    assert [(b.function, b.lower, b.upper) for b in advice.function_bands.all()] == [(JB, Decimal("14"), Decimal("17"))]
    decisions = client.get(reverse("trajectory:decisions", kwargs={"trajectory_id": group.id})).content.decode()
    assert "Geadviseerde bandbreedtes per functie, versie 1" in decisions and "Jeugdbeschermer" in decisions
    decide = reverse("trajectory:decide", kwargs={"advice_id": advice.id})
    assert f'name="lower_{JB}"' in client.get(decide).content.decode()
    response = client.post(
        decide,
        {
            "outcome": "changed",
            "decided_on": "2027-03-01",
            "valid_from": "2027-04-05",
            "lower": "20",
            "upper": "24",
            f"lower_{JB}": "13",
            f"upper_{JB}": "16",
            "explanation": "Iets lager voor jeugdbeschermers.",
        },
    )
    assert response.status_code == 302
    bands = Bandwidth.objects.filter(valid_from=dt.date(2027, 4, 5), function=JB)
    assert sorted((b.team.name, b.lower_per_fte) for b in bands) == [
        ("Team Midden", Decimal("13")),
        ("Team Noord", Decimal("13")),
        ("Team Zuid", Decimal("13")),
    ]
    page = client.get(reverse("trajectory:implement", kwargs={"trajectory_id": group.id})).content.decode()
    assert "Besloten bandbreedtes per functie" in page
    assert page.count("5 april 2027") >= 6  # the history: a row per team and band


def test_the_note_pdf_shows_the_bands_per_function_and_the_teams(login, group):
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils (pdftotext) is not installed")
    _approve(_advice(group, "20", "24", bands=[(JB, "14", "17")]), dt.date(2027, 4, 5))
    with translation.override("nl"):
        response = login("beleid.veldstroom").get(reverse("trajectory:note_pdf", kwargs={"trajectory_id": group.id}))
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    flat = " ".join(text.split())
    assert "Team Midden, Team Noord, Team Zuid" in flat
    assert "eigen bandbreedte: jeugdbeschermer 14–17" in flat
    assert "Geadviseerde bandbreedtes per functie" in flat and "Besloten bandbreedtes per functie" in flat


# --- downloads -------------------------------------------------------------------------------------------


def _download_pages(group):
    t = {"trajectory_id": group.id}
    return [
        (reverse("trajectory:index"), "", "traject;teams;functies"),
        (reverse("trajectory:detail", kwargs=t), "", "stap;titel"),
        (reverse("trajectory:sketch", kwargs=t), "", "gegeven;periode"),
        (reverse("trajectory:references", kwargs=t), "", "referentie;laagste caseload"),
        (reverse("trajectory:factors", kwargs=t), "", "factor;categorie"),
        (reverse("trajectory:advice", kwargs=t), "", "versie;functie"),
        (reverse("trajectory:decisions", kwargs=t), "", "adviesversie;besluit"),
        (reverse("trajectory:implement", kwargs=t), "actions", "actie;eigenaar"),
        (reverse("trajectory:implement", kwargs=t), "history", "team;functie;geldt vanaf"),
        (reverse("trajectory:reference_list"), "", "referentie;laagste caseload"),
    ]


def test_every_table_downloads_as_csv_and_xlsx_with_dutch_headers(login, group):
    import io

    from openpyxl import load_workbook

    _approve(_advice(group, "20", "24", bands=[(JB, "14", "17")]), dt.date(2027, 4, 5))
    services.action_save(trajectory=group, description="Inwerken", owner="HR", due_date=dt.date(2027, 6, 1))
    client = login("beleid.veldstroom")
    with translation.override("nl"):
        for url, table, header in _download_pages(group):
            suffix = f"&tabel={table}" if table else ""
            csv = client.get(f"{url}?formaat=csv{suffix}", HTTP_ACCEPT_LANGUAGE="nl")
            assert csv["Content-Type"].startswith("text/csv"), url
            text = b"".join(csv.streaming_content).decode("utf-8-sig")
            assert text.splitlines()[0].startswith(header), (url, text.splitlines()[0])
            xlsx = client.get(f"{url}?formaat=xlsx{suffix}", HTTP_ACCEPT_LANGUAGE="nl")
            sheet = load_workbook(io.BytesIO(xlsx.content)).active
            assert header.split(";")[0] == sheet.cell(1, 1).value, url
    history = client.get(
        reverse("trajectory:implement", kwargs={"trajectory_id": group.id}) + "?formaat=csv&tabel=history"
    )
    rows = b"".join(history.streaming_content).decode("utf-8-sig").splitlines()
    assert "Team Zuid;jeugdbeschermer;2027-04-05;14,00;17,00" in "\n".join(rows)
