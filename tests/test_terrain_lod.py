"""The terrain by level of detail: a quadtree of DEM windows (layers.terrain_lod), meshed with
skirts (viewer.terrain_mesh.window_mesh) and streamed by the terrain view, on a synthetic
4 km DEM in a real cache: the root alone far, the DEM's own cells near, and no cracks."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
import pyvista as pv
from rasterio.transform import Affine

from layers.model import CityModel
from layers.terrain import terrain_heights
from layers.terrain_lod import (
    TILE_CELLS,
    cell_errors,
    level_errors,
    surface_heights,
    terrain_tree,
    tree_levels,
    window_axis,
)
from store.cache import Cache
from store.raster import Grid, put_dem
from viewer.origin import Origin
from viewer.scene import BACKGROUND, Scene, build_scene_data
from viewer.terrain_mesh import terrain_mesh, window_mesh

N, CELL = 2049, 2.0  # 2048 × 2048 cells of 2 m: four levels below the root
X0, Y0 = 500_000.0, 2_500_000.0
W, H = 800, 600


def _hills(n: int, cell: float) -> np.ndarray:
    """Rolling hills with a short ripple (a few metres): strides differ visibly."""
    y, x = np.mgrid[0:n, 0:n] * cell
    z = (40 * np.sin(x / 700) * np.cos(y / 900) + 15 * np.sin(x / 130 + 1) * np.sin(y / 170)
         + 4 * np.sin(x / 23) * np.cos(y / 31) + 2.5 * np.sin(x / 7.3) * np.cos(y / 5.1) + 60)
    return z.astype(np.float32)


def _grid(values: np.ndarray, cell: float = CELL) -> Grid:
    rows = values.shape[0]
    return Grid(values, Affine(cell, 0, X0, 0, -cell, Y0 + rows * cell), "EPSG:4547", None)


# -- the tree (pure) ------------------------------------------------------------------------------
def test_levels_and_window_axes() -> None:
    assert tree_levels(694) == 0  # the sample city: one tile, as before
    assert tree_levels(1024) == 0 and tree_levels(1025) == 4
    assert tree_levels(8191) == 6  # the 1M-building city's 8192² DEM: root stride 64
    assert tree_levels(8191, 256) == 5
    assert window_axis(0, 10, 4).tolist() == [0, 4, 8, 10]
    assert window_axis(512, 256, 2).tolist() == list(range(512, 769, 2))


@pytest.mark.parametrize("shape", [(2049, 2049), (1500, 1301)])
def test_windows_tile_the_grid_exactly_at_every_level(shape: tuple[int, int]) -> None:
    tree = terrain_tree(np.zeros(shape, np.float32), cell=5.0)
    cr, cc = shape[0] - 1, shape[1] - 1
    levels = tree_levels(max(cr, cc))
    assert tree.levels == levels == 4
    for k in range(levels + 1):
        cover = np.zeros((cr, cc), np.int32)
        for w in (w for w in tree.windows.values() if w.level == k):
            assert w.stride == 2 ** (levels - k)
            ri, ci = w.axes()
            assert len(ri) - 1 <= TILE_CELLS and len(ci) - 1 <= TILE_CELLS
            assert ri[-1] == w.row0 + w.rows and ci[-1] == w.col0 + w.cols
            cover[w.row0:w.row0 + w.rows, w.col0:w.col0 + w.cols] += 1
        assert (cover == 1).all(), f"level {k} does not tile the grid exactly once"
    stack = [tree.root]
    while stack:  # children lie inside their parent, leaves at the DEM's own cell
        tile = stack.pop()
        win = tree.window(tile.key)
        assert tile.children or win.stride == 1
        for child in tile.children:
            c = tree.window(child.key)
            assert win.row0 <= c.row0 and c.row0 + c.rows <= win.row0 + win.rows
            assert win.col0 <= c.col0 and c.col0 + c.cols <= win.col0 + win.cols
        stack.extend(tile.children)


def test_errors_are_the_relief_a_stride_leaves_out() -> None:
    flat = terrain_tree(np.full((2049, 2049), 7.0, np.float32), cell=5.0)
    assert all(t == 0.0 for t in (flat.root.geometric_error,))
    assert {w.zmin for w in flat.windows.values()} == {7.0}
    spike = np.zeros((2049, 2049), np.float32)
    spike[1001, 700] = 10.0  # one pixel: every coarse tile around it may leave it out
    tree = terrain_tree(spike, cell=5.0, transform=Affine(5.0, 0, 0, 0, -5.0, 0),
                        origin_xy=(0.0, 0.0))
    stack = [tree.root]
    while stack:
        tile = stack.pop()
        w = tree.window(tile.key)
        inside = (w.row0 <= 1001 < w.row0 + w.rows) and (w.col0 <= 700 < w.col0 + w.cols)
        want = 10.0 if inside and w.stride > 1 else 0.0
        assert tile.geometric_error == want, (tile.key, w)
        assert all(tile.geometric_error >= c.geometric_error for c in tile.children)
        if inside:  # the box holds the spike, and the skirt below the ground
            assert tile.box_max[2] == 10.0 and tile.box_min[2] < 0.0
            x = 5.0 * (700 + 0.5)
            assert tile.box_min[0] <= x <= tile.box_max[0]
        stack.extend(tile.children)
    assert tree.skirts[-1] >= 5.0  # at least a cell, and what two coarser levels leave out
    assert tree.skirts[-1] == 10.0


def _coarse_surface(z: np.ndarray, stride: int, rows: np.ndarray, cols: np.ndarray
                    ) -> np.ndarray:
    """Heights of the grid meshed at ``stride`` (the tiles' triangles) at fractional grid
    positions, by brute force: find each point's cell, then its triangle (a, c, b) or
    (b, c, d), and interpolate there (numpy over the points; a loop took 26 s)."""
    vr, vc = window_axis(0, z.shape[0] - 1, stride), window_axis(0, z.shape[1] - 1, stride)
    i = np.minimum(np.searchsorted(vr, rows, side="right") - 1, len(vr) - 2)
    j = np.minimum(np.searchsorted(vc, cols, side="right") - 1, len(vc) - 2)
    fr = (rows - vr[i]) / (vr[i + 1] - vr[i])
    fc = (cols - vc[j]) / (vc[j + 1] - vc[j])
    za, zb = z[vr[i], vc[j]], z[vr[i], vc[j + 1]]
    zc, zd = z[vr[i + 1], vc[j]], z[vr[i + 1], vc[j + 1]]
    return np.where(fc + fr <= 1, za + fc * (zb - za) + fr * (zc - za),
                    zd + (1 - fc) * (zc - zd) + (1 - fr) * (zb - zd))


@pytest.mark.parametrize("shape", [(9, 9), (8, 11), (12, 7)])
def test_cell_errors_are_the_largest_gap_between_two_strides(shape: tuple[int, int]) -> None:
    """Known answers (a plane costs nothing, a spike its height) and, on random heights with
    odd and even sides, the largest gap found by sampling both surfaces densely: never above
    the bound (it is a true bound), and reached (it is the largest, not a loose one)."""
    plane = np.add.outer(2.0 * np.arange(shape[0]), 0.5 * np.arange(shape[1]))
    assert not cell_errors(plane).any()
    z = np.random.default_rng(7).uniform(0, 10, shape)
    bound = cell_errors(z)
    rows, cols = (np.linspace(0, n - 1, 8 * (n - 1) + 1) for n in shape)
    rr, cc = (a.ravel() for a in np.meshgrid(rows, cols, indexing="ij"))
    gap = np.abs(_coarse_surface(z, 2, rr, cc) - _coarse_surface(z, 1, rr, cc))
    vr, vc = window_axis(0, shape[0] - 1, 2), window_axis(0, shape[1] - 1, 2)
    for i in range(len(vr) - 1):
        for j in range(len(vc) - 1):
            inside = (rr >= vr[i]) & (rr <= vr[i + 1]) & (cc >= vc[j]) & (cc <= vc[j + 1])
            assert gap[inside].max() <= bound[i, j] + 1e-5
            assert gap[inside].max() == pytest.approx(bound[i, j], abs=1e-5)


def test_level_errors_bound_what_each_stride_leaves_out() -> None:
    z = _hills(129, 2.0).astype(np.float64)
    errors = level_errors(z, 3)  # strides 8, 4, 2
    rows = np.linspace(0, 128, 1025)
    rr, cc = (a.ravel() for a in np.meshgrid(rows, rows, indexing="ij"))
    fine = _coarse_surface(z, 1, rr, cc)
    for k, stride in enumerate((8, 4, 2)):
        gap = np.abs(_coarse_surface(z, stride, rr, cc) - fine).max()
        assert gap <= errors[k].max() + 1e-4  # a true bound …
        assert errors[k].max() <= 2.5 * gap  # … and not the cell's whole height range
    assert errors[0].max() < 0.5 * _old_range(z, 8)


def _old_range(z: np.ndarray, stride: int) -> float:
    """The former error: the largest height range within one strided cell."""
    n = (z.shape[0] - 1) // stride
    return max(np.ptp(z[i * stride:(i + 1) * stride + 1, j * stride:(j + 1) * stride + 1])
               for i in range(n) for j in range(n))


def test_surface_heights_read_only_the_cells_under_the_points() -> None:
    values = _hills(65, 2.0)
    values[10, 10] = -9999.0
    grid = Grid(values, Affine(2.0, 0, X0, 0, -2.0, Y0 + 130.0), "EPSG:4547", -9999.0)
    rng = np.random.default_rng(7)
    x = X0 + rng.uniform(-10, 140, 500)
    y = Y0 + rng.uniform(-10, 140, 500)
    got = surface_heights(grid.values, grid.transform, x, y, grid.nodata)
    want = terrain_heights(grid, x, y, outside=np.nan)  # the draped layers' own function
    assert np.isnan(got).sum() > 0 and np.array_equal(np.isnan(got), np.isnan(want))
    assert np.allclose(got[~np.isnan(got)], want[~np.isnan(want)])


# -- meshes -------------------------------------------------------------------------------------
def test_skirts_hang_from_inner_edges_only() -> None:
    grid = _grid(_hills(65, 2.0), 2.0)
    origin = Origin(X0, Y0)
    plain = window_mesh(grid, window_axis(16, 16, 2), window_axis(0, 16, 2), origin)
    skirted = window_mesh(grid, window_axis(16, 16, 2), window_axis(0, 16, 2), origin,
                          skirt=5.0)
    # 9 × 9 vertices; the west edge is the DEM's border (no skirt), north, south and east are
    # inner: 3 × 9 skirt points, 2 triangles per segment
    assert plain.n_points == 81 and skirted.n_points == 81 + 27
    assert skirted.n_cells == plain.n_cells + 3 * 8 * 2
    pts, elevation = np.asarray(skirted.points), np.asarray(skirted.point_data["elevation"])
    assert np.allclose(pts[:81], plain.points)  # the surface first, then the skirts under it
    assert np.allclose(pts[81:, 2], elevation[81:] - 5.0, atol=1e-3)
    # skirts repeat their edge's elevation (the tint) and normals (the shading)
    edge = {tuple(p) for p in np.round(pts[:81, :2], 3)}
    assert {tuple(p) for p in np.round(pts[81:, :2], 3)} <= edge
    normals = np.asarray(skirted.point_data["Normals"])
    assert set(map(tuple, normals[81:])) <= set(map(tuple, normals[:81]))
    # the whole DEM at stride 1 is the terrain mesh of old, to the point
    whole = window_mesh(grid, window_axis(0, 64, 1), window_axis(0, 64, 1), origin, skirt=5.0)
    old = terrain_mesh(grid, origin)
    assert whole.n_cells == old.n_cells and np.allclose(whole.points, old.points)


# -- the view, streamed ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory):
    path = Path(tmp_path_factory.mktemp("terrain_lod")) / "hills.gpkg"
    with Cache.create(path, "EPSG:4547") as cache, cache.transaction() as tx:
        put_dem(tx, _grid(_hills(N, CELL)), source="synthetic hills")
    cache = Cache.open(path)
    model = CityModel()
    model.open(cache, saved=False)
    yield build_scene_data(model)
    cache.close()


@pytest.fixture
def scene(data):
    plotter = pv.Plotter(off_screen=True, window_size=[W, H])
    scene = Scene(plotter.renderer)
    scene.populate(data)
    yield scene, plotter
    plotter.close()


def _look(scene: Scene, height: float, pitch: float, view) -> None:
    """From 300 m south-west of the centre, ``height`` above the ground, looking north-east
    ``pitch`` degrees down (the whole picture is ground: any background pixel is a hole)."""
    cx, cy = X0 + N * CELL / 2 - 300, Y0 + N * CELL / 2 - 300
    z = height + float(terrain_heights(view.grid, np.array([cx]), np.array([cy]))[0])
    d = height / math.tan(math.radians(pitch))
    scene.set_camera((cx, cy, z), (cx + 0.6 * d, cy + 0.8 * d, z - height))
    scene.settle()


def _background_pixels(plotter: pv.Plotter) -> int:
    plotter.renderer.ResetCameraClippingRange()
    plotter.camera_set = True
    plotter.render_window.Render()
    img = np.asarray(plotter.screenshot(return_img=True))[:, :, :3].astype(int)
    bg = np.round(np.array(BACKGROUND) * 255).astype(int)
    return int((np.abs(img - bg).sum(-1) <= 3).sum())


def _cells(view) -> int:
    return sum(t.mesh.n_cells for t in view.tiles.values())


def test_far_the_root_alone_near_the_dems_own_cells(scene) -> None:
    scene, _plotter = scene
    view = scene.views["terrain"]
    assert view.tree.levels == 4
    assert scene.data.terrain is view.mesh and view.mesh.n_cells <= 2 * TILE_CELLS ** 2
    assert list(view.tiles) == [view.tree.root.key]  # drawn at build, before any camera

    scene.reset_camera("overview")
    scene.settle()
    assert list(view.tiles) == [view.tree.root.key]
    assert _cells(view) <= 2 * TILE_CELLS ** 2  # 32 768 triangles for 8.4 M at full size

    _look(scene, 40.0, 25.0, view)  # 40 m up, stride 2 leaves out 0.3 m: under 16 px
    assert {view.tree.window(k).stride for k in view.tiles} == {2, 8}
    _look(scene, 10.0, 25.0, view)  # 10 m up, 0.3 m is over 16 px under the camera
    strides = {view.tree.window(k).stride for k in view.tiles}
    assert 1 in strides and len(view.tiles) > 1
    cam = np.asarray(scene.renderer.GetActiveCamera().GetPosition())
    under = [k for k, t in view.tiles.items()
             if t.mesh.bounds[0] <= cam[0] <= t.mesh.bounds[1]
             and t.mesh.bounds[2] <= cam[1] <= t.mesh.bounds[3]]
    assert under and all(view.tree.window(k).stride == 1 for k in under)
    assert view.streamer.stats.drawn == len(scene.actors["terrain"])


def test_no_cracks_between_strides_at_rest(scene) -> None:
    scene, plotter = scene
    view = scene.views["terrain"]
    _look(scene, 150.0, 25.0, view)
    assert len({view.tree.window(k).stride for k in view.tiles}) > 1  # strides meet in view
    assert _background_pixels(plotter) == 0
    # the same picture without skirts shows the sky through the cracks: the check can see them
    skirts = list(view.tree.skirts)
    try:
        view.tree.skirts = [0.0] * len(skirts)
        view.streamer.reset()
        scene.settle()
        assert _background_pixels(plotter) > 0
    finally:
        view.tree.skirts = skirts
        view.streamer.reset()


def test_style_opacity_and_height_follow_every_tile(scene) -> None:
    scene, _plotter = scene
    view = scene.views["terrain"]
    _look(scene, 40.0, 25.0, view)
    actors = scene.actors["terrain"]
    assert len(actors) > 1
    scene.model.layers["terrain"].opacity = 0.4
    assert all(a.GetProperty().GetOpacity() == pytest.approx(0.4) for a in actors)
    scene.model.layers["terrain"].opacity = 1.0
    layer = scene.model.layers["terrain"]
    layer.style = layer.style.with_(mode="graduated", field="elevation")
    ranges = {tuple(a.GetMapper().GetScalarRange()) for a in actors}
    assert all(a.GetMapper().GetScalarVisibility() for a in actors) and len(ranges) == 1
    x, y = 120.0, -80.0  # scene-local
    want = terrain_heights(view.grid, np.array([x + view.origin.x]),
                           np.array([y + view.origin.y]))[0]
    assert view.height_local(x, y) == pytest.approx(want)
    assert view.height_local(1e6, 0.0) is None
    assert set(view.locators()) == set(actors)
    # skirts: drawn with the tiles, never picked, hidden underground (curtains through the
    # translucent ground otherwise), as CesiumJS does
    skirts = [a for a in view.props() if a not in actors]
    assert skirts and all(a.GetVisibility() and not a.GetPickable() for a in skirts)
    scene.set_underground(True)
    assert all(a.GetProperty().GetOpacity() < 1.0 and a.GetVisibility() for a in actors)
    assert not any(a.GetVisibility() for a in skirts)
    scene.set_underground(False)
    assert all(a.GetVisibility() for a in skirts)
    scene.model.layers["terrain"].visible = False
    assert not any(a.GetVisibility() for a in view.props())
    scene.model.layers["terrain"].visible = True


# -- the window: the cursor's height and the camera clamp on the tiles drawn -----------------------
@pytest.mark.gui
def test_the_cursor_and_the_camera_clamp_read_the_tiles_drawn(qtbot, tmp_path: Path) -> None:
    from app.view3d import MIN_CLEARANCE, View3D

    path = tmp_path / "hills.gpkg"
    with Cache.create(path, "EPSG:4547") as cache, cache.transaction() as tx:
        put_dem(tx, _grid(_hills(N, CELL)), source="synthetic hills")
    with Cache.open(path) as cache:
        model = CityModel()
        model.open(cache, saved=False)
        data = build_scene_data(model)
        view = View3D()
        qtbot.addWidget(view)
        view.resize(W, H)
        view.set_data(data, crs="EPSG:4547")
        view.show()
        qtbot.waitExposed(view)
        terrain = view.scene.views["terrain"]
        _look(view.scene, 10.0, 25.0, terrain)
        view.render_now()
        assert {terrain.tree.window(k).stride for k in terrain.tiles} >= {1}
        info = view.cursor_info(W // 2, H // 3)  # the ground ahead, on a stride-1 tile
        assert info is not None
        want = terrain_heights(terrain.grid, np.array([info["x"]]), np.array([info["y"]]))[0]
        assert info["z"] == pytest.approx(want, abs=0.05)
        hit = view.pick_mesh(W // 2, H // 3)
        assert hit is not None and hit[0] == "terrain"

        state = view.camera_state()
        x, y, _ = state["focal_point"]
        ground = view.terrain_height(x, y)
        assert ground == pytest.approx(
            terrain_heights(terrain.grid, np.array([x]), np.array([y]))[0])
        view.set_camera_state({"position": [x, y - 50.0, ground - 10.0],
                               "focal_point": [x, y, ground]})
        view.render_now()
        pos_z = view.camera_state()["position"][2]
        assert pos_z >= view.terrain_height(x, y - 50.0) + MIN_CLEARANCE - 1e-6
        view.close()


def test_a_large_dems_tile_stats_are_kept_until_the_dem_changes(tmp_path, monkeypatch):
    import sqlite3

    from layers import terrain_lod
    from layers.lod_index import INDEX_TABLE
    from layers.terrain import dem_grid

    monkeypatch.setattr(terrain_lod, "KEEP_FROM_CELLS", 1)  # the synthetic DEM counts as large
    path = tmp_path / "hills.gpkg"
    with Cache.create(path, "EPSG:4547") as cache, cache.transaction() as tx:
        put_dem(tx, _grid(_hills(N, CELL)), source="synthetic hills")
    with Cache.open(path) as cache:
        grid = dem_grid(cache)
        made = terrain_lod.kept_tile_stats(cache, grid.values, grid.nodata)  # made, then kept
        levels = terrain_lod.tree_levels(max(grid.values.shape) - 1)
        fresh = terrain_lod.tile_stats(grid.values, levels, nodata=grid.nodata)
        kept = terrain_lod.kept_tile_stats(cache, grid.values, grid.nodata)
        for a, b, c in zip(made, fresh, kept, strict=True):
            for x, y, z in zip(a, b, c, strict=True):
                np.testing.assert_array_equal(x, y)
                np.testing.assert_array_equal(x, z)
        with sqlite3.connect(path) as db:  # the kept copy is what is read while it is current
            assert db.execute(f"SELECT count(*) FROM {INDEX_TABLE} WHERE name LIKE 'terrain:%'"
                              ).fetchone()[0] == 1
        with cache.transaction() as tx:  # a new DEM: made again, not the old one read
            put_dem(tx, _grid(_hills(N, CELL) * 2.0), source="higher hills")
        grid = dem_grid(cache)
        again = terrain_lod.kept_tile_stats(cache, grid.values, grid.nodata)
        assert again[0][2].max() == pytest.approx(2 * made[0][2].max(), rel=0.01)
