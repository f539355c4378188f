"""The registration export (imports/tests/data/) through the pages in Chromium, with confirmations only: the
staff file (the team chosen for the whole file), then the case file (its end-date rule guessed, "OTS eerste
jaar" mapped to OTS as suggested). Every page passes axe-core; afterwards the open cases per person on six
dates equal the count made from the file."""

from __future__ import annotations

import pytest

from imports.tests.test_registration_export import CASES, STAFF, assert_figures_match_the_files
from tests.browser.fixtures import assert_accessible, browser_login

pytestmark = pytest.mark.browser


def _upload(page, url: str, path, kind_label: str) -> None:
    page.goto(url + "/import/")
    page.get_by_label("Wat staat er in het bestand?").select_option(label=kind_label)
    page.set_input_files("#id_file", str(path))
    page.get_by_role("button", name="Uploaden en kolommen controleren").click()
    page.wait_for_load_state("networkidle")
    assert "Welke kolom bevat wat?" in page.content(), page.content()[:3000]


def _check_and_import(page, context: str) -> None:
    page.get_by_role("button", name="Importeren", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert "stonden al zo in Caseloadwijzer" in page.content()
    assert_accessible(page, f"({context}, imported)")


def test_the_registration_export_goes_in_through_the_pages(live_demo, page):
    from organisations.models import Organisation

    browser_login(page, live_demo.url, "beheer.veldstroom")
    _upload(page, live_demo.url, STAFF, "medewerkers en contracturen")
    content = page.content()
    assert "Kostenplaats" in content and "wordt niet gebruikt" in content
    assert_accessible(page, "(staff, columns)")
    page.get_by_label("Team voor het hele bestand").select_option(label="Team Noord")
    page.get_by_role("button", name="Elke rij controleren").click()
    page.wait_for_load_state("networkidle")
    assert "gecontroleerd, klaar om te importeren" in page.content()
    assert_accessible(page, "(staff, checked)")
    _check_and_import(page, "staff")

    _upload(page, live_demo.url, CASES, "casussen en toewijzingen")
    assert page.get_by_label("einddatum = eerste dag zonder", exact=False).is_checked(), "guessed from the file"
    assert_accessible(page, "(cases, columns)")
    page.screenshot(path="/tmp/import-export-columns.png", full_page=True)
    page.get_by_role("button", name="Elke rij controleren").click()
    page.wait_for_load_state("networkidle")
    assert "niet klaar om te importeren" in page.content()
    assert page.get_by_role("button", name="Importeren", exact=True).count() == 0
    assert_accessible(page, "(cases, values to map)")
    page.get_by_role("link", name="Geef aan wat deze waarden betekenen").click()
    page.wait_for_load_state("networkidle")
    assert "“OTS eerste jaar” (9×)" in page.content()
    assert_accessible(page, "(cases, value mapping)")
    page.screenshot(path="/tmp/import-export-values.png", full_page=True)
    page.get_by_role("button", name="Deze waarden gebruiken en opnieuw controleren").click()
    page.wait_for_load_state("networkidle")
    content = page.content()
    assert "Elke rij is in orde." in content and "laatste dag in Caseloadwijzer: 5 januari 2026" in content
    assert_accessible(page, "(cases, checked)")
    page.screenshot(path="/tmp/import-export-checked.png", full_page=True)
    _check_and_import(page, "cases")
    page.screenshot(path="/tmp/import-export-done.png", full_page=True)
    assert_figures_match_the_files(Organisation.objects.get(slug="veldstroom"))


def test_the_value_mapping_page_works_on_a_phone(live_demo, mobile_page):
    browser_login(mobile_page, live_demo.url, "beheer.veldstroom")
    _upload(mobile_page, live_demo.url, CASES, "casussen en toewijzingen")
    # By keyboard, as on a phone with a keyboard attached: focus the button and press Enter, then the link.
    mobile_page.get_by_role("button", name="Elke rij controleren").focus()
    mobile_page.keyboard.press("Enter")
    mobile_page.wait_for_load_state("networkidle")
    mobile_page.get_by_role("link", name="Geef aan wat deze waarden betekenen").focus()
    mobile_page.keyboard.press("Enter")
    mobile_page.wait_for_load_state("networkidle")
    assert mobile_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(mobile_page, "(value mapping, phone)")
    mobile_page.screenshot(path="/tmp/import-export-values-phone.png", full_page=True)
