"""Buildings from CityGML 1.0, 2.0 and 3.0 (``.gml``, ``.xml``, gzip-compressed ``.gml.gz``).

The file is read as a stream (``xml.etree.ElementTree.iterparse``): one ``cityObjectMember`` at
a time is parsed, turned into flat arrays and dropped, so memory follows the buildings' vertices,
not the file. What becomes of a building is what :mod:`store.importers.cityjson` does with a
CityJSON one (the same :class:`~store.importers.cityjson.CityJSONSource`): one ``buildings``
row (footprint, height, ground z) and one ``building_solids`` row.

* **Geometry**: the surfaces of the building's best LoD (the highest ≤ 2: ``lodNSolid``,
  ``lodNMultiSurface`` and the boundary surfaces' ``lodNMultiSurface``), with the geometry of
  its BuildingParts merged in. A building with only LoD3 or LoD4 geometry is imported with its
  outer shell: its boundary surfaces, openings included; rooms, furniture and installations
  are left out. ``gml:Polygon``, ``gml:Triangle`` and ``gml:Rectangle`` are read from
  ``posList`` (any ``srsDimension``), ``pos`` or GML 2 ``coordinates``.
* **XLinks** (``xlink:href="#id"``) to polygons inside the same building are resolved, and a
  polygon reached twice (a solid made of the boundary surfaces' polygons) counts once.
* **Semantics**: each polygon keeps the type of the boundary surface it belongs to (RoofSurface,
  WallSurface, GroundSurface, …).
* **Attributes**: ``gml:name`` (as ``name``), the building module's own (``measuredHeight``,
  ``storeysAboveGround``, ``function``, ``roofType``, ``yearOfConstruction``, …),
  ``creationDate``/``terminationDate`` and every generic attribute (CityGML 1/2
  ``gen:*Attribute``, 3.0 ``core:genericAttribute``), typed; a part's under ``parts``.
* **CRS**: the ``srsName`` of the file's envelope (else of its first geometry): EPSG codes,
  OGC URNs (versioned and compound ones included), OGC http URIs and the German AdV URNs
  (``resources/crs/adv_crs.json``). Coordinates of a latitude-first geographic CRS (EPSG:6697,
  PLATEAU's) are turned to longitude first.

Other city objects (terrain, roads, ADE objects) are counted and rejected, naming their type.
"""

from __future__ import annotations

import gzip
import json
import re
import xml.etree.ElementTree as ET
import zlib
from array import array
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import IO, Any

import numpy as np
from pyproj import CRS
from pyproj.exceptions import CRSError

from store.crs import horizontal
from store.errors import InputError
from store.importers.cityjson import CityJSONSource
from store.importers.options import ImportOptions
from store.importers.report import ImportReport

RESOURCES = Path(__file__).resolve().parents[2] / "resources" / "crs"
_GML_ID = ("{http://www.opengis.net/gml}id", "{http://www.opengis.net/gml/3.2}id")
_XLINK = "{http://www.w3.org/1999/xlink}href"
_MEMBERS = {"cityObjectMember", "featureMember"}
_LOD = re.compile(r"^lod([0-4])(Solid|MultiSurface|CompositeSurface|Geometry|MultiSolid"
                  r"|FootPrint|RoofEdge)$")
_SKIP = {  # subtrees with no exterior building geometry
    "interiorRoom", "interiorFurniture", "interiorBuildingInstallation",
    "outerBuildingInstallation", "buildingRoom", "buildingFurniture", "buildingInstallation",
    "Room", "BuildingRoom", "BuildingFurniture", "IntBuildingInstallation",
    "BuildingInstallation", "address", "Address", "appearance", "Appearance",
    "lod1TerrainIntersection", "lod2TerrainIntersection", "lod3TerrainIntersection",
    "lod4TerrainIntersection", "lod2MultiCurve", "lod3MultiCurve", "lod4MultiCurve",
    "externalReference", "generalizesTo", "relativeToTerrain",
}
_SURFACE_TYPES = {
    "WallSurface", "RoofSurface", "GroundSurface", "ClosureSurface", "OuterCeilingSurface",
    "OuterFloorSurface", "Window", "Door", "InteriorWallSurface", "FloorSurface",
    "CeilingSurface",
}
_AGGREGATES = {"CompositeSurface", "MultiSurface", "Shell", "Surface", "OrientableSurface",
               "TriangulatedSurface", "TIN"}
