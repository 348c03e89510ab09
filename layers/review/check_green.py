"""Check "green": green ratio (绿地率) = green area on the parcel ÷ the parcel's area, against
its minimum (in percent when ``params["percent"]``). Green areas are the model's elements named
as green (``params["green_classes"]``, ``params["green_keywords"]``); without any the rule is
not assessable, never a guessed pass."""

from __future__ import annotations

from layers.review.bim_measure import green_area, source_text
from layers.review.context import ReviewContext
from layers.review.judge import judge
from layers.review.result import Finding
from layers.review.ruleset import Rule
from layers.review.site import parcel_area
from store.messages import msg


def check(ctx: ReviewContext, rule: Rule) -> Finding:
    """Green area ÷ parcel area against ``parcel.green_min``."""
    ctx.progress(0.0, msg("Measuring the green areas"))
    green = green_area(ctx, rule.params)
    area = parcel_area(ctx.parcel, ctx.parcel_geom)
    scale = 100.0 if rule.params.get("percent", True) else 1.0
    unit = "%" if scale == 100.0 else ""
    if green.value is None:
        keywords = "、".join(rule.params.get("green_keywords") or ())
        return judge(rule, ctx.parcel, None, unit=unit, missing=msg(
            "the model carries no green area (no {classes} named {keywords})",
            classes="/".join(rule.params.get("green_classes") or ("IfcSpace",)),
            keywords=keywords))
    ctx.add_parameter("green_area", green.value, "m²", source_text(rule.params, "area",
                                                                   green.source))
    return judge(rule, ctx.parcel, round(scale * green.value / area, 2), unit=unit,
                 details=green.details,
                 reason=msg("green area {green} m² on {area} m²", green=green.value,
                            area=round(area, 1)))
