"""The themes a user sees (地形, 白模, 管线, 房屋, 智慧杆, base layers) over the cache's tables.

Plain models, no Qt: the app's layer panel shows these; the 3D scene will draw from them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from store.cache import NOW, Cache, LayerInfo


@dataclass(frozen=True)
class Theme:
    """A user-facing theme and the cache layers (or raster) it is drawn from."""

    key: str
    title_zh: str
    title_en: str
    layers: tuple[str, ...]
    raster: str | None = None


THEMES: tuple[Theme, ...] = (
    Theme("terrain", "地形", "Terrain", (), raster="dem"),
    Theme("buildings", "白模", "Buildings", ("buildings", "building_solids")),
    Theme("pipelines", "管线", "Pipelines", ("pipelines", "pipe_points")),
    Theme("housing", "房屋", "Housing stock", ("buildings",)),
    Theme("poles", "智慧杆", "Smart poles", ("poles", "pole_devices")),
    Theme("base", "基础数据", "Base data", ("roads", "parcels", "addresses")),
)


@dataclass(frozen=True)
class RasterSummary:
    """What the layer list shows of a stored raster."""

    name: str
    width: int
    height: int
    cell: float
    min_z: float | None
    max_z: float | None
    crs: str
    version: int


@dataclass(frozen=True)
class CacheSummary:
    """Everything the start window shows of a cache."""

    path: str
    name: str
    crs: str
    vertical_crs: str
    extent: tuple[float, float, float, float] | None
    layers: dict[str, LayerInfo]
    dem: RasterSummary | None


def summarize(cache: Cache, at: str | None = NOW) -> CacheSummary:
    """Counts (of what stands ``at``: :meth:`store.cache.Cache.read`), extents and versions of
    every layer, and the DEM's description."""
    info = cache.raster_info("dem")
    dem = None
    if info:
        dem = RasterSummary(info["name"], info["width"], info["height"],
                            abs(float(info["transform"][0])), info["min_z"], info["max_z"],
                            info["crs"], int(info["version"]))
    return CacheSummary(
        path=str(cache.path), name=cache.meta.get("name", ""), crs=cache.meta["crs"],
        vertical_crs=cache.vertical_crs or "", extent=cache.extent(),
        layers={i.name: i for i in cache.layers(at)}, dem=dem)


def feature_anchor(cache: Cache, layer: str, fid: int) -> tuple[float, float, float] | None:
    """Where to fly to see a feature (cache CRS): a building's roof centre, a pipe's midpoint,
    a point's position; None when the feature does not exist."""
    import shapely

    if layer == "buildings":
        f = cache.read(layer, ["ground_z", "height"], where="t.fid = :f", params={"f": fid})
        if not len(f):
            return None
        p = shapely.point_on_surface(f.geoms[0])
        z = (f.columns["ground_z"][0] or 0.0) + (f.columns["height"][0] or 0.0)
        return float(p.x), float(p.y), float(z)
    f = cache.read(layer, where="t.fid = :f", params={"f": fid})
    if not len(f):
        return None
    geom = f.geoms[0]
    if geom.geom_type.endswith("LineString"):
        geom = shapely.line_interpolate_point(geom, 0.5, normalized=True)
    coords = shapely.get_coordinates(geom, include_z=True)[0]
    z = 0.0 if np.isnan(coords[2]) else float(coords[2])
    return float(coords[0]), float(coords[1]), z
