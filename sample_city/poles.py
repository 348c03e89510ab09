"""Multi-function smart poles (多功能智能杆) along the main roads and their mounted devices.

Poles stand on both pavements of every 主干路 (and of some 次干路) every 30–50 m, 0.75 m behind
the kerb; z is the ground. Each carries lighting plus 1–5 other devices drawn, weighted, from
``resources/dictionaries/pole_device_types.csv``; a device is a Point Z at ground + its mounting
height (the lamp hangs 1.5 m out over the road on its arm). Device status codes follow
``device_status.csv`` (0 未激活 / 1 正常 / 2 离线 / 3 故障).
"""

from __future__ import annotations

import numpy as np
import shapely

import resources
from sample_city.model import LayerData, Road, Terrain, gids
from sample_city.pipelines import ROAD_CLASSES, RoadFrame, expand, ground

#: Share of the roads of a class that have smart poles.
POLE_ROADS = {"主干路": 1.0, "次干路": 0.3}
GAP = (30.0, 50.0)  # m between poles along one side
KERB_SETBACK = 0.75  # m from the kerb into the pavement
ARM = 1.5  # m the lamp reaches out over the carriageway
#: (pole type, min height, max height, weight)
POLE_TYPES = (("单臂智慧灯杆", 10.0, 11.0, 0.5), ("双臂智慧灯杆", 12.0, 12.0, 0.35),
              ("综合杆", 8.0, 9.0, 0.15))
OWNER = "广州市珠湾区城市管理和综合执法局"
OPERATORS = ("中国铁塔股份有限公司广州市分公司", "广州珠湾智慧城市运营有限公司")
POLE_STATUS = (("正常", 0.90), ("故障", 0.03), ("离线", 0.04), ("维护", 0.03))
DEVICE_COUNT = {2: 0.2, 3: 0.3, 4: 0.25, 5: 0.15, 6: 0.1}  # devices per pole, lighting included
DEVICE_STATUS = {1: 0.88, 0: 0.03, 2: 0.05, 3: 0.04}
LAST_DAY = np.datetime64("2025-06-30")
POLE_COLUMNS = ("gid", "code", "road_name", "side", "pole_type", "height", "owner", "operator",
                "install_year", "status")
DEVICE_COLUMNS = ("gid", "pole_gid", "pole_code", "device_type_code", "device_type", "model",
                  "mount_height", "network", "status_code", "status", "installed_on")


def generate_poles(roads: list[Road], terrain: Terrain, rng: np.random.Generator
                   ) -> tuple[LayerData, LayerData]:
    """(poles, pole_devices) along the roads; see the module docstring."""
    frame = RoadFrame.from_roads(roads) if roads else None
    if frame is None:
        return _empty(POLE_COLUMNS), _empty(DEVICE_COLUMNS)
    chosen = [np.flatnonzero(frame.klass == ROAD_CLASSES.index(c)) for c in POLE_ROADS]
    chosen = [r[rng.random(len(r)) < share] if share < 1 else r
              for r, share in zip(chosen, POLE_ROADS.values(), strict=True)]
    road = np.sort(np.concatenate(chosen))
    road = road[frame.length[road] >= 20.0]
    if len(road) == 0:
        return _empty(POLE_COLUMNS), _empty(DEVICE_COLUMNS)
    # one pole line per side, 0.75 m behind the kerb (+1 left, -1 right of the road direction);
    # the 30–50 m gaps are measured along it, so they hold on bends too
    side_road = np.repeat(road, 2)
    sign = np.tile([1.0, -1.0], len(road))
    kerb = frame.width[side_road] / 2 - np.clip(0.12 * frame.width[side_road], 1.5, 5.0)
    base = np.array([r.line for r in roads], dtype=object)[side_road]
    lines = shapely.offset_curve(base, sign * (kerb + KERB_SETBACK), join_style="mitre",
                                 mitre_limit=2.0)
    lines = np.where(shapely.get_type_id(lines) == 1, lines, base)  # LineString, else centre
    side_frame = RoadFrame.from_lines(lines, frame.width[side_road], frame.klass[side_road],
                                      frame.names[side_road])
    length = side_frame.length
    nmax = (np.floor((length - 10.0) / GAP[0]) + 2).astype(np.int64)
    owner, k = expand(nmax)
    step = np.where(k == 0, rng.uniform(5.0, 20.0, len(k)), rng.uniform(*GAP, len(k)))
    s = np.cumsum(step)
    s -= (s - step)[k == 0][owner]
    keep = (s <= length[owner] - 5.0) | (k == 0)
    owner, s, k = owner[keep], s[keep], k[keep]
    s = np.where(k == 0, np.minimum(s, length[owner] / 2), s)
    pr = side_road[owner]
    x, y, ux, uy = side_frame.at(owner, s)
    ox, oy = -uy * sign[owner], ux * sign[owner]  # outward (away from the centreline)
    side = np.where(np.abs(ox) >= np.abs(oy), np.where(ox > 0, "东", "西"),
                    np.where(oy > 0, "北", "南")).astype(object)
    g = np.round(ground(terrain, x, y), 3)
    n = len(s)
    types = rng.choice(len(POLE_TYPES), n, p=[t[3] for t in POLE_TYPES])
    hmin = np.array([t[1] for t in POLE_TYPES])[types]
    hmax = np.array([t[2] for t in POLE_TYPES])[types]
    height = np.round(hmin + rng.random(n) * (hmax - hmin), 1)
    year = rng.integers(2019, 2026, n)
    status = np.array([p[0] for p in POLE_STATUS], dtype=object)[
        rng.choice(len(POLE_STATUS), n, p=[p[1] for p in POLE_STATUS])]
    pole_gid = np.array(gids(rng, n), dtype=object)
    code = np.array([f"ZHG-{i:06d}" for i in range(1, n + 1)], dtype=object)
    start = (np.asarray(year - 1970).astype("datetime64[Y]").astype("datetime64[D]")
             + rng.integers(0, 365, n))
    start = np.minimum(start, LAST_DAY)
    poles = LayerData(shapely.points(np.column_stack([x, y, g])), {
        "gid": pole_gid, "code": code, "road_name": frame.names[pr], "side": side,
        "pole_type": np.array([t[0] for t in POLE_TYPES], dtype=object)[types],
        "height": height, "owner": np.full(n, OWNER, dtype=object),
        "operator": np.array(OPERATORS, dtype=object)[rng.integers(0, len(OPERATORS), n)],
        "install_year": year, "status": status,
    })
    devices = _devices(rng, x, y, g, ox, oy, height, status, pole_gid, code, start)
    return poles, devices


