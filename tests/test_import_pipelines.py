"""A pipeline survey in: Chinese and pinyin fields by profile, codes decoded, impossible values
rejected with the feature's number, real EPANET networks, and the false WGS84 refused."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyogrio
import pytest
import shapely

from store import audit
from store.cache import Cache
from store.errors import InputError
from store.importers import ImportOptions, import_file
from store.importers.pipelines import (
    Profile,
    decode_class,
    decode_code,
    impossible,
    map_fields,
    parse_number,
    parse_section,
)
from store.raster import load_dem
from tests.gui_frames import fly_and_click, read_next_box
from tests.pipeline_survey import write as write_survey
from tests.pipeline_survey import write_filegdb

ROOT = Path(__file__).resolve().parents[1]


def _as_pipes(**kw: object) -> ImportOptions:
    return ImportOptions(kind="pipelines", **kw)  # type: ignore[arg-type]


# -- pure rules ----------------------------------------------------------------------------------
def test_decoding_rules() -> None:
    assert decode_class("给水") == ("JS", None) and decode_class("JS") == ("JS", None)
    assert decode_class("污水") == ("PS", "WS") and decode_class("YS") == ("PS", "YS")
    assert decode_class("water supply") == ("JS", None) and decode_class("电力管线") == ("DL", None)
    assert decode_class("火箭燃料") == (None, None)
    assert decode_code("聚乙烯", "pipe_materials") == "PE"
    assert decode_code("ZT", "pipe_materials") == "ZT"
    assert decode_code("直埋", "laying_methods") == "ZM"
    assert parse_section("1200×800") == (1200.0, 800.0) == parse_section("1200X800")
    assert parse_section("1200*800") == (1200.0, 800.0) and parse_section("DN300") is None
    assert parse_number("DN300") == 300.0 and parse_number("") is None
    assert impossible([-0.5, 1.0], 300) == "a negative depth (-0.5 m)"
    assert impossible([1.0, 1.0], 0) == "a diameter of 0 mm"
    assert impossible([1.0, 1.0], 12000).startswith("a diameter of 12000 mm")
    assert impossible([1.0, None], 300) is None
    p = Profile("t", {"diameter": ("管径", "GJ"), "class": ("管线类别",)})
    assert map_fields(["GJ", "LB"], p, ["管线类别=LB"]) == {"class": "LB", "diameter": "GJ"}
    with pytest.raises(InputError, match="has no field"):
        map_fields(["GJ"], p, ["管径=DIAM"])


# -- the Chinese survey --------------------------------------------------------------------------
def test_a_chinese_survey_imports_decoded_at_its_depths(tmp_path: Path, sample_city_copy) -> None:
    cache = sample_city_copy(tmp_path)
    shp, gpkg = write_survey(tmp_path / "survey")
    with Cache.open(cache) as c:
        before = c.count("pipelines")
        dem = load_dem(c.raster("dem"))
    report = import_file(shp, cache, options=_as_pipes())
    assert (report.features_read, report.imported) == (6, 4), report.to_dict()
    reasons = {r["feature"]: str(r["reason"]) for r in report.rejected}
    assert reasons == {"3": "impossible value: a negative depth (-0.5 m)",
                       "4": "impossible value: a diameter of 0 mm"}
    assert any("estimated per class" in str(w) for w in report.warnings)
    with Cache.open(cache) as c:
        assert c.count("pipelines") == before + 4
        got = c.read("pipelines", ["class_code", "class_name", "subclass_code", "diameter_mm",
                                   "width_mm", "height_mm", "material_code", "laying_code",
                                   "start_depth", "owner", "year"],
                     where="t.source = '管线普查.shp'")
    rows = {got.columns["class_code"][i]: {k: v[i] for k, v in got.columns.items()}
            for i in range(len(got))}
    assert rows["JS"]["diameter_mm"] == 300 and rows["JS"]["material_code"] == "PE"
    assert rows["JS"]["laying_code"] == "ZM" and rows["JS"]["class_name"] == "给水"
    assert rows["PS"]["subclass_code"] == "WS" and rows["PS"]["material_code"] == "T"
    assert (rows["DL"]["width_mm"], rows["DL"]["height_mm"]) == (1200, 800)
    assert rows["DL"]["laying_code"] == "GK" and rows["DL"]["diameter_mm"] is None
    assert rows["RL"]["start_depth"] == 1.2  # estimated per class (rules.json)
    assert rows["JS"]["owner"] == "广州市自来水有限公司" and rows["JS"]["year"] == 2008
    # real 3D pipes: the ground under the first vertex minus the start depth
    js = next(i for i in range(len(got)) if got.columns["class_code"][i] == "JS")
    x, y, z = shapely.get_coordinates(got.geoms[js], include_z=True)[0]
    assert z == pytest.approx(float(dem.sample(np.array([x]), np.array([y]))[0]) - 1.10,
                              abs=0.01)


def test_pinyin_fields_and_codes(tmp_path: Path, sample_city_copy) -> None:
    cache = sample_city_copy(tmp_path)
    _, gpkg = write_survey(tmp_path / "survey")
    out = subprocess.run([sys.executable, "-m", "app.cli", "import", str(gpkg), "--into",
                          str(cache), "--as", "pipelines", "--json"], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["imported"] == 3
    with Cache.open(cache) as c:
        got = c.read("pipelines", ["class_code", "subclass_code", "material_code", "section"],
                     where="t.source = '管线详查_拼音.gpkg'")
    assert sorted(zip(got.columns["class_code"], got.columns["subclass_code"], strict=True),
                  key=str) == [("JS", None), ("PS", "YS"), ("TX", None)]
    assert "600×400" in got.columns["section"] and "ZT" in got.columns["material_code"]


def test_a_file_geodatabase_survey(tmp_path: Path, sample_city_copy) -> None:
    """A File Geodatabase (a folder) of a line and a point feature class: each import takes the
    layer of its shape and says so; a file picked inside the folder reads the folder; the trail
    keeps the folder's hash; a buildings import names the layers it found."""
    cache = sample_city_copy(tmp_path)
    gdb = write_filegdb(tmp_path / "survey")
    out = subprocess.run([sys.executable, "-m", "app.cli", "import", str(gdb), "--into",
                          str(cache), "--as", "pipelines", "--json"], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["imported"] == 3 and report["format"] == "File Geodatabase layer GXLINE"
    assert any("read GXLINE" in w for w in report["warnings"])
    with Cache.open(cache) as c:
        got = c.read("pipelines", ["class_code", "subclass_code", "material_code"],
                     where="t.source = '管线普查.gdb'")
        assert shapely.get_type_id(got.geoms).tolist() == [1, 1, 1]  # multi-lines joined
        with c.engine.connect() as conn:
            last = audit.entries(conn)[-1]
    assert sorted(zip(got.columns["class_code"], got.columns["subclass_code"], strict=True),
                  key=str) == [("JS", None), ("PS", "YS"), ("TX", None)]
    assert last["kind"] == "import" and last["details"]["file"].endswith("管线普查.gdb")
    assert len(last["details"]["sha256"]) == 64

    points = import_file(gdb / "gdb", cache, options=ImportOptions(kind="pipe-points"))
    assert (points.file.endswith("管线普查.gdb"), points.imported) == (True, 3)
    assert points.format == "File Geodatabase layer GXPOINT"

    with pytest.raises(InputError, match=r"has 2 layers; choose one with --layer: "
                                         r"GXLINE \(MultiLineString\), GXPOINT \(Point\)"):
        import_file(gdb, cache)
    with pytest.raises(InputError, match="not a file"):
        import_file(tmp_path / "survey", cache, options=_as_pipes())


# -- real networks -------------------------------------------------------------------------------
def test_the_kentucky_network_imports_in_its_own_crs(tmp_path: Path, realdata: Path) -> None:
    src = realdata / "pipes" / "ky4_pipes.geojson"
    doc = json.loads(src.read_text(encoding="utf-8"))
    report = import_file(src, tmp_path / "ky4.gpkg", options=_as_pipes())
    assert report.imported == len(doc["features"]) == 1156
    with Cache.open(tmp_path / "ky4.gpkg") as c:
        assert c.crs.to_epsg() == 3547
        got = c.read("pipelines", ["class_code", "diameter_mm", "code"])
    assert set(got.columns["class_code"]) == {"JS"}
    first = doc["features"][0]["properties"]
    i = got.columns["code"].index(first["name"])
    assert got.columns["diameter_mm"][i] == pytest.approx(first["diameter"] * 1000, abs=0.1)


def test_net3_declares_a_false_wgs84(tmp_path: Path, realdata: Path, sample_city_copy) -> None:
    shp = realdata / "pipes" / "Net3_links.shp"
    cache = sample_city_copy(tmp_path)
    before = hashlib.sha256(cache.read_bytes()).hexdigest()
    with pytest.raises(InputError, match="declared CRS is false"):
        import_file(shp, cache, options=_as_pipes())
    assert hashlib.sha256(cache.read_bytes()).hexdigest() == before
    report = import_file(shp, tmp_path / "net3.gpkg", crs="EPSG:3857",
                         options=_as_pipes(source_crs="EPSG:3857"))
    assert report.imported == pyogrio.read_info(shp)["features"] == 119


def test_epanet_inp_files(tmp_path: Path, realdata: Path) -> None:
    inp = realdata / "pipes" / "ky4.inp"
    text = inp.read_text(encoding="utf-8")
    body = text.split("[PIPES]", 1)[1].split("\n[", 1)[0]
    pipes = [ln for ln in body.splitlines() if ln.split(";", 1)[0].strip()]
    with pytest.raises(InputError, match="declares no coordinate reference system"):
        import_file(inp, tmp_path / "nocrs.gpkg")
    assert not (tmp_path / "nocrs.gpkg").exists()
    report = import_file(inp, tmp_path / "ky4.gpkg", crs="EPSG:3547")
    assert report.kind == "pipelines" and report.imported == len(pipes) == 1156
    with Cache.open(tmp_path / "ky4.gpkg") as c:
        got = c.read("pipelines", ["code", "diameter_mm", "class_code"])
    assert set(got.columns["class_code"]) == {"JS"}
    # diameters in inches (Units GPM) → mm, as the GIS export has them in metres
    ref = {f["properties"]["name"]: f["properties"]["diameter"] for f in json.loads(
        (realdata / "pipes" / "ky4_pipes.geojson").read_text(encoding="utf-8"))["features"]}
    i = got.columns["code"].index("P-1")
    assert got.columns["diameter_mm"][i] == pytest.approx(ref["P-1"] * 1000, abs=0.5)
    with pytest.raises(InputError, match="EPA SWMM model"):
        import_file(realdata / "pipes" / "Site_Drainage_Model.inp", tmp_path / "s.gpkg",
                    crs="EPSG:3857")


def test_pipe_points(tmp_path: Path, realdata: Path) -> None:
    write_survey(tmp_path / "survey")
    points = tmp_path / "survey" / "管点.shp"
    report = import_file(points, tmp_path / "p.gpkg", options=ImportOptions(kind="pipe-points"))
    assert (report.features_read, report.imported) == (4, 3), report.to_dict()
    assert [str(r["reason"]) for r in report.rejected] == [
        "impossible value: a negative depth (-1 m)"]
    with Cache.open(tmp_path / "p.gpkg") as c:
        got = c.read("pipe_points", ["no", "class_code", "point_type", "ground_z", "depth"])
    i = got.columns["no"].index("WS0001")
    assert (got.columns["class_code"][i], got.columns["point_type"][i]) == ("PS", "检修井")
    assert got.geoms[i].z == pytest.approx(12.8 - 2.4)  # no DEM: the stated ground height
    junctions = realdata / "pipes" / "ky4_junctions.geojson"
    out = import_file(junctions, tmp_path / "j.gpkg", options=ImportOptions(kind="pipe-points"))
    assert out.imported == pyogrio.read_info(junctions)["features"] == 959


def test_the_window_imports_a_survey_as_pipelines(qtbot, tmp_path: Path,
                                                  sample_city_copy) -> None:
    from app.main_window import MainWindow

    cache = sample_city_copy(tmp_path)
    shp, _ = write_survey(tmp_path / "survey")
    window = MainWindow(cache, lang="en")
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.cache is not None, timeout=30_000)
    before = window.cache.count("pipelines")
    shown: list[str] = []

    statuses: list[str] = []
    window.statusBar().messageChanged.connect(statuses.append)
    read_next_box(shown)
    window.start_import(shp, kind="pipelines")
    qtbot.waitUntil(lambda: bool(shown), timeout=60_000)
    assert "4 imported" in shown[0] and "2 rejected" in shown[0], shown[0]
    # progress by stage in the status bar
    assert "Importing 管线普查.shp: writing the cache (70 %)" in statuses, statuses
    qtbot.waitUntil(lambda: window.cache is not None and
                    window.cache.count("pipelines") == before + 4, timeout=30_000)


