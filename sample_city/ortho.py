"""An orthophoto-like RGB raster of the district: roads, water, vegetation, roofs and shadows.

Everything is rasterised once into a class map (uint8) and a roof map (building index), then
coloured in strips of rows with seeded value noise, the DEM's hill shading and the buildings'
shadows. Stored as a JPEG-compressed GeoTIFF (YCbCr), raster "ortho" of kind "ortho".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely
from rasterio import features
from rasterio.io import MemoryFile
from rasterio.transform import Affine
from shapely import affinity

from sample_city.layout import BRANCH, LANE, MAIN, SECONDARY, Layout
from sample_city.model import Terrain

MAX_SIDE = 3072  # pixels on the longer side; the cell is never finer than MIN_CELL
MIN_CELL = 0.5  # m
STRIP = 512  # rows coloured at a time
JPEG_QUALITY = 85
SUN_SHADOW = (-0.42, 0.38)  # shadow offset per metre of height (x, y): morning sun from the SE

# Classes of the class map, and their base colours (sRGB).
SCRUB, GROUND, PAVED, GRASS, PARK, FOREST, BARE, VILLAGE, WATER, WALK, ASPHALT_MAIN, \
    ASPHALT_SEC, ASPHALT_BRANCH, LANE_SURF, MEDIAN, MARKING, TREES, TRACK = range(18)
BASE = np.array([
    (150, 156, 112),  # SCRUB: fields and scrub outside the district
    (196, 188, 170),  # GROUND: open ground between parcels and roads
    (186, 183, 174),  # PAVED: courtyards and forecourts
    (118, 152, 78),   # GRASS: lawns in compounds
    (108, 146, 70),   # PARK: park lawns
    (44, 78, 40),     # FOREST: the hill's canopy
    (184, 158, 120),  # BARE: vacant lots
    (132, 128, 121),  # VILLAGE: urban-village alleys and yards
    (50, 96, 102),    # WATER: river and ponds, blue-green
    (174, 170, 162),  # WALK: sidewalks
    (74, 76, 78),     # ASPHALT_MAIN
    (86, 88, 90),     # ASPHALT_SEC
    (100, 101, 101),  # ASPHALT_BRANCH
    (150, 146, 140),  # LANE_SURF: concrete village lanes
    (92, 130, 62),    # MEDIAN: planted medians of main roads
    (232, 232, 222),  # MARKING: centre lines
    (54, 90, 46),     # TREES: tree crowns
    (170, 84, 70),    # TRACK: school running tracks
], dtype=np.float32)
#: How much each class varies with the fine and the coarse noise (fractions of its colour).
FINE = np.array([.10, .06, .05, .10, .10, .16, .10, .08, .03, .05, .04, .04, .04, .06, .12,
                 .02, .20, .04], dtype=np.float32)
COARSE = np.array([.22, .08, .06, .14, .14, .18, .12, .08, .10, .04, .05, .05, .05, .06, .10,
                   .02, .16, .04], dtype=np.float32)
#: Parcel kind → ground class, and the share of its paved ground laid to lawn.
KIND_GROUND = {"compound": (PAVED, 0.38), "old": (PAVED, 0.25), "village": (VILLAGE, 0.0),
               "mall": (PAVED, 0.08), "office": (PAVED, 0.15), "school": (PAVED, 0.25),
               "hospital": (PAVED, 0.30), "park": (PARK, 0.0), "vacant": (BARE, 0.0)}
#: Share of each class's ground under tree crowns (clustered by noise).
TREE_SHARE = np.zeros(len(BASE), dtype=np.float32)
TREE_SHARE[[SCRUB, GROUND, GRASS, PARK, VILLAGE, WALK]] = (.12, .08, .50, .45, .02, .22)
CROWN = np.zeros(len(BASE), dtype=bool)
CROWN[[TREES, FOREST]] = True
#: Roof tones by parcel kind (sRGB), one drawn per building.
ROOFS = {
    "compound": [(204, 200, 192), (188, 184, 178), (214, 206, 190), (170, 172, 174)],
    "old": [(150, 148, 142), (166, 160, 150), (138, 120, 104), (176, 170, 160)],
    "village": [(168, 110, 84), (150, 146, 140), (126, 122, 118), (120, 140, 156),
                (182, 176, 168)],
    "mall": [(184, 188, 190), (160, 168, 176), (206, 206, 202)],
    "office": [(118, 130, 142), (96, 108, 120), (150, 160, 168), (200, 202, 204)],
    "school": [(184, 104, 84), (200, 190, 176)],
    "hospital": [(222, 222, 216), (200, 206, 210)],
}
ROAD_CLASS = {MAIN: ASPHALT_MAIN, SECONDARY: ASPHALT_SEC, BRANCH: ASPHALT_BRANCH,
              LANE: LANE_SURF}


@dataclass
class Ortho:
    """The generated image: RGB bands (3, rows, cols) uint8, its transform, CRS and cell."""

    rgb: np.ndarray
    transform: Affine
    crs: str
    cell: float


def ortho_cell(width_m: float, height_m: float) -> float:
    """The pixel size: MIN_CELL, coarser (in 5 cm steps) when MAX_SIDE pixels would not do."""
    need = max(width_m, height_m) / MAX_SIDE
    return max(MIN_CELL, math.ceil(need / 0.05 - 1e-9) * 0.05)


class _Noise:
    """Seeded value noise of one feature size, evaluated row strip by row strip."""

    def __init__(self, rng: np.random.Generator, shape: tuple[int, int], size_px: float):
        self.size = max(size_px, 1.0)
        rows = int(shape[0] / self.size) + 3
        cols = int(shape[1] / self.size) + 3
        self.grid = rng.random((rows, cols), dtype=np.float32)
        cx = np.arange(shape[1], dtype=np.float32) / self.size
        j0 = cx.astype(np.int64)
        fx = cx - j0
        fx = fx * fx * (3 - 2 * fx)
        # Interpolated along the columns once: each strip then mixes two rows of this.
        self.cols = self.grid[:, j0] * (1 - fx) + self.grid[:, j0 + 1] * fx

    def quantiles(self, levels: np.ndarray) -> np.ndarray:
        """Quantiles of the noise's values (from a sample of its first rows)."""
        sample = self.rows(0, min(512, len(self.grid) * int(self.size)))[::3, ::3]
        return np.quantile(sample, levels).astype(np.float32)

    def rows(self, r0: int, r1: int) -> np.ndarray:
        ry = np.arange(r0, r1, dtype=np.float32) / self.size
        i0 = ry.astype(np.int64)
        fy = ry - i0
        fy = (fy * fy * (3 - 2 * fy))[:, None]
        return self.cols[i0] * (1 - fy) + self.cols[i0 + 1] * fy


