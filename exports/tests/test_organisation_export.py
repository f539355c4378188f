"""The full export, imported into an installation without that organisation, gives the same figures."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import numpy as np
import pytest
from django.apps import apps

from cases.models import Case
from exports.organisation import PARTS, RestoreError, organisation_export, organisation_restore
from organisations.models import Organisation

pytestmark = pytest.mark.django_db
START, END = dt.date(2025, 6, 2), dt.date(2026, 11, 23)


def _counts(organisation):
    """Rows per exported model that belong to the organisation (every part of the export)."""
    return {
        part.model: apps.get_model(part.model).objects.filter(**{part.organisation_path: organisation}).count()
        for part in PARTS
    }


def organisation_rounds_linked(organisation):
    from scoresheet.models import ScoringRound

    return ScoringRound.objects.filter(team__organisation=organisation, previous_round__isnull=False).count()


def _figures(organisation):
    from monitoring.selectors import team_figures

    return {t.name: team_figures(t, start=START, end=END) for t in organisation.teams.order_by("name")}


@pytest.mark.parametrize("slug", ["heidemeer", "veldstroom"])
def test_the_round_trip_gives_the_same_dashboard_figures(slug):
    organisation = Organisation.objects.get(slug=slug)
    before = _figures(organisation)
    counts = (Case.objects.filter(organisation=organisation).count(), organisation.people.count())
    assert counts[0] > 0
    rows = _counts(organisation)
    for added in (
        "monitoring.CaseloadMeeting",
        "monitoring.Agreement",
        "scoresheet.ScoringRound",
        "scoresheet.RoundFactor",
        "reports.Evaluation",
        "forecasts.Scenario",
    ):
        assert rows[added] > 0, added  # the demo has them, so the comparison below can fail
    data = organisation_export(organisation)
    # The copy gets its own short name beside the original; every figure of a team comes only from rows
    # that hang off that team, so the copy's figures are those an empty installation would show.
    restored = organisation_restore(data, slug=f"{slug}-terug")
    assert restored.teams.count() == organisation.teams.count()
    assert (Case.objects.filter(organisation=restored).count(), restored.people.count()) == counts
    assert _counts(restored) == rows
    from scoresheet.models import ScoringRound

    assert sorted(
        ScoringRound.objects.filter(team__organisation=restored).values_list("created_at", "title")
    ) == sorted(ScoringRound.objects.filter(team__organisation=organisation).values_list("created_at", "title"))
    after = _figures(restored)
    assert before.keys() == after.keys()
    for name, figures in before.items():
        again = after[name]
        assert figures.mondays == again.mondays
        for attribute in ("count", "weighted", "deployable_fte", "normative", "deviation", "inflow", "outflow"):
            np.testing.assert_allclose(
                getattr(figures.team, attribute), getattr(again.team, attribute), equal_nan=True, err_msg=attribute
            )
        assert [m.name for m in figures.members] == [m.name for m in again.members]


def test_the_manifest_documents_every_file_and_column():
    data = organisation_export(Organisation.objects.get(slug="heidemeer"))
    archive = zipfile.ZipFile(io.BytesIO(data))
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["format"] == "caseloadwijzer-organisatie-export" and manifest["version"] == 1
    for entry in manifest["files"]:
        header = archive.read(entry["name"]).decode().splitlines()[0].split(",")
        assert header == [c["name"] for c in entry["columns"]]
        assert all(c["description"] for c in entry["columns"])
    cases = next(e for e in manifest["files"] if e["name"] == "casussen.csv")
    assert cases["rows"] == Case.objects.filter(organisation__slug="heidemeer").count()


def test_a_restore_is_all_or_nothing():
    data = organisation_export(Organisation.objects.get(slug="heidemeer"))
    archive = zipfile.ZipFile(io.BytesIO(data))
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as out:
        for name in archive.namelist():
            content = archive.read(name)
            if name == "toewijzingen.csv":
                content = content.replace(b"\n", b"\n999999999,", 1)
            out.writestr(name, content)
    with pytest.raises(RestoreError):
        organisation_restore(broken.getvalue(), slug="heidemeer-kopie")
    assert not Organisation.objects.filter(slug="heidemeer-kopie").exists()


def test_an_existing_short_name_is_refused():
    data = organisation_export(Organisation.objects.get(slug="heidemeer"))
    with pytest.raises(RestoreError):
        organisation_restore(data)


def test_a_new_empty_installation_imports_the_export_into_the_same_figures(tmp_path):
    """A fresh SQLite database, migrated and filled only by `manage.py import_organisation`."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    organisation = Organisation.objects.get(slug="heidemeer")
    expected = {name: round(float(f.team.count.sum()), 6) for name, f in _figures(organisation).items()}
    expected_rows = _counts(organisation)
    archive = tmp_path / "heidemeer.zip"
    archive.write_bytes(organisation_export(organisation))
    root = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'nieuw.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "caseloadwijzer.conf.test",
    }
    manage = [sys.executable, str(root / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=root)
    subprocess.run([*manage, "import_organisation", str(archive)], env=env, check=True, cwd=root, capture_output=True)
    script = (
        "import datetime as dt, json\n"
        "from monitoring.selectors import team_figures\n"
        "from organisations.models import Organisation\n"
        "o = Organisation.objects.get()\n"
        f"s, e = dt.date.fromisoformat('{START}'), dt.date.fromisoformat('{END}')\n"
        "print(json.dumps({t.name: round(float(team_figures(t, start=s, end=e).team.count.sum()), 6)"
        " for t in o.teams.all()}))\n"
        "from django.apps import apps\n"
        "from exports.organisation import PARTS\n"
        "print(json.dumps({p.model: apps.get_model(p.model).objects.filter(**{p.organisation_path: o}).count()"
        " for p in PARTS}))\n"
    )
    out = subprocess.run(
        [*manage, "shell", "-c", script], env=env, check=True, cwd=root, capture_output=True, text=True
    )
    lines = out.stdout.strip().splitlines()
    assert json.loads(lines[-2]) == expected
    assert json.loads(lines[-1]) == expected_rows
    assert sum(expected.values()) > 0


def test_individual_answers_and_logins_stay_out():
    data = organisation_export(Organisation.objects.get(slug="heidemeer"))
    archive = zipfile.ZipFile(io.BytesIO(data))
    manifest = json.loads(archive.read("manifest.json"))
    models = {e["model"] for e in manifest["files"]}
    assert "scoresheet.RoundFactor" in models and "reports.Evaluation" in models
    for secret in ("scoresheet.Response", "scoresheet.Answer", "reports.EvaluationResponse", "auth.User"):
        assert secret not in models
    left_out = " ".join(e["models"] for e in manifest["not_exported"])
    assert "scoresheet.Answer" in left_out and "reports.EvaluationResponse" in left_out
    for entry in manifest["files"]:
        header = archive.read(entry["name"]).decode().splitlines()[0]
        assert "password" not in header and "created_by" not in header and "user_id" not in header
