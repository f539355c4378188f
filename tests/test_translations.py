"""Dutch comes first: every translatable string has a Dutch translation, compiled into the .mo file."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
PO_FILES = sorted(
    p
    for p in ROOT.glob("**/locale/nl/LC_MESSAGES/django.po")
    if "node_modules" not in p.parts and ".venv" not in p.parts
)


def test_there_are_dutch_catalogues():
    assert len(PO_FILES) >= 3


@pytest.mark.parametrize("po_path", PO_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_string_has_a_dutch_translation(po_path):
    po = polib.pofile(str(po_path))
    missing = [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    assert not missing, f"{po_path}: untranslated or fuzzy: {missing[:10]}"


@pytest.mark.parametrize("po_path", PO_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_compiled_catalogue_is_up_to_date(po_path):
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} missing: run `make messages`"
    po = {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(e.msgstr_plural.values()))
        for e in polib.pofile(str(po_path))
        if e.translated() and not e.obsolete
    }
    mo = {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(e.msgstr_plural.values())) for e in polib.mofile(str(mo_path)) if e.msgid
    }
    assert po == mo, f"{mo_path} is stale: run `make messages`"
