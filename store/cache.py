"""The local cache: one GeoPackage file per city or work area, written through SQLAlchemy 2.

Every write goes through :meth:`Cache.transaction`: an import or an update either completes or
changes nothing. Each committed transaction bumps the version of every layer it touched, updates
the layer's extent in ``gpkg_contents`` and keeps the R*Tree spatial indexes in step.

Concurrency and safety (see also :mod:`store.check`):

- The cache is in SQLite's WAL mode: readers (the viewer, ``cimview info``, a search) keep
  reading the state before a write, however long the write takes.
- Every write connection is checkpointed (TRUNCATE) when it is handed back, and the last one to
  close removes the log: whenever no write runs, the ``.gpkg`` alone is the whole cache.
- A second writer waits its turn, saying once whom it waits for (:data:`wait_reporter`):
  cimview writers queue on the writer lock file (:mod:`store.lock`), any other program's write
  through SQLite's own lock, up to :data:`WRITER_WAIT_S`.
- A full disk is a :class:`~store.boundary.DiskFull` naming the cache, after a rollback that
  leaves the cache as it was; a commit that the disk could not take in full is refused before
  it is made.
- A read-only cache (file, directory or medium) opens read-only.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import secrets
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import numpy as np
import shapely
from pyproj import CRS
from sqlalchemy import Connection, Engine, create_engine, delete, event, insert, select, text
from sqlalchemy.exc import DatabaseError, OperationalError

from store import cipher, gpkg, lifespan, rtree_bulk
from store.boundary import DiskFull, _disk_full
from store.crs import crs_label, horizontal, parse_crs
from store.errors import CacheError
from store.hooks import hooks
from store.lock import CacheBusy, held, holder, writer_lock
from store.messages import Message, msg
from store.schema import (
    LAYERS,
    SCHEMA_VERSION,
    LayerSpec,
    datasets_table,
    imports_table,
    meta_table,
    metadata,
    rasters_table,
)

_log = logging.getLogger("cimview")

#: ``Cache.read(at=NOW)``: what stands at the cache's viewing time (:attr:`Cache.at`), which
#: is this moment unless the map was set to another time
NOW = "now"
#: ``at`` for "every time": the recorded city and the chosen scenarios' planned features,
#: whatever their lifespans (what a scene that follows the time loads, see
#: :meth:`Cache.lifespan_sql`).
EVERY_TIME = "every time"

#: SQLite's busy timeout for any statement (readers in WAL mode practically never wait).
BUSY_TIMEOUT_MS = 10_000
#: How long a writer waits for another writer before giving up with CacheBusy.
WRITER_WAIT_S = 3600.0
#: A checkpoint waits this long for readers of older snapshots, then is left for later.
_CHECKPOINT_TIMEOUT_MS = 2_000
#: Free space a commit needs beyond the growth of the file and the pages not yet in the log.
_COMMIT_MARGIN = 256 << 10
_JOURNALS = ("-journal", "-wal", "-shm")
#: Page cache of a write transaction (KiB): fewer pages spilled to the log, and written again.
_WRITE_CACHE_KIB = 65_536


def _log_wait(path: Path, message: Message) -> None:
    _log.warning("%s: %s", path, message)


#: Called once, with the cache and a Message, when a write starts waiting for another writer.
#: Logged as a warning by default (printed on stderr by the command line); app/ may replace it.
wait_reporter: Callable[[Path, Message], None] = _log_wait


def waiting_message(who: Mapping[str, Any]) -> Message:
    """What a waiting writer says: whom it waits for (``who`` as :func:`store.lock.holder`)."""
    if who:
        return msg("waiting for another writer to finish: {purpose} (process {pid} on {host}, "
                   "since {since})", purpose=who.get("purpose", "?"), pid=who.get("pid", "?"),
                   host=who.get("host", "?"), since=who.get("since", "?"))
    return msg("waiting for another program that is writing to this cache")


def utc_now() -> str:
    """The current time as the cache writes it: UTC, ISO 8601, millisecond precision."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_gids(n: int) -> list[str]:
    """n fresh global ids (random version-4 UUIDs), made in bulk."""
    raw = np.frombuffer(os.urandom(16 * n), dtype=np.uint8).reshape(n, 16).copy()
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80
    h = raw.tobytes().hex()
    return [f"{h[i:i + 8]}-{h[i + 8:i + 12]}-{h[i + 12:i + 16]}-{h[i + 16:i + 20]}-"
            f"{h[i + 20:i + 32]}" for i in range(0, 32 * n, 32)]


@dataclass(frozen=True)
class LayerInfo:
    """One feature layer as a user sees it: name, titles, count, extent, version."""

    name: str
    title_zh: str
    title_en: str
    geometry_type: str
    has_z: bool
    count: int
    extent: tuple[float, float, float, float] | None  # minx, miny, maxx, maxy
    version: int
    updated_at: str | None


@dataclass
class Features:
    """Rows of one layer: fids, shapely geometries and the requested attribute columns."""

    fids: np.ndarray
    geoms: np.ndarray
    columns: dict[str, list[Any]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.fids)


@dataclass(frozen=True)
class Raster:
    """A raster held by the cache: its GeoTIFF bytes and what describes them."""

    name: str
    kind: str
    crs: str
    width: int
    height: int
    transform: tuple[float, ...]
    nodata: float | None
    min_z: float | None
    max_z: float | None
    data: bytes


