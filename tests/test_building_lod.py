"""The city's buildings by level of detail: the refinement tree from the R*Tree's numbers, boxes
far and full tiles near, picking at every level, no holes and no popping, bounded triangles."""

from __future__ import annotations

import shutil
import sqlite3

import numpy as np
import pytest
import pyvista as pv
import shapely
import vtk

from layers import palette
from layers.building_lod import (
    BLOCK_GRID,
    BOX_ERROR,
    BOXES_SUFFIX,
    INDEX_TABLE,
    BuildingIndex,
    box_level,
    building_index,
    building_tree,
    read_index,
)
from layers.building_lod import _boxes_or_blocks as boxes_or_blocks
from layers.lod import screen_space_error
from sample_city.city import CACHE_NAME, build
from store.cache import Cache
from viewer.buildings_mesh import box_mesh, lod_tile_mesh
from viewer.origin import Origin
from viewer.scene import BACKGROUND, Scene, build_scene_data
from viewer.views.buildings import BuildingsView

LEAF, CAP = 60, 120  # small tiles, so an 800-building city has several levels
SIZE = (640, 480)


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("lod_city")
    build(out, buildings=800)
    with Cache.open(out / CACHE_NAME) as c:
        yield c


@pytest.fixture(scope="module")
def footprints(cache: Cache) -> dict[int, shapely.Geometry]:
    f = cache.read("buildings")
    return dict(zip(f.fids.tolist(), f.geoms, strict=True))


@pytest.fixture(scope="module")
def tree(cache: Cache):
    return building_tree(building_index(cache), (0.0, 0.0), leaf_size=LEAF, cap=CAP)


# -- (1) the tree ---------------------------------------------------------------------------------
def test_the_index_is_every_building_with_its_footprint_bounds_and_heights(
        cache: Cache, footprints: dict) -> None:
    index = building_index(cache)
    f = cache.read("buildings", ("height", "ground_z"))
    assert sorted(index.fids.tolist()) == sorted(footprints)
    b = shapely.bounds(f.geoms)
    at = np.searchsorted(index.fids, f.fids)
    got = index.bounds[at]  # the R*Tree's float32, rounded outwards
    assert (got[:, :2] <= b[:, :2]).all() and (got[:, 2:] >= b[:, 2:]).all()
    np.testing.assert_allclose(got, b, atol=0.5)
    h = np.array(f.columns["height"], dtype=float)
    z = np.nan_to_num(np.array(f.columns["ground_z"], dtype=float))
    np.testing.assert_allclose(index.z1[at] - index.z0[at], np.maximum(np.nan_to_num(h), 0))
    np.testing.assert_allclose(index.z0[at], z)


def test_a_large_city_keeps_its_index_in_the_cache_until_its_buildings_change(
        cache: Cache, tmp_path) -> None:
    path = tmp_path / "copy.gpkg"
    shutil.copy(cache.path, path)
    with Cache.open(path) as c:
        first = building_index(c, solid=False, keep_from=1)  # read, then kept
        with sqlite3.connect(path) as db:  # tamper with the kept copy: it is what is read now
            db.execute(f"UPDATE {INDEX_TABLE} SET data = zeroblob(length(data))")
        kept = building_index(c, solid=False, keep_from=1)
        assert len(kept) == len(first) and not kept.fids.any()
        gid = c.read("buildings", ("gid",)).columns["gid"][0]
        with c.transaction() as tx:
            tx.delete("buildings", [gid])
        again = building_index(c, solid=False, keep_from=1)  # the buildings changed
        assert len(again) == len(first) - 1 and again.fids.all()
        fresh = read_index(c, solid=False)
        for a, b in zip((again.fids, again.bounds, again.z0, again.z1),
                        (fresh.fids, fresh.bounds, fresh.z0, fresh.z1), strict=True):
            assert np.array_equal(a, b)
    with sqlite3.connect(cache.path) as db:  # a small city reads its buildings each time
        assert not db.execute("SELECT 1 FROM sqlite_master WHERE name = ?",
                              (INDEX_TABLE,)).fetchone()


