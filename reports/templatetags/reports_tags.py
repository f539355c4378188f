from __future__ import annotations

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def hidden_mark() -> SafeString:
    """The mark of a suppressed figure, spelled out for screen readers."""
    return format_html('<abbr title="{}">{}</abbr>', _("fewer than 3: hidden to protect individuals"), _("<3"))


@register.filter
def shown(value: float | int | None, digits: int = 1) -> str:
    """A figure, or the "<3" mark where it is suppressed because it would describe fewer than 3 people."""
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
