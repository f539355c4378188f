"""The one place where table values become cells: formula-like text is neutralised, numbers stay numbers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest

from exports.organisation import organisation_export, organisation_restore
from exports.tables import Column, ExportTable, csv_lines, neutralise, xlsx_bytes
from organisations.models import Organisation

VALUES = ['=HYPERLINK("http://x","y")', "+1", "@SUM(A1)", "-2+3", "\t=1", "\r=1", "-3", "gewoon", "'al", ""]


def _table(values):
    return ExportTable(title="T", filename="t", columns=[Column("waarde", lambda v: v)], rows=values)


def test_text_that_looks_like_a_formula_gets_a_quote_and_other_text_does_not():
    assert [neutralise(v) for v in VALUES] == [
        '\'=HYPERLINK("http://x","y")',
        "'+1",
        "'@SUM(A1)",
        "'-2+3",
        "'\t=1",
        "'\r=1",
        "'-3",
        "gewoon",
        "'al",
        "",
    ]


def test_csv_neutralises_text_and_keeps_numbers_as_numbers():
    values = [*VALUES, -3, -2.5, Decimal("-0.75"), True, None, dt.date(2026, 12, 4)]
    text = "".join(csv_lines(_table(values)))
    cells = [row[0] if row else "" for row in csv.reader(io.StringIO(text, newline=""), delimiter=";")][1:]
    assert cells == [neutralise(v) for v in VALUES] + ["-3", "-2,5", "-0,75", "ja", "", "2026-12-04"]


def test_xlsx_stores_no_formula_and_numbers_as_numbers():
    from openpyxl import load_workbook

    values = [*VALUES, -3, -2.5, Decimal("-0.75")]
    sheet = load_workbook(io.BytesIO(xlsx_bytes(_table(values)))).worksheets[0]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert all(c.data_type != "f" for c in cells)
    texts = [c.value for c in cells[: len(VALUES)]]
    # XML turns a carriage return into a line feed; the quote in front is what counts
    assert texts == [neutralise(v).replace("\r", "\n") or None for v in VALUES]
    assert [(c.value, c.data_type) for c in cells[len(VALUES) :]] == [(-3, "n"), (-2.5, "n"), (-0.75, "n")]


@pytest.mark.django_db
def test_the_organisation_zip_escapes_text_and_its_restore_takes_the_quote_off():
    organisation = Organisation.objects.get(slug="heidemeer")
    team = organisation.teams.order_by("pk").first()
    team.name, team.description = '=HYPERLINK("http://x","y")', "'al met een aanhalingsteken"
    team.save()
    data = organisation_export(organisation)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        teams = archive.read("teams.csv").decode("utf-8")
    assert '\'=HYPERLINK(""http://x"",""y"")' in teams and "''al met" in teams
    restored = organisation_restore(data, slug="heidemeer-hersteld", name="Heidemeer hersteld")
    copy = restored.teams.get(name=team.name)
    assert copy.description == "'al met een aanhalingsteken", "the round trip is lossless"
