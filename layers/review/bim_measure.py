"""What the planning checks measure on the BIM: height, floor area, storey outlines, green areas.

Values come from the IFC (read again with ifcopenshell for quantities and properties) and from
its tessellated geometry in the cache CRS (:attr:`ReviewContext.map_vertices`). Which classes
count and which names mean "green" are the rule set's ``params``; each function says how it got
its number (``source``), so the report can name it.

Example
-------
>>> h = building_height(ctx, rule.params)                            # doctest: +SKIP
>>> round(h.value, 2), h.source
(33.52, 'entrance')
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from layers.review.context import ReviewContext
from layers.terrain import dem_grid, terrain_heights
from store.errors import InputError
from store.messages import Message, msg

#: Classes that are not the building's mass (as in :data:`layers.bim.NOT_MASS`).
NOT_MASS = ("IfcSite", "IfcGeographicElement", "IfcAnnotation", "IfcGrid", "IfcVirtualElement",
            "IfcOpeningElement", "IfcSpace")
#: Above this many triangles a storey's outline is the union of per-element convex hulls.
MAX_EXACT_TRIANGLES = 200_000


@dataclass
class Measured:
    """A measured value, how it was obtained (``source`` a code the report words), and the rows
    and notes behind it."""

    value: float | None
    source: str = ""
    details: list[dict[str, Any]] = field(default_factory=list)
    notes: list[Message] = field(default_factory=list)
    location: tuple[float, float, float] | None = None
    elements: list[str] = field(default_factory=list)


#: Where a gross floor area came from, as the report's parameter table names it.
GFA_SOURCES = {"qto_building": "Qto_BuildingBaseQuantities.GrossFloorArea",
               "qto_storeys": "Qto_BuildingStoreyBaseQuantities.GrossFloorArea",
               "spaces": "IfcSpace Qto_SpaceBaseQuantities", "slabs": "IfcSlab outlines"}


def source_text(params: dict[str, Any], key: str, default: str = "") -> str:
    """The rule set's own words for where a parameter comes from (``params["sources"]``)."""
    sources = params.get("sources")
    return str(sources.get(key, default)) if isinstance(sources, dict) else default


# -- the IFC file ----------------------------------------------------------------------------------
def ifc_file(ctx: ReviewContext) -> Any:
    """The IFC opened with ifcopenshell, once per review (kept in ``ctx.outputs["ifc"]``).

    Raises InputError when the file is not the one loaded (its SHA-256 changed)."""
    f = ctx.outputs.get("ifc")
    if f is not None:
        return f
    import ifcopenshell

    path = Path(ctx.ifc_path)
    try:
        digest = _sha256(path)
    except OSError as exc:
        raise InputError(path, "the model cannot be read: {error}",
                         error=exc.strerror or str(exc)) from exc
    if ctx.model.sha256 and digest != ctx.model.sha256:
        raise InputError(path, "the file has changed since it was loaded: open it again")
    try:
        f = ifcopenshell.open(str(path))
    except Exception as exc:  # ifcopenshell raises plain errors for a broken file
        raise InputError(path, "the model cannot be read: {error}", error=str(exc)) from exc
    ctx.outputs["ifc"] = f
    return f


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def psets(entity: Any) -> dict[str, dict[str, Any]]:
    """An entity's property and quantity sets by name (ifcopenshell.util.element)."""
    import ifcopenshell.util.element

    return ifcopenshell.util.element.get_psets(entity)


def is_a(entity: Any, classes: Iterable[str]) -> bool:
    return any(entity.is_a(c) for c in classes)


def placement_notes(ctx: ReviewContext) -> list[Message]:
    """A note when the model's place on the map is approximate or set by hand: distances to
    the red line and to neighbours are only as good as that placement."""
    g = ctx.model.georef
    if g.approximate or g.method in ("manual", "none"):
        return [msg("the model is placed by {method}: distances on the map are only as good "
                    "as that placement", method=g.method)]
    return []


