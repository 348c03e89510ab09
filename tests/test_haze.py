"""The haze over the far city: the rule (layers.haze: where it begins, where the city is lost in
it, only for a street-level camera over the scene) and its drawing (viewer.fog: far things take
the sky's colour, near ones keep theirs, textures and picking still work under it)."""

from __future__ import annotations

import numpy as np
import pytest
import pyvista as pv
import vtk

from layers.haze import CLEAR_FRACTION, LOST, haze, haze_range, over_scene
from layers.lod import Camera
from viewer.fog import Haze, hazed
from viewer.glyphs import pick_glyph

SKY = (0.78, 0.84, 0.9)
SIZE = (240, 160)
LOW, HIGH = (-5000.0, -5000.0, 0.0), (5000.0, 5000.0, 200.0)  # a city of 10 km, 200 m high


# -- the rule ---------------------------------------------------------------------------------
def test_the_near_part_stays_clear_and_the_city_is_lost_at_the_visibility() -> None:
    d = np.array([0.0, 999.0, 2000.0, 3000.0, 4000.0, 5000.0, 9000.0])
    h = haze(d, 1000.0, 5000.0)
    assert h[0] == h[1] == 0.0 and np.all(np.diff(h[1:]) > 0)
    assert h[-2] == pytest.approx(LOST) and h[-1] > 0.9999


@pytest.mark.parametrize(("eye", "focal", "expected"), [
    ((0, 0, 20), (0, 1000, 20), (1000.0, 5000.0)),     # street level, over the city
    ((0, 0, 20), (0, 0.001, 0), None),                 # looking straight down
    ((0, 0, 5000), (0, 1000, 4000), None),             # above the city's top
    ((0, 0, -20), (0, 1000, -20), None),               # below its bottom
    ((9000, 0, 20), (10000, 0, 20), None),             # 4 km outside it: seen from outside
])
def test_haze_only_at_street_level_over_the_scene(eye, focal, expected) -> None:
    got = haze_range(Camera(eye, focal), LOW, HIGH, 5000.0)
    if expected is None:
        assert got is None
    else:
        assert got == pytest.approx(expected)
        assert got[0] == pytest.approx(got[1] * CLEAR_FRACTION)


def test_the_haze_draws_back_as_the_camera_rises_or_leaves_the_scene() -> None:
    level = haze_range(Camera((0, 0, 20), (0, 1000, 20)), LOW, HIGH)[1]
    higher = haze_range(Camera((0, 0, 90), (0, 1000, 90)), LOW, HIGH)[1]
    leaving = haze_range(Camera((6000, 0, 20), (7000, 0, 20)), LOW, HIGH)[1]
    assert level < higher and level < leaving
    assert over_scene((6000, 0, 20), LOW, HIGH) == pytest.approx(0.5)


# -- the drawing ------------------------------------------------------------------------------


def _plotter() -> pv.Plotter:
    plotter = pv.Plotter(off_screen=True, window_size=list(SIZE))
    plotter.set_background(SKY)
    plotter.render_window.SetMultiSamples(0)
    return plotter


def _look_down_y(plotter: pv.Plotter) -> None:
    plotter.camera_position = [(0.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0)]
    plotter.camera.view_angle = 30.0
    plotter.renderer.ResetCameraClippingRange()


def _pixel(plotter: pv.Plotter, x: int, y: int) -> np.ndarray:
    plotter.render_window.Render()  # pyvista's screenshot may hand back the last image
    img = np.asarray(plotter.screenshot(return_img=True))[:, :, :3].astype(float)
    return img[img.shape[0] - 1 - y, x]  # y from the bottom, as VTK counts


def _cube(plotter: pv.Plotter, x: float, y: float, side: float, colour) -> vtk.vtkActor:
    mesh = pv.Cube(center=(x, y, 0.0), x_length=side, y_length=side, z_length=side)
    return plotter.add_mesh(mesh, color=colour, lighting=False)


