"""A textured reality-mesh tileset (倾斜摄影-like) of one district of a cimview cache.

Oblique-photogrammetry meshes are one continuous surface draped over the ground and the
buildings, slightly noisy, textured from the photographs. This module makes one from what a
cache holds: the DEM, the buildings (footprint, ground and roof height) and the orthophoto. Per
tile, a grid of vertices takes the terrain height, or the roof height where the vertex falls on
a building, plus a little deterministic noise (so neighbouring tiles of a level meet exactly);
the steps between ground and roofs become the façades. Each tile's texture atlas holds the
orthophoto seen from above (ground, roads, green, roofs) and, below it, a strip of façade
styles with rows of windows that the steep triangles are mapped onto.

Written as 3D Tiles 1.1: glb content (JPEG textures, ``KHR_materials_unlit``), an explicit
REPLACE quadtree (``levels`` deep: a coarser mesh and fewer texels per metre up the tree),
boxes in a local east-north-up frame whose root ``transform`` places it on the earth (ECEF,
through pyproj from the cache CRS; cache heights are taken as ellipsoidal heights).

``python -m sample_city.reality_mesh --cache C --out DIR [--side M] [--target-gb G]``; the
sample city build (:func:`sample_city.city.build`) writes ``<city>/reality/`` and registers it
in the cache's tileset list (:mod:`store.tiles.registry`).
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import shutil
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pygltflib
import shapely
from PIL import Image
from pyproj import CRS, Transformer
from rasterio import features
from rasterio.io import MemoryFile
from rasterio.transform import Affine

from store.cache import Cache
from store.raster import Grid, load_dem

NAME, TITLE = "reality", "倾斜摄影"
DEFAULT_SIDE = 480.0
"""Side (m) of the district covered by default."""
LEVELS, LEAF_CELL, LEAF_PX = 3, 1.0, 512
FACADE_STYLES = 4
WINDOW = 3.0
"""Window spacing on façades (m), along and up the wall."""
WALL_SPAN = 8 * WINDOW
"""Metres of wall one façade style holds before it repeats (a multiple of WINDOW)."""
JPEG_QUALITY = 85
STEEP = 0.45
"""A triangle whose normal's vertical part is below this is a façade."""
BYTES_PER_VERTEX = 34.0
"""Bytes of glb per grid vertex (positions, uvs, façade copies, indices), for size planning."""
_FACADES = [  # wall, window, frame tones (sRGB)
    ((206, 196, 176), (58, 72, 86), (170, 160, 142)),   # beige render
    ((178, 180, 182), (46, 60, 74), (140, 142, 146)),   # grey concrete
    ((226, 224, 218), (70, 92, 112), (196, 194, 188)),  # white tiles
    ((132, 156, 170), (40, 58, 78), (110, 130, 142)),   # blue glass curtain wall
]


@dataclass
class Surface:
    """What the mesh drapes: terrain, buildings (footprints, roof heights), the orthophoto."""

    crs: CRS
    dem: Grid
    footprints: np.ndarray
    roof_z: np.ndarray
    tree: shapely.STRtree
    ortho: np.ndarray | None = None  # (rows, cols, 3) uint8
    ortho_transform: Affine | None = None
    z_range: tuple[float, float] = (0.0, 100.0)


