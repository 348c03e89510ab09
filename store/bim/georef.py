"""Georeferencing of IFC models: where the model's project coordinates lie on the map.

:func:`read_georef` reads, in this order,

1. IFC4 / IFC4X3: the ``IfcMapConversion`` (or ``IfcRigidOperation``) of the "Model"
   ``IfcGeometricRepresentationContext`` (``HasCoordinateOperation``) into an
   ``IfcProjectedCRS``;
2. IFC2X3 (or any schema without 1.): the property sets ``ePSet_MapConversion`` and
   ``ePSet_ProjectedCRS`` of the bSI georeferencing guide, on ``IfcProject`` *or* ``IfcSite``
   (ifcopenshell 0.9's ``util.geolocation`` only looks on the project);
3. ``IfcSite.RefLatitude``/``RefLongitude``/``RefElevation``, projected to the requested map
   CRS or to the point's UTM zone: an approximate placement;
4. nothing: method "none" (the app offers manual placement).

Units. Vertices are in project metres (IFC values x the project length unit). ``GeoRef.scale``
is therefore the factor from project metres to map units. The IFC ``Scale`` is from project
length units to map units, so the expected value is ``unit_scale / map_unit_scale``; a file
that gives the inverse (the buildingSMART ``geographic-referencing-utm.ifc`` sample: 1000 with
mm project and m map units) is corrected, and every correction is written to
``GeoRef.anomalies`` in plain words.

Rotation. ``rotation_deg`` is the angle of the model's x axis from grid east, counter-clockwise,
``atan2(XAxisOrdinate, XAxisAbscissa)``: (0.866, -0.5) is -30 degrees, i.e. 30 degrees
clockwise. The map conversion's vector is about *grid* north and is authoritative.
``TrueNorth`` of the context (geographic north, for sun studies) is never used on top of it;
it is only compared with it (an anomaly when they disagree by more than 1 degree after the
meridian convergence). With lat/lon only, ``TrueNorth`` is all there is: the model is turned so
that its true-north direction points to true north on the map grid, i.e. TrueNorth *plus* the
meridian convergence of the map projection at that point (see :func:`_from_site_latlon`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import ifcopenshell
import ifcopenshell.util.element
import ifcopenshell.util.placement
import ifcopenshell.util.unit
import numpy as np
from pyproj import CRS, Geod, Transformer

from store.bim.model import GeoRef
from store.crs import horizontal, linear_unit_factor, parse_crs, utm_crs_for, vertical
from store.errors import CimviewError, InputError
from store.messages import Message, msg

#: Relative tolerance for "the declared Scale is exactly the unit ratio (or its inverse)".
EXACT = 1e-6
#: A declared Scale within 1 % of the unit ratio is honoured as a grid scale factor (0.9996).
GRID_FACTOR = 0.01
#: IfcSite lat/lon this far from where the map conversion puts the site: an anomaly.
LATLON_MISMATCH_M = 1000.0
#: TrueNorth and the map conversion disagreeing by more than this: an anomaly.
NORTH_MISMATCH_DEG = 1.0
#: A site placed this far from the project origin *and* a map conversion this far from the map
#: origin: probably georeferenced twice (ifc-lite#2526).
TWICE_M = 10_000.0

METHOD_MAP = "IfcMapConversion"
METHOD_RIGID = "IfcRigidOperation"
METHOD_PSET = "ePSet_MapConversion"
METHOD_LATLON = "IfcSite RefLatitude/RefLongitude"
METHOD_NONE = "none"

_WGS84 = CRS.from_epsg(4326)
_GEOD = Geod(ellps="WGS84")
# Map units named in an IFC2X3 ePSet_ProjectedCRS.MapUnit label, in metres.
_UNIT_LABELS = {"METRE": 1.0, "METER": 1.0, "M": 1.0, "MILLIMETRE": 0.001, "MILLIMETER": 0.001,
                "MM": 0.001, "CENTIMETRE": 0.01, "CENTIMETER": 0.01, "FOOT": 0.3048, "FT": 0.3048,
                "US_SURVEY_FOOT": 1200.0 / 3937.0, "US SURVEY FOOT": 1200.0 / 3937.0}


class GeoRefError(InputError):
    """Georeferencing data that contradicts itself in a way cimview cannot resolve (e.g. two
    "Model" contexts with different map conversions). Missing georeferencing is not an
    error: it is method "none"."""

    def __init__(self, problem: str, feature: str | None = None, path: str | None = None,
                 **values: Any):
        super().__init__(path, problem, feature, **values)


@dataclass
class _Conversion:
    """One map conversion as found in the file, before units and CRS are resolved."""

    method: str
    source: str              # the entity that holds it: "IfcProject", "IfcSite", "#12 (Model)"
    what: str                # how to name it in messages: "IfcMapConversion #2"
    eastings: float
    northings: float
    height: float
    xaa: float | None
    xao: float | None
    scale: float | None
    crs_name: str | None
    crs_description: str | None
    map_unit: float | None   # metres per map unit from MapUnit, if given
    map_unit_text: str | None
    factors: tuple[float, float, float] | None = None  # IfcMapConversionScaled

    def key(self) -> tuple[Any, ...]:
        return (round(self.eastings, 6), round(self.northings, 6), round(self.height, 6),
                None if self.xaa is None else round(self.xaa, 9),
                None if self.xao is None else round(self.xao, 9),
                self.scale, (self.crs_name or "").strip(), self.factors)


# -- public API ---------------------------------------------------------------------------------
def read_georef(f: ifcopenshell.file, *, target_crs: str | CRS | None = None) -> GeoRef:
    """How the model in ``f`` is tied to the map (see the module docstring for the order).

    ``target_crs`` is the map CRS wanted when the file gives none itself: the CRS lat/lon-only
    models are projected to (else the UTM zone of the point), and the CRS map coordinates are
    assumed to be in when the file's IfcProjectedCRS has no usable name. Raises
    :class:`GeoRefError` only for contradictions that cannot be resolved."""
    notes: list[str] = []
    unit_scale = _unit_scale(f, notes)
    target = _target_crs(target_crs, notes)
    conv = _from_coordinate_operation(f, notes)
    if conv is None:
        conv = _from_psets(f, notes)
    if conv is not None:
        georef = _apply(f, conv, unit_scale, target_crs, notes)
        if georef is not None:
            _check_wcs(f, notes)
            _check_twice(f, georef, notes)
            _check_site_latlon(f, georef, notes)
            _check_true_north(f, georef, notes)
            return georef
    georef = _from_site_latlon(f, unit_scale, target, notes)
    if georef is not None:
        _check_wcs(f, notes)
        return georef
    return GeoRef(METHOD_NONE, unit_scale=unit_scale, anomalies=notes)


def to_cache(georef: GeoRef, xyz: np.ndarray, cache_crs: str | CRS) -> np.ndarray:
    """Project metres (N, 3) -> cache CRS (x, y, z), float64, vectorised.

    ``georef.to_map`` first (map units), then pyproj from ``georef.map_crs`` to ``cache_crs``
    (horizontal parts, ``always_xy=True``). Heights are passed through unchanged: no vertical
    datum transformation is made (only a map unit other than the metre is converted to
    metres). ``map_crs`` None means the map coordinates are already in the cache CRS.
    Raises :class:`GeoRefError` when pyproj cannot transform the points."""
    out = georef.to_map(xyz)
    if georef.map_crs is None:
        return out
    src = parse_crs(georef.map_crs, what="map CRS")
    dst = horizontal(parse_crs(cache_crs, what="cache CRS"))
    src_h = horizontal(src)
    if src_h != dst:
        tr = Transformer.from_crs(src_h, dst, always_xy=True)
        x, y = tr.transform(out[:, 0], out[:, 1])
        out[:, 0], out[:, 1] = x, y
        if len(out) and not np.isfinite(out[:, :2]).all():
            raise GeoRefError("cannot transform model coordinates from {source} to {target} "
                              "(outside the CRS's area of use?)",
                              source=str(georef.map_crs), target=_crs_text(cache_crs))
    z_unit = _z_unit(src)
    if z_unit != 1.0:
        out[:, 2] *= z_unit
    return out


def origin_in_map(georef: GeoRef) -> tuple[float, float, float]:
    """Where the project origin (0, 0, 0) lies in the map CRS: (E, N, H) in map units."""
    e, n, h = georef.to_map(np.zeros((1, 3)))[0]
    return float(e), float(n), float(h)


def describe(georef: GeoRef) -> dict[str, Any]:
    """The georeferencing as a JSON-ready dict (for the load report and the CLI)."""
    return {
        "method": georef.method,
        "map_crs": georef.map_crs,
        "origin": list(origin_in_map(georef)),
        "rotation_deg": georef.rotation_deg,
        "scale": georef.scale,
        "scale_declared": georef.scale_declared,
        "unit_scale": georef.unit_scale,
        "approximate": georef.approximate,
        "source": georef.source,
        "anomalies": list(georef.anomalies),
    }


# -- 1. IfcMapConversion / IfcRigidOperation ----------------------------------------------------
def _contexts(f: ifcopenshell.file, *, subcontexts: bool = False
              ) -> list[ifcopenshell.entity_instance]:
    """Representation contexts, top-level ones first, then the "Model" ones first."""
    ctx = f.by_type("IfcGeometricRepresentationContext", include_subtypes=subcontexts)
    return sorted(ctx, key=lambda c: (c.is_a("IfcGeometricRepresentationSubContext"),
                                      c.ContextType != "Model", c.id()))


def _from_coordinate_operation(f: ifcopenshell.file, notes: list[str]) -> _Conversion | None:
    if f.schema == "IFC2X3":
        return None
    found: list[tuple[ifcopenshell.entity_instance, _Conversion]] = []
    for ctx in _contexts(f, subcontexts=True):
        for op in getattr(ctx, "HasCoordinateOperation", None) or ():
            conv = _read_operation(op, ctx, notes)
            if conv is not None:
                found.append((ctx, conv))
    if not found:
        for op in f.by_type("IfcCoordinateOperation"):
            if not op.SourceCRS or not op.SourceCRS.is_a("IfcGeometricRepresentationContext"):
                notes.append(msg("{what} does not convert from a representation context (it "
                                 "links two CRSs): ignored", what=f"{op.is_a()} #{op.id()}"))
        return None
    model = [(c, v) for c, v in found if c.ContextType == "Model"]
    if len({v.key() for _, v in model}) > 1:
        raise GeoRefError("the file has several 'Model' representation contexts with different "
                          "map conversions: {conversions}", feature="IfcMapConversion",
                          conversions="; ".join(v.what for _, v in model))
    chosen = (model or found)[0][1]
    for ctx, conv in found:
        if conv.key() != chosen.key():
            notes.append(msg("{what} of the '{context}' context #{id} differs from {chosen}; "
                             "{chosen} was used", what=conv.what, context=str(ctx.ContextType),
                             id=ctx.id(), chosen=chosen.what))
    if not model:
        notes.append(msg("{what} belongs to a '{context}' context, not to the 'Model' one; used "
                         "anyway", what=chosen.what, context=str(found[0][0].ContextType)))
    return chosen


def _read_operation(op: ifcopenshell.entity_instance, ctx: ifcopenshell.entity_instance,
                    notes: list[str]) -> _Conversion | None:
    what = f"{op.is_a()} #{op.id()}"
    crs = op.TargetCRS
    name = desc = unit_text = None
    map_unit = None
    if crs is not None:
        name, desc = crs.Name, crs.Description
        unit = getattr(crs, "MapUnit", None)
        if unit is not None:
            map_unit = float(ifcopenshell.util.unit.get_unit_scale(unit))
            unit_text = ifcopenshell.util.unit.get_full_unit_name(unit)
        if not crs.is_a("IfcProjectedCRS"):
            notes.append(msg("the target CRS of {what} is an {entity}, not an IfcProjectedCRS",
                             what=what, entity=crs.is_a()))
    source = f"#{ctx.id()} ({ctx.ContextType})"
    if op.is_a("IfcMapConversion"):
        factors = None
        if op.is_a("IfcMapConversionScaled"):
            factors = (float(op.FactorX), float(op.FactorY), float(op.FactorZ))
        return _Conversion(METHOD_MAP, source, what, _num(op.Eastings, what, "Eastings"),
                           _num(op.Northings, what, "Northings"),
                           _num(op.OrthogonalHeight, what, "OrthogonalHeight"),
                           op.XAxisAbscissa, op.XAxisOrdinate, op.Scale, name, desc, map_unit,
                           unit_text, factors)
    if op.is_a("IfcRigidOperation"):
        first, second = op.FirstCoordinate, op.SecondCoordinate
        if not (first.is_a("IfcLengthMeasure") and second.is_a("IfcLengthMeasure")):
            notes.append(msg("{what} gives plane angles (a geographic CRS): not supported, "
                             "ignored", what=what))
            return None
        return _Conversion(METHOD_RIGID, source, what, _num(first.wrappedValue, what, "First"),
                           _num(second.wrappedValue, what, "Second"),
                           _num(op.Height, what, "Height"), None, None, None, name, desc,
                           map_unit, unit_text)
    notes.append(msg("{what} is not a map conversion cimview knows: ignored", what=what))
    return None


# -- 2. ePSet_MapConversion / ePSet_ProjectedCRS --------------------------------------------------
def _from_psets(f: ifcopenshell.file, notes: list[str]) -> _Conversion | None:
    holders = [*f.by_type("IfcProject"), *f.by_type("IfcSite")]
    convs = [(h, p) for h in holders
             if (p := ifcopenshell.util.element.get_pset(h, "ePSet_MapConversion"))]
    if not convs:
        return None
    crss = [(h, p) for h in holders
            if (p := ifcopenshell.util.element.get_pset(h, "ePSet_ProjectedCRS"))]
    keys = {tuple(sorted((k, v) for k, v in p.items() if k != "id")) for _, p in convs}
    if len(keys) > 1:
        raise GeoRefError("ePSet_MapConversion is given more than once with different values "
                          "({holders})", feature="ePSet_MapConversion",
                          holders=", ".join(f"{h.is_a()} #{h.id()}" for h, _ in convs))
    holder, conv = convs[0]
    what = f"ePSet_MapConversion of {holder.is_a()} #{holder.id()}"
    for k in ("Eastings", "Northings", "OrthogonalHeight"):
        if conv.get(k) is None:
            notes.append(msg("{what} has no {attribute}: 0 assumed", what=what, attribute=k))
    name = desc = unit_text = None
    map_unit = None
    if crss:
        crs = crss[0][1]
        if len({str(p.get("Name")) for _, p in crss}) > 1:
            notes.append(msg("ePSet_ProjectedCRS is given more than once with different names; "
                             "the one on {holder} was used",
                             holder=f"{crss[0][0].is_a()} #{crss[0][0].id()}"))
        name, desc = crs.get("Name"), crs.get("Description")
        raw = crs.get("MapUnit")
        if isinstance(raw, ifcopenshell.entity_instance):
            map_unit = float(ifcopenshell.util.unit.get_unit_scale(raw))
            unit_text = ifcopenshell.util.unit.get_full_unit_name(raw)
        elif isinstance(raw, str) and raw.strip():
            unit_text = raw.strip()
            map_unit = _UNIT_LABELS.get(unit_text.upper())
            if map_unit is None:
                notes.append(msg("ePSet_ProjectedCRS MapUnit {unit!r} is not understood: "
                                 "ignored", unit=raw))
    else:
        notes.append(msg("{what} has no ePSet_ProjectedCRS beside it: the map CRS is unknown",
                         what=what))
    return _Conversion(METHOD_PSET, holder.is_a(), what,
                       _num(conv.get("Eastings"), what, "Eastings"),
                       _num(conv.get("Northings"), what, "Northings"),
                       _num(conv.get("OrthogonalHeight"), what, "OrthogonalHeight"),
                       conv.get("XAxisAbscissa"), conv.get("XAxisOrdinate"), conv.get("Scale"),
                       name, desc, map_unit, unit_text)


# -- resolving a conversion: CRS, map unit, rotation, scale -------------------------------------
def _apply(f: ifcopenshell.file, conv: _Conversion, unit_scale: float,
           target_crs: str | CRS | None, notes: list[str]) -> GeoRef | None:
    crs, label = _map_crs(conv, target_crs, notes)
    if crs is not None and not horizontal(crs).is_projected:
        notes.append(msg("the map CRS {crs} of {what} is not a projected CRS: a map conversion "
                         "into it cannot be applied; ignored", crs=label, what=conv.what))
        return None
    map_unit = _map_unit(conv, crs, label, notes)
    rotation = _rotation(conv, notes)
    if conv.method == METHOD_RIGID:
        scale, declared = 1.0 / map_unit, None
    else:
        declared = None if conv.scale is None else float(conv.scale)
        scale = _scale_used(declared, unit_scale, map_unit, f"{conv.what} Scale", notes)
    if conv.factors is not None:
        fx, fy, fz = conv.factors
        if not math.isclose(fx, fy, rel_tol=EXACT):
            notes.append(msg("{what} has FactorX {fx:g} and FactorY {fy:g}: their mean was used "
                             "for both axes", what=conv.what, fx=fx, fy=fy))
        factor = (fx + fy) / 2.0
        if not math.isclose(fz, factor, rel_tol=EXACT):
            notes.append(msg("{what} has FactorZ {fz:g}: heights were scaled by {factor:g} like "
                             "the plan", what=conv.what, fz=fz, factor=factor))
        scale *= factor
    return GeoRef(conv.method, map_crs=label, eastings=conv.eastings, northings=conv.northings,
                  orthogonal_height=conv.height, rotation_deg=rotation, scale=scale,
                  scale_declared=declared, unit_scale=unit_scale, source=conv.source,
                  anomalies=notes)


def _map_crs(conv: _Conversion, target_crs: str | CRS | None, notes: list[str]
             ) -> tuple[CRS | None, str | None]:
    """The map CRS named by the conversion: (pyproj CRS, label) or (None, None)."""
    name = (conv.crs_name or "").strip()
    text = name
    if name.upper() == "WKT" and conv.crs_description:
        text = conv.crs_description.strip()
    target = None if target_crs is None else _crs_text(target_crs)
    if not text:
        notes.append(_empty_crs_name(conv, target))
        return None, None
    try:
        crs = parse_crs(text, what="map CRS")
    except CimviewError:
        notes.append(_unknown_crs_name(conv, name, target))
        return None, None
    code = crs.to_epsg(min_confidence=100)
    return crs, (f"EPSG:{code}" if code else text)


def _empty_crs_name(conv: _Conversion, target: str | None) -> Message:
    """The note on a map conversion whose CRS has an empty name; ``target``: the CRS asked for."""
    if conv.method == METHOD_PSET:
        if target is not None:
            return msg("ePSet_ProjectedCRS has an empty name: the map CRS is unknown; the map "
                       "coordinates were taken to be in {crs}, the CRS asked for", crs=target)
        return msg("ePSet_ProjectedCRS has an empty name: the map CRS is unknown; the map "
                   "coordinates are taken to be in the cache CRS")
    if target is not None:
        return msg("the IfcProjectedCRS of {what} has an empty name: the map CRS is unknown; the "
                   "map coordinates were taken to be in {crs}, the CRS asked for",
                   what=conv.what, crs=target)
    return msg("the IfcProjectedCRS of {what} has an empty name: the map CRS is unknown; the map "
               "coordinates are taken to be in the cache CRS", what=conv.what)


def _unknown_crs_name(conv: _Conversion, name: str, target: str | None) -> Message:
    """The note on a map CRS name pyproj does not know; ``target``: the CRS asked for."""
    if target is not None:
        return msg("the map CRS name {name!r} of {what} is not a CRS pyproj knows; the map "
                   "coordinates were taken to be in {crs}, the CRS asked for",
                   name=name, what=conv.what, crs=target)
    return msg("the map CRS name {name!r} of {what} is not a CRS pyproj knows; the map "
               "coordinates are taken to be in the cache CRS", name=name, what=conv.what)


def _map_unit(conv: _Conversion, crs: CRS | None, label: str | None, notes: list[str]) -> float:
    """Metres per map unit: the CRS's axis unit, else MapUnit, else the metre."""
    if crs is not None:
        unit = linear_unit_factor(crs)
        if conv.map_unit is not None and not math.isclose(conv.map_unit, unit, rel_tol=EXACT):
            notes.append(msg("MapUnit {unit} contradicts {crs}, whose axes are in units of "
                             "{metres:g} m; the CRS's unit was used",
                             unit=str(conv.map_unit_text), crs=label, metres=unit))
        return unit
    if conv.map_unit is not None:
        return conv.map_unit
    notes.append(msg("no map unit is known for {what}: the metre was assumed", what=conv.what))
    return 1.0


