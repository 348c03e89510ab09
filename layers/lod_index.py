"""Level-of-detail indexes of large tables kept in the cache: one blob per index, stamped
with the state of the table it was read from.

Reading the bounds of every feature of a table of millions visits every row (seconds); the
next open reads one blob instead. An index is derived data: read again whenever the stamp
differs, never edited, and never worth failing for (a read-only or busy cache simply reads
the table again next time).

Examples
--------
>>> stamp = table_stamp(cache, "pipelines")  # doctest: +SKIP
>>> blob = kept(cache, "pipelines:bounds", stamp)  # doctest: +SKIP
>>> if blob is None:  # doctest: +SKIP
...     keep(cache, "pipelines:bounds", stamp, n, data)
"""

from __future__ import annotations

import re
from typing import Any

#: The table of kept indexes (name, stamp, rows, data).
INDEX_TABLE = "cimview_building_lod"
#: Tables of at least this many rows keep their index in the cache.
KEEP_FROM = 200_000

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def table_stamp(cache: Any, table: str) -> str:
    """The state of a geometry table, from what every write through the cache changes: its
    dataset version and last change, its R*Tree's row count and its largest fid."""
    if not _NAME.match(table):
        raise ValueError(f"not a table name: {table!r}")
    sql = f"""SELECT
      (SELECT group_concat(name || ':' || version || ':' || coalesce(updated_at, ''), ';')
         FROM cimview_datasets WHERE name = ?),
      (SELECT coalesce(last_change, '') FROM gpkg_contents WHERE table_name = ?),
      (SELECT count(*) FROM "rtree_{table}_geom_rowid"),
      (SELECT max(fid) FROM "{table}")"""
    with cache.engine.connect() as conn:
        row = conn.connection.driver_connection.execute(sql, (table, table)).fetchone()
    return "|".join("" if v is None else str(v) for v in row)


def rows_at_most(cache: Any, table: str) -> int:
    """An upper bound of a table's rows from its fid span: two index look-ups, no scan (a
    ``count(*)`` reads the whole table: a second on millions of rows, cold). Enough to choose
    between meshing a layer whole and streaming it."""
    quoted = '"' + table.replace('"', '""') + '"'
    with cache.engine.connect() as conn:
        lo, hi = conn.connection.driver_connection.execute(  # each alone: an index look-up
            f"SELECT (SELECT min(fid) FROM {quoted}), (SELECT max(fid) FROM {quoted})"
        ).fetchone()
    return 0 if lo is None else int(hi) - int(lo) + 1


def kept(cache: Any, name: str, stamp: str) -> tuple[int, bytes] | None:
    """``(rows, data)`` of the index ``name`` when it was kept at ``stamp``, else None."""
    with cache.engine.connect() as conn:
        raw = conn.connection.driver_connection
        if not raw.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                           (INDEX_TABLE,)).fetchone():
            return None
        row = raw.execute(f"SELECT stamp, rows, data FROM {INDEX_TABLE} WHERE name = ?",
                          (name,)).fetchone()
    if row is None or row[0] != stamp:
        return None
    return int(row[1]), bytes(row[2])


def keep(cache: Any, name: str, stamp: str, rows: int, data: bytes,
         current: Any = None) -> bool:
    """Write the index ``name`` into the cache, unless it is read-only or another writer
    holds it. ``current()`` gives the stamp again inside the transaction: nothing is written
    when the table changed meanwhile. True when written."""
    from sqlalchemy import text

    from store.lock import writer_lock

    if getattr(cache, "read_only", False):
        return False
    try:
        with writer_lock(cache.path, "level-of-detail index", wait=0), \
                cache.transaction(purpose="level-of-detail index") as tx:
            if current is not None and current() != stamp:
                return False  # written meanwhile: read again next time
            tx.conn.execute(text(
                f"CREATE TABLE IF NOT EXISTS {INDEX_TABLE} (name TEXT PRIMARY KEY, "
                "stamp TEXT NOT NULL, rows INTEGER NOT NULL, data BLOB NOT NULL)"))
            tx.conn.execute(text(
                f"INSERT OR REPLACE INTO {INDEX_TABLE} (name, stamp, rows, data) "
                "VALUES (:name, :stamp, :rows, :data)"),
                {"name": name, "stamp": stamp, "rows": rows, "data": data})
        return True
    except Exception:  # busy, read-only after all, disk full: a cache of a cache never fails
        return False