# -- geometry helpers ----------------------------------------------------------------------------
def triangles_of(ctx: ReviewContext, keep: np.ndarray) -> np.ndarray:
    """The (T, 3, 3) map-CRS corners of the triangles where ``keep`` (a bool per triangle)."""
    g = ctx.model.geometry
    if not len(g.triangles) or not keep.any():
        return np.zeros((0, 3, 3))
    return ctx.map_vertices[g.triangles[keep]]


def element_mask(ctx: ReviewContext, pred: Any) -> np.ndarray:
    """A bool per triangle: its element satisfies ``pred(Element)``."""
    g = ctx.model.geometry
    ids = np.unique(g.element_of_triangle)
    ok = {int(i) for i in ids if (e := ctx.model.elements.get(int(i))) is not None and pred(e)}
    return np.isin(g.element_of_triangle, list(ok)) if ok else np.zeros(len(g.triangles), bool)


def plan_area(tris: np.ndarray) -> shapely.Geometry:
    """The plan outline (union of the horizontal projections) of (T, 3, 3) triangles."""
    if not len(tris):
        return shapely.Polygon()
    xy = tris[:, :, :2]
    twice = np.abs((xy[:, 1, 0] - xy[:, 0, 0]) * (xy[:, 2, 1] - xy[:, 0, 1])
                   - (xy[:, 2, 0] - xy[:, 0, 0]) * (xy[:, 1, 1] - xy[:, 0, 1]))
    xy = xy[twice > 1e-6]
    if not len(xy):
        return shapely.Polygon()
    if len(xy) > MAX_EXACT_TRIANGLES:
        return shapely.convex_hull(shapely.multipoints(xy.reshape(-1, 2)))
    rings = np.concatenate([xy, xy[:, :1]], axis=1)
    polys = shapely.polygons(rings)
    return shapely.union_all(polys, grid_size=0.001)


# -- height --------------------------------------------------------------------------------------
def building_height(ctx: ReviewContext, params: dict[str, Any]) -> Measured:
    """Height per GB 50352-2019 §4.5.2: from the outdoor ground at the entrance (the cache DEM
    at the external doors of the entrance storey; the lowest when there are several) to the top
    of the classes in ``params["top_classes"]`` (roof, parapet).

    ``params``: ``top_classes``, ``exclude_names`` (rooftop plant etc., not counted),
    ``door_classes``, ``entrance`` ("lowest" or "highest" door ground)."""
    g = ctx.model.geometry
    top_classes = tuple(params.get("top_classes") or ("IfcRoof", "IfcSlab", "IfcWall",
                                                       "IfcRailing"))
    exclude = tuple(params.get("exclude_names") or ())
    f = ifc_file(ctx)

    def counts(e: Any) -> bool:
        if not any(_ifc_is(f, e.id, c) for c in top_classes):
            return False
        return not any(k in (e.name or "") for k in exclude)

    tris = triangles_of(ctx, element_mask(ctx, counts))
    if not len(tris):
        raise InputError(ctx.ifc_path, "the model has no roof or parapet ({classes}) to measure "
                         "its height to", classes=", ".join(top_classes))
    top_idx = np.unravel_index(np.argmax(tris[:, :, 2]), tris.shape[:2])
    top = tris[top_idx]
    top_z = float(top[2])
    ground, how, doors = entrance_ground(ctx, params)
    notes: list[Message] = []
    if how == "footprint":
        notes.append(msg("no external door on the entrance storey: the height is measured from "
                         "the lowest ground along the footprint"))
    value = top_z - ground
    details = [{"what": "top", "z": round(top_z, 3),
                "element": _guid_at(ctx, g, counts, top_z)},
               *({"what": "entrance", "guid": d["guid"], "name": d["name"],
                  "ground_z": round(d["ground_z"], 3)} for d in doors)]
    if how == "footprint":
        details.append({"what": "ground", "ground_z": round(ground, 3)})
    return Measured(value=round(value, 3), source=how, details=details, notes=notes,
                    location=(float(top[0]), float(top[1]), top_z))


