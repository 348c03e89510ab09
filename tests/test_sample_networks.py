"""Sample-city pipelines and smart poles: codes, topology, depths, spacing, determinism."""

from __future__ import annotations

import os
import re
import time
from collections import defaultdict

import numpy as np
import pytest
import shapely
from rasterio.transform import from_origin

import resources
from sample_city.model import LayerData, Road, Terrain
from sample_city.pipelines import generate_pipelines
from sample_city.poles import generate_poles
from store.raster import Grid

X0, Y0 = 427000.0, 2556000.0


def make_terrain(size_m: float = 3000.0, cell: float = 10.0) -> Terrain:
    n = int(size_m / cell)
    ramp = np.add.outer(np.linspace(0.0, 4.0, n), np.linspace(0.0, 2.0, n))
    return Terrain(Grid((8.0 + ramp).astype(np.float32), from_origin(X0, Y0, cell, cell),
                        "EPSG:4547"))


def make_roads() -> list[Road]:
    line = shapely.LineString
    return [
        Road("r1", "珠湾大道", "主干路", 50.0,
             line([(427100, 2555000), (428000, 2555010), (428900, 2555300)])),
        Road("r2", "滨江东路", "主干路", 36.0, line([(427200, 2554400), (428800, 2554420)])),
        Road("r3", "海心路", "次干路", 30.0, line([(428000, 2555800), (428010, 2554300)])),
        Road("r4", "新港支路", "支路", 16.0,
             line([(427300, 2555400), (427600, 2555450), (427700, 2555700)])),
        Road("r5", "西坊巷", "巷", 5.0, line([(427500, 2555100), (427520, 2555220)])),
    ]


@pytest.fixture(scope="module")
def terrain() -> Terrain:
    return make_terrain()


@pytest.fixture(scope="module")
def roads() -> list[Road]:
    return make_roads()


@pytest.fixture(scope="module")
def networks(roads: list[Road], terrain: Terrain) -> tuple[LayerData, LayerData]:
    return generate_pipelines(roads, terrain, np.random.default_rng(7))


@pytest.fixture(scope="module")
def poles(roads: list[Road], terrain: Terrain) -> tuple[LayerData, LayerData]:
    return generate_poles(roads, terrain, np.random.default_rng(7))


def col(layer: LayerData, name: str) -> np.ndarray:
    return np.asarray(layer.columns[name], dtype=object)


def point_index(points: LayerData) -> dict[str, int]:
    return {no: i for i, no in enumerate(points.columns["no"])}


# -- pipelines ------------------------------------------------------------------------------------
def test_all_classes_and_drainage_subclasses(networks):
    lines, _ = networks
    assert set(col(lines, "class_code")) == {"JS", "PS", "RQ", "RL", "DL", "TX"}
    ps = col(lines, "class_code") == "PS"
    assert {"YS", "WS"} <= set(col(lines, "subclass_code")[ps])
    classes = resources.lookup("pipeline_classes")
    for c, name in zip(col(lines, "class_code"), col(lines, "class_name"), strict=True):
        assert classes[c]["name"] == name


def test_segments_have_distinct_known_end_points(networks):
    lines, points = networks
    idx = point_index(points)
    assert len(idx) == len(points), "point numbers are unique"
    start, end = col(lines, "start_no"), col(lines, "end_no")
    assert np.all(start != end)
    assert set(start) | set(end) <= set(idx)
    assert set(idx) <= set(start) | set(end), "no isolated pipe points"
    for no, c in zip(start, col(lines, "class_code"), strict=True):
        assert re.fullmatch(c + r"\d{4,}", no)
    assert len(set(col(lines, "code"))) == len(lines)
    assert len(set(col(lines, "gid"))) == len(lines)


def test_depths_plausible(networks):
    lines, points = networks
    limits = {"JS": (0.7, 1.5), "RQ": (0.9, 1.5), "RL": (1.0, 1.6), "DL": (0.7, 1.2),
              "TX": (0.7, 1.2), "PS": (0.8, 5.0)}
    depth = np.asarray(points.columns["depth"], float)
    cls = col(points, "class_code")
    for c, (lo, hi) in limits.items():
        d = depth[cls == c]
        assert len(d) and d.min() >= lo - 1e-9 and d.max() <= hi + 1e-9, c
    manholes = (cls == "PS") & (col(points, "point_type") == "检查井")
    assert depth[manholes].min() >= 1.5 and np.median(depth[manholes]) < 4.0
    assert np.all(np.asarray(lines.columns["start_depth"], float) > 0)