def test_the_window_asks_for_the_layer_of_a_file_geodatabase(qtbot, tmp_path: Path,
                                                              sample_city_copy,
                                                              monkeypatch) -> None:
    """File > Import of a file picked inside a .gdb folder: the window asks what it holds and
    which of its layers, offering the layer of that shape first, and imports that layer."""
    from PySide6.QtWidgets import QInputDialog

    from app.main_window import MainWindow

    cache = sample_city_copy(tmp_path)
    gdb = write_filegdb(tmp_path / "survey")
    window = MainWindow(cache, lang="en")
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.cache is not None, timeout=30_000)
    before = window.cache.count("pipe_points")
    asked: list[tuple[str, list[str], int]] = []

    def get_item(_parent, _title, label, items, current=0, _editable=True):
        asked.append((label, list(items), current))
        return (items[2] if len(asked) == 1 else items[current]), True  # "Pipe points"

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(get_item))
    shown: list[str] = []

    read_next_box(shown)
    window.importing.ask_and_start(gdb / "a00000001.gdbtable")
    qtbot.waitUntil(lambda: bool(shown), timeout=60_000)
    assert asked[0][0] == "What does 管线普查.gdb hold?"
    assert asked[1] == ("管线普查.gdb has 2 layers. Which one?",
                        ["GXLINE (MultiLineString)", "GXPOINT (Point)"], 1)
    assert "3 imported" in shown[0] and "1 rejected" in shown[0], shown[0]
    qtbot.waitUntil(lambda: window.cache is not None and
                    window.cache.count("pipe_points") == before + 3, timeout=30_000)


