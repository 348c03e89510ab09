"""Check "far": floor area ratio (容积率) = gross floor area ÷ the parcel's area, against its
maximum. The floor area comes from the model's quantities, spaces or slab outlines
(:func:`layers.review.bim_measure.gross_floor_area`); the report says which."""

from __future__ import annotations

from layers.review.bim_measure import GFA_SOURCES, gross_floor_area
from layers.review.context import ReviewContext
from layers.review.judge import judge
from layers.review.result import Finding
from layers.review.ruleset import Rule
from layers.review.site import parcel_area
from store.messages import msg


def check(ctx: ReviewContext, rule: Rule) -> Finding:
    """GFA ÷ parcel area against ``parcel.far_max`` (not assessable without a floor area)."""
    ctx.progress(0.0, msg("Measuring the floor area"))
    gfa = gross_floor_area(ctx, rule.params)
    area = parcel_area(ctx.parcel, ctx.parcel_geom)
    ctx.add_parameter("parcel_area", round(area, 2), "m²",
                      "parcels.area" if ctx.parcel.get("area") else "red line")
    if gfa.value is None:
        return judge(rule, ctx.parcel, None, missing=msg(
            "the model has no floor area: no Qto_BuildingBaseQuantities, no spaces with areas "
            "and no storey slabs"))
    ctx.add_parameter("gross_floor_area", gfa.value, "m²", GFA_SOURCES.get(gfa.source, gfa.source))
    return judge(rule, ctx.parcel, round(gfa.value / area, 3), notes=gfa.notes,
                 details=gfa.details,
                 reason=msg("gross floor area {gfa} m² ({source}) on {area} m²",
                            gfa=gfa.value, source=GFA_SOURCES.get(gfa.source, gfa.source),
                            area=round(area, 1)))