_INTERIOR = {"InteriorWallSurface", "FloorSurface", "CeilingSurface"}
_POLYGONS = {"Polygon", "Triangle", "Rectangle"}
_PARTS = {"BuildingPart"}
_BUILDING_ATTRS = {
    "measuredHeight", "storeysAboveGround", "storeysBelowGround", "function", "usage", "class",
    "roofType", "yearOfConstruction", "yearOfDemolition", "creationDate", "terminationDate",
    "validFrom", "validTo",
    "description", "name",
}
_GENERIC = {"stringAttribute": str, "intAttribute": int, "doubleAttribute": float,
            "dateAttribute": str, "uriAttribute": str, "measureAttribute": float,
            "StringAttribute": str, "IntAttribute": int, "DoubleAttribute": float,
            "DateAttribute": str, "UriAttribute": str, "MeasureAttribute": float,
            "CodeAttribute": str}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _ns(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


# -- the CRS ------------------------------------------------------------------------------------

@cache
def _adv() -> dict[str, str]:
    with open(RESOURCES / "adv_crs.json", encoding="utf-8") as fh:
        return {k: v for k, v in json.load(fh).items() if not k.startswith("_")}


def crs_of_srs_name(name: str) -> str:
    """An ``srsName`` as a CRS cimview can parse: ``EPSG:code`` or ``EPSG:h+v``; unknown
    forms are returned as they are (the import then asks for ``--source-crs``).

    Examples
    --------
    >>> crs_of_srs_name("urn:ogc:def:crs,crs:EPSG:6.12:3068,crs:EPSG:6.12:5783")
    'EPSG:3068+5783'
    >>> crs_of_srs_name("http://www.opengis.net/def/crs/EPSG/0/6697")
    'EPSG:6697'
    """
    text = name.strip()
    low = text.lower()
    if low.startswith("urn:adv:crs:"):
        parts = [_adv().get(p) for p in text[len("urn:adv:crs:"):].split("*")]
        if parts and all(parts):
            return "EPSG:" + "+".join(p.split(":")[-1] for p in parts if p)
        return text
    codes = re.findall(r"epsg:(?:[\d.]*):(\d+)", low)  # urn:ogc:def:crs:EPSG:6.12:3068, …
    if not codes:
        codes = re.findall(r"/def/crs/epsg/[^/]*/(\d+)", low)  # http URIs, compound ones too
    if not codes:
        codes = re.findall(r"^epsg:+(\d+)$", low)
    if codes:
        return "EPSG:" + "+".join(codes)
    return text


def _lat_first(declared: str) -> bool:
    try:
        crs = horizontal(CRS.from_user_input(declared))
    except CRSError:
        return False
    axes = crs.axis_info
    return bool(crs.is_geographic and axes and axes[0].direction in ("north", "south"))


# -- reading ------------------------------------------------------------------------------------

def _open(path: Path) -> IO[bytes]:
    with open(path, "rb") as fh:
        magic = fh.read(2)
    if magic == b"\x1f\x8b":
        return gzip.open(path, "rb")
    return open(path, "rb")  # noqa: SIM115 - the caller closes it


def read(path: Path, kind: str, options: ImportOptions, report: ImportReport
         ) -> CityJSONSource:
    """Stream the file into a :class:`CityJSONSource` (coordinates x east, y north, z)."""
    reader = _Reader(path, report)
    try:
        with _open(path) as fh:
            reader.run(fh)
    except ET.ParseError as exc:
        line, col = exc.position
        raise InputError(path, "is not well-formed XML at line {line}, column {column}: "
                               "{error}", line=line, column=col,
                         error=str(exc).split(":")[0]) from None
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise InputError(path, "the gzip stream is damaged or cut short ({error})",
                         error=str(exc) or type(exc).__name__) from None
    return reader.finish()


class _Reader:
    def __init__(self, path: Path, report: ImportReport):
        self.path, self.report = path, report
        self.src = CityJSONSource(path, None)
        self.coords = array("d")
        self.srs: str | None = None
        self.srs_dim = 3
        self.other_srs: set[str] = set()
        self.version = ""
        self.unresolved = 0
        self.dims2 = 0
        self.textures = False

    def run(self, fh: IO[bytes]) -> None:
        root = None
        depth = 0
        for event, elem in ET.iterparse(fh, events=("start", "end")):
            if event == "start":
                depth += 1
                if root is None:
                    root = elem
                    if _local(elem.tag) != "CityModel" or "citygml" not in _ns(elem.tag):
                        raise InputError(self.path, "not CityGML: the root element is {tag}",
                                         tag=_local(elem.tag))
                    self.version = _ns(elem.tag).rsplit("/", 1)[-1]
                    self.report.format = f"CityGML {self.version}"
                    continue
                srs = elem.get("srsName")
                if srs:
                    if self.srs is None:
                        self.srs = srs
                        dim = elem.get("srsDimension")
                        if dim and dim.isdigit():
                            self.srs_dim = int(dim)
                    elif srs != self.srs:
                        self.other_srs.add(srs)
                continue
            depth -= 1
            if depth == 1 and root is not None and _local(elem.tag) in _MEMBERS:
                for obj in list(elem):
                    self._member(obj)
                root.remove(elem)
            elif depth == 1 and root is not None and _local(elem.tag) == "appearanceMember":
                self.textures = True
                root.remove(elem)

    def _member(self, obj: ET.Element) -> None:
        otype = _local(obj.tag)
        oid = _gml_id(obj) or f"#{self.src.read + 1}"
        self.src.read += 1
        self.report.object_types[otype] = self.report.object_types.get(otype, 0) + 1
        if otype != "Building":
            self.report.reject(oid, "not a building ({type})", type=otype)
            return
        polys: dict[int, list[tuple[Any, str | None, list[np.ndarray]]]] = {}
        refs: list[tuple[int, str | None, str]] = []
        by_id: dict[str, tuple[str | None, list[np.ndarray]]] = {}
        groups: dict[str, tuple[ET.Element, str | None]] = {}
        self._walk(obj, None, None, polys, refs, by_id, groups)
        for lod, stype, href in refs:  # xlinks: a polygon reached twice counts once
            seen = {key for key, _, _ in polys.get(lod, [])}
            if href in by_id:
                if href not in seen:
                    polys.setdefault(lod, []).append((href, by_id[href][0] or stype,
                                                      by_id[href][1]))
            elif href in groups:  # a whole surface: its polygons
                group, gtype = groups[href]
                for poly in group.iter():
                    if _local(poly.tag) not in _POLYGONS:
                        continue
                    key = _gml_id(poly) or id(poly)
                    rings = self._rings(poly)
                    if key not in seen and rings:
                        seen.add(key)
                        polys.setdefault(lod, []).append((key, gtype or stype, rings))
            else:
                self.unresolved += 1
        if not polys:
            self.report.reject(oid, "no geometry")
            return
        below = [lod for lod in polys if lod <= 2]
        lod = max(below) if below else min(polys)
        chosen = [(t, rings) for _, t, rings in polys[lod] if t not in _INTERIOR]
        if not chosen:
            self.report.reject(oid, "no geometry")
            return
        for rings in (r for _, r in chosen):
            if not all(np.isfinite(r).all() for r in rings):
                self.report.reject(oid, "coordinates that are not numbers (NaN or infinite)")
                return
        attrs = _attributes(obj)
        src = self.src
        owner = len(src.ids)
        for stype, rings in chosen:
            sid = len(src.surface_owner)
            src.surface_owner.append(owner)
            src.surface_type.append(stype)
            for ring in rings:
                src.ring_sizes.append(len(ring))
                src.ring_surface.append(sid)
                self.coords.extend(ring.ravel())
        src.ids.append(oid)
        src.lods.append(str(lod))
        src.attrs.append(attrs)

    def _walk(self, elem: ET.Element, lod: int | None, stype: str | None,
              polys: dict[int, list[tuple[Any, str | None, list[np.ndarray]]]],
              refs: list[tuple[int, str | None, str]],
              by_id: dict[str, tuple[str | None, list[np.ndarray]]],
              groups: dict[str, tuple[ET.Element, str | None]]) -> None:
        for child in elem:
            name = _local(child.tag)
            if name in _SKIP:
                continue
            m = _LOD.match(name)
            here_lod = int(m.group(1)) if m else lod
            here_type = name if name in _SURFACE_TYPES else stype
            href = child.get(_XLINK)
            if href and here_lod is not None and href.startswith("#"):
                refs.append((here_lod, here_type, href[1:]))
                continue
            if name in _POLYGONS:
                rings = self._rings(child)
                if rings:
                    pid = _gml_id(child)
                    key: Any = pid if pid else id(child)
                    if pid:
                        by_id[pid] = (here_type, rings)
                    if here_lod is not None:
                        polys.setdefault(here_lod, []).append((key, here_type, rings))
                continue
            if name in _AGGREGATES and _gml_id(child):
                groups[_gml_id(child) or ""] = (child, here_type)
            self._walk(child, here_lod, here_type, polys, refs, by_id, groups)

    def _rings(self, poly: ET.Element) -> list[np.ndarray]:
        out = []
        for ring in poly.iter():
            if _local(ring.tag) != "LinearRing":
                continue
            xyz = self._positions(ring)
            if xyz is None or len(xyz) < 3:
                continue
            if len(xyz) > 3 and np.array_equal(xyz[0], xyz[-1]):
                xyz = xyz[:-1]
            if len(xyz) >= 3:
                out.append(xyz)
        return out

    def _positions(self, ring: ET.Element) -> np.ndarray | None:
        for child in ring:
            name = _local(child.tag)
            if name == "posList":
                dim = child.get("srsDimension") or ring.get("srsDimension")
                return self._shape(_floats(child.text), int(dim) if dim and dim.isdigit()
                                   else None)
            if name == "coordinates":  # GML 2: "x,y,z x,y,z"
                cs, ts = child.get("cs", ","), child.get("ts", " ")
                tuples = [t for t in (child.text or "").replace("\n", ts).split(ts) if t]
                try:
                    rows = [[float(v) for v in t.split(cs)] for t in tuples]
                    return self._shape(np.array([v for r in rows for v in r]),
                                       len(rows[0]) if rows else None)
                except ValueError:
                    return np.array([[np.nan, np.nan, np.nan]] * 3)
        pos = [_floats(c.text) for c in ring if _local(c.tag) == "pos"]
        if pos:
            dim = len(pos[0])
            return self._shape(np.concatenate(pos), dim)
        return None

    def _shape(self, flat: np.ndarray, dim: int | None) -> np.ndarray:
        if dim is None:
            dim = self.srs_dim if len(flat) % self.srs_dim == 0 else (
                3 if len(flat) % 3 == 0 else 2)
        if dim not in (2, 3) or len(flat) % dim:
            return np.array([[np.nan, np.nan, np.nan]] * 3)
        xyz = flat.reshape(-1, dim)
        if dim == 2:
            self.dims2 += 1
            xyz = np.column_stack([xyz, np.zeros(len(xyz))])
        return xyz

    def finish(self) -> CityJSONSource:
        src, report = self.src, self.report
        if self.srs:
            src.declared_crs = crs_of_srs_name(self.srs)
        src.coords = np.frombuffer(self.coords, dtype=float).reshape(-1, 3).copy()
        if src.declared_crs and _lat_first(src.declared_crs) and len(src.coords):
            swapped = src.coords[:, [1, 0, 2]]
            if np.abs(swapped[:, 1]).max() <= 90:  # really latitude first
                src.coords = swapped
        if self.other_srs:
            report.warn("geometries declare other CRSs ({crs}) than the file's {main}: all "
                        "were read as {main}", crs=", ".join(sorted(self.other_srs)[:3]),
                        main=self.srs)
        if self.unresolved:
            report.warn("{n} XLinks point outside their building and were not followed",
                        n=self.unresolved)
        if self.dims2:
            report.warn("{n} rings have 2D coordinates: their z was set to 0", n=self.dims2)
        if self.textures:
            report.warn("appearance (materials, textures) ignored")
        if not src.read:
            raise InputError(self.path, "has no city objects: nothing to import")
        return src


def _gml_id(elem: ET.Element) -> str | None:
    for key in _GML_ID:
        v = elem.get(key)
        if v:
            return v
    return None


def _floats(text: str | None) -> np.ndarray:
    try:
        return np.array((text or "").split(), dtype=float)
    except ValueError:
        return np.array([np.nan] * 9)


def _value(kind: type, text: str | None) -> Any:
    if text is None:
        return None
    text = text.strip()
    try:
        if kind is int:
            return int(text)
        if kind is float:
            return float(text)
    except ValueError:
        return text
    return text


def _attributes(obj: ET.Element) -> dict[str, Any]:
    attrs = _own_attributes(obj)
    parts: dict[str, Any] = {}
    for part in _parts(obj):
        parts[_gml_id(part) or f"part {len(parts) + 1}"] = _own_attributes(part)
    if parts:
        attrs["parts"] = parts
    return attrs


def _parts(obj: ET.Element) -> Iterator[ET.Element]:
    for child in obj:
        for sub in child:
            if _local(sub.tag) in _PARTS:
                yield sub
                yield from _parts(sub)


def _own_attributes(obj: ET.Element) -> dict[str, Any]:
    attrs: dict[str, Any] = {}
    for child in obj:
        name = _local(child.tag)
        if name in _BUILDING_ATTRS and len(child) == 0 and (child.text or "").strip():
            value: Any = child.text.strip()  # type: ignore[union-attr]
            if name in ("measuredHeight",):
                value = _value(float, value)
            elif name in ("storeysAboveGround", "storeysBelowGround"):
                value = _value(int, value)
            attrs.setdefault(name, value)
        elif name in _GENERIC:  # CityGML 1.0/2.0: <gen:stringAttribute name="…"><gen:value>
            _generic(attrs, child, _GENERIC[name])
        elif name == "genericAttribute":  # 3.0: <core:genericAttribute><gen:StringAttribute>
            for sub in child:
                if _local(sub.tag) in _GENERIC:
                    _generic(attrs, sub, _GENERIC[_local(sub.tag)])
        elif name in ("genericAttributeSet", "GenericAttributeSet"):
            inner: dict[str, Any] = {}
            for sub in child:
                if _local(sub.tag) in _GENERIC:
                    _generic(inner, sub, _GENERIC[_local(sub.tag)])
            attrs[child.get("name") or "set"] = inner
    return attrs


def _generic(attrs: dict[str, Any], elem: ET.Element, kind: type) -> None:
    key = elem.get("name")
    value = None
    for sub in elem:
        local = _local(sub.tag)
        if local == "name" and not key:
            key = (sub.text or "").strip()
        elif local == "value":
            value = _value(kind, sub.text)
    if key:
        attrs[key] = value
