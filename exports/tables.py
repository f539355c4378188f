"""One helper to download any table of the app as XLSX or CSV, with headers in the user's language.

A view describes its table once (``ExportTable``: a title, a file name, columns with a header and a
function from row to cell) and answers ``?formaat=xlsx`` or ``?formaat=csv`` with ``export_response``;
its template includes ``exports/_download.html`` for the two links. See docs/architecture.md.

Every download of the app goes through ``csv_lines`` and ``xlsx_bytes`` here, and both neutralise formulas
in ONE place, ``cell_value``: a text that starts with ``= + - @``, a tab or a carriage return gets a leading
``'`` (OWASP's advice against CSV/formula injection), so a name such as ``=HYPERLINK(...)`` is shown as
text and never runs. A real number (int, float, Decimal) stays a number, negative or not; ``"-3"`` as text
is text and is prefixed. In XLSX every text cell is also stored with data type "s", never as a formula.
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


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_TYPES = (bool, int, float, Decimal, dt.date)


def neutralise(text: str) -> str:
    """A text that a spreadsheet would take for a formula, prefixed with ``'`` so that it stays text."""
    return "'" + text if text.startswith(FORMULA_START) else text


def cell_value(value: Any) -> Any:
    """The one place where a table's value becomes a cell: None, bool, numbers and dates stay as they are,
    anything else becomes neutralised text."""
    if value is None or isinstance(value, PLAIN_TYPES):
        return value
    return neutralise(str(value))


def neutralise_workbook(workbook: Any) -> None:
    """For a workbook a view builds itself with openpyxl (the HR summary): every text cell neutralised and
    stored as text, so that none is a formula."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = neutralise(cell.value)
                    cell.data_type = "s"


def _csv_cell(value: Any, decimal_comma: bool) -> str:
    value = cell_value(value)
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
    yield writer.writerow([neutralise(h) for h in table.headers()])
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
        cell = _text_cell(sheet, neutralise(text))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for values in table.values():
        row = []
        for raw in values:
            value = cell_value(raw)
            if isinstance(value, str):
                row.append(_text_cell(sheet, value))
            elif isinstance(value, dt.date):
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


def _text_cell(sheet: Any, text: str) -> Any:
    """A cell that holds ``text`` as a string, whatever it starts with (openpyxl would store "=…" as a formula)."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    return cell


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
