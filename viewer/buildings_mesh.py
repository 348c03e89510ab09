"""Building meshes for the 3D view: LOD1 extrusions and LOD2 solids, merged per square tile.

Every mesh is in scene-local float32 coordinates (see :mod:`viewer.origin`) and carries, per cell,
``fid`` (int64, the building's fid in the ``buildings`` layer: picking maps cell id → fid),
``part`` (uint8: 0 wall, 1 roof, 2 ground) and ``Normals`` (outward, float32). Walls and roofs
never share points, so flat lighting stays crisp. One tile holds at most ``max_per_tile``
buildings (dense tiles are split as a quadtree), so a scene needs one actor per tile.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyvista as pv
import shapely

from layers.building_lod import ROOT_TILE, quadtree_keys, tile_keys
from layers.buildings import GROUND, ROOF, WALL, SolidRows, extruded_rows, solid_rows
from viewer.origin import Origin
from viewer.triangulate import (
    polydata,
    ring_coordinates,
    ring_edges,
    triangulate_planar,
    triangulate_rings,
)

__all__ = ["GROUND", "ROOF", "ROOT_TILE", "WALL", "Tile", "box_mesh", "building_tiles",
           "extrude_footprints", "load_building_tiles", "lod_tile_mesh", "quadtree_keys",
           "solid_mesh", "solid_meshes", "solid_tiles", "surface_mesh", "tile_keys"]
MAX_PER_TILE = 2000
# ROOT_TILE: size of the level-0 squares (m), anchored at the CRS origin, so tiles of separate
# loads line up, and squares are only split where dense (layers.building_lod holds the quadtree).

BBox = tuple[float, float, float, float]


@dataclass(frozen=True, eq=False)
class Tile:
    """One merged mesh (one actor): key (level, ix, iy) of its square, ``tile_size / 2**level``
    metres wide; bounds (minx, miny, maxx, maxy) of its footprints in the cache CRS; the fids
    of its buildings; the mesh in local coordinates."""

    key: tuple[int, int, int]
    bounds: BBox
    fids: np.ndarray
    mesh: pv.PolyData


# -- LOD1 -----------------------------------------------------------------------------------------
def extrude_footprints(geoms: Sequence[object] | np.ndarray, base_z: Sequence[float] | np.ndarray,
                       height: Sequence[float] | np.ndarray, fids: Sequence[int] | np.ndarray,
                       origin: Origin) -> pv.PolyData:
    """LOD1 blocks from (Multi)Polygon footprints, from base_z (NaN → 0) to base_z + height.

    Roofs are constrained Delaunay triangles (holes stay open), walls one quad per ring edge;
    no bottom faces. NaN or negative heights give a flat roof and no walls.
    """
    geoms = np.asarray(geoms, dtype=object)
    base = np.nan_to_num(np.asarray(base_z, dtype=np.float64), nan=0.0)
    h = np.maximum(np.nan_to_num(np.asarray(height, dtype=np.float64), nan=0.0), 0.0)
    top = base + h
    fids = np.asarray(fids, dtype=np.int64)
    polys, bld = shapely.get_parts(geoms, return_index=True)
    ok = ~shapely.is_empty(polys)
    polys, bld = shapely.orient_polygons(polys[ok], exterior_cw=False), bld[ok]
    xy, ring, ring_poly = ring_coordinates(polys)
    xy -= (origin.x, origin.y)
    vb = bld[ring_poly[ring]]  # building of each vertex

    # Walls: quad a0 b0 b1 a1 per edge; exteriors run counter-clockwise, holes clockwise, so
    # (b - a) × up points out of the building.
    j = ring_edges(ring)
    d = xy[j + 1] - xy[j]
    length = np.hypot(d[:, 0], d[:, 1])
    wall = (length > 0) & (h[vb[j]] > 0)
    j, d, length = j[wall], d[wall], length[wall]
    wb = vb[j]
    quad = np.empty((len(j), 4, 3))
    quad[:, [0, 3], :2] = xy[j][:, None]
    quad[:, [1, 2], :2] = xy[j + 1][:, None]
    quad[:, [0, 1], 2] = base[wb][:, None]
    quad[:, [2, 3], 2] = top[wb][:, None]
    wall_n = np.column_stack([d[:, 1], -d[:, 0], np.zeros(len(j))]) / length[:, None]

    # Roofs: triangles facing +z, on the ring vertices they use (compacted).
    tri, tpoly = triangulate_rings(xy, ring, ring_poly)
    p = xy[tri]
    ccw = ((p[:, 1, 0] - p[:, 0, 0]) * (p[:, 2, 1] - p[:, 0, 1])
           - (p[:, 1, 1] - p[:, 0, 1]) * (p[:, 2, 0] - p[:, 0, 0])) > 0
    tri[~ccw] = tri[~ccw][:, ::-1]
    used, tri = _compact(tri, len(xy))
    roof = np.column_stack([xy[used], top[vb[used]]])

    nw, nr = len(j), len(tri)
    points = np.concatenate([quad.reshape(-1, 3), roof])
    offsets = np.concatenate([np.arange(0, 4 * nw, 4), 4 * nw + np.arange(0, 3 * nr + 1, 3)])
    conn = np.concatenate([np.arange(4 * nw), 4 * nw + tri.ravel()])
    normals = np.concatenate([wall_n, np.tile([0.0, 0.0, 1.0], (nr, 1))])
    return polydata(points, offsets, conn, {
        "fid": np.concatenate([fids[wb], fids[bld[tpoly]]]),
        "part": np.concatenate([np.full(nw, WALL, np.uint8), np.full(nr, ROOF, np.uint8)]),
    }, normals)


def _compact(tri: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(vertices used by tri, tri renumbered to index that list)."""
    mask = np.zeros(n, dtype=bool)
    mask[tri] = True
    new = np.cumsum(mask) - 1
    return np.flatnonzero(mask), new[tri]