def test_z_is_ground_minus_depth(networks):
    lines, points = networks
    idx = point_index(points)
    pxyz = shapely.get_coordinates(points.geoms, include_z=True)
    g = np.asarray(points.columns["ground_z"], float)
    d = np.asarray(points.columns["depth"], float)
    np.testing.assert_allclose(pxyz[:, 2], g - d, atol=1e-6)
    for i, geom in enumerate(lines.geoms):
        xyz = shapely.get_coordinates(geom, include_z=True)
        a, b = idx[lines.columns["start_no"][i]], idx[lines.columns["end_no"][i]]
        np.testing.assert_allclose(xyz[0], pxyz[a], atol=1e-6)
        np.testing.assert_allclose(xyz[-1], pxyz[b], atol=1e-6)
        assert lines.columns["start_depth"][i] == d[a] and lines.columns["end_depth"][i] == d[b]
    assert max(shapely.get_num_coordinates(lines.geoms)) > 2, "pipes follow road bends"


def test_consecutive_segments_share_points_with_one_depth(networks):
    lines, points = networks
    depths: dict[str, set[float]] = defaultdict(set)
    uses: dict[str, int] = defaultdict(int)
    for key in ("start", "end"):
        for no, dep in zip(lines.columns[f"{key}_no"], lines.columns[f"{key}_depth"],
                           strict=True):
            depths[no].add(float(dep))
            uses[no] += 1
    assert all(len(v) == 1 for v in depths.values())
    # all but the reach ends and the hydrant / gully ends are shared by two segments
    ends = set(col(points, "no")[np.isin(col(points, "point_type"), ["消防栓", "雨水篦"])])
    inner = [u for no, u in uses.items() if no not in ends]
    assert sum(u >= 2 for u in inner) > 0.85 * len(inner)


def test_drainage_deepens_downstream(networks):
    lines, _ = networks
    ps = col(lines, "class_code") == "PS"
    start = np.asarray(lines.columns["start_depth"], float)[ps]
    end = np.asarray(lines.columns["end_depth"], float)[ps]
    assert np.all(end >= start)
    # and the invert falls: pipe z at the end is below z at the start
    z = [shapely.get_coordinates(g, include_z=True)[[0, -1], 2] for g in lines.geoms[ps]]
    assert all(b < a for a, b in z)


def test_drainage_stays_shallow_across_a_valley():
    n = 300  # 3 km square, a 10 m deep valley across the middle and a hump east of it
    x = np.arange(n) * 10.0
    ground_row = 8.0 + np.abs(x - 1000.0) * 0.01 - 3.0 * np.exp(-((x - 2200.0) / 200.0) ** 2)
    t = Terrain(Grid(np.tile(ground_row, (n, 1)).astype(np.float32),
                     from_origin(X0, Y0, 10.0, 10.0), "EPSG:4547"))
    road = Road("v", "谷底大道", "主干路", 40.0, shapely.LineString([(X0 + 50, Y0 - 1500),
                                                                  (X0 + 2950, Y0 - 1500)]))
    lines, points = generate_pipelines([road], t, np.random.default_rng(3))
    ps = col(points, "class_code") == "PS"
    assert np.asarray(points.columns["depth"], float)[ps].max() < 4.5


