"""Download a work area from the base platform into a cache, and keep it up to date.

:func:`sync` does both. The first sync of a cache from a platform downloads every collection in
full (within the work area, if one is given); later ones ask each collection only for what
changed since the last completed sync (``datetime=<watermark − overlap>/..``) and apply it.

Guarantees:

* **Page by page, atomically.** Each page of features is applied in one cache transaction
  together with its collection's state row (``cimview_sync_state``: phase, next URL,
  watermark): a crash, a kill or a dropped connection between pages loses nothing and
  duplicates nothing, and the next sync resumes at the saved next URL. Features are written by
  ``gid`` (replace, never append), so a page applied twice is harmless too.
* **A new cache** is built as ``CACHE.partial`` beside the target and renamed into place when
  the first sync completes: ``CACHE`` never names half a city, and a later sync into the same
  ``CACHE`` resumes the ``.partial`` file (after a kill, too).
* **Failures** (an error after retries, malformed JSON, a page in the wrong CRS, a ``next``
  link that leaves the platform or the collection) raise :class:`SyncError` and leave the cache
  exactly as after the last completed page; ``cancel`` stops a request in flight within a
  second (and between pages and files) with the same guarantee.
* **One writer.** A sync holds the cache's writer lock (:func:`store.lock.writer_lock`, on the
  final path, before a ``.partial`` is touched) for its whole run: a second sync into the same
  cache, new or existing, is refused with :class:`~store.lock.CacheBusy` naming the first.
* **Nothing unchecked is kept.** Only ``next`` links the client checked are saved in the state;
  a saved place that is no longer usable (or that the platform now answers with a 4xx or a bad
  page) makes the layer be read again from its last completed sync, with a warning;
  ``restart=True`` (``cimview sync --restart``) drops every run in progress first.
* **Bounded.** Paging stops at a page with no new feature, at ``numberMatched``, or after
  ``max_pages`` pages in one call (then the layer is incomplete and the next sync continues);
  ``LayerSummary.stopped`` says which. A feature with more than ``max_vertices`` vertices, an
  invalid or wrongly typed geometry, no usable id, ``updated_at`` or ``version`` is rejected
  (``SyncSummary.rejected``: layer, feature, reason) and the sync goes on.
* **Retired features** (``lifecycle`` = "retired": the platform never deletes) are deleted
  from the cache: the cache mirrors what is live on the platform, so no reader (3D scene,
  search, housing statistics) has to filter. They are counted and, for buildings, listed.
* **Local edits win until pushed**: a feature the user edited here (``local_edit`` = 1, queued
  in the outbox) is neither replaced nor deleted by a sync; it is reported under
  ``kept_local`` and the push settles it with the platform.

The watermark of a completed run is the platform's clock at the run's first page (the
``timeStamp`` member of OGC API responses, else the HTTP Date header), never the client's
clock: every change stamped before it minus the overlap was visible to the whole run, and
anything stamped during the run is fetched again next time. When the response clock and the
features' ``updated_at`` disagree (a feature stamped later than the page that carried it), the
watermark falls back to the newest ``updated_at`` seen, capped by the run's start. When a
"changed since" query's ``numberMatched`` moves during a run (an offset-paged result shifted
under us), the watermark does not advance, so the next sync asks for the same window again.

A work area (``bbox`` and/or ``area``) is sent to the server as a bbox filter (padded: servers
transform bbox corners only) and clipped here to the polygon: features intersecting it are
kept. "Changed since" queries ask for the whole platform instead, so that a feature moved out
of the area is seen and removed; features outside the area are dropped on arrival (counted
``outside``). A different area on a later sync extends the work area (the union is downloaded
in full again; features already present are replaced in place).

Files (the ``assets`` collection): the DEM goes into ``cimview_rasters`` (reprojected to the
cache CRS when needed), other files (proposal IFCs) into the cache's own files folder,
``<cache stem>.files/``, at their platform path (``work.files/proposals/…``;
``parcels.proposal`` keeps the platform path, :func:`store.sync.files.local_file` finds the
copy). Nothing is written beside the cache. A platform path that would escape the folder, names
a hidden or cimview file, or collides (with another platform file, or with a file there that
cimview did not write) is refused with the reason (``files`` entry ``status`` "refused",
and a warning); the other files and the features are synced. Files are downloaded through a
``.partial`` file resumed with HTTP Range, checked against their size and SHA-256 (and the free
disk space), and recorded in ``cimview_sync_files`` so unchanged files are not fetched again.
The file server may be on another origin: it is then asked without the token. A 3D Tiles
tileset (an asset of kind ``tileset``) brings only its tiles that cover the work area, at every
level, into ``<files>/tilesets/<layer>/``, registered as a tileset layer of the cache
(:mod:`store.sync.tiles_download`).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import MultiPoint, box

from store import cipher
from store.cache import Cache, utc_now
from store.crs import crs_label, horizontal, parse_crs
from store.errors import CacheError, CimviewError
from store.grades import METADATA_KEY, Grade, layer_grade, requires_encryption, strongest
from store.lock import writer_lock
from store.messages import Message, msg
from store.schema import LAYERS
from store.sync import state as st_mod
from store.sync.client import (
    CRS84,
    MAX_PAGES,
    STOP_CAP,
    STOP_NO_NEW,
    Cancelled,
    Page,
    Platform,
    SyncError,
    crs_uri,
    landing_url,
    same_crs,
    sha256_file,
)
from store.sync.credentials import plain_http_warning
from store.sync.decide import DELETES, ENDS, WRITES, Action, Held, decide, end_of_life
from store.sync.files import UnsafeName, files_dir, inside, local_name

DEFAULT_CRS = "EPSG:4547"
#: Properties of a platform feature that are not cache columns.
LIFECYCLE = "lifecycle"
RETIRED = "retired"
#: The platform's collection of planning scenarios (one feature each, whole), its page size
#: and the most pages read in one sync.
SCENARIOS = "scenarios"
SCENARIO_PAGE = 20
SCENARIO_PAGES = 50
#: Collections synced by default: every cache layer the platform serves (building_solids is
#: local: LOD2 imports only).
SYNC_LAYERS = tuple(name for name in LAYERS if name != "building_solids")
#: Cache columns a platform feature does not set (the cache's own bookkeeping).
_LOCAL_COLUMNS = frozenset({"fid", "geom", "gid", "source", "local_edit"})
#: Address levels an area name is looked up in, smallest first.
AREA_KINDS = ("community", "street", "district")
#: Buffer (m) around the addresses of a named area; concave-hull ratio of their outline.
AREA_BUFFER = 60.0
AREA_HULL_RATIO = 0.3
#: Seconds a sync waits for the cache's writer lock (a short write by the window) before it
#: is refused.
LOCK_WAIT = 2.0
#: The most vertices one feature may have (more: rejected, with the reason).
MAX_VERTICES = 200_000
#: Rejected features listed one by one in the summary (the count is always exact).
MAX_LISTED_REJECTS = 200
#: Geometry types (shapely type ids) a cache layer takes, by its GeoPackage type.
_TYPE_IDS = {"MULTIPOLYGON": (3, 6), "POLYGON": (3,), "LINESTRING": (1,),
             "MULTILINESTRING": (1, 5), "POINT": (0,), "MULTIPOINT": (0, 4)}
_TYPE_NAMES = ("Point", "LineString", "LinearRing", "Polygon", "MultiPoint", "MultiLineString",
               "MultiPolygon", "GeometryCollection")
_SHA256 = re.compile(r"^[0-9a-fA-F]{64}$")

Progress = Callable[[dict[str, Any]], Any]


# -- the summary ---------------------------------------------------------------------------------
@dataclass
class LayerSummary:
    """What one collection's sync did in this call."""

    mode: str = "full"  # full | incremental
    resumed: bool = False  # continued a run interrupted earlier
    complete: bool = False
    pages: int = 0
    fetched: int = 0  # features received
    new: int = 0
    updated: int = 0
    unchanged: int = 0  # received again (overlap, resume) with the version already held
    retired: int = 0  # deleted from the cache: retired on the platform
    left_area: int = 0  # deleted from the cache: moved out of the work area
    outside: int = 0  # received but outside the work area: not stored
    kept_local: int = 0  # edited here and not yet pushed: left alone
    rejected: int = 0  # received but unusable (reason in SyncSummary.rejected): not stored
    bytes: int = 0
    watermark: str | None = None
    #: why paging ended before the server's last page: "number_matched", "no_new_features",
    #: "page_cap" (then not complete: the next sync continues), or None
    stopped: str | None = None
    fell_back: bool = False  # the saved place to resume was unusable: read from the watermark

    @property
    def changed(self) -> int:
        return self.new + self.updated

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"changed": self.changed}


