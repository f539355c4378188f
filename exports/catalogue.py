"""The organisation's data tables offered on the export page, each limited to the teams the user manages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cases.models import Assignment, Case, CaseType
from exports.tables import Column, ExportTable
from organisations.models import Organisation, Person, Team
from staffing.models import ContractPeriod


@dataclass(frozen=True)
class Offer:
    key: str
    title: str | Promise
    explain: str | Promise
    build: Callable[[Organisation, QuerySet[Team]], ExportTable]


def _cases(organisation: Organisation, teams: QuerySet[Team]) -> ExportTable:
    rows = Case.objects.filter(organisation=organisation, team__in=teams).select_related("team", "case_type")
    return ExportTable(
        title=_("Cases"),
        filename="casussen",
        columns=[
            Column(_("case reference"), lambda c: c.reference),
            Column(_("team"), lambda c: c.team.name),
            Column(_("case type"), lambda c: c.case_type.code),
            Column(_("start date"), lambda c: c.start_date),
            Column(_("end date"), lambda c: c.end_date),
            Column(_("expected end date"), lambda c: c.expected_end_date),
            Column(_("phase"), lambda c: c.phase),
            Column(_("number of children"), lambda c: c.children),
        ],
        rows=rows.order_by("reference").iterator(chunk_size=5000),
    )


def _assignments(organisation: Organisation, teams: QuerySet[Team]) -> ExportTable:
    rows = Assignment.objects.filter(case__organisation=organisation, case__team__in=teams).select_related(
        "case", "person"
    )
    return ExportTable(
        title=_("Assignments"),
        filename="toewijzingen",
        columns=[
            Column(_("case reference"), lambda a: a.case.reference),
            Column(_("professional"), lambda a: a.person.name),
            Column(_("assigned from"), lambda a: a.start_date),
            Column(_("assigned until"), lambda a: a.end_date),
            Column(_("share (%)"), lambda a: a.share_percent),
        ],
        rows=rows.order_by("case__reference", "start_date").iterator(chunk_size=5000),
    )


def _people(organisation: Organisation, teams: QuerySet[Team]) -> ExportTable:
    rows = Person.objects.filter(organisation=organisation, team__in=teams).select_related("team")
    return ExportTable(
        title=_("People"),
        filename="medewerkers",
        columns=[
            Column(_("name"), lambda p: p.name),
            Column(_("team"), lambda p: p.team.name if p.team else ""),
            Column(_("function"), lambda p: p.function),
            Column(_("contract hours per week"), lambda p: p.contract_hours),
            Column(_("start date"), lambda p: p.start_date),
            Column(_("end date"), lambda p: p.end_date),
        ],
        rows=rows.order_by("name"),
    )


def _contracts(organisation: Organisation, teams: QuerySet[Team]) -> ExportTable:
    rows = ContractPeriod.objects.filter(person__organisation=organisation, person__team__in=teams).select_related(
        "person", "person__team"
    )
    return ExportTable(
        title=_("Contract hours"),
        filename="contracturen",
        columns=[
            Column(_("name"), lambda c: c.person.name),
            Column(_("team"), lambda c: c.person.team.name if c.person.team else ""),
            Column(_("function"), lambda c: c.person.function),
            Column(_("contract hours per week"), lambda c: c.hours),
            Column(_("start date"), lambda c: c.person.start_date),
            Column(_("end date"), lambda c: c.person.end_date),
            Column(_("hours valid from"), lambda c: c.valid_from),
        ],
        rows=rows.order_by("person__name", "valid_from"),
    )


def _case_types(organisation: Organisation, teams: QuerySet[Team]) -> ExportTable:
    return ExportTable(
        title=_("Case types"),
        filename="casustypen",
        columns=[Column(_("code"), lambda t: t.code), Column(_("name"), lambda t: t.name)],
        rows=CaseType.objects.filter(organisation=organisation).order_by("name"),
    )


OFFERS: tuple[Offer, ...] = (
    Offer("casussen", _("Cases"), _("One row per case, with its team, type and dates."), _cases),
    Offer("toewijzingen", _("Assignments"), _("Who carries which case, from when until when."), _assignments),
    Offer("medewerkers", _("People"), _("Staff with their function and current contract hours."), _people),
    Offer(
        "contracturen",
        _("Contract hours"),
        _("The contract hours per period; the import of people reads this file back."),
        _contracts,
    ),
    Offer("casustypen", _("Case types"), _("The case types with their codes."), _case_types),
)
