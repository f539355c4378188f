"""``{% download_query "xlsx" table %}``: the page's own query (period, filters) plus the download format."""

from __future__ import annotations

from typing import Any

from django import template

from exports.tables import FORMAT_PARAMETER

register = template.Library()
TABLE_PARAMETER = "tabel"
DROPPED = (FORMAT_PARAMETER, TABLE_PARAMETER, "part", "page")


@register.simple_tag(takes_context=True)
def download_query(context: dict[str, Any], fmt: str, table: str = "") -> str:
    request = context.get("request")
    params = request.GET.copy() if request is not None else None
    if params is None:
        from django.http import QueryDict

        params = QueryDict(mutable=True)
    for key in DROPPED:
        params.pop(key, None)
    params[FORMAT_PARAMETER] = fmt
    if table:
        params[TABLE_PARAMETER] = table
    return "?" + params.urlencode()
