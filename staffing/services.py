"""Writes for the formation: reduction reasons, reductions, contract periods, vacancies."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import override

from organisations.models import Organisation
from staffing.defaults import DEFAULT_REDUCTION_REASONS
from staffing.models import ReductionReason


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
