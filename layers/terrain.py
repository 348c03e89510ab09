"""The terrain theme (地形): the DEM's description and heights under the cursor.

``height_at`` loads the cache's DEM once per (cache file, raster version) and keeps it, so the
status bar can ask on every mouse move.
"""

from __future__ import annotations

from dataclasses import dataclass
from threading import Lock

import numpy as np

from store.cache import Cache
from store.raster import DECODE_THREADS, Grid, load_dem


@dataclass(frozen=True)
class DemInfo:
    """What the terrain layer shows of the stored DEM."""

    name: str
    width: int
    height: int
    cell: float
    bounds: tuple[float, float, float, float]  # minx, miny, maxx, maxy
    min_z: float | None
    max_z: float | None
    nodata: float | None
    crs: str
    vertical_crs: str
    version: int


def dem_info(cache: Cache, name: str = "dem") -> DemInfo | None:
    """The DEM's size, cell, bounds, height range and version, or None without a DEM."""
    info = cache.raster_info(name)
    if info is None:
        return None
    a, _b, c, _d, e, f = info["transform"][:6]
    w, h = int(info["width"]), int(info["height"])
    xs, ys = (c, c + a * w), (f, f + e * h)
    return DemInfo(name, w, h, abs(float(a)), (min(xs), min(ys), max(xs), max(ys)),
                   info["min_z"], info["max_z"], info["nodata"], info["crs"],
                   cache.vertical_crs or "", int(info["version"]))


_GRIDS: dict[tuple[str, str], tuple[int, Grid]] = {}
_LOCK = Lock()
_LOADING: dict[tuple[str, str], Lock] = {}  # one lock per DEM being decoded
_KEEP = 2  # grids kept in memory (the open cache and one more)


def dem_grid(cache: Cache, name: str = "dem") -> Grid | None:
    """The cache's DEM as a Grid, loaded once per raster version (None without a DEM)."""
    info = cache.raster_info(name)
    if info is None:
        return None
    key, version = (str(cache.path), name), int(info["version"])
    with _LOCK:
        hit = _GRIDS.get(key)
        if hit and hit[0] == version:
            return hit[1]
        loading = _LOADING.setdefault(key, Lock())
    with loading:  # one decode per DEM: views built at once wait for the first (seconds)
        with _LOCK:
            hit = _GRIDS.get(key)
            if hit and hit[0] == version:
                return hit[1]
        raster = cache.raster(name)
        if raster is None:
            return None
        grid = load_dem(raster)
        with _LOCK:
            _GRIDS.pop(key, None)
            while len(_GRIDS) >= _KEEP:
                _GRIDS.pop(next(iter(_GRIDS)))
            _GRIDS[key] = (version, grid)
    return grid


def height_at(source: Cache | Grid | None, x: float, y: float) -> float | None:
    """Terrain height (bilinear) at one point in the cache CRS; None off the DEM or without one."""
    grid = dem_grid(source) if isinstance(source, Cache) else source
    if grid is None:
        return None
    z = float(grid.sample(np.array([x]), np.array([y]))[0])
    return None if np.isnan(z) else z


def terrain_heights(grid: Grid | None, x: np.ndarray, y: np.ndarray, *,
                    method: str = "mesh", outside: float | None = None) -> np.ndarray:
    """Terrain heights at many points at once (vectorised), for draping vectors.

    ``method="bilinear"`` interpolates the four pixel centres around each point;
    ``"mesh"`` interpolates linearly on the two triangles per cell that the drawn terrain
    uses (``viewer.terrain_mesh``: the diagonal from the cell's top-right to bottom-left
    centre), so a draped vertex lies exactly on the surface drawn. Points off the DEM, on
    nodata, or with no DEM at all get ``outside`` (None: the DEM's median height, or 0).
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if grid is None:
        return np.full(x.shape, 0.0 if outside is None else float(outside))
    if method == "bilinear":
        z = grid.sample(x, y)
    else:
        inv = ~grid.transform
        col = inv.a * x + inv.b * y + inv.c - 0.5
        row = inv.d * x + inv.e * y + inv.f - 0.5
        rows, cols = grid.values.shape
        c0 = np.clip(np.floor(col).astype(np.int64), 0, max(cols - 2, 0))
        r0 = np.clip(np.floor(row).astype(np.int64), 0, max(rows - 2, 0))
        c1, r1 = np.minimum(c0 + 1, cols - 1), np.minimum(r0 + 1, rows - 1)
        fc = np.clip(col - c0, 0.0, 1.0)
        fr = np.clip(row - r0, 0.0, 1.0)
        za, zb, zc, zd = grid.at(r0, c0), grid.at(r0, c1), grid.at(r1, c0), grid.at(r1, c1)
        upper = fc + fr <= 1.0  # triangle (a, c, b); else (b, c, d)
        z = np.where(upper, za + fc * (zb - za) + fr * (zc - za),
                     zd + (1.0 - fc) * (zc - zd) + (1.0 - fr) * (zb - zd))
        off = (col < -0.5) | (row < -0.5) | (col > cols - 0.5) | (row > rows - 0.5)
        z = np.where(off, np.nan, z)
    bad = ~np.isfinite(z)
    if bad.any():
        if outside is None:
            outside = grid.median()
        z = np.where(bad, float(outside), z)
    return z


@dataclass
class Ortho:
    """An RGB orthophoto: its footprint (a single-band Grid, for bounds) and pixels (h, w, 3),
    row 0 north."""

    grid: Grid
    rgb: np.ndarray


def load_ortho(cache: Cache, name: str = "ortho") -> Ortho | None:
    """The stored RGB orthophoto raster (kind "ortho"), or None when the cache has none.
    16-bit or float imagery is stretched to 0–255; one band is shown grey."""
    import rasterio
    from rasterio.io import MemoryFile

    raster = cache.raster(name)
    if raster is None or raster.kind != "ortho":
        return None
    with rasterio.Env(GDAL_NUM_THREADS=DECODE_THREADS), MemoryFile(raster.data) as mem, \
            mem.open() as src:
        bands = src.read()
        transform, crs, nodata = src.transform, src.crs, src.nodata
    if bands.shape[0] == 1:
        bands = np.repeat(bands, 3, axis=0)
    rgb = np.moveaxis(bands[:3], 0, -1)
    if rgb.dtype != np.uint8:
        lo, hi = float(np.nanmin(rgb)), float(np.nanmax(rgb))
        rgb = ((rgb - lo) / (hi - lo or 1.0) * 255.0).clip(0, 255).astype(np.uint8)
    return Ortho(Grid(bands[0], transform, crs.to_string() if crs else "", nodata), rgb)
