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
import os
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyogrio
import shapely
from pyogrio.errors import DataLayerError, DataSourceError
from pyproj import CRS
from shapely.errors import GEOSException

from store.crs import crs_label
from store.errors import InputError
from store.importers import geom, heights, lifespans, plausible
from store.importers.jsonfile import load_json, scrub_text
from store.importers.options import NAME_FIELDS, ImportOptions
from store.importers.pipeline import Batch, Target, geometry_bounds, ground_z
from store.importers.report import ImportReport
from store.messages import Message, msg

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
    #: features whose geometry cannot be read: index -> why
    unreadable: dict[int, Message] = field(default_factory=dict)
    #: features whose coordinates cannot be positions in the source CRS (see :meth:`screen`)
    impossible: np.ndarray | None = None
    crs_name: str = ""

    def screen(self, crs: CRS) -> None:
        """Set aside features whose coordinates cannot be positions in ``crs`` (each is then
        rejected), unless no feature can: then the whole file is refused (by the caller)."""
        box = shapely.bounds(self.geoms)
        finite = np.isfinite(box).all(axis=1)
        ok = np.ones(len(self.geoms), dtype=bool)
        if finite.any():
            rows = box[finite]
            ok[finite] = (plausible.possible(crs, rows[:, 0], rows[:, 1])
                          & plausible.possible(crs, rows[:, 2], rows[:, 3]))
        if finite.any() and ok[finite].any():
            self.impossible = finite & ~ok
            self.crs_name = crs_label(crs)

    def bounds(self) -> tuple[float, float, float, float]:
        if self.impossible is not None and self.impossible.any():
            return geometry_bounds(np.where(self.impossible, None, self.geoms))
        return geometry_bounds(self.geoms)

    def build(self, target: Target) -> list[Batch]:
        return _build(self, target)


def read(path: Path, kind: str, options: ImportOptions, report: ImportReport) -> FootprintSource:
    """Parse and validate the whole file."""
    if kind == "geojson":
        return _read_geojson(path, report)
    layer = _layer(path, options.layer, "polygon", report) if kind in _MULTI_LAYER else None
    kwargs: dict[str, Any] = {"layer": layer} if layer else {}
    if kind == "shapefile":
        check_shapefile(path)
    if options.encoding:
        kwargs["encoding"] = options.encoding
    elif kind == "shapefile":
        guessed = _guess_dbf_encoding(path)
        if guessed:
            kwargs["encoding"] = guessed
            report.warn("no .cpg file: attribute text read as {encoding} (guessed from the "
                        "bytes); pass --encoding if the text looks wrong", encoding=guessed)
    try:
        with warnings.catch_warnings(record=True) as said, gdal_path(path) as readable:
            warnings.simplefilter("always")
            meta, fids, wkb, fields = pyogrio.raw.read(readable, return_fids=True, **kwargs)
    except (DataSourceError, DataLayerError, UnicodeDecodeError, LookupError) as exc:
        if "ncod" in str(exc):
            raise InputError(path, "cannot read: {error} (try --encoding, e.g. gbk or latin1)",
                             error=str(exc)) from None
        raise InputError(path, "cannot read: {error}", error=str(exc)) from None
    for w in said[:5]:
        report.warn("GDAL, reading the file: {text}", text=str(w.message))
    if layer:
        report.format = f"{_MULTI_LAYER[kind]} layer {layer}"
    names = [str(n) for n in meta["fields"]]
    attrs = [{n: v for n, col in zip(names, fields, strict=True)
              if (v := _plain(col[i])) is not None} for i in range(len(fids))]
    if scrub_text(attrs):
        report.warn("some texts held invalid characters (lone UTF-16 surrogates); they were "
                    "replaced by U+FFFD")
    ids = [str(f) for f in fids]
    geoms, unreadable = decode(wkb)
    return FootprintSource(path, ids, geoms, attrs, meta.get("crs"), unreadable)


