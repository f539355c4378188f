"""Each role reaches what it should, and only that."""

from __future__ import annotations

import pytest
from django.urls import reverse

from organisations.models import Organisation, Person

pytestmark = pytest.mark.django_db


def _urls():
    own = Organisation.objects.get(slug="veldstroom")
    noord = own.teams.get(name="Team Noord")
    zuid = own.teams.get(name="Team Zuid")
    me = Person.objects.get(user__username="jeugdbeschermer.noord")
    colleague = noord.members.exclude(pk=me.pk).first()
    return {
        "overview": reverse("organisations:overview"),
        "team_noord": reverse("organisations:team", kwargs={"team_id": noord.id}),
        "team_zuid": reverse("organisations:team", kwargs={"team_id": zuid.id}),
        "own_person": reverse("organisations:person", kwargs={"person_id": me.id}),
        "colleague": reverse("organisations:person", kwargs={"person_id": colleague.id}),
        "logins": reverse("organisations:logins"),
        "team_create": reverse("organisations:team_create"),
    }


# username → {url key: expected status}
EXPECTED = {
    "teammanager.noord": {
        "overview": 200,
        "team_noord": 200,
        "team_zuid": 403,
        "own_person": 200,
        "colleague": 200,
        "logins": 403,
        "team_create": 403,
    },
    "jeugdbeschermer.noord": {
        "overview": 403,
        "team_noord": 403,
        "team_zuid": 403,
        "own_person": 200,
        "colleague": 403,
        "logins": 403,
        "team_create": 403,
    },
    "gedragswetenschapper.noord": {
        "overview": 200,
        "team_noord": 200,
        "team_zuid": 403,
        "own_person": 200,
        "colleague": 200,
        "logins": 403,
        "team_create": 403,
    },
    "hr.veldstroom": {
        "overview": 200,
        "team_noord": 200,
        "team_zuid": 200,
        "own_person": 200,
        "colleague": 200,
        "logins": 403,
        "team_create": 403,
    },
    "beleid.veldstroom": {
        "overview": 200,
        "team_noord": 403,
        "team_zuid": 403,
        "own_person": 403,
        "colleague": 403,
        "logins": 403,
        "team_create": 403,
    },
    "or.veldstroom": {
        "overview": 403,
        "team_noord": 403,
        "team_zuid": 403,
        "own_person": 403,
        "colleague": 403,
        "logins": 403,
        "team_create": 403,
    },
    "beheer.veldstroom": {
        "overview": 200,
        "team_noord": 200,
        "team_zuid": 200,
        "own_person": 200,
        "colleague": 200,
        "logins": 200,
        "team_create": 200,
    },
}


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_each_role_reaches_only_what_it_should(login, username):
    client, urls = login(username), _urls()
    got = {key: client.get(url).status_code for key, url in urls.items()}
    assert got == EXPECTED[username]


@pytest.mark.parametrize(
    ("username", "lands_on"),
    [
        ("jeugdbeschermer.noord", "Mijn gegevens"),
        ("teammanager.noord", "Mijn teams"),
        ("or.veldstroom", "De organisatie in cijfers"),
        ("beheer.veldstroom", "Beheer"),
    ],
)
def test_each_role_lands_on_a_start_page_fit_for_it(login, username, lands_on):
    response = login(username).get(reverse("accounts:home"))
    assert response.status_code == 200
    assert lands_on in response.content.decode()