@dataclass
class SyncSummary:
    """The outcome of :func:`sync`; ``to_dict()`` is JSON-able."""

    url: str
    cache: str
    mode: str = "incremental"  # full when any collection was downloaded in full
    complete: bool = False
    cancelled: bool = False
    created: bool = False  # a new cache was made (or a .partial one resumed)
    crs: str = ""
    area: str | None = None  # the work area (WKT, cache CRS), None for the whole platform
    layers: dict[str, LayerSummary] = field(default_factory=dict)
    files: list[dict[str, Any]] = field(default_factory=list)
    #: gids of buildings written (new or changed) by an incremental sync, for the GUI to
    #: highlight; None after a full download (everything is new).
    changed_buildings: list[str] | None = None
    removed_buildings: list[str] = field(default_factory=list)
    kept_local: dict[str, list[str]] = field(default_factory=dict)
    #: features not stored: {"layer", "feature", "reason"} (at most MAX_LISTED_REJECTS)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: planning scenarios written (new or changed) and taken out (retired on the platform)
    scenarios: list[str] = field(default_factory=list)
    scenarios_removed: list[str] = field(default_factory=list)
    bytes: int = 0
    file_bytes: int = 0
    requests: int = 0
    retries: int = 0
    seconds: float = 0.0
    #: of which spent here parsing pages and writing them into the cache (the rest is the
    #: network and the platform)
    apply_seconds: float = 0.0

    def totals(self) -> dict[str, int]:
        keys = ("fetched", "new", "updated", "unchanged", "retired", "left_area", "outside",
                "kept_local", "rejected", "pages")
        return {k: sum(getattr(s, k) for s in self.layers.values()) for k in keys}

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["layers"] = {k: v.to_dict() for k, v in self.layers.items()}
        out["totals"] = self.totals()
        return out

    def to_json(self, **kw: Any) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kw)


# -- entry point ---------------------------------------------------------------------------------
def sync(url: str, cache_path: str | os.PathLike[str], *,
         bbox: Sequence[float] | None = None, bbox_crs: str | None = None,
         area: str | None = None, crs: str | None = None, token: str | None = None,
         progress: Progress | None = None, cancel: Any = None,
         collections: Sequence[str] | None = None, files: bool = True,
         limit: int = 1000, overlap: float = 120.0,
         platform: Platform | None = None, restart: bool = False,
         max_pages: int = MAX_PAGES, max_vertices: int = MAX_VERTICES,
         passphrase: str | None = None, require_encryption: bool = False) -> SyncSummary:
    """Download (first time) or update (afterwards) a cache from an OGC API - Features platform.

    ``bbox`` (minx, miny, maxx, maxy) and ``area`` (a 街道/社区/district name, or a polygon WKT)
    are in ``bbox_crs``, default the cache's CRS; both together mean their intersection.
    ``crs`` is the CRS of a new cache (default EPSG:4547); an existing cache keeps its own.
    ``token`` goes to the platform's origin only (:mod:`store.sync.credentials` finds one).
    ``progress`` is called after each committed page (and file) with a dict (``stage``
    "features": collection/layer, mode, page, fetched, changed, removed, rejected, bytes,
    matched, done, stopped; ``stage`` "files": name/file, kind, bytes, status); ``cancel`` is a
    callable or an Event-like object (``is_set``) checked while waiting for every request (a
    request in flight stops within a second) and between pages and files. ``collections``
    limits the layers synced; ``files=False`` skips the assets. ``overlap`` (seconds) is how
    far before the watermark a "changed since" query starts. ``platform`` is a ready client
    (for its retry, timeout and deadline settings); ``url`` must be its URL. ``restart`` drops
    the runs in progress (see the module docstring); ``max_pages`` bounds the pages of one
    collection in this call, ``max_vertices`` the vertices of one feature. ``passphrase``: a
    new cache is created encrypted with it (:mod:`store.cipher`). ``require_encryption``: a
    new cache whose layers' grades call for it (:func:`store.grades.requires_encryption`) and
    no ``passphrase`` raise :class:`EncryptionRequired` before anything is written.

    Raises :class:`~store.lock.CacheBusy` when another sync (or writer) holds the cache."""
    started = time.perf_counter()
    path = Path(cache_path)
    partial = path.with_name(path.name + ".partial")
    if platform is not None and platform.url != landing_url(url):
        raise CimviewError("platform client for {client}, sync asked for {url}",
                           client=platform.url, url=url)
    client = platform or Platform(url, token)
    old_cancel = client.cancel
    if cancel is not None:
        client.cancel = cancel
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with writer_lock(path, "sync", wait=LOCK_WAIT):
            return _sync_locked(client, path, partial, started, bbox=bbox, bbox_crs=bbox_crs,
                                area=area, crs=crs, progress=progress, cancel=cancel,
                                collections=collections, files=files, limit=limit,
                                overlap=overlap, restart=restart, max_pages=max_pages,
                                max_vertices=max_vertices, passphrase=passphrase,
                                require_encryption=require_encryption)
    finally:
        client.cancel = old_cancel
        if platform is None:
            client.close()


def _sync_locked(client: Platform, path: Path, partial: Path, started: float, *,
                 bbox: Sequence[float] | None, bbox_crs: str | None, area: str | None,
                 crs: str | None, progress: Progress | None, cancel: Any,
                 collections: Sequence[str] | None, files: bool, limit: int, overlap: float,
                 restart: bool, max_pages: int, max_vertices: int,
                 passphrase: str | None = None, require_encryption: bool = False
                 ) -> SyncSummary:
    warning = plain_http_warning(client.url) if client.has_token else None
    created = not path.exists()
    try:
        available = client.collections()  # the platform answers before any file is made
    except Cancelled:
        summary = SyncSummary(url=client.url, cache=str(path), cancelled=True)
        summary.warnings.extend([warning] if warning else [])
        return summary
    fresh = created and not partial.exists()
    needing = _needing_encryption(available, collections) if fresh and not passphrase else []
    if needing and require_encryption:
        top = strongest(needing)
        raise EncryptionRequired(path, [g.layer for g in needing], top.grade, top.secret)
    cache = (_open_target(path, partial, client.url, crs, passphrase) if created
             else Cache.open(path))
    run = None
    try:
        if needing:  # kept plain although the grades call for encryption: on the record
            with cache.transaction() as tx:
                tx.record("plain_download", layers=[g.layer for g in needing],
                          grade=strongest(needing).grade, secret=strongest(needing).secret)
        if not created and crs and horizontal(parse_crs(crs)) != horizontal(cache.crs):
            raise CimviewError("the cache is in {cache_crs}, not {crs}", path=path,
                               cache_crs=crs_label(cache.crs), crs=crs)
        summary = SyncSummary(url=client.url, cache=str(path), created=created,
                              crs=crs_label(cache.crs))
        if warning:
            summary.warnings.append(warning)
        if restart:
            with cache.transaction() as tx:
                raw = tx.conn.connection.driver_connection
                st_mod.ensure(raw)
                dropped = st_mod.clear_runs(raw)
            if dropped:
                summary.warnings.append(msg("--restart: {n} interrupted runs dropped; those "
                                            "layers are read again from their last completed "
                                            "sync", n=dropped))
        run = _Run(client, cache, summary, limit=limit, overlap=overlap,
                   progress=progress, cancel=cancel, max_pages=max_pages,
                   max_vertices=max_vertices, final=path)
        try:
            run.run(available, bbox=bbox, bbox_crs=bbox_crs, area=area,
                    collections=collections, files=files)
        except Cancelled:
            summary.cancelled = True
            summary.complete = False
    except BaseException:
        cache.close()
        if fresh and (run is None or run.pages == 0):  # nothing to resume: no litter
            _remove(partial)
        raise
    cache.close()
    if fresh and summary.cancelled and run.pages == 0:
        _remove(partial)
    if created and summary.complete:
        os.replace(partial, path)
    elif created:
        summary.cache = str(partial)
    summary.requests, summary.retries = client.requests, client.retried
    summary.seconds = round(time.perf_counter() - started, 3)
    summary.apply_seconds = round(summary.apply_seconds, 3)
    return summary


