"""Django merges every app's catalogue and the first app wins a shared msgid: our Dutch must be the one shown."""

from __future__ import annotations

from pathlib import Path

import polib
from django.utils import translation

PO = Path(__file__).resolve().parents[1] / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def test_no_other_app_overrides_our_dutch():
    po = polib.pofile(str(PO))
    with translation.override("nl"):
        clashes = {
            e.msgid: translation.gettext(e.msgid)
            for e in po
            if not e.msgid_plural and translation.gettext(e.msgid) != e.msgstr
        }
    assert not clashes
