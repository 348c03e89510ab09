"""Can a file's numbers be positions in the CRS it declares? If not, which CRS do they fit?

A file that declares UTM 49N but holds Web-Mercator numbers, or whose x is 1e9 in the cache's
own CRS, would make a cache whose extent is impossible. :func:`possible` tells, per point,
whether a coordinate can be a position in a CRS: it is finite, inside the projection's valid
range (the inverse and forward transformations agree) and near the CRS's area of use (enlarged
by half its width, at least 1°: data a little outside a zone is common). :func:`looks_like`
names the first of a short list of likely CRSs (lon/lat, the CGCS2000 3-degree Gauss-Krüger
zones with and without zone prefix, the UTM zones, Web Mercator) under which the numbers fall
inside that CRS's own area of use.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from pyproj import CRS, Transformer

from store.crs import horizontal

#: Round trip tolerance, in the CRS's units (metres, or degrees for a geographic CRS).
ROUND_TRIP = {True: 1e-6, False: 1.0}
#: Margin of a guessed CRS's area of use, degrees.
GUESS_MARGIN = 0.5
_LONLAT = CRS.from_epsg(4326)


@lru_cache(maxsize=64)
def _transformers(wkt: str) -> tuple[Transformer, Transformer]:
    crs = CRS.from_wkt(wkt)
    return (Transformer.from_crs(crs, _LONLAT, always_xy=True),
            Transformer.from_crs(_LONLAT, crs, always_xy=True))


def to_lonlat(crs: CRS, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(lon, lat) of easting-first (x, y) in ``crs``; NaN where (x, y) is no position in it."""
    h = horizontal(crs)
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    inv, fwd = _transformers(h.to_wkt())
    with np.errstate(all="ignore"):
        lon, lat = (np.asarray(v, dtype=float) for v in inv.transform(x, y, errcheck=False))
        bx, by = (np.asarray(v, dtype=float) for v in fwd.transform(lon, lat, errcheck=False))
        tol = ROUND_TRIP[h.is_geographic]
        ok = (np.isfinite(x) & np.isfinite(y) & np.isfinite(lon) & np.isfinite(lat)
              & (np.abs(bx - x) <= tol) & (np.abs(by - y) <= tol)
              & (np.abs(lat) <= 90.0 + 1e-9) & (lon >= -180.5) & (lon <= 360.5))
        lon = np.where(ok, (np.where(ok, lon, 0.0) + 180.0) % 360.0 - 180.0, np.nan)
    return lon, np.where(ok, lat, np.nan)


def _inside(crs: CRS, lon: np.ndarray, lat: np.ndarray, margin: float | None) -> np.ndarray:
    area = horizontal(crs).area_of_use
    ok = np.isfinite(lon) & np.isfinite(lat)
    if area is None:
        return ok
    width = (area.east - area.west) % 360.0 or 360.0
    mx = max(1.0, width / 2) if margin is None else margin
    my = max(1.0, (area.north - area.south) / 2) if margin is None else margin
    ok &= (lat >= area.south - my) & (lat <= area.north + my)
    if width + 2 * mx >= 360.0:
        return ok
    west = (lon - (area.west - mx)) % 360.0  # degrees east of the enlarged west edge
    return ok & (west <= width + 2 * mx)


def possible(crs: CRS, x: np.ndarray, y: np.ndarray, *, margin: float | None = None
             ) -> np.ndarray:
    """True where (x, y) can be a position in ``crs`` (see the module docstring).

    ``margin``: degrees around the CRS's area of use (None: half its width, at least 1°).
    Numbers that look like degrees (|x| ≤ 180, |y| ≤ 90) in a projected CRS must lie within
    0.5° of its area of use: they are far more often lon/lat under the wrong declaration
    (local coordinates near the origin of a CRS made for a city pass).

    Examples
    --------
    >>> possible(CRS.from_epsg(32649), [740000, 12.6e6, 113.3], [2560000, 2.64e6, 23.1]).tolist()
    [True, False, False]
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    lon, lat = to_lonlat(crs, x, y)
    ok = _inside(crs, lon, lat, margin)
    if horizontal(crs).is_projected:
        degrees = (np.abs(x) <= 180.0) & (np.abs(y) <= 90.0)
        ok &= ~degrees | _inside(crs, lon, lat, GUESS_MARGIN)
    return ok


def candidates(near: CRS | None, x: float) -> list[CRS]:
    """Likely CRSs of easting ``x``, in the order they are tried: lon/lat; the CGCS2000
    3-degree Gauss-Krüger zone its prefix names; near the area of use of ``near``: the UTM
    zones, the prefix-less CGCS2000 3-degree zones, then Web Mercator."""
    codes = [4326]
    zone = math.floor(x / 1e6) if math.isfinite(x) else 0
    if 25 <= zone <= 45:  # EPSG:4513 … 4533: CGCS2000 / 3-degree Gauss-Kruger zone 25 … 45
        codes.append(4513 + zone - 25)
    area = horizontal(near).area_of_use if near is not None else None
    if area is not None and (area.east - area.west) % 360.0 <= 30.0:
        lons = [area.west + 1e-6, (area.west + area.east) / 2, area.east - 1e-6]
        lat = (area.south + area.north) / 2
        for lon in lons:
            utm = (32600 if lat >= 0 else 32700) + int((lon + 180.0) // 6.0) % 60 + 1
            codes.append(utm)
        for lon in lons:
            cm = 3 * round(lon / 3)
            if 75 <= cm <= 135:  # EPSG:4534 … 4554: CGCS2000 / 3-degree Gauss-Kruger CM 75E …
                codes.append(4534 + (cm - 75) // 3)
        codes.append(3857)
    return [CRS.from_epsg(c) for c in dict.fromkeys(codes)]


def looks_like(x: np.ndarray, y: np.ndarray, *, declared: CRS, near: CRS | None
               ) -> CRS | None:
    """The first of :func:`candidates` (other than ``declared``) under which every point
    (x, y) lies inside the CRS's area of use, or None. Web Mercator only counts when the
    points then also lie in the area of ``near``."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if not (len(x) and np.isfinite(x).all() and np.isfinite(y).all()):
        return None
    for crs in candidates(near, float(np.median(x))):
        if crs == horizontal(declared):
            continue
        lon, lat = to_lonlat(crs, x, y)
        if not _inside(crs, lon, lat, GUESS_MARGIN).all():
            continue
        if crs.to_epsg() == 3857 and near is not None and not _inside(near, lon, lat, None).all():
            continue
        return crs
    return None


def corners(bounds: tuple[float, float, float, float]) -> tuple[np.ndarray, np.ndarray]:
    """x and y of the four corners of (minx, miny, maxx, maxy)."""
    x0, y0, x1, y1 = bounds
    return np.array([x0, x1, x1, x0], dtype=float), np.array([y0, y0, y1, y1], dtype=float)
