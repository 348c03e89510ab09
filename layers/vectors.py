"""Features of a vector layer, read for drawing: geometries in the map's CRS and their fields.

:class:`VectorData` is what a ``vectors`` layer hands the viewer (which never reads a file or
the cache itself). Readers live beside it in this module:

- :func:`read_layer` reads a layer's :class:`~layers.layer.Source`: a table of the open cache
  (the field observations too, with their outbox ``state``), or a GeoPackage (any table),
  GeoJSON or Shapefile through pyogrio; reprojected to the map CRS with pyproj (vectorised),
  one geometry family per layer (Polygon and MultiPolygon are both ``polygon``), empty
  geometries dropped, invalid ones repaired (dropped when they cannot be), features whose
  coordinates are impossible in their CRS dropped; each of these counted in ``data.report``.
- :func:`list_sublayers` lists what the add-layer dialog offers from a file: each table and,
  where a table mixes families (an OSM export's points and polygons), each family of it.
- :func:`feature_table` reads fields without geometry, for the attribute table.

A ``sublayer`` is a table name (``"buildings"``), a family (``"point"``), or both
(``"buildings|polygon"``); :attr:`Sublayer.key` is the string to put in a Source.

Bad input raises :class:`~store.errors.InputError` naming the file and the problem.

Example
-------
>>> from layers.layer import Source
>>> data = read_layer(Source(path="footprints.geojson"), map_crs="EPSG:4547")  # doctest: +SKIP
>>> data.geometry, len(data), data.report.messages()                           # doctest: +SKIP
('polygon', 52, [])
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from pyproj import CRS, Transformer

from store.cache import NOW
from store.errors import CimviewError, InputError
from store.messages import Message, msg

if TYPE_CHECKING:
    from layers.layer import Source
    from store.cache import Cache

#: Geometry families a vectors layer draws: points as symbols, lines and polygons draped.
GEOMETRIES = ("point", "line", "polygon")
#: The cache table of field observations (read through store.sync.outbox, with their state).
OBSERVATIONS_TABLE = "cimview_observations"
#: Most features a layer reads from a file (a bigger one is refused, not read into memory).
MAX_FEATURES = 5_000_000
#: File suffixes read as vector files.
SUFFIXES = (".gpkg", ".geojson", ".json", ".shp")

# shapely type ids → family index in GEOMETRIES (-1: a GeometryCollection or unknown)
_FAMILY_OF_TYPE = np.array([0, 1, 1, 2, 0, 1, 2, -1], dtype=np.int8)


@dataclass
class ReadReport:
    """What reading a layer did to its features, for the user.

    ``read``: features in the source (the selected table); ``left_out``: features of other
    families, by family (``other``: geometry collections); ``empty``: without geometry;
    ``repaired``/``unrepairable``: invalid geometries; ``impossible``: coordinates that cannot
    be positions in the source's CRS; ``unprojectable``: outside the map CRS's area."""

    source: str = ""
    read: int = 0
    left_out: dict[str, int] = field(default_factory=dict)
    empty: int = 0
    repaired: int = 0
    unrepairable: int = 0
    impossible: int = 0
    unprojectable: int = 0
    notes: list[Message] = field(default_factory=list)

    @property
    def dropped(self) -> int:
        """Features read but not in the layer."""
        return (sum(self.left_out.values()) + self.empty + self.unrepairable + self.impossible
                + self.unprojectable)

    def messages(self) -> list[Message]:
        """One sentence per thing the user should know, in the order it happened."""
        out = list(self.notes)
        for family, n in self.left_out.items():
            out.append(msg("{n} features of another kind ({family}) were left out: a layer holds "
                           "one kind of geometry; add the file again choosing {family}",
                           n=n, family=family))
        if self.empty:
            out.append(msg("{n} features without geometry were left out", n=self.empty))
        if self.repaired:
            out.append(msg("{n} invalid geometries were repaired", n=self.repaired))
        if self.unrepairable:
            out.append(msg("{n} invalid geometries could not be repaired and were left out",
                           n=self.unrepairable))
        if self.impossible:
            out.append(msg("{n} features with coordinates impossible in their CRS were left out",
                           n=self.impossible))
        if self.unprojectable:
            out.append(msg("{n} features lie outside the area of the map's CRS and were left "
                           "out", n=self.unprojectable))
        return out


@dataclass
class VectorData:
    """The features of one layer, ready to draw.

    ``geoms`` are shapely geometries in the map CRS (world coordinates, not shifted to the
    scene origin), all of one family ``geometry``; ``fids`` identify them (picking and the
    attribute table use the same ids); ``columns`` hold every field, one list or array per
    field in the order of ``fids``; ``has_z`` says whether the source gave heights (drawn at
    their own z) or not (draped on the terrain). ``report`` says what reading left out.
    """

    name: str
    geometry: str
    fids: np.ndarray
    geoms: np.ndarray
    columns: dict[str, Any] = field(default_factory=dict)
    has_z: bool = False
    crs: str = ""
    report: ReadReport | None = None

    def __len__(self) -> int:
        return len(self.fids)

    @property
    def extent(self) -> tuple[float, float, float, float] | None:
        if not len(self.geoms):
            return None
        b = shapely.total_bounds(self.geoms)
        return float(b[0]), float(b[1]), float(b[2]), float(b[3])


@dataclass(frozen=True)
class Sublayer:
    """One choice the add-layer dialog offers from a file: a table, or a family of it."""

    table: str
    geometry: str | None  # point / line / polygon; None: no geometry (an attribute table)
    count: int
    geometry_type: str  # as the file declares it (GDAL's name)
    has_z: bool
    crs: str | None
    key: str  # what Source.sublayer takes to read this


# -- reading ---------------------------------------------------------------------------------
def read_layer(layer_source: Source, map_crs: str | CRS | None = None, *,
               cache: Cache | None = None, at: str = NOW) -> VectorData:
    """The features of a layer's source, in ``map_crs`` (None: the source's own CRS).

    A source with a ``path`` is a file; else ``table`` is a table of ``cache``. Raises
    :class:`~store.errors.InputError` (naming the file) for a file that cannot be read, has
    no CRS (give ``Source.crs``), or whose coordinates are impossible in its CRS. A table
    gives what stands ``at`` (:meth:`store.cache.Cache.read`)."""
    target = _parse_crs(map_crs, None, "map") if map_crs is not None else None
    if layer_source.path is not None:
        return _read_file(Path(layer_source.path), layer_source.sublayer, layer_source.crs,
                          target)
    table = layer_source.table
    if not table:
        raise CimviewError("the layer has neither a file nor a table to read")
    if cache is None:
        raise CimviewError("no cache is open to read the table {table} from", table=table)
    return _read_cache(cache, table, layer_source.sublayer, target, at)


def _read_cache(cache: Cache, table: str, sublayer: str | None, target: CRS | None,
                at: str = NOW) -> VectorData:
    from store.schema import LAYERS

    if table == OBSERVATIONS_TABLE:
        from store.sync.outbox import observation_columns

        ids, cols = observation_columns(cache)
        x = np.asarray(cols["x"], dtype=float)
        y = np.asarray(cols["y"], dtype=float)
        z = np.array([np.nan if v is None else v for v in cols["z"]], dtype=float)
        has_z = bool(len(z)) and bool(np.isfinite(z).all())
        geoms = shapely.points(x, y, z) if has_z else shapely.points(x, y)
        report = ReadReport(source=table, read=len(ids))
        return _finish(table, ids, geoms, cols, 0, has_z, cache.crs, target, report, table)
    spec = LAYERS.get(table)
    if spec is None:  # a table some other program added: read it as GeoPackage
        return _read_file(Path(cache.path), f"{table}|{sublayer}" if sublayer in GEOMETRIES
                          else table, None, target)
    names = [c.name for c in spec.table.c if c.name not in ("fid", "geom")]
    if not _has_table(cache, table):  # a cache made before the table was known
        report = ReadReport(source=table)
        report.notes.append(msg("the cache holds no table {table}", table=table))
        empty = np.zeros(0, dtype=object)
        return VectorData(table, GEOMETRIES[_family_of_declared(spec.geometry_type) or 0],
                          np.zeros(0, np.int64), empty, {c: [] for c in names},
                          False, _label(cache.crs if target is None else target), report)
    feats = cache.read(table, names, at=at)
    report = ReadReport(source=table, read=len(feats))
    family = _family_of_declared(spec.geometry_type)
    return _prepare(table, feats.fids, feats.geoms, feats.columns, family, cache.crs, target,
                    report, table, declared_z=spec.has_z)


def _has_table(cache: Cache, table: str) -> bool:
    from sqlalchemy import text

    with cache.engine.connect() as conn:
        return conn.execute(text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                                 "name = :t"), {"t": table}).first() is not None


def _label(crs: CRS) -> str:
    from store.crs import crs_label

    return crs_label(crs)


def _read_file(path: Path, sublayer: str | None, crs_override: str | None, target: CRS | None
               ) -> VectorData:
    import pyogrio
    from pyogrio.errors import DataLayerError, DataSourceError

    from store.importers.footprints import _guess_dbf_encoding, check_shapefile, gdal_path

    if not path.exists():
        raise InputError(path, "the file does not exist")
    table, family = _split_sublayer(path, sublayer)
    report = ReadReport(source=str(path))
    kwargs: dict[str, Any] = {"layer": table}
    if path.suffix.lower() == ".shp":
        check_shapefile(path)
        guessed = _guess_dbf_encoding(path)
        if guessed:
            kwargs["encoding"] = guessed
            report.notes.append(msg("no .cpg file: attribute text read as {encoding} (guessed "
                                    "from the bytes)", encoding=guessed))
    try:
        with warnings.catch_warnings(), gdal_path(path) as readable:
            warnings.simplefilter("ignore")
            meta, fids, wkb, values = pyogrio.raw.read(readable, return_fids=True,
                                                       datetime_as_string=True,
                                                       max_features=MAX_FEATURES + 1, **kwargs)
    except (DataSourceError, DataLayerError, UnicodeDecodeError, LookupError) as exc:
        raise _unreadable(path, exc) from None
    if len(fids) > MAX_FEATURES:
        raise InputError(path, "holds more than {limit} features: too many to draw as one "
                               "layer; split it or import it", limit=MAX_FEATURES)
    if wkb is None:
        raise InputError(path, "the table {table} has no geometry: it can be opened as a "
                               "table, not drawn", table=table)
    declared = meta.get("crs")
    src = _parse_crs(crs_override, path, msg("layer")) if crs_override else None
    if src is None:
        if not declared:
            raise InputError(path, "declares no coordinate reference system; give the layer's "
                                   "CRS (e.g. EPSG:4547, the CRS of the file's coordinates)")
        src = _parse_crs(declared, path, msg("file"))
    names = [str(n) for n in meta["fields"]]
    columns = dict(zip(names, values, strict=True))
    fids = np.asarray(fids, dtype=np.int64)
    report.read = len(fids)
    geoms = _decode(path, wkb)
    want = GEOMETRIES.index(family) if family else None
    return _prepare(table, fids, geoms, columns, want, src, target, report, path)


def _prepare(name: str, fids: np.ndarray, geoms: np.ndarray, columns: dict[str, Any],
             family: int | None, src: CRS, target: CRS | None, report: ReadReport,
             where: Any, declared_z: bool | None = None) -> VectorData:
    """One family kept, empties dropped, invalid repaired, impossible positions refused."""
    n = len(geoms)
    keep = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    report.empty = int(n - keep.sum())
    fam = np.full(n, -2, dtype=np.int8)
    ids = shapely.get_type_id(geoms[keep])
    fam[keep] = _FAMILY_OF_TYPE[np.clip(ids, 0, 7)]
    if family is None:
        counts = np.bincount(fam[keep & (fam >= 0)], minlength=3)
        family = int(np.argmax(counts[::-1]))  # ties: polygon before line before point
        family = 2 - family
    for f, label in ((0, "point"), (1, "line"), (2, "polygon"), (-1, "other")):
        if f != family and (c := int((fam == f).sum())):
            report.left_out[label] = c
    keep &= fam == family
    idx = np.flatnonzero(keep)
    geoms = geoms[idx]
    # invalid geometries: repaired in their family when possible
    if family > 0 and len(geoms):
        bad = ~shapely.is_valid(geoms)
        if bad.any():
            fixed = _repair(geoms[bad], family)
            ok = ~shapely.is_empty(fixed)
            report.repaired = int(ok.sum())
            report.unrepairable = int((~ok).sum())
            geoms = geoms.copy()
            geoms[bad] = fixed
            good = np.ones(len(geoms), bool)
            good[np.flatnonzero(bad)[~ok]] = False
            idx, geoms = idx[good], geoms[good]
    # coordinates that cannot be positions in the source CRS
    if len(geoms):
        idx, geoms = _plausible(where, src, idx, geoms, report)
    fids = fids[idx]
    columns = {k: _take(v, idx) for k, v in columns.items()}
    has_z = _has_z(geoms, report) if declared_z is None else bool(declared_z and len(geoms))
    if declared_z and len(geoms) and not shapely.has_z(geoms).all():
        has_z = False
    return _finish(name, fids, geoms, columns, family, has_z, src, target, report, where)


@lru_cache(maxsize=16)
def _transformer(src: CRS, dst: CRS) -> Transformer | None:
    """store.crs.transformer, kept: building one takes about 0.1 s."""
    from store.crs import transformer

    return transformer(src, dst)


def _finish(name: str, fids: np.ndarray, geoms: np.ndarray, columns: dict[str, Any],
            family: int, has_z: bool, src: CRS, target: CRS | None, report: ReadReport,
            where: Any) -> VectorData:
    from store.crs import crs_label

    if not has_z and len(geoms) and shapely.has_z(geoms).any():
        geoms = shapely.force_2d(geoms)
    dst = target if target is not None else src
    tr = _transformer(src, dst) if len(geoms) else None
    if tr is not None:
        def fn(c: np.ndarray) -> np.ndarray:
            out = np.array(c, dtype=float)
            with np.errstate(all="ignore"):
                x, y = tr.transform(c[:, 0], c[:, 1], errcheck=False)
            out[:, 0], out[:, 1] = x, y
            return out

        geoms = shapely.transform(geoms, fn, include_z=has_z)
        ok = _inside_map(geoms, dst)
        if not ok.any():
            raise InputError(where, "lies outside the area the map's CRS {crs} is made for; "
                                    "open it in a map of its own CRS ({own})",
                             crs=crs_label(dst), own=crs_label(src))
        if not ok.all():
            report.unprojectable = int((~ok).sum())
            geoms, fids = geoms[ok], fids[ok]
            columns = {k: _take(v, np.flatnonzero(ok)) for k, v in columns.items()}
    return VectorData(name=name, geometry=GEOMETRIES[family], fids=np.asarray(fids, np.int64),
                      geoms=np.asarray(geoms, dtype=object), columns=columns, has_z=has_z,
                      crs=crs_label(dst), report=report)


def _inside_map(geoms: np.ndarray, crs: CRS) -> np.ndarray:
    """True where a reprojected geometry has a position in the map CRS, near its area of use."""
    from store.importers import plausible

    b = shapely.bounds(geoms)
    ok = np.isfinite(b).all(axis=1)
    if ok.all() and _corners_possible(crs, b):
        return ok
    ok[ok] = (plausible.possible(crs, b[ok, 0], b[ok, 1])
              & plausible.possible(crs, b[ok, 2], b[ok, 3]))
    return ok


def _corners_possible(crs: CRS, bounds: np.ndarray) -> bool:
    """Whether the corners of all the features' box are positions in ``crs`` (then every
    feature's are: the area of use is a box in longitude and latitude)."""
    from store.importers import plausible

    x, y = plausible.corners((float(bounds[:, 0].min()), float(bounds[:, 1].min()),
                              float(bounds[:, 2].max()), float(bounds[:, 3].max())))
    return bool(plausible.possible(crs, x, y).all())


