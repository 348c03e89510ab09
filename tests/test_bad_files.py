"""Broken and hostile files through the real ``cimview import`` (and BIM loading): every one
gets a sentence naming the file and the problem, never a traceback, and the cache is left
exactly as it was. Each test makes its bad file itself, in tmp_path."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import struct
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import rasterio
from pyproj import Transformer
from rasterio.transform import from_origin

from app.cli import main
from store.messages import Message

ROOT = Path(__file__).resolve().parents[1]
SQUARE = [[113.3110, 23.1210], [113.3112, 23.1210], [113.3112, 23.1212], [113.3110, 23.1212],
          [113.3110, 23.1210]]
CUBE = [[0, 0, 0], [1000, 0, 0], [1000, 1000, 0], [0, 1000, 0],
        [0, 0, 3000], [1000, 0, 3000], [1000, 1000, 3000], [0, 1000, 3000]]
SHELL = [[[0, 3, 2, 1]], [[4, 5, 6, 7]], [[0, 1, 5, 4]], [[1, 2, 6, 5]], [[2, 3, 7, 6]],
         [[3, 0, 4, 7]]]


# -- helpers --------------------------------------------------------------------------------------
def feature(fid: str, ring: list, **props: object) -> dict:
    return {"type": "Feature", "id": fid, "properties": props,
            "geometry": {"type": "Polygon", "coordinates": [ring]}}


def collection(*features: dict, **extra: object) -> dict:
    return {"type": "FeatureCollection", **extra, "features": list(features)}


def write(path: Path, doc: object) -> Path:
    path.write_text(json.dumps(doc), encoding="utf-8")  # NaN and Infinity kept as JSON allows
    return path


def cityjson(objects: dict | None = None, **top: object) -> dict:
    doc = {"type": "CityJSON", "version": "2.0",
           "transform": {"scale": [0.001, 0.001, 0.001], "translate": [85000, 446000, 0]},
           "metadata": {"referenceSystem": "https://www.opengis.net/def/crs/EPSG/0/28992"},
           "vertices": CUBE,
           "CityObjects": objects if objects is not None else {"one": building(SHELL)}}
    doc.update(top)
    return doc


def building(shell: list, **attributes: object) -> dict:
    return {"type": "Building", "attributes": attributes,
            "geometry": [{"type": "Solid", "lod": "1", "boundaries": [shell]}]}


def content(cache: Path) -> str | None:
    """The cache's whole content (SQL dump), or None when there is no cache file."""
    if not cache.exists():
        return None
    with sqlite3.connect(f"file:{cache}?mode=ro", uri=True) as conn:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()


