"""One helper to download any table of the app as XLSX or CSV, with headers in the user's language.

A view describes its table once (``ExportTable``: a title, a file name, columns with a header and a
function from row to cell) and answers ``?formaat=xlsx`` or ``?formaat=csv`` with ``export_response``;
its template includes ``exports/_download.html`` for the two links. See docs/architecture.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.functional import Promise
from django.utils.text import slugify

FORMATS = ("xlsx", "csv")
FORMAT_PARAMETER = "formaat"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    header: str | Promise
    value: Callable[[Any], Any]


@dataclass(frozen=True)
class ExportTable:
    title: str | Promise
    filename: str
    columns: Sequence[Column]
    rows: Iterable[Any]

    def headers(self) -> list[str]:
        return [str(c.header) for c in self.columns]

    def values(self) -> Iterator[list[Any]]:
        for row in self.rows:
            yield [c.value(row) for c in self.columns]


def requested_format(request: HttpRequest) -> str | None:
    fmt = request.GET.get(FORMAT_PARAMETER, "")
    return fmt if fmt in FORMATS else None


def _csv_cell(value: Any, decimal_comma: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float | Decimal) and decimal_comma:
        return str(value).replace(".", ",")
    return str(value)


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(table: ExportTable, *, delimiter: str = ";", decimal_comma: bool = True) -> Iterator[str]:
    """The table as CSV lines. Defaults suit Dutch Excel (semicolon, decimal comma); dates are ISO."""
    writer = csv.writer(_Echo(), delimiter=delimiter, lineterminator="\r\n")
    yield writer.writerow(table.headers())
    for values in table.values():
        yield writer.writerow([_csv_cell(v, decimal_comma) for v in values])


def csv_text(table: ExportTable, *, delimiter: str = ",", decimal_comma: bool = False) -> str:
    return "".join(csv_lines(table, delimiter=delimiter, decimal_comma=decimal_comma))


def xlsx_bytes(table: ExportTable) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(table.title)[:31] or "Tabel")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for text in table.headers():
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for values in table.values():
        row = []
        for value in values:
            if isinstance(value, dt.date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "dd-mm-yyyy"
                row.append(cell)
            elif isinstance(value, Decimal):
                row.append(float(value))
            else:
                row.append(value)
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(table: ExportTable, fmt: str) -> HttpResponse | StreamingHttpResponse:
    name = slugify(table.filename) or "export"
    if fmt == "xlsx":
        response = HttpResponse(xlsx_bytes(table), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response

    def stream() -> Iterator[str]:
        yield "\ufeff"  # the BOM makes Excel read UTF-8
        yield from csv_lines(table)

    streaming = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    streaming["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return streaming
