"""The export helper: the same table as CSV (Dutch Excel dialect) and XLSX, with Dutch headers."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from openpyxl import load_workbook

from exports.tables import Column, ExportTable, export_response, xlsx_bytes

ROWS = [
    {"ref": "C-1", "start": dt.date(2026, 1, 5), "hours": Decimal("28.5"), "end": None},
    {"ref": "C-2", "start": dt.date(2025, 12, 1), "hours": Decimal("36"), "end": dt.date(2026, 2, 1)},
]


def _table():
    return ExportTable(
        title=_("Cases"),
        filename="casussen",
        columns=[
            Column(_("case reference"), lambda r: r["ref"]),
            Column(_("start date"), lambda r: r["start"]),
            Column(_("contract hours per week"), lambda r: r["hours"]),
            Column(_("end date"), lambda r: r["end"]),
        ],
        rows=ROWS,
    )


def test_csv_has_dutch_headers_semicolons_a_bom_and_decimal_commas():
    with override("nl"):
        response = export_response(_table(), "csv")
        body = b"".join(response.streaming_content).decode("utf-8")
    assert response["Content-Disposition"] == 'attachment; filename="casussen.csv"'
    assert body.startswith("\ufeff")
    lines = body.lstrip("\ufeff").splitlines()
    assert lines[0] == "casusnummer;startdatum;contracturen per week;einddatum"
    assert lines[1:] == ["C-1;2026-01-05;28,5;", "C-2;2025-12-01;36;2026-02-01"]


def test_xlsx_has_dutch_headers_and_real_dates_and_numbers():
    with override("nl"):
        data = xlsx_bytes(_table())
    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("casusnummer", "startdatum", "contracturen per week", "einddatum")
    assert rows[1] == ("C-1", dt.datetime(2026, 1, 5), 28.5, None)
    assert sheet.title == "Casussen"
