"""The product's own Dutch error pages, and the vendor files collectstatic publishes.

400, 500 and the CSRF failure are rendered by Django without a request or context processors; these tests
run without database access (pytest-django refuses it), so a page that needed the database would fail here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.template import loader
from django.test import Client, override_settings
from django.urls import path
from django.utils import translation

from caseloadwijzer.vendor_static import VendorFileFinder, css_references


def crash(request):
    raise RuntimeError("a bug")


urlpatterns = [path("kapot/", crash)]


def test_the_500_page_renders_with_an_empty_context():
    with translation.override("nl"):
        html = loader.get_template("500.html").render()
    assert '<html lang="nl"' in html
    assert "<h1>Er ging iets mis</h1>" in html
    # Stylesheets by their plain names: no manifest lookup that could itself fail.
    assert 'href="/static/css/app.css"' in html
    assert 'href="/static/vendor/utrecht/index.css"' in html


@override_settings(ROOT_URLCONF=__name__)
def test_an_error_in_a_view_shows_the_dutch_500_page():
    response = Client(raise_request_exception=False).get("/kapot/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Er ging iets mis</h1>" in html
    assert "Er ging bij ons iets mis, niet bij jou." in html
    assert "a bug" not in html  # nothing of the error reaches the user


def test_the_500_page_speaks_english_when_english_is_active():
    with translation.override("en"):
        html = loader.get_template("500.html").render()
    assert '<html lang="en"' in html
    assert "<h1>Something went wrong</h1>" in html


@override_settings(ALLOWED_HOSTS=["testserver"])
def test_an_unknown_host_shows_the_dutch_400_page():
    response = Client().get("/", HTTP_HOST="caseloadwijzer.evil.example")
    assert response.status_code == 400
    assert "<h1>Dit verzoek kon niet worden verwerkt</h1>" in response.content.decode()


def test_a_form_without_csrf_token_shows_the_dutch_expired_form_page():
    response = Client(enforce_csrf_checks=True).post("/inloggen/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>Dit formulier is verlopen</h1>" in html
    assert "Er is niets opgeslagen." in html


def test_the_404_page_is_dutch(client, db):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "<h1>Pagina niet gevonden</h1>" in response.content.decode()


def test_only_the_listed_vendor_files_are_published():
    assert finders.find("vendor/utrecht-tokens/index.css")
    assert finders.find("vendor/htmx/htmx.min.js")
    # The stylesheet with references to icons the package does not ship (collectstatic failed on it).
    assert finders.find("vendor/utrecht-tokens/background-image-icon.css") is None
    assert VendorFileFinder().check() == []


def test_a_vendor_stylesheet_pointing_at_an_unlisted_file_fails_the_check(tmp_path: Path):
    css = tmp_path / "icons.css"
    css.write_text(
        '.a { background: url("./pijltje.svg"); } .b { background: url(data:image/svg+xml,abc); }'
        " .c { background: url('sprite.png#x'); } @import 'more.css';",
        encoding="utf-8",
    )
    assert css_references(css.read_text()) == ["./pijltje.svg", "sprite.png#x", "more.css"]
    (tmp_path / "sprite.png").write_bytes(b"png")
    files = {"vendor/x/icons.css": css, "vendor/x/sprite.png": tmp_path / "sprite.png"}
    with override_settings(VENDOR_STATIC_FILES=files):
        errors = VendorFileFinder().check()
    assert sorted(e.msg for e in errors) == [
        "vendor/x/icons.css refers to ./pijltje.svg, which is not in VENDOR_STATIC_FILES",
        "vendor/x/icons.css refers to more.css, which is not in VENDOR_STATIC_FILES",
    ]


@pytest.mark.parametrize("name", ["htmx.min.js", "missing.js"])
def test_a_missing_or_renamed_vendor_file_fails_the_check(tmp_path: Path, name: str):
    files = {"vendor/x/other.js": tmp_path / name}
    if name != "missing.js":
        (tmp_path / name).write_text("x")
    with override_settings(VENDOR_STATIC_FILES=files):
        ids = sorted(e.id for e in VendorFileFinder().check())
    assert ids == (["cw.E101", "cw.E102"] if name == "missing.js" else ["cw.E101"])
