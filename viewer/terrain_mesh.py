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
    vals = grid.values
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
    ri, ci = _axis(rows, step), _axis(cols, step)
    z = grid.values[np.ix_(ri, ci)].astype(np.float64)
    ok = _valid(grid)[np.ix_(ri, ci)]
    t = grid.transform
    cc, rr = np.meshgrid(ci + 0.5, ri + 0.5)
    x = t.a * cc + t.b * rr + t.c
    y = t.d * cc + t.e * rr + t.f
    nr, nc = z.shape

    # triangles over the strided grid; keep those whose three corners are valid
    ids = np.arange(nr * nc).reshape(nr, nc)
    a, b = ids[:-1, :-1].ravel(), ids[:-1, 1:].ravel()
    c, d = ids[1:, :-1].ravel(), ids[1:, 1:].ravel()
    tri = np.concatenate([np.stack([a, c, b], 1), np.stack([b, c, d], 1)])
    flat_ok = ok.ravel()
    tri = tri[flat_ok[tri].all(axis=1)]

    # compact: only valid points are stored
    new = np.full(nr * nc, -1, dtype=np.int64)
    new[flat_ok] = np.arange(int(flat_ok.sum()))
    tri = new[tri]
    xyz = np.column_stack([x.ravel(), y.ravel(), np.where(ok, z, 0.0).ravel()])[flat_ok]
    pts = origin.to_local(xyz)

    faces = np.empty((len(tri), 4), dtype=np.int64)
    faces[:, 0] = 3
    faces[:, 1:] = tri
    mesh = pv.PolyData(pts, faces=faces.ravel()) if len(tri) else pv.PolyData(pts)
    mesh.point_data["elevation"] = xyz[:, 2].astype(np.float32)
    mesh.point_data["Normals"] = _normals(np.where(ok, z, np.nan), x, y)[flat_ok.reshape(nr, nc)]
    mesh.point_data.active_normals_name = "Normals"
    if ortho is not None:
        x0, y0, x1, y1 = ortho.bounds()
        uv = np.column_stack([(xyz[:, 0] - x0) / (x1 - x0), (xyz[:, 1] - y0) / (y1 - y0)])
        mesh.active_texture_coordinates = np.clip(uv, 0.0, 1.0).astype(np.float32)
    return mesh


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
