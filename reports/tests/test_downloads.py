"""The evaluations list and the indirect time download as XLSX/CSV with the page's rows and access."""

from __future__ import annotations

import pytest
from django.urls import reverse

from exports.testing import csv_rows, xlsx_rows
from organisations.models import Team
from reports.models import Evaluation, WorkloadRegistration

pytestmark = pytest.mark.django_db


def _noord() -> Team:
    return Team.objects.get(organisation__slug="veldstroom", name__icontains="noord")


def test_the_evaluations_list_downloads_what_the_page_lists(login) -> None:
    client = login("teammanager.noord")
    url = reverse("reports:index")
    shown = list(client.get(url).context["evaluations"])
    assert shown
    rows = csv_rows(client.get(url, {"formaat": "csv"}))
    assert [r["Evaluatie"] for r in rows] == [e.title for e in shown]
    assert [r["Evaluatiedatum"] for r in rows] == [e.opens_on.isoformat() for e in shown]
    others = set(Evaluation.objects.exclude(team__organisation__slug="veldstroom").values_list("title", flat=True))
    assert not {r["Evaluatie"] for r in rows} & (others - {e.title for e in shown})


def test_the_indirect_time_downloads_with_the_pages_percentages(login) -> None:
    team = WorkloadRegistration.objects.filter(team__organisation__slug="veldstroom").first().team
    client = login("beheer.veldstroom")
    url = reverse("reports:workload", kwargs={"team_id": team.id})
    shown = client.get(url).context["rows"]
    rows = xlsx_rows(client.get(url, {"formaat": "xlsx"}))
    assert len(rows) == len(shown) > 0
    assert [r["Indirect totaal (%)"] for r in rows] == [s["indirect"] for s in shown]
    assert [r["Over voor casussen (%)"] for r in rows] == [s["direct"] for s in shown]
    assert login("beheer.heidemeer").get(url, {"formaat": "csv"}).status_code in (403, 404)


def test_an_evaluations_counts_download_only_once_shown(login) -> None:
    from reports.selectors import evaluation_result

    client = login("beheer.veldstroom")
    evaluations = Evaluation.objects.filter(team__organisation__slug="veldstroom")
    shown = next(e for e in evaluations if evaluation_result(e).shown)
    result = evaluation_result(shown)
    url = reverse("reports:evaluation", kwargs={"evaluation_id": shown.id})
    rows = csv_rows(client.get(url, {"formaat": "csv"}))
    counts = [n for _c, _l, n in result.band_fit] + [n for _v, _l, n in result.meetings_spread]
    assert [int(r["Aantal"]) for r in rows] == counts
    assert sum(counts) >= 2 * result.threshold  # two questions, each answered by at least the threshold
    assert set(rows[0]) == {"Vraag", "Antwoord", "Aantal"}  # no free text, no person
    empty = Evaluation.objects.create(
        team=shown.team,
        subject=shown.subject,
        title="Zonder antwoorden (download-test)",
        period_start=shown.period_start,
        period_end=shown.period_end,
        opens_on=shown.opens_on,
        closes_on=shown.closes_on,
    )
    hidden = [e for e in evaluations.all() if not evaluation_result(e).shown]
    assert empty in hidden
    for e in hidden:
        response = client.get(reverse("reports:evaluation", kwargs={"evaluation_id": e.id}), {"formaat": "csv"})
        assert response.status_code == 404
    assert login("beheer.heidemeer").get(url, {"formaat": "csv"}).status_code in (403, 404)