def test_the_index_of_every_time_is_kept_with_its_lifespans(cache: Cache, tmp_path) -> None:
    """A city with a history keeps its index of every time (with each building's lifespan),
    so a big city opens without reading every building; a scenario's is read fresh."""
    from sqlalchemy import text

    path = tmp_path / "history.gpkg"
    shutil.copy(cache.path, path)
    with Cache.open(path) as c:
        with c.transaction() as tx:
            tx.conn.execute(text(
                "UPDATE buildings SET valid_from = '1990-05', valid_to = CASE WHEN fid % 3 = 0 "
                "THEN '2012-03-04T05:06:07Z' END"))
        first = building_index(c, solid=False, keep_from=1, all_times=True)
        kept = building_index(c, solid=False, keep_from=1, all_times=True)
        fresh = read_index(c, solid=False, all_times=True)
        assert kept.all_times and len(kept) == len(fresh) == len(first)
        for a, b in zip((kept.fids, kept.bounds, kept.valid_from, kept.valid_to),
                        (fresh.fids, fresh.bounds, fresh.valid_from, fresh.valid_to),
                        strict=True):
            assert np.array_equal(a, b)
        assert set(kept.valid_to.tolist()) == {"", "2012-03-04T05:06:07Z"}
        at = "2000-12-31T23:59:59Z"
        assert kept.standing(at).sum() == len(kept)  # 1990 … 2012: standing in 2000
        assert kept.standing("2013-12-31T23:59:59Z").sum() < len(kept)
        with sqlite3.connect(path) as db:
            names = {r[0] for r in db.execute(f"SELECT name FROM {INDEX_TABLE}")}
        assert "buildings:extruded:all-times" in names


def test_every_building_is_in_exactly_one_leaf_and_leaves_are_small(tree) -> None:
    leaves = tree.leaves()
    rows = np.concatenate([tree.node(t.key).rows for t in leaves])
    assert sorted(rows.tolist()) == list(range(tree.count)) and tree.count == 800
    assert all(len(tree.node(t.key).rows) <= LEAF for t in leaves)
    depth = {}
    for t in tree.tiles():
        for c in t.children:
            depth[c.key] = depth.get(t.key, 0) + 1
    assert max(depth.values()) >= 2  # several levels


def test_boxes_contain_their_buildings_and_inner_tiles_keep_the_most_prominent(
        tree, footprints: dict) -> None:
    index = tree.index
    prom = index.prominence
    for tile in tree.tiles():
        node = tree.node(tile.key)
        sub = _subtree_rows(tree, tile)
        assert node.count == len(sub)
        lo, hi = np.array(tile.box_min), np.array(tile.box_max)
        b = index.bounds[sub]
        assert (b[:, :2] >= lo[:2] - 1e-6).all() and (b[:, 2:] <= hi[:2] + 1e-6).all()
        assert (index.z0[sub] >= lo[2] - 1e-6).all() and (index.z1[sub] <= hi[2] + 1e-6).all()
        for fid in index.fids[sub[:5]]:  # footprints inside their own bounds, so in the box
            fb = shapely.bounds(footprints[int(fid)])
            assert fb[0] >= lo[0] - 0.01 and fb[3] <= hi[1] + 0.01
        if tile.children:
            assert set(node.rows.tolist()) <= set(sub.tolist()) and len(node.rows) <= CAP
            left = np.setdiff1d(sub, node.rows)
            if len(left):  # nothing left out is larger than what is kept; it is in blocks
                assert prom[left].max() <= prom[node.rows].min() + 1e-9
                blocks = node.blocks
                assert tile.geometric_error >= blocks.cell > 0
                assert set(blocks.fids.tolist()) <= set(index.fids[left].tolist())
                assert len(blocks) <= 33 * 33  # cells of the quadtree, >= extent / 32
                area = np.prod(index.bounds[left, 2:] - index.bounds[left, :2], axis=1).sum()
                block_area = np.prod(blocks.bounds[:, 2:] - blocks.bounds[:, :2], axis=1).sum()
                assert block_area == pytest.approx(area, rel=1e-6)  # as much built area
            else:
                assert node.blocks is None
        else:
            assert tile.geometric_error == 0.0  # the full buildings


