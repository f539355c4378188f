"""Upload → guessed mapping → check → import, through the pages, for every kind of file real tools make."""

from __future__ import annotations

import datetime as dt
import json
import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Assignment, Case
from imports.models import ImportRun, ImportStatus
from imports.tests.conftest import read

FILES = [
    "cases_semicolon_cp1252.csv",
    "cases_comma_iso.csv",
    "cases_bom_tab.csv",
    "cases_openpyxl.xlsx",
    "cases_libreoffice.xlsx",
]


def upload(client, name, data=None, kind="casussen"):
    file = SimpleUploadedFile(name, read(name) if data is None else data)
    return client.post(reverse("imports:index"), {"kind": kind, "file": file})


def confirm(client, run, **extra):
    """Post the guessed mapping back, as a user who agrees with it."""
    data = {f"col_{name}": str(index) for name, index in run.mapping.items()} | extra
    return client.post(reverse("imports:mapping", kwargs={"import_run_id": run.id}), data)


def full_import(client, name):
    response = upload(client, name)
    assert response.status_code == 302, response.content.decode()[:2000]
    run = ImportRun.objects.latest("id")
    confirm(client, run)
    run.refresh_from_db()
    assert run.status == ImportStatus.CHECKED and run.invalid == 0, run.report
    client.post(reverse("imports:apply", kwargs={"import_run_id": run.id}))
    run.refresh_from_db()
    return run


@pytest.mark.parametrize("name", FILES)
def test_it_imports_each_file_into_the_same_cases(login, noord, name):
    client = login("teammanager.noord")
    run = full_import(client, name)
    assert run.status == ImportStatus.DONE
    assert (run.created_count, run.updated_count, run.unchanged_count) == (3, 0, 0)
    assert run.content is None, "the file is not kept after the import"
    cases = {
        c.reference: c for c in Case.objects.filter(reference__startswith="IMP-", organisation=noord["organisation"])
    }
    assert set(cases) == {"IMP-0001", "IMP-0002", "IMP-0003"}
    assert cases["IMP-0001"].start_date == dt.date(2025, 1, 6)
    assert cases["IMP-0001"].expected_end_date == dt.date(2026, 12, 31)
    assert cases["IMP-0002"].end_date == dt.date(2026, 3, 31) and cases["IMP-0002"].phase == "afronding"
    assert cases["IMP-0001"].case_type.code == "ots" and cases["IMP-0002"].case_type.code == "voogdij"
    shared = Assignment.objects.filter(case=cases["IMP-0003"]).order_by("person__name")
    assert [(a.person.name, a.share_percent) for a in shared] == [("Pim Proefbestand", 50), ("Zoë Importtest", 50)]
    closed = Assignment.objects.get(case=cases["IMP-0002"])
    assert closed.end_date == dt.date(2026, 3, 31), "an assignment without an end ends with its case"


def test_it_guesses_the_mapping_from_dutch_and_english_headers(login, noord):
    client = login("teammanager.noord")
    upload(client, "cases_semicolon_cp1252.csv")
    dutch = ImportRun.objects.latest("id")
    upload(client, "cases_comma_iso.csv")
    english = ImportRun.objects.latest("id")
    expected = {
        "reference": 0,
        "team": 1,
        "case_type": 2,
        "start_date": 3,
        "end_date": 4,
        "expected_end_date": 5,
        "phase": 6,
        "person": 7,
        "share_percent": 8,
    }
    assert dutch.mapping == expected and english.mapping == expected


def test_importing_the_same_file_twice_changes_nothing(login, noord):
    client = login("teammanager.noord")
    full_import(client, "cases_comma_iso.csv")
    before = list(Case.objects.filter(reference__startswith="IMP-").values().order_by("id"))
    assignments = Assignment.objects.filter(case__reference__startswith="IMP-").count()
    run = full_import(client, "cases_openpyxl.xlsx")
    assert (run.created_count, run.updated_count, run.unchanged_count) == (0, 0, 3)
    assert list(Case.objects.filter(reference__startswith="IMP-").values().order_by("id")) == before
    assert Assignment.objects.filter(case__reference__startswith="IMP-").count() == assignments


def test_a_newer_export_updates_by_reference_and_closes_what_has_ended(login, noord):
    client = login("teammanager.noord")
    full_import(client, "cases_comma_iso.csv")
    newer = (
        read("cases_comma_iso.csv")
        .decode()
        .replace("IMP-0001,Team Noord,ots,2025-01-06,,", "IMP-0001,Team Noord,ots,2025-01-06,2026-11-20,")
    )
    run_ = upload(client, "newer.csv", newer.encode())
    assert run_.status_code == 302
    run = ImportRun.objects.latest("id")
    confirm(client, run)
    client.post(reverse("imports:apply", kwargs={"import_run_id": run.id}))
    run.refresh_from_db()
    assert (run.created_count, run.updated_count, run.unchanged_count) == (0, 1, 2)
    case = Case.objects.get(reference="IMP-0001", organisation=noord["organisation"])
    assert case.end_date == dt.date(2026, 11, 20)
    assert Assignment.objects.get(case=case).end_date == dt.date(2026, 11, 20)


