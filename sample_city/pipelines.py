"""Underground pipelines under the sample city's roads, coded per CJJ 61-2017.

Every road carries a cross-section of pipe lines, each at its own offset from the centreline
(power and telecom under the pavements, water and gas under the non-motor lanes, drainage and
heat under the carriageway). A line is cut into reaches (one per road, several for drainage so
that gravity sewers stay 1.5–4 m deep), a reach into segments between pipe points 30–80 m apart.

Depth convention (CJJ 61): ``depth`` is ground minus the pipe crown (外顶) for pressure pipes and
duct banks, ground minus the invert (管内底) for drainage. Pipe points are Point Z *at the pipe*
(z = ground_z − depth, so crown or invert), not at the manhole cover; pipelines are LineString Z
whose vertex z is linear along the segment between the end points' pipe elevations.

Everything is vectorised over all roads at once (see ``RoadFrame``); the code tables come from
``resources/dictionaries`` and only the sample-data choices (sizes, owners, shares) live here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

import resources
from sample_city.model import LayerData, Road, Terrain, gids

ROAD_CLASSES = ("主干路", "次干路", "支路", "巷")
TRIM = 2.0  # m kept free at each road end (the junction)
REACH_GAP = 3.0  # m between consecutive drainage reaches (separate systems)
CUT_STEP = 20.0  # m between ground samples when looking for highs and lows


# -- roads as flat arrays ------------------------------------------------------------------------
def expand(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Group id and index within the group for groups of the given sizes."""
    counts = np.asarray(counts, dtype=np.int64)
    owner = np.repeat(np.arange(len(counts)), counts)
    starts = np.cumsum(counts) - counts
    return owner, np.arange(int(counts.sum())) - starts[owner]


