from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from accounts.access import get_access
from accounts.navigation import NAV_ITEMS


def navigation(request: HttpRequest) -> dict[str, Any]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"nav_items": [], "access": None}
    access = get_access(request)
    items = []
    for item in NAV_ITEMS:
        if item.capabilities and not any(access.can_anywhere(c) for c in item.capabilities):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        active = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"label": item.label, "url": url, "active": active})
    return {"nav_items": items, "access": access}
