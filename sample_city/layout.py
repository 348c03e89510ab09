"""Street grid, blocks and parcels with planning controls (GB 50137-2011 land uses).

The grid is laid out in a local frame (u east-ish, v north-ish) turned a few degrees from grid
north, as Guangzhou's streets are; everything handed on is in world coordinates (EPSG:4547).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import shapely

from resources import lookup
from sample_city import names as nm
from sample_city.model import Road, gids
from sample_city.terrain import Landform

MAIN, SECONDARY, BRANCH, LANE = "主干路", "次干路", "支路", "巷"
CLASS_DIGIT = {MAIN: 1, SECONDARY: 2, BRANCH: 3, LANE: 4}
MIN_PARCEL = 1500.0  # m²

#: Parcel kinds → (GB 50137 land use code, status, planning controls:
#: height_limit, far_max, density_max, green_min, setback_road, setback_side).
CONTROLS: dict[str, tuple[str, str, tuple[float, float, float, float, float, float]]] = {
    "compound": ("R2", "已建", (100.0, 3.0, 25.0, 30.0, 8.0, 6.0)),
    "old": ("R2", "已建", (36.0, 2.2, 35.0, 25.0, 4.0, 3.0)),
    "village": ("R3", "已建", (24.0, 2.8, 55.0, 10.0, 1.5, 1.0)),
    "mall": ("B1", "已建", (100.0, 4.0, 50.0, 20.0, 8.0, 5.0)),
    "office": ("B2", "已建", (250.0, 8.0, 50.0, 20.0, 10.0, 6.0)),
    "school": ("A33", "已建", (24.0, 1.2, 30.0, 35.0, 10.0, 8.0)),
    "hospital": ("A51", "已建", (80.0, 2.5, 35.0, 35.0, 10.0, 8.0)),
    "park": ("G1", "绿地", (12.0, 0.05, 3.0, 80.0, 5.0, 3.0)),
    "vacant": ("R2", "空地", (80.0, 3.0, 25.0, 30.0, 10.0, 8.0)),
}


@dataclass(frozen=True)
class Frame:
    """The local street frame: centre, rotation (radians, anticlockwise) and half side."""

    cx: float
    cy: float
    angle: float
    half: float

    def to_world(self, u: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        c, s = math.cos(self.angle), math.sin(self.angle)
        return self.cx + c * u - s * v, self.cy + s * u + c * v

    def to_local(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        c, s = math.cos(self.angle), math.sin(self.angle)
        dx, dy = np.asarray(x) - self.cx, np.asarray(y) - self.cy
        return c * dx + s * dy, -s * dx + c * dy

    def geom_to_world(self, geom: shapely.Geometry | np.ndarray) -> shapely.Geometry:
        return shapely.transform(geom, lambda a: np.column_stack(self.to_world(a[:, 0], a[:, 1])))

    def geom_to_local(self, geom: shapely.Geometry | np.ndarray) -> shapely.Geometry:
        return shapely.transform(geom, lambda a: np.column_stack(self.to_local(a[:, 0], a[:, 1])))

    @property
    def domain(self) -> shapely.Polygon:
        h = self.half
        return self.geom_to_world(shapely.box(-h, -h, h, h))


@dataclass
class Parcel:
    """A parcel: world polygon, kind (see CONTROLS), controls, and the names it carries."""

    geom: shapely.Polygon
    kind: str
    land_use_code: str
    status: str
    controls: tuple[float, float, float, float, float, float]
    block: int
    name: str | None = None  # compound, village, school or hospital name
    road_gids: list[str] = field(default_factory=list)  # lanes inside an urban village
    code: str = ""
    gid: str = ""

    @property
    def area(self) -> float:
        return float(self.geom.area)


@dataclass
class Layout:
    frame: Frame
    roads: list[Road]
    parcels: list[Parcel]


@dataclass
class _Line:
    pos: float
    road_class: str
    width: float


def generate_layout(frame: Frame, landform: Landform, rng: np.random.Generator) -> Layout:
    """Roads (with names), blocks and parcels of the district."""
    half = frame.half
    us = _grid_lines(half, rng)
    vs = _grid_lines(half, rng)
    taken: set[str] = set()
    segments: list[tuple[str, str, float, shapely.LineString]] = []  # name, class, width, line
    n_main_v = sum(ln.road_class == MAIN for ln in vs)
    n_main_u = sum(ln.road_class == MAIN for ln in us)
    taken.add("珠湾大道")
    main_names = nm.unique_names(rng, n_main_u + n_main_v, nm.PLACE,
                                 ("大道", "路", "东路", "西路", "北路", "南路", "中路"),
                                 taken=taken)
    centre_main = min((ln for ln in vs if ln.road_class == MAIN), key=lambda ln: abs(ln.pos),
                      default=None)
    sec_names = iter(nm.unique_names(rng, len(us) + len(vs), nm.PLACE,
                                     ("路", "街", "东路", "西路", "北街", "南街"), taken=taken))
    main_iter = iter(main_names)
    for axis, lines in (("u", us), ("v", vs)):
        for ln in lines:
            if ln is centre_main:
                name = "珠湾大道"
            elif ln.road_class == MAIN:
                name = next(main_iter)
            else:
                name = next(sec_names)
            a = np.array([ln.pos, ln.pos]) if axis == "u" else np.array([-half, half])
            b = np.array([-half, half]) if axis == "u" else np.array([ln.pos, ln.pos])
            segments.append((name, ln.road_class, ln.width, _world_line(frame, a, b)))

    # Cells between grid lines (the district edge acts as a line of width 0).
    ue = [_Line(-half, "", 0.0), *us, _Line(half, "", 0.0)]
    ve = [_Line(-half, "", 0.0), *vs, _Line(half, "", 0.0)]
    rects: list[tuple[float, float, float, float]] = []
    block_of: list[int] = []
    branch: list[tuple[np.ndarray, np.ndarray, float]] = []
    block = 0
    for i in range(len(ue) - 1):
        for j in range(len(ve) - 1):
            u0, u1 = ue[i].pos + ue[i].width / 2, ue[i + 1].pos - ue[i + 1].width / 2
            v0, v1 = ve[j].pos + ve[j].width / 2, ve[j + 1].pos - ve[j + 1].width / 2
            for sub, cut in _split_cell(u0, u1, v0, v1, ue[i].pos, ue[i + 1].pos,
                                        ve[j].pos, ve[j + 1].pos, rng):
                for r in _split_block(sub, rng):
                    rects.append(r)
                    block_of.append(block)
                block += 1
                if cut is not None:
                    branch.append(cut)
    branch_names = nm.unique_names(
        rng, len(branch), nm.PLACE, ("", "东", "西", "南", "北"),
        tuple(nm.cn_number(k) for k in range(1, 13)), ("街", "路", "横路"), taken=taken)
    for (a, b, width), name in zip(branch, branch_names, strict=True):
        segments.append((name, BRANCH, width, _world_line(frame, a, b)))

    # The river: riverside roads on both banks; only main roads cross it (bridges).
    river = landform.river
    dom = frame.domain
    x0, _, x1, _ = dom.bounds
    rw = 24.0
    for name, sign in (("沿江路", 1), ("滨江路", -1)):
        line = river.bank_line(x0 - 50, x1 + 50, sign * (river.corridor_half + rw / 2))
        segments.append((name, SECONDARY, rw, line))
    centre = river.centreline(x0 - 300, x1 + 300)
    cut_river = shapely.buffer(centre, river.corridor_half + rw / 2, quad_segs=4)
    no_build = shapely.union_all([shapely.buffer(centre, river.corridor_half + rw, quad_segs=4),
                                  landform.hill_core])
    roads_geo: list[tuple[str, str, float, shapely.LineString]] = []
    for name, cls, width, line in segments:
        geom = shapely.intersection(line, dom)
        if name not in ("沿江路", "滨江路") and cls != MAIN:
            geom = shapely.difference(geom, cut_river)
        geom = shapely.difference(geom, landform.hill_core)
        for part in shapely.get_parts(shapely.line_merge(geom) if not geom.is_empty else geom):
            if isinstance(part, shapely.LineString) and part.length > 30:
                roads_geo.append((name, cls, width, part))

    # Parcels: block rectangles clipped by the river, its roads and the hill.
    polys = frame.geom_to_world(shapely.box(*np.array(rects).T))
    cut = shapely.intersection(shapely.difference(polys, no_build), dom)
    parcels = _zone(frame, landform, cut, block_of, rng)
    # Parks: the riverside strips and the hill.
    corridor = shapely.difference(shapely.intersection(landform.corridor, dom), landform.water)
    road_buf = shapely.union_all([shapely.buffer(ln, w / 2, cap_style="flat")
                                  for _, _, w, ln in roads_geo])
    for park in (shapely.difference(corridor, road_buf),
                 shapely.difference(shapely.intersection(landform.hill_core, dom), road_buf)):
        for part in shapely.get_parts(park):
            if part.area >= MIN_PARCEL:
                parcels.append(_parcel(part, "park", -1))
    lanes = _village_lanes(frame, parcels, taken, rng)

    roads_all = roads_geo + [lane[:4] for lane in lanes]
    road_gids = gids(rng, len(roads_all))
    roads = [Road(g, name, cls, float(w), line)
             for g, (name, cls, w, line) in zip(road_gids, roads_all, strict=True)]
    for g, lane in zip(road_gids[len(roads_geo):], lanes, strict=True):
        lane[4].road_gids.append(g)
    for k, (p, g) in enumerate(zip(parcels, gids(rng, len(parcels)), strict=True), start=1):
        p.code = f"ZW-{p.land_use_code}-{k:05d}"
        p.gid = g
    return Layout(frame, roads, parcels)


def _grid_lines(half: float, rng: np.random.Generator) -> list[_Line]:
    """Main roads every 400–500 m with a secondary road between each pair."""
    mains: list[float] = []
    pos = -half + rng.uniform(150, 300)
    while pos < half - 120:
        mains.append(pos)
        pos += rng.uniform(400, 500)
    lines = [_Line(p, MAIN, float(rng.choice([40.0, 44.0, 46.0, 50.0]))) for p in mains]
    edges = [-half, *mains, half]
    for a, b in zip(edges[:-1], edges[1:], strict=True):
        if b - a > 330:
            mid = (a + b) / 2 + rng.uniform(-0.08, 0.08) * (b - a)
            lines.append(_Line(mid, SECONDARY, float(rng.choice([20.0, 24.0, 26.0, 30.0]))))
    return sorted(lines, key=lambda ln: ln.pos)


def _split_cell(u0: float, u1: float, v0: float, v1: float, cu0: float, cu1: float,
                cv0: float, cv1: float, rng: np.random.Generator):
    """A cell between grid roads, split by a branch road (支路) when it is large."""
    du, dv = u1 - u0, v1 - v0
    if du <= 0 or dv <= 0:
        return []
    if max(du, dv) < 170 or rng.random() < 0.25:
        return [((u0, v0, u1, v1), None)]
    w = float(rng.choice([12.0, 14.0, 16.0]))
    if du >= dv:
        c = u0 + du * rng.uniform(0.4, 0.6)
        cut = (np.array([c, c]), np.array([cv0, cv1]), w)
        return [((u0, v0, c - w / 2, v1), cut), ((c + w / 2, v0, u1, v1), None)]
    c = v0 + dv * rng.uniform(0.4, 0.6)
    cut = (np.array([cu0, cu1]), np.array([c, c]), w)
    return [((u0, v0, u1, c - w / 2), cut), ((u0, c + w / 2, u1, v1), None)]


def _split_block(rect: tuple[float, float, float, float], rng: np.random.Generator
                 ) -> list[tuple[float, float, float, float]]:
    """Some large blocks hold 2–4 parcels side by side along their long axis."""
    u0, v0, u1, v1 = rect
    du, dv = u1 - u0, v1 - v0
    if du * dv < 22000 or rng.random() < 0.45:
        return [rect]
    k = int(rng.integers(2, 5))
    long_u = du >= dv
    length = du if long_u else dv
    k = max(1, min(k, int(length // 70)))
    cuts = np.sort(rng.uniform(0.2, 0.8, k - 1)) if k > 1 else np.array([])
    edges = np.concatenate([[0.0], cuts, [1.0]]) * length
    out = []
    for a, b in zip(edges[:-1], edges[1:], strict=True):
        out.append((u0 + a, v0, u0 + b, v1) if long_u else (u0, v0 + a, u1, v0 + b))
    return out


def _world_line(frame: Frame, u: np.ndarray, v: np.ndarray) -> shapely.LineString:
    x, y = frame.to_world(u, v)
    return shapely.linestrings(x, y)


def _parcel(geom: shapely.Polygon, kind: str, block: int, land_use: str | None = None
            ) -> Parcel:
    code, status, controls = CONTROLS[kind]
    return Parcel(geom, kind, land_use or code, status, controls, block)


def _zone(frame: Frame, landform: Landform, pieces: np.ndarray, block_of: list[int],
          rng: np.random.Generator) -> list[Parcel]:
    """Give every parcel a kind: CBD near the centre, old town by the river, urban villages in
    clusters, compounds elsewhere, with schools, hospitals, small parks and vacant land."""
    geoms: list[shapely.Polygon] = []
    blocks: list[int] = []
    for piece, b in zip(pieces, block_of, strict=True):
        for part in shapely.get_parts(piece):
            if part.area >= MIN_PARCEL and part.area / max(part.length, 1) > 7:
                geoms.append(shapely.set_precision(part, 0.01))
                blocks.append(b)
    if not geoms:
        return []
    arr = np.array(geoms, dtype=object)
    cent = shapely.centroid(arr)
    cx, cy = shapely.get_x(cent), shapely.get_y(cent)
    side = 2 * frame.half
    area_km2 = side * side / 1e6
    # CBD: around the centre, on the bank opposite the hill's side of town.
    cbd = (frame.cx + rng.uniform(-0.08, 0.08) * side, frame.cy + rng.uniform(-0.05, 0.08) * side)
    cbd_r = float(np.clip(0.13 * side, 220, 1400))
    river = landform.river
    ox = frame.cx - 0.2 * side * (1 if landform.hill_centre[0] > frame.cx else -1)
    old = (ox, float(river.y(np.array([ox]))[0]) + river.corridor_half + 0.12 * side)
    old_r = float(np.clip(0.25 * side, 300, 3000))
    n_vil = max(1, round(area_km2 * 1.2))
    vx = frame.cx + rng.uniform(-0.45, 0.45, n_vil) * side
    vy = frame.cy + rng.uniform(-0.45, 0.45, n_vil) * side
    vr = rng.uniform(220, 340, n_vil) * min(1.0, side / 2000)

    def dist(p: tuple[float, float]) -> np.ndarray:
        return np.hypot(cx - p[0], cy - p[1])

    u = rng.random(len(arr))
    kind = np.full(len(arr), "compound", dtype=object)
    d_vil = np.min(np.hypot(cx[:, None] - vx, cy[:, None] - vy) / vr, axis=1)
    kind[d_vil < 1.0] = "village"
    old_mask = (dist(old) < old_r) & (u < 0.85)
    kind[old_mask & (kind == "compound")] = "old"
    cbd_mask = dist(cbd) < cbd_r
    kind[cbd_mask & (u < 0.65)] = "office"
    kind[cbd_mask & (u >= 0.65)] = "mall"
    hill_d = np.hypot(cx - landform.hill_centre[0], cy - landform.hill_centre[1])
    # Villages spread over whole blocks; other kinds per parcel.
    vil_blocks = {b for b, k in zip(blocks, kind, strict=True) if k == "village"}
    kind[[b in vil_blocks for b in blocks]] = "village"
    area = shapely.area(arr)
    r = rng.random(len(arr))
    other = kind == "compound"
    kind[other & (r < 0.07) & (area > 3000)] = "mall"
    kind[other & (r >= 0.07) & (r < 0.11)] = "park"
    kind[other & (r >= 0.11) & (r < 0.14) & (area > 4000)] = "vacant"
    kind[(kind == "compound") & (hill_d < 0.3 * side) & (r > 0.9)] = "park"
    # Schools: about one per twelve housing parcels; hospitals: one per ~80 parcels.
    cand = np.flatnonzero((kind == "compound") & (area > 9000) & (area < 45000))
    n_school = max(1, len(cand) // 12) if len(cand) else 0
    pick = rng.choice(cand, size=min(n_school, len(cand)), replace=False) if n_school else []
    kind[pick] = "school"
    cand = np.flatnonzero((kind == "compound") & (area > 10000) & (area < 60000))
    n_hosp = max(1, len(arr) // 80) if len(cand) else 0
    pick = rng.choice(cand, size=min(n_hosp, len(cand)), replace=False) if n_hosp else []
    kind[pick] = "hospital"
    # One vacant parcel near the centre suited to a 10–25 storey proposal.
    cand = np.flatnonzero((area > 7000) & (area < 26000)
                          & np.isin(kind, ["compound", "mall", "vacant"]))
    if len(cand):
        best = cand[np.argmin(dist((frame.cx, frame.cy))[cand])]
        kind[best] = "vacant"
    parcels = []
    for g, k, b, rr in zip(arr, kind, blocks, rng.random(len(arr)), strict=True):
        land = None
        if k == "vacant":
            land = "R2" if rr < 0.6 else ("B2" if rr < 0.85 else "B1")
        parcels.append(_parcel(g, str(k), b, land))
    _tune_controls(parcels, rng)
    return parcels


def _tune_controls(parcels: list[Parcel], rng: np.random.Generator) -> None:
    """Vary the planning controls a little per parcel, in planners' round numbers."""
    names = lookup("land_uses")
    for p in parcels:
        if p.land_use_code not in names:
            raise KeyError(f"land use {p.land_use_code} missing from land_uses.csv")
        h, far, dens, green, sb_road, sb_side = p.controls
        if p.kind == "compound":
            h = float(rng.choice([80.0, 100.0, 100.0, 120.0]))
            far = float(rng.choice([2.5, 2.8, 3.0, 3.5]))
        elif p.kind == "office":
            h = float(rng.choice([150.0, 200.0, 250.0, 300.0]))
            far = float(rng.choice([6.0, 7.0, 8.0, 9.0]))
        elif p.kind == "vacant":
            if p.land_use_code == "R2":
                h, far = float(rng.choice([60.0, 80.0])), float(rng.choice([2.5, 3.0]))
            elif p.land_use_code == "B2":
                h, far, dens = 100.0, 5.0, 45.0
            else:
                h, far, dens = 60.0, 3.5, 50.0
        p.controls = (h, far, dens, green, sb_road, sb_side)


