"""``cimview sunlight``: the sunlight hours and periods of any point of the city, as it is
or with a proposal, so that others can compare with their own software."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import shapely

from layers.bim import NOT_MASS
from layers.review import sun as sunmod
from layers.review.context import ReviewContext
from layers.review.sun_params import (
    SunlightParams,
    bim_top_bottom,
    grow,
    hours_and_periods,
    lowest_altitude,
    reach,
    site_sun,
)
from layers.review.sun_scene import bim_occluders, city_parts, heights_bound
from layers.review.sunlight import boundary_minutes, count_hours, facing_mask
from layers.terrain import dem_grid, terrain_heights
from store.cache import Cache
from store.messages import Message, msg


def point_sunlight(cache: Cache, x: float, y: float, z: float, params: SunlightParams, *,
                   day: dt.date | None = None, facing_deg: float | None = None,
                   proposal: ReviewContext | None = None) -> dict[str, Any]:
    """Sunlight at one map point in the city as it is (terrain, white models, LOD2), or with
    a proposal (its BIM in, the white models it replaces out): what ``cimview sunlight``
    prints. ``facing_deg`` (clockwise from grid north) puts the point on a facade facing that
    way, so the sweep angle applies; without it every direction counts."""
    site = site_sun(cache.crs, x, y, params, day)
    alt = lowest_altitude(site, params)
    box = (x, y, x, y)
    top = heights_bound(cache, grow(box, params.max_reach_m))
    if proposal is not None:
        top = max(top, bim_top_bottom(proposal)[0])
    r = reach(top, z, alt, params.max_reach_m)
    replaced = set(proposal.replaced) if proposal is not None else set()
    base, _rep, counts, notes = city_parts(
        cache, grow(box, r + 1.0), replaced, terrain=params.terrain, origin=np.array([x, y, z]),
        site=proposal.footprint if proposal is not None else None)
    notes = notes + _point_doubts(cache, x, y, z, replaced)
    if facing_deg is None:
        normal = np.zeros((1, 3))
        sweep = 0.0
    else:
        a = np.radians(facing_deg)
        normal = np.array([[np.sin(a), np.cos(a), 0.0]])
        sweep = params.min_sweep_deg
    mask = facing_mask(normal, site.suns, min_sweep_deg=sweep,
                       min_altitude_deg=params.min_altitude_deg)
    lit = base.sunlit(np.array([[x, y, z]]), site.suns, mask=mask)
    if proposal is not None:
        g = proposal.model.geometry
        classes = {i: e.ifc_class for i, e in proposal.model.elements.items()}
        bim = bim_occluders(proposal.map_vertices, g.triangles, g.element_of_triangle, classes,
                            base.origin, NOT_MASS)
        si = np.flatnonzero(lit[0])
        lit[0, si] = ~bim.blocked(np.repeat([[x, y, z]], len(si), axis=0), site.suns[si])
        counts["bim_triangles"] = bim.n_triangles
        counts["replaced"] = len(replaced)
    hours, periods = hours_and_periods(lit, site, params)
    counted = count_hours(lit, params.step_min, counting=params.counting,
                          min_segment_min=params.min_segment_min,
                          max_segments=params.max_segments)
    tst = [(sunmod.clock(a), sunmod.clock(b)) for a, b in zip(
        boundary_minutes(site.path.tst, params.step_min, counted.start).tolist(),
        boundary_minutes(site.path.tst, params.step_min, counted.end).tolist(), strict=True)]
    raw = count_hours(lit, params.step_min, counting="cumulative").hours[0]
    p = site.path
    return {
        "point": [x, y, z], "crs": cache.meta.get("crs") or str(cache.crs),
        "longitude": round(p.longitude, 6),
        "latitude": round(p.latitude, 6),
        "standard_day": params.standard_day if day is None else None,
        "date": p.day.isoformat(), "facing_deg": facing_deg,
        "window_tst": [sunmod.clock(params.window_tst[0] * 60),
                       sunmod.clock(params.window_tst[1] * 60)],
        "window_bjt": [sunmod.clock(p.bjt[0] - params.step_min / 2),
                       sunmod.clock(p.bjt[-1] + params.step_min / 2)],
        "equation_of_time_min": round(float(p.eot.mean()), 2),
        "step_min": params.step_min, "counting": params.counting,
        "min_segment_min": params.min_segment_min,
        "min_sweep_deg": sweep, "hours": round(float(hours[0]), 3),
        "hours_all_sunlit": round(float(raw), 3),
        "periods_bjt": [list(q) for q in periods[0]],
        "periods_tst": [list(q) for q in tst],
        "sun_model": "NREL SPA (pvlib)", "refraction": params.refraction,
        "rays": int(mask.sum()), "occluders": counts | {"triangles": base.n_triangles},
        "with_proposal": None if proposal is None else proposal.ifc_path.name,
        "notes": list(notes),  # Messages: English text in JSON, worded by app/
    }


def _point_doubts(cache: Cache, x: float, y: float, z: float,
                  replaced: set[int] | None = None) -> list[Message]:
    """Notes when a receiver point stands inside a building (not one ``replaced``) or under
    the terrain (it then sees no sun: the point is wrong, not the city)."""
    out: list[Message] = []
    f = cache.read("buildings", ("name", "height", "ground_z"), bbox=(x, y, x, y))
    inside = shapely.contains_xy(f.geoms, x, y) if len(f) else np.zeros(0, bool)
    inside &= np.array([int(i) not in (replaced or set()) for i in f.fids], bool)
    for i in np.flatnonzero(inside):
        g, h = f.columns["ground_z"][i], f.columns["height"][i]
        if h is None or g is None or g - 0.01 <= z <= g + h + 0.01:
            out.append(msg("the point is inside the building {name} (fid {fid})",
                           name=f.columns["name"][i] or "", fid=int(f.fids[i])))
    grid = dem_grid(cache)
    if grid is not None:
        ground = float(terrain_heights(grid, np.array([x]), np.array([y]),
                                       outside=np.nan)[0])
        if np.isfinite(ground) and z < ground:
            out.append(msg("the point is {d} m below the terrain", d=round(ground - z, 2)))
    return out
