"""The HR summary (page, PDF, XLSX) and its persistent-breach table show the team dashboard's figures.

Tried as HR on the demo, for every team of both organisations and two periods: every number is read from
what a person gets (the HTML of the pages, the cells of the workbook, the HTML the PDF is printed from and
the PDF's text), never from the code's objects, and compared with what the team dashboard and each member's
page show for the same weeks:

- the summary's period means (caseload, normative caseload, band, contracted, deployable and vacant fte) are
  the means of the dashboard's weekly table, its inflow and outflow the sums, its deviation the deviation of
  those means, its weeks above the band the weeks in which the dashboard's caseload lay above the band;
- the staff with a caseload are the members listed on the dashboard who had cases or deployable fte in a week
  of the period (their own page says so);
- the persistent breaches are the runs of 4 or more weeks in which a member's own page signals "Boven";
- the organisation row is the sum of the teams shown.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import statistics
import subprocess
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Membership
from accounts.roles import Role
from bench.synthetic import Spec, store
from cases.models import Case, CaseType
from monitoring.models import Bandwidth
from organisations.models import Organisation, Person
from reports.exports import summary_pdf_html
from reports.summary import default_period
from staffing.models import Reduction, ReductionReason

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)
HALF_YEAR = default_period(TODAY)
QUARTER = (HALF_YEAR[1] - dt.timedelta(weeks=13) + dt.timedelta(days=1), HALF_YEAR[1])
ORGANISATIONS = [("veldstroom", "hr.veldstroom"), ("heidemeer", "hr.heidemeer")]

SUMMARY_TABLE = "Caseload tegenover de band, inzetbare formatie en in- en uitstroom"
BREACH_TABLE = "Mensen die 4 of meer weken achter elkaar boven de band zaten, en hoe lang"
DASHBOARD_WEEKS = "Teamcijfers per week"
PERSON_WEEKS = "Cijfers per week"


# ---------------------------------------------------------------- reading what a person sees


class Tables(HTMLParser):
    """Every <table> of a page by its caption: the header row and the body rows, each cell as its text and
    the first link in it; a cell spanning columns is repeated so that columns stay aligned."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tables: dict[str, dict[str, Any]] = {}
        self._table: dict[str, Any] | None = None
        self._caption: list[str] | None = None
        self._row: list[tuple[str, str]] | None = None
        self._cell: list[str] | None = None
        self._span = 1
        self._href = ""
        self._in_head = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self._table = {"header": [], "rows": []}
        elif self._table is None:
            return
        elif tag == "caption":
            self._caption = []
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell, self._span, self._href = [], int(a.get("colspan") or 1), ""
        elif tag == "a" and self._cell is not None and not self._href:
            self._href = a.get("href") or ""
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if self._table is None:
            return
        if tag == "caption" and self._caption is not None:
            self._table["caption"] = " ".join("".join(self._caption).split())
            self._caption = None
        elif tag == "thead":
            self._in_head = False
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            text = " ".join("".join(self._cell).split())
            self._row.extend([(text, self._href)] * self._span)
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if self._in_head:
                self._table["header"] = [text for text, _href in self._row]
            else:
                self._table["rows"].append(self._row)
            self._row = None
        elif tag == "table":
            self.tables[self._table.get("caption", "")] = self._table
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._caption is not None:
            self._caption.append(data)
        if self._cell is not None:
            self._cell.append(data)

    def rows(self, caption: str) -> list[dict[str, str]]:
        """The body rows of the table with this caption, as {column header: cell text}."""
        table = self.tables[caption]
        return [{h: text for h, (text, _href) in zip(table["header"], row, strict=False)} for row in table["rows"]]

    def links(self, caption: str) -> list[str]:
        return [row[0][1] for row in self.tables[caption]["rows"] if row and row[0][1]]


def number(text: str) -> float | None:
    """A Dutch figure as shown ("1.234,5", "-14%", "+3%", "0,7 fte") as a number; None for "—" or empty."""
    t = text.replace("−", "-").replace("%", "").replace("fte", "").replace("+", "").strip()
    if t in ("", "—", "-"):
        return None
    t = re.sub(r"(?<=\d)\.(?=\d{3}\b)", "", t).replace(",", ".")
    return float(t)


