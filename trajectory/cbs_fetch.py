"""The network side of the live CBS download: only https, only CBS's own hosts (``CBS_ALLOWED_HOSTS``).

Every address is checked before it is requested: the first page, each ``odata.nextLink`` that CBS sends back,
and each redirect. A link or redirect to another host, to plain http or to ``file://`` is refused before any
request goes out. The opener knows https and nothing else (no file, ftp or data handler).
"""

from __future__ import annotations

import urllib.request
from typing import IO, Any
from urllib.parse import urlsplit

from django.conf import settings


class CbsAddressRefused(Exception):
    """An address that is not https on one of CBS's own hosts."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


def check_url(url: object) -> str:
    """The address itself when it is https on an allowed host (default port, no user name); else refused."""
    if not isinstance(url, str):
        raise CbsAddressRefused(repr(url))
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise CbsAddressRefused(url) from None
    allowed = {host.lower() for host in settings.CBS_ALLOWED_HOSTS}
    if (
        parts.scheme != "https"
        or (parts.hostname or "").lower() not in allowed
        or parts.username is not None
        or port not in (None, 443)
    ):
        raise CbsAddressRefused(url)
    return url


class CbsOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to an address :func:`check_url` accepts; refuses it before requesting it."""

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
        check_url(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def opener() -> urllib.request.OpenerDirector:
    """An opener with https and CBS-only redirects, and no other scheme."""
    director = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.HTTPSHandler(),
        CbsOnlyRedirects(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
        urllib.request.UnknownHandler(),
    ):
        director.add_handler(handler)
    return director


def send(url: str, timeout: float) -> IO[bytes]:
    """The request itself (the tests replace this one function: they never reach the internet)."""
    return opener().open(url, timeout=timeout)


def open_url(url: str, timeout: float) -> IO[bytes]:
    """Open a CBS address, after checking it."""
    return send(check_url(url), timeout)
