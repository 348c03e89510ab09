"""The DEM as a triangulated surface in scene coordinates, optionally textured by an orthophoto.

Vertices sit at the DEM's pixel centres (strided when the grid is too large); two triangles per
grid cell, a triangle left out when one of its corners is nodata, so nodata shows as a hole, not
a spike. Normals come from the grid's gradient (numpy), no VTK filter runs.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pyvista as pv

from layers.terrain import Grid, Ortho, dem_grid
from layers.terrain import load_ortho as load_ortho
from viewer.origin import Origin


def _valid(grid: Grid) -> np.ndarray:
    return _valid_at(grid, grid.values)


def _valid_at(grid: Grid, vals: np.ndarray) -> np.ndarray:
    """Where ``vals`` (read from ``grid``) are heights: finite and not the grid's nodata."""
    ok = np.isfinite(vals)
    if grid.nodata is not None and np.isfinite(grid.nodata):
        ok &= vals != grid.nodata
    return ok


def _axis(n: int, step: int) -> np.ndarray:
    """Indices 0, step, 2·step, … plus the last one, so the whole extent is kept."""
    idx = np.arange(0, n, step)
    return idx if idx[-1] == n - 1 else np.append(idx, n - 1)


def _stride(rows: int, cols: int, max_cells: int) -> int:
    """The smallest stride giving at most max_cells triangles."""
    step = 1
    while True:
        r, c = len(_axis(rows, step)), len(_axis(cols, step))
        if 2 * (r - 1) * (c - 1) <= max_cells or (r <= 2 and c <= 2):
            return step
        guess = math.ceil(math.sqrt(2 * (rows - 1) * (cols - 1) / max(max_cells, 1)))
        step = max(step + 1, guess)


def terrain_mesh(grid: Grid, origin: Origin, *, max_cells: int = 1_000_000,
                 ortho: Grid | None = None) -> pv.PolyData:
    """The DEM as triangles (at most ``max_cells``) in local coordinates.

    Point data: ``elevation`` (float32), ``Normals``; with ``ortho``, texture coordinates
    (the ortho grid's bounds map onto [0, 1]², clipped outside it). Nodata leaves holes.
    """
    rows, cols = grid.values.shape
    step = _stride(rows, cols, max_cells) if rows > 1 and cols > 1 else 1
    return window_mesh(grid, _axis(rows, step), _axis(cols, step), origin, ortho=ortho)


def _extended(idx: np.ndarray, n: int) -> tuple[np.ndarray, int]:
    """``idx`` with one more index beyond each end where the grid goes on (one stride out),
    and where ``idx`` starts in it: the neighbours that make a tile's normals match its
    neighbours' at their shared edge."""
    step = int(idx[1] - idx[0]) if len(idx) > 1 else 1
    before = [idx[0] - step] if idx[0] - step >= 0 else []
    after = [min(idx[-1] + step, n - 1)] if idx[-1] < n - 1 else []
    return np.concatenate([before, idx, after]).astype(np.int64), len(before)


def window_mesh(grid: Grid, ri: np.ndarray, ci: np.ndarray, origin: Origin, *,
                ortho: Grid | None = None, skirt: float = 0.0) -> pv.PolyData:
    """The DEM's vertices at rows ``ri`` × columns ``ci`` (ascending grid indices, e.g. a
    window at a stride: :meth:`layers.terrain_lod.TerrainWindow.axes`) as triangles in local
    coordinates, two per cell, a triangle with a nodata corner left out.

    ``skirt`` > 0 hangs a vertical strip that far down from each edge of the window that is
    not the DEM's own border, so no crack shows beside a tile meshed at another stride (its
    points repeat the edge's normals, elevation and texture coordinates). Point data as
    :func:`terrain_mesh`.
    """
    rows, cols = grid.values.shape
    ri = np.asarray(ri, np.int64)
    ci = np.asarray(ci, np.int64)
    re, r_in = _extended(ri, rows)
    ce, c_in = _extended(ci, cols)
    ze = grid.values[np.ix_(re, ce)].astype(np.float64)
    oke = _valid_at(grid, ze)
    t = grid.transform
    cce, rre = np.meshgrid(ce + 0.5, re + 0.5)
    xe = t.a * cce + t.b * rre + t.c
    ye = t.d * cce + t.e * rre + t.f
    ne = _normals(np.where(oke, ze, np.nan), xe, ye)
    nr, nc = len(ri), len(ci)
    crop = (slice(r_in, r_in + nr), slice(c_in, c_in + nc))
    z, ok, x, y, normals = ze[crop], oke[crop], xe[crop], ye[crop], ne[crop]

    # triangles over the grid; keep those whose three corners are valid
    ids = np.arange(nr * nc).reshape(nr, nc)
    a, b = ids[:-1, :-1].ravel(), ids[:-1, 1:].ravel()
    c, d = ids[1:, :-1].ravel(), ids[1:, 1:].ravel()
    tri = np.concatenate([np.stack([a, c, b], 1), np.stack([b, c, d], 1)])
    xyz = np.column_stack([x.ravel(), y.ravel(), np.where(ok, z, 0.0).ravel()])
    flat_ok = ok.ravel()
    top = np.arange(nr * nc)  # the surface point each point repeats (skirts repeat edges)
    surface = int(flat_ok[tri].all(axis=1).sum())  # the surface's triangles come first
    if skirt > 0:
        edges = [e for e, inner in ((ids[0, :], ri[0] > 0), (ids[-1, :], ri[-1] < rows - 1),
                                    (ids[:, 0], ci[0] > 0), (ids[:, -1], ci[-1] < cols - 1))
                 if inner and len(e) > 1]
        if edges:
            tri, top = _skirts(tri, top, edges)
    tri = tri[flat_ok[top][tri].all(axis=1)]

    # compact: only valid points are stored
    keep = flat_ok[top]
    new = np.full(len(top), -1, dtype=np.int64)
    new[keep] = np.arange(int(keep.sum()))
    tri = new[tri]
    src = top[keep]
    pts_world = xyz[src]
    pts_world[np.flatnonzero(keep) >= nr * nc, 2] -= skirt  # skirt points hang below
    pts = origin.to_local(pts_world)

    faces = np.empty((len(tri), 4), dtype=np.int64)
    faces[:, 0] = 3
    faces[:, 1:] = tri
    mesh = pv.PolyData(pts, faces=faces.ravel()) if len(tri) else pv.PolyData(pts)
    mesh.point_data["elevation"] = xyz[src, 2].astype(np.float32)
    mesh.point_data["Normals"] = normals.reshape(-1, 3)[src]
    mesh.point_data.active_normals_name = "Normals"
    mesh.field_data["surface_cells"] = np.array([surface])
    if ortho is not None:
        x0, y0, x1, y1 = ortho.bounds()
        uv = np.column_stack([(xyz[src, 0] - x0) / (x1 - x0), (xyz[src, 1] - y0) / (y1 - y0)])
        mesh.active_texture_coordinates = np.clip(uv, 0.0, 1.0).astype(np.float32)
    return mesh