def test_errors_decrease_down_the_tree(tree) -> None:
    for tile in tree.tiles():
        for child in tile.children:
            assert child.geometric_error <= tile.geometric_error
        if tile.children:
            assert tile.geometric_error > 0


def test_one_child_squares_are_merged_and_one_leaf_cities_are_one_tile() -> None:
    idx = BuildingIndex(np.arange(3), np.array([[0, 0, 10, 10], [20, 0, 30, 5.0],
                                                [1000, 1000, 1010, 1008.0]]),
                        np.zeros(3), np.array([40.0, 12.0, 6.0]), np.zeros(3, bool))
    one = building_tree(idx, leaf_size=10)
    assert not one.root.children and sorted(one.fids(one.root.key).tolist()) == [0, 1, 2]
    two = building_tree(idx, (1000.0, 0.0), leaf_size=2, cap=1)
    assert all(len(t.children) != 1 for t in two.tiles())
    assert two.fids(two.root.key).tolist() == [0]  # the one taller than a cell: a box
    assert two.root.box_min[0] == -1000.0  # scene-local
    blocks = two.node(two.root.key).blocks  # the two others, merged into blocks:
    assert sorted(blocks.fids.tolist()) == [1, 2]  # on the quadtree's grid, cells of the
    assert blocks.cell == 32.0  # power of two of at least the extent / 32 (1010 m / 32)
    # a block's cell; a box departs by a quarter of its footprint (its top is exact)
    assert two.root.geometric_error == max(blocks.cell, 0.25 * 10, 12.0)


def test_blocks_stand_for_what_is_smaller_than_a_cell_and_boxes_for_the_rest() -> None:
    prom = np.array([5.0, 80, 6, 7, 9, 70, 100])
    cells = np.array([0, 0, 0, 0, 1, 1, 2])
    keep, rest = boxes_or_blocks(prom, cells, cap=3, cell=64.0)
    assert keep.tolist() == [1, 5, 6] and rest.tolist() == [0, 0, 0, 1]  # two blocks
    keep, rest = boxes_or_blocks(prom, cells, cap=2, cell=64.0)  # the most prominent two:
    assert keep.tolist() == [1, 6] and rest.tolist() == [0, 0, 0, 1, 1]  # 70 m goes in a block
    # a tile of at most cap buildings stays boxes unless blocks halve what it draws
    assert boxes_or_blocks(prom[:3], np.array([0, 1, 2]), cap=4, cell=64.0)[1] is None
    keep, rest = boxes_or_blocks(prom[:5], np.zeros(5, int), cap=8, cell=64.0)
    assert keep.tolist() == [1] and rest.tolist() == [0] * 4


def test_an_inner_tile_s_error_is_the_largest_thing_it_simplifies() -> None:
    # 12 houses of 10 m in a row 40 m apart, a 70 m tower (footprint 20 m), one 50 m slab
    b = [[40.0 * i, 0, 40.0 * i + 10, 10] for i in range(12)]
    b += [[600, 0, 620, 20], [700, 0, 750, 10]]
    z1 = np.array([10.0] * 12 + [70.0, 12.0])
    idx = BuildingIndex(np.arange(14), np.array(b), np.zeros(14), z1, np.zeros(14, bool))
    assert idx.box_size.tolist() == [10.0] * 12 + [20.0, 50.0]  # an extrusion: its footprint
    solid = BuildingIndex(idx.fids, idx.bounds, idx.z0, idx.z1, np.ones(14, bool))
    assert solid.box_size[12] == 70.0  # a solid's roof: its height counts
    tree = building_tree(idx, leaf_size=4, cap=4)
    node = tree.node(tree.root.key)
    cell = node.blocks.cell
    boxed = set(tree.fids(tree.root.key).tolist())
    assert boxed == set(np.flatnonzero(idx.prominence >= cell).tolist())
    left = np.setdiff1d(np.arange(14), list(boxed))
    assert tree.root.geometric_error == max(cell, idx.prominence[left].max(),
                                            BOX_ERROR * idx.box_size[list(boxed)].max())
    for tile in tree.tiles():  # a parent's error bounds its children's
        assert all(c.geometric_error <= tile.geometric_error for c in tile.children)


