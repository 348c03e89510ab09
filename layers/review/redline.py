"""The parcel's red line and its setback lines, as drawn while reviewing (pure: shapely).

The setback line bounds where a building may stand: at least ``road`` m from every red-line
edge that faces a road and ``side`` m from the others. It is the parcel minus a band along each
edge as wide as that edge's setback (round at the corners: every point of the band is within
the setback of its edge), so it is exact for any parcel shape.

Example
-------
>>> parcel = shapely.Polygon([(0, 0), (100, 0), (100, 60), (0, 60)])
>>> line = setback_area(parcel, [True, False, False, False], road=8.0, side=3.0)
>>> [round(v, 3) for v in line.bounds]          # the first edge (y = 0) faces the road
[3.0, 8.0, 97.0, 57.0]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely


def edges(parcel: shapely.Geometry) -> np.ndarray:
    """The red line's edges as LineStrings (every ring of every part, in ring order)."""
    rings = shapely.get_rings(shapely.get_parts(parcel))
    xy, ring = shapely.get_coordinates(rings, return_index=True)
    first = np.flatnonzero(ring[:-1] == ring[1:])
    segments = np.stack([xy[first], xy[first + 1]], axis=1)
    return shapely.linestrings(segments) if len(segments) else np.array([], dtype=object)


def road_facing(parcel: shapely.Geometry, roads: Sequence[shapely.Geometry] | np.ndarray,
                widths: Sequence[float] | np.ndarray, tolerance: float = 5.0) -> np.ndarray:
    """Which edges of :func:`edges` face a road: the edge's middle lies within half the road's
    width plus ``tolerance`` m of the road's centre line (a bool per edge)."""
    e = edges(parcel)
    if not len(e) or not len(roads):
        return np.zeros(len(e), dtype=bool)
    mid = shapely.line_interpolate_point(e, 0.5, normalized=True)
    r = np.asarray(roads, dtype=object)
    reach = np.asarray([(float(w) if w is not None else 0.0) / 2 + tolerance for w in widths])
    d = shapely.distance(mid[:, None], r[None, :])
    return np.any(d <= reach[None, :], axis=1)


def setback_area(parcel: shapely.Geometry, road_edges: Sequence[bool] | np.ndarray,
                 road: float | None, side: float | None) -> shapely.Geometry:
    """Where a building may stand: the parcel less a band ``road`` m wide along the edges that
    face a road and ``side`` m wide along the others (None or 0: no band)."""
    e = edges(parcel)
    flags = np.asarray(road_edges, dtype=bool)
    if len(flags) != len(e):
        flags = np.zeros(len(e), dtype=bool)
    width = np.where(flags, float(road or 0.0), float(side or 0.0))
    bands = shapely.buffer(e[width > 0], width[width > 0])
    if not len(bands):
        return parcel
    return shapely.difference(parcel, shapely.union_all(bands))