@dataclass
class Plan:
    """What to generate: the square ``area`` (minx, miny, maxx, maxy in the cache CRS), the
    quadtree depth, the leaves' grid cell (m) and texture side (px)."""

    area: tuple[float, float, float, float]
    levels: int = LEVELS
    leaf_cell: float = LEAF_CELL
    leaf_px: int = LEAF_PX
    quality: int = JPEG_QUALITY
    seed: int = 2026

    def side(self, level: int) -> float:
        return (self.area[2] - self.area[0]) / 2 ** level

    def cell(self, level: int) -> float:
        return self.leaf_cell * 2 ** (self.levels - 1 - level)

    def px(self, level: int) -> int:
        """Texture side of a tile: the leaves' at the leaves, half of it above."""
        return self.leaf_px if level == self.levels - 1 else max(64, self.leaf_px // 2)

    def geometric_error(self, level: int) -> float:
        """Metres a tile is off the finest surface: its cell and its texels, 0 at a leaf."""
        if level >= self.levels - 1:
            return 0.0
        return round(max(4.0 * self.cell(level), 8.0 * self.side(level) / self.px(level)), 2)

    def estimate_bytes(self) -> float:
        """Planned size on disk (bytes): measured bytes per vertex and per texel (JPEG)."""
        total = 0.0
        for level in range(self.levels):
            n = 4 ** level
            verts = (self.side(level) / self.cell(level) + 1) ** 2
            px = self.px(level)
            total += n * (verts * BYTES_PER_VERTEX + px * px * 1.5 * 0.32)
        return total


@dataclass
class _Tile:
    level: int
    i: int
    j: int
    uri: str | None
    box_min: np.ndarray
    box_max: np.ndarray
    children: list[_Tile] = field(default_factory=list)


# -- inputs --------------------------------------------------------------------------------------
def load_surface(cache: Cache, area: tuple[float, float, float, float] | None = None
                 ) -> Surface:
    """The terrain, buildings (those near ``area`` when given) and orthophoto of a cache
    (ValueError when it has no DEM)."""
    raster = cache.raster("dem")
    if raster is None:
        raise ValueError(f"{cache.path}: the cache has no DEM to drape a reality mesh over")
    dem = load_dem(raster)
    near = None if area is None else (area[0] - 50, area[1] - 50, area[2] + 50, area[3] + 50)
    b = cache.read("buildings", ["height", "ground_z"], bbox=near)
    geoms = np.asarray(b.geoms, dtype=object)
    if len(geoms):
        height = np.array([9.0 if v is None else float(v) for v in b.columns["height"]])
        ground = np.array([np.nan if v is None else float(v) for v in b.columns["ground_z"]])
        c = shapely.centroid(geoms)
        lost = ~np.isfinite(ground)
        if lost.any():
            ground[lost] = dem.sample(shapely.get_x(c[lost]), shapely.get_y(c[lost]))
        roof = np.nan_to_num(ground, nan=float(np.nanmin(dem.values))) + np.maximum(height, 2.0)
    else:
        roof = np.zeros(0)
    surface = Surface(cache.crs, dem, geoms, roof, shapely.STRtree(geoms))
    ortho = cache.raster("ortho")
    if ortho is not None:
        with MemoryFile(ortho.data) as mem, mem.open() as src:
            if src.count >= 3:
                surface.ortho = np.moveaxis(src.read((1, 2, 3)), 0, -1)
                surface.ortho_transform = src.transform
    zmin = float(np.nanmin(dem.values))
    zmax = max(float(np.nanmax(dem.values)), float(roof.max()) if len(roof) else zmin)
    surface.z_range = (zmin, zmax + 1.0)
    return surface


def district(cache: Cache, side: float = DEFAULT_SIDE) -> tuple[float, float, float, float]:
    """A square of ``side`` m (smaller when the city is) at the centre of the buildings."""
    info = cache.raster_info("dem")
    extent = cache.extent()
    if extent is None and info is None:
        raise ValueError(f"{cache.path}: the cache is empty")
    minx, miny, maxx, maxy = extent if extent is not None else _raster_bounds(info)
    if info is not None:  # inside the DEM
        dx0, dy0, dx1, dy1 = _raster_bounds(info)
        minx, miny, maxx, maxy = max(minx, dx0), max(miny, dy0), min(maxx, dx1), min(maxy, dy1)
    side = max(16.0, min(side, maxx - minx, maxy - miny))
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    return (cx - side / 2, cy - side / 2, cx + side / 2, cy + side / 2)


def _raster_bounds(info: dict[str, Any]) -> tuple[float, float, float, float]:
    a, _, c, _, e, f = info["transform"][:6]
    x1, y1 = c + a * info["width"], f + e * info["height"]
    return min(c, x1), min(f, y1), max(c, x1), max(f, y1)


def plan_for(area: tuple[float, float, float, float], target_bytes: float | None = None,
             levels: int | None = None) -> Plan:
    """The default plan for ``area``, or one that reaches ``target_bytes`` on disk: leaves of
    about 150 m, their cell and texture made finer until the estimate reaches the target."""
    side = area[2] - area[0]
    if target_bytes is None:
        return Plan(area, levels=levels or LEVELS)
    depth = levels or max(LEVELS, 1 + math.ceil(math.log2(max(side / 150.0, 1.0))))
    plan = Plan(area, levels=depth, leaf_cell=1.0, leaf_px=512)
    for cell, px in ((1.0, 512), (0.7, 1024), (0.5, 1024), (0.35, 2048), (0.25, 2048),
                     (0.18, 2048), (0.12, 2048), (0.08, 2048)):
        plan = Plan(area, levels=depth, leaf_cell=cell, leaf_px=px)
        if plan.estimate_bytes() >= target_bytes:
            break
    return plan


# -- the surface of one tile ---------------------------------------------------------------------
def _hash(ix: np.ndarray, iy: np.ndarray, seed: int) -> np.ndarray:
    """Deterministic noise in [-1, 1] from integer coordinates (same point, same value)."""
    h = (ix.astype(np.int64).view(np.uint64) * np.uint64(0x9E3779B97F4A7C15)) ^ \
        (iy.astype(np.int64).view(np.uint64) * np.uint64(0xC2B2AE3D27D4EB4F)) ^ np.uint64(seed)
    h ^= h >> np.uint64(29)
    h *= np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(32)
    return (h >> np.uint64(11)).astype(np.float64) / float(1 << 53) * 2.0 - 1.0


def tile_surface(s: Surface, bounds: tuple[float, float, float, float], cell: float,
                 seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vertices (n, 3) in the cache CRS, triangles (m, 3) and the building index of each
    vertex (-1 on the ground) of one tile's draped grid."""
    x0, y0, x1, y1 = bounds
    nx = max(1, round((x1 - x0) / cell))
    ny = max(1, round((y1 - y0) / cell))
    xs = x0 + np.arange(nx + 1) * ((x1 - x0) / nx)
    ys = y1 - np.arange(ny + 1) * ((y1 - y0) / ny)
    gx, gy = np.meshgrid(xs, ys)
    z = s.dem.sample(gx, gy)
    if np.isnan(z).any():
        z = np.where(np.isnan(z), np.nanmin(z) if np.isfinite(z).any() else 0.0, z)
    bid = np.full(gx.shape, -1, dtype=np.int64)
    near = s.tree.query(shapely.box(x0 - cell, y0 - cell, x1 + cell, y1 + cell))
    if len(near):
        near = near[np.argsort(s.roof_z[near], kind="stable")]  # the taller roof wins
        transform = Affine(cell, 0, x0 - cell / 2, 0, -cell, y1 + cell / 2)
        burnt = features.rasterize(((s.footprints[i], int(i) + 1) for i in near),
                                   out_shape=gx.shape, transform=transform, fill=0,
                                   dtype="int32")
        bid = burnt.astype(np.int64) - 1
        on = bid >= 0
        z = np.where(on, np.maximum(s.roof_z[np.maximum(bid, 0)], z), z)
    ix, iy = np.rint(gx * 8).astype(np.int64), np.rint(gy * 8).astype(np.int64)
    on = bid >= 0
    z = z + _hash(ix, iy, seed) * np.where(on, 0.18, 0.08)
    jitter = 0.12 * cell
    px = gx + _hash(iy, ix, seed + 1) * jitter
    py = gy + _hash(ix + 7, iy - 3, seed + 2) * jitter
    verts = np.column_stack([px.ravel(), py.ravel(), z.ravel()])
    r, c = np.meshgrid(np.arange(ny), np.arange(nx), indexing="ij")
    v00 = (r * (nx + 1) + c).ravel()
    v01, v10 = v00 + 1, v00 + nx + 1
    v11 = v10 + 1
    tris = np.concatenate([np.column_stack([v00, v10, v11]), np.column_stack([v00, v11, v01])])
    return verts, tris, bid.ravel()


def split_facades(verts: np.ndarray, tris: np.ndarray, bid: np.ndarray,
                  bounds: tuple[float, float, float, float], z_range: tuple[float, float],
                  cell: float, px: int
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vertices, uvs (into the tile's atlas) and triangles: ground and roofs mapped from above
    onto the atlas's top square, façades (steep triangles, on vertices of their own) onto the
    façade strip below it, a style per building, windows continuous along a wall."""
    x0, y0, x1, y1 = bounds
    top, strip = px, px // 2
    rows = top + strip
    p = verts[tris]
    n = np.cross(p[:, 1] - p[:, 0], p[:, 2] - p[:, 0])
    length = np.linalg.norm(n, axis=1)
    steep = np.abs(n[:, 2]) < STEEP * np.maximum(length, 1e-12)
    # ground and roofs: the vertices they use, mapped from above
    flat = tris[~steep]
    used = np.unique(flat)
    remap = np.full(len(verts), -1, dtype=np.int64)
    remap[used] = np.arange(len(used))
    v_flat = verts[used]
    u = np.clip((v_flat[:, 0] - x0) / (x1 - x0), 0.0, 1.0)
    v = np.clip((y1 - v_flat[:, 1]) / (y1 - y0), 0.0, 1.0)
    uv_flat = np.column_stack([u, v * top / rows])
    # façades: three vertices of their own per triangle, mapped onto the strip
    ft = tris[steep]
    fp = verts[ft].reshape(-1, 3)
    fn = n[steep]
    t = np.column_stack([-fn[:, 1], fn[:, 0]])
    t /= np.maximum(np.linalg.norm(t, axis=1, keepdims=True), 1e-12)
    s_along = (verts[ft][:, :, 0] * t[:, :1] + verts[ft][:, :, 1] * t[:, 1:])
    centre = s_along.mean(axis=1, keepdims=True)
    margin = 1.5 * cell
    span = WALL_SPAN + 2 * margin
    u_m = np.mod(centre, WALL_SPAN) + margin + (s_along - centre)
    owner = bid[ft[np.arange(len(ft)), np.argmax(verts[ft][:, :, 2], axis=1)]]
    style = np.where(owner >= 0, (owner * 2654435761) % FACADE_STYLES, 0)
    fu = (style[:, None] * span + u_m) / (FACADE_STYLES * span)
    zb, zt = z_range
    fv = (top + (1.0 - np.clip((verts[ft][:, :, 2] - zb) / (zt - zb), 0.0, 1.0)) * strip) / rows
    uv_facade = np.column_stack([fu.ravel(), fv.ravel()])
    out_v = np.concatenate([v_flat, fp])
    out_uv = np.concatenate([uv_flat, uv_facade]).astype(np.float32)
    out_t = np.concatenate([remap[flat], len(v_flat) + np.arange(3 * len(ft)).reshape(-1, 3)])
    return out_v, out_uv, out_t


def atlas(s: Surface, bounds: tuple[float, float, float, float], px: int, cell: float,
          seed: int) -> Image.Image:
    """The tile's texture: the orthophoto over its square (px × px), the façade strip below."""
    x0, y0 = bounds[:2]
    top = _from_above(s, bounds, px)
    grain = _grain(px, seed)
    shift = (int(x0 * 7.3) % px, int(y0 * 3.1) % px)  # tiles do not repeat one grain
    top = np.clip(top + np.roll(grain, shift, axis=(0, 1))[:, :, None], 0, 255)
    strip = _facade_strip(px, px // 2, round(1.5 * cell, 6), s.z_range, seed)
    return Image.fromarray(np.concatenate([top.astype(np.uint8), strip]), "RGB")


_GRAINS: dict[tuple[int, int], np.ndarray] = {}
_STRIPS: dict[tuple[Any, ...], np.ndarray] = {}


def _grain(px: int, seed: int) -> np.ndarray:
    """Photographic grain (float32, px × px), made once per size."""
    if (px, seed) not in _GRAINS:
        rng = np.random.default_rng([seed, px])
        _GRAINS[(px, seed)] = rng.normal(0.0, 5.0, (px, px)).astype(np.float32)
    return _GRAINS[(px, seed)]


def _from_above(s: Surface, bounds: tuple[float, float, float, float], px: int) -> np.ndarray:
    x0, y0, x1, y1 = bounds
    if s.ortho is not None and s.ortho_transform is not None:
        inv = ~s.ortho_transform
        c0, r0 = inv.a * x0 + inv.b * y1 + inv.c, inv.d * x0 + inv.e * y1 + inv.f
        c1, r1 = inv.a * x1 + inv.b * y0 + inv.c, inv.d * x1 + inv.e * y0 + inv.f
        rows, cols = s.ortho.shape[:2]
        lo_c, lo_r = max(0, math.floor(min(c0, c1)) - 1), max(0, math.floor(min(r0, r1)) - 1)
        hi_c = min(cols, math.ceil(max(c0, c1)) + 1)
        hi_r = min(rows, math.ceil(max(r0, r1)) + 1)
        if hi_c - lo_c >= 2 and hi_r - lo_r >= 2:
            crop = Image.fromarray(np.ascontiguousarray(s.ortho[lo_r:hi_r, lo_c:hi_c]), "RGB")
            box = (min(c0, c1) - lo_c, min(r0, r1) - lo_r, max(c0, c1) - lo_c,
                   max(r0, r1) - lo_r)
            return np.asarray(crop.resize((px, px), Image.Resampling.BILINEAR, box=box),
                              dtype=np.float32)
    # no orthophoto: ground tinted by height, roofs a tone per building
    step = (x1 - x0) / px
    xs = x0 + (np.arange(px) + 0.5) * step
    ys = y1 - (np.arange(px) + 0.5) * (y1 - y0) / px
    gx, gy = np.meshgrid(xs, ys)
    z = s.dem.sample(gx, gy)
    z = np.nan_to_num((z - s.z_range[0]) / max(s.z_range[1] - s.z_range[0], 1.0))
    img = np.stack([150 + 40 * z, 160 + 20 * z, 120 + 10 * z], axis=-1)
    near = s.tree.query(shapely.box(*bounds))
    if len(near):
        ids = features.rasterize(((s.footprints[i], int(i) + 1) for i in near),
                                 out_shape=(px, px), transform=Affine(step, 0, x0, 0, -step, y1),
                                 fill=0, dtype="int32").astype(np.int64)
        tone = 120 + (ids * 2654435761 % 90)
        img = np.where(ids[:, :, None] > 0, np.stack([tone + 20, tone, tone - 10], -1), img)
    return img.astype(np.float32)


def _facade_strip(width: int, height: int, margin: float, z_range: tuple[float, float],
                  seed: int) -> np.ndarray:
    """FACADE_STYLES styles side by side, each ``WALL_SPAN + 2 margin`` m of wall wide and
    the whole height range tall, windows every WINDOW m (aligned with :func:`split_facades`).
    Made once per size (uint8)."""
    key = (width, height, margin, z_range, seed)
    if key in _STRIPS:
        return _STRIPS[key]
    rng = np.random.default_rng([seed, width, height])
    span = WALL_SPAN + 2 * margin
    m_along = (np.arange(width) + 0.5) / width * FACADE_STYLES * span
    style = np.minimum((m_along // span).astype(np.int64), FACADE_STYLES - 1)
    along = m_along - style * span - margin  # metres along the wall, windows from 0
    zb, zt = z_range
    up = zt - (np.arange(height) + 0.5) / height * (zt - zb) - zb  # metres above zb
    wa = np.mod(along, WINDOW)[None, :]
    wu = np.mod(up, WINDOW)[:, None]
    window = (wa > 0.7) & (wa < 2.3) & (wu > 0.9) & (wu < 2.4)
    frame = ((wa > 0.55) & (wa < 2.45) & (wu > 0.75) & (wu < 2.55)) & ~window
    pal = np.array(_FACADES, dtype=np.float32)  # (styles, 3 tones, 3)
    wall, glass, edge = pal[style, 0], pal[style, 1], pal[style, 2]
    img = np.where(window[:, :, None], glass[None], np.where(frame[:, :, None], edge[None],
                                                             wall[None]))
    lit = rng.random((height, width)) < 0.05  # a few bright or curtained panes
    img = np.where((window & lit)[:, :, None], img + 60, img)
    noise = rng.normal(0, 4, img.shape[:2]).astype(np.float32)[:, :, None]
    _STRIPS[key] = np.clip(img + noise, 0, 255).astype(np.uint8)
    return _STRIPS[key]


# -- glb and the tileset -------------------------------------------------------------------------
class Frame:
    """The tileset's local east-north-up frame at ``origin`` (cache CRS), and its ECEF place.

    The cache CRS goes to longitude and latitude through pyproj (on the CRS's own datum), and
    to ECEF on its ellipsoid (CGCS2000's and WGS 84's differ by 0.1 mm)."""

    def __init__(self, crs: CRS, origin: tuple[float, float, float]):
        geodetic = crs.geodetic_crs or CRS.from_epsg(4326)
        self.to_lonlat = Transformer.from_crs(crs, geodetic, always_xy=True)
        ellipsoid = geodetic.ellipsoid
        self.a = float(ellipsoid.semi_major_metre) if ellipsoid else 6378137.0
        inv_f = float(ellipsoid.inverse_flattening) if ellipsoid else 298.257223563
        self.e2 = (2 - 1 / inv_f) / inv_f
        lon, lat = (math.radians(v) for v in self.to_lonlat.transform(origin[0], origin[1]))
        self.origin = self.ecef(np.array([origin]))[0]
        east = np.array([-math.sin(lon), math.cos(lon), 0.0])
        north = np.array([-math.sin(lat) * math.cos(lon), -math.sin(lat) * math.sin(lon),
                          math.cos(lat)])
        up = np.array([math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon),
                       math.sin(lat)])
        self.rotation = np.column_stack([east, north, up])  # local → ECEF

    def ecef(self, xyz: np.ndarray) -> np.ndarray:
        """Points of the cache CRS (heights as ellipsoidal heights) in ECEF metres."""
        lon, lat = self.to_lonlat.transform(xyz[:, 0], xyz[:, 1], radians=True)
        lon, lat, h = np.asarray(lon), np.asarray(lat), xyz[:, 2]
        sin_lat, cos_lat = np.sin(lat), np.cos(lat)
        n = self.a / np.sqrt(1 - self.e2 * sin_lat ** 2)
        return np.column_stack([(n + h) * cos_lat * np.cos(lon), (n + h) * cos_lat * np.sin(lon),
                                (n * (1 - self.e2) + h) * sin_lat])

    def local(self, xyz: np.ndarray) -> np.ndarray:
        """Points of the cache CRS in the frame (east, north, up), float64."""
        return (self.ecef(xyz) - self.origin) @ self.rotation

    def transform(self) -> list[float]:
        """The root tile's ``transform``: the frame to ECEF, column-major."""
        m = np.eye(4)
        m[:3, :3] = self.rotation
        m[:3, 3] = self.origin
        return [float(v) for v in m.T.ravel()]


def glb(local: np.ndarray, uv: np.ndarray, tris: np.ndarray, jpeg: bytes) -> bytes:
    """One textured, unlit glb: positions relative to their centre (node translation), y-up."""
    centre = (local.min(axis=0) + local.max(axis=0)) / 2
    rel = local - centre
    pos = np.column_stack([rel[:, 0], rel[:, 2], -rel[:, 1]]).astype(np.float32)  # y-up
    index_type = np.uint16 if len(pos) < 65536 else np.uint32
    parts = [pos.tobytes(), uv.astype(np.float32).tobytes(),
             tris.astype(index_type).tobytes(), jpeg]
    views, blob, offset = [], bytearray(), 0
    for k, data in enumerate(parts):
        pad = (-len(blob)) % 4
        blob += b"\0" * pad
        offset = len(blob)
        target = (pygltflib.ARRAY_BUFFER if k < 2 else
                  pygltflib.ELEMENT_ARRAY_BUFFER if k == 2 else None)
        views.append(pygltflib.BufferView(buffer=0, byteOffset=offset, byteLength=len(data),
                                          target=target))
        blob += data
    blob += b"\0" * ((-len(blob)) % 4)
    t = (centre[0], centre[2], -centre[1])
    gltf = pygltflib.GLTF2(
        asset=pygltflib.Asset(version="2.0", generator="cimview sample_city.reality_mesh"),
        extensionsUsed=["KHR_materials_unlit"],
        scene=0, scenes=[pygltflib.Scene(nodes=[0])],
        nodes=[pygltflib.Node(mesh=0, translation=[float(v) for v in t])],
        meshes=[pygltflib.Mesh(primitives=[pygltflib.Primitive(
            attributes=pygltflib.Attributes(POSITION=0, TEXCOORD_0=1), indices=2,
            material=0, mode=pygltflib.TRIANGLES)])],
        accessors=[
            pygltflib.Accessor(bufferView=0, componentType=pygltflib.FLOAT, count=len(pos),
                               type=pygltflib.VEC3, min=[float(v) for v in pos.min(axis=0)],
                               max=[float(v) for v in pos.max(axis=0)]),
            pygltflib.Accessor(bufferView=1, componentType=pygltflib.FLOAT, count=len(uv),
                               type=pygltflib.VEC2),
            pygltflib.Accessor(bufferView=2, componentType=(
                pygltflib.UNSIGNED_SHORT if index_type is np.uint16
                else pygltflib.UNSIGNED_INT), count=int(tris.size), type=pygltflib.SCALAR),
        ],
        bufferViews=views,
        buffers=[pygltflib.Buffer(byteLength=len(blob))],
        images=[pygltflib.Image(bufferView=3, mimeType="image/jpeg")],
        samplers=[pygltflib.Sampler(magFilter=pygltflib.LINEAR,
                                    minFilter=pygltflib.LINEAR_MIPMAP_LINEAR,
                                    wrapS=pygltflib.CLAMP_TO_EDGE,
                                    wrapT=pygltflib.CLAMP_TO_EDGE)],
        textures=[pygltflib.Texture(sampler=0, source=0)],
        materials=[pygltflib.Material(
            pbrMetallicRoughness=pygltflib.PbrMetallicRoughness(
                baseColorTexture=pygltflib.TextureInfo(index=0), metallicFactor=0.0,
                roughnessFactor=1.0),
            doubleSided=False, extensions={"KHR_materials_unlit": {}})],
    )
    gltf.set_binary_blob(bytes(blob))
    return b"".join(gltf.save_to_bytes())


def _tiles(plan: Plan, level: int = 0, i: int = 0, j: int = 0
           ) -> Iterator[tuple[int, int, int, tuple[float, float, float, float]]]:
    """(level, i, j, bounds) of every tile, children before their parent (post-order)."""
    if level < plan.levels - 1:
        for di in (0, 1):
            for dj in (0, 1):
                yield from _tiles(plan, level + 1, 2 * i + di, 2 * j + dj)
    side = plan.side(level)
    x0, y0 = plan.area[0] + i * side, plan.area[1] + j * side
    yield level, i, j, (x0, y0, x0 + side, y0 + side)


def write(surface: Surface, plan: Plan, out: str | os.PathLike[str],
          progress: Any = None) -> dict[str, Any]:
    """Write the tileset into ``out`` (tileset.json and tiles/); a summary of what was made."""
    t0 = time.perf_counter()
    out = Path(out)
    (out / "tiles").mkdir(parents=True, exist_ok=True)
    a = plan.area
    cx, cy = (a[0] + a[2]) / 2, (a[1] + a[3]) / 2
    cz = float(np.nan_to_num(surface.dem.sample(np.array([cx]), np.array([cy]))[0],
                             nan=surface.z_range[0]))
    frame = Frame(surface.crs, (cx, cy, cz))
    done: dict[tuple[int, int, int], _Tile] = {}
    nbytes = triangles = 0
    count = sum(4 ** level for level in range(plan.levels))
    for n, (level, i, j, bounds) in enumerate(_tiles(plan), 1):
        cell, px = plan.cell(level), plan.px(level)
        verts, tris, bid = tile_surface(surface, bounds, cell, plan.seed)
        verts, uv, tris = split_facades(verts, tris, bid, bounds, surface.z_range, cell, px)
        local = frame.local(verts)
        buf = io.BytesIO()
        atlas(surface, bounds, px, cell, plan.seed).save(buf, "JPEG", quality=plan.quality,
                                                         optimize=False)
        data = glb(local, uv, tris, buf.getvalue())
        uri = f"tiles/{level}/{i}_{j}.glb"
        (out / "tiles" / str(level)).mkdir(exist_ok=True)
        (out / uri).write_bytes(data)
        nbytes += len(data)
        triangles += len(tris)
        tile = _Tile(level, i, j, uri, local.min(axis=0), local.max(axis=0))
        if level < plan.levels - 1:
            tile.children = [done.pop((level + 1, 2 * i + di, 2 * j + dj))
                             for di in (0, 1) for dj in (0, 1)]
            for child in tile.children:
                tile.box_min = np.minimum(tile.box_min, child.box_min)
                tile.box_max = np.maximum(tile.box_max, child.box_max)
        done[(level, i, j)] = tile
        if progress is not None:
            progress(n, count)
    root = done[(0, 0, 0)]
    doc = {
        "asset": {"version": "1.1", "tilesetVersion": "sample",
                  "extras": {"generator": "cimview sample_city.reality_mesh",
                             "crs": surface.crs.to_string(), "area": [round(v, 3) for v in a]}},
        "geometricError": round(2 * plan.geometric_error(0) if plan.levels > 1 else 16.0, 2),
        "root": dict(_json(root, plan), transform=frame.transform()),
    }
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    (out / "tileset.json").write_text(text, encoding="utf-8")
    return {"tileset": str(out / "tileset.json"), "tiles": count, "levels": plan.levels,
            "leaf_cell": plan.leaf_cell, "leaf_px": plan.leaf_px, "triangles": triangles,
            "bytes": nbytes + len(text), "area": [round(v, 1) for v in a],
            "seconds": round(time.perf_counter() - t0, 2)}


def _json(tile: _Tile, plan: Plan) -> dict[str, Any]:
    pad = 0.5
    lo, hi = tile.box_min - pad, tile.box_max + pad
    c, h = (lo + hi) / 2, (hi - lo) / 2
    node: dict[str, Any] = {
        "boundingVolume": {"box": [round(float(v), 3) for v in (
            *c, h[0], 0, 0, 0, h[1], 0, 0, 0, h[2])]},
        "geometricError": plan.geometric_error(tile.level),
        "refine": "REPLACE",
        "content": {"uri": tile.uri},
    }
    if tile.children:
        node["children"] = [_json(child, plan) for child in tile.children]
    return node


# -- the sample city's hook and the command line -------------------------------------------------
def build_for_city(cache_path: str | os.PathLike[str], folder: str | os.PathLike[str],
                   *, side: float = DEFAULT_SIDE, register: bool = True) -> dict[str, Any]:
    """Write the district's tileset into ``folder`` (replaced whole, through a staging folder
    beside it) and register it in the cache as the layer ``reality`` when ``folder`` is in the
    cache's folder."""
    from store.tiles.registry import register_tileset

    folder = Path(folder)
    staging = folder.with_name(f".{folder.name}.{os.getpid()}.partial")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        with Cache.open(cache_path) as cache:
            area = district(cache, side)
            summary = write(load_surface(cache, area), plan_for(area), staging)
        if folder.exists():
            shutil.rmtree(folder)
        staging.rename(folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    summary["tileset"] = str(folder / "tileset.json")
    base = Path(cache_path).resolve().parent
    if register and folder.resolve().is_relative_to(base):
        with Cache.open(cache_path) as cache:
            register_tileset(cache, NAME, folder.resolve().relative_to(base).as_posix(),
                             title=TITLE, kind="reality")
        summary["registered"] = NAME
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sample_city.reality_mesh",
        description="Write a textured reality-mesh 3D Tiles tileset (倾斜摄影-like) of a "
                    "cimview cache's district.")
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True, help="tileset folder")
    parser.add_argument("--side", type=float, default=None,
                        help=f"side of the square district in m (default {DEFAULT_SIDE:g}; "
                             "the whole city with --target-gb)")
    parser.add_argument("--levels", type=int, default=None, help="quadtree depth")
    parser.add_argument("--target-gb", type=float, default=None,
                        help="make the tileset about this large (finer mesh and textures)")
    parser.add_argument("--no-register", action="store_true",
                        help="do not add it to the cache's tileset layers")
    args = parser.parse_args(argv)
    target = None if args.target_gb is None else args.target_gb * 1e9
    with Cache.open(args.cache) as cache:
        side = args.side or (DEFAULT_SIDE if target is None else 1e9)
        plan = plan_for(district(cache, side), target, args.levels)
        surface = load_surface(cache, plan.area)
    print(f"writing {4 ** plan.levels // 3} tiles, {plan.levels} levels, leaf cell "
          f"{plan.leaf_cell} m, {plan.leaf_px} px textures, about "
          f"{plan.estimate_bytes() / 1e9:.2f} GB", file=sys.stderr)

    def progress(n: int, count: int) -> None:
        if n % 50 == 0 or n == count:
            print(f"  {n}/{count} tiles", file=sys.stderr)

    summary = write(surface, plan, args.out, progress)
    base = args.cache.resolve().parent
    if not args.no_register and args.out.resolve().is_relative_to(base):
        from store.tiles.registry import register_tileset

        with Cache.open(args.cache) as cache:
            register_tileset(cache, NAME, args.out.resolve().relative_to(base).as_posix(),
                             title=TITLE, kind="reality")
        summary["registered"] = NAME
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
