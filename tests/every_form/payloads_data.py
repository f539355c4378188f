"""Entries for imports, the API tokens page and forecasts (format: see registry.py)."""

from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.access import Access
from accounts.roles import Capability as C
from api.models import ApiToken
from cases.models import Case
from forecasts.models import ChainDefaults, Scenario
from imports import services as imports
from imports.models import ImportKind, ImportRun, ImportStatus, SavedMapping
from tests.every_form.harness import Ctx, Form, Rule, both, can, either, org_wide

NAME = "Formtest"
CASES_CSV = Path(__file__).resolve().parents[2] / "imports" / "tests" / "files" / "cases_semicolon_cp1252.csv"
"""A file the import tests use: three cases of Team Noord, in the Windows-1252 export of a registration system."""

EDIT_FORECAST = (C.MANAGE_TEAM, C.FACILITATE, C.DECIDE)
"""forecasts.views.EDIT: who may write a team's scenarios."""


def _upload(c: Ctx) -> SimpleUploadedFile:
    return SimpleUploadedFile("formtest-casussen.csv", CASES_CSV.read_bytes(), content_type="text/csv")


def _checked_run(c: Ctx) -> dict[str, int]:
    """A checked file without problems, ready to import: one case of Team Noord."""
    team = c.organisation.teams.get(name="Team Noord")
    person = team.members.order_by("name").first()
    case_type = c.organisation.case_types.order_by("code").first()
    assert person is not None and case_type is not None
    text = (
        "Dossiernummer;Team;Soort maatregel;Startdatum;Einddatum;Medewerker\r\n"
        f"FORMTEST-IMP-1;{team.name};{case_type.code};02-11-2026;;{person.name}\r\n"
    )
    run = imports.import_run_create(
        organisation=c.organisation, user=None, kind=ImportKind.CASES, filename="formtest.csv", data=text.encode()
    )
    imports.import_run_set_mapping(run=run, mapping=run.mapping, options={}, save_as="")
    imports.import_run_check(run.id)
    run.refresh_from_db()
    assert run.status == ImportStatus.CHECKED and not run.invalid, run.report
    return {"import_run_id": run.id}


def _run_with_unknown_value(c: Ctx) -> dict[str, int]:
    """A checked file whose measure "OTS eerste jaar" is no case type yet: the values page suggests OTS."""
    team = c.organisation.teams.get(name="Team Noord")
    person = team.members.order_by("name").first()
    assert person is not None
    text = (
        "Dossiernummer;Team;Maatregel;Startdatum;Einddatum;Medewerker\r\n"
        f"FORMTEST-VAL-1;{team.name};OTS eerste jaar;02-11-2026;;{person.name}\r\n"
    )
    run = imports.import_run_create(
        organisation=c.organisation, user=None, kind=ImportKind.CASES, filename="formtest.csv", data=text.encode()
    )
    imports.import_run_set_mapping(run=run, mapping=run.mapping, options={}, save_as="")
    imports.import_run_check(run.id)
    run.refresh_from_db()
    assert run.status == ImportStatus.CHECKED and run.options.get("unmatched"), run.report
    return {"import_run_id": run.id}


def _value_map(c: Ctx) -> object:
    return ImportRun.objects.get(pk=c.kwargs["import_run_id"]).options.get("value_map")


def _run_status(c: Ctx) -> str:
    return str(ImportRun.objects.get(pk=c.kwargs["import_run_id"]).status)


def _uploaded_by_me(access: Access, c: Ctx) -> bool:
    run = ImportRun.objects.select_related("created_by").get(pk=c.kwargs["import_run_id"])
    return run.created_by is not None and run.created_by.username == c.username


SEES_RUN = both(can(C.MANAGE_DATA), either(org_wide(C.MANAGE_ORGANISATION), _uploaded_by_me))
"""imports.views._visible_runs: an organisation's administrator sees every file, others their own uploads."""


def _forecast_team(c: Ctx) -> int:
    if "team_id" in c.kwargs:
        return int(c.kwargs["team_id"])
    return Scenario.objects.get(pk=c.kwargs["scenario_id"]).team_id


