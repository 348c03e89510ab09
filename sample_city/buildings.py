"""Building footprints per parcel and their housing-stock attributes.

Footprints are laid out in the street frame (axis-aligned rows, slight rotations) and turned to
world coordinates at the end. Attribute draws are vectorised over all buildings by type.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import shapely

from resources import lookup
from sample_city import names as nm
from sample_city.layout import Layout, Parcel
from sample_city.model import Terrain

Ring = np.ndarray  # (k, 2) float coordinates, not closed


@dataclass
class _Shape:
    """One footprint in the street frame, before it becomes a shapely polygon."""

    shell: Ring
    holes: list[Ring]
    btype: str
    floors: int
    entrances: Ring | None = None  # unit entrances (单元门) of residential buildings
    name: str | None = None
    parent: int | None = None  # index (within the parcel) of the building this one serves


@dataclass
class Buildings:
    """All buildings: world footprints plus per-building arrays (same order)."""

    geoms: np.ndarray  # shapely Polygons, world coordinates
    btype: np.ndarray  # str: tower, slab, walkup, courtyard, village, office_tower, podium, ...
    parcel: np.ndarray  # index into layout.parcels
    number: np.ndarray  # 栋号 within the parcel (1-based)
    floors: np.ndarray
    names: list[str | None]
    parent: np.ndarray  # index of another building or -1
    entrances: list[np.ndarray | None]  # world coordinates of unit entrances
    attrs: dict[str, np.ndarray] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.geoms)

    def take(self, idx: np.ndarray) -> Buildings:
        remap = np.full(len(self), -1, dtype=np.int64)
        remap[idx] = np.arange(len(idx))
        parent = np.where(self.parent[idx] >= 0, remap[np.maximum(self.parent[idx], 0)], -1)
        return Buildings(self.geoms[idx], self.btype[idx], self.parcel[idx], self.number[idx],
                         self.floors[idx], [self.names[i] for i in idx], parent,
                         [self.entrances[i] for i in idx],
                         {k: v[idx] for k, v in self.attrs.items()})


# -- shapes in local coordinates (centred on the origin) ------------------------------------------
def _rect(w: float, d: float) -> Ring:
    return np.array([[-w / 2, -d / 2], [w / 2, -d / 2], [w / 2, d / 2], [-w / 2, d / 2]])


def _cross(w: float, d: float, tu: float, tv: float) -> Ring:
    """Plus-shaped point tower: width w, depth d, arm thicknesses tu (N–S arm), tv (E–W arm)."""
    a, b, c, e = w / 2, d / 2, tu / 2, tv / 2
    return np.array([[-c, -b], [c, -b], [c, -e], [a, -e], [a, e], [c, e], [c, b], [-c, b],
                     [-c, e], [-a, e], [-a, -e], [-c, -e]])


def _octagon(w: float, chamfer: float) -> Ring:
    a, c = w / 2, chamfer
    return np.array([[-a + c, -a], [a - c, -a], [a, -a + c], [a, a - c], [a - c, a],
                     [-a + c, a], [-a, a - c], [-a, -a + c]])


def _lshape(w: float, d: float, wing: float, wt: float, east: bool) -> Ring:
    """A slab w×d with a wing (length ``wing`` north of it, width ``wt``) at one end; the ring
    is centred on its bounding box."""
    h = d + wing
    y0, y1, y2 = -h / 2, -h / 2 + d, h / 2
    ring = np.array([[-w / 2, y0], [w / 2, y0], [w / 2, y2], [w / 2 - wt, y2],
                     [w / 2 - wt, y1], [-w / 2, y1]])
    if not east:
        ring = ring[::-1] * np.array([-1.0, 1.0])
    return ring


def _ushape(w: float, d: float, arm: float, base: float) -> Ring:
    """U open to the north: base bar along the south side, two arms going north."""
    a, b = w / 2, d / 2
    return np.array([[-a, -b], [a, -b], [a, b], [a - arm, b], [a - arm, -b + base],
                     [-a + arm, -b + base], [-a + arm, b], [-a, b]])


def _rotate(pts: Ring, angle: float, cx: float, cy: float) -> Ring:
    c, s = np.cos(angle), np.sin(angle)
    return np.column_stack([cx + c * pts[:, 0] - s * pts[:, 1], cy + s * pts[:, 0] + c * pts[:, 1]])


def _placed(shell: Ring, holes: list[Ring], entrances: Ring | None, cx: float, cy: float,
            angle: float, btype: str, floors: int) -> _Shape:
    return _Shape(_rotate(shell, angle, cx, cy), [_rotate(h, angle, cx, cy) for h in holes],
                  btype, floors, None if entrances is None else _rotate(entrances, angle, cx, cy))


def _entrances_south(w: float, d: float, n: int, x0: float = 0.0) -> Ring:
    us = x0 - w / 2 + (np.arange(n) + 0.5) * w / n
    return np.column_stack([us, np.full(n, -d / 2)])


# -- row packing for compounds and old neighbourhoods --------------------------------------------
Item = tuple[Ring, list[Ring], float, float, str, int, Ring | None]  # shell, holes, w, h, ...


def _pack_rows(inner: shapely.Geometry, rng: np.random.Generator,
               pick: Callable[[int], Item], gap_u: tuple[float, float],
               gap_v: tuple[float, float], tilt: float) -> list[_Shape]:
    """Fill a polygon with rows of items (south to north), keeping those that fit inside."""
    u0, v0, u1, v1 = inner.bounds
    out: list[_Shape] = []
    v = v0 + rng.uniform(0, 3)
    row = 0
    while v < v1 - 8:
        items: list[tuple[float, Item]] = []
        u = u0
        for _ in range(3 + int((u1 - u0) / 10)):
            item = pick(row)
            if u + item[2] > u1:
                continue  # too long for what is left of the row: try another
            items.append((u, item))
            u += item[2] + rng.uniform(*gap_u)
        if not items:
            break
        row_h = max(it[3] for _, it in items)
        if v + row_h > v1:
            break
        slack = u1 - (items[-1][0] + items[-1][1][2])
        shift = slack * rng.uniform(0.3, 0.7)
        for u_left, (shell, holes, w, h, btype, floors, ent) in items:
            cx, cy = u_left + shift + w / 2, v + h / 2
            out.append(_placed(shell, holes, ent, cx, cy, rng.uniform(-tilt, tilt), btype,
                               floors))
        v += row_h + rng.uniform(*gap_v)
        row += 1
    return out


def _compound(inner: shapely.Geometry, rng: np.random.Generator) -> list[_Shape]:
    """小区: rows of 18–33-storey point towers and/or 6–11-storey slabs, some L-shaped."""
    style = rng.choice(["towers", "slabs", "mixed"], p=[0.3, 0.35, 0.35])
    base_floors = int(rng.integers(18, 34))
    slab_floors = int(rng.integers(6, 12))

    def pick(row: int) -> Item:
        tower = style == "towers" or (style == "mixed" and row % 2 == 1)
        if tower:
            floors = int(np.clip(base_floors + rng.integers(-3, 4), 18, 33))
            w, d = rng.uniform(24, 32), rng.uniform(18, 24)
            kind = rng.random()
            if kind < 0.55:
                shell = _cross(w, d, w * rng.uniform(0.4, 0.55), d * rng.uniform(0.45, 0.6))
            elif kind < 0.8:
                w = d = rng.uniform(20, 26)
                shell = _octagon(w, w * rng.uniform(0.12, 0.22))
            else:
                shell = _rect(w, d)
            return shell, [], w, d, "tower", floors, None
        floors = int(np.clip(slab_floors + rng.integers(-1, 2), 6, 11))
        w, d = rng.uniform(40, 70), rng.uniform(11, 14)
        n_units = max(2, int(round(w / 16)))
        if rng.random() < 0.3:
            wing = rng.uniform(12, 22)
            shell = _lshape(w, d, wing, d, bool(rng.random() < 0.5))
            ent = _entrances_south(w, d, n_units) + np.array([0.0, -wing / 2])
            return shell, [], w, d + wing, "slab", floors, ent
        return _rect(w, d), [], w, d, "slab", floors, _entrances_south(w, d, n_units)

    gap_v = (22.0, 32.0) if style != "slabs" else (16.0, 24.0)
    return _pack_rows(inner, rng, pick, (12.0, 20.0), gap_v, np.radians(1.5))


def _old(inner: shapely.Geometry, rng: np.random.Generator) -> list[_Shape]:
    """1970s–90s walk-ups: dense rows of 6–7-storey slabs and a few courtyard blocks."""
    def pick(row: int) -> Item:
        if rng.random() < 0.12:
            w, d, ring = rng.uniform(30, 42), rng.uniform(26, 34), rng.uniform(9, 11)
            hole = _rect(w - 2 * ring, d - 2 * ring)[::-1]
            ent = _entrances_south(w, d, 3)
            return _rect(w, d), [hole], w, d, "courtyard", int(rng.integers(4, 7)), ent
        w, d = rng.uniform(30, 60), rng.uniform(10, 12)
        ent = _entrances_south(w, d, max(2, int(round(w / 12))))
        return _rect(w, d), [], w, d, "walkup", int(rng.integers(6, 8)), ent

    return _pack_rows(inner, rng, pick, (6.0, 10.0), (8.0, 13.0), np.radians(2.0))


def _village(inner: shapely.Geometry, rng: np.random.Generator) -> list[_Shape]:
    """城中村: tiny 60–150 m² houses of 3–8 storeys in irregular rows, 1–3 m alleys."""
    u0, v0, u1, v1 = inner.bounds
    boxes = []
    v = v0 + rng.uniform(0, 2)
    while v < v1 - 5:
        depth = rng.uniform(8.0, 12.5)
        n = int((u1 - u0) / 9) + 4
        area = rng.uniform(60, 150, n)
        width = np.clip(area / depth, 6.0, 14.0)
        gaps = rng.uniform(1.0, 3.0, n)
        left = u0 + rng.uniform(0, 3) + np.concatenate([[0.0], np.cumsum(width + gaps)[:-1]])
        ok = left + width < u1
        dep = depth - rng.uniform(0, 1.5, n)
        shift = rng.uniform(0, depth - dep + 1e-9)
        boxes.append(np.column_stack([left, v + shift, left + width, v + shift + dep])[ok])
        v += depth + rng.uniform(1.0, 3.0)
    if not boxes:
        return []
    b = np.concatenate(boxes)
    b = b[rng.random(len(b)) > 0.06]  # a few plots are open yards
    cx, cy = (b[:, 0] + b[:, 2]) / 2, (b[:, 1] + b[:, 3]) / 2
    hw, hd = (b[:, 2] - b[:, 0]) / 2, (b[:, 3] - b[:, 1]) / 2
    ang = np.radians(rng.uniform(-2.5, 2.5, len(b)))
    c, s = np.cos(ang)[:, None], np.sin(ang)[:, None]
    lu = np.array([-1, 1, 1, -1, -1])[None, :] * hw[:, None]
    lv = np.array([-1, -1, 1, 1, -1])[None, :] * hd[:, None]
    coords = np.stack([cx[:, None] + c * lu - s * lv, cy[:, None] + s * lu + c * lv], axis=-1)
    polys = shapely.polygons(coords)
    inside = shapely.within(polys, inner)
    cut = shapely.intersection(polys[~inside & shapely.intersects(polys, inner)], inner)
    cut = cut[(shapely.get_type_id(cut) == 3) & (shapely.area(cut) >= 40)]
    cut = shapely.set_precision(cut, 0.01)
    cut = cut[(shapely.get_type_id(cut) == 3) & shapely.is_valid(cut)]
    polys = np.concatenate([polys[inside], cut])
    floors = rng.choice(np.arange(3, 9), size=len(polys),
                        p=[0.06, 0.12, 0.2, 0.26, 0.22, 0.14])
    out = []
    for poly, f in zip(polys, floors, strict=True):
        shell = shapely.get_coordinates(poly.exterior)[:-1]
        out.append(_Shape(shell, [], "village", int(f)))
    return out


def _office(inner: shapely.Geometry, rng: np.random.Generator, height_limit: float,
            name: str) -> list[_Shape]:
    """CBD: 100–250 m towers standing in a hole of their 4–6-storey podium."""
    u0, v0, u1, v1 = inner.bounds
    du, dv = u1 - u0, v1 - v0
    pairs = 2 if max(du, dv) > 230 else 1
    out: list[_Shape] = []
    for k in range(pairs):
        if du >= dv:
            a, b = u0 + k * du / pairs, u0 + (k + 1) * du / pairs
            box = (a, v0, b, v1)
        else:
            a, b = v0 + k * dv / pairs, v0 + (k + 1) * dv / pairs
            box = (u0, a, u1, b)
        bw, bd = box[2] - box[0], box[3] - box[1]
        pw, pd = min(bw - 6, rng.uniform(70, 120)), min(bd - 6, rng.uniform(55, 90))
        if pw < 45 or pd < 40:
            continue
        cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        tw = min(pw, pd) * rng.uniform(0.5, 0.62)
        offset = np.array([rng.uniform(-1, 1) * (pw - tw) / 2 * 0.6, (pd - tw) / 2 * 0.5])
        tower = (_octagon(tw, tw * rng.uniform(0.1, 0.22)) if rng.random() < 0.6
                 else _rect(tw, tw)) + offset
        height = rng.uniform(100, max(110.0, min(250.0, height_limit - 5)))
        floors = int(height / 4.1)
        pod = _rect(pw, pd)
        if not shapely.Polygon(pod + (cx, cy)).within(inner):
            continue
        idx = len(out)
        tname = name if k == 0 else f"{name}{'东塔' if du >= dv else '北塔'}"
        out.append(_Shape(tower + (cx, cy), [], "office_tower", floors, name=tname))
        out.append(_Shape(pod + (cx, cy), [tower[::-1] + (cx, cy)], "podium",
                          int(rng.integers(4, 7)), name=f"{tname}裙楼", parent=idx))
    return out


def _mall(inner: shapely.Geometry, rng: np.random.Generator, name: str) -> list[_Shape]:
    """A 3–6-storey mall with an atrium court; a hotel tower when there is room."""
    u0, v0, u1, v1 = inner.bounds
    du, dv = u1 - u0, v1 - v0
    out: list[_Shape] = []
    mw, md = min(du - 4, rng.uniform(60, 140)), min(dv - 4, rng.uniform(45, 100))
    if mw >= 30 and md >= 25:
        cx, cy = u0 + 2 + mw / 2, v0 + 2 + md / 2
        holes = []
        if mw > 55 and md > 45:
            holes = [_rect(mw * 0.35, md * 0.3)[::-1] + (cx, cy)]
        out.append(_Shape(_rect(mw, md) + (cx, cy), holes, "mall", int(rng.integers(3, 7)),
                          name=name))
    free_u = du - mw - 16
    if free_u > 24 and dv > 30:
        tw, td = min(free_u, rng.uniform(24, 40)), min(dv - 6, rng.uniform(18, 24))
        cx, cy = u1 - 2 - tw / 2, v0 + 2 + td / 2
        out.append(_Shape(_rect(tw, td) + (cx, cy), [], "hotel", int(rng.integers(18, 31)),
                          name=f"{name[:2]}酒店"))
    return out


def _school(inner: shapely.Geometry, rng: np.random.Generator, name: str) -> list[_Shape]:
    """A U-shaped teaching block and a smaller block beside a sports field (left open)."""
    u0, v0, u1, v1 = inner.bounds
    du, dv = u1 - u0, v1 - v0
    field_w = du * 0.45
    bu0 = u0 + field_w + 10
    w, d = min(u1 - bu0 - 4, rng.uniform(50, 80)), min(dv * 0.6, rng.uniform(36, 50))
    out: list[_Shape] = []
    if w > 30 and d > 25:
        cx, cy = bu0 + w / 2, v0 + 4 + d / 2
        shell = _ushape(w, d, rng.uniform(11, 14), rng.uniform(11, 14)) + (cx, cy)
        out.append(_Shape(shell, [], "school", int(rng.integers(4, 6)), name=f"{name}教学楼"))
        w2, d2 = min(w, rng.uniform(30, 45)), rng.uniform(12, 15)
        cy2 = v0 + 4 + d + rng.uniform(12, 18) + d2 / 2
        if cy2 + d2 / 2 < v1 - 2:
            out.append(_Shape(_rect(w2, d2) + (bu0 + w2 / 2, cy2), [], "school",
                              int(rng.integers(3, 5)), name=f"{name}综合楼"))
    return out


def _hospital(inner: shapely.Geometry, rng: np.random.Generator, name: str) -> list[_Shape]:
    """A courtyard outpatient block and a cross-shaped inpatient tower."""
    u0, v0, u1, v1 = inner.bounds
    du, dv = u1 - u0, v1 - v0
    out: list[_Shape] = []
    w, d = min(du * 0.55, rng.uniform(60, 90)), min(dv - 8, rng.uniform(45, 70))
    if w > 36 and d > 32:
        ring = rng.uniform(12, 15)
        cx, cy = u0 + 4 + w / 2, v0 + 4 + d / 2
        out.append(_Shape(_rect(w, d) + (cx, cy), [_rect(w - 2 * ring, d - 2 * ring)[::-1]
                                                     + (cx, cy)],
                          "hospital", int(rng.integers(4, 6)), name=f"{name}门诊楼"))
    tw, td = rng.uniform(34, 44), rng.uniform(26, 34)
    cx = u0 + 4 + w + rng.uniform(18, 26) + tw / 2
    if cx + tw / 2 < u1 - 2 and td < dv - 8:
        cy = v0 + 4 + td / 2
        out.append(_Shape(_cross(tw, td, tw * 0.4, td * 0.5) + (cx, cy), [], "hospital_tower",
                          int(rng.integers(12, 21)), name=f"{name}住院楼"))
    return out


# -- generation ---------------------------------------------------------------------------------
def generate_footprints(layout: Layout, rng: np.random.Generator) -> Buildings:
    """Every building the parcels can hold, parcels nearest the centre first."""
    frame = layout.frame
    parcels = layout.parcels
    cent = shapely.centroid(np.array([p.geom for p in parcels], dtype=object))
    order = np.argsort(np.hypot(shapely.get_x(cent) - frame.cx, shapely.get_y(cent) - frame.cy),
                       kind="stable")
    roads_by_gid = {r.gid: r for r in layout.roads}
    taken: set[str] = set()
    namers = _Namers(rng, parcels, taken)
    shapes: list[_Shape] = []
    local_polys: list[shapely.Polygon] = []
    parcel_of: list[int] = []
    number: list[int] = []
    parent: list[int] = []
    for pi in order:
        p = parcels[pi]
        if p.kind in ("park", "vacant"):
            continue
        local = frame.geom_to_local(p.geom)
        inner = local.buffer(-p.controls[4], join_style="mitre")
        if p.kind == "village":
            lanes = [roads_by_gid[g] for g in p.road_gids]
            if lanes:
                cut = shapely.union_all([frame.geom_to_local(r.line).buffer(r.width / 2 + 1.0,
                                                                           cap_style="flat")
                                         for r in lanes])
                inner = inner.difference(cut)
        if inner.is_empty:
            continue
        got = namers.shapes(p, inner)
        polys = np.array([shapely.Polygon(s.shell, s.holes) for s in got], dtype=object)
        fits = shapely.within(polys, inner) & shapely.is_valid(polys) if len(got) else []
        new_index = np.cumsum(fits) - 1
        # A podium whose tower did not fit goes too (the hole would be empty).
        keep = [k for k, s in enumerate(got)
                if fits[k] and (s.parent is None or fits[s.parent])]
        base = len(shapes)
        for num, k in enumerate(keep, start=1):
            s = got[k]
            if p.kind in ("compound", "old"):
                s.name = f"{p.name}{num}栋"
            shapes.append(s)
            local_polys.append(polys[k])
            parcel_of.append(int(pi))
            number.append(num)
            parent.append(base + int(new_index[s.parent]) if s.parent is not None else -1)
    local = np.array(local_polys, dtype=object)
    geoms = frame.geom_to_world(local) if len(shapes) else local
    ents = [None if s.entrances is None else np.column_stack(
        frame.to_world(s.entrances[:, 0], s.entrances[:, 1])) for s in shapes]
    return Buildings(geoms, np.array([s.btype for s in shapes], dtype=object),
                     np.array(parcel_of, dtype=np.int64), np.array(number, dtype=np.int64),
                     np.array([s.floors for s in shapes], dtype=np.int64),
                     [s.name for s in shapes], np.array(parent, dtype=np.int64), ents)


def _swap(ring: Ring | None) -> Ring | None:
    return None if ring is None else ring[:, ::-1].copy()


def _long_side_u(fn: Callable[..., list[_Shape]]) -> Callable[..., list[_Shape]]:
    """Run a layout with the parcel's long side along u (mirroring across u = v if needed)."""
    def run(inner: shapely.Geometry, *args: object) -> list[_Shape]:
        u0, v0, u1, v1 = inner.bounds
        if u1 - u0 >= v1 - v0:
            return fn(inner, *args)
        flipped = shapely.transform(inner, lambda a: a[:, ::-1])
        out = fn(flipped, *args)
        for s in out:
            s.shell = _swap(s.shell)
            s.holes = [_swap(h) for h in s.holes]
            s.entrances = _swap(s.entrances)
        return out
    return run


