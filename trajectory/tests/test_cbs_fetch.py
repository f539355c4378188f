"""The live CBS download only reaches CBS's own https hosts: links and redirects elsewhere are refused before
any request goes out. No test here reaches the internet: the one function that sends (cbs_fetch.send) is
replaced where an allowed address would be fetched, and records what would have been requested."""

from __future__ import annotations

import datetime as dt
import io
import json
import urllib.error
import urllib.request

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import translation

from organisations.models import Team
from trajectory import cbs_fetch, services

FIRST = "https://opendata.cbs.nl/ODataApi/odata/85098NED/TypedDataSet"


@pytest.mark.parametrize(
    "url",
    [
        "https://opendata.cbs.nl/ODataApi/odata/85098NED/TypedDataSet",
        "https://datasets.cbs.nl/odata/v1/CBS/85098NED/Observations?$skip=10000",
        "https://OPENDATA.cbs.nl:443/ODataApi/odata/85098NED/TypedDataSet",
    ],
)
def test_cbs_own_https_addresses_are_accepted(url):
    assert cbs_fetch.check_url(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "http://opendata.cbs.nl/ODataApi/odata/85098NED/TypedDataSet",  # plain http
        "file:///etc/passwd",
        "ftp://opendata.cbs.nl/x",
        "https://opendata.cbs.nl.evil.example/ODataApi/odata/85098NED/TypedDataSet",
        "https://evil.example/?host=opendata.cbs.nl",
        "https://127.0.0.1/",
        "https://opendata.cbs.nl@evil.example/",
        "https://user@opendata.cbs.nl/",
        "https://opendata.cbs.nl:8443/",
        "https://opendata.cbs.nl:notaport/",
        "//opendata.cbs.nl/ODataApi",
        "",
        None,
        42,
    ],
)
def test_other_addresses_are_refused(url):
    with pytest.raises(cbs_fetch.CbsAddressRefused):
        cbs_fetch.check_url(url)


def test_the_allowed_hosts_are_a_setting():
    with override_settings(CBS_ALLOWED_HOSTS=["opendata.cbs.nl"]), pytest.raises(cbs_fetch.CbsAddressRefused):
        cbs_fetch.check_url("https://datasets.cbs.nl/odata/v1/CBS/85098NED")
    with override_settings(CBS_ALLOWED_HOSTS=["statline.example"]):
        assert cbs_fetch.check_url("https://statline.example/x") == "https://statline.example/x"


def test_a_redirect_is_followed_only_to_an_allowed_address():
    handler = cbs_fetch.CbsOnlyRedirects()
    request = urllib.request.Request(FIRST)
    followed = handler.redirect_request(request, None, 302, "Found", {}, FIRST + "?$skip=1")
    assert followed.full_url == FIRST + "?$skip=1"
    for elsewhere in ("https://evil.example/data", "http://opendata.cbs.nl/x", "file:///etc/passwd"):
        with pytest.raises(cbs_fetch.CbsAddressRefused):
            handler.redirect_request(request, None, 302, "Found", {}, elsewhere)


def test_the_opener_knows_https_only_and_uses_the_cbs_only_redirects():
    opener = cbs_fetch.opener()
    assert any(isinstance(h, cbs_fetch.CbsOnlyRedirects) for h in opener.handlers)
    assert not any(isinstance(h, urllib.request.FileHandler | urllib.request.FTPHandler) for h in opener.handlers)
    # even past the check, the opener itself cannot read a local file
    with pytest.raises(urllib.error.URLError, match="unknown url type"):
        opener.open("file:///etc/passwd", timeout=1)


@pytest.fixture
def trajectory(db):
    team = Team.objects.get(organisation__slug="veldstroom", name="Team Noord")
    t = services.trajectory_create(team=team, title="Testtraject CBS-adressen", start_date=dt.date(2027, 1, 4))
    services.trajectory_update(trajectory=t, area_codes="GM0034")
    return t


def _cbs_pages(monkeypatch, pages):
    requested: list[str] = []

    def send(url, timeout):
        requested.append(url)
        return io.BytesIO(json.dumps(pages[url]).encode())

    monkeypatch.setattr(cbs_fetch, "send", send)
    return requested


@pytest.mark.parametrize(
    "next_link",
    [
        "file:///etc/passwd",
        "http://opendata.cbs.nl/ODataApi/odata/85098NED/TypedDataSet?$skip=1",
        "https://evil.example/ODataApi/odata/85098NED/TypedDataSet?$skip=1",
        "https://169.254.169.254/latest/meta-data/",
    ],
)
def test_a_next_link_outside_cbs_is_refused_before_it_is_requested(trajectory, monkeypatch, next_link):
    row = {"ID": 0, "RegioS": "GM0034    ", "Perioden": "2024JJ00", "JongerenMetJeugdhulpInNatura_1": 6500}
    requested = _cbs_pages(monkeypatch, {FIRST: {"value": [row], "odata.nextLink": next_link}})
    with translation.override("nl"), pytest.raises(ValidationError) as caught:
        services.cbs_download(trajectory=trajectory, table_id="85098NED")
    assert requested == [FIRST]
    with translation.override("nl"):  # the message is lazy: read it in Dutch, whatever an earlier test left active
        assert "buiten de eigen https-sites van het CBS" in str(caught.value.message_dict["table_id"][0])
    assert not trajectory.figures.exists()


def test_a_next_link_on_cbs_is_followed(trajectory, monkeypatch):
    row = {"ID": 0, "RegioS": "NL01      ", "Perioden": "2024JJ00", "JongerenMetJeugdhulpInNatura_1": 450000}
    second = {"ID": 1, "RegioS": "GM0034    ", "Perioden": "2024JJ00", "JongerenMetJeugdhulpInNatura_1": 6500}
    requested = _cbs_pages(
        monkeypatch,
        {FIRST: {"value": [row], "odata.nextLink": FIRST + "?$skip=1"}, FIRST + "?$skip=1": {"value": [second]}},
    )
    (figure,) = services.cbs_download(trajectory=trajectory, table_id="85098NED")
    assert requested == [FIRST, FIRST + "?$skip=1"]
    assert figure.area_value == 6500
