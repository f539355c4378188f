"""People and their contract history from a file, through organisations.services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imports.models import ImportRun, ImportStatus
from imports.tests.conftest import read
from organisations.models import Person


def _import(client):
    client.post(
        reverse("imports:index"), {"kind": "mensen", "file": SimpleUploadedFile("p.csv", read("people_semicolon.csv"))}
    )
    run = ImportRun.objects.latest("id")
    data = {f"col_{name}": str(index) for name, index in run.mapping.items()}
    client.post(reverse("imports:mapping", kwargs={"import_run_id": run.id}), data)
    client.post(reverse("imports:apply", kwargs={"import_run_id": run.id}))
    run.refresh_from_db()
    return run


def test_it_creates_people_with_their_contract_history(login, noord):
    client = login("beheer.veldstroom")
    run = _import(client)
    assert run.status == ImportStatus.DONE, run.report
    assert (run.created_count, run.updated_count) == (2, 0)
    bo = Person.objects.get(organisation=noord["organisation"], name="Bo Bestandsmens")
    assert bo.team == noord["team"] and bo.function == "jeugdbeschermer"
    assert bo.contract_hours == Decimal("28.5"), "the latest period's hours"
    periods = list(bo.contract_periods.order_by("valid_from").values_list("valid_from", "hours"))
    assert periods == [(dt.date(2024, 3, 1), Decimal("32.0")), (dt.date(2026, 1, 1), Decimal("28.5"))]
    cas = Person.objects.get(organisation=noord["organisation"], name="Cas Csvcollega")
    assert cas.function == "gedragswetenschapper" and cas.start_date == dt.date(2025, 8, 15)


def test_importing_people_twice_changes_nothing(login, noord):
    client = login("beheer.veldstroom")
    _import(client)
    run = _import(client)
    assert (run.created_count, run.updated_count, run.unchanged_count) == (0, 0, 2)
    assert Person.objects.filter(organisation=noord["organisation"], name="Bo Bestandsmens").count() == 1
