"""The demo city generator: determinism, geometry, attributes, addresses, DEM, GIS readability."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pyogrio
import pyogrio.raw
import pytest
import shapely

from resources import lookup
from sample_city.__main__ import main
from sample_city.city import CACHE_NAME, build
from store.cache import Cache
from store.raster import load_dem
from store.schema import LAYERS

N = 400
SEED = 11


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("city")
    return out, build(out, buildings=N, seed=SEED)


@pytest.fixture(scope="module")
def cache(city: tuple[Path, dict]):
    with Cache.open(city[0] / CACHE_NAME) as c:
        yield c


def _columns(layer: str) -> list[str]:
    skip = {"fid", "geom", "updated_at"}
    return [c.name for c in LAYERS[layer].table.c if c.name not in skip]


def _rows(cache: Cache, layer: str) -> tuple[list[bytes], dict[str, list]]:
    f = cache.read(layer, _columns(layer))
    return [shapely.to_wkb(g) for g in f.geoms], f.columns


def test_deterministic(tmp_path: Path, cache: Cache) -> None:
    build(tmp_path / "again", buildings=N, seed=SEED)
    other = build(tmp_path / "other", buildings=N, seed=SEED + 1)
    with Cache.open(tmp_path / "again" / CACHE_NAME) as again, \
            Cache.open(tmp_path / "other" / CACHE_NAME) as diff:
        for layer in ("buildings", "addresses", "roads", "parcels", "pipelines", "poles"):
            assert _rows(cache, layer) == _rows(again, layer), layer
        assert _rows(cache, "buildings") != _rows(diff, "buildings")
    assert other["layers"]["buildings"] == N


def test_exactly_n_valid_non_overlapping(cache: Cache) -> None:
    f = cache.read("buildings", ["gid"])
    assert len(f) == N
    assert len(set(f.columns["gid"])) == N
    geoms = f.geoms
    assert all(g.geom_type == "MultiPolygon" for g in geoms)
    assert shapely.is_valid(geoms).all()
    tree = shapely.STRtree(geoms)
    a, b = tree.query(geoms, predicate="intersects")
    pairs = a < b
    overlap = shapely.area(shapely.intersection(geoms[a[pairs]], geoms[b[pairs]]))
    assert (overlap < 0.01).all()


def test_footprints_are_varied(tmp_path_factory: pytest.TempPathFactory) -> None:
    # The small test city may lack offices and hospitals: check shapes on a mid-sized one.
    out = tmp_path_factory.mktemp("shapes")
    build(out, buildings=1500, seed=3)
    with Cache.open(out / CACHE_NAME) as c:
        f = c.read("buildings", ["use_code", "parent_gid"])
    polys = np.array([g.geoms[0] for g in f.geoms], dtype=object)
    holes = shapely.get_num_interior_rings(polys)
    vertices = shapely.get_num_coordinates(shapely.get_exterior_ring(polys)) - 1
    assert (holes > 0).sum() >= 3  # courtyards, podiums around towers
    assert (vertices >= 6).sum() >= 20  # L, U and cross shapes
    assert (vertices == 12).any()  # cross-shaped point towers
    uses = Counter(f.columns["use_code"])
    assert {"10", "21", "30"} <= set(uses)
    assert any(f.columns["parent_gid"])  # podium → tower


def test_attributes(cache: Cache) -> None:
    cols = ["name", "code", "height", "height_estimated", "ground_z", "floors_above",
            "floors_below", "use", "use_code", "structure_code", "year_built", "units",
            "floor_area", "tenure", "safety_grade", "assessed_on", "address_gid", "address",
            "lod"]
    f = cache.read("buildings", cols)
    c = {k: np.array(v, dtype=object) for k, v in f.columns.items()}
    for k in cols:
        if k not in ("name", "units"):
            assert all(v is not None for v in c[k]), k
    floors = c["floors_above"].astype(float)
    per_floor = c["height"].astype(float) / floors
    assert ((per_floor > 2.8) & (per_floor < 5.2)).all()
    assert (c["height_estimated"] == 0).all() and (c["lod"] == "1").all()
    assert set(c["floors_below"]) <= {0, 1, 2, 3}
    uses = lookup("building_uses")
    assert all(uses[u]["name"] == n for u, n in zip(c["use_code"], c["use"], strict=True))
    assert set(c["structure_code"].astype(str)) <= set(lookup("structure_types"))
    assert set(c["tenure"]) <= set(lookup("tenures", "name"))
    assert set(c["safety_grade"]) <= set(lookup("safety_grades", "grade"))
    grades = Counter(c["safety_grade"])
    assert grades["A"] + grades["B"] > 0.7 * N
    assert all("2015-01-01" <= d <= "2025-12-31" for d in c["assessed_on"])
    residential = c["use_code"] == "10"
    assert all(u and u > 0 for u in c["units"][residential])
    areas = np.array([g.area for g in f.geoms])
    assert np.allclose(c["floor_area"].astype(float), areas * floors, rtol=1e-3, atol=1)
    assert (c["ground_z"].astype(float) > 0).all() and (c["ground_z"].astype(float) < 120).all()
    assert len(set(c["code"])) == N


def test_addresses(cache: Cache) -> None:
    cols = ["code", "level", "province", "city", "district", "street", "community", "road",
            "compound", "door_no", "building_no", "unit_no", "full_address", "building_gid",
            "parent_gid", "gid"]
    a = cache.read("addresses", cols).columns
    b = cache.read("buildings", ["gid", "address_gid", "address"]).columns
    gids = set(b["gid"])
    agid = dict(zip(a["gid"], range(len(a["gid"])), strict=True))
    assert set(a["level"]) == {"门牌", "楼栋", "单元"}
    assert set(a["level"]) <= {r["level"] for r in lookup("address_levels", "level").values()}
    assert {g for g in a["building_gid"] if g} == gids  # every building has an address
    for bg, ag, full in zip(b["gid"], b["address_gid"], b["address"], strict=True):
        i = agid[ag]
        assert a["building_gid"][i] == bg and a["full_address"][i] == full
    for i, level in enumerate(a["level"]):
        for k in ("province", "city", "district", "street", "community", "road", "door_no",
                  "full_address", "code"):
            assert a[k][i], (k, i)
        assert a["full_address"][i].startswith("广东省广州市珠湾区" + a["street"][i]
                                               + a["community"][i])
        assert a["code"][i].startswith("440160")
        if level == "楼栋":
            parent = agid[a["parent_gid"][i]]
            assert a["level"][parent] == "门牌" and a["building_gid"][parent] is None
            assert a["full_address"][i] == a["full_address"][parent] + a["building_no"][i]
        elif level == "单元":
            parent = agid[a["parent_gid"][i]]
            assert a["building_gid"][parent] == a["building_gid"][i]
            assert a["full_address"][i].endswith(a["unit_no"][i])
    assert len(set(a["code"])) == len(a["code"])
    assert len(set(a["full_address"])) == len(a["full_address"])
    assert a["door_no"][0].endswith("号")
    # Door points lie on (or right at) their building.
    f = cache.read("addresses", ["building_gid", "level"])
    bf = cache.read("buildings", ["gid"])
    geom_of = dict(zip(bf.columns["gid"], bf.geoms, strict=True))
    for pt, bg, level in zip(f.geoms, f.columns["building_gid"], f.columns["level"],
                             strict=True):
        if bg and level != "门牌":
            assert geom_of[bg].distance(pt) < 1.0


def test_dem_and_parcels(city: tuple[Path, dict], cache: Cache) -> None:
    out, summary = city
    grid = load_dem(cache.raster("dem"))
    assert grid.values.dtype == np.float32 and grid.cell == 4.0
    z = grid.values
    assert z.max() - z.min() > 50
    assert 6 <= float(np.median(z)) <= 15
    assert (out / "dem.tif").stat().st_size > 1000
    cols = ["code", "status", "land_use_code", "land_use", "area", "height_limit", "far_max",
            "density_max", "green_min", "setback_road", "setback_side", "proposal"]
    p = cache.read("parcels", cols).columns
    uses = lookup("land_uses")
    assert set(p["land_use_code"]) <= set(uses)
    assert {"R2", "R3", "G1"} <= set(p["land_use_code"])
    assert set(p["status"]) <= {"已建", "空地", "绿地"} and "空地" in p["status"]
    for k in cols[4:11]:
        assert all(v is not None and v >= 0 for v in p[k]), k
    proposals = [v for v in p["proposal"] if v]
    if summary["proposal"] is not None:
        assert proposals == [summary["proposal"]["file"]]
        assert (out / proposals[0]).is_file()
        assert summary["proposal"]["storeys"] >= 1


def test_roads(cache: Cache) -> None:
    r = cache.read("roads", ["name", "road_class", "width", "code"]).columns
    classes = Counter(r["road_class"])
    assert {"主干路", "次干路", "支路", "巷"} <= set(classes)
    assert "珠湾大道" in r["name"]
    assert all(3 <= w <= 50 for w in r["width"])


def test_gis_tools_open_it(city: tuple[Path, dict]) -> None:
    path = city[0] / CACHE_NAME
    layers = {name for name, _ in pyogrio.list_layers(path)}
    assert {"buildings", "addresses", "roads", "parcels"} <= layers
    info = pyogrio.read_info(path, layer="buildings")
    assert info["crs"] == "EPSG:4547"
    with Cache.open(path) as c:  # the table also holds history and planned buildings
        assert info["features"] == c.count("buildings", at=None) > c.count("buildings") == N
    present = pyogrio.raw.read(path, layer="buildings", columns=["gid"], read_geometry=False,
                               where="valid_to IS NULL AND scenario IS NULL")
    assert len(present[3][0]) == N


def test_cli_refuses_then_forces(city: tuple[Path, dict], tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cli"
    assert main(["--out", str(out), "--buildings", "60", "--seed", "5"]) == 0
    assert '"buildings": 60' in capsys.readouterr().out
    assert main(["--out", str(out), "--buildings", "60", "--seed", "5"]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["--out", str(out), "--buildings", "80", "--seed", "5", "--force"]) == 0
    with Cache.open(out / CACHE_NAME) as c:
        assert c.count("buildings") == 80
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
