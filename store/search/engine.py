"""Search: find the names in a query, then its numbers, and rank what they point to.

A query is normalised and split into text, letters and numbers (:mod:`store.search.normalize`).
Each text part is matched against the index of names (roads, compounds, 街道, 社区, named
buildings): exactly, as the start of a name being typed, with one typo, or as pinyin or
initials. Each road or compound found is one reading of the query; its door, building and unit
numbers are looked up through B-tree indexes on the address library, and every row is scored
on how much of the query it accounts for. Codes (address, building, parcel, pole, road) are
looked up directly.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from store import cipher, gpkg
from store.search import index
from store.search.hits import Hit, Match
from store.search.names import NameFinder, NameMatch
from store.search.normalize import MAX_QUERY, Part, Traced, normalize, split

if TYPE_CHECKING:
    from store.cache import Cache

log = logging.getLogger(__name__)

ADDRESS_COLS = ("fid, gid, level, street, community, road, compound, door_no, building_no, "
                "unit_no, full_address, building_gid, geom")
NUMERIC = ("door", "building", "unit", "room", "floor", "lane", "group", "sub", "bare")
#: Number slots the address library holds, and their columns and suffixes.
SLOTS = {"door": ("door_no", "号"), "building": ("building_no", "栋"),
         "unit": ("unit_no", "单元")}
LEVEL_ORDER = {"门牌": 0, "楼栋": 1, "单元": 2}
_CODE = re.compile(r"[A-Z0-9]{4,}")
_PLACE_LEVEL = {"province": "省", "city": "市", "district": "区", "street": "街道",
                "community": "社区", "road": "街路巷", "compound": "小区"}


@dataclass
class _Query:
    text: Traced
    parts: list[Part]
    names: list[NameMatch]
    admin: list[NameMatch]
    text_len: int
    numbers: list[Part] = field(default_factory=list)

    def raw(self, start: int, end: int, original: str) -> str:
        s, e = self.text.source(start, end)
        return original[s:e]


def search(cache: Cache, query: str, limit: int = 10) -> list[Hit]:
    """Ranked hits for a query as people type it; never raises on odd input (returns [])."""
    if not isinstance(query, str):
        return []
    query = query.replace("\x00", "")[:MAX_QUERY]
    if not query.strip() or limit < 1:
        return []
    try:
        index.ensure_index(cache)
        with cache.engine.connect() as conn:
            raw = conn.connection.driver_connection
            assert raw is not None
            standing = (lambda table: cache.standing_sql(alias=table)) \
                if getattr(cache, "has_lifespans", False) else None
            return _Search(raw, query, standing).run(limit)
    except (*cipher.Error, ValueError, OverflowError) as exc:
        log.warning("search %r failed: %s", query, exc)
        return []


class _Search:
    """One query against one open connection."""

    def __init__(self, raw: sqlite3.Connection, query: str,
                 standing: Callable[[str], tuple[str, dict[str, str]]] | None = None):
        self.raw = raw
        self.query = query
        self.names = NameFinder(raw, query)
        self.prefix = self._prefix()
        #: the condition "stands at the map's time" (with its scenarios) on a table: what was
        #: demolished by then, or is not yet built, is not found (Cache.standing_sql)
        self._standing = standing

    def standing(self, table: str) -> tuple[str, dict[str, str]]:
        """`` AND <stands at the map's time>`` on ``table`` and its arguments ("" without
        lifespans)."""
        if self._standing is None:
            return "", {}
        sql, args = self._standing(table)
        return (f" AND {sql}" if sql else ""), args

    # -- the whole search -------------------------------------------------------------------------
    def run(self, limit: int) -> list[Hit]:
        hits: list[Hit] = self._codes()
        q = self._parse()
        if q is not None:
            hits += self._readings(q)
        best: dict[tuple[str, int, str], Hit] = {}
        for h in hits:
            key = (h.layer, h.fid, h.gid)
            if key not in best or h.score > best[key].score:
                best[key] = h
        # A named building found both by name and through its address: keep the better one.
        by_building = {h.building_gid: h.score for h in best.values()
                       if h.layer == "addresses" and h.building_gid}
        ranked = [h for h in best.values()
                  if not (h.layer == "buildings" and by_building.get(h.gid, -1.0) >= h.score)]
        ranked.sort(key=lambda h: (-h.score, LEVEL_ORDER.get(h.level, 3), h.full_address))
        return ranked[:limit]

    def _prefix(self) -> str:
        row = self.raw.execute("SELECT province, city, district FROM addresses "
                               "WHERE district IS NOT NULL LIMIT 1").fetchone()
        return "".join(v for v in row if v) if row else ""

    # -- parsing and names ------------------------------------------------------------------------
    def _parse(self) -> _Query | None:
        t = normalize(self.query)
        parts = split(t)
        if not parts:
            return None
        admin = self.names.admin(t.text)
        names: list[NameMatch] = []
        text_len = 0
        for p in parts:
            if p.kind not in ("text", "letters"):
                continue
            text_len += p.end - p.start
            names += self.names.text_names(p, t, admin)
            if p.kind == "letters":
                names += self.names.pinyin_names(p)
        best: dict[int, NameMatch] = {}
        for m in names:
            if m.kind in index.ADMIN_KINDS:  # found by _admin already
                continue
            if all(not m.overlaps(a) or m.contains(a) for a in admin) and (
                    m.id not in best or m.weight > best[m.id].weight):
                best[m.id] = m
        q = _Query(t, parts, sorted(best.values(), key=lambda m: -m.weight), admin, text_len)
        q.numbers = [p for p in parts if p.kind in NUMERIC]
        return q

    # -- readings of the query --------------------------------------------------------------------
    def _readings(self, q: _Query) -> list[Hit]:
        hits: list[Hit] = []
        by_kind: dict[str, list[NameMatch]] = {}
        for m in q.names:
            by_kind.setdefault(m.kind, []).append(m)
        primaries = []
        for kind in ("road", "compound"):  # the best three of each (and any tied with the
            found = by_kind.get(kind, [])  # third: 文德露路 is as near 文德中路 as 文德北路)
            if found:
                floor = max(0.6 * found[0].weight, found[min(2, len(found) - 1)].weight)
                primaries += [m for m in found[:12] if m.weight >= floor - 1e-9]
        found_door = False
        for m in primaries:
            found, exact = self._addresses_of(q, m, by_kind)
            hits += found
            found_door |= exact
        if not found_door:  # no road has the door typed: the nearest doors of the best roads
            for m in [m for m in primaries if m.kind == "road"][:2]:
                hits += self._addresses_of(q, m, by_kind, nearest=True)[0]
        for m in by_kind.get("building", [])[:3]:
            hits += self._buildings(q, m)
        for kind in ("street", "community"):
            for m in by_kind.get(kind, [])[:2]:
                hits.append(self._place(q, m))
        if not q.names and q.admin and not q.numbers:
            hits.append(self._place(q, q.admin[-1]))
        return hits

    def _context(self, q: _Query, used: Sequence[NameMatch]) -> list[tuple[str, Part]]:
        """Slots of the numbers in the query: explicit ones as typed, bare ones by what
        precedes them (a road → door, a compound or door → building, a building → unit)."""
        events: list[tuple[int, str]] = [(m.start, m.kind) for m in used]
        out: list[tuple[str, Part]] = []
        for p in q.numbers:
            slot = p.kind
            if slot == "bare":
                before = [k for s, k in events if s < p.start]
                last = before[-1] if before else None
                slot = {"road": "door", "compound": "building", "door": "building",
                        "building": "unit", "unit": "room"}.get(last or "", "door")
                if slot == "unit" and len(p.value) >= 3:
                    slot = "room"  # 石溪南苑10栋201: a flat, not a unit
            events.append((p.start, slot))
            events.sort()
            out.append((slot, p))
        return out

    def _used(self, q: _Query, primary: NameMatch,
              by_kind: dict[str, list[NameMatch]]) -> list[NameMatch]:
        used = [primary]
        for kind in ("road", "compound", "street", "community"):
            for m in by_kind.get(kind, []):
                if m.quality >= 0.8 and all(not m.overlaps(u) for u in used):
                    used.append(m)
                    break
        return used

    def _uncovered(self, q: _Query, used: Iterable[NameMatch]) -> int:
        covered = set()
        for m in (*used, *q.admin):
            covered.update(range(m.start, m.end))
        return max(0, q.text_len - len(covered))

    def _addresses_of(self, q: _Query, primary: NameMatch, by_kind: dict[str, list[NameMatch]],
                      nearest: bool = False) -> tuple[list[Hit], bool]:
        """Hits of one reading of the query (its road or compound is ``primary``), and whether
        the door it asks for was found. With ``nearest``: the doors nearest to that number."""
        used = self._used(q, primary, by_kind)
        slots = self._context(q, used)
        numbers = [p.value for _, p in slots if p.kind in NUMERIC]
        col = "road" if primary.kind == "road" else "compound"
        doors = [p.value for s, p in slots if s == "door"]
        if nearest:
            rows = self._nearest_doors(primary.name, doors[0]) if doors else []
            return [self._score_row(q, r, used, slots, col) for r in rows], False
        if not numbers:
            if primary.kind == "road":
                return [self._road(q, primary, used)], True
            sql = f"SELECT {ADDRESS_COLS} FROM addresses WHERE compound = ? LIMIT 400"
            rows = self.raw.execute(sql, (primary.name,)).fetchall()
        else:
            if primary.kind == "road" and doors:  # through the (road, door_no) index
                values = sorted({f"{n}号" for n in doors})
                where = f"road = ? AND door_no IN ({','.join('?' * len(values))})"
            else:
                values = sorted({f"{n}栋" for n in numbers})
                where = (f"{col} = ? AND (building_no IS NULL OR building_no IN "
                         f"({','.join('?' * len(values))}))")
            rows = self.raw.execute(f"SELECT {ADDRESS_COLS} FROM addresses WHERE {where} "
                                    "LIMIT 400", [primary.name, *values]).fetchall()
        hits = [self._score_row(q, r, used, slots, col) for r in rows]
        if primary.kind == "road":  # the road itself, below any door found on it
            hits.append(self._road(q, primary, used, penalty=4.0 * len(numbers)))
        exact = primary.kind == "road" and (not doors or any(_num(r[7]) == doors[0] for r in rows))
        return hits, exact

    def _nearest_doors(self, road: str, door: str) -> list[tuple[Any, ...]]:
        rows = self.raw.execute(
            f"SELECT {ADDRESS_COLS} FROM addresses WHERE road = ? AND level = '门牌' LIMIT 5000",
            (road,)).fetchall()
        if not rows or not door.isdigit():
            return []
        want = int(door)

        def distance(r: tuple[Any, ...]) -> tuple[int, int]:
            n = _num(r[7])
            v = int(n) if n.isdigit() else 10**9
            return (v % 2 != want % 2, abs(v - want))

        return [r + ("nearest",) for r in sorted(rows, key=distance)[:2]]

    def _score_row(self, q: _Query, r: tuple[Any, ...], used: list[NameMatch],
                   slots: list[tuple[str, Part]], col: str) -> Hit:
        (fid, gid, level, street, community, road, compound, door_no, building_no, unit_no,
         full, building_gid, geom) = r[:13]
        nearest = len(r) > 13
        row = {"road": road, "compound": compound, "street": street, "community": community}
        pts = ideal = 0.0
        matched: list[Match] = [self._admin_match(q, a) for a in q.admin]
        for m in used:
            weight = 10.0 if m.kind in ("road", "compound") else 2.0
            ideal += weight
            if row.get(m.kind) == m.name:
                pts += weight * m.quality
                matched.append(Match(m.kind, q.raw(m.start, m.end, self.query), m.name, m.how))
            else:
                pts -= 3.0 if m.kind in ("road", "compound") else 1.5 * weight
        values = {"door": _num(door_no), "building": _num(building_no), "unit": _num(unit_no)}
        unmatched: list[str] = []
        asked = set()
        for slot, p in slots:
            typed = q.raw(p.start, p.end, self.query)
            if slot not in SLOTS:
                unmatched.append(typed)
                continue
            asked.add(slot)
            ideal += 8.0
            have = values[slot]
            if have == p.value:
                pts += 8.0
                matched.append(Match(SLOTS[slot][0], typed, f"{have}{SLOTS[slot][1]}",
                                     q.text.how(p.start, p.end)))
            elif slot == "door" and have and nearest:
                pts += 2.0
                matched.append(Match("door_no", typed, f"{have}号", "nearest"))
            elif slot == "door" and values["building"] == p.value and "building" not in {
                    s for s, _ in slots}:
                pts += 6.0  # 石溪南苑10号 for its 10栋
                matched.append(Match("building_no", typed, f"{p.value}栋", "synonym"))
                asked.add("building")
            elif have is None:
                pts -= 4.0
                unmatched.append(typed)
            else:
                pts -= 8.0
                unmatched.append(typed)
        for slot in ("building", "unit"):
            if values[slot] is not None and slot not in asked:
                pts -= 2.0  # deeper than the query asked for
        pts -= 0.5 * self._uncovered(q, used)
        x, y = _point(geom)
        return Hit("addresses", fid, gid, full, level, x, y, _score(pts, ideal),
                   building_gid=building_gid, matched=tuple(matched),
                   unmatched=tuple(unmatched))

    def _admin_match(self, q: _Query, a: NameMatch) -> Match:
        return Match(a.kind, q.raw(a.start, a.end, self.query), a.name, q.text.how(a.start, a.end))

    # -- other kinds of hits ----------------------------------------------------------------------
    def _road(self, q: _Query, m: NameMatch, used: list[NameMatch],
              penalty: float = 0.0) -> Hit:
        cond, args = self.standing("roads")
        row = self.raw.execute("SELECT fid, gid, geom FROM roads WHERE name = :name"
                               f"{cond} "
                               "ORDER BY st_maxx(geom) - st_minx(geom) + st_maxy(geom) "
                               "- st_miny(geom) DESC LIMIT 1",
                               {"name": m.name, **args}).fetchone()
        pts = 10.0 * m.quality - penalty - 0.5 * self._uncovered(q, used[:1])
        matched = (*[self._admin_match(q, a) for a in q.admin],
                   Match("road", q.raw(m.start, m.end, self.query), m.name, m.how))
        layer, fid, gid = ("roads", row[0], row[1]) if row else ("places", 0, f"road:{m.name}")
        return Hit(layer, fid, gid, f"{self.prefix}{m.name}", "街路巷", m.x or 0.0, m.y or 0.0,
                   _score(pts, 10.0), name=m.name, matched=matched)

    def _buildings(self, q: _Query, m: NameMatch) -> list[Hit]:
        cond, args = self.standing("buildings")
        rows = self.raw.execute("SELECT fid, gid, name, address, geom FROM buildings "
                                f"WHERE name = :name{cond} LIMIT 5",
                                {"name": m.name, **args}).fetchall()
        pts = 10.0 * m.quality - 4.0 * len(q.numbers) - 0.5 * self._uncovered(q, [m])
        out = []
        for fid, gid, name, address, geom in rows:
            c = shapely.centroid(gpkg.decode([geom])[0]) if geom else None
            x, y = (c.x, c.y) if c is not None and not c.is_empty else (m.x or 0.0, m.y or 0.0)
            out.append(Hit("buildings", fid, gid, address or name, "建筑物", x, y,
                           _score(pts, 10.0), name=name, building_gid=gid,
                           matched=(Match("name", q.raw(m.start, m.end, self.query), name,
                                          m.how),)))
        return out

    def _place(self, q: _Query, m: NameMatch) -> Hit:
        pts = 9.0 * m.quality - 4.0 * len(q.numbers) - 0.5 * self._uncovered(q, [m])
        full = m.area or f"{self.prefix}{m.name}"
        return Hit("places", 0, f"{m.kind}:{m.name}", full, _PLACE_LEVEL[m.kind],
                   m.x or 0.0, m.y or 0.0, _score(pts, 10.0), name=m.name,
                   matched=(Match(m.kind, q.raw(m.start, m.end, self.query), m.name, m.how),))

    def _codes(self) -> list[Hit]:
        code = re.sub(r"[\s\-_]", "", unicodedata.normalize("NFKC", self.query)).upper()
        if not _CODE.fullmatch(code) or not any(c.isdigit() for c in code):
            return []
        hits: list[Hit] = []
        expr = "upper(replace(code, '-', ''))"
        for r in self.raw.execute(f"SELECT {ADDRESS_COLS} FROM addresses WHERE code = ? "
                                  "LIMIT 5", (code,)):
            x, y = _point(r[12])
            hits.append(Hit("addresses", r[0], r[1], r[10], r[2], x, y, 1.0,
                            building_gid=r[11], matched=(Match("code", self.query, code),)))
        queries = (
            ("buildings", "建筑物", "name, address", "geom"),
            ("poles", "杆件", "road_name, pole_type", "geom"),
            ("parcels", "地块", "land_use, proposal", "geom"),
            ("roads", "街路巷", "name, road_class", "geom"),
        )
        for layer, level, cols, _ in queries:
            cond, args = self.standing(layer)
            rows = self.raw.execute(
                f"SELECT fid, gid, code, {cols}, geom FROM {layer} WHERE {expr} >= :lo "
                f"AND {expr} < :hi{cond} ORDER BY {expr} LIMIT 5",
                {"lo": code, "hi": code + "~", **args}).fetchall()
            for fid, gid, value, a, b, geom in rows:
                exact = value.replace("-", "").upper() == code
                if not exact and len(code) < 6:
                    continue
                g = gpkg.decode([geom])[0] if geom else None
                p = g.representative_point() if g is not None and not g.is_empty else None
                x, y = (p.x, p.y) if p is not None else (0.0, 0.0)
                if layer == "buildings":
                    full, name, bgid = (b or a or value), a or value, gid
                elif layer == "poles":
                    full, name, bgid = f"{self.prefix}{a or ''}", value, None
                elif layer == "roads":
                    full, name, bgid = f"{self.prefix}{a or ''}", a, None
                else:
                    full, name, bgid = f"{self.prefix}{a or ''}", value, None
                hits.append(Hit(layer, fid, gid, full, level, x, y, 1.0 if exact else 0.6,
                                name=name, building_gid=bgid,
                                matched=(Match("code", self.query, value,
                                               "exact" if exact else "prefix"),)))
        return hits


# -- helpers --------------------------------------------------------------------------------------
def _num(value: str | None) -> str | None:
    """'228号' → '228', '10栋' → '10', '2单元' → '2'; None stays None."""
    if not value:
        return None
    m = re.match(r"(\d+|[A-Za-z])", value)
    return (str(int(m.group(1))) if m.group(1).isdigit() else m.group(1).lower()) if m else value


def _point(blob: bytes | None) -> tuple[float, float]:
    if not blob:
        return 0.0, 0.0
    g = gpkg.decode([blob])[0]
    if g is None or g.is_empty:
        return 0.0, 0.0
    c = np.asarray(shapely.get_coordinates(g))[0]
    return float(c[0]), float(c[1])


def _score(pts: float, ideal: float) -> float:
    return max(0.0, min(1.0, pts / ideal)) if ideal > 0 else 0.0
