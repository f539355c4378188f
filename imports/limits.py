"""Limits on an uploaded file, checked on the raw bytes BEFORE any parsing (issue 17).

Every check here costs a few passes of C code over the bytes (``bytes.count``, ``zipfile`` metadata, zlib),
so a hostile file is refused in well under a second and no parser ever sees it:

- CSV: file size, rows (line breaks), columns (delimiters in the header line), line length, and cells
  (line breaks + delimiters: an upper bound, whichever delimiter the sniffer picks).
- XLSX: file size, the uncompressed size (the sum of the zip members' declared ``file_size``, which
  ``zipfile`` also enforces while reading: a member that inflates to more fails its CRC check), the
  compression ratio of each member above 1 MB, the cells and rows of every worksheet (from its
  ``<dimension ref="A1:H100001">`` and by a streaming count of ``<c``/``<row`` tags that stops at the limit),
  and any DTD or entity declaration (``<!DOCTYPE``/``<!ENTITY``: a spreadsheet needs none; openpyxl parses
  with defusedxml as well, see ``reading.read_xlsx``).

Each limit is a setting with a default that lets a real export of 500,000 rows through (see
docs/architecture.md, "Getting data in and out"). The refusal is a ``reading.UnreadableFile`` whose message
names the limit, in the user's language.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from imports.errors import UnreadableFile

MB = 1024 * 1024
DEFAULTS = {
    "IMPORT_MAX_BYTES": 50 * MB,
    "IMPORT_MAX_ROWS": 500_000,
    "IMPORT_MAX_COLUMNS": 200,
    "IMPORT_MAX_LINE_BYTES": 128 * 1024,
    "IMPORT_MAX_XLSX_UNCOMPRESSED": 300 * MB,
    "IMPORT_MAX_XLSX_RATIO": 100,
    "IMPORT_MAX_CELLS": 5_000_000,
}
DEFAULT_ABANDON_AFTER = dt.timedelta(hours=24)
RATIO_FROM_BYTES = MB
"""Members smaller than this may be packed as tightly as they like: they cannot hurt."""
DELIMITERS = b";,\t|"
CHUNK = 4 * MB


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int
    max_columns: int
    max_line_bytes: int
    max_xlsx_uncompressed: int
    max_xlsx_ratio: int
    max_cells: int


def current() -> Limits:
    value = {name: int(getattr(settings, name, default)) for name, default in DEFAULTS.items()}
    return Limits(
        max_bytes=value["IMPORT_MAX_BYTES"],
        max_rows=value["IMPORT_MAX_ROWS"],
        max_columns=value["IMPORT_MAX_COLUMNS"],
        max_line_bytes=value["IMPORT_MAX_LINE_BYTES"],
        max_xlsx_uncompressed=value["IMPORT_MAX_XLSX_UNCOMPRESSED"],
        max_xlsx_ratio=value["IMPORT_MAX_XLSX_RATIO"],
        max_cells=value["IMPORT_MAX_CELLS"],
    )


def abandon_after() -> dt.timedelta:
    """``IMPORT_ABANDON_AFTER``: a timedelta, or a number of seconds."""
    value = getattr(settings, "IMPORT_ABANDON_AFTER", DEFAULT_ABANDON_AFTER)
    return value if isinstance(value, dt.timedelta) else dt.timedelta(seconds=float(value))


def _n(value: int) -> str:
    return number_format(value, force_grouping=True)


def _mb(value: int) -> str:
    return number_format(round(value / MB, 1) if value % MB else value // MB, force_grouping=True)


def too_large_text(limits: Limits | None = None) -> str:
    limits = limits or current()
    return _("The file is larger than %(max)s MB, the limit for an import; split it.") % {"max": _mb(limits.max_bytes)}


def is_xlsx(data: bytes, filename: str) -> bool:
    return data[:4] == b"PK\x03\x04" or filename.lower().endswith((".xlsx", ".xlsm"))


def check(data: bytes, filename: str, limits: Limits | None = None) -> None:
    """Refuse a file that passes a limit, before anything parses it. Raises ``reading.UnreadableFile``."""
    limits = limits or current()
    if len(data) > limits.max_bytes:
        _refuse(too_large_text(limits))
    if is_xlsx(data, filename):
        _check_xlsx(data, limits)
    else:
        _check_csv(data, limits)


def _refuse(message: str) -> None:
    raise UnreadableFile(message)


def rows_text(limits: Limits) -> str:
    return _("The file has more than %(max)s rows, the limit for an import; split it.") % {"max": _n(limits.max_rows)}


def columns_text(limits: Limits) -> str:
    return _(
        "The file has more than %(max)s columns, the limit for an import; remove the columns you do not import."
    ) % {"max": _n(limits.max_columns)}


def cells_text(limits: Limits) -> str:
    return _("The file has more than %(max)s cells (rows × columns), the limit for an import; split it.") % {
        "max": _n(limits.max_cells)
    }


def declarations_text() -> str:
    return _(
        "The Excel file holds XML declarations (a DTD or entities) that a spreadsheet never needs; "
        "it is refused for safety."
    )


def _check_csv(data: bytes, limits: Limits) -> None:
    newline = b"\n" if b"\n" in data else b"\r"
    end = len(data.rstrip(b"\r\n"))
    lines = data.count(newline, 0, end) + 1 if end else 0
    if lines - 1 > limits.max_rows:
        _refuse(rows_text(limits))
    first_end = data.find(newline)
    header = data if first_end < 0 else data[:first_end]
    if 1 + max(header.count(d) for d in DELIMITERS) > limits.max_columns:
        _refuse(columns_text(limits))
    if _longest_line(data, newline) > limits.max_line_bytes:
        _refuse(
            _(
                "A line of the file is longer than %(max)s bytes, the limit for an import; "
                "is it a CSV file with one row per line?"
            )
            % {"max": _n(limits.max_line_bytes)}
        )
    if lines + max(data.count(d) for d in DELIMITERS) > limits.max_cells:
        _refuse(cells_text(limits))


def _longest_line(data: bytes, newline: bytes) -> int:
    return max(map(len, data.split(newline)), default=0)


DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]{1,3})(\d{1,7})(?::([A-Z]{1,3})(\d{1,7}))?"')
DECLARATION = (b"<!DOCTYPE", b"<!ENTITY")


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _check_xlsx(data: bytes, limits: Limits) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        _refuse(_("The Excel file cannot be read (%(error)s).") % {"error": "BadZipFile"})
        return
    uncompressed = sum(m.file_size for m in members)
    if uncompressed > limits.max_xlsx_uncompressed:
        _refuse(
            _(
                "Unpacked, the Excel file would be larger than %(max)s MB, the limit for an import; "
                "split it or save it as CSV."
            )
            % {"max": _mb(limits.max_xlsx_uncompressed)}
        )
    for member in members:
        if member.file_size > RATIO_FROM_BYTES and member.file_size > limits.max_xlsx_ratio * max(
            member.compress_size, 1
        ):
            _refuse(
                _(
                    "The Excel file is packed more than %(max)s times as tightly as a spreadsheet ever is "
                    "(a “zip bomb”); it is refused for safety."
                )
                % {"max": _n(limits.max_xlsx_ratio)}
            )
    cells = rows = 0
    for member in members:
        name = member.filename.lower()
        if not name.endswith((".xml", ".rels", ".vml")):
            continue
        sheet = name.startswith("xl/worksheets/")
        try:
            with archive.open(member) as stream:
                first = True
                tail = b""
                while chunk := stream.read(CHUNK):
                    text = tail + chunk
                    if any(d in text for d in DECLARATION):
                        _refuse(declarations_text())
                    if sheet:
                        if first:
                            _check_dimension(text[:4096], limits)
                        # A tag split across two chunks is not counted: at most one per 4 MB, well within limits.
                        cells += chunk.count(b"<c ") + chunk.count(b"<c>") + chunk.count(b":c ")
                        rows += chunk.count(b"<row") + chunk.count(b":row")
                        if cells > limits.max_cells:
                            _refuse(cells_text(limits))
                        if rows - 1 > limits.max_rows:
                            _refuse(rows_text(limits))
                    first = False
                    tail = chunk[-8:]
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as error:
            _refuse(_("The Excel file cannot be read (%(error)s).") % {"error": type(error).__name__})


def _check_dimension(head: bytes, limits: Limits) -> None:
    match = DIMENSION.search(head)
    if match is None or match.group(3) is None:
        return
    first_col, first_row = _column_number(match.group(1)), int(match.group(2))
    last_col, last_row = _column_number(match.group(3)), int(match.group(4))
    columns, rows = last_col - first_col + 1, last_row - first_row + 1
    if columns > limits.max_columns:
        _refuse(columns_text(limits))
    if rows - 1 > limits.max_rows:
        _refuse(rows_text(limits))
    if columns * rows > limits.max_cells:
        _refuse(cells_text(limits))