def _hillshade(terrain: Terrain) -> np.ndarray:
    """Lambertian shading of the DEM (1.0 on flat ground), light from the south-east."""
    z = terrain.grid.values.astype(np.float32)
    cell = terrain.grid.cell
    gy, gx = np.gradient(z, cell)
    gy = -gy  # rows run south
    nz = 1.0 / np.sqrt(1 + gx * gx + gy * gy)
    sun = np.array([0.45, -0.35, 0.82], dtype=np.float32)
    sun /= np.linalg.norm(sun)
    lit = (-gx * sun[0] - gy * sun[1] + sun[2]) * nz
    return (lit / sun[2]).astype(np.float32)


def _burn(shapes: list[tuple[shapely.Geometry, int]], out: np.ndarray, transform: Affine,
          all_touched: bool = False) -> None:
    shapes = [(g, v) for g, v in shapes if g is not None and not g.is_empty]
    if shapes:
        features.rasterize(shapes, out=out, transform=transform, all_touched=all_touched)


def _road_shapes(layout: Layout) -> tuple[list, list, list]:
    """(sidewalk and surface polygons, asphalt polygons, median and marking polygons)."""
    roads = sorted(layout.roads, key=lambda r: r.width)
    lines = np.array([r.line for r in roads], dtype=object)
    widths = np.array([r.width for r in roads])
    full = shapely.buffer(lines, widths / 2, cap_style="flat")
    walk = np.where(widths >= 12, np.minimum(4.0, widths * 0.15), 0.0)
    carriage = shapely.buffer(lines, widths / 2 - walk, cap_style="flat")
    surface = [(g, WALK if w >= 12 else LANE_SURF) for g, w in zip(full, widths, strict=True)]
    asphalt = [(g, ROAD_CLASS[r.road_class]) for g, r, w in zip(carriage, roads, widths,
                                                                 strict=True) if w >= 12]
    marks: list[tuple[shapely.Geometry, int]] = []
    tree = shapely.STRtree(full)
    for i, r in enumerate(roads):
        if r.road_class not in (MAIN, SECONDARY):
            continue
        near = [j for j in tree.query(full[i]) if j != i and roads[j].name != r.name]
        crossing = shapely.buffer(shapely.union_all(full[near]), 3.0) if near else None
        mark = shapely.buffer(r.line, 1.6 if r.road_class == MAIN else 0.2, cap_style="flat")
        if crossing is not None:
            mark = shapely.difference(mark, crossing)
        marks.append((mark, MEDIAN if r.road_class == MAIN else MARKING))
    return surface, asphalt, marks