def _ifc_is(f: Any, step_id: int, cls: str) -> bool:
    try:
        return bool(f.by_id(step_id).is_a(cls))
    except RuntimeError:
        return False


def _guid_at(ctx: ReviewContext, g: Any, pred: Any, z: float) -> str:
    keep = element_mask(ctx, pred)
    tz = ctx.map_vertices[g.triangles[keep]][:, :, 2].max(axis=1)
    owner = g.element_of_triangle[keep][int(np.argmax(tz))]
    return ctx.model.elements[int(owner)].guid


def entrance_ground(ctx: ReviewContext, params: dict[str, Any]
                    ) -> tuple[float, str, list[dict[str, Any]]]:
    """The outdoor ground level at the entrance: the DEM at each external door (Pset_DoorCommon
    IsExternal) on the entrance storey (Pset_BuildingStoreyCommon EntranceLevel, else the
    lowest storey with external doors); ``params["entrance"]`` picks the lowest (default) or
    highest. Without such doors, the lowest ground along the footprint (``how`` "footprint").

    Returns (ground z, how: "entrance" or "footprint", the doors used)."""
    f = ifc_file(ctx)
    g = ctx.model.geometry
    grid = dem_grid(ctx.cache)
    door_classes = tuple(params.get("door_classes") or ("IfcDoor",))
    doors = []
    for e in ctx.model.elements.values():
        ent = f.by_id(e.id) if e.id else None
        if ent is None or not is_a(ent, door_classes):
            continue
        common = psets(ent).get("Pset_DoorCommon", {})
        if common.get("IsExternal") is not True:
            continue
        tri = g.element_of_triangle == e.id
        if not tri.any():
            continue
        pts = ctx.map_vertices[np.unique(g.triangles[tri])]
        doors.append({"id": e.id, "guid": e.guid, "name": e.name or "", "storey": e.storey,
                      "xy": pts[:, :2].mean(axis=0), "sill": float(pts[:, 2].min())})
    entrance = _entrance_storeys(f, ctx, doors)
    doors = [d for d in doors if d["storey"] in entrance] if entrance else doors
    if doors and grid is not None:
        xy = np.array([d["xy"] for d in doors])
        z = terrain_heights(grid, xy[:, 0], xy[:, 1], method="bilinear", outside=np.nan)
        for d, zi in zip(doors, z, strict=True):
            d["ground_z"] = float(zi)
        doors = [d for d in doors if np.isfinite(d["ground_z"])]
    elif doors:
        raise InputError(ctx.cache.path, "the cache has no terrain (DEM) to measure the ground "
                         "at the entrance")
    if doors:
        pick = max if params.get("entrance") == "highest" else min
        door = pick(doors, key=lambda d: d["ground_z"])
        return door["ground_z"], "entrance", [door]
    xy = shapely.get_coordinates(shapely.segmentize(ctx.footprint.boundary, 1.0))
    if grid is None or not len(xy):
        raise InputError(ctx.cache.path, "the cache has no terrain (DEM) to measure the ground "
                         "at the entrance")
    z = terrain_heights(grid, xy[:, 0], xy[:, 1], method="bilinear", outside=np.nan)
    if not np.isfinite(z).any():
        raise InputError(ctx.cache.path, "the terrain (DEM) does not cover the model")
    return float(np.nanmin(z)), "footprint", []


def _entrance_storeys(f: Any, ctx: ReviewContext, doors: list[dict[str, Any]]) -> set[int]:
    flagged = {e.id for e in ctx.model.elements.values() if e.ifc_class == "IfcBuildingStorey"
               and psets(f.by_id(e.id)).get("Pset_BuildingStoreyCommon", {})
               .get("EntranceLevel") is True}
    if flagged:
        return flagged
    if not doors:
        return set()
    lowest = min(doors, key=lambda d: d["sill"])
    return {lowest["storey"]}


