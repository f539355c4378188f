"""Writes the synthetic registration-system export files in this folder (run: python make_files.py).

The shape of a youth protection team's export: semicolon-separated, Windows-1252, dates as dd-mm-jjjj,
Dutch headers; staff with their staff number but no team; one case row per assignment period (a case handed
over is two rows, also a handover to the same person when "OTS eerste jaar" becomes "OTS"), the case manager
as staff number, and the end date as the first day no longer carried. Everything is invented.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent

STAFF = [
    ("Medewerkernummer", "Naam", "Functie", "Contracturen per week", "Datum in dienst", "Kostenplaats"),
    ("M101", "Anouk Lindeboom", "Jeugdbeschermer", "32", "01-02-2019", "KP410"),
    ("M102", "Daan Oosterwijk", "Jeugdbeschermer", "36", "15-08-2021", "KP410"),
    ("M103", "Joëlle Mulderij", "Gezinsvoogd", "28,5", "01-04-2023", "KP410"),
    ("M104", "Sanne Kloosterboer", "jeugdbeschermer", "24", "01-09-2024", "KP411"),
    ("M105", "Noor Hazelhoff", "Gedragswetenschapper", "20", "01-01-2020", "KP410"),
]

# Dossiernummer, Maatregel, Casusregisseur (staff number), Begindatum, Einddatum (the first day without; empty: open)
CASES = [
    ("Dossiernummer", "Maatregel", "Casusregisseur", "Begindatum", "Einddatum", "Productcode"),
    ("JB-25-0001", "OTS eerste jaar", "M101", "06-01-2025", "06-01-2026", "P45"),
    ("JB-25-0001", "OTS", "M101", "06-01-2026", "", "P46"),
    ("JB-25-0002", "OTS eerste jaar", "M101", "03-03-2025", "14-07-2025", "P45"),
    ("JB-25-0002", "OTS eerste jaar", "M102", "14-07-2025", "03-03-2026", "P45"),
    ("JB-25-0002", "OTS", "M102", "03-03-2026", "", "P46"),
    ("JB-25-0003", "Voogdij", "M102", "01-10-2024", "", "P50"),
    ("JB-25-0004", "Voogdij", "M103", "15-05-2025", "01-12-2025", "P50"),
    ("JB-25-0005", "OTS eerste jaar", "M103", "01-09-2025", "", "P45"),
    ("JB-25-0006", "OTS", "M104", "10-02-2025", "02-06-2025", "P46"),
    ("JB-25-0006", "OTS", "M101", "02-06-2025", "01-10-2025", "P46"),
    ("JB-25-0007", "OTS eerste jaar", "M104", "01-11-2024", "01-11-2025", "P45"),
    ("JB-25-0007", "OTS", "M104", "01-11-2025", "16-03-2026", "P46"),
    ("JB-25-0008", "Voogdij", "M104", "07-04-2025", "", "P50"),
    ("JB-25-0009", "OTS eerste jaar", "M102", "12-05-2025", "12-05-2026", "P45"),
    ("JB-25-0009", "OTS", "M103", "12-05-2026", "", "P46"),
    ("JB-25-0010", "Voogdij", "M101", "20-01-2026", "", "P50"),
    ("JB-25-0011", "OTS eerste jaar", "M103", "05-01-2026", "", "P45"),
    ("JB-25-0012", "OTS", "M102", "01-07-2024", "01-07-2025", "P46"),
    ("JB-25-0013", "Voogdij", "M103", "01-02-2025", "01-08-2025", "P50"),
    ("JB-25-0013", "Voogdij", "M101", "01-08-2025", "", "P50"),
    ("JB-25-0014", "OTS eerste jaar", "M101", "14-07-2025", "14-07-2026", "P45"),
    ("JB-25-0014", "OTS", "M101", "14-07-2026", "", "P46"),
    ("JB-25-0015", "OTS eerste jaar", "M104", "30-06-2025", "30-06-2026", "P45"),
    ("JB-25-0015", "OTS", "M102", "30-06-2026", "05-10-2026", "P46"),
]


def write(name: str, rows: list[tuple[str, ...]]) -> None:
    text = "".join(";".join(row) + "\r\n" for row in rows)
    (HERE / name).write_bytes(text.encode("cp1252"))


if __name__ == "__main__":
    write("medewerkers_export.csv", STAFF)
    write("casussen_export.csv", CASES)
