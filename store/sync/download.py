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
* **Failures** (an error after retries, malformed JSON, a page in the wrong CRS) raise
  :class:`SyncError` and leave the cache exactly as after the last completed page; ``cancel``
  stops between pages (and between files) with the same guarantee.
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
cache CRS when needed), other files (proposal IFCs) beside the cache at their platform path
(``proposals/…``, as ``parcels.proposal`` refers to them), both downloaded through a
``.partial`` file resumed with HTTP Range and checked against their SHA-256; recorded in
``cimview_sync_files`` so unchanged files are not fetched again.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import Any

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import MultiPoint, box

from store.cache import Cache, utc_now
from store.crs import crs_label, horizontal, parse_crs
from store.errors import CacheError, CimviewError
from store.schema import LAYERS
from store.sync import state as st_mod
from store.sync.client import CRS84, Page, Platform, SyncError, crs_uri, same_crs

DEFAULT_CRS = "EPSG:4547"
#: Properties of a platform feature that are not cache columns.
LIFECYCLE = "lifecycle"
RETIRED = "retired"
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
    bytes: int = 0
    watermark: str | None = None

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
    warnings: list[str] = field(default_factory=list)
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
                "kept_local", "pages")
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
         platform: Platform | None = None) -> SyncSummary:
    """Download (first time) or update (afterwards) a cache from an OGC API - Features platform.

    ``bbox`` (minx, miny, maxx, maxy) and ``area`` (a 街道/社区/district name, or a polygon WKT)
    are in ``bbox_crs``, default the cache's CRS; both together mean their intersection.
    ``crs`` is the CRS of a new cache (default EPSG:4547); an existing cache keeps its own.
    ``progress`` is called after each committed page (and file) with a dict (``stage``
    "features": collection/layer, mode, page, fetched, changed, removed, bytes, matched,
    done; ``stage`` "files": name/file, kind, bytes); ``cancel`` is a
    callable or an Event-like object (``is_set``) checked between pages. ``collections``
    limits the layers synced; ``files=False`` skips the assets. ``overlap`` (seconds) is how
    far before the watermark a "changed since" query starts. ``platform`` is a ready client
    (for its retry and timeout settings); ``url`` must be its URL."""
    started = time.perf_counter()
    path = Path(cache_path)
    partial = path.with_name(path.name + ".partial")
    client = platform or Platform(url, token)
    if platform is not None and platform.url != url.rstrip("/"):
        raise CimviewError(f"platform client for {platform.url}, sync asked for {url}")
    try:
        available = client.collections()  # the platform answers before any file is made
        created = not path.exists()
        fresh = created and not partial.exists()
        cache = _open_target(path, partial, client.url, crs) if created else Cache.open(path)
        run = None
        try:
            if not created and crs and horizontal(parse_crs(crs)) != horizontal(cache.crs):
                raise CimviewError(f"{path}: the cache is in {crs_label(cache.crs)}, not {crs}")
            summary = SyncSummary(url=client.url, cache=str(path), created=created,
                                  crs=crs_label(cache.crs))
            run = _Run(client, cache, summary, limit=limit, overlap=overlap,
                       progress=progress, cancel=cancel)
            run.run(available, bbox=bbox, bbox_crs=bbox_crs, area=area,
                    collections=collections, files=files)
        except BaseException:
            cache.close()
            if fresh and (run is None or run.pages == 0):  # nothing to resume: no litter
                _remove(partial)
            raise
        cache.close()
        if created and summary.complete:
            os.replace(partial, path)
        elif created:
            summary.cache = str(partial)
        summary.requests, summary.retries = client.requests, client.retried
        summary.seconds = round(time.perf_counter() - started, 3)
        summary.apply_seconds = round(summary.apply_seconds, 3)
        return summary
    finally:
        if platform is None:
            client.close()


def _open_target(path: Path, partial: Path, url: str, crs: str | None) -> Cache:
    """The .partial cache of an interrupted first sync from ``url``, or a new one."""
    if partial.exists():
        try:
            cache = Cache.open(partial)
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
    return Cache.create(partial, crs or DEFAULT_CRS, name=path.stem)


