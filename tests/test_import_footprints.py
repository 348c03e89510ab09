"""Building footprints from the real GeoJSON and Shapefile files, and from GeoPackages."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyogrio
import pytest
import rasterio
import shapely
from pyproj import CRS, Transformer
from rasterio.transform import from_origin

from app.import_words import report_text
from store.cache import Cache
from store.errors import InputError
from store.importers import ImportOptions, ImportReport, import_file

FP = "footprints"


def coords_near(geom: shapely.Geometry, x: float, y: float) -> float:
    """Distance from (x, y) to the nearest vertex of geom."""
    xy = shapely.get_coordinates(geom)
    return float(np.hypot(xy[:, 0] - x, xy[:, 1] - y).min())


def check_report(report: ImportReport) -> None:
    assert report.features_read == report.imported + len(report.rejected)
    json.dumps(report.to_dict(), ensure_ascii=False)
    text = report_text(report)  # what `cimview import` and the window show
    assert report.file in text and "imported" in text


@pytest.fixture(scope="module")
def huacheng(realdata: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ImportReport]:
    into = tmp_path_factory.mktemp("gz") / "gz.gpkg"
    return into, import_file(realdata / FP / "guangzhou_huacheng_osm.geojson", into,
                             crs="EPSG:4547")


def test_huacheng_centimetre(realdata: Path, huacheng: tuple[Path, ImportReport]) -> None:
    into, report = huacheng
    check_report(report)
    assert (report.features_read, report.imported, report.rejected) == (52, 52, [])
    assert report.created_cache and report.cache_crs == "EPSG:4547"
    assert report.source_crs == "OGC:CRS84" and report.estimated_heights == 22
    doc = json.loads((realdata / FP / "guangzhou_huacheng_osm.geojson").read_text("utf-8"))
    west = next(f for f in doc["features"] if f["properties"]["id"] == "w184738716")
    lon, lat = west["geometry"]["coordinates"][0][3]
    x, y = Transformer.from_crs("EPSG:4326", "EPSG:4547", always_xy=True).transform(lon, lat)
    with Cache.open(into) as cache:
        rows = cache.read("buildings", ["name", "height", "floors_above", "height_estimated",
                                        "lod", "attrs", "ground_z"],
                          where="json_extract(attrs, '$.id') = 'w184738716'")
    assert len(rows) == 1
    assert coords_near(rows.geoms[0], x, y) < 0.01
    assert rows.columns["name"] == ["广州国际金融中心"] or "西塔" in rows.columns["name"][0]
    assert rows.columns["height"] == [440.2] and rows.columns["floors_above"] == [103]
    assert rows.columns["height_estimated"] == [0] and rows.columns["lod"] == ["1"]
    assert rows.columns["ground_z"] == [None]  # no DEM in the cache
    attrs = json.loads(rows.columns["attrs"][0])
    assert attrs == west["properties"]  # verbatim, strings stay strings
    ring = shapely.get_exterior_ring(rows.geoms[0].geoms[0])
    assert shapely.is_ccw(ring) and rows.geoms[0].geom_type == "MultiPolygon"


def test_huacheng_readable_by_gdal(huacheng: tuple[Path, ImportReport]) -> None:
    into, _ = huacheng
    layers = dict(pyogrio.list_layers(into))
    assert layers["buildings"] == "MultiPolygon"
    assert layers["building_solids"] == "MultiPolygon Z"
    info = pyogrio.read_info(into, layer="buildings")
    assert CRS.from_user_input(info["crs"]).to_epsg() == 4547 and info["features"] == 52
    _, _, geoms, fields = pyogrio.raw.read(into, layer="buildings", columns=["height"])
    assert len(geoms) == 52 and max(fields[0]) == pytest.approx(440.2)


def test_reimport_replaces(realdata: Path, huacheng: tuple[Path, ImportReport]) -> None:
    into, _ = huacheng
    again = import_file(realdata / FP / "guangzhou_huacheng_osm.geojson", into)
    assert again.replaced == 52 and again.imported == 52 and not again.created_cache
    with Cache.open(into) as cache:
        assert cache.count("buildings") == 52
        assert [r["report"]["imported"] for r in cache.imports()] == [52, 52]
        versions = cache.read("buildings", ["version"]).columns["version"]
    assert set(versions) == {2}


def test_manhattan(realdata: Path, tmp_path: Path) -> None:
    report = import_file(realdata / FP / "osm_manhattan_overpass.geojson", tmp_path / "m.gpkg")
    check_report(report)
    assert (report.features_read, report.imported, len(report.rejected)) == (1286, 1239, 47)
    assert {r["reason"] for r in report.rejected} == {"not a polygon (Point)"}
    assert [r["feature"] for r in report.repaired] == ["way/266933396"]
    assert report.cache_crs == "EPSG:32618"
    with Cache.open(tmp_path / "m.gpkg") as cache:
        f = cache.read("buildings", ["height", "attrs"])
    assert shapely.is_valid(f.geoms).all()
    assert sum(len(shapely.get_parts(g)) for g in f.geoms) >= 1239
    assert max(f.columns["height"]) == pytest.approx(160)
    holes = shapely.get_num_interior_rings(shapely.get_parts(f.geoms))
    assert (holes > 0).sum() >= 10  # multipolygon relations keep their inner rings
    assert any('"@id"' in a and '"nycdoitt:bin"' in a for a in f.columns["attrs"])


def test_berlin_auto_utm(realdata: Path, tmp_path: Path) -> None:
    path = realdata / FP / "osmbuildings_berlin_lln.geojson"
    report = import_file(path, tmp_path / "b.gpkg")
    check_report(report)
    assert (report.features_read, report.imported, report.estimated_heights) == (635, 635, 169)
    assert report.cache_crs == "EPSG:32633"
    first = json.loads(path.read_text("utf-8"))["features"][0]
    x, y = Transformer.from_crs("EPSG:4326", "EPSG:32633", always_xy=True).transform(
        *first["geometry"]["coordinates"][0][0])
    with Cache.open(tmp_path / "b.gpkg") as cache:
        assert cache.crs.to_epsg() == 32633
        f = cache.read("buildings", ["gid", "height"], where="json_extract(attrs,'$.type')"
                       " = 'commercial' AND fid = 1")
    assert coords_near(f.geoms[0], x, y) < 0.01


def test_dc_shapefile_keeps_its_crs(realdata: Path, tmp_path: Path) -> None:
    path = realdata / FP / "dcbuildings.shp"
    report = import_file(path, tmp_path / "dc.gpkg")
    check_report(report)
    assert (report.features_read, report.imported, report.estimated_heights) == (1251, 1251, 1251)
    assert report.cache_crs == "EPSG:26985"
    assert sum("neither a height" in w for w in report.warnings) == 1
    meta, fids, wkb, _ = pyogrio.raw.read(path, return_fids=True)
    src = shapely.from_wkb(wkb)
    multi = int(np.argmax(shapely.get_num_geometries(src) + shapely.get_num_interior_rings(
        shapely.get_geometry(src, 0))))
    x, y = shapely.get_coordinates(src[multi])[5]
    with Cache.open(tmp_path / "dc.gpkg") as cache:
        f = cache.read("buildings", ["height_estimated", "name", "attrs"])
    assert set(f.columns["height_estimated"]) == {1}
    assert coords_near(f.geoms[multi], x, y) < 0.01
    assert json.loads(f.columns["attrs"][0])["DESCRIPTIO"] == "Buildings subdivided by roofbreaks"


def test_shamian_parts_are_rows(realdata: Path, tmp_path: Path) -> None:
    report = import_file(realdata / FP / "guangzhou_shamian_osm.geojson", tmp_path / "s.gpkg",
                         options=ImportOptions(floor_height=3.5, default_height=6))
    check_report(report)
    assert (report.features_read, report.imported, report.estimated_heights) == (169, 169, 85)
    assert report.cache_crs == "EPSG:32649"
    with Cache.open(tmp_path / "s.gpkg") as cache:
        f = cache.read("buildings", ["height", "attrs"],
                       where="json_extract(attrs, '$.\"building:part\"') IS NOT NULL")
        relation = cache.read("buildings", ["attrs"], where="json_extract(attrs, '$.id') = "
                              "'r19655434'")
    assert len(f) == 11 and 90.0 in f.columns["height"]
    assert json.loads(relation.columns["attrs"][0])["layer"] == "-3;-1"


def dem_tiff(path: Path, crs: str, x0: float, y0: float, z: float) -> Path:
    values = np.full((50, 50), z, dtype=np.float32)
    values[0, 0] = -9999
    with rasterio.open(path, "w", driver="GTiff", width=50, height=50, count=1,
                       dtype="float32", crs=crs, transform=from_origin(x0, y0, 20, 20),
                       nodata=-9999) as dst:
        dst.write(values, 1)
    return path


def test_ground_z_from_dem(realdata: Path, tmp_path: Path) -> None:
    into = tmp_path / "gz.gpkg"
    x, y = Transformer.from_crs("EPSG:4326", "EPSG:4547", always_xy=True).transform(
        113.315, 23.1225)
    dem = import_file(dem_tiff(tmp_path / "flat.tif", "EPSG:4547", x - 500, y + 500, 7.5), into,
                      crs="EPSG:4547")
    assert dem.kind == "dem" and dem.cache_crs == "EPSG:4547"
    report = import_file(realdata / FP / "guangzhou_huacheng_osm.geojson", into)
    with Cache.open(into) as cache:
        gz = cache.read("buildings", ["ground_z"]).columns["ground_z"]
    assert report.imported == 52
    assert None not in gz and np.allclose(gz, 7.5)


def test_geopackage_layers(tmp_path: Path) -> None:
    polys = shapely.box(np.arange(3) * 10.0 + 500000, 2500000.0, np.arange(3) * 10 + 505000.0,
                        2500005.0)
    src = tmp_path / "two.gpkg"
    for layer in ("houses", "sheds"):
        pyogrio.raw.write(src, shapely.to_wkb(polys), [np.array(["a", "b", "c"], dtype=object),
                                                       np.array([3.0, 6.0, 9.0])],
                          ["名称", "层数"], layer=layer, driver="GPKG", geometry_type="Polygon",
                          crs="EPSG:32649", append=src.exists())
    with pytest.raises(InputError, match=r"has 2 layers; choose one with --layer: "
                                         r"houses \(Polygon\), sheds \(Polygon\)"):
        import_file(src, tmp_path / "c.gpkg")
    report = import_file(src, tmp_path / "c.gpkg", options=ImportOptions(layer="sheds"))
    assert report.imported == 3 and report.cache_crs == "EPSG:32649"
    with Cache.open(tmp_path / "c.gpkg") as cache:
        f = cache.read("buildings", ["name", "height", "floors_above"])
    assert f.columns["name"] == ["a", "b", "c"] and f.columns["height"] == [9.0, 18.0, 27.0]


@pytest.mark.parametrize("encoding", ["gbk", "utf-8"])
def test_chinese_shapefile_without_cpg(tmp_path: Path, encoding: str) -> None:
    """Chinese GIS software writes GBK .dbf files, often with no .cpg beside them."""
    shp = tmp_path / "楼栋.shp"
    square = shapely.box(428_000, 2_555_000, 428_020, 2_555_015)
    pyogrio.raw.write(shp, np.array([shapely.to_wkb(square)], dtype=object),
                      [np.array(["锦绣花园3栋"], dtype=object), np.array([6])],
                      ["名称", "层数"], driver="ESRI Shapefile", geometry_type="Polygon",
                      crs="EPSG:4547", encoding=encoding)
    for sidecar in tmp_path.glob("*.cpg"):
        sidecar.unlink()
    report = import_file(shp, tmp_path / "c.gpkg", options=ImportOptions(name_field="名称"))
    with Cache.open(tmp_path / "c.gpkg") as c:
        f = c.read("buildings", ["name", "floors_above", "height"])
    assert f.columns["name"] == ["锦绣花园3栋"]
    assert f.columns["floors_above"] == [6] and f.columns["height"] == [18.0]
    assert any(encoding.upper() in w for w in report.warnings)
