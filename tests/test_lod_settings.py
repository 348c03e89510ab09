"""The level-of-detail settings: the model's, followed by the scene, set in a dialog and kept."""

from __future__ import annotations

import pytest

from layers.lod_settings import LodSettings
from layers.model import CityModel


def test_settings_are_clamped_and_announce_what_changed():
    lod = LodSettings()
    seen = []
    lod.changed.connect(seen.append)
    lod.update(max_sse=0.01, budget_mb=10**9)
    assert lod.max_sse == 1.0 and lod.budget_mb == 16384
    lod.update(max_sse=1.0)
    assert seen == [("max_sse", "budget_mb")]


def test_the_scene_follows_the_model():
    pv = pytest.importorskip("pyvista")
    from viewer.scene import Scene

    model = CityModel()
    plotter = pv.Plotter(off_screen=True, window_size=[320, 200])
    scene = Scene(plotter.renderer, model)
    model.lod.update(max_sse=4, budget_mb=256)
    assert scene.context.max_sse == 4.0
    assert scene.context.budget_bytes == 256 * 1024 * 1024
    plotter.render_window.SetMultiSamples(4)
    assert plotter.renderer.GetUseOIT()
    scene.set_dragging(True)
    assert scene.context.dragging and plotter.render_window.GetMultiSamples() == 0
    assert not plotter.renderer.GetUseOIT()
    scene.set_dragging(False)
    assert not scene.context.dragging and plotter.render_window.GetMultiSamples() == 4
    assert plotter.renderer.GetUseOIT()
    plotter.close()


@pytest.mark.gui
def test_the_dialog_sets_the_model_and_the_next_window_keeps_it(qtbot):
    from app.lod_dialog import LodDialog, load_lod

    model = CityModel()
    dialog = LodDialog(model.lod)
    qtbot.addWidget(dialog)
    dialog.sse.setValue(8)
    dialog.budget.setValue(1024)
    dialog.far.setChecked(False)
    dialog.visibility.setValue(8.0)
    dialog.haze.setChecked(False)
    assert not dialog.visibility.isEnabled()  # no haze: no visibility to choose
    dialog.accept()
    chosen = (8.0, 1024, False, False, 8.0)
    lod = model.lod
    assert (lod.max_sse, lod.budget_mb, lod.far_coarser, lod.haze, lod.visibility_km) == chosen
    other = CityModel()
    load_lod(other.lod)
    lod = other.lod
    assert (lod.max_sse, lod.budget_mb, lod.far_coarser, lod.haze, lod.visibility_km) == chosen
    dialog2 = LodDialog(other.lod)
    qtbot.addWidget(dialog2)
    dialog2.restore_defaults()
    dialog2.accept()
    assert other.lod.max_sse == 16.0 and other.lod.far_coarser and other.lod.haze
    assert other.lod.visibility_km == 4.0
