"""Theme models in layers/: housing, pipelines, poles, attributes, terrain, buildings."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import text

from layers import buildings, housing, pipelines, poles, style, terrain
from layers.attributes import attributes, field_labels
from resources import dictionary
from store.cache import Cache
from store.importers import import_file
from store.schema import LAYERS
from tests.sample_build import build


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cache]:
    out = tmp_path_factory.mktemp("c")
    build(out, buildings=400)
    cache = Cache.open(out / "sample_city.gpkg")
    yield cache
    cache.close()


def sql(cache: Cache, query: str, **params: object) -> list[tuple]:
    """``query`` on the city as it stands now: the sample city keeps history (a demolished
    village, a replaced main) and planned buildings beside it (store.lifespan)."""
    for table in ("buildings", "pipelines"):
        query = query.replace(f"FROM {table}", f"FROM (SELECT * FROM {table} WHERE valid_to "
                                               f"IS NULL AND scenario IS NULL) {table}")
    with cache.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(query), params)]


# -- style ---------------------------------------------------------------------------------------
def test_parse_rgb_and_colors() -> None:
    assert style.parse_rgb(" 0, 158,115") == (0, 158, 115)
    for bad in ("1,2", "1,2,300"):
        with pytest.raises(ValueError):
            style.parse_rgb(bad)
    c = style.classification(np.array([5, 7, 9]), np.array([1, -1, 0]),
                             [("a", "甲", "A", (1, 2, 3)), ("b", "乙", "B", (4, 5, 6))], "t", "t")
    assert c.colors().tolist() == [[4, 5, 6], list(style.NO_CLASS_RGB), [1, 2, 3]]
    assert c.color_of(7) == style.NO_CLASS_RGB and c.entry_of(9).key == "a"
    assert [e.count for e in c.legend] == [1, 1] and c.unclassified == 1
    assert c.fids_of("b").tolist() == [5]


# -- housing -------------------------------------------------------------------------------------
def test_safety_grade_classification(city: Cache) -> None:
    cl = housing.classify(city, "safety_grade")
    total = city.count("buildings")
    assert len(cl) == total and cl.unclassified == 0
    assert [e.key for e in cl.legend] == ["A", "B", "C", "D"]
    assert all(e.label_zh.startswith(f"{e.key}级") for e in cl.legend)
    assert sum(e.count for e in cl.legend) == total
    counts = dict(sql(city, "SELECT safety_grade, count(*) FROM buildings GROUP BY 1"))
    assert {e.key: e.count for e in cl.legend if e.count} == counts
    (fid,), = sql(city, "SELECT min(fid) FROM buildings WHERE safety_grade = 'D'")
    assert cl.color_of(fid) == cl.legend[3].rgb
    colors = cl.colors()
    assert colors.shape == (total, 3) and colors.dtype == np.uint8
    assert tuple(colors[np.flatnonzero(cl.fids == fid)[0]]) == cl.legend[3].rgb
    assert len({e.rgb for e in cl.legend}) == 4


def test_filter_grades_c_d_before_1990(city: Cache) -> None:
    flt = housing.HousingFilter(grades={"C", "D"}, built_before=1990)
    res = housing.apply(city, flt)
    (n,), = sql(city, "SELECT count(*) FROM buildings WHERE safety_grade IN ('C', 'D') "
                      "AND year_built < 1990")
    assert res.count == n == len(res.fids) and res.total == city.count("buildings")
    assert 0 < n < res.total
    where, params = flt.where()
    assert len(city.read("buildings", where=where, params=params)) == n  # same SQL in Cache.read
    assert flt.describe("zh_CN") == "安全等级C、D级；1990年以前建成"
    assert flt.describe("en") == "safety grade C or D; built before 1990"
    assert housing.HousingFilter().describe() == "全部房屋"
    assert housing.apply(city, housing.HousingFilter()).count == res.total


def test_filter_other_conditions(city: Cache) -> None:
    flt = housing.HousingFilter(structure_codes={3}, tenures={"私房", "01"}, min_floors=4,
                                max_floors=6, built_from=1990)
    (n,), = sql(city, "SELECT count(*) FROM buildings WHERE structure_code = 3 AND tenure IN "
                      "('私房', '商品房') AND floors_above BETWEEN 4 AND 6 AND year_built >= 1990")
    assert housing.apply(city, flt).count == n
    assert "钢筋混凝土结构" in flt.describe() and "商品房" in flt.describe()
    assert "commodity housing" in flt.describe("en")
    assert housing.apply(city, housing.HousingFilter(grades=set())).count == 0


@pytest.mark.parametrize("attribute", ["year_built", "structure_code", "tenure", "floors"])
def test_other_classifications(city: Cache, attribute: str) -> None:
    cl = housing.classify(city, attribute)
    assert len(cl) == city.count("buildings") and cl.unclassified == 0
    assert sum(e.count for e in cl.legend) == len(cl)
    keys = [e.key for e in cl.legend]
    if attribute == "structure_code":
        assert [(r["code"], r["name"]) for r in dictionary("structure_types")] == [
            (e.key, e.label_zh) for e in cl.legend]
    elif attribute == "tenure":
        assert keys == [r["code"] for r in dictionary("tenures")]
        assert [e.label_zh for e in cl.legend] == [r["name"] for r in dictionary("tenures")]
        (n,), = sql(city, "SELECT count(*) FROM buildings WHERE tenure = '自建房'")
        assert cl.legend[keys.index("06")].count == n
    elif attribute == "year_built":
        assert [e.label_zh for e in cl.legend] == [
            "1980年以前", "1980–1989年", "1990–1999年", "2000–2009年", "2010年及以后"]
        (n,), = sql(city, "SELECT count(*) FROM buildings WHERE year_built BETWEEN 1990 AND 1999")
        assert cl.legend[2].count == n
    else:
        assert keys == ["low", "multi", "midhigh", "high", "super"]
        assert [e.label_zh[:2] for e in cl.legend] == ["低层", "多层", "中高", "高层", "超高"]
        (n,), = sql(city, "SELECT count(*) FROM buildings WHERE floors_above >= 34 "
                          "OR height > 100")
        assert cl.legend[4].count == n
    assert all(e.label_zh and e.label_en for e in cl.legend)


def test_floor_classes_bounds() -> None:
    got = housing.floor_classes([1, 3, 4, 6, 7, 9, 10, 33, 34, 20, None, None],
                                [3, 9, 12, 18, 21, 27, 30, 99, 110, 101, 120, None])
    assert got.tolist() == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 4, -1]


# -- pipelines -----------------------------------------------------------------------------------
def test_pipelines_legend(city: Cache) -> None:
    cl = pipelines.classify(city)
    legend = {e.key: e for e in cl.legend}
    std = {"JS": (0, 255, 255), "PS": (76, 57, 38), "RQ": (255, 0, 255), "RL": (255, 128, 0),
           "DL": (255, 0, 0), "TX": (0, 255, 0)}
    assert set(pipelines.MAIN_CLASSES) <= set(legend) and {"GY", "QT"} <= set(legend)
    light = pipelines.classify(city, dark=False)
    assert {e.key: e.rgb for e in light.legend if e.key in std} == std
    assert light.note_zh == ""
    assert legend["GY"].rgb == legend["QT"].rgb == (200, 200, 200)  # black substituted
    assert legend["PS"].rgb == (176, 132, 88) and legend["JS"].rgb == std["JS"]
    assert "工业 (0,0,0)→(200,200,200)" in cl.note_zh and "cimview" in cl.note_zh
    assert "industrial (0,0,0)→(200,200,200)" in cl.note_en and "给水" not in cl.note_zh
    assert cl.unclassified == 0 and sum(e.count for e in cl.legend) == city.count("pipelines")
    counts = dict(sql(city, "SELECT class_code, count(*) FROM pipelines GROUP BY 1"))
    assert {k: legend[k].count for k in counts} == counts
    assert [s.code for s in pipelines.subclasses("PS")] == ["YS", "WS", "HS"]
    kids = pipelines.children(city)
    assert [k.key for k in kids][:6] == [f"pipelines:{c}" for c in pipelines.MAIN_CLASSES]
    assert {k.class_code: k.count for k in kids if k.count} == counts


# -- poles ---------------------------------------------------------------------------------------
def test_poles(city: Cache) -> None:
    cl = poles.classify(city)
    assert cl.unclassified == 0 and sum(e.count for e in cl.legend) == city.count("poles")
    assert {"正常", "故障", "离线", "维护"} == {e.key for e in cl.legend}
    (fid,), = sql(city, "SELECT p.fid FROM poles p JOIN pole_devices d ON d.pole_gid = p.gid "
                        "GROUP BY p.fid HAVING count(*) >= 2 ORDER BY p.fid LIMIT 1")
    pole = poles.pole_with_devices(city, fid)
    assert pole["code"].startswith("ZHG-") and pole["status_rgb"] == cl.color_of(fid)
    devices = pole["devices"]
    assert len(devices) >= 2 and "照明" in [d["type"] for d in devices]
    assert all(d["mount_height"] and d["status"] and d["network"] and d["installed_on"]
               for d in devices)
    assert [d["mount_height"] for d in devices] == sorted(
        (d["mount_height"] for d in devices), reverse=True)
    with pytest.raises(KeyError):
        poles.pole_with_devices(city, 10**9)


# -- attributes ----------------------------------------------------------------------------------
def test_field_labels_cover_schema() -> None:
    for layer, spec in LAYERS.items():
        for f in field_labels(layer):
            assert f.column in spec.table.c, (layer, f.column)


def test_building_attributes(city: Cache) -> None:
    (fid, address, code), = sql(city, "SELECT fid, address, structure_code FROM buildings "
                                      "WHERE structure_code = 3 ORDER BY fid LIMIT 1")
    rows = attributes(city, "buildings", fid)
    d = dict(rows)
    assert d["地址"] == address and address.startswith("广东省广州市")
    assert d["结构类型"] == "钢筋混凝土结构"
    assert d["建筑面积"].endswith(" m²") and d["高度"].endswith(" m")
    assert d["建成年份"].endswith("年") and d["安全等级"][0] in "ABCD"
    labels = [label for label, _ in rows]
    assert labels.index("地址") < labels.index("结构类型") < labels.index("全局标识")
    assert labels[-4:] == ["全局标识", "版本", "更新时间", "数据来源"]
    assert all(v for _, v in rows)
    en = dict(attributes(city, "buildings", fid, lang="en"))
    assert en["Structure"] == "reinforced concrete" and en["Address"] == address


def test_pipeline_attributes(city: Cache) -> None:
    (fid,), = sql(city, "SELECT min(fid) FROM pipelines WHERE material_code = 'QM' "
                        "AND laying_code = 'ZM' AND status_code = 0")
    d = dict(attributes(city, "pipelines", fid))
    assert d["材质"] == "球墨铸铁" and d["埋设方式"] == "直埋" and d["状态"] == "在用"
    assert d["管线类别"] == "给水" and d["起点埋深"].endswith(" m")
    assert {"起点号", "终点号", "终点埋深", "管径/断面", "建设年代", "权属单位"} <= set(d)
    en = dict(attributes(city, "pipelines", fid, lang="en"))
    assert en["Material"] == "ductile iron" and en["Laying method"] == "direct burial"


@pytest.mark.parametrize(("layer", "label"), [
    ("pipe_points", "管点编号"), ("poles", "杆号"), ("pole_devices", "设备类型"),
    ("addresses", "地址"), ("parcels", "地块编码"), ("roads", "道路名称")])
def test_other_layer_attributes(city: Cache, layer: str, label: str) -> None:
    (fid,), = sql(city, f'SELECT min(fid) FROM "{layer}"')
    rows = attributes(city, layer, fid)
    assert rows[0][0] == label and rows[-1][0] == "数据来源"


def test_imported_attrs(tmp_path: Path) -> None:
    ring = [[113.3200, 23.1200], [113.3203, 23.1200], [113.3203, 23.1203], [113.3200, 23.1203],
            [113.3200, 23.1200]]
    doc = {"type": "FeatureCollection", "features": [{
        "type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]},
        "properties": {"name": "测试楼", "height": 12.5, "物业公司": "某某物业", "empty": None}}]}
    src = tmp_path / "one.geojson"
    src.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    into = tmp_path / "imp.gpkg"
    import_file(src, into, crs="EPSG:4547")
    with Cache.open(into) as cache:
        (fid,), = sql(cache, "SELECT fid FROM buildings")
        rows = attributes(cache, "buildings", fid)
    d = dict(rows)
    assert d["名称"] == "测试楼" and d["高度"] == "12.5 m" and d["物业公司"] == "某某物业"
    labels = [label for label, _ in rows]
    assert labels.index("高度") < labels.index("物业公司") < labels.index("全局标识")
    assert "empty" not in d


# -- terrain, buildings --------------------------------------------------------------------------
def test_terrain(city: Cache) -> None:
    info = terrain.dem_info(city)
    assert info is not None and info.cell > 0 and info.vertical_crs == "EPSG:5737"
    x, y = (info.bounds[0] + info.bounds[2]) / 2, (info.bounds[1] + info.bounds[3]) / 2
    z = terrain.height_at(city, x, y)
    assert z is not None and info.min_z <= z <= info.max_z
    grid = terrain.dem_grid(city)
    assert terrain.dem_grid(city) is grid  # kept
    assert terrain.height_at(grid, x, y) == z
    assert terrain.height_at(city, info.bounds[0] - 100, y) is None


def test_buildings_summary(city: Cache) -> None:
    s = buildings.summarize(city)
    assert s.count == city.count("buildings") and s.by_lod == {"1": s.count}
    assert not s.has_lod2 and s.solids == 0
