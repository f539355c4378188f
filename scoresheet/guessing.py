"""A cheap brake on guessing round codes at the public join page.

Only failed look-ups count (an unknown code, a round in preparation or of another organisation, a closed
round); a code of the wrong length is refused before any look-up and does not count. Two counters over a
window of ten minutes:

- per browser session, kept in the session itself (``JOIN_LIMIT_PER_SESSION``);
- per client address, in Django's cache (``JOIN_LIMIT_PER_ADDRESS``), with the address as the login
  lock-out (django-axes) sees it. It is higher, because a meeting room often shares one address.

Once a counter is full, every look-up of a code is refused until the window has passed, except a code
this session already joined (a participant sending their answers is never blocked by a guesser on the
same network). Neither counter stores who is guessing beyond the window; the address is hashed in the cache
key. A fuller design (a shared cache across workers, longer back-off) is left for later: with the default
local-memory cache each worker process counts on its own.
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache
from django.http import HttpRequest

JOIN_LIMIT_WINDOW = 600
"""Seconds a failed look-up is remembered."""
JOIN_LIMIT_PER_SESSION = 10
JOIN_LIMIT_PER_ADDRESS = 30
SESSION_FAILURES = "scoresheet_failed_codes"
SESSION_JOINED = "scoresheet_joined_codes"


def _address_key(request: HttpRequest) -> str | None:
    from axes.helpers import get_client_ip_address  # type: ignore[import-untyped,unused-ignore]

    address = get_client_ip_address(request)
    if not address:
        return None
    return "scoresheet:failed-codes:" + hashlib.sha256(address.encode()).hexdigest()[:32]


def _session_failures(request: HttpRequest) -> list[float]:
    now = time.time()
    return [t for t in request.session.get(SESSION_FAILURES, []) if now - t < JOIN_LIMIT_WINDOW]


def blocked(request: HttpRequest, code: str) -> bool:
    """Too many failed look-ups from this session or address (a code already joined here always passes)."""
    if code in request.session.get(SESSION_JOINED, []):
        return False
    if len(_session_failures(request)) >= JOIN_LIMIT_PER_SESSION:
        return True
    key = _address_key(request)
    return key is not None and int(cache.get(key, 0)) >= JOIN_LIMIT_PER_ADDRESS


def record_failure(request: HttpRequest) -> None:
    request.session[SESSION_FAILURES] = [*_session_failures(request), time.time()]
    key = _address_key(request)
    if key is None:
        return
    if not cache.add(key, 1, timeout=JOIN_LIMIT_WINDOW):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=JOIN_LIMIT_WINDOW)


def remember_joined(request: HttpRequest, code: str) -> None:
    joined = request.session.get(SESSION_JOINED, [])
    if code not in joined:
        request.session[SESSION_JOINED] = [*joined, code][-20:]