class EncryptionRequired(CimviewError):
    """A new work area whose data grade calls for an encrypted cache, and no passphrase."""

    def __init__(self, path: Path, layers: Sequence[str], grade: str, secret: bool):
        self.layers = list(layers)
        super().__init__(msg("the platform's {layers} are graded {grade}{secret}: a work area "
                             "holding them is downloaded encrypted; give a passphrase",
                             layers=", ".join(layers), grade=grade,
                             secret=" (涉密)" if secret else ""), path=path)


def _needing_encryption(available: Mapping[str, Mapping[str, Any]],
                        collections: Sequence[str] | None) -> list[Grade]:
    """The grades of the layers to be downloaded that call for an encrypted cache."""
    names = list(collections) if collections else [n for n in SYNC_LAYERS if n in available]
    graded = [layer_grade(n, available[n].get(METADATA_KEY)) for n in names
              if isinstance(available.get(n), Mapping)]
    return [g for g in graded if requires_encryption(g)]


def _open_target(path: Path, partial: Path, url: str, crs: str | None,
                 passphrase: str | None = None) -> Cache:
    """The .partial cache of an interrupted first sync from ``url``, or a new one (encrypted
    with ``passphrase`` when given)."""
    if partial.exists():
        if passphrase and cipher.encrypted(partial):
            cipher.unlock(partial, passphrase)  # WrongKey: not the interrupted download's
        try:
            cache = Cache.open(partial)
        except (cipher.CacheLocked, cipher.WrongKey):
            raise  # an encrypted download to resume: never thrown away for want of its key
        except CacheError:
            cache = None
        if cache is not None:
            with cache.engine.connect() as conn:
                row = conn.exec_driver_sql(
                    "SELECT value FROM cimview_meta WHERE key = 'sync_url'").first()
            same = row is None or row[0] == url
            crs_ok = not crs or horizontal(parse_crs(crs)) == horizontal(cache.crs)
            if same and crs_ok:
                return cache
            cache.close()
        _remove(partial)
    return Cache.create(partial, crs or DEFAULT_CRS, name=path.stem, passphrase=passphrase)