# -- tiling ---------------------------------------------------------------------------------------
def _groups(xy: np.ndarray, tile_size: float,
            max_per_tile: int) -> list[tuple[tuple[int, int, int], np.ndarray]]:
    """[(key, row indices)] of the quadtree tiles of points xy."""
    if len(xy) == 0:
        return []
    keys = quadtree_keys(xy, tile_size, max_per_tile)
    order = np.lexsort(keys.T[::-1])
    k = keys[order]
    cut = np.flatnonzero(np.any(k[1:] != k[:-1], axis=1)) + 1
    starts = np.concatenate([[0], cut])
    return [(tuple(int(v) for v in k[s]), rows)
            for s, rows in zip(starts, np.split(order, cut), strict=True)]


def _extent(b: np.ndarray) -> BBox:
    """The union of (n, 4) bounds."""
    return (float(b[:, 0].min()), float(b[:, 1].min()), float(b[:, 2].max()),
            float(b[:, 3].max()))


def _centres(b: np.ndarray) -> np.ndarray:
    """Centres of (n, 4) bounds: where a footprint is tiled (5× cheaper than its centroid)."""
    return (b[:, :2] + b[:, 2:]) / 2


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: building a scene makes ~10 short-lived shapely
    objects per building, and the collections they trigger cost about a third of the time."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _usable(features: Any) -> np.ndarray:
    g = features.geoms
    return np.flatnonzero(~shapely.is_missing(g) & ~shapely.is_empty(g))


def building_tiles(features: Any, origin: Origin, *, tile_size: float = ROOT_TILE,
                   max_per_tile: int = MAX_PER_TILE) -> list[Tile]:
    """LOD1 tiles from buildings rows (``fids``, ``geoms`` and ``columns`` "height" and
    "ground_z", e.g. :func:`layers.buildings.extruded_rows`), grouped by the centre of each
    footprint's bounds into a quadtree of root squares of tile_size metres."""
    rows = _usable(features)
    geoms = features.geoms[rows]
    height = np.array(features.columns["height"], dtype=np.float64)[rows]
    ground = np.array(features.columns["ground_z"], dtype=np.float64)[rows]
    fids = features.fids[rows]
    bounds = shapely.bounds(geoms)
    tiles = []
    with _gc_paused():
        for key, idx in _groups(_centres(bounds), tile_size, max_per_tile):
            mesh = extrude_footprints(geoms[idx], ground[idx], height[idx], fids[idx], origin)
            tiles.append(Tile(key, _extent(bounds[idx]), fids[idx], mesh))
    return tiles


def load_building_tiles(cache: Any, origin: Origin, bbox: BBox | None = None, *,
                        tile_size: float = ROOT_TILE,
                        max_per_tile: int = MAX_PER_TILE) -> list[Tile]:
    """LOD1 tiles of a cache's buildings (within bbox), leaving out those that
    :func:`solid_meshes` draws (lod not "1" with rows in building_solids)."""
    with _gc_paused():
        features = extruded_rows(cache, bbox)
    return building_tiles(features, origin, tile_size=tile_size, max_per_tile=max_per_tile)