def test_an_imported_survey_is_drawn_underground_and_picked(qtbot, tmp_path: Path,
                                                             sample_city_copy) -> None:
    """What a user sees of an imported survey: in underground mode its water main is drawn in
    the CJJ 61 water-supply colour at its surveyed depth, and a click on it shows its decoded
    attributes (the material by name, not the code in the file)."""
    from app.main_window import MainWindow
    from layers.catalog import feature_anchor
    from layers.palette import pipeline_colours

    cache = sample_city_copy(tmp_path)
    shp, _ = write_survey(tmp_path / "survey")
    import_file(shp, cache, options=_as_pipes())
    with Cache.open(cache) as c:
        got = c.read("pipelines", ["class_code", "start_no"], where="t.source = '管线普查.shp'")
        js = got.columns["start_no"].index("JS0001")
        fid = int(got.fids[js])
        anchor = np.array(feature_anchor(c, "pipelines", fid))
        dem = load_dem(c.raster("dem"))
    window = MainWindow(cache, "zh_CN")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.scene_ready, timeout=60_000):
        window.show()
    qtbot.waitExposed(window)
    window.hide_buildings_action.setChecked(True)
    window.underground_action.setChecked(True)
    view = window.view
    colour = np.round(np.array(view.scene.actors["pipelines:JS"][0].GetProperty().GetColor())
                      * 255)
    assert tuple(colour) == tuple(pipeline_colours()["JS"])
    ground = float(dem.sample(anchor[:1], anchor[1:2])[0])
    assert anchor[2] == pytest.approx(ground - (1.10 + 1.25) / 2, abs=0.3)  # under the ground
    assert fly_and_click(qtbot, view, anchor, 40.0) == ["pipelines", fid]
    panel = window.attribute_panel
    assert "聚乙烯" in (panel.value_of("材质") or ""), panel.value_of("材质")
    assert "给水" in (panel.value_of("管线类别") or ""), panel.value_of("管线类别")
