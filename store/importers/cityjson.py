"""Buildings from CityJSON (0.1, 0.8, 1.0, 1.1, 2.0) and CityJSONSeq (.jsonl).

A feature is a first-level CityObject (no ``parents``; 0.x: no ``parent``). A Building, with
the geometry of its BuildingParts merged in, becomes one ``buildings`` row (footprint = union
of the XY projection of its GroundSurfaces, else of all its non-vertical surfaces; height =
measuredHeight or max z − min z; ground_z = min z) and one ``building_solids`` row (the
surfaces of its best LoD, the highest ≤ 2.x, as a MultiPolygon Z with their semantic types).
Other first-level objects are rejected ("not a building (Road)"); so are Buildings without
surface geometry and objects whose vertex indices are out of range. Appearances are ignored.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from store.crs import horizontal
from store.errors import InputError
from store.importers import geom, lifespans
from store.importers.heights import absurd, parse_number
from store.importers.inputcrs import vertical_label
from store.importers.jsonfile import load_json, load_lines
from store.importers.options import ImportOptions
from store.importers.pipeline import Batch, Target
from store.importers.report import ImportReport
from store.messages import Message

_SURFACES = ("MultiSurface", "CompositeSurface", "Solid", "MultiSolid", "CompositeSolid")
_V01_SEMANTICS = {"Wall": "WallSurface", "Roof": "RoofSurface", "Ground": "GroundSurface",
                  "Closure": "ClosureSurface"}
_MIN_AREA = 1e-6  # projected surfaces smaller than this (CRS units²) are vertical walls
_MIN_AREA_DEGREES = 1e-16  # the same in degrees² (about 1e-6 m² at the equator)


@dataclass
class _Chunk:
    """CityObjects sharing one vertex list: a whole CityJSON file or one CityJSONSeq line."""

    objects: dict[str, Any]
    vertices: np.ndarray  # (n, 3), transform applied
    where: str = ""


@dataclass
class CityJSONSource:
    """Buildings parsed into flat, vectorisable arrays (coordinates in the file's CRS)."""

    path: Path
    declared_crs: str | None
    ids: list[str] = field(default_factory=list)
    attrs: list[dict[str, Any]] = field(default_factory=list)
    lods: list[str] = field(default_factory=list)
    coords: np.ndarray = field(default_factory=lambda: np.zeros((0, 3)))
    ring_sizes: list[int] = field(default_factory=list)
    ring_surface: list[int] = field(default_factory=list)
    surface_owner: list[int] = field(default_factory=list)
    surface_type: list[str | None] = field(default_factory=list)
    read: int = 0

    def bounds(self) -> tuple[float, float, float, float]:
        if not len(self.coords):
            return (0.0, 0.0, 0.0, 0.0)
        lo, hi = self.coords[:, :2].min(axis=0), self.coords[:, :2].max(axis=0)
        return float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1])

    def build(self, target: Target) -> list[Batch]:
        return _build(self, target)


# -- reading ------------------------------------------------------------------------------------

def read(path: Path, kind: str, options: ImportOptions, report: ImportReport) -> CityJSONSource:
    """Parse and validate the whole file into a CityJSONSource."""
    notes: list[Message] = []
    duplicates: list[str] = []
    if kind == "cityjsonseq":
        header, chunks = _read_seq(path, notes, options.metadata, report)
        report.format = f"CityJSONSeq {header.get('version', '')}".strip()
    else:
        header = load_json(path, duplicates, notes)
        if not isinstance(header, dict) or header.get("type") not in ("CityJSON", "CityModel"):
            raise InputError(path, "not CityJSON: no \"type\": \"CityJSON\" at the top level")
        chunks = [_Chunk(_objects(path, header), _vertices(path, header, header), "")]
        report.format = f"CityJSON {_version(header)}"
        if header.get("appearance"):
            report.warn("appearance (materials, textures) ignored")
    for note in notes:
        report.warn(note)
    if not any(chunk.objects for chunk in chunks):
        raise InputError(path, "has no CityObjects: nothing to import")
    ids = [oid for chunk in chunks for oid in chunk.objects]
    twice = sorted({oid for oid in duplicates if oid in chunks[0].objects}
                   | {oid for oid, n in Counter(ids).items() if n > 1})
    if twice:
        report.warn("{n} CityObject ids appear more than once ({ids}): only the last object "
                    "of each id was read", n=len(twice), ids=", ".join(twice[:5]))
    src = CityJSONSource(path, _declared_crs(header))
    for chunk in chunks:
        _collect(src, chunk, report)
    return src


