"""The standard address library (标准地址): 门牌 on roads, 楼栋 in compounds, 单元 entrances.

Hierarchy 省/市/区/街道/社区/街路巷 or 小区/门牌号/楼栋/单元 (GA/T 2000.32 levels); codes follow
GB/T 39609's division-based geocode: district (6) + street (3) + community (3) + street/compound
(type digit 1 = 街路巷, 2 = 小区, then a 5-digit serial) + door or building (5) + unit (2).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from resources import dictionary
from sample_city import names as nm
from sample_city.buildings import Buildings
from sample_city.layout import LANE, MAIN, SECONDARY, Layout
from sample_city.model import LayerData, Road, gids

#: Parcel kinds whose buildings are addressed through a gate: 门牌 (gate) → 楼栋 → 单元.
GATED = ("compound", "old", "school", "hospital")
LEVELS = tuple(row["level"] for row in dictionary("address_levels"))
GATE_CLASS_RANK = {"支路": 0, SECONDARY: 1, MAIN: 2, LANE: 3}


@dataclass
class AdminAreas:
    """街道 and 社区 of every parcel, with their code segments."""

    street: list[str]
    street_code: list[str]
    community: list[str]
    community_code: list[str]


def admin_areas(layout: Layout, rng: np.random.Generator) -> AdminAreas:
    """4–8 街道 and several 社区 per 街道 as Voronoi cells of seeded points."""
    frame = layout.frame
    side = 2 * frame.half
    area_km2 = side * side / 1e6
    n_street = int(np.clip(round(area_km2 * 1.5), 4, 8))
    pts = rng.uniform(-0.45, 0.45, (n_street, 2)) * side
    sx, sy = frame.to_world(pts[:, 0], pts[:, 1])
    taken: set[str] = {"珠湾街道"}
    street_names = ["珠湾街道", *nm.unique_names(rng, n_street - 1, nm.PLACE, ("街道",),
                                                  taken=taken)]
    per_street = int(np.clip(round(area_km2 * 3 / n_street), 3, 12))
    cpts = rng.uniform(-0.5, 0.5, (n_street * per_street * 4, 2)) * side
    cx, cy = frame.to_world(cpts[:, 0], cpts[:, 1])
    c_street = np.argmin(np.hypot(cx[:, None] - sx, cy[:, None] - sy), axis=1)
    keep = np.concatenate([np.flatnonzero(c_street == s)[:per_street] for s in range(n_street)])
    cx, cy, c_street = cx[keep], cy[keep], c_street[keep]
    comm_names = nm.unique_names(rng, len(keep), nm.COMMUNITY,
                                 ("", "东", "西", "南", "北", "新"), ("社区",), taken=taken)
    cent = shapely.centroid(np.array([p.geom for p in layout.parcels], dtype=object))
    px, py = shapely.get_x(cent), shapely.get_y(cent)
    p_street = np.argmin(np.hypot(px[:, None] - sx, py[:, None] - sy), axis=1)
    d = np.hypot(px[:, None] - cx, py[:, None] - cy)
    d[c_street[None, :] != p_street[:, None]] = np.inf
    p_comm = np.argmin(d, axis=1)
    serial = np.zeros(len(keep), dtype=np.int64)
    for s in range(n_street):
        m = c_street == s
        serial[m] = np.arange(1, m.sum() + 1)
    return AdminAreas([street_names[s] for s in p_street], [f"{s + 1:03d}" for s in p_street],
                      [comm_names[c] for c in p_comm], [f"{serial[c]:03d}" for c in p_comm])


class _Rows:
    """Address rows being collected, column by column."""

    COLUMNS = ("code", "level", "street", "community", "road", "compound", "door_no",
               "building_no", "unit_no", "full_address", "building", "parent")

    def __init__(self) -> None:
        self.points: list[shapely.Point] = []
        self.cols: dict[str, list] = {c: [] for c in self.COLUMNS}

    def add(self, point: shapely.Point, **values: object) -> int:
        self.points.append(point)
        for c in self.COLUMNS:
            self.cols[c].append(values.get(c))
        return len(self.points) - 1


def generate_addresses(b: Buildings, layout: Layout, admin: AdminAreas,
                       rng: np.random.Generator) -> tuple[LayerData, dict[str, list]]:
    """The address layer, and per building its code, address gid and full address."""
    parcels = layout.parcels
    roads = layout.roads
    lines = np.array([r.line for r in roads], dtype=object)
    tree = shapely.STRtree(lines)
    n = len(b)
    # Each building's door: the point of its outline nearest to its nearest road.
    near = tree.query_nearest(b.geoms, all_matches=False)[1]
    door = shapely.get_point(shapely.shortest_line(b.geoms, lines[near]), 0)
    gated = np.array([parcels[p].kind in GATED for p in b.parcel])
    # Gates of gated parcels: on the parcel edge facing the nearest branch/secondary road.
    gate_of: dict[int, tuple[int, shapely.Point]] = {}
    for pi in np.unique(b.parcel[gated]):
        geom = parcels[pi].geom
        cand = tree.query(geom.buffer(30.0), predicate="intersects")
        cand = [c for c in cand if roads[c].road_class != LANE] or list(cand)
        if not cand:
            cand = [int(tree.query_nearest(geom)[0])]
        best = min(cand, key=lambda c: (GATE_CLASS_RANK[roads[c].road_class],
                                        geom.distance(lines[c]), c))
        gate_of[int(pi)] = (best, shapely.get_point(shapely.shortest_line(geom, lines[best]), 0))
    # 门牌 numbers: gates and ungated buildings, numbered along each road (odd left, even right).
    plates_road = [gate_of[p][0] for p in gate_of] + [int(r) for r in near[~gated]]
    plates_pt = [gate_of[p][1] for p in gate_of] + list(door[~gated])
    numbers = _door_numbers(roads, np.array(plates_road), np.array(plates_pt, dtype=object))
    gate_no = dict(zip(gate_of, numbers[:len(gate_of)], strict=True))
    own_no = np.zeros(n, dtype=np.int64)
    own_no[~gated] = numbers[len(gate_of):]
    road_serial = {name: i for i, name in enumerate(dict.fromkeys(r.name for r in roads), 1)}

    prefix = f"{nm.PROVINCE}{nm.CITY}{nm.DISTRICT}"
    rows = _Rows()
    b_addr = np.full(n, -1, dtype=np.int64)
    gate_row: dict[int, int] = {}
    codes: list[str] = []
    for i in range(n):
        pi = int(b.parcel[i])
        p = parcels[pi]
        area = (admin.street[pi], admin.community[pi])
        head = f"{nm.DISTRICT_CODE}{admin.street_code[pi]}{admin.community_code[pi]}"
        codes.append(f"{head}{i + 1:08d}")
        if not gated[i]:
            road = roads[near[i]].name
            no = f"{own_no[i]}号"
            b_addr[i] = rows.add(
                door[i], code=f"{head}1{road_serial[road]:05d}{own_no[i]:05d}", level="门牌",
                street=area[0], community=area[1], road=road, door_no=no,
                full_address=f"{prefix}{area[0]}{area[1]}{road}{no}", building=i)
            continue
        if pi not in gate_row:
            ri, pt = gate_of[pi]
            road, no = roads[ri].name, f"{gate_no[pi]}号"
            gate_row[pi] = rows.add(
                pt, code=f"{head}1{road_serial[road]:05d}{gate_no[pi]:05d}", level="门牌",
                street=area[0], community=area[1], road=road, compound=p.name, door_no=no,
                full_address=f"{prefix}{area[0]}{area[1]}{road}{no}{p.name}")
        g = gate_row[pi]
        bno = f"{b.number[i]}栋"
        bcode = f"{head}2{pi + 1:05d}{b.number[i]:05d}"
        gate_full = rows.cols["full_address"][g]
        b_addr[i] = rows.add(
            door[i], code=bcode, level="楼栋", street=area[0], community=area[1],
            road=rows.cols["road"][g], compound=p.name, door_no=rows.cols["door_no"][g],
            building_no=bno, full_address=f"{gate_full}{bno}", building=i, parent=g)
        ents = b.entrances[i]
        if ents is not None and len(ents) > 1 and b.attrs["is_residential"][i]:
            for k, (x, y) in enumerate(ents, start=1):
                rows.add(shapely.Point(x, y), code=f"{bcode}{k:02d}", level="单元",
                         street=area[0], community=area[1], road=rows.cols["road"][g],
                         compound=p.name, door_no=rows.cols["door_no"][g], building_no=bno,
                         unit_no=f"{k}单元", full_address=f"{gate_full}{bno}{k}单元",
                         building=i, parent=b_addr[i])
    missing = set(rows.cols["level"]) - set(LEVELS)
    if missing:
        raise KeyError(f"address levels {sorted(missing)} not in address_levels.csv")
    m = len(rows.points)
    a_gid = gids(rng, m)
    b_gids = b.attrs["gid"]
    cols = {c: rows.cols[c] for c in rows.COLUMNS if c not in ("building", "parent")}
    cols.update(
        gid=a_gid, province=[nm.PROVINCE] * m, city=[nm.CITY] * m, district=[nm.DISTRICT] * m,
        building_gid=[None if k is None else b_gids[k] for k in rows.cols["building"]],
        parent_gid=[None if k is None else a_gid[k] for k in rows.cols["parent"]])
    per_building = {"address_gid": [a_gid[k] for k in b_addr],
                    "address": [rows.cols["full_address"][k] for k in b_addr], "code": codes}
    return LayerData(np.array(rows.points, dtype=object), cols), per_building


def _door_numbers(roads: list[Road], road_idx: np.ndarray, points: np.ndarray) -> np.ndarray:
    """门牌号 per point: along each named road from its west/south end, odd numbers on the left
    and even on the right, roughly one number per 10 m of frontage and always increasing."""
    out = np.zeros(len(points), dtype=np.int64)
    by_name: dict[str, list[Road]] = {}
    for r in roads:
        by_name.setdefault(r.name, []).append(r)
    points_of: dict[str, list[int]] = {}
    for i, r in enumerate(road_idx):
        points_of.setdefault(roads[r].name, []).append(i)
    for name, members in points_of.items():
        sel = np.asarray(members, dtype=np.int64)
        axis = _numbering_axis(by_name[name])
        s = shapely.line_locate_point(axis, points[sel])
        p0 = shapely.line_interpolate_point(axis, np.maximum(s - 1.0, 0.0))
        p1 = shapely.line_interpolate_point(axis, np.minimum(s + 1.0, axis.length))
        t = shapely.get_coordinates(p1) - shapely.get_coordinates(p0)
        q = shapely.get_coordinates(points[sel]) - shapely.get_coordinates(p0)
        left = t[:, 0] * q[:, 1] - t[:, 1] * q[:, 0] > 0
        for side_mask, first in ((left, 1), (~left, 2)):
            idx = sel[side_mask]
            if not len(idx):
                continue
            order = np.argsort(s[side_mask], kind="stable")
            # k_j = max(k_{j-1} + 1, floor(s_j / 10)), vectorised as j + running max of f - j
            f = (s[side_mask][order] // 10.0).astype(np.int64)
            j = np.arange(len(f))
            k = j + np.maximum.accumulate(f - j)
            out[idx[order]] = 2 * k + first
    return out


def _numbering_axis(parts: list[Road]) -> shapely.LineString:
    """One line through all segments of a road, running west→east (or south→north)."""
    if len(parts) == 1:
        line = parts[0].line
    else:
        ends = np.array([shapely.get_coordinates(r.line)[[0, -1]] for r in parts])
        d = ends[0, 1] - ends[0, 0]
        d = d / (np.hypot(*d) or 1.0)
        coords = []
        for r in sorted(parts, key=lambda r: float(np.dot(
                shapely.get_coordinates(r.line.centroid)[0], d))):
            c = shapely.get_coordinates(r.line)
            coords.append(c if np.dot(c[-1] - c[0], d) >= 0 else c[::-1])
        line = shapely.LineString(np.concatenate(coords))
    c = shapely.get_coordinates(line)
    v = c[-1] - c[0]
    if (abs(v[0]) >= abs(v[1]) and v[0] < 0) or (abs(v[1]) > abs(v[0]) and v[1] < 0):
        line = shapely.reverse(line)
    return line
