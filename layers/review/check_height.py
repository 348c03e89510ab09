"""Check "height": the building's height (GB 50352-2019 §4.5.2) against the parcel's limit.

Measured by :func:`layers.review.bim_measure.building_height`: from the outdoor ground at the
entrance (the terrain at the external doors) to the top of the roof or parapet; the classes
that count and the names left out (rooftop plant) are the rule's ``params``.
"""

from __future__ import annotations

import numpy as np

from layers.review.bim_measure import building_height, element_mask, ifc_file, source_text
from layers.review.context import ReviewContext
from layers.review.judge import judge
from layers.review.result import Finding
from layers.review.ruleset import Rule
from store.messages import msg


def check(ctx: ReviewContext, rule: Rule) -> Finding:
    """Height against ``parcel.height_limit``; on a failure, the elements reaching above it."""
    ctx.progress(0.0, msg("Measuring the building's height"))
    h = building_height(ctx, rule.params)
    ctx.outputs["height"] = h
    ground = h.location[2] - h.value if h.location else 0.0
    door = next((d for d in h.details if d.get("what") == "entrance"), None)
    where = f"DEM @ IfcDoor {door['name']} {door['guid']}" if door else "DEM (footprint)"
    ctx.add_parameter("height_ground_z", round(ground, 3), "m",
                      "; ".join(x for x in (where, source_text(rule.params, "entrance")) if x))
    finding = judge(rule, ctx.parcel, h.value, unit="m", notes=h.notes, details=h.details,
                    location=h.location,
                    reason=msg("measured from the outdoor ground at the entrance")
                    if h.source == "entrance" else
                    msg("measured from the lowest outdoor ground along the footprint"))
    if finding.failed and finding.limit is not None:
        finding.elements = above(ctx, ground + finding.limit)
    return finding


def above(ctx: ReviewContext, z: float) -> list[str]:
    """GlobalIds of the building elements reaching above map height ``z``."""
    g = ctx.model.geometry
    f = ifc_file(ctx)
    keep = element_mask(ctx, lambda e: not f.by_id(e.id).is_a("IfcSpatialElement"))
    if not keep.any():
        return []
    tz = ctx.map_vertices[g.triangles[keep]][:, :, 2].max(axis=1)
    ids = np.unique(g.element_of_triangle[keep][tz > z + 1e-6])
    return [ctx.model.elements[int(i)].guid for i in ids]
