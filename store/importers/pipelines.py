"""A pipeline survey (地下管线普查/详查) into the ``pipelines`` layer, as real 3D pipes.

The file is read as any vector file (:func:`store.importers.footprints.read`: GeoJSON,
GeoPackage, Shapefile with its encoding, File Geodatabase where GDAL reads it). Its fields are
mapped by a profile (``resources/pipeline_profiles``; ``--map 管径=DIAM`` overrides one), codes
are decoded through the dictionaries, and each pipe gets its height: the ground under each
vertex (the cache's DEM) minus its depth, interpolated from the start to the end depth.

Impossible values (a negative depth, a diameter of 0 or over 10 m) reject the feature with its
number and the reason; a missing depth is estimated per class only as ``rules.json`` says, and
counted as estimated in the report.

Examples
--------
>>> decode_class("给水")
('JS', None)
>>> decode_class("WS")
('PS', 'WS')
>>> parse_section("1200×800")
(1200.0, 800.0)
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from pyproj import CRS, Transformer

from resources import dictionary
from store.errors import InputError
from store.importers import footprints
from store.importers.geom import uuid5_strings
from store.importers.options import ImportOptions
from store.importers.pipeline import Batch, Target, geometry_bounds
from store.importers.report import ImportReport
from store.lifespan import parse_when

FOLDER = Path(__file__).resolve().parents[2] / "resources" / "pipeline_profiles"
FIELDS = ("class", "subclass", "code", "start_no", "end_no", "start_depth", "end_depth",
          "depth", "diameter", "section", "material", "laying", "owner", "year", "pressure",
          "voltage", "holes", "road", "no", "point_type", "ground_z")
_GID_NS = uuid.UUID("0b6c3e58-7f7a-4d56-9d0a-3c2f5e1b9a47")
_SECTION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[×xX*＊]\s*(\d+(?:\.\d+)?)\s*(mm)?\s*$")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
#: Mean pipe length above which a file "in degrees" is not in degrees (km).
_LONGEST_PLAUSIBLE_KM = 20.0


# -- profiles and rules --------------------------------------------------------------------------
@dataclass(frozen=True)
class Profile:
    """Field names per cimview field, the unit of diameters, and the class of a network that
    names none (an EPANET network is water supply)."""

    name: str
    fields: Mapping[str, tuple[str, ...]]
    diameter_unit: str = "mm"
    default_class: str | None = None


def load_profile(name: str | None) -> Profile:
    """A profile by name (resources/pipeline_profiles/NAME.json) or a JSON file."""
    path = Path(name) if name and name.endswith(".json") else FOLDER / f"{name or 'cjj61'}.json"
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        fields = {str(k): tuple(str(c) for c in v) for k, v in doc["fields"].items()}
        profile = Profile(str(doc.get("name", path.stem)), fields,
                          str(doc.get("diameter_unit", "mm")), doc.get("default_class"))
    except FileNotFoundError:
        known = sorted(p.stem for p in FOLDER.glob("*.json") if p.stem != "rules")
        raise InputError(path, "no such pipeline profile; profiles: {known}",
                         known=", ".join(known)) from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(path, "not a pipeline profile: {error}", error=str(exc)) from None
    unknown = sorted(set(profile.fields) - set(FIELDS))
    if unknown or profile.diameter_unit not in ("mm", "m"):
        raise InputError(path, "the profile names unknown fields or units: {what}",
                         what=", ".join(unknown) or profile.diameter_unit)
    return profile


@cache
def rules() -> dict[str, Any]:
    return json.loads((FOLDER / "rules.json").read_text(encoding="utf-8"))


def map_fields(names: Sequence[str], profile: Profile, overrides: Sequence[str] = (),
               path: Path | None = None) -> dict[str, str]:
    """cimview field → the file's field name: ``overrides`` (``FIELD=NAME``, the field by its
    cimview name or any of the profile's names, e.g. ``管径=DIAM``) first, then the profile
    (names compared case-insensitively).

    Examples
    --------
    >>> p = Profile("t", {"diameter": ("管径", "GJ"), "material": ("材质",)})
    >>> map_fields(["gj", "CZ"], p, ["材质=CZ"])
    {'material': 'CZ', 'diameter': 'gj'}
    """
    by_key = {n.lower(): n for n in reversed(names)}
    alias = {a.lower(): f for f, names_ in profile.fields.items() for a in names_}
    out: dict[str, str] = {}
    for item in overrides:
        field, sep, column = item.partition("=")
        field = field.strip()
        field = field if field in FIELDS else alias.get(field.lower(), "")
        if not sep or not field:
            raise InputError(path, "--map {item}: expected FIELD=NAME with FIELD one of "
                                   "{fields} or a profile's name (e.g. 管径)", item=repr(item),
                             fields=", ".join(FIELDS))
        if column.strip().lower() not in by_key:
            raise InputError(path, "--map {item}: the file has no field {name}",
                             item=repr(item), name=repr(column.strip()))
        out[field] = by_key[column.strip().lower()]
    taken = set(out.values())
    for field, names_ in profile.fields.items():
        if field in out:
            continue
        for n in names_:
            found = by_key.get(n.lower())
            if found is not None and found not in taken:
                out[field] = found
                taken.add(found)
                break
    return out


# -- decoding (pure) -----------------------------------------------------------------------------
@cache
def _class_index() -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    classes: dict[str, str] = {}
    for row in dictionary("pipeline_classes"):
        for key in (row["code"], row["name"], row["name_en"]):
            classes[key.lower()] = row["code"]
    subs: dict[str, tuple[str, str]] = {}
    for row in dictionary("pipeline_subclasses"):
        for key in (row["code"], row["name"], row["name_en"]):
            subs.setdefault(key.lower(), (row["class_code"], row["code"]))
    return classes, subs


def decode_class(value: Any) -> tuple[str | None, str | None]:
    """(class code, subclass code) of a class or subclass written as a code, a Chinese or an
    English name (给水, JS, water supply; 污水 or WS → PS/WS); (None, None) when unknown."""
    if value is None or str(value).strip() == "":
        return None, None
    key = str(value).strip().lower()
    classes, subs = _class_index()
    if key in classes:
        return classes[key], None
    if key in subs:
        return subs[key]
    for suffix in ("管线", "管道", "管"):  # 给水管线, 雨水管
        if key.endswith(suffix) and key[:-len(suffix)] in classes:
            return classes[key[:-len(suffix)]], None
        if key.endswith(suffix) and key[:-len(suffix)] in subs:
            return subs[key[:-len(suffix)]]
    return None, None


def _decoder(name: str) -> dict[str, str]:
    out = {}
    for row in dictionary(name):
        for key in (row["code"], row["name"], row.get("name_en", "")):
            if key:
                out[key.lower()] = row["code"]
    return out


@cache
def _materials() -> dict[str, str]:
    return _decoder("pipe_materials")


@cache
def _layings() -> dict[str, str]:
    return _decoder("laying_methods")


def decode_code(value: Any, table: str) -> str | None:
    """A material (``pipe_materials``) or laying method (``laying_methods``) as its code."""
    if value is None or str(value).strip() == "":
        return None
    index = _materials() if table == "pipe_materials" else _layings()
    return index.get(str(value).strip().lower())


def parse_section(value: Any) -> tuple[float, float] | None:
    """A box section ``W×H`` in mm (``1200×800``, ``1200X800``, ``1200*800``), or None."""
    m = _SECTION.match(str(value)) if value is not None else None
    return (float(m.group(1)), float(m.group(2))) if m else None


def parse_number(value: Any) -> float | None:
    """A number from a value such as ``300``, ``DN300``, ``0.4MPa`` (None when none)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if np.isfinite(value) else None
    m = _NUMBER.search(str(value))
    return float(m.group(0)) if m else None


