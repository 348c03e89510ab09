"""The view of a ``vectors`` layer: polygons, lines and points draped on the terrain.

Every feature of the layer goes into a few merged meshes (never one actor per feature), each
with the cell arrays ``fid`` (picking) and ``rgb`` (the style's colour of its feature):

- polygons: a fill (constrained triangulation, :mod:`viewer.triangulate`) and an outline
  (lines of ``Style.line_width`` pixels in ``Style.outline``); ``Style.fill`` and
  ``Style.outline`` switch them in place;
- lines: ribbons ``Style.width_field`` metres wide (roads by class and width; one actor per
  style class, wider classes on top) or, without a width field, lines of ``line_width`` pixels;
- points: one actor of round point sprites ``point_size`` pixels across.

Draped geometry takes its z from the terrain (:func:`layers.terrain.terrain_heights`, on the
drawn terrain's own triangles): edges are densified to the DEM cell so lines follow the
ground, and fill triangles are split where the ground under them bends more than
:data:`SAG`. Features with their own z (``VectorData.has_z``) are drawn at it.

No z-fighting at any distance: draped actors are lifted a little (:data:`LIFT`) and pulled
towards the camera in depth by VTK's coincident-topology offsets (a constant in the depth
buffer, so it holds near and far), stronger for layers higher in the panel and, within a
layer, for outlines over fills and wider roads over narrower ones. Their colours are unlit,
so a road shows the style's colour exactly.

Labels (``Style.label_field``) are drawn near the camera by :class:`viewer.labels.Labels`.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import shapely
import vtk
from vtkmodules.util.numpy_support import numpy_to_vtk, numpy_to_vtkIdTypeArray, vtk_to_numpy

from layers.render import class_index, feature_colours, feature_widths, filter_mask
from layers.terrain import dem_grid, terrain_heights
from viewer.labels import Labels, label_anchors
from viewer.triangulate import ring_coordinates, triangulate_rings
from viewer.views.base import View, picked_fid

#: Metres every draped layer floats above the terrain, plus LIFT_STEP per layer below it.
LIFT = 0.05
LIFT_STEP = 0.02
#: Depth offsets (VTK coincident topology, negative: towards the camera): per stacking level
#: (a layer has LEVELS_PER_LAYER levels: fill, width bands, outline), the slope factor and
#: the constant (units of 1/65000 of the depth range) grow by these steps.
OFFSET_FACTOR = (-1.0, -0.25)
OFFSET_UNITS = (-2.0, -1.0)
LEVELS_PER_LAYER = 8
#: Draped layers' opacity in underground mode, until the scene says otherwise.
UNDERGROUND_OPACITY = 0.3
#: Point symbols float this high (m) and are offset this much more.
POINT_LIFT = 0.3
#: Most width bands (actors) of a ribbon layer; wider bands are drawn over narrower ones.
MAX_BANDS = 6
#: Fill triangles are split while the terrain under an edge's midpoint or the centroid lies
#: more than SAG metres off the flat triangle (at most SPLIT_LEVELS times).
SAG = 0.3
SPLIT_LEVELS = 6
#: Points per edge where the terrain is compared with a straight edge (densify or not).
PROBES = 3
#: Densify draped edges to this many DEM cells (long edges then follow the terrain).
EDGE_CELLS = 1.0
MIN_EDGE = 1.0


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
        if grid is not None:  # heights as float64 with NaN for nodata, converted once
            from dataclasses import replace

            vals = np.asarray(grid.values, dtype=np.float64)
            if grid.nodata is not None:
                vals = np.where(vals == grid.nodata, np.nan, vals)
            grid = replace(grid, values=vals, nodata=None)
        self.grid = grid
        self.edge = max(float(grid.cell) * EDGE_CELLS, MIN_EDGE) if grid is not None else 0.0

    def __call__(self, xy: np.ndarray) -> np.ndarray:
        return terrain_heights(self.grid, xy[:, 0], xy[:, 1])


def _densify(geoms: np.ndarray, drape: Drape | None) -> np.ndarray:
    if drape is None or not drape.edge or not len(geoms):
        return geoms
    return shapely.segmentize(geoms, drape.edge)


def split_sagging(xy: np.ndarray, tris: np.ndarray, owner: np.ndarray, drape: Drape,
                  levels: int = SPLIT_LEVELS, sag: float = SAG
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Split fill triangles into four (edge midpoints, shared between neighbours) while the
    terrain under them departs from their plane by more than ``sag`` m. Returns (xy, z,
    triangles, owner); only the triangles made by a split are looked at again."""
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


