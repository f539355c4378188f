"""Browser fixtures: Debian's Chromium driven by Playwright, and axe-core for WCAG 2.1 AA."""

from __future__ import annotations

import functools
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_LOG = ROOT / ".axe-report.jsonl"


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail("Chromium is not installed: run `make test`, which installs Debian's chromium")
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class PageErrors(list[str]):
    """Console errors and CSP violations seen on a page; a test fails if any remain."""


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    errors = PageErrors()
    pg.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.errors = errors
    yield pg
    context.close()
    assert not [e for e in errors if "Content Security Policy" in e], f"CSP violations: {errors}"


@pytest.fixture
def mobile_page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(
        locale="nl-NL", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    pg = context.new_page()
    yield pg
    context.close()


def browser_login(page: Any, base_url: str, username: str, password: str | None = None) -> None:
    """Log in through the real login form."""
    from demo.context import DEMO_PASSWORD

    page.goto(f"{base_url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password or DEMO_PASSWORD)
    # Waits for the page the form leads to (the start page, or the form again with an error) to have loaded;
    # no page loads content by itself after that, so waiting for the network to be idle (500 ms) buys nothing.
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()


@functools.cache
def _axe_source() -> str:
    return AXE_JS.read_text()


def _log_check(url: str, violations: int) -> None:
    """One line per check in .axe-report.jsonl (scripts/axe_summary.py reads it). pytest-xdist workers append
    to the same file at once: one write() of a short line on a file opened with O_APPEND never interleaves."""
    line = (json.dumps({"url": url, "violations": violations}) + "\n").encode()
    fd = os.open(AXE_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)


def assert_accessible(page: Any, context: str = "") -> None:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on the current page; fail on any violation."""
    page.evaluate(_axe_source())
    # resultTypes: only the violations are reported in full (every rule still runs on every node); passes and
    # the rest are cut to one node each, which saves axe half its time on long pages and the transfer here.
    violations = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
        ".then(result => result.violations)",
        WCAG_TAGS,
    )
    _log_check(page.url, len(violations))
    if violations:
        lines = [f"axe-core found {len(violations)} WCAG 2.1 AA violation(s) on {page.url} {context}:"]
        for v in violations:
            targets = ", ".join(" ".join(n["target"]) for n in v["nodes"][:5])
            lines.append(f"  - {v['id']} ({v['impact']}): {v['help']} → {targets}")
        pytest.fail("\n".join(lines))