@dataclass
class RoadFrame:
    """All road centrelines in one set of arrays: a global chainage lets searchsorted locate
    points on every road at once. Offsets are along the left normal (+ = left of travel)."""

    xy: np.ndarray  # (V, 2) vertices of all roads
    cum: np.ndarray  # (V,) global chainage of each vertex
    first: np.ndarray  # (R,) first vertex index of each road
    last: np.ndarray  # (R,) last vertex index of each road
    start: np.ndarray  # (R,) global chainage of each road's start
    length: np.ndarray  # (R,)
    width: np.ndarray  # (R,)
    klass: np.ndarray  # (R,) index into ROAD_CLASSES (-1 unknown)
    names: np.ndarray  # (R,) object
    miter: np.ndarray  # (V, 2) offset direction per vertex (length >= 1 at bends)

    @classmethod
    def from_roads(cls, roads: list[Road]) -> RoadFrame:
        cls_index = {c: i for i, c in enumerate(ROAD_CLASSES)}
        return cls.from_lines(
            np.array([r.line for r in roads], dtype=object),
            np.array([float(r.width) for r in roads]),
            np.array([cls_index.get(r.road_class, -1) for r in roads], dtype=np.int64),
            np.array([r.name for r in roads], dtype=object))

    @classmethod
    def from_lines(cls, lines: np.ndarray, width: np.ndarray, klass: np.ndarray,
                   names: np.ndarray) -> RoadFrame:
        lines = shapely.remove_repeated_points(lines, 0.01)
        xy, idx = shapely.get_coordinates(lines, return_index=True)
        n = len(lines)
        counts = np.bincount(idx, minlength=n)
        last = np.cumsum(counts) - 1
        first = last - counts + 1
        seg = np.hypot(*np.diff(xy, axis=0).T)
        seg[last[:-1][counts[:-1] > 0]] = 0.0  # no step across roads
        local = np.concatenate([[0.0], np.cumsum(seg)])
        length = np.where(counts > 1, local[np.maximum(last, 0)] - local[first.clip(0)], 0.0)
        start = np.cumsum(length + 1.0) - (length + 1.0)
        cum = local - np.repeat(local[first.clip(0)] - start, counts)
        # unit normals of segments (i -> i+1), then mitred normals at vertices
        d = np.diff(xy, axis=0, append=xy[-1:])
        ln = np.hypot(d[:, 0], d[:, 1])
        ok = ln > 0
        nrm = np.zeros_like(d)
        nrm[ok] = np.column_stack([-d[ok, 1], d[ok, 0]]) / ln[ok, None]
        prev = np.vstack([nrm[:1], nrm[:-1]])
        prev[first] = nrm[first]
        nxt = nrm.copy()
        nxt[last] = prev[last]
        denom = np.maximum(1.0 + np.einsum("ij,ij->i", prev, nxt), 0.5)
        miter = (prev + nxt) / denom[:, None]
        return cls(xy=xy, cum=cum, first=first, last=last, start=start, length=length,
                   width=np.asarray(width, float), klass=np.asarray(klass), names=names,
                   miter=miter)

    def at(self, road: np.ndarray, s: np.ndarray, offset: np.ndarray | float = 0.0
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """x, y of chainage s on each road shifted by offset, and the unit tangent (ux, uy)."""
        s = np.clip(s, 0.0, self.length[road])
        gs = self.start[road] + s
        i = np.searchsorted(self.cum, gs, side="right") - 1
        i = np.clip(i, self.first[road], np.maximum(self.last[road] - 1, self.first[road]))
        d = self.xy[np.minimum(i + 1, len(self.xy) - 1)] - self.xy[i]
        ln = np.maximum(np.hypot(d[:, 0], d[:, 1]), 1e-9)
        ux, uy = d[:, 0] / ln, d[:, 1] / ln
        t = gs - self.cum[i]
        x = self.xy[i, 0] + t * ux - offset * uy
        y = self.xy[i, 1] + t * uy + offset * ux
        return x, y, ux, uy

    def vertices_between(self, road: np.ndarray, s0: np.ndarray, s1: np.ndarray
                         ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Road vertices strictly inside (s0, s1): (owner index, vertex index, chainage)."""
        lo = np.searchsorted(self.cum, self.start[road] + s0, side="right")
        hi = np.searchsorted(self.cum, self.start[road] + s1, side="left")
        owner, k = expand(np.maximum(hi - lo, 0))
        v = lo[owner] + k
        return owner, v, self.cum[v] - self.start[road[owner]]


def ground(terrain: Terrain, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Terrain heights, NaN (outside the DEM) replaced by the mean of the valid ones."""
    z = np.asarray(terrain.height(x, y), dtype=np.float64)
    bad = ~np.isfinite(z)
    if bad.any():
        z[bad] = float(np.nanmean(z)) if (~bad).any() else 0.0
    return z


def sequence_codes(prefix: np.ndarray, width: int = 4) -> np.ndarray:
    """Codes like 'JS0001', numbered 1.. separately for each prefix in array order."""
    out = np.empty(len(prefix), dtype=object)
    for p in np.unique(prefix):
        sel = np.flatnonzero(prefix == p)
        w = max(width, len(str(len(sel))))
        out[sel] = [f"{p}{i:0{w}d}" for i in range(1, len(sel) + 1)]
    return out


# -- the sample-data choices ---------------------------------------------------------------------
@dataclass(frozen=True)
class Line:
    """One pipe line of a road cross-section."""

    cls: str  # class code (JS …)
    sub: str  # subclass code, or choices 'RS|ZQ'
    offset: float  # fraction of the half width, + = left of the centreline
    share: float = 1.0  # fraction of the roads of that class that carry it
    cluster: bool = False  # the share is one compact area (≥ 1 road), not scattered roads


LAYOUTS: dict[str, tuple[Line, ...]] = {
    "主干路": (Line("DL", "GD", 0.90), Line("JS", "JP", 0.72), Line("PS", "YS", 0.45),
             Line("PS", "WS", 0.25), Line("RL", "RS|ZQ", -0.08, 0.2, True), Line("RQ", "TR", -0.72),
             Line("TX", "XX|DH|DS", -0.90)),
    "次干路": (Line("DL", "GD", 0.88), Line("JS", "JP", 0.70), Line("PS", "YS", 0.40),
             Line("PS", "WS", 0.15), Line("RQ", "TR", -0.70), Line("TX", "XX|DH|DS", -0.88)),
    "支路": (Line("DL", "GD", 0.85), Line("JS", "JP", 0.60), Line("PS", "YS", 0.30),
           Line("PS", "WS", -0.10), Line("RQ", "TR", -0.60, 0.7), Line("DL", "LD", -0.85, 0.5),
           Line("TX", "XX|DH", -0.80, 0.8)),
    "巷": (Line("DL", "GD", 0.80), Line("JS", "JP", 0.45), Line("PS", "WS", 0.0),
          Line("TX", "XX", -0.80)),
}
#: Roads at least this wide get drainage on both sides of the carriageway.
WIDE = 40.0
WIDE_EXTRA = (Line("PS", "YS", -0.45), Line("PS", "WS", -0.25))

#: Sections by (class or drainage subclass, road class); '1000×800' is a box / duct bank.
SIZES: dict[tuple[str, str], tuple[str, ...]] = {
    ("JS", "主干路"): ("DN600", "DN800", "DN1000", "DN1200"),
    ("JS", "次干路"): ("DN300", "DN400", "DN500", "DN600"),
    ("JS", "支路"): ("DN200", "DN300"),
    ("JS", "巷"): ("DN100", "DN150"),
    ("YS", "主干路"): ("DN800", "DN1000", "DN1200", "1500×1000", "2000×1200"),
    ("YS", "次干路"): ("DN600", "DN800", "DN1000"),
    ("YS", "支路"): ("DN400", "DN500", "DN600"),
    ("WS", "主干路"): ("DN500", "DN600", "DN800"),
    ("WS", "次干路"): ("DN400", "DN500"),
    ("WS", "支路"): ("DN300", "DN400"),
    ("WS", "巷"): ("DN200", "DN300"),
    ("RQ", "主干路"): ("DN300", "DN400"),
    ("RQ", "次干路"): ("DN200", "DN300"),
    ("RQ", "支路"): ("DN100", "DN150", "DN200"),
    ("RL", "主干路"): ("DN300", "DN400", "DN500"),
    ("DL", "主干路"): ("1400×1000", "1200×800"),
    ("DL", "次干路"): ("1000×700", "800×600"),
    ("DL", "支路"): ("600×400",),
    ("DL", "巷"): ("400×300",),
    ("DL110", "主干路"): ("1600×1400", "1400×1300"),
    ("LD", "支路"): ("DN100", "DN150"),
    ("TX", "主干路"): ("800×500", "600×400"),
    ("TX", "次干路"): ("600×400",),
    ("TX", "支路"): ("400×300",),
    ("TX", "巷"): ("300×200",),
}
#: Longest nominal pipe-point spacing (m) along a reach, by class; lanes use 0.8 of it.
SPACING = {"JS": 60.0, "PS": 40.0, "RQ": 60.0, "RL": 55.0, "DL": 50.0, "TX": 50.0}
#: Burial depth range (m, to the crown / duct top) of pressure pipes and duct banks.
DEPTHS = {"JS": (0.8, 1.5), "RQ": (0.9, 1.5), "RL": (1.0, 1.6), "DL": (0.7, 1.2),
          "TX": (0.7, 1.2)}
LANE_DEPTHS = {"JS": (0.7, 1.0), "DL": (0.7, 1.0), "TX": (0.7, 1.0)}
OWNERS = {
    "JS": "广州市自来水有限公司", "YS": "广州市珠湾区排水管理所", "WS": "广州市城市排水有限公司",
    "RQ": "广州燃气集团有限公司", "RL": "广州珠湾热力能源有限公司",
    "GD": "广东电网有限责任公司广州供电局", "LD": "广州市珠湾区城市管理和综合执法局",
    "XX": "中国电信股份有限公司广州分公司", "DH": "中国联合网络通信有限公司广州市分公司",
    "DS": "广东省广播电视网络股份有限公司广州分公司",
}
GAS_PRESSURE = {"主干路": "中压A", "次干路": "中压B", "支路": "低压"}
WATER_PRESSURE = {"主干路": "0.40MPa", "次干路": "0.35MPa", "支路": "0.30MPa", "巷": "0.30MPa"}


def parse_section(section: str) -> tuple[int | None, int | None, int | None]:
    """'DN300' -> (300, None, None); '1000×800' -> (None, 1000, 800)."""
    if section.startswith("DN"):
        return int(section[2:]), None, None
    w, h = section.split("×")
    return None, int(w), int(h)


# -- runs: one pipe line along one road ----------------------------------------------------------
def _runs(frame: RoadFrame, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Every (road, line) pair with its attributes, as arrays."""
    usable = frame.length - 2 * TRIM >= 10.0
    cols: dict[str, list[np.ndarray]] = {k: [] for k in ("road", "cls", "sub", "offset")}
    for ci, rc in enumerate(ROAD_CLASSES):
        lines = LAYOUTS[rc] + (WIDE_EXTRA if rc in ("主干路", "次干路") else ())
        for line in lines:
            roads = np.flatnonzero(usable & (frame.klass == ci))
            if line in WIDE_EXTRA:
                roads = roads[frame.width[roads] >= WIDE]
            if line.cluster:
                roads = _cluster(frame, roads, line.share, rng)
            elif line.share < 1:
                roads = roads[rng.random(len(roads)) < line.share]
            subs = np.array(line.sub.split("|"), dtype=object)
            cols["road"].append(roads)
            cols["cls"].append(np.full(len(roads), line.cls, dtype=object))
            cols["sub"].append(subs[rng.integers(0, len(subs), len(roads))])
            cols["offset"].append(line.offset * frame.width[roads] / 2)
    runs = {k: np.concatenate(v) if v else np.empty(0) for k, v in cols.items()}
    runs["road"] = runs["road"].astype(np.int64)
    _attributes(runs, frame, rng)
    return runs


def _cluster(frame: RoadFrame, roads: np.ndarray, share: float, rng: np.random.Generator
             ) -> np.ndarray:
    """The share of roads nearest one of them picked at random (e.g. a hospital/hotel area
    served by district heat)."""
    if len(roads) == 0:
        return roads
    x, y, _, _ = frame.at(roads, frame.length[roads] / 2)
    seed = rng.integers(0, len(roads))
    dist = np.hypot(x - x[seed], y - y[seed])
    n = max(1, int(round(share * len(roads))))
    return np.sort(roads[np.argsort(dist, kind="stable")[:n]])


def _attributes(runs: dict[str, np.ndarray], frame: RoadFrame, rng: np.random.Generator) -> None:
    """Section, material, laying, year, owner, status, pressure, voltage of each run."""
    n = len(runs["road"])
    cls, sub = runs["cls"], runs["sub"]
    rclass = np.array(ROAD_CLASSES, dtype=object)[frame.klass[runs["road"]]]
    u = rng.random((n, 6))
    year = rng.integers(1985, 2025, n)
    year = np.where(cls == "RL", 2005 + (year - 1985) // 2, year)
    kv = np.where(cls == "DL", np.where(sub == "LD", 0.4, 10.0), np.nan)
    kv = np.where((sub == "GD") & (rclass == "主干路") & (u[:, 0] < 0.25), 110.0, kv)
    key = np.where(cls == "PS", sub, np.where(kv == 110.0, "DL110",
                                              np.where(sub == "LD", "LD", cls)))
    section = np.empty(n, dtype=object)
    for k, rc in sorted({(a, b) for a, b in zip(key, rclass, strict=True)}):
        sel = np.flatnonzero((key == k) & (rclass == rc))
        opts = np.array(SIZES[(k, rc)], dtype=object)
        section[sel] = opts[rng.integers(0, len(opts), len(sel))]
    parsed = {s: parse_section(s) for s in set(section)}
    dia = np.array([parsed[s][0] or 0 for s in section], dtype=np.int64)
    box = dia == 0
    new = year >= 2005
    mat = np.full(n, "T", dtype=object)
    mat[cls == "JS"] = np.where(dia[cls == "JS"] >= 1000, "G", "QM")
    mat[(cls == "JS") & (year < 1995)] = "ZT"
    mat[(cls == "JS") & (dia <= 150) & new & (u[:, 1] < 0.5)] = "PE"
    small_ps = (cls == "PS") & ~box & (dia <= 500) & new
    mat[small_ps] = np.where(u[small_ps, 1] < 0.6, "PE", "PVC")
    mat[cls == "RQ"] = np.where((year[cls == "RQ"] >= 2000) & (dia[cls == "RQ"] <= 300),
                                "PE", "G")
    mat[cls == "RL"] = "G"
    mat[(cls == "DL") & (u[:, 1] < 0.3)] = "PVC"
    mat[(cls == "DL") & (kv == 110.0)] = "Z"
    mat[(cls == "DL") & (sub == "LD")] = "PVC"
    mat[cls == "TX"] = np.where(u[cls == "TX", 1] < 0.7, "PVC", "T")
    lay = np.full(n, "ZM", dtype=object)
    lay[(cls == "PS") & box] = "GG"
    big = np.isin(rclass, ["主干路", "次干路"]) & (u[:, 2] < 0.08)
    lay[big & ((cls == "JS") | ((cls == "PS") & ~box))] = "DG"
    lay[(cls == "RL") & (u[:, 2] < 0.6)] = "GG"
    lay[np.isin(cls, ["DL", "TX"])] = "GK"
    lay[np.isin(cls, ["DL", "TX"]) & (mat == "PVC")] = "GM"
    lay[(cls == "DL") & (kv == 110.0)] = "GG"
    status = np.where(u[:, 3] < np.where(year < 2000, 0.05, 0.01), 1, 0)
    status[np.isin(cls, ["DL", "TX"]) & (status == 0) & (u[:, 4] < 0.03)] = 2
    pressure = np.full(n, None, dtype=object)
    for rc, p in GAS_PRESSURE.items():
        pressure[(cls == "RQ") & (rclass == rc)] = p
    for rc, p in WATER_PRESSURE.items():
        pressure[(cls == "JS") & (rclass == rc)] = p
    w = np.array([parsed[s][1] or 0 for s in section], dtype=np.int64)
    h = np.array([parsed[s][2] or 0 for s in section], dtype=np.int64)
    holes = np.where(np.isin(lay, ["GK", "GM"]) & box, (w // 200) * (h // 200), 0)
    owner = np.array([OWNERS.get(s, OWNERS.get(c, "")) for s, c in zip(sub, cls, strict=True)],
                     dtype=object)
    runs.update(rclass=rclass, section=section, dia=dia, width_mm=w, height_mm=h, box=box,
                material=mat, laying=lay, year=year, status=status, pressure=pressure,
                kv=kv, holes=holes, owner=owner)


def _terrain_cuts(runs: dict[str, np.ndarray], frame: RoadFrame, terrain: Terrain
                  ) -> tuple[np.ndarray, np.ndarray]:
    """(run, chainage) of the ground's highs and lows along each drainage run: sewers flow
    away from ridges and into valleys (outfalls), so no reach has to climb."""
    drain = np.flatnonzero(runs["cls"] == "PS")
    road = runs["road"][drain]
    span = frame.length[road] - 2 * TRIM
    o, j = expand((span // CUT_STEP).astype(np.int64) + 1)
    s = TRIM + j * CUT_STEP
    g = ground(terrain, *frame.at(road[o], s, runs["offset"][drain][o])[:2])
    # 5-sample moving mean within each run, then the sign of the slope (0 = flat)
    first = np.r_[True, o[1:] != o[:-1]]
    lo_i = np.flatnonzero(first)[np.cumsum(first) - 1]
    hi_i = np.r_[np.flatnonzero(first)[1:] - 1, len(o) - 1][np.cumsum(first) - 1]
    i = np.arange(len(o))
    a, b = np.maximum(i - 2, lo_i), np.minimum(i + 2, hi_i)
    cs = np.r_[0.0, np.cumsum(g)]
    gs = (cs[b + 1] - cs[a]) / (b - a + 1)
    d = np.r_[np.diff(gs), 0.0]
    d[hi_i == i] = 0.0
    sgn = np.where(np.abs(d) > 0.05 * CUT_STEP / 20.0, np.sign(d), 0.0)
    filled = sgn[np.maximum.accumulate(np.where((sgn != 0) | first, i, 0))]
    turn = (~first) & (filled != 0) & (np.r_[0.0, filled[:-1]] != 0)
    turn &= np.r_[0.0, filled[:-1]] != filled
    turn &= (s > TRIM + 30.0) & (s < frame.length[road[o]] - TRIM - 30.0)
    return drain[o[turn]], s[turn]


def _reaches(runs: dict[str, np.ndarray], frame: RoadFrame, terrain: Terrain,
             rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Split runs into reaches and station them. Drainage runs are cut at the ground's highs
    and lows and into pieces short enough (≤ 600 m, ≤ 1.2 m of fall) to stay shallow."""
    n = len(runs["road"])
    drain = runs["cls"] == "PS"
    size_m = np.where(runs["box"], runs["height_mm"], runs["dia"]) / 1000.0
    slope = np.where(drain, np.maximum(0.0006, 1.0 / np.maximum(size_m * 1000, 1))
                     * rng.uniform(1.0, 1.3, n), 0.0)
    cap = np.where(drain, np.minimum(600.0, 1.2 / np.maximum(slope, 1e-9)), np.inf)
    # terrain pieces between run ends and cuts (a gap of REACH_GAP at each cut)
    cut_run, cut_s = _terrain_cuts(runs, frame, terrain)
    ends = frame.length[runs["road"]] - TRIM
    b_run = np.concatenate([np.arange(n), cut_run, cut_run, np.arange(n)])
    b_s = np.concatenate([np.full(n, TRIM), cut_s - REACH_GAP / 2, cut_s + REACH_GAP / 2, ends])
    order = np.lexsort((b_s, b_run))
    b_run, b_s = b_run[order].reshape(-1, 2)[:, 0], b_s[order].reshape(-1, 2)
    span = b_s[:, 1] - b_s[:, 0]
    # each piece into equal reaches no longer than the cap
    pieces = np.maximum(1, np.ceil(span / cap[b_run])).astype(np.int64)
    p, j = expand(pieces)
    run = b_run[p]
    piece = (span[p] - REACH_GAP * (pieces[p] - 1)) / pieces[p]
    s0 = b_s[p, 0] + j * (piece + REACH_GAP)
    s1 = s0 + piece
    road = runs["road"][run]
    lane = frame.klass[road] == ROAD_CLASSES.index("巷")
    spacing = np.array([SPACING[c] for c in runs["cls"][run]]) * np.where(lane, 0.8, 1.0)
    spacing *= rng.uniform(0.9, 1.1, len(run))
    nseg = np.maximum(1, np.ceil(piece / spacing)).astype(np.int64)
    xa, ya, _, _ = frame.at(road, s0, runs["offset"][run])
    xb, yb, _, _ = frame.at(road, s1, runs["offset"][run])
    return {"run": run, "road": road, "s0": s0, "s1": s1, "nseg": nseg, "xa": xa, "ya": ya,
            "xb": xb, "yb": yb, "slope": slope[run]}


# -- assembling points and segments --------------------------------------------------------------
def generate_pipelines(roads: list[Road], terrain: Terrain, rng: np.random.Generator
                       ) -> tuple[LayerData, LayerData]:
    """(pipelines, pipe_points) for all roads: the six main CJJ 61 classes, see module doc."""
    if not roads:
        return _empty_pipelines(), _empty_points()
    frame = RoadFrame.from_roads(roads)
    runs = _runs(frame, rng)
    rch = _reaches(runs, frame, terrain, rng)
    ga = ground(terrain, rch["xa"], rch["ya"])
    gb = ground(terrain, rch["xb"], rch["yb"])
    run = rch["run"]
    drain = runs["cls"][run] == "PS"
    flat = np.abs(ga - gb) < 0.5
    down = np.where(flat, np.arange(len(run)) % 2 == 0, ga >= gb)
    fwd = np.where(drain, down, True)
    rch["dir"] = np.where(fwd, 1.0, -1.0)

    # stations (pipe points on the line), numbered k = 0..nseg in flow order
    owner, k = expand(rch["nseg"] + 1)
    nseg = rch["nseg"][owner]
    length = rch["s1"][owner] - rch["s0"][owner]
    frac = k / nseg
    inner = (k > 0) & (k < nseg)
    frac = frac + np.where(inner, rng.uniform(-0.1, 0.1, len(k)) / nseg, 0.0)
    s = np.where(rch["dir"][owner] > 0, rch["s0"][owner] + frac * length,
                 rch["s1"][owner] - frac * length)
    road = rch["road"][owner]
    r_of = run[owner]
    offset = runs["offset"][r_of]
    px, py, ux, uy = frame.at(road, s, offset)
    pg = np.round(ground(terrain, px, py), 3)
    depth = _depths(runs, rch, owner, k, s, pg, rng)
    pt_off = np.cumsum(rch["nseg"] + 1) - (rch["nseg"] + 1)
    ptype = _point_types(runs, r_of, k, nseg, rng)

    # laterals: hydrants off water mains, gullies into rain manholes
    lat = _laterals(runs, frame, r_of, k, nseg, s, road, offset, rch["dir"][owner], ptype, rng)
    n_main = len(px)
    lat_idx = np.arange(n_main, n_main + len(lat["x"]))
    lg = np.round(ground(terrain, lat["x"], lat["y"]), 3)
    pts = {
        "x": np.concatenate([px, lat["x"]]), "y": np.concatenate([py, lat["y"]]),
        "g": np.concatenate([pg, lg]), "depth": np.concatenate([depth, lat["depth"]]),
        "run": np.concatenate([r_of, r_of[lat["at"]]]),
        "type": np.concatenate([ptype, lat["type"]]),
    }
    pts["z"] = pts["g"] - pts["depth"]

    # segments along reaches: start = station m, end = station m + 1
    so, m = expand(rch["nseg"])
    seg_a = pt_off[so] + m
    seg_b = seg_a + 1
    seg_run = run[so]
    # laterals: hydrant main -> hydrant; gully -> manhole (flow direction)
    hyd = lat["type"] == "消防栓"
    lat_a = np.where(hyd, lat["at"], lat_idx)
    lat_b = np.where(hyd, lat_idx, lat["at"])
    seg_a = np.concatenate([seg_a, lat_a])
    seg_b = np.concatenate([seg_b, lat_b])
    seg_run = np.concatenate([seg_run, r_of[lat["at"]]])
    is_lat = np.r_[np.zeros(len(so), bool), np.ones(len(lat_a), bool)]
    geoms = _segment_geoms(frame, rch, owner, s, pt_off, so, pts, seg_a, seg_b, runs)
    points = _point_layer(runs, frame, pts, rng)
    lines = _line_layer(runs, frame, pts, points, seg_a, seg_b, seg_run, is_lat, lat, geoms, rng)
    return lines, points


def _depths(runs: dict[str, np.ndarray], rch: dict[str, np.ndarray], owner: np.ndarray,
            k: np.ndarray, s: np.ndarray, g: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Depth of each station: pressure pipes base ± 0.1 m; drainage from the invert, deeper
    downstream (drop = max(slope × length, fall of the ground), so depth never decreases)."""
    run = rch["run"][owner]
    cls = runs["cls"][run]
    lane = runs["rclass"][run] == "巷"
    lo = np.zeros(len(k))
    hi = np.zeros(len(k))
    for c, (a, b) in DEPTHS.items():
        la, lb = LANE_DEPTHS.get(c, (a, b))
        sel = cls == c
        lo[sel] = np.where(lane[sel], la, a)
        hi[sel] = np.where(lane[sel], lb, b)
    base_r = rng.random(len(rch["run"]))
    base = lo + base_r[owner] * (hi - lo - 0.2)
    depth = base + rng.uniform(0.0, 0.2, len(k))
    # drainage invert depths
    size_m = np.where(runs["box"], runs["height_mm"], runs["dia"])[run] / 1000.0
    start = np.maximum(1.5, rng.uniform(1.0, 1.4, len(rch["run"]))[owner] + size_m * 1.1)
    ds = np.abs(np.diff(s, prepend=s[:1]))
    fall = np.diff(g, prepend=g[:1]) * -1.0
    drop = np.where(k > 0, np.maximum(rch["slope"][owner] * ds, fall), 0.0)
    c = np.cumsum(drop)
    c -= (c - drop)[k == 0][owner]  # restart the sum at every reach
    inv0 = (g - start)[k == 0][owner]
    drain_depth = g - (inv0 - c)
    return np.round(np.where(cls == "PS", drain_depth, depth), 2)


def _point_types(runs: dict[str, np.ndarray], r_of: np.ndarray, k: np.ndarray,
                 nseg: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """检查井 for drainage/heat/power/telecom, 阀门 for water/gas; some 三通 / 变径 at reach ends
    and 三通 where a hydrant branches (set later by _laterals)."""
    cls = runs["cls"][r_of]
    t = np.where(np.isin(cls, ["JS", "RQ"]), "阀门", "检查井").astype(object)
    end = k == nseg
    u = rng.random(len(k))
    t[(cls == "JS") & end & (u < 0.25)] = "变径"
    t[(cls == "RQ") & end & (u < 0.3)] = "三通"
    t[(cls == "RQ") & (k == 0) & (u < 0.1)] = "变径"
    return t


def _laterals(runs: dict[str, np.ndarray], frame: RoadFrame, r_of: np.ndarray, k: np.ndarray,
              nseg: np.ndarray, s: np.ndarray, road: np.ndarray, offset: np.ndarray,
              direction: np.ndarray, ptype: np.ndarray, rng: np.random.Generator
              ) -> dict[str, np.ndarray]:
    """Hydrants (消防栓) beside water mains and gullies (雨水篦) at the kerb by rain manholes;
    'at' is the main-line station each connects to."""
    cls, sub, rclass = runs["cls"][r_of], runs["sub"][r_of], runs["rclass"][r_of]
    u = rng.random(len(k))
    hyd = (cls == "JS") & (rclass != "巷") & (k % 3 == 1) & (k < nseg) & (u < 0.8)
    gul = (sub == "YS") & (u < 0.5)
    ptype[hyd] = "三通"
    at = np.flatnonzero(hyd | gul)
    is_h = hyd[at]
    half = frame.width[road[at]] / 2
    kerb = half - np.clip(0.12 * 2 * half, 1.5, 5.0)
    side = np.where(offset[at] >= 0, 1.0, -1.0)
    off = side * np.maximum(np.where(is_h, kerb + 0.5, kerb - 0.3), np.abs(offset[at]) + 0.8)
    x, y, _, _ = frame.at(road[at], s[at] + np.where(is_h, 1.5, 0.0) * direction[at], off)
    depth = np.round(np.where(is_h, rng.uniform(0.7, 0.9, len(at)),
                              rng.uniform(0.8, 1.0, len(at))), 2)
    return {"at": at, "x": x, "y": y, "depth": depth,
            "type": np.where(is_h, "消防栓", "雨水篦").astype(object)}


def _segment_geoms(frame: RoadFrame, rch: dict[str, np.ndarray], owner: np.ndarray,
                   s: np.ndarray, pt_off: np.ndarray, so: np.ndarray,
                   pts: dict[str, np.ndarray], seg_a: np.ndarray, seg_b: np.ndarray,
                   runs: dict[str, np.ndarray]) -> np.ndarray:
    """LineString Z per segment: end points plus the offset road vertices in between."""
    n_reach_seg = len(so)
    seg_off = np.cumsum(rch["nseg"]) - rch["nseg"]
    # road vertices inside each reach, offset with the mitred normal
    vo, v, vs = frame.vertices_between(rch["road"], rch["s0"], rch["s1"])
    voff = runs["offset"][rch["run"][vo]]
    vx = frame.xy[v, 0] + voff * frame.miter[v, 0]
    vy = frame.xy[v, 1] + voff * frame.miter[v, 1]
    # which segment each vertex falls in: stations are monotonic in flow order
    d = rch["dir"]
    key_st = s * d[owner]
    key_v = vs * d[vo]
    n_before = _count_before(owner, key_st, vo, key_v, pt_off)  # stations up to each vertex
    seg_v = seg_off[vo] + n_before - 1
    # drop vertices within 0.5 m of a station (avoid near-zero pieces)
    prev_s = s[pt_off[vo] + n_before - 1]
    next_s = s[np.minimum(pt_off[vo] + n_before, len(s) - 1)]
    keep = (np.abs(vs - prev_s) > 0.5) & (np.abs(next_s - vs) > 0.5)
    keep &= (n_before >= 1) & (n_before <= rch["nseg"][vo])
    seg_v, vx, vy, key_v = seg_v[keep], vx[keep], vy[keep], key_v[keep]
    # entries: segment start, interior vertices, segment end
    a, b = seg_a[:n_reach_seg], seg_b[:n_reach_seg]
    segs = np.arange(n_reach_seg)
    e_seg = np.concatenate([segs, seg_v, segs])
    e_rank = np.concatenate([np.zeros(n_reach_seg), np.ones(len(seg_v)),
                             np.full(n_reach_seg, 2.0)])
    e_key = np.concatenate([np.zeros(n_reach_seg), key_v, np.zeros(n_reach_seg)])
    ex = np.concatenate([pts["x"][a], vx, pts["x"][b]])
    ey = np.concatenate([pts["y"][a], vy, pts["y"][b]])
    # laterals: straight two-point lines
    la, lb = seg_a[n_reach_seg:], seg_b[n_reach_seg:]
    lsegs = np.arange(n_reach_seg, len(seg_a))
    e_seg = np.concatenate([e_seg, lsegs, lsegs])
    e_rank = np.concatenate([e_rank, np.zeros(len(la)), np.full(len(la), 2.0)])
    e_key = np.concatenate([e_key, np.zeros(2 * len(la))])
    ex = np.concatenate([ex, pts["x"][la], pts["x"][lb]])
    ey = np.concatenate([ey, pts["y"][la], pts["y"][lb]])
    order = np.lexsort((e_key, e_rank, e_seg))
    e_seg, ex, ey = e_seg[order], ex[order], ey[order]
    # z linear along the segment's plan length
    step = np.hypot(np.diff(ex, prepend=ex[:1]), np.diff(ey, prepend=ey[:1]))
    new = np.r_[True, e_seg[1:] != e_seg[:-1]]
    step[new] = 0.0
    c = np.cumsum(step)
    c -= c[new][np.cumsum(new) - 1]
    total = np.zeros(len(seg_a))
    np.maximum.at(total, e_seg, c)
    t = np.divide(c, total[e_seg], out=np.zeros_like(c), where=total[e_seg] > 0)
    za, zb = pts["z"][seg_a], pts["z"][seg_b]
    ez = za[e_seg] + t * (zb[e_seg] - za[e_seg])
    return shapely.linestrings(np.column_stack([ex, ey, ez]), indices=e_seg)


def _count_before(owner: np.ndarray, key_st: np.ndarray, vo: np.ndarray, key_v: np.ndarray,
                  pt_off: np.ndarray) -> np.ndarray:
    """For each vertex, the number of its reach's stations with key <= the vertex key.

    Stations are sorted by (reach, key) already, so one searchsorted on a global key made
    monotonic by a large per-reach offset answers for all vertices at once."""
    span = max(float(np.abs(key_st).max(initial=0.0)), float(np.abs(key_v).max(initial=0.0)))
    big = 2.0 * span + 10.0
    return np.searchsorted(owner * big + key_st, vo * big + key_v, side="right") - pt_off[vo]


# -- layers ---------------------------------------------------------------------------------------
PIPE_COLUMNS = ("gid", "code", "class_code", "class_name", "subclass_code", "subclass_name",
                "feature_code", "start_no", "end_no", "start_depth", "end_depth", "diameter_mm",
                "width_mm", "height_mm", "section", "material_code", "laying_code", "pressure",
                "voltage_kv", "holes", "year", "owner", "status_code", "road_name")
POINT_COLUMNS = ("gid", "no", "class_code", "point_type", "feature_code", "ground_z", "depth",
                 "road_name")


def _empty_pipelines() -> LayerData:
    return LayerData(np.empty(0, dtype=object), {c: [] for c in PIPE_COLUMNS})


def _empty_points() -> LayerData:
    return LayerData(np.empty(0, dtype=object), {c: [] for c in POINT_COLUMNS})


def _point_layer(runs: dict[str, np.ndarray], frame: RoadFrame, pts: dict[str, np.ndarray],
                 rng: np.random.Generator) -> LayerData:
    cls = runs["cls"][pts["run"]]
    sub = runs["sub"][pts["run"]]
    codes = {(r["subclass_code"], r["point_type"]): r["feature_code"]
             for r in resources.dictionary("pipe_point_types")}
    fcode = np.empty(len(cls), dtype=object)
    for sc, pt in sorted({(a, b) for a, b in zip(sub, pts["type"], strict=True)}):
        fcode[(sub == sc) & (pts["type"] == pt)] = codes[(sc, pt)]
    pts["no"] = sequence_codes(cls)
    geoms = shapely.points(np.column_stack([pts["x"], pts["y"], pts["z"]]))
    return LayerData(geoms, {
        "gid": gids(rng, len(cls)), "no": pts["no"], "class_code": cls,
        "point_type": pts["type"], "feature_code": fcode, "ground_z": pts["g"],
        "depth": pts["depth"], "road_name": frame.names[runs["road"][pts["run"]]],
    })


def _line_layer(runs: dict[str, np.ndarray], frame: RoadFrame, pts: dict[str, np.ndarray],
                points: LayerData, a: np.ndarray, b: np.ndarray, r: np.ndarray,
                is_lat: np.ndarray, lat: dict[str, np.ndarray], geoms: np.ndarray,
                rng: np.random.Generator) -> LayerData:
    classes = resources.lookup("pipeline_classes")
    subclasses = {row["code"]: row for row in resources.dictionary("pipeline_subclasses")}
    cls, sub = runs["cls"][r], runs["sub"][r]
    n = len(r)
    # laterals: small pipes of their own size and material
    section = runs["section"][r].copy()
    dia = runs["dia"][r].copy()
    mat = runs["material"][r].copy()
    lay = runs["laying"][r].copy()
    hyd = is_lat & (cls == "JS")
    gul = is_lat & (cls == "PS")
    u = rng.random(n)
    section[hyd] = np.where(u[hyd] < 0.5, "DN100", "DN150")
    section[gul] = np.where(u[gul] < 0.5, "DN200", "DN300")
    dia[hyd] = np.where(u[hyd] < 0.5, 100, 150)
    dia[gul] = np.where(u[gul] < 0.5, 200, 300)
    mat[hyd] = "QM"
    mat[gul] = np.where(runs["year"][r][gul] >= 2005, "PVC", "T")
    lay[is_lat] = "ZM"
    box = runs["box"][r] & ~is_lat
    w = np.where(box, runs["width_mm"][r], 0)
    h = np.where(box, runs["height_mm"][r], 0)
    ints = np.array([None, *range(1, 2001)], dtype=object)  # shared int objects, None = NULL
    holes = runs["holes"][r] * ~is_lat
    class_digit = np.array([classes[c]["digit"] for c in cls], dtype=object)
    sub_digit = np.array([subclasses[s]["digit"] for s in sub], dtype=object)
    fcode = "5" + class_digit + sub_digit + "1000"
    serial = sequence_codes(cls, 6)
    return LayerData(geoms, {
        "gid": gids(rng, n), "code": cls + "-L" + np.array([c[2:] for c in serial], object),
        "class_code": cls, "class_name": np.array([classes[c]["name"] for c in cls], object),
        "subclass_code": sub,
        "subclass_name": np.array([subclasses[s]["name"] for s in sub], object),
        "feature_code": fcode,
        "start_no": points.columns["no"][a], "end_no": points.columns["no"][b],
        "start_depth": pts["depth"][a], "end_depth": pts["depth"][b],
        "diameter_mm": ints[np.where(box, 0, dia)], "width_mm": ints[w], "height_mm": ints[h],
        "section": section, "material_code": mat, "laying_code": lay,
        "pressure": runs["pressure"][r], "voltage_kv": runs["kv"][r],
        "holes": ints[holes], "year": runs["year"][r], "owner": runs["owner"][r],
        "status_code": runs["status"][r], "road_name": frame.names[runs["road"][r]],
    })