class _Namers:
    """Names for compounds, towers, malls and schools, drawn once per parcel as needed."""

    def __init__(self, rng: np.random.Generator, parcels: list[Parcel], taken: set[str]):
        self.rng = rng
        n = len(parcels)
        self.estates = iter(nm.unique_names(rng, n, nm.ESTATE, nm.ESTATE_SUFFIX, taken=taken,
                                            suffix_fmt="{name}{k}期"))
        self.old = iter(nm.unique_names(rng, n, nm.PLACE + nm.OLD_ESTATE_PREFIX,
                                        nm.OLD_ESTATE_SUFFIX, taken=taken))
        self.towers = iter(nm.unique_names(rng, n, nm.TOWER_PREFIX, nm.TOWER_SUFFIX, taken=taken))
        self.malls = iter(nm.unique_names(rng, n, nm.TOWER_PREFIX, nm.MALL_SUFFIX, taken=taken))
        self.schools = iter(nm.unique_names(rng, n, ("珠湾区",), nm.PLACE, nm.SCHOOL_KIND,
                                            taken=taken))
        self.hospitals = iter(nm.unique_names(rng, n, nm.HOSPITAL_NAME, taken=taken,
                                              suffix_fmt="{name}{k}分院"))

    def shapes(self, p: Parcel, inner: shapely.Geometry) -> list[_Shape]:
        rng = self.rng
        if p.kind == "compound":
            p.name = next(self.estates)
            return _compound(inner, rng)
        if p.kind == "old":
            p.name = next(self.old)
            return _old(inner, rng)
        if p.kind == "village":
            return _village(inner, rng)
        if p.kind == "office":
            p.name = next(self.towers)
            return _long_side_u(_office)(inner, rng, p.controls[0], p.name)
        if p.kind == "mall":
            p.name = next(self.malls)
            return _long_side_u(_mall)(inner, rng, p.name)
        if p.kind == "school":
            p.name = next(self.schools)
            return _long_side_u(_school)(inner, rng, p.name)
        if p.kind == "hospital":
            p.name = next(self.hospitals)
            return _long_side_u(_hospital)(inner, rng, p.name)
        return []


