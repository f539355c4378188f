"""No user ever reaches another organisation's objects, through any URL, in any role."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Membership
from accounts.tests.urlmap import NOT_OBJECTS, PUBLIC, kwargs_for, routes
from organisations.models import Organisation

pytestmark = pytest.mark.django_db

HEIDEMEER_USERS = [
    "teammanager.heidemeer",
    "jeugdconsulent.heidemeer",
    "gedragswetenschapper.heidemeer",
    "beleid.heidemeer",
    "hr.heidemeer",
    "or.heidemeer",
    "beheer.heidemeer",
]


def test_every_demo_role_is_covered():
    roles = set(Membership.objects.filter(user__username__in=HEIDEMEER_USERS).values_list("role", flat=True))
    assert roles == {
        "teammanager",
        "professional",
        "gedragswetenschapper",
        "beleidsadviseur",
        "hr_adviseur",
        "ondernemingsraad",
        "beheerder",
    }


def test_it_enumerates_the_project_urls():
    names = {r.name for r in routes()}
    assert {"accounts:home", "organisations:team", "organisations:person"} <= names


@pytest.mark.parametrize("username", HEIDEMEER_USERS)
def test_no_role_reaches_another_organisations_objects(login, username):
    """Every URL with an object in it, filled with the other organisation's objects: 403 or 404."""
    client = login(username)
    other = Organisation.objects.get(slug="veldstroom")
    checked = 0
    for route in routes():
        if not set(route.kwargs) - set(NOT_OBJECTS):
            continue
        url = reverse(route.name, kwargs=kwargs_for(route, other))
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code in (403, 404, 405), (
                f"{username} {method.upper()} {url} ({route.name}) gave {response.status_code}"
            )
            checked += 1
    assert checked >= 6


def test_the_same_urls_do_work_within_the_own_organisation(login):
    """The cross-organisation test above is meaningful only if the URLs answer for one's own objects."""
    client = login("beheer.heidemeer")
    own = Organisation.objects.get(slug="heidemeer")
    ok = [
        r.name
        for r in routes()
        if r.kwargs and client.get(reverse(r.name, kwargs=kwargs_for(r, own))).status_code == 200
    ]
    assert {"organisations:team", "organisations:person"} <= set(ok)


@pytest.mark.parametrize("username", HEIDEMEER_USERS)
def test_no_page_fails_with_a_server_error_for_any_role(login, username):
    client = login(username)
    own = Organisation.objects.get(slug="heidemeer")
    for route in routes():
        url = reverse(route.name, kwargs=kwargs_for(route, own))
        response = client.get(url)
        assert response.status_code < 500, f"{username} GET {url} gave {response.status_code}"


def test_anonymous_users_are_sent_to_the_login_page(client):
    own = Organisation.objects.get(slug="heidemeer")
    for route in routes():
        if route.name in PUBLIC or route.name.startswith("api:"):
            continue
        url = reverse(route.name, kwargs=kwargs_for(route, own))
        response = client.get(url)
        assert response.status_code == 302 and "/inloggen/" in response["Location"], (
            f"anonymous GET {url} ({route.name}) gave {response.status_code}"
        )


def test_only_public_pages_have_url_keywords_that_name_no_object():
    """The password-reset link's uidb64/token are filled with a dummy; such a page must need no login."""
    odd = {r.name for r in routes() if set(r.kwargs) & set(NOT_OBJECTS)}
    assert odd == {"accounts:password_reset_confirm"}
    assert odd <= PUBLIC
