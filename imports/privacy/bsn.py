"""A BSN (burgerservicenummer) in any written form: nine digits passing the 11-check, written in one piece or in
groups (``123456782``, ``1234.56.782``, ``123 456 782``, ``123-45-6782``, with a non-breaking space …; see
``WRITTEN_GROUPINGS``), inside
other text or alone; and eight digits alone in a cell (or a line of it) that pass when a ``0`` is put in front,
which is how Excel writes a BSN that starts with a zero once the column is a number.

``bsn_rows`` finds them in a whole column at once. Nearly every column holds no run of nine digits (dates have
eight, references are shorter or hold letters), so the column is first screened as bytes at C speed and only a
column that could hold a BSN is searched with regular expressions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

SEPARATORS = " \t\u00a0.,-_/"
"""Characters that may stand between the digit groups of a written number (after ``fold``: every Unicode
space is a space, every dash a hyphen)."""

CHAIN = re.compile(r"(?<![0-9])[0-9]+(?:[ \t\u00a0.,\-_/]{1,3}[0-9]+)*")
"""Digit groups joined by at most three separator characters: the candidates for a written number."""
GROUP = re.compile(r"[0-9]+")
EIGHT = re.compile(r"^[0-9]{8}$", re.MULTILINE)

WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def is_valid_bsn(text: str) -> bool:
    """Nine digits (other characters ignored) passing the 11-check: 9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 (mod 11)."""
    digits = [int(c) for c in text if c.isdigit()]
    if len(digits) != 9 or not any(digits):
        return False
    return sum(d * w for d, w in zip(digits, WEIGHTS, strict=True)) % 11 == 0


WRITTEN_GROUPINGS = frozenset({(9,), (3, 3, 3), (4, 2, 3), (3, 2, 4), (2, 3, 4), (3, 4, 2)})
"""How people write a BSN in groups (``1234.56.782``, ``123 456 782``, ``123-45-6782`` …). Other groupings
are left alone on purpose: a case reference of a year and a number (``JBV-2022-00123``: 4 + 5 digits) would
otherwise pass the 11-check one time in eleven, and a real export would be refused for it."""


def _nine_digit_windows(chain: str) -> Iterator[str]:
    """Every run of whole, consecutive digit groups of the chain written as a BSN is (``WRITTEN_GROUPINGS``)."""
    groups = GROUP.findall(chain)
    for start in range(len(groups)):
        length = 0
        for end in range(start, len(groups)):
            length += len(groups[end])
            if length == 9 and tuple(map(len, groups[start : end + 1])) in WRITTEN_GROUPINGS:
                yield "".join(groups[start : end + 1])
            if length >= 9:
                break


def spans(text: str) -> Iterator[tuple[int, str]]:
    """(position, "bsn" or "bsn_short") of every BSN in ``text`` (already folded, see ``screen.fold``)."""
    for match in CHAIN.finditer(text):
        chain = match.group()
        if sum(map(str.isdigit, chain)) >= 9 and any(map(is_valid_bsn, _nine_digit_windows(chain))):
            yield match.start(), "bsn"
    for match in EIGHT.finditer(text):
        if is_valid_bsn("0" + match.group()):
            yield match.start(), "bsn_short"


def may_hold_nine(merged: bytes) -> bool:
    """``merged``: the column as screen bytes without separators; a BSN needs nine digits in one chain."""
    return b"000000000" in merged


def may_hold_eight(screened: bytes) -> bool:
    """``screened``: the column as screen bytes, cells between newlines (and one at either end)."""
    return b"\n00000000\n" in screened