def impossible(depths: Sequence[float | None], diameter_mm: float | None) -> str | None:
    """Why a pipe's values cannot be (None when they can).

    Examples
    --------
    >>> impossible([-0.5, 1.0], 300)
    'a negative depth (-0.5 m)'
    >>> impossible([1.0, 1.2], 0)
    'a diameter of 0 mm'
    """
    r = rules()
    for d in depths:
        if d is not None and d < 0:
            return f"a negative depth ({d:g} m)"
        if d is not None and d > r["max_depth_m"]:
            return f"a depth of {d:g} m (over {r['max_depth_m']:g} m)"
    if diameter_mm is not None and diameter_mm <= 0:
        return f"a diameter of {diameter_mm:g} mm"
    if diameter_mm is not None and diameter_mm > r["max_diameter_mm"]:
        return f"a diameter of {diameter_mm:g} mm (over 10 m)"
    return None


# -- the file, as columns ------------------------------------------------------------------------
@dataclass
class VectorTable:
    """A vector file's features: own ids, geometries (source CRS), columns by field name."""

    ids: list[str]
    geoms: np.ndarray
    columns: dict[str, np.ndarray]
    declared_crs: Any
    unreadable: Mapping[int, Any]

    @classmethod
    def of(cls, source: footprints.FootprintSource) -> VectorTable:
        """From a source read row by row (GeoJSON, EPANET): its attributes as columns."""
        names = sorted({k for a in source.attrs for k in a})
        columns = {n: np.array([a.get(n) for a in source.attrs], dtype=object) for n in names}
        return cls(source.ids, source.geoms, columns, source.declared_crs, source.unreadable)


