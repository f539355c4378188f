"""An administrator manages the logins of their own organisation: details, roles, a new password,
deactivation (every session ends at once, nothing is deleted) and reactivation."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.models import LoginStatusChange, Membership
from accounts.roles import Role
from organisations.models import Organisation, Team
from organisations.services import login_create

pytestmark = pytest.mark.django_db

User = get_user_model()
STRONG = "Zeven-bomen-langs-de-Vecht"
NOT_ADMINS = [
    "teammanager.noord",
    "jeugdbeschermer.noord",
    "gedragswetenschapper.noord",
    "hr.veldstroom",
    "beleid.veldstroom",
    "or.veldstroom",
]


@pytest.fixture
def veldstroom():
    return Organisation.objects.get(slug="veldstroom")


@pytest.fixture
def admin():
    return User.objects.get(username="beheer.veldstroom")


@pytest.fixture
def make_login(veldstroom):
    def _make(username="test.lifecycle", role=Role.PROFESSIONAL, team=None, email="", organisation=None):
        return login_create(
            organisation=organisation or veldstroom,
            username=username,
            password=STRONG,
            role=role,
            team=team,
            email=email,
            first_name="Tess",
            last_name="Levens",
        )

    return _make


def _sessions_of(user) -> int:
    return sum(1 for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user.pk))


def _logged_in(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


# --- services -------------------------------------------------------------------------------------------


def test_deactivating_ends_every_session_and_keeps_the_login(veldstroom, admin, make_login):
    user = make_login()
    phone, laptop = _logged_in(user), _logged_in(user)
    bystander = _logged_in(User.objects.get(username="teammanager.noord"))
    assert _sessions_of(user) == 2

    ended = services.login_deactivate(organisation=veldstroom, user=user, by=admin)

    assert ended == 2 and _sessions_of(user) == 0
    user.refresh_from_db()
    assert user.is_active is False and User.objects.filter(pk=user.pk).exists()
    assert Membership.objects.filter(user=user).count() == 1  # the roles stay, for a reactivation
    change = LoginStatusChange.objects.get(user=user)
    assert change.active is False and change.changed_by == admin
    for c in (phone, laptop):
        response = c.get(reverse("accounts:home"))
        assert response.status_code == 302 and "/inloggen/" in response["Location"]
    assert bystander.get(reverse("accounts:home")).status_code == 200


def test_an_open_session_of_an_inactive_login_is_refused_even_if_the_store_kept_it(make_login):
    """With a session store that cannot be searched (a cache, signed cookies) the session survives the
    deactivation; Django's ModelBackend refuses an inactive user on the very next request all the same."""
    user = make_login()
    c = _logged_in(user)
    assert c.get(reverse("accounts:home")).status_code == 200
    User.objects.filter(pk=user.pk).update(is_active=False)
    response = c.get(reverse("accounts:home"))
    assert response.status_code == 302 and "/inloggen/" in response["Location"]


def test_an_inactive_login_cannot_log_in(veldstroom, admin, make_login):
    user = make_login()
    services.login_deactivate(organisation=veldstroom, user=user, by=admin)
    response = Client().post(reverse("accounts:login"), {"username": user.username, "password": STRONG})
    assert response.status_code == 200 and "_auth_user_id" not in response.wsgi_request.session


def test_reactivating_lets_the_login_in_again(veldstroom, admin, make_login):
    user = make_login()
    services.login_deactivate(organisation=veldstroom, user=user, by=admin)
    services.login_reactivate(organisation=veldstroom, user=user, by=admin)
    user.refresh_from_db()
    assert user.is_active
    assert list(LoginStatusChange.objects.filter(user=user).values_list("active", flat=True)) == [True, False]
    response = Client().post(reverse("accounts:login"), {"username": user.username, "password": STRONG})
    assert response.status_code == 302
    with pytest.raises(ValidationError, match=r"al actief|already active"):
        services.login_reactivate(organisation=veldstroom, user=user, by=admin)


def test_an_administrator_cannot_deactivate_themselves(veldstroom, admin, make_login):
    make_login("test.beheer2", role=Role.ADMINISTRATOR)
    with pytest.raises(ValidationError) as error:
        services.login_deactivate(organisation=veldstroom, user=admin, by=admin)
    assert "eigen account" in str(error.value)
    admin.refresh_from_db()
    assert admin.is_active


