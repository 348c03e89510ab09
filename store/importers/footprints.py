"""Building footprints from GeoJSON, GeoPackage and Shapefile (read with pyogrio).

Each Polygon/MultiPolygon feature becomes one ``buildings`` row (MultiPolygon, 2D, exterior
rings counter-clockwise) with ``lod`` "1", a height from a height or floors attribute (else the
default height, ``height_estimated`` = 1), ``ground_z`` from the cache's DEM when it has one,
and the source's attributes verbatim as JSON in ``attrs``. Other geometry types, null and empty
geometries are rejected with a reason; invalid polygons are repaired with ``make_valid``.

Overlapping outlines (OSM towers drawn over podiums, underground stations on several layers)
and ``building:part`` features are imported as they are, each one a building row: the importer
does not decide which outline wins.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyogrio
import shapely
from pyogrio.errors import DataLayerError, DataSourceError

from store.errors import InputError
from store.importers import geom, heights
from store.importers.jsonfile import load_json
from store.importers.options import NAME_FIELDS, ImportOptions
from store.importers.pipeline import Batch, Target, geometry_bounds, ground_z
from store.importers.report import ImportReport

_TYPE_NAMES = {0: "Point", 1: "LineString", 2: "LinearRing", 4: "MultiPoint",
               5: "MultiLineString", 7: "GeometryCollection"}


@dataclass
class FootprintSource:
    """Features of a vector file: own ids, geometries (source CRS) and attributes."""

    path: Path
    ids: list[str]
    geoms: np.ndarray
    attrs: list[dict[str, Any]]
    declared_crs: str | None

    def bounds(self) -> tuple[float, float, float, float]:
        return geometry_bounds(self.geoms)

    def build(self, target: Target) -> list[Batch]:
        return _build(self, target)


def read(path: Path, kind: str, options: ImportOptions, report: ImportReport) -> FootprintSource:
    """Parse and validate the whole file."""
    if kind == "geojson":
        return _read_geojson(path, report)
    layer = _layer(path, options.layer) if kind == "gpkg" else None
    kwargs: dict[str, Any] = {"layer": layer} if layer else {}
    if options.encoding:
        kwargs["encoding"] = options.encoding
    elif kind == "shapefile":
        guessed = _guess_dbf_encoding(path)
        if guessed:
            kwargs["encoding"] = guessed
            report.warn(f"no .cpg file: attribute text read as {guessed} (guessed from the "
                        "bytes); pass --encoding if the text looks wrong")
    try:
        meta, fids, wkb, fields = pyogrio.raw.read(path, return_fids=True, **kwargs)
    except (DataSourceError, DataLayerError, UnicodeDecodeError, LookupError) as exc:
        hint = " (try --encoding, e.g. gbk or latin1)" if "ncod" in str(exc) else ""
        raise InputError(path, f"cannot read: {exc}{hint}") from None
    if layer:
        report.format = f"GeoPackage layer {layer}"
    names = [str(n) for n in meta["fields"]]
    attrs = [{n: v for n, col in zip(names, fields, strict=True)
              if (v := _plain(col[i])) is not None} for i in range(len(fids))]
    ids = [str(f) for f in fids]
    return FootprintSource(path, ids, shapely.from_wkb(wkb), attrs, meta.get("crs"))


def _guess_dbf_encoding(shp: Path) -> str | None:
    """For a Shapefile without a .cpg: UTF-8 when its .dbf text decodes as such, else GBK (what
    Chinese GIS software writes) when that decodes, else None (GDAL's own default)."""
    if any(shp.with_suffix(s).exists() for s in (".cpg", ".CPG")):
        return None
    dbf = next((d for d in (shp.with_suffix(".dbf"), shp.with_suffix(".DBF")) if d.exists()),
               None)
    if dbf is None:
        return None
    data = dbf.read_bytes()
    if len(data) < 32 or data[29] != 0:  # byte 29: the DBF language driver says something
        return None
    body = data[int.from_bytes(data[8:10], "little"):]
    if body.isascii():
        return None
    for encoding in ("utf-8", "gbk"):
        try:
            body.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding.upper()
    return None


def _layer(path: Path, wanted: str | None) -> str:
    layers = [str(row[0]) for row in pyogrio.list_layers(path)]
    if wanted:
        if wanted not in layers:
            raise InputError(path, f"has no layer {wanted!r}; layers: {', '.join(layers)}")
        return wanted
    if len(layers) != 1:
        raise InputError(path, f"has {len(layers)} layers; choose one with --layer: "
                               f"{', '.join(layers)}")
    return layers[0]


def _read_geojson(path: Path, report: ImportReport) -> FootprintSource:
    doc = load_json(path)  # first, for a message with line and column
    if isinstance(doc, dict) and doc.get("type") == "FeatureCollection":
        feats = doc.get("features")
        if not isinstance(feats, list):
            raise InputError(path, "not GeoJSON: a FeatureCollection without a 'features' list")
    elif isinstance(doc, dict) and doc.get("type") == "Feature":
        feats = [doc]
    elif isinstance(doc, dict) and "coordinates" in doc:
        feats = [{"type": "Feature", "properties": {}, "geometry": doc}]
    else:
        raise InputError(path, "not GeoJSON: a JSON document without features")
    if not all(isinstance(f, dict) for f in feats):
        raise InputError(path, "not GeoJSON: 'features' holds something other than objects")
    try:
        _, _, wkb, _ = pyogrio.raw.read(path, columns=[], return_fids=True) if feats else (
            None, None, [], None)
    except (DataSourceError, DataLayerError) as exc:
        raise InputError(path, f"not readable as GeoJSON: {exc}") from None
    if len(wkb) != len(feats):
        raise InputError(path, f"GDAL read {len(wkb)} features of {len(feats)}")
    attrs = [f.get("properties") if isinstance(f.get("properties"), dict) else {} for f in feats]
    ids = [_feature_id(f, a, i) for i, (f, a) in enumerate(zip(feats, attrs, strict=True))]
    return FootprintSource(path, ids, shapely.from_wkb(np.asarray(wkb, dtype=object)), attrs,
                           _geojson_crs(path, doc))


def _feature_id(feature: dict[str, Any], props: dict[str, Any], index: int) -> str:
    for v in (feature.get("id"), props.get("id"), props.get("@id")):
        if v is not None and str(v).strip():
            return str(v)
    return f"#{index}"


def _geojson_crs(path: Path, doc: dict[str, Any]) -> str:
    """The GeoJSON-2008 ``crs`` member, else OGC:CRS84 (RFC 7946: lon/lat WGS 84)."""
    member = doc.get("crs")
    if not member:
        return "OGC:CRS84"
    props = member.get("properties") if isinstance(member, dict) else None
    if isinstance(props, dict):
        if props.get("name"):
            return str(props["name"])
        if props.get("code") is not None:
            return f"EPSG:{props['code']}"
    raise InputError(path, f"has a 'crs' member cimview cannot read: {json.dumps(member)[:120]}; "
                           "pass --source-crs EPSG:xxxx")


def _plain(v: Any) -> Any:
    """A JSON-ready attribute value (numpy scalars, dates, bytes; NaN -> None)."""
    if v is None:
        return None
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, bytes):
        return v.hex()
    if isinstance(v, str | int | float | bool):
        return v
    return str(v)


