"""What an accepted file leaves in the database while its run lasts: the screened table, not the file.

An uploaded file is never stored as it came. A workbook can carry much that no cell shows (other sheets,
comments, embedded pictures and documents, cached pivot tables, unused shared strings); a CSV file can have
cells beyond its last column name. Only the first sheet's named columns are kept, as JSON, with the columns
the screen withheld (free text the user did not opt in for, columns without a name) left empty. Checking and
importing read this back (``load``); the run's end deletes it (``services._end``).
"""

from __future__ import annotations

import json
from typing import Any

from imports.reading import Table, read_table

MAGIC = b"caseloadwijzer-table-1\n"


def withhold(table: Table, columns: set[int]) -> Table:
    """The first sheet only, with ``columns`` emptied (their names stay, to explain them on the mapping page)."""
    rows = table.rows
    if columns:
        keep = [i not in columns for i in range(len(table.headers))]
        rows = [[c if k else "" for c, k in zip(r, keep, strict=True)] for r in rows]
    return Table(headers=table.headers, rows=rows, file_format=table.file_format)


def dump(table: Table) -> bytes:
    body: dict[str, Any] = {"format": table.file_format, "headers": table.headers, "rows": table.rows}
    return MAGIC + json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def load(data: bytes, filename: str) -> Table:
    """A stored table; a run stored before this format held the file itself, which is read as a file."""
    if not data.startswith(MAGIC):
        return read_table(data, filename)
    body = json.loads(data[len(MAGIC) :])
    return Table(headers=body["headers"], rows=body["rows"], file_format=body["format"])
