"""A local CIM base platform for demos and tests: pygeoapi (OGC API - Features) over PostGIS.

``python -m sample_city.platform --out DIR [--cache CACHE] [--port 5000] [--files-port 5001]
[--serve]`` starts a throw-away PostGIS cluster (:mod:`sample_city.postgis_cluster`), exports a
cimview cache (by default a freshly built sample city) into it and DIR, and with ``--serve``
serves it until Ctrl+C; then the cluster is stopped and removed. In the database, one table per
collection (:mod:`sample_city.platform_db`): every cache feature layer but ``building_solids``
(same names), an editable ``observations`` collection and ``assets`` (the DEM and the proposal
IFC files, with absolute ``href``, ``sha256`` and ``bytes``; each local 3D Tiles layer of the
cache, e.g. the reality mesh, as an asset of kind ``tileset`` whose ``href`` is its
tileset.json, with ``layer``, ``title`` and ``tileset_kind``). In DIR:

* ``files/``: the asset files (tilesets under ``files/tilesets/<layer>/``), served with Range
  support by ``tools/platform_server.py``;
* ``pygeoapi.config.yml`` and ``openapi.json``: what pygeoapi needs to start;
* ``platform.json``: ports, URLs, counts, the database's connection;
* ``observations.json``: the observations posted to the last run, kept when it stopped and
  loaded again by the next (unless ``--reset-observations``).

Feature conventions (what any platform cimview syncs from must provide, see docs/platform.md):
the feature ``id`` is the cache ``gid``; properties are the layer's columns but fid, geom, source
and local_edit, with ``updated_at`` (UTC, ``YYYY-MM-DDTHH:MM:SS.mmmZ``, the platform's update
time and pygeoapi's ``time_field``), ``version`` (integer) and ``lifecycle`` ("active" or
"retired": the platform never deletes, it retires). Geometries are stored in CRS84 (longitude,
latitude, z kept); pygeoapi offers EPSG:4547 output through ``crs``.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib.util
import json
import os
import shutil
import sys
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import numpy as np
import shapely
from pyproj import Transformer

from sample_city import platform_db
from sample_city.platform_db import LIFECYCLE
from store.cache import Cache
from store.schema import LAYERS

ACTIVE, RETIRED = "active", "retired"
#: The collections that mirror cache layers (building_solids stays local: LOD2 imports only).
LAYER_COLLECTIONS = tuple(name for name in LAYERS if name != "building_solids")
OBSERVATIONS, ASSETS, SCENARIOS = "observations", "assets", "scenarios"
COLLECTIONS = (*LAYER_COLLECTIONS, OBSERVATIONS, ASSETS, SCENARIOS)
#: The collections clients write to (POST, PUT, DELETE).
EDITABLE = (OBSERVATIONS, SCENARIOS)
OBSERVATION_KINDS = ("pole_fault", "pipe_leak", "building_safety", "other")

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
EPSG_URI = "http://www.opengis.net/def/crs/EPSG/0/{}"
#: Output CRSs offered besides CRS84: the sample city's CGCS2000 GK zone and CGCS2000 itself.
OUTPUT_EPSG = (4547, 4490)
DEFAULT_PORT, DEFAULT_FILES_PORT = 5000, 5001
DEFAULT_ITEMS, MAX_ITEMS = 100, 10000
HOST = "127.0.0.1"
#: pygeoapi's PostgreSQL provider, with the writes fixed (sample_city/platform_provider.py).
PROVIDER = "sample_city.platform_provider.CimviewPostgreSQLProvider"
CONFIG_NAME, OPENAPI_NAME, INFO_NAME = "pygeoapi.config.yml", "openapi.json", "platform.json"
SERVER_SCRIPT = Path(__file__).resolve().parents[1] / "tools" / "platform_server.py"

_TITLES = {OBSERVATIONS: ("现场上报", "Field observations"), ASSETS: ("文件资源", "Assets"),
           SCENARIOS: ("规划方案", "Planning scenarios")}
_MEDIA = {".tif": "image/tiff; application=geotiff", ".tiff": "image/tiff; application=geotiff",
          ".ifc": "application/x-step"}


# -- time stamps ---------------------------------------------------------------------------------
def stamp(value: datetime | str | None = None) -> str:
    """A time as the platform writes ``updated_at``: UTC, ISO 8601, milliseconds, ``Z``.

    pygeoapi's PostgreSQL provider compares ``datetime`` bounds with these strings as strings
    (``updated_at`` is a text column), so one fixed format is what makes its "changed since"
    queries right; the database refuses any other (sample_city/platform_db.py)."""
    if value is None:
        value = datetime.now(UTC)
    elif isinstance(value, str):
        value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def later_than(previous: Iterable[str]) -> str:
    """Now, or 1 ms after the latest of ``previous`` when the clock has not moved past it."""
    now = stamp()
    latest = max(previous, default="")
    if now > latest:
        return now
    return stamp(datetime.fromisoformat(latest.replace("Z", "+00:00")) + timedelta(milliseconds=1))


# -- saved observations --------------------------------------------------------------------------
def observations_path(out: Path) -> Path:
    """Where the observations posted to a run are kept when it stops (the cluster does not)."""
    return Path(out) / "observations.json"


def save_observations(out: str | os.PathLike[str]) -> int:
    """Keep the platform's observations in OUT/observations.json (a GeoJSON FeatureCollection),
    for the next export; how many. The database must still run."""
    out = Path(out)
    info = json.loads((out / "export.json").read_text(encoding="utf-8"))
    with _connect(info["db"]) as conn:
        feats = platform_db.features(conn, OBSERVATIONS)
    tmp = observations_path(out).with_suffix(".json.tmp")
    tmp.write_text(json.dumps({"type": "FeatureCollection", "features": feats},
                              ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, observations_path(out))
    return len(feats)


def _saved_observations(out: Path) -> list[dict[str, Any]]:
    try:
        doc = json.loads(observations_path(out).read_text(encoding="utf-8"))
        return [f for f in doc.get("features", []) if isinstance(f, dict) and f.get("id")]
    except (OSError, ValueError, AttributeError):
        return []


@contextlib.contextmanager
def _connect(db: Mapping[str, Any]) -> Iterator[Any]:
    """A psycopg2 connection: committed when the block ends normally, rolled back otherwise."""
    try:
        import psycopg2
    except ImportError:
        raise _pygeoapi_missing() from None
    conn = psycopg2.connect(**db, application_name="cimview-platform-export")
    try:
        with conn:
            yield conn
    finally:
        conn.close()


# -- export --------------------------------------------------------------------------------------
def export(cache_path: str | os.PathLike[str], out: str | os.PathLike[str], *,
           db: Mapping[str, Any], port: int = DEFAULT_PORT,
           files_port: int = DEFAULT_FILES_PORT, default_items: int = DEFAULT_ITEMS,
           max_items: int = MAX_ITEMS, keep_observations: bool = True) -> dict[str, Any]:
    """Export a cimview cache (with dem.tif and proposals/ beside it, if there) into the
    PostGIS database ``db`` (psycopg2 connection parameters: a running
    :class:`sample_city.postgis_cluster.Cluster`'s ``params()``) and the folder ``out``.

    The observations saved by an earlier run (:func:`save_observations`) are loaded again
    unless ``keep_observations`` is false; everything else is written afresh, in one
    transaction."""
    t0 = time.perf_counter()
    cache_path, out = Path(cache_path), Path(out)
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    extents: dict[str, list[float]] = {}
    with _connect(db) as conn, Cache.open(cache_path) as cache:
        to_lonlat = Transformer.from_crs(cache.crs, "OGC:CRS84", always_xy=True)
        for name in LAYER_COLLECTIONS:
            platform_db.create_table(conn, name)
            counts[name], extents[name] = _export_layer(cache, name, to_lonlat, conn)
        assets = _copy_assets(cache, cache_path.parent, out / "files", to_lonlat)
        assets += _copy_tilesets(cache, out / "files", to_lonlat)
        platform_db.create_table(conn, OBSERVATIONS)
        kept = _saved_observations(out) if keep_observations else []
        counts[OBSERVATIONS] = platform_db.insert_features(conn, OBSERVATIONS, kept)
        platform_db.create_table(conn, SCENARIOS)
        counts[SCENARIOS] = platform_db.insert_features(
            conn, SCENARIOS, _scenario_features(cache, to_lonlat))
    (out / "assets.src.json").write_text(json.dumps(assets, ensure_ascii=False, indent=1),
                                         encoding="utf-8")
    counts[ASSETS] = len(assets)
    whole = np.array([e for e in extents.values() if e] or [[-180, -90, 180, 90]])
    extent = [float(whole[:, 0].min()), float(whole[:, 1].min()),
              float(whole[:, 2].max()), float(whole[:, 3].max())]
    extents[OBSERVATIONS] = extents[ASSETS] = extents[SCENARIOS] = extent
    info = {"source_cache": str(cache_path.resolve()), "exported_at": stamp(),
            "counts": counts, "extents": extents, "db": dict(db),
            "default_items": default_items, "max_items": max_items}
    (out / "export.json").write_text(json.dumps(info, ensure_ascii=False, indent=1),
                                     encoding="utf-8")
    t1 = time.perf_counter()
    summary = configure(out, port=port, files_port=files_port)
    summary["seconds"] = {"export": round(t1 - t0, 2),
                          "config": round(time.perf_counter() - t1, 2)}
    return summary


def _scenario_features(cache: Cache, to_lonlat: Transformer) -> list[dict[str, Any]]:
    """The cache's planning scenarios as the platform keeps them: one feature each, with its
    planned features and removals (store/sync/scenario_package.py)."""
    from store.scenarios import list_scenarios
    from store.sync import scenario_package

    out = []
    for s in list_scenarios(cache) if cache.has_lifespans else []:
        f = scenario_package.package(cache, s, to_lonlat)
        f["properties"].update(updated_at=stamp(f["properties"]["updated_at"]), version=1,
                               lifecycle=ACTIVE)
        out.append(f)
    return out


def _export_layer(cache: Cache, name: str, to_lonlat: Transformer, conn: Any
                  ) -> tuple[int, list[float] | None]:
    """The recorded city of every time (history included: demolished buildings carry their
    ``valid_to``); planned features travel in their scenario (:func:`_scenario_features`)."""
    spec = LAYERS[name]
    names = [c for c, _ in platform_db.layer_columns(name) if c != LIFECYCLE]
    feats = cache.read(name, names, at=None,
                       where="t.scenario IS NULL" if cache.has_lifespans else None)
    n = len(feats)
    if not n:
        return 0, None
    geoms = np.asarray(feats.geoms, dtype=object)

    def lonlat(xy: np.ndarray) -> np.ndarray:
        lon, lat = to_lonlat.transform(xy[:, 0], xy[:, 1])
        res = [np.round(lon, 9), np.round(lat, 9)]
        if xy.shape[1] == 3:
            res.append(xy[:, 2])
        return np.column_stack(res)

    geoms = shapely.set_srid(shapely.transform(geoms, lonlat, include_z=spec.has_z), 4326)
    ewkb = shapely.to_wkb(geoms, hex=True, include_srid=True,
                          output_dimension=3 if spec.has_z else 2)
    props: dict[str, Any] = {c: feats.columns[c] for c in names}
    props["updated_at"] = [stamp(v) for v in props["updated_at"]]
    props[LIFECYCLE] = [ACTIVE] * n
    platform_db.copy_rows(conn, name, list(feats.columns["gid"]), list(ewkb), props)
    b = shapely.total_bounds(geoms)
    return n, [float(v) for v in b]


def _copy_assets(cache: Cache, city_dir: Path, files: Path, to_lonlat: Transformer
                 ) -> list[dict[str, Any]]:
    """Put the DEM and the proposal IFCs under ``files/``; their asset records (no href yet)."""
    if files.exists():
        shutil.rmtree(files)
    files.mkdir(parents=True)
    assets: list[dict[str, Any]] = []
    dem_file = city_dir / "dem.tif"
    info = cache.raster_info("dem")
    if dem_file.is_file():
        _place(dem_file, files / "dem.tif")
    elif info is not None:
        raster = cache.raster("dem")
        assert raster is not None
        (files / "dem.tif").write_bytes(raster.data)
    if (files / "dem.tif").is_file():
        where = None
        if info is not None:
            a, _, c, _, e, f = info["transform"]
            where = to_lonlat.transform(c + a * info["width"] / 2, f + e * info["height"] / 2)
        assets.append(_asset(files, "dem.tif", "dem", where, None, None))
    parcels = cache.read("parcels", ["gid", "proposal"], where="t.proposal IS NOT NULL")
    for geom, gid, rel in zip(parcels.geoms, parcels.columns["gid"],
                              parcels.columns["proposal"], strict=True):
        src = city_dir / rel
        if not src.is_file():
            continue
        (files / rel).parent.mkdir(parents=True, exist_ok=True)
        _place(src, files / rel)
        c = shapely.centroid(geom)
        assets.append(_asset(files, rel, "ifc", to_lonlat.transform(c.x, c.y), "parcels", gid))
    return assets


def _copy_tilesets(cache: Cache, files: Path, to_lonlat: Transformer) -> list[dict[str, Any]]:
    """The cache's local 3D Tiles layers (the reality mesh) under ``files/tilesets/<name>/``;
    one asset each (kind ``tileset``, its href the root tileset file, its geometry the root
    tile's outline), so that a work area download can fetch the tiles covering it."""
    from store.sync.tiles_download import KIND, Footprints
    from store.tiles.registry import list_tilesets, local_folder, open_source
    from store.tiles.tileset import Tileset

    assets: list[dict[str, Any]] = []
    for entry in list_tilesets(cache):
        if entry.is_url:
            continue
        src = local_folder(cache.path, entry)
        if not (src / entry.root).is_file():
            continue
        rel = f"tilesets/{entry.name}/{entry.root}"
        shutil.copytree(src, files / "tilesets" / entry.name, copy_function=_place)
        root = Tileset(open_source(cache.path, entry), entry.root).root
        outline = Footprints(cache.crs).polygon(root.bounding_volume, root.world)
        asset = _asset(files, rel, KIND, None, None, None)
        if outline is not None:
            ring = np.asarray(outline.exterior.coords)
            lon, lat = to_lonlat.transform(ring[:, 0], ring[:, 1])
            asset["geometry"] = {"type": "Polygon", "coordinates": [
                [[round(float(x), 9), round(float(y), 9)] for x, y in zip(lon, lat,
                                                                          strict=True)]]}
        asset["properties"].update(layer=entry.name, title=entry.title,
                                   tileset_kind=entry.kind, media_type="application/json")
        assets.append(asset)
    return assets


def _place(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


def _asset(files: Path, rel: str, kind: str, lonlat: tuple[float, float] | None,
           layer: str | None, gid: str | None) -> dict[str, Any]:
    data = (files / rel).read_bytes()
    return {"id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"cimview-asset:{rel}")),
            "geometry": (None if lonlat is None else
                         {"type": "Point", "coordinates": [round(float(v), 9) for v in lonlat]}),
            "properties": {"name": Path(rel).name, "path": rel, "kind": kind,
                           "media_type": _MEDIA.get(Path(rel).suffix.lower(),
                                                    "application/octet-stream"),
                           "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data),
                           "feature_layer": layer, "feature_gid": gid}}


# -- configuration -------------------------------------------------------------------------------
def configure(out: str | os.PathLike[str], *, port: int = DEFAULT_PORT,
              files_port: int = DEFAULT_FILES_PORT) -> dict[str, Any]:
    """(Re)write what depends on the ports: the assets collection (absolute hrefs), pygeoapi's
    configuration, its OpenAPI document and platform.json. Cheap next to :func:`export`."""
    out = Path(out).resolve()
    info = json.loads((out / "export.json").read_text(encoding="utf-8"))
    url, files_url = f"http://{HOST}:{port}", f"http://{HOST}:{files_port}"
    assets = json.loads((out / "assets.src.json").read_text(encoding="utf-8"))
    when = info["exported_at"]
    docs = []
    for a in assets:
        props = dict(a["properties"], href=f"{files_url}/{quote(a['properties']['path'])}",
                     updated_at=when, version=1)
        props[LIFECYCLE] = ACTIVE
        docs.append({"type": "Feature", "id": a["id"], "geometry": a["geometry"],
                     "properties": props})
    with _connect(info["db"]) as conn:
        platform_db.create_table(conn, ASSETS)
        platform_db.insert_features(conn, ASSETS, docs)
    config = pygeoapi_config(out, port, info)
    _write_yaml(out / CONFIG_NAME, config)
    (out / OPENAPI_NAME).write_text(json.dumps(_openapi(config), ensure_ascii=False),
                                    encoding="utf-8")
    summary = {"url": url, "files_url": files_url, "port": port, "files_port": files_port,
               "dir": str(out), "config": str(out / CONFIG_NAME),
               "openapi": str(out / OPENAPI_NAME), "files": str(out / "files"),
               "collections": info["counts"], "max_items": info["max_items"],
               "default_items": info["default_items"], "source_cache": info["source_cache"],
               "exported_at": when, "db": info["db"]}
    (out / INFO_NAME).write_text(json.dumps(summary, ensure_ascii=False, indent=1),
                                 encoding="utf-8")
    return summary


def pygeoapi_config(out: Path, port: int, info: Mapping[str, Any]) -> dict[str, Any]:
    """pygeoapi 0.21's configuration for the exported collections."""
    crs_list = [CRS84, *(EPSG_URI.format(c) for c in OUTPUT_EPSG)]
    db = {k: info["db"][k] for k in ("host", "port", "dbname", "user")}
    resources: dict[str, Any] = {}
    for name in COLLECTIONS:
        if name in LAYERS:
            zh, en = LAYERS[name].title_zh, LAYERS[name].title_en
        else:
            zh, en = _TITLES[name]
        editable = name in EDITABLE
        resources[name] = {
            "type": "collection",
            "title": f"{zh} {en}",
            "description": (f"{zh} {en}: " + (f"{en.lower()} (editable: POST, PUT, DELETE)"
                                              if editable else "read-only")),
            "keywords": ["cimview", name, zh],
            "extents": {"spatial": {"bbox": info["extents"][name] or [-180, -90, 180, 90],
                                    "crs": CRS84}},
            # No temporal extent on purpose: pygeoapi answers 400 to a `datetime` outside it.
            "providers": [{
                "type": "feature", "name": PROVIDER,
                "data": {**db, "search_path": ["public"]},
                "table": name, "id_field": "id", "geom_field": "geom",
                "time_field": "updated_at", "editable": editable,
                "storage_crs": CRS84, "crs": list(crs_list),
            }],
        }
    return {
        "server": {
            "bind": {"host": HOST, "port": port},
            "url": f"http://{HOST}:{port}",
            "mimetype": "application/json; charset=UTF-8",
            "encoding": "utf-8",
            "language": "en-US",
            "cors": False,
            "pretty_print": False,
            "limits": {"default_items": int(info["default_items"]),
                       "max_items": int(info["max_items"]), "on_exceed": "throttle"},
            "map": {"url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
                    "attribution": "OpenStreetMap"},
        },
        "logging": {"level": "ERROR", "logfile": str(out / "pygeoapi.log")},
        "metadata": {
            "identification": {
                "title": "珠湾区 CIM 基础平台 (cimview sample city)",
                "description": "A local OGC API - Features platform serving the cimview sample "
                               "city, for demos and tests",
                "keywords": ["cimview", "CIM", "OGC API - Features"],
                "keywords_type": "theme", "terms_of_service": "", "url": "",
            },
            "license": {"name": "sample data, no rights reserved", "url": ""},
            "provider": {"name": "cimview", "url": ""},
            "contact": {"name": "cimview", "email": "", "url": ""},
        },
        "resources": resources,
    }


def _pygeoapi_missing() -> SystemExit:
    return SystemExit("pygeoapi is not installed: .venv/bin/pip install -e '.[platform]'")


def _write_yaml(path: Path, data: Mapping[str, Any]) -> None:
    try:
        import yaml
    except ImportError:
        raise _pygeoapi_missing() from None
    path.write_text(yaml.safe_dump(dict(data), allow_unicode=True, sort_keys=False),
                    encoding="utf-8")


def _openapi(config: Mapping[str, Any]) -> dict[str, Any]:
    try:
        from pygeoapi.openapi import get_oas
    except ImportError:
        raise _pygeoapi_missing() from None
    return get_oas(dict(config))


# -- serving -------------------------------------------------------------------------------------
def server_module() -> Any:
    """tools/platform_server.py, loaded as a module."""
    spec = importlib.util.spec_from_file_location("platform_server", SERVER_SCRIPT)
    if spec is None or spec.loader is None or not SERVER_SCRIPT.is_file():
        raise SystemExit(f"{SERVER_SCRIPT}: not found (run from a cimview checkout)")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _ensure_reality(cache_path: Path) -> None:
    """A sample city built before it had a reality mesh gets one now (once), to serve."""
    from sample_city.reality_mesh import build_for_city
    from store.tiles.registry import list_tilesets

    with Cache.open(cache_path) as cache:
        if not cache.meta.get("sample_city") or list_tilesets(cache) or cache.read_only:
            return
    print("adding the reality mesh to the sample city …", file=sys.stderr)
    build_for_city(cache_path, Path(cache_path).parent / "reality")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sample_city.platform",
        description="Export a cimview cache as a local OGC API - Features platform (pygeoapi "
                    "over a throw-away PostGIS cluster) and, with --serve, run it on "
                    "127.0.0.1 until Ctrl+C. Without --serve: export, print, stop (a check).")
    parser.add_argument("--out", type=Path, required=True, help="export folder")
    parser.add_argument("--cache", type=Path,
                        help="cache to export (default: build a sample city in OUT/city)")
    parser.add_argument("--buildings", type=int, default=None,
                        help="buildings of the sample city built when --cache is not given")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--files-port", type=int, default=DEFAULT_FILES_PORT)
    parser.add_argument("--max-items", type=int, default=MAX_ITEMS,
                        help=f"largest page pygeoapi returns (default {MAX_ITEMS})")
    parser.add_argument("--reset-observations", action="store_true",
                        help="drop the observations posted to an earlier run in OUT")
    parser.add_argument("--serve", action="store_true",
                        help="run pygeoapi and the file server until Ctrl+C")
    args = parser.parse_args(argv)
    cache = args.cache
    if cache is None:
        from sample_city.city import CACHE_NAME, DEFAULT_BUILDINGS, build

        cache = args.out / "city" / CACHE_NAME
        if not cache.exists():
            print(f"building the sample city in {cache.parent} …", file=sys.stderr)
            build(cache.parent, buildings=args.buildings or DEFAULT_BUILDINGS)
    _ensure_reality(cache)
    from sample_city.postgis_cluster import Cluster, ClusterError

    try:
        cluster = Cluster.start()
    except ClusterError as exc:
        raise SystemExit(f"sample_city.platform: {exc}") from None
    with cluster:
        summary = export(cache, args.out, db=cluster.params(), port=args.port,
                         files_port=args.files_port, max_items=args.max_items,
                         default_items=min(DEFAULT_ITEMS, args.max_items),
                         keep_observations=not args.reset_observations)
        print(json.dumps(summary, ensure_ascii=False, indent=1), flush=True)
        if not args.serve:
            return 0
        try:
            return int(server_module().serve(args.out) or 0)
        finally:
            kept = save_observations(args.out)
            print(f"kept {kept} observations in {observations_path(args.out)}; "
                  "stopping the database", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
