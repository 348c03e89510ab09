"""Big tables read their level-of-detail tree at the first frame, not while the scene is built:
the first frame of a city of millions of pipes does not wait for them. Here the threshold is
lowered so the sample city's pipes, pipe points, poles and roads are deferred; the scene then
draws exactly what it draws without deferring, headless (in place) and in the window (on the
worker pool)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from layers.model import CityModel
from store.cache import Cache
from viewer.views.glyphs import GlyphsView
from viewer.views.pipes import PipesView
from viewer.views.vectors import VectorsView

DEFERRED = ("pipelines", "pipe_points", "poles", "roads")


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory, sample_city_copy) -> Path:
    return sample_city_copy(tmp_path_factory.mktemp("deferred"))


def _defer(monkeypatch: pytest.MonkeyPatch) -> None:
    for cls in (PipesView, GlyphsView, VectorsView):
        monkeypatch.setattr(cls, "defer_from", 1)
    monkeypatch.setattr(VectorsView, "preload_all", 0)  # roads stream


def _drawn(scene) -> dict[str, list]:
    """What each deferred layer draws now: its streamed tiles (and the roads' fids)."""
    out = {name: sorted(scene.views[name].streamer.stats.drawn_keys) for name in DEFERRED}
    out["road fids"] = sorted(scene.views["roads"].drawn_fids().tolist())
    return out


def _settled(city: Path) -> tuple[dict[str, list], dict[str, bool]]:
    import pyvista as pv

    from viewer.scene import Scene, build_scene_data

    with Cache.open(city) as cache:
        model = CityModel("en")
        model.open(cache, saved=False)
        data = build_scene_data(model)
        before = {v.layer.name: v.deferred is not None for v in data.views}
        plotter = pv.Plotter(off_screen=True, window_size=[640, 480])
        try:
            scene = Scene(plotter.renderer)
            scene.populate(data)
            scene.reset_camera("overview")
            cam = plotter.renderer.GetActiveCamera()
            cam.Zoom(4.0)  # closer: leaves of every layer near the centre
            scene.settle()
            return _drawn(scene), before
        finally:
            plotter.close()


def test_a_deferred_tree_draws_what_an_immediate_one_draws(city: Path, monkeypatch):
    monkeypatch.setattr(VectorsView, "preload_all", 0)  # roads stream in both
    immediate, before = _settled(city)
    assert not any(before.values())
    with monkeypatch.context() as m:
        _defer(m)
        deferred, before = _settled(city)
    assert all(before[name] for name in DEFERRED)  # nothing read while the scene was built
    assert not before["buildings"] and not before["terrain"]  # the city itself is there at once
    assert deferred == immediate
    assert all(immediate[name] for name in DEFERRED) and immediate["road fids"]


def test_in_the_window_deferred_trees_arrive_from_the_worker_pool(qtbot, city: Path,
                                                                  monkeypatch, tmp_path):
    from app.main_window import MainWindow

    _defer(monkeypatch)
    path = tmp_path / "city.gpkg"
    shutil.copy(city, path)
    window = MainWindow(path, "en")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.scene_ready, timeout=60_000):
        window.show()
    qtbot.waitExposed(window)
    views = window.view.scene.views
    window.view.zoom_to_extent()
    qtbot.waitUntil(lambda: all(views[n].streamer is not None for n in DEFERRED),
                    timeout=30_000)
    qtbot.waitUntil(lambda: views["pipelines"].streamer.stats.drawn > 0
                    and views["roads"].streamer.stats.drawn > 0, timeout=30_000)
    roads = views["roads"]
    assert np.asarray(roads.drawn_fids()).size > 0
    window.close()


def test_a_hidden_layer_reads_its_tree_only_when_shown(city: Path, monkeypatch):
    import pyvista as pv

    from viewer.scene import Scene, build_scene_data

    _defer(monkeypatch)
    with Cache.open(city) as cache:
        model = CityModel("en")
        model.open(cache, saved=False)
        model.layers["roads"].visible = False
        plotter = pv.Plotter(off_screen=True, window_size=[640, 480])
        try:
            scene = Scene(plotter.renderer)
            scene.populate(build_scene_data(model))
            scene.reset_camera("overview")
            scene.settle()
            roads = scene.views["roads"]
            assert roads.deferred is not None and roads.streamer is None  # nothing read
            assert scene.views["pipelines"].streamer is not None
            model.layers["roads"].visible = True
            scene.settle()
            assert roads.deferred is None and roads.streamer is not None
            assert roads.streamer.stats.drawn > 0
        finally:
            plotter.close()
