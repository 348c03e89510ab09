"""Vector layers draped on the terrain, their labels, the scale bar and the north arrow, rendered
for real (VTK offscreen) from the sample city's cache tables."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import numpy as np
import pytest
import pyvista as pv
import shapely
import vtk
from affine import Affine

from layers.layer import Layer, Source, Style
from layers.model import CityModel
from layers.terrain import dem_grid, terrain_heights
from layers.vectors import VectorData
from store.cache import Cache
from store.raster import Grid
from tests.sample_build import build
from viewer.labels import cjk_font
from viewer.origin import Origin
from viewer.overlays import length_text, round_length
from viewer.scene import Scene, build_scene_data
from viewer.vectors_mesh import SAG, drape_path_vertices
from viewer.views.vectors import Drape, VectorsView, polygon_meshes, ribbons

ROAD = (250, 190, 40)
RED = (255, 0, 0)
PARCEL = (205, 232, 190)
WATER = (60, 130, 235)
STYLES = {
    "roads": Style(rgb=ROAD, width_field="width", label_field="name", label_distance=600.0),
    "parcels": Style(rgb=PARCEL, outline=RED, line_width=2.0),
    "water": Style(rgb=WATER),
}


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("draped_city")
    build(out, buildings=300)
    return out / "sample_city.gpkg"


@pytest.fixture(scope="module")
def data(city: Path):
    cache = Cache.open(city)
    model = CityModel()
    model.open(cache, saved=False)
    for name, style in STYLES.items():
        if model.layers.get(name) is not None:
            model.layers.get(name).style = style
    yield build_scene_data(model)
    cache.close()


def _count(city: Path, table: str) -> int:
    with sqlite3.connect(city) as conn:  # the test reads the cache itself, to compare
        return conn.execute(f'SELECT count(*) FROM "{table}" WHERE geom IS NOT NULL '
                            "AND valid_to IS NULL AND scenario IS NULL").fetchone()[0]  # now


def _render(data, setup=None, size=(640, 480)):
    for layer in data.model.layers:
        layer.visible, layer.opacity = layer.name != "addresses", 1.0
    plotter = pv.Plotter(off_screen=True, window_size=list(size))
    scene = Scene(plotter.renderer)
    scene.populate(data)
    if setup:
        setup(scene)
    scene.update_level_of_detail()
    plotter.camera_set = True
    plotter.render_window.Render()
    img = np.asarray(plotter.screenshot(return_img=True))[:, :, :3].astype(int)
    return img, scene, plotter


def _pixels(img: np.ndarray, rgb: tuple[int, int, int], tol: int = 6) -> np.ndarray:
    return np.all(np.abs(img - np.array(rgb)) <= tol, axis=2)


def _road_anchor(scene: Scene) -> tuple[str, np.ndarray]:
    """The name and world position of the label of the widest road."""
    view = scene.views["roads"]
    o = scene.data.origin
    widths = np.asarray(view.data.columns["width"], dtype=float)
    name = str(view.data.columns["name"][int(np.argmax(widths))])
    i = view.labels.texts.index(name)
    return name, view.labels.anchors[i] + [o.x, o.y, 0.0]


def _look_down(scene: Scene, xyz: np.ndarray, height: float) -> None:
    x, y, z = (float(v) for v in xyz)
    scene.set_camera((x, y - 0.01, z + height), (x, y, z))
    scene.renderer.GetActiveCamera().SetViewUp(0, 1, 0)
    scene.renderer.ResetCameraClippingRange()


# -- what the user sees ------------------------------------------------------------------------
def test_roads_parcel_red_lines_and_water_in_their_style_colours(data) -> None:
    img, _scene, plotter = _render(data)
    plotter.close()
    assert _pixels(img, ROAD).mean() > 0.02
    assert _pixels(img, PARCEL).mean() > 0.05
    assert _pixels(img, RED, tol=40).sum() > 200
    if data.model.layers.get("water") is None:
        pytest.skip("this sample city has no water table yet")
    assert _pixels(img, WATER).sum() > 200


@pytest.mark.parametrize("height", [50.0, 2500.0])
def test_draped_roads_never_lose_pixels_to_the_ground_near_or_far(data, height: float) -> None:
    """Every pixel the roads cover alone is road-coloured with the terrain and the parcels
    under them (no z-fighting), from 50 m and from the whole city."""
    def setup(only_roads: bool):
        def go(scene: Scene) -> None:
            for layer in data.model.layers:
                layer.visible = layer.name in (("roads",) if only_roads else
                                               ("roads", "parcels", "water", "terrain"))
            scene.overlays.set_visible(False)
            name, xyz = _road_anchor(scene)
            _look_down(scene, xyz, height)
            scene.renderer.GetActiveCamera().Elevation(-35.0)  # oblique: depth varies
            scene.renderer.ResetCameraClippingRange()
            scene.views["roads"].labels.set_enabled(False)
        return go

    alone, _, p1 = _render(data, setup(True))
    p1.close()
    full, _, p2 = _render(data, setup(False))
    p2.close()
    road = _pixels(alone, ROAD, tol=2)
    assert road.sum() > 1000
    kept = _pixels(full, ROAD, tol=6)[road].mean()
    assert kept > 0.995


def test_every_feature_is_drawn_once(city: Path, data) -> None:
    views = {v.layer.name: v for v in data.views if isinstance(v, VectorsView)}
    for table in ("roads", "parcels", "water"):
        if table not in views:
            continue
        view = views[table]
        fids = view.drawn_fids()  # what stands now, of the features of every time loaded
        assert len(fids) == _count(city, table)
        assert set(fids.tolist()) <= set(np.asarray(view.data.fids).tolist())
    assert len(views["roads"].parts) <= 4 and len(views["parcels"].parts) == 2


def test_a_road_is_labelled_with_its_chinese_name_near_the_camera_only(data) -> None:
    assert cjk_font() is not None  # tools/system-deps.sh installs fonts-noto-cjk
    holder: dict = {}

    def near(scene: Scene) -> None:
        name, xyz = _road_anchor(scene)
        holder["name"] = name
        _look_down(scene, xyz, 50.0)

    _img, scene, plotter = _render(data, near)
    labels = scene.views["roads"].labels
    assert holder["name"] in labels.visible_texts()
    assert re.search(r"[\u4e00-\u9fff]", holder["name"])
    actor = next(a for a in labels.actors if a.GetInput() == holder["name"])
    assert actor.GetVisibility() and not actor.GetPickable()
    assert actor.GetTextProperty().GetFontFile() == cjk_font()
    # a road's name is written once, however many segments it has
    assert len(labels.texts) == len(set(labels.texts))
    scene.reset_camera("overview")  # the whole city, far beyond label_distance
    scene.update_level_of_detail()
    assert labels.visible_texts() == []
    assert not any(a.GetVisibility() for a in labels.actors)
    plotter.close()


def test_scale_bar_shows_a_round_length_that_follows_the_zoom(data) -> None:
    _img, scene, plotter = _render(data)
    far = scene.overlays.scale_text
    assert re.fullmatch(r"[125]0* (m|km)", far), far
    scene.renderer.GetActiveCamera().Dolly(8.0)
    scene.update_level_of_detail()
    near = scene.overlays.scale_text
    assert re.fullmatch(r"[125]0* (m|km)", near) and near != far
    assert scene.overlays.metres < round_length(1e9)
    assert not any(a.GetPickable() for a in scene.overlays.actors)
    plotter.close()


def test_north_arrow_turns_with_the_camera(data) -> None:
    _img, scene, plotter = _render(data, lambda s: s.reset_camera("top"))
    assert abs(scene.overlays.angle()) < 1.0
    assert scene.overlays.north_text.GetInput() == "北"
    cam = scene.renderer.GetActiveCamera()
    cam.Roll(30.0)
    scene.update_level_of_detail()
    assert abs(abs(scene.overlays.angle()) - 30.0) < 1.0
    scene.reset_camera("overview")
    cam.Azimuth(90.0)
    scene.update_level_of_detail()
    assert abs(abs(scene.overlays.angle()) - 90.0) < 1.0
    # pixels: the dark half of the arrow moves
    plotter.close()


def test_style_opacity_and_visibility_change_in_place(data) -> None:
    img, scene, plotter = _render(data)
    roads = data.model.layers.get("roads")
    view = scene.views["roads"]
    actors = list(view.props())
    try:
        roads.style = roads.style.with_(rgb=(20, 200, 120))
        assert scene.views["roads"] is view and list(view.props()) == actors
        plotter.render_window.Render()
        img2 = np.asarray(plotter.screenshot(return_img=True))[:, :, :3].astype(int)
        assert _pixels(img2, (20, 200, 120)).sum() > 1000 and _pixels(img2, ROAD).sum() < 50
        roads.opacity = 0.5
        assert all(a.GetProperty().GetOpacity() == 0.5 for a in actors)
        roads.visible = False
        assert not any(a.GetVisibility() for a in actors)
        assert not any(a.GetVisibility() for a in view.labels.actors)
    finally:
        roads.style, roads.opacity, roads.visible = STYLES["roads"], 1.0, True
        plotter.close()


def test_a_click_on_a_road_picks_its_fid(data) -> None:
    def setup(scene: Scene) -> None:
        _name, xyz = _road_anchor(scene)
        _look_down(scene, xyz, 80.0)

    _img, scene, plotter = _render(data, setup)
    picker = vtk.vtkCellPicker()
    picker.SetTolerance(0.0005)
    picker.PickFromListOn()
    for actor in scene.views["roads"].props():
        picker.AddPickList(actor)
    w, h = plotter.window_size
    assert picker.Pick(w / 2, h / 2, 0, scene.renderer)
    found = scene.pick(picker.GetActor(), picker.GetCellId(), picker.GetDataSet())
    assert found is not None and found[0] == "roads"
    assert found[1] in set(np.asarray(scene.views["roads"].data.fids).tolist())
    plotter.close()


# -- the geometry, without rendering ------------------------------------------------------------
def test_features_with_their_own_z_are_drawn_at_it() -> None:
    line = shapely.linestrings([[0, 0, 30.0], [100, 0, 40.0]])
    data = VectorData("z", "line", np.array([7]), np.array([line]), {"w": [6.0]}, has_z=True)
    layer = Layer("z", "vectors", Source(table="z"), style=Style(width_field="w"))
    view = VectorsView(layer, Origin(0.0, 0.0))
    view.mesh(data, None)
    from vtkmodules.util.numpy_support import vtk_to_numpy

    pts = vtk_to_numpy(view.parts[0].poly.GetPoints().GetData())
    assert pts[:, 2].min() == pytest.approx(30.0) and pts[:, 2].max() == pytest.approx(40.0)
    assert view.drawn_fids().tolist() == [7]


def test_ribbons_are_as_wide_as_the_width_field_and_follow_the_terrain(city: Path) -> None:
    with Cache.open(city) as cache:
        grid = dem_grid(cache)
    x0, y0, x1, y1 = grid.bounds()
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    line = shapely.linestrings([[cx - 300, cy], [cx + 300, cy]])
    pts, tris, feat = ribbons(np.array([line]), np.array([12.0]), False, Drape(grid))
    assert pts[:, 1].max() - pts[:, 1].min() == pytest.approx(12.0)
    assert pts[:, 0].max() - pts[:, 0].min() == pytest.approx(612.0)  # square caps
    ground = terrain_heights(grid, pts[:, 0], pts[:, 1])
    assert np.allclose(pts[:, 2], ground)
    i = tris[:len(tris) // 2, 0]  # each side's edges: between them too it follows the ground
    for s in np.linspace(0.1, 0.9, 9):
        mid = pts[i] * (1 - s) + pts[i + 1] * s
        assert np.abs(mid[:, 2] - terrain_heights(grid, mid[:, 0], mid[:, 1])).max() < 0.35
    assert len(tris) and (feat == 0).all()


def test_polygon_fill_keeps_holes_and_lies_on_the_terrain(city: Path) -> None:
    with Cache.open(city) as cache:
        grid = dem_grid(cache)
    x0, y0, x1, y1 = grid.bounds()
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    poly = shapely.Polygon(shapely.box(cx - 400, cy - 400, cx + 400, cy + 400).exterior.coords,
                           [shapely.box(cx - 100, cy - 100, cx + 100, cy + 100).exterior.coords])
    (xyz, tris, feat), (lxyz, counts, rfeat) = polygon_meshes(np.array([poly]), False,
                                                              Drape(grid))
    a, b, c = (xyz[tris[:, k], :2] for k in range(3))
    u, v = b - a, c - a
    area = np.abs(u[:, 0] * v[:, 1] - u[:, 1] * v[:, 0]).sum() / 2
    assert area == pytest.approx(poly.area, rel=1e-9)
    centroids = (a + b + c) / 3
    assert not shapely.contains_xy(shapely.box(cx - 100, cy - 100, cx + 100, cy + 100),
                                   centroids[:, 0], centroids[:, 1]).any()
    assert np.allclose(xyz[:, 2], terrain_heights(grid, xyz[:, 0], xyz[:, 1]))
    assert len(counts) == 2 and counts.sum() == len(lxyz)


@pytest.mark.parametrize("metres, expected", [(0.7, 0.5), (1.0, 1.0), (3.9, 2.0), (7.5, 5.0),
                                              (180.0, 100.0), (260.0, 200.0), (4999.0, 2000.0)])
def test_round_length(metres: float, expected: float) -> None:
    assert round_length(metres) == expected


def test_length_text() -> None:
    assert [length_text(v) for v in (0.5, 200.0, 1000.0, 2000.0)] == [
        "0.5 m", "200 m", "1 km", "2 km"]


def test_fans_and_constrained_triangles_cover_each_polygon_exactly() -> None:
    from viewer.triangulate import ring_coordinates
    from viewer.views.vectors import convex_rings, triangulate

    square = shapely.box(0, 0, 10, 10)
    ell = shapely.Polygon([(20, 0), (40, 0), (40, 10), (30, 10), (30, 30), (20, 30)])
    holed = shapely.Polygon(shapely.box(50, 0, 80, 30).exterior.coords,
                            [shapely.box(60, 10, 70, 20).exterior.coords])
    polys = np.array([square, ell, holed])
    coords, ring, ring_poly = ring_coordinates(polys)
    assert convex_rings(coords, ring, ring_poly).tolist() == [True, False, False, False]
    tris, owner = triangulate(coords, ring, ring_poly)
    a, b, c = (coords[tris[:, k]] for k in range(3))
    u, v = b - a, c - a
    area = np.abs(u[:, 0] * v[:, 1] - u[:, 1] * v[:, 0]) / 2
    assert np.bincount(owner, area, minlength=3) == pytest.approx(shapely.area(polys))


def test_underground_the_draped_layers_are_as_translucent_as_the_ground(data) -> None:
    _img, scene, plotter = _render(data)
    try:
        scene.set_underground(True)
        terrain = scene.views["terrain"].props()[0].GetProperty().GetOpacity()
        assert terrain < 1.0
        for name in ("roads", "parcels"):
            assert all(a.GetProperty().GetOpacity() == pytest.approx(terrain)
                       for a in scene.views[name].props())
        scene.set_underground(False)
        assert all(a.GetProperty().GetOpacity() == 1.0 for a in scene.views["roads"].props())
    finally:
        scene.set_underground(False)
        plotter.close()


def test_ribbons_are_grouped_by_style_class_narrowest_first() -> None:
    from viewer.views.vectors import _bands, same_partition

    widths = np.array([30.0, 4.0, 12.0, 4.0, 30.0])
    classes = np.array([0, 2, 1, 2, 0])
    assert [g.tolist() for g in _bands(widths, classes)] == [[1, 3], [2], [0, 4]]
    assert same_partition(classes, np.array([5, 7, 6, 7, 5]))
    assert not same_partition(classes, np.array([0, 0, 1, 2, 0]))


def test_a_new_classification_groups_the_roads_again(data) -> None:
    _img, scene, plotter = _render(data)
    roads = data.model.layers.get("roads")
    view = scene.views["roads"]
    try:
        from layers.layer import StyleClass

        values = sorted({str(v) for v in view.data.columns["road_class"]})
        classes = tuple(StyleClass((40 * i, 100, 200), value=v) for i, v in enumerate(values))
        roads.style = roads.style.with_(mode="categorised", field="road_class", classes=classes)
        rebuilt = scene.views["roads"]
        assert rebuilt is not view and len(rebuilt.parts) == len(values)
        assert np.array_equal(rebuilt.drawn_fids(), view.drawn_fids())
    finally:
        roads.style = STYLES["roads"]
        plotter.close()


# -- draping only as finely as the ground needs (pure rules, known answers) ---------------------
def _ground(values: np.ndarray, cell: float = 5.0) -> Grid:
    rows = values.shape[0]
    return Grid(np.asarray(values, np.float64), Affine(cell, 0, 0, 0, -cell, rows * cell),
                "EPSG:4547", None)


def test_a_line_on_a_plane_keeps_only_its_own_vertices() -> None:
    cols = np.arange(200, dtype=np.float64)
    drape = Drape(_ground(np.tile(0.1 * cols, (200, 1))))  # a ramp: flat for a draped edge
    xy = np.array([[10.0, 500.0], [900.0, 510.0], [950.0, 20.0]])
    out, which = drape_path_vertices(xy, np.zeros(3, np.int64), drape)
    assert np.allclose(out, xy) and which.tolist() == [0, 0, 0]


def test_a_line_over_a_ridge_gets_a_vertex_on_the_ridge_and_no_more() -> None:
    cols = np.arange(200, dtype=np.float64)
    ridge = np.maximum(0.0, 20.0 - 0.2 * np.abs(cols - 100))  # a roof-shaped ridge at x ≈ 500
    grid = _ground(np.tile(ridge, (200, 1)))
    xy = np.array([[2.5 + 5 * 50, 500.0], [2.5 + 5 * 150, 500.0]])  # on cell centres
    out, which = drape_path_vertices(xy, np.zeros(2, np.int64), Drape(grid))
    assert len(out) == 3 and out[1, 0] == pytest.approx(502.5)  # the ridge's cell centre
    # a second line (another part) is draped on its own
    xy2 = np.concatenate([xy, xy + [0.0, 100.0]])
    out2, which2 = drape_path_vertices(xy2, np.array([0, 0, 1, 1]), Drape(grid))
    assert which2.tolist() == [0, 0, 0, 1, 1, 1]



def test_a_cut_between_two_pieces_is_draped_in_full_at_every_level() -> None:
    cols = np.arange(200, dtype=np.float64)
    ridge = np.maximum(0.0, 20.0 - 0.2 * np.abs(cols - 100))
    coarse = Drape(_ground(np.tile(ridge, (200, 1)))).coarser(50.0)  # a far tile's drape
    xy = np.array([[2.5 + 5 * 50, 500.0], [2.5 + 5 * 150, 500.0]])
    assert len(drape_path_vertices(xy, np.zeros(2, np.int64), coarse)[0]) == 2  # within 50 m
    out, _ = drape_path_vertices(xy, np.zeros(2, np.int64), coarse, fine=np.ones(2, bool))
    assert len(out) == 3 and out[1, 0] == pytest.approx(502.5)  # the cut: as a leaf drapes it


def _off_ground(grid: Grid, out: np.ndarray) -> float:
    """How far the straight draped edges between vertices ``out`` get from the ground."""
    s = np.linspace(0, 1, 41)[1:-1]
    mid = (out[:-1, None, :] * (1 - s)[:, None] + out[1:, None, :] * s[:, None]).reshape(-1, 2)
    z = terrain_heights(grid, out[:, 0], out[:, 1])
    flat = (z[:-1, None] * (1 - s) + z[1:, None] * s).ravel()
    return float(np.abs(terrain_heights(grid, mid[:, 0], mid[:, 1]) - flat).max())


@pytest.mark.parametrize("sag", [0.05, 0.3, 1.0, 4.0])
def test_a_draped_line_is_never_farther_from_the_ground_than_the_sag(sag: float) -> None:
    rng = np.random.default_rng(7)
    grid = _ground(np.cumsum(np.cumsum(rng.normal(0, 0.1, (120, 120)), axis=0), axis=1))
    xy = np.array([[12.0, 30.0], [580.0, 41.0], [300.0, 590.0]])
    one = np.zeros(3, np.int64)
    every_cell = drape_path_vertices(xy, one, Drape(grid), sag=0.0)[0]  # the old full drape
    out = drape_path_vertices(xy, one, Drape(grid), sag=sag)[0]
    assert _off_ground(grid, out) <= sag + _off_ground(grid, every_cell)
    assert len(out) < len(drape_path_vertices(xy, one, Drape(grid), sag=sag / 4)[0])
    assert len(out) < len(every_cell) / 2 or sag < 1.0  # rough ground: 1 m saves half


def test_a_far_tiles_drape_departs_from_the_ground_by_its_error_at_most() -> None:
    drape = Drape(_ground(np.zeros((10, 10))))
    assert drape.coarser(0.1) is drape  # finer than the DEM and the sag: the full drape
    far = drape.coarser(12.0)
    assert (far.sag, far.edge, drape.sag, drape.edge) == (12.0, 12.0, SAG, 5.0)