def cli(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def _log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CIMVIEW_LOG", str(tmp_path / "errors.log"))


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    """An existing cache (CGCS2000 / GK CM 114E) holding one building."""
    into = tmp_path / "city.gpkg"
    seed = write(tmp_path / "seed.geojson", collection(feature("seed", SQUARE, height="12")))
    assert main(["import", str(seed), "--into", str(into), "--crs", "EPSG:4547"]) == 0
    return into


def refused(capsys: pytest.CaptureFixture[str], path: Path, cache: Path, problem: str,
            *extra: str) -> str:
    """Import into the existing cache and into a new one: exit code 1, a sentence naming the
    file and ``problem``, no traceback, the cache unchanged and no new cache file."""
    before = content(cache)
    code, _, err = cli(capsys, "import", path, "--into", cache, *extra)
    assert code == 1, err
    assert "Traceback" not in err and path.name in err and problem in err, err
    assert content(cache) == before
    new = cache.with_name("new.gpkg")
    code, _, err2 = cli(capsys, "import", path, "--into", new, *extra)
    assert code == 1 and problem in err2 and "Traceback" not in err2, err2
    assert not new.exists() and not list(new.parent.glob(".new.gpkg*"))
    return err


def imported(capsys: pytest.CaptureFixture[str], path: Path, cache: Path) -> dict:
    """Import with --json: exit code 0, no traceback; the report."""
    code, out, err = cli(capsys, "import", path, "--into", cache, "--json")
    assert code == 0 and "Traceback" not in err, err
    return json.loads(out)


# -- whole-file errors ----------------------------------------------------------------------------
def _cityjson_no_objects(d: Path) -> Path:
    return write(d / "empty.city.json", cityjson({}))


def _cityjson_scale_zero(d: Path) -> Path:
    return write(d / "flat.city.json", cityjson(
        transform={"scale": [0, 0, 0], "translate": [85000, 446000, 0]}))


def _cityjson_indices_out_of_range(d: Path) -> Path:
    shell = [[[i + 100 for i in ring[0]]] for ring in SHELL]
    return write(d / "indices.city.json", cityjson({"one": building(shell)}))


def _empty_collection(d: Path) -> Path:
    return write(d / "nothing.geojson", collection())


def _all_nan(d: Path) -> Path:
    return write(d / "nan.geojson", collection(feature("a", [[float("nan"), 23.1]] + SQUARE[1:])))


def _all_null(d: Path) -> Path:
    return write(d / "null.geojson", collection(*[
        {"type": "Feature", "properties": {}, "geometry": None} for _ in range(3)]))


def _one_point_polygon(d: Path) -> Path:
    return write(d / "point.geojson", collection(feature("a", [[113.3, 23.1]])))


def _deeply_nested(d: Path) -> Path:
    path = d / "deep.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [' + "[" * 100_000
                    + "]" * 100_000 + "]}", encoding="utf-8")
    return path


def _huge_x(d: Path) -> Path:  # x = 1e9 in the cache's own CRS
    ring = [[1e9, 2.5e6], [1e9 + 10, 2.5e6], [1e9 + 10, 2.5e6 + 10], [1e9, 2.5e6]]
    return write(d / "far.geojson", collection(
        feature("a", ring), crs={"type": "name", "properties": {"name": "EPSG:4547"}}))


def _corrupt_tile(d: Path) -> Path:
    good, bad = d / "good.tif", d / "tiles.tif"
    with rasterio.open(good, "w", driver="GTiff", width=64, height=64, count=1,
                       dtype="float32", crs="EPSG:4547", tiled=True, blockxsize=16,
                       blockysize=16, compress="deflate",
                       transform=from_origin(430000, 2556000, 10, 10)) as ds:
        ds.write(np.random.default_rng(1).random((1, 64, 64), dtype=np.float32) * 50)
    data = bytearray(good.read_bytes())
    data[len(data) // 2:len(data) // 2 + 200] = b"\x55" * 200
    bad.write_bytes(bytes(data))
    return bad


@pytest.mark.parametrize(("make", "problem"), [
    (_cityjson_no_objects, "has no CityObjects"),
    (_cityjson_scale_zero, "transform scale is [0.0, 0.0, 0.0]: it must be positive"),
    (_cityjson_indices_out_of_range, "vertex index 100 out of range (the file has 8 vertices)"),
    (_empty_collection, "has no features"),
    (_all_nan, "coordinates that are not numbers"),
    (_all_null, "no geometry (null)"),
    (_one_point_polygon, "geometry cannot be read"),
    (_deeply_nested, "nested too deeply"),
    (_huge_x, "are impossible in the file's CRS EPSG:4547"),
    (_corrupt_tile, "not a readable GeoTIFF"),
], ids=lambda v: v.__name__.strip("_") if callable(v) else "")
def test_whole_file_errors(tmp_path: Path, cache: Path, capsys: pytest.CaptureFixture[str],
                           make: Callable[[Path], Path], problem: str) -> None:
    refused(capsys, make(tmp_path), cache, problem)


def _shapefile(tmp_path: Path, name: str, realdata: Path) -> Path:
    for ext in ("shp", "shx", "dbf", "prj"):
        target = tmp_path / f"{name}.{ext}"
        shutil.copyfile(realdata / "footprints" / f"dcbuildings.{ext}", target)
    return tmp_path / f"{name}.shp"


def test_truncated_shapefile_says_truncated(tmp_path: Path, cache: Path, realdata: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    shp = _shapefile(tmp_path, "cut", realdata)
    data = shp.read_bytes()
    shp.write_bytes(data[:len(data) // 2])
    err = refused(capsys, shp, cache, "truncated")
    assert f"holds {len(data) // 2} bytes, its header says {len(data)}" in err
    assert "no geometry" not in err


def test_empty_shp_beside_a_valid_dbf(tmp_path: Path, cache: Path, realdata: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    shp = _shapefile(tmp_path, "zero", realdata)
    shp.write_bytes(b"")
    refused(capsys, shp, cache, "empty file")


def test_web_mercator_numbers_declared_as_utm(tmp_path: Path, realdata: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """A real Guangzhou file rewritten in EPSG:3857 numbers under a UTM 49N declaration."""
    doc = json.loads((realdata / "footprints" / "guangzhou_huacheng_osm.geojson").read_text(
        encoding="utf-8"))
    to_3857 = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
    for f in doc["features"]:
        ring = np.asarray(f["geometry"]["coordinates"][0])
        f["geometry"]["coordinates"] = [np.column_stack(to_3857.transform(
            ring[:, 0], ring[:, 1])).tolist()]
    doc["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32649"}}
    path = write(tmp_path / "huacheng_utm.geojson", doc)
    into = tmp_path / "gz.gpkg"
    code, _, err = cli(capsys, "import", path, "--into", into)
    assert code == 1 and "Traceback" not in err
    assert "huacheng_utm.geojson" in err and "impossible in the file's CRS EPSG:32649" in err
    assert "look like EPSG:3857" in err and "--source-crs EPSG:3857" in err
    assert not into.exists()
    # the hint works
    code, out, err = cli(capsys, "import", path, "--into", into, "--source-crs", "EPSG:3857")
    assert code == 0, err
    assert "52 imported" in out


# -- per-feature rejections -----------------------------------------------------------------------
def reasons(report: dict) -> dict[str, str]:
    return {r["feature"]: r["reason"] for r in report["rejected"]}


def test_nan_coordinates_reject_one_feature(tmp_path: Path, cache: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "nan.geojson", collection(
        feature("bad", [[float("nan"), 23.121]] + SQUARE[1:]), feature("ok", SQUARE)))
    report = imported(capsys, path, cache)
    assert report["imported"] == 1
    assert reasons(report) == {"bad": "coordinates that are not numbers (NaN or infinite)"}


def test_nan_vertex_rejects_one_cityjson_building(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    second = [[[i + 8 for i in ring[0]]] for ring in SHELL]
    vertices = CUBE + [[x + 5000, y, z] for x, y, z in CUBE]
    vertices[9] = [float("nan"), 0, 0]
    path = write(tmp_path / "nan.city.json", cityjson(
        {"one": building(SHELL), "two": building(second)}, vertices=vertices))
    report = imported(capsys, path, tmp_path / "nl.gpkg")
    assert report["imported"] == 1
    assert reasons(report) == {"two": "coordinates that are not numbers (NaN or infinite)"}


@pytest.mark.parametrize(("props", "reason"), [
    ({"floors": 1e30}, "floors = 1e+30 is not a possible number of floors (0 … 300)"),
    ({"height": 1e30}, "height = 1e+30 is not a possible building height (0 … 1000 m)"),
    ({"height": -5}, "height = -5 is not a possible building height (0 … 1000 m)"),
    ({"height": float("inf")}, "height = inf is not a possible building height (0 … 1000 m)"),
    ({"building:levels": "1e400"},
     "building:levels = 1e400 is not a possible number of floors (0 … 300)"),
])
def test_absurd_heights_reject_one_feature(tmp_path: Path, cache: Path, props: dict,
                                           reason: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "tall.geojson", collection(feature("bad", SQUARE, **props),
                                                      feature("ok", SQUARE, floors=3)))
    report = imported(capsys, path, cache)
    assert report["imported"] == 1 and reasons(report) == {"bad": reason}


def test_cityjson_absurd_storeys(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    second = [[[i + 8 for i in ring[0]]] for ring in SHELL]
    path = write(tmp_path / "storeys.city.json", cityjson(
        {"one": building(SHELL), "two": building(second, storeysAboveGround=1e30)},
        vertices=CUBE + [[x + 5000, y, z] for x, y, z in CUBE]))
    report = imported(capsys, path, tmp_path / "nl.gpkg")
    assert reasons(report) == {
        "two": "storeysAboveGround = 1e+30 is not a possible number of floors (0 … 300)"}


def test_mixed_geometry_types(tmp_path: Path, cache: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "mixed.geojson", collection(
        feature("poly", SQUARE),
        {"type": "Feature", "id": "pt", "properties": {},
         "geometry": {"type": "Point", "coordinates": [113.3, 23.1]}},
        {"type": "Feature", "id": "line", "properties": {},
         "geometry": {"type": "LineString", "coordinates": [[113.3, 23.1], [113.31, 23.1]]}}))
    report = imported(capsys, path, cache)
    assert reasons(report) == {"pt": "not a polygon (Point)", "line": "not a polygon (LineString)"}


def test_lone_surrogates_are_replaced(tmp_path: Path, cache: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "surrogate.geojson"
    path.write_text(json.dumps(collection(feature("a", SQUARE, name="X"))).replace(
        '"X"', '"\\ud800 tower"').replace('"id": "a"', '"id": "\\udfff"'), encoding="utf-8")
    report = imported(capsys, path, cache)
    assert report["imported"] == 1
    assert any("lone UTF-16 surrogates" in w for w in report["warnings"])
    with sqlite3.connect(cache) as conn:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM buildings WHERE source = 'surrogate.geojson'")]
    assert names == ["\ufffd tower"]


def test_duplicate_cityjson_ids(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = json.dumps(cityjson())
    one = json.dumps({"one": building(SHELL, name="first")})[1:-1]
    path = tmp_path / "twice.city.json"
    path.write_text(text.replace('"CityObjects": {', '"CityObjects": {' + one + ", ", 1),
                    encoding="utf-8")
    report = imported(capsys, path, tmp_path / "nl.gpkg")
    assert report["imported"] == 1
    assert any("appear more than once (one)" in w for w in report["warnings"])


def test_bit_flipped_shapefile(tmp_path: Path, cache: Path, realdata: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    """One exponent bit of one x flipped: that building is rejected, the others imported."""
    shp = _shapefile(tmp_path, "flipped", realdata)
    index = (tmp_path / "flipped.shx").read_bytes()
    record = 10
    offset = int.from_bytes(index[100 + 8 * record:104 + 8 * record], "big") * 2
    data = bytearray(shp.read_bytes())
    parts = struct.unpack("<i", data[offset + 44:offset + 48])[0]
    second_x = offset + 8 + 44 + 4 * parts + 16
    data[second_x + 7] ^= 0x20  # bit 61 of the second point's x: x times 2**512
    shp.write_bytes(bytes(data))
    report = imported(capsys, shp, cache)
    assert report["features_read"] == 1251 and report["imported"] == 1250
    assert reasons(report) == {str(record): "coordinates impossible in the file's CRS "
                                            "NAD83 / District of Columbia/Maryland"}


# -- file names -----------------------------------------------------------------------------------
def _import_bytes_name(tmp_path: Path, name: bytes, doc: dict, into: Path
                       ) -> subprocess.CompletedProcess[bytes]:
    """``cimview import`` in a subprocess, with a file name given as bytes."""
    path = os.path.join(os.fsencode(tmp_path), name)
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(doc, fh)
    env = os.environ | {"CIMVIEW_LOG": str(tmp_path / "errors.log")}
    return subprocess.run([sys.executable, "-m", "app.cli", "import", path, "--into",
                           str(into)], cwd=ROOT, env=env, capture_output=True, timeout=120)


@pytest.mark.skipif(sys.platform != "linux", reason="file names as bytes")
def test_bad_file_whose_name_is_not_utf8(tmp_path: Path, cache: Path) -> None:
    before = content(cache)
    failed = _import_bytes_name(tmp_path, b"\xfe\xff.geojson", collection(), cache)
    assert failed.returncode == 1 and b"Traceback" not in failed.stderr
    assert b".geojson" in failed.stderr and b"has no features" in failed.stderr
    assert content(cache) == before


@pytest.mark.skipif(sys.platform != "linux", reason="file names as bytes")
def test_good_file_whose_name_is_not_utf8_is_imported(tmp_path: Path) -> None:
    into = tmp_path / "names.gpkg"
    done = _import_bytes_name(tmp_path, b"\xff\xfe.geojson", collection(feature("a", SQUARE)),
                              into)
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(into) as conn:
        assert [r[0] for r in conn.execute("SELECT source FROM buildings")] == [
            "\\xff\\xfe.geojson"]


# -- BIM ------------------------------------------------------------------------------------------
def test_ifc4x3_header_is_read_as_ifc4x3_add2(tmp_path: Path, realdata: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    text = (realdata / "ifc" / "geographic-referencing-utm.ifc").read_text(encoding="utf-8")
    assert "FILE_SCHEMA (('IFC4X3_ADD2'))" in text
    path = tmp_path / "bentley.ifc"
    path.write_text(text.replace("FILE_SCHEMA (('IFC4X3_ADD2'))", "FILE_SCHEMA (('IFC4X3'))"),
                    encoding="utf-8")
    from store.bim.loader import load_bim

    model = load_bim(path, threads=1)
    assert model.schema == "IFC4X3_ADD2" and model.report.tessellated == 1
    note = model.report.warnings[0]
    assert isinstance(note, Message) and note.values == {"declared": "IFC4X3",
                                                         "schema": "IFC4X3_ADD2"}
    assert len(model.report.warnings) == 1  # no parser complaint about the name
    assert model.georef.method == "IfcMapConversion"
    code, out, err = cli(capsys, "inspect-bim", path, "--threads", "1")
    assert code == 0, err
    assert "read as IFC4X3_ADD2" in json.loads(out)["report"]["warnings"][0]


def test_truncated_ifc_is_refused_clearly(tmp_path: Path, realdata: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    data = (realdata / "ifc" / "IfcOpenHouse_IFC4.ifc").read_bytes()
    path = tmp_path / "cut.ifc"
    path.write_bytes(data[:len(data) // 2])
    code, _, err = cli(capsys, "inspect-bim", path)
    assert code == 1 and "Traceback" not in err
    assert "cut.ifc" in err and "truncated" in err
