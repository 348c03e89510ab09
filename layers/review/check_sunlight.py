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

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely

from layers.bim import NOT_MASS
from layers.review import sun as sunmod
from layers.review.context import ReviewContext
from layers.review.result import FAIL, NOT_ASSESSABLE, PASS, Finding, SunlightReceivers
from layers.review.ruleset import Rule
from layers.review.sun_scene import SunScene, bim_occluders, city_parts, heights_bound
from layers.review.sunlight import (
    COUNTINGS,
    EXISTING,
    Receivers,
    boundary_minutes,
    count_hours,
    facade_receivers,
    facing_mask,
    receiver_status,
    shadow_region,
    window_receivers,
)
from layers.terrain import dem_grid, terrain_heights
from store.cache import Cache
from store.errors import CimviewError
from store.messages import Message, msg

SCENE_KEY = "sunlight_scene"  # ctx.outputs: the occluders, shared by the two checks


@dataclass(frozen=True)
class SunlightParams:
    """A sunlight rule's parameters (the rule row's ``params``; defaults in brackets are
    Guangzhou's: GB 50180 zone IV, large city).

    ``standard_day`` 大寒 | 冬至 [大寒]; ``year`` of the standard day [the current year];
    ``window_tst`` true-solar-time hours [8, 16]; ``step_min`` [1]; ``spacing_m`` between
    receivers along a facade [1.0]; ``sill_m`` above the floor [0.9]; ``offset_m`` off the
    wall [0.05]; ``min_sweep_deg`` [15]; ``min_altitude_deg`` sun cut-off [0];
    ``counting`` cumulative | continuous [cumulative]; ``min_segment_min`` [5];
    ``max_segments`` [None]; ``refraction`` [False]; ``residential_use_codes`` of the
    buildings layer [["10"]]; ``residential_occupancy`` words of an IFC OccupancyType
    [Residential, 住宅]; ``max_reach_m`` farthest occluder or neighbour considered [1500];
    ``terrain`` [True]; ``worsening_existing_fails`` [True]; ``min_potential_h``: receivers
    that would get fewer hours than this in an empty city (the facade's orientation and the
    sweep angle allow no more) are left out [None: the rule's limit; 0 keeps every one];
    ``facing_south_within_deg``: only facades facing within this angle of true south carry
    receivers (where homes' main rooms face) [None: every sun-facing facade]."""

    standard_day: str = "大寒"
    year: int | None = None
    window_tst: tuple[float, float] = (8.0, 16.0)
    step_min: float = 1.0
    spacing_m: float = 1.0
    sill_m: float = 0.9
    offset_m: float = 0.05
    min_sweep_deg: float = 15.0
    min_altitude_deg: float = 0.0
    counting: str = "cumulative"
    min_segment_min: float = 5.0
    max_segments: int | None = None
    refraction: bool = False
    residential_use_codes: tuple[str, ...] = ("10",)
    residential_occupancy: tuple[str, ...] = ("Residential", "住宅", "居住")
    max_reach_m: float = 1500.0
    terrain: bool = True
    worsening_existing_fails: bool = True
    min_potential_h: float | None = None
    facing_south_within_deg: float | None = None
    sources: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_params(cls, params: dict[str, Any], rule_id: str = "") -> SunlightParams:
        """Read and check a rule's params; a bad value raises a CimviewError naming it."""
        p = dict(params or {})
        kw: dict[str, Any] = {}

        def bad(name: str, value: Any) -> CimviewError:
            return CimviewError("rule {rule}: sunlight parameter {name} = {value} is not usable",
                                rule=rule_id, name=name, value=repr(value))

        def number(name: str, lo: float, hi: float) -> None:
            if name in p:
                v = p[name]
                if isinstance(v, bool) or not isinstance(v, int | float) or not lo <= v <= hi:
                    raise bad(name, v)
                kw[name] = float(v)

        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(p) - known)
        if unknown:
            raise CimviewError("rule {rule}: unknown sunlight parameter {name}", rule=rule_id,
                               name=unknown[0])
        for name, lo, hi in (("step_min", 0.05, 60), ("spacing_m", 0.05, 100),
                             ("sill_m", 0, 10), ("offset_m", 0.001, 1),
                             ("min_sweep_deg", 0, 89), ("min_altitude_deg", 0, 89),
                             ("min_segment_min", 0, 600), ("max_reach_m", 10, 20000)):
            number(name, lo, hi)
        if p.get("min_potential_h") is not None:
            number("min_potential_h", 0, 24)
        if p.get("facing_south_within_deg") is not None:
            number("facing_south_within_deg", 0, 180)
        if "standard_day" in p:
            if p["standard_day"] not in sunmod.SOLAR_TERMS:
                raise bad("standard_day", p["standard_day"])
            kw["standard_day"] = p["standard_day"]
        if p.get("year") is not None:
            if not isinstance(p["year"], int) or not 1900 <= p["year"] <= 2200:
                raise bad("year", p["year"])
            kw["year"] = p["year"]
        if "window_tst" in p:
            w = p["window_tst"]
            if (not isinstance(w, list) or len(w) != 2
                    or not all(isinstance(x, int | float) for x in w)
                    or not 0 <= w[0] < w[1] <= 24):
                raise bad("window_tst", w)
            kw["window_tst"] = (float(w[0]), float(w[1]))
        if "counting" in p:
            if p["counting"] not in COUNTINGS:
                raise bad("counting", p["counting"])
            kw["counting"] = p["counting"]
        if p.get("max_segments") is not None:
            if not isinstance(p["max_segments"], int) or p["max_segments"] < 1:
                raise bad("max_segments", p["max_segments"])
            kw["max_segments"] = p["max_segments"]
        for name in ("refraction", "terrain", "worsening_existing_fails"):
            if name in p:
                if not isinstance(p[name], bool):
                    raise bad(name, p[name])
                kw[name] = p[name]
        for name in ("residential_use_codes", "residential_occupancy"):
            if name in p:
                v = p[name]
                if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                    raise bad(name, v)
                kw[name] = tuple(v)
        if isinstance(p.get("sources"), dict):
            kw["sources"] = {str(k): str(v) for k, v in p["sources"].items()}
        return cls(**kw)

    def day(self, today: dt.date | None = None) -> dt.date:
        year = self.year or (today or dt.date.today()).year
        return sunmod.standard_day(year, self.standard_day)


