"""Every form submits: each view that takes a POST, with valid and invalid data, by every role.

Discovered from the URL patterns (like tests/browser/test_every_page.py): a view that takes a POST and has no
entry in ``tests/every_form/registry.py`` fails ``test_every_post_view_has_an_entry`` — so a form that
nothing submits cannot land. For each entry, with the demo data:

- every demo user who may use it submits the form as the page renders it, with valid values: the view
  answers as it does on success and the object is written (the entry's probe reaches its expected value);
- invalid data: the form comes back (200/4xx) with its errors and no table changes;
- every other demo user of the organisation, the other organisation's administrator (for an object in the
  URL) and an anonymous visitor are refused (403/404, or the login page) and nothing is written.

No request anywhere may end in a server error.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client, override_settings
from django.urls import path

from accounts.tests.urlmap import routes
from organisations.models import Organisation
from tests.every_form import harness as h
from tests.every_form.registry import EXCLUDED, FORMS, views

NOT_FORMS = ("api:v1:",)
"""The JSON API takes JSON, not HTML forms; api/tests posts to each of its endpoints (schemathesis)."""

ERROR_MARKS = re.compile(r'aria-invalid="true"|class="errorlist|field--invalid|class="[^"]*error-summary')


@pytest.fixture(autouse=True)
def _imports_run_synchronously(settings: Any) -> None:
    """An import's check and write run in the request (a worker thread would use another connection)."""
    settings.IMPORTS_RUN_SYNC = True


_tally: dict[str, Any] = {"views": set(), "submissions": 0, "server_errors": 0}


@pytest.fixture(scope="module", autouse=True)
def _summary(request: Any) -> Any:
    yield
    if _tally["submissions"]:
        plugins = request.config.pluginmanager
        reporter, capture = plugins.get_plugin("terminalreporter"), plugins.get_plugin("capturemanager")
        line = (
            f"every-form: {len(_tally['views'])} POST views × roles submitted "
            f"({_tally['submissions']} submissions), {_tally['server_errors']} server errors"
        )
        if reporter is not None and capture is not None:
            with capture.global_and_fixture_disabled():
                reporter.write_line(line)


def _post(client: Client, url: str, data: dict[str, Any], who: str, entry: h.Form) -> Any:
    _tally["submissions"] += 1
    _tally["views"].add(entry.view)
    try:
        response = client.post(url, data)
    except Exception as error:  # the test client re-raises what would have been a 500
        _tally["server_errors"] += 1
        raise AssertionError(f"{entry.id} as {who or 'anonymous'}: server error {error!r}") from error
    if response.status_code >= 500:
        _tally["server_errors"] += 1
        raise AssertionError(f"{entry.id} as {who or 'anonymous'}: HTTP {response.status_code}")
    return response


def _errors(response: Any) -> str:
    text = response.content.decode(errors="replace") if not getattr(response, "streaming", False) else ""
    found = re.findall(r'<(?:ul class="errorlist[^"]*"|p class="[^"]*error[^"]*")[^>]*>(.*?)</(?:ul|p)>', text, re.S)
    return " | ".join(re.sub(r"<[^>]+>|\s+", " ", f).strip() for f in found)[:1500]