# -- attributes ---------------------------------------------------------------------------------
#: btype → use code, floor height range (m), basement floors range, structure code weights
#: {code: p}, year range.
TYPES: dict[str, tuple[str, tuple[float, float], tuple[int, int], dict[int, float],
                       tuple[int, int]]] = {
    "tower": ("10", (2.9, 3.1), (1, 2), {3: 0.85, 2: 0.15}, (2003, 2022)),
    "slab": ("10", (2.9, 3.05), (0, 1), {3: 0.75, 4: 0.25}, (1995, 2016)),
    "walkup": ("10", (2.8, 3.0), (0, 0), {4: 0.85, 5: 0.1, 3: 0.05}, (1972, 1998)),
    "courtyard": ("10", (2.9, 3.1), (0, 0), {4: 0.8, 5: 0.2}, (1972, 1992)),
    "village": ("10", (2.9, 3.3), (0, 0), {4: 0.68, 5: 0.12, 3: 0.2}, (1985, 2016)),
    "office_tower": ("30", (3.9, 4.3), (3, 3), {2: 0.7, 1: 0.3}, (2006, 2023)),
    "podium": ("21", (4.2, 4.5), (3, 3), {3: 0.6, 2: 0.4}, (2006, 2023)),
    "mall": ("21", (4.2, 4.5), (1, 3), {3: 0.7, 1: 0.3}, (1998, 2022)),
    "hotel": ("22", (3.6, 3.8), (1, 2), {3: 0.9, 2: 0.1}, (1998, 2022)),
    "school": ("42", (3.6, 3.9), (0, 1), {3: 0.8, 4: 0.2}, (1985, 2020)),
    "hospital": ("43", (4.0, 4.5), (1, 2), {3: 1.0}, (1985, 2020)),
    "hospital_tower": ("43", (3.6, 3.9), (1, 2), {3: 0.9, 2: 0.1}, (1995, 2020)),
}
#: Housing tenure mixes by building type (names from tenures.csv).
TENURES: dict[str, dict[str, float]] = {
    "walkup": {"直管公房": 0.3, "自管公房": 0.2, "已购公房": 0.4, "私房": 0.1},
    "courtyard": {"直管公房": 0.45, "自管公房": 0.25, "已购公房": 0.2, "私房": 0.1},
    "village": {"自建房": 0.88, "私房": 0.12},
    "school": {"自管公房": 1.0}, "hospital": {"自管公房": 1.0}, "hospital_tower": {"自管公房": 1.0},
}
AFFORDABLE = {"公共租赁住房": 0.35, "保障性租赁住房": 0.35, "共有产权住房": 0.2, "经济适用房": 0.1}
#: Safety-grade probabilities (A, B, C, D) by age group.
GRADES = {"new": (0.93, 0.07, 0.0, 0.0), "mid": (0.75, 0.23, 0.02, 0.0),
          "old": (0.35, 0.45, 0.15, 0.05), "village": (0.3, 0.47, 0.17, 0.06)}