def test_codes_from_dictionaries(networks):
    lines, points = networks
    materials = resources.lookup("pipe_materials")
    layings = resources.lookup("laying_methods")
    statuses = {int(r["code"]) for r in resources.dictionary("pipe_status")}
    classes = resources.lookup("pipeline_classes")
    subclasses = {r["code"]: r for r in resources.dictionary("pipeline_subclasses")}
    for i in range(len(lines)):
        row = {k: v[i] for k, v in lines.columns.items()}
        c = row["class_code"]
        assert c in materials[row["material_code"]]["applies_to"].split(), row
        assert row["laying_code"] in layings
        assert int(row["status_code"]) in statuses
        assert 1985 <= int(row["year"]) <= 2024
        sub = subclasses[row["subclass_code"]]
        assert sub["class_code"] == c and sub["name"] == row["subclass_name"]
        fc = row["feature_code"]
        assert re.fullmatch(r"\d{8}", fc)
        assert fc == "5" + classes[c]["digit"] + sub["digit"] + "10" + fc[6:]
        m = re.fullmatch(r"DN(\d+)|(\d+)×(\d+)", row["section"])
        assert m, row["section"]
        if m.group(1):
            assert row["diameter_mm"] == int(m.group(1)) and row["width_mm"] is None
            assert 100 <= row["diameter_mm"] <= 1200
        else:
            assert row["diameter_mm"] is None
            assert (row["width_mm"], row["height_mm"]) == (int(m.group(2)), int(m.group(3)))
        if c == "RQ":
            assert row["pressure"] in {"中压A", "中压B", "低压"}
        if c == "DL":
            assert row["voltage_kv"] in {0.4, 10.0, 110.0}
    types = {(r["feature_code"]): r for r in resources.dictionary("pipe_point_types")}
    for c, t, fc in zip(col(points, "class_code"), col(points, "point_type"),
                        col(points, "feature_code"), strict=True):
        assert re.fullmatch(r"\d{8}", fc) and fc[1] == classes[c]["digit"]
        assert fc[4] == "2" and fc[5] in "12"
        assert types[fc]["point_type"] == t and types[fc]["class_code"] == c
    kinds = set(col(points, "point_type"))
    assert {"检查井", "阀门", "消防栓", "三通", "雨水篦"} <= kinds


def test_pipeline_classes_dictionary():
    rows = resources.lookup("pipeline_classes")
    assert rows["JS"]["rgb"] == "0,255,255" and rows["PS"]["rgb"] == "76,57,38"
    for code in ("GY", "QT"):
        assert rows[code]["rgb"] == "0,0,0" and rows[code]["dark_bg_rgb"] != "0,0,0"


# -- poles ----------------------------------------------------------------------------------------
def test_poles_along_main_roads_every_30_to_50_m(poles, roads):
    pole_layer, _ = poles
    by_name = {r.name: r for r in roads}
    assert {by_name[n].road_class for n in pole_layer.columns["road_name"]} <= {"主干路", "次干路"}
    groups: dict[tuple[str, str], list[shapely.Point]] = defaultdict(list)
    for geom, name, side in zip(pole_layer.geoms, pole_layer.columns["road_name"],
                                pole_layer.columns["side"], strict=True):
        groups[(name, side)].append(geom)
        assert by_name[name].line.distance(geom) > 2.0, "set back from the centreline"
    mains = {r.name for r in roads if r.road_class == "主干路"}
    assert {n for n, _ in groups} >= mains
    assert all(len({s for n, s in groups if n == m}) == 2 for m in mains), "both sides"
    for (name, _), pts in groups.items():
        # spacing along the pole line (the centreline offset to the poles)
        centre = by_name[name].line
        d = float(np.median([centre.distance(p) for p in pts]))
        side_line = min((shapely.offset_curve(centre, sgn * d, join_style="mitre",
                                              mitre_limit=2.0) for sgn in (1, -1)),
                        key=lambda ln: max(ln.distance(p) for p in pts))
        assert max(side_line.distance(p) for p in pts) < 1e-6
        gaps = np.diff(np.sort([side_line.project(p) for p in pts]))
        assert len(gaps) and gaps.min() >= 30.0 - 1e-3 and gaps.max() <= 50.0 + 1e-3
    h = np.asarray(pole_layer.columns["height"], float)
    assert h.min() >= 8 and h.max() <= 12
    years = np.asarray(pole_layer.columns["install_year"])
    assert years.min() >= 2019 and years.max() <= 2025
    assert all(re.fullmatch(r"ZHG-\d{6}", c) for c in pole_layer.columns["code"])


