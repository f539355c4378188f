"""An account's life, as the people involved see it.

The administrator adds a team, a person in it and a login for them; the person logs in, changes the
password, logs out, forgets it and resets it through the mailed link, logs in again; the administrator
deactivates the login, and the person's session that was still open ends on its next request.
The live server runs in this process with the locmem mail backend, so the mail is in ``mail.outbox``.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail

from tests.browser.fixtures import assert_accessible, browser_login

pytestmark = pytest.mark.browser

USERNAME = "test.levenscyclus"
FIRST = "Eerste-wachtwoord-voor-Noor"
CHANGED = "Zelf-gekozen-zin-van-Noor"
RESET = "Na-het-vergeten-weer-binnen"
EMAIL = "noor.levenscyclus@example.nl"


def exactly(label: str) -> re.Pattern[str]:
    """A label as rendered, with or without Django's label suffix (":")."""
    return re.compile(rf"^{re.escape(label)}:?$")


def _submit(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state("networkidle")


def test_an_account_from_creation_to_deactivation(live_demo, page, browser):
    base = live_demo.url

    # The administrator: a team, a person in it, a login with a role.
    browser_login(page, base, "beheer.veldstroom")
    page.goto(f"{base}/organisatie/teams/nieuw/")
    page.get_by_label(exactly("Naam")).fill("Team Levenscyclus")
    _submit(page, "Opslaan")
    assert page.get_by_text("Het team is toegevoegd.").is_visible()

    page.goto(f"{base}/organisatie/mensen/nieuw/")
    page.get_by_label(exactly("Naam")).fill("Noor Levenscyclus")
    page.get_by_label("Functie").select_option("jeugdbeschermer")
    page.get_by_label(exactly("Team")).select_option(label="Team Levenscyclus")
    page.get_by_label("Contracturen per week").fill("32")
    page.get_by_label("Startdatum").fill("2026-09-01")
    _submit(page, "Opslaan")
    assert page.get_by_text("De medewerker is toegevoegd.").is_visible()

    page.goto(f"{base}/organisatie/logins/")
    page.get_by_label("Gebruikersnaam").fill(USERNAME)
    page.get_by_label("Voornaam").fill("Noor")
    page.get_by_label("E-mailadres").fill(EMAIL)
    page.get_by_label(exactly("Rol")).select_option("professional")
    page.get_by_label(exactly("Team")).select_option(label="Team Levenscyclus")
    page.get_by_label("Gekoppelde medewerker").select_option(label="Noor Levenscyclus")
    page.get_by_label("Eerste wachtwoord").fill("aaaaaaaaaaaa")
    _submit(page, "Account aanmaken")
    assert page.get_by_text("Dit wachtwoord heeft te weinig verschillende tekens").is_visible()
    page.get_by_label("Eerste wachtwoord").fill(FIRST)
    _submit(page, "Account aanmaken")
    assert page.get_by_text("Het account is aangemaakt.").is_visible()

    page.get_by_role("link", name=USERNAME).click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Noor", level=1).is_visible()
    assert_accessible(page, "(login page)")
    login_url = page.url
    page.get_by_role("link", name="Rol toevoegen").click()
    page.get_by_label(exactly("Rol")).select_option("gedragswetenschapper")
    page.get_by_label("Geldt voor").select_option(label="Team Levenscyclus")
    assert_accessible(page, "(add a role)")
    _submit(page, "Rol toevoegen")
    roles = page.get_by_role("table", name=f"Rollen van {USERNAME}")
    assert roles.get_by_role("rowheader", name="gedragswetenschapper").is_visible()
    assert roles.get_by_role("rowheader", name="professional").is_visible()

    # The person, in a browser of their own: log in, change the password, log out.
    person_context = browser.new_context(locale="nl-NL")
    person = person_context.new_page()
    browser_login(person, base, USERNAME, FIRST)
    assert person.get_by_role("heading", name="Mijn gegevens").is_visible()
    person.get_by_role("link", name="Mijn account").click()
    person.wait_for_load_state("networkidle")
    assert_accessible(person, "(my account)")
    person.get_by_role("link", name="Je wachtwoord wijzigen").click()
    person.wait_for_load_state("networkidle")
    assert_accessible(person, "(change password)")
    person.get_by_label("Huidig wachtwoord").fill(FIRST)
    person.get_by_label(exactly("Nieuw wachtwoord")).fill("aaaaaaaaaaaa")
    person.get_by_label("Nieuw wachtwoord bevestigen").fill("aaaaaaaaaaaa")
    _submit(person, "Wachtwoord wijzigen")
    assert person.get_by_text("Dit wachtwoord heeft te weinig verschillende tekens").first.is_visible()
    assert_accessible(person, "(change password, refused)")
    person.get_by_label("Huidig wachtwoord").fill(FIRST)
    person.get_by_label(exactly("Nieuw wachtwoord")).fill(CHANGED)
    person.get_by_label("Nieuw wachtwoord bevestigen").fill(CHANGED)
    _submit(person, "Wachtwoord wijzigen")
    assert person.get_by_text("Je wachtwoord is gewijzigd.").is_visible()
    _submit(person, "Uitloggen")
    assert person.get_by_role("heading", name="Inloggen bij Caseloadwijzer").is_visible()

    # Forgotten: the reset link by mail, a new password, logged in with it.
    person.get_by_role("link", name="Wachtwoord vergeten?").click()
    person.wait_for_load_state("networkidle")
    assert_accessible(person, "(forgot password)")
    person.get_by_label("E-mailadres").fill(EMAIL)
    _submit(person, "Stuur de link")
    assert person.get_by_role("heading", name="Kijk in je mail").is_visible()
    assert_accessible(person, "(reset mail sent)")
    assert [m.to for m in mail.outbox] == [[EMAIL]]
    link = re.search(r"https?://\S+/wachtwoord-herstellen/\S+/", mail.outbox[0].body).group(0)
    person.goto(link)
    person.wait_for_load_state("networkidle")
    assert person.get_by_role("heading", name="Kies een nieuw wachtwoord").is_visible()
    assert_accessible(person, "(choose a new password)")
    person.get_by_label(exactly("Nieuw wachtwoord")).fill(RESET)
    person.get_by_label("Nieuw wachtwoord bevestigen").fill(RESET)
    _submit(person, "Nieuw wachtwoord opslaan")
    assert person.get_by_role("heading", name="Je nieuwe wachtwoord is opgeslagen").is_visible()
    assert_accessible(person, "(password saved)")
    browser_login(person, base, USERNAME, CHANGED)
    assert person.get_by_text("Voer een juiste gebruikersnaam en wachtwoord in").is_visible()
    browser_login(person, base, USERNAME, RESET)
    assert person.get_by_role("heading", name="Mijn gegevens").is_visible()

    # The administrator deactivates the login; the person's open session ends on its next request.
    page.goto(login_url)
    page.get_by_role("link", name="Dit account deactiveren").click()
    page.wait_for_load_state("networkidle")
    assert_accessible(page, "(deactivate)")
    _submit(page, "Deactiveren")
    assert page.get_by_text("Het account is gedeactiveerd; 1 open sessie is beëindigd.").is_visible()
    assert page.get_by_text("Dit account is gedeactiveerd").is_visible()

    person.reload()
    person.wait_for_load_state("networkidle")
    assert "/inloggen/" in person.url
    assert person.get_by_role("heading", name="Inloggen bij Caseloadwijzer").is_visible()
    browser_login(person, base, USERNAME, RESET)
    assert "/inloggen/" in person.url  # an inactive login cannot log in
    person_context.close()

    # Reactivated, the same password works again.
    page.get_by_role("link", name="Dit account weer activeren").click()
    assert_accessible(page, "(reactivate)")
    _submit(page, "Weer activeren")
    assert page.get_by_text("Het account is weer geactiveerd.").is_visible()