def _remove(db: Path) -> None:
    """An SQLite file and its journals (a stale hot journal must not meet a new file)."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)


# -- one run -------------------------------------------------------------------------------------
class _Run:
    def __init__(self, client: Platform, cache: Cache, summary: SyncSummary, *, limit: int,
                 overlap: float, progress: Progress | None, cancel: Any,
                 max_pages: int = MAX_PAGES, max_vertices: int = MAX_VERTICES,
                 final: Path | None = None):
        self.client = client
        self.cache = cache
        self.summary = summary
        self.limit = limit
        self.overlap = timedelta(seconds=max(0.0, float(overlap)))
        self.progress = progress
        self.cancel = cancel
        self.cache_uri = crs_uri(cache.crs)
        self.source = f"sync:{client.url}"
        self.pages = 0  # pages committed by this run
        self.polygon: Any = None  # the work area in the cache CRS (prepared), or None
        self.server_bbox: tuple[float, float, float, float] | None = None
        self.max_pages = max(1, int(max_pages))
        self.max_vertices = max(1, int(max_vertices))
        self.final = final or Path(str(cache.path).removesuffix(".partial"))

    # -- helpers -----------------------------------------------------------------------------
    def cancelled(self) -> bool:
        from store.sync.client import cancelled

        return cancelled(self.cancel) or self.client.cancelled()

    def warn(self, message: Message) -> None:
        if message not in self.summary.warnings:
            self.summary.warnings.append(message)

    def reject(self, ls: LayerSummary, layer: str, feature: Any, reason: Message) -> None:
        ls.rejected += 1
        if len(self.summary.rejected) < MAX_LISTED_REJECTS:
            self.summary.rejected.append({"layer": layer, "feature": feature,
                                          "reason": reason})

    def emit(self, event: dict[str, Any]) -> None:
        if self.progress is not None:
            self.progress(event)

    def raw_read(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self.cache.engine.connect() as conn:
            raw = conn.connection.driver_connection
            assert raw is not None
            return raw.execute(sql, tuple(args)).fetchall()

    def meta(self, key: str) -> str | None:
        rows = self.raw_read("SELECT value FROM cimview_meta WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    # -- the run -----------------------------------------------------------------------------
    def run(self, available: Mapping[str, Mapping[str, Any]], *,
            bbox: Sequence[float] | None, bbox_crs: str | None, area: str | None,
            collections: Sequence[str] | None, files: bool) -> None:
        summary = self.summary
        wanted = list(collections) if collections else [n for n in SYNC_LAYERS
                                                       if n in available]
        unknown = [c for c in wanted if c not in LAYERS or c == "building_solids"]
        if unknown:
            raise CimviewError("not cache layers a platform can fill: {layers}",
                               layers=", ".join(unknown))
        missing = [c for c in wanted if c not in available]
        where = self.client.url + "/collections"
        if missing:
            raise SyncError(where, "the platform has no collection {names}",
                            names=", ".join(missing))
        if not wanted:
            raise SyncError(where, "the platform serves none of the cache's layers")
        self._keep_grades(available, wanted)
        self._set_area(bbox, bbox_crs, area)
        summary.area = None if self.polygon is None else shapely.to_wkt(self.polygon,
                                                                        rounding_precision=3)
        for layer in wanted:
            done = self._sync_layer(layer, available[layer])
            if not done:
                summary.cancelled = True
                return
        if files and "assets" in available and not self._sync_files():
            summary.cancelled = True
            return
        if not collections and SCENARIOS in available and self.cache.has_lifespans \
                and not self._sync_scenarios():
            summary.cancelled = True
            return
        if not all(ls.complete for ls in summary.layers.values()):
            return  # a layer stopped at the page cap: the next sync continues it
        with self.cache.transaction() as tx:
            tx.set_meta("sync_completed_at", utc_now())
            tx.set_meta("sync_complete", "1")
        summary.complete = True

    def _sync_scenarios(self) -> bool:
        """The platform's planning scenarios, each whole (store/sync/scenario_package.py):
        new and changed ones written, retired ones taken out; a scenario changed here since
        it was last pushed or downloaded is kept as it is (push it first). False when
        cancelled."""
        from store import scenarios
        from store.sync import scenario_package as sp

        cache = self.cache
        to_cache = Transformer.from_crs("OGC:CRS84", cache.crs, always_xy=True)
        to_lonlat = Transformer.from_crs(cache.crs, "OGC:CRS84", always_xy=True)
        local = {s.gid: s for s in scenarios.list_scenarios(cache)}
        for page in self.client.pages(SCENARIOS, limit=SCENARIO_PAGE,
                                      max_pages=SCENARIO_PAGES):
            if self.cancelled():
                return False
            self.summary.bytes += page.bytes
            for f in page.features:
                gid = f.get("id") if isinstance(f, dict) else None
                props = f.get("properties") if isinstance(f, dict) else None
                if not isinstance(gid, str) or not isinstance(props, dict):
                    continue
                name = str(props.get("name") or gid)[:80]
                mine = local.get(gid)
                last = sp.last_digest(cache, gid)
                if mine is not None and last is not None and \
                        sp.changed_locally(cache, mine, to_lonlat):
                    self.warn(msg("scenario {name}: changed here since it was last pushed; "
                                  "kept as it is here (push it to share it)", name=name))
                    continue
                if props.get(LIFECYCLE) == RETIRED:
                    if mine is not None:
                        sp.remove(cache, gid)
                        self.summary.scenarios_removed.append(name)
                    continue
                if last is not None and sp.digest(f) == last:
                    continue
                try:
                    got = sp.unpack(f, to_cache)
                except CimviewError as exc:
                    self.warn(msg("scenario {name} not stored: {reason}", name=name,
                                  reason=str(exc)))
                    continue
                sp.store(cache, got)
                self.summary.scenarios.append(got.scenario.name)
        return True

    def _keep_grades(self, available: Mapping[str, Mapping[str, Any]],
                     wanted: Sequence[str]) -> None:
        """Keep the data grades the platform states for the layers synced (store.grades)."""
        from store import grades

        stated = {n: available[n].get(grades.METADATA_KEY) for n in wanted
                  if isinstance(available[n].get(grades.METADATA_KEY), Mapping)}
        if stated:
            with self.cache.transaction() as tx:
                grades.keep_statements(tx.conn, stated)

    # -- the work area -----------------------------------------------------------------------
    def _set_area(self, bbox: Sequence[float] | None, bbox_crs: str | None,
                  area: str | None) -> None:
        stored_url = self.meta("sync_url")
        stored_area = self.meta("sync_area") or ""
        old = shapely.from_wkt(stored_area) if stored_area else None
        asked = self._requested_area(bbox, bbox_crs, area)
        reset = False
        if stored_url and stored_url != self.client.url:
            reset = True  # another platform: start over (features are replaced by gid)
            new = asked if asked is not None else old
        elif asked is None:
            new = old
        elif old is None and stored_url:
            new = None  # the whole platform is already held: an area adds nothing
            self.warn(msg("the cache holds the whole platform: the work area given is already "
                          "in it"))
        elif old is None:
            new = asked
        elif old.buffer(1.0).covers(asked):
            new = old  # the same area (a named one may come back a little different) or less
        else:
            new, reset = shapely.union(old, asked), True
        with self.cache.transaction() as tx:
            raw = tx.conn.connection.driver_connection
            st_mod.ensure(raw)
            if reset:
                st_mod.clear(raw)
                if old is not None:
                    self.warn(msg("the work area grew: it is downloaded in full again (features "
                                  "already held are replaced)"))
            tx.set_meta("sync_url", self.client.url)
            tx.set_meta("sync_area", "" if new is None else shapely.to_wkt(new))
            if self.meta("sync_complete") is None:
                tx.set_meta("sync_complete", "0")
        self.polygon = new
        if new is not None:
            shapely.prepare(new)
            minx, miny, maxx, maxy = new.bounds
            pad = 20.0 + 0.05 * max(maxx - minx, maxy - miny)
            self.server_bbox = (minx - pad, miny - pad, maxx + pad, maxy + pad)

    def _requested_area(self, bbox: Sequence[float] | None, bbox_crs: str | None,
                        area: str | None) -> Any:
        if bbox is None and not area:
            return None
        src = horizontal(parse_crs(bbox_crs, what="bbox CRS")) if bbox_crs else self.cache.crs
        to_cache = (None if horizontal(src) == horizontal(self.cache.crs) else
                    Transformer.from_crs(src, self.cache.crs, always_xy=True))

        def here(geom: Any) -> Any:
            if to_cache is None:
                return geom
            dense = shapely.segmentize(geom, max(geom.length / 400, 1e-6)) \
                if geom.length else geom
            return shapely.transform(dense, lambda xy: np.column_stack(
                to_cache.transform(xy[:, 0], xy[:, 1])))

        shapes = []
        if bbox is not None:
            if len(bbox) != 4:
                raise CimviewError("bbox {bbox}: expected minx, miny, maxx, maxy",
                                   bbox=list(bbox))
            minx, miny, maxx, maxy = (float(v) for v in bbox)
            if not (minx < maxx and miny < maxy):
                raise CimviewError("bbox {bbox}: min must be below max", bbox=list(bbox))
            shapes.append(here(box(minx, miny, maxx, maxy)))
        if area:
            text = area.strip()
            if re.match(r"^(MULTI)?POLYGON\s*(Z\s*)?\(", text, re.IGNORECASE):
                try:
                    geom = shapely.from_wkt(text)
                except shapely.errors.GEOSException as exc:
                    raise CimviewError("area: not a valid polygon WKT ({error})",
                                       error=str(exc)) from None
                if not geom.is_valid:
                    geom = shapely.make_valid(geom)
                shapes.append(here(geom))
            else:
                shapes.append(self._named_area(text))
        out = shapes[0] if len(shapes) == 1 else shapely.intersection(shapes[0], shapes[1])
        if out.is_empty:
            raise CimviewError("the work area is empty (bbox and area do not overlap)")
        return out

    def _named_area(self, name: str) -> Any:
        """The outline of a 社区/街道/district: its standard addresses on the platform
        (concave hull, buffered)."""
        points: list[tuple[float, float]] = []
        for kind in AREA_KINDS:
            for page in self.client.pages("addresses", crs=self.cache_uri,
                                          params={kind: name}, limit=self.limit,
                                          max_pages=self.max_pages):
                features, _, nbytes = page
                self.summary.bytes += nbytes
                for f in features:  # a server may ignore the filter: check each feature
                    point = _address_point(f, kind, name)
                    if point is not None:
                        points.append(point)
            if points:
                break
        if not points:
            raise CimviewError("area {name}: no 社区, 街道 or district of that name in the "
                               "platform's address library (give a polygon WKT or --bbox)",
                               name=repr(name))
        cloud = MultiPoint(points)
        hull = shapely.concave_hull(cloud, ratio=AREA_HULL_RATIO) if len(points) > 3 else cloud
        return hull.buffer(AREA_BUFFER)

    # -- one collection ----------------------------------------------------------------------
    def _sync_layer(self, layer: str, desc: Mapping[str, Any]) -> bool:
        """Sync one collection; False when cancelled. ``LayerSummary.complete`` is False when
        paging stopped at the page cap (the saved next link continues it)."""
        url = self.client.url
        with self.cache.engine.connect() as conn:
            raw = conn.connection.driver_connection
            assert raw is not None
            states = st_mod.load(raw)
        st = states.get(layer)
        ls = LayerSummary()
        self.summary.layers[layer] = ls
        start_url = None
        if st is not None and st.url == url and st.in_run:
            try:
                self.client.check_next(st.next_url or "", layer)
                ls.mode, ls.resumed, start_url = st.phase, True, st.next_url
            except SyncError as exc:  # saved by an older cimview, or edited by hand
                st = self._fall_back(layer, st, ls, exc)
        else:
            st = self._new_run(layer, st)
            ls.mode = st.phase
        if ls.mode == "full":
            self.summary.mode = "full"
        offered = desc.get("crs")
        offered = offered if isinstance(offered, list) else []
        native = not offered or any(isinstance(c, str) and same_crs(c, self.cache_uri)
                                    for c in offered)
        to_cache = None if native else Transformer.from_crs("OGC:CRS84", self.cache.crs,
                                                            always_xy=True)
        want = self.cache_uri if native else CRS84
        swap = _northing_first(want)
        first = True
        pages = self._pages(layer, st, ls, start_url, native)
        while True:
            if self.cancelled():
                return False
            try:
                page = next(pages)
            except StopIteration:  # pages() always ends on a page without a next link
                break
            except Cancelled:
                return False
            except SyncError as exc:
                if not (first and ls.resumed and _resume_refused(exc)):
                    raise
                st = self._fall_back(layer, st, ls, exc)  # once: ls.resumed is now False
                pages = self._pages(layer, st, ls, None, native)
                continue
            first = False
            t0 = time.perf_counter()
            self._apply(layer, page, st, ls, swap=swap, to_cache=to_cache)
            self.summary.apply_seconds += time.perf_counter() - t0
            self.pages += 1
            self.emit({"stage": "features", "collection": layer, "layer": layer,
                       "mode": ls.mode,
                       "page": ls.pages, "fetched": ls.fetched, "changed": ls.changed,
                       "removed": ls.retired + ls.left_area, "rejected": ls.rejected,
                       "bytes": ls.bytes, "matched": page.number_matched,
                       "done": page.next_url is None, "stopped": page.stopped})
            if page.stopped:
                ls.stopped = page.stopped
            if page.stopped == STOP_NO_NEW:
                self.warn(msg("{layer}: paging stopped after {pages} pages: the platform "
                              "offered a next page although the last page brought no new "
                              "feature", layer=layer, pages=ls.pages))
            if page.stopped == STOP_CAP:
                self.warn(msg("{layer}: paging stopped after {pages} pages (the limit for one "
                              "sync); run the sync again to continue", layer=layer,
                              pages=ls.pages))
                ls.watermark = st.watermark
                return True  # not complete: the saved next link continues it
            if page.next_url is None:
                break
        if ls.rejected:
            self.warn(msg("{layer}: {n} features rejected (see rejected)", layer=layer,
                          n=ls.rejected))
        ls.complete = True
        ls.watermark = st.watermark
        return True

    def _new_run(self, layer: str, st: st_mod.CollectionState | None
                 ) -> st_mod.CollectionState:
        """A run of ``layer`` from its last completed sync (full when there is none)."""
        url = self.client.url
        old_wm = st.watermark if st is not None and st.url == url else None
        sample = (st.run_totals.get("stamp_sample")
                  if st is not None and st.url == url else None)
        return st_mod.CollectionState(layer, url, phase="incremental" if old_wm else "full",
                                      watermark=old_wm, run_totals={"stamp_sample": sample})

    def _fall_back(self, layer: str, st: st_mod.CollectionState, ls: LayerSummary,
                   exc: SyncError) -> st_mod.CollectionState:
        """The saved place to resume at is unusable: read the layer again from its watermark."""
        self.warn(msg("{layer}: the interrupted sync could not be resumed ({problem}); the "
                      "layer is read again from its last completed sync",
                      layer=layer, problem=exc.problem))
        new = self._new_run(layer, st)
        ls.mode, ls.resumed, ls.fell_back = new.phase, False, True
        if ls.mode == "full":
            self.summary.mode = "full"
        return new

    def _pages(self, layer: str, st: st_mod.CollectionState, ls: LayerSummary,
               start_url: str | None, native: bool) -> Any:
        query: dict[str, Any] = {"crs": self.cache_uri if native else None}
        if ls.mode == "full" and self.server_bbox is not None:
            if native:
                query |= {"bbox": self.server_bbox, "bbox_crs": self.cache_uri}
            else:  # a platform without the cache's CRS: the area's envelope in CRS84
                query["bbox"] = _lonlat_bounds(box(*self.server_bbox), self.cache.crs)
        if ls.mode == "incremental" and start_url is None:
            assert st.watermark is not None
            since = _parse_time(st.watermark) - self.overlap
            query["datetime"] = f"{_format_time(since, st.run_totals.get('stamp_sample'))}/.."
        received = int(st.run_totals.get("fetched") or 0) if start_url else 0
        return self.client.pages(layer, limit=self.limit, start_url=start_url, xy=False,
                                 max_pages=self.max_pages, received=received, **query)

    def _apply(self, layer: str, page: Page, st: st_mod.CollectionState, ls: LayerSummary, *,
               swap: bool, to_cache: Transformer | None) -> None:
        """Apply one page and its state row in one transaction (unusable features rejected)."""
        spec = LAYERS[layer]
        features, next_url, nbytes = page
        # -- parse -----------------------------------------------------------------------------
        by_gid: dict[str, tuple[dict[str, Any], dict[str, Any], str, int]] = {}
        for f in features:
            parsed = self._check_feature(layer, f, ls)
            if parsed is not None:
                by_gid[parsed[0]] = parsed[1:]  # a gid twice in a page: the later copy wins
        gids = list(by_gid)
        feats = [by_gid[g][0] for g in gids]
        props = [by_gid[g][1] for g in gids]
        stamps = [by_gid[g][2] for g in gids]
        versions = [by_gid[g][3] for g in gids]
        geoms, bad = _geometries(feats, layer, swap=swap, to_cache=to_cache,
                                 max_vertices=self.max_vertices)
        if bad:
            for i, reason in bad.items():
                self.reject(ls, layer, gids[i], reason)
            keep = [i for i in range(len(gids)) if i not in bad]
            gids = [gids[i] for i in keep]
            props = [props[i] for i in keep]
            stamps = [stamps[i] for i in keep]
            versions = [versions[i] for i in keep]
            geoms = geoms[keep] if keep else np.empty(0, dtype=object)
        retired = np.array([p.get(LIFECYCLE) == RETIRED for p in props], dtype=bool)
        if self.polygon is None:
            inside = np.ones(len(gids), dtype=bool)
        else:
            inside = shapely.intersects(geoms, self.polygon) if len(gids) else \
                np.zeros(0, dtype=bool)
            inside &= ~shapely.is_missing(geoms)
        # -- bookkeeping that does not depend on the cache ---------------------------------------
        page_max = max(stamps, key=_sort_key) if stamps else None
        unstable = st.run_unstable
        stamp = _parse_time(page.timestamp, strict=False) if page.timestamp else None
        if st.run_started is None and not ls.resumed and ls.pages == 0:
            st.run_started = page.timestamp if stamp is not None else None
            st.run_matched = page.number_matched
            st.run_max = None
            unstable = False
        elif (ls.mode == "incremental" and st.run_matched is not None
              and page.number_matched is not None and page.number_matched != st.run_matched):
            unstable = True  # the filtered result moved under our offsets
        if stamp is not None and page_max and _parse_time(page_max) > (
                stamp + timedelta(seconds=1)):
            unstable = True  # a feature stamped after its own page: clocks disagree
            self.warn(msg("{layer}: features are stamped later than the platform's response "
                          "time; the watermark falls back to the newest updated_at",
                          layer=layer))
        run_max = max([v for v in (st.run_max, page_max) if v], key=_sort_key, default=None)
        # -- apply -------------------------------------------------------------------------------
        t = spec.table
        columns = [c.name for c in t.c if c.name not in _LOCAL_COLUMNS]
        with self.cache.transaction() as tx:
            raw = tx.conn.connection.driver_connection
            assert raw is not None
            st_mod.ensure(raw)
            held: dict[str, Held] = {}
            for lo in range(0, len(gids), 500):
                chunk = gids[lo:lo + 500]
                marks = ",".join("?" * len(chunk))
                for g, v, u, e in raw.execute(
                        f'SELECT gid, version, updated_at, local_edit FROM "{layer}" '
                        f"WHERE gid IN ({marks})", chunk):
                    held[g] = Held(v, u, e)
            write: list[int] = []
            ended: list[int] = []
            drop: list[str] = []
            counts = {a.value: 0 for a in Action if a is not Action.NOTHING}
            kept: list[str] = []
            for i, gid in enumerate(gids):
                action = decide(held.get(gid), retired=bool(retired[i]), inside=bool(inside[i]),
                                version=versions[i], updated_at=stamps[i])
                if action is Action.NOTHING:
                    continue
                counts[action.value] += 1
                if action is Action.KEPT_LOCAL:
                    kept.append(gid)
                elif action in ENDS:
                    ended.append(i)
                elif action in DELETES:
                    drop.append(gid)
                elif action in WRITES:
                    write.append(i)
            if drop:
                tx.delete(layer, drop)
            if ended:  # retired on the platform: kept as history, ended when it was retired
                tx.end(layer, [(gids[i], end_of_life(props[i], stamps[i]), versions[i],
                                stamps[i]) for i in ended])
            if write:
                data: dict[str, list[Any]] = {"gid": [gids[i] for i in write]}
                for c in columns:
                    if c == "version":
                        data[c] = [versions[i] for i in write]
                    elif c == "updated_at":
                        data[c] = [stamps[i] for i in write]
                    else:
                        data[c] = [_value(props[i].get(c)) for i in write]
                data["local_edit"] = [0] * len(write)
                tx.insert(layer, geoms[write], data, source=self.source, replace=True)
            if write or drop or ended or kept:
                tx.record("sync", collection=layer, page=ls.pages + 1,
                          **{k: v for k, v in counts.items() if v})
            # -- the state row, in the same transaction --------------------------------------------
            st.phase = ls.mode
            st.next_url = next_url
            st.run_max = run_max
            st.run_unstable = unstable
            totals = (dict(st.run_totals) if ls.resumed or ls.pages
                      else {"stamp_sample": st.run_totals.get("stamp_sample")})
            if page_max:
                totals["stamp_sample"] = page_max
            for k, v in counts.items():
                totals[k] = totals.get(k, 0) + v
            totals["fetched"] = totals.get("fetched", 0) + len(features)
            totals["bytes"] = totals.get("bytes", 0) + nbytes
            totals["pages"] = totals.get("pages", 0) + 1
            st.run_totals = totals
            if next_url is None:
                st.watermark = _watermark(st, ls.mode)
                st.phase, st.completed_at = "done", utc_now()
                st.run_started = st.run_max = st.run_matched = None
                st.run_unstable = False
            st_mod.save(raw, st, utc_now())
        # -- the summary (after the commit) -----------------------------------------------------
        ls.pages += 1
        ls.fetched += len(features)
        ls.bytes += nbytes
        self.summary.bytes += nbytes
        for k, v in counts.items():
            setattr(ls, k, getattr(ls, k) + v)
        if kept:
            self.summary.kept_local.setdefault(layer, []).extend(kept)
        if layer == "buildings":
            if ls.mode == "incremental":
                if self.summary.changed_buildings is None:
                    self.summary.changed_buildings = []
                self.summary.changed_buildings.extend(gids[i] for i in write)
            self.summary.removed_buildings.extend(drop)
            self.summary.removed_buildings.extend(gids[i] for i in ended)

    def _check_feature(self, layer: str, f: Any, ls: LayerSummary
                       ) -> tuple[str, dict[str, Any], dict[str, Any], str, int] | None:
        """(gid, feature, properties, updated_at, version), or None when rejected."""
        if not isinstance(f, dict):
            self.reject(ls, layer, None, msg("not a GeoJSON feature"))
            return None
        fid = f.get("id")
        if not isinstance(fid, (str, int)) or isinstance(fid, bool) or not str(fid).strip() \
                or len(str(fid)) > 200:
            self.reject(ls, layer, repr(fid)[:80], msg("no usable id"))
            return None
        gid = str(fid)
        props = f.get("properties")
        props = {} if props is None else props
        if not isinstance(props, dict):
            self.reject(ls, layer, gid, msg("properties is not a JSON object"))
            return None
        if f.get("geometry") is not None and not isinstance(f.get("geometry"), dict):
            self.reject(ls, layer, gid, msg("geometry is not a GeoJSON geometry"))
            return None
        stamp, version = props.get("updated_at"), props.get("version")
        if not isinstance(stamp, str) or len(stamp) > 64 \
                or _parse_time(stamp, strict=False) is None:
            self.reject(ls, layer, gid, msg("no valid updated_at ({value})",
                                            value=repr(stamp)[:80]))
            return None
        try:
            if isinstance(version, bool) or (isinstance(version, float)
                                             and not version.is_integer()):
                raise TypeError
            number = int(version) if version is not None else 1
            if abs(number) >= 2 ** 63:
                raise OverflowError
        except (TypeError, ValueError, OverflowError):
            self.reject(ls, layer, gid, msg("version {value} is not an integer",
                                            value=repr(version)[:80]))
            return None
        return gid, f, props, stamp, number

    # -- files -------------------------------------------------------------------------------
    def _sync_files(self) -> bool:
        """Download the platform's files; False when cancelled. A file that cannot be taken
        (unsafe name, collision, no checksum, too large, unreadable DEM) is refused with its
        reason; the others go on."""
        with self.cache.engine.connect() as conn:
            raw = conn.connection.driver_connection
            assert raw is not None
            held = st_mod.files(raw)
        base = self.final.parent
        folder = files_dir(self.final)
        assets: list[dict[str, Any]] = []
        for features, _, nbytes in self.client.pages("assets", limit=self.limit,
                                                     max_pages=self.max_pages):
            self.summary.bytes += nbytes
            assets.extend(f for f in features if isinstance(f, dict))
        taken: dict[str, str] = {}  # casefolded local name -> the platform name that has it
        for f in assets:
            if self.cancelled():
                return False
            p = f.get("properties")
            p = p if isinstance(p, dict) else {}
            name = str(p.get("path") or p.get("name") or f.get("id"))[:1024]
            kind = str(p.get("kind") or "file")[:40]
            href, sha, size = p.get("href"), p.get("sha256"), p.get("bytes")
            if p.get(LIFECYCLE) == RETIRED or not href:
                continue
            if kind == "tileset":  # 3D Tiles covering the area (store/sync/tiles_download)
                from store.sync.tiles_download import sync_tileset

                if not sync_tileset(self, f, p, name):
                    return False
                continue
            entry: dict[str, Any] = {"name": name, "kind": kind, "bytes": 0,
                                     "size": size, "status": "unchanged"}
            try:
                try:
                    self.client.file_url(href if isinstance(href, str) else "")
                except SyncError as exc:
                    raise _Refused(msg("the platform file {name} has no usable link: "
                                       "{problem}", name=name, problem=exc.problem)) from None
                if not isinstance(sha, str) or not _SHA256.match(sha) \
                        or not isinstance(size, int) or isinstance(size, bool) or size < 0:
                    raise SyncError(self.client.url + "/collections/assets/items",
                                    "asset {name}: no sha256/bytes to check the download "
                                    "against", name=name)
                if not self._asset_wanted(f, p):
                    continue
                rec = held.get(name)
                if kind != "dem":
                    rel = local_name(name)
                    key = rel.as_posix().casefold()
                    if key in taken:
                        raise UnsafeName("the platform files {name} and {other} would be the "
                                         "same local file: {name} refused",
                                         name=name, other=taken[key])
                    taken[key] = name
                if rec is not None and rec["sha256"] == sha and self._stored_ok(rec, base):
                    self.summary.files.append(entry)
                    continue
                if kind == "dem":
                    stored = "raster:dem"
                    moved = self._fetch_dem(folder, href, sha, size, name, kind, p)
                else:
                    target = folder / rel
                    self._check_target(folder, target, name, sha, held)
                    self._check_space(folder, size, name)
                    moved = self.client.download(href, target, sha, size)
                    stored = target.relative_to(base).as_posix()
                    with self.cache.transaction() as tx:
                        raw = tx.conn.connection.driver_connection
                        st_mod.ensure(raw)
                        st_mod.save_file(raw, _file_row(name, kind, sha, size, href, stored, p))
                        tx.record("sync_file", file=name, kind=kind, sha256=sha, bytes=size)
            except Cancelled:
                return False
            except (UnsafeName, _Refused) as exc:
                self._refuse(entry, exc.problem)
                continue
            except SyncError as exc:
                if exc.status is None or exc.status >= 500 or exc.status in (408, 429):
                    raise  # the network or the platform is down: stop, resume later
                self._refuse(entry, msg("{url}: {problem}", url=exc.url, problem=exc.problem))
                continue
            entry.update(bytes=moved, status="downloaded", stored=stored)
            self.summary.files.append(entry)
            self.summary.file_bytes += moved
            self.emit({"stage": "files", "name": name, "file": name, "kind": kind,
                       "bytes": moved, "status": "downloaded"})
        return True

    def _refuse(self, entry: dict[str, Any], reason: Message) -> None:
        entry.update(status="refused", reason=reason)
        self.summary.files.append(entry)
        self.warn(reason)
        self.emit({"stage": "files", "name": entry["name"], "file": entry["name"],
                   "kind": entry["kind"], "bytes": 0, "status": "refused"})

    def _check_target(self, folder: Path, target: Path, name: str, sha: str,
                      held: Mapping[str, Mapping[str, Any]]) -> None:
        """Refuse a local file that escapes the folder (through a link) or that cimview did
        not write (unless it already holds exactly the platform's bytes)."""
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            raise _Refused(msg("{folder} is not a plain folder: the platform file {name} is "
                               "not written there", folder=str(folder), name=name))
        if not inside(folder, target):
            raise _Refused(msg("the platform file {name} would land outside {folder} (through "
                               "a link): refused", name=name, folder=str(folder)))
        for parent in target.relative_to(folder).parents:
            step = folder / parent
            if step != folder and (step.is_symlink() or (step.exists() and not step.is_dir())):
                raise _Refused(msg("the platform file {name} collides with {file}, which is "
                                   "not a folder: refused", name=name, file=str(step)))
        if target.is_symlink() or (target.exists() and not target.is_file()):
            raise _Refused(msg("the platform file {name} would replace {file}, which is not a "
                               "plain file: refused", name=name, file=str(target)))
        if target.exists():
            stored = target.relative_to(self.final.parent).as_posix()
            ours = any(r.get("stored") == stored for r in held.values())
            if not ours and sha256_file(target) != sha.lower():
                raise _Refused(msg("the platform file {name} would replace {file}, which "
                                   "cimview did not write: refused", name=name,
                                   file=str(target)))

    def _check_space(self, folder: Path, size: int, name: str) -> None:
        probe = folder if folder.exists() else folder.parent
        try:
            free = shutil.disk_usage(probe).free
        except OSError:
            return
        if size + (64 << 20) > free:
            raise _Refused(msg("the platform file {name} needs {size} bytes; {free} are free "
                               "on {folder}: refused", name=name, size=size, free=free,
                               folder=str(probe)))

    def _fetch_dem(self, folder: Path, href: str, sha: str, size: int, name: str, kind: str,
                   p: Mapping[str, Any]) -> int:
        """Download the DEM into the files folder under a name of cimview's own, store it in
        the cache, and remove the download."""
        folder.mkdir(parents=True, exist_ok=True)
        if folder.is_symlink() or not folder.is_dir():
            raise _Refused(msg("{folder} is not a plain folder: the platform file {name} is "
                               "not written there", folder=str(folder), name=name))
        self._check_space(folder, size, name)
        tmp = folder / f".dem-{sha[:16].lower()}.tif"  # hidden: no platform name can be this
        moved = self.client.download(href, tmp, sha, size)
        try:
            self._store_dem(tmp, name, kind, sha, size, href, p)
        finally:
            tmp.unlink(missing_ok=True)
        return moved

    def _asset_wanted(self, f: Mapping[str, Any], p: Mapping[str, Any]) -> bool:
        """In a work area: files about a feature held here, or placed inside the area."""
        if self.polygon is None or p.get("kind") == "dem":
            return True
        layer, gid = p.get("feature_layer"), p.get("feature_gid")
        if isinstance(layer, str) and layer in LAYERS and isinstance(gid, str) and gid:
            return bool(self.raw_read(f'SELECT 1 FROM "{layer}" WHERE gid = ?', (gid,)))
        geom = f.get("geometry")
        if not geom:
            return True
        to_cache = Transformer.from_crs("OGC:CRS84", self.cache.crs, always_xy=True)
        try:
            g = shapely.from_geojson(json.dumps(geom))
            g = shapely.transform(g, lambda xy: np.column_stack(
                to_cache.transform(xy[:, 0], xy[:, 1])))
        except (shapely.errors.GEOSException, ValueError, TypeError, RecursionError):
            return True  # where it stands is unknown: the file is taken
        return bool(shapely.intersects(g, self.polygon))

    def _stored_ok(self, rec: Mapping[str, Any], base: Path) -> bool:
        if rec["stored"].startswith("raster:"):
            return self.cache.raster_info(rec["stored"].split(":", 1)[1]) is not None
        target = base / rec["stored"]
        folder = files_dir(self.final)
        # Files of an older cimview were kept beside the cache: fetched again into the folder.
        return (inside(folder, target) and target.is_file() and not target.is_symlink()
                and target.stat().st_size == rec["bytes"])

    def _store_dem(self, tmp: Path, name: str, kind: str, sha: str, size: int, href: str,
                   p: Mapping[str, Any]) -> None:
        from store.importers import dem as dem_importer
        from store.importers.options import ImportOptions
        from store.importers.pipeline import Target
        from store.importers.report import ImportReport
        from store.raster import put_dem

        report = ImportReport(file=str(tmp))
        try:
            src = dem_importer.read(tmp, "dem", ImportOptions(), report)
            src_crs = parse_crs(src.declared_crs) if src.declared_crs else self.cache.crs
            grid = src.build(Target(path=tmp, src_crs=src_crs, cache_crs=self.cache.crs,
                                    options=ImportOptions(), report=report))
        except CimviewError as exc:
            raise _Refused(msg("the DEM {name} is not a readable GeoTIFF: {problem}",
                               name=name, problem=exc.problem)) from None
        except Exception as exc:  # noqa: BLE001 - a GeoTIFF reader's own error
            raise _Refused(msg("the DEM {name} is not a readable GeoTIFF: {problem}",
                               name=name, problem=str(exc)[:200])) from None
        with self.cache.transaction() as tx:
            put_dem(tx, grid, source=self.source)
            raw = tx.conn.connection.driver_connection
            st_mod.ensure(raw)
            st_mod.save_file(raw, _file_row(name, kind, sha, size, href, "raster:dem", p))
            tx.record("sync_file", file=name, kind=kind, sha256=sha, bytes=size)
        for w in report.warnings:
            self.warn(msg("DEM: {warning}", warning=w))


# -- helpers -------------------------------------------------------------------------------------
class _Refused(CimviewError):
    """A platform file the sync will not write here: its problem says why."""


def _resume_refused(exc: SyncError) -> bool:
    """Whether a resumed run's first request failed for its saved place (a 4xx, a page that
    is not usable) rather than for the network or a platform that is down."""
    if isinstance(exc, Cancelled) or exc.status is None:
        return False
    return 400 <= exc.status < 500 and exc.status not in (408, 429) or exc.status < 300


def _address_point(f: Any, kind: str, name: str) -> tuple[float, float] | None:
    """The point of an address feature of the area ``name`` (at level ``kind``), if it is one."""
    if not isinstance(f, dict):
        return None
    props = f.get("properties")
    geom = f.get("geometry")
    if not isinstance(props, dict) or not isinstance(geom, dict):
        return None
    if props.get(kind) != name or props.get(LIFECYCLE) == RETIRED or geom.get("type") != "Point":
        return None
    xy = geom.get("coordinates")
    if not isinstance(xy, list) or len(xy) < 2 or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in xy[:2]):
        return None
    x, y = float(xy[0]), float(xy[1])
    return (x, y) if np.isfinite(x) and np.isfinite(y) else None


