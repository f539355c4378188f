"""The file screen: every sheet, every row (the header row too), every cell, whether a column is mapped or not.

A finding names the sheet, the row and the column, never the value. What a screened file may keep (see
``stored``) is only its first sheet's named columns, without the free text the user did not ask for.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, zip_longest

from imports.gcpause import without_gc
from imports.privacy import bsn, patterns
from imports.privacy.vocabulary import header_finding

REFUSED_HEADERS = ("bsn", "birth_date", "address", "contact", "name")
"""Header findings that refuse a file when the column holds anything (an empty column holds no data)."""
FREE_TEXT_WORDS = 8
"""A cell of this many words or more (or one with a line break) makes its column free text."""


@dataclass(frozen=True)
class Finding:
    """Why a file is refused. ``kind``: for a column name ``bsn``, ``birth_date``, ``address``, ``contact``,
    ``name``, ``relation``; for a cell ``bsn``, ``bsn_short``, ``postcode``, ``street``, ``birth_phrase``,
    ``email``, ``phone``; for the file name ``filename``. ``row`` is None for a column name (the finding is about
    the column), ``column`` the column's name ("" when it has none) and ``number`` its position (1 = A)."""

    kind: str
    column: str
    row: int | None
    sheet: str = ""
    number: int = 0
    sheet_number: int = 0
    """1 for a workbook's first sheet; 0 for a CSV file (one sheet, no name)."""

    @property
    def letter(self) -> str:
        return column_letter(self.number) if self.number else ""


def known_headers(kind: str) -> frozenset[str]:
    """The normalised names the importer recognises for its fields: such a column holds codes, dates and
    names that the check validates, so it is not searched for prose."""
    from imports.fields import FIELDS, normalise_header

    return frozenset(normalise_header(s) for f in FIELDS.get(kind, ()) for s in (f.name, *f.synonyms, str(f.label)))


@dataclass(frozen=True)
class Withheld:
    """A column of the first sheet that is not kept: free text the user did not opt in for, or no name."""

    index: int
    column: str
    reason: str  # "free_text" or "unnamed"


@dataclass
class Screened:
    findings: list[Finding] = field(default_factory=list)
    withheld: list[Withheld] = field(default_factory=list)


def column_letter(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- folding and screen bytes ---------------------------------------------------------------------------------


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x80, 0x110000):
        char = chr(code)
        category = unicodedata.category(char)
        if category == "Nd":
            table[code] = str(unicodedata.decimal(char))
        elif category == "Zs" or char in "\u200b\u2060\ufeff":
            table[code] = " "
        elif category == "Pd" or char in "\u2212":
            table[code] = "-"
    return table


_FOLD: dict[int, str] | None = None


def fold(text: str) -> tuple[str, bytes]:
    """``text`` with every Unicode digit as an ASCII digit, every space as a space and every dash as a hyphen
    (one character for one, so positions stay), and its Latin-1 bytes (anything else outside Latin-1 as ``?``).
    Text that is Latin-1 already (nearly every file) is only encoded."""
    global _FOLD
    try:
        return text, text.encode("latin-1")
    except UnicodeEncodeError:
        if _FOLD is None:
            _FOLD = _fold_table()
        folded = text.translate(_FOLD)
        return folded, folded.encode("latin-1", "replace")


def _screen_table() -> bytes:
    table = bytearray(b"x" * 256)
    for byte in b"0123456789":
        table[byte] = ord("0")
    for byte in [*range(ord("A"), ord("Z") + 1), *range(ord("a"), ord("z") + 1), *range(0xC0, 0x100)]:
        table[byte] = ord("A")
    for byte in b" \t.,:\xa0":
        table[byte] = ord(" ")
    for byte in b"-/_()+":
        table[byte] = ord("-")
    table[ord("\n")] = ord("\n")
    table[ord("@")] = ord("@")
    return bytes(table)


SCREEN = _screen_table()


def column_bytes(raw: bytes) -> patterns.ColumnBytes:
    screened = b"\n" + raw.translate(SCREEN) + b"\n"
    soft = screened.translate(None, b" ")
    return patterns.ColumnBytes(screened=screened, soft=soft, merged=soft.translate(None, b"-"))


# --- one column -----------------------------------------------------------------------------------------------


def scan_column(cells: Sequence[str], joined: str | None = None) -> dict[int, str]:
    """{position in ``cells``: kind} of every cell holding a BSN or another sign of client data (first sign).
    ``joined``: the cells joined by newlines, when the caller has it already."""
    _, raw = fold("\n".join(cells) if joined is None else joined)
    column = column_bytes(raw)
    nine, eight = bsn.may_hold_nine(column.merged), bsn.may_hold_eight(column.screened)
    finders = patterns.finders(column)
    if not (nine or eight or finders):
        return {}
    # Something may be there: search each distinct value once (columns repeat their values).
    distinct = list(dict.fromkeys(cells))
    text, _ = fold("\n".join(distinct))
    offsets = list(accumulate((len(cell) + 1 for cell in distinct), initial=0))
    hits: dict[int, str] = {}
    sources = [bsn.spans] if (nine or eight) else []
    for find in (*sources, *finders):
        for position, kind in find(text):
            hits.setdefault(bisect_right(offsets, position) - 1, kind)
    if not hits:
        return {}
    kinds = {distinct[i]: kind for i, kind in hits.items()}
    return {row: kinds[cell] for row, cell in enumerate(cells) if cell in kinds}


def scan_text(text: str) -> str | None:
    """The first sign of client data in one piece of text (a file name, a sheet's name), or None."""
    found = scan_column([text])
    return found.get(0)


