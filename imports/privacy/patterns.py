"""Signs of client data inside a cell's text, whatever the column is called: a Dutch postcode, a street with a
house number, a date of birth written as such, an e-mail address, a phone number.

Each detector has a prefilter on the whole column as screen bytes (``finders``), so that a column without, say,
an ``@`` costs one ``in`` test; only a column that passes it is searched with the regular expression, and then
each distinct value once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

POSTCODE = re.compile(
    r"(?<![0-9A-Za-z])[1-9][0-9]{3}(?:[ \u00a0]?(?!SA|SD|SS)[A-Z]{2}|(?!sa|sd|ss)[a-eghj-npr-tv-xz]{2})"
    r"(?![0-9A-Za-z])"
)
"""Four digits (not starting with 0) and two letters, never SA, SD or SS. In capitals with or without a space
(``1234 AB``, ``1234AB``); in small letters only without a space and without the letters Dutch postcodes do not
use (F, I, O, Q, U, Y), so that ``in 2015 en`` or ``2015 op`` is no postcode. No pattern here crosses a line
break: the cells of a column are joined by them."""

STREET_SUFFIXES = (
    "straat", "weg", "laan", "plein", "gracht", "kade", "dijk", "singel", "steeg", "dreef", "plantsoen", "pad",
    "hof", "park", "veld", "baan", "dam", "wal", "markt", "haven", "allee", "boulevard", "hoven", "erf", "burg",
    "street", "road", "lane", "avenue",
)  # fmt: skip
STREET = re.compile(
    r"(?i)(?<![\w-])[a-z\u00c0-\u024f'.-]*(?:" + "|".join(STREET_SUFFIXES) + r")"
    r"[ \u00a0]{1,2}[0-9]{1,5}(?:[ -]?[a-z]{1,2}|-[0-9]{1,4})?(?![\w])"
)
"""A word ending like a street name (Kerkstraat, Dorpsweg, Van Goghlaan, Oudegracht …) and a house number
(``12``, ``12a``, ``12 A``, ``12-3``)."""

DATE = (
    r"(?:[0-9]{1,2}[-/. ][0-9]{1,2}[-/. ][0-9]{2,4}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
    r"|[0-9]{1,2}[ .]+[a-z]{3,9}\.?[ ]+[0-9]{4}|(?:19|20)[0-9]{2})"
)
BIRTH_PHRASE = re.compile(
    r"(?i)(?<![a-z])(?:geboren|geb\.?|geboortedatum|geb\.? ?datum|geboorte ?datum|born|birth ?date|birthday"
    r"|date of birth|d\.?o\.?b\.?)(?![a-z])[ \t\u00a0:.,]*(?:op|on|in|d\.d\.)?[ \t\u00a0:.,]*" + DATE
)
"""A birth word (geboren, geb., geboortedatum, born, date of birth, dob) followed by a date or a year."""

EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")

PHONE_CANDIDATE = re.compile(r"(?<![\w+])(?:\+|00)?\(?[0-9](?:[ \u00a0().\-/]{0,2}[0-9]){7,14}(?![0-9:])")


def _is_phone(text: str) -> bool:
    """A Dutch number (0 and nine digits: 0612345678, 020-123 45 67, (06) 1234 5678) or an international one
    (+31 6 12345678, 0032 470 12 34 56: with a plus, or 00 and separators)."""
    digits = "".join(filter(str.isdigit, text))
    if text.startswith("+"):
        return 9 <= len(digits) <= 15
    if digits.startswith("00"):
        return 11 <= len(digits) <= 17 and not text.isdigit()
    return len(digits) == 10 and digits[0] == "0"


@dataclass(frozen=True)
class ColumnBytes:
    """A column (cells joined by newlines, folded) as screen bytes for the prefilters (see ``screen.SCREEN``):
    ``screened`` reads every digit as ``0``, every letter as ``A``, a space, tab, ``.``, ``,`` or ``:`` as a space
    and ``- / _ ( ) +`` as ``-``, with a newline at either end; ``soft`` is the same without the spaces, and
    ``merged`` without the ``-`` as well, so that a number written in groups is one run of ``0``."""

    screened: bytes
    soft: bytes
    merged: bytes


def _emails(text: str) -> Iterator[tuple[int, str]]:
    for match in EMAIL.finditer(text):
        yield match.start(), "email"


def _postcodes(text: str) -> Iterator[tuple[int, str]]:
    for match in POSTCODE.finditer(text):
        yield match.start(), "postcode"


def _streets(text: str) -> Iterator[tuple[int, str]]:
    for match in STREET.finditer(text):
        yield match.start(), "street"


def _phones(text: str) -> Iterator[tuple[int, str]]:
    for match in PHONE_CANDIDATE.finditer(text):
        if _is_phone(match.group()):
            yield match.start(), "phone"


def _birth_phrases(text: str) -> Iterator[tuple[int, str]]:
    for match in BIRTH_PHRASE.finditer(text):
        yield match.start(), "birth_phrase"


Finder = Callable[[str], Iterator[tuple[int, str]]]


def finders(column: ColumnBytes) -> list[Finder]:
    """The detectors whose prefilter the column passes (usually none): each needs a shape that its matches
    always have (an ``@``; four digits and a letter; a letter and, after spaces or dots only, a digit; ten
    digits), looked for with one ``in`` over the screen bytes."""
    found: list[Finder] = []
    if b"@" in column.screened:
        found.append(_emails)
    if b"0000A" in column.merged:
        found.append(_postcodes)
    if b"A0" in column.soft:
        found.extend((_streets, _birth_phrases))
    if b"000000000" in column.merged:
        found.append(_phones)
    return found