def band(text: str) -> tuple[float, float] | None:
    """ "149,8–189,7" → (149.8, 189.7); None for no band."""
    if "–" not in text:
        return None
    low, up = text.split("–")
    return number(low) or 0.0, number(up) or 0.0


def column(row: dict[str, str], prefix: str) -> str:
    """The cell under the first column whose header starts with ``prefix`` (headers may gain an explanation)."""
    for header, text in row.items():
        if header.startswith(prefix):
            return text
    raise KeyError(f"no column {prefix!r} in {list(row)}")


# ---------------------------------------------------------------- the dashboard's side


def dashboard(client: Any, team_id: int, start: dt.date, end: dt.date) -> dict[str, Any]:
    """What the team dashboard and each member's page show for the period."""
    query = {"start": start.isoformat(), "end": end.isoformat()}
    response = client.get(reverse("monitoring:team", kwargs={"team_id": team_id}), query)
    assert response.status_code == 200
    page = Tables(response.content.decode())
    weeks = page.rows(DASHBOARD_WEEKS)
    person_url = reverse("monitoring:person", kwargs={"person_id": 0}).removesuffix("0/")
    # the members' table: the one whose rows link to each member's page (its caption names the week)
    people = next(links for c in page.tables if (links := page.links(c)) and links[0].startswith(person_url))
    signals = []
    for url in people:
        person = client.get(url, query)
        assert person.status_code == 200, url
        rows = Tables(person.content.decode()).rows(PERSON_WEEKS)
        assert len(rows) == len(weeks), url  # the same weeks as the team
        # staff of the period: someone with cases or deployable fte in one of its weeks (a member who left
        # before the period is listed on the dashboard for the weeks outside behind it, but is no staff now)
        if any(number(column(r, "Casussen")) or number(column(r, "Inzetbare fte")) for r in rows):
            signals.append([column(r, "Signaal") for r in rows])
    return {"weeks": weeks, "people": people, "signals": signals}


def breaches(signals: list[list[str]]) -> dict[str, float]:
    """Runs of 4 or more consecutive weeks signalled "Boven", counted from the members' own pages."""
    runs: list[tuple[int, bool]] = []  # (length, reaches the last week)
    people = 0
    for weeks in signals:
        mine, length = [], 0
        for k, signal in enumerate([*weeks, ""]):
            if signal == "Boven":
                length += 1
                continue
            if length >= 4:
                mine.append((length, k == len(weeks)))
            length = 0
        people += bool(mine)
        runs += mine
    lengths = [n for n, _ongoing in runs]
    return {
        "people": people,
        "runs": len(runs),
        "median": statistics.median(lengths) if lengths else 0.0,
        "longest": max(lengths, default=0),
        "ongoing": sum(ongoing for _n, ongoing in runs),
    }


def expected_figures(board: dict[str, Any]) -> dict[str, Any]:
    """The period figures the summary must show, from the dashboard's weekly table as displayed."""
    weeks = board["weeks"]

    def mean(prefix: str) -> float | None:
        values = [v for v in (number(column(w, prefix)) for w in weeks) if v is not None]
        return sum(values) / len(values) if values else None

    caseload = [number(column(w, "Casussen")) or 0.0 for w in weeks]
    bands = [band(column(w, "Bandbreedte")) for w in weeks]
    normed = [(c, number(column(w, "Normatief"))) for c, w in zip(caseload, weeks, strict=True)]
    normed = [(c, n) for c, n in normed if n is not None]
    with_band = [(c, b) for c, b in zip(caseload, bands, strict=True) if b is not None]
    return {
        "caseload": sum(caseload) / len(caseload),
        "normative": sum(n for _c, n in normed) / len(normed) if normed else None,
        "deviation": (sum(c for c, _n in normed) / sum(n for _c, n in normed) - 1) * 100 if normed else None,
        "band_lower": sum(b[0] for _c, b in with_band) / len(with_band) if with_band else None,
        "band_upper": sum(b[1] for _c, b in with_band) / len(with_band) if with_band else None,
        "weeks_with_band": len(with_band),
        # above the band beyond the rounding of the table / not clearly inside it
        "above_surely": sum(c > b[1] + 0.05 for c, b in with_band),
        "above_maybe": sum(c > b[1] - 0.05 for c, b in with_band),
        "contracted": mean("Contractuele fte"),
        "deployable": mean("Inzetbare fte"),
        "vacancies": mean("Vacatures"),
        "inflow": sum(number(column(w, "Instroom")) or 0 for w in weeks),
        "outflow": sum(number(column(w, "Uitstroom")) or 0 for w in weeks),
        "staff": len(board["signals"]),
        "breaches": breaches(board["signals"]),
    }


