"""Helpers for the apps' tests of their table downloads: read a download back as rows of headers → values."""

from __future__ import annotations

import csv
import io
from typing import Any

from exports.tables import XLSX_TYPE


def csv_rows(response: Any) -> list[dict[str, str]]:
    """A ``?formaat=csv`` response as dictionaries keyed by the (translated) headers."""
    assert response["Content-Type"].startswith("text/csv"), response["Content-Type"]
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


def xlsx_rows(response: Any) -> list[dict[str, Any]]:
    """A ``?formaat=xlsx`` response as dictionaries keyed by the headers in the first row."""
    from openpyxl import load_workbook

    assert response["Content-Type"] == XLSX_TYPE, response["Content-Type"]
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    width = len(values[0])  # a row's empty cells at the end are not stored
    return [dict(zip(values[0], [*row, *[None] * (width - len(row))], strict=True)) for row in values[1:]]


def number(text: str) -> float | None:
    """A CSV cell (decimal comma) as a number; None for an empty cell."""
    return None if text == "" else float(text.replace(",", "."))


def nl(msgid: str) -> str:
    """The Dutch header for an English msgid, as the download writes it (whichever app's catalogue wins)."""
    from django.utils.translation import gettext, override

    with override("nl"):
        return gettext(msgid)