def _northing_first(uri: str) -> bool:
    from store.sync.client import northing_first

    return northing_first(uri)


def _geometries(feats: list[dict[str, Any]], layer: str, *, swap: bool,
                to_cache: Transformer | None, max_vertices: int = MAX_VERTICES
                ) -> tuple[np.ndarray, dict[int, Message]]:
    """Shapely geometries in the cache CRS (x = easting) for a page's features, and the
    reasons of those that cannot be stored (by index): invalid GeoJSON, non-finite numbers,
    the wrong type for the layer, more than ``max_vertices`` vertices."""
    spec = LAYERS[layer]
    bad: dict[int, Message] = {}
    texts: list[str | None] = []
    for i, f in enumerate(feats):
        g = f.get("geometry")
        try:
            texts.append(None if g is None else json.dumps(g, allow_nan=False))
        except (ValueError, TypeError, RecursionError):
            texts.append(None)
            bad[i] = msg("invalid geometry (numbers that are not finite)")
    arr = np.array(texts + [None], dtype=object)[:-1]  # a 1-d object array, whatever the texts
    try:
        geoms = np.asarray(shapely.from_geojson(arr, on_invalid="ignore"), dtype=object)
    except (shapely.errors.GEOSException, ValueError, TypeError):
        geoms = np.empty(len(texts), dtype=object)
        for i, t in enumerate(texts):
            try:
                geoms[i] = None if t is None else shapely.from_geojson(t)
            except (shapely.errors.GEOSException, ValueError, TypeError):
                geoms[i] = None
    for i, t in enumerate(texts):
        if t is not None and geoms[i] is None and i not in bad:
            bad[i] = msg("invalid geometry (not GeoJSON the cache can read)")
    if not len(geoms):
        return geoms, bad
    present = ~shapely.is_missing(geoms)
    counts = np.where(present, shapely.get_num_coordinates(geoms), 0)
    for i in np.flatnonzero(counts > max_vertices):
        bad.setdefault(int(i), msg("{n} vertices, more than the {limit} one feature may have",
                                   n=int(counts[i]), limit=max_vertices))
    allowed = _TYPE_IDS.get(spec.geometry_type, ())
    types = np.where(present, shapely.get_type_id(geoms), -1)
    for i in np.flatnonzero(present & ~np.isin(types, allowed)):
        kind = _TYPE_NAMES[types[i]] if 0 <= types[i] < len(_TYPE_NAMES) else "?"
        bad.setdefault(int(i), msg("a {kind} geometry where {layer} holds {want}", kind=kind,
                                   layer=layer, want=spec.geometry_type.title()))
    ok = present & ~np.isin(np.arange(len(geoms)), list(bad))
    if ok.any():
        xyz, index = shapely.get_coordinates(geoms[ok], include_z=True, return_index=True)
        finite = np.isfinite(xyz[:, :2]).all(axis=1)
        if spec.has_z:
            finite &= ~np.isinf(xyz[:, 2])
        for j in np.unique(index[~finite]):
            bad.setdefault(int(np.flatnonzero(ok)[j]),
                           msg("invalid geometry (numbers that are not finite)"))
    sel = present & ~np.isin(np.arange(len(geoms)), list(bad))
    if swap or to_cache is not None:
        has_z = np.zeros(len(geoms), dtype=bool)
        has_z[sel] = shapely.has_z(geoms[sel])

        def fix(xyz: np.ndarray) -> np.ndarray:
            out = xyz.copy()
            if swap:
                out[:, [0, 1]] = out[:, [1, 0]]
            if to_cache is not None:
                x, y = to_cache.transform(out[:, 0], out[:, 1])
                out[:, 0], out[:, 1] = x, y
            return out

        for z in (False, True):
            part = sel & (has_z == z)
            if part.any():
                geoms[part] = shapely.transform(geoms[part], fix, include_z=z)
    if spec.geometry_type.startswith("MULTI"):
        single = sel & (shapely.get_type_id(geoms) == {"MULTIPOLYGON": 3, "MULTILINESTRING": 1,
                                                       "MULTIPOINT": 0}[spec.geometry_type])
        if single.any():
            maker = {"MULTIPOLYGON": shapely.multipolygons,
                     "MULTILINESTRING": shapely.multilinestrings,
                     "MULTIPOINT": shapely.multipoints}[spec.geometry_type]
            geoms[single] = [maker([g]) for g in geoms[single]]
    return geoms, bad


