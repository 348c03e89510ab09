"""The time slider restyles pipes, poles and draped layers as it does the buildings (issue 16):
their features of every time are loaded once, and a step leaves out what does not stand then,
labels included. The sample city's history: a water main replaced in 2018, a road widened in
2015, smart poles installed since 2019."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import pyvista as pv
from vtk.util.numpy_support import vtk_to_numpy

from store.cache import Cache
from tests.headless_scene import headless_scene
from tests.sample_build import opened
from viewer.scene import Scene


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cache]:
    with opened(tmp_path_factory.mktemp("time_restyle"), buildings=300, reality=False) as c:
        yield c


@pytest.fixture()
def scene(cache: Cache) -> Iterator[Scene]:
    with headless_scene(cache) as s:
        yield s


def _history(cache: Cache, layer: str, columns: list[str]) -> dict[str, int]:
    """fid by ``valid_from|valid_to`` of the dated features of a layer."""
    f = cache.read(layer, ["valid_from", "valid_to", *columns], geometry=False, at=None,
                   where="t.valid_from IS NOT NULL OR t.valid_to IS NOT NULL")
    return {f"{a}|{b}": int(fid) for fid, a, b in zip(
        f.fids, f.columns["valid_from"], f.columns["valid_to"], strict=True)}


def _pipes_drawn(scene: Scene) -> set[int]:
    view = scene.views["pipelines"]
    return {int(v) for content in view.tiles.values() for actor in content.actors.values()
            for v in vtk_to_numpy(actor.GetMapper().GetInput().GetCellData().GetArray("fid"))}


def _poles_drawn(scene: Scene) -> set[int]:
    return {int(v) for actor in scene.views["poles"].actors["poles"]
            for v in vtk_to_numpy(actor.GetMapper().GetInputDataObject(0, 0)
                                  .GetPointData().GetArray("fid"))}


def test_a_slider_step_restyles_pipes_roads_and_poles(scene: Scene, cache: Cache) -> None:
    model = scene.model
    views = dict(scene.views)
    pipe = _history(cache, "pipelines", [])
    old_pipe, new_pipe = pipe["1988|2018"], pipe["2018|None"]
    road = _history(cache, "roads", [])
    old_road, new_road = road["None|2015"], road["2015|None"]
    name = cache.read("roads", ["name"], geometry=False, at=None,
                      where=f"t.fid = {new_road}").columns["name"][0]
    poles = cache.read("poles", ["install_year"], geometry=False)
    years = np.asarray(poles.columns["install_year"])
    roads = scene.views["roads"]

    assert new_pipe in _pipes_drawn(scene) and old_pipe not in _pipes_drawn(scene)
    assert new_road in roads.drawn_fids() and old_road not in roads.drawn_fids()
    assert _poles_drawn(scene) == set(poles.fids.tolist())

    model.set_time("2010")
    assert dict(scene.views) == views and not scene.pending  # nothing built again
    assert old_pipe in _pipes_drawn(scene) and new_pipe not in _pipes_drawn(scene)
    assert old_road in roads.drawn_fids() and new_road not in roads.drawn_fids()
    assert _poles_drawn(scene) == set()  # smart poles came from 2019
    assert roads.labels is not None and roads.labels.texts.count(name) == 1

    model.set_time("2021")
    assert _poles_drawn(scene) == set(poles.fids[years <= 2021].tolist())
    assert 0 < len(_poles_drawn(scene)) < len(poles.fids)
    assert new_pipe in _pipes_drawn(scene) and new_road in roads.drawn_fids()
    assert roads.labels.texts.count(name) == 1  # the widened road keeps its one label

    # a click on a pipe that stood then answers with it
    view = scene.views["pipelines"]
    model.set_time("2010")
    for content in view.tiles.values():
        for actor in content.actors.values():
            drawn = actor.GetMapper().GetInput()
            fids = vtk_to_numpy(drawn.GetCellData().GetArray("fid"))
            if old_pipe in fids:
                cell = int(np.flatnonzero(fids == old_pipe)[0])
                assert view.pick(actor, cell, drawn) == ("pipelines", old_pipe)


def test_another_scenario_reads_again(scene: Scene) -> None:
    model = scene.model
    views = dict(scene.views)
    model.set_scenario("方案A")
    try:
        assert scene.views["pipelines"] is not views["pipelines"]
        assert scene.views["roads"] is not views["roads"]
    finally:
        model.set_scenario(None)


def test_a_file_layer_is_not_read_again_at_each_step(scene: Scene, tmp_path: Path,
                                                     cache: Cache) -> None:
    """A draped file has no lifespans: a step leaves it as it is."""
    import json

    import shapely

    from layers.layer import Layer, Source

    x0, y0, x1, y1 = cache.extent()
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    path = tmp_path / "范围.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "crs": {
        "type": "name", "properties": {"name": "EPSG:4547"}}, "features": [{
            "type": "Feature", "properties": {"name": "范围"},
            "geometry": json.loads(shapely.to_geojson(shapely.box(cx, cy, cx + 50, cy + 50)))}]},
        ensure_ascii=False), encoding="utf-8")
    model = scene.model
    model.layers.append(Layer("file", "vectors", source=Source(path=str(path))))
    view = scene.views["file"]
    model.set_time("2010")
    assert scene.views["file"] is view and len(view.drawn_fids()) == 1


# -- the pure parts --------------------------------------------------------------------------------
def test_lifespans_say_what_is_gone_and_group_labels() -> None:
    from layers.lifespans import Lifespans, fid_lut, looked_up

    spans = Lifespans(np.array([3, 7, 9]), np.array(["", "2016", "1988"]),
                      np.array(["2012", "", "2018"]))
    assert spans.gone("2010-12-31T23:59:59Z").tolist() == [7]
    assert spans.gone("2020-12-31T23:59:59Z").tolist() == [3, 9]
    assert spans.groups(np.array([9, 3, 5])).tolist()[2] == -1  # not dated: no group
    assert looked_up(fid_lut(np.array([3, 9])), np.array([3, 4, 9, 99, -1])).tolist() == [
        True, False, True, False, False]
    assert fid_lut(np.array([], np.int64)) is None


def test_cells_and_instances_left_out_keep_their_arrays() -> None:
    from viewer.bim_mesh import subset_cells
    from viewer.glyphs import glyph_actor, subset_points, unit_cylinder

    points = np.random.default_rng(1).random((6, 3)).astype(np.float32)
    mesh = pv.PolyData(points, lines=[2, 0, 1, 2, 2, 3], faces=[3, 0, 1, 2, 3, 3, 4, 5])
    mesh.cell_data["fid"] = np.array([1, 2, 3, 4])  # lines first, then polygons
    kept = pv.wrap(subset_cells(mesh, np.array([True, False, False, True])))
    assert (kept.GetNumberOfLines(), kept.GetNumberOfPolys()) == (1, 1)
    assert kept.cell_data["fid"].tolist() == [1, 4]

    actor = glyph_actor(points, source=unit_cylinder(), scale=np.arange(1, 7, dtype=float),
                        colors=np.zeros((6, 3), np.uint8), ids=np.arange(10, 16))
    full = actor.GetMapper().GetInputDataObject(0, 0)
    some = pv.wrap(subset_points(full, np.arange(6) % 2 == 0))
    assert some.point_data["fid"].tolist() == [10, 12, 14]
    assert some.point_data["scale"].ravel().tolist() == [1.0, 3.0, 5.0]