def read_table(path: Path, kind: str, options: ImportOptions, report: ImportReport
               ) -> VectorTable:
    """A GeoPackage, Shapefile or File Geodatabase read column by column (GeoJSON through the
    footprint reader, which knows its quirks)."""
    import warnings

    import pyogrio.raw
    from pyogrio.errors import DataLayerError, DataSourceError

    if kind == "geojson":
        return VectorTable.of(footprints.read(path, kind, options, report))
    shape = "point" if getattr(options, "kind", None) == "pipe-points" else "line"
    layer = (footprints._layer(path, options.layer, shape, report)
             if kind in footprints._MULTI_LAYER else None)
    kwargs: dict[str, Any] = {"layer": layer} if layer else {}
    if kind == "shapefile":
        footprints.check_shapefile(path)
    if options.encoding:
        kwargs["encoding"] = options.encoding
    elif kind == "shapefile":
        guessed = footprints._guess_dbf_encoding(path)
        if guessed:
            kwargs["encoding"] = guessed
            report.warn("no .cpg file: attribute text read as {encoding} (guessed from the "
                        "bytes); pass --encoding if the text looks wrong", encoding=guessed)
    try:
        with warnings.catch_warnings(), footprints.gdal_path(path) as readable:
            warnings.simplefilter("ignore")
            meta, fids, wkb, values = pyogrio.raw.read(readable, return_fids=True, **kwargs)
    except (DataSourceError, DataLayerError, UnicodeDecodeError, LookupError) as exc:
        if "ncod" in str(exc):
            raise InputError(path, "cannot read: {error} (try --encoding, e.g. gbk or latin1)",
                             error=str(exc)) from None
        raise InputError(path, "cannot read: {error}", error=str(exc)) from None
    if layer:
        report.format = f"{footprints._MULTI_LAYER[kind]} layer {layer}"
    geoms, unreadable = footprints.decode(wkb)
    columns = {}
    for n, v in zip(meta["fields"], values, strict=True):
        col = np.asarray(v, dtype=object)
        if getattr(v, "dtype", None) is not None and v.dtype.kind == "f":
            col[np.isnan(v)] = None  # GDAL's nulls in numeric columns are NaN: None here
        elif float in set(map(type, col)):
            col[np.array([isinstance(x, float) and x != x for x in col], dtype=bool)] = None
        columns[str(n)] = col
    return VectorTable([str(f) for f in fids], geoms, columns, meta.get("crs"), unreadable)