def test_a_box_is_ten_triangles_of_the_building_s_bounds() -> None:
    o = Origin(500_000.0, 3_000_000.0)
    mesh = box_mesh(np.array([[500_010, 3_000_020, 500_030, 3_000_050.0]]), np.array([5.0]),
                    np.array([25.0]), np.array([7]), o)
    assert mesh.n_cells == 5 and mesh.triangulate().n_cells == 10
    assert np.allclose(mesh.bounds, (10, 30, 20, 50, 5, 25))
    assert set(mesh.cell_data["fid"].tolist()) == {7}
    centre = np.array([20, 35, 15.0])
    for c in range(mesh.n_cells):  # normals point out of the box
        p = mesh.get_cell(c).points.mean(axis=0)
        assert np.dot(mesh.cell_data["Normals"][c], p - centre) > 0


def _subtree_rows(tree, tile) -> np.ndarray:
    stack, out = [tile], []
    while stack:
        t = stack.pop()
        if not t.children:
            out.append(tree.node(t.key).rows)
        stack.extend(t.children)
    return np.concatenate(out)


# -- a scene with only the buildings ---------------------------------------------------------------
@pytest.fixture(scope="module")
def scene(cache: Cache):
    data = build_scene_data(cache)
    i = next(i for i, v in enumerate(data.views) if v.kind == "buildings")
    view = BuildingsView(data.views[i].layer, data.origin, leaf_size=LEAF, cap=CAP)
    view.build(data.model)
    data.views[i] = view
    for layer in data.model.layers:
        layer.visible = layer.name == "buildings"
    plotter = pv.Plotter(off_screen=True, window_size=list(SIZE))
    s = Scene(plotter.renderer)
    s.populate(data)
    plotter.camera_set = True
    yield s, view, plotter
    plotter.close()


def _tallest_in_root(view: BuildingsView) -> tuple[int, np.ndarray]:
    """fid and a world point on the roof of the tallest building the root's boxes hold."""
    tree = view.tree
    rows = tree.node(tree.root.key).rows
    row = rows[np.argmax(tree.index.z1[rows])]
    fid = int(tree.index.fids[row])
    geom = view.model.cache.read("buildings", where=f"t.fid = {fid}").geoms[0]
    p = shapely.point_on_surface(geom)
    return fid, np.array([p.x, p.y, tree.index.z1[row]])


def _look_down(scene: Scene, world: np.ndarray, height: float) -> None:
    x, y, z = world
    scene.set_camera((x, y - 0.01, z + height), (x, y, z))
    cam = scene.renderer.GetActiveCamera()
    cam.SetViewUp(0, 1, 0)
    scene.renderer.ResetCameraClippingRange()


def _settle(scene: Scene, plotter) -> np.ndarray:
    scene.settle()
    scene.renderer.ResetCameraClippingRange()
    return np.asarray(plotter.screenshot(return_img=True))[:, :, :3].astype(int)


def _pick(scene: Scene, world: np.ndarray) -> int | None:
    o = scene.data.origin
    ren = scene.renderer
    ren.SetWorldPoint(world[0] - o.x, world[1] - o.y, world[2], 1.0)
    ren.WorldToDisplay()
    x, y, _ = ren.GetDisplayPoint()
    picker = vtk.vtkCellPicker()
    picker.SetTolerance(0.0005)
    if not picker.Pick(int(round(x)), int(round(y)), 0, ren):
        return None
    found = scene.pick(picker.GetActor(), picker.GetCellId(), picker.GetDataSet())
    return None if found is None else found[1]


def _far_height(view: BuildingsView) -> float:
    """A height from which the root's boxes are within 16 px."""
    err = view.tree.root.geometric_error
    d = float(err * SIZE[1] / (16 * 2 * np.tan(np.radians(30 / 2))))
    extent = np.array(view.tree.root.box_max) - np.array(view.tree.root.box_min)
    far = max(d * 1.3, float(extent[:2].max()) * 1.5)
    assert screen_space_error(err, far, SIZE[1], 30.0) < 16
    return far


def _drawn_leaf(view: BuildingsView) -> list[bool]:
    return [c.leaf for _, c in view.streamer.drawn_contents()]


