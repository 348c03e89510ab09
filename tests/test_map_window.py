"""The map in the window, end to end: what a planner sees on the sample city, and the map kept
in the cache from one session to the next."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.main_window import MainWindow
from layers.model import CityModel
from sample_city.city import build
from store.cache import Cache

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("map_city")
    build(out, buildings=300)
    return out / "sample_city.gpkg"


@pytest.fixture()
def city(built: Path, tmp_path: Path) -> Path:
    path = tmp_path / built.name
    shutil.copy(built, path)
    return path


def _saved_map(path: Path) -> str | None:
    with Cache.open(path) as cache:
        return cache.meta.get("map")


def _open(qtbot, path: Path, lang: str = "en") -> MainWindow:
    window = MainWindow(path, lang)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.scene_ready, timeout=60_000):
        window.show()
    qtbot.waitExposed(window)
    return window


def test_the_map_is_kept_in_the_cache(qtbot, city: Path) -> None:
    window = _open(qtbot, city)
    model = window.model
    model.layers["roads"].visible = False
    model.layers.move("parcels", 0)
    model.layers["water"].opacity = 0.4
    qtbot.waitUntil(lambda: _saved_map(city) is not None, timeout=10_000)  # saved by itself
    model.layers["addresses"].visible = True  # just before closing: saved on close
    window.close()
    again = CityModel()
    again.open(Cache.open(city))
    assert not again.layers["roads"].visible and again.layers["addresses"].visible
    assert again.layers.names()[0] == "parcels" and again.layers["water"].opacity == 0.4


def test_a_bookmark_keeps_the_context_layers(qtbot, city: Path) -> None:
    window = _open(qtbot, city)
    layers = window.model.layers
    layers["roads"].visible = False
    window.save_bookmark("无道路")
    layers["roads"].visible = True
    layers["water"].visible = False
    window.go_to("无道路")
    assert not layers["roads"].visible  # hidden in the bookmark: hidden again
    assert layers["water"].visible and layers["buildings"].visible
    # a bookmark saved before the context layers names only what showed then
    from store.bookmarks import save_bookmark

    save_bookmark(window.cache, "旧书签", window.view.camera_state(), ["terrain", "pipelines"])
    layers["parcels"].visible = False
    layers["roads"].visible = True
    window.go_to("旧书签")
    assert not layers["buildings"].visible and layers["pipelines"].visible
    assert layers["roads"].visible and not layers["parcels"].visible  # as they were
