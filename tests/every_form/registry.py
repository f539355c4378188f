"""Every POST view of the project: a valid submission for it, or the reason it is left to other tests.

``tests/test_every_form.py`` discovers every view that takes a POST from the URL patterns and fails for one
that is neither in ``FORMS`` nor in ``EXCLUDED``. So a new form cannot land without being submitted.

Adding an entry (in the ``payloads_*.py`` module of its app) — a ``harness.Form``::

    Form(
        "organisations:team_edit",                      # the URL name of the view that receives the POST
        may=can(C.MANAGE_ORGANISATION, team=lambda c: c.kwargs["team_id"]),   # who may submit (see below)
        fill={"name": "Team Formtest"},                 # typed into the form as the page renders it
        probe=lambda c: Team.objects.get(pk=c.kwargs["team_id"]).name,        # read before and after
        expect="Team Formtest",                         # the probe's value after the valid submission
        invalid={"name": ""},                           # a submission the form must refuse
    )

How it runs: the page (``page``, default the view's own URL) is opened as the user, the one POST form on it
that submits to the view is read as a browser would send it (``form_with="name"`` or ``"name=value"`` picks
one of several), ``fill`` is typed over it and it is posted. Valid data: the response is one of ``success``
(default a redirect), and ``probe`` goes from something else to ``expect``. Invalid data: a 200 or 4xx with
the form's errors (``aria-invalid``/``errorlist``) and no row count changed in any table. Every demo user of
Veldstroom for whom ``may`` is false, and the other organisation's administrator when the URL names an
object: 403 or 404 and nothing written.

- URL keywords are filled with Veldstroom's first object of each kind (``accounts.tests.urlmap``);
  ``setup(c)`` may create something first and return other keywords (``c.store`` keeps what it made).
- Values in ``fill``/``invalid``: a string, a list (several checkboxes), ``FIRST``/``SECOND``/``Option(...)``
  (an option the page offers), ``None`` (leave the field out), a file, or ``lambda c: ...`` for any of these.
- ``may``: ``can(C.X)`` (anywhere in the organisation), ``can(C.X, team=lambda c: id or [ids])`` (for those
  teams, every one), ``org_wide(C.X)``, ``either(...)``, ``both(...)``, ``only("username", ...)``,
  ``everyone``; read from ``accounts.roles.CAPABILITIES`` through ``accounts.access``.
- ``no_invalid="reason"`` instead of ``invalid`` for a button without fields (a confirmation).
- Several entries for one view (``variant="close"``) where one page posts different actions.
"""

from __future__ import annotations

from tests.every_form import (
    payloads_accounts,
    payloads_data,
    payloads_organisation,
    payloads_reports,
    payloads_scoresheet,
    payloads_trajectory,
)
from tests.every_form.harness import Form

FORMS: list[Form] = [
    *payloads_organisation.FORMS,
    *payloads_data.FORMS,
    *payloads_trajectory.FORMS,
    *payloads_reports.FORMS,
    *payloads_scoresheet.FORMS,
    *payloads_accounts.FORMS,
]

EXCLUDED: dict[str, str] = {
    "set_language": "Django's language switch: sets a cookie and redirects; it writes nothing to check.",
    "accounts:login": (
        "the login form: valid, wrong and locked-out logins are tested in accounts/tests and "
        "tests/browser/test_login_flow.py; a failed attempt is written by django-axes by design"
    ),
    "accounts:logout": "ends the session (POST only, no fields); tested in accounts/tests and the browser tests.",
    "trajectory:cbs_download": (
        "the live download from CBS needs the internet; trajectory/tests/test_services.py runs it against a stubbed "
        "CBS and offline, and the file import (trajectory:cbs_import) is submitted here"
    ),
    "accounts:password_reset_confirm": (
        "the mailed reset link puts its token in the browser's session and redirects to the form, which the "
        "harness cannot follow; valid, weak, used and broken links are tested in accounts/tests/test_passwords.py "
        "and tests/browser/test_account_lifecycle.py"
    ),
}
"""Views that take a POST but are checked elsewhere, each with the reason.

The JSON API (``api:v1:*``) is left out as a whole in ``tests/test_every_form.py``: it takes JSON, not HTML
forms, and api/tests (schemathesis against the OpenAPI schema) posts to every endpoint.
"""


def views() -> set[str]:
    return {f.view for f in FORMS}
