"""Read an uploaded CSV or XLSX file into a header row and data rows of strings.

CSV: UTF-8 (with or without BOM), else Windows-1252; the delimiter is sniffed (``csv.Sniffer``) among
``; , tab |``. XLSX: openpyxl in read-only mode; dates become ISO strings, whole numbers lose their ``.0``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

from imports.gcpause import without_gc

MAX_ROWS = 500_000
DELIMITERS = ";,\t|"


class UnreadableFile(ValueError):
    """The file cannot be read as a table; the message says why, in the user's language."""


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]
    file_format: str


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


def read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise UnreadableFile(
            _("The Excel file cannot be read (%(error)s).") % {"error": type(error).__name__}
        ) from None
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append([_cell(v) for v in row])
            if len(rows) > MAX_ROWS + 1:
                break
    except Exception as error:
        raise UnreadableFile(
            _("The Excel file cannot be read (%(error)s).") % {"error": type(error).__name__}
        ) from None
    finally:
        workbook.close()
    return _table(rows, "XLSX")


def _table(rows: list[list[str]], file_format: str) -> Table:
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    if not rows or not any(c.strip() for c in rows[0]):
        raise UnreadableFile(_("The file is empty or its first row holds no column names."))
    if len(rows) - 1 > MAX_ROWS:
        raise UnreadableFile(_("The file has more than %(max)s rows; split it.") % {"max": f"{MAX_ROWS:,}"})
    headers = [h.strip().lstrip("\ufeff") for h in rows[0]]
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    strip = str.strip
    data = [
        list(map(strip, r)) if len(r) == width else [c.strip() for c in (r[:width] + [""] * (width - len(r)))]
        for r in rows[1:]
    ]
    return Table(headers=headers, rows=data, file_format=file_format)


@without_gc
def read_table(data: bytes, filename: str) -> Table:
    if data[:4] == b"PK\x03\x04" or filename.lower().endswith((".xlsx", ".xlsm")):
        return read_xlsx(data)
    return read_csv(data)
