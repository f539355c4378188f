"""The few files of npm packages that pages load, served under ``vendor/`` (setting ``VENDOR_STATIC_FILES``).

Why not whole ``dist/`` folders in STATICFILES_DIRS: ``collectstatic`` with the manifest storage rewrites every
``url()`` in every CSS file it collects, and aborts on a reference to a file that is not there.
``@utrecht/design-tokens`` ships CSS (``background-image-icon.css``) that points at icons the package does not
contain (``pijltje.svg`` and others), so collecting its ``dist/`` fails, and 15 MB of files no page uses would be
published. Listing the files keeps the static root to what the templates name, and the check below keeps
the list complete: every relative ``url()``/``@import`` of a listed CSS file must itself be listed.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import utils
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import CheckMessage, Error
from django.core.files.storage import FileSystemStorage

CSS_REFERENCE = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")


def vendor_files() -> dict[str, Path]:
    """Static path (``vendor/htmx/htmx.min.js``) → file in node_modules."""
    return {name: Path(path) for name, path in getattr(settings, "VENDOR_STATIC_FILES", {}).items()}


def css_references(css: str) -> list[str]:
    """Relative file references in a stylesheet (data: URIs, absolute URLs and fragments left out)."""
    found = [m.group(1) or m.group(2) for m in CSS_REFERENCE.finditer(css)]
    return [ref for ref in found if not re.match(r"^(?:[a-z][a-z0-9+.-]*:|/|#)", ref, re.IGNORECASE)]


class VendorFileFinder(BaseFinder):
    """Finds exactly the files named in ``VENDOR_STATIC_FILES``, nothing else of their packages."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.files = vendor_files()
        self.storages: dict[str, FileSystemStorage] = {}
        for name, path in self.files.items():
            storage = FileSystemStorage(location=path.parent)
            storage.prefix = posixpath.dirname(name)  # type: ignore[attr-defined]
            self.storages[name] = storage
        super().__init__(*args, **kwargs)

    def check(self, **kwargs: Any) -> list[CheckMessage]:
        errors: list[CheckMessage] = []
        for name, path in self.files.items():
            if posixpath.basename(name) != path.name:
                errors.append(Error(f"VENDOR_STATIC_FILES: {name} must keep the file name {path.name}", id="cw.E101"))
            if not path.is_file():
                errors.append(Error(f"{path} is missing", hint="Run `npm ci` (or `make setup`).", id="cw.E102"))
                continue
            if path.suffix == ".css":
                for ref in css_references(path.read_text(encoding="utf-8")):
                    target = posixpath.normpath(posixpath.join(posixpath.dirname(name), re.split(r"[?#]", ref)[0]))
                    if target not in self.files:
                        errors.append(
                            Error(
                                f"{name} refers to {ref}, which is not in VENDOR_STATIC_FILES",
                                hint="collectstatic would fail on it: add the file, or leave the stylesheet out.",
                                id="cw.E103",
                            )
                        )
        return errors

    def find(self, path: str, find_all: bool = False) -> Any:
        match = self.files.get(path)
        if match is None or not match.is_file():
            return []
        return [str(match)] if find_all else str(match)

    def list(self, ignore_patterns: Iterable[str] | None) -> Iterator[tuple[str, FileSystemStorage]]:
        for name, path in self.files.items():
            if path.is_file() and not utils.matches_patterns(path.name, ignore_patterns or ()):
                yield path.name, self.storages[name]