def _remove(db: Path) -> None:
    """An SQLite file and its journals (a stale hot journal must not meet a new file)."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)


# -- one run -------------------------------------------------------------------------------------
class _Run:
    def __init__(self, client: Platform, cache: Cache, summary: SyncSummary, *, limit: int,
                 overlap: float, progress: Progress | None, cancel: Any):
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

    # -- helpers -----------------------------------------------------------------------------
    def cancelled(self) -> bool:
        c = self.cancel
        if c is None:
            return False
        if hasattr(c, "is_set"):
            return bool(c.is_set())
        return bool(c())

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
            raise CimviewError(f"not cache layers a platform can fill: {', '.join(unknown)}")
        missing = [c for c in wanted if c not in available]
        if missing:
            raise SyncError(f"{self.client.url}/collections",
                            f"the platform has no collection {', '.join(missing)}")
        if not wanted:
            raise SyncError(f"{self.client.url}/collections",
                            "the platform serves none of the cache's layers")
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
        with self.cache.transaction() as tx:
            tx.set_meta("sync_completed_at", utc_now())
            tx.set_meta("sync_complete", "1")
        summary.complete = True

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
            self.summary.warnings.append("the cache holds the whole platform: the work area "
                                         "given is already in it")
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
                    self.summary.warnings.append("the work area grew: it is downloaded in full "
                                                 "again (features already held are replaced)")
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
                raise CimviewError(f"bbox {list(bbox)}: expected minx, miny, maxx, maxy")
            minx, miny, maxx, maxy = (float(v) for v in bbox)
            if not (minx < maxx and miny < maxy):
                raise CimviewError(f"bbox {list(bbox)}: min must be below max")
            shapes.append(here(box(minx, miny, maxx, maxy)))
        if area:
            text = area.strip()
            if re.match(r"^(MULTI)?POLYGON\s*(Z\s*)?\(", text, re.IGNORECASE):
                try:
                    geom = shapely.from_wkt(text)
                except shapely.errors.GEOSException as exc:
                    raise CimviewError(f"area: not a valid polygon WKT ({exc})") from None
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
                                          params={kind: name}, limit=self.limit):
                features, _, nbytes = page
                self.summary.bytes += nbytes
                for f in features:  # a server may ignore the filter: check each feature
                    props = f.get("properties") or {}
                    geom = f.get("geometry") or {}
                    if props.get(kind) == name and props.get(LIFECYCLE) != RETIRED \
                            and geom.get("type") == "Point":
                        points.append(tuple(geom["coordinates"][:2]))
            if points:
                break
        if not points:
            raise CimviewError(f"area {name!r}: no 社区, 街道 or district of that name in the "
                               "platform's address library (give a polygon WKT or --bbox)")
        cloud = MultiPoint(points)
        hull = shapely.concave_hull(cloud, ratio=AREA_HULL_RATIO) if len(points) > 3 else cloud
        return hull.buffer(AREA_BUFFER)

    # -- one collection ----------------------------------------------------------------------
    def _sync_layer(self, layer: str, desc: Mapping[str, Any]) -> bool:
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
            ls.mode, ls.resumed, start_url = st.phase, True, st.next_url
        else:
            old_wm = st.watermark if st is not None and st.url == url else None
            sample = (st.run_totals.get("stamp_sample")
                      if st is not None and st.url == url else None)
            st = st_mod.CollectionState(layer, url, phase="incremental" if old_wm else "full",
                                        watermark=old_wm, run_totals={"stamp_sample": sample})
            ls.mode = st.phase
        if ls.mode == "full":
            self.summary.mode = "full"
        offered = desc.get("crs")
        native = not offered or any(same_crs(c, self.cache_uri) for c in offered)
        to_cache = None if native else Transformer.from_crs("OGC:CRS84", self.cache.crs,
                                                            always_xy=True)
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
        pages = self.client.pages(layer, limit=self.limit, start_url=start_url, xy=False,
                                  **query)
        want = self.cache_uri if native else CRS84
        swap = _northing_first(want)
        while True:
            if self.cancelled():
                return False
            try:
                page = next(pages)
            except StopIteration:  # pages() always ends on a page without a next link
                break
            t0 = time.perf_counter()
            self._apply(layer, page, st, ls, swap=swap, to_cache=to_cache)
            self.summary.apply_seconds += time.perf_counter() - t0
            self.pages += 1
            self.emit({"stage": "features", "collection": layer, "layer": layer,
                       "mode": ls.mode,
                       "page": ls.pages, "fetched": ls.fetched, "changed": ls.changed,
                       "removed": ls.retired + ls.left_area, "bytes": ls.bytes,
                       "matched": page.number_matched, "done": page.next_url is None})
            if page.next_url is None:
                break
        ls.complete = True
        ls.watermark = st.watermark
        return True

    def _apply(self, layer: str, page: Page, st: st_mod.CollectionState, ls: LayerSummary, *,
               swap: bool, to_cache: Transformer | None) -> None:
        """Apply one page and its state row in one transaction."""
        spec = LAYERS[layer]
        features, next_url, nbytes = page
        where = page.url
        # -- parse -----------------------------------------------------------------------------
        by_gid: dict[str, int] = {}
        for i, f in enumerate(features):
            by_gid[str(f["id"])] = i  # a gid twice in a page: the later copy wins
        idx = list(by_gid.values())
        feats = [features[i] for i in idx]
        gids = list(by_gid)
        props = [f.get("properties") or {} for f in feats]
        stamps: list[str] = []
        versions: list[int] = []
        for gid, p in zip(gids, props, strict=True):
            stamp, version = p.get("updated_at"), p.get("version")
            if not isinstance(stamp, str) or _parse_time(stamp, strict=False) is None:
                raise SyncError(where, f"{layer} feature {gid}: no valid updated_at "
                                       f"({stamp!r})")
            try:
                versions.append(int(version) if version is not None else 1)
            except (TypeError, ValueError):
                raise SyncError(where, f"{layer} feature {gid}: version {version!r} is not "
                                       "an integer") from None
            stamps.append(stamp)
        geoms = _geometries(feats, gids, where, layer, swap=swap, to_cache=to_cache)
        retired = np.array([p.get(LIFECYCLE) == RETIRED for p in props], dtype=bool)
        if self.polygon is None:
            inside = np.ones(len(gids), dtype=bool)
        else:
            inside = shapely.intersects(geoms, self.polygon)
            inside &= ~shapely.is_missing(geoms)
        # -- bookkeeping that does not depend on the cache ---------------------------------------
        page_max = max(stamps, key=_sort_key) if stamps else None
        unstable = st.run_unstable
        if st.run_started is None and not ls.resumed and ls.pages == 0:
            st.run_started = page.timestamp
            st.run_matched = page.number_matched
            st.run_max = None
            unstable = False
        elif (ls.mode == "incremental" and st.run_matched is not None
              and page.number_matched is not None and page.number_matched != st.run_matched):
            unstable = True  # the filtered result moved under our offsets
        if page.timestamp and page_max and _parse_time(page_max) > (
                _parse_time(page.timestamp) + timedelta(seconds=1)):
            unstable = True  # a feature stamped after its own page: clocks disagree
            warning = (f"{layer}: features are stamped later than the platform's response "
                       "time; the watermark falls back to the newest updated_at")
            if warning not in self.summary.warnings:
                self.summary.warnings.append(warning)
        run_max = max([v for v in (st.run_max, page_max) if v], key=_sort_key, default=None)
        # -- apply -------------------------------------------------------------------------------
        t = spec.table
        columns = [c.name for c in t.c if c.name not in _LOCAL_COLUMNS]
        with self.cache.transaction() as tx:
            raw = tx.conn.connection.driver_connection
            assert raw is not None
            st_mod.ensure(raw)
            held: dict[str, tuple[int, str, int]] = {}
            for lo in range(0, len(gids), 500):
                chunk = gids[lo:lo + 500]
                marks = ",".join("?" * len(chunk))
                for g, v, u, e in raw.execute(
                        f'SELECT gid, version, updated_at, local_edit FROM "{layer}" '
                        f"WHERE gid IN ({marks})", chunk):
                    held[g] = (v, u, e)
            write: list[int] = []
            drop: list[str] = []
            counts = {"new": 0, "updated": 0, "unchanged": 0, "retired": 0, "left_area": 0,
                      "outside": 0, "kept_local": 0}
            kept: list[str] = []
            for i, gid in enumerate(gids):
                have = held.get(gid)
                if have is not None and have[2]:
                    counts["kept_local"] += 1
                    kept.append(gid)
                elif retired[i]:
                    if have is not None:
                        drop.append(gid)
                        counts["retired"] += 1
                elif not inside[i]:
                    if have is not None:
                        drop.append(gid)
                        counts["left_area"] += 1
                    else:
                        counts["outside"] += 1
                elif have is not None and have[0] == versions[i] and have[1] == stamps[i]:
                    counts["unchanged"] += 1
                else:
                    write.append(i)
                    counts["updated" if have is not None else "new"] += 1
            if drop:
                tx.delete(layer, drop)
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

    # -- files -------------------------------------------------------------------------------
    def _sync_files(self) -> bool:
        with self.cache.engine.connect() as conn:
            raw = conn.connection.driver_connection
            assert raw is not None
            held = st_mod.files(raw)
        base = self.cache.path.parent
        # The final cache name, also while a first sync builds CACHE.partial.
        stem = self.cache.path.name.removesuffix(".partial")
        assets: list[dict[str, Any]] = []
        for features, _, nbytes in self.client.pages("assets", limit=self.limit):
            self.summary.bytes += nbytes
            assets.extend(features)
        for f in assets:
            if self.cancelled():
                return False
            p = f.get("properties") or {}
            name = str(p.get("path") or p.get("name") or f.get("id"))
            kind = str(p.get("kind") or "file")
            href, sha, size = p.get("href"), p.get("sha256"), p.get("bytes")
            if p.get(LIFECYCLE) == RETIRED or not href:
                continue
            if not isinstance(sha, str) or not isinstance(size, int):
                raise SyncError(self.client.url + "/collections/assets/items",
                                f"asset {name}: no sha256/bytes to check the download against")
            if not self._asset_wanted(f, p):
                continue
            rec = held.get(name)
            entry: dict[str, Any] = {"name": name, "kind": kind, "bytes": 0,
                                     "size": size, "status": "unchanged"}
            if rec is not None and rec["sha256"] == sha and self._stored_ok(rec, base):
                self.summary.files.append(entry)
                continue
            if kind == "dem":
                tmp = base / f".{stem}.{_safe_name(name).name}"
                moved = self.client.download(href, tmp, sha, size)
                self._store_dem(tmp, name, kind, sha, size, href, p)
                tmp.unlink(missing_ok=True)
                stored = "raster:dem"
            else:
                rel = _safe_name(name)
                moved = self.client.download(href, base / rel, sha, size)
                stored = rel.as_posix()
                with self.cache.transaction() as tx:
                    raw = tx.conn.connection.driver_connection
                    st_mod.ensure(raw)
                    st_mod.save_file(raw, _file_row(name, kind, sha, size, href, stored, p))
            entry.update(bytes=moved, status="downloaded", stored=stored)
            self.summary.files.append(entry)
            self.summary.file_bytes += moved
            self.emit({"stage": "files", "name": name, "file": name, "kind": kind,
                       "bytes": moved})
        return True

    def _asset_wanted(self, f: Mapping[str, Any], p: Mapping[str, Any]) -> bool:
        """In a work area: files about a feature held here, or placed inside the area."""
        if self.polygon is None or p.get("kind") == "dem":
            return True
        layer, gid = p.get("feature_layer"), p.get("feature_gid")
        if layer in LAYERS and gid:
            return bool(self.raw_read(f'SELECT 1 FROM "{layer}" WHERE gid = ?', (gid,)))
        geom = f.get("geometry")
        if not geom:
            return True
        to_cache = Transformer.from_crs("OGC:CRS84", self.cache.crs, always_xy=True)
        g = shapely.from_geojson(json.dumps(geom))
        g = shapely.transform(g, lambda xy: np.column_stack(to_cache.transform(xy[:, 0],
                                                                               xy[:, 1])))
        return bool(shapely.intersects(g, self.polygon))

    def _stored_ok(self, rec: Mapping[str, Any], base: Path) -> bool:
        if rec["stored"].startswith("raster:"):
            return self.cache.raster_info(rec["stored"].split(":", 1)[1]) is not None
        target = base / rec["stored"]
        return target.is_file() and target.stat().st_size == rec["bytes"]

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
        except CimviewError as exc:
            raise SyncError(href, f"the DEM is not a readable GeoTIFF: {exc}") from None
        src_crs = parse_crs(src.declared_crs) if src.declared_crs else self.cache.crs
        grid = src.build(Target(path=tmp, src_crs=src_crs, cache_crs=self.cache.crs,
                                options=ImportOptions(), report=report))
        with self.cache.transaction() as tx:
            put_dem(tx, grid, source=self.source)
            raw = tx.conn.connection.driver_connection
            st_mod.ensure(raw)
            st_mod.save_file(raw, _file_row(name, kind, sha, size, href, "raster:dem", p))
        self.summary.warnings.extend(f"DEM: {w}" for w in report.warnings)


# -- helpers -------------------------------------------------------------------------------------
def _northing_first(uri: str) -> bool:
    from store.sync.client import northing_first

    return northing_first(uri)


def _geometries(feats: list[dict[str, Any]], gids: list[str], where: str, layer: str, *,
                swap: bool, to_cache: Transformer | None) -> np.ndarray:
    """Shapely geometries in the cache CRS (x = easting) for a page's features."""
    spec = LAYERS[layer]
    texts = [None if f.get("geometry") is None else json.dumps(f["geometry"]) for f in feats]
    try:
        geoms = shapely.from_geojson(np.array(texts, dtype=object))
    except (shapely.errors.GEOSException, ValueError) as exc:
        bad = next((g for g, t in zip(gids, texts, strict=True) if t is not None
                    and _bad_geojson(t)), "?")
        raise SyncError(where, f"{layer} feature {bad}: invalid geometry ({exc})") from None
    geoms = np.asarray(geoms, dtype=object)
    if not len(geoms):
        return geoms
    if swap or to_cache is not None:
        has_z = shapely.has_z(geoms)

        def fix(xyz: np.ndarray) -> np.ndarray:
            out = xyz.copy()
            if swap:
                out[:, [0, 1]] = out[:, [1, 0]]
            if to_cache is not None:
                x, y = to_cache.transform(out[:, 0], out[:, 1])
                out[:, 0], out[:, 1] = x, y
            return out

        for z in (False, True):
            sel = has_z == z
            if sel.any():
                geoms[sel] = shapely.transform(geoms[sel], fix, include_z=z)
    if spec.geometry_type.startswith("MULTI"):
        single = shapely.get_type_id(geoms) == {"MULTIPOLYGON": 3, "MULTILINESTRING": 1,
                                                "MULTIPOINT": 0}[spec.geometry_type]
        if single.any():
            maker = {"MULTIPOLYGON": shapely.multipolygons,
                     "MULTILINESTRING": shapely.multilinestrings,
                     "MULTIPOINT": shapely.multipoints}[spec.geometry_type]
            geoms[single] = [maker([g]) for g in geoms[single]]
    return geoms