# -- the sun over the site ------------------------------------------------------------------------
@dataclass(frozen=True)
class SiteSun:
    """The sun path at a site in map terms: ``path`` (true / Beijing times, angles) and
    ``suns`` unit vectors toward the sun in the cache CRS's grid."""

    path: sunmod.SunPath
    suns: np.ndarray
    north_deg: float


def site_sun(crs: str, x: float, y: float, params: SunlightParams,
             day: dt.date | None = None) -> SiteSun:
    """The standard day's sun path at map point (x, y), sampled per the params."""
    lon, lat, north = sunmod.true_north_in_grid(crs, x, y)
    d = day or params.day()
    path = sunmod.sun_path(d, lat, lon, start_tst=params.window_tst[0] * 60,
                           end_tst=params.window_tst[1] * 60, step_min=params.step_min,
                           refraction=params.refraction)
    return SiteSun(path, path.directions(north), north)


def lowest_altitude(site: SiteSun, params: SunlightParams) -> float:
    """The lowest sun altitude (degrees) that counts in the window."""
    el = site.path.elevation[site.path.elevation > params.min_altitude_deg]
    if not len(el):
        raise CimviewError("the sun does not rise above {alt}° in the time window on {day}",
                           alt=params.min_altitude_deg, day=site.path.day.isoformat())
    return float(el.min())


def reach(top: float, bottom: float, altitude_deg: float, cap: float) -> float:
    """How far (m) a point ``top`` high can shade a point ``bottom`` high at the given sun
    altitude, at most ``cap``.

    >>> round(reach(30.0, 0.0, 45.0, 1000.0), 6)
    30.0
    """
    return float(min(cap, max(top - bottom, 0.0) / np.tan(np.radians(altitude_deg))))


def grow(bbox: tuple[float, float, float, float], d: float) -> tuple[float, float, float, float]:
    return (bbox[0] - d, bbox[1] - d, bbox[2] + d, bbox[3] + d)


# -- counting -------------------------------------------------------------------------------------
def hours_and_periods(lit: np.ndarray, site: SiteSun, params: SunlightParams
                      ) -> tuple[np.ndarray, list[list[tuple[str, str]]]]:
    """Counted hours per receiver and the counted periods as Beijing-time "HH:MM" pairs."""
    c = count_hours(lit, params.step_min, counting=params.counting,
                    min_segment_min=params.min_segment_min, max_segments=params.max_segments)
    bjt = site.path.bjt
    a = boundary_minutes(bjt, params.step_min, c.start)
    b = boundary_minutes(bjt, params.step_min, c.end)
    periods: list[list[tuple[str, str]]] = [[] for _ in range(lit.shape[0])]
    for r, s, e in zip(c.row.tolist(), a.tolist(), b.tolist(), strict=True):
        periods[r].append((sunmod.clock(s), sunmod.clock(e)))
    return c.hours, periods


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
        top = max(top, _bim_top_bottom(proposal)[0])
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


def _bim_top_bottom(ctx: ReviewContext) -> tuple[float, float]:
    v = ctx.map_vertices
    if not len(v):
        raise CimviewError("the model has no geometry to cast a shadow")
    return float(v[:, 2].max()), float(v[:, 2].min())


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
    top, bottom = _bim_top_bottom(ctx)
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
    floor = lowest_residential_floor(ctx, params)
    if floor is None:
        return Finding(rule.id, NOT_ASSESSABLE, limit=required, reason=msg(
            "the model does not say which floors are homes (no residential OccupancyType on "
            "its building, storeys or spaces)"))
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
    top, _bottom = _bim_top_bottom(ctx)
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


