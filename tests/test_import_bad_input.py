"""Broken and hostile input: clear messages, and a failed import never changes the cache."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from store.cache import Cache
from store.errors import InputError
from store.importers import ImportOptions, import_file

SQUARE = [[113.3110, 23.1210], [113.3112, 23.1210], [113.3112, 23.1212], [113.3110, 23.1212],
          [113.3110, 23.1210]]
BOWTIE = [[113.3120, 23.1210], [113.3122, 23.1212], [113.3122, 23.1210], [113.3120, 23.1212],
          [113.3120, 23.1210]]


def feature(fid: str, ring: list[list[float]], **props: object) -> dict:
    return {"type": "Feature", "id": fid, "properties": props,
            "geometry": {"type": "Polygon", "coordinates": [ring]}}


def write_json(path: Path, doc: object) -> Path:
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    """An existing cache (EPSG:4547) holding one small building."""
    src = write_json(tmp_path / "seed.geojson", {
        "type": "FeatureCollection", "features": [feature("a", SQUARE, height="12")]})
    into = tmp_path / "city.gpkg"
    report = import_file(src, into, crs="EPSG:4547")
    assert report.created_cache and report.imported == 1
    return into


def fails(path: Path, into: Path, match: str, **kw: object) -> InputError:
    """Import must fail with InputError naming the file; an existing cache stays unchanged."""
    before = sha256(into) if into.exists() else None
    with pytest.raises(InputError, match=match) as info:
        import_file(path, into, **kw)  # type: ignore[arg-type]
    assert path.name in str(info.value)
    if before is None:
        assert not into.exists()
        assert not list(into.parent.glob(f".{into.name}*"))  # no partial file either
    else:
        assert sha256(into) == before
    return info.value


def test_truncated_geojson_names_line_and_column(tmp_path: Path, cache: Path) -> None:
    text = json.dumps({"type": "FeatureCollection",
                       "features": [feature("a", SQUARE), feature("b", SQUARE)]}, indent=1)
    bad = tmp_path / "cut.geojson"
    bad.write_text(text[: len(text) * 2 // 3], encoding="utf-8")
    err = fails(bad, cache, r"line \d+, column \d+")
    assert "truncated" in str(err)
    fails(bad, tmp_path / "new.gpkg", "truncated")


def test_invalid_json(tmp_path: Path, cache: Path) -> None:
    bad = tmp_path / "bad.geojson"
    bad.write_text('{"type": "FeatureCollection",\n "features": [}\n', encoding="utf-8")
    fails(bad, cache, r"invalid JSON at line 2, column 15")


def test_bowtie_is_repaired_and_counted(tmp_path: Path, cache: Path) -> None:
    src = write_json(tmp_path / "bowtie.geojson", {
        "type": "FeatureCollection",
        "features": [feature("bow", BOWTIE, height="9"), feature("ok", SQUARE, height="6")]})
    report = import_file(src, cache)
    assert report.features_read == 2 and report.imported == 2 and not report.rejected
    assert [r["feature"] for r in report.repaired] == ["bow"]
    assert "Self-intersection" in report.repaired[0]["problem"]
    with Cache.open(cache) as c:
        rows = c.read("buildings", ["attrs"], where="json_extract(attrs, '$.height') = '9'")
    assert len(rows) == 1 and rows.geoms[0].is_valid
    assert len(rows.geoms[0].geoms) == 2  # the two triangles of the bow-tie


def test_missing_height_is_estimated_with_one_warning(tmp_path: Path, cache: Path) -> None:
    src = write_json(tmp_path / "noheight.geojson", {
        "type": "FeatureCollection",
        "features": [feature("x", SQUARE), feature("y", SQUARE, **{"building:levels": "4"}),
                     feature("z", SQUARE, height="17.5 m")]})
    report = import_file(src, cache, options=ImportOptions(default_height=7.0))
    assert report.estimated_heights == 1
    assert sum("neither a height nor a floors" in w for w in report.warnings) == 1
    with Cache.open(cache) as c:
        f = c.read("buildings", ["height", "height_estimated", "floors_above"],
                   where="source = 'noheight.geojson'")
    assert sorted(zip(f.columns["height"], f.columns["height_estimated"], strict=True)) == [
        (7.0, 1), (12.0, 0), (17.5, 0)]


@pytest.mark.parametrize("crs_member", [
    {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::999999"}},
    {"type": "EPSG", "properties": {"code": 999999}}])
def test_unknown_crs_in_file(tmp_path: Path, cache: Path, crs_member: dict) -> None:
    src = write_json(tmp_path / "weird.geojson", {
        "type": "FeatureCollection", "crs": crs_member, "features": [feature("a", SQUARE)]})
    err = fails(src, cache, "unknown coordinate reference system")
    assert "--source-crs" in str(err)


def test_unknown_crs_option(tmp_path: Path, cache: Path) -> None:
    src = write_json(tmp_path / "ok.geojson", {
        "type": "FeatureCollection", "features": [feature("a", SQUARE)]})
    fails(src, tmp_path / "new.gpkg", r"EPSG:999999.*--crs", crs="EPSG:999999")
    fails(src, cache, r"EPSG:999999.*--crs", crs="EPSG:999999")
    fails(src, cache, r"--source-crs", options=ImportOptions(source_crs="EPSG:999999"))


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


@pytest.mark.parametrize(("name", "data", "message"), [
    ("photo.geojson", PNG, "x.geojson: not GeoJSON: the file is a PNG image"),
    ("photo.tif", PNG, "not GeoTIFF: the file is a PNG image"),
    ("noise.geojson", bytes(np.random.default_rng(1).integers(0, 256, 4096, dtype=np.uint8)),
     "not GeoJSON: the file is binary data"),
    ("noise.tif", bytes(np.random.default_rng(2).integers(0, 256, 4096, dtype=np.uint8)),
     "not GeoTIFF: the file is binary data"),
    ("empty.geojson", b"", "not GeoJSON: the file is an empty file"),
    ("empty.tif", b"", "not GeoTIFF: the file is an empty file"),
    ("blank.city.json", b"  \n", "not CityJSON: the file is an empty file (only whitespace)"),
])
def test_wrong_content(tmp_path: Path, cache: Path, name: str, data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    err = fails(path, cache, "not ")
    assert str(err).endswith(message.split(": ", 1)[1])
    assert str(err).startswith(str(path))
    fails(path, tmp_path / "new.gpkg", "not ")


def test_forced_kind_must_match_content(tmp_path: Path, cache: Path) -> None:
    src = write_json(tmp_path / "b.geojson", {
        "type": "FeatureCollection", "features": [feature("a", SQUARE)]})
    fails(src, cache, "not CityJSON: the file is GeoJSON", options=ImportOptions(kind="cityjson"))


def cityjson_doc(*, crs: bool = True, bad_index: bool = False) -> dict:
    """Two unit-cube LoD1 buildings in RD New; the second can point at a missing vertex."""
    verts = [[0, 0, 0], [1000, 0, 0], [1000, 1000, 0], [0, 1000, 0],
             [0, 0, 3000], [1000, 0, 3000], [1000, 1000, 3000], [0, 1000, 3000]]
    shell = [[[0, 3, 2, 1]], [[4, 5, 6, 7]], [[0, 1, 5, 4]], [[1, 2, 6, 5]], [[2, 3, 7, 6]],
             [[3, 0, 4, 7]]]
    second = [[[j + 8 for j in ring[0]]] for ring in shell]
    if bad_index:
        second[1] = [[12, 13, 14, 99]]
    doc = {"type": "CityJSON", "version": "2.0",
           "transform": {"scale": [0.001, 0.001, 0.001], "translate": [85000, 446000, 0]},
           "vertices": verts + [[x + 5000, y, z] for x, y, z in verts],
           "CityObjects": {
               "one": {"type": "Building", "attributes": {"name": "een"},
                       "geometry": [{"type": "Solid", "lod": "1", "boundaries": [shell]}]},
               "two": {"type": "Building",
                       "geometry": [{"type": "Solid", "lod": "1", "boundaries": [second]}]}}}
    if crs:
        doc["metadata"] = {"referenceSystem": "https://www.opengis.net/def/crs/EPSG/0/28992"}
    return doc


def test_cityjson_vertex_index_out_of_range(tmp_path: Path) -> None:
    src = write_json(tmp_path / "broken.city.json", cityjson_doc(bad_index=True))
    report = import_file(src, tmp_path / "nl.gpkg")
    assert report.features_read == 2 and report.imported == 1
    assert report.rejected == [{"feature": "two", "reason":
                                "vertex index 99 out of range (the file has 16 vertices)"}]


def test_cityjson_without_crs_needs_crs(tmp_path: Path, cache: Path) -> None:
    src = write_json(tmp_path / "nocrs.city.json", cityjson_doc(crs=False))
    err = fails(src, tmp_path / "new.gpkg", "declares no coordinate reference system")
    assert "pass --crs EPSG:xxxx" in str(err)
    fails(src, cache, "pass --crs")
    report = import_file(src, tmp_path / "new.gpkg", crs="EPSG:28992")
    assert report.imported == 2 and report.cache_crs == "EPSG:28992"


def test_projected_coordinates_in_lonlat_geojson(tmp_path: Path, cache: Path) -> None:
    ring = [[x * 1000 + 500000, y * 1000 + 2500000] for x, y in ((0, 0), (1, 0), (1, 1), (0, 0))]
    src = write_json(tmp_path / "utm.geojson", {
        "type": "FeatureCollection", "features": [feature("a", ring)]})
    fails(src, cache, "not longitude/latitude")


def test_only_points_is_nothing_to_import(tmp_path: Path, cache: Path) -> None:
    src = write_json(tmp_path / "points.geojson", {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point",
                                                            "coordinates": [113.3, 23.1]}}]})
    fails(src, cache, r"nothing to import.*not a polygon \(Point\)")


def test_missing_file_and_shapefile_sidecar(tmp_path: Path, cache: Path) -> None:
    fails(tmp_path / "nope.geojson", cache, "no such file")
    (tmp_path / "b.shp").write_bytes(b"\x00\x00'\n")
    (tmp_path / "b.dbf").write_bytes(b"\x03")
    fails(tmp_path / "b.dbf", cache, r"import the \.shp file")


def test_a_file_named_as_another_format_is_imported_with_a_warning(tmp_path: Path,
                                                                   cache: Path) -> None:
    path = write_json(tmp_path / "buildings.tif", {
        "type": "FeatureCollection", "features": [feature("b", SQUARE, height="6")]})
    report = import_file(path, cache)
    assert report.imported == 1
    assert any("name says GeoTIFF" in w and "holds GeoJSON" in w for w in report.warnings)