def _lonlat_bounds(geom: Any, crs: Any) -> tuple[float, float, float, float]:
    to_lonlat = Transformer.from_crs(crs, "OGC:CRS84", always_xy=True)
    dense = shapely.segmentize(geom, max(geom.length / 400, 1e-6))
    xy = shapely.get_coordinates(dense)
    lon, lat = to_lonlat.transform(xy[:, 0], xy[:, 1])
    return float(np.min(lon)), float(np.min(lat)), float(np.max(lon)), float(np.max(lat))


def _bad_geojson(text: str) -> bool:
    try:
        shapely.from_geojson(text)
        return False
    except (shapely.errors.GEOSException, ValueError):
        return True


def _value(v: Any) -> Any:
    if isinstance(v, (dict, list)):
        return json.dumps(v, ensure_ascii=False)
    return v


def _parse_time(text: str, *, strict: bool = True) -> datetime | None:
    """A UTC datetime from an ISO 8601 / RFC 3339 stamp ('…Z' or with an offset)."""
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace(" ", "T"))
    except (ValueError, AttributeError):
        if strict:
            raise
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _sort_key(text: str) -> datetime:
    return _parse_time(text)  # type: ignore[return-value]


def _format_time(value: datetime, sample: str | None) -> str:
    """``value`` written the way the platform writes ``updated_at`` (``sample``): servers such as
    pygeoapi's TinyDB provider compare ``datetime`` bounds with stored stamps as strings. With no
    sample: milliseconds and ``Z``."""
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


def _safe_name(name: str) -> Path:
    """A platform path as a relative local path (no absolute paths, no '..')."""
    parts = [p for p in PurePosixPath(name.replace("\\", "/")).parts
             if p not in ("", ".", "..", "/")]
    if not parts:
        raise CimviewError(f"asset path {name!r}: not a file name")
    return Path(*parts)


def _file_row(name: str, kind: str, sha: str, size: int, href: str, stored: str,
              p: Mapping[str, Any]) -> dict[str, Any]:
    return {"name": name, "kind": kind, "sha256": sha, "bytes": size, "href": href,
            "stored": stored, "feature_layer": p.get("feature_layer"),
            "feature_gid": p.get("feature_gid"), "updated_at": utc_now()}


__all__ = ["DEFAULT_CRS", "SYNC_LAYERS", "LayerSummary", "SyncSummary", "sync"]
