"""The main window lists the cache's layers with their counts, in Chinese or English."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import shapely
from PySide6.QtGui import QFontDatabase

from app import i18n
from app.main_window import MainWindow
from store.cache import Cache

pytestmark = pytest.mark.gui


@pytest.fixture()
def small_cache(tmp_path: Path) -> Path:
    path = tmp_path / "small.gpkg"
    with Cache.create(path, "EPSG:4547", vertical_crs="EPSG:5737", name="测试城区") as c, \
            c.transaction() as tx:
        x = 428_000 + np.arange(40) * 20.0
        boxes = shapely.box(x, 2_555_000, x + 10, 2_555_012)
        tx.insert("buildings", [shapely.MultiPolygon([b]) for b in boxes], source="test")
        tx.insert("roads", [shapely.LineString([(428_000, 2_554_990), (428_800, 2_554_990)])],
                  {"name": ["珠湾大道"]}, source="test")
    return path


def test_window_lists_layers_counts_and_extent(qtbot, small_cache: Path) -> None:
    window = MainWindow(small_cache, "en")
    qtbot.addWidget(window)
    window.show()
    assert window.tree.count_of("buildings") == 40
    assert window.tree.count_of("roads") == 1
    assert window.tree.count_of("pipelines") == 0
    assert "EPSG:4547" in window.crs_label.text()
    assert "428000.0" in window.statusBar().currentMessage()
    assert window.windowTitle() == "cimview — 测试城区"


def test_chinese_interface_and_cjk_fonts(qtbot, small_cache: Path, qapp) -> None:
    assert i18n.install(qapp, "zh_CN") == "zh_CN"
    try:
        window = MainWindow(small_cache, "zh_CN")
        qtbot.addWidget(window)
        assert window.tree.headerItem().text(0) == "图层"
        titles = [window.tree.topLevelItem(i).text(0)
                  for i in range(window.tree.topLevelItemCount())]
        assert titles[:5] == ["地形", "白模", "管线", "房屋", "智慧杆"]
        assert "坐标系" in window.crs_label.text()
    finally:
        i18n.install(qapp, "en")
    assert QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese), \
        "no font with Simplified Chinese glyphs: install fonts-noto-cjk"
