"""A team manager and a policy adviser take a trajectory from empty to an approved bandwidth, as new users
would, with axe-core on every page of the way; the team dashboard then shows the band."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.fixtures import assert_accessible, browser_login

pytestmark = pytest.mark.browser
STATLINE = Path(__file__).parent / "files" / "statline-export-bevolking-postcode-almere-2022-2025.csv"


def _save(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state("networkidle")


def test_from_empty_to_an_approved_bandwidth(live_demo, page, browser):
    base = live_demo.url
    # The team manager starts the trajectory for their team.
    browser_login(page, base, "teammanager.midden")
    page.goto(base + "/bandbreedte/")
    assert_accessible(page, "(index)")
    page.get_by_role("link", name="Bandbreedtetraject starten").click()
    assert_accessible(page, "(start)")
    page.get_by_label("Trekkend team").select_option(label="Team Midden")
    page.get_by_label("Titel").fill("Bandbreedte Team Midden 2027")
    page.get_by_label("Startdatum").fill("2026-09-07")
    _save(page, "Opslaan")
    assert page.get_by_role("heading", name="Bandbreedte Team Midden 2027").is_visible()
    assert page.get_by_text("Schets de situatie van jullie gemeente").is_visible()
    assert_accessible(page, "(trajectory)")
    detail = page.url

    # Step 1: the situation sketch, with the real StatLine file (after a foreign file is refused).
    page.get_by_role("link", name="Stap 1: situatieschets").click()
    page.get_by_label(re.compile(r"^Gebied:?$")).fill("Almere")
    page.get_by_label("CBS-codes van het gebied").fill("1309-1363")
    _save(page, "Opslaan")
    assert_accessible(page, "(sketch)")
    page.get_by_label("CBS-bestand").set_input_files(
        files=[{"name": "export.csv", "mimeType": "text/csv", "buffer": b"naam,leeftijd\nJan,12\n"}]
    )
    _save(page, "Importeren")
    error = "regel 1: dit is geen CBS-export die we kunnen lezen"
    assert page.locator("#id_file_error").get_by_text(error).is_visible()
    assert page.get_by_label("CBS-bestand").get_attribute("aria-invalid") == "true"
    assert_accessible(page, "(import error)")
    page.get_by_label("CBS-bestand").set_input_files(str(STATLINE))
    _save(page, "Importeren")
    assert page.get_by_text("Er zijn 6 gegevens van het CBS geïmporteerd.").is_visible()
    assert page.get_by_role("cell", name="229.580").is_visible()
    page.get_by_role("link", name="Bevolking — 0 tot 5 jaar").click()
    assert_accessible(page, "(figure)")
    page.get_by_label("Herkennen we het beeld?").fill("Ja: Almere is jong.")
    _save(page, "Opslaan")

    # Step 2, piketpaaltjes 1–4.
    page.get_by_role("link", name="1. Jullie opdracht en de bedoeling daarvan").click()
    page.get_by_label("Wat telt als één casus").fill("een maatregel (één kind)")
    page.get_by_label("Kernwaarden").fill("veiligheid, betrokkenheid")
    assert_accessible(page, "(intent)")
    _save(page, "Opslaan en verder")
    assert page.get_by_role("img", name="Referentieschaal: mate van betrokkenheid per voorbeeld").is_visible()
    assert page.get_by_text("Eén casus: een maatregel (één kind).").is_visible()
    assert_accessible(page, "(references)")
    page.get_by_label("Ideale caseload (casussen per fte)").fill("14")
    page.get_by_label("Waarom daar").fill("Dicht bij de Significantnorm.")
    _save(page, "Opslaan en verder")
    assert_accessible(page, "(factors)")
    page.get_by_label("Scoreronde").select_option(index=1)
    _save(page, "Opslaan en verder")
    assert_accessible(page, "(advice)")
    page.get_by_label("Ondergrens per fte").fill("13")
    page.get_by_label("Bovengrens per fte").fill("16")
    page.get_by_label("Ondergrens voor jeugdbeschermer").fill("12")
    page.get_by_label("Bovengrens voor jeugdbeschermer").fill("15")
    page.get_by_label("Onderbouwing").fill("Stapsgewijs naar 12 maatregelen per fte.")
    _save(page, "Opslaan als nieuwe versie")
    bands = page.get_by_role("table", name="Geadviseerde bandbreedtes per functie, versie 1")
    assert "Jeugdbeschermer" in bands.inner_text() and "15" in bands.inner_text()
    assert page.get_by_text("Wacht op het besluit van de opdrachtgever.").is_visible()
    assert page.get_by_role("link", name="Besluiten over versie 1").count() == 0
    assert_accessible(page, "(decisions, team manager)")

    # Piketpaaltje 5: the policy adviser (the commissioning party) approves.
    context = browser.new_context(locale="nl-NL")
    adviser = context.new_page()
    browser_login(adviser, base, "beleid.veldstroom")
    adviser.goto(detail)
    adviser.get_by_role("link", name="5. De officiële beslissing").click()
    adviser.get_by_role("link", name="Besluiten over versie 1").click()
    assert_accessible(adviser, "(decide)")
    adviser.get_by_label("akkoord", exact=True).check()
    adviser.get_by_label("Besloten op").fill("2026-11-16")
    adviser.get_by_label("Geldt vanaf").fill("2026-11-02")
    adviser.get_by_label("Evaluatiedatum").fill("2028-11-06")
    _save(adviser, "Besluit vastleggen")
    assert adviser.get_by_text("Het besluit is vastgelegd.").is_visible()
    history = adviser.get_by_role("table", name="Besloten bandbreedtes van Team Midden")
    assert "2 november 2026" in history.inner_text() and "13" in history.inner_text()
    assert "Jeugdbeschermer" in history.inner_text()  # the function band reaches monitoring too
    assert adviser.get_by_role("table", name="Besloten bandbreedtes per functie").is_visible()
    assert_accessible(adviser, "(implement)")
    context.close()

    # Step 3: the team manager agrees an action, reads the advice note, and sees the band on the dashboard.
    page.goto(detail)
    page.get_by_role("link", name="Stap 3: implementeren en leren").click()
    page.get_by_label(re.compile(r"^Actie:?$")).fill("Inwerktraject met lagere caseload")
    page.get_by_label("Eigenaar").fill("Teammanager")
    page.get_by_label("Uiterste datum").fill("2027-03-01")
    _save(page, "Actie toevoegen")
    assert page.get_by_role("link", name="Inwerktraject met lagere caseload").is_visible()
    page.get_by_role("link", name="Adviesnotitie", exact=True).click()
    assert page.get_by_text("Het team adviseert een bandbreedte van 13 tot 16 casussen per fulltime fte").is_visible()
    assert page.get_by_text("Bron: CBS").first.is_visible()
    assert_accessible(page, "(advice note)")
    response = page.request.get(base + page.get_by_role("link", name="Downloaden als pdf").get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf" and response.body()[:4] == b"%PDF"

    page.goto(base + "/monitoring/")
    page.get_by_role("link", name="Team Midden").first.click()
    page.wait_for_load_state("networkidle")
    band = page.locator("li.card", has=page.get_by_role("heading", name="Bandbreedte", exact=True)).locator(
        ".figure-value"
    )
    assert re.fullmatch(r"\d+–\d+", band.inner_text().strip())