def _lonlat_bounds(geom: Any, crs: Any) -> tuple[float, float, float, float]:
    to_lonlat = Transformer.from_crs(crs, "OGC:CRS84", always_xy=True)
    dense = shapely.segmentize(geom, max(geom.length / 400, 1e-6))
    xy = shapely.get_coordinates(dense)
    lon, lat = to_lonlat.transform(xy[:, 0], xy[:, 1])
    return float(np.min(lon)), float(np.min(lat)), float(np.max(lon)), float(np.max(lat))


def _value(v: Any) -> Any:
    """A property value as SQLite takes it (objects as JSON, integers SQLite cannot hold as
    text)."""
    if isinstance(v, (dict, list)):
        try:
            return json.dumps(v, ensure_ascii=False)
        except (ValueError, RecursionError):
            return None
    if isinstance(v, int) and not isinstance(v, bool) and not -2 ** 63 <= v < 2 ** 63:
        return str(v)
    return v


def _parse_time(text: str, *, strict: bool = True) -> datetime | None:
    """A UTC datetime from an ISO 8601 / RFC 3339 stamp ('…Z' or with an offset), in the years
    1900 to 9000 (anything else is not a platform's update time)."""
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace(" ", "T"))
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(UTC)
        if not 1900 <= value.year <= 9000:
            raise ValueError("not a plausible update time")
    except (ValueError, AttributeError, OverflowError, TypeError):
        if strict:
            raise
        return None
    return value