def _rotation(conv: _Conversion, notes: list[str]) -> float:
    """Degrees counter-clockwise from grid east to the model's x axis."""
    if conv.xaa is None and conv.xao is None:
        return 0.0
    a, o = float(conv.xaa or 0.0), float(conv.xao or 0.0)
    if not (math.isfinite(a) and math.isfinite(o)) or math.hypot(a, o) == 0.0:
        notes.append(msg("{what} has the x axis vector ({a:g}, {o:g}): no rotation assumed",
                         what=conv.what, a=a, o=o))
        return 0.0
    return math.degrees(math.atan2(o, a))


def _scale_used(declared: float | None, unit_scale: float, map_unit: float, what: str,
                notes: list[str]) -> float:
    """GeoRef.scale (project metres -> map units) from the declared IFC Scale (project length
    units -> map units). See the module docstring; every correction is noted."""
    correct = 1.0 / map_unit
    expected = unit_scale / map_unit          # the IFC Scale that matches the units
    differ = not math.isclose(unit_scale, map_unit, rel_tol=1e-9)
    values = {"what": what, "project_unit": _unit_text(unit_scale),
              "map_unit": _unit_text(map_unit), "expected": expected,
              "too_large": 1.0 / expected}
    if declared is None:
        if differ:
            notes.append(msg("{what} is not given, with project unit {project_unit} and map unit "
                             "{map_unit}: the unit conversion {expected:g} was taken as implied, "
                             "as exporters intend (IFC's default of 1, applied literally, would "
                             "make the model {too_large:g} times too large)", **values))
        return correct
    values["declared"] = declared
    if not math.isfinite(declared) or declared <= 0.0:
        notes.append(msg("{what} is {declared:g}, which cannot be a scale (project unit "
                         "{project_unit} and map unit {map_unit}): ignored, {expected:g} used",
                         **values))
        return correct
    ratio = declared / expected
    if abs(ratio - 1.0) <= EXACT:
        return correct
    if abs(ratio - 1.0) <= GRID_FACTOR:
        return declared / unit_scale          # a grid scale factor on top of the units
    if differ and abs(declared - 1.0) <= GRID_FACTOR:
        notes.append(msg("{what} is {declared:g}, with project unit {project_unit} and map unit "
                         "{map_unit}: the unit conversion {expected:g} was taken as implied, as "
                         "exporters intend (applied literally, it would make the model "
                         "{too_large:g} times too large)", **values))
        return declared / map_unit
    if differ and abs(declared * expected - 1.0) <= GRID_FACTOR:
        notes.append(msg("{what} is {declared:g}, but project unit {project_unit} and map unit "
                         "{map_unit} need {expected:g} ({declared:g} is its inverse); applied "
                         "literally, 1 m of the model would become {length} on the map. Used "
                         "{expected:g}: 1 project metre = 1 metre on the map",
                         length=_length_text(declared / unit_scale * map_unit), **values))
        return correct
    notes.append(msg("{what} is {declared:g}, which does not fit project unit {project_unit} and "
                     "map unit {map_unit} (expected {expected:g}): ignored, {expected:g} used",
                     **values))
    return correct


