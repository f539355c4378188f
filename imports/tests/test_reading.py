"""Files as real tools write them are read into the same headers and rows."""

from __future__ import annotations

import pytest

from imports.reading import UnreadableFile, read_table
from imports.tests.conftest import read

EXPECTED_FIRST = ["IMP-0001", "Team Noord", "ots", "2025-01-06", "", "2026-12-31"]


@pytest.mark.parametrize(
    ("name", "file_format"),
    [
        ("cases_semicolon_cp1252.csv", "CSV, Windows-1252, puntkomma"),
        ("cases_comma_iso.csv", "CSV, UTF-8, komma"),
        ("cases_bom_tab.csv", "CSV, UTF-8 (BOM), tab"),
        ("cases_openpyxl.xlsx", "XLSX"),
        ("cases_libreoffice.xlsx", "XLSX"),
    ],
)
def test_it_reads_every_kind_of_file(name, file_format):
    table = read_table(read(name), name)
    assert table.file_format == file_format
    assert len(table.headers) == 9 and len(table.rows) == 4
    assert table.rows[0][0] == "IMP-0001"
    assert "Zoë Importtest" in table.rows[0]
    if not name.startswith("cases_semicolon"):
        assert table.rows[0][:6] == EXPECTED_FIRST
    else:
        assert table.rows[0][3] == "06-01-2025"


def test_it_strips_the_bom_from_the_first_header():
    table = read_table(read("cases_bom_tab.csv"), "x.csv")
    assert table.headers[0] == "Casusnummer"


def test_it_pads_short_rows_and_drops_trailing_empty_rows():
    table = read_table(b"a;b;c\n1;2\n\n;;\n", "x.csv")
    assert table.rows == [["1", "2", ""]]


@pytest.mark.parametrize(
    "data",
    [b"", b"\n\n", b"\x00\x01\x02binary", b"PK\x03\x04not really a zip"],
)
def test_it_refuses_what_is_not_a_table(data):
    with pytest.raises(UnreadableFile):
        read_table(data, "x.xlsx" if data.startswith(b"PK") else "x.csv")
