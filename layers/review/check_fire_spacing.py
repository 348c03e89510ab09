"""Check "fire_spacing": the distance to each neighbouring building against GB 50016-2014
(2018年版) 表5.2.2, by building class (高层 / 裙房和其他民用建筑) and fire-resistance rating.

The table, the high-rise thresholds, the ratings assumed from a white model's structure and the
search reach are the rule's ``params``. The proposal's rating is Pset_BuildingCommon
FireProtectionClass (not assessable without it); a neighbour whose rating the cache cannot tell
gets ``params["unknown_rating"]`` (the most demanding, so no guessed pass). Distances are the
smallest horizontal distance between the outer walls (the plan outlines).
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import shapely

from layers.review.bim_measure import ifc_file, placement_notes, psets, storey_outlines
from layers.review.context import ReviewContext
from layers.review.result import FAIL, NOT_ASSESSABLE, PASS, Finding
from layers.review.ruleset import Rule
from store.messages import msg

HIGH = "高层"
#: GB 50016-2014 表5.2.2 民用建筑之间的防火间距 (m), used when the rule set gives no table.
TABLE_5_2_2 = {
    "高层": {"高层": 13, "一二级": 9, "三级": 11, "四级": 14},
    "一二级": {"高层": 9, "一二级": 6, "三级": 7, "四级": 9},
    "三级": {"高层": 11, "一二级": 7, "三级": 8, "四级": 10},
    "四级": {"高层": 14, "一二级": 9, "三级": 10, "四级": 12},
}


def rating_of(text: Any) -> str | None:
    """A fire-resistance rating ("一二级", "三级", "四级") from a declared class such as "一级",
    "2", "二级", "Class 3"; None when it says none of them.

    >>> rating_of("一级"), rating_of("3"), rating_of("IV"), rating_of("")
    ('一二级', '三级', '四级', None)
    """
    t = str(text or "").strip().upper()
    roman = re.findall(r"\b(IV|III|II|I)\b", t)
    for marks, numeral, rating in (("四4", "IV", "四级"), ("三3", "III", "三级"),
                                   ("一二12", "I II", "一二级")):
        if any(m in t for m in marks) or any(r in numeral.split() for r in roman):
            return rating
    return None


def building_class(height: float | None, residential: bool, rating: str,
                   params: dict[str, Any]) -> str:
    """"高层" above the high-rise height (住宅 27 m, 公共建筑 24 m by GB 50016 §5.1.1), else the
    rating's column (裙房和其他民用建筑).

    >>> building_class(33.2, True, "一二级", {}), building_class(26.0, True, "一二级", {})
    ('高层', '一二级')
    """
    limit = float(params.get("high_rise_residential_m", 27.0) if residential
                  else params.get("high_rise_public_m", 24.0))
    return HIGH if height is not None and height > limit else rating


def required(a: str, b: str, table: dict[str, dict[str, float]]) -> float:
    """The spacing table's value for two classes (the larger when the table is not symmetric)."""
    return float(max(table[a][b], table[b][a]))


def check(ctx: ReviewContext, rule: Rule) -> Finding:
    """Distances to the neighbours within ``params["reach_m"]`` against 表5.2.2."""
    p = rule.params
    table = p.get("table") or TABLE_5_2_2
    ctx.progress(0.0, msg("Measuring the distances to neighbouring buildings"))
    f = ifc_file(ctx)
    common: dict[str, Any] = {}
    for b in f.by_type("IfcBuilding"):
        common = psets(b).get("Pset_BuildingCommon", {}) or common
    own_rating = rating_of(common.get("FireProtectionClass"))
    if own_rating is None:
        return Finding(rule=rule.id, status=NOT_ASSESSABLE, unit="m", reason=msg(
            "the model does not state its fire-resistance rating "
            "(Pset_BuildingCommon FireProtectionClass)"))
    occupancy = str(common.get("OccupancyType") or "")
    own_res = any(k and k.lower() in occupancy.lower()
                  for k in p.get("residential_occupancy", ["Residential", "住宅"]))
    height = ctx.outputs.get("height")
    if height is None:
        from layers.review.bim_measure import building_height
        height = building_height(ctx, p)
    own_class = building_class(height.value, own_res, own_rating, p)
    rows = storey_outlines(ctx)
    outline = shapely.union_all([o for _, o in rows]) if rows else ctx.footprint
    reach = float(p.get("reach_m", 30.0))
    minx, miny, maxx, maxy = outline.bounds
    nb = ctx.cache.read("buildings", ("name", "height", "use_code", "structure_code"),
                        bbox=(minx - reach, miny - reach, maxx + reach, maxy + reach))
    keep = ~np.isin(nb.fids, list(ctx.replaced)) if len(nb) else np.zeros(0, bool)
    notes = [msg("the proposal: {kind}, rating {rating}", kind=own_class, rating=own_rating),
             *placement_notes(ctx)]
    if not keep.any():
        return Finding(rule=rule.id, status=PASS, unit="m", notes=notes,
                       reason=msg("no other building within {reach} m", reach=reach))
    dist = shapely.distance(nb.geoms[keep], outline)
    details = []
    res_codes = {str(c) for c in p.get("residential_use_codes", ["10"])}
    ratings = {str(k): v for k, v in (p.get("structure_rating") or {}).items()}
    unknown = str(p.get("unknown_rating", "四级"))
    for fid, d, name, h, use, struct in zip(
            nb.fids[keep], dist, *(np.asarray(nb.columns[c], dtype=object)[keep] for c in
                                   ("name", "height", "use_code", "structure_code")),
            strict=True):
        if d > reach:
            continue
        rating = ratings.get(str(struct)) if struct is not None else None
        cls = building_class(h, str(use) in res_codes, rating or unknown, p)
        need = required(own_class, cls, table)
        details.append({"fid": int(fid), "name": name or "", "height": h, "use_code": use,
                        "class": cls, "rating": rating or unknown, "assumed": rating is None,
                        "required": need, "distance": round(float(d), 3),
                        "status": PASS if d >= need - 1e-9 else FAIL})
    if not details:
        return Finding(rule=rule.id, status=PASS, unit="m", notes=notes,
                       reason=msg("no other building within {reach} m", reach=reach))
    details.sort(key=lambda r: r["distance"] - r["required"])
    worst = details[0]
    if any(r["assumed"] for r in details):
        notes.append(msg("a neighbour's rating is not known: {rating} assumed", rating=unknown))
    failing = [r["fid"] for r in details if r["status"] == FAIL]
    shown = failing or [worst["fid"]]
    geom = nb.geoms[np.flatnonzero(nb.fids == worst["fid"])[0]]
    line = shapely.shortest_line(outline, geom)
    mid = shapely.line_interpolate_point(line, 0.5, normalized=True)
    z = height.location[2] - height.value if height.location else 0.0
    return Finding(rule=rule.id, status=FAIL if failing else PASS, value=worst["distance"],
                   limit=worst["required"], unit="m", details=details, notes=notes,
                   shapes={"buildings": shown}, location=(mid.x, mid.y, z))