# -- 3. IfcSite RefLatitude / RefLongitude --------------------------------------------------------
def _from_site_latlon(f: ifcopenshell.file, unit_scale: float, target: CRS | None,
                      notes: list[str]) -> GeoRef | None:
    """Approximate placement from the site's lat/lon (WGS 84), elevation and TrueNorth.

    True north vs grid north: ``TrueNorth`` says where geographic north points in project
    coordinates (default: +y). On a projected map grid, geographic north is turned from grid
    north by the meridian convergence of that point. The model is rotated so that its
    true-north direction lands on the direction of geographic north *in the grid*, which pyproj
    gives by projecting the point and a point a little north of it; so the convergence is
    included, not ignored. The grid scale factor of the projection is not applied (scale 1:
    project metres are taken as grid metres)."""
    site = next((s for s in f.by_type("IfcSite") if s.RefLatitude and s.RefLongitude), None)
    if site is None:
        return None
    what = f"IfcSite #{site.id()}"
    lat = _compound_angle(site.RefLatitude, f"{what} RefLatitude", notes)
    lon = _compound_angle(site.RefLongitude, f"{what} RefLongitude", notes)
    if lat == 0.0 and lon == 0.0:
        notes.append(msg("{what} has RefLatitude/RefLongitude 0°, 0° (an exporter default): "
                         "not used", what=what))
        return None
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        notes.append(msg("{what} has RefLatitude {lat:g}° / RefLongitude {lon:g}°, outside the "
                         "globe: not used", what=what, lat=lat, lon=lon))
        return None
    crs = target if target is not None else utm_crs_for(lon, lat)
    code = crs.to_epsg(min_confidence=100)
    label = f"EPSG:{code}" if code else crs.to_wkt()
    map_unit = linear_unit_factor(crs)
    tr = Transformer.from_crs(_WGS84, crs, always_xy=True)
    e, n = tr.transform(lon, lat)
    e2, n2 = tr.transform(lon, min(lat + 1e-4, 90.0))
    if not all(map(math.isfinite, (e, n, e2, n2))):
        notes.append(msg("{what} lat/lon {lat:.6f}°, {lon:.6f}° cannot be projected to {crs}: "
                         "not used", what=what, lat=lat, lon=lon, crs=label))
        return None
    north_grid = math.degrees(math.atan2(n2 - n, e2 - e))   # geographic north, in the grid
    north_model = _true_north(f, notes)                     # geographic north, in the model
    rotation = _wrap(north_grid - (90.0 if north_model is None else north_model))
    elevation = float(site.RefElevation or 0.0) * unit_scale
    georef = GeoRef(METHOD_LATLON, map_crs=label, rotation_deg=rotation, scale=1.0 / map_unit,
                    unit_scale=unit_scale, approximate=True, source="IfcSite", anomalies=notes)
    # The lat/lon and elevation are those of the site's origin, which may not be the project's.
    at = georef.to_map(_placement_origin(site, unit_scale)[None, :])[0]
    georef.eastings = e - at[0]
    georef.northings = n - at[1]
    georef.orthogonal_height = elevation / map_unit - at[2]
    notes.append(msg("placed from {what} RefLatitude {lat:.7f}° / RefLongitude {lon:.7f}°, "
                     "projected to {crs}: approximate (the file has no map conversion; the "
                     "lat/lon is often rounded or an exporter's default location)",
                     what=what, lat=lat, lon=lon, crs=label))
    if site.RefElevation is None:
        notes.append(msg("{what} has no RefElevation: height 0 assumed", what=what))
    if north_model is None:
        notes.append(msg("no TrueNorth: project +y taken as north"))
    return georef