def _may_edit_forecast() -> Rule:
    return either(*(can(cap, team=_forecast_team) for cap in EDIT_FORECAST))


FORMS = [
    # --- imports ---
    Form(
        "imports:index",
        may=can(C.MANAGE_DATA),
        fill={"kind": ImportKind.CASES, "file": _upload},
        probe=lambda c: ImportRun.objects.filter(organisation=c.organisation, filename="formtest-casussen.csv").count(),
        expect=1,
        invalid={"kind": "onbekend"},
    ),
    Form(
        "imports:mapping",
        may=SEES_RUN,
        fill={"save_as": f"{NAME} koppeling"},
        probe=lambda c: SavedMapping.objects.filter(organisation=c.organisation, name=f"{NAME} koppeling").count(),
        expect=1,
        invalid={"col_reference": "", "save_as": f"{NAME} koppeling"},
    ),
    Form(
        "imports:values",
        setup=_run_with_unknown_value,
        may=SEES_RUN,
        fill={},
        probe=_value_map,
        expect={"case_type": {"ots eerste jaar": "ots"}},
        invalid={"value_0": ""},
    ),
    Form(
        "imports:apply",
        setup=_checked_run,
        may=SEES_RUN,
        fill={},
        probe=lambda c: Case.objects.filter(organisation=c.organisation, reference="FORMTEST-IMP-1").count(),
        expect=1,
        no_invalid="a confirmation button: the file was checked before",
    ),
    Form(
        "imports:discard",
        setup=_checked_run,
        may=SEES_RUN,
        fill={},
        probe=_run_status,
        expect=ImportStatus.DISCARDED,
        no_invalid="a confirmation button without fields",
    ),
    Form(
        "imports:mapping_delete",
        may=can(C.MANAGE_DATA),
        fill={},
        probe=lambda c: SavedMapping.objects.filter(pk=c.kwargs["mapping_id"]).exists(),
        expect=False,
        no_invalid="a confirmation button without fields",
    ),
    # --- API tokens (the page; the API itself takes JSON and is tested in api/tests) ---
    Form(
        "api:index",
        may=org_wide(C.MANAGE_DATA),
        fill={"name": f"{NAME} koppeling"},
        probe=lambda c: ApiToken.objects.filter(organisation=c.organisation, name=f"{NAME} koppeling").count(),
        expect=1,
        invalid={"name": ""},
        success=(200,),
    ),
    Form(
        "api:revoke",
        page="api:index",
        may=org_wide(C.MANAGE_DATA),
        fill={},
        probe=lambda c: ApiToken.objects.get(pk=c.kwargs["token_id"]).revoked_at is not None,
        expect=True,
        no_invalid="a button without fields",
    ),
    # --- forecasts ---
    Form(
        "forecasts:scenario_create",
        may=_may_edit_forecast(),
        fill={"name": f"{NAME} scenario", "inflow_change_percent": "15"},
        probe=lambda c: Scenario.objects.filter(team_id=c.kwargs["team_id"], name=f"{NAME} scenario").count(),
        expect=1,
        invalid={"name": ""},
    ),
    Form(
        "forecasts:scenario",
        may=_may_edit_forecast(),
        fill={"name": f"{NAME} scenario"},
        probe=lambda c: Scenario.objects.get(pk=c.kwargs["scenario_id"]).name,
        expect=f"{NAME} scenario",
        invalid={"name": ""},
    ),
    Form(
        "forecasts:scenario_delete",
        may=_may_edit_forecast(),
        fill={},
        probe=lambda c: Scenario.objects.filter(pk=c.kwargs["scenario_id"]).exists(),
        expect=False,
        no_invalid="a confirmation button without fields",
    ),
    Form(
        "forecasts:chain",
        may=either(can(C.MANAGE_ORGANISATION), can(C.DECIDE)),
        fill={"salary_per_fte": "71234"},
        probe=lambda c: ChainDefaults.objects.filter(organisation=c.organisation, salary_per_fte=71234).count(),
        expect=1,
        invalid={"salary_per_fte": "-5"},
    ),
]