def _plausible(where: Any, src: CRS, idx: np.ndarray, geoms: np.ndarray, report: ReadReport
               ) -> tuple[np.ndarray, np.ndarray]:
    from store.crs import crs_label
    from store.importers import plausible

    b = shapely.bounds(geoms)
    finite = np.isfinite(b).all(axis=1)
    if finite.all() and _corners_possible(src, b):
        return idx, geoms
    ok = finite.copy()
    ok[finite] = (plausible.possible(src, b[finite, 0], b[finite, 1])
                  & plausible.possible(src, b[finite, 2], b[finite, 3]))
    bad = int((~ok).sum())
    if not bad:
        return idx, geoms
    if bad * 2 > len(geoms):  # most of them: the CRS is wrong, not the features
        tb = (float(np.nanmin(b[:, 0])), float(np.nanmin(b[:, 1])),
              float(np.nanmax(b[:, 2])), float(np.nanmax(b[:, 3])))
        x, y = plausible.corners(tb)
        guess = plausible.looks_like(x, y, declared=src, near=src) if finite.all() else None
        values = {"x": _span(tb[0], tb[2]), "y": _span(tb[1], tb[3]), "crs": crs_label(src)}
        if guess is not None:
            raise InputError(where, "coordinates (x {x}, y {y}) are impossible in the CRS "
                                    "{crs}; they look like {guess} ({name}): give the layer "
                                    "that CRS", guess=crs_label(guess), name=guess.name,
                             **values)
        raise InputError(where, "coordinates (x {x}, y {y}) are impossible in the CRS {crs}; "
                                "give the layer the CRS of its coordinates", **values)
    report.impossible = bad
    return idx[ok], geoms[ok]


