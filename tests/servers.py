"""Helpers for tests that run the product for real in subprocesses: ``manage.py`` commands, gunicorn on a free
loopback port, and HTTP with cookies as a browser behind the TLS-terminating proxy sends it.

Used by tests/test_production_deploy.py and tests/test_sqlite_concurrency.py.
"""

from __future__ import annotations

import http.cookiejar
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
MANAGE = [sys.executable, "manage.py"]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fresh_database(tmp: Path) -> tuple[str, Callable[[], None]]:
    """A DATABASE_URL nobody else uses, and how to remove it: a new SQLite file, or, when the suite runs on
    PostgreSQL (DATABASE_URL), a new database on that server."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{tmp / 'db.sqlite3'}", lambda: None
    import psycopg
    from psycopg import sql

    name = f"cw_deploy_{secrets.token_hex(4)}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    def drop() -> None:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    return urlsplit(url)._replace(path=f"/{name}").geturl(), drop


def subprocess_env(**overrides: str) -> dict[str, str]:
    """This process's environment without the test-only async switch (see conftest.py), plus ``overrides``."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(overrides)
    return env


def manage(args: list[str], env: dict[str, str], *, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``manage.py ARGS`` in a subprocess with ``env``; the caller asserts on its exit code and output."""
    return subprocess.run(
        [*MANAGE, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def run(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0, f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@dataclass
class Browser:
    """HTTP with cookies, as a browser sees the site behind the proxy that terminates TLS: the proxy adds
    X-Forwarded-Proto: https, and the browser sends the Secure cookies back (it is on https)."""

    base_url: str
    behind_tls_proxy: bool = True
    jar: http.cookiejar.CookieJar = field(
        default_factory=lambda: http.cookiejar.CookieJar(
            http.cookiejar.DefaultCookiePolicy(secure_protocols=("https", "wss", "http"))
        )
    )

    def request(self, path: str, data: dict[str, str] | None = None, headers: dict[str, str] | None = None) -> Response:
        all_headers = {"X-Forwarded-Proto": "https"} if self.behind_tls_proxy else {}
        all_headers.update(headers or {})
        body = urlencode(data).encode() if data is not None else None
        if body is not None:
            all_headers["Origin"] = self.base_url.replace("http://", "https://")
        req = urllib.request.Request(self.base_url + path, data=body, headers=all_headers)
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)
        try:
            with opener.open(req, timeout=30) as resp:
                return Response(resp.status, dict(resp.headers.items()), resp.read())
        except urllib.error.HTTPError as err:
            return Response(err.code, dict(err.headers.items()), err.read())


def log_tail(log: Path) -> str:
    return log.read_text(errors="replace")[-3000:]


@contextmanager
def gunicorn(env: dict[str, str], log: Path, *, startup_seconds: float = 30) -> Iterator[str]:
    """gunicorn with ``gunicorn.conf.py`` and ``env`` (GUNICORN_BIND must name a loopback port), its output to
    ``log``; yields the base URL once /healthz/ answers 200, and stops the server afterwards."""
    base_url = "http://" + env["GUNICORN_BIND"]
    with log.open("wb") as out:
        server = subprocess.Popen(
            [str(GUNICORN), "--config", "gunicorn.conf.py"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + startup_seconds
        while True:
            if server.poll() is not None:
                pytest.fail(f"gunicorn exited with {server.returncode}:\n{log_tail(log)}")
            try:
                if Browser(base_url).request("/healthz/").status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not answer /healthz/ within {startup_seconds:.0f} s:\n{log_tail(log)}")
            time.sleep(0.1)
        yield base_url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
