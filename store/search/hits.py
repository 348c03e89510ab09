"""What a search returns: one ranked hit per address, feature or named place."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Match:
    """One part of the query and what it matched: ``field`` is the address level column
    (road, compound, door_no, building_no, unit_no, street, community, name, code),
    ``query`` the text as the user typed it, ``value`` the standard value it matched and
    ``how`` one of exact, prefix, typo, pinyin, initials, alias, nearest."""

    field: str
    query: str
    value: str
    how: str = "exact"


@dataclass(frozen=True)
class Hit:
    """One search result.

    ``layer``/``fid``/``gid`` name the feature (``layer`` is "addresses" for the standard
    address library; "roads", "buildings", "parcels", "poles"; or "places" for a 街道/社区
    area, whose fid is 0). ``level`` is the standard level (门牌, 楼栋, 单元, 街路巷, 小区,
    街道, 社区) or the kind of feature (建筑物, 地块, 杆件). ``x``/``y`` are in the cache CRS.
    ``building_gid`` is the building to highlight, if any. ``unmatched`` lists query parts the
    hit does not account for (a 户室 or 楼层 the library does not hold, say)."""

    layer: str
    fid: int
    gid: str
    full_address: str
    level: str
    x: float
    y: float
    score: float
    name: str | None = None
    building_gid: str | None = None
    matched: tuple[Match, ...] = field(default_factory=tuple)
    unmatched: tuple[str, ...] = field(default_factory=tuple)

    def to_json(self) -> dict[str, Any]:
        """The hit as `cimview search` prints it (one JSON object per line)."""
        d = asdict(self)
        d = {"id": self.gid, **{k: v for k, v in d.items() if k != "gid"}}
        d["x"], d["y"], d["score"] = round(self.x, 3), round(self.y, 3), round(self.score, 4)
        d["matched"] = [asdict(m) for m in self.matched]
        d["unmatched"] = list(self.unmatched)
        return d
