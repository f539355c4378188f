"""Writes for the formation: reduction reasons, reductions, contract periods, vacancies."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from caseloadwijzer import clock
from organisations.models import Organisation, Person, Team
from staffing.defaults import DEFAULT_REDUCTION_REASONS
from staffing.models import ContractPeriod, Reduction, ReductionReason, Vacancy


@transaction.atomic
def reduction_reasons_install_defaults(*, organisation: Organisation) -> list[ReductionReason]:
    """The default reasons (verzuim, verlof, …) for an organisation; existing ones are left as they are."""
    reasons = []
    for code, label, default_percent, max_percent in DEFAULT_REDUCTION_REASONS:
        with override("nl"):
            text = str(label)
        reason, _created = ReductionReason.objects.get_or_create(
            organisation=organisation,
            code=code,
            defaults={"label": text, "default_percent": default_percent, "max_percent": max_percent},
        )
        reasons.append(reason)
    return reasons


def _clean_save(instance: models.Model) -> None:
    instance.full_clean()
    instance.save()


@transaction.atomic
def reduction_add(
    *,
    person: Person,
    reason: ReductionReason,
    percent: int | None,
    start_date: dt.date,
    end_date: dt.date | None = None,
    note: str = "",
) -> Reduction:
    """A reduction of a person's deployable hours, within the reason's maximum; no percentage means the
    reason's default."""
    if percent is None:
        percent = reason.default_percent
    if reason.organisation_id != person.organisation_id:
        raise ValidationError({"reason": _("This reason belongs to another organisation.")})
    if percent > reason.max_percent:
        raise ValidationError(
            {"percent": _("At most %(max)s%% for %(reason)s.") % {"max": reason.max_percent, "reason": reason.label}}
        )
    if end_date is not None and end_date < start_date:
        raise ValidationError({"end_date": _("The end date lies before the start date.")})
    reduction = Reduction(
        person=person, reason=reason, percent=percent, start_date=start_date, end_date=end_date, note=note
    )
    _clean_save(reduction)
    return reduction


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


NEW_EMPLOYEE_RAMP = ((3, 50), (6, 25))
"""(until month, reduction %): 50% caseload in the first three months, 75% up to six."""


@transaction.atomic
def new_employee_ramp(*, person: Person, start_date: dt.date) -> list[Reduction]:
    """The 'nieuwe medewerker' reductions: 50% for the first three months, 25% up to six months."""
    reason = ReductionReason.objects.filter(organisation=person.organisation, code="nieuwe_medewerker").first()
    if reason is None:
        raise ValidationError(_("The reduction reason 'new employee' does not exist in this organisation."))
    out, begin = [], start_date
    for months, percent in NEW_EMPLOYEE_RAMP:
        until = _add_months(start_date, months) - dt.timedelta(days=1)
        reduction = Reduction(
            person=person,
            reason=reason,
            percent=min(percent, reason.max_percent),
            start_date=begin,
            end_date=until,
            note=_("Ramp-up of a new employee"),
        )
        _clean_save(reduction)
        out.append(reduction)
        begin = until + dt.timedelta(days=1)
    return out


@transaction.atomic
def reduction_end(*, reduction: Reduction, end_date: dt.date) -> Reduction:
    if end_date < reduction.start_date:
        raise ValidationError({"end_date": _("The end date lies before the start date.")})
    reduction.end_date = end_date
    _clean_save(reduction)
    return reduction


@transaction.atomic
def reduction_reason_update(
    *, reason: ReductionReason, label: str, default_percent: int, max_percent: int
) -> ReductionReason:
    if default_percent > max_percent:
        raise ValidationError({"default_percent": _("The default may not exceed the maximum.")})
    reason.label, reason.default_percent, reason.max_percent = label, default_percent, max_percent
    _clean_save(reason)
    return reason


@transaction.atomic
def contract_change(*, person: Person, valid_from: dt.date, hours: Decimal) -> ContractPeriod:
    """New contract hours from ``valid_from``; the weeks before keep the hours they had."""
    if valid_from < person.start_date:
        raise ValidationError({"valid_from": _("The change lies before the person's start date.")})
    period, _created = ContractPeriod.objects.update_or_create(
        person=person, valid_from=valid_from, defaults={"hours": hours}
    )
    period.full_clean()
    latest = ContractPeriod.objects.filter(person=person).order_by("-valid_from").first()
    if latest is not None and latest.valid_from <= clock.today():
        Person.objects.filter(pk=person.pk).update(contract_hours=latest.hours)
    return period


@transaction.atomic
def vacancy_create(
    *, team: Team, fte: Decimal, start_date: dt.date, end_date: dt.date | None = None, note: str = ""
) -> Vacancy:
    if end_date is not None and end_date < start_date:
        raise ValidationError({"end_date": _("The end date lies before the start date.")})
    vacancy = Vacancy(team=team, fte=fte, start_date=start_date, end_date=end_date, note=note)
    _clean_save(vacancy)
    return vacancy


@transaction.atomic
def vacancy_fill(*, vacancy: Vacancy, end_date: dt.date) -> Vacancy:
    if end_date < vacancy.start_date:
        raise ValidationError({"end_date": _("The date lies before the vacancy opened.")})
    vacancy.end_date = end_date
    _clean_save(vacancy)
    return vacancy
