"""The search index inside the cache, kept in step with the layers it is built from.

Tables (plain SQL, so GDAL and QGIS can still edit the layers):

* ``cimview_search_names``: every distinct name a search can resolve — 省/市/区, 街道, 社区,
  roads, compounds and named buildings — with its normalised form, pinyin, initials and a
  representative point;
* ``cimview_search_fts``: an FTS5 trigram index over those three forms;
* ``cimview_search_variants``: each normalised name of 4 characters or more, and the name with
  any one character deleted (a deletion neighbourhood, as SymSpell does): a query piece that
  shares one of these with a name is at most one typo away from it, even when the typo breaks
  every trigram (小洲露三巷 for 小洲上三巷);
* ``cimview_search_pending``: rows queued by triggers on ``addresses``, ``roads`` and
  ``buildings`` whenever a row is inserted, renamed or deleted, by any program.

Every cimview write transaction applies the queue before it commits (:func:`refresh`, through
the transaction hook this module registers with :mod:`store.hooks`), so the index changes with
the data, atomically; a large queue (a bulk import) rebuilds instead.
Addresses themselves are found through B-tree indexes on their level columns, not through
full text: a name is resolved first, then its door, building and unit numbers.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections import defaultdict
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from store import gpkg, hooks
from store.search.normalize import norm
from store.search.pinyin import pinyin

if TYPE_CHECKING:
    from store.cache import Cache

INDEX_VERSION = "4"
NAMES = "cimview_search_names"
FTS = "cimview_search_fts"
VARIANTS = "cimview_search_variants"
#: Names this long or longer are found with one character wrong, missing or extra.
TYPO_MIN = 4
PENDING = "cimview_search_pending"
#: Queues longer than this rebuild the index instead of applying row by row.
REBUILD_ABOVE = 20_000

#: Kinds of names taken from columns of the address library.
ADDRESS_KINDS = ("province", "city", "district", "street", "community", "road", "compound")
ADMIN_KINDS = ("province", "city", "district")
#: Which source columns each layer's names come from.
_SOURCES = {"addresses": ADDRESS_KINDS, "roads": ("name",), "buildings": ("name",)}
#: Building names that are only a compound plus a building number (石溪南苑1栋) are found
#: through the address library already.
_DERIVED_BUILDING = re.compile(r"\d+栋(?:\d+单元)?$")
#: Last characters of such names as typed (栋, 幢, 座, 号楼, 单元 …): only those are normalised.
_BUILDING_WORD_ENDS = frozenset("栋幢座楼元棟樓梯")

_DDL = (
    f"""CREATE TABLE IF NOT EXISTS {NAMES} (
        id INTEGER PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, norm TEXT NOT NULL,
        pinyin TEXT NOT NULL, initials TEXT NOT NULL, x REAL, y REAL, full_address TEXT,
        UNIQUE (kind, name))""",
    f"CREATE INDEX IF NOT EXISTS {NAMES}_norm ON {NAMES} (norm)",
    f"CREATE INDEX IF NOT EXISTS {NAMES}_initials ON {NAMES} (initials)",
    f"CREATE INDEX IF NOT EXISTS {NAMES}_pinyin ON {NAMES} (pinyin)",
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(
        norm, pinyin, initials, tokenize = 'trigram')""",
    f"CREATE TABLE IF NOT EXISTS {VARIANTS} (variant TEXT NOT NULL, name_id INTEGER NOT NULL, "
    "PRIMARY KEY (variant, name_id)) WITHOUT ROWID",
    f"CREATE TABLE IF NOT EXISTS {PENDING} (layer TEXT NOT NULL, fid INTEGER NOT NULL, "
    "op TEXT NOT NULL, old TEXT)",
    # Lookups by level and by code on the source layers.
    "CREATE INDEX IF NOT EXISTS cimview_addresses_road ON addresses (road, door_no)",
    "CREATE INDEX IF NOT EXISTS cimview_addresses_compound "
    "ON addresses (compound, building_no, unit_no)",
    "DROP INDEX IF EXISTS cimview_addresses_building",  # reverse lookup joins buildings instead
    "CREATE INDEX IF NOT EXISTS cimview_addresses_code ON addresses (code)",
    "CREATE INDEX IF NOT EXISTS cimview_buildings_name ON buildings (name)",
    "CREATE INDEX IF NOT EXISTS cimview_buildings_code "
    "ON buildings (upper(replace(code, '-', '')))",
    "CREATE INDEX IF NOT EXISTS cimview_roads_name ON roads (name)",
    "CREATE INDEX IF NOT EXISTS cimview_roads_code ON roads (upper(replace(code, '-', '')))",
    "CREATE INDEX IF NOT EXISTS cimview_poles_code ON poles (upper(replace(code, '-', '')))",
    "CREATE INDEX IF NOT EXISTS cimview_parcels_code "
    "ON parcels (upper(replace(code, '-', '')))",
)


