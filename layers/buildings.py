"""The white-model theme (白模): what the scene and layer panel need to know of the buildings."""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import shapely
from sqlalchemy import text

from store.cache import NOW, Cache, Features


@dataclass(frozen=True)
class BuildingsSummary:
    """Counts of the buildings layer by level of detail, and of the LOD2 solids."""

    count: int
    by_lod: dict[str, int]  # lod value ("1", "2.2", … ; "" when missing) → buildings
    solids: int  # rows in building_solids
    with_solid: int  # buildings that have at least one solid
    estimated_heights: int  # buildings whose height was estimated on import
    max_height: float | None

    @property
    def has_lod2(self) -> bool:
        """True when LOD2 solids exist (the scene can draw roofs, not only extrusions)."""
        return self.solids > 0


def summarize(cache: Cache) -> BuildingsSummary:
    """Counts by lod, solids and estimated heights of the buildings that stand at the map's
    time (:meth:`store.cache.Cache.standing_sql`), in a few SQL aggregates."""
    clause, args = cache.standing_sql()
    where = f" WHERE {clause}" if clause else ""
    also = f" AND {clause}" if clause else ""
    with cache.engine.connect() as conn:
        by_lod = {(lod or ""): int(n) for lod, n in conn.execute(text(
            f"SELECT lod, count(*) FROM buildings t{where} GROUP BY lod ORDER BY lod"), args)}
        est, hmax = conn.execute(text(
            "SELECT coalesce(sum(height_estimated != 0), 0), max(height) "
            f"FROM buildings t{where}"), args).one()
        solids = int(conn.execute(text(f"SELECT count(*) FROM building_solids t{where}"),
                                  args).scalar() or 0)
        with_solid = int(conn.execute(text(
            "SELECT count(*) FROM buildings t WHERE gid IN "
            f"(SELECT building_gid FROM building_solids){also}"), args).scalar() or 0)
    return BuildingsSummary(sum(by_lod.values()), by_lod, solids, with_solid, int(est or 0),
                            None if hmax is None else float(hmax))


# -- what the 3D view draws ----------------------------------------------------------------------
#: Buildings drawn from building_solids (LOD2) rather than extruded from their footprint.
HAS_SOLID = ("lod IS NOT NULL AND lod <> '1' "
             "AND gid IN (SELECT building_gid FROM building_solids)")
#: Surface semantics of building_solids → part code (anything else is a wall).
WALL, ROOF, GROUND = 0, 1, 2
_PARTS = {"RoofSurface": ROOF, "GroundSurface": GROUND}

BBox = tuple[float, float, float, float]


@dataclass(frozen=True)
class SolidRows:
    """The LOD2 buildings of a cache as the viewer draws them.

    ``fids`` and ``geoms`` (footprints, for tiling) of the buildings with solids; ``polys``
    their surfaces (3D polygons) sorted by owner, ``poly_fid`` the building fid of each and
    ``parts`` its part code (``WALL``, ``ROOF``, ``GROUND``).
    """

    fids: np.ndarray
    geoms: np.ndarray
    polys: np.ndarray
    poly_fid: np.ndarray
    parts: np.ndarray


def extruded_rows(cache: Cache, bbox: BBox | None = None, at: str | None = NOW) -> Features:
    """The buildings drawn as LOD1 extrusions (within bbox) standing ``at`` (None: of every
    time): columns height, ground_z, lod; those with LOD2 solids are left out
    (:func:`solid_rows` has them)."""
    return cache.read("buildings", ("height", "ground_z", "lod"), bbox=bbox,
                      where=f"NOT ({HAS_SOLID})", at=at)


def part_codes(types: list[str | None], counts: np.ndarray) -> np.ndarray:
    """Part code per polygon from each solid's JSON list of semantic surface types."""
    out = []
    for raw, n in zip(types, counts, strict=True):
        names = json.loads(raw) if raw else None
        if not isinstance(names, list) or len(names) != n:
            names = [None] * int(n)
        out.append([_PARTS.get(t, WALL) for t in names])
    return np.fromiter((c for row in out for c in row), dtype=np.uint8, count=int(counts.sum()))


def solid_rows(cache: Cache, bbox: BBox | None = None, at: str | None = NOW) -> SolidRows:
    """The buildings whose lod is not "1" and that have building_solids rows, with their
    surfaces (within bbox), standing ``at`` (None: of every time)."""
    b = cache.read("buildings", ("gid",), bbox=bbox, where=HAS_SOLID, at=at)
    ok = ~shapely.is_missing(b.geoms) & ~shapely.is_empty(b.geoms) if len(b) else np.zeros(0, bool)
    empty = np.zeros(0, np.int64)
    if not ok.any():
        return SolidRows(empty, np.array([], object), np.array([], object), empty,
                         np.zeros(0, np.uint8))
    fid_of = dict(zip(b.columns["gid"], b.fids.tolist(), strict=True))
    s = cache.read("building_solids", ("building_gid", "surface_types"), bbox=bbox,
                   where="building_gid IN (SELECT gid FROM buildings "
                         "WHERE lod IS NOT NULL AND lod <> '1')", at=at)
    owner = np.array([fid_of.get(g, -1) for g in s.columns["building_gid"]], dtype=np.int64)
    counts = shapely.get_num_geometries(s.geoms)
    parts = part_codes(s.columns["surface_types"], counts)
    polys, srow = shapely.get_parts(s.geoms, return_index=True)
    poly_fid = owner[srow]
    keep = poly_fid >= 0
    polys, poly_fid, parts = polys[keep], poly_fid[keep], parts[keep]
    order = np.argsort(poly_fid, kind="stable")
    return SolidRows(b.fids[ok], b.geoms[ok], polys[order], poly_fid[order], parts[order])
