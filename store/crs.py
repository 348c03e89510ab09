"""Coordinate reference systems: parsing, choosing a cache CRS, axis-order-safe transforms.

Coordinates inside cimview are always (easting, northing) = (x, y), whatever the EPSG axis order
says: CGCS2000 projected CRSs such as EPSG:4547 are northing-first in EPSG, so every transformer
here is built with ``always_xy=True``.
"""

from __future__ import annotations

import numpy as np
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from store.errors import CimviewError

#: The sample city's CRS: CGCS2000 / 3-degree Gauss-Kruger CM 114E.
CGCS2000_GK_CM114 = "EPSG:4547"
#: The 1985 national height datum (Yellow Sea 1985 height).
YELLOW_SEA_1985_HEIGHT = "EPSG:5737"


def parse_crs(text: str | int | CRS, *, what: str = "CRS") -> CRS:
    """Parse 'EPSG:4547', '4547', a URN/URL, WKT or PROJ string; raise a clear error if unknown."""
    if isinstance(text, CRS):
        return text
    value = str(text).strip()
    if value.isdigit():
        value = f"EPSG:{value}"
    try:
        crs = CRS.from_user_input(value)
    except CRSError as exc:
        raise CimviewError("unknown {what} {value!r}: {error}", what=what, value=value,
                           error=str(exc)) from None
    return crs


def horizontal(crs: CRS) -> CRS:
    """The horizontal part of a compound CRS (RD New of 'RD New + NAP'), else the CRS itself."""
    if crs.is_compound:
        for sub in crs.sub_crs_list:
            if sub.is_projected or sub.is_geographic:
                return sub
    return crs


def vertical(crs: CRS) -> CRS | None:
    """The vertical part of a compound CRS, or None."""
    if crs.is_compound:
        for sub in crs.sub_crs_list:
            if sub.is_vertical:
                return sub
    return None


def epsg_code(crs: CRS) -> int | None:
    """The EPSG code of a CRS, when it has one (exact match first, then a 90% confidence match)."""
    code = crs.to_epsg(min_confidence=100) or crs.to_epsg(min_confidence=90)
    return int(code) if code else None


def crs_label(crs: CRS) -> str:
    """'EPSG:4547' when there is a code, else the CRS name."""
    code = epsg_code(crs)
    return f"EPSG:{code}" if code else crs.name


def utm_crs_for(lon: float, lat: float) -> CRS:
    """The WGS 84 / UTM zone CRS containing (lon, lat)."""
    zone = int(np.floor((lon + 180.0) / 6.0)) % 60 + 1
    return CRS.from_epsg((32600 if lat >= 0 else 32700) + zone)


def linear_unit_factor(crs: CRS) -> float:
    """Metres per unit of the CRS's first axis (1.0 for metres, 0.3048006 for US survey feet)."""
    axis = horizontal(crs).axis_info[0]
    return float(axis.unit_conversion_factor or 1.0)


def transformer(src: CRS, dst: CRS) -> Transformer | None:
    """An (x, y) -> (x, y) transformer from src to dst, or None when they are the same CRS."""
    src_h, dst_h = horizontal(src), horizontal(dst)
    if src_h == dst_h:
        return None
    return Transformer.from_crs(src_h, dst_h, always_xy=True)


def choose_cache_crs(data_crs: CRS, centre_xy: tuple[float, float]) -> CRS:
    """The CRS of a new cache made by an import: the data's projected CRS, else its UTM zone."""
    h = horizontal(data_crs)
    if h.is_projected:
        return h
    lon, lat = centre_xy  # (lon, lat): readers always hand over easting-first values
    return utm_crs_for(lon, lat)
