"""The main window: the cache summary, the 3D city built off the GUI thread, picking into the
attribute panel, themes, underground mode and bookmarks — driven as a user drives them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import shapely
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase

from app import i18n
from app.main_window import MainWindow
from store.cache import Cache
from tests.gui_frames import fly_and_click, frame
from tests.sample_build import build

pytestmark = pytest.mark.gui


@pytest.fixture()
def small_cache(tmp_path: Path) -> Path:
    path = tmp_path / "small.gpkg"
    with Cache.create(path, "EPSG:4547", vertical_crs="EPSG:5737", name="测试城区") as c, \
            c.transaction() as tx:
        x = 428_000 + np.arange(40) * 20.0
        boxes = shapely.box(x, 2_555_000, x + 10, 2_555_012)
        tx.insert("buildings", [shapely.MultiPolygon([b]) for b in boxes],
                  {"height": np.full(40, 9.0)}, source="test")
        tx.insert("roads", [shapely.LineString([(428_000, 2_554_990), (428_800, 2_554_990)])],
                  {"name": ["珠湾大道"]}, source="test")
    return path


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("app_city")
    build(out, buildings=400)
    return out / "sample_city.gpkg"


def _open(qtbot, path: Path, lang: str = "en") -> MainWindow:
    window = MainWindow(path, lang)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.scene_ready, timeout=60_000):
        window.show()
    qtbot.waitExposed(window)
    return window


def test_window_lists_layers_counts_and_extent(qtbot, small_cache: Path) -> None:
    window = _open(qtbot, small_cache)
    assert window.tree.count_of("buildings") == 40
    assert window.tree.count_of("roads") == 1
    assert window.tree.count_of("pipelines") == 0
    assert "EPSG:4547" in window.crs_label.text()
    assert window.windowTitle() == "cimview — 测试城区"
    assert len(window.view.scene.actors["buildings"]) == 1  # 40 buildings, one merged tile


def test_chinese_interface_and_cjk_fonts(qtbot, small_cache: Path, qapp) -> None:
    assert i18n.install(qapp, "zh_CN") == "zh_CN"
    try:
        window = _open(qtbot, small_cache, "zh_CN")
        assert window.tree.headerItem().text(0) == "图层"
        titles = [window.tree.topLevelItem(i).text(0)
                  for i in range(window.tree.topLevelItemCount())]
        assert titles[:5] == ["地形", "白模", "管线", "房屋", "智慧杆"]
        assert "坐标系" in window.crs_label.text()
    finally:
        i18n.install(qapp, "en")
    assert QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese), \
        "no font with Simplified Chinese glyphs: install fonts-noto-cjk"


def test_clicking_a_building_shows_its_address_and_attributes(qtbot, city: Path) -> None:
    window = _open(qtbot, city, "zh_CN")
    view = window.view
    with Cache.open(city) as cache:
        f = cache.read("buildings", ["address", "ground_z", "height", "lod"])
    big = int(np.argmax(shapely.area(f.geoms)))
    fid = int(f.fids[big])
    x, y = shapely.maximum_inscribed_circle(f.geoms[big]).coords[0]
    roof = np.array([x, y, f.columns["ground_z"][big] + f.columns["height"][big]])
    assert fly_and_click(qtbot, view, roof, 250.0) == ["buildings", fid]
    assert window.attribute_panel.value_of("地址") == f.columns["address"][big]
    assert window.attribute_panel.value_of("结构类型")
    with qtbot.waitSignal(view.cleared, timeout=2000):
        qtbot.keyClick(view.interactor, Qt.Key.Key_Escape)
    assert window.attribute_panel.rowCount() == 0


def test_underground_theme_and_bookmarks(qtbot, city: Path) -> None:
    window = _open(qtbot, city)
    window.underground_action.setChecked(True)
    assert window.view.scene.underground
    assert window.terrain_opacity.value() == 30
    assert window.pipeline_legend_dock.isVisible()  # the colours, and the substitute for black
    assert "light grey" in window.pipeline_legend.note_text()
    window.layer_panel.set_checked("buildings", False)
    assert not window.view.scene.is_visible("buildings")
    window.save_bookmark("珠湾大道口")
    window.underground_action.setChecked(False)
    window.layer_panel.set_checked("buildings", True)
    window.view.zoom_to_extent()
    window.go_to("珠湾大道口")
    assert window.underground_action.isChecked()
    assert not window.view.scene.is_visible("buildings")
    window.housing_panel.set_theme("safety_grade")
    assert window.layer_panel.is_checked("housing")


def test_switching_a_layer_off_changes_the_window_image(qtbot, city: Path) -> None:
    window = _open(qtbot, city)
    window.model.layers["buildings"].visible = True  # an earlier test's map is saved in the cache
    before = frame(window)
    window.layer_panel.set_checked("buildings", False)  # as a click on its checkbox does
    after = frame(window)
    assert np.any(np.abs(before - after) > 30, axis=-1).mean() > 0.01


def test_pick_a_pipe_underground_fly_to_it_and_restyle(qtbot, city: Path) -> None:
    from layers.catalog import feature_anchor

    window = _open(qtbot, city, "zh_CN")
    view = window.view
    window.hide_buildings_action.setChecked(True)
    window.underground_action.setChecked(True)
    with Cache.open(city) as cache:
        pipes = cache.read("pipelines", ["width_mm"], where="class_code = 'DL'")
        big = int(np.argmax(np.nan_to_num(np.array(pipes.columns["width_mm"], float))
                            * shapely.length(pipes.geoms)))
        fid = int(pipes.fids[big])
        target = np.array(feature_anchor(cache, "pipelines", fid))
    assert fly_and_click(qtbot, view, target, 60.0) == ["pipelines", fid]
    assert window.attribute_panel.value_of("材质")
    view.zoom_to_extent()
    window.fly_to_selection()
    qtbot.waitUntil(lambda: not view.is_flying, timeout=10_000)
    assert np.linalg.norm(np.array(view.camera_state()["focal_point"]) - target) < 1.0

    ps = window.view.scene.actors["pipelines:PS"][0].GetProperty()
    dark = np.round(np.array(ps.GetColor()) * 255)
    window.standard_colours_action.setChecked(True)
    standard = np.round(np.array(ps.GetColor()) * 255)
    assert tuple(dark) == (176, 132, 88) and tuple(standard) == (76, 57, 38)
    window.elevation_tint_action.setChecked(True)
    assert window.view.scene.actors["terrain"][0].GetMapper().GetScalarVisibility()


def test_pole_style_and_picking_a_pipe_point(qtbot, city: Path) -> None:
    from layers.catalog import feature_anchor
    from layers.poles import classify_by_devices

    window = _open(qtbot, city, "zh_CN")
    view = window.view
    window.pole_devices_action.setChecked(True)
    with Cache.open(city) as cache:
        cls = classify_by_devices(cache)
        assert sum(e.count for e in cls.legend) == cache.count("poles")
        points = cache.read("pipe_points", ["point_type"], where="point_type = '检查井'")
        fid = int(points.fids[len(points) // 2])
        target = np.array(feature_anchor(cache, "pipe_points", fid))
    from vtk.util.numpy_support import vtk_to_numpy

    # poles are drawn only near (level of detail): look at one from above first
    with Cache.open(city) as cache:
        pole = np.array(feature_anchor(cache, "poles", int(cache.read("poles", []).fids[0])))
    view.top_view()
    view.fly_to(pole, distance=150.0, duration_ms=0)

    def first_pole_as_classified() -> bool:  # the glyphs are re-built off the GUI thread
        actors = view.scene.actors.get("poles")
        if not actors:
            return False
        glyphs = actors[0].GetMapper().GetInputDataObject(0, 0)
        shown = vtk_to_numpy(glyphs.GetPointData().GetArray("colors"))
        ids = vtk_to_numpy(glyphs.GetPointData().GetArray("fid"))
        return tuple(shown[0]) == tuple(cls.color_of(int(ids[0])))

    qtbot.waitUntil(first_pole_as_classified, timeout=20_000)

    window.hide_buildings_action.setChecked(True)
    window.underground_action.setChecked(True)
    assert fly_and_click(qtbot, view, target, 40.0) == ["pipe_points", fid]
    assert window.attribute_panel.rowCount() > 0