def _span(lo: float, hi: float) -> str:
    return f"{lo:.6g}…{hi:.6g}"


def _repair(geoms: np.ndarray, family: int) -> np.ndarray:
    """Invalid lines/polygons made valid, keeping only the parts of their family."""
    fixed = shapely.make_valid(geoms)
    out = np.empty(len(fixed), dtype=object)
    for i, g in enumerate(fixed):  # few: only the invalid ones
        parts = shapely.get_parts(g)
        while len(parts) and (shapely.get_type_id(parts) == 7).any():
            parts = shapely.get_parts(parts)
        kept = [p for p in parts if _FAMILY_OF_TYPE[shapely.get_type_id(p)] == family
                and not p.is_empty]
        if not kept:
            out[i] = shapely.Polygon() if family == 2 else shapely.LineString()
        elif len(kept) == 1:
            out[i] = kept[0]
        else:
            flat = shapely.get_parts(np.array(kept, dtype=object))
            out[i] = (shapely.multipolygons(flat) if family == 2
                      else shapely.multilinestrings(flat))
    return out


def _has_z(geoms: np.ndarray, report: ReadReport) -> bool:
    """Heights when every feature has z and not all of it is 0 (then: draped, and said)."""
    if not len(geoms):
        return False
    z = shapely.has_z(geoms)
    if not z.all():
        return False
    coords = shapely.get_coordinates(geoms, include_z=True)[:, 2]
    if not np.isfinite(coords).all():
        return False
    if not coords.any():
        report.notes.append(msg("every height is 0: the features are draped on the terrain"))
        return False
    return True