def _version(doc: dict[str, Any]) -> str:
    v = str(doc.get("version", ""))
    if doc.get("type") == "CityModel" or v.startswith("http"):
        return v.rstrip("/").rsplit("/", 1)[-1] or "0.1"
    return v


def _read_seq(path: Path, notes: list[Message], metadata: Path | None, report: ImportReport
              ) -> tuple[dict[str, Any], list[_Chunk]]:
    """The header and the features of a CityJSON Text Sequence; the header from ``metadata``
    (a file of its own, such as metadata.city.json) when given."""
    lines = load_lines(path, notes)
    own = bool(lines) and isinstance(lines[0][1], dict) and lines[0][1].get("type") == "CityJSON"
    if metadata is not None:
        header = load_json(Path(metadata), [], notes)
        if not isinstance(header, dict) or header.get("type") != "CityJSON":
            raise InputError(metadata, "not a CityJSON header: no \"type\": \"CityJSON\" at "
                                       "the top level")
        if header.get("CityObjects"):
            raise InputError(metadata, "holds CityObjects: a header for --metadata has none")
        if own:
            report.warn("the sequence's own header (line 1) was replaced by {file}",
                        file=Path(metadata).name)
    elif own:
        header = lines[0][1]
    else:
        raise InputError(path, "not CityJSONSeq: the first line is not a CityJSON header "
                               "(give the header file with --metadata metadata.city.json)")
    chunks = []
    for no, doc in (lines[1:] if own else lines):
        if not isinstance(doc, dict) or doc.get("type") != "CityJSONFeature":
            raise InputError(path, "line {line}: not a CityJSONFeature", line=no)
        chunks.append(_Chunk(_objects(path, doc, no), _vertices(path, doc, header, no),
                             f"line {no}"))
    return header, chunks


def _objects(path: Path, doc: dict[str, Any], line: int | None = None) -> dict[str, Any]:
    objects = doc.get("CityObjects")
    if not isinstance(objects, dict) or not all(isinstance(o, dict) for o in objects.values()):
        if line:
            raise InputError(path, "line {line}: 'CityObjects' is not an object of CityObjects",
                             line=line)
        raise InputError(path, "'CityObjects' is not an object of CityObjects")
    return objects


def _vertices(path: Path, doc: dict[str, Any], header: dict[str, Any],
              line: int | None = None) -> np.ndarray:
    try:
        v = np.asarray(doc.get("vertices", []), dtype=float).reshape(-1, 3)
    except (ValueError, TypeError, OverflowError):
        if line:
            raise InputError(path, "line {line}: 'vertices' is not a list of [x, y, z]",
                             line=line) from None
        raise InputError(path, "'vertices' is not a list of [x, y, z]") from None
    tr = header.get("transform")
    if tr:
        try:
            scale = np.asarray(tr["scale"], float).reshape(3)
            translate = np.asarray(tr["translate"], float).reshape(3)
        except (KeyError, ValueError, TypeError, OverflowError):
            raise InputError(path, "'transform' needs 'scale' and 'translate' of 3 numbers"
                             ) from None
        if not (np.isfinite(scale).all() and (scale > 0).all()):
            raise InputError(path, "transform scale is {scale}: it must be positive",
                             scale=scale.tolist())
        if not np.isfinite(translate).all():
            raise InputError(path, "transform translate is {translate}: it must be finite "
                                   "numbers", translate=translate.tolist())
        v = v * scale + translate
    return v


