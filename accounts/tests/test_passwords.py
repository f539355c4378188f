"""Passwords: the validators (in Dutch), changing one's own, and a forgotten one reset by mail."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import get_default_password_validators, validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.password_validation import MinimumDistinctCharactersValidator
from accounts.roles import Role
from organisations.models import Organisation
from organisations.services import login_create

pytestmark = pytest.mark.django_db

User = get_user_model()
STRONG = "Zeven-bomen-langs-de-Vecht"
NEW = "Een-nieuw-pad-door-het-bos"


@pytest.fixture
def tess():
    return login_create(
        organisation=Organisation.objects.get(slug="veldstroom"),
        username="test.wachtwoord",
        password=STRONG,
        role=Role.PROFESSIONAL,
        first_name="Tess",
        email="tess.wachtwoord@example.nl",
    )


def _client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


# --- validators -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("password", ["aaaaaaaaaaaa", "abababababababab", "abcdabcdabcdabcd", "AAAAaaaa1111"])
def test_too_few_different_characters_are_refused(password):
    with pytest.raises(ValidationError) as error:
        MinimumDistinctCharactersValidator(min_distinct=5).validate(password)
    assert error.value.error_list[0].code == "password_too_few_distinct_characters"


@pytest.mark.parametrize("password", ["abcdeabcdeabcde", STRONG, "caseload-demo-2026"])
def test_enough_different_characters_pass(password):
    MinimumDistinctCharactersValidator(min_distinct=5).validate(password)


WEAK = {
    "aaaaaaaaaaaa": "Dit wachtwoord heeft te weinig verschillende tekens. Gebruik minstens 5 verschillende tekens.",
    "Kort-1": "Dit wachtwoord is te kort. Gebruik minstens 12 tekens.",
    "839201746582": "Dit wachtwoord bevat alleen cijfers.",
    "password1234": "Dit wachtwoord is te algemeen.",
    "test.wachtwoord": "Het wachtwoord lijkt te veel op de gebruikersnaam.",
}


def test_the_configured_validators_refuse_weak_passwords_in_dutch(tess):
    with translation.override("nl"):
        for password, dutch in WEAK.items():
            with pytest.raises(ValidationError) as error:
                validate_password(password, tess)
            assert dutch in error.value.messages, (password, error.value.messages)
        validate_password(STRONG, tess)


def _messages(validator, password, user, language) -> list[str]:
    with translation.override(language):
        try:
            validator.validate(password, user)
        except ValidationError as error:
            return error.messages
    return []


def test_every_configured_validator_speaks_dutch(tess):
    """A validator whose Dutch is missing (Django 5.2.x's MinimumLengthValidator) shows English: caught here."""
    refused_by = set()
    for validator in get_default_password_validators():
        for password in WEAK:
            dutch, english = _messages(validator, password, tess, "nl"), _messages(validator, password, tess, "en")
            if dutch:
                refused_by.add(type(validator).__name__)
                assert dutch != english and dutch[0] in WEAK.values(), (type(validator).__name__, dutch)
    assert len(refused_by) == len(get_default_password_validators()) == 5


# --- changing one's own password ---------------------------------------------------------------------------


def test_every_role_reaches_my_account_and_the_password_page(login):
    for username in ["beheer.veldstroom", "jeugdbeschermer.noord", "or.veldstroom", "teammanager.noord"]:
        client = login(username)
        account = client.get(reverse("accounts:account"))
        assert account.status_code == 200 and username in account.content.decode()
        assert reverse("accounts:password_change") in account.content.decode()
        assert client.get(reverse("accounts:password_change")).status_code == 200
    home = login("jeugdbeschermer.noord").get(reverse("accounts:home")).content.decode()
    assert reverse("accounts:account") in home  # the header's link


def test_anonymous_visitors_cannot_change_a_password(client):
    for url in (reverse("accounts:account"), reverse("accounts:password_change")):
        response = client.post(url, {"old_password": STRONG, "new_password1": NEW, "new_password2": NEW})
        assert response.status_code == 302 and "/inloggen/" in response["Location"]


def test_a_wrong_current_password_is_refused_in_dutch(tess):
    client = _client_for(tess)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "niet-het-goede", "new_password1": NEW, "new_password2": NEW},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Je huidige wachtwoord klopt niet" in html
    assert 'aria-invalid="true"' in html
    tess.refresh_from_db()
    assert tess.check_password(STRONG)