def _decode(path: Path, wkb: np.ndarray) -> np.ndarray:
    try:
        return shapely.from_wkb(wkb, on_invalid="raise")
    except shapely.errors.GEOSException:
        pass
    geoms = shapely.from_wkb(wkb, on_invalid="ignore")  # unreadable ones become None
    return np.asarray(geoms, dtype=object)


def _take(values: Any, idx: np.ndarray) -> Any:
    if isinstance(values, np.ndarray):
        return values[idx]
    return [values[i] for i in idx.tolist()]


def _parse_crs(value: Any, path: Path | None, what: str) -> CRS:
    from store.crs import horizontal, parse_crs

    try:
        return horizontal(parse_crs(value))
    except CimviewError:
        if path is None:
            raise
        raise InputError(path, "unknown coordinate reference system {value} for the {what}; "
                               "use a code such as EPSG:4547", value=repr(str(value)),
                         what=what) from None


def _crs_label(value: str | None) -> str | None:
    from store.crs import crs_label

    if not value:
        return None
    try:
        return crs_label(_parse_crs(value, None, "file"))
    except CimviewError:
        return str(value)


def _family_of_declared(geometry_type: str | None) -> int | None:
    """Family index of a declared geometry type ('MultiPolygon Z' → 2); None: unknown/mixed."""
    t = (geometry_type or "").upper().replace(" ", "")
    for key, fam in (("POLYGON", 2), ("SURFACE", 2), ("LINESTRING", 1), ("CURVE", 1),
                     ("POINT", 0)):
        if key in t and "COLLECTION" not in t:
            return fam
    return None


