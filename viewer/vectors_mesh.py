"""Meshes of draped vector features (pure numpy/shapely geometry, then VTK poly data): what
:class:`viewer.views.vectors.VectorsView` draws, for a whole layer or one tile of it.

- polygons: a fill (constrained triangulation, :mod:`viewer.triangulate`) and an outline;
- lines: ribbons ``Style.width_field`` metres wide (one mesh per style class or width band)
  or lines of ``line_width`` pixels;
- points: round point sprites.

Draped geometry takes its z from the terrain (:class:`Drape`, on the DEM's own triangles):
edges are probed at every DEM cell and get vertices only where the ground under them (and
under a ribbon's two sides) bends more than :data:`SAG` (:func:`drape_path_vertices`), and
fill triangles are split where the ground under them bends more than that; a far tile's
drape may depart from the ground by its geometric error (:meth:`Drape.coarser`). Features
with their own z are drawn at it. :func:`mesh_features` makes a tile's content
(:class:`VectorTile`) off the GUI thread.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import shapely
import vtk
from vtkmodules.util.numpy_support import numpy_to_vtk, numpy_to_vtkIdTypeArray, vtk_to_numpy

from layers.render import class_index, feature_colours, feature_widths, filter_mask
from layers.terrain import terrain_heights
from viewer.labels import label_anchors
from viewer.triangulate import ring_coordinates, triangulate_rings

#: Levels of stacking within one layer (fill, width bands, outline).
LEVELS_PER_LAYER = 8
#: Most width bands (actors) of a ribbon layer; wider bands are drawn over narrower ones.
MAX_BANDS = 6
#: Fill triangles are split while the terrain under an edge's midpoint or the centroid lies
#: more than SAG metres off the flat triangle (at most SPLIT_LEVELS times).
SAG = 0.3
SPLIT_LEVELS = 6
#: Draped edges are probed every this many DEM cells.
EDGE_CELLS = 1.0
MIN_EDGE = 1.0
#: Rounds of splitting a draped line's edges at their worst probe (then every probe is kept).
ADAPT_ROUNDS = 24


def use_offsets() -> None:
    """Turn VTK's coincident-topology offsets on with zero global parameters: only mappers
    given relative offsets (the draped layers) move in depth, the rest of the scene keeps
    its plain depth writes (and early depth tests)."""
    vtk.vtkMapper.SetResolveCoincidentTopologyToPolygonOffset()
    vtk.vtkMapper.SetResolveCoincidentTopologyPolygonOffsetParameters(0.0, 0.0)
    vtk.vtkMapper.SetResolveCoincidentTopologyLineOffsetParameters(0.0, 0.0)
    vtk.vtkMapper.SetResolveCoincidentTopologyPointOffsetParameter(0.0)


use_offsets()


# -- geometry (pure numpy/shapely: world coordinates in, xy + cells out) -----------------------
class Drape:
    """z of draped vertices: the terrain (on its drawn triangles), or 0 without a DEM."""

    def __init__(self, grid: Any) -> None:
        self.grid = grid  # shared, never copied: terrain_heights reads only the cells it needs
        self.edge = max(float(grid.cell) * EDGE_CELLS, MIN_EDGE) if grid is not None else 0.0
        #: How far (m) draped geometry may depart from the terrain between its vertices.
        self.sag = SAG

    def __call__(self, xy: np.ndarray) -> np.ndarray:
        return terrain_heights(self.grid, xy[:, 0], xy[:, 1])

    def coarser(self, error: float) -> Drape:
        """This drape for a tile of geometric error ``error`` (m): draped geometry may depart
        from the terrain by up to ``error`` (what the tile's error says it leaves out), probed
        every ``error`` m at the finest (a far tile need not follow every DEM cell)."""
        if self.grid is None or (error <= self.edge and error <= self.sag):
            return self
        out = copy.copy(self)
        out.edge = max(self.edge, float(error))
        out.sag = max(self.sag, float(error))
        return out


def drape_path_vertices(xy: np.ndarray, which: np.ndarray, drape: Drape,
                        sag: float | None = None, rounds: int = ADAPT_ROUNDS,
                        half: np.ndarray | None = None, fine: np.ndarray | None = None
                        ) -> tuple[np.ndarray, np.ndarray]:
    """Polylines' vertices (``xy``, ``which`` part each belongs to, parts in order) with just
    the vertices a draped line needs: each edge is probed every ``drape.edge`` m and split at
    its worst probe (Douglas-Peucker on the draped profile) while the terrain there departs
    from the straight draped edge by more than ``sag`` m (default ``drape.sag``). Edges on
    even ground stay whole; a bent edge gets vertices only where it bends. ``half`` (per
    vertex, m): the line is a ribbon that wide each side; its two sides are probed too.
    ``fine`` (per vertex): an edge between two such vertices is draped within :data:`SAG`
    whatever ``sag`` (a cut between two pieces of a polygon: both sides agree at any level).
    Returns (xy, which) of the vertices kept, original vertices included."""
    sag = drape.sag if sag is None else float(sag)
    xy = np.asarray(xy, np.float64)[:, :2]
    which = np.asarray(which)
    j = np.flatnonzero(which[:-1] == which[1:]) if len(xy) > 1 else np.zeros(0, np.int64)
    if not len(j) or not drape.edge or drape.grid is None:
        return xy, which
    a, b = xy[j], xy[j + 1]
    k = np.maximum(np.ceil(np.hypot(*(b - a).T) / drape.edge).astype(np.int64), 1)
    # every vertex, then the k - 1 probes of the edge it starts: its position in the output
    n = len(xy)
    slots = np.ones(n, np.int64)
    slots[j] = k
    first = np.cumsum(slots) - slots
    total = int(slots.sum())
    out = np.empty((total, 2))
    out_which = np.empty(total, which.dtype)
    out[first] = xy
    out_which[first] = which
    e = np.repeat(np.arange(len(j)), k - 1)
    if len(e):
        step = np.arange(len(e)) - np.repeat(np.cumsum(k - 1) - (k - 1), k - 1) + 1
        pos = first[j][e] + step
        out[pos] = a[e] + (b - a)[e] * (step / k[e])[:, None]
        out_which[pos] = which[j][e]
    keep = np.zeros(total, dtype=bool)
    keep[first] = True
    if not len(e):
        return out, out_which
    edge_sag = np.full(total, sag)  # at an edge's first vertex
    if fine is not None:
        f = np.asarray(fine, bool)
        edge_sag[first[j[f[j] & f[j + 1]]]] = min(sag, SAG)
    z = drape(out)[:, None]
    if half is not None:  # the sides of a ribbon: straight lines beside each edge
        d = b - a
        normal = np.column_stack([-d[:, 1], d[:, 0]]) / np.maximum(
            np.hypot(d[:, 0], d[:, 1]), 1e-12)[:, None]
        side = np.zeros((total, 2))
        side[first[j]] = normal * np.asarray(half, np.float64)[j][:, None]
        if len(e):
            side[pos] = side[first[j]][e]
        last = first[j] + k  # an edge's end vertex beside the edge: that edge's normal
        side[last] = side[first[j]]
        z = np.column_stack([z, drape(out + side), drape(out - side)])
    lo, hi = first[j], first[j] + k  # intervals between kept vertices, probed inside
    for _ in range(rounds):
        inner = hi - lo - 1
        live = inner > 0
        lo, hi, inner = lo[live], hi[live], inner[live]
        if not len(lo):
            break
        g = np.repeat(np.arange(len(lo)), inner)
        idx = np.repeat(lo + 1, inner) + np.arange(inner.sum()) - np.repeat(
            np.cumsum(inner) - inner, inner)
        t = (idx - lo[g]) / (hi - lo)[g]
        dev = np.abs(z[idx] - (z[lo][g] + (z[hi] - z[lo])[g] * t[:, None])).max(axis=1)
        order = np.lexsort((-dev, g))
        head = order[np.r_[0, np.cumsum(inner)[:-1]]]  # each interval's worst probe
        split = dev[head] > edge_sag[lo]
        if not split.any():
            lo, hi = lo[:0], hi[:0]
            break
        mid = idx[head[split]]
        keep[mid] = True
        lo, hi = np.concatenate([lo[split], mid]), np.concatenate([mid, hi[split]])
    for s_, e_ in zip(lo, hi, strict=True):  # out of rounds: what is left keeps every probe
        keep[s_ + 1:e_] = True
    return out[keep], out_which[keep]


def _drape_paths(geoms: np.ndarray, has_z: bool, drape: Drape | None,
                 half: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Coordinates and part of each of line parts ``geoms`` (``half``: a ribbon's half width
    per part), draped vertices added where the ground needs them
    (:func:`drape_path_vertices`)."""
    coords, which = shapely.get_coordinates(geoms, include_z=has_z, return_index=True)
    if has_z or drape is None or drape.grid is None or not len(coords):
        return coords, which
    return drape_path_vertices(coords, which, drape,
                               half=None if half is None else np.asarray(half)[which])


def split_sagging(xy: np.ndarray, tris: np.ndarray, owner: np.ndarray, drape: Drape,
                  levels: int = SPLIT_LEVELS, sag: float | None = None
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Split fill triangles into four (edge midpoints, shared between neighbours) while the
    terrain under them departs from their plane by more than ``sag`` m (default
    ``drape.sag``). Returns (xy, z, triangles, owner); only the triangles made by a split are
    looked at again."""
    sag = drape.sag if sag is None else sag
    z = drape(xy)
    fresh = np.arange(len(tris))
    for _ in range(levels):
        if not len(fresh):
            break
        t = tris[fresh]
        a, b, c = (xy[t[:, k]] for k in range(3))
        longest = np.maximum.reduce([np.hypot(*(a - b).T), np.hypot(*(b - c).T),
                                     np.hypot(*(c - a).T)])
        cand = fresh[longest > 1.5 * drape.edge]
        if not len(cand):
            break
        t = tris[cand]
        # probe the centroid and the middle of the longest edge
        ends = np.stack([t, np.roll(t, -1, axis=1)], axis=2)  # edges (0,1) (1,2) (2,0)
        d = xy[ends[:, :, 1]] - xy[ends[:, :, 0]]
        e = ends[np.arange(len(t)), np.argmax(np.einsum("ijk,ijk->ij", d, d), axis=1)]
        probes = np.concatenate([(xy[e[:, 0]] + xy[e[:, 1]]) / 2, xy[t].mean(axis=1)])
        flat = np.concatenate([(z[e[:, 0]] + z[e[:, 1]]) / 2, z[t].mean(axis=1)])
        off = np.abs(drape(probes) - flat).reshape(2, -1).max(axis=0)
        big = cand[off > sag]
        if not len(big):
            break
        t = tris[big]
        pairs = np.concatenate([t[:, [0, 1]], t[:, [1, 2]], t[:, [2, 0]]])
        pairs.sort(axis=1)
        key = pairs[:, 0] * np.int64(len(xy) + 1) + pairs[:, 1]
        uniq, first, inv = np.unique(key, return_index=True, return_inverse=True)
        mids = (xy[pairs[first, 0]] + xy[pairs[first, 1]]) / 2
        m = (len(xy) + inv).reshape(3, -1)
        m01, m12, m20 = m
        v0, v1, v2 = t.T
        new = np.concatenate([np.stack([v0, m01, m20], 1), np.stack([m01, v1, m12], 1),
                              np.stack([m20, m12, v2], 1), np.stack([m01, m12, m20], 1)])
        keep = np.ones(len(tris), dtype=bool)
        keep[big] = False
        owner = np.concatenate([owner[keep], np.tile(owner[big], 4)])
        fresh = np.arange(int(keep.sum()), int(keep.sum()) + len(new))
        tris = np.concatenate([tris[keep], new])
        xy = np.concatenate([xy, mids])
        z = np.concatenate([z, drape(mids)])
    return xy, z, tris, owner


def densify_rings(coords: np.ndarray, ring: np.ndarray, drape: Drape,
                  sag: float | None = None, fine: np.ndarray | None = None
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Closed rings' vertices with extra vertices where the terrain departs from a straight
    draped edge by more than ``sag`` m (default ``drape.sag``), as
    :func:`drape_path_vertices` does for lines; edges on even ground stay as they are.
    Returns (xy, ring of each vertex)."""
    return drape_path_vertices(coords[:, :2], ring, drape, sag, fine=fine)


def convex_rings(xy: np.ndarray, ring: np.ndarray, ring_poly: np.ndarray) -> np.ndarray:
    """Per ring: whether it is the only ring of its polygon and convex (every turn the same
    way, straight runs allowed), so a fan triangulates it."""
    n_rings = len(ring_poly)
    j = np.flatnonzero(ring[:-1] == ring[1:])
    if not len(j):
        return np.zeros(n_rings, dtype=bool)
    e = xy[j + 1] - xy[j]
    er = ring[j]
    first = np.r_[True, er[1:] != er[:-1]]
    start = np.flatnonzero(first)
    nxt = np.arange(len(j)) + 1
    last = np.r_[er[1:] != er[:-1], True]
    nxt[last] = start[np.cumsum(first)[last] - 1]
    cross = e[:, 0] * e[nxt, 1] - e[:, 1] * e[nxt, 0]
    tol = 1e-9 * np.einsum("ij,ij->i", e, e)
    lo = np.minimum.reduceat(np.where(np.abs(cross) <= tol, 0.0, cross), start)
    hi = np.maximum.reduceat(np.where(np.abs(cross) <= tol, 0.0, cross), start)
    ok = np.zeros(n_rings, dtype=bool)
    ok[er[start]] = ((lo >= 0) | (hi <= 0)) & ((hi > 0) | (lo < 0))
    ok &= np.bincount(ring_poly, minlength=ring_poly.max() + 1)[ring_poly] == 1
    ok &= np.bincount(ring, minlength=n_rings) >= 4
    return ok


def triangulate(xy: np.ndarray, ring: np.ndarray, ring_poly: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray]:
    """Triangles (vertex indices into ``xy``) and their polygon: convex single rings as
    fans (most footprints and parcels: no GEOS call), the rest by constrained Delaunay."""
    fan = convex_rings(xy, ring, ring_poly)
    counts = np.bincount(ring, minlength=len(ring_poly))
    starts = np.cumsum(counts) - counts
    r = np.flatnonzero(fan)
    k = counts[r] - 3  # triangles per fan (the closing vertex repeats the first)
    base = np.repeat(starts[r], k)
    i = np.arange(k.sum()) - np.repeat(np.cumsum(k) - k, k) + 1
    fans = np.stack([base, base + i, base + i + 1], axis=1)
    fan_owner = np.repeat(ring_poly[r], k)
    rest = np.flatnonzero(~fan)
    if not len(rest):
        return fans, fan_owner
    keep = np.flatnonzero(~fan[ring])
    sub_ring = np.searchsorted(rest, ring[keep])
    tris, owner = triangulate_rings(xy[keep], sub_ring, ring_poly[rest])
    return np.concatenate([fans, keep[tris]]), np.concatenate([fan_owner, owner])


def polygon_meshes(geoms: np.ndarray, has_z: bool, drape: Drape | None,
                   outlines: np.ndarray | None = None, cuts: np.ndarray | None = None
                   ) -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray],
                              tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Fill and outline of polygons: ((xyz, triangles, feature of each),
    (xyz, vertex counts of each ring or line, feature of each)). ``outlines`` (a line
    geometry per polygon): what the outline draws instead of the rings (a polygon cut into
    pieces: its boundary within the piece, never the cut); ``cuts`` (n, 4): the square each
    polygon was cut to (NaN: none), whose sides are draped in full at every level."""
    parts, part_feat = shapely.get_parts(geoms, return_index=True)
    coords, ring, ring_poly = ring_coordinates(parts, include_z=has_z)
    draped = not has_z and drape is not None and drape.grid is not None
    if draped:
        fine = None
        if cuts is not None and len(coords):
            box = np.asarray(cuts, np.float64)[part_feat[ring_poly[ring]]]
            x, y = coords[:, 0], coords[:, 1]
            fine = (x == box[:, 0]) | (x == box[:, 2]) | (y == box[:, 1]) | (y == box[:, 3])
        xy, ring = densify_rings(coords, ring, drape, fine=fine)
    else:
        xy = coords[:, :2]
    tris, owner = triangulate(xy, ring, ring_poly)
    if has_z:
        fill_xyz = coords
    elif draped:
        fxy, fz, tris, owner = split_sagging(xy, tris, owner, drape)
        fill_xyz = np.column_stack([fxy, fz])
    else:
        fill_xyz = np.column_stack([xy, np.zeros(len(xy))])
    if outlines is not None:
        return (fill_xyz, tris, part_feat[owner]), line_paths(outlines, has_z, drape)
    counts = np.bincount(ring, minlength=len(ring_poly))
    line_xyz = coords if has_z else fill_xyz[:len(xy)]
    return ((fill_xyz, tris, part_feat[owner]),
            (line_xyz, counts, part_feat[ring_poly]))


def _xyz(coords: np.ndarray, has_z: bool, drape: Drape | None) -> np.ndarray:
    if has_z and coords.shape[1] == 3:
        return np.where(np.isfinite(coords), coords, 0.0)
    z = drape(coords[:, :2]) if drape is not None else np.zeros(len(coords))
    return np.column_stack([coords[:, :2], z])


def line_paths(geoms: np.ndarray, has_z: bool, drape: Drape | None
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lines as polylines: (xyz, vertex count of each part, feature of each part)."""
    parts, part_feat = shapely.get_parts(geoms, return_index=True)
    coords, which = _drape_paths(parts, has_z, drape)
    counts = np.bincount(which, minlength=len(parts))
    return _xyz(coords, has_z, drape), counts, part_feat


def ribbons(geoms: np.ndarray, widths: np.ndarray, has_z: bool, drape: Drape | None
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lines as flat strips ``widths`` metres wide (per feature), square-capped so joined
    roads leave no gap: (xyz, triangles, feature of each triangle)."""
    parts, part_feat = shapely.get_parts(geoms, return_index=True)
    coords, which = _drape_paths(parts, has_z, drape,
                                 half=np.asarray(widths, np.float64)[part_feat] / 2.0)
    if len(coords):  # drop repeated vertices (zero-length segments)
        same = np.zeros(len(coords), dtype=bool)
        same[1:] = (which[1:] == which[:-1]) & np.all(coords[1:, :2] == coords[:-1, :2], axis=1)
        coords, which = coords[~same], which[~same]
    n = len(coords)
    empty = (np.zeros((0, 3)), np.zeros((0, 3), np.int64), np.zeros(0, np.int64))
    if n < 2:
        return empty
    xy = coords[:, :2]
    nxt = np.zeros(n, dtype=bool)
    nxt[:-1] = which[:-1] == which[1:]  # vertex i has a successor in its line
    prv = np.zeros(n, dtype=bool)
    prv[1:] = nxt[:-1]
    seg = np.zeros((n, 2))
    seg[:-1] = xy[1:] - xy[:-1]
    length = np.hypot(seg[:, 0], seg[:, 1])
    unit = np.divide(seg, length[:, None], out=np.zeros_like(seg), where=length[:, None] > 0)
    t_out = np.where(nxt[:, None], unit, 0.0)
    t_in = np.zeros((n, 2))
    t_in[1:] = np.where(prv[1:, None], unit[:-1], 0.0)
    tangent = t_in + t_out
    tl = np.hypot(tangent[:, 0], tangent[:, 1])
    tangent = np.divide(tangent, tl[:, None], out=np.zeros_like(tangent),
                        where=tl[:, None] > 1e-12)
    normal = np.column_stack([-tangent[:, 1], tangent[:, 0]])
    ref = np.where(nxt[:, None], t_out, t_in)  # a segment's direction at the vertex
    cos = np.abs(np.sum(np.column_stack([-ref[:, 1], ref[:, 0]]) * normal, axis=1))
    miter = 1.0 / np.clip(cos, 0.5, 1.0)  # at most 2× at sharp turns
    half = widths[part_feat[which]] / 2.0
    centre = xy.copy()
    centre[~prv] -= tangent[~prv] * half[~prv, None]  # square caps
    centre[~nxt] += tangent[~nxt] * half[~nxt, None]
    off = normal * (half * miter)[:, None]
    left, right = centre + off, centre - off
    side_xy = np.concatenate([left, right])
    if has_z and coords.shape[1] == 3:
        z = np.where(np.isfinite(coords[:, 2]), coords[:, 2], 0.0)
        pts = np.column_stack([side_xy, np.concatenate([z, z])])
    else:
        pts = _xyz(side_xy, False, drape)
    i = np.flatnonzero(nxt & (length > 0))
    tris = np.concatenate([np.stack([i, n + i, i + 1], 1), np.stack([n + i, n + i + 1, i + 1], 1)])
    feat = np.tile(part_feat[which[i]], 2)
    return pts, tris, feat


def point_positions(geoms: np.ndarray, has_z: bool, drape: Drape | None
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Points (multipoints split): (xyz, feature of each)."""
    parts, part_feat = shapely.get_parts(geoms, return_index=True)
    coords = shapely.get_coordinates(parts, include_z=has_z)
    return _xyz(coords, has_z, drape), part_feat


# -- VTK -----------------------------------------------------------------------------------
def _cells(counts: np.ndarray) -> vtk.vtkCellArray:
    offsets = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    cells = vtk.vtkCellArray()
    cells.SetData(numpy_to_vtkIdTypeArray(offsets, deep=True),
                  numpy_to_vtkIdTypeArray(np.arange(offsets[-1], dtype=np.int64), deep=True))
    return cells


def _regular(ids: np.ndarray) -> vtk.vtkCellArray:
    k = ids.shape[1] if ids.ndim == 2 else 1
    offsets = np.arange(0, len(ids) * k + 1, k, dtype=np.int64)
    cells = vtk.vtkCellArray()
    cells.SetData(numpy_to_vtkIdTypeArray(offsets, deep=True),
                  numpy_to_vtkIdTypeArray(np.ascontiguousarray(ids, np.int64).ravel(), deep=True))
    return cells


def make_polydata(points: np.ndarray, *, polys: np.ndarray | None = None,
                  line_counts: np.ndarray | None = None, verts: bool = False,
                  fids: np.ndarray, feature: np.ndarray) -> vtk.vtkPolyData:
    """A vtkPolyData of local float32 points and one kind of cells, with cell arrays
    ``fid`` (int64) and ``feature`` (index into the layer's features)."""
    poly = vtk.vtkPolyData()
    pts = vtk.vtkPoints()
    pts.SetData(numpy_to_vtk(np.ascontiguousarray(points, np.float32), deep=True))
    poly.SetPoints(pts)
    if polys is not None:
        poly.SetPolys(_regular(polys))
    elif line_counts is not None:
        poly.SetLines(_cells(line_counts))
    elif verts:
        poly.SetVerts(_regular(np.arange(len(points), dtype=np.int64)[:, None]))
    fid = numpy_to_vtk(np.ascontiguousarray(fids[feature], np.int64), deep=True)
    fid.SetName("fid")
    poly.GetCellData().AddArray(fid)
    feat = numpy_to_vtk(np.ascontiguousarray(feature, np.int64), deep=True)
    feat.SetName("feature")
    poly.GetCellData().AddArray(feat)
    return poly


def _actor(poly: vtk.vtkPolyData) -> vtk.vtkActor:
    mapper = vtk.vtkPolyDataMapper()
    mapper.SetInputData(poly)
    mapper.SetScalarModeToUseCellFieldData()
    mapper.SetColorModeToDirectScalars()
    mapper.SelectColorArray("rgb")
    mapper.ScalarVisibilityOn()
    mapper.SetResolveCoincidentTopologyToPolygonOffset()
    actor = vtk.vtkActor()
    actor.SetMapper(mapper)
    prop = actor.GetProperty()
    prop.LightingOff()  # the style's colour, exactly
    prop.BackfaceCullingOff()
    return actor


class Part:
    """One merged mesh of a layer: ``role`` fill | outline | ribbon | line | point; ``level``
    its stacking within the layer (higher: drawn over lower)."""

    def __init__(self, role: str, poly: vtk.vtkPolyData, level: int) -> None:
        self.role = role
        self.poly = poly
        self.level = level
        self.actor = _actor(poly)
        self.feature = vtk_to_numpy(poly.GetCellData().GetArray("feature"))

    def colour(self, rgb: np.ndarray) -> None:
        """Colour each cell by its feature (rgb: (n_features, 3) uint8)."""
        cells = np.ascontiguousarray(rgb[self.feature] if len(self.feature) else
                                     np.zeros((0, 3), np.uint8), dtype=np.uint8)
        arr = numpy_to_vtk(cells, deep=True)
        arr.SetName("rgb")
        self.poly.GetCellData().AddArray(arr)
        self.poly.Modified()


def same_partition(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether two labellings group the same features together (labels may differ)."""
    if len(a) != len(b):
        return False
    pairs = len(np.unique(np.stack([a, b], axis=1), axis=0)) if len(a) else 0
    return pairs == len(np.unique(a)) == len(np.unique(b))


def _bands(widths: np.ndarray, classes: np.ndarray | None = None) -> list[np.ndarray]:
    """Ribbon features in groups drawn one over the other, narrowest first: one group per
    style class (one colour per actor, so crossing roads of two classes never fight in
    depth) when there are at most MAX_BANDS, else by width."""
    if not len(widths):
        return []
    if classes is not None and len(np.unique(classes)) <= MAX_BANDS:
        groups = [np.flatnonzero(classes == c) for c in np.unique(classes)]
        return sorted(groups, key=lambda g: float(np.median(widths[g])))
    values = np.unique(np.round(widths, 1))
    if len(values) > MAX_BANDS:
        edges = np.quantile(widths, np.linspace(0, 1, MAX_BANDS + 1)[1:-1])
        band = np.searchsorted(np.unique(edges), widths, side="right")
    else:
        band = np.searchsorted(values, np.round(widths, 1))
    return [np.flatnonzero(band == b) for b in np.unique(band)]


def _subset(data: Any, keep: np.ndarray) -> Any:
    idx = np.flatnonzero(keep)
    columns = {k: (v[idx] if isinstance(v, np.ndarray) else [v[i] for i in idx])
               for k, v in data.columns.items()}
    return replace(data, fids=np.asarray(data.fids)[idx], geoms=np.asarray(data.geoms)[idx],
                   columns=columns)




# -- a tile's content --------------------------------------------------------------------------
@dataclass(eq=False)
class VectorTile:
    """The meshes of some features of a layer (the whole layer, or one tile of it).

    ``data`` the features drawn (a :class:`layers.vectors.VectorData`, after the layer's
    filter); ``parts`` their merged meshes; ``classes`` the style class of each feature
    (ribbons: meshes are grouped by it); ``anchors`` (scene-local) and ``texts`` its labels;
    ``style`` the style its colours were made with; ``error`` a filter that could not be read
    (every feature then drawn); ``label_fids`` the feature each label stands on.
    """

    key: str
    data: Any = None
    parts: list[Part] = field(default_factory=list)
    classes: np.ndarray | None = None
    anchors: np.ndarray = field(default_factory=lambda: np.zeros((0, 3)))
    texts: list[str] = field(default_factory=list)
    style: Any = None
    error: Exception | None = None
    label_fids: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))

    @property
    def nbytes(self) -> int:
        return sum(int(p.poly.GetActualMemorySize()) * 1024 for p in self.parts)

    def colour(self, style: Any) -> None:
        """Colour every part by ``style`` (fills, lines and points by feature; outlines in
        the style's outline colour), line widths and point sizes too."""
        self.style = style
        if self.data is None:
            return
        n = len(self.data)
        rgb = (feature_colours(style, self.data.columns, n) if n
               else np.zeros((0, 3), np.uint8))
        for part in self.parts:
            if part.role == "outline" and style.outline is not None:
                part.colour(np.broadcast_to(np.asarray(style.outline, np.uint8), (n, 3)))
            else:
                part.colour(rgb)
            prop = part.actor.GetProperty()
            if part.role in ("outline", "line"):
                prop.SetLineWidth(float(style.line_width))
            elif part.role == "point":
                prop.SetPointSize(float(style.point_size))
                prop.SetRenderPointsAsSpheres(True)


def mesh_features(key: str, data: Any, style: Any, expression: str | None,
                  drape: Drape | None, origin: Any, labels: bool = True,
                  outlines: np.ndarray | None = None, cuts: np.ndarray | None = None,
                  spans: Any = None) -> VectorTile:
    """Filter ``data`` (a VectorData) by ``expression`` and mesh it draped by ``drape``, in
    scene-local coordinates around ``origin``; coloured by ``style``; label anchors when
    ``labels``; ``outlines`` and ``cuts`` for polygons cut into pieces (see
    :func:`polygon_meshes`); ``spans`` the features' lifespans (a
    :class:`layers.lifespans.Lifespans` of features of every time: a label per lifespan).
    Makes VTK objects but touches no renderer (runs off the GUI thread)."""
    tile = VectorTile(key)
    try:
        keep = filter_mask(expression, data.columns, len(data))
    except Exception as exc:  # noqa: BLE001 — a filter the panel let through: draw all
        tile.error, keep = exc, np.ones(len(data), dtype=bool)
    if not keep.all():
        data = _subset(data, keep)
        outlines = None if outlines is None else np.asarray(outlines)[keep]
        cuts = None if cuts is None else np.asarray(cuts)[keep]
    tile.data = data
    fids = np.asarray(data.fids, dtype=np.int64)
    geoms, has_z = data.geoms, bool(data.has_z)
    parts = tile.parts
    o = origin
    if len(data) and data.geometry == "polygon":
        (fxyz, tris, tfeat), (lxyz, counts, rfeat) = polygon_meshes(geoms, has_z, drape,
                                                                    outlines, cuts)
        parts.append(Part("fill", make_polydata(o.to_local(fxyz), polys=tris, fids=fids,
                                                feature=tfeat), 0))
        parts.append(Part("outline", make_polydata(o.to_local(lxyz), line_counts=counts,
                                                   fids=fids, feature=rfeat),
                          LEVELS_PER_LAYER - 1))
    elif len(data) and data.geometry == "line":
        if style.width_field and style.width_field in data.columns:
            widths = feature_widths(style, data.columns, len(data))
            tile.classes = class_index(style, data.columns, len(data))
            for level, band in enumerate(_bands(widths, tile.classes)):
                pts, tris, tfeat = ribbons(geoms[band], widths[band], has_z, drape)
                if len(tris):
                    parts.append(Part("ribbon", make_polydata(
                        o.to_local(pts), polys=tris, fids=fids, feature=band[tfeat]), level))
        else:
            xyz, counts, pfeat = line_paths(geoms, has_z, drape)
            parts.append(Part("line", make_polydata(o.to_local(xyz), line_counts=counts,
                                                    fids=fids, feature=pfeat), 0))
    elif len(data) and data.geometry == "point":
        xyz, pfeat = point_positions(geoms, has_z, drape)
        parts.append(Part("point", make_polydata(o.to_local(xyz), verts=True, fids=fids,
                                                 feature=pfeat), 0))
    if labels:
        groups = None if spans is None else spans.groups(fids)
        anchors, tile.texts, tile.label_fids = label_anchors(data, style, drape, groups)
        tile.anchors = o.to_local(anchors) if len(anchors) else np.zeros((0, 3))
    tile.colour(style)
    return tile


__all__ = ["Drape", "Part", "VectorTile", "drape_path_vertices", "line_paths", "make_polydata",
           "mesh_features", "point_positions", "polygon_meshes", "ribbons", "same_partition",
           "split_sagging", "use_offsets"]
