"""The product's 'today'.

Every view, service and command asks here, never ``date.today()``: the date is taken in the product's time
zone (Europe/Amsterdam, not the server's), and tests pin it with the setting ``CASELOADWIJZER_TODAY`` so that
figures computed from the demo data do not drift as the calendar moves on.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone


def today() -> dt.date:
    pinned = getattr(settings, "CASELOADWIJZER_TODAY", None)
    if pinned:
        return dt.date.fromisoformat(str(pinned))
    return timezone.localdate()
