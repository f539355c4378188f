"""The import flow in Chromium: upload, confirm columns, check, import — each page passes axe-core."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from imports.tests.conftest import FILES
from tests.browser.fixtures import assert_accessible, browser_login

pytestmark = pytest.mark.browser


def _people() -> None:
    from organisations.models import Function, Organisation
    from organisations.services import person_create

    organisation = Organisation.objects.get(slug="veldstroom")
    team = organisation.teams.get(name="Team Noord")
    for name in ("Zoë Importtest", "Pim Proefbestand"):
        if not organisation.people.filter(name=name).exists():
            person_create(
                organisation=organisation,
                team=team,
                name=name,
                function=Function.YOUTH_PROTECTION_WORKER,
                contract_hours=Decimal("32"),
                start_date=dt.date(2020, 1, 1),
            )


def test_a_team_manager_imports_a_file_through_the_pages(live_demo, page):
    from cases.models import Case

    _people()
    browser_login(page, live_demo.url, "teammanager.noord")
    page.goto(live_demo.url + "/import/")
    assert_accessible(page, "(import page)")
    page.set_input_files("#id_file", str(FILES / "cases_semicolon_cp1252.csv"))
    page.get_by_role("button", name="Uploaden en kolommen controleren").click()
    page.wait_for_load_state("networkidle")
    assert "Welke kolom bevat wat?" in page.content()
    assert_accessible(page, "(mapping page)")
    page.get_by_role("button", name="Elke rij controleren").click()
    page.wait_for_load_state("networkidle")
    assert "Elke rij is in orde." in page.content()
    assert_accessible(page, "(checked)")
    page.get_by_role("button", name="Importeren", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert_accessible(page, "(done)")
    assert Case.objects.filter(reference__startswith="IMP-", organisation__slug="veldstroom").count() == 3


def test_a_refused_file_shows_the_columns_on_a_phone(live_demo, mobile_page):
    browser_login(mobile_page, live_demo.url, "teammanager.noord")
    mobile_page.goto(live_demo.url + "/import/")
    mobile_page.set_input_files(
        "#id_file",
        files=[{"name": "namen.csv", "mimeType": "text/csv", "buffer": b"Dossiernummer;Voornaam\nX-1;Anna\n"}],
    )
    mobile_page.get_by_role("button", name="Uploaden en kolommen controleren").click()
    mobile_page.wait_for_load_state("networkidle")
    assert "Kolom “Voornaam” (B): lijkt namen van cliënten te bevatten." in mobile_page.content()
    assert_accessible(mobile_page, "(refused, phone)")


def test_a_file_past_a_limit_is_refused_with_the_limit_named_on_a_phone(live_demo, mobile_page):
    browser_login(mobile_page, live_demo.url, "teammanager.noord")
    mobile_page.goto(live_demo.url + "/import/")
    wide = b";".join(b"k%d" % i for i in range(1000)) + b"\n1\n"
    mobile_page.set_input_files("#id_file", files=[{"name": "breed.csv", "mimeType": "text/csv", "buffer": wide}])
    mobile_page.get_by_role("button", name="Uploaden en kolommen controleren").click()
    mobile_page.wait_for_load_state("networkidle")
    assert "Het bestand heeft meer dan 200 kolommen, de grens voor een import" in mobile_page.content()
    assert_accessible(mobile_page, "(past a limit, phone)")
    mobile_page.screenshot(path="/tmp/import-limit-refused.png", full_page=True)