# ---------------------------------------------------------------- the summary's side


def summary_rows(html: str) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    page = Tables(html)
    figures = {r["Team"]: r for r in page.rows(SUMMARY_TABLE)}
    breach = {r["Team"]: r for r in page.rows(BREACH_TABLE)}
    return figures, breach


def assert_row_shows(row: dict[str, str], breach_row: dict[str, str], want: dict[str, Any], where: str) -> None:
    """One team's row of the summary (page or PDF HTML) against the dashboard's figures."""
    assert number(row["Caseload"]) == pytest.approx(want["caseload"], abs=0.101), where
    if want["normative"] is None:
        assert row["Normatief"].startswith("geen norm") and row["Afwijking"] == row["Normatief"], where
    else:
        assert number(row["Normatief"]) == pytest.approx(want["normative"], abs=0.101), where
        assert number(row["Afwijking"]) == pytest.approx(want["deviation"], abs=1.0), where
    if want["weeks_with_band"]:
        low, up = band(row["Bandbreedte"]) or (None, None)
        assert low == pytest.approx(want["band_lower"], abs=0.101), where
        assert up == pytest.approx(want["band_upper"], abs=0.101), where
        above, of = (int(v) for v in row["Weken boven de band"].split("/"))
        assert of == want["weeks_with_band"], where
        assert want["above_surely"] <= above <= want["above_maybe"], where
    else:
        assert row["Bandbreedte"] == "nog geen band" and row["Weken boven de band"] == "—", where
    assert number(row["Contractuele fte"]) == pytest.approx(want["contracted"], abs=0.0101), where
    assert number(row["Inzetbare fte"]) == pytest.approx(want["deployable"], abs=0.0101), where
    assert number(row["Vacatures (fte)"]) == pytest.approx(want["vacancies"], abs=0.0101), where
    gap = want["contracted"] - want["deployable"] + want["vacancies"]
    assert number(row["Gat (fte)"]) == pytest.approx(gap, abs=0.031), where
    assert number(row["Instroom"]) == want["inflow"] and number(row["Uitstroom"]) == want["outflow"], where
    assert number(breach_row["Medewerkers met een caseload"]) == want["staff"], where
    b = want["breaches"]
    shown = breach_row["Mensen met een blijvende overschrijding"]
    if shown == "<3":
        # hidden: a count of 1 or 2, or hidden to protect another team's count (never a count of 0)
        assert b["people"] > 0, where
        return
    assert number(shown) == b["people"], where
    assert number(breach_row["Reeksen"]) == b["runs"], where
    if b["people"] >= 3:
        assert number(breach_row["Mediane duur (weken)"]) == pytest.approx(b["median"], abs=0.101), where
        assert number(breach_row["Langste (weken)"]) == b["longest"], where
        assert number(breach_row["Loopt nog aan het eind"]) == b["ongoing"], where


def xlsx_rows(content: bytes) -> dict[str, dict[str, Any]]:
    ws = load_workbook(io.BytesIO(content)).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    at = next(i for i, r in enumerate(rows) if r[0] == "Team")
    header = rows[at]
    return {r[0]: dict(zip(header, r, strict=True)) for r in rows[at + 1 :] if r[0]}


