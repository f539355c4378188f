"""The HR integral summary: the dashboard's figures, aggregated, for HR and the works council."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import numpy as np
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from caseload_core.period import TeamWeeks
from organisations.models import Organisation, Person
from reports.summary import build_summary, default_period

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)
START, END = default_period(TODAY)


def _query() -> dict[str, str]:
    return {"start": START.isoformat(), "end": END.isoformat()}


def test_the_default_period_is_the_last_26_full_weeks():
    assert (dt.date(2026, 5, 25), dt.date(2026, 11, 22)) == (START, END)
    assert START.weekday() == 0 and END.weekday() == 6


def test_its_figures_match_the_team_dashboard_for_the_same_period(login):
    """The HR adviser's half-year summary shows, per team, the dashboard's own weekly figures averaged."""
    hr = login("hr.veldstroom")
    summary = hr.get(reverse("reports:hr_summary"), _query()).context["summary"]
    manager = login("teammanager.noord")
    noord = Organisation.objects.get(slug="veldstroom").teams.get(name="Team Noord")
    dashboard = manager.get(reverse("monitoring:team", kwargs={"team_id": noord.id}), _query())
    assert dashboard.status_code == 200
    figures = dashboard.context["figures"]
    assert figures.mondays[0] == START and len(figures.mondays) == 26
    row = next(t for t in summary.teams if t.team == noord)
    assert row.figures.weeks == 26
    assert row.figures.caseload == pytest.approx(float(np.mean(figures.team.count)))
    assert row.figures.normative == pytest.approx(float(np.nanmean(figures.team.normative)))
    assert row.figures.deployable_fte == pytest.approx(float(np.mean(figures.team.deployable_fte)))
    assert row.figures.contracted_fte == pytest.approx(float(np.mean(figures.team.contracted_fte)))
    assert row.figures.inflow == pytest.approx(float(figures.team.inflow.sum()))
    assert row.figures.outflow == pytest.approx(float(figures.team.outflow.sum()))
    assert row.people == len(figures.members) >= 3
    # The organisation is the sum of its teams.
    assert summary.total.caseload == pytest.approx(sum(t.figures.caseload for t in summary.teams))


def test_the_page_explains_every_figure_and_names_the_period(login):
    response = login("hr.veldstroom").get(reverse("reports:hr_summary"), _query())
    html = response.content.decode()
    assert response.status_code == 200
    assert "HR-integrale samenvatting" in html
    assert html.count('class="explain"') >= 8
    assert "25 mei 2026" in html and "22 november 2026" in html


def test_a_bad_period_gets_a_dutch_message(login):
    response = login("hr.veldstroom").get(reverse("reports:hr_summary"), {"start": "2026-06-01", "end": "2026-01-01"})
    assert response.status_code == 400
    assert "Het einde van de periode ligt vóór het begin." in response.content.decode()


def test_the_works_council_sees_the_summary_and_nothing_individual(login):
    council = login("or.veldstroom")
    organisation = Organisation.objects.get(slug="veldstroom")
    noord = organisation.teams.get(name="Team Noord")
    evaluation = noord.evaluations.first()
    for name in ("reports:index", "reports:hr_summary", "reports:hr_summary_pdf", "reports:hr_summary_xlsx"):
        assert council.get(reverse(name), _query()).status_code == 200, name
    for url in (
        reverse("reports:evaluation", kwargs={"evaluation_id": evaluation.id}),
        reverse("reports:evaluation_answer", kwargs={"evaluation_id": evaluation.id}),
        reverse("reports:workload", kwargs={"team_id": noord.id}),
        reverse("reports:reflection_add", kwargs={"team_id": noord.id}),
        reverse("reports:evaluation_create"),
        reverse("monitoring:team", kwargs={"team_id": noord.id}),
        reverse("organisations:team", kwargs={"team_id": noord.id}),
    ):
        assert council.get(url).status_code == 403, url
    html = council.get(reverse("reports:hr_summary"), _query()).content.decode()
    names = list(Person.objects.filter(organisation=organisation).values_list("name", flat=True))
    assert names and not [n for n in names if n in html]
    # No case references and no free-text answers reach the works council either.
    assert not [c for c in noord.cases.values_list("reference", flat=True)[:200] if c in html]
    assert "Veel nieuwe aanmeldingen" not in html


def test_the_index_of_the_works_council_offers_only_the_summary(login):
    html = login("or.veldstroom").get(reverse("reports:index")).content.decode()
    assert reverse("reports:hr_summary") in html
    assert "/evaluaties/" not in html and "/werkdruk/" not in html


def _weeks(people_above: np.ndarray, caseload: float = 20.0) -> TeamWeeks:
    """Constructed weekly figures: a band from the third week on, the caseload above it there."""
    n = people_above.shape[1]
    full = np.full(n, 1.0)
    band_upper = np.where(np.arange(n) < 2, np.nan, 19.0)
    return TeamWeeks(
        mondays=tuple(dt.date(2026, 1, 5) + dt.timedelta(weeks=k) for k in range(n)),
        caseload=full * caseload,
        normative=full * 18.0,
        band_lower=full * 14.0,
        band_upper=band_upper,
        contracted_fte=full * 2.0,
        deployable_fte=full * 1.5,
        vacancy_fte=full * 0.25,
        inflow=full,
        outflow=full * 2,
        above=np.nan_to_num(band_upper, nan=np.inf) < caseload,
        below=np.zeros(n, dtype=bool),
        people_above=people_above,
    )


def test_constructed_figures_are_summarised():
    organisation = Organisation.objects.get(slug="veldstroom")
    big, middle, _small = organisation.teams.order_by("name")  # demo teams, given constructed figures
    six = np.array(
        [[c == "#" for c in row] for row in ("#####...", "........", "####....", "########", "........", "#.#.#.#.")]
    )
    data = {big.id: _weeks(six), middle.id: _weeks(np.zeros((5, 8), dtype=bool))}
    summary = build_summary(organisation, [big, middle], START, END, load_weeks=lambda t, s, e: data)
    rows = {r.team: r for r in summary.teams}
    b = rows[big].breach
    assert (b.people, b.runs, b.median_weeks, b.longest_weeks, b.ongoing_runs) == (3, 3, 5, 8, 1)
    assert rows[middle].breach.people == 0
    f = rows[big].figures
    assert f.caseload == 20.0 and f.deviation == pytest.approx(2 / 18)
    assert (f.weeks_above_band, f.weeks_with_band) == (6, 6)  # no band in the first two weeks
    assert f.formation_gap_fte == pytest.approx(0.75)  # 2.0 contracted − 1.5 deployable + 0.25 vacant
    assert (f.inflow, f.outflow) == (8, 16)
    assert summary.total.caseload == 40.0 and summary.breach_total.people == 3


def test_a_team_of_two_is_hidden_and_cannot_be_worked_out_from_the_total():
    organisation = Organisation.objects.get(slug="veldstroom")
    big, middle, small = organisation.teams.order_by("name")
    six = np.array([[True] * 8] * 3 + [[False] * 8] * 3)
    data = {
        big.id: _weeks(six),
        middle.id: _weeks(np.zeros((5, 8), dtype=bool)),
        small.id: _weeks(np.array([[True] * 8, [False] * 8])),
    }
    summary = build_summary(organisation, [big, middle, small], START, END, load_weeks=lambda t, s, e: data)
    rows = {r.team: r for r in summary.teams}
    assert rows[small].hidden and rows[small].figures.caseload is None
    assert rows[small].breach.group_hidden and rows[small].breach.people is None
    # Total 4 − big's 3 would give the small team's 1 away; the middle team's 0 cannot cover it, so big hides.
    assert summary.breach_total.people == 4
    assert rows[big].breach.people is None and rows[middle].breach.people == 0
    assert summary.total.caseload == 40.0  # the small team is left out of the organisation's sums


def test_the_pdf_holds_the_summary_text(login, tmp_path):
    response = login("hr.veldstroom").get(reverse("reports:hr_summary_pdf"), _query())
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "hr-samenvatting-veldstroom-20260525-20261122.pdf" in response["Content-Disposition"]
    pdf = tmp_path / "summary.pdf"
    pdf.write_bytes(response.content)
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for expected in (
        "HR-integrale samenvatting",
        "Jeugdbescherming Veldstroom",
        "Team Noord",
        "Team Zuid",
        "Blijvende overschrijdingen",
        "25 mei 2026",
    ):
        assert expected in text, expected
    names = Person.objects.filter(organisation__slug="veldstroom").values_list("name", flat=True)
    assert not [n for n in names if n in text]
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True
        )
        assert list(tmp_path.glob("page*.png"))


def test_the_xlsx_has_a_row_per_team_and_the_organisation(login):
    response = login("hr.veldstroom").get(reverse("reports:hr_summary_xlsx"), _query())
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb.worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    header_at = next(i for i, r in enumerate(rows) if r[0] == "Team")
    names = [r[0] for r in rows[header_at + 1 :]]
    assert names == ["Team Midden", "Team Noord", "Team Zuid", "Organisatie"]
    summary = login("hr.veldstroom").get(reverse("reports:hr_summary"), _query()).context["summary"]
    noord = next(t for t in summary.teams if t.team.name == "Team Noord")
    assert rows[header_at + 2][2] == pytest.approx(round(noord.figures.caseload, 1))
    assert wb.worksheets[1].max_row >= 2  # the evaluations sheet


def test_a_team_manager_sees_the_summary_of_their_own_team_only(login):
    summary = login("teammanager.noord").get(reverse("reports:hr_summary"), _query()).context["summary"]
    assert [t.team.name for t in summary.teams] == ["Team Noord"]


def test_the_chart_shows_the_weekly_totals_with_their_table(login):
    response = login("hr.veldstroom").get(reverse("reports:hr_summary"), _query())
    summary = response.context["summary"]
    assert len(summary.weekly_caseload) == 26
    assert float(np.mean(summary.weekly_caseload)) == pytest.approx(summary.total.caseload)
    html = response.content.decode()
    assert 'role="img"' in html and "Caseload per week tegenover de bandbreedte</title>" in html
    assert html.count('<tr><th scope="row">') >= 26  # the chart's data as a table