def _triggers() -> list[str]:
    out = []
    for layer, kinds in _SOURCES.items():
        cols = ", ".join(kinds)
        old = "json_array(" + ", ".join(f"OLD.{c}" for c in kinds) + ")"
        name = f"cimview_search_{layer}"
        out += [
            f'CREATE TRIGGER IF NOT EXISTS {name}_insert AFTER INSERT ON "{layer}" BEGIN '
            f"INSERT INTO {PENDING} VALUES ('{layer}', NEW.fid, 'insert', NULL); END",
            f'CREATE TRIGGER IF NOT EXISTS {name}_update AFTER UPDATE OF {cols} ON "{layer}" '
            f"BEGIN INSERT INTO {PENDING} VALUES ('{layer}', NEW.fid, 'update', {old}); END",
            f'CREATE TRIGGER IF NOT EXISTS {name}_delete AFTER DELETE ON "{layer}" BEGIN '
            f"INSERT INTO {PENDING} VALUES ('{layer}', OLD.fid, 'delete', {old}); END",
        ]
    return out


# -- state ----------------------------------------------------------------------------------------
def has_index(cache_or_conn: Cache | sqlite3.Connection) -> bool:
    """Whether this cache (or open SQLite connection) holds a search index of the current
    format."""
    if hasattr(cache_or_conn, "engine"):  # a Cache; else a connection (sqlite3 or SQLCipher)
        with cache_or_conn.engine.connect() as conn:
            raw = conn.connection.driver_connection
            assert raw is not None
            return has_index(raw)
    raw = cache_or_conn
    found = raw.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (NAMES,)).fetchone()
    if not found:
        return False
    version = raw.execute("SELECT value FROM cimview_meta WHERE key = 'search_index'").fetchone()
    return bool(version) and version[0] == INDEX_VERSION


def create(raw: sqlite3.Connection) -> None:
    """Create the index tables, triggers and lookup indexes (empty); inside a transaction."""
    if raw.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (NAMES,)).fetchone():
        drop(raw)
    for sql in (*_DDL, *_triggers()):
        raw.execute(sql)
    # With attributes tables registered, GDAL and QGIS list only the tables registered in
    # gpkg_contents, not the index's (LIST_ALL_TABLES=AUTO). The import log and the bookmarks
    # are the ones useful to a GIS user.
    for table, title in (("cimview_imports", "导入记录 Import log"),
                         ("cimview_bookmarks", "三维书签 3D bookmarks")):
        if raw.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)).fetchone():
            raw.execute("INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, "
                        "identifier, description) VALUES (?, 'attributes', ?, ?)",
                        (table, table, title))
    raw.execute("DELETE FROM cimview_meta WHERE key = 'search_index'")
    raw.execute("INSERT INTO cimview_meta VALUES ('search_index', ?)", (INDEX_VERSION,))


def drop(raw: sqlite3.Connection) -> None:
    """Remove the index tables and triggers (the lookup indexes on layers stay)."""
    for layer in _SOURCES:
        for op in ("insert", "update", "delete"):
            raw.execute(f"DROP TRIGGER IF EXISTS cimview_search_{layer}_{op}")
    for table in (FTS, VARIANTS, NAMES, PENDING, "cimview_search_chars"):
        raw.execute(f"DROP TABLE IF EXISTS {table}")