def _unreadable(path: Path, exc: Exception) -> InputError:
    """Why GDAL could not read ``path``: for a JSON file, where the JSON breaks (the importer's
    words, translated: "the file ends early at line …"), else GDAL's own message."""
    if path.suffix.lower() in (".geojson", ".json"):
        from store.importers.jsonfile import load_json

        try:
            load_json(path)
        except InputError as broken:
            return broken
        except OSError:
            pass
    return InputError(path, "cannot read: {error}", error=str(exc))


def _layer_names(path: Path) -> list[tuple[str, str | None]]:
    import pyogrio
    from pyogrio.errors import DataSourceError

    from store.importers.footprints import gdal_path

    try:
        with gdal_path(path) as readable:
            return [(str(r[0]), None if r[1] is None else str(r[1]))
                    for r in pyogrio.list_layers(readable)]
    except DataSourceError as exc:
        raise _unreadable(path, exc) from None


def _split_sublayer(path: Path, sublayer: str | None) -> tuple[str, str | None]:
    """(table, family or None) that ``sublayer`` names in ``path``."""
    layers = _layer_names(path)
    tables = [name for name, _ in layers]
    table, family = sublayer, None
    if sublayer and "|" in sublayer:
        table, family = sublayer.rsplit("|", 1)
        table = table or None
    elif sublayer in GEOMETRIES and sublayer not in tables:
        table, family = None, sublayer
    if family is not None and family not in GEOMETRIES:
        raise InputError(path, "{family} is not a kind of geometry; choose point, line or "
                               "polygon", family=repr(family))
    if table:
        if table not in tables:
            raise InputError(path, "has no layer {layer}; layers: {layers}",
                             layer=repr(table), layers=", ".join(tables))
        return table, family
    drawable = [name for name, geom in layers if geom is not None] or tables
    if len(drawable) != 1:
        raise InputError(path, "has {n} layers; choose one: {layers}", n=len(drawable),
                         layers=", ".join(drawable))
    return drawable[0], family