def _compound_angle(value: Any, what: str, notes: list[str]) -> float:
    """Degrees from an IfcCompoundPlaneAngleMeasure (degrees, minutes, seconds[, millionths]).

    All parts carry the sign (-71, -3, -35, -194702); mixed signs are read with the sign of
    the first non-zero part, and noted."""
    parts = [float(p) for p in value][:4]
    parts += [0.0] * (4 - len(parts))
    signs = {math.copysign(1.0, p) for p in parts if p != 0.0}
    sign = next((math.copysign(1.0, p) for p in parts if p != 0.0), 1.0)
    if len(signs) > 1:
        angle = str(tuple(value))
        notes.append(msg("{what} {angle} mixes signs: read as negative throughout", what=what,
                         angle=angle) if sign < 0 else
                     msg("{what} {angle} mixes signs: read as positive throughout", what=what,
                         angle=angle))
    d, m, s, us = (abs(p) for p in parts)
    if m >= 60 or s >= 60 or us >= 1e6:
        notes.append(msg("{what} {angle} has minutes, seconds or millionths out of range",
                         what=what, angle=str(tuple(value))))
    return sign * (d + m / 60.0 + s / 3600.0 + us / 3.6e9)


# -- checks -------------------------------------------------------------------------------------
def _check_wcs(f: ifcopenshell.file, notes: list[str]) -> None:
    for ctx in _contexts(f)[:1]:
        wcs = ctx.WorldCoordinateSystem
        if wcs is None or not wcs.is_a("IfcAxis2Placement3D"):
            continue
        m = ifcopenshell.util.placement.get_axis2placement(wcs)
        if not np.allclose(m, np.eye(4), atol=1e-9):
            x, y, z = (round(float(v), 3) for v in m[:3, 3])
            notes.append(msg("the WorldCoordinateSystem of context #{context} is not the "
                             "identity (origin ({x}, {y}, {z})); it was not applied",
                             context=ctx.id(), x=x, y=y, z=z))