# -- (1b) coarse leaves: blocks, then boxes, then the full leaf -----------------------------------
def test_a_box_level_boxes_the_buildings_its_boxes_depart_least_from() -> None:
    boxed, error = box_level(np.array([4.0, 1, 9, 2, 3, 30, 5, 6, 7, 8]), 0.9)
    assert boxed.tolist() == [True] * 5 + [False] + [True] * 4 and error == 9.0
    boxed, error = box_level(np.array([4.0, 1, 9, 2]), 0.5)
    assert boxed.tolist() == [False, True, False, True] and error == 2.0
    boxed, error = box_level(np.array([3.0, 3.0, 3.0]))
    assert boxed.all() and error == 3.0  # ties: all boxes, none left out
    assert box_level(np.zeros(0))[1] == 0.0


def _parents(root) -> dict:
    out, stack = {}, [root]
    while stack:
        t = stack.pop()
        for c in t.children:
            out[c.key] = t
            stack.append(c)
    return out


def test_coarse_leaves_put_the_same_buildings_as_boxes_then_blocks_over_each_leaf(
        cache: Cache) -> None:
    index = building_index(cache)
    plain = building_tree(index, leaf_size=LEAF, cap=CAP)
    tree = building_tree(index, leaf_size=LEAF, cap=CAP, coarse_leaves=True)
    assert not any(":" in t.key for t in plain.tiles())  # only when asked
    keys = [t.key for t in tree.tiles()]
    assert len(keys) == len(set(keys))
    # the full leaves are those of the plain tree, with the same buildings
    assert ({t.key: sorted(tree.fids(t.key).tolist()) for t in tree.leaves()}
            == {t.key: sorted(plain.fids(t.key).tolist()) for t in plain.leaves()})
    parent = _parents(tree.root)
    for leaf in tree.leaves():
        node = tree.node(leaf.key)
        if len(node.rows) < 2:
            continue
        boxes = parent[leaf.key]
        assert boxes.key == leaf.key + BOXES_SUFFIX and boxes.children == [leaf]
        assert (boxes.box_min, boxes.box_max) == (leaf.box_min, leaf.box_max)
        bn = tree.node(boxes.key)
        full = bn.full if bn.full is not None else np.zeros(0, int)
        # every building once, as a box or in full: no holes, the same fids to pick
        assert sorted(np.concatenate([bn.rows, full]).tolist()) == sorted(node.rows.tolist())
        assert sorted(tree.fids(boxes.key).tolist()) == sorted(tree.fids(leaf.key).tolist())
        # its error is the largest departure of a box it draws, and no less than the leaf's
        departs = BOX_ERROR * index.box_size[bn.rows]
        assert boxes.geometric_error == pytest.approx(departs.max())
        assert len(full) == 0 or (BOX_ERROR * index.box_size[full]).min() >= departs.max()
        up = parent.get(boxes.key)
        if up is not None and up.key.endswith(":blocks"):
            bl = tree.node(up.key)
            assert bl.blocks is not None and len(bl.rows) + len(bl.blocks) <= len(node.rows) / 2
            assert up.geometric_error >= max(bl.blocks.cell, boxes.geometric_error)
        for t in (boxes, up):
            if t is not None and t.key in parent:
                assert parent[t.key].geometric_error >= t.geometric_error


def test_a_dense_leaf_is_drawn_as_its_merged_blocks_before_its_boxes() -> None:
    # 100 clusters of 10 one-metre huts, 100 m apart, and one 50 m tower: one leaf
    cx, cy = np.meshgrid(np.arange(10) * 100.0, np.arange(10) * 100.0)
    x = (cx.ravel()[:, None] + np.arange(10) * 0.25).ravel()  # exact in binary
    y = np.repeat(cy.ravel(), 10)
    b = np.vstack([np.column_stack([x, y, x + 1, y + 1]), [[400.0, 400, 450, 450]]])
    z1 = np.append(np.full(1000, 2.0), 30.0)
    idx = BuildingIndex(np.arange(1001), b, np.zeros(1001), z1, np.zeros(1001, bool))
    tree = building_tree(idx, leaf_size=2000, cap=4000, coarse_leaves=True)
    blocks = tree.root
    boxes = blocks.children[0]
    leaf = boxes.children[0]
    assert (blocks.key, boxes.key) == (f"{leaf.key}:blocks", f"{leaf.key}:boxes")
    bl = tree.node(blocks.key)
    assert tree.fids(blocks.key).tolist() == [1000]  # the tower a box, the huts 100 blocks
    assert len(bl.blocks) == 100 and bl.blocks.cell == 16.0
    assert blocks.geometric_error == 16.0  # the cell: larger than any box's departure
    assert boxes.geometric_error == BOX_ERROR * 1.0  # the huts' boxes; the tower in full
    assert tree.node(boxes.key).full.tolist() == [1000]
    assert leaf.geometric_error == 0.0 and tree.node(leaf.key).leaf


