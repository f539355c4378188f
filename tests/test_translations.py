"""Dutch comes first: every translatable string has a Dutch translation, compiled into the .mo file."""

from __future__ import annotations

import re
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


def test_a_string_has_one_dutch_translation_across_apps():
    """Django merges every app's catalogue: the same English text with two Dutch translations means one app
    silently shows the other's. Use a different msgid or a context (pgettext) where the meaning differs."""
    seen: dict[tuple[str | None, str], dict[str, str]] = {}
    for po_path in PO_FILES:
        for e in polib.pofile(str(po_path)):
            if not e.obsolete and e.translated():
                seen.setdefault((e.msgctxt, e.msgid), {})[po_path.parts[-5]] = e.msgstr or str(e.msgstr_plural)
    apps_seen = {app for translations in seen.values() for app in translations}
    assert len(apps_seen) == len(PO_FILES), "each catalogue must count as its own app, or no clash can show"
    clashes = {k[1]: v for k, v in seen.items() if len(set(v.values())) > 1}
    assert not clashes, clashes


@pytest.mark.parametrize("po_path", PO_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_translation_is_left_from_an_unreviewed_fuzzy_match(po_path):
    """makemessages guesses a translation from a similar string and marks it fuzzy with the old msgid
    (#|). Someone must read it: a reviewed entry has neither the flag nor the old msgid."""
    leftovers = [e.msgid for e in polib.pofile(str(po_path)) if e.previous_msgid and not e.obsolete]
    assert not leftovers, f"{po_path}: review these translations: {leftovers}"


FORMAL = re.compile(r"\b(?:[Uu]|[Uu]w|[Uu]zelf)\b")
PLACEHOLDER = re.compile(r"%\([^)]*\)[sdfi]|\{\{[^}]*\}\}|\{[^}]*\}")


def _formal_words(text: str) -> list[str]:
    return FORMAL.findall(PLACEHOLDER.sub("", text))


def test_the_dutch_says_je_not_u():
    """One form of address everywhere: the interface and the user guide say "je", never "u" or "uw"."""
    found = []
    for po_path in PO_FILES:
        for e in polib.pofile(str(po_path)):
            for text in (e.msgstr, *e.msgstr_plural.values()):
                if _formal_words(text):
                    found.append(f"{po_path.relative_to(ROOT)}: {e.msgid[:50]}")
    for md in [ROOT / "docs" / "gebruikershandleiding.md", *sorted((ROOT / "docs" / "handleiding").glob("*.md"))]:
        for number, line in enumerate(md.read_text(encoding="utf-8").splitlines(), start=1):
            if _formal_words(line):
                found.append(f"{md.relative_to(ROOT)}:{number}")
    assert not found, found[:10]


def test_the_form_of_address_check_sees_u_but_not_placeholders():
    assert _formal_words("Kunt u uw team kiezen?") == ["u", "uw"]
    assert _formal_words("%(u)s uur, {{ u }} en {u}") == []