def _check_twice(f: ifcopenshell.file, georef: GeoRef, notes: list[str]) -> None:
    """A site already at map coordinates plus a map-scale offset: georeferenced twice?"""
    if math.hypot(georef.eastings, georef.northings) * _map_unit_of(georef) < TWICE_M:
        return
    for site in f.by_type("IfcSite"):
        p = _placement_origin(site, georef.unit_scale)
        if math.hypot(p[0], p[1]) >= TWICE_M:
            notes.append(msg("IfcSite #{site} is placed {distance} from the project origin and "
                             "the map conversion adds map-scale eastings/northings ({eastings:.1f}"
                             ", {northings:.1f}): the model may be georeferenced twice; not "
                             "corrected", site=site.id(),
                             distance=_length_text(math.hypot(*p[:2])),
                             eastings=float(georef.eastings), northings=float(georef.northings)))
            return


def _check_site_latlon(f: ifcopenshell.file, georef: GeoRef, notes: list[str]) -> None:
    """IfcSite lat/lon against the map conversion: report where they disagree."""
    crs = _parsed(georef.map_crs)
    if crs is None:
        return
    for site in f.by_type("IfcSite"):
        if not (site.RefLatitude and site.RefLongitude):
            continue
        quiet: list[str] = []
        lat = _compound_angle(site.RefLatitude, "", quiet)
        lon = _compound_angle(site.RefLongitude, "", quiet)
        if lat == 0.0 and lon == 0.0:
            return
        e, n, _ = georef.to_map(_placement_origin(site, georef.unit_scale)[None, :])[0]
        tr = Transformer.from_crs(horizontal(crs), _WGS84, always_xy=True)
        lon2, lat2 = tr.transform(e, n)
        if not (math.isfinite(lon2) and math.isfinite(lat2)):
            return
        dist = _GEOD.inv(lon, lat, lon2, lat2)[2]
        if dist > LATLON_MISMATCH_M:
            notes.append(msg("IfcSite #{site} RefLatitude/RefLongitude ({lat:.5f}°, {lon:.5f}°) "
                             "is {distance} from where the map conversion puts the site "
                             "({lat2:.5f}°, {lon2:.5f}°); the map conversion was used",
                             site=site.id(), lat=lat, lon=lon, distance=_length_text(dist),
                             lat2=float(lat2), lon2=float(lon2)))
        return