def _declared_crs(doc: dict[str, Any]) -> str | None:
    meta = doc.get("metadata") or {}
    ref = meta.get("referenceSystem")
    if ref:
        return str(ref)
    crs = meta.get("crs")  # CityJSON 0.1 … 0.5: {"epsg": 7415}
    if isinstance(crs, dict) and crs.get("epsg") is not None:
        return f"EPSG:{crs['epsg']}"
    return None


def _lod_key(lod: Any) -> float:
    try:
        return float(lod)
    except (TypeError, ValueError):
        return -1.0


def _best_lod(lods: list[Any]) -> Any:
    """The highest LoD ≤ 2.x, else the lowest available."""
    below = [x for x in lods if _lod_key(x) < 3]
    return max(below, key=_lod_key) if below else min(lods, key=_lod_key)


def _members(objects: dict[str, Any], oid: str) -> list[str]:
    """The object and its BuildingPart descendants."""
    out, todo = [], [oid]
    while todo:
        cur = todo.pop(0)
        if cur in out:
            continue
        out.append(cur)
        for child in objects.get(cur, {}).get("children") or []:
            if str(objects.get(child, {}).get("type", "")).startswith("BuildingPart"):
                todo.append(child)
    return out


def _surfaces(g: dict[str, Any]) -> list[tuple[list[Any], Any]]:
    """(rings, semantic value) of every surface of a geometry, whatever its nesting."""
    sem = g.get("semantics")
    if isinstance(sem, dict):
        values, names = sem.get("values"), sem.get("surfaces") or []
    else:  # CityJSON 0.1: nested lists of type names
        values, names = sem, None
    b = g.get("boundaries") or []
    depth = {"MultiSurface": 1, "CompositeSurface": 1, "Solid": 2}.get(g.get("type"), 3)
    out: list[tuple[list[Any], Any]] = []

    def walk(node: list[Any], vals: Any, level: int) -> None:
        for i, item in enumerate(node):
            v = vals[i] if isinstance(vals, list) and i < len(vals) else None
            if level == 1:
                out.append((item, v))
            else:
                walk(item, v, level - 1)

    walk(b, values, depth)
    result = []
    for rings, v in out:
        if names is None:
            name = _V01_SEMANTICS.get(v, v) if isinstance(v, str) else None
        else:
            s = names[v] if isinstance(v, int) and 0 <= v < len(names) else None
            name = s.get("type") if isinstance(s, dict) else None
        result.append((rings, name))
    return result