def build_index(cache: Cache) -> dict[str, Any]:
    """(Re)build the whole index in one write transaction; returns counts and seconds."""
    start = time.perf_counter()
    with cache.engine.connect().execution_options(cimview_write=True) as conn:
        conn.begin()
        raw = conn.connection.driver_connection
        assert raw is not None
        try:
            create(raw)
            counts = rebuild(raw)
        except BaseException:
            conn.rollback()
            raise
        conn.commit()
    return {"names": counts, "seconds": round(time.perf_counter() - start, 2)}


def ensure_index(cache: Cache) -> bool:
    """Build the index if this cache has none (or an old format); True when it was built."""
    with cache.engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        present = has_index(raw)
        pending = present and raw.execute(f"SELECT 1 FROM {PENDING} LIMIT 1").fetchone()
    if not present:
        build_index(cache)
        return True
    if pending:  # rows written by another program (QGIS, GDAL) since our last commit
        with cache.engine.connect().execution_options(cimview_write=True) as conn:
            conn.begin()
            raw = conn.connection.driver_connection
            assert raw is not None
            refresh(raw)
            conn.commit()
    return False


def pause_queue(raw: sqlite3.Connection, layer: str) -> str | None:
    """For a bulk insert: drop the layer's per-row insert trigger; returns its SQL (None when
    the layer feeds no index). :func:`resume_queue` puts it back and queues the rows at once."""
    if layer not in _SOURCES:
        return None
    row = raw.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                      (f"cimview_search_{layer}_insert",)).fetchone()
    if row is None:
        return None
    raw.execute(f"DROP TRIGGER cimview_search_{layer}_insert")
    return str(row[0])


def resume_queue(raw: sqlite3.Connection, layer: str, trigger: str, first: int,
                 last: int) -> None:
    """Recreate the insert trigger and queue the rows fid first..last in one statement."""
    raw.execute(trigger)
    raw.execute(f"INSERT INTO {PENDING} SELECT ?, fid, 'insert', NULL FROM \"{layer}\" "
                "WHERE fid BETWEEN ? AND ?", (layer, first, last))


# -- building -------------------------------------------------------------------------------------
def rebuild(raw: sqlite3.Connection) -> dict[str, int]:
    """Recompute every name from the layers; returns the number of names per kind."""
    raw.execute(f"DELETE FROM {NAMES}")
    raw.execute(f"DELETE FROM {FTS}")
    raw.execute(f"DELETE FROM {VARIANTS}")
    raw.execute(f"DELETE FROM {PENDING}")
    rows = _address_names(raw, None) + _road_names(raw, None) + _building_names(raw, None)
    _insert(raw, rows)
    return dict(raw.execute(f"SELECT kind, count(*) FROM {NAMES} GROUP BY kind").fetchall())


def refresh(raw: sqlite3.Connection) -> None:
    """Apply the queue of changed rows to the index (inside the caller's transaction)."""
    queued = raw.execute(f"SELECT layer, fid, op, old FROM {PENDING}").fetchall()
    if not queued:
        return
    if len(queued) > REBUILD_ABOVE:
        rebuild(raw)
        return
    fids: dict[str, set[int]] = defaultdict(set)
    stale: set[tuple[str, str]] = set()
    for layer, fid, op, old in queued:
        if op != "delete":
            fids[layer].add(int(fid))
        if old:
            kinds = _SOURCES[layer] if layer == "addresses" else (
                ("road",) if layer == "roads" else ("building",))
            for kind, value in zip(kinds, json.loads(old), strict=False):
                if value:
                    stale.add((kind, value))
    rows = (_address_names(raw, fids.get("addresses", set()))
            + _road_names(raw, fids.get("roads", set()))
            + _building_names(raw, fids.get("buildings", set())))
    _insert(raw, rows)
    current = {(r[0], r[1]) for r in rows}  # a replaced row usually keeps its names
    for kind, name in _unused(raw, stale - current):
        row = raw.execute(f"SELECT id, norm FROM {NAMES} WHERE kind = ? AND name = ?",
                          (kind, name)).fetchone()
        if row:
            raw.execute(f"DELETE FROM {NAMES} WHERE id = ?", row[:1])
            raw.execute(f"DELETE FROM {FTS} WHERE rowid = ?", row[:1])
            raw.executemany(f"DELETE FROM {VARIANTS} WHERE variant = ? AND name_id = ?",
                            ((v, row[0]) for v in variants(row[1])))
    raw.execute(f"DELETE FROM {PENDING}")