def _check_true_north(f: ifcopenshell.file, georef: GeoRef, notes: list[str]) -> None:
    """TrueNorth (if given) against the map conversion's rotation plus meridian convergence."""
    crs = _parsed(georef.map_crs)
    if crs is None:
        return
    quiet: list[str] = []
    north_model = _true_north(f, quiet)
    if north_model is None:
        return
    h = horizontal(crs)
    e, n, _ = origin_in_map(georef)
    lon, lat = Transformer.from_crs(h, _WGS84, always_xy=True).transform(e, n)
    fwd = Transformer.from_crs(_WGS84, h, always_xy=True)
    e1, n1 = fwd.transform(lon, lat)
    e2, n2 = fwd.transform(lon, min(lat + 1e-4, 90.0))
    if not all(map(math.isfinite, (e1, n1, e2, n2))):
        return
    north_grid = math.degrees(math.atan2(n2 - n1, e2 - e1))
    diff = _wrap(georef.rotation_deg + north_model - north_grid)
    if abs(diff) > NORTH_MISMATCH_DEG:
        notes.append(msg("the context's TrueNorth disagrees with the map conversion's rotation "
                         "by {angle:.2f}° (after the meridian convergence); the map conversion "
                         "was used", angle=diff))


# -- helpers ------------------------------------------------------------------------------------
def _unit_scale(f: ifcopenshell.file, notes: list[str]) -> float:
    try:
        u = float(ifcopenshell.util.unit.calculate_unit_scale(f))
    except Exception as exc:  # a broken unit assignment: say so, carry on in metres
        notes.append(msg("the project length unit cannot be read ({error}): the metre assumed",
                         error=str(exc)))
        return 1.0
    if not math.isfinite(u) or u <= 0.0:
        notes.append(msg("the project length unit is {metres:g} m: the metre assumed", metres=u))
        return 1.0
    return u


