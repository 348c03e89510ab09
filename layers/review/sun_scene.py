"""What blocks the sun around a site, read from the cache: terrain (the cache's DEM), white
models (LOD1 extrusions), LOD2 solids, and the BIM, as triangle meshes for :mod:`.rays`.

The city is kept in parts so that "with the proposal" and "without it" share one ray cast:
``base`` (everything that stays), ``replaced`` (white models the proposal replaces) and
``bim`` (the proposal). A ray lit against ``base`` is then tested against the small parts only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely

from layers.buildings import extruded_rows, solid_rows
from layers.review.rays import Occluders, grid_mesh, polygon_caps, polygons3d_mesh, prism_mesh
from layers.terrain import dem_grid, terrain_heights
from store.cache import Cache
from store.messages import Message, msg

BBox = tuple[float, float, float, float]
#: Most DEM cells meshed for a scene: a coarser stride beyond (the terrain far away matters
#: only for low sun over hills).
MAX_TERRAIN_CELLS = 1_000_000


@dataclass
class SunScene:
    """The occluders of a region: ``base`` always, ``replaced`` only without the proposal,
    ``bim`` only with it. ``bbox`` the region; ``counts`` what went in (for the report)."""

    bbox: BBox
    base: Occluders
    replaced: Occluders
    bim: Occluders
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[Message] = field(default_factory=list)

    def covers(self, bbox: BBox) -> bool:
        a = self.bbox
        return a[0] <= bbox[0] and a[1] <= bbox[1] and a[2] >= bbox[2] and a[3] >= bbox[3]

    @property
    def rays_engine(self) -> str:
        return self.base.engine


def city_parts(cache: Cache, bbox: BBox, replaced: set[int], *, terrain: bool = True,
               origin: np.ndarray | None = None, site: shapely.Geometry | None = None
               ) -> tuple[Occluders, Occluders, dict[str, int], list[Message]]:
    """(base, replaced) occluders of the city within ``bbox``, the counts of what went in and
    notes (buildings left out for want of a height). The terrain is cut away under ``site``
    (the proposal's footprint and one DEM cell around it): the DEM shows the ground before
    the building, whose ground floor may lie below it (a graded or excavated site)."""
    notes: list[Message] = []
    grid = dem_grid(cache)
    base_v, base_t, rep_v, rep_t = [], [], [], []
    counts = {"buildings": 0, "lod2_buildings": 0, "replaced": 0, "terrain_triangles": 0}

    # LOD1 white models: walls from ground_z to ground_z + height, and a roof.
    f = extruded_rows(cache, bbox)
    if len(f):
        height = np.array([np.nan if h is None else float(h) for h in f.columns["height"]])
        ground = np.array([np.nan if g is None else float(g) for g in f.columns["ground_z"]])
        missing_ground = ~np.isfinite(ground)
        if missing_ground.any():
            c = shapely.centroid(f.geoms[missing_ground])
            ground[missing_ground] = terrain_heights(grid, shapely.get_x(c), shapely.get_y(c))
        usable = np.isfinite(height) & (height > 0) & ~shapely.is_empty(f.geoms)
        if (~usable).sum():
            notes.append(msg("{n} buildings without a height were left out of the occluders",
                             n=int((~usable).sum())))
        is_rep = np.array([int(i) in replaced for i in f.fids])
        for sel, vs, ts in ((usable & ~is_rep, base_v, base_t), (usable & is_rep, rep_v, rep_t)):
            if not sel.any():
                continue
            polys, owner = shapely.get_parts(f.geoms[sel], return_index=True)
            rings, ring_owner = shapely.get_rings(polys, return_index=True)
            lo, hi = ground[sel], ground[sel] + height[sel]
            coords = [np.asarray(r.coords) for r in rings]
            v, t = prism_mesh(coords, lo[owner[ring_owner]], hi[owner[ring_owner]])
            vs.append(v)
            ts.append(t)
            v, t = polygon_caps(polys, hi[owner])
            vs.append(v)
            ts.append(t)
        counts["buildings"] = int((usable & ~is_rep).sum())
        counts["replaced"] = int((usable & is_rep).sum())

    # LOD2 solids: their surfaces as they are.
    s = solid_rows(cache, bbox)
    if len(s.polys):
        is_rep = np.isin(s.poly_fid, np.fromiter(replaced, np.int64, len(replaced)))
        for sel, vs, ts in ((~is_rep, base_v, base_t), (is_rep, rep_v, rep_t)):
            if sel.any():
                v, t = polygons3d_mesh(s.polys[sel])
                vs.append(v)
                ts.append(t)
        counts["lod2_buildings"] = int(len(np.unique(s.poly_fid[~is_rep])))

    if terrain and grid is not None:
        v, t = terrain_mesh(grid, bbox)
        if site is not None and not site.is_empty and len(t):
            n = len(t)
            t = cut_under(v, t, site.buffer(grid.cell))
            counts["terrain_cut"] = n - len(t)
        base_v.append(v)
        base_t.append(t)
        counts["terrain_triangles"] = len(t)
    base = Occluders.from_parts(base_v, base_t, origin)
    rep = Occluders.from_parts(rep_v, rep_t, base.origin)
    return base, rep, counts, notes


def cut_under(vertices: np.ndarray, triangles: np.ndarray, area: shapely.Geometry
              ) -> np.ndarray:
    """The triangles whose centre (in plan) lies outside ``area``."""
    centre = vertices[triangles].mean(axis=1)
    return triangles[~shapely.contains_xy(area, centre[:, 0], centre[:, 1])]


def terrain_mesh(grid, bbox: BBox) -> tuple[np.ndarray, np.ndarray]:
    """The DEM within ``bbox`` as triangles between cell centres (the same surface the viewer
    draws), at a coarser stride when the window holds more than MAX_TERRAIN_CELLS cells."""
    inv = ~grid.transform
    rows, cols = grid.values.shape

    def cell(x: float, y: float) -> tuple[float, float]:
        return inv.a * x + inv.b * y + inv.c, inv.d * x + inv.e * y + inv.f

    c0, r0 = cell(bbox[0], bbox[3])
    c1, r1 = cell(bbox[2], bbox[1])
    ca, cb = sorted((c0, c1))
    ra, rb = sorted((r0, r1))
    ca, ra = max(int(np.floor(ca)) - 1, 0), max(int(np.floor(ra)) - 1, 0)
    cb, rb = min(int(np.ceil(cb)) + 1, cols), min(int(np.ceil(rb)) + 1, rows)
    if cb - ca < 2 or rb - ra < 2:
        return np.zeros((0, 3)), np.zeros((0, 3), np.int64)
    stride = max(1, int(np.ceil(np.sqrt((cb - ca) * (rb - ra) / MAX_TERRAIN_CELLS))))
    z = np.asarray(grid.values[ra:rb:stride, ca:cb:stride], dtype=np.float64)
    if grid.nodata is not None:
        z = np.where(z == grid.nodata, np.nan, z)
    t = grid.transform
    x0 = t.a * (ca + 0.5) + t.b * (ra + 0.5) + t.c
    y0 = t.d * (ca + 0.5) + t.e * (ra + 0.5) + t.f
    return grid_mesh(z, x0, y0, abs(t.a) * stride, abs(t.e) * stride)


def bim_occluders(vertices: np.ndarray, triangles: np.ndarray, element_of_triangle: np.ndarray,
                  classes: dict[int, str], origin: np.ndarray, skip: tuple[str, ...]
                  ) -> Occluders:
    """The BIM's triangles (cache CRS vertices) as occluders, without the classes in ``skip``
    (spaces, openings, the site's own terrain: not mass)."""
    if not len(triangles):
        return Occluders(np.zeros((0, 3)), np.zeros((0, 3), np.int64), origin)
    keep = np.array([classes.get(int(e)) not in skip for e in element_of_triangle], bool)
    return Occluders(vertices, triangles[keep], origin)


def heights_bound(cache: Cache, bbox: BBox) -> float:
    """The highest point of terrain and buildings within ``bbox`` (for the reach of shadows)."""
    top = -np.inf
    grid = dem_grid(cache)
    if grid is not None:
        v, _t = terrain_mesh(grid, bbox)
        if len(v):
            top = max(top, float(np.nanmax(v[:, 2])))
    f = cache.read("buildings", ("height", "ground_z"), bbox=bbox, geometry=False)
    tops = [float(h) + float(g or 0.0) for h, g in zip(f.columns["height"],
                                                        f.columns["ground_z"], strict=True)
            if h is not None]
    if tops:
        top = max(top, max(tops))
    return top if np.isfinite(top) else 0.0
