"""Plan a building in a scenario: a LOD1 block on an outline drawn on the map (the measure
tool's area) or made from a proposal BIM (:mod:`layers.plan_bim`), standing from the planned
time in that scenario, and the recorded white models under it ending then there.

Example
-------
>>> gid = plan_building(cache, "方案A", [(0, 0), (30, 0), (30, 20), (0, 20)], "2029",
...                     height=36.0, name="新楼")  # doctest: +SKIP
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import shapely
from sqlalchemy import delete, insert

from layers.bim import MIN_OVERLAP_M2
from store import lifespan, scenarios
from store.cache import new_gids
from store.errors import CimviewError
from store.schema import scenario_ends_table

#: The smallest footprint (m²) a planned building may have: less is a slip of the mouse.
MIN_AREA_M2 = 4.0
#: The tallest planned building accepted (m).
MAX_HEIGHT_M = 1000.0


def outline_of(points: Any) -> shapely.MultiPolygon:
    """The footprint of a ring of map points ((n, 2) or (n, 3), cache CRS; closed implicitly);
    CimviewError saying what is wrong with it.

    >>> outline_of([(0, 0), (10, 0), (10, 5), (0, 5)]).area
    50.0
    """
    p = np.asarray(points, dtype=np.float64)
    if p.ndim != 2 or p.shape[0] < 3 or p.shape[1] < 2 or not np.isfinite(p[:, :2]).all():
        raise CimviewError("an outline needs at least three points on the map")
    ring = shapely.Polygon(p[:, :2])
    if not ring.is_valid:
        raise CimviewError("the outline crosses itself: draw its corners in order")
    if ring.area < MIN_AREA_M2:
        raise CimviewError("the outline encloses {area} m²: too small for a building",
                           area=f"{ring.area:.1f}")
    return shapely.MultiPolygon([shapely.orient_polygons(ring)])


def plan_building(cache: Any, scenario: str, outline: Any, when: str, *, height: float,
                  name: str | None = None, floors: int | None = None,
                  ground_z: float | None = None, attrs: dict[str, Any] | None = None,
                  source: str = "plan", also_ends: list[str] | tuple[str, ...] = ()) -> str:
    """Insert a planned building into ``scenario`` (a name or gid): ``outline`` (a polygon or
    a ring of points, cache CRS), standing from ``when`` (a year or date), ``height`` metres
    above ``ground_z`` (None: the terrain's, as any LOD1 block); the recorded white models it
    covers by at least 1 m² (and the gids ``also_ends``: what else it replaces, e.g. the rest
    of a cleared parcel) end then in that scenario. One transaction. Returns its gid."""
    planned = lifespan.parse_when(when)
    if planned is None:
        raise CimviewError("{when}: not a year, date or time", when=repr(when))
    if not (np.isfinite(height) and 0 < height <= MAX_HEIGHT_M):
        raise CimviewError("a planned building's height must be above 0 and at most {m} m",
                           m=int(MAX_HEIGHT_M))
    s = scenarios.find(cache, scenario)
    block = outline if isinstance(outline, shapely.MultiPolygon) else (
        shapely.MultiPolygon([outline]) if isinstance(outline, shapely.Polygon)
        else outline_of(outline))
    under = cache.read("buildings", ["gid"], bbox=block.bounds, where="t.scenario IS NULL",
                       at=lifespan.instant(planned))
    overlap = shapely.area(shapely.intersection(under.geoms, block)) if len(under) else []
    ends = [g for g, a in zip(under.columns["gid"], overlap, strict=True)
            if a >= MIN_OVERLAP_M2] if len(under) else []
    ends = list(dict.fromkeys([*ends, *also_ends]))
    gid = new_gids(1)[0]
    with cache.transaction() as tx:  # the building and what it replaces, together
        tx.insert("buildings", [block], {
            "gid": [gid], "name": [name], "height": [round(float(height), 2)],
            "ground_z": [None if ground_z is None else round(float(ground_z), 2)],
            "floors_above": [floors], "lod": ["1"], "valid_from": [planned],
            "scenario": [s.gid],
            "attrs": [json.dumps(attrs, ensure_ascii=False) if attrs else None]},
            source=source)
        if ends:
            tx.conn.execute(delete(scenario_ends_table).where(
                scenario_ends_table.c.scenario_gid == s.gid,
                scenario_ends_table.c.feature_gid.in_(ends)))
            tx.conn.execute(insert(scenario_ends_table), [
                {"scenario_gid": s.gid, "feature_gid": g, "valid_to": planned} for g in ends])
        tx.record("scenario_building", scenario=s.gid, gid=gid, planned=planned,
                  replaces=len(ends), source=source)
    return gid


__all__ = ["MIN_AREA_M2", "outline_of", "plan_building"]