def _unused(raw: sqlite3.Connection, names: set[tuple[str, str]]) -> list[tuple[str, str]]:
    """The (kind, name) pairs no row of the layers holds any more."""
    out = []
    by_kind: dict[str, list[str]] = defaultdict(list)
    for kind, name in names:
        by_kind[kind].append(name)
    for kind, values in by_kind.items():
        if kind in ("building", "road", "compound"):  # indexed: one lookup per name
            for name in values:
                found = (raw.execute("SELECT 1 FROM buildings WHERE name = ?", (name,))
                         if kind == "building" else raw.execute(
                             f'SELECT 1 FROM addresses WHERE "{kind}" = ?', (name,))).fetchone()
                if not found and kind == "road":
                    found = raw.execute("SELECT 1 FROM roads WHERE name = ?", (name,)).fetchone()
                if not found:
                    out.append((kind, name))
        else:  # areas: one pass over the address library for all of them
            marks = ",".join("?" * len(values))
            kept = {r[0] for r in raw.execute(
                f'SELECT DISTINCT "{kind}" FROM addresses WHERE "{kind}" IN ({marks})', values)}
            out += [(kind, name) for name in values if name not in kept]
    return out


#: kind, name, x, y and, for 省/市/区/街道/社区, the standard address of the area
NameRow = tuple[str, str, float | None, float | None, str | None]


def _where_fids(fids: set[int] | None) -> tuple[str, list[int]]:
    if fids is None:
        return "", []
    return f" WHERE fid IN ({','.join('?' * len(fids))})", sorted(fids)


def _select(raw: sqlite3.Connection, layer: str, cols: str,
            fids: set[int] | None) -> list[tuple[Any, ...]]:
    if fids is not None and not fids:
        return []
    out: list[tuple[Any, ...]] = []
    ids = sorted(fids) if fids is not None else None
    step = 900
    for lo in range(0, len(ids), step) if ids is not None else [None]:
        chunk = None if lo is None or ids is None else set(ids[lo:lo + step])
        where, args = _where_fids(chunk)
        out += raw.execute(f'SELECT {cols} FROM "{layer}"{where}', args).fetchall()
    return out


def _points(blobs: list[bytes | None]) -> tuple[np.ndarray, np.ndarray]:
    geoms = gpkg.decode(blobs) if blobs else np.array([], dtype=object)
    return shapely.get_x(geoms), shapely.get_y(geoms)


def _address_names(raw: sqlite3.Connection, fids: set[int] | None) -> list[NameRow]:
    cols = ", ".join(ADDRESS_KINDS)
    rows = _select(raw, "addresses", f"{cols}, level, geom", fids)
    if not rows:
        return []
    x, y = _points([r[-1] for r in rows])
    gate = np.array([r[-2] == "门牌" for r in rows])
    out: list[NameRow] = []
    for k, kind in enumerate(ADDRESS_KINDS):
        ids: dict[str, int] = {}
        inv = np.fromiter((ids.setdefault(r[k], len(ids)) if r[k] else -1 for r in rows),
                          dtype=np.int64, count=len(rows))
        if not ids:
            continue
        ok = (inv >= 0) & ~np.isnan(x)
        if kind == "compound":  # a compound is where its gate is, when it has one
            has_gate = np.bincount(inv[ok & gate], minlength=len(ids)) > 0
            ok &= gate | ~has_gate[np.maximum(inv, 0)]
        n = np.bincount(inv[ok], minlength=len(ids))
        sx = np.bincount(inv[ok], weights=x[ok], minlength=len(ids))
        sy = np.bincount(inv[ok], weights=y[ok], minlength=len(ids))
        area: list[str | None] = [None] * len(ids)
        if k < ADDRESS_KINDS.index("road"):  # an area: its address from its first row
            named, first = np.unique(inv, return_index=True)
            for i, j in zip(named.tolist(), first.tolist(), strict=True):
                if i >= 0:
                    area[i] = "".join(v for v in rows[j][:k + 1] if v)
        for name, i in ids.items():
            out.append((kind, name, sx[i] / n[i] if n[i] else None,
                        sy[i] / n[i] if n[i] else None, area[i]))
    return out