def test_a_weak_new_password_is_refused_in_dutch(tess):
    client = _client_for(tess)
    data = {"old_password": STRONG, "new_password1": "aaaaaaaaaaaa", "new_password2": "aaaaaaaaaaaa"}
    response = client.post(reverse("accounts:password_change"), data)
    assert response.status_code == 200 and "te weinig verschillende tekens" in response.content.decode()
    tess.refresh_from_db()
    assert tess.check_password(STRONG)


def test_changing_the_password_keeps_this_session_and_ends_the_others(tess):
    here, elsewhere = _client_for(tess), _client_for(tess)
    data = {"old_password": STRONG, "new_password1": NEW, "new_password2": NEW}
    response = here.post(reverse("accounts:password_change"), data, follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:account")
    assert "Je wachtwoord is gewijzigd" in response.content.decode()
    tess.refresh_from_db()
    assert tess.check_password(NEW)
    assert here.get(reverse("accounts:home")).status_code == 200
    assert elsewhere.get(reverse("accounts:home")).status_code == 302


# --- a forgotten password ----------------------------------------------------------------------------------


def test_the_login_page_offers_the_reset(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert reverse("accounts:password_reset") in html and "Wachtwoord vergeten?" in html


def test_the_reset_mail_links_to_a_new_password(client, tess):
    response = client.post(reverse("accounts:password_reset"), {"email": tess.email})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [tess.email]
    assert message.subject == "Kies een nieuw wachtwoord voor Caseloadwijzer"
    assert "Hallo Tess," in message.body and "test.wachtwoord" in message.body
    link = re.search(r"https?://[^/\s]+(/wachtwoord-herstellen/\S+/)", message.body).group(1)

    form = client.get(link, follow=True)
    assert form.status_code == 200 and form.context["validlink"]
    set_url = form.redirect_chain[-1][0]
    weak = client.post(set_url, {"new_password1": "aaaaaaaaaaaa", "new_password2": "aaaaaaaaaaaa"})
    assert "te weinig verschillende tekens" in weak.content.decode()
    done = client.post(set_url, {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302 and done["Location"] == reverse("accounts:password_reset_complete")
    tess.refresh_from_db()
    assert tess.check_password(NEW) and not tess.check_password(STRONG)
    # The link works once.
    assert Client().get(link, follow=True).context["validlink"] is False


def _without_csrf(response) -> str:
    return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', r"\1", response.content.decode())


def test_the_reset_says_the_same_for_an_unknown_address(tess):
    known = Client().post(reverse("accounts:password_reset"), {"email": tess.email}, follow=True)
    unknown = Client().post(reverse("accounts:password_reset"), {"email": "niemand@example.nl"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert _without_csrf(known) == _without_csrf(unknown)
    assert [m.to for m in mail.outbox] == [[tess.email]]


def test_an_inactive_login_gets_no_reset_mail(client, tess):
    tess.is_active = False
    tess.save()
    response = client.post(reverse("accounts:password_reset"), {"email": tess.email})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_an_invalid_address_is_an_error_on_the_field(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "geen-adres"})
    html = response.content.decode()
    assert response.status_code == 200 and 'aria-invalid="true"' in html and "geldig e-mailadres" in html
    assert mail.outbox == []


def test_a_broken_link_says_so_in_dutch(client):
    url = reverse("accounts:password_reset_confirm", kwargs={"uidb64": "MA", "token": "kapot"})
    response = client.get(url)
    assert response.status_code == 200 and "Deze link werkt niet meer" in response.content.decode()
