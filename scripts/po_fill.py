"""Fill empty Dutch translations in .po files from a JSON glossary {english msgid: dutch msgstr}.

For plural entries the value is a list [singular, plural]. Existing translations are kept unless --force.
Usage: python scripts/po_fill.py GLOSSARY.json PO_FILE [PO_FILE ...] [--force]
Then compile: python manage.py compilemessages --ignore=node_modules --ignore=.venv
"""

from __future__ import annotations

import json
import sys

import polib


def main(argv: list[str]) -> int:
    force = "--force" in argv
    args = [a for a in argv if a != "--force"]
    with open(args[0], encoding="utf-8") as f:
        glossary = json.load(f)
    missing: list[str] = []
    for path in args[1:]:
        po = polib.pofile(path)
        for entry in po:
            if entry.obsolete:
                continue
            value = glossary.get(entry.msgid)
            if entry.msgid_plural:
                if value is not None and (force or not entry.translated()):
                    entry.msgstr_plural = {0: value[0], 1: value[1]}
            elif value is not None and (force or not entry.msgstr):
                entry.msgstr = value
            if "fuzzy" in entry.flags and value is not None:
                entry.flags.remove("fuzzy")
            if not entry.translated():
                missing.append(f"{path}: {entry.msgid!r}")
        po.save(path)
    for line in missing:
        print("untranslated:", line)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