def test_the_last_active_administrator_stays(veldstroom, admin, make_login):
    second = make_login("test.beheer2", role=Role.ADMINISTRATOR)
    someone = User.objects.get(username="teammanager.noord")
    # Two active administrators: one may go.
    services.login_deactivate(organisation=veldstroom, user=second, by=admin)
    # Now the demo administrator is the last active one (the inactive one does not count).
    assert list(services.active_administrators(veldstroom)) == [admin]
    with pytest.raises(ValidationError) as error:
        services.login_deactivate(organisation=veldstroom, user=admin, by=someone)
    assert "laatste actieve beheerder" in str(error.value)


def test_a_team_only_administrator_role_does_not_count_and_cannot_be_given(veldstroom, make_login):
    user = make_login("test.teamrol")
    noord = Team.objects.get(organisation=veldstroom, name="Team Noord")
    with pytest.raises(ValidationError) as error:
        services.role_add(organisation=veldstroom, user=user, role=Role.ADMINISTRATOR, team=noord)
    assert "hele organisatie" in str(error.value)


def test_services_refuse_a_login_of_another_organisation(veldstroom, admin):
    other = User.objects.get(username="teammanager.heidemeer")
    calls = [
        lambda: services.login_deactivate(organisation=veldstroom, user=other, by=admin),
        lambda: services.login_reactivate(organisation=veldstroom, user=other, by=admin),
        lambda: services.login_update(organisation=veldstroom, user=other, first_name="X", last_name="", email=""),
        lambda: services.login_set_password(organisation=veldstroom, user=other, password=STRONG),
        lambda: services.role_add(organisation=veldstroom, user=other, role=Role.HR_ADVISER, team=None),
        lambda: services.role_remove(organisation=veldstroom, membership=other.memberships.first(), by=admin),
    ]
    for call in calls:
        with pytest.raises(ValidationError):
            call()
    other.refresh_from_db()
    assert other.is_active and other.first_name != "X" and other.memberships.count() == 1


def test_roles_per_team_and_for_the_organisation(veldstroom, admin, make_login):
    user = make_login("test.rollen")
    noord = Team.objects.get(organisation=veldstroom, name="Team Noord")
    services.role_add(organisation=veldstroom, user=user, role=Role.TEAM_MANAGER, team=noord)
    services.role_add(organisation=veldstroom, user=user, role=Role.HR_ADVISER, team=None)
    assert set(Membership.objects.filter(user=user).values_list("role", "team")) == {
        (Role.PROFESSIONAL, None),
        (Role.TEAM_MANAGER, noord.id),
        (Role.HR_ADVISER, None),
    }
    with pytest.raises(ValidationError):
        services.role_add(organisation=veldstroom, user=user, role=Role.TEAM_MANAGER, team=noord)  # twice
    heidemeer_team = Team.objects.get(organisation__slug="heidemeer")
    with pytest.raises(ValidationError):
        services.role_add(organisation=veldstroom, user=user, role=Role.TEAM_MANAGER, team=heidemeer_team)
    with pytest.raises(ValidationError):
        services.role_add(organisation=veldstroom, user=user, role="superuser", team=None)
    manager = Membership.objects.get(user=user, role=Role.TEAM_MANAGER)
    services.role_remove(organisation=veldstroom, membership=manager, by=admin)
    assert Membership.objects.filter(user=user).count() == 2


def test_the_last_role_and_ones_own_administrator_role_stay(veldstroom, admin, make_login):
    user = make_login("test.enkel")
    with pytest.raises(ValidationError, match="enige rol"):
        services.role_remove(organisation=veldstroom, membership=user.memberships.get(), by=admin)
    services.role_add(organisation=veldstroom, user=admin, role=Role.HR_ADVISER, team=None)
    own = admin.memberships.get(role=Role.ADMINISTRATOR)
    with pytest.raises(ValidationError, match="eigen rol als beheerder"):
        services.role_remove(organisation=veldstroom, membership=own, by=admin)
    someone = User.objects.get(username="teammanager.noord")
    with pytest.raises(ValidationError, match="laatste actieve beheerder"):
        services.role_remove(organisation=veldstroom, membership=own, by=someone)
    assert admin.memberships.filter(role=Role.ADMINISTRATOR).exists()


def test_a_password_set_by_the_administrator_passes_the_validators(veldstroom, make_login):
    user = make_login()
    for weak in ("aaaaaaaaaaaa", "kort", "123456789012345", "test.lifecycle1"):
        with pytest.raises(ValidationError):
            services.login_set_password(organisation=veldstroom, user=user, password=weak)
    services.login_set_password(organisation=veldstroom, user=user, password="Nieuwe-fiets-voor-Tess")
    user.refresh_from_db()
    assert user.check_password("Nieuwe-fiets-voor-Tess")