def list_sublayers(path: str | Path) -> list[Sublayer]:
    """What a file offers as layers: each table with its geometry type and count, and for a
    table that mixes families (e.g. an OSM export's points and polygons), each family."""
    import pyogrio

    from store.importers.footprints import gdal_path

    path = Path(path)
    if not path.exists():
        raise InputError(path, "the file does not exist")
    out: list[Sublayer] = []
    for table, _ in _layer_names(path):
        with gdal_path(path) as readable:
            info = pyogrio.read_info(readable, layer=table)
        declared = info.get("geometry_type")
        crs = _crs_label(info.get("crs"))
        if declared is None:
            out.append(Sublayer(table, None, int(info["features"]), "None", False, crs, table))
            continue
        fam = _family_of_declared(declared)
        has_z = declared.upper().endswith("Z")
        if fam is not None:
            out.append(Sublayer(table, GEOMETRIES[fam], int(info["features"]), declared,
                                has_z, crs, table))
            continue
        with warnings.catch_warnings(), gdal_path(path) as readable:  # mixed: count families
            warnings.simplefilter("ignore")
            wkb = pyogrio.raw.read(readable, layer=table, columns=[])[2]
        geoms = _decode(path, wkb)
        present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
        types = np.full(len(geoms), -2, dtype=np.int8)
        types[present] = _FAMILY_OF_TYPE[np.clip(shapely.get_type_id(geoms[present]), 0, 7)]
        z = shapely.has_z(geoms)
        for f, family in enumerate(GEOMETRIES):
            sel = types == f
            if sel.any():
                out.append(Sublayer(table, family, int(sel.sum()), declared,
                                    bool(z[sel].all()), crs, f"{table}|{family}"))
    return out


