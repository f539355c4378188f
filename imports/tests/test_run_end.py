"""When a run ends nothing of the file stays; abandoned runs are purged; simultaneous applies import once.

Issue 17, item 5 (purge) and item 7 (five "Import" clicks at once imported once, then marked the run
"failed, nothing imported").
"""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from imports import services
from imports.models import ImportRun, ImportStatus
from imports.tests.conftest import read

GOOD = "cases_comma_iso.csv"
SECRET_ROW = "IMP-0001"
"""The first data row of the good file: it was kept as the mapping page's sample after a discard."""


def _upload(client, data=None, name=GOOD):
    file = SimpleUploadedFile(name, read(GOOD) if data is None else data)
    client.post(reverse("imports:index"), {"kind": "casussen", "file": file})
    return ImportRun.objects.latest("id")


def _confirm(client, run):
    data = {f"col_{name}": str(index) for name, index in run.mapping.items()}
    client.post(reverse("imports:mapping", kwargs={"import_run_id": run.id}), data)
    run.refresh_from_db()
    return run


def _nothing_of_the_file(run):
    run.refresh_from_db()
    assert run.content is None
    assert run.headers == []
    assert "sample" not in run.options
    stored = json.dumps([run.options, run.report, run.mapping, run.error])
    for value in (SECRET_ROW, "Zoë Importtest", "Team Noord", "Casusnummer", "2025-01-06"):
        assert value not in stored, value


def test_a_discarded_run_keeps_nothing_of_the_file(login, noord):
    client = login("teammanager.noord")
    run = _confirm(client, _upload(client))
    assert SECRET_ROW in json.dumps(run.options["sample"]), "the sample is there while the run is open"
    response = client.post(reverse("imports:discard", kwargs={"import_run_id": run.id}))
    assert response.status_code == 302
    assert run.__class__.objects.get(pk=run.pk).status == ImportStatus.DISCARDED
    _nothing_of_the_file(run)


def test_an_imported_run_keeps_nothing_of_the_file(login, noord):
    client = login("teammanager.noord")
    run = _confirm(client, _upload(client))
    client.post(reverse("imports:apply", kwargs={"import_run_id": run.id}))
    run.refresh_from_db()
    assert run.status == ImportStatus.DONE and run.created_count == 3
    _nothing_of_the_file(run)


def test_a_failed_run_keeps_nothing_of_the_file(login, noord, monkeypatch):
    client = login("teammanager.noord")
    run = _confirm(client, _upload(client))

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services.writing, "write_cases", broken)
    client.post(reverse("imports:apply", kwargs={"import_run_id": run.id}))
    run.refresh_from_db()
    assert run.status == ImportStatus.FAILED and run.error == "RuntimeError"
    assert not Case.objects.filter(reference=SECRET_ROW).exists()
    _nothing_of_the_file(run)


def test_a_report_with_problems_names_row_column_and_reason_but_no_value(login, noord):
    client = login("teammanager.noord")
    data = "Dossiernummer;Team;Casustype;Startdatum\nGEHEIM-1;Team Geheim;soort-geheim;datum-geheim\n"
    run = _confirm(client, _upload(client, data.encode(), "p.csv"))
    assert run.invalid == 1 and {p["code"] for p in run.report} == {"unknown_team", "unknown_case_type", "bad_date"}
    assert "geheim" not in json.dumps(run.report).lower()
    page = client.get(reverse("imports:run", kwargs={"import_run_id": run.id})).content.decode()
    assert "Onbekend team." in page and "geheim" not in page.lower()


def test_purge_imports_expires_abandoned_runs_and_cleans_leftovers(login, noord, settings):
    settings.IMPORT_ABANDON_AFTER = dt.timedelta(hours=24)
    client = login("teammanager.noord")
    old = _confirm(client, _upload(client))
    fresh = _upload(client)
    ImportRun.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(hours=25))
    # A run that ended before this fix, with its file and a value in its report still stored:
    leftover = _upload(client)
    old_report = [{"row": 2, "column": "Team", "code": "unknown_team", "params": {"value": "X"}}]
    ImportRun.objects.filter(pk=leftover.pk).update(status=ImportStatus.DONE, report=old_report)
    out = io.StringIO()
    call_command("purge_imports", stdout=out)
    assert out.getvalue().strip() == "1 import run(s) expired, 1 ended run(s) cleaned."
    old.refresh_from_db()
    assert old.status == ImportStatus.EXPIRED and old.finished_at is not None
    _nothing_of_the_file(old)
    leftover.refresh_from_db()
    assert leftover.report == [{"row": 2, "column": "Team", "code": "unknown_team", "params": {}}]
    _nothing_of_the_file(leftover)
    fresh.refresh_from_db()
    assert fresh.status == ImportStatus.UPLOADED and fresh.content is not None, "a recent run is left alone"
    again = io.StringIO()
    call_command("purge_imports", stdout=again)
    assert again.getvalue().strip() == "0 import run(s) expired, 0 ended run(s) cleaned."
    page = client.get(reverse("imports:run", kwargs={"import_run_id": old.id}))
    assert "verlopen" in page.content.decode()
    assert client.post(reverse("imports:apply", kwargs={"import_run_id": old.id})).status_code == 302
    old.refresh_from_db()
    assert old.status == ImportStatus.EXPIRED


def test_the_abandon_time_is_a_setting(login, noord, settings):
    client = login("teammanager.noord")
    run = _upload(client)
    ImportRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - dt.timedelta(hours=2))
    settings.IMPORT_ABANDON_AFTER = 3 * 3600
    assert services.import_runs_purge()[0] == 0
    settings.IMPORT_ABANDON_AFTER = dt.timedelta(hours=1)
    assert services.import_runs_purge()[0] == 1


def test_applying_twice_imports_once_and_reports_once(login, noord):
    """Sequentially (SQLite and PostgreSQL): the second click finds the run imported and says so."""
    client = login("teammanager.noord")
    run = _confirm(client, _upload(client))
    url = reverse("imports:apply", kwargs={"import_run_id": run.id})
    client.post(url)
    second = client.post(url, follow=True)
    run.refresh_from_db()
    assert run.status == ImportStatus.DONE and (run.created_count, run.unchanged_count) == (3, 0)
    assert "Dit bestand is al geïmporteerd." in second.content.decode()
    assert Case.objects.filter(reference__startswith="IMP-", organisation=noord["organisation"]).count() == 3


def test_a_second_claim_or_task_for_the_same_run_does_nothing(login, noord):
    client = login("teammanager.noord")
    run = _confirm(client, _upload(client))
    services.import_run_start_apply(run=run)
    with pytest.raises(services.RunNotAvailable):
        services.import_run_start_apply(run=ImportRun.objects.get(pk=run.pk))
    services.import_run_apply(run.id)
    services.import_run_apply(run.id)  # a second task for the same run (e.g. queued twice)
    run.refresh_from_db()
    assert run.status == ImportStatus.DONE and run.created_count == 3 and run.error == ""
    with pytest.raises(services.RunNotAvailable):
        services.import_run_discard(run=run)
