"""Fast inserts for the import: ``executemany`` on SQLite, ``COPY`` on PostgreSQL, ``bulk_create`` elsewhere.

Why not ``bulk_create`` everywhere: for 100,000 cases plus their assignments Django builds 200,000 model
instances and prepares 1.4 million values one by one, which alone takes longer than the whole budget of
issue #4 (50,000 rows/s). Here each row is a plain tuple; every concrete field the caller does not give
gets its model default (so a field another app adds with a default keeps working). Callers run inside
``transaction.atomic``; nothing bypasses the database's own constraints.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence
from typing import Any

from django.db import connection, models

BATCH = 5000

# Dates go to SQLite as ISO text, as Django writes them. Python 3.11 registers this adapter itself; 3.12
# deprecates the built-in one, so it is registered here explicitly (exact type: datetimes are unaffected).
sqlite3.register_adapter(dt.date, dt.date.isoformat)


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> int | None:
    """Insert ``rows`` (tuples in the order of ``fields``, attnames such as ``team_id``) into ``model``.

    On SQLite the primary keys are given explicitly, consecutively in the order of ``rows``, and the first one
    is returned (so the caller needs no query to learn them); elsewhere the database assigns them: None.
    """
    if not rows:
        return None
    meta = model._meta
    by_attname = {f.attname: f for f in meta.concrete_fields}
    given = [by_attname[name] for name in fields]
    rest = [f for f in meta.concrete_fields if not f.primary_key and f.attname not in fields]
    defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in rest)
    columns = [f.column for f in given] + [f.column for f in rest]
    quote = connection.ops.quote_name
    column_sql = ", ".join(quote(c) for c in columns)
    if connection.vendor == "postgresql":
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({column_sql}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row + defaults)
        return None
    if connection.vendor == "sqlite":
        return _insert_sqlite(meta.db_table, quote(meta.pk.column), column_sql, len(columns), rows, defaults)
    model.objects.bulk_create([model(**dict(zip(fields, row, strict=True))) for row in rows], batch_size=1000)
    return None


def _insert_sqlite(
    table: str, pk: str, column_sql: str, n_columns: int, rows: Sequence[tuple[Any, ...]], defaults: tuple[Any, ...]
) -> int:
    """One ``executemany`` on the driver's own cursor (no per-batch SQL rewriting by Django), the primary keys
    counted on from the highest ever given (the table is AUTOINCREMENT: ids are never reused). Inside the
    caller's transaction the first INSERT holds SQLite's write lock, so no other writer can take these ids;
    if one did in between, the INSERT fails on the primary key and the whole import rolls back."""
    connection.ensure_connection()
    cursor = connection.connection.cursor()
    try:
        # A page cache large enough for the whole transaction: SQLite then does not spill half-written
        # pages to the journal and the database file before the commit (measured in bench_import.py).
        cursor.execute("PRAGMA cache_size = -131072")
        quoted = connection.ops.quote_name(table)
        highest = cursor.execute(f"SELECT COALESCE(MAX({pk}), 0) FROM {quoted}").fetchone()[0]
        sequence = cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone()
        first = max(highest, sequence[0] if sequence else 0) + 1
        sql = f"INSERT INTO {quoted} ({pk}, {column_sql}) VALUES ({', '.join(['?'] * (n_columns + 1))})"
        cursor.executemany(sql, ((first + i, *row, *defaults) for i, row in enumerate(rows)))
    finally:
        cursor.close()
    return first


def update_rows(model: type[models.Model], fields: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    """Update ``fields`` of existing rows; each tuple is the new values followed by the primary key."""
    if not rows:
        return
    if connection.vendor not in ("sqlite", "postgresql"):
        objects = [model(pk=row[-1], **dict(zip(fields, row[:-1], strict=True))) for row in rows]
        model.objects.bulk_update(objects, list(fields), batch_size=1000)
        return
    meta = model._meta
    quote = connection.ops.quote_name
    given = [
        meta.get_field(name.removesuffix("_id")) if name.endswith("_id") else meta.get_field(name) for name in fields
    ]
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in given)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])