def _target_crs(target_crs: str | CRS | None, notes: list[str]) -> CRS | None:
    """The horizontal, projected part of target_crs for lat/lon placement, else None."""
    if target_crs is None:
        return None
    h = horizontal(parse_crs(target_crs, what="target CRS"))
    if not h.is_projected:
        notes.append(msg("the target CRS {crs} is not projected: lat/lon placement would use "
                         "the point's UTM zone", crs=_crs_text(target_crs)))
        return None
    return h


def _true_north(f: ifcopenshell.file, notes: list[str]) -> float | None:
    """Direction of geographic north in project coordinates, degrees from +x (90 = +y)."""
    for ctx in _contexts(f):
        tn = ctx.TrueNorth
        if tn is None:
            continue
        r = [float(v) for v in tn.DirectionRatios]
        if len(r) >= 3 and abs(r[2]) > 1e-9:
            notes.append(msg("TrueNorth {ratios} of context #{context} is not horizontal: "
                             "ignored", ratios=str(tuple(r)), context=ctx.id()))
            return None
        if math.hypot(r[0], r[1]) == 0.0:
            notes.append(msg("TrueNorth of context #{context} is a zero vector: ignored",
                             context=ctx.id()))
            return None
        return math.degrees(math.atan2(r[1], r[0]))
    return None


