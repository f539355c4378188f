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


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert ``rows`` (tuples in the order of ``fields``, attnames such as ``team_id``) into ``model``."""
    if not rows:
        return
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
        return
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            # A page cache large enough for the whole transaction: SQLite then does not spill half-written
            # pages to the journal and the database file before the commit (measured in bench_import.py).
            cursor.execute("PRAGMA cache_size = -131072")
        sql = f"INSERT INTO {quote(meta.db_table)} ({column_sql}) VALUES ({', '.join(['%s'] * len(columns))})"
        with connection.cursor() as cursor:
            for start in range(0, len(rows), BATCH):
                chunk = rows[start : start + BATCH]
                cursor.executemany(sql, [row + defaults for row in chunk] if defaults else chunk)
        return
    model.objects.bulk_create([model(**dict(zip(fields, row, strict=True))) for row in rows], batch_size=1000)


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