def test_the_check_lists_every_problem_by_row_column_and_reason_and_nothing_is_imported(login, noord):
    client = login("teammanager.noord")
    data = (
        "Dossiernummer;Team;Casustype;Startdatum;Einddatum;Medewerker\n"
        "P-1;Team Noord;ots;31-02-2025;;Zoë Importtest\n"
        "P-2;Team Noord;onbekend;01-02-2025;;Zoë Importtest\n"
        "P-3;Team Noord;ots;01-03-2025;01-01-2025;Zoë Importtest\n"
        "P-4;Team Noord;ots;01-03-2025;;Niemand Bekend\n"
        "P-5;Team Noord;ots;01-03-2025;;Zoë Importtest\n"
        "P-5;Team Noord;voogdij;01-03-2025;;Pim Proefbestand\n"
        "P 6;Team Noord;ots;01-03-2025;;Zoë Importtest\n"
    ).encode("cp1252")
    upload(client, "problems.csv", data)
    run = ImportRun.objects.latest("id")
    confirm(client, run)
    run.refresh_from_db()
    assert run.status == ImportStatus.CHECKED and run.invalid == 6
    problems = {(p["row"], p["column"], p["code"]) for p in run.report}
    assert problems == {
        (2, "Startdatum", "bad_date"),
        (3, "Casustype", "unknown_case_type"),
        (4, "Einddatum", "end_before_start"),
        (5, "Medewerker", "unknown_person"),
        (7, "Casustype", "conflicting_case_type"),
        (8, "Dossiernummer", "bad_reference"),
    }
    page = client.get(reverse("imports:run", kwargs={"import_run_id": run.id})).content.decode()
    assert "Onbekend casustype: gebruik de code of de naam" in page
    assert "Geen datum (schrijf dd-mm-jjjj of jjjj-mm-dd)." in page
    assert "31-02-2025" not in page and "Niemand Bekend" not in page, "the report names no cell's value"
    stored = json.dumps(run.report)
    assert "onbekend" not in stored and "31-02-2025" not in stored and "Niemand" not in stored
    response = client.post(reverse("imports:apply", kwargs={"import_run_id": run.id}))
    assert response.status_code == 302
    assert not Case.objects.filter(reference__startswith="P-").exists()


def test_the_problem_list_downloads_as_csv(login, noord):
    client = login("teammanager.noord")
    upload(client, "p.csv", b"Dossiernummer;Team;Casustype;Startdatum\nX-1;Team Noord;ots;gisteren\n")
    run = ImportRun.objects.latest("id")
    confirm(client, run)
    response = client.get(reverse("imports:run", kwargs={"import_run_id": run.id}) + "?formaat=csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert body.splitlines()[0] == "Rij;Kolom;Probleem"
    assert body.splitlines()[1] == "2;Startdatum;Geen datum (schrijf dd-mm-jjjj of jjjj-mm-dd)."


def test_a_problem_with_a_field_without_a_column_names_the_field(login, noord):
    """An administrator of three teams must say which team; a manager of one team need not (next test)."""
    client = login("beheer.veldstroom")
    upload(client, "p.csv", b"Dossiernummer;Casustype;Startdatum\nX-1;ots;01-01-2026\n")
    run = ImportRun.objects.latest("id")
    confirm(client, run)
    run.refresh_from_db()
    assert [(p["row"], p["column"], p["code"]) for p in run.report] == [(2, "team", "no_team")]


def test_a_refused_file_is_not_stored_and_the_page_names_column_and_row(login, noord, caplog):
    client = login("teammanager.noord")
    runs_before = ImportRun.objects.count()
    data = "Dossiernummer;Casustype;Startdatum;Opmerking\nX-1;ots;01-01-2025;\nX-2;ots;01-01-2025;zie 111222333\n"
    with caplog.at_level(logging.DEBUG):
        response = upload(client, "bsn.csv", data.encode())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kolom “Opmerking” (D), rij 3" in page and "111222333" not in page
    assert ImportRun.objects.count() == runs_before
    assert "111222333" not in caplog.text


def test_a_file_with_client_columns_is_refused(login, noord):
    client = login("teammanager.noord")
    data = "Dossiernummer;Voornaam;Geboortedatum;Adres\nX-1;Anna;01-01-2015;Dorpsstraat 1\n"
    page = upload(client, "names.csv", data.encode()).content.decode()
    assert "Kolom “Voornaam”" in page and "Kolom “Geboortedatum”" in page and "Kolom “Adres”" in page
    assert "Anna" not in page and "Dorpsstraat" not in page


def test_required_fields_must_be_mapped(login, noord):
    client = login("teammanager.noord")
    upload(client, "cases_comma_iso.csv")
    run = ImportRun.objects.latest("id")
    response = confirm(client, run, col_reference="")
    assert response.status_code == 200
    assert "Kies de kolom" in response.content.decode()


def test_a_saved_mapping_is_used_for_the_next_file(login, noord):
    from imports.models import SavedMapping

    client = login("teammanager.noord")
    upload(client, "cases_comma_iso.csv")
    run = ImportRun.objects.latest("id")
    confirm(client, run, col_share_percent="", save_as="Systeem X")
    saved = SavedMapping.objects.get(organisation=noord["organisation"], name="Systeem X")
    assert "share_percent" not in saved.mapping and saved.mapping["reference"] == "reference"
    file = {
        "kind": "casussen",
        "file": SimpleUploadedFile("again.csv", read("cases_comma_iso.csv")),
        "saved_mapping": saved.id,
    }
    client.post(reverse("imports:index"), file)
    assert "share_percent" not in ImportRun.objects.latest("id").mapping


def test_another_organisations_run_is_not_found(login, noord):
    client = login("teammanager.noord")
    upload(client, "cases_comma_iso.csv")
    run = ImportRun.objects.latest("id")
    other = login("teammanager.heidemeer")
    assert other.get(reverse("imports:run", kwargs={"import_run_id": run.id})).status_code == 404
    assert other.post(reverse("imports:apply", kwargs={"import_run_id": run.id})).status_code == 404


def test_a_professional_may_not_import(login):
    assert login("jeugdbeschermer.noord").get(reverse("imports:index")).status_code == 403


def test_the_progress_fragment_polls_while_busy_and_redirects_when_done(login, noord):
    client = login("teammanager.noord")
    upload(client, "cases_comma_iso.csv")
    run = ImportRun.objects.latest("id")
    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.CHECKING, processed=2)
    url = reverse("imports:run", kwargs={"import_run_id": run.id})
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in fragment and "<progress" in fragment and "<h1>" not in fragment
    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.CHECKED)
    done = client.get(url, headers={"HX-Request": "true"})
    assert done["HX-Redirect"] == url