class Transaction:
    """One write transaction on a cache; use through ``with cache.transaction() as tx``."""

    def __init__(self, cache: Cache, conn: Connection):
        self.cache = cache
        self.conn = conn
        self.touched: dict[str, str] = {}  # layer -> source
        self.trail: list[tuple[str, dict[str, Any]]] = []  # (kind, details), see record()

    # -- features -------------------------------------------------------------------------------
    def insert(self, layer: str, geoms: Sequence[Any] | np.ndarray,
               columns: Mapping[str, Sequence[Any] | np.ndarray] | None = None, *,
               source: str, replace: bool = False) -> int:
        """Insert features; with ``replace``, rows whose gid already exists are replaced and
        their version goes up by one. Returns the number of rows written."""
        spec = _spec(layer)
        geoms = np.asarray(geoms, dtype=object)
        n = len(geoms)
        columns = dict(columns or {})
        unknown = set(columns) - set(spec.table.c.keys())
        if unknown:
            raise ValueError(f"{layer}: unknown columns {sorted(unknown)}")
        for name, values in columns.items():
            if len(values) != n:
                raise ValueError(f"{layer}.{name}: {len(values)} values for {n} geometries")
        if n == 0:
            return 0
        gids = ([str(g) for g in columns.pop("gid")] if "gid" in columns
                else new_gids(n))
        versions = np.ones(n, dtype=np.int64)
        if replace:
            versions = self._drop_existing(spec, gids, versions)
        now = utc_now()
        data = {name: _plain(values) for name, values in columns.items()}
        data.setdefault("updated_at", [now] * n)
        data["source"] = [source] * n
        data.setdefault("local_edit", [0] * n)
        if "version" not in data:
            data["version"] = versions.tolist()
        data["gid"] = gids
        blobs = gpkg.encode(geoms, self.cache.srs_id, has_z=spec.has_z)
        base = self._next_fid(spec)
        fids = list(range(base, base + n))
        data["fid"] = fids
        data["geom"] = blobs
        # A column holding one value in every row (the source, the time, a survey's empty or
        # constant fields) is written into the statement once instead of bound per row.
        fixed = {k: lit for k, v in data.items() if (lit := _same_literal(v)) is not None}
        names = [k for k in data if k not in fixed]
        bounds = shapely.bounds(geoms)
        rtree = gpkg.rtree_name(spec.name, "geom")
        raw = self.conn.connection.driver_connection
        assert raw is not None
        # Bulk path: fill the R*Tree from the bounds already in hand instead of five SQL
        # function calls per row, and let derived tables (the search index) queue the rows in
        # one statement instead of a trigger per row; all triggers are back before it ends.
        paused = [(hook, hook.pause_insert(raw, spec.name)) for hook in hooks()]
        raw.execute(f'DROP TRIGGER "{rtree}_insert"')
        quoted = ", ".join(f'"{c}"' for c in [*names, *fixed])
        marks = ", ".join(["?"] * len(names) + list(fixed.values()))
        sql = f'INSERT INTO "{spec.name}" ({quoted}) VALUES ({marks})'
        raw.executemany(sql, zip(*(data[k] for k in names), strict=True))
        idx = np.flatnonzero(~np.isnan(bounds[:, 0]))
        fid_arr = np.asarray(fids, dtype=np.int64)
        # An empty index (a first import into the layer) is packed in one pass, as GDAL does;
        # else R*Tree inserts in spatial (Morton) order touch far fewer nodes than random.
        if not rtree_bulk.bulk_load(raw, rtree, fid_arr[idx], bounds[idx]):
            idx = idx[np.argsort(_morton(bounds[idx]), kind="stable")]
            raw.executemany(
                f'INSERT INTO "{rtree}" VALUES (?, ?, ?, ?, ?)',
                zip(fid_arr[idx].tolist(), bounds[idx, 0].tolist(), bounds[idx, 2].tolist(),
                    bounds[idx, 1].tolist(), bounds[idx, 3].tolist(), strict=True))
        raw.execute(gpkg.rtree_insert_trigger(spec.name, "geom"))
        for hook, token in paused:
            hook.resume_insert(raw, spec.name, token, fids[0], fids[-1])
        self.touched[layer] = source
        return n

    def is_empty(self, layer: str) -> bool:
        """Whether the layer holds no row at all (in this transaction)."""
        return self.conn.exec_driver_sql(
            f'SELECT 1 FROM "{_spec(layer).name}" LIMIT 1').first() is None

    def delete(self, layer: str, gids: Sequence[str]) -> int:
        """Delete features by gid; returns how many existed."""
        spec = _spec(layer)
        total = 0
        for lo in range(0, len(gids), 500):
            chunk = list(gids[lo:lo + 500])
            res = self.conn.execute(delete(spec.table).where(spec.table.c.gid.in_(chunk)))
            total += res.rowcount
        if total:
            self.touched.setdefault(layer, "delete")
        return total

    def end(self, layer: str, rows: Sequence[tuple[str, str, int, str]]) -> int:
        """End features' lifespans, keeping them as history: ``rows`` of (gid, valid_to,
        version, updated_at). Returns how many existed."""
        spec = _spec(layer)
        if not rows:
            return 0
        res = self.conn.execute(text(
            f'UPDATE "{spec.name}" SET valid_to = :end, version = :v, updated_at = :u '
            "WHERE gid = :g"), [{"end": end, "v": v, "u": u, "g": gid}
                                for gid, end, v, u in rows])  # one executemany
        total = max(res.rowcount, 0)
        if total:
            self.touched.setdefault(layer, "end")
        return total

    def _drop_existing(self, spec: LayerSpec, gids: list[str], versions: np.ndarray) -> np.ndarray:
        if self.is_empty(spec.name):  # a first import: nothing to replace
            return versions
        pos = {g: i for i, g in enumerate(gids)}
        t = spec.table
        for lo in range(0, len(gids), 500):
            chunk = gids[lo:lo + 500]
            query = select(t.c.gid, t.c.version).where(t.c.gid.in_(chunk))
            for gid, version in self.conn.execute(query):
                versions[pos[gid]] = version + 1
            self.conn.execute(delete(t).where(t.c.gid.in_(chunk)))
        return versions

    def _next_fid(self, spec: LayerSpec) -> int:
        seq = self.conn.execute(text("SELECT seq FROM sqlite_sequence WHERE name = :n"),
                                {"n": spec.name}).scalar()
        top = self.conn.execute(text(f'SELECT max(fid) FROM "{spec.name}"')).scalar()
        return max(seq or 0, top or 0) + 1

    # -- rasters, metadata, import log ---------------------------------------------------------
    def put_raster(self, name: str, kind: str, geotiff: bytes, *, crs: str, width: int,
                   height: int, transform: Sequence[float], nodata: float | None,
                   min_z: float | None, max_z: float | None, source: str) -> None:
        """Store (or replace) a GeoTIFF in the cache; its version goes up on replacement."""
        t = rasters_table
        old = self.conn.execute(select(t.c.version).where(t.c.name == name)).scalar()
        self.conn.execute(delete(t).where(t.c.name == name))
        self.conn.execute(insert(t).values(
            name=name, kind=kind, crs=crs, width=width, height=height,
            transform=json.dumps(list(transform)), nodata=nodata, min_z=min_z, max_z=max_z,
            data=geotiff, version=(old or 0) + 1, updated_at=utc_now(), source=source))
        self.touched[f"raster:{name}"] = source

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute(delete(meta_table).where(meta_table.c.key == key))
        self.conn.execute(insert(meta_table).values(key=key, value=value))

    def log_import(self, file: str, kind: str, report: Mapping[str, Any]) -> None:
        self.conn.execute(insert(imports_table).values(
            imported_at=utc_now(), file=file, kind=kind,
            report=json.dumps(report, ensure_ascii=False)))

    def record(self, kind: str, /, **details: Any) -> None:
        """Append an entry to the cache's trail (:mod:`store.audit`) when, and only when, this
        transaction commits: ``tx.record("export", file=name, sha256=digest, layers=[...])``.
        Keep details small (counts, ids, a file's name and hash), never the rows."""
        self.trail.append((kind, details))

    # -- commit bookkeeping ---------------------------------------------------------------------
    def _finish(self) -> None:
        raw = self.conn.connection.driver_connection
        assert raw is not None
        if self.trail:  # the trail's entries commit with the change they record
            from store import audit

            audit.append(self.conn, self.trail)
        for hook in hooks():  # derived tables (the address index) change with their layers
            hook.before_commit(raw)
        now = utc_now()
        for layer, source in self.touched.items():
            self.conn.execute(text(
                "UPDATE cimview_datasets SET version = version + 1, updated_at = :now, "
                "source = :src WHERE name = :n"), {"now": now, "src": source, "n": layer})
            if layer in LAYERS:
                rtree = gpkg.rtree_name(layer, "geom")
                ext = self.conn.execute(text(
                    f'SELECT min(minx), min(miny), max(maxx), max(maxy) FROM "{rtree}"')).one()
                self.conn.execute(text(
                    "UPDATE gpkg_contents SET last_change = :now, min_x = :a, min_y = :b, "
                    "max_x = :c, max_y = :d WHERE table_name = :n"),
                    {"now": now, "a": ext[0], "b": ext[1], "c": ext[2], "d": ext[3], "n": layer})