# -- LOD2 -----------------------------------------------------------------------------------------
def surface_mesh(polys: np.ndarray, fids: np.ndarray, parts: np.ndarray,
                 origin: Origin) -> pv.PolyData:
    """Triangulated planar 3D polygons (with holes), one fid and part code per polygon.

    Triangles face along each polygon's Newell normal (CityJSON: outward); each polygon keeps
    its own points, so neighbouring surfaces do not share normals.
    """
    xyz, ring, ring_poly = ring_coordinates(polys, include_z=True)
    xyz[:, :2] -= (origin.x, origin.y)
    tri, owner, unit = triangulate_planar(xyz, ring, ring_poly, len(polys))
    used, tri = _compact(tri, len(xyz))
    n = len(tri)
    return polydata(xyz[used], np.arange(0, 3 * n + 1, 3), tri.ravel(), {
        "fid": np.asarray(fids, dtype=np.int64)[owner],
        "part": np.asarray(parts, dtype=np.uint8)[owner],
    }, unit[owner])


def solid_meshes(cache: Any, origin: Origin, bbox: BBox | None = None, *,
                 tile_size: float = ROOT_TILE,
                 max_per_tile: int = MAX_PER_TILE) -> list[Tile]:
    """LOD2 tiles of a cache (see :func:`solid_tiles`), read through
    :func:`layers.buildings.solid_rows`."""
    return solid_tiles(solid_rows(cache, bbox), origin, tile_size=tile_size,
                       max_per_tile=max_per_tile)


def solid_tiles(rows: SolidRows, origin: Origin, *, tile_size: float = ROOT_TILE,
                max_per_tile: int = MAX_PER_TILE) -> list[Tile]:
    """LOD2 tiles: buildings whose lod is not "1" and that have building_solids rows, drawn
    from their surfaces (part 0 wall, 1 roof, 2 ground), tiled like the LOD1 buildings."""
    if len(rows.fids) == 0:
        return []
    fids, bounds = rows.fids, shapely.bounds(rows.geoms)
    tiles = []
    with _gc_paused():
        for key, idx in _groups(_centres(bounds), tile_size, max_per_tile):
            mesh = solid_mesh(rows, fids[idx], origin)
            tiles.append(Tile(key, _extent(bounds[idx]), fids[idx], mesh))
    return tiles


def solid_mesh(rows: SolidRows, fids: np.ndarray, origin: Origin) -> pv.PolyData:
    """One mesh of the LOD2 surfaces of the buildings ``fids`` among ``rows``."""
    tf = np.sort(np.asarray(fids, dtype=np.int64))
    poly_fid = rows.poly_fid
    lo, hi = np.searchsorted(poly_fid, tf), np.searchsorted(poly_fid, tf, side="right")
    n = hi - lo
    sel = np.arange(n.sum()) + np.repeat(lo - (np.cumsum(n) - n), n)
    return surface_mesh(rows.polys[sel], poly_fid[sel], rows.parts[sel], origin)


# -- level of detail ------------------------------------------------------------------------------
#: Corners of a box's 4 walls (x from minx/maxx, y from miny/maxy, z bottom/top) and the outward
#: normal of each: south, east, north, west, counter-clockwise seen from outside.
_WALLS = np.array([[[0, 0], [1, 0]], [[1, 0], [1, 1]], [[1, 1], [0, 1]], [[0, 1], [0, 0]]])
_WALL_NORMALS = np.array([[0, -1, 0], [1, 0, 0], [0, 1, 0], [-1, 0, 0]], dtype=np.float64)