def lowest_residential_floor(ctx: ReviewContext, params: SunlightParams
                             ) -> tuple[str, float, shapely.Geometry, np.ndarray] | None:
    """(storey name, floor height in the cache CRS, outer outline, plan centres of its
    windows (k, 2)) of the lowest storey at or above ground whose occupancy (its own, its
    spaces', else its building's) is residential."""
    import ifcopenshell
    import ifcopenshell.util.element as ue
    import ifcopenshell.util.placement as up

    words = tuple(w.lower() for w in params.residential_occupancy)

    def occupancy(entity: Any) -> str | None:
        for pset in ue.get_psets(entity).values():
            v = pset.get("OccupancyType")
            if isinstance(v, str) and v.strip():
                return v
        return None

    def homes(value: str | None) -> bool:
        return value is not None and any(w in value.lower() for w in words)

    try:
        f = ifcopenshell.open(str(ctx.ifc_path))
    except (OSError, RuntimeError) as exc:
        raise CimviewError("the model cannot be read again: {error}", error=str(exc)) from exc
    scale = ctx.model.georef.unit_scale
    found: list[tuple[float, Any]] = []
    for storey in f.by_type("IfcBuildingStorey"):
        building = ue.get_aggregate(storey)
        own = occupancy(storey)
        if own is None:
            spaces = [s for s in ue.get_decomposition(storey) if s.is_a("IfcSpace")]
            own = next((o for o in map(occupancy, spaces) if o), None)
        if own is None and building is not None:
            own = occupancy(building)
        if not homes(own):
            continue
        z = float(up.get_local_placement(storey.ObjectPlacement)[2, 3]) * scale \
            if storey.ObjectPlacement else float(storey.Elevation or 0.0) * scale
        if z < -0.5:  # below ground: not a home's floor
            continue
        found.append((z, storey))
    if not found:
        return None
    z_local, storey = min(found, key=lambda t: t[0])
    ids = {e.id for e in ctx.model.elements.values()
           if e.storey == storey.id() and e.ifc_class not in NOT_MASS}
    g = ctx.model.geometry
    sel = np.isin(g.element_of_triangle, np.fromiter(ids, np.int64, len(ids)))
    v = ctx.map_vertices
    z_map = float(sunmod_to_map_z(ctx, z_local))
    if not sel.any():
        return storey.Name or storey.GlobalId, z_map, shapely.Polygon(), np.zeros((0, 2))
    windows = _window_centres(ctx, storey.id())
    order = np.argsort(g.element_of_triangle[sel], kind="stable")
    tris = g.triangles[sel][order]
    owner = g.element_of_triangle[sel][order]
    _, group = np.unique(owner, return_inverse=True)
    hulls = shapely.convex_hull(shapely.multipoints(v[tris.reshape(-1), :2],
                                                    indices=np.repeat(group, 3)))
    hulls = hulls[shapely.area(hulls) > 0]
    outline = shapely.union_all(hulls) if len(hulls) else shapely.Polygon()
    # the outer outline only: inner walls make no facades; slits between the walls' hulls
    # (under half a metre) are closed
    outline = outline.buffer(0.25, join_style="mitre").buffer(-0.25, join_style="mitre")
    if isinstance(outline, shapely.MultiPolygon):
        outline = shapely.MultiPolygon([shapely.Polygon(p.exterior) for p in outline.geoms])
    elif isinstance(outline, shapely.Polygon):
        outline = shapely.Polygon(outline.exterior)
    return storey.Name or storey.GlobalId, z_map, outline, windows


def _window_centres(ctx: ReviewContext, storey_id: int) -> np.ndarray:
    """Plan centres (cache CRS) of the IfcWindow elements on a storey that have geometry."""
    g = ctx.model.geometry
    ids = [e.id for e in ctx.model.elements.values()
           if e.storey == storey_id and e.ifc_class == "IfcWindow"]
    out = []
    for i in ids:
        tris = g.triangles[g.element_of_triangle == i]
        if len(tris):
            v = ctx.map_vertices[np.unique(tris)]
            out.append(0.5 * (v[:, :2].min(axis=0) + v[:, :2].max(axis=0)))
    return np.array(out).reshape(-1, 2)


def sunmod_to_map_z(ctx: ReviewContext, z_project_m: float) -> float:
    """A height in project metres → the cache CRS's height (the georeferencing's Helmert)."""
    from store.bim.georef import to_cache

    return float(to_cache(ctx.model.georef, np.array([[0.0, 0.0, z_project_m]]), ctx.crs)[0, 2])