def _tracks(layout: Layout) -> list[tuple[shapely.Geometry, int]]:
    """A running track round a lawn in each school large enough, turned with the streets."""
    out: list[tuple[shapely.Geometry, int]] = []
    angle = math.degrees(layout.frame.angle)
    axis = shapely.LineString([(-25, 0), (25, 0)])
    for p in layout.parcels:
        if p.kind != "school" or p.area < 12000:
            continue
        c = shapely.get_coordinates(shapely.point_on_surface(p.geom))[0]
        oval, lawn = (affinity.translate(affinity.rotate(
            shapely.buffer(axis, r), angle, origin=(0, 0)), *c) for r in (22, 14))
        if shapely.within(oval, p.geom):
            out += [(oval, TRACK), (lawn, GRASS)]
    return out


def generate_ortho(layout: Layout, terrain: Terrain, buildings: np.ndarray,
                   building_kind: list[str], heights: np.ndarray, water: np.ndarray,
                   forest: shapely.Geometry, rng: np.random.Generator) -> Ortho:
    """The orthophoto over the DEM's bounds (see the module docstring)."""
    x0, y0, x1, y1 = terrain.grid.bounds()
    cell = ortho_cell(x1 - x0, y1 - y0)
    cols, rows = int(math.ceil((x1 - x0) / cell)), int(math.ceil((y1 - y0) / cell))
    transform = Affine(cell, 0.0, x0, 0.0, -cell, y1)
    shape = (rows, cols)

    lawns = _Noise(rng, shape, 14.0 / cell)
    crowns = _Noise(rng, shape, 5.0 / cell)
    coarse = _Noise(rng, shape, 60.0 / cell)
    levels = np.linspace(0.0, 1.0, 101)
    q_lawn, q_crown = lawns.quantiles(levels), crowns.quantiles(levels)
    # A pixel is under a tree crown where the crown noise passes its class's threshold.
    tree_at = np.where(TREE_SHARE > 0, np.interp(1 - TREE_SHARE, levels, q_crown), 2.0)
    tree_at = tree_at.astype(np.float32)

    cls = np.full(shape, SCRUB, dtype=np.uint8)
    lawn_at = np.full(shape, 2.0, dtype=np.float32)  # lawn where the lawn noise passes this
    parcels = layout.parcels
    _burn([(layout.frame.domain, GROUND)]
          + [(p.geom, KIND_GROUND[p.kind][0]) for p in parcels], cls, transform)
    _burn([(p.geom, float(np.interp(1 - KIND_GROUND[p.kind][1], levels, q_lawn)))
           for p in parcels if KIND_GROUND[p.kind][1] > 0], lawn_at, transform)
    _burn([(forest, FOREST)], cls, transform)
    _burn(_tracks(layout), cls, transform)
    _burn([(g, WATER) for g in water], cls, transform)
    surface, asphalt, marks = _road_shapes(layout)
    _burn(surface, cls, transform)
    _burn(asphalt, cls, transform)
    _burn(marks, cls, transform, all_touched=True)

    order = np.argsort(heights, kind="stable")  # taller roofs drawn last, on top
    roof = np.zeros(shape, dtype=np.int32)
    _burn([(buildings[i], int(i) + 1) for i in order], roof, transform)
    shadow = np.zeros(shape, dtype=np.uint8)
    dx, dy = SUN_SHADOW
    moved = np.array([affinity.translate(g, dx * h, dy * h)
                      for g, h in zip(buildings, heights, strict=True)], dtype=object)
    casts = shapely.convex_hull(shapely.union(shapely.convex_hull(buildings), moved))
    _burn([(g, 1) for g in casts], shadow, transform)

    # One palette: the ground classes, then one roof tone per building.
    palette = np.zeros((len(BASE) + len(buildings), 3), dtype=np.float32)
    palette[:len(BASE)] = BASE
    for i, kind in enumerate(building_kind):
        tones = ROOFS.get(kind, ROOFS["compound"])
        tone = np.array(tones[int(rng.integers(len(tones)))], dtype=np.float32)
        palette[len(BASE) + i] = tone * rng.uniform(0.92, 1.06)

    shade = _hillshade(terrain)
    inv = ~terrain.grid.transform
    dem_rows, dem_cols = shade.shape
    dc = np.clip(inv.a * (x0 + (np.arange(cols) + 0.5) * cell) + inv.c - 0.5, 0,
                 dem_cols - 1.001)
    c0 = dc.astype(np.int64)
    fc = (dc - c0).astype(np.float32)
    shade_cols = shade[:, c0] * (1 - fc) + shade[:, c0 + 1] * fc  # (DEM rows, cols)

    rgb = np.empty((3, rows, cols), dtype=np.uint8)
    for r0 in range(0, rows, STRIP):
        r1 = min(rows, r0 + STRIP)
        c = cls[r0:r1]
        nl, nk, nc = lawns.rows(r0, r1), crowns.rows(r0, r1), coarse.rows(r0, r1)
        grain = rng.random((r1 - r0, cols), dtype=np.float32)
        # Lawns in the paved ground of compounds, then tree crowns in clusters.
        c = np.where((c == PAVED) & (nl > lawn_at[r0:r1]), np.uint8(GRASS), c)
        t = tree_at[c]
        c = np.where(nk > t, np.uint8(TREES), c)
        factor = 1.0 + FINE[c] * (grain - 0.5) * 2 + COARSE[c] * (nc - 0.5) * 2
        crown_light = np.where(c == FOREST, nk - 0.5, nk - t) * 2.5
        factor *= np.where(CROWN[c], 1.0 + np.clip(crown_light, -0.2, 0.35), 1.0)
        # Hill shading from the DEM (bilinear between its rows), not on water.
        dr = np.clip(inv.e * (y1 - (np.arange(r0, r1) + 0.5) * cell) + inv.f - 0.5, 0,
                     dem_rows - 1.001)
        rr = dr.astype(np.int64)
        fr = (dr - rr).astype(np.float32)[:, None]
        hill = shade_cols[rr] * (1 - fr) + shade_cols[rr + 1] * fr
        factor *= np.where(c == WATER, 1.0, np.clip(hill, 0.55, 1.2))
        # Roofs (darker at their edges) over the ground; shadows on the ground around them.
        ids = roof[r0:r1]
        on_roof = ids > 0
        up = roof[r0 - 1:r1 - 1] if r0 > 0 else np.vstack([ids[:1], ids[:-1]])
        down = roof[r0 + 1:r1 + 1]
        if down.shape[0] < ids.shape[0]:
            down = np.vstack([down, ids[-1:]])
        edge = (up != ids) | (down != ids)
        edge[:, 1:] |= ids[:, 1:] != ids[:, :-1]
        edge[:, :-1] |= ids[:, :-1] != ids[:, 1:]
        roof_factor = (1.0 + 0.1 * (grain - 0.5)) * np.where(edge, 0.72, 1.0)
        factor = np.where(on_roof, roof_factor,
                          np.where(shadow[r0:r1] > 0, factor * 0.58, factor))
        index = np.where(on_roof, ids + (len(BASE) - 1), c)
        col = palette[index] * factor[..., None]
        np.clip(col, 0, 255, out=col)
        rgb[:, r0:r1] = np.moveaxis(col, -1, 0)
    return Ortho(rgb, transform, terrain.grid.crs, cell)


def to_geotiff(ortho: Ortho) -> bytes:
    """JPEG-compressed (YCbCr, quality JPEG_QUALITY), tiled 256×256 GeoTIFF bytes."""
    _, rows, cols = ortho.rgb.shape
    profile = {"driver": "GTiff", "width": cols, "height": rows, "count": 3, "dtype": "uint8",
               "crs": ortho.crs, "transform": ortho.transform, "compress": "jpeg",
               "photometric": "ycbcr", "jpeg_quality": JPEG_QUALITY}
    if rows >= 256 and cols >= 256:
        profile.update(tiled=True, blockxsize=256, blockysize=256)
    with MemoryFile() as mem:
        with mem.open(**profile) as dst:
            dst.write(ortho.rgb)
        return bytes(mem.read())


__all__ = ["Ortho", "generate_ortho", "ortho_cell", "to_geotiff"]