def box_mesh(bounds: np.ndarray, z0: np.ndarray, z1: np.ndarray, fids: np.ndarray,
             origin: Origin) -> pv.PolyData:
    """Roof-less boxes: per building 4 wall quads and a flat top over its footprint's bounds
    (minx, miny, maxx, maxy; cache CRS), from z0 to z1; 10 triangles, no roof shape. Cell data
    ``fid``, ``part`` (walls WALL, top ROOF) and ``Normals`` as the full meshes."""
    b = np.asarray(bounds, dtype=np.float64).reshape(-1, 4) - (origin.x, origin.y) * 2
    z0 = np.asarray(z0, dtype=np.float64)
    z1 = np.maximum(np.asarray(z1, dtype=np.float64), z0)
    n = len(b)
    xs, ys = b[:, [0, 2]], b[:, [1, 3]]  # (n, 2): min, max
    walls = np.empty((n, 4, 4, 3))
    for w, ((i0, j0), (i1, j1)) in enumerate(_WALLS):
        walls[:, w, [0, 3], 0] = xs[:, i0, None]
        walls[:, w, [0, 3], 1] = ys[:, j0, None]
        walls[:, w, [1, 2], 0] = xs[:, i1, None]
        walls[:, w, [1, 2], 1] = ys[:, j1, None]
    walls[:, :, [0, 1], 2] = z0[:, None, None]
    walls[:, :, [2, 3], 2] = z1[:, None, None]
    top = np.empty((n, 4, 3))
    top[:, :, 0] = xs[:, [0, 1, 1, 0]]
    top[:, :, 1] = ys[:, [0, 0, 1, 1]]
    top[:, :, 2] = z1[:, None]
    points = np.concatenate([walls.reshape(-1, 3), top.reshape(-1, 3)])
    cells = 5 * n
    normals = np.concatenate([np.tile(_WALL_NORMALS, (n, 1)), np.tile([0.0, 0.0, 1.0], (n, 1))])
    fids = np.asarray(fids, dtype=np.int64)
    return polydata(points, np.arange(0, 4 * cells + 1, 4), np.arange(4 * cells), {
        "fid": np.concatenate([np.repeat(fids, 4), fids]),
        "part": np.concatenate([np.full(4 * n, WALL, np.uint8), np.full(n, ROOF, np.uint8)]),
    }, normals)


def lod_tile_mesh(cache: Any, tree: Any, key: str, origin: Origin) -> pv.PolyData:
    """The mesh of one tile of a :class:`layers.building_lod.BuildingTree`: an inner tile's
    boxes and merged blocks from the tree's numbers (and, on a coarse leaf's box level, the
    few buildings it draws in full), a leaf's full buildings (LOD1 extrusions, or LOD2 solids
    when the tree holds the solid buildings) read by the leaf's extent and kept to its fids."""
    node, index = tree.node(key), tree.index
    rows = node.rows
    if node.leaf:
        return _full_mesh(cache, index, rows, node.bbox, origin)
    bounds, z0, z1, fids = index.bounds[rows], index.z0[rows], index.z1[rows], index.fids[rows]
    blocks = node.blocks
    if blocks is not None and len(blocks):
        bounds = np.concatenate([bounds, blocks.bounds])
        z0, z1 = np.concatenate([z0, blocks.z0]), np.concatenate([z1, blocks.z1])
        fids = np.concatenate([fids, blocks.fids])
    mesh = box_mesh(bounds, z0, z1, fids, origin)
    full = node.full
    if full is None or len(full) == 0:
        return mesh
    b = index.bounds[full]
    extent = (float(b[:, 0].min()), float(b[:, 1].min()), float(b[:, 2].max()),
              float(b[:, 3].max()))
    return _appended(mesh, _full_mesh(cache, index, full, extent, origin))


def _full_mesh(cache: Any, index: Any, rows: np.ndarray, bbox: BBox,
               origin: Origin) -> pv.PolyData:
    """The buildings at ``rows`` of a tree's index in full, read by ``bbox`` (cache CRS)."""
    fids = index.fids[rows]
    at = index.read_at
    with _gc_paused():
        if len(rows) and bool(index.solid[rows].all()):
            return solid_mesh(solid_rows(cache, bbox, at), fids, origin)
        feats = extruded_rows(cache, bbox, at)
        keep = np.flatnonzero(np.isin(feats.fids, fids))
        height = np.array(feats.columns["height"], dtype=np.float64)[keep]
        ground = np.array(feats.columns["ground_z"], dtype=np.float64)[keep]
        geoms = feats.geoms[keep]
        ok = ~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)
        return extrude_footprints(geoms[ok], ground[ok], height[ok], feats.fids[keep][ok],
                                  origin)


def _appended(a: pv.PolyData, b: pv.PolyData) -> pv.PolyData:
    """One mesh of two with the same cell data (fid, part, Normals): a's cells, then b's."""
    if b.n_cells == 0:
        return a
    if a.n_cells == 0:
        return b
    import vtk

    append = vtk.vtkAppendPolyData()
    append.AddInputData(a)
    append.AddInputData(b)
    append.Update()
    return pv.wrap(append.GetOutput())
