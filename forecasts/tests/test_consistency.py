"""Every forecast figure is one figure: the same on every page and download that shows it.

For each team of the demo (and of a small generated organisation): the median per week, the band in force
per week, the upper bound and the shortage, read back from the team's outlook page (HTML), its XLSX and CSV
download, the outlook index, the chain page and its download, the team's chain page and its download, the
scenario page, and the caseload picture's own band (``monitoring.selectors``, which the dashboard reads).
And a band decided for a later date is applied nowhere before that date.

The numbers are parsed out of the responses as a user reads them (Dutch: decimal comma, thousands dot).
Every page reads ``FORECAST_PATHS``; this test sets a small count of its own (equality does not depend on it).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import numpy as np
import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from accounts.models import Membership
from accounts.roles import Role
from caseload_core.weeks import monday_of
from caseloadwijzer import clock
from exports.testing import csv_rows, xlsx_rows
from forecasts.models import Scenario
from monitoring.models import Bandwidth
from monitoring.selectors import team_figures
from organisations.models import Organisation, Team

pytestmark = pytest.mark.django_db

WEEKS = 26


@pytest.fixture(autouse=True)
def _few_paths(settings: Any) -> None:
    settings.FORECAST_PATHS = 400


class _Page(HTMLParser):
    """Tables by caption (rows of cell texts) and definition lists (term → first description)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.terms: list[list[tuple[str, str]]] = []
        self._table: list[list[str]] | None = None
        self._caption: list[str] | None = None
        self._cell: list[str] | None = None
        self._term: list[str] | None = None
        self._dd: list[str] | None = None
        self._last_term = ""
        self._dd_seen = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._table = []
        elif tag == "caption":
            self._caption = []
        elif tag == "tr" and self._table is not None:
            self._table.append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []
        elif tag == "dl":
            self.terms.append([])
        elif tag == "dt":
            self._term = []
        elif tag == "dd" and not self._dd_seen:
            self._dd = [] if "explain" not in (dict(attrs).get("class") or "") else None

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption" and self._caption is not None:
            self._key = _text(self._caption)
            self._caption = None
        elif tag in ("td", "th") and self._cell is not None and self._table:
            self._table[-1].append(_text(self._cell))
            self._cell = None
        elif tag == "table" and self._table is not None:
            self.tables[self._key] = [row for row in self._table if row]
            self._table = None
        elif tag == "dt" and self._term is not None:
            self._last_term, self._term, self._dd_seen = _text(self._term), None, False
        elif tag == "dd" and self._dd is not None:
            self.terms[-1].append((self._last_term, _text(self._dd)))
            self._dd, self._dd_seen = None, True

    def handle_data(self, data: str) -> None:
        for part in (self._caption, self._cell, self._term, self._dd):
            if part is not None:
                part.append(data)


def _text(parts: list[str]) -> str:
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _num(text: Any) -> float | None:
    """A figure as shown: '2,4' → 2.4, '€ 12.345' → 12345, '—' or '' → None."""
    if text is None or isinstance(text, int | float):
        return None if text is None else float(text)
    cleaned = str(text).replace("€", "").replace("\xa0", "").replace("%", "").replace("*", "").strip()
    if cleaned in ("", "—"):
        return None
    return float(cleaned.replace(".", "").replace(",", "."))


def _band(text: str) -> tuple[float | None, float | None]:
    if text.strip() in ("", "—"):
        return None, None
    low, up = text.replace("*", "").split("–")
    return _num(low), _num(up)


def _page(client: Client, url: str, **params: Any) -> _Page:
    response = client.get(url, params)
    assert response.status_code == 200, url
    return _Page(response.content.decode())


def _weeks_on_the_page(client: Client, team: Team, weeks: int = WEEKS) -> list[dict[str, Any]]:
    table = _page(client, reverse("forecasts:team", kwargs={"team_id": team.id}), weeks=weeks).tables[
        "Verwachting per week"
    ]
    head, *rows = table
    col = {name: i for i, name in enumerate(head)}
    return [
        {
            "median": _num(r[col["Mediaan"]]),
            "band": _band(r[col["Bandbreedte per fte"]]),
            "upper": _num(r[col["Bovengrens"]]),
            "shortage": _num(r[col["Tekort (fte)"]]),
        }
        for r in rows
    ]


