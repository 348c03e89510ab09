"""Sunlight checks (GB 50180-2018 §4.0.9, computed per GB/T 50947-2014):

- ``sunlight_neighbours``: every residential building within the proposal's shadow reach on
  the standard day, at receivers along its sun-facing facades at the ground-floor sill, with
  and without the proposal. A receiver below the standard *because of the proposal* fails;
  one already below it without the proposal is "existing".
- ``sunlight_own``: the proposal's own lowest residential floor, in the city with the proposal.

Every definition and parameter is in the rule's ``params`` (:class:`SunlightParams`). Both
checks leave their receivers in ``ctx.outputs["sunlight"]``
(:class:`~layers.review.result.SunlightReceivers`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely

from layers.bim import NOT_MASS
from layers.review import sun as sunmod
from layers.review.context import ReviewContext
from layers.review.own_floor import lowest_residential_floor
from layers.review.result import FAIL, NOT_ASSESSABLE, PASS, Finding, SunlightReceivers
from layers.review.ruleset import Rule
from layers.review.sun_params import (
    SiteSun,
    SunlightParams,
    bim_top_bottom,
    grow,
    hours_and_periods,
    lowest_altitude,
    reach,
    site_sun,
)
from layers.review.sun_scene import SunScene, bim_occluders, city_parts, heights_bound
from layers.review.sunlight import (
    EXISTING,
    Receivers,
    count_hours,
    facade_receivers,
    facing_mask,
    receiver_status,
    shadow_region,
    window_receivers,
)
from layers.terrain import dem_grid, terrain_heights
from store.messages import Message, msg

__all__ = ["SCENE_KEY", "SiteSun", "SunlightParams", "check_neighbours", "check_own",
           "facing_south", "site_sun", "with_potential"]

SCENE_KEY = "sunlight_scene"  # ctx.outputs: the occluders, shared by the two checks


# -- the checks -----------------------------------------------------------------------------------
def _scene(ctx: ReviewContext, bbox: tuple[float, float, float, float],
           params: SunlightParams) -> SunScene:
    """The occluders over ``bbox``, built once and shared by both checks when it covers."""
    scene = ctx.outputs.get(SCENE_KEY)
    if isinstance(scene, SunScene) and scene.covers(bbox):
        return scene
    base, rep, counts, notes = city_parts(ctx.cache, bbox, set(ctx.replaced),
                                          terrain=params.terrain, site=ctx.footprint)
    g = ctx.model.geometry
    classes = {i: e.ifc_class for i, e in ctx.model.elements.items()}
    bim = bim_occluders(ctx.map_vertices, g.triangles, g.element_of_triangle, classes,
                        base.origin, NOT_MASS)
    counts["bim_triangles"] = bim.n_triangles
    scene = SunScene(bbox, base, rep, bim, counts, notes)
    ctx.outputs[SCENE_KEY] = scene
    return scene


def _cast(ctx: ReviewContext, scene: SunScene, rec: Receivers, site: SiteSun,
          params: SunlightParams, *, with_bim: bool, without: bool
          ) -> tuple[np.ndarray | None, np.ndarray | None, int]:
    """Sunlit samples (n, m) with the proposal and/or without it, and the rays cast."""
    mask = facing_mask(rec.normals, site.suns, min_sweep_deg=params.min_sweep_deg,
                       min_altitude_deg=params.min_altitude_deg)

    def progress(f: float) -> None:
        ctx.progress(0.1 + 0.8 * f, msg("Casting sunlight rays"))

    lit = scene.base.sunlit(rec.points, site.suns, mask=mask, cancel=ctx.check_cancel,
                            progress=progress)
    rays = int(mask.sum())
    out_with = out_without = None
    pi, si = np.nonzero(lit)
    if with_bim:
        out_with = lit.copy()
        out_with[pi, si] = ~scene.bim.blocked(rec.points[pi], site.suns[si])
        rays += len(pi)
    if without:
        out_without = lit.copy()
        out_without[pi, si] = ~scene.replaced.blocked(rec.points[pi], site.suns[si])
        rays += len(pi)
    return out_with, out_without, rays


def with_potential(rec: Receivers, site: SiteSun, params: SunlightParams, required: float
                   ) -> tuple[Receivers, int]:
    """The receivers whose facade could get ``min_potential_h`` (default: the required hours)
    in an empty city, and how many were left out."""
    floor = required if params.min_potential_h is None else params.min_potential_h
    if floor <= 0 or not len(rec):
        return rec, 0
    mask = facing_mask(rec.normals, site.suns, min_sweep_deg=params.min_sweep_deg,
                       min_altitude_deg=params.min_altitude_deg)
    potential = count_hours(mask, params.step_min, counting=params.counting,
                            min_segment_min=params.min_segment_min,
                            max_segments=params.max_segments).hours
    keep = potential >= floor - 1e-9
    return rec.take(keep), int((~keep).sum())


def facing_south(rec: Receivers, site: SiteSun, within_deg: float | None
                 ) -> tuple[Receivers, int]:
    """The receivers whose facade faces within ``within_deg`` of true south (all when None),
    and how many were left out."""
    if within_deg is None or not len(rec):
        return rec, 0
    az = (np.degrees(np.arctan2(rec.normals[:, 0], rec.normals[:, 1])) - site.north_deg) % 360
    keep = np.abs(az - 180.0) <= within_deg + 1e-9
    return rec.take(keep), int((~keep).sum())


def _potential(params: SunlightParams, required: float) -> float:
    return required if params.min_potential_h is None else params.min_potential_h


def _parameters(ctx: ReviewContext, site: SiteSun, params: SunlightParams, rule: Rule) -> None:
    if any(r["name"] == "sunlight.standard_day" for r in ctx.parameters):
        return
    p = site.path
    src = params.sources
    add = ctx.add_parameter
    add("sunlight.standard_day", f"{params.standard_day} {p.day.isoformat()}", "",
        src.get("standard_day", rule.clause))
    add("sunlight.window_tst", f"{sunmod.clock(params.window_tst[0] * 60)}–"
        f"{sunmod.clock(params.window_tst[1] * 60)}", "", src.get("window_tst", rule.clause))
    add("sunlight.window_bjt", f"{sunmod.clock(p.bjt[0] - params.step_min / 2)}–"
        f"{sunmod.clock(p.bjt[-1] + params.step_min / 2)}", "", "")
    add("sunlight.site", f"{p.longitude:.5f}E {p.latitude:.5f}N", "°", "")
    add("sunlight.equation_of_time", round(float(p.eot.mean()), 2), "min", "NREL SPA")
    add("sunlight.step", params.step_min, "min", src.get("step_min", ""))
    add("sunlight.spacing", params.spacing_m, "m", src.get("spacing_m", ""))
    add("sunlight.sill", params.sill_m, "m", src.get("sill_m", ""))
    add("sunlight.min_sweep", params.min_sweep_deg, "°", src.get("min_sweep_deg", ""))
    add("sunlight.counting", params.counting, "", src.get("counting", ""))
    add("sunlight.min_segment", params.min_segment_min, "min", src.get("min_segment_min", ""))
    add("sunlight.sun_model", "NREL SPA (pvlib)" + (", refraction" if params.refraction
                                                    else ""), "", "")


def _store(ctx: ReviewContext, rec: Receivers, owner: np.ndarray, hw: np.ndarray,
           hwo: np.ndarray, status: list[str], pw: list, pwo: list) -> int:
    """Append receivers to ctx.outputs["sunlight"]; the index of the first one."""
    old = ctx.outputs.get("sunlight")
    new = SunlightReceivers(rec.points, rec.normals, owner, hw, hwo, status, pw, pwo)
    if not isinstance(old, SunlightReceivers) or not len(old):
        ctx.outputs["sunlight"] = new
        return 0
    ctx.outputs["sunlight"] = SunlightReceivers(
        np.vstack([old.points, new.points]), np.vstack([old.normals, new.normals]),
        np.concatenate([old.owner, new.owner]), np.concatenate([old.hours_with, new.hours_with]),
        np.concatenate([old.hours_without, new.hours_without]), old.status + new.status,
        old.periods_with + new.periods_with, old.periods_without + new.periods_without)
    return len(old)


def check_neighbours(ctx: ReviewContext, rule: Rule) -> Finding:
    """Sunlight of neighbouring homes with and without the proposal."""
    params = SunlightParams.from_params(rule.params, rule.id)
    required = float(rule.limit_for(ctx.parcel) or 0.0)
    if ctx.footprint.is_empty:
        return Finding(rule.id, NOT_ASSESSABLE,
                       reason=msg("the model has no footprint on the map"))
    c = ctx.footprint.centroid
    site = site_sun(ctx.crs, c.x, c.y, params)
    _parameters(ctx, site, params, rule)
    alt = lowest_altitude(site, params)
    top, bottom = bim_top_bottom(ctx)
    grid = dem_grid(ctx.cache)
    fb = ctx.footprint.bounds
    low = bottom
    if grid is not None:
        ring = grow(fb, params.max_reach_m)
        xs, ys = np.linspace(ring[0], ring[2], 41), np.linspace(ring[1], ring[3], 41)
        gx, gy = np.meshgrid(xs, ys)
        zs = terrain_heights(grid, gx.ravel(), gy.ravel(), outside=bottom)
        low = min(low, float(np.nanmin(zs)))
    region = shadow_region(ctx.footprint, top - low, site.suns,
                           min_altitude_deg=params.min_altitude_deg)
    region = shapely.intersection(region, shapely.box(*grow(fb, params.max_reach_m)))
    ctx.progress(0.02, msg("Finding homes in the proposal's shadow"))
    codes = list(params.residential_use_codes)
    where = "use_code IN ({})".format(", ".join(f":c{i}" for i in range(len(codes)))) \
        if codes else "0"
    f = ctx.cache.read("buildings", ("name", "address", "ground_z", "height"),
                       bbox=region.bounds, where=where,
                       params={f"c{i}": v for i, v in enumerate(codes)})
    replaced = set(ctx.replaced)
    hit = np.array([int(i) not in replaced for i in f.fids], bool)
    if len(f):
        hit &= shapely.intersects(f.geoms, region) & ~shapely.is_empty(f.geoms)
    fids, geoms = f.fids[hit], f.geoms[hit]
    names = [f.columns["name"][i] or f.columns["address"][i] or "" for i in np.flatnonzero(hit)]
    ground = np.array([np.nan if f.columns["ground_z"][i] is None else f.columns["ground_z"][i]
                       for i in np.flatnonzero(hit)], float)
    if np.isnan(ground).any():
        cc = shapely.centroid(geoms[np.isnan(ground)])
        ground[np.isnan(ground)] = terrain_heights(grid, shapely.get_x(cc), shapely.get_y(cc))
    notes: list[Message] = [msg("Sunlight on {day} ({term}), {start}–{end} true solar time",
                                day=site.path.day.isoformat(), term=params.standard_day,
                                start=sunmod.clock(params.window_tst[0] * 60),
                                end=sunmod.clock(params.window_tst[1] * 60))]
    if not len(fids):
        notes.append(msg("No residential building stands within the proposal's shadow reach"))
        return Finding(rule.id, PASS, value=None, limit=required, notes=notes)
    rec = facade_receivers(geoms, ground, spacing=params.spacing_m, sill=params.sill_m,
                           offset=params.offset_m, suns=site.suns,
                           min_sweep_deg=params.min_sweep_deg)
    rec, dropped = with_potential(rec, site, params, required)
    if dropped:
        notes.append(msg("{n} receivers left out: their facades could not get {h} h even with "
                         "nothing in front", n=dropped, h=_potential(params, required)))
    if not len(rec):
        notes.append(msg("No facade of the neighbouring homes faces the sun"))
        return Finding(rule.id, PASS, value=None, limit=required, notes=notes)
    rb = (float(rec.points[:, 0].min()), float(rec.points[:, 1].min()),
          float(rec.points[:, 0].max()), float(rec.points[:, 1].max()))
    rb = (min(rb[0], fb[0]), min(rb[1], fb[1]), max(rb[2], fb[2]), max(rb[3], fb[3]))
    hi = max(heights_bound(ctx.cache, grow(rb, params.max_reach_m)), top)
    ctx.progress(0.05, msg("Building the occluders"))
    scene = _scene(ctx, grow(rb, reach(hi, float(rec.points[:, 2].min()), alt,
                                       params.max_reach_m) + 1.0), params)
    ctx.check_cancel()
    lit_w, lit_wo, rays = _cast(ctx, scene, rec, site, params, with_bim=True, without=True)
    assert lit_w is not None and lit_wo is not None
    hw, pw = hours_and_periods(lit_w, site, params)
    hwo, pwo = hours_and_periods(lit_wo, site, params)
    status = receiver_status(hw, hwo, required, tolerance_h=params.step_min / 60.0,
                             worsening_existing_fails=params.worsening_existing_fails)
    owner_fid = fids[rec.owner]
    first = _store(ctx, rec, owner_fid, hw, hwo, status, pw, pwo)
    st = np.array(status)
    details = []
    for k, fid in enumerate(fids.tolist()):
        sel = rec.owner == k
        if not sel.any():
            continue
        s = st[sel]
        worst = FAIL if (s == FAIL).any() else EXISTING if (s == EXISTING).any() else PASS
        i = np.flatnonzero(sel)[int(np.argmin(hw[sel]))]
        details.append({"fid": int(fid), "name": names[k], "receivers": int(sel.sum()),
                        "hours_with": round(float(hw[sel].min()), 3),
                        "hours_without": round(float(hwo[sel].min()), 3),
                        "failing": int((s == FAIL).sum()), "existing": int((s == EXISTING).sum()),
                        "status": worst, "worst_point": rec.points[i].round(2).tolist(),
                        "worst_periods_with": [list(q) for q in pw[i]],
                        "worst_periods_without": [list(q) for q in pwo[i]]})
    details.sort(key=lambda d: ({FAIL: 0, EXISTING: 1, PASS: 2}[d["status"]], d["hours_with"]))
    failing = np.flatnonzero(st == FAIL)
    judged = st != EXISTING
    value = round(float(hw[judged].min()), 3) if judged.any() else None
    n_exist = int((st == EXISTING).sum())
    notes.append(msg("{n} receivers on {b} residential buildings; {rays} rays cast",
                     n=len(rec), b=len(details), rays=rays))
    if n_exist:
        notes.append(msg("{n} receivers were below the standard already without the proposal, "
                         "which takes nothing more from them", n=n_exist))
    notes.extend(scene.notes)
    shapes: dict[str, Any] = {
        "buildings": [d["fid"] for d in details if d["status"] == FAIL],
        "receivers": (first + failing).tolist()}
    location = None
    if len(failing):
        worst = failing[int(np.argmin(hw[failing]))]
        location = tuple(float(v) for v in rec.points[worst])
    ctx.progress(1.0, msg("Sunlight counted"))
    return Finding(rule.id, FAIL if len(failing) else PASS, value=value, limit=required,
                   notes=notes, location=location, shapes=shapes, details=details)


def check_own(ctx: ReviewContext, rule: Rule) -> Finding:
    """Sunlight of the proposal's own lowest residential floor, in the city with it."""
    params = SunlightParams.from_params(rule.params, rule.id)
    required = float(rule.limit_for(ctx.parcel) or 0.0)
    floor, declared = lowest_residential_floor(ctx, params)
    if floor is None and declared:
        return Finding(rule.id, PASS, limit=required, notes=[msg(
            "The proposal has no homes (OccupancyType: {types})", types=", ".join(declared))])
    if floor is None:
        return Finding(rule.id, NOT_ASSESSABLE, limit=required, reason=msg(
            "the model does not say which floors are homes (no OccupancyType on its "
            "building, storeys or spaces)"))
    name, z, outline, windows = floor
    if outline.is_empty:
        return Finding(rule.id, NOT_ASSESSABLE, limit=required, reason=msg(
            "the storey {storey} has no outline in the model", storey=name))
    c = outline.centroid
    site = site_sun(ctx.crs, c.x, c.y, params)
    _parameters(ctx, site, params, rule)
    alt = lowest_altitude(site, params)
    notes: list[Message] = [msg("Lowest residential floor: {storey} at {z} m", storey=name,
                                z=round(z, 2))]
    if len(windows):
        rec = window_receivers(windows, outline, z, sill=params.sill_m, offset=params.offset_m,
                               suns=site.suns, min_sweep_deg=params.min_sweep_deg)
        notes.append(msg("Receivers on the floor's {n} windows", n=len(windows)))
    else:
        rec = facade_receivers([outline], np.array([z]), spacing=params.spacing_m,
                               sill=params.sill_m, offset=params.offset_m, suns=site.suns,
                               min_sweep_deg=params.min_sweep_deg)
        notes.append(msg("The floor has no windows in the model: receivers every {spacing} m "
                         "along its sun-facing facades", spacing=params.spacing_m))
    rec, dropped = with_potential(rec, site, params, required)
    if dropped:
        notes.append(msg("{n} receivers left out: their facades could not get {h} h even with "
                         "nothing in front", n=dropped, h=_potential(params, required)))
    rec, turned = (rec, 0) if len(windows) else facing_south(rec, site,
                                                              params.facing_south_within_deg)
    if turned:
        notes.append(msg("{n} receivers left out: their facades face more than {deg}° away "
                         "from south", n=turned, deg=params.facing_south_within_deg))
    if not len(rec):
        notes.append(msg("No facade of the floor faces the sun"))
        return Finding(rule.id, FAIL, value=0.0, limit=required, notes=notes)
    rb = outline.bounds
    top, _bottom = bim_top_bottom(ctx)
    hi = max(heights_bound(ctx.cache, grow(rb, params.max_reach_m)), top)
    scene = _scene(ctx, grow(rb, reach(hi, z, alt, params.max_reach_m) + 1.0), params)
    lit_w, _none, rays = _cast(ctx, scene, rec, site, params, with_bim=True, without=False)
    assert lit_w is not None
    hw, pw = hours_and_periods(lit_w, site, params)
    ok = hw >= required - 1e-9
    status = [PASS if o else FAIL for o in ok]
    nan = np.full(len(rec), np.nan)
    first = _store(ctx, rec, np.full(len(rec), -1, np.int64), hw, nan, status, pw,
                   [[] for _ in range(len(rec))])
    worst = int(np.argmin(hw))
    notes.append(msg("{n} receivers on the floor; {rays} rays cast", n=len(rec), rays=rays))
    value = round(float(hw[worst]), 3)
    status_all = PASS if ok.all() else FAIL
    details = [{"fid": -1, "name": name, "receivers": len(rec), "hours_with": value,
                "hours_best": round(float(hw.max()), 3), "failing": int((~ok).sum()),
                "status": status_all, "worst_point": rec.points[worst].round(2).tolist(),
                "worst_periods_with": [list(q) for q in pw[worst]]}]
    shapes = {"receivers": (first + np.flatnonzero(~ok)).tolist()}
    return Finding(rule.id, status_all, value=value, limit=required, notes=notes,
                   location=tuple(float(v) for v in rec.points[worst]), shapes=shapes,
                   details=details)
