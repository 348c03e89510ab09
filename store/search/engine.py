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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from store import gpkg
from store.search import index
from store.search.fuzzy import best_substring
from store.search.hits import Hit, Match
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
_NAME_COLS = "n.id, n.kind, n.name, n.norm, n.pinyin, n.initials, n.x, n.y, n.full_address"
_CODE = re.compile(r"[A-Z0-9]{4,}")
#: Longest name pieces looked up in a query (characters).
MAX_NAME = 24
_PLACE_LEVEL = {"province": "省", "city": "市", "district": "区", "street": "街道",
                "community": "社区", "road": "街路巷", "compound": "小区"}


@dataclass(frozen=True)
class NameMatch:
    """A name of the index found in the query: where (span of the normalised query), how well
    (quality 0–1) and how (exact, prefix, partial, typo, pinyin, initials, alias …)."""

    id: int
    kind: str
    name: str
    x: float | None
    y: float | None
    quality: float
    start: int
    end: int
    how: str
    area: str | None = None  # the standard address of a 省/市/区/街道/社区

    @property
    def weight(self) -> float:
        return self.quality * (self.end - self.start)

    def overlaps(self, other: NameMatch) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: NameMatch) -> bool:
        return self.start <= other.start and other.end <= self.end and self != other


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
            return _Search(raw, query).run(limit)
    except (sqlite3.Error, ValueError, OverflowError) as exc:
        log.warning("search %r failed: %s", query, exc)
        return []


