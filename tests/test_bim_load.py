"""Loading IFC models: tessellation in a separate process, the cache, bad input, cancel, CLI."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import ifcopenshell
import numpy as np
import pytest

from store.bim import store as bim_store
from store.bim.loader import LoadCancelled, load_bim, run_worker
from store.cache import Cache
from store.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
SMALL = "IfcOpenHouse_IFC4.ifc"


def products_with_body(path: Path) -> tuple[int, set[int]]:
    """Counted here without the loader: IfcProducts (IfcOpeningElement excluded) that have a
    shape representation identified "Body", or "Facetation" (the surface model of site
    terrain: the IfcSite of IfcOpenHouse has only that)."""
    f = ifcopenshell.open(str(path))
    ids = set()
    for p in f.by_type("IfcProduct"):
        if p.is_a("IfcOpeningElement") or p.Representation is None:
            continue
        if {r.RepresentationIdentifier for r in p.Representation.Representations} & {
                "Body", "Facetation"}:
            ids.add(p.id())
    return len(ids), ids


def ifc_files(realdata: Path) -> list[Path]:
    files = sorted((realdata / "ifc").glob("*.ifc"))
    assert len(files) >= 12
    return files


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cimview_children() -> list[multiprocessing.process.BaseProcess]:
    return [p for p in multiprocessing.active_children()
            if p.name.startswith("cimview-bim") and p.name != "cimview-bim spare"]


@pytest.fixture(scope="module")
def loaded(realdata, tmp_path_factory):
    """Every real IFC file loaded once into one cache: (cache, {name: (model, seconds)})."""
    cache = Cache.create(tmp_path_factory.mktemp("bim") / "bim.gpkg", "EPSG:4547")
    out = {}
    for path in ifc_files(realdata):
        start = time.perf_counter()
        model = load_bim(path, cache)
        out[path.name] = (model, time.perf_counter() - start)
    yield cache, out
    cache.close()


@pytest.fixture
def small_cache(realdata, tmp_path):
    """A cache holding one model (IfcOpenHouse), so its BIM tables exist."""
    cache = Cache.create(tmp_path / "small.gpkg", "EPSG:4547")
    load_bim(realdata / "ifc" / SMALL, cache)
    yield cache
    cache.close()


# -- every real file ----------------------------------------------------------------------------
@pytest.mark.slow
def test_every_real_file_loads(loaded, realdata):
    cache, models = loaded
    for path in ifc_files(realdata):
        model, _ = models[path.name]
        report = model.report
        expected, body_ids = products_with_body(path)
        assert report.products_with_body == expected, path.name
        assert report.tessellated + len(report.failed) == expected, path.name
        assert report.failed == [], (path.name, report.failed)  # none fails in these files
        assert not report.from_cache
        assert report.sha256 == model.sha256 == file_digest(path)
        g = model.geometry
        assert g.vertices.dtype == np.float64 and g.vertices.shape[1] == 3
        assert g.triangles.dtype == np.int32 and g.triangles.shape[1] == 3
        assert len(g.element_of_triangle) == len(g.triangles) > 0
        assert g.triangles.min() >= 0 and g.triangles.max() < len(g.vertices)
        owners = set(np.unique(g.element_of_triangle).tolist())
        with_geometry = {e.id for e in model.elements.values() if e.has_geometry}
        assert owners == with_geometry <= body_ids, path.name
        # the tree: one project at the root, every product an element, parents known
        f = ifcopenshell.open(str(path))
        assert {p.id() for p in f.by_type("IfcProduct")} | {f.by_type("IfcProject")[0].id()} \
            == set(model.elements)
        roots = [e for e in model.elements.values() if e.parent is None]
        assert roots[0].ifc_class == "IfcProject" and roots[0] is next(iter(
            model.elements.values()))
        for e in model.elements.values():
            assert e.parent is None or e.parent in model.elements
            assert e.storey is None or model.elements[e.storey].ifc_class == "IfcBuildingStorey"


@pytest.mark.slow
def test_units_and_tree_details(loaded):
    _, models = loaded
    # feet: a duplex about 8.6 x 17.4 m, not 28 x 57 (ft) nor 8600 (mm)
    size = np.ptp(models["Duplex_Electrical_IFC2X3.ifc"][0].geometry.vertices, axis=0)
    assert 8 < size[0] < 10 and 16 < size[1] < 19 and 8 < size[2] < 10
    size = np.ptp(models["Ifc4_SampleHouse.ifc"][0].geometry.vertices, axis=0)  # mm
    assert 15 < size[0] < 20 and 7 < size[1] < 10
    # map coordinates kept in float64: the signal sits at ~4.5e6 m
    signal_model = models["linear-placement-of-signal.ifc"][0]
    assert signal_model.geometry.vertices[:, 1].max() > 4.5e6
    # FZK-Haus: walls on storeys, storeys in the building, the building on the site
    fzk = models["AC20-FZK-Haus.ifc"][0]
    walls = [e for e in fzk.elements.values() if e.ifc_class.startswith("IfcWall")]
    assert len(walls) == 13 and all(w.storey is not None and w.has_geometry for w in walls)
    storey = fzk.elements[walls[0].storey]
    building = fzk.elements[storey.parent]
    assert building.ifc_class == "IfcBuilding"
    assert fzk.elements[building.parent].ifc_class == "IfcSite"
    # openings hang under the element they void and have no geometry of their own
    openings = [e for e in fzk.elements.values() if e.ifc_class == "IfcOpeningElement"]
    assert openings and all(not o.has_geometry and o.parent in fzk.elements for o in openings)


@pytest.mark.slow
def test_properties_from_the_cache(loaded):
    cache, models = loaded
    fzk = models["AC20-FZK-Haus.ifc"][0]
    wall = next(e for e in fzk.elements.values() if e.ifc_class == "IfcWallStandardCase")
    props = bim_store.properties(cache, fzk.sha256, wall.id)
    assert props["attributes"]["GlobalId"] == wall.guid
    assert props["attributes"]["Name"] == wall.name
    assert "ObjectPlacement" not in props["attributes"]  # entity references left out
    assert "Pset_WallCommon" in props["psets"]
    assert "BaseQuantities" not in props["psets"]
    assert props["qtos"]["BaseQuantities"]["Height"] == pytest.approx(2.5)
    json.dumps(props, allow_nan=False)
    assert bim_store.properties(cache, fzk.sha256, 999_999_999) == {
        "attributes": {}, "psets": {}, "qtos": {}}
    listed = {m["file_name"]: m for m in bim_store.list_models(cache)}
    assert set(listed) == set(models)
    assert listed["AC20-FZK-Haus.ifc"]["elements"] == len(fzk.elements)


@pytest.mark.slow
def test_reopen_from_cache(loaded, realdata):
    cache, models = loaded
    for path in ifc_files(realdata):
        first, first_seconds = models[path.name]
        start = time.perf_counter()
        again = load_bim(path, cache)
        seconds = time.perf_counter() - start
        assert again.report.from_cache, path.name
        assert seconds * 10 <= first_seconds, (path.name, seconds, first_seconds)
        for name in ("vertices", "triangles", "element_of_triangle"):
            a, b = getattr(first.geometry, name), getattr(again.geometry, name)
            assert a.dtype == b.dtype and np.array_equal(a, b), (path.name, name)
        assert list(again.elements) == list(first.elements)
        assert again.elements == first.elements
        assert again.georef == first.georef
        assert again.report.tessellated == first.report.tessellated


# -- georeferencing and manual placement ----------------------------------------------------------
def test_manual_placement(small_cache, realdata):
    path = realdata / "ifc" / SMALL
    model = load_bim(path, small_cache)
    assert model.report.from_cache and model.georef.method == "none"
    place = {"x": 428500.0, "y": 2555500.0, "z": 12.5, "rotation_deg": 15.0, "crs": "EPSG:4547"}
    bim_store.save_placement(small_cache, model.sha256, place)
    placed = load_bim(path, small_cache)
    assert placed.placement == place
    g = placed.georef
    assert (g.method, g.map_crs, g.eastings, g.northings, g.orthogonal_height, g.rotation_deg) \
        == ("manual", "EPSG:4547", 428500.0, 2555500.0, 12.5, 15.0)
    assert np.allclose(g.to_map(np.zeros((1, 3))), [[428500.0, 2555500.0, 12.5]])
    with pytest.raises(ValueError, match="rotation_deg"):
        bim_store.save_placement(small_cache, model.sha256, place | {"rotation_deg": "north"})
    bim_store.save_placement(small_cache, model.sha256, None)
    assert load_bim(path, small_cache).georef.method == "none"
    # a user's placement wins over the file's own georeferencing, and says so
    utm = load_bim(realdata / "ifc" / "geographic-referencing-utm.ifc", small_cache)
    bim_store.save_placement(small_cache, utm.sha256, place)
    again = load_bim(realdata / "ifc" / "geographic-referencing-utm.ifc", small_cache)
    assert again.georef.method == "manual" and again.placement == place
    assert "IfcMapConversion" in again.georef.anomalies[0]


# -- bad input ------------------------------------------------------------------------------------
def _bad_files(realdata: Path, tmp: Path) -> dict[str, tuple[Path, str]]:
    src = (realdata / "ifc" / SMALL).read_bytes()
    files = {
        "truncated": (src[: len(src) // 2], "truncated"),
        "png": (b"\x89PNG\r\n\x1a\n" + bytes(200), "PNG image"),
        "text": (b"Meeting notes\nnot a model\n", "not an IFC file"),
        "schema": (src.replace(b"FILE_SCHEMA(('IFC4'));", b"FILE_SCHEMA(('IFC9X9'));"),
                   "unsupported IFC schema IFC9X9"),
        "empty": (b"", "empty file"),
        "noproject": (b"ISO-10303-21;\nHEADER;\nFILE_DESCRIPTION((''),'2;1');\n"
                      b"FILE_NAME('','',(''),(''),'','','');\nFILE_SCHEMA(('IFC4'));\nENDSEC;\n"
                      b"DATA;\nENDSEC;\nEND-ISO-10303-21;\n", "no IfcProject"),
    }
    out = {}
    for kind, (data, message) in files.items():
        path = tmp / f"bad_{kind}.ifc"
        path.write_bytes(data)
        out[kind] = (path, message)
    return out


def test_bad_input(small_cache, realdata, tmp_path):
    before = file_digest(small_cache.path)
    models_before = bim_store.list_models(small_cache)
    for kind, (path, message) in _bad_files(realdata, tmp_path).items():
        with pytest.raises(InputError) as err:
            load_bim(path, small_cache)
        text = str(err.value)
        assert str(path) in text and message in text, (kind, text)
        assert err.value.path == str(path)
    with pytest.raises(InputError, match="no such file"):
        load_bim(tmp_path / "missing.ifc", small_cache)
    assert bim_store.list_models(small_cache) == models_before
    assert file_digest(small_cache.path) == before
    assert cimview_children() == []


def test_failing_element_is_listed_and_the_rest_loads(realdata, tmp_path):
    src = (realdata / "ifc" / SMALL).read_text()
    solid = "#57=IFCEXTRUDEDAREASOLID(#56,#54,#50,3000.);"  # the body of wall #40
    assert solid in src
    path = tmp_path / "broken_wall.ifc"
    path.write_text(src.replace(solid, solid.replace("3000.", "0.")))
    model = load_bim(path)
    report = model.report
    expected, _ = products_with_body(path)
    assert report.products_with_body == expected
    assert report.tessellated == expected - 1
    (row,) = report.failed
    assert (row["id"], row["class"], row["name"]) == (40, "IfcWallStandardCase", "South wall")
    assert row["guid"] == "3g46_woBL6sugXeY5_WP6n"
    assert "extrusion" in row["error"] and "#57" in row["error"]
    assert not model.elements[40].has_geometry
    assert 40 not in set(model.geometry.element_of_triangle.tolist())


def test_syntax_error_is_a_warning(realdata, tmp_path):
    src = (realdata / "ifc" / SMALL).read_text()
    point = "#47=IFCCARTESIANPOINT((5000.,180.));"
    assert point in src
    path = tmp_path / "syntax.ifc"
    path.write_text(src.replace(point, point.replace("IFCCARTESIANPOINT", "IFCCARTESIANPOINTX")))
    model = load_bim(path)
    (warning,) = [w for w in model.report.warnings if "parser" in w]
    assert "IFCCARTESIANPOINTX" in warning and "may be missing" in warning
    report = model.report
    assert report.tessellated + len(report.failed) == report.products_with_body


def crashing_worker(path, threads, out_dir, queue, target_crs=None):
    """A tessellation process that dies as a segfaulting kernel would (a spawn target)."""
    queue.put(("progress", 0.1, "tessellating (0/34 elements)"))
    time.sleep(0.2)
    os.kill(os.getpid(), signal.SIGSEGV)


def test_crashed_process_is_a_clear_error(realdata):
    path = realdata / "ifc" / SMALL
    with pytest.raises(InputError) as err:
        run_worker(path, 1, target=crashing_worker)
    text = str(err.value)
    assert str(path) in text and "SIGSEGV" in text and "tessellating" in text
    assert cimview_children() == []


def test_cancel_stops_the_process(small_cache, realdata):
    path = realdata / "ifc" / "Office_A_20110811.ifc"
    before = file_digest(small_cache.path)
    seen: list[tuple[float, str]] = []
    asked: list[float] = []

    def cancel() -> bool:
        if any(m.startswith(("reading", "tessellating")) for _, m in seen):
            asked.append(asked[0] if asked else time.perf_counter())
            return True
        return False

    with pytest.raises(LoadCancelled):
        load_bim(path, small_cache, progress=lambda x, m: seen.append((x, m)), cancel=cancel)
    assert time.perf_counter() - asked[0] < 5
    assert cimview_children() == []
    assert [x for x, _ in seen] == sorted(x for x, _ in seen)  # progress only goes up
    assert not bim_store.has_model(small_cache, file_digest(path))
    assert file_digest(small_cache.path) == before


# -- the command line -----------------------------------------------------------------------------
def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app.cli", "inspect-bim", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_cli_inspect_bim(realdata, tmp_path):
    path = realdata / "ifc" / "geographic-referencing-utm.ifc"
    cache = tmp_path / "cli.gpkg"
    first = _cli(str(path), "--cache", str(cache), "--crs", "EPSG:4547", "--threads", "1")
    assert first.returncode == 0, first.stderr
    data = json.loads(first.stdout)  # nothing but the JSON on stdout
    assert data["schema"] == "IFC4X3_ADD2"
    assert data["classes_with_body"] == {"IfcBuildingElementProxy": 1}
    assert data["classes_all_products"]["IfcBuildingStorey"] == 1
    georef = data["georef"]
    assert georef["method"] == "IfcMapConversion" and georef["map_crs"] == "EPSG:25832"
    assert georef["origin"] == pytest.approx([458657.30, 5438232.25, 113.7])
    assert georef["scale_declared"] == 1000 and georef["anomalies"]
    report = data["report"]
    assert (report["products_with_body"], report["tessellated"], report["failed"]) == (1, 1, [])
    assert report["threads"] == 1 and report["from_cache"] is False
    second = _cli(str(path), "--cache", str(cache))
    assert second.returncode == 0, second.stderr
    assert json.loads(second.stdout)["report"]["from_cache"] is True
    bad = tmp_path / "notes.ifc"
    bad.write_text("not a model\n")
    failed = _cli(str(bad))
    assert failed.returncode == 1 and failed.stdout == ""
    assert failed.stderr.startswith("cimview: error: ") and str(bad) in failed.stderr
    assert len(failed.stderr.strip().splitlines()) == 1
