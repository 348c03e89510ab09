"""The window's plumbing: its task runner and its controllers, driven through the real window."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np
import pytest
import shapely

pytest.importorskip("PySide6")

from app.main_window import MainWindow  # noqa: E402
from store.cache import Cache  # noqa: E402
from tests.gui_frames import read_next_box  # noqa: E402

pytestmark = pytest.mark.gui


@pytest.fixture()
def small_cache(tmp_path: Path) -> Path:
    path = tmp_path / "small.gpkg"
    with Cache.create(path, "EPSG:4547", name="测试城区") as c, c.transaction() as tx:
        x = 428_000 + np.arange(10) * 20.0
        boxes = shapely.box(x, 2_555_000, x + 10, 2_555_012)
        tx.insert("buildings", [shapely.MultiPolygon([b]) for b in boxes],
                  {"height": np.full(10, 9.0)}, source="test")
    return path


def _open(qtbot, path: Path) -> MainWindow:
    window = MainWindow(path, "en")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.scene_ready, timeout=60_000):
        window.show()
    return window


def test_the_window_has_no_thread_of_its_own_left_after_closing(qtbot, small_cache: Path
                                                               ) -> None:
    window = _open(qtbot, small_cache)
    stopped = threading.Event()
    seen: list[str] = []

    def work(task):
        while not task.is_cancelled():
            time.sleep(0.01)
        stopped.set()

    window.tasks.start("long", work, done=lambda _: seen.append("done"))
    window.close()  # cancels and waits
    assert stopped.is_set()
    qtbot.wait(50)
    assert seen == []
    assert not any(t.name.startswith("cimview task") and t.is_alive()
                   for t in threading.enumerate())


def test_a_failed_import_names_the_file_and_changes_nothing(qtbot, small_cache: Path,
                                                            tmp_path: Path) -> None:
    window = _open(qtbot, small_cache)
    bad = tmp_path / "坏的.geojson"
    bad.write_text("{not json", encoding="utf-8")
    shown: list[str] = []

    read_next_box(shown)
    window.start_import(bad)
    assert not window.import_action.isEnabled()  # one import at a time
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    assert str(bad) in shown[0] and "The cache is unchanged." in shown[0]
    assert window.import_action.isEnabled()
    assert "unchanged" in window.statusBar().currentMessage()
    assert window.cache.count("buildings") == 10
    window.close()


def test_the_housing_filter_and_theme_go_to_the_model(qtbot, small_cache: Path) -> None:
    window = _open(qtbot, small_cache)
    colouring = window.model.colouring
    fids = window.cache.read("buildings", geometry=False).fids
    from layers.style import Classification, LegendEntry

    theme = Classification(fids, np.zeros(len(fids), np.int16),
                           [LegendEntry("a", "甲", "a", (10, 20, 30), len(fids))], "测试", "test")
    window.housing.theme_changed(theme)
    assert colouring.theme is theme
    coloured, rgb = colouring.colours()
    assert set(coloured.tolist()) == set(fids.tolist()) and (rgb == (10, 20, 30)).all()
    window.housing.theme_changed(None)
    assert colouring.colours() is None  # white models again
    window.close()
