"""The README's production steps, for real, in subprocesses: production settings, ``migrate``,
``collectstatic`` with the manifest storage, one login, gunicorn with ``gunicorn.conf.py`` on a free loopback
port; then pages through HTTP as a browser behind the TLS-terminating proxy sees them.

The database is a fresh SQLite file, or, when the suite runs on PostgreSQL (DATABASE_URL, see
scripts/with-postgres.sh), a fresh database on that server, dropped afterwards. The one login comes from the
demo data, loaded with the development settings (the demo is not for production settings).
"""

from __future__ import annotations

import json
import re
import runpy
import secrets
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from demo.context import DEMO_PASSWORD
from tests.servers import MANAGE, ROOT, Browser, free_port, fresh_database, gunicorn, log_tail, run, subprocess_env

STATIC_REF = re.compile(r"""(?:href|src)="(/static/[^"]+)\"""")
HASHED = re.compile(r"\.[0-9a-f]{12}\.(?:css|js|svg)$")


@dataclass
class Deployment:
    base_url: str
    static_root: Path
    log: Path

    def browser(self, **kwargs: bool) -> Browser:
        return Browser(self.base_url, **kwargs)

    def log_tail(self) -> str:
        return log_tail(self.log)


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    tmp = tmp_path_factory.mktemp("deploy")
    database_url, drop_database = fresh_database(tmp)
    port = free_port()
    env = subprocess_env(
        **{
            "DJANGO_SETTINGS_MODULE": "caseloadwijzer.conf.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": database_url,
            "STATIC_ROOT": str(tmp / "static"),
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": "1",
            "GUNICORN_THREADS": "2",
            "GUNICORN_TIMEOUT": "20",
        }
    )
    log = tmp / "gunicorn.log"
    try:
        run([*MANAGE, "check", "--deploy", "--fail-level", "WARNING"], env)
        # collectstatic touches only STATIC_ROOT, migrate and the demo only the database: side by side.
        with ThreadPoolExecutor(max_workers=1) as pool:
            collected = pool.submit(run, [*MANAGE, "collectstatic", "--noinput"], env)
            run([*MANAGE, "migrate", "--noinput"], env)
            run([*MANAGE, "load_demo", "--quiet-logins"], {**env, "DJANGO_SETTINGS_MODULE": "caseloadwijzer.conf.dev"})
            assert "static files copied" in collected.result()
        with gunicorn(env, log) as base_url:
            yield Deployment(base_url, tmp / "static", log)
    finally:
        drop_database()


def _static_refs(html: str) -> list[str]:
    refs = STATIC_REF.findall(html)
    assert refs, "the page names no static file"
    return refs


def _assert_served(deployment: Deployment, refs: list[str]) -> None:
    browser = deployment.browser()
    for ref in refs:
        assert HASHED.search(ref), f"{ref} is not a hashed (manifest) name"
        resp = browser.request(ref)
        assert resp.status == 200, f"{ref}: {resp.status}"
        assert "immutable" in resp.headers.get("Cache-Control", ""), ref
        assert resp.body, ref


def test_the_login_page_answers_with_hashed_static_files_that_are_served(deployment: Deployment):
    resp = deployment.browser().request("/inloggen/")
    assert resp.status == 200, deployment.log_tail()
    assert "Inloggen bij Caseloadwijzer" in resp.text
    refs = _static_refs(resp.text)
    assert any(re.fullmatch(r"/static/css/app\.[0-9a-f]{12}\.css", r) for r in refs), refs
    assert any(r.startswith("/static/favicon.") for r in refs), refs
    assert any(r.startswith("/static/vendor/utrecht-tokens/index.") for r in refs), refs
    assert any(r.startswith("/static/vendor/htmx/htmx.min.") for r in refs), refs
    _assert_served(deployment, refs)


def test_static_files_are_served_compressed(deployment: Deployment):
    login = deployment.browser().request("/inloggen/").text
    css = next(r for r in _static_refs(login) if r.startswith("/static/css/app."))
    resp = deployment.browser().request(css, headers={"Accept-Encoding": "gzip"})
    assert resp.status == 200
    assert resp.headers.get("Content-Encoding") == "gzip"
    assert resp.headers.get("Content-Type", "").startswith("text/css")