# -- storeys, floor area -------------------------------------------------------------------------
def storeys(ctx: ReviewContext) -> list[dict[str, Any]]:
    """The storeys bottom up: {"id", "guid", "name", "elevation"} (IFC Elevation in project
    metres, or the lowest z of its elements when not set)."""
    f = ifc_file(ctx)
    g = ctx.model.geometry
    out = []
    for e in ctx.model.elements.values():
        if e.ifc_class != "IfcBuildingStorey":
            continue
        elevation = getattr(f.by_id(e.id), "Elevation", None)
        if elevation is None:
            ids = [i for i, x in ctx.model.elements.items() if x.storey == e.id]
            tri = np.isin(g.element_of_triangle, ids)
            elevation = float(g.vertices[g.triangles[tri]][:, :, 2].min()) if tri.any() else 0.0
        out.append({"id": e.id, "guid": e.guid, "name": e.name or "",
                    "elevation": float(elevation)})
    return sorted(out, key=lambda s: s["elevation"])


def storey_outlines(ctx: ReviewContext, classes: Iterable[str] | None = None
                    ) -> list[tuple[dict[str, Any], shapely.Geometry]]:
    """Per storey (bottom up), the plan outline of its building elements (mass classes, or only
    ``classes``) in the cache CRS; a storey without such geometry is left out. Elements on no
    storey form a last row named ""."""
    f = ifc_file(ctx)
    wanted = tuple(classes) if classes else None
    out = []
    rows = storeys(ctx) + [{"id": None, "guid": "", "name": "", "elevation": np.inf}]
    for s in rows:
        def on(e: Any, sid: int | None = s["id"]) -> bool:
            if e.storey != sid or e.ifc_class in NOT_MASS:
                return False
            return wanted is None or any(_ifc_is(f, e.id, c) for c in wanted)

        outline = plan_area(triangles_of(ctx, element_mask(ctx, on)))
        if not outline.is_empty:
            out.append((s, outline))
    return out


def gross_floor_area(ctx: ReviewContext, params: dict[str, Any]) -> Measured:
    """Gross floor area (m²): ``Qto_BuildingBaseQuantities.GrossFloorArea``, else the storeys'
    ``Qto_BuildingStoreyBaseQuantities.GrossFloorArea``, else the IfcSpace areas (internal
    spaces: not EXTERNAL, not named with ``params["exclude_space_keywords"]``), else the
    storeys' slab outlines — ``source`` says which ("qto_building",
    "qto_storeys", "spaces", "slabs"). The slab outlines are also computed when a quantity is
    used, and a difference above ``params["qto_tolerance"]`` (a share) is noted."""
    f = ifc_file(ctx)
    slabs = _slab_areas(ctx, params)
    slab_total = sum(r["area"] for r in slabs)
    value, source, details = None, "", []
    buildings = f.by_type("IfcBuilding")
    q = [psets(b).get("Qto_BuildingBaseQuantities", {}).get("GrossFloorArea") for b in buildings]
    if buildings and all(_positive(v) for v in q):
        value, source = float(sum(q)), "qto_building"
        details = [{"building": b.GlobalId, "name": b.Name or "", "area": round(float(v), 2)}
                   for b, v in zip(buildings, q, strict=True)]
    if value is None:
        rows = []
        for s in f.by_type("IfcBuildingStorey"):
            v = psets(s).get("Qto_BuildingStoreyBaseQuantities", {}).get("GrossFloorArea")
            rows.append({"storey": s.Name or "", "guid": s.GlobalId, "area": v})
        if rows and all(_positive(r["area"]) for r in rows):
            value, source, details = float(sum(r["area"] for r in rows)), "qto_storeys", rows
    if value is None:
        rows = _space_areas(f, params)
        if rows:
            value, source, details = float(sum(r["area"] for r in rows)), "spaces", rows
    if value is None and slab_total > 0:
        value, source, details = slab_total, "slabs", slabs
    notes = []
    tol = float(params.get("qto_tolerance", 0.05))
    if value is not None and source != "slabs" and slab_total > 0 and \
            abs(value - slab_total) > tol * slab_total:
        notes.append(msg("the declared floor area {declared} m² differs from the storey slab "
                         "outlines' {measured} m² by more than {share}%",
                         declared=round(value, 1), measured=round(slab_total, 1),
                         share=round(tol * 100, 1)))
    return Measured(value=None if value is None else round(value, 2), source=source,
                    details=[_round(r) for r in details], notes=notes)