def feature_table(layer_source: Source, *, cache: Cache | None = None
                  ) -> tuple[np.ndarray, dict[str, Any]]:
    """(fids, columns) of every feature of a source, without reading geometries: the rows of
    its attribute table (the same fids as :func:`read_layer` gives)."""
    if layer_source.path is None:
        table = layer_source.table
        if cache is None or not table:
            raise CimviewError("no cache is open to read the table {table} from", table=table)
        if table == OBSERVATIONS_TABLE:
            from store.sync.outbox import observation_columns

            return observation_columns(cache)
        from store.schema import LAYERS

        spec = LAYERS.get(table)
        if spec is not None:
            names = [c.name for c in spec.table.c if c.name not in ("fid", "geom")]
            feats = cache.read(table, names, geometry=False)
            return feats.fids, feats.columns
        path, sublayer = Path(cache.path), table
    else:
        path, sublayer = Path(layer_source.path), layer_source.sublayer
    import pyogrio
    from pyogrio.errors import DataLayerError, DataSourceError

    from store.importers.footprints import _guess_dbf_encoding, gdal_path

    if not path.exists():
        raise InputError(path, "the file does not exist")
    table, _ = _split_sublayer(path, sublayer)
    kwargs: dict[str, Any] = {"layer": table}
    if path.suffix.lower() == ".shp" and (guessed := _guess_dbf_encoding(path)):
        kwargs["encoding"] = guessed
    try:
        with warnings.catch_warnings(), gdal_path(path) as readable:
            warnings.simplefilter("ignore")
            meta, fids, _, values = pyogrio.raw.read(readable, return_fids=True,
                                                     read_geometry=False,
                                                     datetime_as_string=True, **kwargs)
    except (DataSourceError, DataLayerError, UnicodeDecodeError, LookupError) as exc:
        raise _unreadable(path, exc) from None
    return (np.asarray(fids, dtype=np.int64),
            dict(zip([str(n) for n in meta["fields"]], values, strict=True)))


__all__ = ["GEOMETRIES", "OBSERVATIONS_TABLE", "ReadReport", "Sublayer", "VectorData",
           "feature_table", "list_sublayers", "read_layer"]
