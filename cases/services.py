"""Writes for case types, norms, cases and assignments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from cases.defaults import DEFAULT_CASE_TYPES
from cases.models import Assignment, Case, CaseType, Norm, Phase
from organisations.models import Organisation, Person, Team


@transaction.atomic
def case_types_install_defaults(*, organisation: Organisation, valid_from: dt.date) -> list[CaseType]:
    """The CAO Jeugdzorg case types and norms, for an organisation that has none yet (idempotent)."""
    created = []
    for default in DEFAULT_CASE_TYPES:
        with override("nl"):
            name = str(default.name)
        case_type, _created = CaseType.objects.get_or_create(
            organisation=organisation, code=default.code, defaults={"name": name}
        )
        Norm.objects.get_or_create(
            case_type=case_type,
            valid_from=valid_from,
            defaults={
                "per_fte": default.per_fte,
                "first_year_per_fte": default.first_year_per_fte,
                "source": default.source,
            },
        )
        created.append(case_type)
    return created


def _clean_save(instance: models.Model) -> None:
    instance.full_clean()
    instance.save()


@transaction.atomic
def case_type_create(*, organisation: Organisation, code: str, name: str) -> CaseType:
    if CaseType.objects.filter(organisation=organisation, code=code).exists():
        raise ValidationError({"code": _("A case type with this code already exists.")})
    case_type = CaseType(organisation=organisation, code=code, name=name)
    _clean_save(case_type)
    return case_type


@transaction.atomic
def norm_add(
    *,
    case_type: CaseType,
    valid_from: dt.date,
    per_fte: Decimal | None,
    first_year_per_fte: Decimal | None = None,
    source: str = "",
) -> Norm:
    """A new norm version from ``valid_from``. The past keeps its norm: a version may not start on or before
    the latest existing one."""
    latest = case_type.norms.order_by("-valid_from").first()
    if latest is not None and valid_from <= latest.valid_from:
        raise ValidationError(
            {
                "valid_from": _("A new norm must start after the latest version (%(date)s); the past is not rewritten.")
                % {"date": latest.valid_from.strftime("%d-%m-%Y")}
            }
        )
    if first_year_per_fte is not None and per_fte is None:
        raise ValidationError({"per_fte": _("Set the norm too when you set a first-year norm.")})
    norm = Norm(
        case_type=case_type,
        valid_from=valid_from,
        per_fte=per_fte,
        first_year_per_fte=first_year_per_fte,
        source=source,
    )
    _clean_save(norm)
    return norm


def _check_person(case: Case, person: Person) -> None:
    if person.organisation_id != case.organisation_id:
        raise ValidationError({"person": _("This person belongs to another organisation.")})


@transaction.atomic
def case_create(
    *,
    organisation: Organisation,
    team: Team,
    reference: str,
    case_type: CaseType,
    start_date: dt.date,
    expected_end_date: dt.date | None = None,
    phase: str = Phase.START,
    children: int = 1,
    person: Person | None = None,
    share_percent: int = 100,
) -> Case:
    """A pseudonymous case, with its first assignment when ``person`` is given."""
    if team.organisation_id != organisation.id or case_type.organisation_id != organisation.id:
        raise ValidationError(_("The team or case type belongs to another organisation."))
    if Case.objects.filter(organisation=organisation, reference=reference).exists():
        raise ValidationError({"reference": _("A case with this reference already exists.")})
    if expected_end_date is not None and expected_end_date < start_date:
        raise ValidationError({"expected_end_date": _("The expected end date lies before the start date.")})
    case = Case(
        organisation=organisation,
        team=team,
        reference=reference,
        case_type=case_type,
        start_date=start_date,
        expected_end_date=expected_end_date,
        phase=phase,
        children=children,
    )
    _clean_save(case)
    if person is not None:
        _check_person(case, person)
        _clean_save(Assignment(case=case, person=person, start_date=start_date, share_percent=share_percent))
    return case


@transaction.atomic
def case_update(
    *, case: Case, case_type: CaseType, expected_end_date: dt.date | None, phase: str, children: int
) -> Case:
    if case_type.organisation_id != case.organisation_id:
        raise ValidationError({"case_type": _("This case type belongs to another organisation.")})
    case.case_type, case.expected_end_date, case.phase, case.children = case_type, expected_end_date, phase, children
    _clean_save(case)
    return case


@transaction.atomic
def case_close(*, case: Case, end_date: dt.date) -> Case:
    """End the case and every open assignment on ``end_date``."""
    if end_date < case.start_date:
        raise ValidationError({"end_date": _("The end date lies before the start date.")})
    open_assignments = case.assignments.filter(end_date__isnull=True)
    if open_assignments.filter(start_date__gt=end_date).exists():
        raise ValidationError({"end_date": _("The end date lies before the start of the current assignment.")})
    case.end_date = end_date
    _clean_save(case)
    open_assignments.update(end_date=end_date)
    return case


@transaction.atomic
def case_assign(
    *, case: Case, person: Person, start_date: dt.date, share_percent: int = 100, replace: bool = True
) -> Assignment:
    """Assign (a share of) the case from ``start_date``. With ``replace`` the current assignments end the day
    before (the case moves); without it the person shares the case."""
    _check_person(case, person)
    if case.end_date is not None:
        raise ValidationError({"start_date": _("This case has been closed.")})
    if start_date < case.start_date:
        raise ValidationError({"start_date": _("The assignment starts before the case.")})
    if replace:
        current = case.assignments.filter(end_date__isnull=True)
        if current.filter(start_date__gte=start_date).exists():
            raise ValidationError(
                {"start_date": _("The case can move only after the start of its current assignment.")}
            )
        current.update(end_date=start_date - dt.timedelta(days=1))
    assignment = Assignment(case=case, person=person, start_date=start_date, share_percent=share_percent)
    _clean_save(assignment)
    return assignment
