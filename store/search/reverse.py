"""Reverse lookup: the standard address of a building, or the nearest one to a point."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from store import gpkg
from store.search.engine import ADDRESS_COLS, LEVEL_ORDER
from store.search.hits import Hit

if TYPE_CHECKING:
    from store.cache import Cache

#: Search radii tried in turn (metres); beyond the last there is no nearest address.
RADII = (25.0, 100.0, 400.0, 1600.0, 6400.0)


def nearest_address(cache: Cache, x: float, y: float, *,
                    building_gid: str | None = None) -> tuple[Hit, float] | None:
    """The address of that building (distance 0) when it has one; otherwise the nearest
    address point to (x, y) in the cache CRS, with its distance in metres. None when the
    library is empty or everything is farther than 6.4 km."""
    with cache.engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        if building_gid:
            row = raw.execute(
                f"SELECT {_cols('a')} FROM buildings b JOIN addresses a "
                "ON a.gid = b.address_gid WHERE b.gid = ?", (building_gid,)).fetchone()
            rows = [row] if row else raw.execute(
                f"SELECT {ADDRESS_COLS} FROM addresses WHERE building_gid = ?",
                (building_gid,)).fetchall()
            if rows:
                best = min(rows, key=lambda r: LEVEL_ORDER.get(r[2], 3))
                return _hit(best, 1.0), 0.0
        if not (math.isfinite(x) and math.isfinite(y)):
            return None
        rtree = gpkg.rtree_name("addresses", "geom")
        for radius in RADII:
            rows = raw.execute(
                f"SELECT {_cols('a')} FROM addresses a JOIN \"{rtree}\" r ON r.id = a.fid "
                "WHERE r.minx <= ? AND r.maxx >= ? AND r.miny <= ? AND r.maxy >= ?",
                (x + radius, x - radius, y + radius, y - radius)).fetchall()
            if not rows:
                continue
            pts = gpkg.decode([r[12] for r in rows])
            d = np.hypot(shapely.get_x(pts) - x, shapely.get_y(pts) - y)
            d = np.where(np.isnan(d), np.inf, d)
            # the shallowest level among equally near points: a door before its units
            order = np.lexsort(([LEVEL_ORDER.get(r[2], 3) for r in rows], np.round(d, 1)))
            i = int(order[0])
            if d[i] <= radius:
                return _hit(rows[i], 1.0), float(d[i])
        return None


def _cols(alias: str) -> str:
    return ", ".join(f"{alias}.{c.strip()}" for c in ADDRESS_COLS.split(","))


def _hit(r: tuple[Any, ...], score: float) -> Hit:
    g = gpkg.decode([r[12]])[0] if r[12] else None
    x, y = (g.x, g.y) if g is not None and not g.is_empty else (0.0, 0.0)
    return Hit("addresses", r[0], r[1], r[10], r[2], float(x), float(y), score,
               building_gid=r[11])