def split_skirts(mesh: pv.PolyData) -> tuple[pv.PolyData, pv.PolyData | None]:
    """(surface, skirts) of a :func:`window_mesh`: two meshes sharing its points and point
    data, the skirts None when it has none (hidden underground, as CesiumJS does, and never
    picked)."""
    n = int(mesh.field_data["surface_cells"][0]) if "surface_cells" in mesh.field_data \
        else mesh.n_cells
    if n >= mesh.n_cells or mesh.GetNumberOfPolys() == 0:
        return mesh, None
    faces = np.asarray(mesh.faces).reshape(-1, 4)
    parts = []
    for rows in (faces[:n], faces[n:]):
        part = pv.PolyData()
        part.SetPoints(mesh.GetPoints())
        part.GetPointData().ShallowCopy(mesh.GetPointData())
        part.faces = rows.ravel()
        parts.append(part)
    return parts[0], parts[1]


def _skirts(tri: np.ndarray, top: np.ndarray, edges: list[np.ndarray]
            ) -> tuple[np.ndarray, np.ndarray]:
    """Append skirt points (one under each edge point) and two triangles per edge segment."""
    n = len(top)
    tris, tops = [tri], [top]
    for edge in edges:
        low = n + np.arange(len(edge))
        n += len(edge)
        tops.append(top[edge])
        p0, p1, q0, q1 = edge[:-1], edge[1:], low[:-1], low[1:]
        tris.append(np.concatenate([np.stack([p0, q0, p1], 1), np.stack([p1, q0, q1], 1)]))
    return np.concatenate(tris), np.concatenate(tops)


def _normals(z: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Unit normals (nr, nc, 3) from central differences; (0, 0, 1) where undefined."""
    nr, nc = z.shape
    gx = np.gradient(z, x[0], axis=1) if nc > 1 else np.zeros_like(z)
    gy = np.gradient(z, y[:, 0], axis=0) if nr > 1 else np.zeros_like(z)
    n = np.stack([-gx, -gy, np.ones_like(z)], axis=-1)
    n[~np.isfinite(n).all(axis=-1)] = (0.0, 0.0, 1.0)
    n /= np.linalg.norm(n, axis=-1, keepdims=True)
    return n.astype(np.float32)


def ortho_texture(rgb: np.ndarray) -> pv.Texture:
    """A pyvista Texture from an (h, w, 3|4) uint8 image, row 0 at the top (north)."""
    return pv.Texture(np.ascontiguousarray(rgb, dtype=np.uint8))


def load_terrain(cache: Any, origin: Origin, *, max_cells: int = 1_000_000,
                 ortho: Ortho | None = None) -> pv.PolyData | None:
    """A cache's DEM (:func:`layers.terrain.dem_grid`) as a mesh (texture coordinates when
    ``ortho`` is given), or None without a DEM."""
    grid = dem_grid(cache)
    if grid is None:
        return None
    return terrain_mesh(grid, origin, max_cells=max_cells,
                        ortho=ortho.grid if ortho is not None else None)