# -- the source ----------------------------------------------------------------------------------
class PipelineSource:
    """A validated pipeline survey, not yet in the cache CRS (a :class:`Source`)."""

    def __init__(self, path: Path, options: ImportOptions, report: ImportReport,
                 vector: VectorTable):
        self.path, self.report, self.vector = path, report, vector
        self.declared_crs = vector.declared_crs
        profile = load_profile(getattr(options, "profile", None)
                               or _guess_profile(vector, report))
        self.fields = map_fields(sorted(vector.columns), profile,
                                 getattr(options, "field_map", ()) or (), path)
        self.profile = profile
        n = len(vector.ids)
        report.features_read = n
        self.keep = np.ones(n, dtype=bool)
        self.estimated = 0
        self.columns = self._decode(n)
        if not self.keep.any() and not report.rejected:
            raise InputError(path, "nothing to import: the file holds no pipes")

    def reject(self, i: int, reason: str, **values: Any) -> None:
        self.keep[i] = False
        self.report.reject(self.vector.ids[i], reason, **values)

    def _column(self, field: str) -> np.ndarray:
        name = self.fields.get(field)
        if name is None:
            return np.full(len(self.vector.ids), None, dtype=object)
        return self.vector.columns[name]

    def _decode(self, n: int) -> dict[str, Any]:
        """Every field decoded a column at a time (each distinct value decoded once)."""
        v = self.vector
        for i, why in v.unreadable.items():
            self.reject(i, "its geometry cannot be read")
            del why
        geoms = v.geoms
        empty = np.array([g is None for g in geoms]) | shapely.is_empty(geoms)
        for i in np.flatnonzero(empty & self.keep):
            self.reject(int(i), "no geometry")
        multi = (shapely.get_type_id(geoms) == 5) & ~empty
        if multi.any():  # one pipe when its parts join
            geoms[multi] = shapely.line_merge(geoms[multi])
        kind = shapely.get_type_id(geoms)
        for i in np.flatnonzero(self.keep & (kind != 1)):
            self.reject(int(i), "not a line ({kind}): a pipe is one line; import points with "
                                "--as pipe-points", kind=int(kind[i]))
        cls, sub = _mapped(self._column("class"), decode_class)
        cls2, sub2 = _mapped(self._column("subclass"), decode_class)
        cls = np.where(cls == None, cls2, cls)  # noqa: E711 - object arrays
        sub = np.where(sub2 != None, sub2, sub)  # noqa: E711
        if self.profile.default_class:
            cls = np.where(cls == None, self.profile.default_class, cls)  # noqa: E711
        raw_class = self._column("class")
        for i in np.flatnonzero(self.keep & (cls == None)):  # noqa: E711
            if raw_class[i] not in (None, ""):
                self.reject(int(i), "unknown pipeline class {value}", value=repr(raw_class[i]))
            else:
                self.reject(int(i), "no pipeline class")
        depth = _numbers(self._column("depth"))
        start = _numbers(self._column("start_depth"))
        end = _numbers(self._column("end_depth"))
        start = np.where(np.isnan(start), depth, start)
        end = np.where(np.isnan(end), np.where(np.isnan(depth), start, depth), end)
        start = np.where(np.isnan(start), end, start)
        diam_raw = self._column("diameter")
        diameter = _numbers(diam_raw) * (1000.0 if self.profile.diameter_unit == "m" else 1.0)
        sections = [c.astype(float) for c in _mapped(self._column("section"), _section_pair)]
        in_diam = [c.astype(float) for c in _mapped(diam_raw, _section_pair)]  # W×H as 管径
        width = np.where(np.isnan(sections[0]), in_diam[0], sections[0])
        height = np.where(np.isnan(sections[1]), in_diam[1], sections[1])
        diameter = np.where(~np.isnan(in_diam[0]), np.nan, diameter)
        r = rules()
        reasons = [(start < 0) | (end < 0), (start > r["max_depth_m"]) | (end > r["max_depth_m"]),
                   diameter <= 0, diameter > r["max_diameter_mm"], (width <= 0) | (height <= 0)]
        for i in np.flatnonzero(self.keep & np.logical_or.reduce(reasons)):
            why = impossible([None if np.isnan(start[i]) else float(start[i]),
                              None if np.isnan(end[i]) else float(end[i])],
                             None if np.isnan(diameter[i]) else float(diameter[i]))
            self.reject(int(i), "impossible value: {why}",
                        why=why or f"a section of {width[i]:g}×{height[i]:g} mm")
        guess = _mapped(cls, lambda c: float(r["estimate_depth_m"].get(c, 1.0)) if c
                        else np.nan).astype(float)
        missing = np.isnan(start) & self.keep
        self.estimated = int(missing.sum())
        start = np.where(missing, guess, start)
        end = np.where(np.isnan(end), start, end)
        year = _numbers(self._column("year"))
        holes = _numbers(self._column("holes"))
        has_section = ~np.isnan(width) & ~np.isnan(height)
        return {
            "class_code": cls, "subclass_code": sub, "code": _texts(self._column("code")),
            "start_no": _texts(self._column("start_no")),
            "end_no": _texts(self._column("end_no")),
            "start_depth": np.round(start, 3), "end_depth": np.round(end, 3),
            "diameter_mm": np.round(diameter, 1), "width_mm": width, "height_mm": height,
            "section": _sections(width, height, has_section),
            "material_code": _mapped(self._column("material"),
                                     lambda x: decode_code(x, "pipe_materials")),
            "laying_code": _mapped(self._column("laying"),
                                   lambda x: decode_code(x, "laying_methods")),
            "owner": _texts(self._column("owner")),
            "year": _ints(year),
            "pressure": _numbers(self._column("pressure")),
            "voltage_kv": _numbers(self._column("voltage")),
            "holes": _ints(holes),
            "road_name": _texts(self._column("road"))}

    def screen(self, src: CRS) -> None:
        """Refuse coordinates that are not what the declared CRS says: pipes "in degrees"
        tens of km long are drawing units under a false geographic CRS (EPANET's Net3)."""
        if not src.is_geographic:
            return
        geoms = self.vector.geoms[self.keep]
        lengths = shapely.length(geoms) * 111.0  # degrees → km, near enough to judge
        if len(lengths) and float(np.median(lengths)) > _LONGEST_PLAUSIBLE_KM:
            raise InputError(self.path, "declares {crs}, but then its pipes would be {km} km "
                                        "long (median): the declared CRS is false (drawing "
                                        "units?); give the coordinates' CRS with --source-crs",
                             crs=src.name, km=f"{float(np.median(lengths)):.0f}")

    def bounds(self) -> tuple[float, float, float, float]:
        return geometry_bounds(np.where(self.keep, self.vector.geoms, None))

    def build(self, target: Target) -> list[Batch]:
        idx = np.flatnonzero(self.keep)
        geoms = self.vector.geoms[idx]
        to_cache = Transformer.from_crs(target.src_crs, target.cache_crs, always_xy=True)
        coords, which = shapely.get_coordinates(geoms, return_index=True)
        x, y = to_cache.transform(coords[:, 0], coords[:, 1])
        # depth along each pipe: from its start depth to its end depth by the share of length
        starts = self.columns["start_depth"][idx].astype(float)
        ends = self.columns["end_depth"][idx].astype(float)
        xy = np.column_stack([x, y])
        step = np.zeros(len(xy))
        same = which[1:] == which[:-1]
        step[1:] = np.where(same, np.hypot(*(xy[1:] - xy[:-1]).T), 0.0)
        run = np.cumsum(step)
        first = np.searchsorted(which, np.arange(len(idx)))
        along = run - run[first][which]
        total = np.maximum(np.bincount(which, weights=step, minlength=len(idx)), 1e-9)
        depth = starts[which] + (ends - starts)[which] * (along / total[which])
        ground = target.dem.sample(x, y) if target.dem is not None else np.full(len(x), np.nan)
        if np.isnan(ground).any():
            self.report.warn("{n} pipe vertices lie outside the cache's DEM (or there is none): "
                             "they are placed at their depth below height 0",
                             n=int(np.isnan(ground).sum()))
        z = np.nan_to_num(ground, nan=0.0) - depth
        lines = shapely.linestrings(np.column_stack([x, y, z]), indices=which)
        names = {r["code"]: r["name"] for r in dictionary("pipeline_classes")}
        subs = {(r["class_code"], r["code"]): r["name"] for r in dictionary("pipeline_subclasses")}
        columns: dict[str, Any] = {k: _plain(v[idx]) for k, v in self.columns.items()}
        columns["class_name"] = [names.get(c) for c in columns["class_code"]]
        columns["subclass_name"] = [subs.get((c, s)) for c, s in
                                    zip(columns["class_code"], columns["subclass_code"],
                                        strict=True)]
        source, ids = target.source, self.vector.ids
        columns["gid"] = uuid5_strings(_GID_NS, (f"{source}|{ids[i]}" for i in idx))
        # laid in its year of construction (建设年代): the pipe's lifespan (store.lifespan)
        columns["valid_from"] = [None if y is None else parse_when(y) for y in columns["year"]]
        self.report.imported = len(idx)
        kinds, counts = np.unique(np.asarray(columns["class_code"], dtype=str),
                                  return_counts=True)
        self.report.object_types = {str(k): int(c) for k, c in zip(kinds, counts, strict=True)}
        if self.estimated:
            self.report.warn("{n} pipes have no depth in the file: estimated per class "
                             "(resources/pipeline_profiles/rules.json)", n=self.estimated)
        return [Batch("pipelines", lines, columns)]


