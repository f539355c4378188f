"""Writes for case types, norms, cases and assignments."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import override

from cases.defaults import DEFAULT_CASE_TYPES
from cases.models import CaseType, Norm
from organisations.models import Organisation


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
