"""A sunlight rule's parameters (the rule row's ``params``), the sun over a site as they
define it, and the hours and Beijing-time periods they count.

Shared by the sunlight checks (:mod:`.check_sunlight`), ``cimview sunlight``
(:mod:`.sun_point`) and the review's shadow animation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from layers.review import sun as sunmod
from layers.review.context import ReviewContext
from layers.review.sunlight import COUNTINGS, boundary_minutes, count_hours
from store.errors import CimviewError


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


def bim_top_bottom(ctx: ReviewContext) -> tuple[float, float]:
    """The highest and lowest point of the BIM on the map (cache CRS heights)."""
    v = ctx.map_vertices
    if not len(v):
        raise CimviewError("the model has no geometry to cast a shadow")
    return float(v[:, 2].max()), float(v[:, 2].min())