def _weeks_downloaded(client: Client, team: Team, fmt: str) -> list[dict[str, Any]]:
    response = client.get(
        reverse("forecasts:team", kwargs={"team_id": team.id}), {"weeks": WEEKS, "formaat": fmt, "tabel": "weken"}
    )
    rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    if not rows or "Bovengrens" not in rows[0]:
        return [{"median": _num(r["Mediaan"]), "band": (None, None), "upper": None, "shortage": None} for r in rows]
    return [
        {
            "median": _num(r["Mediaan"]),
            "band": (_num(r["Bandbreedte per fte: ondergrens"]), _num(r["Bandbreedte per fte: bovengrens"])),
            "upper": _num(r["Bovengrens"]),
            "shortage": _num(r["Tekort (fte)"]),
        }
        for r in rows
    ]


def _chain_rows(client: Client) -> dict[str, dict[str, Any]]:
    table = _page(client, reverse("forecasts:chain")).tables[
        "Teams vergeleken, inhoud eerst, met de aannames van de organisatie"
    ]
    head, *rows = table
    col = {name: i for i, name in enumerate(head)}
    return {
        r[0]: {"shortage": _num(r[col["Tekort deze week (fte)"]]), "cost": _num(r[col["Gemiddelde kosten per casus"]])}
        for r in rows
        if r[0] != "Totaal"
    }


def _team_chain(client: Client, team: Team) -> dict[str, Any]:
    page = _page(client, reverse("forecasts:team_chain", kwargs={"team_id": team.id}))
    baseline = dict(page.terms[0])
    return {
        "cost": _num(baseline.get("Gemiddelde kosten per casus")),
        "shortage": _num(baseline["Tekort deze week (fte)"]),
    }


def _check_organisation(client: Client, teams: list[Team]) -> int:
    """Compare every page and download for these teams; returns the number of figures compared."""
    compared = 0
    index_head, *index = _page(client, reverse("forecasts:index")).tables["Verwachting per team, 13 weken vooruit"]
    median_13 = {r[0]: _num(r[index_head.index("Mediaan over 13 weken")]) for r in index}
    index_csv = {
        r["Team"]: _num(r["Mediaan over 13 weken"])
        for r in csv_rows(client.get(reverse("forecasts:index"), {"formaat": "csv"}))
    }
    chain = _chain_rows(client)
    chain_csv = {
        r["Team"]: {"shortage": _num(r["Tekort deze week (fte)"]), "cost": _num(r["Gemiddelde kosten per casus"])}
        for r in csv_rows(client.get(reverse("forecasts:chain"), {"formaat": "csv"}))
    }
    as_of = monday_of(clock.today())
    for team in teams:
        page = _weeks_on_the_page(client, team)
        assert len(page) == WEEKS
        # The same weeks whatever the horizon shown, and the same in both downloads.
        assert _weeks_on_the_page(client, team, 13) == page[:13]
        assert _weeks_on_the_page(client, team, 4) == page[:4]
        for fmt in ("csv", "xlsx"):
            assert _weeks_downloaded(client, team, fmt) == page, (team.name, fmt)
        # The index's median in 13 weeks is the team page's week 13.
        assert median_13[team.name] == index_csv[team.name] == page[12]["median"]
        # The shortage this week: the team page's first week, the chain page and its download, the team chain.
        own_chain = _team_chain(client, team)
        assert chain[team.name]["shortage"] == chain_csv[team.name]["shortage"] == page[0]["shortage"]
        assert own_chain["shortage"] == page[0]["shortage"]
        # The cost per case: the chain page, its download and the team's chain page.
        assert chain[team.name]["cost"] == chain_csv[team.name]["cost"] == own_chain["cost"]
        # The band in force and the upper bound in cases are the caseload picture's (the dashboard's) own.
        picture = team_figures(team, start=as_of, end=as_of + dt.timedelta(weeks=WEEKS - 1)).team
        for k, week in enumerate(page):
            if week["band"][1] is not None and "*" not in str(week["band"]):
                decided = np.isfinite(picture.band_upper[k])
                if decided:
                    assert week["upper"] == round(float(picture.band_upper[k])), (team.name, k)
        # A scenario page's baseline shows the same medians in weeks 4 and 13.
        scenario = Scenario.objects.filter(team=team).first()
        if scenario is not None:
            table = _page(client, reverse("forecasts:scenario", kwargs={"scenario_id": scenario.id})).tables[
                "Basislijn tegenover scenario"
            ]
            medians = [_num(r[1]) for r in table[1:]]
            assert medians[:2] == [page[3]["median"], page[12]["median"]]
        compared += 1
    return compared


