"""Five "Import" clicks in the same moment import once and report once (PostgreSQL, real connections).

The attack: five simultaneous applies imported the file once, then marked the run "failed, nothing
imported". Each thread here is a browser posting to the apply page with its own database connection; the
run's status changes by one conditional UPDATE, so one request wins and the others see the run's true state.
SQLite serialises writers with a file lock, so this only means something on PostgreSQL; the sequential case
is tested on both (test_run_end.py).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import Membership
from accounts.roles import Role
from cases.models import Case
from cases.services import case_types_install_defaults
from imports import services
from imports.models import ImportKind, ImportRun, ImportStatus
from organisations.models import Function
from organisations.services import organisation_create, person_create, team_create
from tests.threads import run_together

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises writers with a file lock, so there is no concurrency to test "
        "(run with scripts/with-postgres.sh)",
    ),
]

CLICKS = 5
ROWS = 200


def _checked_run():
    organisation = organisation_create(name="Gelijktijdig importeren", slug="gelijktijdig-importeren")
    team = team_create(organisation=organisation, name="Team Tegelijk")
    case_types_install_defaults(organisation=organisation, valid_from=dt.date(2020, 1, 1))
    person_create(
        organisation=organisation,
        team=team,
        name="Tessa Tegelijk",
        function=Function.YOUTH_PROTECTION_WORKER,
        contract_hours=Decimal("32"),
        start_date=dt.date(2020, 1, 1),
    )
    user = get_user_model().objects.create_user(username="manager.tegelijk", password="x-" * 8)
    Membership.objects.create(user=user, organisation=organisation, team=team, role=Role.TEAM_MANAGER)
    code = organisation.case_types.order_by("code").first().code
    lines = ["Dossiernummer;Team;Casustype;Startdatum;Medewerker"]
    lines += [f"TEG-{i:04d};Team Tegelijk;{code};01-01-2026;Tessa Tegelijk" for i in range(ROWS)]
    run = services.import_run_create(
        organisation=organisation,
        user=user,
        kind=ImportKind.CASES,
        filename="tegelijk.csv",
        data="\n".join(lines).encode(),
        team_ids=[team.id],
    )
    services.import_run_set_mapping(run=run, mapping=run.mapping, options=run.options)
    services.import_run_check(run.id)
    run.refresh_from_db()
    assert run.status == ImportStatus.CHECKED and run.invalid == 0, run.report
    return run, user


def test_five_simultaneous_applies_import_once_and_report_once(settings):
    settings.IMPORTS_RUN_SYNC = True
    run, user = _checked_run()
    url = reverse("imports:apply", kwargs={"import_run_id": run.id})
    statuses: list[int] = []
    client = Client()
    client.force_login(user)
    clients = [client] + [Client() for _ in range(CLICKS - 1)]
    for c in clients[1:]:
        c.force_login(user)

    def click(i: int) -> None:
        statuses.append(clients[i].post(url).status_code)

    assert run_together(CLICKS, click) == []
    assert statuses == [302] * CLICKS
    run.refresh_from_db()
    assert run.status == ImportStatus.DONE, (run.status, run.error)
    assert (run.created_count, run.updated_count, run.unchanged_count) == (ROWS, 0, 0)
    assert run.error == ""
    assert Case.objects.filter(organisation=run.organisation).count() == ROWS
    assert ImportRun.objects.filter(organisation=run.organisation).count() == 1
