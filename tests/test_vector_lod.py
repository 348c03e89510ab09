"""Draped vector layers by level of detail: the quadtree's known answers (which features an
inner tile keeps), and the vectors view streamed on the sample city's parcels and addresses
(a far camera draws only the big parcels, a near one every feature in view; the same parcel
picked far and near; nothing missing at rest). The sample city's layers are small, so they
stream here only because the test lowers the view's ``preload_all``. No window needed."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
import shapely
import vtk
from vtkmodules.util.numpy_support import vtk_to_numpy

from layers.feature_lod import ERROR_PER_SIDE, feature_bounds, feature_tree
from layers.lod import Camera, frustum_planes
from layers.model import CityModel
from layers.vector_lod import (
    KEEP_RATIO,
    PRELOAD_ALL,
    PRELOAD_CELLS,
    cut_big,
    feature_sizes,
    meshed_whole,
    read_tile,
)
from store.cache import Cache
from viewer.origin import Origin
from viewer.vectors_mesh import SAG
from viewer.views.base import FrameContext
from viewer.views.vectors import VectorsView

SIZE = 800  # viewport, px


# -- the pure rules --------------------------------------------------------------------------------
def test_an_inner_tile_keeps_the_features_big_enough_to_see_from_there():
    # 400 small squares (10 m) on a 1 km grid and 4 long ones (500 m) at the corners
    xs, ys = np.meshgrid(np.arange(20.0) * 50, np.arange(20.0) * 50)
    lo = np.column_stack([xs.ravel(), ys.ravel()])
    bounds = np.hstack([lo, lo + 10.0])
    big = np.array([[0, 0, 500, 5], [500, 0, 1000, 5], [0, 990, 500, 995],
                    [500, 990, 1000, 995]], dtype=float)
    bounds = np.vstack([bounds, big])
    fids = np.arange(len(bounds)) + 1
    tree = feature_tree(fids, bounds, (0.0, 0.0), size=feature_sizes(bounds), leaf_size=100,
                        keep_ratio=KEEP_RATIO)
    root = tree.root
    assert root.geometric_error == pytest.approx(1000 / ERROR_PER_SIDE)  # 15.6 m
    assert sorted(tree.node("r").fids.tolist()) == [401, 402, 403, 404]  # ≥ 31 m: the long ones
    assert feature_sizes(big).tolist() == [500.0] * 4
    leaves = tree.leaves()
    every = np.sort(np.concatenate([tree.node(t.key).fids for t in leaves]))
    assert every.tolist() == fids.tolist()  # each feature in exactly one leaf
    # deeper inner tiles keep what their ancestors keep in them (nothing vanishes zooming in)
    for key, node in tree.nodes.items():
        if not node.leaf and key != "r":
            parent = tree.node(key[:-1])
            inside = set(parent.fids.tolist()) & set(
                np.concatenate([tree.node(t.key).fids for t in leaves
                                if t.key.startswith(key)]).tolist())
            assert inside <= set(node.fids.tolist())


def test_one_long_road_does_not_make_every_tile_as_coarse_as_the_city():
    xy = np.random.default_rng(5).uniform(0, 1000, (800, 2))
    road = [[-19500.0, 500.0, 20500.0, 505.0]]  # 40 km long, its centre among the others
    bounds = np.vstack([np.hstack([xy, xy + 20.0]), road])
    fids = np.arange(len(bounds)) + 1
    size = feature_sizes(bounds)
    loose = feature_tree(fids, bounds, (0.0, 0.0), size=size, leaf_size=100, keep_ratio=2.0)
    cells = feature_tree(fids, bounds, (0.0, 0.0), size=size, leaf_size=100, keep_ratio=2.0,
                         by_centres=True)
    assert loose.root.geometric_error == pytest.approx(40000 / ERROR_PER_SIDE)
    inner = [n for n in cells.nodes.values() if not n.leaf]
    assert len(inner) > 1 and len(cells.leaves()) >= 8  # a real tree of the 800 others
    errors = {t.key: t.geometric_error for t in _tiles(cells.root)}
    assert max(errors.values()) < 1100 / ERROR_PER_SIDE  # each tile's cell, not the road
    assert cells.root.box_min[0] == -19500.0  # the boxes still hold the road (culling)
    assert 801 in cells.node("r").fids  # and the road is drawn from afar


def test_a_wide_tile_of_few_features_is_split_so_full_detail_stays_near():
    xy = np.random.default_rng(9).uniform(0, 8000, (300, 2))
    bounds = np.hstack([xy, xy + 50.0])
    fids = np.arange(300) + 1
    size = feature_sizes(bounds)
    one = feature_tree(fids, bounds, (0.0, 0.0), size=size, keep_ratio=2.0, by_centres=True)
    assert one.root.children == []  # 300 features: one leaf, drawn in full from any distance
    split = feature_tree(fids, bounds, (0.0, 0.0), size=size, keep_ratio=2.0,
                         by_centres=True, leaf_side=1000.0)
    leaves = split.leaves()
    assert len(leaves) >= 64
    for t in leaves:
        c = (bounds[np.isin(fids, split.node(t.key).fids), :2] + 25.0)
        assert len(c) == 1 or np.ptp(c, axis=0).max() <= 1000.0


def _tiles(root):
    out, stack = [], [root]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(t.children)
    return out


def test_a_points_tree_draws_nothing_but_leaves():
    xy = np.random.default_rng(3).uniform(0, 2000, (900, 2))
    tree = feature_tree(np.arange(900), np.hstack([xy, xy]), (0.0, 0.0), leaf_size=100,
                        glyph_error=8.0)
    assert all(len(n.fids) == 0 for n in tree.nodes.values() if not n.leaf)
    assert tree.root.geometric_error == 8.0 and tree.root.children


def test_a_small_layer_is_meshed_whole_unless_its_mesh_is_heavy():
    assert meshed_whole(4, 22_000)  # the 10k city's river and ponds
    assert not meshed_whole(4, 205_000)  # the 1M city's: a river across the city
    assert not meshed_whole(PRELOAD_ALL + 1, 10)  # many features stream as before
    assert meshed_whole(PRELOAD_ALL, PRELOAD_CELLS)


def test_a_polygon_wider_than_a_leaf_is_cut_into_squares_of_its_box():
    bounds = np.array([[10.0, 10.0, 20.0, 20.0], [100.0, 1900.0, 2600.0, 2200.0]])
    ids, b, sizes, pieces = cut_big(np.array([5, 9]), bounds, side=1000.0)
    assert ids.tolist() == [5, 10, 11, 12, 13, 14, 15]  # pieces after the largest fid
    assert pieces.fids.tolist() == [9] * 6
    assert b[1:].tolist() == [[100, 1900, 1000, 2000], [1000, 1900, 2000, 2000],
                              [2000, 1900, 2600, 2000], [100, 2000, 1000, 2200],
                              [1000, 2000, 2000, 2200], [2000, 2000, 2600, 2200]]
    assert sizes.tolist() == [10.0] + [2500.0] * 6  # a piece is as visible as its feature
    plain, pf, boxes = pieces.lookup(np.array([5, 12, 10]))
    assert plain.tolist() == [5] and pf.tolist() == [9, 9]
    assert boxes.tolist() == [[2000, 1000, 3000, 2000], [0, 1000, 1000, 2000]]  # whole squares
    ids, _, _, pieces = cut_big(np.array([1]), np.array([[0.0, 0.0, 1e6, 1e6]]), 1000.0,
                                max_pieces=100)
    assert len(pieces) <= 100 and len(pieces) == len(ids)  # wider squares, bounded
    assert len(cut_big(np.array([1]), bounds[:1], 1000.0)[3]) == 0  # nothing to cut


# -- the view on the sample city -------------------------------------------------------------------
@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory, sample_city_copy):
    folder = tmp_path_factory.mktemp("vector_lod")
    cache = Cache.open(sample_city_copy(folder))
    m = CityModel("en")
    m.open(cache, saved=False)
    yield m
    cache.close()


def origin_of(model) -> Origin:
    return Origin.of_extent(model.cache.extent())


def camera_over(origin: Origin, xy: tuple[float, float], height: float) -> Camera:
    x, y = xy[0] - origin.x, xy[1] - origin.y
    return Camera((x, y - height * 0.3, height), (x, y, 0.0), (0.0, 1.0, 0.0), 30.0, 1.0)


def streamed(model, name: str, leaf_size: int = 40) -> VectorsView:
    model.layers[name].visible = True  # addresses are hidden at first
    view = VectorsView(model.layers[name], origin_of(model))
    view.preload_all, view.leaf_size = 0, leaf_size
    view.build(model)
    assert view.streamer is not None and view.data is None
    view.attach(vtk.vtkRenderer())
    return view


def look(view: VectorsView, cam: Camera) -> None:
    """Settle the view at ``cam`` (tiles load in place: no loader)."""
    view.context = FrameContext(lod_camera=cam, viewport_height=SIZE)
    for _ in range(50):
        if not view.frame(None):
            return
    raise AssertionError("the view did not settle")


def centre(model) -> tuple[float, float]:
    e = model.cache.extent()
    return (e[0] + e[2]) / 2, (e[1] + e[3]) / 2


def test_the_sample_citys_layers_are_still_meshed_whole(model):
    for name in ("roads", "parcels", "addresses", "water"):
        view = VectorsView(model.layers[name], origin_of(model))
        view.build(model)
        assert view.streamer is None and view.data is not None, name
        assert len(view.drawn_fids()) == model.cache.count(name), name  # standing now


def test_far_only_the_big_parcels_near_every_parcel_in_view(model):
    view = streamed(model, "parcels")
    tree = view.tree
    assert len(tree.leaves()) > 2 and not tree.node("r").leaf
    fids, bounds, _ = feature_bounds(model.cache, "parcels")
    size = feature_sizes(bounds)
    root = tree.node("r")
    expect = fids[size >= KEEP_RATIO * tree.root.geometric_error]
    assert sorted(root.fids.tolist()) == sorted(expect.tolist())  # the tree's known answer
    assert 0 < len(root.fids) < len(fids)

    look(view, camera_over(view.origin, centre(model), 20000.0))
    far = set(view.drawn_fids().tolist())
    assert far == set(root.fids.tolist())  # the root alone: its big parcels
    assert view.streamer.stats.drawn == 1

    # near: every parcel whose surface point lies in the view is drawn, with its tile's
    geoms = read_tile(model.cache, "parcels", fids).geoms
    anchor = shapely.get_coordinates(shapely.point_on_surface(geoms))
    small = int(np.argmin(size))
    cam = camera_over(view.origin, tuple(anchor[small]), 150.0)
    look(view, cam)
    near = set(view.drawn_fids().tolist())
    assert int(fids[small]) in near and int(fids[small]) not in far
    planes = frustum_planes(cam)
    local = np.column_stack([anchor - [view.origin.x, view.origin.y], np.zeros(len(anchor))])
    inside = np.all(local @ planes[:, :3].T + planes[:, 3] >= 0, axis=1)
    assert inside.sum() >= 1
    assert set(fids[inside].tolist()) <= near  # nothing missing at rest
    assert view.streamer.stats.drawn < len(tree.leaves())  # not the whole layer


def _pick(view: VectorsView, cam: Camera, xyz: np.ndarray) -> tuple[str, int] | None:
    """Render ``view`` from ``cam`` offscreen and pick with a cell picker where ``xyz``
    (scene-local) shows, as the 3D view's click on a draped layer does."""
    ren = view.renderer
    win = vtk.vtkRenderWindow()
    win.SetOffScreenRendering(1)
    win.SetSize(SIZE, SIZE)
    win.AddRenderer(ren)
    vc = ren.GetActiveCamera()
    vc.SetPosition(*cam.position)
    vc.SetFocalPoint(*cam.focal_point)
    vc.SetViewUp(*cam.view_up)
    vc.SetViewAngle(cam.view_angle)
    ren.ResetCameraClippingRange()
    win.Render()
    coord = vtk.vtkCoordinate()
    coord.SetCoordinateSystemToWorld()
    coord.SetValue(*xyz)
    x, y = coord.GetComputedDisplayValue(ren)
    picker = vtk.vtkCellPicker()
    picker.SetTolerance(0.003)
    picker.PickFromListOn()
    for prop in view.props():
        if prop.GetVisibility():
            picker.AddPickList(prop)
    try:
        if not picker.Pick(x, y, 0, ren):
            return None
        return view.pick(picker.GetActor(), picker.GetCellId(), picker.GetDataSet())
    finally:
        win.RemoveRenderer(ren)
        win.Finalize()