class _Search:
    """One query against one open connection."""

    def __init__(self, raw: sqlite3.Connection, query: str):
        self.raw = raw
        self.query = query
        self.prefix = self._prefix()

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
        admin = self._admin(t.text)
        names: list[NameMatch] = []
        text_len = 0
        for p in parts:
            if p.kind not in ("text", "letters"):
                continue
            text_len += p.end - p.start
            names += self._text_names(p, t, admin)
            if p.kind == "letters":
                names += self._pinyin_names(p)
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

    def _admin(self, text: str) -> list[NameMatch]:
        """省/市/区 names in the query (and their short forms 广东, 广州): all of them are
        prefixes of every address in the cache, so they only confirm."""
        out: list[NameMatch] = []
        rows = self.raw.execute(f"SELECT {_NAME_COLS} FROM {index.NAMES} n "
                                "WHERE n.kind IN ('province', 'city', 'district')").fetchall()
        taken: list[tuple[int, int]] = []
        forms = []
        for r in rows:
            forms.append((r[3], r, False))
            if r[1] in ("province", "city") and len(r[3]) > 2 and r[3][-1] in "省市":
                forms.append((r[3][:-1], r, True))
        for form, r, short in sorted(forms, key=lambda f: -len(f[0])):
            for m in re.finditer(re.escape(form), text):
                s, e = m.span()
                if any(s < b and a < e for a, b in taken):
                    continue
                if short and s > 0 and not any(b == s for _, b in taken):
                    continue  # 广州 only as a prefix: 广州大道 is a road
                taken.append((s, e))
                out.append(NameMatch(r[0], r[1], r[2], r[6], r[7], 1.0, s, e, "exact", r[8]))
        return out

    def _text_names(self, p: Part, t: Traced, admin: list[NameMatch]) -> list[NameMatch]:
        # Match against the part with the 省/市/区 names cut out of it.
        keep = [i for i in range(p.start, p.end)
                if not any(a.start <= i < a.end for a in admin)]
        if not keep:
            return []
        run = "".join(t.text[i] for i in keep)
        whole = t.text[p.start:p.end]
        rows = self._candidates(run)
        if len(whole) > len(run):  # 珠湾区人民医院, 广州大道: names holding an admin name
            seen = {r[0] for r in rows}
            inside = [(a.start - p.start, a.end - p.start) for a in admin
                      if p.start <= a.start < p.end]
            pieces = [whole[i:j] for i in range(len(whole))
                      for j in range(i + 2, min(len(whole), i + MAX_NAME) + 1)
                      if any(i <= s and e <= j for s, e in inside)]
            rows += [r for r in self._exact(pieces) if r[0] not in seen]
            for s, e in inside:
                if e - s >= 3:  # a name being typed that starts so
                    rows += [r for r in self._fts("norm", whole[s:e], 40) if r[0] not in seen]
        out = []
        for r in rows:
            found = _locate(r[3], run)
            if len(whole) > len(run):
                i = whole.find(r[3]) if r[3] else -1
                if i >= 0 and any(a.start >= p.start + i and a.end <= p.start + i + len(r[3])
                                  for a in admin):
                    out.append(NameMatch(r[0], r[1], r[2], r[6], r[7], 1.0, p.start + i,
                                         p.start + i + len(r[3]),
                                         t.how(p.start + i, p.start + i + len(r[3])),
                                         r[8]))
                    continue
            if found is None:
                continue
            quality, s, e, how = found
            start, end = keep[s], keep[e - 1] + 1
            if how == "exact":
                how = t.how(start, end)
                a, b = t.source(start, end)
                if unicodedata.normalize("NFKC", self.query[a:b]) != r[2]:
                    quality = 0.98  # 新港新邨 typed as 新港新村: a little behind 新港新村 itself
            out.append(NameMatch(r[0], r[1], r[2], r[6], r[7], quality, start, end, how, r[8]))
        return out

    def _candidates(self, run: str) -> list[tuple[Any, ...]]:
        """Rows of the name index that may occur in a run of the query, all through indexes:
        names equal to a piece of the run (B-tree on the normalised name), names starting
        with the run's end (as it is being typed), names holding the part of the run no name
        accounts for (FTS5 trigram), and names one typo away from that part."""
        rows = self._exact([run[i:j] for i in range(len(run))
                            for j in range(i + 2, min(len(run), i + MAX_NAME) + 1)])
        for k in range(min(len(run), MAX_NAME), 1, -1):  # the longest end that starts a name
            tail = run[-k:]
            found = self.raw.execute(
                f"SELECT {_NAME_COLS} FROM {index.NAMES} n WHERE n.norm > ? AND n.norm < ? "
                "ORDER BY length(n.norm), n.norm LIMIT 20", (tail, tail + "\U0010ffff")).fetchall()
            if found:
                rows += found
                break
        length, at = _uncovered(run, rows)
        if length >= 3:  # a piece inside a longer name (平西路 of 和平西路)
            rows += self._fts("norm", run[at:at + length], 20)
        elif len(run) == 2 and not rows:
            rows += self.raw.execute(
                f"SELECT {_NAME_COLS} FROM {index.NAMES} n WHERE instr(n.norm, ?) > 1 "
                "LIMIT 20", (run,)).fetchall()
        seen: set[int] = set()
        unique = [r for r in rows if not (r[0] in seen or seen.add(r[0]))]
        return unique + self._typo_candidates(run, unique)

    def _exact(self, pieces: Sequence[str]) -> list[tuple[Any, ...]]:
        """Names equal to one of the pieces (through the B-tree on the normalised name)."""
        unique = list(dict.fromkeys(pieces))[:8000]
        rows: list[tuple[Any, ...]] = []
        for lo in range(0, len(unique), 900):
            chunk = unique[lo:lo + 900]
            rows += self.raw.execute(f"SELECT {_NAME_COLS} FROM {index.NAMES} n WHERE n.norm "
                                     f"IN ({','.join('?' * len(chunk))})", chunk).fetchall()
        return rows

    def _fts(self, columns: str, text: str, limit: int) -> list[tuple[Any, ...]]:
        """Names whose ``columns`` (norm, or "{pinyin initials}") hold text (≥ 3 characters)."""
        return self.raw.execute(
            f"SELECT {_NAME_COLS} FROM {index.FTS} f JOIN {index.NAMES} n ON n.id = f.rowid "
            f"WHERE {index.FTS} MATCH ? ORDER BY length(n.norm) LIMIT ?",
            (f"{columns} : {_phrase(text)}", limit)).fetchall()

    def _typo_candidates(self, run: str, rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        """Names one typo away from the longest part of the run that no name found so far
        occurs in: a typo in a short name breaks every trigram (小洲露三巷). Looked up in the
        deletion neighbourhoods of the names (index.VARIANTS)."""
        length, at = _uncovered(run, rows)
        if length < index.TYPO_MIN - 1:
            return []
        # pieces of the run that overlap the uncovered stretch, of about its length or longer:
        # the misspelt name may start with a name found exactly (紫荆家园 in 紫荆家园二露八期)
        lo, hi = max(0, at - 8), min(len(run), at + length + 8)
        keys: set[str] = set()
        for size in range(max(index.TYPO_MIN - 1, length - 3), min(hi - lo, length + 8) + 1):
            for s in range(max(lo, at - size + 1), min(hi - size, at + length - 1) + 1):
                piece = run[s:s + size]
                keys.add(piece)
                keys.update(piece[:k] + piece[k + 1:] for k in range(size))
        if not keys:
            return []
        seen = {r[0] for r in rows}
        marks = ",".join("?" * len(keys))
        found = self.raw.execute(
            f"SELECT {_NAME_COLS} FROM {index.NAMES} n WHERE n.id IN (SELECT name_id FROM "
            f"{index.VARIANTS} WHERE variant IN ({marks}) LIMIT 200)", list(keys)).fetchall()
        return [r for r in found if r[0] not in seen]

    def _pinyin_names(self, p: Part) -> list[NameMatch]:
        letters = p.value
        rows = self.raw.execute(f"SELECT {_NAME_COLS} FROM {index.NAMES} n WHERE n.initials = ? "
                                "OR n.pinyin = ? LIMIT 40", (letters, letters)).fetchall()
        for column in ("initials", "pinyin"):  # names whose pinyin starts so (being typed)
            rows += self.raw.execute(
                f"SELECT {_NAME_COLS} FROM {index.NAMES} n WHERE n.{column} > ? AND "
                f"n.{column} < ? ORDER BY length(n.{column}), n.{column} LIMIT 20",
                (letters, letters + "~")).fetchall()
        out = []
        for r in rows:
            full, initials = r[4], r[5]
            if letters == full:
                quality, how = 0.97, "pinyin"
            elif letters == initials:
                quality, how = 0.95, "initials"
            elif full.startswith(letters):
                quality, how = 0.5 + 0.4 * len(letters) / len(full), "pinyin"
            elif initials.startswith(letters):
                quality, how = 0.5 + 0.4 * len(letters) / len(initials), "initials"
            else:
                continue
            out.append(NameMatch(r[0], r[1], r[2], r[6], r[7], quality, p.start, p.end, how,
                                 r[8]))
        return out

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
        row = self.raw.execute("SELECT fid, gid, geom FROM roads WHERE name = ? "
                               "ORDER BY st_maxx(geom) - st_minx(geom) + st_maxy(geom) "
                               "- st_miny(geom) DESC LIMIT 1", (m.name,)).fetchone()
        pts = 10.0 * m.quality - penalty - 0.5 * self._uncovered(q, used[:1])
        matched = (*[self._admin_match(q, a) for a in q.admin],
                   Match("road", q.raw(m.start, m.end, self.query), m.name, m.how))
        layer, fid, gid = ("roads", row[0], row[1]) if row else ("places", 0, f"road:{m.name}")
        return Hit(layer, fid, gid, f"{self.prefix}{m.name}", "街路巷", m.x or 0.0, m.y or 0.0,
                   _score(pts, 10.0), name=m.name, matched=matched)

    def _buildings(self, q: _Query, m: NameMatch) -> list[Hit]:
        rows = self.raw.execute("SELECT fid, gid, name, address, geom FROM buildings "
                                "WHERE name = ? LIMIT 5", (m.name,)).fetchall()
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
            rows = self.raw.execute(
                f"SELECT fid, gid, code, {cols}, geom FROM {layer} WHERE {expr} >= ? "
                f"AND {expr} < ? ORDER BY {expr} LIMIT 5", (code, code + "~")).fetchall()
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
def _uncovered(run: str, rows: Sequence[tuple[Any, ...]]) -> tuple[int, int]:
    """(length, start) of the longest stretch of run in which no row's name occurs."""
    covered = [False] * len(run)
    for r in rows:
        i = run.find(r[3]) if r[3] else -1
        if i >= 0:
            covered[i:i + len(r[3])] = [True] * len(r[3])
    best, start = (0, 0), None
    for i, c in enumerate([*covered, True]):
        if not c and start is None:
            start = i
        elif c and start is not None:
            best = max(best, (i - start, start))
            start = None
    return best


def _phrase(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


def _locate(name: str, run: str) -> tuple[float, int, int, str] | None:
    """How a normalised name occurs in a run of the query: (quality, start, end, how)."""
    n = len(name)
    if not n:
        return None
    i = run.find(name)
    if i >= 0:
        return 1.0, i, i + n, "exact"
    if len(run) >= 2:
        for k in range(min(len(run), n - 1), 1, -1):  # the run ends with the name's start
            if name.startswith(run[-k:]):
                return 0.55 + 0.35 * k / n, len(run) - k, len(run), "prefix"
        if name.find(run) > 0:
            return 0.45 + 0.35 * len(run) / n, 0, len(run), "partial"
    if n >= 4 and len(run) >= n - 1:
        edits, end = best_substring(name, run)
        if edits == 1:
            start = min(range(max(0, end - n - 1), max(0, end - n + 2)),
                        key=lambda s: (_edits(name, run[s:end]), s))
            return 0.85 - 0.5 / n, start, end, "typo"
    return None


def _edits(a: str, b: str) -> int:
    """Levenshtein distance (short strings)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


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
