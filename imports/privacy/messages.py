"""What a refusal says: where (sheet, row, column) and what kind of client data, never the value."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from imports.privacy.screen import Finding, Withheld, column_letter

COLUMN_TEXT: dict[str, str | Promise] = {
    "name": gettext_lazy("looks like client names"),
    "relation": gettext_lazy("names a client or a relative, and holds more than whole numbers"),
    "address": gettext_lazy("looks like addresses"),
    "birth_date": gettext_lazy("looks like dates of birth"),
    "contact": gettext_lazy("looks like phone numbers or e-mail addresses"),
    "bsn": gettext_lazy("looks like BSNs (citizen service numbers)"),
}
CELL_TEXT: dict[str, str | Promise] = {
    "bsn": gettext_lazy("holds a BSN (citizen service number)"),
    "bsn_short": gettext_lazy("holds a BSN without its leading zero (eight digits, as Excel writes it)"),
    "postcode": gettext_lazy("holds a postcode"),
    "street": gettext_lazy("holds a street name with a house number"),
    "birth_phrase": gettext_lazy("holds a date of birth"),
    "email": gettext_lazy("holds an e-mail address"),
    "phone": gettext_lazy("holds a phone number"),
    "name": gettext_lazy("labels a client's name"),
    "relation": gettext_lazy("labels a client or a relative"),
    "address": gettext_lazy("labels an address"),
    "birth_date": gettext_lazy("labels a date of birth"),
    "contact": gettext_lazy("labels a phone number or an e-mail address"),
}
WHOLE_TEXT: dict[str, str | Promise] = {
    "filename": gettext_lazy("The file name holds a BSN or other client data"),
    "sheet_name": gettext_lazy("The name of sheet %(number)s holds a BSN or other client data"),
}


def _column(name: str, number: int) -> str:
    letter = column_letter(number)
    if name:
        return _("column “%(name)s” (%(letter)s)") % {"name": name, "letter": letter}
    return _("column %(letter)s") % {"letter": letter}


def where(finding: Finding) -> str:
    parts: list[str] = []
    if finding.sheet:
        parts.append(_("sheet “%(sheet)s”") % {"sheet": finding.sheet})
    elif finding.sheet_number:
        parts.append(_("sheet %(number)s") % {"number": finding.sheet_number})
    parts.append(_column(finding.column, finding.number))
    if finding.row is not None:
        parts.append(_("row %(row)s") % {"row": finding.row})
    text = ", ".join(parts)
    return text[:1].upper() + text[1:]


def finding_text(finding: Finding) -> str:
    """One sentence, e.g. ``Blad “Cliënten”, kolom “Opmerking” (H), rij 4: bevat een postcode.``"""
    if finding.kind in WHOLE_TEXT:
        return f"{WHOLE_TEXT[finding.kind] % {'number': finding.sheet_number}}."
    table = COLUMN_TEXT if finding.row is None else CELL_TEXT
    return f"{where(finding)}: {table.get(finding.kind, finding.kind)}."


def withheld_columns(options: dict[str, Any], headers: list[str]) -> list[dict[str, str]]:
    """The first sheet's columns that were not kept (see ``stored``), for the mapping page."""
    out = []
    for item in options.get("withheld", []):
        w = Withheld(int(item["index"]), "", str(item["reason"]))
        name = headers[w.index] if w.index < len(headers) else ""
        reason = _("free text") if w.reason == "free_text" else _("no column name")
        column = _column(name, w.index + 1)
        out.append({"column": column[:1].upper() + column[1:], "name": name, "reason": reason})
    return out