def test_a_box_level_draws_boxes_and_its_largest_buildings_as_the_leaf_does(
        cache: Cache) -> None:
    tree = building_tree(building_index(cache), leaf_size=LEAF, cap=CAP, coarse_leaves=True)
    o = Origin(0.0, 0.0)
    key = next(t.key for t in tree.tiles() if t.key.endswith(BOXES_SUFFIX)
               and tree.node(t.key).full is not None)
    leaf_key = key[: -len(BOXES_SUFFIX)]
    node = tree.node(key)
    mesh, leaf = lod_tile_mesh(cache, tree, key, o), lod_tile_mesh(cache, tree, leaf_key, o)
    fid = np.asarray(mesh.cell_data["fid"])
    assert set(fid.tolist()) == set(tree.fids(leaf_key).tolist())
    assert {"part", "Normals"} <= set(mesh.cell_data.keys())
    assert mesh.n_cells < leaf.n_cells
    boxed = tree.index.fids[node.rows]
    assert np.bincount(np.isin(fid, boxed).astype(int))[1] == 5 * len(boxed)
    full = tree.index.fids[node.full]  # drawn exactly as the leaf draws them
    leaf_fid = np.asarray(leaf.cell_data["fid"])

    def points(m, f) -> np.ndarray:
        return np.sort(np.asarray(m.extract_cells(np.flatnonzero(np.isin(f, full))).points), 0)

    np.testing.assert_array_equal(points(mesh, fid), points(leaf, leaf_fid))


def test_a_large_city_s_view_streams_its_leaves_under_boxes_and_blocks(
        cache: Cache, monkeypatch: pytest.MonkeyPatch) -> None:
    import viewer.views.buildings as views

    data = build_scene_data(cache)
    layer = next(v.layer for v in data.views if v.kind == "buildings")
    small = BuildingsView(layer, data.origin, leaf_size=LEAF, cap=CAP)
    small.build(data.model)
    assert not any(":" in t.key for t in small.tree.tiles())  # a small city: as it was
    monkeypatch.setattr(views, "COARSE_FROM", 100)
    large = BuildingsView(layer, data.origin, leaf_size=LEAF, cap=CAP)
    large.build(data.model)
    key = next(t.key for t in large.tree.tiles() if t.key.endswith(BOXES_SUFFIX))
    content = large.make(next(t for t in large.tree.tiles() if t.key == key))
    assert not content.leaf
    assert (set(np.asarray(content.mesh.cell_data["fid"]).tolist())
            == set(large.tree.fids(key[: -len(BOXES_SUFFIX)]).tolist()))


# -- (2) far boxes, near full tiles, the same pick ------------------------------------------------
def test_far_boxes_near_full_tiles_and_the_same_building_picked_at_both(scene) -> None:
    s, view, plotter = scene
    fid, roof = _tallest_in_root(view)
    _look_down(s, roof, _far_height(view))
    _settle(s, plotter)
    assert _drawn_leaf(view) == [False]  # the root's boxes only
    assert _pick(s, roof) == fid
    _look_down(s, roof, 60.0)
    _settle(s, plotter)
    drawn = view.streamer.drawn_contents()
    assert any(c.leaf and fid in c.mesh.cell_data["fid"] for _, c in drawn)
    assert _pick(s, roof) == fid
    assert fid in s.visible_building_fids()