def _collect(src: CityJSONSource, chunk: _Chunk, report: ImportReport) -> None:
    objects = chunk.objects
    for oid, obj in objects.items():
        for parent in obj.get("parents") or ([obj["parent"]] if obj.get("parent") else []):
            kids = objects.get(parent, {}).setdefault("children", [])
            if oid not in kids:
                kids.append(oid)
    for otype, n in Counter(str(o.get("type")) for o in objects.values()).items():
        report.object_types[otype] = report.object_types.get(otype, 0) + n
    nverts = len(chunk.vertices)
    offset = len(src.coords)
    flat_all, textured, instances = [], False, False
    for oid, obj in objects.items():
        if obj.get("parents") or obj.get("parent"):
            continue
        src.read += 1
        otype = str(obj.get("type"))
        if otype != "Building":
            report.reject(oid, "not a building ({type})", type=otype)
            continue
        members = _members(objects, oid)
        geoms = [(m, g) for m in members for g in objects[m].get("geometry") or []
                 if isinstance(g, dict)]
        instances |= any(g.get("type") == "GeometryInstance" for _, g in geoms)
        textured |= any("texture" in g or "material" in g for _, g in geoms)
        geoms = [(m, g) for m, g in geoms if g.get("type") in _SURFACES]
        if not geoms:
            report.reject(oid, "no geometry")
            continue
        lod = _best_lod([g.get("lod") for _, g in geoms])
        chosen = []
        for m in members:
            mine = [g for mm, g in geoms if mm == m]
            if mine:
                best = lod if any(g.get("lod") == lod for g in mine) else _best_lod(
                    [g.get("lod") for g in mine])
                chosen += [g for g in mine if g.get("lod") == best]
        surfaces = [s for g in chosen for s in _surfaces(g)]
        rings_ok = [(rings, t) for rings, t in surfaces
                    if isinstance(rings, list) and rings and isinstance(rings[0], list)
                    and len(rings[0]) >= 3]
        try:
            rings = [[r for r in rs if isinstance(r, list) and len(r) >= 3] for rs, _ in rings_ok]
            flat = np.fromiter(chain.from_iterable(chain.from_iterable(rings)), dtype=np.int64)
        except (TypeError, ValueError, OverflowError):
            report.reject(oid, "malformed boundaries (vertex indices must be integers)")
            continue
        if not len(flat):
            report.reject(oid, "no geometry (no surface with 3 or more vertices)")
            continue
        bad = (flat < 0) | (flat >= nverts)
        if bad.any():
            if chunk.where:
                report.reject(oid, "vertex index {index} out of range (the feature has {n} "
                                   "vertices)", index=int(flat[bad][0]), n=nverts)
            else:
                report.reject(oid, "vertex index {index} out of range (the file has {n} "
                                   "vertices)", index=int(flat[bad][0]), n=nverts)
            continue
        if not np.isfinite(chunk.vertices[flat]).all():
            report.reject(oid, "coordinates that are not numbers (NaN or infinite)")
            continue
        problem = next((p for key, fl in (("measuredHeight", False),
                                          ("storeysAboveGround", True))
                        if (p := absurd(key, (objects[oid].get("attributes") or {}).get(key),
                                        floors=fl)) is not None), None)
        if problem is not None:
            report.reject(oid, problem)
            continue
        owner = len(src.ids)
        for rs, (_, stype) in zip(rings, rings_ok, strict=True):
            sid = len(src.surface_owner)
            src.surface_owner.append(owner)
            src.surface_type.append(stype)
            src.ring_sizes += [len(r) for r in rs]
            src.ring_surface += [sid] * len(rs)
        flat_all.append(flat + offset)
        src.ids.append(oid)
        src.lods.append(str(lod))
        src.attrs.append(_attributes(objects, oid, members))
    if textured:
        report.warn("appearance (materials, textures) ignored")
    if instances:
        report.warn("GeometryInstance (template) geometries are not supported and were ignored")
    if flat_all:
        idx = np.concatenate(flat_all) - offset
        src.coords = np.concatenate([src.coords, chunk.vertices[idx]])


def _attributes(objects: dict[str, Any], oid: str, members: list[str]) -> dict[str, Any]:
    obj = objects[oid]
    attrs = dict(obj.get("attributes") or {})
    if obj.get("generic-attributes"):  # CityJSON 0.1
        attrs["generic-attributes"] = obj["generic-attributes"]
    parts = {m: objects[m].get("attributes") or {} for m in members[1:]}
    if parts:
        attrs["parts"] = parts
    return attrs


# -- building rows ------------------------------------------------------------------------------

