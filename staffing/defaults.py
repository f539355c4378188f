"""Default reduction reasons. Organisations edit labels, defaults and maxima."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

DEFAULT_REDUCTION_REASONS = (
    ("verzuim", _("Sick leave (verzuim)"), 100, 100),
    ("verlof", _("Leave (verlof)"), 100, 100),
    ("zwangerschapsverlof", _("Maternity leave"), 100, 100),
    ("scholing", _("Training (scholing)"), 10, 50),
    ("or_werk", _("Works council work"), 10, 50),
    ("extra_taken", _("Extra tasks"), 10, 50),
    ("nieuwe_medewerker", _("New employee (ramp-up)"), 50, 75),
)
"""(code, label, default %, maximum %). A new employee carries 50% of a caseload in the first three
months and 75% up to six: reductions of 50% and then 25%."""
