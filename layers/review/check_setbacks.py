"""Checks "setback_road" and "setback_side": storey by storey, the smallest horizontal distance
from the building to the parcel's red line, on the edges that face a road and on the others,
against the parcel's required setbacks. ``shapes["edges"]`` holds the red-line edge closest to
the building (the one too close on a failure) and the shortest line to it.

``params["road_tolerance_m"]``: how far beyond half a road's width its centre line may lie from
an edge that faces it. ``params["above_ground_only"]`` (default True) leaves out storeys below
ground (basements have their own, smaller setbacks in most cities).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely

from layers.review.bim_measure import placement_notes, storey_outlines
from layers.review.context import ReviewContext
from layers.review.judge import judge
from layers.review.result import PASS, Finding
from layers.review.ruleset import Rule
from layers.review.site import ROAD_TOLERANCE_M, road_edges
from layers.terrain import dem_grid, terrain_heights
from store.messages import msg


def nearest_edge(outline: shapely.Geometry, edges: np.ndarray, parcel: shapely.Geometry
                 ) -> tuple[float, int]:
    """The smallest horizontal distance (m) from ``outline`` to any of ``edges`` and that edge's
    index; a building reaching beyond the red line has a negative distance (how far beyond).

    >>> parcel = shapely.box(0, 0, 100, 60)
    >>> from layers.review.redline import edges
    >>> d, i = nearest_edge(shapely.box(10, 8, 30, 20), edges(parcel), parcel)
    >>> d, edges(parcel)[i].bounds
    (8.0, (0.0, 0.0, 100.0, 0.0))
    >>> nearest_edge(shapely.box(10, -2, 30, 20), edges(parcel), parcel)[0]
    -2.0
    """
    d = shapely.distance(outline, edges)
    i = int(np.argmin(d))
    outside = shapely.difference(outline, parcel)
    if not outside.is_empty and shapely.area(outside) > 1e-6:
        points = shapely.points(shapely.get_coordinates(outside))
        beyond = shapely.distance(points, shapely.boundary(parcel)).max()
        return -round(float(beyond), 6), i
    return float(d[i]), i


def _check(ctx: ReviewContext, rule: Rule, on_road: bool) -> Finding:
    ctx.progress(0.0, msg("Measuring the setbacks from the red line"))
    edges, road = road_edges(ctx.cache, ctx.parcel_geom,
                             float(rule.params.get("road_tolerance_m", ROAD_TOLERANCE_M)))
    chosen = road if on_road else ~road
    if not chosen.any():
        why = (msg("no edge of the red line faces a road") if on_road else
               msg("every edge of the red line faces a road: there is no other parcel boundary"))
        limit = rule.limit_for(ctx.parcel)
        return Finding(rule=rule.id, status=PASS, limit=limit, unit="m", reason=why)
    idx = np.flatnonzero(chosen)
    above_only = rule.params.get("above_ground_only", True)
    rows: list[dict[str, Any]] = []
    best: tuple[float, int, shapely.Geometry] | None = None
    for s, outline in storey_outlines(ctx):
        if above_only and s["id"] is not None and s["elevation"] < -0.01:
            continue
        d, j = nearest_edge(outline, edges[idx], ctx.parcel_geom)
        rows.append({"storey": s["name"], "guid": s["guid"], "distance": round(d, 3),
                     "edge": int(idx[j])})
        if best is None or d < best[0]:
            best = (d, int(idx[j]), outline)
    if best is None:
        return judge(rule, ctx.parcel, None, unit="m",
                     missing=msg("the model has no storey with building geometry"))
    d, e, outline = best
    edge = edges[e]
    line = shapely.shortest_line(outline, edge)
    shapes = {"edges": [_edge_3d(ctx, edge)], "lines": [_edge_3d(ctx, line)]}
    mid = shapely.line_interpolate_point(line, 0.5, normalized=True)
    z = _ground(ctx, np.array([[mid.x, mid.y]]))[0]
    return judge(rule, ctx.parcel, round(d, 3), unit="m", details=rows, shapes=shapes,
                 location=(mid.x, mid.y, z), notes=placement_notes(ctx))


def _ground(ctx: ReviewContext, xy: np.ndarray) -> np.ndarray:
    z = terrain_heights(dem_grid(ctx.cache), xy[:, 0], xy[:, 1], method="bilinear")
    return np.asarray(z, dtype=float)


def _edge_3d(ctx: ReviewContext, line: shapely.Geometry) -> list[list[float]]:
    xy = shapely.get_coordinates(line)
    z = _ground(ctx, xy)
    return [[float(x), float(y), float(zz)] for (x, y), zz in zip(xy, z, strict=True)]


def check_road(ctx: ReviewContext, rule: Rule) -> Finding:
    """Distance to the red-line edges on roads against ``parcel.setback_road``."""
    return _check(ctx, rule, on_road=True)


def check_side(ctx: ReviewContext, rule: Rule) -> Finding:
    """Distance to the other red-line edges against ``parcel.setback_side``."""
    return _check(ctx, rule, on_road=False)