def test_the_demos_forecast_figures_agree_on_every_page_and_download(login: Any) -> None:
    for username, slug in (("beleid.veldstroom", "veldstroom"), ("beleid.heidemeer", "heidemeer")):
        teams = list(Team.objects.filter(organisation__slug=slug).order_by("name"))
        assert _check_organisation(login(username), teams) == len(teams)


def test_a_generated_organisations_forecast_figures_agree(db: Any) -> None:
    from bench.synthetic import Spec, store

    today = clock.today()
    org = store(Spec(teams=3, people_per_team=6, years=3, end=today - dt.timedelta(days=1)), slug="synth-consistency")
    assert isinstance(org, Organisation)
    teams = list(org.teams.order_by("name"))
    # One team with a band now and a stricter one from a later Monday, one with a band from a Wednesday ahead.
    monday = monday_of(today)
    Bandwidth.objects.create(
        team=teams[0], valid_from=monday - dt.timedelta(weeks=20), lower_per_fte=15, upper_per_fte=19
    )
    Bandwidth.objects.create(
        team=teams[0], valid_from=monday + dt.timedelta(weeks=6), lower_per_fte=13, upper_per_fte=16
    )
    Bandwidth.objects.create(
        team=teams[1], valid_from=monday + dt.timedelta(weeks=3, days=2), lower_per_fte=14, upper_per_fte=18
    )
    user = get_user_model().objects.create_user("beleid.synth-consistency", password="x-not-used-x-123")
    Membership.objects.create(user=user, organisation=org, role=Role.POLICY_ADVISER)
    client = Client()
    client.force_login(user)
    assert _check_organisation(client, teams) == 3
    page = _weeks_on_the_page(client, teams[1])
    assert page[3]["band"][1] != 18 and page[4]["band"] == (14, 18)  # from the Wednesday's next week on


def _form_norm(client: Client, team: Team) -> Decimal:
    html = client.get(reverse("forecasts:scenario_create", kwargs={"team_id": team.id})).content.decode()
    found = re.search(r'name="norm_per_fte"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="norm_per_fte"', html
    )
    assert found, "no norm field"
    return Decimal(found.group(1).replace(",", "."))


def test_a_band_decided_for_a_later_date_is_applied_nowhere_before_it(login: Any) -> None:
    """Team Midden works under 15–19 per fte. A stricter band 'geldig vanaf' a Monday six weeks ahead changes
    nothing before that week: not the forecast per week, not this week's shortage, not the chain's norm or cost
    per case, not the scenario form's default; from that week on the forecast uses it."""
    team = Team.objects.get(name="Team Midden")
    manager = login("beleid.veldstroom")
    before = _weeks_on_the_page(manager, team)
    chain_before = _chain_rows(manager)[team.name]
    norm_before = _form_norm(manager, team)
    assert before[0]["band"] == (15, 19) and norm_before == Decimal("17.00")

    start = monday_of(clock.today()) + dt.timedelta(weeks=6)
    Bandwidth.objects.create(team=team, valid_from=start, lower_per_fte=12, upper_per_fte=14, reasoning="test")
    after = _weeks_on_the_page(manager, team)
    assert after[:6] == before[:6]
    assert all(week["band"] == (12, 14) for week in after[6:])
    assert all(a["upper"] < b["upper"] for a, b in zip(after[6:], before[6:], strict=True))
    assert _chain_rows(manager)[team.name] == chain_before
    assert _form_norm(manager, team) == norm_before
    body = manager.get(reverse("forecasts:team", kwargs={"team_id": team.id})).content.decode()
    assert "15–19 per fte deze week" in body
    assert f"12–14 per fte, vanaf {start.day} " in body