# --- views: who may ---------------------------------------------------------------------------------------


def _urls(user, membership):
    return [
        reverse("organisations:login", kwargs={"user_id": user.id}),
        reverse("organisations:login_edit", kwargs={"user_id": user.id}),
        reverse("organisations:login_password", kwargs={"user_id": user.id}),
        reverse("organisations:login_role_add", kwargs={"user_id": user.id}),
        reverse("organisations:login_role_remove", kwargs={"membership_id": membership.id}),
        reverse("organisations:login_deactivate", kwargs={"user_id": user.id}),
        reverse("organisations:login_reactivate", kwargs={"user_id": user.id}),
    ]


def test_the_administrator_opens_every_login_page(login, make_login):
    user = make_login()
    client = login("beheer.veldstroom")
    for url in _urls(user, user.memberships.get()):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("username", NOT_ADMINS)
def test_no_other_role_may_manage_logins(login, make_login, username):
    user = make_login()
    client = login(username)
    for url in [reverse("organisations:logins"), *_urls(user, user.memberships.get())]:
        assert client.get(url).status_code == 403, (username, url)
        assert client.post(url, {"first_name": "X", "role": Role.ADMINISTRATOR}).status_code == 403, (username, url)
    user.refresh_from_db()
    assert user.is_active and user.first_name == "Tess" and user.memberships.count() == 1


def test_another_organisations_administrator_finds_nothing(login, make_login):
    user = make_login()
    client = login("beheer.heidemeer")
    for url in _urls(user, user.memberships.get()):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"first_name": "X"}).status_code == 404, url
    user.refresh_from_db()
    assert user.is_active and user.first_name == "Tess"


def test_a_team_only_administrator_may_not_manage_logins(login, make_login, veldstroom):
    noord = Team.objects.get(organisation=veldstroom, name="Team Noord")
    team_admin = make_login("test.teambeheer")
    Membership.objects.create(user=team_admin, organisation=veldstroom, team=noord, role=Role.ADMINISTRATOR)
    user = make_login()
    client = _logged_in(team_admin)
    assert client.get(reverse("organisations:logins")).status_code == 403
    assert client.post(reverse("organisations:login_deactivate", kwargs={"user_id": user.id})).status_code == 403


# --- views: valid and invalid --------------------------------------------------------------------------


def test_the_logins_list_links_each_login_and_shows_its_status(login, make_login, veldstroom, admin):
    user = make_login()
    services.login_deactivate(organisation=veldstroom, user=user, by=admin)
    html = login("beheer.veldstroom").get(reverse("organisations:logins")).content.decode()
    assert reverse("organisations:login", kwargs={"user_id": user.id}) in html
    assert "gedeactiveerd" in html


def test_login_create_refuses_a_weak_password_in_dutch(login):
    client = login("beheer.veldstroom")
    data = {"username": "test.nieuw", "role": Role.PROFESSIONAL, "password": "aaaaaaaaaaaa"}
    response = client.post(reverse("organisations:logins"), data)
    assert response.status_code == 200
    assert "te weinig verschillende tekens" in response.content.decode()
    assert not User.objects.filter(username="test.nieuw").exists()
    response = client.post(reverse("organisations:logins"), {**data, "password": STRONG})
    assert response.status_code == 302 and User.objects.filter(username="test.nieuw").exists()