def _village_lanes(frame: Frame, parcels: list[Parcel], taken: set[str],
                   rng: np.random.Generator
                   ) -> list[tuple[str, str, float, shapely.LineString, Parcel]]:
    """Lanes of urban villages: one 大街 along each village parcel, 巷/坊 across it every
    35–60 m, each with the parcel it serves."""
    villages = [p for p in parcels if p.kind == "village"]
    blocks = sorted({p.block for p in villages})
    vnames = nm.unique_names(rng, len(blocks), nm.VILLAGE,
                             ("", "东", "西", "南", "北", "新", "上", "下"), taken=taken)
    village_name = dict(zip(blocks, vnames, strict=True))
    fang = iter(nm.unique_names(rng, len(nm.FANG) * 3, nm.FANG, ("坊", "里", "街"), taken=taken))
    out: list[tuple[str, str, float, shapely.LineString, Parcel]] = []
    counters: dict[int, int] = {}
    for p in villages:
        base = village_name[p.block]
        p.name = f"{base}村"
        local = frame.geom_to_local(p.geom)
        u0, v0, u1, v1 = local.bounds
        along_u = (u1 - u0) >= (v1 - v0)
        lines: list[tuple[str, float, np.ndarray, np.ndarray]] = []
        mid = (v0 + v1) / 2 if along_u else (u0 + u1) / 2
        mid += rng.uniform(-8, 8)
        k = counters.get(p.block, 0)
        main_name = f"{base}大街" if k == 0 else f"{base}{nm.cn_number(k + 1)}街"
        if along_u:
            lines.append((main_name, float(rng.uniform(4.5, 6.0)), np.array([u0, u1]),
                          np.array([mid, mid])))
        else:
            lines.append((main_name, float(rng.uniform(4.5, 6.0)), np.array([mid, mid]),
                          np.array([v0, v1])))
        lo, hi = (u0, u1) if along_u else (v0, v1)
        pos = lo + rng.uniform(30, 50)
        while pos < hi - 25:
            k += 1
            name = next(fang, None) if rng.random() < 0.3 else None
            name = name or f"{base}{nm.cn_number(k)}巷"
            w = float(rng.uniform(3.0, 4.0))
            if along_u:
                lines.append((name, w, np.array([pos, pos]), np.array([v0, v1])))
            else:
                lines.append((name, w, np.array([u0, u1]), np.array([pos, pos])))
            pos += rng.uniform(35, 60)
        counters[p.block] = k + 1
        for name, w, a, b in lines:
            geom = shapely.intersection(_world_line(frame, a, b), p.geom.buffer(-0.5))
            parts = [g for g in shapely.get_parts(shapely.line_merge(geom) if not geom.is_empty
                                                  else geom)
                     if isinstance(g, shapely.LineString) and g.length > 20]
            for part in parts:
                out.append((name, LANE, round(w, 1), part, p))
    return out