def test_a_run_that_hangs_for_over_an_hour_is_shown_as_interrupted(login, noord):
    import datetime as dt_

    from django.utils import timezone

    client = login("teammanager.noord")
    upload(client, "cases_comma_iso.csv")
    run = ImportRun.objects.latest("id")
    url = reverse("imports:run", kwargs={"import_run_id": run.id})
    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.IMPORTING, started_at=timezone.now())
    assert "onderbroken" not in client.get(url).content.decode()
    ImportRun.objects.filter(pk=run.pk).update(started_at=timezone.now() - dt_.timedelta(hours=2))
    page = client.get(url).content.decode()
    assert "onderbroken" in page and "hx-trigger" not in page


def test_a_team_manager_imports_only_into_the_teams_they_manage(login, noord):
    midden_case = Case.objects.filter(organisation=noord["organisation"], team__name="Team Midden").first()
    data = (
        "Dossiernummer;Team;Casustype;Startdatum\n"
        "TM-1;Team Midden;ots;01-03-2025\n"
        f"{midden_case.reference};Team Noord;ots;01-03-2025\n"
        "TM-2;Team Noord;ots;01-03-2025\n"
    )
    client = login("teammanager.noord")
    upload(client, "teams.csv", data.encode())
    run = ImportRun.objects.latest("id")
    confirm(client, run)
    run.refresh_from_db()
    assert [(p["row"], p["code"]) for p in run.report] == [(2, "unknown_team"), (3, "locked_case")]


def test_only_an_organisation_wide_role_imports_people(login, noord):
    response = upload(login("teammanager.noord"), "people_semicolon.csv", kind="mensen")
    assert response.status_code == 200
    assert "Alleen een beheerder van de hele organisatie" in response.content.decode()
    assert upload(login("beheer.veldstroom"), "people_semicolon.csv", kind="mensen").status_code == 302


def test_a_manager_of_one_team_need_not_name_the_team(login, noord):
    client = login("teammanager.noord")
    upload(client, "p.csv", b"Dossiernummer;Casustype;Startdatum\nX-1;ots;01-01-2026\n")
    run = ImportRun.objects.latest("id")
    confirm(client, run)
    client.post(reverse("imports:apply", kwargs={"import_run_id": run.id}))
    assert Case.objects.get(organisation=noord["organisation"], reference="X-1").team == noord["team"]


def test_a_file_above_djangos_memory_limit_is_accepted_without_a_temporary_file(login, noord, monkeypatch):
    """Django would write uploads above 2.5 MB to a temporary file; the import keeps them in memory."""
    from django.core.files.uploadhandler import TemporaryFileUploadHandler

    def no_disk(*args, **kwargs):
        raise AssertionError("the upload touched the disk")

    monkeypatch.setattr(TemporaryFileUploadHandler, "new_file", no_disk)
    rows = "".join(f"BIG-{i:06d};Team Noord;ots;01-01-2026\n" for i in range(120_000))
    data = ("Dossiernummer;Team;Casustype;Startdatum\n" + rows).encode()
    assert len(data) > 2_500_000
    assert upload(login("teammanager.noord"), "big.csv", data).status_code == 302
    assert ImportRun.objects.latest("id").total == 120_000