class PipePointSource(PipelineSource):
    """Pipe points (管点: features such as tees and bends, and appurtenances such as valves
    and manholes) into the ``pipe_points`` layer, at the ground minus their depth."""

    def _decode(self, n: int) -> dict[str, Any]:
        geoms = self.vector.geoms
        for i in self.vector.unreadable:
            self.reject(int(i), "its geometry cannot be read")
        empty = np.array([g is None for g in geoms]) | shapely.is_empty(geoms)
        kind = shapely.get_type_id(geoms)
        for i in np.flatnonzero(self.keep & (empty | (kind != 0))):
            self.reject(int(i), "not a point: pipe points are points; import lines with --as "
                                "pipelines")
        cls = _mapped(self._column("class"), decode_class)[0]
        if self.profile.default_class:
            cls = np.where(cls == None, self.profile.default_class, cls)  # noqa: E711
        for i in np.flatnonzero(self.keep & (cls == None)):  # noqa: E711
            self.reject(int(i), "no pipeline class")
        depth = _numbers(self._column("depth"))
        for i in np.flatnonzero(self.keep & ((depth < 0) | (depth > rules()["max_depth_m"]))):
            self.reject(int(i), "impossible value: {why}",
                        why=impossible([float(depth[i])], None) or "")
        estimate = rules()["estimate_depth_m"]
        guess = _mapped(cls, lambda c: float(estimate.get(c, 1.0)) if c
                        else np.nan).astype(float)
        missing = np.isnan(depth) & self.keep
        self.estimated = int(missing.sum())
        return {"class_code": cls, "no": _texts(self._column("no")),
                "point_type": _texts(self._column("point_type")),
                "depth": np.round(np.where(missing, guess, depth), 3),
                "ground_z": _numbers(self._column("ground_z")),
                "road_name": _texts(self._column("road"))}

    def screen(self, src: CRS) -> None:
        return None

    def build(self, target: Target) -> list[Batch]:
        idx = np.flatnonzero(self.keep)
        coords = shapely.get_coordinates(self.vector.geoms[idx])
        to_cache = Transformer.from_crs(target.src_crs, target.cache_crs, always_xy=True)
        x, y = to_cache.transform(coords[:, 0], coords[:, 1])
        ground = target.dem.sample(x, y) if target.dem is not None else np.full(len(x), np.nan)
        stated = self.columns["ground_z"][idx].astype(float)
        ground = np.where(np.isnan(ground), stated, ground)
        if np.isnan(ground).any():
            self.report.warn("{n} pipe points have no ground height (no DEM there, no 地面高程):"
                             " they are placed at their depth below height 0",
                             n=int(np.isnan(ground).sum()))
        ground = np.nan_to_num(ground, nan=0.0)
        depth = self.columns["depth"][idx].astype(float)
        columns: dict[str, Any] = {k: _plain(v[idx]) for k, v in self.columns.items()}
        columns["ground_z"] = [float(g) for g in ground]
        source, ids = target.source, self.vector.ids
        columns["gid"] = uuid5_strings(_GID_NS, (f"{source}|point|{ids[i]}" for i in idx))
        self.report.imported = len(idx)
        if self.estimated:
            self.report.warn("{n} pipe points have no depth in the file: estimated per class "
                             "(resources/pipeline_profiles/rules.json)", n=self.estimated)
        return [Batch("pipe_points", shapely.points(np.column_stack([x, y, ground - depth])),
                      columns)]


