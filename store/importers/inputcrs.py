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
from store.importers import plausible
from store.messages import msg


def parse_option(path: Path, value: str, flag: str) -> CRS:
    """A CRS given on the command line; InputError naming the flag when unknown."""
    try:
        return parse_crs(value)
    except CimviewError:
        raise InputError(path, "unknown coordinate reference system {value} given with "
                               "{flag}; use a code such as EPSG:4547", value=repr(value),
                         flag=flag) from None


def input_crs(path: Path, declared: str | int | CRS | None, *, source_crs: str | None,
              crs: str | None) -> CRS:
    """The CRS of the file's coordinates (see module docstring for the precedence)."""
    if source_crs:
        return parse_option(path, source_crs, "--source-crs")
    if declared is not None and str(declared).strip():
        try:
            return parse_crs(declared)
        except CimviewError:
            raise InputError(path, "declares an unknown coordinate reference system {crs}; "
                                   "pass --source-crs EPSG:xxxx (the CRS of the file's "
                                   "coordinates)", crs=repr(str(declared))) from None
    if crs:
        return parse_option(path, crs, "--crs")
    raise InputError(path, "declares no coordinate reference system; pass --crs EPSG:xxxx "
                           "(the CRS of the file's coordinates)")


def check_positions(path: Path, src: CRS, bounds: tuple[float, float, float, float],
                    near: CRS | None = None) -> None:
    """Refuse coordinates that cannot be positions in the file's CRS (see
    :mod:`store.importers.plausible`), naming the CRS they look like and the --source-crs to
    try. ``near``: the CRS of the cache they go into (else the file's own), where the guess
    looks for them. Bounds of (0, 0, 0, 0) say the file has no coordinates: nothing to check
    (the import then says why nothing can be imported)."""
    if not any(bounds):
        return
    x, y = plausible.corners(bounds)
    if plausible.possible(src, x, y).all():
        return
    guess = plausible.looks_like(x, y, declared=src, near=near or src)
    values = {"x": _span(bounds[0], bounds[2]), "y": _span(bounds[1], bounds[3]),
              "crs": crs_label(src)}
    geographic = horizontal(src).is_geographic
    if guess is not None:
        values |= {"guess": crs_label(guess), "name": guess.name}
        if geographic:
            raise InputError(path, "coordinates (x {x}, y {y}) are not longitude/latitude, but "
                                   "the file's CRS is {crs}; they look like {guess} ({name}): "
                                   "try --source-crs {guess}", **values)
        raise InputError(path, "coordinates (x {x}, y {y}) are impossible in the file's CRS "
                               "{crs}; they look like {guess} ({name}): try --source-crs "
                               "{guess}", **values)
    if geographic:
        raise InputError(path, "coordinates (x {x}, y {y}) are not longitude/latitude, but the "
                               "file's CRS is {crs}; pass --source-crs EPSG:xxxx (the CRS of "
                               "the coordinates)", **values)
    raise InputError(path, "coordinates (x {x}, y {y}) are impossible in the file's CRS {crs}; "
                           "pass --source-crs EPSG:xxxx (the CRS of the coordinates)", **values)


def _span(lo: float, hi: float) -> str:
    def num(v: float) -> str:
        return f"{v:.6g}" if abs(v) < 1000 else f"{v:.0f}" if abs(v) < 1e12 else f"{v:.3g}"

    return num(lo) if lo == hi else f"{num(lo)}…{num(hi)}"


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
        raise InputError(path, "its CRS {crs} has no EPSG equivalent; pass --crs EPSG:xxxx "
                               "for the new cache", crs=repr(chosen.name))
    code = f"EPSG:{matches[0].code}"
    return CRS.from_user_input(code), msg(
        "the file's CRS {crs} has no EPSG code: the new cache uses its equivalent {code}",
        crs=repr(chosen.name), code=code)


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
    return msg("the data lies at {lon}°, {lat}°, outside the area of use of the cache's CRS "
               "{crs} ({west}°–{east}°E, {south}°–{north}°N): positions there are distorted; "
               "is this the right cache?", lon=f"{lon:.3f}", lat=f"{lat:.3f}",
               crs=crs_label(cache_crs), west=f"{area.west:g}", east=f"{area.east:g}",
               south=f"{area.south:g}", north=f"{area.north:g}")