def assert_xlsx_shows(cells: dict[str, Any], row: dict[str, str], breach_row: dict[str, str], where: str) -> None:
    """The workbook's row says what the page's row says (the page having been checked against the dashboard)."""

    def same(cell: str, shown: str, digits: float) -> None:
        value = cells[cell]
        expected = number(shown)
        if expected is None:
            assert value in ("", None), f"{where}: {cell} = {value!r}, the page shows {shown!r}"
        else:
            assert value == pytest.approx(expected, abs=digits), f"{where}: {cell}"

    same("Gemiddelde caseload (casussen)", row["Caseload"], 0.051)
    if row["Normatief"].startswith("geen norm"):
        assert cells["Gemiddelde normatieve caseload"] in ("", None), where
        assert cells["Afwijking van de norm (%)"] in ("", None), where
    else:
        same("Gemiddelde normatieve caseload", row["Normatief"], 0.051)
        same("Afwijking van de norm (%)", row["Afwijking"], 0.51)
    limits = band(row["Bandbreedte"])
    if limits is None:
        assert cells["Ondergrens band (casussen)"] in ("", None) and cells["Weken boven de band"] in ("", None), where
    else:
        assert cells["Ondergrens band (casussen)"] == pytest.approx(limits[0], abs=0.101), where
        assert cells["Bovengrens band (casussen)"] == pytest.approx(limits[1], abs=0.101), where
        above, of = (int(v) for v in row["Weken boven de band"].split("/"))
        assert (cells["Weken boven de band"], cells["Weken met een band"]) == (above, of), where
    same("Contractuele fte", row["Contractuele fte"], 0.0051)
    same("Inzetbare fte", row["Inzetbare fte"], 0.0051)
    same("Vacatures (fte)", row["Vacatures (fte)"], 0.0051)
    same("Formatiegat (fte)", row["Gat (fte)"], 0.0051)
    same("Instroom", row["Instroom"], 0)
    same("Uitstroom", row["Uitstroom"], 0)
    assert cells["Medewerkers met een caseload"] == number(breach_row["Medewerkers met een caseload"]), where
    for cell, shown in (
        ("Mensen met een blijvende overschrijding", "Mensen met een blijvende overschrijding"),
        ("Blijvende overschrijdingen", "Reeksen"),
        ("Mediane duur (weken)", "Mediane duur (weken)"),
        ("Langste (weken)", "Langste (weken)"),
        ("Loopt nog aan het eind", "Loopt nog aan het eind"),
    ):
        text = breach_row[shown]
        if text == "<3":
            assert cells[cell] == "<3", f"{where}: {cell}"
        else:
            same(cell, text, 0.051)


# ---------------------------------------------------------------- the test


def compare(hr: Any, organisation: Organisation, start: dt.date, end: dt.date, tmp_path: Any) -> int:
    """Every team's row on the summary page, in the PDF (its HTML and its text) and in the workbook against
    the team dashboard and the members' pages for the same weeks; returns the number of teams shown."""
    query = {"start": start.isoformat(), "end": end.isoformat()}
    response = hr.get(reverse("reports:hr_summary"), query)
    assert response.status_code == 200
    page_rows, page_breach = summary_rows(response.content.decode())
    pdf_rows, pdf_breach = summary_rows(summary_pdf_html(None, response.context["summary"]))
    xlsx = xlsx_rows(hr.get(reverse("reports:hr_summary_xlsx"), query).content)
    teams = list(organisation.teams.order_by("name"))
    assert [t.name for t in teams] == [name for name in page_rows if name != "Organisatie"]
    shown = []
    for team in teams:
        want = expected_figures(dashboard(hr, team.id, start, end))
        where = f"{organisation.slug}: {team.name}, {start}–{end}"
        assert pdf_rows[team.name] == page_rows[team.name] and pdf_breach[team.name] == page_breach[team.name], where
        if want["staff"] < 3:
            assert page_rows[team.name]["Caseload"].startswith("Minder dan 3 medewerkers"), where
            assert page_breach[team.name]["Medewerkers met een caseload"] == "<3", where
            assert xlsx[team.name]["Medewerkers met een caseload"] == "<3", where
            assert xlsx[team.name]["Gemiddelde caseload (casussen)"] == "<3", where
            continue
        shown.append(team)
        assert_row_shows(page_rows[team.name], page_breach[team.name], want, f"{where} (page)")
        assert_row_shows(pdf_rows[team.name], pdf_breach[team.name], want, f"{where} (PDF)")
        assert_xlsx_shows(xlsx[team.name], page_rows[team.name], page_breach[team.name], f"{where} (XLSX)")
    # the organisation: the sum of the teams shown, on the page, in the PDF and in the workbook
    if len(teams) > 1 and shown:
        total = page_rows["Organisatie"]
        for name in ("Caseload", "Contractuele fte", "Inzetbare fte", "Instroom", "Uitstroom"):
            teams_sum = sum(number(page_rows[t.name][name]) or 0 for t in shown)
            assert number(total[name]) == pytest.approx(teams_sum, abs=0.01 * len(shown) + 0.05), name
        assert pdf_rows["Organisatie"] == total
        assert_xlsx_shows(xlsx["Organisatie"], total, page_breach["Organisatie"], f"organisation {start}–{end}")
    # the real PDF carries the same figures
    if shutil.which("pdftotext"):
        pdf = tmp_path / f"summary-{organisation.slug}-{start}.pdf"
        pdf.write_bytes(hr.get(reverse("reports:hr_summary_pdf"), query).content)
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
        for team in shown:
            for name in ("Caseload", "Inzetbare fte", "Instroom"):
                assert page_rows[team.name][name] in text.stdout, (team.name, name)
    return len(shown)


