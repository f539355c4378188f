"""Imports, saved column mappings and API tokens in both demo organisations.

The import run is a checked file that is not imported (one row names an unknown colleague, one names its case
type as a registration system does, "<code> eerste jaar"), so the demo shows the preview with its problem list
and the page where a value is mapped to a case type; it writes no cases and so changes no figure.
"""

from __future__ import annotations

from api.models import ApiToken
from api.services import api_token_create
from demo.context import DemoContext
from imports import services
from imports.models import ImportKind, ImportRun, SavedMapping
from organisations.models import Organisation


def _csv(organisation: Organisation, ctx: DemoContext) -> bytes:
    team = organisation.teams.order_by("name").first()
    person = organisation.people.filter(team=team).order_by("name").first()
    case_type = organisation.case_types.order_by("code").first()
    assert person is not None and case_type is not None
    first_year = organisation.case_types.filter(code__iexact="ots").first() or case_type
    day = ctx.today.strftime("%d-%m-%Y")
    lines = [
        "Dossiernummer;Team;Soort maatregel;Startdatum;Einddatum;Medewerker",
        f"DEMO-IMPORT-1;{team};{case_type.code};{day};;{person.name}",
        f"DEMO-IMPORT-2;{team};{case_type.code};{day};;Onbekende Collega",
        f"DEMO-IMPORT-3;{team};{first_year.code.upper()} eerste jaar;{day};;{person.name}",
    ]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def run(ctx: DemoContext) -> None:
    for organisation in Organisation.objects.filter(slug__in=["heidemeer", "veldstroom"]).order_by("slug"):
        if not ImportRun.objects.filter(organisation=organisation).exists():
            run_ = services.import_run_create(
                organisation=organisation,
                user=None,
                kind=ImportKind.CASES,
                filename="export-registratiesysteem.csv",
                data=_csv(organisation, ctx),
            )
            services.import_run_set_mapping(run=run_, mapping=run_.mapping, options={}, save_as="Registratiesysteem")
            services.import_run_check(run_.id)
        if not SavedMapping.objects.filter(organisation=organisation, kind=ImportKind.PEOPLE).exists():
            SavedMapping.objects.create(
                organisation=organisation,
                kind=ImportKind.PEOPLE,
                name="Personeelssysteem",
                mapping={"name": "Naam", "function": "Functie", "contract_hours": "Uren", "start_date": "In dienst"},
            )
        if not ApiToken.objects.filter(organisation=organisation).exists():
            api_token_create(organisation=organisation, name="Registratiesysteem (demo)")