def _build(src: CityJSONSource, target: Target) -> list[Batch]:
    report = target.report
    report.features_read = src.read
    nb = len(src.ids)
    sizes = np.asarray(src.ring_sizes, dtype=np.int64)
    ring_of_vertex = np.repeat(np.arange(len(sizes)), sizes)
    rings = shapely.linearrings(src.coords, indices=ring_of_vertex)
    polys = shapely.polygons(rings, indices=np.asarray(src.ring_surface, dtype=np.int64))
    owner = np.asarray(src.surface_owner, dtype=np.int64)
    stype = np.asarray(src.surface_type, dtype=object)
    solids = shapely.multipolygons(polys, indices=owner)
    vowner = owner[np.asarray(src.ring_surface, dtype=np.int64)[ring_of_vertex]]
    zmin, zmax = np.full(nb, np.inf), np.full(nb, -np.inf)
    np.minimum.at(zmin, vowner, src.coords[:, 2])
    np.maximum.at(zmax, vowner, src.coords[:, 2])
    foot = _footprints(polys, owner, stype, nb, horizontal(target.src_crs).is_projected)
    ok = ~shapely.is_missing(foot)
    for i in np.flatnonzero(~ok):
        report.reject(src.ids[i], "no footprint: every surface is vertical or degenerate")
    foot = geom.reproject(foot, target.src_crs, target.cache_crs)
    solids = geom.reproject(solids, target.src_crs, target.cache_crs, include_z=True)
    fin = geom.finite(np.where(ok, foot, None)) & geom.finite(solids)
    for i in np.flatnonzero(ok & ~fin):
        report.reject(src.ids[i], "coordinates outside the area of the cache CRS {crs}",
                      crs=target.cache_crs.name)
    keep = np.flatnonzero(ok & fin)
    report.imported = len(keep)
    _vertical_warning(target)
    ids = [src.ids[i] for i in keep]
    attrs = [src.attrs[i] for i in keep]
    measured = [parse_number(a.get("measuredHeight")) for a in attrs]
    height = np.array([m if m is not None and m > 0 else zmax[i] - zmin[i]
                       for m, i in zip(measured, keep, strict=True)], dtype=float)
    floors = [parse_number(a.get("storeysAboveGround")) for a in attrs]
    gids = geom.gids(target.source, ids)
    starts, ends = lifespans.take(attrs, target.options.valid_from_field,
                                  target.options.valid_to_field, report)
    buildings = Batch("buildings", geom.oriented(foot[keep]), {
        "valid_from": starts, "valid_to": ends,
        "gid": gids, "name": [_name(a, target.options) for a in attrs],
        "height": height, "height_estimated": np.zeros(len(keep), dtype=np.int64),
        "ground_z": zmin[keep], "floors_above": [int(f) if f else None for f in floors],
        "lod": [src.lods[i] for i in keep],
        "attrs": [json.dumps(a, ensure_ascii=False) for a in attrs]})
    types = [json.dumps(t) if any(t) else None for t in _split(stype, owner, keep)]
    solid_rows = Batch("building_solids", solids[keep], {
        "gid": geom.gids(target.source, ids, "#solid"), "building_gid": gids,
        "lod": [src.lods[i] for i in keep], "surface_types": types})
    return [buildings, solid_rows]


def _footprints(polys: np.ndarray, owner: np.ndarray, stype: np.ndarray, nb: int,
                projected: bool) -> np.ndarray:
    """Union of the XY projection of each building's ground surfaces (else of all surfaces)."""
    flat = shapely.force_2d(polys)
    usable = shapely.area(flat) > (_MIN_AREA if projected else _MIN_AREA_DEGREES)
    ground = usable & (stype == "GroundSurface")
    has_ground = np.zeros(nb, dtype=bool)
    has_ground[owner[ground]] = True
    use = np.flatnonzero(np.where(has_ground[owner], ground, usable))
    valid = geom.polygonal(shapely.make_valid(flat[use]))
    order = np.argsort(owner[use], kind="stable")
    use, valid = use[order], valid[order]
    out = np.full(nb, None, dtype=object)
    owners, starts = np.unique(owner[use], return_index=True)
    ends = np.append(starts[1:], len(use))[:len(starts)]  # none when no surface is usable
    grid = 0.001 if projected else None
    for b, lo, hi in zip(owners, starts, ends, strict=True):
        parts = valid[lo:hi]
        parts = parts[~shapely.is_missing(parts)]
        if len(parts):
            out[b] = shapely.union_all(parts, grid_size=grid)
    return geom.polygonal(out)


def _split(stype: np.ndarray, owner: np.ndarray, keep: np.ndarray) -> list[list[Any]]:
    order = np.argsort(owner, kind="stable")
    bounds = np.searchsorted(owner[order], np.arange(owner.max() + 2 if len(owner) else 1))
    return [stype[order[bounds[i]:bounds[i + 1]]].tolist() for i in keep]


def _name(attrs: dict[str, Any], options: ImportOptions) -> str | None:
    v = attrs.get(options.name_field or "name")
    return str(v) if v not in (None, "") else None


def _vertical_warning(target: Target) -> None:
    mine = vertical_label(target.src_crs)
    theirs = target.cache_vertical
    if mine and theirs and mine != theirs:
        target.report.warn("heights are in {mine}, the cache's in {theirs}: z is kept as "
                           "stored (no vertical datum conversion)", mine=mine, theirs=theirs)
