"""The proposal's own lowest residential floor: which storey, at what height, its outer
outline and its windows (for the ``sunlight_own`` check)."""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely

from layers.bim import NOT_MASS
from layers.review.context import ReviewContext
from layers.review.sun_params import SunlightParams
from store.errors import CimviewError

Floor = tuple[str, float, shapely.Geometry, np.ndarray]


def lowest_residential_floor(ctx: ReviewContext, params: SunlightParams
                             ) -> tuple[Floor | None, list[str]]:
    """(storey name, floor height in the cache CRS, outer outline, plan centres of its
    windows (k, 2)) of the lowest storey at or above ground whose occupancy (its own, its
    spaces', else its building's) is residential — None when there is none — and every
    OccupancyType the storeys have (to tell "no homes" from "not said")."""
    import ifcopenshell
    import ifcopenshell.util.element as ue
    import ifcopenshell.util.placement as up

    words = tuple(w.lower() for w in params.residential_occupancy)

    def occupancy(entity: Any) -> str | None:
        for pset in ue.get_psets(entity).values():
            v = pset.get("OccupancyType")
            if isinstance(v, str) and v.strip():
                return v
        return None

    def homes(value: str | None) -> bool:
        return value is not None and any(w in value.lower() for w in words)

    try:
        f = ifcopenshell.open(str(ctx.ifc_path))
    except (OSError, RuntimeError) as exc:
        raise CimviewError("the model cannot be read again: {error}", error=str(exc)) from exc
    scale = ctx.model.georef.unit_scale
    found: list[tuple[float, Any]] = []
    declared: list[str] = []
    for storey in f.by_type("IfcBuildingStorey"):
        building = ue.get_aggregate(storey)
        own = occupancy(storey)
        if own is None:
            spaces = [s for s in ue.get_decomposition(storey) if s.is_a("IfcSpace")]
            own = next((o for o in map(occupancy, spaces) if o), None)
        if own is None and building is not None:
            own = occupancy(building)
        if own is not None and own not in declared:
            declared.append(own)
        if not homes(own):
            continue
        z = float(up.get_local_placement(storey.ObjectPlacement)[2, 3]) * scale \
            if storey.ObjectPlacement else float(storey.Elevation or 0.0) * scale
        if z < -0.5:  # below ground: not a home's floor
            continue
        found.append((z, storey))
    if not found:
        return None, declared
    z_local, storey = min(found, key=lambda t: t[0])
    ids = {e.id for e in ctx.model.elements.values()
           if e.storey == storey.id() and e.ifc_class not in NOT_MASS}
    g = ctx.model.geometry
    sel = np.isin(g.element_of_triangle, np.fromiter(ids, np.int64, len(ids)))
    v = ctx.map_vertices
    z_map = float(to_map_z(ctx, z_local))
    if not sel.any():
        return (storey.Name or storey.GlobalId, z_map, shapely.Polygon(), np.zeros((0, 2))), \
            declared
    windows = _window_centres(ctx, storey.id())
    order = np.argsort(g.element_of_triangle[sel], kind="stable")
    tris = g.triangles[sel][order]
    owner = g.element_of_triangle[sel][order]
    _, group = np.unique(owner, return_inverse=True)
    hulls = shapely.convex_hull(shapely.multipoints(v[tris.reshape(-1), :2],
                                                    indices=np.repeat(group, 3)))
    hulls = hulls[shapely.area(hulls) > 0]
    outline = shapely.union_all(hulls) if len(hulls) else shapely.Polygon()
    # the outer outline only: inner walls make no facades; slits between the walls' hulls
    # (under half a metre) are closed
    outline = outline.buffer(0.25, join_style="mitre").buffer(-0.25, join_style="mitre")
    if isinstance(outline, shapely.MultiPolygon):
        outline = shapely.MultiPolygon([shapely.Polygon(p.exterior) for p in outline.geoms])
    elif isinstance(outline, shapely.Polygon):
        outline = shapely.Polygon(outline.exterior)
    return (storey.Name or storey.GlobalId, z_map, outline, windows), declared


def _window_centres(ctx: ReviewContext, storey_id: int) -> np.ndarray:
    """Plan centres (cache CRS) of the IfcWindow elements on a storey that have geometry."""
    g = ctx.model.geometry
    ids = [e.id for e in ctx.model.elements.values()
           if e.storey == storey_id and e.ifc_class == "IfcWindow"]
    out = []
    for i in ids:
        tris = g.triangles[g.element_of_triangle == i]
        if len(tris):
            v = ctx.map_vertices[np.unique(tris)]
            out.append(0.5 * (v[:, :2].min(axis=0) + v[:, :2].max(axis=0)))
    return np.array(out).reshape(-1, 2)


def to_map_z(ctx: ReviewContext, z_project_m: float) -> float:
    """A height in project metres → the cache CRS's height (the georeferencing's Helmert)."""
    from store.bim.georef import to_cache

    return float(to_cache(ctx.model.georef, np.array([[0.0, 0.0, z_project_m]]), ctx.crs)[0, 2])