def _ints(values: np.ndarray) -> np.ndarray:
    """Whole numbers as Python ints (None where NaN), without a Python call per cell."""
    out = np.full(len(values), None, dtype=object)
    ok = ~np.isnan(values)
    out[ok] = values[ok].astype(np.int64).tolist()
    return out


def _sections(width: np.ndarray, height: np.ndarray, has: np.ndarray) -> np.ndarray:
    """``W×H`` (mm) where the pipe has a box section, else None."""
    out = np.full(len(width), None, dtype=object)
    idx = np.flatnonzero(has)
    out[idx] = [f"{w:g}×{h:g}" for w, h in zip(width[idx], height[idx], strict=True)]
    return out


def _plain(values: np.ndarray) -> list[Any]:
    """A column as the cache takes it: NaN as None, numpy numbers as Python's."""
    out = values.tolist()
    if values.dtype.kind == "f":
        for i in np.flatnonzero(np.isnan(values)).tolist():
            out[i] = None
    return out


def _mapped(column: np.ndarray, decode: Any) -> Any:
    """``decode`` applied once per distinct value of an object column; returns the decoded
    column, or a tuple of columns when ``decode`` returns tuples."""
    if set(map(type, column)) <= {str, type(None)}:  # the usual case: no str() per cell
        keys = column.copy()
        keys[np.equal(column, None)] = ""
    else:
        keys = np.array(["" if v is None else str(v) for v in column], dtype=object)
    # Distinct values in order of appearance, without sorting strings or a Python frame per
    # cell: dict.fromkeys and a map over the index's __getitem__ both run in C.
    index = {k: i for i, k in enumerate(dict.fromkeys(keys.tolist()))}
    inverse = np.fromiter(map(index.__getitem__, keys.tolist()), dtype=np.int64,
                          count=len(keys))
    decoded = [decode(u) if u != "" else decode(None) for u in index]
    if decoded and isinstance(decoded[0], tuple):
        return tuple(np.array([d[k] for d in decoded], dtype=object)[inverse]
                     for k in range(len(decoded[0])))
    return np.array(decoded, dtype=object)[inverse] if decoded else np.array([], dtype=object)