class Cache:
    """A cimview cache file. Open with :meth:`open`, make one with :meth:`create`."""

    def __init__(self, path: Path, engine: Engine, *, read_only: bool = False):
        self.path = path
        self.engine = engine
        self.read_only = read_only
        self._wal = read_only  # an older cache goes to WAL mode at its first write
        self.meta = self._read_meta()
        self.srs_id = int(self.meta["srs_id"])
        self.crs: CRS = (parse_crs(self.meta["crs"]) if self.meta["crs"].startswith("EPSG:")
                         else CRS.from_wkt(self.meta["crs_wkt"]))
        self.vertical_crs: str | None = self.meta.get("vertical_crs") or None
        #: whether features carry their lifespans (schema 2; an old read-only cache does not)
        self.has_lifespans = int(self.meta.get("schema_version") or 1) >= 2
        #: the time the city is viewed at (store.lifespan text), or NOW: what every read of
        #: features serves by default (the map's time, layers.model.CityModel.set_time)
        self.at: str = NOW
        #: the planning scenarios shown with the recorded city: a scenario's gid and those it
        #: builds on (store.scenarios.chain); empty: the city as recorded, nothing planned
        self.scenarios: tuple[str, ...] = ()

    # -- opening -------------------------------------------------------------------------------
    @classmethod
    def create(cls, path: str | os.PathLike[str], crs: str | int | CRS, *,
               vertical_crs: str | None = None, name: str = "",
               passphrase: str | None = None) -> Cache:
        """Create a new, empty cache. The file must not exist.

        The cache is built under a temporary name of its own and linked into place only when
        complete, without replacing anything: of two processes creating the same path, one
        gets CacheError "already exists" and neither clobbers the other. With ``passphrase``
        it is encrypted (:mod:`store.cipher`). Only its owner can read the file."""
        path = Path(path)
        if path.exists():
            raise CacheError("already exists", path=path)
        path.parent.mkdir(parents=True, exist_ok=True)
        hcrs = horizontal(parse_crs(crs))
        tmp = _claim_temp(path, "creating")
        new_key = cipher.new_key(passphrase) if passphrase else None
        engine = _engine(tmp, new_key=new_key)
        try:
            with engine.connect() as conn:  # outside a transaction, as SQLite requires
                raw = conn.connection.driver_connection
                assert raw is not None
                raw.execute("PRAGMA journal_mode = WAL")
            with engine.begin() as conn:
                raw = conn.connection.driver_connection
                gpkg.init_database(raw)
                srs_id = gpkg.register_srs(raw, hcrs)
                metadata.create_all(conn)
                for spec in LAYERS.values():
                    gpkg.add_feature_table(raw, spec.name, "geom", spec.geometry_type, srs_id,
                                           spec.has_z, f"{spec.title_zh} {spec.title_en}")
                now = utc_now()
                conn.execute(insert(datasets_table), [
                    {"name": n, "version": 0, "updated_at": now, "source": "create"}
                    for n in LAYERS])
                meta = {"schema_version": str(SCHEMA_VERSION), "crs": crs_label(hcrs),
                        "crs_wkt": hcrs.to_wkt(), "srs_id": str(srs_id),
                        "vertical_crs": vertical_crs or "", "name": name, "created_at": now}
                conn.execute(insert(meta_table), [{"key": k, "value": v} for k, v in meta.items()])
                for hook in hooks():
                    hook.created(raw)
            engine.dispose()
            if new_key is not None:
                cipher.keep(*new_key)
            _link_into_place(tmp, path)
        except Exception as exc:
            if _disk_full(exc):
                raise DiskFull("the disk is full: nothing was written", path=path) from exc
            raise
        finally:
            engine.dispose()
            _remove_db(tmp)
        return cls(path, _engine(path))

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> Cache:
        """Open an existing cache; a clear CacheError when it is missing or not a cimview cache."""
        path = Path(path)
        if not path.is_file():
            raise CacheError("no such cache file", path=path)
        head = cipher.header(path)
        encrypted = not cipher.is_plain(head)
        if encrypted and not cipher.may_be_encrypted(path):
            raise CacheError("not a cimview cache (not an SQLite/GeoPackage file)", path=path)
        if not encrypted and int.from_bytes(head[68:72], "big") != gpkg.APPLICATION_ID:
            raise CacheError("not a cimview cache (not a GeoPackage)", path=path)
        read_only = not writable(path)
        engine = _engine(path, read_only=read_only)
        try:
            if encrypted:
                _check_encrypted(engine, path)
            with engine.connect() as conn:
                has_meta = conn.execute(text(
                    "SELECT 1 FROM sqlite_master WHERE name = 'cimview_meta'")).first()
                if not has_meta:
                    raise CacheError("a GeoPackage, but not a cimview cache (import its layers "
                                     "with 'cimview import')", path=path)
                version = conn.execute(select(meta_table.c.value).where(
                    meta_table.c.key == "schema_version")).scalar()
            if int(version or 0) > SCHEMA_VERSION:
                raise CacheError("made by a newer cimview (cache schema {version}, this cimview "
                                 "reads up to {supported})", path=path, version=version,
                                 supported=SCHEMA_VERSION)
            if not read_only:
                _add_missing_tables(engine)
                _upgrade(engine, int(version or 0))
            return cls(path, engine, read_only=read_only)
        except BaseException:
            engine.dispose()
            raise

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------------
    @contextmanager
    def transaction(self, *, purpose: str | None = None) -> Iterator[Transaction]:
        """A write transaction: everything in the block commits together, or nothing does.

        Waits its turn while another cimview process writes this cache (reporting once
        through :data:`wait_reporter`; ``purpose`` is what others are told this writer does,
        by default its command line). A full disk raises :class:`~store.boundary.DiskFull`
        naming the cache, after the rollback."""
        if not self._wal:
            _use_wal(self.engine)
            self._wal = True
        with ExitStack() as stack:
            # Another thread of this process holding the lock (a sync on a worker) does not
            # keep this one from writing between its transactions: SQLite's lock orders them.
            # No lock file in a read-only place: SQLite's own locks still hold there.
            with suppress(OSError):
                if not held(self.path) or held(self.path, this_thread=True):
                    stack.enter_context(writer_lock(
                        self.path, purpose or _command_line(), wait=WRITER_WAIT_S,
                        on_wait=lambda who: wait_reporter(self.path, waiting_message(who))))
            try:
                with self.engine.connect().execution_options(cimview_write=True) as conn:
                    conn.begin()
                    tx = Transaction(self, conn)
                    try:
                        yield tx
                        tx._finish()
                        self._room_to_commit(conn)
                    except BaseException:
                        conn.rollback()
                        raise
                    conn.commit()
            except Exception as exc:
                if _disk_full(exc):
                    raise DiskFull("the disk is full: nothing was written",
                                   path=self.path) from exc
                raise

    def _room_to_commit(self, conn: Connection) -> None:
        """Refuse a commit the disk could not take in full: in WAL mode the file grows by the
        new pages when the log is checkpointed into it, after the commit."""
        raw = conn.connection.driver_connection
        assert raw is not None
        if raw.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            return  # rollback journal: the file has grown already
        pages = raw.execute("PRAGMA page_count").fetchone()[0]
        size = int(raw.execute("PRAGMA page_size").fetchone()[0])  # SQLCipher: a string
        grow = pages * size - self.path.stat().st_size
        if grow <= 0:
            return
        # Pages still in the page cache go to the log at the commit: at most the cache.
        cache_size = raw.execute("PRAGMA cache_size").fetchone()[0]
        pending = -cache_size * 1024 if cache_size < 0 else cache_size * size
        st = os.statvfs(self.path.parent)
        if st.f_bavail * st.f_frsize < grow + min(pending, grow) + _COMMIT_MARGIN:
            raise DiskFull("the disk is full: nothing was written", path=self.path)

    # -- reading -------------------------------------------------------------------------------
    def _read_meta(self) -> dict[str, str]:
        with self.engine.connect() as conn:
            return {k: v for k, v in conn.execute(select(meta_table.c.key, meta_table.c.value))}

    def layers(self, at: str | None = NOW) -> list[LayerInfo]:
        """Every feature layer with its count (of what stands ``at``: see :meth:`read`),
        extent and version."""
        out = []
        clause, args = self.standing_sql(at)
        standing = f" WHERE {clause}" if clause else ""
        with self.engine.connect() as conn:
            versions = {r.name: r for r in conn.execute(select(datasets_table))}
            contents = {r[0]: r[1:] for r in conn.execute(text(
                "SELECT table_name, min_x, min_y, max_x, max_y FROM gpkg_contents"))}
            for spec in LAYERS.values():
                count = conn.execute(text(f'SELECT count(*) FROM "{spec.name}" t{standing}'),
                                     args).scalar() or 0
                ext = contents.get(spec.name)
                extent = tuple(float(v) for v in ext) if ext and ext[0] is not None else None
                ds = versions.get(spec.name)
                out.append(LayerInfo(spec.name, spec.title_zh, spec.title_en, spec.geometry_type,
                                     spec.has_z, int(count), extent,
                                     int(ds.version) if ds else 0,
                                     ds.updated_at if ds else None))
        return out

    def count(self, layer: str, at: str | None = NOW) -> int:
        """How many features of a layer stand ``at`` (see :meth:`read`; None: all of them)."""
        clause, args = self.standing_sql(at)
        sql = f'SELECT count(*) FROM "{_spec(layer).name}" t' + (
            f" WHERE {clause}" if clause else "")
        with self.engine.connect() as conn:
            return int(conn.execute(text(sql), args).scalar())

    def time_span(self) -> tuple[str | None, str | None]:
        """The earliest and the latest time any feature's lifespan names (store.lifespan
        text), or Nones when none names one."""
        if not self.has_lifespans:
            return None, None
        parts = " UNION ALL ".join(
            f'SELECT min(valid_from), max(valid_from), max(valid_to) FROM "{spec.name}"'
            for spec in LAYERS.values())
        with self.engine.connect() as conn:
            rows = conn.execute(text(parts)).all()
        firsts = [r[0] for r in rows if r[0]]
        lasts = [v for r in rows for v in r[1:] if v]
        return (min(firsts) if firsts else None), (max(lasts) if lasts else None)

    def dated(self, layer: str) -> bool:
        """Whether the features of ``layer`` may stand differently at another time: any has
        a lifespan (planned ones included), or a chosen scenario removes something. One
        query that stops at the first dated row (a table of none is scanned once: ms)."""
        if not self.has_lifespans:
            return False
        name = _spec(layer).name
        sql = (f'SELECT EXISTS(SELECT 1 FROM "{name}" WHERE valid_from IS NOT NULL '
               "OR valid_to IS NOT NULL)")
        args = {f"_s{i}": gid for i, gid in enumerate(self.scenarios)}
        if args:
            marks = ", ".join(f":{k}" for k in args)
            sql += (" OR EXISTS(SELECT 1 FROM cimview_scenario_ends WHERE scenario_gid IN "
                    f"({marks}))")
        with self.engine.connect() as conn:
            return bool(conn.execute(text(sql), args).scalar())

    def standing_sql(self, at: str | None = NOW, alias: str = "t",
                     scenarios: tuple[str, ...] | None = None) -> tuple[str, dict[str, str]]:
        """The SQL condition (on a feature table aliased ``alias``) and its argument for
        "stands ``at``" (NOW: at :attr:`at`) with the planned features of ``scenarios``
        (None: :attr:`scenarios`); no condition for ``at=None`` or a cache without
        lifespans."""
        if at is None or not self.has_lifespans:
            return "", {}
        if at == EVERY_TIME:  # the chosen scenarios' features of any time
            if scenarios is not None and tuple(scenarios) != self.scenarios:
                raise ValueError("every time: only with the chosen scenarios")
            member, _, _, args = self.lifespan_sql(alias)
            return member, args
        if at == NOW:
            at = self.at
        chosen = self.scenarios if scenarios is None else tuple(scenarios)
        args = {"_at": lifespan.now() if at == NOW else at}
        args.update({f"_s{i}": gid for i, gid in enumerate(chosen)})
        marks = ", ".join(f":_s{i}" for i in range(len(chosen)))
        planned = removed = ""
        if marks:  # the scenario's features, less the recorded ones it removes by then
            planned = f" OR {alias}.scenario IN ({marks})"
            removed = (" AND NOT EXISTS (SELECT 1 FROM cimview_scenario_ends e WHERE "
                       f"e.feature_gid = {alias}.gid AND e.scenario_gid IN ({marks}) AND "
                       "e.valid_to <= :_at)")
        return (f"({lifespan.standing_sql(alias, '_at')} AND ({alias}.scenario IS NULL"
                f"{planned}){removed})"), args

    def lifespan_sql(self, alias: str = "t") -> tuple[str, str, str, dict[str, str]]:
        """For a scene that follows the time without reading again: the SQL condition "the
        recorded city or the chosen scenarios, at any time" on a feature table aliased
        ``alias``, the expressions of each feature's start and end as seen from those
        scenarios (a recorded feature a scenario removes ends when it is removed), and their
        arguments. Without lifespans: no condition, NULL times."""
        if not self.has_lifespans:
            return "", "NULL", "NULL", {}
        args = {f"_s{i}": gid for i, gid in enumerate(self.scenarios)}
        marks = ", ".join(f":_s{i}" for i in range(len(self.scenarios)))
        if not marks:
            return f"{alias}.scenario IS NULL", f"{alias}.valid_from", f"{alias}.valid_to", {}
        removed = ("(SELECT min(e.valid_to) FROM cimview_scenario_ends e WHERE "
                   f"e.feature_gid = {alias}.gid AND e.scenario_gid IN ({marks}))")
        end = (f"CASE WHEN {removed} IS NULL THEN {alias}.valid_to "
               f"WHEN {alias}.valid_to IS NULL THEN {removed} "
               f"ELSE min({alias}.valid_to, {removed}) END")
        return (f"({alias}.scenario IS NULL OR {alias}.scenario IN ({marks}))",
                f"{alias}.valid_from", end, args)

    def extent(self) -> tuple[float, float, float, float] | None:
        """The union of all layer extents (and of the DEM), in the cache CRS.

        Reads the extents kept in gpkg_contents at each commit: no table is scanned."""
        with self.engine.connect() as conn:
            boxes = [tuple(r) for r in conn.execute(text(
                "SELECT min_x, min_y, max_x, max_y FROM gpkg_contents "
                "WHERE data_type = 'features' AND min_x IS NOT NULL"))]
        dem = self.raster_info("dem")
        if dem:
            a, _, c, _, e, f = dem["transform"]
            boxes.append((c, f + e * dem["height"], c + a * dem["width"], f))
        if not boxes:
            return None
        arr = np.array(boxes)
        return (float(arr[:, 0].min()), float(arr[:, 1].min()),
                float(arr[:, 2].max()), float(arr[:, 3].max()))

    def read(self, layer: str, columns: Sequence[str] = (), *,
             bbox: tuple[float, float, float, float] | None = None,
             where: str | None = None, params: Mapping[str, Any] | None = None,
             geometry: bool = True, at: str | None = NOW) -> Features:
        """Features of a layer, optionally within bbox (minx, miny, maxx, maxy) via the R*Tree.

        ``where`` is an SQL condition on the layer's columns (the table is aliased ``t``);
        ``geometry=False`` skips reading and decoding geometries (``geoms`` is then empty).
        ``at``: only what stands at that moment (:func:`store.lifespan.instant` text; by default
        now: not what was demolished, nor what is only planned); :data:`EVERY_TIME`: what
        stood, stands or is planned in the chosen scenarios at any time; None: every feature,
        history and every scenario included."""
        spec = _spec(layer)
        for c in columns:
            if c not in spec.table.c:
                raise ValueError(f"{layer}: unknown column {c!r}")
        geom = "t.geom" if geometry else "NULL"
        cols = ", ".join(["t.fid", geom, *(f't."{c}"' for c in columns)])
        sql = f'SELECT {cols} FROM "{spec.name}" t'
        clauses = []
        args: dict[str, Any] = dict(params or {})
        if bbox is not None:
            rtree = gpkg.rtree_name(spec.name, "geom")
            sql += f' JOIN "{rtree}" r ON r.id = t.fid'
            clauses.append("r.maxx >= :minx AND r.minx <= :maxx AND r.maxy >= :miny "
                           "AND r.miny <= :maxy")
            args.update(minx=bbox[0], miny=bbox[1], maxx=bbox[2], maxy=bbox[3])
        if where:
            clauses.append(f"({where})")
        standing, when = self.standing_sql(at)
        if standing:
            clauses.append(standing)
            args.update(when)
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY t.fid"
        with self.engine.connect() as conn:
            rows = conn.execute(text(sql), args).all()
        fids = np.array([r[0] for r in rows], dtype=np.int64)
        geoms = (gpkg.decode([r[1] for r in rows]) if rows and geometry
                 else np.array([], dtype=object))
        data = {c: [r[i + 2] for r in rows] for i, c in enumerate(columns)}
        return Features(fids, geoms, data)

    def raster_info(self, name: str) -> dict[str, Any] | None:
        """Description of a stored raster without its bytes, or None."""
        t = rasters_table
        cols = [c for c in t.c if c.name != "data"]
        with self.engine.connect() as conn:
            row = conn.execute(select(*cols).where(t.c.name == name)).mappings().first()
        if row is None:
            return None
        info = dict(row)
        info["transform"] = tuple(json.loads(info["transform"]))
        return info

    def raster(self, name: str = "dem") -> Raster | None:
        """A stored raster with its GeoTIFF bytes (open with rasterio.MemoryFile), or None."""
        info = self.raster_info(name)
        if info is None:
            return None
        with self.engine.connect() as conn:
            data = conn.execute(select(rasters_table.c.data).where(
                rasters_table.c.name == name)).scalar()
        return Raster(name=name, kind=info["kind"], crs=info["crs"], width=info["width"],
                      height=info["height"], transform=info["transform"], nodata=info["nodata"],
                      min_z=info["min_z"], max_z=info["max_z"], data=bytes(data))

    def imports(self) -> list[dict[str, Any]]:
        """The import log, oldest first."""
        query = select(imports_table).order_by(imports_table.c.id)
        with self.engine.connect() as conn:
            return [dict(r) | {"report": json.loads(r["report"])}
                    for r in conn.execute(query).mappings()]


