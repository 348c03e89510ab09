"""The ground shadow of the city and the proposal at one sun position (pure: numpy + shapely).

What the review's time slider draws: for a sun direction (a unit vector toward the sun, in the
map grid), the shadow each white model (a prism: plan outline, base, top) and each BIM element
casts on the horizontal plane of its own base. A prism's shadow is its outline, the outline
moved by the roof's shadow offset, and the band every wall sweeps between the two; an
element's shadow is the convex hull of its vertices projected along the sun (exact for convex
elements: walls, slabs, columns). The ground is taken as flat under each caster (its base
height); the sunlight hours themselves come from ray casting (:mod:`.rays`), not from this.

Example
-------
>>> sun = sun_vector(180.0, 45.0)                 # due south, 45° up
>>> p = Prisms.of([shapely.box(0, 0, 10, 10)], base=[0.0], top=[10.0])
>>> round(prism_shadows(p, sun).area)              # the roof's shadow is 10 m to the north
200
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import shapely

if TYPE_CHECKING:
    from store.cache import Cache

#: Below this sun elevation (degrees) nothing is drawn: shadows would run to the horizon.
MIN_ELEVATION_DEG = 2.0


def sun_vector(azimuth_deg: float, elevation_deg: float, true_north_deg: float = 0.0
               ) -> np.ndarray:
    """Unit vector toward the sun in the map grid (x east, y north, z up) from its azimuth
    (clockwise from true north), elevation, and the bearing of true north in the grid.

    >>> sun_vector(90.0, 0.0).round(6).tolist()
    [1.0, 0.0, 0.0]
    """
    az = np.radians(float(azimuth_deg) + float(true_north_deg))
    el = np.radians(float(elevation_deg))
    return np.array([np.sin(az) * np.cos(el), np.cos(az) * np.cos(el), np.sin(el)])


def shadow_offset(sun: np.ndarray, height: np.ndarray | float) -> np.ndarray:
    """Where the shadow of a point ``height`` m above the ground falls, relative to its foot:
    (n, 2), away from the sun, ``height / tan(elevation)`` long.

    >>> shadow_offset(sun_vector(180.0, 45.0), 10.0).round(6).tolist()
    [[-0.0, 10.0]]
    """
    s = np.asarray(sun, float).reshape(3)
    h = np.atleast_1d(np.asarray(height, float))
    return -s[:2][None, :] / s[2] * h[:, None]


@dataclass(frozen=True)
class Prisms:
    """Vertical solids: plan outlines (shapely polygons), base and top heights (m), fids."""

    outlines: np.ndarray
    base: np.ndarray
    top: np.ndarray
    fids: np.ndarray

    @classmethod
    def of(cls, outlines: list | np.ndarray, base: list | np.ndarray, top: list | np.ndarray,
           fids: list | np.ndarray | None = None) -> Prisms:
        o = np.asarray(outlines, dtype=object)
        f = np.arange(len(o)) if fids is None else np.asarray(fids, np.int64)
        return cls(o, np.asarray(base, float), np.asarray(top, float), f)

    def __len__(self) -> int:
        return len(self.outlines)


def prism_shadows(prisms: Prisms, sun: np.ndarray,
                  min_elevation_deg: float = MIN_ELEVATION_DEG) -> shapely.Geometry:
    """The ground shadow of every prism at one sun position (one geometry; empty when the sun
    is lower than ``min_elevation_deg``)."""
    s = np.asarray(sun, float).reshape(3)
    if not len(prisms) or s[2] <= np.sin(np.radians(min_elevation_deg)):
        return shapely.Polygon()
    height = np.maximum(prisms.top - prisms.base, 0.0)
    polys, which = shapely.get_parts(prisms.outlines, return_index=True)
    keep = ~shapely.is_empty(polys) & (height[which] > 0)
    polys, which = polys[keep], which[keep]
    if not len(polys):
        return shapely.Polygon()
    shift = shadow_offset(s, height)[which]  # per part
    rings, ring_part = shapely.get_rings(polys, return_index=True)
    xy, vertex_ring = shapely.get_coordinates(rings, return_index=True)
    d = shift[ring_part[vertex_ring]]
    first = np.flatnonzero(vertex_ring[:-1] == vertex_ring[1:])  # edge j: vertex j → j + 1
    a, b = xy[first], xy[first + 1]
    quads = np.stack([a, b, b + d[first], a + d[first], a], axis=1)
    bands = shapely.polygons(quads)
    coords, part_of = shapely.get_coordinates(polys, return_index=True)
    roofs = shapely.set_coordinates(polys.copy(), coords + shift[part_of])
    pieces = np.concatenate([polys, roofs, bands])
    pieces = pieces[shapely.area(pieces) > 1e-9]
    return shapely.union_all(shapely.make_valid(pieces)) if len(pieces) else shapely.Polygon()


def mesh_shadows(vertices: np.ndarray, triangles: np.ndarray, group_of_triangle: np.ndarray,
                 ground: float, sun: np.ndarray,
                 min_elevation_deg: float = MIN_ELEVATION_DEG) -> shapely.Geometry:
    """The shadow a triangle mesh (cache CRS, z up) casts on the plane z = ``ground``: per
    group (BIM element) the convex hull of its vertices projected along the sun, united."""
    s = np.asarray(sun, float).reshape(3)
    v = np.asarray(vertices, float)
    t = np.asarray(triangles, np.int64).reshape(-1, 3)
    if not len(t) or s[2] <= np.sin(np.radians(min_elevation_deg)):
        return shapely.Polygon()
    above = np.maximum(v[:, 2] - float(ground), 0.0)
    xy = v[:, :2] + shadow_offset(s, above)
    groups = np.repeat(np.asarray(group_of_triangle), 3)
    order = np.argsort(groups, kind="stable")  # shapely wants the points grouped
    _, index = np.unique(groups[order], return_inverse=True)
    hulls = shapely.convex_hull(shapely.multipoints(xy[t.reshape(-1)[order]], indices=index))
    hulls = hulls[shapely.area(hulls) > 1e-9]
    return shapely.union_all(hulls) if len(hulls) else shapely.Polygon()


def city_prisms(cache: Cache, around: shapely.Geometry, reach: float,
                leave_out: set[int] | frozenset[int] = frozenset()) -> Prisms:
    """The white models within ``reach`` m of ``around`` (the proposal's footprint) as prisms,
    those it replaces (``leave_out``) left out. Heights are the buildings' ``height`` above
    their ``ground_z`` (0 when unknown)."""
    box = around.buffer(reach).bounds
    f = cache.read("buildings", ("height", "ground_z"), bbox=box)
    keep = np.array([int(fid) not in leave_out for fid in f.fids], dtype=bool)
    if not len(f) or not keep.any():
        return Prisms.of([], [], [], [])
    ground = np.array([0.0 if v is None else float(v) for v in f.columns["ground_z"]])
    height = np.array([0.0 if v is None else float(v) for v in f.columns["height"]])
    return Prisms.of(f.geoms[keep], ground[keep], (ground + height)[keep], f.fids[keep])
