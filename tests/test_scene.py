"""The assembled 3D scene, rendered for real (VTK offscreen through EGL/Mesa)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import pyvista as pv
import shapely
from rasterio.io import MemoryFile
from rasterio.transform import from_origin

from layers.housing import classify
from resources import lookup
from store.cache import Cache
from tests.sample_build import build
from viewer.scene import Scene, build_scene_data


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("scene_city")
    build(out, buildings=400)
    return out / "sample_city.gpkg"


@pytest.fixture(scope="module")
def data(city: Path):
    with Cache.open(city) as cache:
        return build_scene_data(cache)


def _render(data, setup=None, size=(400, 300)) -> tuple[np.ndarray, Scene]:
    # the scene follows the model: each picture starts from the model's defaults
    for layer in data.model.layers:
        layer.visible, layer.opacity = True, 1.0
    data.model.set_underground(False)
    data.model.colouring.clear()
    plotter = pv.Plotter(off_screen=True, window_size=list(size))
    scene = Scene(plotter.renderer)
    scene.populate(data)
    if setup:
        setup(scene)
    plotter.camera_set = True
    img = plotter.screenshot(return_img=True)
    plotter.close()
    return np.asarray(img)[:, :, :3].astype(int), scene


def _look_down(scene: Scene, x: float, y: float, z: float, height: float) -> None:
    scene.set_camera((x, y + 0.01, z + height), (x, y, z))
    cam = scene.renderer.GetActiveCamera()
    cam.SetViewUp(0, 1, 0)
    scene.renderer.ResetCameraClippingRange()


def test_few_actors_for_many_buildings(data) -> None:
    plotter = pv.Plotter(off_screen=True)
    scene = Scene(plotter.renderer)
    scene.populate(data)
    actors = sum(len(v) for v in scene.actors.values())
    assert len(scene.actors["buildings"]) <= 2  # 400 buildings: merged tiles
    # every other layer: one actor per tile (and pipe class), never one per feature; pipes
    # and glyphs are tiled finer than the buildings (their leaves at most 512 m wide)
    assert max(len(v) for v in scene.actors.values()) <= 16
    features = sum(data.model.cache.count(t) for t in ("pipelines", "pipe_points", "poles"))
    assert actors < 200 < features
    plotter.close()


def test_switching_buildings_off_changes_the_image(data) -> None:
    with_buildings, _ = _render(data)
    without, _ = _render(data, lambda s: s.set_visible("buildings", False))
    changed = np.any(np.abs(with_buildings - without) > 30, axis=2).mean()
    assert changed > 0.01


def test_underground_mode_reveals_pipes_the_terrain_hid(city: Path, data) -> None:
    with Cache.open(city) as cache:
        pipes = cache.read("pipelines", ["class_code", "diameter_mm"],
                           where="class_code = 'JS' AND diameter_mm >= 300")
    line = pipes.geoms[int(np.argmax(shapely.length(pipes.geoms)))]
    mid = line.interpolate(0.5, normalized=True)
    assert lookup("pipeline_classes")["JS"]["dark_bg_rgb"] == "0,255,255"  # cyan

    def aim(underground: bool):
        def setup(scene: Scene) -> None:
            for key in scene.layer_keys():
                if key.startswith("pipelines:") and key != "pipelines:JS":
                    scene.set_visible(key, False)
            for layer in scene.model.layers.of_kind("vectors"):  # roads, parcels on the ground
                scene.set_visible(layer.name, False)
            scene.set_visible("buildings", False)
            scene.set_visible("poles", False)
            scene.set_visible("pipe_points", False)
            scene.set_underground(underground)
            _look_down(scene, mid.x, mid.y, mid.z, 25.0)
        return setup

    def pipe_pixels(img: np.ndarray) -> int:
        """Cyan pixels, whatever lighting and blending did to their brightness."""
        r, g, b = img[:, :, 0], img[:, :, 1], img[:, :, 2]
        return int(((g - r > 60) & (b - r > 60)).sum())

    opaque, _ = _render(data, aim(False))
    under, _ = _render(data, aim(True))
    assert pipe_pixels(opaque) < 20
    assert pipe_pixels(under) > 200


def test_safety_grade_theme_paints_a_grade_d_building_in_its_legend_colour(city: Path,
                                                                           data) -> None:
    with Cache.open(city) as cache:
        cls = classify(cache, "safety_grade")
        d = cache.read("buildings", ["ground_z", "height"], where="safety_grade = 'D'")
    big = int(np.argmax(shapely.area(d.geoms)))
    roof = shapely.maximum_inscribed_circle(d.geoms[big]).coords[0]
    top = float(d.columns["ground_z"][big]) + float(d.columns["height"][big])
    legend = {e.key: np.array(e.rgb) for e in cls.legend}

    def setup(scene: Scene) -> None:
        scene.color_buildings(cls.fids, cls.colors())
        _look_down(scene, roof[0], roof[1], top, 30.0)

    img, _ = _render(data, setup)
    centre = img[img.shape[0] // 2 - 2:img.shape[0] // 2 + 3,
                 img.shape[1] // 2 - 2:img.shape[1] // 2 + 3].reshape(-1, 3).mean(axis=0)
    # Lighting scales the colour: compare directions (hue), not raw values.
    unit = {k: v / np.linalg.norm(v) for k, v in legend.items()}
    nearest = max(unit, key=lambda k: float(unit[k] @ (centre / np.linalg.norm(centre))))
    assert nearest == "D", (centre, legend)


def test_screenshot_from_the_command_line_without_a_display(city: Path, tmp_path: Path) -> None:
    out = tmp_path / "shot.png"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    proc = subprocess.run(
        [sys.executable, "-m", "app.cli", str(city), "--screenshot", str(out), "--size",
         "640x400", "--underground", "--layers", "terrain,pipelines"],
        capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert json.loads(proc.stdout.strip().splitlines()[-1])["file"] == str(out)
    img = np.asarray(pv.read(out).point_data[pv.read(out).point_data.keys()[0]])
    assert img.shape[0] == 640 * 400 and len(np.unique(img.reshape(len(img), -1), axis=0)) > 10


def test_an_orthophoto_in_the_cache_is_draped_on_the_terrain(city: Path, tmp_path: Path) -> None:
    copy = tmp_path / "ortho.gpkg"
    shutil.copy(city, copy)
    with Cache.open(copy) as cache:
        minx, miny, maxx, maxy = cache.extent()
        rgb = np.zeros((3, 64, 64), dtype=np.uint8)
        rgb[0] = 220  # a red photo
        transform = from_origin(minx, maxy, (maxx - minx) / 64, (maxy - miny) / 64)
        with MemoryFile() as mem:
            with mem.open(driver="GTiff", width=64, height=64, count=3, dtype="uint8",
                          crs="EPSG:4547", transform=transform) as dst:
                dst.write(rgb)
            data = bytes(mem.read())
        with cache.transaction() as tx:
            tx.put_raster("ortho", "ortho", data, crs="EPSG:4547", width=64, height=64,
                          transform=tuple(transform)[:6], nodata=None, min_z=None, max_z=None,
                          source="test")
        scene_data = build_scene_data(cache)
    assert scene_data.ortho is not None

    def only_terrain(scene: Scene) -> None:
        for key in scene.layer_keys():
            scene.set_visible(key, key == "terrain")
        scene.reset_camera("top")

    img, _ = _render(scene_data, only_terrain)
    centre = img[img.shape[0] // 2, img.shape[1] // 2]
    assert centre[0] > 2 * max(centre[1], centre[2]), centre


def test_glyphs_are_drawn_only_when_the_camera_is_near(data) -> None:
    plotter = pv.Plotter(off_screen=True, window_size=[320, 240])
    scene = Scene(plotter.renderer)
    scene.populate(data)
    scene.reset_camera("overview")
    scene.update_level_of_detail()
    # far: no pole tile drawn (a pole would span under 16 px), the layer still on
    assert not any(a.GetVisibility() for a in scene.actors["poles"])
    assert scene.is_visible("poles")
    cam = scene.renderer.GetActiveCamera()
    cam.SetPosition(*(np.array(cam.GetFocalPoint()) + [0.0, -200.0, 150.0]))
    assert scene.update_level_of_detail()
    poles = scene.actors["poles"]
    assert poles and all(a.GetVisibility() for a in poles)
    scene.set_visible("poles", False)  # the user's choice wins near too
    assert not any(a.GetVisibility() for a in poles) and not scene.is_visible("poles")
    plotter.close()
