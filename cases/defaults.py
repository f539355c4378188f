"""Default case types and norms from the CAO Jeugdzorg (per 36-hour FTE)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

CAO_SOURCE = "CAO Jeugdzorg"


@dataclass(frozen=True)
class DefaultCaseType:
    code: str
    name: str | Promise
    per_fte: Decimal | None
    first_year_per_fte: Decimal | None = None
    source: str = CAO_SOURCE


DEFAULT_CASE_TYPES: tuple[DefaultCaseType, ...] = (
    DefaultCaseType("ots", _("Family supervision order (OTS)"), Decimal("21"), Decimal("16")),
    DefaultCaseType("voogdij", _("Guardianship (voogdij)"), Decimal("28")),
    DefaultCaseType("ambulant", _("Other ambulant care"), Decimal("28")),
    DefaultCaseType("gezin", _("Family (neighbourhood team)"), None, None, ""),
)