@pytest.mark.parametrize("period", [HALF_YEAR, QUARTER], ids=["half-year", "quarter"])
@pytest.mark.parametrize(("slug", "username"), ORGANISATIONS)
def test_the_hr_summary_shows_the_dashboards_figures(login, slug, username, period, tmp_path):
    organisation = Organisation.objects.get(slug=slug)
    assert compare(login(username), organisation, *period, tmp_path) == organisation.teams.count()


def _generated() -> Organisation:
    """20 small teams (``bench.synthetic``): bands decided on half of them at different dates within the
    period, one team none of whose cases has a norm, one with some cases without a norm, a colleague on full
    sick leave for the last weeks, and people leaving and being replaced."""
    org = store(Spec(teams=20, people_per_team=4, years=1, end=TODAY, target_per_fte=12.0), slug="hr-consistentie-20")
    assert isinstance(org, Organisation)
    teams = list(org.teams.order_by("name"))
    for i, team in enumerate(teams[:10]):
        Bandwidth.objects.create(
            team=team,
            valid_from=TODAY - dt.timedelta(weeks=6 + 2 * i),
            lower_per_fte=Decimal("10"),
            upper_per_fte=Decimal("13"),
        )
    no_norm = CaseType.objects.create(organisation=org, code="zonder", name="Zonder norm")
    Case.objects.filter(team=teams[2]).update(case_type=no_norm)
    some = list(Case.objects.filter(team=teams[12]).values_list("id", flat=True)[::3])
    Case.objects.filter(id__in=some).update(case_type=no_norm)
    sick = Person.objects.filter(team=teams[3]).order_by("name").first()
    assert sick is not None
    Reduction.objects.create(
        person=sick,
        reason=ReductionReason.objects.get(organisation=org, code="verzuim"),
        percent=100,
        start_date=TODAY - dt.timedelta(weeks=5),
    )
    return org


def test_the_hr_summary_shows_the_dashboards_figures_for_a_generated_organisation_of_20_teams(client, tmp_path):
    org = _generated()
    user = get_user_model().objects.create_user(username="hr.consistentie-20", password="x" * 20)
    Membership.objects.create(user=user, organisation=org, role=Role.HR_ADVISER)
    client.force_login(user)
    assert compare(client, org, *HALF_YEAR, tmp_path) >= 15


def test_the_team_of_fewer_than_three_is_hidden_in_every_form(login):
    """The same rows, the same suppression: a team of two shows "<3" on the page, in the PDF and the workbook."""
    from organisations.models import Team

    organisation = Organisation.objects.get(slug="veldstroom")
    small = Team.objects.create(organisation=organisation, name="Team Tweetal-consistentie")
    for person in organisation.teams.get(name="Team Zuid").members.order_by("name")[:2]:
        person.team = small
        person.save(update_fields=["team"])
    start, end = HALF_YEAR
    query = {"start": start.isoformat(), "end": end.isoformat()}
    hr = login("hr.veldstroom")
    response = hr.get(reverse("reports:hr_summary"), query)
    page_rows, page_breach = summary_rows(response.content.decode())
    pdf_rows, _pdf_breach = summary_rows(summary_pdf_html(None, response.context["summary"]))
    xlsx = xlsx_rows(hr.get(reverse("reports:hr_summary_xlsx"), query).content)
    assert page_rows[small.name]["Caseload"].startswith("Minder dan 3 medewerkers")
    assert pdf_rows[small.name] == page_rows[small.name]
    assert page_breach[small.name]["Medewerkers met een caseload"] == "<3"
    assert xlsx[small.name]["Medewerkers met een caseload"] == "<3"
    assert xlsx[small.name]["Gemiddelde caseload (casussen)"] == "<3"
