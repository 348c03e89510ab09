"""Where a proposal stands: its parcel, the white models it replaces, the red-line edges on roads.

:func:`build_context` makes the :class:`~layers.review.context.ReviewContext` of a review: the
BIM's footprint on the map, the parcel it stands on (the largest overlap) or the one named by
code, and the white models the proposal replaces. :func:`road_edges` says which edges of the
parcel's red line face a road (the ``roads`` table with its widths).

Example
-------
>>> ctx = build_context(cache, model, Path("ZW-R2-00115.ifc"))        # doctest: +SKIP
>>> ctx.parcel["code"], ctx.found_by                                  # doctest: +SKIP
('ZW-R2-00115', 'location')
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import shapely

from layers.bim import buildings_under, footprint
from layers.review.context import ReviewContext
from layers.review.redline import edges, road_facing
from store.bim.model import BimModel
from store.cache import Cache
from store.errors import InputError

#: The parcel fields a review reads (``parcels`` table).
PARCEL_FIELDS = ("code", "status", "land_use_code", "land_use", "area", "height_limit",
                 "far_max", "density_max", "green_min", "setback_road", "setback_side",
                 "proposal")
#: A parcel counts as the BIM's when at least this much of the footprint (m²) lies on it.
MIN_ON_PARCEL_M2 = 1.0
#: A building stands on the parcel when this share of its footprint lies inside the red line.
ON_PARCEL_SHARE = 0.5
#: How far beyond the red line a road's edge may lie and still face it (m): red lines are drawn
#: along the road's edge, the centre line is half the road's width away.
ROAD_TOLERANCE_M = 5.0


def build_context(cache: Cache, model: BimModel, ifc_path: str | Path,
                  parcel_code: str | None = None, *, clear_parcel: bool = True
                  ) -> ReviewContext:
    """The review's context: the BIM on the map, its parcel and what it replaces.

    Parameters
    ----------
    cache : the city cache (its CRS is the review's).
    model : the loaded BIM (:func:`store.bim.loader.load_bim`).
    ifc_path : the IFC file (named in messages and the report).
    parcel_code : review against this parcel instead of the one the BIM stands on.
    clear_parcel : the submitted model is the parcel's whole scheme (a redevelopment, 旧改):
        every white model standing on the parcel is replaced, not only those under the BIM.
        False keeps them (the BIM is an addition): only those under its footprint go.

    Raises
    ------
    InputError
        naming the IFC when the model has no geometry on the map or stands on no parcel, and
        naming the cache when no parcel has ``parcel_code``.
    """
    path = Path(ifc_path)
    crs = cache.crs
    outline = footprint(model, crs)
    if outline.is_empty:
        raise InputError(path, "the model has no building geometry to place on the map")
    if parcel_code is not None:
        fid, geom, row = _parcel_by_code(cache, parcel_code)
        found_by = "code"
    else:
        fid, geom, row = _parcel_under(cache, path, outline)
        found_by = "location"
    parcel = {"fid": fid, **row}
    parcel["area_drawn"] = round(float(shapely.area(geom)), 2)
    if parcel.get("area") is None:
        parcel["area"] = parcel["area_drawn"]
    replaced = set(buildings_under(cache, outline))
    if clear_parcel:
        replaced |= set(buildings_on(cache, geom))
    return ReviewContext(cache=cache, model=model, ifc_path=path, crs=crs, parcel=parcel,
                         parcel_geom=geom, found_by=found_by, footprint=outline,
                         replaced=sorted(replaced))


def buildings_on(cache: Cache, parcel_geom: shapely.Geometry,
                 share: float = ON_PARCEL_SHARE) -> list[int]:
    """fids of the white models standing on the parcel: at least ``share`` of their footprint
    lies inside the red line (one across the line stands where most of it is)."""
    f = cache.read("buildings", bbox=parcel_geom.bounds)
    if not len(f):
        return []
    area = shapely.area(f.geoms)
    inside = shapely.area(shapely.intersection(f.geoms, parcel_geom))
    on = (area > 0) & (inside >= share * np.where(area > 0, area, 1.0))
    return [int(v) for v in f.fids[on]]


def parcel_area(parcel: dict[str, Any], geom: shapely.Geometry) -> float:
    """The parcel's area for ratios (m²): its recorded 用地面积, else the drawn polygon's."""
    value = parcel.get("area")
    return float(value) if value else float(shapely.area(geom))


def _parcel_by_code(cache: Cache, code: str) -> tuple[int, shapely.Geometry, dict[str, Any]]:
    f = cache.read("parcels", PARCEL_FIELDS, where="t.code = :code", params={"code": code})
    if not len(f):
        raise InputError(cache.path, "no parcel has the code {code}", code=code)
    return _row(f, 0)


def _parcel_under(cache: Cache, path: Path, outline: shapely.Geometry
                  ) -> tuple[int, shapely.Geometry, dict[str, Any]]:
    f = cache.read("parcels", PARCEL_FIELDS, bbox=outline.bounds)
    overlap = (shapely.area(shapely.intersection(f.geoms, outline)) if len(f)
               else np.zeros(0))
    if not len(f) or overlap.max() < MIN_ON_PARCEL_M2:
        x, y = outline.centroid.x, outline.centroid.y
        raise InputError(path, "the model stands on no parcel of the cache (at {x:.1f}, {y:.1f}): "
                         "name one with its code", x=x, y=y)
    return _row(f, int(np.argmax(overlap)))


def _row(f: Any, i: int) -> tuple[int, shapely.Geometry, dict[str, Any]]:
    return int(f.fids[i]), f.geoms[i], {k: v[i] for k, v in f.columns.items()}


def road_edges(cache: Cache, parcel_geom: shapely.Geometry,
               tolerance: float = ROAD_TOLERANCE_M) -> tuple[np.ndarray, np.ndarray]:
    """The red line's edges (:func:`layers.review.redline.edges`, LineStrings in the cache
    CRS) and, per edge, whether it faces a road of the ``roads`` table: its middle lies within
    half the road's width plus ``tolerance`` m of the road's centre line."""
    e = edges(parcel_geom)
    reach = max(_max_width(cache) / 2 + tolerance, tolerance)
    minx, miny, maxx, maxy = parcel_geom.bounds
    roads = cache.read("roads", ("width",),
                       bbox=(minx - reach, miny - reach, maxx + reach, maxy + reach))
    if not len(roads):
        return e, np.zeros(len(e), dtype=bool)
    widths = [w if w is not None and np.isfinite(w) and w > 0 else 0.0
              for w in roads.columns["width"]]
    return e, road_facing(parcel_geom, roads.geoms, widths, tolerance)


def _max_width(cache: Cache) -> float:
    f = cache.read("roads", ("width",), where="t.width IS NOT NULL", geometry=False)
    widths = [float(w) for w in f.columns["width"] if w is not None and np.isfinite(w)]
    # a road's width is data sent to us: bound the search however wide it claims to be
    return min(max(widths, default=0.0), 200.0)