def test_far_things_take_the_sky_colour_and_near_ones_keep_theirs() -> None:
    plotter = _plotter()
    near = _cube(plotter, -3.0, 20.0, 4.0, (1.0, 0.0, 0.0))  # 18 m away, left
    far = _cube(plotter, 3000.0, 20000.0, 4000.0, (0.0, 0.0, 1.0))  # ~18 km, right
    _look_down_y(plotter)
    sky_haze = Haze(plotter.renderer, SKY)
    clear_near = _pixel(plotter, 40, 80)
    clear_far = _pixel(plotter, 160, 80)
    assert clear_far[2] > 200 and clear_far[0] < 30  # blue without haze
    sky_haze.range = (1000.0, 5000.0)
    hazy_near, hazy_far = _pixel(plotter, 40, 80), _pixel(plotter, 160, 80)
    assert hazed(near) and hazed(far)
    assert np.abs(hazy_near - clear_near).max() <= 2  # 18 m: no haze to see
    assert np.abs(hazy_far - np.array(SKY) * 255).max() <= 3  # 18 km: lost in the haze
    sky_haze.range = None
    assert np.abs(_pixel(plotter, 160, 80) - clear_far).max() <= 2  # gone again
    sky_haze.close()
    plotter.close()


def test_the_shader_draws_the_rule() -> None:
    plotter = _plotter()
    _cube(plotter, 0.0, 5000.0, 3000.0, (0.0, 0.0, 0.0))
    _look_down_y(plotter)
    Haze(plotter.renderer, SKY).range = (1000.0, 8000.0)
    got = _pixel(plotter, SIZE[0] // 2, SIZE[1] // 2)
    # the face is 3500 m in front: haze(3500) of the sky over black
    amount = float(haze(3500.0, 1000.0, 8000.0))
    assert 0.2 < amount < 0.8
    expected = amount * np.array(SKY) * 255
    assert np.abs(got - expected).max() <= 4
    plotter.close()


def test_textures_are_hazed_after_they_are_applied() -> None:
    plotter = _plotter()
    plane = pv.Plane(center=(0.0, 15000.0, 0.0), direction=(0, -1, 0), i_size=20000,
                     j_size=20000)
    image = np.zeros((8, 8, 3), dtype=np.uint8)
    image[..., 1] = 255  # green
    plotter.add_mesh(plane, texture=pv.Texture(image), lighting=False)
    _look_down_y(plotter)
    assert _pixel(plotter, 120, 80)[1] > 200
    Haze(plotter.renderer, SKY).range = (1000.0, 5000.0)  # 15 km: lost
    assert np.abs(_pixel(plotter, 120, 80) - np.array(SKY) * 255).max() <= 3
    plotter.close()


def test_a_hazed_glyph_is_still_picked() -> None:
    plotter = _plotter()
    points = pv.PolyData(np.array([[-30.0, 400.0, 0.0], [30.0, 400.0, 0.0]]))
    points.cell_data["fid"] = np.array([11, 12])
    mapper = vtk.vtkGlyph3DMapper()
    mapper.SetInputData(points)
    mapper.SetSourceData(pv.Cube(x_length=20, y_length=20, z_length=20))
    actor = vtk.vtkActor()
    actor.SetMapper(mapper)
    plotter.renderer.AddActor(actor)
    _look_down_y(plotter)
    Haze(plotter.renderer, SKY).range = (100.0, 1000.0)  # 400 m: half hazed
    plotter.render_window.Render()
    assert hazed(actor)
    x, y = plotter.renderer.GetSize()[0] // 2, plotter.renderer.GetSize()[1] // 2
    coords = vtk.vtkCoordinate()
    coords.SetCoordinateSystemToWorld()
    coords.SetValue(30.0, 400.0, 0.0)
    px, py = coords.GetComputedDisplayValue(plotter.renderer)
    assert pick_glyph(plotter.renderer, int(px), int(py), actor) == 1
    assert pick_glyph(plotter.renderer, x, y, actor) is None  # between the two
    plotter.close()


@pytest.mark.parametrize("span", [None, (1000.0, 5000.0)])
def test_every_actor_added_later_is_hazed_at_the_next_render(span) -> None:
    plotter = _plotter()
    _look_down_y(plotter)
    Haze(plotter.renderer, SKY).range = span
    plotter.render_window.Render()
    late = _cube(plotter, 0.0, 50.0, 2.0, (1.0, 1.0, 1.0))
    assert not hazed(late)
    plotter.render_window.Render()
    assert hazed(late)
    plotter.close()