def _road_names(raw: sqlite3.Connection, fids: set[int] | None) -> list[NameRow]:
    rows = [r for r in _select(raw, "roads", "name, geom", fids) if r[0]]
    if not rows:
        return []
    lines = gpkg.decode([r[1] for r in rows])
    length = shapely.length(lines)
    mid = shapely.line_interpolate_point(lines, 0.5, normalized=True)
    best: dict[str, int] = {}
    for i, (name, _) in enumerate(rows):
        if name not in best or length[i] > length[best[name]]:
            best[name] = i
    return [("road", name, float(shapely.get_x(mid[i])), float(shapely.get_y(mid[i])), None)
            for name, i in best.items()]


def _building_names(raw: sqlite3.Connection, fids: set[int] | None) -> list[NameRow]:
    rows = [r for r in _select(raw, "buildings", "name, geom", fids)
            if r[0] and not (r[0][-1] in _BUILDING_WORD_ENDS
                             and _DERIVED_BUILDING.search(norm(r[0])))]
    if not rows:
        return []
    cent = shapely.centroid(gpkg.decode([r[1] for r in rows]))
    xs, ys = shapely.get_x(cent), shapely.get_y(cent)
    return [("building", r[0], float(xs[i]), float(ys[i]), None) for i, r in enumerate(rows)]


def _insert(raw: sqlite3.Connection, rows: list[NameRow]) -> None:
    """Insert names not yet present (a (kind, name) pair is unique), with their FTS rows."""
    if not rows:
        return
    data = []
    for kind, name, x, y, address in rows:
        full, initials = pinyin(name)
        data.append((kind, name, norm(name), full, initials,
                     None if x is None or x != x else float(x),
                     None if y is None or y != y else float(y), address))
    top = raw.execute(f"SELECT coalesce(max(id), 0) FROM {NAMES}").fetchone()[0]
    raw.executemany(f"INSERT OR IGNORE INTO {NAMES} (kind, name, norm, pinyin, initials, x, y, "
                    "full_address) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", data)
    raw.execute(f"INSERT INTO {FTS} (rowid, norm, pinyin, initials) "
                f"SELECT id, norm, pinyin, initials FROM {NAMES} WHERE id > ?", (top,))
    raw.executemany(f"INSERT OR IGNORE INTO {VARIANTS} (variant, name_id) VALUES (?, ?)",
                    ((v, i) for i, n in raw.execute(
                        f"SELECT id, norm FROM {NAMES} WHERE id > ?", (top,)).fetchall()
                     for v in variants(n)))


def variants(name: str) -> set[str]:
    """A normalised name and the name with each one character deleted (none if short)."""
    if len(name) < TYPO_MIN:
        return set()
    return {name} | {name[:i] + name[i + 1:] for i in range(len(name))}


# -- the cache's transaction hooks ----------------------------------------------------------------
class _IndexHook:
    """Keeps the index in step inside every cache write transaction (see store.hooks)."""

    def created(self, raw: sqlite3.Connection) -> None:
        create(raw)

    def pause_insert(self, raw: sqlite3.Connection, layer: str) -> str | None:
        return pause_queue(raw, layer)

    def resume_insert(self, raw: sqlite3.Connection, layer: str, token: str | None, first: int,
                      last: int) -> None:
        if token is not None:
            resume_queue(raw, layer, token, first, last)

    def before_commit(self, raw: sqlite3.Connection) -> None:
        if has_index(raw):  # the address index changes with its layers
            refresh(raw)


HOOK = _IndexHook()
hooks.register(HOOK)
