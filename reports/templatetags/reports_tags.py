from __future__ import annotations

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from caseload_core.privacy import MIN_GROUP, SUPPRESSED_MARK

register = template.Library()


@register.simple_tag
def min_group() -> int:
    """The privacy threshold (``caseload_core.privacy.MIN_GROUP``), for the sentences that name it."""
    return MIN_GROUP


@register.simple_tag
def hidden_mark() -> SafeString:
    """The mark of a suppressed figure, spelled out for screen readers."""
    title = _("fewer than %(n)s: hidden to protect individuals") % {"n": MIN_GROUP}
    return format_html('<abbr title="{}">{}</abbr>', title, SUPPRESSED_MARK)


@register.filter
def shown(value: float | int | None, digits: int = 1) -> str:
    """A figure, or the suppression mark where it is hidden because it would describe fewer than
    ``MIN_GROUP`` people."""
    if value is None:
        return hidden_mark()
    return str(floatformat(value, digits))


@register.filter
def percent(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "—"
    return f"{floatformat(value * 100, digits)}%"


@register.filter
def signed_percent(value: float | None) -> str:
    if value is None:
        return "—"
    sign = "+" if value > 0 else ""
    return f"{sign}{floatformat(value * 100, 0)}%"
