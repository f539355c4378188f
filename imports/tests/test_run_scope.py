"""A run is seen and acted on by its uploader and the organisation's administrator only (issue 17, item 6).

The attack: a team manager saw, re-mapped and applied the administrator's pending people import (creating a
person outside the team) and discarded another team's case import. Everyone else now gets a 404.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exports.testing import csv_rows, nl
from imports.models import ImportRun, ImportStatus
from imports.tests.conftest import read
from organisations.models import Person


def _upload(client, name, kind, data=None):
    file = SimpleUploadedFile(name, read(name) if data is None else data)
    response = client.post(reverse("imports:index"), {"kind": kind, "file": file})
    assert response.status_code == 302, response.content.decode()[:1500]
    return ImportRun.objects.latest("id")


def _map(client, run):
    data = {f"col_{name}": str(index) for name, index in run.mapping.items()}
    return client.post(reverse("imports:mapping", kwargs={"import_run_id": run.id}), data)


def _urls(run):
    kwargs = {"import_run_id": run.id}
    return {name: reverse(f"imports:{name}", kwargs=kwargs) for name in ("run", "mapping", "apply", "discard")}


@pytest.fixture
def admins_people_run(login, noord):
    admin = login("beheer.veldstroom")
    run = _upload(admin, "people_semicolon.csv", "mensen")
    _map(admin, run)
    run.refresh_from_db()
    assert run.status == ImportStatus.CHECKED and run.invalid == 0
    return run


def test_a_team_manager_cannot_see_or_touch_the_administrators_people_import(login, admins_people_run):
    run = admins_people_run
    manager = login("teammanager.noord")
    urls = _urls(run)
    assert manager.get(urls["run"]).status_code == 404
    assert manager.get(urls["run"] + "?formaat=csv").status_code == 404
    assert manager.get(urls["mapping"]).status_code == 404
    assert _map(manager, run).status_code == 404
    assert manager.get(urls["apply"]).status_code == 404
    assert manager.post(urls["apply"]).status_code == 404
    assert manager.post(urls["discard"]).status_code == 404
    run.refresh_from_db()
    assert run.status == ImportStatus.CHECKED and run.content is not None, "nothing happened to the run"
    assert not Person.objects.filter(name="Bo Bestandsmens").exists(), "no person was created"
    index = manager.get(reverse("imports:index")).content.decode()
    assert f'href="{urls["run"]}"' not in index and run.filename not in index
    listed = csv_rows(manager.get(reverse("imports:index") + "?formaat=csv"))
    assert run.filename not in [row[nl("File name")] for row in listed]


def test_the_administrator_sees_and_applies_their_own_run(login, admins_people_run):
    admin = login("beheer.veldstroom")
    assert admin.get(_urls(admins_people_run)["run"]).status_code == 200
    admin.post(_urls(admins_people_run)["apply"])
    admins_people_run.refresh_from_db()
    assert admins_people_run.status == ImportStatus.DONE
    assert Person.objects.filter(name="Bo Bestandsmens").count() == 1


def test_a_team_manager_cannot_discard_another_teams_case_import(login, noord):
    midden = login("teammanager.midden")
    data = b"Dossiernummer;Casustype;Startdatum\nMID-1;ots;01-01-2026\n"
    run = _upload(midden, "midden.csv", "casussen", data)
    noord_manager = login("teammanager.noord")
    urls = _urls(run)
    for name in ("run", "mapping", "apply", "discard"):
        assert noord_manager.get(urls[name]).status_code == 404, name
    assert noord_manager.post(urls["discard"]).status_code == 404
    run.refresh_from_db()
    assert run.status == ImportStatus.UPLOADED and run.content is not None
    # Its uploader and the administrator may.
    assert midden.get(urls["run"]).status_code == 200
    admin = login("beheer.veldstroom")
    assert admin.get(urls["run"]).status_code == 200
    assert admin.post(urls["discard"]).status_code == 302
    run.refresh_from_db()
    assert run.status == ImportStatus.DISCARDED


def test_the_list_shows_a_team_manager_only_their_own_runs(login, noord):
    midden = login("teammanager.midden")
    mine = _upload(midden, "cases_comma_iso.csv", "casussen")
    noord_run = _upload(login("teammanager.noord"), "cases_bom_tab.csv", "casussen")
    mine_link, noord_link = (f'href="{_urls(r)["run"]}"' for r in (mine, noord_run))
    page = midden.get(reverse("imports:index")).content.decode()
    assert mine_link in page and noord_link not in page
    admin_page = login("beheer.veldstroom").get(reverse("imports:index")).content.decode()
    assert mine_link in admin_page and noord_link in admin_page
