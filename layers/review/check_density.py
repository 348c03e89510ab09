"""Check "density": building density (建筑密度) = the building's base area ÷ the parcel's area,
against its maximum (in percent when ``params["percent"]``, as the parcels table holds it).

The base area (基底面积) is the outline of the lowest storey above ground
(``params["base"]`` "ground_storey"), or the plan projection of the whole building
("projection")."""

from __future__ import annotations

from typing import Any

import shapely

from layers.review.bim_measure import source_text, storey_outlines
from layers.review.context import ReviewContext
from layers.review.judge import judge
from layers.review.result import Finding
from layers.review.ruleset import Rule
from layers.review.site import parcel_area
from store.messages import msg


def base_outline(ctx: ReviewContext, params: dict[str, Any]) -> shapely.Geometry:
    """The building's base outline in the cache CRS (see the module's docstring)."""
    rows = storey_outlines(ctx)
    if params.get("base", "ground_storey") == "projection":
        return shapely.union_all([o for _, o in rows]) if rows else ctx.footprint
    above = [(s, o) for s, o in rows if s["id"] is not None and s["elevation"] >= -0.01]
    return above[0][1] if above else ctx.footprint


def check(ctx: ReviewContext, rule: Rule) -> Finding:
    """Base area ÷ parcel area against ``parcel.density_max``."""
    ctx.progress(0.0, msg("Measuring the building's base area"))
    base = base_outline(ctx, rule.params)
    area = parcel_area(ctx.parcel, ctx.parcel_geom)
    base_area = float(shapely.area(base))
    ctx.add_parameter("base_area", round(base_area, 2), "m²",
                      source_text(rule.params, "base", str(rule.params.get("base", ""))))
    scale = 100.0 if rule.params.get("percent", True) else 1.0
    return judge(rule, ctx.parcel, round(scale * base_area / area, 2),
                 unit="%" if scale == 100.0 else "",
                 reason=msg("base area {base} m² on {area} m²", base=round(base_area, 1),
                            area=round(area, 1)))