def _is_count(cells: Iterable[str]) -> bool:
    return all(c.isdigit() for c in cells if c)


def is_free_text(cells: Sequence[str], joined: str) -> bool:
    """Prose: a cell with a line break, or of ``FREE_TEXT_WORDS`` words or more. ``joined``: the cells joined
    by newlines; only a column with that many spaces in all is looked at value by value."""
    if joined.count("\n") > len(cells) - 1:
        return True
    if joined.count(" ") < FREE_TEXT_WORDS - 1:
        return False
    return any(c.count(" ") >= FREE_TEXT_WORDS - 1 for c in dict.fromkeys(cells))


# --- a whole table and a whole file ---------------------------------------------------------------------------


def screen_sheet(
    rows: list[list[str]],
    kind: str,
    sheet: str = "",
    sheet_number: int = 0,
    *,
    first: bool = True,
    labels: bool = False,
    free_text: frozenset[str] = frozenset(),
    limit: int = 50,
) -> Screened:
    """Screen one sheet: ``rows`` with its header row first, untrimmed (cells beyond the header included).

    ``first``: the sheet the import reads; its free-text and unnamed columns are reported as withheld unless
    named in ``free_text`` (normalised names the user opted in for). With ``labels`` (sheets that are not
    imported) every short cell is also read as a possible label (``Naam kind:`` beside a value). A column whose
    name is itself a finding (a BSN as a column name) is named by its letter only, so that no message repeats
    it."""
    from imports.fields import normalise_header

    result = Screened()
    if not rows:
        return result
    headers = [h.strip() for h in rows[0]]
    width = len(headers)
    while width and not headers[width - 1]:
        width -= 1
    header_hits: list[Finding] = []
    cell_hits: list[tuple[int, int, str]] = []
    known = known_headers(kind)
    for index, column in enumerate(zip_longest(*rows, fillvalue="")):
        joined = "\n".join(column)
        found = scan_column(column, joined)
        if 0 in found:
            headers[index] = ""  # the column's name is itself client data: never repeat it
        cell_hits.extend((position + 1, index, kind_) for position, kind_ in found.items())
        name = headers[index] if index < width else ""
        if index >= width:
            continue
        filled = len(joined) > len(column[0]) + len(column) - 1  # a cell below the header holds something
        verdict = header_finding(name, kind) if name else None
        if verdict in REFUSED_HEADERS and filled:
            header_hits.append(Finding(verdict, name, None, sheet, index + 1, sheet_number))
        elif verdict == "relation" and not _is_count(column[1:]):
            header_hits.append(Finding("relation", name, None, sheet, index + 1, sheet_number))
        elif not first or not filled or normalise_header(name) in free_text:
            continue
        elif not name:
            result.withheld.append(Withheld(index, "", "unnamed"))
        elif verdict == "free_text" or (normalise_header(name) not in known and is_free_text(column[1:], joined)):
            result.withheld.append(Withheld(index, name, "free_text"))
    if labels:
        cell_hits.extend(_labels(rows, kind))
    result.findings = header_hits
    for row, index, found_kind in sorted(set(cell_hits))[: max(limit - len(header_hits), 0)]:
        name = headers[index] if index < width else ""
        result.findings.append(Finding(found_kind, name, row, sheet, index + 1, sheet_number))
    return result


def _labels(rows: list[list[str]], kind: str) -> Iterable[tuple[int, int, str]]:
    """Cells of a sheet that is not imported, read as labels: ``Adres`` or ``Naam kind:`` with a value to the
    right or below it (a client's card rather than a table)."""
    for r, row in enumerate(rows[1:], start=1):
        for c, cell in enumerate(row):
            if not cell or len(cell) > 40 or cell[0].isdigit():
                continue
            verdict = header_finding(cell, kind)
            if verdict not in REFUSED_HEADERS and verdict != "relation":
                continue
            right = row[c + 1] if c + 1 < len(row) else ""
            below = rows[r + 1][c] if r + 1 < len(rows) and c < len(rows[r + 1]) else ""
            value = right or below
            if value and not (verdict == "relation" and value.isdigit()):
                yield r + 1, c, verdict


@without_gc
def screen_file(
    sheets: Sequence[tuple[str, list[list[str]]]],
    kind: str,
    filename: str = "",
    *,
    free_text: Iterable[str] = (),
    limit: int = 50,
) -> Screened:
    """Screen a file's name and every sheet of it (name, rows with the header row first). A CSV file is one
    sheet without a name. A sheet whose name holds client data is named by its number only."""
    from imports.fields import normalise_header

    opted = frozenset(normalise_header(name) for name in free_text if name.strip())
    result = Screened()
    if filename and scan_text(filename):
        result.findings.append(Finding("filename", "", None))
    numbered = len(sheets) > 1 or any(name for name, _ in sheets)
    for number, (name, rows) in enumerate(sheets):
        sheet_number = number + 1 if numbered else 0
        if name and scan_text(name):
            result.findings.append(Finding("sheet_name", "", None, "", 0, sheet_number))
            name = ""
        left = max(limit - len(result.findings), 0)
        if not left:
            break
        screened = screen_sheet(
            rows, kind, name, sheet_number, first=number == 0, labels=number > 0, free_text=opted, limit=left
        )
        result.findings.extend(screened.findings)
        if number == 0:
            result.withheld = screened.withheld
    return result


def check_privacy(headers: list[str], rows: list[list[str]], kind: str, limit: int = 50) -> list[Finding]:
    """Rows that are not a file (the API's pushed items): the same screen, one sheet, ``headers`` first."""
    return screen_sheet([headers, *rows], kind, first=False, limit=limit).findings
