"""Read an uploaded CSV or XLSX file into a header row and data rows of strings.

CSV: UTF-8 (with or without BOM), else Windows-1252; the delimiter is sniffed (``csv.Sniffer``) among
``; , tab |``. XLSX: openpyxl in read-only mode; dates become ISO strings, whole numbers lose their ``.0``.
``read_table`` first checks the file against ``imports.limits`` (size, rows, columns, cells, unpacked size):
no parser sees a file that passes a limit. openpyxl parses with defusedxml (a dependency for that reason), so
an XML entity or DTD in a workbook is refused, never resolved.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

from imports import limits
from imports.errors import UnreadableFile as UnreadableFile  # re-exported: callers catch it from here
from imports.gcpause import without_gc

DELIMITERS = ";,\t|"


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]
    file_format: str
    sheets: tuple[tuple[str, list[list[str]]], ...] = ()
    """Every sheet as read, for the privacy screen: (its name, its rows with the header row first, cells beyond
    the last column name included); a CSV file is one sheet without a name. Empty for a stored table."""


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "UTF-8 (BOM)"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "Windows-1252"


def _sniff_delimiter(text: str) -> str:
    sample = text[: 64 * 1024]
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        return max(DELIMITERS, key=first.count)


def read_csv(data: bytes) -> Table:
    if b"\x00" in data:
        raise UnreadableFile(_("This is not a text (CSV) file."))
    text, encoding = _decode(data)
    delimiter = _sniff_delimiter(text)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False))
    except csv.Error as error:
        raise UnreadableFile(_("The CSV file cannot be read: %(error)s") % {"error": error}) from None
    name = {";": "puntkomma", ",": "komma", "\t": "tab", "|": "pipe"}[delimiter]
    return _table(rows, f"CSV, {encoding}, {name}")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx_error(error: Exception) -> UnreadableFile:
    cause: BaseException | None = error
    while cause is not None:  # openpyxl parses with defusedxml, and wraps its refusal in a ValueError
        if type(cause).__module__.startswith("defusedxml"):
            return UnreadableFile(limits.declarations_text())
        cause = cause.__cause__ or cause.__context__
    return UnreadableFile(_("The Excel file cannot be read (%(error)s).") % {"error": type(error).__name__})


def read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    max_rows = limits.current().max_rows
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise _xlsx_error(error) from None
    sheets: list[tuple[str, list[list[str]]]] = []
    try:
        # Every sheet is read: the privacy screen looks at all of them; the import reads the first.
        for sheet in workbook.worksheets:
            # The stored dimension is not trusted: it could pad every row to 16,384 columns, or cut rows off.
            sheet.reset_dimensions()
            rows = []
            for row in sheet.iter_rows(values_only=True):
                rows.append([_cell(v) for v in row])
                if len(rows) > max_rows + 1:
                    break
            sheets.append((str(sheet.title), rows))
    except Exception as error:
        raise _xlsx_error(error) from None
    finally:
        workbook.close()
    if not sheets:
        raise UnreadableFile(_("The file is empty or its first row holds no column names."))
    return _table(sheets[0][1], "XLSX", sheets[0][0], tuple(sheets[1:]))


def _table(
    rows: list[list[str]], file_format: str, name: str = "", others: tuple[tuple[str, list[list[str]]], ...] = ()
) -> Table:
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    if not rows or not any(c.strip() for c in rows[0]):
        raise UnreadableFile(_("The file is empty or its first row holds no column names."))
    current = limits.current()
    if len(rows) - 1 > current.max_rows:
        raise UnreadableFile(limits.rows_text(current))
    headers = [h.strip().lstrip("\ufeff") for h in rows[0]]
    while headers and not headers[-1]:
        headers.pop()
    if len(headers) > current.max_columns:
        raise UnreadableFile(limits.columns_text(current))
    width = len(headers)
    strip = str.strip
    data = [
        list(map(strip, r)) if len(r) == width else [c.strip() for c in (r[:width] + [""] * (width - len(r)))]
        for r in rows[1:]
    ]
    return Table(headers=headers, rows=data, file_format=file_format, sheets=((name, rows), *others))


@without_gc
def read_table(data: bytes, filename: str) -> Table:
    limits.check(data, filename)
    if limits.is_xlsx(data, filename):
        return read_xlsx(data)
    return read_csv(data)