def _positive(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and np.isfinite(v) and v > 0


def _round(row: dict[str, Any]) -> dict[str, Any]:
    return {k: round(v, 2) if isinstance(v, float) else v for k, v in row.items()}


def _space_areas(f: Any, params: dict[str, Any]) -> list[dict[str, Any]]:
    keywords = tuple(params.get("exclude_space_keywords") or ())
    rows = []
    for s in f.by_type("IfcSpace"):
        if getattr(s, "PredefinedType", None) in ("EXTERNAL", "PARKING") or \
                _named(s, keywords):
            continue
        q = psets(s).get("Qto_SpaceBaseQuantities", {})
        v = q.get("GrossFloorArea", q.get("NetFloorArea"))
        if not _positive(v):
            return []  # a space without an area: the spaces cannot give the total
        rows.append({"space": s.Name or "", "guid": s.GlobalId, "area": float(v)})
    return rows


def _slab_areas(ctx: ReviewContext, params: dict[str, Any]) -> list[dict[str, Any]]:
    classes = tuple(params.get("slab_classes") or ("IfcSlab",))
    rows = []
    for s, outline in storey_outlines(ctx, classes):
        if s["id"] is None:
            continue
        rows.append({"storey": s["name"], "guid": s["guid"], "elevation": s["elevation"],
                     "area": float(shapely.area(outline))})
    return rows


# -- green ---------------------------------------------------------------------------------------
def _named(entity: Any, keywords: Iterable[str]) -> bool:
    text = " ".join(str(getattr(entity, a, "") or "") for a in ("Name", "LongName",
                                                                  "ObjectType", "Description"))
    return any(k and k.lower() in text.lower() for k in keywords)


def green_area(ctx: ReviewContext, params: dict[str, Any]) -> Measured:
    """The green area on the parcel (m²): elements of ``params["green_classes"]`` whose name,
    long name, object type or description holds one of ``params["green_keywords"]``; each
    counted by its plan outline clipped to the red line (overlaps once), or by its
    ``Qto_SpaceBaseQuantities`` area when it has no geometry (source "qto"). None when the
    model carries no green area."""
    f = ifc_file(ctx)
    g = ctx.model.geometry
    classes = tuple(params.get("green_classes") or ("IfcSpace", "IfcGeographicElement"))
    keywords = tuple(params.get("green_keywords") or ())
    shapes, declared, details, guids = [], 0.0, [], []
    for e in ctx.model.elements.values():
        ent = f.by_id(e.id)
        if not is_a(ent, classes) or not _named(ent, keywords):
            continue
        tri = g.element_of_triangle == e.id
        if tri.any():
            outline = plan_area(ctx.map_vertices[g.triangles[tri]])
            inside = shapely.intersection(outline, ctx.parcel_geom)
            shapes.append(inside)
            details.append({"guid": e.guid, "name": e.name or "",
                            "area": round(float(shapely.area(inside)), 2), "source": "geometry"})
        else:
            q = psets(ent).get("Qto_SpaceBaseQuantities", {})
            v = q.get("NetFloorArea", q.get("GrossFloorArea"))
            if not _positive(v):
                continue
            declared += float(v)
            details.append({"guid": e.guid, "name": e.name or "", "area": round(float(v), 2),
                            "source": "qto"})
        guids.append(e.guid)
    if not details:
        return Measured(value=None)
    drawn = float(shapely.area(shapely.union_all(shapes))) if shapes else 0.0
    source = "geometry" if not declared else "qto" if not shapes else "geometry+qto"
    return Measured(value=round(drawn + declared, 2), source=source, details=details,
                    elements=guids)
