"""Where a sync stands, kept in the cache: one row per platform collection.

``cimview_sync_state`` is a plain SQLite table (registered nowhere in gpkg_contents, so GIS
tools ignore it), created when missing. It is written in the same transaction as the page of
features it describes, so after a crash or a dropped connection the cache and its state agree:
the next sync resumes at ``next_url`` and neither loses nor duplicates a page. Only links the
client checked (:meth:`store.sync.client.Platform.check_next`: the platform's origin, the
collection's items path) are ever saved; :func:`clear_runs` (``cimview sync --restart``) drops
every run in progress, so each layer is read again from its last completed sync.

``cimview_sync_files`` records the platform files (assets) held by the cache: the DEM (stored in
``cimview_rasters``) and the other files (kept in the cache's files folder,
:func:`store.sync.files.files_dir`, at their platform path; ``stored`` is relative to the
cache's folder).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

STATE = "cimview_sync_state"
FILES = "cimview_sync_files"

_DDL = (
    f"""CREATE TABLE IF NOT EXISTS {STATE} (
        collection TEXT PRIMARY KEY,
        url TEXT NOT NULL,             -- the platform's landing page
        phase TEXT NOT NULL CHECK (phase IN ('full', 'incremental', 'done')),
        next_url TEXT,                 -- where the current run resumes; NULL when done
        watermark TEXT,                -- horizon of the last completed run (server time)
        run_started TEXT,              -- server time of the current run's first page
        run_max TEXT,                  -- newest updated_at seen in the current run
        run_matched INTEGER,           -- numberMatched of the current run's first page
        run_unstable INTEGER NOT NULL DEFAULT 0,  -- numberMatched moved, or clocks disagree
        run_totals TEXT,               -- JSON counts of the current (or last) run
        completed_at TEXT,             -- client time the last run completed
        updated_at TEXT NOT NULL)""",
    f"""CREATE TABLE IF NOT EXISTS {FILES} (
        name TEXT PRIMARY KEY,         -- the asset's path on the platform
        kind TEXT NOT NULL,            -- dem / ifc / ...
        sha256 TEXT NOT NULL, bytes INTEGER NOT NULL,
        href TEXT NOT NULL,
        stored TEXT NOT NULL,          -- 'raster:dem' or the file's path relative to the cache
        feature_layer TEXT, feature_gid TEXT,
        updated_at TEXT NOT NULL)""",
)


@dataclass
class CollectionState:
    collection: str
    url: str
    phase: str = "full"
    next_url: str | None = None
    watermark: str | None = None
    run_started: str | None = None
    run_max: str | None = None
    run_matched: int | None = None
    run_unstable: bool = False
    run_totals: dict[str, Any] = field(default_factory=dict)
    completed_at: str | None = None

    @property
    def in_run(self) -> bool:
        return self.phase != "done" and self.next_url is not None


def ensure(raw: sqlite3.Connection) -> None:
    """Create the state tables when missing (inside the caller's transaction)."""
    for sql in _DDL:
        raw.execute(sql)


def exists(raw: sqlite3.Connection) -> bool:
    return raw.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (STATE,)).fetchone() \
        is not None


def load(raw: sqlite3.Connection) -> dict[str, CollectionState]:
    if not exists(raw):
        return {}
    rows = raw.execute(
        f"SELECT collection, url, phase, next_url, watermark, run_started, run_max, "
        f"run_matched, run_unstable, run_totals, completed_at FROM {STATE}").fetchall()
    return {r[0]: CollectionState(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], bool(r[8]),
                                  json.loads(r[9] or "{}"), r[10]) for r in rows}


def save(raw: sqlite3.Connection, st: CollectionState, now: str) -> None:
    raw.execute(
        f"INSERT OR REPLACE INTO {STATE} (collection, url, phase, next_url, watermark, "
        f"run_started, run_max, run_matched, run_unstable, run_totals, completed_at, "
        f"updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (st.collection, st.url, st.phase, st.next_url, st.watermark, st.run_started,
         st.run_max, st.run_matched, int(st.run_unstable),
         json.dumps(st.run_totals, ensure_ascii=False), st.completed_at, now))


def clear(raw: sqlite3.Connection) -> None:
    if exists(raw):
        raw.execute(f"DELETE FROM {STATE}")


def clear_runs(raw: sqlite3.Connection) -> int:
    """Forget every run in progress (its next URL and run bookkeeping): a layer with a
    completed sync goes back to it (the next sync asks for what changed since), one without
    is downloaded in full again. Returns how many runs were dropped."""
    if not exists(raw):
        return 0
    dropped = raw.execute(f"SELECT count(*) FROM {STATE} WHERE next_url IS NOT NULL "
                          f"OR phase != 'done'").fetchone()[0]
    raw.execute(f"DELETE FROM {STATE} WHERE watermark IS NULL AND phase != 'done'")
    raw.execute(f"UPDATE {STATE} SET phase = 'done', next_url = NULL, run_started = NULL, "
                f"run_max = NULL, run_matched = NULL, run_unstable = 0 "
                f"WHERE next_url IS NOT NULL OR phase != 'done'")
    return int(dropped)


def files(raw: sqlite3.Connection) -> dict[str, dict[str, Any]]:
    if raw.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (FILES,)).fetchone() is None:
        return {}
    cur = raw.execute(f"SELECT name, kind, sha256, bytes, href, stored, feature_layer, "
                      f"feature_gid, updated_at FROM {FILES}")
    cols = [d[0] for d in cur.description]
    return {r[0]: dict(zip(cols, r, strict=True)) for r in cur.fetchall()}


def save_file(raw: sqlite3.Connection, row: dict[str, Any]) -> None:
    raw.execute(
        f"INSERT OR REPLACE INTO {FILES} (name, kind, sha256, bytes, href, stored, "
        f"feature_layer, feature_gid, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (row["name"], row["kind"], row["sha256"], row["bytes"], row["href"], row["stored"],
         row.get("feature_layer"), row.get("feature_gid"), row["updated_at"]))
