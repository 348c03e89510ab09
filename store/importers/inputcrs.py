"""Which CRS the input's coordinates are in, and which CRS a new cache gets.

``options.source_crs`` overrides what the file declares; ``crs`` (``--crs``) is the CRS of a new
cache and also the input CRS when the file declares none.
"""

from __future__ import annotations

import math
from pathlib import Path

from pyproj import CRS, Transformer

from store.crs import choose_cache_crs, crs_label, epsg_code, horizontal, parse_crs, vertical
from store.errors import CimviewError, InputError

NO_CRS = ("declares no coordinate reference system; pass --crs EPSG:xxxx "
          "(the CRS of the file's coordinates)")


def parse_option(path: Path, value: str, flag: str) -> CRS:
    """A CRS given on the command line; InputError naming the flag when unknown."""
    try:
        return parse_crs(value)
    except CimviewError:
        raise InputError(path, f"unknown coordinate reference system {value!r} given with "
                               f"{flag}; use a code such as EPSG:4547") from None


def input_crs(path: Path, declared: str | int | CRS | None, *, source_crs: str | None,
              crs: str | None) -> CRS:
    """The CRS of the file's coordinates (see module docstring for the precedence)."""
    if source_crs:
        return parse_option(path, source_crs, "--source-crs")
    if declared is not None and str(declared).strip():
        try:
            return parse_crs(declared)
        except CimviewError:
            raise InputError(path, f"declares an unknown coordinate reference system "
                                   f"{str(declared)!r}; pass --source-crs EPSG:xxxx (the CRS "
                                   "of the file's coordinates)") from None
    if crs:
        return parse_option(path, crs, "--crs")
    raise InputError(path, NO_CRS)


def check_lonlat(path: Path, src: CRS, bounds: tuple[float, float, float, float]) -> None:
    """Refuse projected-looking coordinates in a file whose CRS is geographic."""
    if not horizontal(src).is_geographic:
        return
    x0, y0, x1, y1 = bounds
    if min(x0, y0) < -180.5 or x1 > 360.5 or max(abs(y0), abs(y1)) > 90.5:
        raise InputError(path, f"coordinates ({x0:.0f}…{x1:.0f}, {y0:.0f}…{y1:.0f}) are not "
                               f"longitude/latitude, but the file's CRS is {crs_label(src)}; "
                               "pass --source-crs EPSG:xxxx (the CRS of the coordinates)")


def new_cache_crs(path: Path, src: CRS, bounds: tuple[float, float, float, float],
                  crs: str | None) -> tuple[CRS, str | None]:
    """CRS of a cache created by this import (and a warning, if any): --crs, else the data's
    projected CRS (horizontal part of a compound CRS), else the UTM zone of its centre.

    A CRS without an EPSG code (a Shapefile's .prj) is replaced by its EPSG equivalent, because
    the cache records its CRS by code."""
    if crs:
        chosen = horizontal(parse_option(path, crs, "--crs"))
    else:
        x0, y0, x1, y1 = bounds
        chosen = choose_cache_crs(src, ((x0 + x1) / 2, (y0 + y1) / 2))
    if epsg_code(chosen):
        return chosen, None
    matches = [m for m in chosen.list_authority(min_confidence=70) if m.auth_name == "EPSG"]
    if not matches:
        raise InputError(path, f"its CRS {chosen.name!r} has no EPSG equivalent; pass --crs "
                               "EPSG:xxxx for the new cache")
    code = f"EPSG:{matches[0].code}"
    return CRS.from_user_input(code), (
        f"the file's CRS {chosen.name!r} has no EPSG code: the new cache uses its "
        f"equivalent {code}")


def vertical_label(src: CRS) -> str | None:
    """'EPSG:5709' for the vertical part of a compound CRS, else None."""
    v = vertical(src)
    return crs_label(v) if v is not None else None


def label(crs: CRS) -> str:
    """'EPSG:4547', 'OGC:CRS84', else the CRS's name."""
    code = epsg_code(crs)
    if code:
        return f"EPSG:{code}"
    auth = crs.to_authority()
    return f"{auth[0]}:{auth[1]}" if auth else crs.name


def outside_area_of_use(src: CRS, bounds: tuple[float, float, float, float],
                        cache_crs: CRS) -> str | None:
    """A warning when the data's centre lies outside the cache CRS's area of use (projected
    coordinates there are badly distorted, and the file most likely belongs to another city)."""
    area = horizontal(cache_crs).area_of_use
    if area is None or any(map(math.isnan, bounds)):
        return None
    to_lonlat = Transformer.from_crs(horizontal(src), "EPSG:4326", always_xy=True)
    lon, lat = to_lonlat.transform((bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2)
    margin = 1.0  # degrees: small overruns of a zone are common and harmless
    if (area.west - margin <= lon <= area.east + margin
            and area.south - margin <= lat <= area.north + margin):
        return None
    return (f"the data lies at {lon:.3f}°, {lat:.3f}°, outside the area of use of the cache's "
            f"CRS {crs_label(cache_crs)} ({area.west:g}°–{area.east:g}°E, "
            f"{area.south:g}°–{area.north:g}°N): positions there are distorted; is this the "
            "right cache?")
