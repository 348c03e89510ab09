"""The standard address library from CSV and Excel: columns by profile, levels checked, rows
placed by coordinates or building code, and found by search at once."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from pyproj import CRS, Transformer

from store.cache import Cache
from store.errors import InputError
from store.importers import ImportOptions, import_file
from store.importers.addresses import (
    Profile,
    contradictions,
    full_address,
    map_columns,
    row_level,
    xy_order,
)
from store.search import search

ROOT = Path(__file__).resolve().parents[1]
HEADER = ["序号", "省", "市", "区", "街道", "社区", "街路巷", "小区", "门牌号", "楼栋号",
          "单元号", "X坐标", "Y坐标", "建筑编码"]


# -- pure rules ----------------------------------------------------------------------------------
def test_levels_and_contradictions() -> None:
    assert row_level({"road": "中山路", "door_no": "5号"}) == "门牌"
    assert row_level({"compound": "丽江花园", "building_no": "3栋", "unit_no": "2单元"}) == "单元"
    assert row_level({"street": "水荫街道"}) == "街道" and row_level({}) is None
    assert [str(m) for m in contradictions({"door_no": "5号"})] == [
        "levels contradict each other: a 门牌 without a 街路巷 or 小区"]
    assert [str(m) for m in contradictions({"building_no": "3栋"})] == [
        "levels contradict each other: a 楼栋 without a 门牌 or 小区"]
    assert contradictions({"road": "中山路", "door_no": "5号", "compound": "丽江花园",
                           "building_no": "3栋", "unit_no": "1单元"}) == []
    assert full_address({"province": "广东省", "city": "广州市", "road": "中山路",
                         "door_no": "5号", "compound": "丽江花园", "building_no": "3栋"}) == (
        "广东省广州市中山路5号丽江花园3栋")


def test_columns_by_profile_and_overrides() -> None:
    p = Profile("t", {"road": ("街路巷", "JLX"), "door_no": ("门牌号", "MPH"),
                      "compound": ("小区",)})
    assert map_columns(["JLX", "门牌号", " 小 区 "], p) == {"road": 0, "door_no": 1,
                                                         "compound": 2}
    assert map_columns(["路名", "MP"], p, ["街路巷=路名", "门牌=MP"]) == {"road": 0, "door_no": 1}
    with pytest.raises(InputError, match="no column"):
        map_columns(["a"], p, ["门牌=MP"])
    with pytest.raises(InputError, match="expected FIELD=COLUMN"):
        map_columns(["a"], p, ["门牌"])


def test_xy_order_follows_the_crs() -> None:
    crs = CRS.from_epsg(4547)
    east, north = np.array([428_000.0, 429_000.0]), np.array([2_555_000.0, 2_556_000.0])
    assert xy_order(east, north, crs) == "ab"
    assert xy_order(north, east, crs) == "ba"  # Chinese survey: X is the northing
    assert xy_order(np.array([500.0]), np.array([600.0]), crs) is None  # fits neither


# -- files ---------------------------------------------------------------------------------------
def _sample_points(cache: Path) -> tuple[np.ndarray, list[str]]:
    with Cache.open(cache) as c:
        f = c.read("buildings", ["code"])
    import shapely

    pts = shapely.point_on_surface(f.geoms[:3])
    return np.column_stack([shapely.get_x(pts), shapely.get_y(pts)]), list(f.columns["code"][:3])


def _survey_rows(cache: Path) -> list[list[str]]:
    xy, codes = _sample_points(cache)
    base = ["广东省", "广州市", "珠湾区", "水荫街道", "金穗南社区"]
    e, n = xy[0]
    rows = [
        # 门牌 of a new compound's gate, then its 楼栋 and a 单元 (X = northing, as surveyed)
        ["1", *base, "测试新路", "翠湖新苑", "88号", "", "", f"{n:.2f}", f"{e:.2f}", ""],
        ["2", *base, "测试新路", "翠湖新苑", "88号", "1栋", "", f"{n + 5:.2f}", f"{e + 5:.2f}",
         ""],
        ["3", *base, "测试新路", "翠湖新苑", "88号", "1栋", "2单元", f"{n + 6:.2f}",
         f"{e + 6:.2f}", ""],
        # placed by its building code only
        ["4", *base, "测试新路", "", "90号", "", "", "", "", codes[1]],
        # contradictions: a 门牌 without a road or compound; a 单元 without a 楼栋
        ["5", *base, "", "", "92号", "", "", f"{n:.2f}", f"{e:.2f}", ""],
        ["6", *base, "测试新路", "", "94号", "", "3单元", f"{n:.2f}", f"{e:.2f}", ""],
        # a 楼栋 of a 小区 no row defines
        ["7", *base, "", "无名花园", "", "5栋", "", f"{n:.2f}", f"{e:.2f}", ""],
        # nothing to place it by
        ["8", *base, "测试新路", "", "96号", "", "", "", "", ""],
    ]
    return rows


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_gbk_csv_imports_and_is_found_by_search(tmp_path: Path, sample_city_copy) -> None:
    cache = sample_city_copy(tmp_path)
    rows = _survey_rows(cache)
    csv = tmp_path / "标准地址.csv"
    csv.write_bytes("\n".join(",".join(r) for r in [HEADER, *rows]).encode("gb18030"))
    with Cache.open(cache) as c:
        before = c.count("addresses")
    report = import_file(csv, cache, options=ImportOptions(kind="addresses"))
    assert report.features_read == 8 and report.imported == 4, report.to_dict()
    reasons = {r["feature"]: str(r["reason"]) for r in report.rejected}
    assert reasons["row 6"].endswith("a 门牌 without a 街路巷 or 小区")
    assert reasons["row 7"].endswith("a 单元 without a 楼栋")
    assert "无名花园" in reasons["row 8"] and "no row of the file defines" in reasons["row 8"]
    assert reasons["row 9"] == "no coordinates and no building code"
    with Cache.open(cache) as c:
        assert c.count("addresses") == before + 4
        got = c.read("addresses", ["level", "full_address", "parent_gid", "gid",
                                   "building_gid"], where="t.road = '测试新路'")
        by_full = dict(zip(got.columns["full_address"], range(len(got)), strict=True))
        gate = by_full["广东省广州市珠湾区水荫街道金穗南社区测试新路88号翠湖新苑"]
        block = by_full["广东省广州市珠湾区水荫街道金穗南社区测试新路88号翠湖新苑1栋"]
        unit = by_full["广东省广州市珠湾区水荫街道金穗南社区测试新路88号翠湖新苑1栋2单元"]
        assert [got.columns["level"][i] for i in (gate, block, unit)] == ["门牌", "楼栋", "单元"]
        assert got.columns["parent_gid"][unit] == got.columns["gid"][block]
        # X was the northing: the gate stands where the easting/northing say
        xy, _ = _sample_points(cache)
        assert got.geoms[gate].x == pytest.approx(xy[0][0], abs=0.01)
        assert got.geoms[gate].y == pytest.approx(xy[0][1], abs=0.01)
        coded = by_full["广东省广州市珠湾区水荫街道金穗南社区测试新路90号"]
        assert got.columns["building_gid"][coded] is not None
        hits = search(c, "测试新路88号翠湖新苑1栋", 5)
        assert hits and hits[0].full_address.endswith("翠湖新苑1栋"), hits
    # the same file again replaces, never duplicates
    again = import_file(csv, cache, options=ImportOptions(kind="addresses"))
    assert again.replaced == 4
    with Cache.open(cache) as c:
        assert c.count("addresses") == before + 4


def test_an_excel_file_with_pinyin_columns_and_lonlat(tmp_path: Path, sample_city_copy) -> None:
    from openpyxl import Workbook

    cache = sample_city_copy(tmp_path)
    xy, _ = _sample_points(cache)
    with Cache.open(cache) as c:
        lon, lat = Transformer.from_crs(c.crs, "EPSG:4490", always_xy=True).transform(
            xy[2][0], xy[2][1])
    book = Workbook()
    sheet = book.active
    sheet.append(["JD", "SQ", "LM", "MPH", "JD_DEG", "WD_DEG"])
    sheet.append(["水荫街道", "金穗南社区", "拼音测试路", "7号", lon, lat])
    path = tmp_path / "addr.xlsx"
    book.save(path)
    out = subprocess.run(
        [sys.executable, "-m", "app.cli", "import", str(path), "--into", str(cache), "--as",
         "addresses", "--map", "街路巷=LM", "--map", "lon=JD_DEG", "--map", "lat=WD_DEG",
         "--json"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["imported"] == 1 and report["format"] == "Excel", report
    with Cache.open(cache) as c:
        got = c.read("addresses", ["full_address"], where="t.road = '拼音测试路'")
        assert got.columns["full_address"] == ["水荫街道金穗南社区拼音测试路7号"]
        assert got.geoms[0].x == pytest.approx(xy[2][0], abs=0.01)


def test_a_file_nothing_maps_changes_nothing(tmp_path: Path, sample_city_copy) -> None:
    cache = sample_city_copy(tmp_path)
    before = _digest(cache)
    bad = tmp_path / "x.csv"
    bad.write_text("名字,数量\n甲,1\n", encoding="utf-8")
    with pytest.raises(InputError, match="no column names an address level"):
        import_file(bad, cache, options=ImportOptions(kind="addresses"))
    assert _digest(cache) == before
