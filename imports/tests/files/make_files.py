"""Writes the import test files in this folder (run: .venv/bin/python imports/tests/files/make_files.py).

The LibreOffice file is made separately (see README.md) and committed, so that tests never need LibreOffice.
Names match the fixtures in imports/tests/conftest.py; the data is fictional.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

HERE = Path(__file__).parent
ROWS = [
    # reference, team, case type, start, end, expected end, phase, person, share
    ("IMP-0001", "Team Noord", "ots", dt.date(2025, 1, 6), None, dt.date(2026, 12, 31), "start", "Zoë Importtest", 100),
    (
        "IMP-0002",
        "Team Noord",
        "voogdij",
        dt.date(2024, 9, 2),
        dt.date(2026, 3, 31),
        None,
        "afronding",
        "Pim Proefbestand",
        100,
    ),
    ("IMP-0003", "Team Noord", "ots", dt.date(2026, 2, 16), None, None, "midden", "Zoë Importtest", 50),
    ("IMP-0003", "Team Noord", "ots", dt.date(2026, 2, 16), None, None, "midden", "Pim Proefbestand", 50),
]


def _nl(day: dt.date | None) -> str:
    return day.strftime("%d-%m-%Y") if day else ""


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def semicolon_cp1252() -> None:
    with (HERE / "cases_semicolon_cp1252.csv").open("w", encoding="cp1252", newline="") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(
            [
                "Dossiernummer",
                "Team",
                "Soort maatregel",
                "Startdatum",
                "Einddatum",
                "Verwachte einddatum",
                "Fase",
                "Medewerker",
                "Aandeel",
            ]
        )
        for r in ROWS:
            w.writerow([r[0], r[1], r[2], _nl(r[3]), _nl(r[4]), _nl(r[5]), r[6].capitalize(), r[7], r[8]])


def comma_iso() -> None:
    with (HERE / "cases_comma_iso.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(
            [
                "reference",
                "team",
                "case type",
                "start date",
                "end date",
                "expected end date",
                "phase",
                "assigned to",
                "share",
            ]
        )
        for r in ROWS:
            w.writerow([r[0], r[1], r[2], _iso(r[3]), _iso(r[4]), _iso(r[5]), r[6], r[7], r[8]])


def bom_tab() -> None:
    with (HERE / "cases_bom_tab.csv").open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, delimiter="\t")
        w.writerow(
            [
                "Casusnummer",
                "Team",
                "Casustype",
                "Startdatum",
                "Einddatum",
                "Verwachte einddatum",
                "Fase",
                "Behandelaar",
                "Aandeel %",
            ]
        )
        for r in ROWS:
            w.writerow([r[0], r[1], r[2], _iso(r[3]), _iso(r[4]), _iso(r[5]), r[6], r[7], r[8]])


def openpyxl_xlsx() -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Casussen"
    ws.append(
        [
            "Zaaknummer",
            "Team",
            "Casustype",
            "Begindatum",
            "Einddatum",
            "Verwachte einddatum",
            "Fase",
            "Casusregisseur",
            "Aandeel",
        ]
    )
    for r in ROWS:
        ws.append([r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8]])
    wb.save(HERE / "cases_openpyxl.xlsx")


def people() -> None:
    with (HERE / "people_semicolon.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(["Naam medewerker", "Team", "Functie", "Contracturen", "In dienst", "Uit dienst", "Geldig vanaf"])
        w.writerow(["Bo Bestandsmens", "Team Noord", "jeugdbeschermer", "32", "01-03-2024", "", "01-03-2024"])
        w.writerow(["Bo Bestandsmens", "Team Noord", "jeugdbeschermer", "28,5", "01-03-2024", "", "01-01-2026"])
        w.writerow(["Cas Csvcollega", "Team Noord", "Gedragswetenschapper", "24", "15-08-2025", "", ""])


if __name__ == "__main__":
    semicolon_cp1252()
    comma_iso()
    bom_tab()
    openpyxl_xlsx()
    people()