def test_a_big_parcel_picked_far_and_near_is_the_same_parcel(model):
    view = streamed(model, "parcels")
    fid = int(max(view.tree.node("r").fids.tolist(),
                  key=lambda f: read_tile(model.cache, "parcels", [f]).geoms[0].area))
    geom = read_tile(model.cache, "parcels", [fid]).geoms[0]
    p = shapely.point_on_surface(geom)
    z = float(view.drape(np.array([[p.x, p.y]]))[0]) if view.drape.grid is not None else 0.0
    xyz = np.array([p.x - view.origin.x, p.y - view.origin.y, z])
    far = camera_over(view.origin, (p.x, p.y), 6000.0)
    look(view, far)
    assert fid in view.drawn_fids()
    assert _pick(view, far, xyz) == ("parcels", fid)
    near = camera_over(view.origin, (p.x, p.y), 120.0)
    look(view, near)
    assert view.streamer.stats.drawn_keys != ["r"]  # leaves now
    assert _pick(view, near, xyz) == ("parcels", fid)


def test_addresses_only_near_every_one_in_view_and_labels_follow(model):
    view = streamed(model, "addresses", leaf_size=500)
    look(view, camera_over(view.origin, centre(model), 20000.0))
    assert len(view.drawn_fids()) == 0  # points are not drawn from afar
    fids, bounds, _ = feature_bounds(model.cache, "addresses")
    xy = bounds[len(bounds) // 2, :2]
    cam = camera_over(view.origin, tuple(xy), 200.0)
    look(view, cam)
    drawn = set(view.drawn_fids().tolist())
    planes = frustum_planes(cam)
    local = np.column_stack([bounds[:, :2] - [view.origin.x, view.origin.y],
                             np.zeros(len(bounds))])
    inside = np.all(local @ planes[:, :3].T + planes[:, 3] >= 0, axis=1)
    assert inside.sum() > 5
    assert set(fids[inside].tolist()) <= drawn < set(fids.tolist())
    if view.labels is not None:  # labels only of the tiles drawn
        assert 0 < len(view.labels.texts) < len(fids)


def test_roads_streamed_keep_their_ribbons_style_and_labels(model):
    from dataclasses import replace

    view = streamed(model, "roads")
    look(view, camera_over(view.origin, centre(model), 20000.0))
    far = view.drawn_fids()
    assert 0 < len(far) < view.tree.count  # the long roads only
    assert {p.role for p in view.parts} == {"ribbon"}
    assert view.labels is not None and view.labels.texts == []  # no labels from afar
    fids, bounds, _ = feature_bounds(model.cache, "roads")
    xy = (bounds[0, :2] + bounds[0, 2:]) / 2
    look(view, camera_over(view.origin, tuple(xy), 150.0))
    assert int(fids[0]) in view.drawn_fids() and view.labels.texts
    style = view.layer.style
    try:  # a new colour: applied in place to the tiles drawn and to those arriving later
        view.layer.style = replace(style, other_rgb=(1, 2, 3), classes=tuple(
            replace(c, rgb=(1, 2, 3)) for c in style.classes))
        assert view.update("style")
        look(view, camera_over(view.origin, centre(model), 20000.0))
        for part in view.parts:
            rgb = vtk_to_numpy(part.poly.GetCellData().GetArray("rgb"))
            assert len(rgb) and (rgb == [1, 2, 3]).all()
    finally:
        view.layer.style = style


def test_a_feature_not_drawn_from_afar_is_still_highlighted_in_full(model):
    view = streamed(model, "parcels")
    look(view, camera_over(view.origin, centre(model), 20000.0))
    fids, bounds, _ = feature_bounds(model.cache, "parcels")
    small = int(fids[int(np.argmin(feature_sizes(bounds)))])
    assert small not in view.drawn_fids()
    cells = view.feature_cells(small)
    assert cells and all(len(ids) for _, ids in cells)
    for poly, ids in cells:
        assert set(vtk_to_numpy(poly.GetCellData().GetArray("fid"))[ids].tolist()) == {small}
    big = int(view.drawn_fids()[0])  # a drawn one: its cells in the tile drawn
    assert any(poly is p.poly for poly, _ in view.feature_cells(big) for p in view.parts)


# -- in the window: tiles loaded on the worker pool, a click, a highlight ------------------------
@pytest.mark.gui
def test_in_the_window_a_streamed_road_is_clicked_and_a_far_parcel_highlighted(
        qtbot, model, monkeypatch, tmp_path):
    from app.main_window import MainWindow

    monkeypatch.setattr(VectorsView, "preload_all", 0)  # the sample city's layers stream
    monkeypatch.setattr(VectorsView, "leaf_size", 40)
    path = tmp_path / "city.gpkg"
    shutil.copy(model.cache.path, path)
    window = MainWindow(path, "en")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.scene_ready, timeout=60_000):
        window.show()
    qtbot.waitExposed(window)
    view3d = window.view
    views = view3d.scene.views
    roads, parcels = views["roads"], views["parcels"]
    assert roads.streamer is not None and parcels.streamer is not None
    for name in ("parcels", "water", "addresses"):  # the road alone on the ground
        window.model.layers[name].visible = False
    view3d.zoom_to_extent()
    qtbot.waitUntil(lambda: roads.streamer.stats.drawn > 0
                    and roads.streamer.stats.loading == 0, timeout=30_000)
    fid = int(roads.tree.node("r").fids[0])  # drawn from afar
    every = read_tile(window.cache, "roads", roads.tree.node("r").fids)
    line = every.geoms[list(every.fids).index(fid)]
    others = shapely.union_all(every.geoms[every.fids != fid])
    p = max((line.interpolate(t, normalized=True) for t in np.linspace(0.1, 0.9, 17)),
            key=others.distance)  # away from crossings: this road alone under the click
    z = float(roads.drape(np.array([[p.x, p.y]]))[0]) if roads.drape.grid is not None else 0.0
    coord = vtk.vtkCoordinate()
    coord.SetCoordinateSystemToWorld()
    coord.SetValue(p.x - view3d.origin.x, p.y - view3d.origin.y, z)
    view3d.render_now()
    x, y = coord.GetComputedDisplayValue(view3d.renderer)
    assert view3d.pick_at(x, y) == ("roads", fid)

    fids, bounds, _ = feature_bounds(window.cache, "parcels")
    small = int(fids[int(np.argmin(feature_sizes(bounds)))])
    assert small not in parcels.drawn_fids()  # hidden, and small: not drawn from afar
    assert view3d.highlight("parcels", small)
    window.close()


