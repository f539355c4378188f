"""The privacy guard: a file with client names, addresses, birth dates or a BSN is refused before anything
of it is stored.

Columns are judged by their header; every cell is scanned for a nine-digit number that passes the BSN
11-check. Findings name the column and the row, never the value, so that they can be shown and logged
without repeating the personal data.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate, zip_longest

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
    """At most ``limit`` findings: every refused column, then the cells holding a valid BSN, by row."""
    findings = [Finding(k, h, None) for h in headers if (k := header_finding(h, kind))]
    cells: list[tuple[int, int]] = []
    for index, column in enumerate(zip_longest(*rows, fillvalue="")):
        cells.extend((row, index) for row in _bsn_rows(column))
    for row, index in sorted(cells)[: max(limit - len(findings), 0)]:
        findings.append(Finding("bsn", headers[index] if index < len(headers) else str(index + 1), row + 2))
    return findings


def _bsn_rows(cells: Sequence[str]) -> Iterator[int]:
    """The positions of the cells holding a valid BSN, each once.

    The whole column is joined by newlines (a BSN candidate holds only digits, dots and spaces, so no match
    crosses cells) and first screened at C speed: with every digit read as 0 and a space as a dot, each
    candidate contains one of three fixed byte strings. A column without them (dates, references, names:
    nearly every column) is done in milliseconds; only the others are searched with the regex."""
    joined = "\n".join(cells)
    screened = joined.encode().translate(_SCREEN)
    if not any(shape in screened for shape in _SHAPES):
        return
    offsets: list[int] = []
    last = -1
    for match in BSN_CANDIDATE.finditer(joined):
        if not is_valid_bsn(match.group(1)):
            continue
        offsets = offsets or list(accumulate((len(cell) + 1 for cell in cells), initial=0))
        position = bisect_right(offsets, match.start()) - 1
        if position != last:
            yield position
            last = position


_SCREEN = bytes.maketrans(b"0123456789 ", b"0000000000.")
_SHAPES = (b"000000000", b"0000.00.000", b"000.000.000")