# -- (3) no holes, no popping ---------------------------------------------------------------------
def _building_mask(img: np.ndarray) -> np.ndarray:
    bg = np.array(BACKGROUND) * 255
    return np.abs(img - bg).max(axis=2) > 12


@pytest.mark.parametrize("where", ["far", "near"])
def test_no_holes_and_no_popping_at_rest(scene, where: str) -> None:
    s, view, plotter = scene
    _fid, roof = _tallest_in_root(view)
    centre = np.array([(a + b) / 2 for a, b in zip(view.tree.root.box_min,
                                                   view.tree.root.box_max, strict=True)])
    o = s.data.origin
    if where == "far":
        target, height = centre + (o.x, o.y, 0), _far_height(view) * 0.6
    else:
        target, height = roof, 350.0
    _look_down(s, target, height)
    s.renderer.GetActiveCamera().Elevation(-35)  # oblique: near tiles and far ones
    img = _settle(s, plotter)
    keys = sorted(view.streamer.drawn)
    again = _settle(s, plotter)
    assert sorted(view.streamer.drawn) == keys  # nothing pops at rest
    assert np.array_equal(img, again)
    levels = set(_drawn_leaf(view))
    s.context.max_sse = 1e-6  # everything in full: the reference
    full = _settle(s, plotter)
    assert set(_drawn_leaf(view)) == {True}
    s.context.max_sse = 16.0
    _settle(s, plotter)
    lod, ref = _building_mask(img), _building_mask(full)
    assert ref.sum() > 500
    covered = (lod & ref).sum() / ref.sum()
    # building-coloured: the white models' shading, as in the full picture
    assert np.median(np.abs(img[ref] - full[ref]).max(axis=1)) < 10
    grey = img[lod].max(axis=1) - img[lod].min(axis=1)
    assert np.median(grey) < 20 and np.array(palette.WHITE_MODEL).min() > 150
    assert covered > (0.9 if where == "far" else 0.97), (where, levels, covered)


# -- (4) bounded triangles ------------------------------------------------------------------------
def test_an_overview_draws_triangles_bounded_by_the_caps(scene) -> None:
    s, view, plotter = scene
    s.reset_camera("overview")
    _settle(s, plotter)
    drawn = view.streamer.drawn_contents()
    triangles = sum(c.mesh.triangulate().n_cells for _, c in drawn)
    boxes = [c for _, c in drawn if not c.leaf]
    per_tile = CAP + (BLOCK_GRID + 1) ** 2  # boxes, and blocks for the others: 5 quads each
    assert all(c.mesh.n_cells <= 5 * per_tile for c in boxes)
    everything = sum(view.make(t).mesh.triangulate().n_cells for t in view.tree.leaves())
    assert triangles <= 10 * per_tile * len(drawn) and triangles < everything
    print(f"overview: {len(drawn)} tiles, {triangles} triangles; everything {everything}")


# -- what arrives later is coloured, hidden and loaded off the GUI thread -------------------------
def test_tiles_arriving_later_take_the_colours_and_hidden_buildings(scene) -> None:
    s, view, plotter = scene
    fid, roof = _tallest_in_root(view)
    _look_down(s, roof, _far_height(view))
    _settle(s, plotter)
    s.color_buildings(np.array([fid]), np.array([[200, 30, 30]], np.uint8))
    s.set_hidden_buildings([fid])
    try:
        assert fid not in s.visible_building_fids()  # hidden among the far boxes
        _look_down(s, roof, 60.0)
        _settle(s, plotter)
        assert fid not in s.visible_building_fids()  # and in the full tiles that came
        s.set_hidden_buildings([])
        assert fid in s.visible_building_fids()
        for actor, mesh in view.pairs():
            fids = np.asarray(mesh.cell_data["fid"])
            if fid in fids:
                assert actor.GetMapper().GetScalarVisibility()
                assert (np.asarray(mesh.cell_data["theme_rgb"])[fids == fid] == (200, 30, 30)
                        ).all()
    finally:
        s.color_buildings(None)
        s.set_hidden_buildings([])


