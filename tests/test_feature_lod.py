"""Pipes by level of detail: the quadtree's known answers, and the pipelines view streamed on
the sample city (mains as lines far, tubes near, the same fid picked at both, a class switched
off stays off on tiles arriving later, an overview bounded). No window needed."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
import vtk
from vtk.util.numpy_support import vtk_to_numpy

from layers.feature_lod import (
    ERROR_PER_SIDE,
    feature_bounds,
    feature_tree,
    inner_error,
    line_levels,
    main_size,
    mains,
    tube_size,
)
from layers.lod import Camera
from layers.model import CityModel
from layers.pipelines import class_filter
from store.cache import Cache
from viewer.origin import Origin
from viewer.views.base import FrameContext
from viewer.views.pipes import PipesView


# -- the pure rules --------------------------------------------------------------------------------
def test_main_size_counts_half_a_box_and_nothing_unknown():
    size = main_size(np.array([600, np.nan, 200, np.nan]), np.array([np.nan, 1000, np.nan, 2000]))
    assert size.tolist() == [600, 500, 200, 1000]
    assert mains(size).tolist() == [0, 3]
    assert mains(size, cap=1).tolist() == [3]  # the biggest first


def test_inner_error_is_a_side_over_the_rule_and_at_least_the_floor():
    assert inner_error((0, 0, 640, 320)) == 640 / ERROR_PER_SIDE
    assert inner_error((0, 0, 64, 64), floor=3.0) == 3.0


def test_a_tube_reaches_its_diameter_or_a_box_its_diagonal_from_its_line():
    size = tube_size(np.array([600, np.nan, 0, np.nan, np.nan]),
                     np.array([np.nan, 3000, 800, 800, np.nan]),
                     np.array([np.nan, 4000, 600, np.nan, np.nan]))
    assert size[:3].tolist() == [0.6, 5.0, 1.0] and np.isnan(size[3:]).all()


def test_line_tiles_stand_above_leaves_with_their_largest_section_as_error():
    xs = np.arange(8.0) * 100  # two leaves of four pipes along x (quadrants 2, 3), one root
    bounds = np.column_stack([xs, np.zeros(8), xs + 50, np.zeros(8)])
    fids = np.arange(8) + 10
    size = np.array([0.2, 0.4, 1.2, 0.3, 0.5, 0.5, 0.6, np.nan])  # the last: unknown
    tree = line_levels(feature_tree(fids, bounds, (0.0, 0.0), leaf_size=4), size, fids)
    kids = {c.key: c for c in tree.root.children}
    assert sorted(kids) == ["r2-", "r3"]  # the leaf holding a pipe of unknown size: as it was
    lines = kids["r2-"]
    assert lines.geometric_error == 1.2 and [c.key for c in lines.children] == ["r2"]
    assert lines.box_min == lines.children[0].box_min and not tree.node("r2-").leaf
    assert tree.node("r2-").fids.tolist() == tree.node("r2").fids.tolist() == [10, 11, 12, 13]
    assert sorted(t.key for t in tree.leaves()) == ["r2", "r3"]  # the tubes
    assert lines.geometric_error <= tree.root.geometric_error
    shuffled = np.array([3, 0, 7, 5, 1, 2, 6, 4])  # sizes given in another order: by fid
    again = line_levels(feature_tree(fids, bounds, (0.0, 0.0), leaf_size=4), size[shuffled],
                        fids[shuffled])
    assert {c.key: c.geometric_error for c in again.root.children}["r2-"] == 1.2


def test_a_grid_of_points_splits_into_four_leaves_of_its_quadrants():
    xs, ys = np.meshgrid(np.arange(100.0), np.arange(100.0))
    xy = np.column_stack([xs.ravel(), ys.ravel()])
    bounds = np.hstack([xy, xy])
    size = np.where(np.arange(len(xy)) % 100 == 0, 800.0, 100.0)  # x = 0: a main every row
    tree = feature_tree(np.arange(len(xy)) + 1, bounds, (50.0, 50.0), size=size,
                        leaf_size=2500)
    assert [c.key for c in tree.root.children] == ["r0", "r1", "r2", "r3"]
    assert all(not c.children and len(tree.node(c.key).fids) == 2500
               for c in tree.root.children)
    assert tree.root.geometric_error == pytest.approx(99 / ERROR_PER_SIDE)
    assert tree.root.box_min[:2] == (-50.0, -50.0) and tree.root.box_max[:2] == (49.0, 49.0)
    assert len(tree.node("r").fids) == 100 and not tree.node("r").leaf  # the mains
    assert tree.node("r0").fids.min() == 1  # fid 1 at (0, 0), south-west


# -- the view on the sample city -------------------------------------------------------------------
@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory, sample_city_copy):
    folder = tmp_path_factory.mktemp("feature_lod")
    cache = Cache.open(sample_city_copy(folder))
    m = CityModel("en")
    m.open(cache, saved=False)
    yield m
    cache.close()


def camera_over(origin: Origin, xy: tuple[float, float], height: float) -> Camera:
    x, y = xy[0] - origin.x, xy[1] - origin.y
    return Camera((x, y - height * 0.3, height), (x, y, 0.0), (0.0, 1.0, 0.0), 30.0, 1.6)


def view_at(model, cam: Camera) -> PipesView:
    extent = model.cache.extent()
    origin = Origin.of_extent(extent)
    view = PipesView(model.layers["pipelines"], origin)
    view.build(model)
    view.attach(vtk.vtkRenderer())
    view.context = FrameContext(lod_camera=cam, viewport_height=800)
    settle(view)
    return view


def settle(view: PipesView) -> None:
    for _ in range(50):
        if not view.frame(None):
            return


def cells(view: PipesView) -> tuple[int, int]:
    """(line cells, polygon cells) drawn now."""
    lines = polys = 0
    for mesh in view.meshes.values():
        lines += mesh.GetNumberOfLines()
        polys += mesh.GetNumberOfPolys()
    return lines, polys


def test_far_mains_as_lines_only_near_every_pipe_as_tubes_same_fid(model):
    extent = model.cache.extent()
    origin = Origin.of_extent(extent)
    centre = ((extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2)
    far = view_at(model, camera_over(origin, centre, 20000.0))
    lines, polys = cells(far)
    assert lines > 0 and polys == 0
    fids, _, diameter = feature_bounds(model.cache, "pipelines", "diameter_mm")
    _, _, width = feature_bounds(model.cache, "pipelines", "width_mm")
    far_fids = np.unique(np.concatenate([m.cell_data["fid"] for m in far.meshes.values()]))
    assert len(far_fids) < len(fids)  # only the mains
    assert np.all(main_size(diameter, width)[np.searchsorted(fids, far_fids)] >= 600)
    assert lines <= 20000 * 4  # bounded whatever the city

    fid = int(far_fids[len(far_fids) // 2])
    code, mesh = next((c, m) for c, m in far.meshes.items() if fid in m.cell_data["fid"])
    tile = next(t for t in far.tiles.values() if code in t.meshes
                and fid in t.meshes[code].cell_data["fid"])
    cell = int(np.flatnonzero(tile.meshes[code].cell_data["fid"] == fid)[0])
    assert far.pick(tile.actors[code], cell) == ("pipelines", fid)

    x, y = model.cache.read("pipelines", (), where=f"t.fid = {fid}").geoms[0].coords[0][:2]
    near = view_at(model, camera_over(origin, (x, y), 60.0))
    _, polys = cells(near)
    assert polys > 0
    tile = next(t for t in near.tiles.values() if code in t.meshes
                and fid in t.meshes[code].cell_data["fid"])
    assert tile.meshes[code].GetNumberOfPolys() > 0  # a tube now
    cell = int(np.flatnonzero(tile.meshes[code].cell_data["fid"] == fid)[0])
    assert near.pick(tile.actors[code], cell) == ("pipelines", fid)


def test_a_class_switched_off_stays_off_on_tiles_arriving_later(model):
    extent = model.cache.extent()
    origin = Origin.of_extent(extent)
    centre = ((extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2)
    layer = model.layers["pipelines"]
    layer.filter = class_filter(["PS"])
    try:
        view = view_at(model, camera_over(origin, centre, 20000.0))
        view.update("filter")
        view.context = FrameContext(lod_camera=camera_over(origin, centre, 80.0),
                                    viewport_height=800)
        settle(view)
        assert any(t.actors for t in view.tiles.values())
        for key, actors in view.actors.items():
            for actor in actors:
                assert bool(actor.GetVisibility()) == (key != "pipelines:PS"), key
        assert any(view.actors.get("pipelines:PS", []))
    finally:
        layer.filter = None


def test_poles_not_drawn_far_drawn_near_and_points_trees_have_an_empty_root(model):
    from viewer.views.glyphs import GlyphsView

    extent = model.cache.extent()
    origin = Origin.of_extent(extent)
    centre = ((extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2)
    view = GlyphsView(model.layers["poles"], origin)
    view.build(model)
    assert not view.tree.node("r").leaf and view.tree.root.geometric_error == 10.0
    view.attach(vtk.vtkRenderer())
    view.context = FrameContext(lod_camera=camera_over(origin, centre, 20000.0),
                                viewport_height=800)
    settle(view)
    assert view.actors["poles"] == []
    x, y = model.cache.read("poles", ()).geoms[0].coords[0][:2]
    view.context = FrameContext(lod_camera=camera_over(origin, (x, y), 60.0),
                                viewport_height=800)
    settle(view)
    drawn = view.actors["poles"]
    assert drawn and all(a.GetVisibility() for a in drawn)
    fid = int(model.cache.read("poles", ()).fids[0])
    assert any(fid in vtk_to_numpy(a.GetMapper().GetInput().GetPointData().GetArray("fid"))
               for a in drawn)
    # leaves are narrow, so only near glyphs are drawn: none of the farthest from the camera
    from viewer.views.glyphs import LEAF_SIDE_PER_ERROR, MIN_LEAF_SIDE

    side = max(LEAF_SIDE_PER_ERROR * 10.0, MIN_LEAF_SIDE)
    for leaf in view.tree.leaves():  # points: a leaf's bbox is its points' extent
        b = view.tree.node(leaf.key).bbox
        assert max(b[2] - b[0], b[3] - b[1]) <= side
    drawn_fids = np.concatenate([vtk_to_numpy(a.GetMapper().GetInput().GetPointData()
                                              .GetArray("fid")) for a in drawn])
    assert len(drawn_fids) < view.tree.count


def test_a_large_table_keeps_its_bounds_in_the_cache_until_it_changes(model, tmp_path):
    import sqlite3

    from layers.lod_index import INDEX_TABLE

    path = tmp_path / "copy.gpkg"
    shutil.copy(model.cache.path, path)
    with Cache.open(path) as c:
        fids, bounds, size = feature_bounds(c, "pipelines", "diameter_mm", keep_from=1)
        with sqlite3.connect(path) as db:  # tamper with the kept copy: it is what is read now
            db.execute(f"UPDATE {INDEX_TABLE} SET data = zeroblob(length(data)) "
                       "WHERE name = 'pipelines:bounds:diameter_mm'")
        kept = feature_bounds(c, "pipelines", "diameter_mm", keep_from=1)
        assert len(kept[0]) == len(fids) and not kept[0].any()
        assert feature_bounds(c, "pipelines", keep_from=1)[0].all()  # another index: its own
        gid = c.read("pipelines", ("gid",)).columns["gid"][0]
        with c.transaction() as tx:
            tx.delete("pipelines", [gid])
        again = feature_bounds(c, "pipelines", "diameter_mm", keep_from=1)  # the table changed
        assert len(again[0]) == len(fids) - 1 and again[0].all()
        keep = np.isin(fids, again[0])
        assert np.array_equal(again[1], bounds[keep])
        assert np.array_equal(np.isnan(again[2]), np.isnan(size[keep]))
    with sqlite3.connect(model.cache.path) as db:  # a small table reads its R*Tree each time
        assert not db.execute("SELECT 1 FROM sqlite_master WHERE name = ?",
                              (INDEX_TABLE,)).fetchone()


def test_rows_at_most_is_the_fid_span_without_a_scan(model, tmp_path):
    from layers.lod_index import rows_at_most

    path = tmp_path / "copy.gpkg"
    shutil.copy(model.cache.path, path)
    with Cache.open(path) as c:
        n = c.count("pipelines")
        assert rows_at_most(c, "pipelines") >= n
        fids = c.read("pipelines", (), geometry=False, at=None).fids  # history included
        assert rows_at_most(c, "pipelines") == int(fids.max() - fids.min() + 1)
        gid = c.read("pipelines", ("gid",), where=f"t.fid = {int(fids.min())}").columns["gid"]
        with c.transaction() as tx:
            tx.delete("pipelines", gid)
        assert c.count("pipelines") == n - 1 <= rows_at_most(c, "pipelines")
