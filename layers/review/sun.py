"""The sun for sunlight analysis (GB 50180-2018 §4.0.9, GB/T 50947-2014): standard days, true
solar time and sun positions.

- The standard day (日照标准日) is the day, in Beijing time, on which the sun's apparent
  ecliptic longitude reaches the solar term's angle: 大寒 300°, 冬至 270°.
- True solar time (真太阳时) = Beijing time + equation of time − (120° − longitude)/15° h.
- Sun positions and the equation of time come from pvlib's NREL SPA (Reda & Andreas 2004,
  ±0.0003°), vectorised with numpy.

Angles in degrees; azimuth clockwise from true north; times as minutes after midnight.

Example
-------
>>> standard_day(2026, "大寒").isoformat()
'2026-01-20'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from pvlib import spa

from store.errors import CimviewError

#: Solar terms a rule set may name as the standard day → the sun's apparent ecliptic longitude.
SOLAR_TERMS = {"大寒": 300.0, "冬至": 270.0, "dahan": 300.0, "dongzhi": 270.0,
               "major_cold": 300.0, "winter_solstice": 270.0}
#: Beijing time (UTC+8) and its meridian.
BEIJING = dt.timezone(dt.timedelta(hours=8))
BEIJING_MERIDIAN = 120.0
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def delta_t(year: float) -> float:
    """TT − UT1 in seconds for a (decimal) year (pvlib's polynomial, Espenak & Meeus)."""
    return float(spa.calculate_deltat(year, 1))


def apparent_longitude(unixtime: np.ndarray | float) -> np.ndarray:
    """The sun's apparent geocentric ecliptic longitude (degrees, 0–360) at UTC instants
    (seconds since 1970), per NREL SPA."""
    t = np.atleast_1d(np.asarray(unixtime, dtype=np.float64))
    year = 1970.0 + float(t.mean()) / (365.2425 * 86400.0)
    jd = spa.julian_day(t)
    jde = spa.julian_ephemeris_day(jd, delta_t(year))
    jce = spa.julian_ephemeris_century(jde)
    jme = spa.julian_ephemeris_millennium(jce)
    big_r = spa.heliocentric_radius_vector(jme)
    big_l = spa.heliocentric_longitude(jme)
    theta = spa.geocentric_longitude(big_l)
    x0 = spa.mean_elongation(jce)
    x1 = spa.mean_anomaly_sun(jce)
    x2 = spa.mean_anomaly_moon(jce)
    x3 = spa.moon_argument_latitude(jce)
    x4 = spa.moon_ascending_longitude(jce)
    nutation = np.empty((2, len(x0)))
    spa.longitude_obliquity_nutation(jce, x0, x1, x2, x3, x4, nutation)
    lam = spa.apparent_sun_longitude(theta, nutation[0], spa.aberration_correction(big_r))
    return np.mod(lam, 360.0)


def solar_term_instant(year: int, term: str) -> dt.datetime:
    """The instant (UTC) the sun reaches the solar term's longitude in ``year`` (大寒 in
    January, 冬至 in December), to about a second (bisection on the SPA longitude)."""
    target = _term_longitude(term)
    # 冬至 ~ 21 Dec, 大寒 ~ 20 Jan: the longitude grows ~1°/day, start two weeks either side.
    month_day = (12, 21) if target == 270.0 else (1, 20)
    mid = dt.datetime(year, *month_day, tzinfo=dt.UTC)
    lo = (mid - dt.timedelta(days=14) - _EPOCH).total_seconds()
    hi = (mid + dt.timedelta(days=14) - _EPOCH).total_seconds()

    def ahead(t: float) -> float:  # signed angle from the target, in (-180, 180]
        return float((apparent_longitude(t)[0] - target + 180.0) % 360.0 - 180.0)

    if not (ahead(lo) < 0.0 < ahead(hi)):
        raise CimviewError("the solar term {term} is not near {date} in {year}", term=term,
                           date=mid.date().isoformat(), year=year)
    for _ in range(60):  # 28 days / 2**60: far below a second
        mid_t = 0.5 * (lo + hi)
        if ahead(mid_t) < 0.0:
            lo = mid_t
        else:
            hi = mid_t
        if hi - lo < 0.5:
            break
    return _EPOCH + dt.timedelta(seconds=0.5 * (lo + hi))


def standard_day(year: int, term: str) -> dt.date:
    """The standard day of ``term`` (大寒 / 冬至) in ``year``, as a Beijing-time date.

    >>> standard_day(2025, "冬至").isoformat()
    '2025-12-21'
    """
    return solar_term_instant(year, term).astimezone(BEIJING).date()


def _term_longitude(term: str) -> float:
    try:
        return SOLAR_TERMS[term.strip().lower() if term.isascii() else term.strip()]
    except KeyError:
        raise CimviewError("unknown standard day {term}: expected one of {known}", term=term,
                           known=", ".join(SOLAR_TERMS)) from None


def meridian_offset_minutes(longitude: float) -> float:
    """(120° − longitude)/15° h in minutes: how far local mean time is behind Beijing time."""
    return (BEIJING_MERIDIAN - float(longitude)) * 4.0


@dataclass(frozen=True)
class SunPath:
    """The sun over one day at one site, one row per time sample.

    ``tst`` and ``bjt`` are minutes after midnight in true solar time and Beijing time,
    ``unixtime`` UTC seconds; ``azimuth`` (clockwise from true north) and ``elevation`` in
    degrees (with or without refraction, as asked); ``eot`` the equation of time (minutes)."""

    day: dt.date
    longitude: float
    latitude: float
    tst: np.ndarray
    bjt: np.ndarray
    unixtime: np.ndarray
    azimuth: np.ndarray
    elevation: np.ndarray
    eot: np.ndarray
    refraction: bool

    def __len__(self) -> int:
        return len(self.tst)

    def directions(self, true_north_deg: float = 0.0) -> np.ndarray:
        """Unit vectors toward the sun (n, 3) in a map grid where true north points
        ``true_north_deg`` clockwise from grid north (see :func:`true_north_in_grid`)."""
        az = np.radians(self.azimuth + true_north_deg)
        el = np.radians(self.elevation)
        return np.column_stack([np.sin(az) * np.cos(el), np.cos(az) * np.cos(el), np.sin(el)])


def sun_positions(unixtime: np.ndarray, latitude: float, longitude: float, *,
                  height: float = 0.0, refraction: bool = False, pressure_hpa: float = 1013.25,
                  temperature_c: float = 12.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """NREL SPA at UTC instants: (azimuth, elevation, equation of time in minutes).

    ``refraction`` False gives the geometric (topocentric, airless) elevation."""
    t = np.atleast_1d(np.asarray(unixtime, dtype=np.float64))
    if not (-90.0 <= latitude <= 90.0 and -180.0 <= longitude <= 180.0):
        raise CimviewError("latitude {lat} / longitude {lon} are not on the Earth",
                           lat=latitude, lon=longitude)
    year = 1970.0 + float(t.mean()) / (365.2425 * 86400.0)
    _theta, _theta0, e, e0, phi, eot = spa.solar_position_numpy(
        t, latitude, longitude, height, pressure_hpa, temperature_c, delta_t(year), 0.5667, 1)
    return (np.asarray(phi, float), np.asarray(e if refraction else e0, float),
            np.asarray(eot, float))


def sample_minutes(start_min: float, end_min: float, step_min: float) -> np.ndarray:
    """The middle of each step of the window [start, end): a sample stands for one step, so
    n samples that see the sun count n × step minutes (GB/T 50947's time step).

    >>> sample_minutes(480, 483, 1.0).tolist()
    [480.5, 481.5, 482.5]
    """
    if not (0.0 < step_min <= 60.0) or end_min <= start_min:
        raise CimviewError("time window {start}–{end} min with a step of {step} min is not "
                           "usable", start=start_min, end=end_min, step=step_min)
    n = int(round((end_min - start_min) / step_min))
    return start_min + (np.arange(n) + 0.5) * step_min


def sun_path(day: dt.date, latitude: float, longitude: float, *, start_tst: float = 8 * 60,
             end_tst: float = 16 * 60, step_min: float = 1.0, height: float = 0.0,
             refraction: bool = False) -> SunPath:
    """The sun's positions on ``day`` (a Beijing-time date) over a true-solar-time window.

    Each sample's Beijing time is its true solar time − equation of time + (120° − longitude)
    / 15° h; the equation of time is SPA's at that instant (two fixed-point rounds: it changes
    by under a second an hour)."""
    tst = sample_minutes(start_tst, end_tst, step_min)
    midnight = (dt.datetime(day.year, day.month, day.day, tzinfo=BEIJING) - _EPOCH
                ).total_seconds()
    offset = meridian_offset_minutes(longitude)
    bjt = tst + offset
    eot = np.zeros_like(tst)
    for _ in range(2):
        _az, _el, eot = sun_positions(midnight + bjt * 60.0, latitude, longitude, height=height)
        bjt = tst - eot + offset
    unixtime = midnight + bjt * 60.0
    az, el, eot = sun_positions(unixtime, latitude, longitude, height=height,
                                refraction=refraction)
    return SunPath(day, float(longitude), float(latitude), tst, bjt, unixtime, az, el, eot,
                   refraction)


def true_north_in_grid(crs: str, x: float, y: float) -> tuple[float, float, float]:
    """(longitude, latitude, bearing of true north in the grid, degrees clockwise from grid
    north) at map point (x, y) of ``crs`` (the grid's meridian convergence: about +0.28° in
    Guangzhou on EPSG:4547), found by projecting a step north."""
    from pyproj import Transformer

    to_geo = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    to_map = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    lon, lat = to_geo.transform(x, y)
    if not (np.isfinite(lon) and np.isfinite(lat)):
        raise CimviewError("the point {x}, {y} has no longitude and latitude in {crs}", x=x, y=y,
                           crs=crs)
    x0, y0 = to_map.transform(lon, lat)
    x1, y1 = to_map.transform(lon, lat + 1e-4)
    return float(lon), float(lat), float(np.degrees(np.arctan2(x1 - x0, y1 - y0)))


def clock(minutes: float) -> str:
    """Minutes after midnight as ``"HH:MM"`` (rounded to the minute).

    >>> clock(517.9)
    '08:38'
    """
    m = int(round(float(minutes))) % (24 * 60)
    return f"{m // 60:02d}:{m % 60:02d}"
