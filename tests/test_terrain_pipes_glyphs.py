"""Terrain, pipe and glyph meshes: geometry, picking ids and headless (EGL) renders."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
import pyvista as pv
import shapely
from rasterio.io import MemoryFile
from rasterio.transform import Affine

from store.cache import Cache, Features
from store.raster import Grid, load_dem
from tests.sample_build import build
from viewer.glyphs import (
    POLE_STATUS_COLORS,
    glyph_actor,
    pick_glyph,
    pipe_point_glyphs,
    pole_glyphs,
    unit_cylinder,
)
from viewer.origin import Origin
from viewer.pipes_mesh import (
    COLUMNS,
    class_codes,
    class_colors,
    class_lut,
    load_pipes,
    load_pipes_by_class,
    pipe_actor,
    pipe_mesh,
)
from viewer.terrain_mesh import load_ortho, load_terrain, ortho_texture, terrain_mesh

W, H = 400, 300


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Cache:
    info = build(tmp_path_factory.mktemp("c"), buildings=400)
    cache = Cache.open(info["cache"])
    yield cache
    cache.close()


@pytest.fixture(scope="module")
def origin(city: Cache) -> Origin:
    extent = city.extent()
    assert extent is not None
    return Origin.of_extent(extent)


def _grid(values: np.ndarray, nodata: float | None = None, cell: float = 2.0,
          x0: float = 500_000.0, y0: float = 2_500_000.0) -> Grid:
    rows = values.shape[0]
    return Grid(values.astype(np.float32), Affine(cell, 0, x0, 0, -cell, y0 + rows * cell),
                "EPSG:4547", nodata)


def _plotter(*actors: object) -> pv.Plotter:
    pl = pv.Plotter(off_screen=True, window_size=(W, H))
    pl.set_background((0, 0, 0))
    for a in actors:
        pl.add_actor(a)
    return pl


# -- terrain --------------------------------------------------------------------------------------
def test_terrain_matches_dem(city: Cache, origin: Origin) -> None:
    raster = city.raster("dem")
    assert raster is not None
    grid = load_dem(raster)
    mesh = load_terrain(city, origin)
    assert mesh is not None
    rows, cols = grid.values.shape
    assert mesh.n_points == rows * cols
    assert mesh.n_cells == 2 * (rows - 1) * (cols - 1)
    z = mesh.points[:, 2]
    assert z.min() >= raster.min_z - 1e-3 and z.max() <= raster.max_z + 1e-3
    assert z.min() == pytest.approx(raster.min_z, abs=1e-3)
    assert z.max() == pytest.approx(raster.max_z, abs=1e-3)
    np.testing.assert_allclose(mesh.point_data["elevation"], z)
    normals = mesh.point_data["Normals"]
    assert normals.shape == (mesh.n_points, 3) and (normals[:, 2] > 0).all()
    # pixel centres, shifted to the origin
    x0, y0, x1, y1 = grid.bounds()
    b = mesh.bounds
    assert b.x_min == pytest.approx(x0 + grid.cell / 2 - origin.x, abs=0.01)
    assert b.y_max == pytest.approx(y1 - grid.cell / 2 - origin.y, abs=0.01)


@pytest.mark.parametrize("hole", [np.nan, -9999.0])
def test_terrain_nodata_makes_holes(hole: float) -> None:
    vals = np.fromfunction(lambda r, c: 10 + 0.1 * r + 0.05 * c, (20, 30))
    vals[5:10, 10:15] = hole
    grid = _grid(vals, nodata=None if np.isnan(hole) else hole)
    mesh = terrain_mesh(grid, Origin(500_000.0, 2_500_000.0))
    assert mesh.n_points == 20 * 30 - 25
    z = mesh.points[:, 2]
    assert np.isfinite(z).all() and z.min() >= 10.0 and z.max() <= vals[vals > 0].max() + 1e-4
    # no triangle covers the hole: centroids stay clear of the block's pixel centres
    centres = mesh.cell_centers().points
    col = (centres[:, 0] - 0.0) / 2.0 - 0.5
    row = (20 * 2.0 - centres[:, 1]) / 2.0 - 0.5
    inside = (row > 4.5) & (row < 9.5) & (col > 9.5) & (col < 14.5)
    assert not inside.any()
    full = 2 * 19 * 29
    assert mesh.n_cells < full


def test_terrain_decimation_caps_cells() -> None:
    vals = np.random.default_rng(1).random((301, 401)) * 5
    grid = _grid(vals)
    mesh = terrain_mesh(grid, Origin(500_000.0, 2_500_000.0), max_cells=10_000)
    assert 0 < mesh.n_cells <= 10_000
    assert mesh.n_cells > 2_000  # not over-decimated
    full = terrain_mesh(grid, Origin(500_000.0, 2_500_000.0))
    np.testing.assert_allclose(mesh.bounds[:4], full.bounds[:4], atol=1e-3)  # extent kept


def test_terrain_ortho_texture_coordinates() -> None:
    grid = _grid(np.ones((10, 12)), cell=2.0)
    ortho = _grid(np.zeros((5, 6)), cell=4.0)  # same footprint, coarser
    mesh = terrain_mesh(grid, Origin(0.0, 0.0), ortho=ortho)
    uv = mesh.active_texture_coordinates
    assert uv is not None and uv.shape == (mesh.n_points, 2)
    assert uv.min() >= 0.0 and uv.max() <= 1.0
    x0, y0, x1, y1 = ortho.bounds()
    p = mesh.points.astype(np.float64)
    np.testing.assert_allclose(uv[:, 0], (p[:, 0] - x0) / (x1 - x0), atol=1e-4)
    np.testing.assert_allclose(uv[:, 1], (p[:, 1] - y0) / (y1 - y0), atol=1e-4)
    assert terrain_mesh(grid, Origin(0.0, 0.0)).active_texture_coordinates is None


def test_no_dem_no_ortho(tmp_path: Path, city: Cache) -> None:
    with Cache.create(tmp_path / "empty.gpkg", "EPSG:4547") as empty:
        assert load_terrain(empty, Origin(0.0, 0.0)) is None
        assert load_ortho(empty) is None


def test_stored_ortho(tmp_path: Path) -> None:
    rgb = np.zeros((3, 8, 10), dtype=np.uint8)
    rgb[0] = 200  # reddish
    transform = Affine(1.0, 0, 100.0, 0, -1.0, 208.0)
    with MemoryFile() as mem:
        with mem.open(driver="GTiff", width=10, height=8, count=3, dtype="uint8",
                      crs="EPSG:4547", transform=transform) as dst:
            dst.write(rgb)
        data = bytes(mem.read())
    with Cache.create(tmp_path / "o.gpkg", "EPSG:4547") as cache:
        with cache.transaction() as tx:
            tx.put_raster("ortho", "ortho", data, crs="EPSG:4547", width=10, height=8,
                          transform=tuple(transform)[:6], nodata=None, min_z=None, max_z=None,
                          source="test")
        ortho = load_ortho(cache)
    assert ortho is not None
    assert ortho.rgb.shape == (8, 10, 3) and (ortho.rgb[..., 0] == 200).all()
    assert ortho.grid.bounds() == (100.0, 200.0, 110.0, 208.0)
    assert isinstance(ortho_texture(ortho.rgb), pv.Texture)


# -- pipes ----------------------------------------------------------------------------------------
def _features(lines: list[shapely.LineString], **cols: list[object]) -> Features:
    n = len(lines)
    full = {c: cols.get(c, [None] * n) for c in COLUMNS}
    return Features(np.arange(101, 101 + n, dtype=np.int64), np.array(lines, dtype=object), full)


def test_round_pipe_crown_reference() -> None:
    line = shapely.LineString([(0, 0, -2), (10, 0, -2)])
    feats = _features([line], class_code=["JS"], diameter_mm=[1000], section=["DN1000"])
    mesh = pipe_mesh(feats, Origin(0.0, 0.0), sides=8)
    assert mesh.n_points == 8 * 2
    assert mesh.n_cells == 8 + 2  # side quads + two caps: closed
    assert mesh.is_manifold
    p = mesh.points.astype(np.float64)
    # crown at z = −2 → axis at −2.5, every vertex on the 0.5 m circle around it
    np.testing.assert_allclose(np.hypot(p[:, 1], p[:, 2] + 2.5), 0.5, atol=1e-3)
    assert p[:, 2].max() == pytest.approx(-2.0, abs=1e-3)
    assert set(np.round(p[:, 0], 3)) == {0.0, 10.0}
    assert (mesh.cell_data["fid"] == 101).all() and mesh.cell_data["fid"].dtype == np.int64
    assert mesh.cell_data["class"].dtype == np.uint8
    assert (mesh.cell_data["class"] == class_codes().index("JS")).all()


@pytest.mark.parametrize(("code", "zmin", "zmax"), [("PS", -2.0, -1.2), ("DL", -2.8, -2.0)])
def test_box_section(code: str, zmin: float, zmax: float) -> None:
    line = shapely.LineString([(0, 0, -2), (10, 0, -2)])
    feats = _features([line], class_code=[code], width_mm=[1000], height_mm=[800],
                      section=["1000×800"])
    mesh = pipe_mesh(feats, Origin(0.0, 0.0))
    assert mesh.n_points == 8 and mesh.n_cells == 6 and mesh.is_manifold
    b = mesh.bounds
    np.testing.assert_allclose([b.x_min, b.x_max, b.y_min, b.y_max, b.z_min, b.z_max],
                               [0, 10, -0.5, 0.5, zmin, zmax], atol=1e-5)
    assert mesh.volume == pytest.approx(10 * 1.0 * 0.8, rel=1e-4)


def test_section_text_fallback_and_bends() -> None:
    lines = [shapely.LineString([(0, 0, 0), (10, 0, 0), (10, 10, 0)]),
             shapely.LineString([(50, 0, 0), (60, 0, 0)])]
    feats = _features(lines, class_code=["RQ", "??"], section=["DN1000", "400×300"])
    mesh = pipe_mesh(feats, Origin(0.0, 0.0), sides=16)
    fid, cls = mesh.cell_data["fid"], mesh.cell_data["class"]
    assert set(fid) == {101, 102}
    assert (cls[fid == 102] == class_codes().index("QT")).all()  # unknown class → other
    bent = mesh.extract_cells(np.flatnonzero(fid == 101))
    assert bent.n_points == 16 * 3
    # the mitred bend keeps the pipe's cross-section: volume = area × axis length
    area = 0.5 * 16 * 0.5**2 * np.sin(2 * np.pi / 16)
    assert abs(bent.extract_surface(algorithm=None).volume) == pytest.approx(area * 20,
                                                                              rel=1e-3)
    box = mesh.extract_cells(np.flatnonzero(fid == 102))
    assert box.n_points == 8
    assert box.bounds.y_max - box.bounds.y_min == pytest.approx(0.4, abs=1e-5)


def test_sample_city_pipes(city: Cache, origin: Origin) -> None:
    t0 = time.perf_counter()
    feats = city.read("pipelines", COLUMNS)
    t1 = time.perf_counter()
    mesh = pipe_mesh(feats, origin)
    t2 = time.perf_counter()
    print(f"\n{len(feats)} pipelines: read {t1 - t0:.3f} s, mesh {t2 - t1:.3f} s, "
          f"{mesh.n_points} points, {mesh.n_cells} cells")
    cls = mesh.cell_data["class"]
    assert mesh.n_cells > 0 and cls.max() < len(class_codes())
    assert set(mesh.cell_data["fid"]) == set(feats.fids.tolist())
    # every class code of the data maps to its own index
    table = {c: i for i, c in enumerate(class_codes())}
    by_fid = dict(zip(feats.fids.tolist(), feats.columns["class_code"], strict=True))
    fid = mesh.cell_data["fid"]
    sample = np.random.default_rng(0).choice(mesh.n_cells, 500)
    assert all(cls[i] == table[by_fid[int(fid[i])]] for i in sample)
    assert np.isfinite(mesh.points).all()
    per_class = load_pipes_by_class(city, origin)
    assert sum(m.n_cells for m in per_class.values()) == mesh.n_cells
    for code, sub in per_class.items():
        assert (sub.cell_data["class"] == table[code]).all()
    only = load_pipes(city, origin, classes=["PS"])
    assert only.n_cells == per_class["PS"].n_cells
    assert load_pipes(city, origin, classes=[]).n_cells == 0
    assert class_colors(dark=True).shape == (len(table), 3)


@pytest.mark.parametrize("dark", [True, False])
def test_class_lookup_table(dark: bool) -> None:
    lut = class_lut(dark)
    colors = class_colors(dark)
    for i, rgb in enumerate(colors):
        out = [0.0, 0.0, 0.0]
        lut.GetColor(float(i), out)
        np.testing.assert_allclose(np.array(out) * 255, rgb, atol=0.5)
    actor = pipe_actor(pv.PolyData(), dark=dark)
    assert actor.GetMapper().GetLookupTable().GetNumberOfTableValues() == len(class_codes())
    gy = class_codes().index("GY")
    assert tuple(colors[gy]) == ((200, 200, 200) if dark else (0, 0, 0))


# -- glyphs ---------------------------------------------------------------------------------------
def _poles(city: Cache) -> Features:
    return city.read("poles", ("status", "height"))


def test_pole_glyph_instances_and_colours(city: Cache, origin: Origin) -> None:
    feats = _poles(city)
    actor = pole_glyphs(city, origin)
    data = actor.GetMapper().GetInput()
    assert data.GetNumberOfPoints() == len(feats) > 0
    pd = pv.wrap(data).point_data
    np.testing.assert_array_equal(pd["fid"], feats.fids)
    expected = np.array([POLE_STATUS_COLORS[s] for s in feats.columns["status"]])
    np.testing.assert_array_equal(pd["colors"], expected)
    np.testing.assert_allclose(pd["scale"][:, 2], np.array(feats.columns["height"]), rtol=1e-6)


def _camera_on(pl: pv.Plotter, target: np.ndarray, others: np.ndarray, dist: float) -> None:
    """Look horizontally at ``target`` from the side away from its nearest neighbour."""
    near = others[np.argmin(np.linalg.norm(others[:, :2] - target[:2], axis=1))]
    away = target[:2] - near[:2]
    side = np.array([-away[1], away[0]]) / np.linalg.norm(away)
    eye = np.r_[target[:2] + side * dist, target[2]]
    pl.camera_position = [tuple(eye), tuple(target), (0, 0, 1)]
    pl.camera.view_angle = 30.0


@pytest.mark.parametrize("status", ["故障", "正常"])
def test_pole_render_and_pick(city: Cache, origin: Origin, status: str) -> None:
    feats = _poles(city)
    i = feats.columns["status"].index(status)
    xyz = origin.to_local(shapely.get_coordinates(feats.geoms, include_z=True)).astype(float)
    target = xyz[i] + (0, 0, feats.columns["height"][i] / 2)
    actor = pole_glyphs(city, origin)
    pl = _plotter(actor)
    _camera_on(pl, target, np.delete(xyz, i, axis=0), dist=12.0)
    img = pl.screenshot(return_img=True).astype(int)
    centre = img[H // 2 - 3:H // 2 + 4, W // 2 - 2:W // 2 + 3].reshape(-1, 3)
    # lighting scales the colour: the pixels' hue is nearest the status colour's (the CSV's)
    unit = {k: np.array(v) / np.linalg.norm(v) for k, v in POLE_STATUS_COLORS.items()}
    seen = centre.mean(axis=0)
    assert seen.max() > 60
    assert max(unit, key=lambda k: float(unit[k] @ (seen / np.linalg.norm(seen)))) == status
    assert pick_glyph(pl.renderer, W // 2, H // 2) == int(feats.fids[i])
    assert pick_glyph(pl.renderer, W // 2, H // 2, actor) == int(feats.fids[i])
    assert pick_glyph(pl.renderer, 3, 3) is None  # sky
    pl.close()


def test_glyph_actor_uniform_scale_and_pick() -> None:
    pts = np.array([[0, 0, 0], [6, 0, 0]], dtype=np.float32)
    actor = glyph_actor(pts, source=unit_cylinder(), scale=4.0,
                        colors=np.array([[255, 0, 0], [0, 0, 255]]), ids=np.array([11, 22]))
    pl = _plotter(actor)
    pl.camera_position = [(3, -30, 2), (3, 0, 2), (0, 0, 1)]
    img = pl.screenshot(return_img=True).astype(int)
    red = np.argwhere((img[..., 0] > 100) & (img[..., 2] < 40))
    blue = np.argwhere((img[..., 2] > 100) & (img[..., 0] < 40))
    assert len(red) and len(blue)
    (ry, rx), (by, bx) = red.mean(axis=0).astype(int), blue.mean(axis=0).astype(int)
    assert pick_glyph(pl.renderer, rx, H - 1 - ry) == 11
    assert pick_glyph(pl.renderer, bx, H - 1 - by) == 22
    pl.close()


def test_pipe_point_glyphs(city: Cache, origin: Origin) -> None:
    feats = city.read("pipe_points", ("class_code", "point_type"))
    actor = pipe_point_glyphs(city, origin)
    data = pv.wrap(actor.GetMapper().GetInput())
    assert data.n_points == len(feats) > 0
    np.testing.assert_array_equal(data.point_data["fid"], feats.fids)
    table = {c: i for i, c in enumerate(class_codes())}
    expected = class_colors(True)[[table[c] for c in feats.columns["class_code"]]]
    np.testing.assert_array_equal(data.point_data["colors"], expected)
    kinds = data.point_data["source_index"]
    ptype = np.array(feats.columns["point_type"], dtype=object)
    assert (kinds[ptype == "检查井"] == 0).all() and (kinds[ptype == "阀门"] == 1).all()
    assert set(np.unique(kinds)) <= {0, 1, 2}


# -- underground viewing --------------------------------------------------------------------------
def _pipe_pixels(img: np.ndarray) -> int:
    """Pixels tinted cyan (class JS): green and blue well above red."""
    r, g, b = (img[..., k].astype(int) for k in range(3))
    return int(((g - r > 60) & (b - r > 60)).sum())


def test_terrain_hides_pipe_unless_translucent() -> None:
    o = Origin(500_000.0, 2_500_000.0)
    terrain = terrain_mesh(_grid(np.full((30, 30), 10.0)), o)  # flat ground at z = 10, 60 m
    line = shapely.LineString([(500_010.0, 2_500_030.0, 7.0), (500_050.0, 2_500_030.0, 7.0)])
    pipe = pipe_mesh(_features([line], class_code=["JS"], diameter_mm=[1000]), o)

    def render(opacity: float, eye_z: float) -> np.ndarray:
        pl = pv.Plotter(off_screen=True, window_size=(W, H))
        pl.set_background((0, 0, 0))
        pl.add_actor(pipe_actor(pipe))
        pl.add_mesh(terrain, color=(150, 150, 150), opacity=opacity, lighting=True)
        pl.camera_position = [(30, 20, eye_z), (30, 30, 7), (0, 0, 1)]
        img = pl.screenshot(return_img=True)
        pl.close()
        return img

    above_opaque = render(1.0, 40.0)
    above_glass = render(0.3, 40.0)
    assert _pipe_pixels(above_opaque) == 0
    assert _pipe_pixels(above_glass) > 200
    # the camera under the ground sees the pipe and the terrain's underside (no culling)
    below = render(1.0, -10.0)
    assert _pipe_pixels(below) > 200
    grey = (np.abs(below.astype(int) - below[..., :1].astype(int)).max(axis=-1) < 10) & (
        below[..., 0] > 20)
    assert grey.sum() > 1000