def _fill_area_and_outline(view: VectorsView, fid: int) -> tuple[float, float]:
    area = length = 0.0
    for part in view.parts:
        pts = vtk_to_numpy(part.poly.GetPoints().GetData()).astype(np.float64)
        mine = vtk_to_numpy(part.poly.GetCellData().GetArray("fid")) == fid
        if part.role == "fill":
            tris = vtk_to_numpy(part.poly.GetPolys().GetConnectivityArray()).reshape(-1, 3)
            a, b, c = (pts[tris[mine][:, k], :2] for k in range(3))
            u, v = b - a, c - a
            area += float(np.abs(u[:, 0] * v[:, 1] - u[:, 1] * v[:, 0]).sum() / 2)
        elif part.role == "outline":
            lines = part.poly.GetLines()
            off = vtk_to_numpy(lines.GetOffsetsArray())
            conn = vtk_to_numpy(lines.GetConnectivityArray())
            for i in np.flatnonzero(mine):
                p = pts[conn[off[i]:off[i + 1]], :2]
                length += float(np.hypot(*np.diff(p, axis=0).T).sum())
    return area, length


def test_a_river_wider_than_a_leaf_streams_in_pieces_without_holes_or_cut_lines(model):
    view = streamed(model, "water", leaf_size=4000)
    fids, bounds, _ = feature_bounds(model.cache, "water")
    river = int(fids[np.argmax(feature_sizes(bounds))])
    geom = read_tile(model.cache, "water", np.array([river])).geoms[0]
    assert len(view.tree.pieces) > 2 and set(view.tree.pieces.fids.tolist()) == {river}
    look(view, camera_over(view.origin, centre(model), 20000.0))  # far: the root alone
    assert view.streamer.stats.drawn == 1
    area, length = _fill_area_and_outline(view, river)
    assert area == pytest.approx(geom.area, rel=1e-6)  # every piece, no gap, no overlap
    assert length == pytest.approx(geom.boundary.length, rel=1e-6)  # no cut drawn
    # near the river: its pieces there in full, with its fid (a click picks the river)
    at = shapely.get_coordinates(shapely.point_on_surface(geom))[0]
    look(view, camera_over(view.origin, tuple(at), 300.0))
    assert river in set(view.drawn_fids().tolist())
    assert "r" not in view.streamer.stats.drawn_keys  # finer tiles: pieces draped in full
    # every leaf's pieces together are the river again
    total = 0.0
    for leaf in view.tree.leaves():
        content = view.make(leaf)
        if content.data is not None and len(content.data):
            total += float(sum(g.area for g, f in zip(content.data.geoms, content.data.fids,
                                                      strict=True) if f == river))
    assert total == pytest.approx(geom.area, rel=1e-6)
    # far and near pieces meet on the cuts: the root's vertices there are the leaves' own
    def on_cuts(content) -> set[tuple[float, float, float]]:
        out = set()
        for part in content.parts:
            if part.role == "fill":
                pts = vtk_to_numpy(part.poly.GetPoints().GetData()).astype(np.float64)
                x = pts[:, 0] + view.origin.x
                cut = np.isclose(np.mod(x + 0.5, 1000.0), 0.5, atol=1e-3)
                out |= {tuple(np.round(p, 2)) for p in pts[cut]}
        return out

    near = np.array(sorted(set().union(*(on_cuts(view.make(leaf))
                                         for leaf in view.tree.leaves()))))
    far = np.array(sorted(on_cuts(view.make(view.tree.root))))
    assert len(far) and len(near)
    for x in np.unique(far[:, 0]):  # along each cut, far and near within the drape's sag
        f, n = far[far[:, 0] == x], near[near[:, 0] == x]
        ys = np.union1d(f[:, 1], n[:, 1])
        gap = np.abs(np.interp(ys, f[:, 1], f[:, 2]) - np.interp(ys, n[:, 1], n[:, 2]))
        assert gap.max() <= 2 * SAG + 0.02