def _form_data(entry: h.Form, c: h.Ctx, client: Client, overrides: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The form's action (the view's URL, perhaps with a query) and what a browser sends."""
    page = h.page_of(entry, c)
    response = client.get(page)
    assert response.status_code == 200, f"{entry.id}: the page {page} answers {response.status_code}"
    form = h.find_form(response.content.decode(), page, h.url_of(entry, c), entry.form_with)
    return form.action or page, h.submission(form, overrides, c)


def _users_who_may(entry: h.Form, c: h.Ctx) -> list[str]:
    return [u for u in h.USERS if h.allowed(entry, c, u)]


@pytest.mark.django_db
def test_every_post_view_has_an_entry() -> None:
    """Discover every view that takes a POST; each has a submission in the registry or a reason not to."""
    organisation = Organisation.objects.get(slug=h.ORGANISATION)
    clients = {u: h.client_for(u) for u in h.USERS}
    found = set()
    for route in routes():
        if route.name.startswith(NOT_FORMS) or route.name in ("accounts:logout",):
            continue  # logout: a POST would end the probing clients' sessions (it is in EXCLUDED)
        if h.accepts_post(route, organisation, clients):
            found.add(route.name)
    found.add("accounts:logout")
    missing = sorted(found - views() - set(EXCLUDED))
    stale = sorted((views() | set(EXCLUDED)) - found)
    assert not missing, (
        f"these views take a POST but nothing submits them: {missing}. Add an entry to tests/every_form "
        "(see the top of registry.py), or a reason in EXCLUDED"
    )
    assert not stale, f"entries for views that take no POST (any more): {stale}"
    assert len(found) >= 50


def _a_new_form(request: Any) -> Any:
    from django.http import HttpResponse

    return HttpResponse("saved" if request.method == "POST" else "<form method='post'></form>")


urlpatterns = [path("every-form-meta-test/", _a_new_form, name="every_form_meta_test")]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_post_view_without_an_entry_is_found() -> None:
    """The structure holds: a view that takes a POST and is not in the registry is discovered as such."""
    organisation = Organisation.objects.get(slug=h.ORGANISATION)
    (route,) = routes()
    assert h.accepts_post(route, organisation, {"beheer.veldstroom": h.client_for("beheer.veldstroom")})
    assert route.name not in views() | set(EXCLUDED)


@pytest.mark.django_db
def test_the_demo_users_are_one_per_role() -> None:
    roles = {u.username: {m.role for m in u.memberships.all()} for u in get_user_model().objects.all()}
    assert all(roles.get(u) for u in [*h.USERS, h.OUTSIDER]), "a demo login of tests/every_form is gone"
    assert len(FORMS) == len({f.id for f in FORMS}), "two entries with the same view and variant"


@pytest.mark.django_db
@pytest.mark.parametrize("entry", FORMS, ids=lambda f: f.id)
def test_valid_data_is_saved_for_every_role_that_may(entry: h.Form) -> None:
    c = h.make_ctx(entry, "")
    users = _users_who_may(entry, c)
    assert users, f"{entry.id}: no demo user may submit it"
    for user in users:
        with transaction.atomic():
            c = h.make_ctx(entry, user)
            client = h.client_for(user)
            action, data = _form_data(entry, c, client, h.resolve_value(entry.fill, c))
            before = entry.probe(c)
            expect = h.expected(entry, before)
            if expect is not h.CHANGED:
                assert before != expect, f"{entry.id}: the probe is {before!r} already before submitting"
            response = _post(client, action, data, user, entry)
            assert response.status_code in entry.success, (
                f"{entry.id} as {user}: {response.status_code} (expected {entry.success}); "
                f"errors: {_errors(response)}; sent {data}"
            )
            after = entry.probe(c)
            if expect is h.CHANGED:
                assert after != before, f"{entry.id} as {user}: nothing changed ({after!r})"
            else:
                assert after == expect, f"{entry.id} as {user}: {after!r}, expected {expect!r}"
            transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize("entry", [f for f in FORMS if f.invalid is not None], ids=lambda f: f.id)
def test_invalid_data_shows_the_errors_and_writes_nothing(entry: h.Form) -> None:
    c = h.make_ctx(entry, "")
    user = _users_who_may(entry, c)[0]
    c.username = user
    client = h.client_for(user)
    assert entry.invalid is not None
    action, data = _form_data(entry, c, client, {**h.resolve_value(entry.fill, c), **h.resolve_value(entry.invalid, c)})
    counts, before = h.row_counts(), entry.probe(c)
    response = _post(client, action, data, user, entry)
    assert 200 <= response.status_code < 500 and response.status_code not in (301, 302), (
        f"{entry.id}: invalid data answered {response.status_code}; sent {data}"
    )
    if entry.errors_shown:
        assert ERROR_MARKS.search(response.content.decode()), f"{entry.id}: the form came back without its errors"
    assert h.changed_counts(counts, h.row_counts()) == {}, f"{entry.id}: invalid data wrote rows"
    assert entry.probe(c) == before, f"{entry.id}: invalid data changed the object"


@pytest.mark.django_db
@pytest.mark.parametrize("entry", FORMS, ids=lambda f: f.id)
def test_every_other_role_is_refused_and_nothing_is_written(entry: h.Form) -> None:
    c = h.make_ctx(entry, "")
    allowed = _users_who_may(entry, c)
    c.username = allowed[0]
    action, data = _form_data(entry, c, h.client_for(allowed[0]), h.resolve_value(entry.fill, c))
    refused = [u for u in h.USERS if u not in allowed]
    if c.kwargs:
        refused.append(h.OUTSIDER)  # an object of Veldstroom does not exist for Heidemeer
    if not h.allowed(entry, c, h.ANONYMOUS):
        refused.append(h.ANONYMOUS)
    probe = entry.refused_probe or entry.probe
    for user in refused:
        counts, before = h.row_counts(), probe(c)
        response = _post(h.client_for(user), action, data, user, entry)
        if user == h.ANONYMOUS:
            assert response.status_code == 302 and "/inloggen/" in response["Location"], (
                f"{entry.id}: anonymous got {response.status_code}"
            )
        else:
            assert response.status_code in (403, 404), f"{entry.id} as {user}: {response.status_code}, not refused"
        assert h.changed_counts(counts, h.row_counts()) == {}, f"{entry.id} as {user}: rows were written"
        assert probe(c) == before, f"{entry.id} as {user}: the object changed"
