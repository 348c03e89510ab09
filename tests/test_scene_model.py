"""The scene follows the layer model: no widget involved, and the viewer reads no store/."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import pyvista as pv
import shapely

from layers import housing
from layers.pipelines import class_filter
from layers.style import read_values
from store.cache import Cache
from tests.headless_scene import headless_scene
from tests.sample_build import opened
from viewer.scene import Scene, build_scene_data

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cache]:
    with opened(tmp_path_factory.mktemp("scene_model"), buildings=300) as c:
        yield c


@pytest.fixture()
def scene(cache: Cache) -> Iterator[Scene]:
    with headless_scene(cache) as s:
        yield s


def _shown(props: list) -> list[bool]:
    return [bool(p.GetVisibility()) for p in props]


def test_toggling_a_layer_in_the_model_hides_its_actors(scene: Scene) -> None:
    model = scene.model
    buildings = scene.actors["buildings"]
    assert buildings and all(_shown(buildings))
    model.layers["buildings"].visible = False
    assert not any(_shown(buildings)) and not scene.is_visible("buildings")
    model.layers["buildings"].visible = True
    assert all(_shown(buildings))

    # one pipeline class off: the layer's filter, as the layer panel writes it
    model.layers["pipelines"].filter = class_filter(["JS"])
    assert not any(_shown(scene.actors["pipelines:JS"]))
    assert all(_shown(scene.actors["pipelines:PS"]))
    assert not scene.is_visible("pipelines:JS") and scene.is_visible("pipelines")
    model.layers["pipelines"].filter = None
    assert all(_shown(scene.actors["pipelines:JS"]))

    model.layers["terrain"].opacity = 0.4
    assert scene.actors["terrain"][0].GetProperty().GetOpacity() == pytest.approx(0.4)

    # a layer removed leaves the renderer; inserted again, it is drawn again
    poles = model.layers.remove("poles")
    assert "poles" not in scene.actors
    model.layers.insert(0, poles)
    assert scene.actors["poles"][0] in list(scene.renderer.GetActors())


def test_pole_style_and_underground_follow_the_model(scene: Scene, cache: Cache) -> None:
    from vtk.util.numpy_support import vtk_to_numpy

    from layers.poles import classify_by_devices

    layer = scene.model.layers["poles"]
    layer.style = layer.style.with_(field="devices")
    glyphs = scene.actors["poles"][0].GetMapper().GetInputDataObject(0, 0)
    ids = vtk_to_numpy(glyphs.GetPointData().GetArray("fid"))
    shown = vtk_to_numpy(glyphs.GetPointData().GetArray("colors"))
    cls = classify_by_devices(cache)
    assert tuple(shown[0]) == tuple(cls.color_of(int(ids[0])))

    terrain = scene.actors["terrain"][0].GetProperty()
    scene.set_hide_buildings_underground(True)
    scene.model.set_underground(True)
    assert scene.underground and not any(_shown(scene.actors["buildings"]))
    assert terrain.GetOpacity() == pytest.approx(0.3)
    scene.set_underground_opacity(0.5)
    assert terrain.GetOpacity() == pytest.approx(0.5)
    scene.model.set_underground(False)
    assert all(_shown(scene.actors["buildings"])) and terrain.GetOpacity() == 1.0
    assert scene.model.layers["terrain"].opacity == 1.0  # the layer's own, untouched


def _drawn_rgb(scene: Scene) -> dict[int, tuple[int, int, int]]:
    """fid → the colour its cells are drawn in (scalars on), from the meshes drawn (the
    mappers' input: demolished buildings the tiles hold are left out)."""
    out: dict[int, tuple[int, int, int]] = {}
    for actor in scene.actors["buildings"]:
        assert actor.GetMapper().GetScalarVisibility()
        mesh = pv.wrap(actor.GetMapper().GetInput())
        fids = np.asarray(mesh.cell_data["fid"])
        rgb = np.asarray(mesh.cell_data["theme_rgb"])
        _, first = np.unique(fids, return_index=True)
        out.update({int(fids[i]): tuple(int(v) for v in rgb[i]) for i in first})
    return out


def test_theme_filter_and_highlight_paint_what_the_legend_says(scene: Scene,
                                                               cache: Cache) -> None:
    colouring = scene.model.colouring
    theme = housing.classify(cache, "safety_grade")
    colouring.set_theme(theme)
    result = housing.apply(cache, housing.HousingFilter(grades=frozenset({"C", "D"})))
    every, _ = read_values(cache, "buildings", [])
    colouring.set_filter(result, every, "C、D级", "grade C or D")
    d = cache.read("buildings", ["ground_z", "height"], where="safety_grade = 'D'")
    big = int(np.argmax(shapely.area(d.geoms)))
    colouring.set_highlight(np.array([int(d.fids[big])]), (255, 0, 255), "同步更新", "synced",
                            all_fids=every)

    legend = colouring.legend()
    want = dict(zip(legend.fids.tolist(), map(tuple, legend.colors().tolist()), strict=True))
    drawn = _drawn_rgb(scene)
    assert drawn == {f: want[f] for f in drawn}  # every building as its legend class says
    d_entry = next(e for e in legend.legend if e.key == "D")
    c_or_d = set(result.fids.tolist())
    assert any(rgb == d_entry.rgb for f, rgb in drawn.items() if f in c_or_d)
    assert drawn[int(d.fids[big])] == (255, 0, 255)

    # the pixels: looking down on the highlighted building shows magenta
    x, y = shapely.maximum_inscribed_circle(d.geoms[big]).coords[0]
    top = float(d.columns["ground_z"][big]) + float(d.columns["height"][big])
    scene.set_camera((x, y + 0.01, top + 30.0), (x, y, top))
    scene.plotter.camera_set = True  # type: ignore[attr-defined]
    img = np.asarray(scene.plotter.screenshot(return_img=True))[:, :, :3].astype(int)  # type: ignore[attr-defined]
    h, w = img.shape[:2]
    r, g, b = img[h // 2 - 2:h // 2 + 3, w // 2 - 2:w // 2 + 3].reshape(-1, 3).mean(axis=0)
    assert r > 1.5 * g and b > 1.5 * g, (r, g, b)

    colouring.clear()
    assert not any(a.GetMapper().GetScalarVisibility() for a in scene.actors["buildings"])


def test_a_rebuild_keeps_visibility_opacity_and_colours_with_no_widget(scene: Scene,
                                                                       cache: Cache) -> None:
    model = scene.model
    model.layers["pipe_points"].visible = False
    model.layers["terrain"].opacity = 0.5
    model.layers["pipelines"].filter = class_filter(["RQ"])
    model.colouring.set_theme(housing.classify(cache, "year_built"))
    scene.populate(build_scene_data(model))  # what the window does after a sync
    assert not any(_shown(scene.actors["pipe_points"]))
    assert scene.actors["terrain"][0].GetProperty().GetOpacity() == pytest.approx(0.5)
    assert not any(_shown(scene.actors["pipelines:RQ"]))
    assert all(a.GetMapper().GetScalarVisibility() for a in scene.actors["buildings"])


def test_the_viewer_imports_nothing_from_store() -> None:
    out = subprocess.run([str(Path(sys.executable).with_name("lint-imports"))], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert "the viewer reads the cache only through layers/ KEPT" in out.stdout, out.stdout