def test_logging_in_through_the_form_reaches_the_home_page(deployment: Deployment):
    browser = deployment.browser()
    form = browser.request("/inloggen/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    assert token, "the login form has no CSRF token"
    login = browser.request(
        "/inloggen/",
        data={"csrfmiddlewaretoken": token.group(1), "username": "teammanager.noord", "password": DEMO_PASSWORD},
    )
    assert login.status == 302, login.text[:2000]
    assert login.headers["Location"] == "/"
    session_cookie = next(c for c in browser.jar if c.name == "sessionid")
    assert session_cookie.secure, "production marks the session cookie Secure"

    home = browser.request("/")
    assert home.status == 200, deployment.log_tail()
    assert "Welkom, Peter" in home.text
    assert "Jeugdbescherming Veldstroom" in home.text
    assert "Strict-Transport-Security" in home.headers
    _assert_served(deployment, _static_refs(home.text))


def test_a_missing_url_shows_the_products_dutch_404_page(deployment: Deployment):
    resp = deployment.browser().request("/bestaat-niet/")
    assert resp.status == 404
    assert '<html lang="nl"' in resp.text
    assert "<h1>Pagina niet gevonden</h1>" in resp.text
    assert "Terug naar de startpagina" in resp.text
    assert "DEBUG" not in resp.text  # never Django's debug page
    _assert_served(deployment, _static_refs(resp.text))


def test_an_unknown_host_gets_the_dutch_400_page(deployment: Deployment):
    resp = deployment.browser().request("/", headers={"Host": "caseloadwijzer.evil.example"})
    assert resp.status == 400
    assert "<h1>Dit verzoek kon niet worden verwerkt</h1>" in resp.text
    # The 400 page names static files without the manifest; WhiteNoise serves those names too.
    browser = deployment.browser()
    for ref in _static_refs(resp.text):
        assert browser.request(ref).status == 200, ref


def test_a_form_sent_without_its_csrf_token_gets_the_dutch_expired_form_page(deployment: Deployment):
    resp = deployment.browser().request("/inloggen/", data={"username": "teammanager.noord", "password": "x"})
    assert resp.status == 403
    assert "<h1>Dit formulier is verlopen</h1>" in resp.text


def test_plain_http_is_redirected_to_https(deployment: Deployment):
    resp = deployment.browser(behind_tls_proxy=False).request("/inloggen/")
    assert resp.status == 301
    assert resp.headers["Location"] == deployment.base_url.replace("http://", "https://") + "/inloggen/"


def test_favicon_ico_is_served_at_the_root(deployment: Deployment):
    resp = deployment.browser().request("/favicon.ico")
    assert resp.status == 200
    assert resp.body[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert "icon" in resp.headers.get("Content-Type", "")


def test_every_static_file_a_template_names_was_collected(deployment: Deployment):
    manifest = json.loads((deployment.static_root / "staticfiles.json").read_text())["paths"]
    named = {
        m.group(1)
        for path in ROOT.glob("**/templates/**/*.html")
        if "node_modules" not in path.parts and ".venv" not in path.parts
        for m in re.finditer(r"""\{%\s*static\s+['"]([^'"]+)['"]""", path.read_text(encoding="utf-8"))
    }
    assert {"css/app.css", "favicon.svg", "vendor/htmx/htmx.min.js"} <= named
    assert sorted(named - manifest.keys()) == []
    # Only the vendor files pages load were published, not the rest of the npm packages.
    assert sorted(p for p in manifest if p.startswith("vendor/")) == [
        "vendor/htmx/htmx.min.js",
        "vendor/utrecht-tokens/index.css",
        "vendor/utrecht/index.css",
    ]


def test_gunicorn_conf_reads_its_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch):
    for name in ("GUNICORN_BIND", "GUNICORN_WORKERS", "GUNICORN_THREADS", "GUNICORN_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    defaults = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert (defaults["bind"], defaults["workers"], defaults["threads"], defaults["timeout"]) == (
        "127.0.0.1:8000",
        2,
        4,
        60,
    )
    assert defaults["wsgi_app"] == "caseloadwijzer.wsgi:application"
    assert (defaults["accesslog"], defaults["errorlog"]) == ("-", "-")  # stdout, stderr

    monkeypatch.setenv("GUNICORN_BIND", "0.0.0.0:9000")
    monkeypatch.setenv("GUNICORN_WORKERS", "5")
    monkeypatch.setenv("GUNICORN_THREADS", "8")
    monkeypatch.setenv("GUNICORN_TIMEOUT", "120")
    configured = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert (configured["bind"], configured["workers"], configured["threads"], configured["timeout"]) == (
        "0.0.0.0:9000",
        5,
        8,
        120,
    )