def _build(src: FootprintSource, target: Target) -> list[Batch]:
    report, options = target.report, target.options
    n = len(src.geoms)
    report.features_read = n
    g = src.geoms
    keep = np.ones(n, dtype=bool)
    missing = shapely.is_missing(g)
    empty = ~missing & shapely.is_empty(g)
    type_id = shapely.get_type_id(g)
    for i in np.flatnonzero(missing):
        report.reject(src.ids[i], "no geometry (null)")
    for i in np.flatnonzero(empty):
        report.reject(src.ids[i], "empty geometry")
    keep &= ~missing & ~empty
    poly = geom.polygonal(np.where(keep, g, None))
    other = keep & shapely.is_missing(poly)
    for i in np.flatnonzero(other):
        name = _TYPE_NAMES.get(int(type_id[i]), "non-polygon")
        report.reject(src.ids[i], f"not a polygon ({name})")
    keep &= ~other
    idx = np.flatnonzero(keep)
    g = shapely.force_2d(poly[idx])
    g = geom.reproject(g, target.src_crs, target.cache_crs)
    ok = geom.finite(g)
    for i in idx[~ok]:
        report.reject(src.ids[i], f"coordinates outside the area of the cache CRS "
                                  f"{target.cache_crs.name}")
    idx, g = idx[ok], g[ok]
    g, fixed, problems = geom.repair(g)
    bad = shapely.is_missing(g)
    for j, problem in zip(fixed, problems, strict=True):
        if bad[j]:
            report.reject(src.ids[idx[j]], f"invalid polygon, not repairable: {problem}")
        else:
            report.repair(src.ids[idx[j]], problem)
    idx, g = idx[~bad], geom.oriented(g[~bad])
    report.imported = len(idx)
    attrs = [src.attrs[i] for i in idx]
    h = heights.compute(attrs, options)
    for flag, wanted in (("--height-field", options.height_field),
                         ("--floors-field", options.floors_field)):
        if wanted and not any(wanted in a for a in attrs):
            report.warn(f"{flag} {wanted!r}: no feature has this attribute")
    report.estimated_heights = int(h.estimated.sum())
    if report.estimated_heights:
        report.warn(heights.estimated_warning(report.estimated_heights, len(idx), options))
    names = _names(attrs, options)
    columns = {
        "gid": geom.gids(target.source, [src.ids[i] for i in idx]),
        "name": names, "height": h.height, "height_estimated": h.estimated.astype(np.int64),
        "ground_z": ground_z(g, target.dem), "floors_above": h.floors, "lod": ["1"] * len(idx),
        "attrs": [json.dumps(a, ensure_ascii=False) for a in attrs],
    }
    return [Batch("buildings", g, columns)]


def _names(attrs: list[dict[str, Any]], options: ImportOptions) -> list[str | None]:
    fields = (options.name_field,) if options.name_field else NAME_FIELDS
    out: list[str | None] = []
    for a in attrs:
        name = next((str(a[f]).strip() for f in fields
                     if a.get(f) is not None and str(a[f]).strip()), None)
        out.append(name)
    return out
