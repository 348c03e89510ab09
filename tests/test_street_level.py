"""A street-level view costs less without looking different: far tiles coarser at the horizon
(CesiumJS's dynamic screen-space error), buildings' back faces culled, buried pipes not drawn
under an opaque ground."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import pyvista as pv
import vtk
from affine import Affine

from layers.lod import Camera, LodTile, fog, select_tiles, street_density
from layers.lod_settings import LodSettings
from store.cache import Cache
from store.raster import Grid
from tests.sample_build import build
from viewer.fog import START, hazed
from viewer.origin import Origin
from viewer.scene import Scene, build_scene_data
from viewer.views.pipes import buried

SIZE = (480, 300)


# -- the rule ---------------------------------------------------------------------------------
def test_fog_grows_with_distance_to_one() -> None:
    d = np.array([0.0, 1000.0, 5000.0, 20000.0])
    f = fog(d, 2e-4)
    assert f[0] == 0.0 and np.all(np.diff(f) > 0) and f[-1] > 0.99


@pytest.mark.parametrize(("eye", "focal", "expected"), [
    ((0, 0, 20), (0, 1000, 20), 2e-4),       # low, level: full density
    ((0, 0, 20), (0, 0.001, 0), 0.0),        # low, straight down: none
    ((0, 0, 5000), (0, 1000, 4000), 0.0),    # above the scene's top: none
])
def test_street_density_is_for_low_cameras_looking_at_the_horizon(eye, focal, expected):
    got = street_density(Camera(eye, focal), 0.0, 200.0)
    assert got == pytest.approx(expected, abs=1e-9)
    # half-way up between street level and the top: about half the effect
    half = street_density(Camera((0, 0, 125), (0, 1000, 125)), 0.0, 200.0)
    assert 0.4e-4 < half < 1.6e-4
    assert street_density(Camera(eye, focal), 5.0, 5.0) == 0.0  # a flat scene: none


def _row_of_tiles(n: int = 8, side: float = 1000.0) -> LodTile:
    """A root over a row of n tiles along +y, each with one child of half its error."""
    tiles = []
    for i in range(n):
        lo, hi = (-side / 2, i * side, 0.0), (side / 2, (i + 1) * side, 30.0)
        child = LodTile(f"{i}/c", 0.0, lo, hi)
        tiles.append(LodTile(f"{i}", 100.0, lo, hi, children=[child]))
    return LodTile("root", 1e6, (-side / 2, 0.0, 0.0), (side / 2, n * side, 30.0),
                   children=tiles)


def test_far_tiles_stay_coarser_near_ones_do_not() -> None:
    root = _row_of_tiles()
    street = Camera((0.0, -50.0, 20.0), (0.0, 1000.0, 20.0), view_angle=30.0, aspect=1.6)
    plain = {t.key for t in select_tiles(root, street, 800)}
    coarse = {t.key for t in select_tiles(root, street, 800, far_density=2e-4)}
    near = {"0/c", "1/c"}
    assert near <= plain and near <= coarse  # what is near is as detailed as before
    refined_plain = {k for k in plain if k.endswith("/c")}
    refined_coarse = {k for k in coarse if k.endswith("/c")}
    assert refined_coarse < refined_plain  # far ones stay coarser
    assert len(coarse) == 8  # and the whole row is still covered, once


def test_tiles_lost_in_the_haze_are_not_drawn() -> None:
    root = _row_of_tiles(n=16)
    street = Camera((0.0, -50.0, 20.0), (0.0, 1000.0, 20.0), view_angle=30.0, aspect=1.6)
    clear = {t.key.split("/")[0] for t in select_tiles(root, street, 800)}
    hazy = select_tiles(root, street, 800, haze_span=(1000.0, 5000.0))
    assert clear == {str(i) for i in range(16)}
    # tile i begins i km + 50 m in front: those beyond 5 km are lost in the haze
    assert {t.key.split("/")[0] for t in hazy} == {str(i) for i in range(5)}


def test_tiles_in_the_haze_may_be_coarser() -> None:
    root = _row_of_tiles(n=6)
    street = Camera((0.0, -50.0, 20.0), (0.0, 1000.0, 20.0), view_angle=30.0, aspect=1.6)
    clear = {t.key for t in select_tiles(root, street, 800)}
    hazy = {t.key for t in select_tiles(root, street, 800, haze_span=(1000.0, 8000.0))}
    assert "0/c" in clear and "0/c" in hazy  # the clear near range: as detailed
    refined = {k for k in clear if k.endswith("/c")}
    assert {k for k in hazy if k.endswith("/c")} < refined  # half hazed: coarser
    assert len(hazy) == 6  # and every tile still covered, once


# -- buried pipes ------------------------------------------------------------------------------
def _flat_grid(z: float = 10.0) -> Grid:
    return Grid(np.full((50, 50), z, np.float32), Affine(2.0, 0, 500_000.0, 0, -2.0, 2_500_100.0),
                "EPSG:4547", None)


@pytest.mark.parametrize(("zs", "expected"), [
    ([7.0, 8.0], True),       # under the ground
    ([7.0, 10.2], False),     # one vertex above it
    ([9.98, 9.99], False),    # at the surface (within 5 cm): not hidden
])
def test_buried_is_every_vertex_under_the_ground(zs, expected) -> None:
    o = Origin(500_000.0, 2_500_000.0)
    mesh = pv.PolyData(np.array([[20.0, 40.0, zs[0]], [60.0, 40.0, zs[1]]]))
    assert buried([mesh], o, _flat_grid()) is expected


def test_off_the_dem_or_without_one_nothing_counts_as_buried() -> None:
    o = Origin(500_000.0, 2_500_000.0)
    off = pv.PolyData(np.array([[20.0, 40.0, 0.0], [5000.0, 40.0, 0.0]]))
    assert not buried([off], o, _flat_grid())
    assert not buried([pv.PolyData(np.array([[20.0, 40.0, 0.0]]))], o, None)


# -- the scene ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("street_city")
    build(out, buildings=400)
    return out / "sample_city.gpkg"


@pytest.fixture(scope="module")
def data(city: Path):
    with Cache.open(city) as cache:
        return build_scene_data(cache)


def _street(scene: Scene) -> None:
    """60 m above the middle of the city, looking 1 km ahead."""
    scene.reset_camera("overview")
    cam = scene.renderer.GetActiveCamera()
    fx, fy, fz = cam.GetFocalPoint()
    cam.SetPosition(fx, fy - 300.0, fz + 60.0)
    cam.SetFocalPoint(fx, fy + 700.0, fz)
    cam.SetViewUp(0, 0, 1)
    scene.settle()
    scene.renderer.ResetCameraClippingRange()


def _scene(data, setup=None) -> tuple[pv.Plotter, Scene]:
    for layer in data.model.layers:
        layer.visible, layer.opacity = True, 1.0
    data.model.set_underground(False)
    data.model.lod.update(far_coarser=True)
    plotter = pv.Plotter(off_screen=True, window_size=list(SIZE))
    scene = Scene(plotter.renderer)
    scene.populate(data)
    plotter.camera_set = True
    if setup:
        setup(scene)
    return plotter, scene


def _shot(plotter: pv.Plotter) -> np.ndarray:
    plotter.render_window.Render()  # pyvista's screenshot may hand back the last image
    return np.asarray(plotter.screenshot(return_img=True))[:, :, :3].astype(int)


def test_a_street_camera_coarsens_far_tiles_an_overview_does_not(data) -> None:
    plotter, scene = _scene(data)
    scene.reset_camera("overview")
    scene.settle()
    assert scene.context.far_density == 0.0
    _street(scene)
    assert scene.context.far_density > 2e-5  # 60 m up: a part of the full effect
    data.model.lod.update(far_coarser=False)  # the user's choice in View ▸ Level of detail
    scene.settle()
    assert scene.context.far_density == 0.0
    plotter.close()


def test_the_far_city_fades_into_the_haze_at_street_level_only(data) -> None:
    plotter, scene = _scene(data)
    data.model.lod.update(visibility_km=1.0)  # the test city is a kilometre across
    scene.reset_camera("overview")
    scene.settle()
    assert scene.haze.range is None and scene.context.haze_span is None
    _street(scene)
    start, end = scene.haze.range
    assert 1000.0 < end < 4000.0 and scene.context.haze_span == (start, end)  # 60 m up
    hazy = _shot(plotter)
    actors = [a for view in scene.views.values() for a in view.props()
              if isinstance(a, vtk.vtkActor)]
    assert actors and all(hazed(a) for a in actors)
    value = vtk.reference(0.0)
    assert actors[0].GetShaderProperty().GetFragmentCustomUniforms().GetUniformf(START, value)
    assert float(value) == pytest.approx(start)
    data.model.lod.update(haze=False)  # the user's choice in View ▸ Level of detail
    scene.settle()
    assert scene.haze.range is None
    clear = _shot(plotter)
    differ = np.abs(hazy - clear).max(axis=2)
    assert differ.max() >= 2  # the far end of the city a little hazier
    assert differ[-SIZE[1] // 4:].max() <= 1  # the street below the camera not
    data.model.lod.update(haze=True)
    data.model.set_underground(True)
    scene.settle()
    assert scene.haze.range is None  # underground: no haze
    data.model.set_underground(False)
    data.model.lod.update(visibility_km=LodSettings().visibility_km)
    plotter.close()


def test_culling_back_faces_changes_no_pixel_and_stops_when_seen_through(data) -> None:
    plotter, scene = _scene(data, _street)
    buildings = scene.views["buildings"]
    actors = buildings.props()
    assert actors and all(a.GetProperty().GetBackfaceCulling() for a in actors)
    culled = _shot(plotter)
    for a in actors:
        a.GetProperty().BackfaceCullingOff()
    whole = _shot(plotter)
    differ = np.abs(culled - whole).max(axis=2) > 24
    assert differ.sum() <= 10, differ.sum()  # every level is closed and wound outwards
    buildings.update("opacity")
    assert all(a.GetProperty().GetBackfaceCulling() for a in actors)
    data.model.layers.get("buildings").opacity = 0.5  # seen through: back walls show
    assert not any(a.GetProperty().GetBackfaceCulling() for a in buildings.props())
    data.model.layers.get("buildings").opacity = 1.0
    scene.set_underground(True)  # seen from below
    assert not any(a.GetProperty().GetBackfaceCulling() for a in buildings.props())
    plotter.close()


def test_buried_pipes_are_left_out_only_while_the_ground_hides_them(data) -> None:
    plotter, scene = _scene(data, _street)
    pipes = scene.views["pipelines"]
    assert scene.context.ground_hides_buried
    tiles = list(pipes.tiles.values())
    assert tiles and any(t.buried for t in tiles)
    for t in tiles:
        assert all(a.GetVisibility() != t.buried for a in t.actors.values())
    scene.set_underground(True)  # the ground turns translucent: every pipe shows
    scene.settle()
    assert not scene.context.ground_hides_buried
    assert all(a.GetVisibility() for t in pipes.tiles.values() for a in t.actors.values())
    scene.set_underground(False)
    data.model.layers.get("terrain").visible = False  # no ground at all
    scene.settle()
    assert not scene.context.ground_hides_buried
    assert all(a.GetVisibility() for t in pipes.tiles.values() for a in t.actors.values())
    plotter.close()
