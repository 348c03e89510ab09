"""The white-model theme (白模): what the scene and layer panel need to know of the buildings."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text

from store.cache import Cache


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
    """Counts by lod, solids and estimated heights, in a few SQL aggregates."""
    with cache.engine.connect() as conn:
        by_lod = {(lod or ""): int(n) for lod, n in conn.execute(text(
            "SELECT lod, count(*) FROM buildings GROUP BY lod ORDER BY lod"))}
        est, hmax = conn.execute(text(
            "SELECT coalesce(sum(height_estimated != 0), 0), max(height) FROM buildings")).one()
        solids = int(conn.execute(text("SELECT count(*) FROM building_solids")).scalar() or 0)
        with_solid = int(conn.execute(text(
            "SELECT count(*) FROM buildings WHERE gid IN "
            "(SELECT building_gid FROM building_solids)")).scalar() or 0)
    return BuildingsSummary(sum(by_lod.values()), by_lod, solids, with_solid, int(est or 0),
                            None if hmax is None else float(hmax))