def test_edit_details_valid_and_invalid(login, make_login):
    user = make_login()
    client = login("beheer.veldstroom")
    url = reverse("organisations:login_edit", kwargs={"user_id": user.id})
    response = client.post(url, {"first_name": "Tess", "last_name": "Levens", "email": "geen-adres"})
    assert response.status_code == 200 and 'aria-invalid="true"' in response.content.decode()
    response = client.post(url, {"first_name": "Tessa", "last_name": "Levens", "email": "tessa@example.nl"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.first_name, user.email) == ("Tessa", "tessa@example.nl")


def test_set_password_valid_and_invalid(login, make_login):
    user = make_login()
    other_session = _logged_in(user)
    client = login("beheer.veldstroom")
    url = reverse("organisations:login_password", kwargs={"user_id": user.id})
    response = client.post(url, {"new_password1": "aaaaaaaaaaaa", "new_password2": "aaaaaaaaaaaa"})
    html = response.content.decode()
    assert response.status_code == 200 and "te weinig verschillende tekens" in html
    response = client.post(url, {"new_password1": "Een-ander-wachtwoord", "new_password2": "iets-anders-nog"})
    assert response.status_code == 200 and "komen niet overeen" in response.content.decode()
    response = client.post(url, {"new_password1": "Een-ander-wachtwoord", "new_password2": "Een-ander-wachtwoord"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Een-ander-wachtwoord")
    # The person's own open session ends: the password is part of it.
    assert other_session.get(reverse("accounts:home")).status_code == 302


def test_add_a_role_valid_and_invalid(login, make_login, veldstroom):
    user = make_login()
    noord = Team.objects.get(organisation=veldstroom, name="Team Noord")
    client = login("beheer.veldstroom")
    url = reverse("organisations:login_role_add", kwargs={"user_id": user.id})
    response = client.post(url, {"role": Role.ADMINISTRATOR, "team": str(noord.id)})
    assert response.status_code == 200 and "hele organisatie" in response.content.decode()
    heidemeer_team = Team.objects.get(organisation__slug="heidemeer")
    assert client.post(url, {"role": Role.TEAM_MANAGER, "team": str(heidemeer_team.id)}).status_code == 200
    assert client.post(url, {"role": "superuser", "team": ""}).status_code == 200
    assert user.memberships.count() == 1
    assert client.post(url, {"role": Role.TEAM_MANAGER, "team": str(noord.id)}).status_code == 302
    assert client.post(url, {"role": Role.HR_ADVISER, "team": ""}).status_code == 302
    assert set(user.memberships.values_list("role", "team")) == {
        (Role.PROFESSIONAL, None),
        (Role.TEAM_MANAGER, noord.id),
        (Role.HR_ADVISER, None),
    }


def test_take_a_role_away_valid_and_refused(login, make_login, veldstroom):
    user = make_login()
    services.role_add(organisation=veldstroom, user=user, role=Role.HR_ADVISER, team=None)
    client = login("beheer.veldstroom")
    hr = user.memberships.get(role=Role.HR_ADVISER)
    assert client.post(reverse("organisations:login_role_remove", kwargs={"membership_id": hr.id})).status_code == 302
    only = user.memberships.get()
    url = reverse("organisations:login_role_remove", kwargs={"membership_id": only.id})
    response = client.post(url)
    assert response.status_code == 200 and "enige rol" in response.content.decode()
    assert user.memberships.count() == 1


def test_deactivate_and_reactivate_through_the_pages(login, make_login, admin):
    user = make_login()
    victim_session = _logged_in(user)
    client = login("beheer.veldstroom")
    confirm = client.get(reverse("organisations:login_deactivate", kwargs={"user_id": user.id}))
    assert "Deactiveren" in confirm.content.decode()
    response = client.post(reverse("organisations:login_deactivate", kwargs={"user_id": user.id}), follow=True)
    assert "1 open sessie is beëindigd" in response.content.decode()
    user.refresh_from_db()
    assert not user.is_active
    assert victim_session.get(reverse("accounts:home")).status_code == 302
    # Twice: refused, nothing changes.
    again = client.post(reverse("organisations:login_deactivate", kwargs={"user_id": user.id}))
    assert again.status_code == 200 and "al gedeactiveerd" in again.content.decode()
    assert LoginStatusChange.objects.filter(user=user).count() == 1
    response = client.post(reverse("organisations:login_reactivate", kwargs={"user_id": user.id}))
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_active
    again = client.post(reverse("organisations:login_reactivate", kwargs={"user_id": user.id}))
    assert again.status_code == 200 and "al actief" in again.content.decode()


def test_the_administrator_cannot_deactivate_themselves_through_the_page(login, admin):
    client = login("beheer.veldstroom")
    url = reverse("organisations:login_deactivate", kwargs={"user_id": admin.id})
    assert "eigen account" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 200 and "eigen account" in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active
    assert client.get(reverse("accounts:home")).status_code == 200


def test_login_create_refuses_an_administrator_for_one_team(login, veldstroom):
    noord = Team.objects.get(organisation=veldstroom, name="Team Noord")
    data = {"username": "test.teambeheer", "role": Role.ADMINISTRATOR, "team": noord.id, "password": STRONG}
    response = login("beheer.veldstroom").post(reverse("organisations:logins"), data)
    assert response.status_code == 200 and "geldt voor de hele organisatie" in response.content.decode()
    assert not User.objects.filter(username="test.teambeheer").exists()
    assert login("beheer.veldstroom").post(reverse("organisations:logins"), {**data, "team": ""}).status_code == 302
