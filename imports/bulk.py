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
from collections.abc import Mapping, Sequence
from contextlib import closing
from typing import Any, cast

from django.db import connection, models

BATCH = 5000

# Dates go to SQLite as ISO text, as Django writes them. Python 3.11 registers this adapter itself; 3.12
# deprecates the built-in one, so it is registered here explicitly (exact type: datetimes are unaffected).
sqlite3.register_adapter(dt.date, dt.date.isoformat)


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
    constants: Mapping[str, int] | None = None,
) -> int | None:
    """Insert ``rows`` (tuples in the order of ``fields``, attnames such as ``team_id``) into ``model``, with
    ``constants`` (such as the organisation) the same for every row.

    On SQLite the database numbers the rows consecutively in the order of ``rows`` and the first primary key
    is returned (so the caller needs no query to learn them); elsewhere: None.
    """
    if not rows:
        return None
    meta = model._meta
    constants = constants or {}
    by_attname = {f.attname: f for f in meta.concrete_fields}
    given = [by_attname[name] for name in fields]
    rest = [f for f in meta.concrete_fields if not f.primary_key and f.attname not in fields]
    fixed = {cast(str, f.column): constants[f.attname] if f.attname in constants else _default(f) for f in rest}
    if unknown := set(constants) - {f.attname for f in rest}:
        raise ValueError(f"Not a field of {meta.label} left to fill: {sorted(unknown)}")
    columns = [cast(str, f.column) for f in given] + list(fixed)  # a concrete field always has a column
    quote = connection.ops.quote_name
    column_sql = ", ".join(quote(c) for c in columns)
    if connection.vendor == "postgresql":
        extra = tuple(fixed.values())
        with (
            connection.wrap_database_errors,  # the driver's own errors as Django's (IntegrityError…)
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({column_sql}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row + extra)
        return None
    if connection.vendor == "sqlite":
        return _insert_sqlite(meta.db_table, column_sql, len(given), tuple(fixed.values()), rows)
    objects = [model(**dict(zip(fields, row, strict=True)), **constants) for row in rows]
    model._default_manager.bulk_create(objects, batch_size=1000)
    return None


def _default(f: models.Field[Any, Any]) -> Any:
    return f.get_db_prep_save(f.get_default(), connection)


def _insert_sqlite(table: str, column_sql: str, n_given: int, fixed: tuple[Any, ...], rows: Sequence[Any]) -> int:
    """One ``executemany`` on the driver's own cursor (no per-batch SQL rewriting by Django, no per-row tuple
    built here: the values that are the same for every row are written into the statement). The table is
    AUTOINCREMENT and the caller's transaction holds SQLite's write lock from the first INSERT on, so the
    new keys are consecutive from the highest ever given; that is checked afterwards, and if it does not hold
    the import fails and rolls back as a whole."""
    connection.ensure_connection()
    # The driver's own errors raised as Django's (IntegrityError…), as through Django's cursor.
    with connection.wrap_database_errors, closing(connection.connection.cursor()) as cursor:
        # A page cache large enough for the whole transaction: SQLite then does not spill half-written
        # pages to the journal and the database file before the commit (measured in bench_import.py).
        cursor.execute("PRAGMA cache_size = -131072")
        quoted = connection.ops.quote_name(table)
        literals = [connection.schema_editor().quote_value(value) for value in fixed]
        sql = f"INSERT INTO {quoted} ({column_sql}) VALUES ({', '.join(['?'] * n_given + literals)})"
        cursor.execute(sql, rows[0])
        first = cursor.lastrowid
        cursor.executemany(sql, rows[1:])
        last = cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone()[0]
    if last - first != len(rows) - 1:
        raise RuntimeError(f"{table}: {len(rows)} rows were not numbered consecutively from {first}")
    return first


def update_rows(model: type[models.Model], fields: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    """Update ``fields`` of existing rows; each tuple is the new values followed by the primary key."""
    if not rows:
        return
    if connection.vendor not in ("sqlite", "postgresql"):
        objects = [model(pk=row[-1], **dict(zip(fields, row[:-1], strict=True))) for row in rows]
        model._default_manager.bulk_update(objects, list(fields), batch_size=1000)
        return
    meta = model._meta
    quote = connection.ops.quote_name
    given = [
        meta.get_field(name.removesuffix("_id")) if name.endswith("_id") else meta.get_field(name) for name in fields
    ]
    columns = [cast(str, cast(models.Field, f).column) for f in given]  # concrete fields: each has a column
    assignments = ", ".join(f"{quote(c)} = %s" for c in columns)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(cast(str, meta.pk.column))} = %s"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])
