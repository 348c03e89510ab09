"""Level of detail for the terrain: a quadtree of windows of the DEM grid (Qt- and VTK-free).

Each tile is a window of the grid's cells meshed at a stride, so that every tile has about
:data:`TILE_CELLS` × :data:`TILE_CELLS` cells: the root covers the whole DEM at the coarsest
stride, each level halves the stride and the window, and the leaves have stride 1 (the DEM's
own cell). A DEM of at most :data:`SINGLE_TILE_CELLS` cells a side is a single tile at
stride 1 (the whole DEM, as before level of detail).

Vertices are the pixel centres; a window of ``rows`` × ``cols`` cells starting at cell
``(row0, col0)`` uses the vertices ``row0 … row0 + rows`` (both ends: neighbouring windows
share their edge). The geometric error of a tile (metres, for the 16 px rule of
:func:`layers.lod.select_tiles`) bounds what it leaves out: the largest vertical distance
between its surface (the strided grid on its triangles) and the DEM's own surface, as
quantized-mesh terrain and QGIS measure it (0 at stride 1; a slope costs nothing, only relief
that linear interpolation misses). Each level's distance to the next finer level is measured
at the finer level's vertices and added to the finer level's error per cell
(:func:`cell_errors`): a true bound, computed once per open (numpy, in bands). Tile boxes use a
min/max pyramid of the grid.

Example
-------
>>> import numpy as np
>>> tree = terrain_tree(np.zeros((2049, 2049), np.float32), cell=5.0, tile_cells=256)
>>> tree.root.geometric_error, tree.window("0/0/0").stride, tree.levels
(0.0, 8, 3)
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from layers import lod_index
from layers.lod import LodTile

#: Cells a side of a tile at its own stride: 128 (0.64 km at 5 m for a leaf) keeps the DEM's
#: own cells only near the camera, and the root of an 8192² DEM at 32 768 triangles.
TILE_CELLS = 128
#: A DEM of at most this many cells a side is one tile at stride 1.
SINGLE_TILE_CELLS = 1024


@dataclass(frozen=True)
class TerrainWindow:
    """One tile: ``rows`` × ``cols`` cells from cell ``(row0, col0)`` at ``stride``; its
    ``level`` (0 the root), ``zmin``/``zmax`` of its heights (NaN without valid ones)."""

    key: str
    level: int
    row0: int
    col0: int
    rows: int
    cols: int
    stride: int
    zmin: float = float("nan")
    zmax: float = float("nan")

    def axes(self) -> tuple[np.ndarray, np.ndarray]:
        """Grid row and column indices of the tile's vertices (the window's far edge kept)."""
        return (window_axis(self.row0, self.rows, self.stride),
                window_axis(self.col0, self.cols, self.stride))

    @property
    def cells(self) -> int:
        """Cells of the mesh at the tile's stride."""
        ri, ci = self.axes()
        return (len(ri) - 1) * (len(ci) - 1)


@dataclass
class TerrainTree:
    """The quadtree: ``root`` for :class:`viewer.streaming.TileStreamer`, ``windows`` by key,
    ``levels`` below the root, ``skirts`` the skirt depth (m) per level."""

    root: LodTile
    windows: dict[str, TerrainWindow] = field(default_factory=dict)
    levels: int = 0
    skirts: list[float] = field(default_factory=list)

    def window(self, key: str) -> TerrainWindow:
        return self.windows[key]

    def skirt(self, key: str) -> float:
        """How far down (m) the skirts of a tile hang."""
        return self.skirts[self.windows[key].level]


def window_axis(start: int, cells: int, stride: int) -> np.ndarray:
    """Vertex indices ``start, start + stride, …`` up to and including ``start + cells``.

    Examples
    --------
    >>> window_axis(0, 10, 4).tolist()
    [0, 4, 8, 10]
    >>> window_axis(256, 256, 1)[[0, -1]].tolist()
    [256, 512]
    """
    end = start + cells
    idx = np.arange(start, end + 1, max(int(stride), 1))
    return idx if idx[-1] == end else np.append(idx, end)


