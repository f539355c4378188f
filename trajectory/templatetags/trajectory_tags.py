from __future__ import annotations

from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def percent(value: Decimal | float | None, places: int = 1) -> str:
    """0.0596 → "6,0%" (localised); empty for None."""
    if value is None:
        return ""
    return f"{floatformat(float(value) * 100, places)}%"


@register.filter
def function_label(value: str) -> str:
    """A function's name in the user's language; empty means every function."""
    from trajectory.exporting import function_label as label

    return label(value)