@contextmanager
def creating(path: str | os.PathLike[str], crs: str | int | CRS, **kw: Any) -> Iterator[Cache]:
    """Create a cache at a temporary name and move it into place only if the block succeeds."""
    path = Path(path)
    if path.exists():
        raise CacheError("already exists", path=path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.partial")
    cache = Cache.create(tmp, crs, **kw)
    try:
        try:
            yield cache
        finally:
            cache.close()
        _link_into_place(tmp, path)
    finally:
        _remove_db(tmp)
    cache.path = path
    cache.engine = _engine(path)


def _add_missing_tables(engine: Engine) -> None:
    """Give a cache made by an older cimview the tables added since (bookmarks, the water
    layer …), empty; a read-only file opens without them (readers treat them as empty)."""
    with engine.connect() as conn:
        have = {r[0] for r in conn.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'table'"))}
    missing = [t for t in metadata.sorted_tables if t.name not in have]
    if not missing:
        return
    layers = [spec for spec in LAYERS.values() if spec.name not in have]
    try:
        with engine.connect().execution_options(cimview_write=True) as conn, conn.begin():
            metadata.create_all(conn, tables=missing, checkfirst=True)
            raw = conn.connection.driver_connection
            srs_id = int(conn.execute(select(meta_table.c.value).where(
                meta_table.c.key == "srs_id")).scalar() or 0)
            for spec in layers:
                _forget_table(raw, spec.name)
                gpkg.add_feature_table(raw, spec.name, "geom", spec.geometry_type, srs_id,
                                       spec.has_z, f"{spec.title_zh} {spec.title_en}")
            raw.executemany(
                "INSERT OR IGNORE INTO cimview_datasets (name, version, updated_at, source) "
                "VALUES (?, 0, ?, 'upgrade')", [(spec.name, utc_now()) for spec in layers])
    except OperationalError:  # read-only after all: it opens, without them
        pass


def _upgrade(engine: Engine, version: int) -> None:
    """Bring a cache of an older schema to this one, in one transaction: schema 2 gives every
    feature table its lifespan and scenario columns (empty: nothing known of when things were
    built, nothing planned). A cache that cannot be written stays as it is and is read as it
    is; one that lacks nothing is only looked at (a PRAGMA per table), never written."""
    with engine.connect() as conn:
        missing = []
        for spec in LAYERS.values():
            have = {r[1] for r in conn.exec_driver_sql(f'PRAGMA table_info("{spec.name}")')}
            missing += [(spec.name, c) for c in spec.table.c if c.name not in have
                        and c.nullable and c.server_default is None]
    if not missing and version >= SCHEMA_VERSION:
        return
    try:
        with engine.connect().execution_options(cimview_write=True) as conn, conn.begin():
            for table, column in missing:
                conn.exec_driver_sql(f'ALTER TABLE "{table}" ADD COLUMN "{column.name}" '
                                     f"{column.type.compile(engine.dialect)}")
            conn.execute(delete(meta_table).where(meta_table.c.key == "schema_version"))
            conn.execute(insert(meta_table).values(key="schema_version",
                                                   value=str(SCHEMA_VERSION)))
    except OperationalError:  # read-only after all: it opens as it is
        pass


def _forget_table(raw: sqlite3.Connection, table: str) -> None:
    """Remove what a GeoPackage still says of a table that is gone (its contents row, geometry
    column, extensions, spatial index and triggers), so it can be added again."""
    for sql in ("DELETE FROM gpkg_extensions WHERE table_name = ?",
                "DELETE FROM gpkg_geometry_columns WHERE table_name = ?",
                "DELETE FROM gpkg_contents WHERE table_name = ?"):
        raw.execute(sql, (table,))
    index = gpkg.rtree_name(table, "geom")
    for (kind, name) in raw.execute(
            "SELECT type, name FROM sqlite_master WHERE (type = 'trigger' AND name LIKE ?) "
            "OR (type = 'table' AND name = ?)", (index + "%", index)).fetchall():
        raw.execute(f'DROP {"TRIGGER" if kind == "trigger" else "TABLE"} IF EXISTS "{name}"')


def _spec(layer: str) -> LayerSpec:
    try:
        return LAYERS[layer]
    except KeyError:
        raise ValueError(f"unknown layer {layer!r}; layers: {', '.join(LAYERS)}") from None


def _morton(bounds: np.ndarray) -> np.ndarray:
    """Z-order keys of bounding-box centres on a 65536 × 65536 grid over their extent."""
    cx = (bounds[:, 0] + bounds[:, 2]) / 2
    cy = (bounds[:, 1] + bounds[:, 3]) / 2
    keys = np.zeros(len(cx), dtype=np.uint64)
    for i, v in enumerate((cx, cy)):
        span = float(v.max() - v.min()) if len(v) else 0.0
        q = ((v - v.min()) / span * 65535).astype(np.uint64) if span > 0 else np.zeros(
            len(v), np.uint64)
        for bit in range(16):
            keys |= ((q >> np.uint64(bit)) & np.uint64(1)) << np.uint64(2 * bit + i)
    return keys


def _plain(values: Sequence[Any] | np.ndarray) -> list[Any]:
    """Values SQLite accepts: numpy scalars become Python ones, NaN becomes NULL."""
    if isinstance(values, np.ndarray):
        if values.dtype.kind == "f":
            out = values.tolist()
            for i in np.flatnonzero(np.isnan(values)).tolist():
                out[i] = None
            return out
        if values.dtype.kind in "iub":
            return values.tolist()
        values = values.tolist()
    kinds = set(map(type, values))
    if kinds <= _SQLITE_TYPES:  # nothing to convert (the usual case: text, ints, NULL)
        return list(values)
    if kinds <= _SQLITE_TYPES | {float}:  # Python floats: only NaN to turn into NULL
        return [None if v.__class__ is float and v != v else v for v in values]
    return [None if isinstance(v, float) and np.isnan(v) else
            (v.item() if isinstance(v, np.generic) else v) for v in values]


_SQLITE_TYPES = {str, int, bytes, type(None)}


def _same_literal(values: list[Any]) -> str | None:
    """The SQL literal of the one value every element of ``values`` holds, when it is NULL, an
    int or a plain string; None otherwise (or when ``values`` is empty).

    Examples
    --------
    >>> _same_literal(["直埋", "直埋"]), _same_literal([None, None]), _same_literal([1, 2])
    ("'直埋'", 'NULL', None)
    """
    if not values:
        return None
    first = values[0]
    kind = first.__class__
    if kind not in _LITERAL_TYPES or values.count(first) != len(values):
        return None
    if set(map(type, values)) != {kind}:  # 1 == 1.0 == True: equal is not the same
        return None
    if first is None:
        return "NULL"
    if kind is int:
        return str(first) if -2**63 <= first < 2**63 else None
    if "\x00" in first:
        return None
    return "'" + first.replace("'", "''") + "'"


_LITERAL_TYPES = {str, int, type(None)}


def writable(path: Path) -> bool:
    """Whether cimview may write the cache at ``path``: the file and its directory (WAL mode
    keeps its log and index files beside the cache) are writable."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def sqlite_uri(path: Path, read_only: bool) -> str:
    """The SQLite URI cimview opens ``path`` with (read-only: ``mode=ro``, and ``immutable``
    for a WAL-mode file that nobody has open in a place nobody can write)."""
    uri = "file:" + quote(str(path), safe="/")
    if not read_only:
        return uri
    head = cipher.header(path)
    wal = cipher.is_plain(head) and head[18:20] == b"\x02\x02"  # unknowable when encrypted
    if wal and not Path(f"{path}-shm").exists() and not os.access(path.parent, os.W_OK):
        # No writer has it open (it would have made the -shm) and none can: read it as is.
        return uri + "?mode=ro&immutable=1"
    return uri + "?mode=ro"


def _engine(path: Path, *, read_only: bool = False,
            new_key: tuple[bytes, bytes] | None = None) -> Engine:
    """The engine of the cache at ``path``; ``new_key`` (salt, key): a new encrypted file."""
    uri = sqlite_uri(path, read_only)
    if new_key is not None:
        salt, key = new_key

        def creator() -> Any:
            return cipher.open_encrypted(uri, key, salt, check_same_thread=False)
        module = cipher.driver()
    else:
        def creator() -> Any:
            return cipher.connect(path, uri, check_same_thread=False)
        module = cipher.dbapi_for(path)
    idle_kib = cipher.PAGE_CACHE_KIB if module is not sqlite3 else 2000  # SQLite's default
    engine = create_engine(f"sqlite:///{path}", future=True, module=module, creator=creator)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (transactional DDL too)
        gpkg.register_functions(dbapi_conn)
        if idle_kib != 2000:
            dbapi_conn.execute(f"PRAGMA cache_size = -{idle_kib}")
        dbapi_conn.execute("PRAGMA foreign_keys = ON")
        dbapi_conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Writers take the write lock up front (no deadlock between two would-be writers);
        # readers begin deferred, so they keep reading while a write is under way.
        if not conn.get_execution_options().get("cimview_write", False):
            conn.exec_driver_sql("BEGIN")
            return
        raw = conn.connection.driver_connection
        assert raw is not None
        raw.execute(f"PRAGMA cache_size = -{_WRITE_CACHE_KIB}")
        conn.connection.info["cimview_wrote"] = True
        _begin_write(raw, path)

    @event.listens_for(engine, "checkin")
    def _on_checkin(dbapi_conn: sqlite3.Connection, record: Any) -> None:
        if record is not None and record.info.pop("cimview_wrote", False):
            _checkpoint(dbapi_conn)
            dbapi_conn.execute(f"PRAGMA cache_size = -{idle_kib}")  # as it was again

    return engine


def _begin_write(raw: sqlite3.Connection, path: Path) -> None:
    """BEGIN IMMEDIATE; while another connection (any program) writes, wait for it, saying so
    once through :data:`wait_reporter`, up to :data:`WRITER_WAIT_S`."""
    deadline = time.monotonic() + WRITER_WAIT_S
    told = False
    raw.execute("PRAGMA busy_timeout = 1000")
    try:
        while True:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return
            except cipher.OperationalError as exc:
                if not _busy(exc):
                    raise
            who = {} if held(path, this_thread=True) else holder(path)  # ours: another program
            if time.monotonic() >= deadline:
                raise CacheBusy(path, who)
            if not told:
                wait_reporter(path, waiting_message(who))
                told = True
    finally:
        raw.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def _checkpoint(raw: sqlite3.Connection) -> None:
    """Copy the write-ahead log into the cache file and empty it (not while readers still read
    older snapshots: then the next write, or the last close, does it)."""
    try:
        raw.execute(f"PRAGMA busy_timeout = {_CHECKPOINT_TIMEOUT_MS}")
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    except cipher.Error as exc:  # e.g. the disk filled up meanwhile: the log keeps it all
        _log.warning("%s", msg("the cache's last changes are kept in its write-ahead log "
                               "until they can be merged into the cache file ({error})",
                               error=str(exc)))
    finally:
        raw.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def _use_wal(engine: Engine) -> None:
    """Switch a cache to WAL mode (a no-op when it is); left as it is while another program
    has it open."""
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        try:
            raw.execute("PRAGMA busy_timeout = 500")
            raw.execute("PRAGMA journal_mode = WAL").fetchall()
        except cipher.Error as exc:
            _log.debug("journal_mode: %s", exc)
        finally:
            raw.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def _check_encrypted(engine: Engine, path: Path) -> None:
    """Raise :class:`~store.cipher.WrongKey` unless the key opens the encrypted cache, and a
    CacheError unless it holds a GeoPackage."""
    try:
        with engine.connect() as conn:
            app_id = conn.exec_driver_sql("PRAGMA application_id").scalar()
    except OperationalError as exc:
        if _busy(exc.orig):  # type: ignore[arg-type]
            raise
        raise cipher.WrongKey(path) from None
    except DatabaseError:
        raise cipher.WrongKey(path) from None
    if app_id != gpkg.APPLICATION_ID:
        raise CacheError("not a cimview cache (not a GeoPackage)", path=path)


def _busy(exc: BaseException) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "locked" in str(exc) or "busy" in str(exc)


def _command_line() -> str:
    """What this process does, for other writers to read: its command line, shortened."""
    words = [Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python", *sys.argv[1:]]
    return " ".join(words)[:200]


def _claim_temp(path: Path, what: str) -> Path:
    """A new, empty file of our own beside ``path`` (O_EXCL: never someone else's)."""
    while True:
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.{what}")
        try:
            os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            return tmp
        except FileExistsError:
            continue


def _link_into_place(tmp: Path, path: Path) -> None:
    """Give the complete database ``tmp`` its name ``path``, never replacing a file there."""
    for suffix in _JOURNALS:  # a stale journal at the new name would be applied to it
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise CacheError("already exists", path=path) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK,
                             errno.ENOSYS):
            raise
        if path.exists():  # no hard links on this file system (FAT, some shares)
            raise CacheError("already exists", path=path) from None
        os.rename(tmp, path)


def _remove_db(db: Path) -> None:
    """A database file and its journals."""
    for suffix in ("", *_JOURNALS):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