@contextmanager
def gdal_path(path: Path) -> Iterator[Path]:
    """``path``, or for a name that is not valid UTF-8 (GDAL takes only UTF-8 paths) a link to
    it, and to its Shapefile sidecars, under a plain name in a temporary directory."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        pass
    else:
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="cimview-") as tmp:
        stem = os.fsencode(path.stem)
        for other in path.parent.iterdir():
            if os.fsencode(other.stem) == stem:
                os.symlink(other.resolve(), Path(tmp) / f"input{other.suffix}")
        yield Path(tmp) / f"input{path.suffix}"


def decode(wkb: Any) -> tuple[np.ndarray, dict[int, Message]]:
    """Geometries from WKB, and why those that cannot be read cannot (None in their place)."""
    arr = np.asarray(wkb, dtype=object)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # NaN coordinates
        try:
            return shapely.from_wkb(arr), {}
        except GEOSException:
            pass
        out = np.full(len(arr), None, dtype=object)
        unreadable: dict[int, Message] = {}
        for i, item in enumerate(arr):  # only for a file with broken geometries
            if item is None:
                continue
            try:
                out[i] = shapely.from_wkb(item)
            except GEOSException as exc:
                unreadable[i] = _unreadable(item, exc)
    return out, unreadable


def _unreadable(item: bytes, exc: GEOSException) -> Message:
    fixed = shapely.from_wkb(item, on_invalid="fix")
    coords = shapely.get_coordinates(fixed) if fixed is not None else np.zeros((0, 2))
    if not np.isfinite(coords).all():
        return msg("coordinates that are not numbers (NaN or infinite)")
    return msg("geometry cannot be read: {error}", error=str(exc).split(":", 1)[-1].strip())


def check_shapefile(shp: Path) -> None:
    """InputError when the .shp is shorter than its header (or its .shx) says: a truncated copy
    would otherwise read as features without geometry."""
    size = shp.stat().st_size
    with open(shp, "rb") as fh:
        head = fh.read(100)
    if len(head) < 100:
        raise InputError(shp, "truncated: {size} bytes, shorter than a Shapefile header "
                              "(100 bytes)", size=size)
    declared = int.from_bytes(head[24:28], "big") * 2
    if size < declared:
        raise InputError(shp, "truncated: the file holds {size} bytes, its header says "
                              "{declared} (an incomplete download or copy?)",
                         size=size, declared=declared)
    shx = next((x for x in (shp.with_suffix(".shx"), shp.with_suffix(".SHX")) if x.exists()),
               None)
    if shx is None or shx.stat().st_size < 108:
        return
    with open(shx, "rb") as fh:
        fh.seek(shx.stat().st_size - (shx.stat().st_size - 100) % 8 - 8)
        last = fh.read(8)
    end = int.from_bytes(last[:4], "big") * 2 + 8 + int.from_bytes(last[4:], "big") * 2
    if size < end:
        raise InputError(shp, "truncated: the file holds {size} bytes, its index (.shx) says "
                              "{declared} (an incomplete download or copy?)",
                         size=size, declared=end)


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


#: formats that hold several layers, and their names in a report
_MULTI_LAYER = {"gpkg": "GeoPackage", "filegdb": "File Geodatabase"}


def _layer(path: Path, wanted: str | None, shape: str | None = None,
           report: ImportReport | None = None) -> str:
    """The layer to read from a file of several: ``wanted`` (``--layer``), else the only one,
    else the only one of ``shape`` ("polygon", "line" or "point"; the report says which was
    taken); InputError naming the layers otherwise."""
    try:
        listed = [(str(name), str(geom)) for name, geom in pyogrio.list_layers(path)]
    except (DataSourceError, DataLayerError) as exc:
        raise InputError(path, "cannot read: {error}", error=str(exc)) from None
    layers = [name for name, _ in listed]
    if wanted:
        if wanted not in layers:
            raise InputError(path, "has no layer {layer}; layers: {layers}",
                             layer=repr(wanted), layers=", ".join(layers))
        return wanted
    if len(layers) == 1:
        return layers[0]
    fitting = [(name, geom) for name, geom in listed if shape and shape in geom.lower()]
    if len(fitting) == 1 and report is not None:
        report.warn("the file has {n} layers; read {layer}, the only one of {geometry} (choose "
                    "another with --layer)", n=len(layers), layer=fitting[0][0],
                    geometry=fitting[0][1])
        return fitting[0][0]
    described = ", ".join(f"{name} ({geom})" for name, geom in listed)
    raise InputError(path, "has {n} layers; choose one with --layer: {layers}",
                     n=len(layers), layers=described)


def _read_geojson(path: Path, report: ImportReport) -> FootprintSource:
    notes: list[Message] = []
    doc = load_json(path, notes=notes)  # first, for a message with line and column
    for note in notes:
        report.warn(note)
    if isinstance(doc, dict) and doc.get("type") == "FeatureCollection":
        feats = doc.get("features")
        if not isinstance(feats, list):
            raise InputError(path, "not GeoJSON: a FeatureCollection without a 'features' list")
        if not feats:
            raise InputError(path, "has no features: the FeatureCollection is empty")
    elif isinstance(doc, dict) and doc.get("type") == "Feature":
        feats = [doc]
    elif isinstance(doc, dict) and "coordinates" in doc:
        feats = [{"type": "Feature", "properties": {}, "geometry": doc}]
    else:
        raise InputError(path, "not GeoJSON: a JSON document without features")
    if not all(isinstance(f, dict) for f in feats):
        raise InputError(path, "not GeoJSON: 'features' holds something other than objects")
    try:
        with warnings.catch_warnings(record=True) as said, gdal_path(path) as readable:
            warnings.simplefilter("always")
            _, _, wkb, _ = pyogrio.raw.read(readable, columns=[], return_fids=True)
    except (DataSourceError, DataLayerError) as exc:
        raise InputError(path, "not readable as GeoJSON: {error}", error=str(exc)) from None
    for w in said[:5]:
        report.warn("GDAL, reading the file: {text}", text=str(w.message))
    if len(wkb) != len(feats):
        raise InputError(path, "GDAL read {n} features of {total}", n=len(wkb),
                         total=len(feats))
    attrs = [f.get("properties") if isinstance(f.get("properties"), dict) else {} for f in feats]
    ids = [_feature_id(f, a, i) for i, (f, a) in enumerate(zip(feats, attrs, strict=True))]
    geoms, unreadable = decode(wkb)
    for i in unreadable:
        if _nonfinite((feats[i].get("geometry") or {}).get("coordinates")):
            unreadable[i] = msg("coordinates that are not numbers (NaN or infinite)")
    return FootprintSource(path, ids, geoms, attrs, _geojson_crs(path, doc), unreadable)


def _nonfinite(coords: Any) -> bool:
    """True when nested coordinate lists hold NaN or an infinite number."""
    todo = [coords]
    while todo:
        node = todo.pop()
        if isinstance(node, list):
            todo.extend(node)
        elif isinstance(node, float) and not math.isfinite(node):
            return True
    return False


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
    raise InputError(path, "has a 'crs' member cimview cannot read: {member}; pass "
                           "--source-crs EPSG:xxxx", member=json.dumps(member)[:120])


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
    for i, why in src.unreadable.items():
        report.reject(src.ids[i], why)
        keep[i] = False
    missing = keep & shapely.is_missing(g)
    empty = keep & ~missing & shapely.is_empty(g)
    type_id = shapely.get_type_id(g)
    for i in np.flatnonzero(missing):
        report.reject(src.ids[i], "no geometry (null)")
    for i in np.flatnonzero(empty):
        report.reject(src.ids[i], "empty geometry")
    keep &= ~missing & ~empty
    nan = keep & ~geom.finite(np.where(keep, g, None))
    for i in np.flatnonzero(nan):
        report.reject(src.ids[i], "coordinates that are not numbers (NaN or infinite)")
    keep &= ~nan
    if src.impossible is not None:
        for i in np.flatnonzero(keep & src.impossible):
            report.reject(src.ids[i], "coordinates impossible in the file's CRS {crs}",
                          crs=src.crs_name)
        keep &= ~src.impossible
    poly = geom.polygonal(np.where(keep, g, None))
    other = keep & shapely.is_missing(poly)
    for i in np.flatnonzero(other):
        name = _TYPE_NAMES.get(int(type_id[i]), "non-polygon")
        report.reject(src.ids[i], "not a polygon ({type})", type=name)
    keep &= ~other
    idx = np.flatnonzero(keep)
    g = shapely.force_2d(poly[idx])
    g = geom.reproject(g, target.src_crs, target.cache_crs)
    ok = geom.finite(g)
    for i in idx[~ok]:
        report.reject(src.ids[i], "coordinates outside the area of the cache CRS {crs}",
                      crs=target.cache_crs.name)
    idx, g = idx[ok], g[ok]
    g, fixed, problems = geom.repair(g)
    bad = shapely.is_missing(g)
    for j, problem in zip(fixed, problems, strict=True):
        if bad[j]:
            report.reject(src.ids[idx[j]], "invalid polygon, not repairable: {problem}",
                          problem=problem)
        else:
            report.repair(src.ids[idx[j]], problem)
    idx, g = idx[~bad], g[~bad]
    attrs = [src.attrs[i] for i in idx]
    h = heights.compute(attrs, options)
    absurd = np.array([p is not None for p in h.problems], dtype=bool)
    for j in np.flatnonzero(absurd):
        report.reject(src.ids[idx[j]], h.problems[j])
    if absurd.any():
        idx, g, h = idx[~absurd], g[~absurd], h.subset(~absurd)
        attrs = [src.attrs[i] for i in idx]
    g = geom.oriented(g)
    report.imported = len(idx)
    for flag, wanted in (("--height-field", options.height_field),
                         ("--floors-field", options.floors_field)):
        if wanted and not any(wanted in a for a in attrs):
            report.warn("{flag} {field}: no feature has this attribute", flag=flag,
                        field=repr(wanted))
    report.estimated_heights = int(h.estimated.sum())
    if report.estimated_heights:
        report.warn(heights.estimated_warning(report.estimated_heights, len(idx), options))
    names = _names(attrs, options)
    starts, ends = lifespans.take(attrs, options.valid_from_field, options.valid_to_field,
                                  report)
    columns = {
        "gid": geom.gids(target.source, [src.ids[i] for i in idx]),
        "name": names, "height": h.height, "height_estimated": h.estimated.astype(np.int64),
        "ground_z": ground_z(g, target.dem), "floors_above": h.floors, "lod": ["1"] * len(idx),
        "attrs": [json.dumps(a, ensure_ascii=False) for a in attrs],
        "valid_from": starts, "valid_to": ends,
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