def test_devices_on_every_pole(poles):
    pole_layer, devices = poles
    gid_index = {g: i for i, g in enumerate(pole_layer.columns["gid"])}
    per_pole: dict[str, list[str]] = defaultdict(list)
    pz = shapely.get_coordinates(pole_layer.geoms, include_z=True)[:, 2]
    dz = shapely.get_coordinates(devices.geoms, include_z=True)[:, 2]
    types = resources.lookup("pole_device_types")
    statuses = {int(r["code"]): r["name"] for r in resources.dictionary("device_status")}
    for i, (pg, t) in enumerate(zip(devices.columns["pole_gid"],
                                    devices.columns["device_type_code"], strict=True)):
        assert pg in gid_index
        per_pole[pg].append(t)
        j = gid_index[pg]
        assert devices.columns["pole_code"][i] == pole_layer.columns["code"][j]
        assert abs(dz[i] - pz[j] - devices.columns["mount_height"][i]) < 1e-6
        assert devices.columns["device_type"][i] == types[t]["name"]
        assert statuses[int(devices.columns["status_code"][i])] == devices.columns["status"][i]
        assert devices.columns["installed_on"][i][:4] >= str(
            pole_layer.columns["install_year"][j])
    assert set(per_pole) == set(gid_index)
    for kinds in per_pole.values():
        assert 2 <= len(kinds) <= 6 and "LIGHT" in kinds and len(set(kinds)) == len(kinds)


# -- determinism and scale -----------------------------------------------------------------------
def _same(a: LayerData, b: LayerData) -> bool:
    if not np.array_equal(shapely.to_wkb(a.geoms), shapely.to_wkb(b.geoms)):
        return False
    for k in a.columns:
        x, y = np.asarray(a.columns[k]), np.asarray(b.columns[k])
        if x.dtype.kind == "f":
            if not np.array_equal(x, y, equal_nan=True):
                return False
        elif [str(v) for v in x] != [str(v) for v in y]:
            return False
    return True


def test_deterministic_for_a_seed(roads, terrain, networks, poles):
    again = generate_pipelines(roads, terrain, np.random.default_rng(7))
    assert all(_same(x, y) for x, y in zip(networks, again, strict=True))
    again = generate_poles(roads, terrain, np.random.default_rng(7))
    assert all(_same(x, y) for x, y in zip(poles, again, strict=True))
    other = generate_pipelines(roads, terrain, np.random.default_rng(8))
    assert not _same(networks[0], other[0])


def test_no_roads():
    t = make_terrain(200.0)
    lines, points = generate_pipelines([], t, np.random.default_rng(0))
    assert len(lines) == len(points) == 0
    p, d = generate_poles([], t, np.random.default_rng(0))
    assert len(p) == len(d) == 0


def random_roads(km: float, rng: np.random.Generator) -> list[Road]:
    """~km of 300 m road pieces with a bend, scattered over a square (timing only)."""
    n = int(km * 1000 / 300)
    side = 2000.0 + np.sqrt(km * 1000 * 150)
    c = np.column_stack([X0 + rng.random(n) * side, Y0 - rng.random(n) * side])
    a = rng.random(n) * np.pi
    d = np.column_stack([np.cos(a), np.sin(a)]) * 150
    mid = c + np.column_stack([-d[:, 1], d[:, 0]]) * rng.normal(0, 0.03, (n, 1))
    lines = shapely.linestrings(np.stack([c - d, mid, c + d], axis=1))
    klass = np.array(["主干路", "次干路", "支路", "巷"])[rng.choice(4, n, p=[.1, .2, .4, .3])]
    width = {"主干路": 50.0, "次干路": 30.0, "支路": 16.0, "巷": 5.0}
    return [Road(f"r{i}", f"路{i}", k, width[k], ln)
            for i, (k, ln) in enumerate(zip(klass, lines, strict=True))]


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("CIMVIEW_SLOW"), reason="set CIMVIEW_SLOW=1 to time")
def test_timing_large_road_set(capsys):
    km = float(os.environ.get("CIMVIEW_SLOW_KM", "2000"))
    roads = random_roads(km, np.random.default_rng(0))
    terrain = make_terrain(2000.0 + np.sqrt(km * 1000 * 150) + 500, 20.0)
    t0 = time.perf_counter()
    lines, points = generate_pipelines(roads, terrain, np.random.default_rng(1))
    t1 = time.perf_counter()
    p, d = generate_poles(roads, terrain, np.random.default_rng(1))
    t2 = time.perf_counter()
    with capsys.disabled():
        print(f"\n{km:.0f} km, {len(roads)} roads: pipelines {t1 - t0:.1f} s ({len(lines)} "
              f"segments, {len(points)} points); poles {t2 - t1:.1f} s ({len(p)} poles, "
              f"{len(d)} devices)")
