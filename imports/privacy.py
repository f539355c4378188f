"""The privacy guard: a file with client names, addresses, birth dates or a BSN is refused before anything
of it is stored.

Columns are judged by their header; every cell is scanned for a nine-digit number that passes the BSN
11-check. Findings name the column and the row, never the value, so that they can be shown and logged
without repeating the personal data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from imports.fields import normalise_header
from imports.gcpause import without_gc

BSN_CANDIDATE = re.compile(
    r"(?<![0-9])([0-9]{9}|[0-9]{4}[. ][0-9]{2}[. ][0-9]{3}|[0-9]{3}[. ][0-9]{3}[. ][0-9]{3})(?![0-9])"
)

CLIENT_NAME = (
    "voornaam",
    "voornamen",
    "achternaam",
    "roepnaam",
    "tussenvoegsel",
    "geslachtsnaam",
    "naam client",
    "client naam",
    "clientnaam",
    "naam kind",
    "naam jeugdige",
    "naam ouder",
    "naam moeder",
    "naam vader",
    "naam gezin",
    "gezinsnaam",
    "first name",
    "firstname",
    "last name",
    "lastname",
    "surname",
    "family name",
    "given name",
    "client name",
    "child name",
    "initialen",
    "voorletters",
)
ADDRESS = (
    "adres",
    "straat",
    "straatnaam",
    "huisnummer",
    "postcode",
    "woonplaats",
    "address",
    "street",
    "zip",
    "zipcode",
    "postal code",
    "postcode woonplaats",
    "house number",
)
BIRTH = (
    "geboortedatum",
    "geb datum",
    "gebdatum",
    "geboren",
    "geboren op",
    "date of birth",
    "birth date",
    "birthdate",
    "dob",
    "birthday",
    "verjaardag",
)
BSN_HEADERS = ("bsn", "burgerservicenummer", "sofinummer", "sofi nummer", "social security number", "ssn")
BARE_NAME = ("naam", "name", "client", "clientnaam")


@dataclass(frozen=True)
class Finding:
    """Why a file is refused: ``kind`` is name/address/birth_date/bsn; ``row`` is None for a header."""

    kind: str
    column: str
    row: int | None


def is_valid_bsn(text: str) -> bool:
    """Nine digits (dots/spaces allowed) passing the 11-check: 9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 (mod 11)."""
    digits = [int(c) for c in text if c.isdigit()]
    if len(digits) != 9 or not any(digits):
        return False
    total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - digits[8]
    return total % 11 == 0


def _has_phrase(header: str, phrases: tuple[str, ...]) -> bool:
    padded = f" {header} "
    return any(f" {p} " in padded or (len(p) > 5 and p in header) for p in phrases)


def header_finding(header: str, kind: str) -> str | None:
    h = normalise_header(header)
    if not h:
        return None
    if _has_phrase(h, BSN_HEADERS):
        return "bsn"
    if _has_phrase(h, BIRTH):
        return "birth_date"
    if _has_phrase(h, ADDRESS):
        return "address"
    if _has_phrase(h, CLIENT_NAME) or (kind == "casussen" and h in BARE_NAME):
        return "name"
    return None


@without_gc
def check_privacy(headers: list[str], rows: list[list[str]], kind: str, limit: int = 50) -> list[Finding]:
    """At most ``limit`` findings: every refused column, then the cells holding a valid BSN."""
    findings = [Finding(k, h, None) for h in headers if (k := header_finding(h, kind))]
    search = BSN_CANDIDATE.search
    for number, row in enumerate(rows, start=2):
        for index, cell in enumerate(row):
            if len(cell) < 9 or search(cell) is None:
                continue
            if any(is_valid_bsn(m.group(1)) for m in BSN_CANDIDATE.finditer(cell)):
                column = headers[index] if index < len(headers) else str(index + 1)
                findings.append(Finding("bsn", column, number))
                if len(findings) >= limit:
                    return findings
    return findings