def _placement_origin(product: ifcopenshell.entity_instance, unit_scale: float) -> np.ndarray:
    """The product's placement origin in project metres."""
    if product.ObjectPlacement is None:
        return np.zeros(3)
    try:
        m = ifcopenshell.util.placement.get_local_placement(product.ObjectPlacement)
    except Exception:  # a placement ifcopenshell cannot resolve (linear placement, ...)
        return np.zeros(3)
    return np.asarray(m[:3, 3], dtype=np.float64) * unit_scale


def _num(value: Any, what: str, attr: str) -> float:
    if value is None:
        return 0.0
    v = float(value)
    if not math.isfinite(v):
        raise GeoRefError("{what} {attribute} is {value}", feature=what, what=what,
                          attribute=attr, value=v)
    return v


def _parsed(name: str | None) -> CRS | None:
    if name is None:
        return None
    try:
        return parse_crs(name, what="map CRS")
    except CimviewError:
        return None


def _map_unit_of(georef: GeoRef) -> float:
    crs = _parsed(georef.map_crs)
    return linear_unit_factor(crs) if crs is not None else 1.0


def _z_unit(crs: CRS) -> float:
    """Metres per unit of the map CRS's heights (its vertical part, else its plan unit)."""
    v = vertical(crs)
    axis = (v or horizontal(crs)).axis_info
    return float(axis[-1].unit_conversion_factor or 1.0) if axis else 1.0


def _wrap(deg: float) -> float:
    """An angle in (-180, 180]."""
    w = math.fmod(deg, 360.0)
    if w <= -180.0:
        w += 360.0
    elif w > 180.0:
        w -= 360.0
    return w


def _unit_text(metres: float) -> str:
    for value, name in ((1.0, "m"), (0.001, "mm"), (0.01, "cm"), (0.3048, "ft"),
                        (1200.0 / 3937.0, "US survey ft"), (0.0254, "in")):
        if math.isclose(metres, value, rel_tol=1e-9):
            return name
    return f"{metres:g} m"


def _length_text(metres: float) -> str:
    return f"{metres / 1000.0:,.0f} km" if metres >= 10_000.0 else f"{metres:,.1f} m"


def _crs_text(crs: str | CRS | None) -> str:
    if isinstance(crs, CRS):
        code = crs.to_epsg(min_confidence=100)
        return f"EPSG:{code}" if code else crs.name
    return str(crs)