def _devices(rng: np.random.Generator, x: np.ndarray, y: np.ndarray, g: np.ndarray,
             ox: np.ndarray, oy: np.ndarray, height: np.ndarray, pole_status: np.ndarray,
             pole_gid: np.ndarray, pole_code: np.ndarray, start: np.ndarray) -> LayerData:
    """Lighting on every pole plus a weighted draw without replacement of the other types."""
    types = resources.dictionary("pole_device_types")
    n = len(x)
    weight = np.array([float(t["weight"]) for t in types])
    light = int(np.flatnonzero(weight == 0)[0])  # weight 0: lighting, on every pole
    count = rng.choice(list(DEVICE_COUNT), n, p=list(DEVICE_COUNT.values()))
    # Efraimidis–Spirakis: the k largest log(u)/w are a weighted sample without replacement
    key = np.log(rng.random((n, len(types)))) / np.where(weight > 0, weight, 1.0)
    key[:, light] = np.inf
    rank = np.argsort(-key, axis=1, kind="stable")
    take = np.arange(len(types))[None, :] < count[:, None]
    pole = np.repeat(np.arange(n), count)
    dtype = rank[take]
    m = len(pole)
    mount_typ = np.array([float(t["mount_height"]) for t in types])[dtype]
    top = height[pole]
    mount = np.where(dtype == light, top - rng.uniform(0.2, 0.5, m),
                     mount_typ + rng.uniform(-0.3, 0.3, m))
    mount = np.round(np.clip(mount, 0.5, top - 0.2), 2)
    model = _pick(rng, [t["models"] for t in types], dtype)
    network = _pick(rng, [t["networks"] for t in types], dtype)
    codes = np.array(list(DEVICE_STATUS), dtype=np.int64)
    status = codes[rng.choice(len(codes), m, p=list(DEVICE_STATUS.values()))]
    status = np.where(pole_status[pole] == "离线", 2, status)
    status = np.where((pole_status[pole] == "故障") & (dtype == light), 3, status)
    names = {int(r["code"]): r["name"] for r in resources.dictionary("device_status")}
    later = (LAST_DAY - start[pole]).astype(np.int64)
    day = start[pole] + np.where(dtype == light, 0,
                                 (rng.random(m) * (later + 1)).astype(np.int64))
    arm = np.where(dtype == light, -ARM, 0.0)
    xyz = np.column_stack([x[pole] + arm * ox[pole], y[pole] + arm * oy[pole],
                           g[pole] + mount])
    return LayerData(shapely.points(xyz), {
        "gid": gids(rng, m), "pole_gid": pole_gid[pole], "pole_code": pole_code[pole],
        "device_type_code": np.array([t["code"] for t in types], dtype=object)[dtype],
        "device_type": np.array([t["name"] for t in types], dtype=object)[dtype],
        "model": model, "mount_height": mount, "network": network, "status_code": status,
        "status": np.array([names[int(c)] for c in codes], dtype=object)[_index(codes, status)],
        "installed_on": day.astype(str).astype(object),
    })


def _index(values: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Positions of x's elements in values (all present)."""
    order = np.argsort(values)
    return order[np.searchsorted(values[order], x)]


def _pick(rng: np.random.Generator, options: list[str], idx: np.ndarray) -> np.ndarray:
    """One of the '|'-separated options of type idx, uniformly, for each element."""
    split = [np.array(o.split("|"), dtype=object) for o in options]
    u = rng.random(len(idx))
    out = np.empty(len(idx), dtype=object)
    for t, opts in enumerate(split):
        sel = idx == t
        out[sel] = opts[(u[sel] * len(opts)).astype(np.int64)]
    return out


def _empty(columns: tuple[str, ...]) -> LayerData:
    return LayerData(np.empty(0, dtype=object), {c: [] for c in columns})