def _section_pair(value: Any) -> tuple[float, float]:
    pair = parse_section(value)
    return pair if pair else (np.nan, np.nan)


def _numbers(column: np.ndarray) -> np.ndarray:
    """Numbers of a column (NaN where none): numeric cells as they are, text parsed once per
    distinct value (``DN300``, ``0.4MPa``)."""
    out = np.full(len(column), np.nan)
    kinds = set(map(type, column))
    if kinds <= {str, type(None)}:
        numeric = np.zeros(len(column), dtype=bool)
    elif kinds <= {int, float, type(None)}:
        numeric = np.not_equal(column, None)
    else:
        numeric = np.array([isinstance(v, int | float) and not isinstance(v, bool)
                            for v in column], dtype=bool)
    if numeric.any():
        out[numeric] = column[numeric].astype(float)
    text = ~numeric & np.array([v is not None for v in column], dtype=bool)
    if text.any():
        parsed = _mapped(column[text], parse_number)
        out[text] = np.array([np.nan if p is None else p for p in parsed], dtype=float)
    return out


def _texts(column: np.ndarray) -> np.ndarray:
    if set(map(type, column)) <= {str, type(None)}:
        return np.array([None if v is None else (v.strip() or None) for v in column],
                        dtype=object)
    return np.array([_text(v) for v in column], dtype=object)


def _text(value: Any) -> str | None:
    return None if value is None or str(value).strip() == "" else str(value).strip()


def _guess_profile(vector: VectorTable, report: ImportReport) -> str:
    """cjj61 when the file has a class field it knows; else the file is taken for an EPANET
    network (water supply), and the report says so."""
    if "class" in map_fields(sorted(vector.columns), load_profile("cjj61")):
        return "cjj61"
    report.warn("no pipeline class field: imported as a water supply network (EPANET); give "
                "--profile, or --map class=FIELD, for another kind of survey")
    return "epanet"


def read(path: Path, kind: str, options: ImportOptions, report: ImportReport
         ) -> PipelineSource:
    """The pipeline survey at ``path`` (a vector file of ``kind``, or an EPANET network)."""
    if kind == "epanet":
        from dataclasses import replace

        from store.importers import epanet

        vector = VectorTable.of(epanet.read(path, kind, options, report))
        options = replace(options, profile=getattr(options, "profile", None) or "epanet")
    else:
        vector = read_table(path, kind, options, report)
    report.kind = "pipelines"
    if getattr(options, "kind", None) == "pipe-points":
        report.kind = "pipe_points"
        return PipePointSource(path, options, report, vector)
    return PipelineSource(path, options, report, vector)


__all__ = ["Profile", "decode_class", "decode_code", "impossible", "load_profile",
           "map_fields", "parse_number", "parse_section", "read"]