def densify_rings(coords: np.ndarray, ring: np.ndarray, drape: Drape, sag: float = SAG
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Closed rings' vertices with extra vertices (every ``drape.edge`` m) on the edges
    under which the terrain departs from the straight edge by more than ``sag`` m; edges on
    even ground stay as they are. Returns (xy, ring of each vertex)."""
    xy = coords[:, :2]
    j = np.flatnonzero(ring[:-1] == ring[1:])  # edge j: vertex j to j + 1
    if not len(j) or not drape.edge:
        return xy, ring
    a, b = xy[j], xy[j + 1]
    length = np.hypot(*(b - a).T)
    k = np.maximum(np.ceil(length / drape.edge).astype(np.int64), 1)
    inner = np.minimum(k - 1, PROBES)  # the terrain is probed at a few points per edge
    if inner.sum():
        e = np.repeat(np.arange(len(j)), inner)
        start = np.cumsum(inner) - inner
        t = (np.arange(inner.sum()) - np.repeat(start, inner) + 1) / np.repeat(inner + 1, inner)
        probe = a[e] + (b - a)[e] * t[:, None]
        zv = drape(xy)
        za, zb = zv[j], zv[j + 1]
        dev = np.abs(drape(probe) - (za[e] + (zb - za)[e] * t))
        worst = np.zeros(len(j))
        np.maximum.at(worst, e, dev)
        k = np.where(worst > sag, k, 1)
    # every edge's start and its k - 1 inner points, then each ring's closing vertex
    e = np.repeat(np.arange(len(j)), k)
    start = np.cumsum(k) - k
    t = (np.arange(k.sum()) - np.repeat(start, k)) / np.repeat(k, k)
    pts = a[e] + (b - a)[e] * t[:, None]
    pr = ring[j][e]
    last = np.flatnonzero(np.r_[ring[1:] != ring[:-1], True])  # closing vertices
    out = np.concatenate([pts, xy[last]])
    out_ring = np.concatenate([pr, ring[last]])
    order = np.argsort(np.concatenate([np.arange(len(pts)) * 2.0,
                                       np.searchsorted(pr, ring[last], side="right") * 2.0
                                       - 1.0]), kind="stable")
    return out[order], out_ring[order]


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


def polygon_meshes(geoms: np.ndarray, has_z: bool, drape: Drape | None
                   ) -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray],
                              tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Fill and outline of polygons: ((xyz, triangles, feature of each),
    (xyz, vertex counts of each ring, feature of each ring))."""
    parts, part_feat = shapely.get_parts(geoms, return_index=True)
    coords, ring, ring_poly = ring_coordinates(parts, include_z=has_z)
    draped = not has_z and drape is not None and drape.grid is not None
    if draped:
        xy, ring = densify_rings(coords, ring, drape)
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
    parts = _densify(parts, None if has_z else drape)
    coords, which = shapely.get_coordinates(parts, include_z=has_z, return_index=True)
    counts = np.bincount(which, minlength=len(parts))
    return _xyz(coords, has_z, drape), counts, part_feat


def ribbons(geoms: np.ndarray, widths: np.ndarray, has_z: bool, drape: Drape | None
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lines as flat strips ``widths`` metres wide (per feature), square-capped so joined
    roads leave no gap: (xyz, triangles, feature of each triangle)."""
    parts, part_feat = shapely.get_parts(geoms, return_index=True)
    parts = _densify(parts, None if has_z else drape)
    coords, which = shapely.get_coordinates(parts, include_z=has_z, return_index=True)
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


class VectorsView(View):
    """The merged meshes of one vectors layer (see the module docstring).

    ``data`` is the layer's :class:`layers.vectors.VectorData` after its filter; ``parts``
    its meshes; ``labels`` the labels drawn near the camera; ``build_seconds`` how long
    meshing took (reading excluded).
    """

    kind = "vectors"

    def __init__(self, layer: Any, origin: Any) -> None:
        super().__init__(layer, origin)
        self.data: Any = None
        self.parts: list[Part] = []
        self.labels: Labels | None = None
        self.error: Exception | None = None
        self.build_seconds = 0.0
        self._built_style: Any = None
        self._classes: np.ndarray | None = None  # ribbons: the style class of each feature
        #: How opaque draped layers are at most in underground mode (the scene sets it with
        #: the terrain's).
        self.underground_opacity = UNDERGROUND_OPACITY
        self._rank = 0

    # -- building (off the GUI thread) --------------------------------------------------------
    def read(self, model: Any) -> Any:
        """The layer's features in the map CRS, through ``layers.vectors`` (never store/)."""
        from layers.vectors import read_layer

        crs = model.cache.crs if model.cache is not None else None
        return read_layer(self.layer.source, crs, cache=model.cache)

    def build(self, model: Any, data: Any = None, grid: Any = None) -> None:
        """Read (unless ``data`` is given), filter and mesh the layer; ``grid`` is the DEM
        (default: the cache's)."""
        super().build(model)
        if data is None:
            data = self.read(model)
        if grid is None and model is not None and getattr(model, "cache", None) is not None:
            grid = dem_grid(model.cache)
        self.mesh(data, grid)

    def mesh(self, data: Any, grid: Any) -> None:
        """Mesh ``data`` (a VectorData) draped on ``grid`` (a DEM Grid or None)."""
        t0 = time.perf_counter()
        try:
            keep = filter_mask(self.layer.filter, data.columns, len(data))
        except Exception as exc:  # noqa: BLE001 — a filter the panel let through: draw all
            self.error, keep = exc, np.ones(len(data), dtype=bool)
        if not keep.all():
            data = _subset(data, keep)
        self.data = data
        style = self.layer.style
        self._built_style = style
        drape = Drape(grid)
        fids = np.asarray(data.fids, dtype=np.int64)
        geoms, has_z = data.geoms, bool(data.has_z)
        parts: list[Part] = []
        o = self.origin
        if len(data) and data.geometry == "polygon":
            (fxyz, tris, tfeat), (lxyz, counts, rfeat) = polygon_meshes(geoms, has_z, drape)
            parts.append(Part("fill", make_polydata(o.to_local(fxyz), polys=tris, fids=fids,
                                                    feature=tfeat), 0))
            parts.append(Part("outline", make_polydata(o.to_local(lxyz), line_counts=counts,
                                                       fids=fids, feature=rfeat),
                              LEVELS_PER_LAYER - 1))
        elif len(data) and data.geometry == "line":
            if style.width_field and style.width_field in data.columns:
                widths = feature_widths(style, data.columns, len(data))
                self._classes = class_index(style, data.columns, len(data))
                for level, band in enumerate(_bands(widths, self._classes)):
                    pts, tris, tfeat = ribbons(geoms[band], widths[band], has_z, drape)
                    if len(tris):
                        parts.append(Part("ribbon", make_polydata(
                            o.to_local(pts), polys=tris, fids=fids, feature=band[tfeat]),
                            level))
            else:
                xyz, counts, pfeat = line_paths(geoms, has_z, drape)
                parts.append(Part("line", make_polydata(o.to_local(xyz), line_counts=counts,
                                                        fids=fids, feature=pfeat), 0))
        elif len(data) and data.geometry == "point":
            xyz, pfeat = point_positions(geoms, has_z, drape)
            parts.append(Part("point", make_polydata(o.to_local(xyz), verts=True, fids=fids,
                                                     feature=pfeat), 0))
        self.parts = parts
        self.actors = {self.layer.name: [p.actor for p in parts]}
        anchors, texts = label_anchors(data, style, drape)
        self.labels = Labels(o.to_local(anchors) if len(anchors) else anchors, texts,
                             style.label_distance) if texts else None
        self._colour()
        self.build_seconds = time.perf_counter() - t0

    # -- the protocol (GUI thread) ------------------------------------------------------------
    def attach(self, renderer: Any) -> None:
        super().attach(renderer)
        if self.labels is not None:
            self.labels.attach(renderer)
        self.update("order")

    def detach(self) -> None:
        if self.labels is not None:
            self.labels.detach()
        super().detach()

    def update(self, what: str) -> bool:
        if what in ("filter", "source"):
            return False
        if what == "style":
            return self._restyle()
        if what == "order":
            self._stack()
            return True
        if what in ("opacity", "underground"):
            opacity = self.opacity()
            fill = min(max(float(self.layer.style.fill_opacity), 0.0), 1.0)
            for part in self.parts:
                part.actor.GetProperty().SetOpacity(opacity * fill if part.role == "fill"
                                                    else opacity)
            if self.labels is not None:
                self.labels.set_opacity(self.layer.opacity)
            return True
        return super().update(what)

    def opacity(self) -> float:
        """The layer's opacity; underground, no more than the ground's (the scene's
        ``underground_opacity``, or the terrain layer's), so the pipes below show through
        the roads as through the ground."""
        opacity = self.layer.opacity
        model = self.model
        if model is not None and getattr(model, "underground", False) and not (
                self.data is not None and self.data.has_z):
            opacity = min(opacity, self.underground_opacity,
                          *(t.opacity for t in model.layers.of_kind("terrain")))
        return opacity

    def apply_visibility(self) -> None:
        on = self.shown
        style = self.layer.style
        for part in self.parts:
            shown = on
            if part.role == "fill":
                shown = on and style.fill
            elif part.role == "outline":
                shown = on and (style.outline is not None or not style.fill)
            part.actor.SetVisibility(shown)
        if self.labels is not None:
            self.labels.set_enabled(on)

    def frame(self, camera: Any) -> bool:
        if self.labels is None or not self.shown:
            return False
        return self.labels.frame(camera)

    def pick(self, prop: Any, cell: int, dataset: Any = None) -> tuple[str, int] | None:
        for part in self.parts:
            if part.actor is prop:
                fid = picked_fid(dataset if dataset is not None else part.poly, cell)
                return None if fid is None else (self.layer.name, fid)
        return None

    # -- helpers -------------------------------------------------------------------------------
    @property
    def draped(self) -> bool:
        """Whether the features lie on the terrain (a little above it, lifted for depth):
        a surface pick on them should take the terrain's height at that x, y."""
        return not (self.data is not None and self.data.has_z)

    def drawn_fids(self) -> np.ndarray:
        """The distinct fids in the meshes' cell data (every feature drawn, once)."""
        arrays = [vtk_to_numpy(p.poly.GetCellData().GetArray("fid")) for p in self.parts]
        return np.unique(np.concatenate(arrays)) if arrays else np.zeros(0, np.int64)

    def _restyle(self) -> bool:
        old, new = self._built_style, self.layer.style
        if old is not None and (old.width_field != new.width_field
                                or (old.width_field and old.line_width != new.line_width)):
            return False  # other ribbons: mesh again
        if old is not None and (old.label_field != new.label_field
                                or old.label_distance != new.label_distance):
            return False
        if self._classes is not None and self.data is not None and not same_partition(
                self._classes, class_index(new, self.data.columns, len(self.data))):
            return False  # ribbons are grouped by class: group them again
        self._built_style = new
        self._colour()
        self.update("opacity")  # the fill's own opacity may have changed
        self.apply_visibility()
        return True

    def _colour(self) -> None:
        if self.data is None:
            return
        style = self.layer.style
        n = len(self.data)
        rgb = feature_colours(style, self.data.columns, n) if n else np.zeros((0, 3), np.uint8)
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

    def _stack(self) -> None:
        """Depth offsets and lift from the layer's place among the draped layers: each
        vectors layer below it in the panel pushes it one step up."""
        rank = 0
        if self.model is not None:
            layers = list(self.model.layers)
            if self.layer in layers:
                below = layers[layers.index(self.layer) + 1:]
                rank = sum(1 for la in below if la.kind == "vectors")
        self._rank = rank
        for part in self.parts:
            level = 1 + rank * LEVELS_PER_LAYER + part.level
            factor = OFFSET_FACTOR[0] + OFFSET_FACTOR[1] * level
            units = OFFSET_UNITS[0] + OFFSET_UNITS[1] * level
            mapper = part.actor.GetMapper()
            if part.role in ("fill", "ribbon"):
                mapper.SetRelativeCoincidentTopologyPolygonOffsetParameters(factor, units)
            elif part.role == "point":
                mapper.SetRelativeCoincidentTopologyPointOffsetParameter(units - 4.0)
            else:
                mapper.SetRelativeCoincidentTopologyLineOffsetParameters(factor, units)
            lift = 0.0 if self.data is not None and self.data.has_z else (
                LIFT + LIFT_STEP * rank + (POINT_LIFT if part.role == "point" else 0.0))
            part.actor.SetPosition(0.0, 0.0, lift)


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
    from dataclasses import replace

    idx = np.flatnonzero(keep)
    columns = {k: (v[idx] if isinstance(v, np.ndarray) else [v[i] for i in idx])
               for k, v in data.columns.items()}
    return replace(data, fids=np.asarray(data.fids)[idx], geoms=np.asarray(data.geoms)[idx],
                   columns=columns)


__all__ = ["Drape", "VectorsView", "line_paths", "point_positions", "polygon_meshes",
           "ribbons", "split_sagging", "use_offsets"]
