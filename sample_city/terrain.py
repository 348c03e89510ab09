"""The district's terrain: a plain at 6–15 m (1985 datum), one hill and a meandering river."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from rasterio import features
from rasterio.transform import Affine

from sample_city.model import CRS, Terrain
from store.raster import Grid

MARGIN = 100.0  # DEM margin around the district, m
HILL_CORE_RISE = 18.0  # above this rise the hill is kept as a forest park


@dataclass(frozen=True)
class River:
    """A river flowing west to east: y = centre_y + Σ a·sin(2πx/λ + φ), world coordinates."""

    centre_y: float
    amps: tuple[float, ...]
    wavelengths: tuple[float, ...]
    phases: tuple[float, ...]
    width: float  # water surface, m
    park: float  # riverside park strip on each bank, m

    def y(self, x: np.ndarray) -> np.ndarray:
        out = np.full(np.shape(x), self.centre_y, dtype=np.float64)
        for a, lam, ph in zip(self.amps, self.wavelengths, self.phases, strict=True):
            out += a * np.sin(2 * np.pi * x / lam + ph)
        return out

    def slope(self, x: np.ndarray) -> np.ndarray:
        out = np.zeros(np.shape(x), dtype=np.float64)
        for a, lam, ph in zip(self.amps, self.wavelengths, self.phases, strict=True):
            out += a * 2 * np.pi / lam * np.cos(2 * np.pi * x / lam + ph)
        return out

    def distance(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Approximate distance to the centreline (exact enough for gentle meanders)."""
        return np.abs(y - self.y(x)) / np.sqrt(1.0 + self.slope(x) ** 2)

    def centreline(self, x0: float, x1: float, step: float = 10.0) -> shapely.LineString:
        xs = np.arange(x0, x1 + step, step)
        return shapely.linestrings(xs, self.y(xs))

    def bank_line(self, x0: float, x1: float, offset: float, step: float = 10.0
                  ) -> shapely.LineString:
        """A line parallel to the centreline; positive offsets lie north of it."""
        xs = np.arange(x0, x1 + step, step)
        s = self.slope(xs)
        norm = np.sqrt(1.0 + s**2)
        return shapely.linestrings(xs - offset * s / norm, self.y(xs) + offset / norm)

    @property
    def corridor_half(self) -> float:
        return self.width / 2 + self.park


@dataclass(frozen=True)
class Landform:
    """What the layout must respect: the river (with its park) and the hill's steep core."""

    river: River
    water: shapely.Geometry  # water surface polygon
    corridor: shapely.Geometry  # water plus riverside parks
    hill_core: shapely.Geometry  # where the hill rises above HILL_CORE_RISE
    hill_centre: tuple[float, float]


@dataclass(frozen=True)
class _Hill:
    lobes: np.ndarray  # (k, 4): x, y, sigma, weight
    height: float
    scale: float  # normaliser so the summit rises exactly `height`