def _sort_key(text: str) -> datetime:
    return _parse_time(text)  # type: ignore[return-value]


def _format_time(value: datetime, sample: str | None) -> str:
    """``value`` written the way the platform writes ``updated_at`` (``sample``): servers such as
    pygeoapi's (TinyDB, and PostgreSQL on a text column) compare ``datetime`` bounds with stored
    stamps as strings. With no sample: milliseconds and ``Z``."""
    digits, zulu = 3, True
    if sample:
        m = re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.(\d+))?(Z|[+-]\d\d:?\d\d)?$",
                     sample.strip())
        if m:
            digits = len(m.group(1) or "")
            zulu = (m.group(2) or "Z") == "Z"
    value = value.astimezone(UTC)
    # Round down: a bound a little early fetches a little more, never less.
    text = value.strftime("%Y-%m-%dT%H:%M:%S")
    if digits:
        text += "." + f"{value.microsecond:06d}"[:digits].ljust(digits, "0")
    return text + ("Z" if zulu else "+00:00")


def _watermark(st: st_mod.CollectionState, mode: str) -> str | None:
    """The horizon of a completed run (see the module docstring)."""
    old = st.watermark
    if st.run_unstable and mode == "incremental" and old:
        return old  # ask for the same window again
    started, newest = st.run_started, st.run_max
    if started and not st.run_unstable:
        return started
    if started and newest:
        return min(started, newest, key=_sort_key)
    return newest or started or old


def _file_row(name: str, kind: str, sha: str, size: int, href: str, stored: str,
              p: Mapping[str, Any]) -> dict[str, Any]:
    return {"name": name, "kind": kind, "sha256": sha, "bytes": size, "href": href,
            "stored": stored, "feature_layer": p.get("feature_layer"),
            "feature_gid": p.get("feature_gid"), "updated_at": utc_now()}


__all__ = ["DEFAULT_CRS", "SYNC_LAYERS", "LayerSummary", "SyncSummary", "sync"]
