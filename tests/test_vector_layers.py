"""Any vector data as a layer: real files and cache tables read into the map, styles drawn.

Counts are checked against the files themselves (json, pyogrio.read_info), not against the
reader under test.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyogrio
import pytest
import shapely

from layers import render
from layers.expression import ExpressionError
from layers.layer import Layer, Source, Style, StyleClass
from layers.model import CityModel
from layers.vectors import feature_table, list_sublayers, read_layer
from store.cache import Cache
from store.errors import InputError
from store.sync import outbox
from tests.sample_build import build

SAMPLE_CRS = "EPSG:4547"  # the sample city's (and Guangzhou's) CGCS2000 3-degree GK CM 114E


def geojson_types(path: Path) -> list[str]:
    return [f["geometry"]["type"] for f in json.loads(path.read_text(encoding="utf-8"))
            ["features"] if f.get("geometry")]


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cache]:
    out = tmp_path_factory.mktemp("vectors")
    build(out, buildings=300)
    cache = Cache.open(out / "sample_city.gpkg")
    yield cache
    cache.close()


# -- real files ------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["guangzhou_huacheng_osm", "guangzhou_shamian_osm"])
def test_guangzhou_footprints_as_polygons_in_the_sample_citys_crs(realdata: Path,
                                                                  name: str) -> None:
    path = realdata / "footprints" / f"{name}.geojson"
    types = geojson_types(path)
    data = read_layer(Source(path=str(path)), SAMPLE_CRS)
    assert data.geometry == "polygon" and len(data) == len(types)
    assert data.crs == SAMPLE_CRS and not data.has_z
    assert data.report.dropped == 0 and data.report.messages() == []
    x0, y0, x1, y1 = data.extent  # Guangzhou, about 113.2–113.3°E, 23.1°N, in metres
    assert 410_000 < x0 < x1 < 440_000 and 2_550_000 < y0 < y1 < 2_565_000
    assert len(data.columns["name"]) == len(data)
    if name == "guangzhou_huacheng_osm":
        assert "广州国际金融中心(广州西塔)" in list(data.columns["name"])


def test_manhattan_points_and_polygons_are_two_layers(realdata: Path) -> None:
    path = realdata / "footprints" / "osm_manhattan_overpass.geojson"
    types = geojson_types(path)
    n_points = sum(t in ("Point", "MultiPoint") for t in types)
    n_polygons = sum(t in ("Polygon", "MultiPolygon") for t in types)
    offered = {s.geometry: s for s in list_sublayers(path)}
    assert offered["point"].count == n_points and offered["polygon"].count == n_polygons

    utm18 = "EPSG:32618"
    polygons = read_layer(Source(path=str(path), sublayer=offered["polygon"].key), utm18)
    points = read_layer(Source(path=str(path), sublayer="point"), utm18)
    assert (polygons.geometry, len(polygons)) == ("polygon", n_polygons)
    assert (points.geometry, len(points)) == ("point", n_points)
    assert shapely.is_valid(polygons.geoms).all()  # the invalid way was repaired, not lost
    assert polygons.report.repaired == 1 and polygons.report.left_out == {"point": n_points}
    assert any("left out" in m for m in polygons.report.messages())
    # no sublayer: the dominant family, and the rest said
    default = read_layer(Source(path=str(path)), utm18)
    assert default.geometry == "polygon" and len(default) == n_polygons
    assert "@id" in default.columns and "building:levels" in default.columns


def test_dc_shapefile_in_its_own_crs_and_refused_in_guangzhous(realdata: Path) -> None:
    path = realdata / "footprints" / "dcbuildings.shp"
    count = pyogrio.read_info(path)["features"]
    data = read_layer(Source(path=str(path)))
    assert (data.geometry, len(data)) == ("polygon", count) and count == 1251
    assert "Maryland" in data.crs
    x0, y0, x1, y1 = data.extent
    assert 390_000 < x0 < x1 < 400_000 and 130_000 < y0 < y1 < 140_000
    fids, columns = feature_table(Source(path=str(path)))
    assert np.array_equal(fids, data.fids) and len(columns["NAME"]) == count
    with pytest.raises(InputError) as info:
        read_layer(Source(path=str(path)), SAMPLE_CRS)
    assert "dcbuildings.shp" in str(info.value) and "outside" in str(info.value)


def test_kentucky_pipes_as_lines_in_their_own_crs(realdata: Path) -> None:
    path = realdata / "pipes" / "ky4_pipes.geojson"
    types = geojson_types(path)
    data = read_layer(Source(path=str(path)), "EPSG:3547")
    assert (data.geometry, len(data)) == ("line", len(types)) and len(types) == 1156
    assert data.crs == "EPSG:3547"
    assert float(np.nanmax(render._numbers(data.columns["diameter"]))) > 0
    assert list_sublayers(path)[0].geometry == "line"


def test_a_file_without_a_crs_asks_for_one(realdata: Path, tmp_path: Path) -> None:
    for suffix in (".shp", ".shx", ".dbf"):
        shutil.copy(realdata / "footprints" / f"dcbuildings{suffix}", tmp_path / f"dc{suffix}")
    path = tmp_path / "dc.shp"
    with pytest.raises(InputError) as info:
        read_layer(Source(path=str(path)), SAMPLE_CRS)
    assert str(path) in str(info.value) and "no coordinate reference system" in str(info.value)
    data = read_layer(Source(path=str(path), crs="EPSG:26985"), "EPSG:4326")
    assert len(data) == 1251 and -77.1 < data.extent[0] < -77.0
    with pytest.raises(InputError, match="unknown coordinate reference system"):
        read_layer(Source(path=str(path), crs="EPSG:999999"))


def test_impossible_coordinates_are_refused_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "projected_as_lonlat.geojson"  # GeoJSON says WGS 84; numbers are metres
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"名称": "甲"},
         "geometry": {"type": "Point", "coordinates": [429000.0 + i, 2558000.0]}}
        for i in range(3)]}), encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_layer(Source(path=str(path)), SAMPLE_CRS)
    assert "projected_as_lonlat.geojson" in str(info.value) and "impossible" in str(info.value)
    data = read_layer(Source(path=str(path), crs=SAMPLE_CRS), SAMPLE_CRS)
    assert len(data) == 3 and data.columns["名称"].tolist() == ["甲"] * 3


def test_geopackage_tables_families_repairs_and_heights(tmp_path: Path) -> None:
    path = tmp_path / "mine.gpkg"
    bow_tie = shapely.Polygon([(0, 0), (10, 10), (10, 0), (0, 10)])
    polys = shapely.transform(np.array([shapely.box(i * 20, 0, i * 20 + 10, 10)
                                        for i in range(5)] + [bow_tie, None], dtype=object),
                              lambda c: c + [430000.0, 2558000.0])
    fields = {"用途": np.array(["住宅", "商业", "住宅", None, "工业", "住宅", "商业"],
                               dtype=object),
              "层数": np.array([3, 12, 6, 1, 2, 4, 5], dtype=np.int64)}
    pyogrio.raw.write(path, shapely.to_wkb(polys), list(fields.values()), list(fields),
                      geometry_type="MultiPolygon", crs=SAMPLE_CRS, layer="地块", driver="GPKG",
                      promote_to_multi=True)
    pts = shapely.points(np.c_[np.arange(4) * 5 + 430000.0, np.full(4, 2558000.0),
                               np.array([10.0, 12.0, 9.0, 11.0])])
    pyogrio.raw.write(path, shapely.to_wkb(pts), [np.arange(4)], ["编号"],
                      geometry_type="Point Z", crs=SAMPLE_CRS, layer="井", driver="GPKG",
                      append=True)
    offered = {s.table: s for s in list_sublayers(path)}
    assert offered["地块"].count == 7 and offered["井"].has_z and offered["井"].count == 4
    with pytest.raises(InputError, match="has 2 layers; choose one"):
        read_layer(Source(path=str(path)), SAMPLE_CRS)
    with pytest.raises(InputError, match="has no layer"):
        read_layer(Source(path=str(path), sublayer="道路"), SAMPLE_CRS)

    parcels = read_layer(Source(path=str(path), sublayer="地块"), SAMPLE_CRS)
    assert len(parcels) == 6 and parcels.report.empty == 1 and parcels.report.repaired == 1
    assert shapely.is_valid(parcels.geoms).all() and parcels.name == "地块"
    wells = read_layer(Source(path=str(path), sublayer="井"), SAMPLE_CRS)
    assert wells.geometry == "point" and wells.has_z
    assert shapely.get_coordinates(wells.geoms, include_z=True)[:, 2].tolist() == [10, 12, 9, 11]
    lonlat = read_layer(Source(path=str(path), sublayer="井"), "EPSG:4326")
    assert lonlat.has_z and 113.0 < lonlat.extent[0] < 114.0  # heights kept, x in degrees

    # the style dialog's categories and the colours drawn
    classes = render.categorise(parcels.columns["用途"])
    assert [c.value for c in classes] == sorted({"住宅", "商业", "工业"})
    style = Style(mode="categorised", field="用途", classes=classes, other_rgb=(1, 2, 3))
    colours = render.feature_colours(style, parcels.columns, len(parcels))
    by_value = {c.value: c.rgb for c in classes}
    for value, rgb in zip(parcels.columns["用途"], colours.tolist(), strict=True):
        assert tuple(rgb) == by_value.get(value, (1, 2, 3))


def test_missing_and_broken_files_are_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        read_layer(Source(path=str(tmp_path / "none.gpkg")))
    bad = tmp_path / "broken.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_layer(Source(path=str(bad)))
    assert "broken.geojson" in str(info.value)


# -- the cache -------------------------------------------------------------------------------
def test_cache_tables_and_observations_as_layers(city: Cache) -> None:
    for table, family in (("roads", "line"), ("parcels", "polygon"), ("addresses", "point")):
        data = read_layer(Source(table=table), cache=city, map_crs=SAMPLE_CRS)
        assert data.geometry == family and len(data) == city.count(table)
    obs = outbox.record_observation(city, kind="pipe_leak", x=429000.0, y=2556000.0,
                                    text="井盖破损，疑似漏水", severity=4)
    data = read_layer(Source(table="cimview_observations"), SAMPLE_CRS, cache=city)
    assert len(data) >= 1 and data.geometry == "point"
    row = list(data.columns["id"]).index(obs)
    assert data.columns["state"][row] == "pending" and data.columns["text"][row].startswith("井盖")
    assert shapely.get_coordinates(data.geoms[row]).tolist() == [[429000.0, 2556000.0]]
    style = Style(mode="categorised", field="state", classes=(
        StyleClass((230, 159, 0), "pending", "pending"), StyleClass((0, 158, 115), "sent", "sent")))
    assert tuple(render.feature_colours(style, data.columns, len(data))[row]) == (230, 159, 0)
    fids, columns = feature_table(Source(table="cimview_observations"), cache=city)
    assert np.array_equal(fids, data.fids) and columns["state"][row] == "pending"


def test_a_file_layer_added_to_the_model(city: Cache, realdata: Path) -> None:
    model = CityModel()
    model.open(city, saved=False)
    added: list[str] = []
    model.layers.inserted.connect(lambda *a: added.append(a[-1].name if a else ""))
    path = realdata / "footprints" / "guangzhou_huacheng_osm.geojson"
    layer = Layer(model.layers.unique_name("huacheng"), "vectors", Source(path=str(path)),
                  title="花城广场", style=Style(mode="categorised", field="building",
                                                classes=render.categorise(
                                                    [f["properties"].get("building") for f in
                                                     json.loads(path.read_text("utf-8"))
                                                     ["features"]])))
    model.layers.append(layer)
    assert "huacheng" in model.layers and added
    data = read_layer(layer.source, city.crs, cache=model.cache)
    assert len(data) == len(geojson_types(path))
    colours = render.feature_colours(layer.style, data.columns, len(data))
    yes = next(c for c in layer.style.classes if c.value == "yes")
    assert (colours[np.asarray(data.columns["building"]) == "yes"] == yes.rgb).all()
    layer.filter = "\"building:levels\" >= 30"
    keep = render.filter_mask(layer.filter, data.columns, len(data))
    assert 0 < keep.sum() < len(data)
    with pytest.raises(ExpressionError):
        render.filter_mask("building = ", data.columns, len(data))
    # the map (with the file layer and its style) survives a save and reopen
    model.save()
    again = CityModel()
    again.open(city)
    assert again.layers["huacheng"].style == layer.style
    assert again.layers["huacheng"].source == layer.source


# -- styles ----------------------------------------------------------------------------------
def test_style_colours_per_class() -> None:
    cols = {"code": [1, "1", 2.0, None, "x"], "h": np.array([0.5, 10.0, 25.0, np.nan, 99.0])}
    cat = Style(mode="categorised", field="code", other_rgb=(9, 9, 9), classes=(
        StyleClass((255, 0, 0), value=1), StyleClass((0, 255, 0), value="2")))
    # "1" matches 1 as text, 2.0 matches "2" neither as number nor as text ("2.0" != "2")
    assert render.feature_colours(cat, cols, 5).tolist() == [
        [255, 0, 0], [255, 0, 0], [9, 9, 9], [9, 9, 9], [9, 9, 9]]
    grad = Style(mode="graduated", field="h", other_rgb=(9, 9, 9), classes=(
        StyleClass((1, 1, 1), high=10.0), StyleClass((2, 2, 2), low=10.0, high=50.0),
        StyleClass((3, 3, 3), low=50.0)))
    assert render.feature_colours(grad, cols, 5)[:, 0].tolist() == [1, 2, 2, 9, 3]
    assert render.feature_colours(Style(rgb=(4, 5, 6)), cols, 5).tolist() == [[4, 5, 6]] * 5
    missing = Style(mode="categorised", field="nope", classes=cat.classes, other_rgb=(7, 7, 7))
    assert render.feature_colours(missing, cols, 5).tolist() == [[7, 7, 7]] * 5
    assert render.feature_labels(Style(label_field="h"), cols) == ["0.5", "10", "25", "", "99"]
    assert render.feature_labels(Style(), cols) is None
    widths = render.feature_widths(Style(width_field="h", line_width=3.0), cols, 5)
    assert widths.tolist() == [0.5, 10.0, 25.0, 3.0, 99.0]


def test_graduated_classes_from_the_data() -> None:
    values = list(range(1, 101)) + [None, "n/a"]
    q = render.graduate(values, 4, "quantile", ramp="Blues")
    assert len(q) == 4 and q[0].low is None and q[-1].high is None
    style = Style(mode="graduated", field="v", classes=q)
    idx = render.class_index(style, {"v": values}, len(values))
    counts = np.bincount(idx[:100])  # about a quarter each (edges rounded to 26, 50, 75)
    assert len(counts) == 4 and abs(counts - 25).max() <= 1 and idx[100:].tolist() == [-1, -1]
    assert q[0].rgb == (247, 251, 255) and q[-1].rgb == (8, 48, 107)  # ColorBrewer Blues ends
    e = render.graduate(values, 3, "equal")
    assert [c.label for c in e] == ["1 – 34", "34 – 67", "67 – 100"]
    assert render.graduate([5, 5, 5], 3) == render.graduate([5], 1)
    assert render.graduate([None, "x"], 3) == ()
    with pytest.raises(ValueError):
        render.graduate(values, 3, "jenks")


def test_categories_ramps_and_legend() -> None:
    values = ["住宅", "商业", "住宅", None, "", "工业"]
    classes = render.categorise(values)
    assert [c.label for c in classes] == sorted({"住宅", "商业", "工业"})
    assert [c.rgb for c in classes] == render.ramp_colours("OkabeIto", 3)
    many = render.categorise([f"c{i}" for i in range(100)], max_classes=10)
    assert len(many) == 10
    assert len(render.ramp_colours("YlOrRd", 20)) == 20
    assert render.ramp_colours("Set2", 10)[8] == render.ramp_colours("Set2", 1)[0]
    assert set(render.ramps()) >= {"OkabeIto", "YlOrRd", "Blues", "RdYlBu", "Paired"}
    legend = render.legend_entries(Style(mode="categorised", field="x", classes=classes))
    assert [e.kind for e in legend] == ["class"] * 3 + ["other"]
    assert legend[0].label == classes[0].label
    single = render.legend_entries(Style(rgb=(1, 2, 3)))
    assert [(e.kind, e.rgb) for e in single] == [("single", (1, 2, 3))]
    zh = render.legend_entries(Style(mode="categorised", field="x", classes=(
        StyleClass((1, 1, 1), "pending", "pending", label_zh="待发送"),)), other=False)
    assert [e.text("zh_CN") for e in zh] == ["待发送"] and zh[0].text("en") == "pending"


def test_a_table_the_cache_lacks_is_an_empty_layer_that_says_so(city: Cache,
                                                                tmp_path: Path) -> None:
    import sqlite3

    copy = tmp_path / "old.gpkg"
    with sqlite3.connect(city.path) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    with sqlite3.connect(copy) as conn:
        conn.execute("DROP TABLE parcels")
    with Cache.open(copy) as old:  # opening gives the cache its missing table back, empty
        data = read_layer(Source(table="parcels"), cache=old, map_crs=SAMPLE_CRS)
        assert old.count("buildings") == city.count("buildings")
    assert len(data) == 0 and data.geometry == "polygon"


def test_a_truncated_geojson_says_where_it_ends(tmp_path: Path) -> None:
    path = tmp_path / "cut.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", '
                    '"properties": {}, "geometry": {"type": "Point", "coordinates": [113.2',
                    encoding="utf-8")
    for call in (lambda: list_sublayers(path),
                 lambda: read_layer(Source(path=str(path)), "EPSG:4547")):
        with pytest.raises(InputError) as err:
            call()
        assert str(path) in str(err.value) and "ends early" in str(err.value)