def generate_terrain(domain: shapely.Polygon, rng: np.random.Generator) -> tuple[Terrain, Landform]:
    """DEM (float32, 4 m cells, 5 m for very large areas) covering the domain plus a margin."""
    minx, miny, maxx, maxy = domain.bounds
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    side = max(maxx - minx, maxy - miny)
    cell = 4.0
    if (side + 2 * MARGIN) / cell > 6000:
        cell = 5.0
    x0 = np.floor((minx - MARGIN) / cell) * cell
    y1 = np.ceil((maxy + MARGIN) / cell) * cell
    cols = int(np.ceil((maxx + MARGIN - x0) / cell))
    rows = int(np.ceil((y1 - (miny - MARGIN)) / cell))

    river = River(
        centre_y=cy - side * rng.uniform(0.15, 0.24),
        amps=(rng.uniform(90, 150), min(side * 0.06, rng.uniform(120, 260))),
        wavelengths=(rng.uniform(1000, 1400), rng.uniform(2600, 4200)),
        phases=(rng.uniform(0, 2 * np.pi), rng.uniform(0, 2 * np.pi)),
        width=float(rng.uniform(70, 95)), park=float(rng.uniform(30, 45)))
    east = rng.random() < 0.5
    hx = cx + (1 if east else -1) * side * rng.uniform(0.22, 0.3)
    hy = cy + side * rng.uniform(0.22, 0.3)
    radius = float(np.clip(side * 0.14, 240, 2200))
    k = 4
    lobes = np.column_stack([
        hx + rng.normal(0, radius * 0.35, k), hy + rng.normal(0, radius * 0.35, k),
        radius * rng.uniform(0.35, 0.7, k), rng.uniform(0.4, 1.0, k)])
    lobes[0] = (hx, hy, radius * 0.6, 1.0)
    hill = _Hill(lobes, float(rng.uniform(62, 88)), 1.0)
    # Normalise the lobes so the summit rises exactly `height` above the plain.
    gx, gy = np.meshgrid(np.linspace(hx - radius, hx + radius, 161),
                         np.linspace(hy - radius, hy + radius, 161))
    hill = _Hill(lobes, hill.height, float(_hill_shape(hill, gx, gy).max()))
    waves = np.column_stack([rng.uniform(0, 2 * np.pi, 6), rng.uniform(600, 2200, 6),
                             rng.uniform(0, np.pi, 6)])  # phase, wavelength, direction

    values = np.empty((rows, cols), dtype=np.float32)
    rise = np.empty((rows, cols), dtype=np.float32)
    xs = x0 + (np.arange(cols) + 0.5) * cell
    for r0 in range(0, rows, 512):
        r1 = min(rows, r0 + 512)
        ys = y1 - (np.arange(r0, r1) + 0.5) * cell
        gx, gy = np.meshgrid(xs, ys)
        plain, hill_rise = _heights(gx, gy, river, hill, waves)
        values[r0:r1] = plain + hill_rise
        rise[r0:r1] = hill_rise
    transform = Affine(cell, 0.0, float(x0), 0.0, -cell, float(y1))
    terrain = Terrain(Grid(values, transform, CRS, None))

    lx0, lx1 = minx - 2 * MARGIN, maxx + 2 * MARGIN
    centre = river.centreline(lx0, lx1)
    water = shapely.buffer(centre, river.width / 2, quad_segs=4)
    corridor = shapely.buffer(centre, river.corridor_half, quad_segs=4)
    core_mask = (rise > HILL_CORE_RISE).astype(np.uint8)
    shapes = [shapely.geometry.shape(g) for g, v in
              features.shapes(core_mask, mask=core_mask.astype(bool), transform=transform) if v]
    hill_core = shapely.union_all(shapes).simplify(cell * 1.5) if shapes else shapely.Polygon()
    hill_core = shapely.make_valid(hill_core).buffer(0)
    return terrain, Landform(river, water, corridor, hill_core, (hx, hy))


def _hill_shape(hill: _Hill, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    out = np.zeros(x.shape, dtype=np.float64)
    for lx, ly, sigma, w in hill.lobes:
        out += w * np.exp(-((x - lx) ** 2 + (y - ly) ** 2) / (2 * sigma**2))
    return out


def _heights(x: np.ndarray, y: np.ndarray, river: River, hill: _Hill, waves: np.ndarray
             ) -> tuple[np.ndarray, np.ndarray]:
    """(plain with the river valley, hill rise) at grid points."""
    undulation = np.zeros(x.shape, dtype=np.float64)
    for phase, lam, direction in waves:
        u = x * np.cos(direction) + y * np.sin(direction)
        undulation += np.sin(2 * np.pi * u / lam + phase)
    d = river.distance(x, y)
    # The plain climbs gently away from the river: 7 m at the banks to about 14 m far away.
    plain = 7.0 + 6.0 * (1 - np.exp(-d / 900.0)) + 0.55 * undulation
    plain = np.clip(plain, 6.2, 15.0)
    half = river.width / 2
    t = np.clip(d / half, 0.0, 1.0)
    channel = np.where(d < half, 4.5 * (1 - t**2) + 0.8, 0.0)  # bed 4–5 m below the banks
    bank = np.clip((d - half) / 12.0, 0.0, 1.0)
    plain = plain - channel - 0.8 * (1 - bank) * (d >= half)
    hill_rise = hill.height * _hill_shape(hill, x, y) / hill.scale
    ridges = 0.92 + 0.08 * np.sin(x / 97.0) * np.cos(y / 131.0)
    return plain.astype(np.float32), (hill_rise * ridges).astype(np.float32)