def test_tiles_load_on_worker_threads_while_the_parent_stays_drawn(scene) -> None:
    from concurrent.futures import ThreadPoolExecutor

    s, view, plotter = scene
    fid, roof = _tallest_in_root(view)
    _look_down(s, roof, _far_height(view))
    _settle(s, plotter)
    view.streamer.reset()  # nothing loaded: every tile comes from a worker thread
    queue: list = []
    with ThreadPoolExecutor(2) as pool:
        s.context.load = lambda key, work, done, prio, failed: queue.append(
            (pool.submit(work), done))
        try:
            s.update_level_of_detail()
            assert queue and not view.streamer.drawn  # asked for, not there yet
            while queue:
                future, done = queue.pop(0)
                done(future.result())
                s.update_level_of_detail()
            assert _drawn_leaf(view) == [False]
            _look_down(s, roof, 60.0)
            s.update_level_of_detail()
            assert view.streamer.drawn  # the boxes stand in while the full tiles load
            while queue:
                future, done = queue.pop(0)
                done(future.result())
                s.update_level_of_detail()
                assert view.streamer.drawn
            assert any(_drawn_leaf(view)) and _pick(s, roof) == fid
        finally:
            s.context.load = None


def test_settling_loads_every_wanted_tile_even_when_the_parent_stands_in_meanwhile() -> None:
    from layers.lod import Camera, LodTile
    from viewer.streaming import MAX_REQUESTS_PER_FRAME, TileStreamer
    from viewer.views.base import FrameContext

    def quad(key: str, x0: float, y0: float, size: float, depth: int) -> LodTile:
        tile = LodTile(key, size, (x0, y0, 0.0), (x0 + size, y0 + size, 10.0))
        if depth:
            h = size / 2
            tile.children = [quad(f"{key}{i}", x0 + (i % 2) * h, y0 + (i // 2) * h, h,
                                  depth - 1) for i in range(4)]
        return tile

    class Content:
        nbytes = 10

    shown: set[str] = set()
    s = TileStreamer(quad("r", 0, 0, 1000, 4), make=lambda t: Content(),
                     show=lambda t, c: shown.add(t.key), hide=lambda t, c: shown.discard(t.key))
    context = FrameContext(lod_camera=Camera((500.0, 499.0, 3000.0), (500.0, 500.0, 0.0)),
                           max_sse=1e-6)
    rounds = 0
    while s.frame(context) and rounds < 50:
        rounds += 1
    assert len(shown) == 256 > MAX_REQUESTS_PER_FRAME  # every leaf, not the root standing in


# -- LOD2 solids by level of detail ---------------------------------------------------------------
def test_lod2_solids_stream_as_boxes_far_and_solids_near(realdata, tmp_path) -> None:
    from layers.model import CityModel
    from store.importers import import_file
    from viewer.buildings_mesh import GROUND
    from viewer.views.buildings import SolidsView

    path = tmp_path / "lod2.gpkg"
    import_file(realdata / "cityjson" / "cjio_multi_lod.city.json", path, crs="EPSG:28992")
    model = CityModel()
    model.open(Cache.open(path))
    origin = Origin.of_extent(model.cache.extent())
    layer = next(layer for layer in model.layers if layer.kind == "solids")
    view = SolidsView(layer, origin, leaf_size=3, cap=2)
    view.build(model)
    lod1 = BuildingsView(next(la for la in model.layers if la.kind == "buildings"), origin)
    lod1.build(model)
    assert lod1.tree.root is None and lod1.meshes == []  # every building is a solid
    assert view.tree.count == 10 and len(view.tree.leaves()) >= 3
    # a small city is drawn whole before any camera: every solid, with its ground surfaces
    fids = np.concatenate([np.asarray(m.cell_data["fid"]) for m in view.meshes])
    assert len(np.unique(fids)) == 10
    assert all(GROUND in np.asarray(m.cell_data["part"]) for m in view.meshes)
    root = view.make(view.tree.root)  # far: boxes of those larger than a block, blocks
    node = view.tree.node(view.tree.root.key)  # for the rest (here all: houses of < 32 m)
    assert not root.leaf and len(node.rows) <= 2
    assert root.mesh.n_cells == 5 * (len(node.rows) + len(node.blocks))
    assert view.tree.root.geometric_error >= node.blocks.cell
    model.cache.close()