def tree_levels(cells: int, tile_cells: int = TILE_CELLS,
                single_tile: int = SINGLE_TILE_CELLS) -> int:
    """Levels below the root for a DEM of ``cells`` cells on its longer side: 0 when it is
    one tile, else enough halvings that the root's stride brings it to ``tile_cells``.

    Examples
    --------
    >>> tree_levels(694), tree_levels(8191), tree_levels(1025), tree_levels(1025, 256)
    (0, 6, 4, 3)
    """
    if cells <= single_tile:
        return 0
    return max(math.ceil(math.log2(cells / tile_cells)), 0)


def _halve(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Min and max over 2 × 2 blocks (NaN ignored; an odd edge is its own block)."""
    r, c = lo.shape
    if r % 2 or c % 2:
        pad = ((0, r % 2), (0, c % 2))
        lo = np.pad(lo, pad, constant_values=np.nan)
        hi = np.pad(hi, pad, constant_values=np.nan)
    lo = np.fmin(np.fmin(lo[0::2, 0::2], lo[1::2, 0::2]), np.fmin(lo[0::2, 1::2], lo[1::2, 1::2]))
    hi = np.fmax(np.fmax(hi[0::2, 0::2], hi[1::2, 0::2]), np.fmax(hi[0::2, 1::2], hi[1::2, 1::2]))
    return lo, hi


def _max2(a: np.ndarray) -> np.ndarray:
    """Max over 2 × 2 blocks (an odd edge is its own block), by slices."""
    r, c = a.shape
    if r % 2 or c % 2:
        a = np.pad(a, ((0, r % 2), (0, c % 2)), mode="edge")
    out = np.maximum(a[0::2, 0::2], a[1::2, 0::2])
    np.maximum(out, a[0::2, 1::2], out=out)
    return np.maximum(out, a[1::2, 1::2], out=out)


def _per_tile(a: np.ndarray, n: int, reduce: np.ufunc) -> np.ndarray:
    """``reduce`` (np.fmin or np.fmax) over n × n blocks of ``a`` (NaN-padded to fit)."""
    r, c = a.shape
    pr, pc = -r % n, -c % n
    if pr or pc:
        a = np.pad(a, ((0, pr), (0, pc)), constant_values=np.nan)
    blocks = a.reshape(a.shape[0] // n, n, a.shape[1] // n, n)
    return reduce.reduce(reduce.reduce(blocks, axis=3), axis=1)


def cell_errors(z: np.ndarray) -> np.ndarray:
    """Per cell of the grid ``z`` meshed at stride 2 (:func:`window_axis` axes, two triangles
    per cell, the diagonal from top-right to bottom-left): the largest vertical distance between
    that coarse surface and the surface of ``z``'s own cells (NaN heights ignored).

    Both surfaces are linear on the pieces their triangles cut, so the distance is largest at
    a corner of a piece: a vertex of ``z`` (on a coarse edge or diagonal: the midpoint of its
    two coarse neighbours), or, in a last row or column one cell narrow, the middle of the fine
    edge the coarse diagonal crosses. Numpy slices at a quarter of the grid's size.

    Examples
    --------
    >>> slope = np.add.outer(np.arange(5.0), 3 * np.arange(6.0))  # a plane: nothing left out
    >>> cell_errors(slope).tolist()
    [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    >>> bump = np.zeros((3, 3)); bump[1, 1] = 4.0
    >>> cell_errors(bump).tolist()
    [[4.0]]
    """
    z = np.asarray(z, np.float32)
    rows, cols = z.shape
    vr, vc = window_axis(0, rows - 1, 2), window_axis(0, cols - 1, 2)
    out = np.zeros((max(len(vr) - 1, 0), max(len(vc) - 1, 0)), np.float32)
    if rows < 2 or cols < 2:
        return out
    nr, nc = (rows - 1) // 2, (cols - 1) // 2  # cells two fine cells high (wide)
    mr, ur, dr = slice(1, 2 * nr, 2), slice(0, 2 * nr - 1, 2), slice(2, 2 * nr + 1, 2)
    mc, lc, rc = slice(1, 2 * nc, 2), slice(0, 2 * nc - 1, 2), slice(2, 2 * nc + 1, 2)
    er, ec = slice(0, 2 * nr + 1, 2), slice(0, 2 * nc + 1, 2)  # coarse rows (columns)

    def gap(fine: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """|fine − (a + b) / 2|, in place of a temporary."""
        mean = np.add(a, b)
        mean *= 0.5
        np.subtract(fine, mean, out=mean)
        return np.abs(mean, out=mean)

    # the gap at the middle of each coarse edge (h: along a row, v: down a column) and at the
    # centre of each cell (on its diagonal); the corners are shared: no gap
    h = gap(z[er, mc], z[er, lc], z[er, rc])
    v = gap(z[mr, ec], z[ur, ec], z[dr, ec])
    cell = gap(z[mr, mc], z[ur, rc], z[dr, lc])
    np.fmax(cell, h[:nr], out=cell)
    np.fmax(cell, h[1:], out=cell)
    np.fmax(cell, v[:, :nc], out=cell)
    np.fmax(cell, v[:, 1:], out=cell)
    out[:nr, :nc] = cell
    r, c = rows - 1, cols - 1
    if r % 2:  # last row one cell high: the diagonal crosses the middle vertical edge
        cross = gap((z[r - 1, mc] + z[r, mc]) / 2, z[r - 1, rc], z[r, lc])
        out[nr, :nc] = np.fmax(np.fmax(h[nr], gap(z[r, mc], z[r, lc], z[r, rc])), cross)
    if c % 2:  # last column one cell wide: it crosses the middle horizontal edge
        cross = gap((z[mr, c - 1] + z[mr, c]) / 2, z[ur, c], z[dr, c - 1])
        out[:nr, nc] = np.fmax(np.fmax(v[:, nc], gap(z[mr, c], z[ur, c], z[dr, c])), cross)
    return np.nan_to_num(out, nan=0.0)


def level_errors(values: np.ndarray, levels: int) -> list[np.ndarray]:
    """Per level ``k = 0 … levels - 1`` (stride ``2**(levels - k)``; stride 1 leaves nothing
    out): per cell of the grid meshed at that stride, a bound of the vertical distance between
    its surface and the DEM's own surface: the distance to the next finer stride
    (:func:`cell_errors` on that stride's vertices) plus the largest bound among the finer cells
    it covers. ``values`` has NaN for no height.

    Examples
    --------
    >>> z = np.zeros((5, 5)); z[1, 1] = 8.0  # a vertex only stride 1 keeps
    >>> [e.tolist() for e in level_errors(z, 2)]
    [[[8.0]], [[8.0, 0.0], [0.0, 0.0]]]
    """
    rows, cols = np.shape(values)
    out: list[np.ndarray] = []
    for k in range(levels - 1, -1, -1):
        half = 2 ** (levels - k - 1)
        finer = values if half == 1 else values[np.ix_(window_axis(0, rows - 1, half),
                                                       window_axis(0, cols - 1, half))]
        local = cell_errors(finer)
        if out:
            local += _max2(out[0])[:local.shape[0], :local.shape[1]]
        out.insert(0, local)
    return out


def height_pyramid(values: np.ndarray, levels: int, nodata: float | None = None
                   ) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per level ``l = 0 … levels``: (min, max) over the grid's ``2**l`` × ``2**l`` pixel
    blocks, nodata and NaN left out (NaN where a block has no valid height)."""
    vals = np.asarray(values, dtype=np.float32)
    if nodata is not None and np.isfinite(nodata) and np.any(vals == nodata):
        vals = np.where(vals == nodata, np.float32(np.nan), vals)
    out = [(vals, vals)]
    for _ in range(levels):
        out.append(_halve(*out[-1]))
    return out


Stats = list[tuple[np.ndarray, np.ndarray, np.ndarray]]


def tile_stats(values: np.ndarray, levels: int, tile_cells: int = TILE_CELLS,
               nodata: float | None = None) -> Stats:
    """Per level (root first), per tile: (geometric error, zmin, zmax) arrays — what the tree
    needs from the heights (the pyramid and :func:`level_errors`: seconds at 8192²)."""
    rows, cols = np.shape(values)
    pyramid = height_pyramid(values, levels, nodata)
    cells = level_errors(pyramid[0][0], levels) if levels else []
    out: Stats = []
    for k in range(levels + 1):
        lo, hi = pyramid[levels - k]
        n = tile_cells if levels else max(rows, cols)
        zlo, zhi = _per_tile(lo, n, np.fmin), _per_tile(hi, n, np.fmax)
        err = _per_tile(cells[k], n, np.fmax) if k < levels else np.zeros(zlo.shape)
        out.append((err, zlo, zhi))
    return out


#: DEMs of at least this many cells keep their tile stats in the cache.
KEEP_FROM_CELLS = 2048 * 2048


def kept_tile_stats(cache: Any, values: np.ndarray, nodata: float | None = None,
                    tile_cells: int = TILE_CELLS, single_tile: int = SINGLE_TILE_CELLS,
                    name: str = "dem") -> Stats:
    """:func:`tile_stats` of the cache's DEM ``name``, kept in the cache for a large DEM
    (:mod:`layers.lod_index`, stamped with the raster's version): later opens skip them."""
    rows, cols = np.shape(values)
    levels = tree_levels(max(rows - 1, cols - 1, 0), tile_cells, single_tile)
    if rows * cols < KEEP_FROM_CELLS:
        return tile_stats(values, levels, tile_cells, nodata)
    key = f"terrain:{name}:{rows}x{cols}:{tile_cells}:{single_tile}"

    def stamp() -> str:
        with cache.engine.connect() as conn:
            row = conn.connection.driver_connection.execute(
                "SELECT version || ':' || coalesce(updated_at, '') FROM cimview_rasters "
                "WHERE name = ?", (name,)).fetchone()
        return "" if row is None else str(row[0])

    now = stamp()
    found = lod_index.kept(cache, key, now)
    if found is not None:
        try:
            with np.load(io.BytesIO(found[1])) as z:
                stats = [(z[f"e{k}"], z[f"lo{k}"], z[f"hi{k}"]) for k in range(levels + 1)]
            return stats
        except (OSError, KeyError, ValueError):
            pass  # damaged: made again below
    stats = tile_stats(values, levels, tile_cells, nodata)
    buf = io.BytesIO()
    np.savez(buf, **{f"{p}{k}": a for k, arrays in enumerate(stats)
                     for p, a in zip(("e", "lo", "hi"), arrays, strict=True)})
    lod_index.keep(cache, key, now, sum(a.size for a, _, _ in stats), buf.getvalue(),
                   current=stamp)
    return stats


def terrain_tree(values: np.ndarray, *, cell: float, transform: tuple | None = None,
                 origin_xy: tuple[float, float] = (0.0, 0.0), nodata: float | None = None,
                 tile_cells: int = TILE_CELLS, single_tile: int = SINGLE_TILE_CELLS,
                 stats: list[tuple[np.ndarray, np.ndarray, np.ndarray]] | None = None
                 ) -> TerrainTree:
    """The quadtree of a DEM's values (rows × cols, north up).

    Parameters
    ----------
    values : ndarray
        The heights; ``nodata`` (and NaN) are no height.
    cell : float
        The cell size (m): the smallest skirt.
    transform : affine.Affine or 6-tuple, optional
        Pixel to cache CRS (``a, b, c, d, e, f``); tile boxes are placed by it, relative to
        ``origin_xy`` (scene-local). Without it a pixel is ``cell`` metres, row 0 north at 0.
    tile_cells, single_tile : int
        Cells a side of a tile; the largest DEM side kept as a single tile.
    stats : list, optional
        :func:`tile_stats` of these values, when kept (:func:`kept_tile_stats`).
    """
    rows, cols = np.shape(values)
    cr, cc = max(rows - 1, 0), max(cols - 1, 0)
    levels = tree_levels(max(cr, cc), tile_cells, single_tile)
    if stats is None or len(stats) != levels + 1:
        stats = tile_stats(values, levels, tile_cells, nodata)
    a, b, c, d, e, f = (tuple(transform)[:6] if transform is not None
                        else (cell, 0.0, 0.0, 0.0, -cell, 0.0))
    ox, oy = origin_xy
    tree = TerrainTree(LodTile("", 0.0, (0, 0, 0), (0, 0, 0)), levels=levels)
    per_level = stats
    level_error = [float(err.max()) if err.size else 0.0 for err, _, _ in per_level]
    # a skirt covers a crack to a neighbour up to two levels coarser
    tree.skirts = [max(max(level_error[max(k - 2, 0):k + 1]), float(cell))
                   for k in range(levels + 1)]

    def box(r0: int, c0: int, nr: int, nc: int, z0: float, z1: float, skirt: float):
        cols_ = np.array([c0, c0 + nc, c0, c0 + nc], float) + 0.5
        rows_ = np.array([r0, r0, r0 + nr, r0 + nr], float) + 0.5
        x = a * cols_ + b * rows_ + c - ox
        y = d * cols_ + e * rows_ + f - oy
        if not np.isfinite(z0):
            z0 = z1 = 0.0
        return ((float(x.min()), float(y.min()), z0 - skirt),
                (float(x.max()), float(y.max()), z1))

    def build(k: int, i: int, j: int) -> LodTile:
        stride = 2 ** (levels - k)
        side = (tile_cells if levels else max(cr, cc)) * stride
        r0, c0 = i * side, j * side
        nr, nc = min(side, cr - r0), min(side, cc - c0)
        err, zlo, zhi = (m[i, j] for m in per_level[k])
        key = f"{k}/{i}/{j}"
        win = TerrainWindow(key, k, r0, c0, nr, nc, stride, float(zlo), float(zhi))
        tree.windows[key] = win
        lo, hi = box(r0, c0, nr, nc, float(zlo), float(zhi), tree.skirts[k])
        kids = [] if k == levels else [
            build(k + 1, 2 * i + di, 2 * j + dj) for di in (0, 1) for dj in (0, 1)
            if r0 + di * side // 2 < cr and c0 + dj * side // 2 < cc]
        return LodTile(key, float(err), lo, hi, children=kids)

    tree.root = build(0, 0, 0)
    return tree


def surface_heights(values: np.ndarray, transform: tuple, x: np.ndarray, y: np.ndarray,
                    nodata: float | None = None) -> np.ndarray:
    """Heights at points (cache CRS) on the DEM's own triangles (two per cell, the diagonal
    from the cell's top-right to bottom-left centre, as the stride-1 tiles draw them), NaN off
    the grid or on nodata. Reads only the cells under the points: cheap for a few points on a
    large DEM (the camera clamp asks at every frame).

    Examples
    --------
    >>> z = np.array([[0.0, 10.0], [20.0, 30.0]], np.float32)
    >>> surface_heights(z, (1, 0, 0, 0, -1, 2), np.array([1.0]), np.array([1.0])).tolist()
    [15.0]
    """
    a, b, c, d, e, f = tuple(transform)[:6]
    x = np.asarray(x, np.float64)
    y = np.asarray(y, np.float64)
    det = a * e - b * d
    col = (e * (x - c) - b * (y - f)) / det - 0.5
    row = (a * (y - f) - d * (x - c)) / det - 0.5
    rows, cols = np.shape(values)
    c0 = np.clip(np.floor(col).astype(np.int64), 0, max(cols - 2, 0))
    r0 = np.clip(np.floor(row).astype(np.int64), 0, max(rows - 2, 0))
    c1, r1 = np.minimum(c0 + 1, cols - 1), np.minimum(r0 + 1, rows - 1)
    fc = np.clip(col - c0, 0.0, 1.0)
    fr = np.clip(row - r0, 0.0, 1.0)
    za, zb, zc, zd = (np.asarray(values[i, j], np.float64)
                      for i, j in ((r0, c0), (r0, c1), (r1, c0), (r1, c1)))
    upper = fc + fr <= 1.0  # triangle (a, c, b); else (b, c, d)
    z = np.where(upper, za + fc * (zb - za) + fr * (zc - za),
                 zd + (1.0 - fc) * (zc - zd) + (1.0 - fr) * (zb - zd))
    bad = (col < -0.5) | (row < -0.5) | (col > cols - 0.5) | (row > rows - 0.5)
    for corner in (za, zb, zc, zd):
        bad |= ~np.isfinite(corner)
        if nodata is not None:
            bad |= corner == nodata
    return np.where(bad, np.nan, z)