def assign_attributes(b: Buildings, parcels: list[Parcel], terrain: Terrain,
                      rng: np.random.Generator) -> None:
    """Heights, use, structure, year, units, tenure, safety grade and ground height."""
    n = len(b)
    uses = lookup("building_uses")
    structures = lookup("structure_types")
    tenures = lookup("tenures", "name")
    grades = lookup("safety_grades", "grade")
    use_code = np.empty(n, dtype=object)
    fh = np.empty(n)
    below = np.zeros(n, dtype=np.int64)
    structure = np.zeros(n, dtype=np.int64)
    year = np.zeros(n, dtype=np.int64)
    parcel_year = {i: rng.integers(1995, 2023) for i in np.unique(b.parcel)}
    for btype, (code, (f0, f1), (b0, b1), struct, (y0, y1)) in TYPES.items():
        m = b.btype == btype
        k = int(m.sum())
        if not k:
            continue
        use_code[m] = code
        fh[m] = rng.uniform(f0, f1, k)
        below[m] = rng.integers(b0, b1 + 1, k)
        structure[m] = rng.choice(list(struct), size=k, p=list(struct.values()))
        year[m] = rng.integers(y0, y1 + 1, k)
    # Buildings of one compound were built together.
    same_time = np.isin(b.btype, ["tower", "slab", "office_tower", "podium"])
    py = np.array([parcel_year[p] for p in b.parcel])
    year = np.where(same_time, np.clip(py + rng.integers(0, 3, n), 0, 2024), year)
    year = np.where(b.btype == "tower", np.maximum(year, 2003), year)
    year = np.where(b.btype == "slab", np.minimum(year, 2016), year)
    # Old brick-and-timber and mixed structures go with age.
    structure = np.where((b.btype == "slab") & (year >= 2005), 3, structure)
    structure = np.where((b.btype == "village") & (year < 1995) & (rng.random(n) < 0.4), 5,
                         structure)
    parapet = rng.uniform(0.6, 1.5, n)
    height = np.round(b.floors * fh + parapet, 1)
    # Tenure: compounds share one tenure (mostly 商品房, some affordable housing).
    tenure = np.empty(n, dtype=object)
    compound_ten = {}
    for pi in np.unique(b.parcel):
        compound_ten[pi] = ("商品房" if rng.random() < 0.85 else
                            str(rng.choice(list(AFFORDABLE), p=list(AFFORDABLE.values()))))
    tenure[:] = [compound_ten[p] for p in b.parcel]
    tenure[~np.isin(b.btype, ["tower", "slab"])] = "商品房"
    for btype, mix in TENURES.items():
        m = b.btype == btype
        if m.any():
            tenure[m] = rng.choice(list(mix), size=int(m.sum()), p=list(mix.values()))
    # Dwellings: slabs and walk-ups two per landing per unit; towers 4–8 per floor.
    n_ent = np.array([0 if e is None else len(e) for e in b.entrances])
    per_floor = np.select(
        [b.btype == "tower", np.isin(b.btype, ["slab", "walkup", "courtyard"]),
         b.btype == "village"],
        [rng.integers(4, 9, n), 2 * np.maximum(n_ent, 1), rng.integers(1, 4, n)], 0)
    units = np.where(use_code == "10", b.floors * per_floor, -1)
    # Safety grades by age: C/D concentrate in old walk-ups and urban villages.
    group = np.where(np.isin(b.btype, ["walkup", "courtyard"]), "old",
                     np.where(b.btype == "village", "village",
                              np.where(year < 2000, "mid", "new")))
    grade = np.empty(n, dtype=object)
    letters = np.array(["A", "B", "C", "D"], dtype=object)
    for g, p in GRADES.items():
        m = group == g
        if m.any():
            grade[m] = letters[rng.choice(4, size=int(m.sum()), p=p)]
    danger = np.isin(grade, ["C", "D"])
    start = np.where(danger, 2021, 2015)
    start = np.maximum(start, np.minimum(year + 1, 2025))
    start_day = (start - 1970) * 365.2425
    end_day = (2025 - 1970) * 365.2425 + 300
    days = (start_day + rng.random(n) * (end_day - start_day)).astype("int64")
    assessed = np.datetime_as_string(days.astype("datetime64[D]"))
    for name, values, table in (("use_code", use_code, uses), ("tenure", tenure, tenures),
                                ("safety_grade", grade, grades)):
        missing = set(values) - set(table)
        if missing:
            raise KeyError(f"{name}: {sorted(missing)} not in the dictionary")
    if set(structure.astype(str)) - set(structures):
        raise KeyError("structure code missing from structure_types.csv")
    xy, idx = shapely.get_coordinates(b.geoms, return_index=True)
    z = terrain.height(xy[:, 0], xy[:, 1])
    ground = np.full(n, np.inf)
    np.minimum.at(ground, idx, np.where(np.isnan(z), np.inf, z))
    b.attrs.update(
        height=height, height_estimated=np.zeros(n, dtype=np.int64),
        ground_z=np.round(ground, 2), floors_above=b.floors.copy(), floors_below=below,
        use_code=use_code, use=np.array([uses[c]["name"] for c in use_code], dtype=object),
        structure_code=structure, year_built=year,
        units=np.where(units >= 0, units, 0), floor_area=np.round(
            shapely.area(b.geoms) * b.floors, 1),
        tenure=tenure, safety_grade=grade, assessed_on=assessed.astype(object),
        lod=np.full(n, "1", dtype=object))
    b.attrs["is_residential"] = use_code == "10"
