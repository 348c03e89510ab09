"""The district's water layer: the river's surface and the ponds of its larger parks, named."""

from __future__ import annotations

import numpy as np
import shapely

from sample_city import names as nm
from sample_city.layout import Layout
from sample_city.model import LayerData, gids
from sample_city.terrain import Landform

MIN_POND_PARK = 6000.0  # m²: a park at least this large holds a pond
MAX_PONDS = 3
LAKE_AREA = 8000.0  # m²: above this a pond is a 湖 (lake), below a 塘 (pond)


def pond_shape(park: shapely.Geometry, rng: np.random.Generator) -> shapely.Geometry | None:
    """A wobbly oval of water inside a park, clear of its edges by 12 m (None: no room)."""
    inner = shapely.buffer(park, -12.0)
    if inner.is_empty or inner.area < 600:
        return None
    c = shapely.get_coordinates(shapely.point_on_surface(inner))[0]
    r = 0.32 * np.sqrt(inner.area)
    t = np.linspace(0.0, 2 * np.pi, 49)[:-1]
    phase = rng.uniform(0, 2 * np.pi, 2)
    rad = r * (1 + 0.15 * np.sin(3 * t + phase[0]) + 0.08 * np.sin(5 * t + phase[1]))
    stretch, turn = rng.uniform(0.6, 1.0), rng.uniform(0, np.pi)
    x, y = rad * np.cos(t), rad * np.sin(t) * stretch
    xr = c[0] + x * np.cos(turn) - y * np.sin(turn)
    yr = c[1] + x * np.sin(turn) + y * np.cos(turn)
    pond = shapely.intersection(shapely.polygons(np.column_stack([xr, yr])), inner)
    parts = [p for p in shapely.get_parts(pond) if isinstance(p, shapely.Polygon)]
    if not parts:
        return None
    best = max(parts, key=lambda p: p.area)
    return best if best.area >= 300 else None


def water_layer(landform: Landform, layout: Layout, bounds: tuple[float, float, float, float],
                rng: np.random.Generator) -> LayerData:
    """The river surface (clipped to ``bounds``, the DEM's) and up to three park ponds."""
    river = shapely.intersection(landform.water, shapely.box(*bounds))
    geoms: list[shapely.Geometry] = [river]
    kinds = ["river"]
    parks = sorted((p for p in layout.parcels
                    if p.kind == "park" and p.block >= 0 and p.area >= MIN_POND_PARK),
                   key=lambda p: (-p.area, p.code))
    for park in parks:
        if len(geoms) > MAX_PONDS:
            break
        pond = pond_shape(park.geom, rng)
        if pond is not None:
            geoms.append(pond)
            kinds.append("lake" if pond.area >= LAKE_AREA else "pond")
    taken: set[str] = set()
    river_name = nm.unique_names(rng, 1, nm.PLACE, ("江",), taken=taken)[0]
    pond_names = iter(nm.unique_names(rng, len(geoms) - 1, nm.PLACE, ("湖",), taken=taken))
    names = [river_name] + [next(pond_names)[:-1] + ("湖" if k == "lake" else "塘")
                            for k in kinds[1:]]
    multi = [g if isinstance(g, shapely.MultiPolygon) else shapely.MultiPolygon([g])
             for g in geoms]
    return LayerData(np.array(multi, dtype=object), {
        "gid": gids(rng, len(geoms)), "name": names, "kind": kinds})


__all__ = ["water_layer", "pond_shape"]
