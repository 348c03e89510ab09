"""Building meshes: LOD1 extrusion, tiling, a headless render, LOD2 solids from CityJSON."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import pyvista as pv
import shapely

from sample_city.city import CACHE_NAME, build
from store.cache import Cache
from viewer.buildings_mesh import (
    GROUND,
    ROOF,
    WALL,
    extrude_footprints,
    load_building_tiles,
    quadtree_keys,
    solid_meshes,
    tile_keys,
)
from viewer.origin import Origin

X0, Y0 = 500_000.0, 3_000_000.0  # world coordinates in the millions, as in CGCS2000
ORIGIN = Origin(X0, Y0)


def _poly(shell: list[tuple[float, float]], *holes: list[tuple[float, float]]) -> shapely.Polygon:
    move = [(X0 + x, Y0 + y) for x, y in shell]
    return shapely.Polygon(move, [[(X0 + x, Y0 + y) for x, y in h] for h in holes])


L_SHAPE = _poly([(0, 0), (10, 0), (10, 5), (5, 5), (5, 10), (0, 10)])  # area 75
COURT = _poly([(20, 0), (40, 0), (40, 20), (20, 20)],
              [(25, 5), (35, 5), (35, 15), (25, 15)])  # area 400 − 100, hole centre (30, 10)


def _cells(mesh: pv.PolyData) -> list[np.ndarray]:
    """The points of every cell, in order."""
    return [np.asarray(mesh.get_cell(i).points, dtype=np.float64) for i in range(mesh.n_cells)]


def _geometric_normal(p: np.ndarray) -> np.ndarray:
    n = np.cross(p[1] - p[0], p[2] - p[0])
    return n / np.linalg.norm(n)


def _triangle_area(p: np.ndarray) -> float:
    return float(np.linalg.norm(np.cross(p[1] - p[0], p[2] - p[0])) / 2)


def _covers(tri: np.ndarray, x: float, y: float) -> bool:
    """Whether the xy triangle contains (x, y) (barycentric test)."""
    (ax, ay), (bx, by), (cx, cy) = tri[:, :2]
    d = (by - cy) * (ax - cx) + (cx - bx) * (ay - cy)
    u = ((by - cy) * (x - cx) + (cx - bx) * (y - cy)) / d
    v = ((cy - ay) * (x - cx) + (ax - cx) * (y - cy)) / d
    return min(u, v, 1 - u - v) >= 0


@pytest.fixture(scope="module")
def blocks() -> pv.PolyData:
    geoms = [shapely.MultiPolygon([L_SHAPE]), shapely.MultiPolygon([COURT])]
    return extrude_footprints(geoms, [5.0, np.nan], [10.0, 3.0], [7, 9], ORIGIN)


def test_extrusion_counts_and_attributes(blocks: pv.PolyData) -> None:
    fid, part = blocks.cell_data["fid"], blocks.cell_data["part"]
    assert fid.dtype == np.int64 and part.dtype == np.uint8
    assert blocks.points.dtype == np.float32
    walls = {f: int(np.sum((fid == f) & (part == WALL))) for f in (7, 9)}
    roofs = {f: int(np.sum((fid == f) & (part == ROOF))) for f in (7, 9)}
    assert walls == {7: 6, 9: 8}  # one quad per ring edge, the courtyard's 4 included
    assert roofs == {7: 4, 9: 8}  # n − 2 and n + 2·holes − 2 triangles
    sizes = np.array([len(f) for f in blocks.irregular_faces])
    assert set(sizes[part == WALL]) == {4} and set(sizes[part == ROOF]) == {3}


def test_extrusion_geometry(blocks: pv.PolyData) -> None:
    fid, part = blocks.cell_data["fid"], blocks.cell_data["part"]
    cells = _cells(blocks)
    for f, area, (z0, z1) in ((7, 75.0, (5.0, 15.0)), (9, 300.0, (0.0, 3.0))):
        mine = [c for c, k in zip(cells, fid, strict=True) if k == f]
        z = np.concatenate([c[:, 2] for c in mine])
        assert (z.min(), z.max()) == (z0, z1)  # NaN ground → 0
        roof = [c for c, k, p in zip(cells, fid, part, strict=True) if k == f and p == ROOF]
        assert sum(_triangle_area(t) for t in roof) == pytest.approx(area)
        assert all(np.all(t[:, 2] == z1) for t in roof)
    roof9 = [c for c, k, p in zip(cells, fid, part, strict=True) if k == 9 and p == ROOF]
    assert not any(_covers(t, 30.0, 10.0) for t in roof9)  # the courtyard stays open
    assert any(_covers(t, 22.0, 10.0) for t in roof9)
    # local coordinates: the L starts at the origin
    assert blocks.bounds[0] == 0.0 and blocks.bounds[2] == 0.0


def test_extrusion_normals_point_out(blocks: pv.PolyData) -> None:
    fid, part = blocks.cell_data["fid"], blocks.cell_data["part"]
    stored = blocks.cell_data["Normals"]
    court, hole = np.array([30.0, 10.0]), np.array([30.0, 10.0])
    for i, cell in enumerate(_cells(blocks)):
        n = _geometric_normal(cell)
        assert np.allclose(n, stored[i], atol=1e-6)
        if part[i] == ROOF:
            assert n[2] == pytest.approx(1.0)
            continue
        assert n[2] == pytest.approx(0.0, abs=1e-6)
        if fid[i] != 9:
            continue
        out = cell[:, :2].mean(axis=0) - court
        if np.all(np.abs(out) <= 5.0):  # a courtyard wall faces into the courtyard
            assert n[:2] @ (hole - cell[:, :2].mean(axis=0)) > 0
        else:
            assert n[:2] @ out > 0


def test_extrusion_survives_bad_polygons() -> None:
    loop = _poly([(0, 0), (10, 0), (10, 10), (0, 10), (12, 5)])  # GEOS refuses to cut it
    spike = _poly([(0, 0), (6, 0), (6, 6), (3, 6), (3, 9), (3, 6), (0, 6)])
    flat = _poly([(0, 0), (1, 0), (2, 0)])
    square = _poly([(10, 0), (12, 0), (12, 2), (10, 2)])
    geoms = [loop, spike, flat, square, shapely.Polygon(), None]
    mesh = extrude_footprints(geoms, [0] * 6, [3] * 6, [1, 2, 3, 4, 5, 6], ORIGIN)
    fid, part = mesh.cell_data["fid"], mesh.cell_data["part"]
    roof = [_triangle_area(c) for c, f, p in zip(_cells(mesh), fid, part, strict=True)
            if f == 4 and p == ROOF]
    assert roof == [2.0, 2.0]
    assert not {3, 5, 6} & set(fid[part == ROOF].tolist())
    spike_roof = [c for c, f, p in zip(_cells(mesh), fid, part, strict=True)
                  if f == 2 and p == ROOF]
    assert sum(_triangle_area(t) for t in spike_roof) == pytest.approx(36.0)


def test_extrusion_of_nothing() -> None:
    empty = extrude_footprints([], [], [], [], ORIGIN)
    assert empty.n_cells == 0 and empty.cell_data["fid"].dtype == np.int64
    flat = extrude_footprints([L_SHAPE], [None], [None], [1], ORIGIN)  # unknown height
    assert flat.cell_data["part"].tolist() == [ROOF] * 4


def test_tile_keys_and_quadtree() -> None:
    pts = np.array([[-1.0, -1.0], [0.5, 0.5], [99.0, 0.0], [100.0, 250.0]])
    assert tile_keys(pts, 100.0).tolist() == [[-1, -1], [0, 0], [0, 0], [1, 2]]
    assert tile_keys(np.hstack([pts, pts]), 100.0).tolist() == tile_keys(pts, 100.0).tolist()
    rng = np.random.default_rng(1)
    xy = rng.uniform(0, 100, (1000, 2))
    keys = quadtree_keys(xy, 100.0, max_per_tile=100)
    assert keys[:, 0].min() >= 1
    _, counts = np.unique(keys, axis=0, return_counts=True)
    assert counts.max() <= 100 and keys[:, 0].max() >= 2


# -- a sample city ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("bm_city")
    build(out, buildings=800)
    with Cache.open(out / CACHE_NAME) as cache:
        yield cache


@pytest.mark.parametrize("max_per_tile", [2000, 60])
def test_tiles_partition_the_city(city: Cache, max_per_tile: int) -> None:
    origin = Origin.of_extent(city.extent())
    tiles = load_building_tiles(city, origin, max_per_tile=max_per_tile)
    all_fids = city.read("buildings").fids
    got = np.concatenate([t.fids for t in tiles])
    assert np.array_equal(np.sort(got), np.sort(all_fids))  # every building once
    assert max(len(t.fids) for t in tiles) <= max_per_tile
    assert len(tiles) <= len(all_fids) / 20
    assert len({t.key for t in tiles}) == len(tiles)
    for t in tiles:
        assert set(np.unique(t.mesh.cell_data["fid"])) == set(t.fids.tolist())
        assert np.any(t.mesh.cell_data["part"] == ROOF)
    if max_per_tile == 2000:
        assert len(tiles) <= 4


def test_tiles_within_bbox(city: Cache) -> None:
    ext = city.extent()
    origin = Origin.of_extent(ext)
    box = (ext[0], ext[1], (ext[0] + ext[2]) / 2, (ext[1] + ext[3]) / 2)
    fids = np.concatenate([t.fids for t in load_building_tiles(city, origin, box)])
    assert 0 < len(fids) < city.count("buildings")
    assert set(fids.tolist()) == set(city.read("buildings", bbox=box).fids.tolist())


def test_headless_render(city: Cache) -> None:
    origin = Origin.of_extent(city.extent())
    tiles = load_building_tiles(city, origin)
    plotter = pv.Plotter(off_screen=True, window_size=(320, 240))
    plotter.set_background("black")
    for t in tiles:
        plotter.add_mesh(t.mesh, color="white")
    plotter.view_isometric()
    image = plotter.screenshot(return_img=True)
    plotter.close()
    lit = np.any(image > 10, axis=2)
    assert lit.mean() > 0.02  # buildings cover pixels
    shades = np.unique(image[lit].mean(axis=1).round())
    assert len(shades) > 2  # lit walls and roofs differ


# -- LOD2 ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def lod2(realdata: Path, tmp_path_factory: pytest.TempPathFactory):
    from store.importers import import_file

    path = tmp_path_factory.mktemp("lod2") / "c.gpkg"
    import_file(realdata / "cityjson" / "cjio_multi_lod.city.json", path, crs="EPSG:28992")
    with Cache.open(path) as cache:
        yield cache


def _signed_volume(mesh: pv.PolyData, fid: int) -> float:
    """Volume by the divergence theorem: positive when the triangles face outwards."""
    p = mesh.points.astype(np.float64)[mesh.regular_faces[mesh.cell_data["fid"] == fid]]
    return float(np.einsum("ij,ij->i", p[:, 0], np.cross(p[:, 1], p[:, 2])).sum() / 6)


def test_lod2_solids(lod2: Cache) -> None:
    origin = Origin.of_extent(lod2.extent())
    tiles = solid_meshes(lod2, origin)
    buildings = lod2.read("buildings", ("lod",))
    assert len(buildings) == 10
    fids = np.concatenate([t.fids for t in tiles])
    assert sorted(fids.tolist()) == sorted(buildings.fids.tolist())
    for t in tiles:
        fid, part = t.mesh.cell_data["fid"], t.mesh.cell_data["part"]
        assert set(np.unique(fid)) == set(t.fids.tolist())
        assert t.mesh.is_all_triangles
        for f in t.fids:
            mine = part[fid == f]
            assert {WALL, ROOF, GROUND} <= set(mine.tolist())
            assert _signed_volume(t.mesh, f) > 0
        n = t.mesh.cell_data["Normals"]
        assert np.all(n[part == ROOF, 2] > 0) and np.all(n[part == GROUND, 2] < 0)
    assert load_building_tiles(lod2, origin) == []  # no LOD1 duplicate


def test_lod1_and_lod2_side_by_side(lod2: Cache, tmp_path: Path) -> None:
    origin = Origin.of_extent(lod2.extent())
    ext = lod2.extent()
    block = shapely.MultiPolygon([shapely.box(ext[0] - 50, ext[1] - 50, ext[0] - 40, ext[1] - 40)])
    with lod2.transaction() as tx:
        tx.insert("buildings", [block], {"height": [6.0], "ground_z": [1.0], "lod": ["1"]},
                  source="test")
    try:
        lod1 = load_building_tiles(lod2, origin)
        assert len(lod1) == 1 and len(lod1[0].fids) == 1
        solid = np.concatenate([t.fids for t in solid_meshes(lod2, origin)])
        assert lod1[0].fids[0] not in solid and len(solid) == 10
        box = (ext[0] - 60, ext[1] - 60, ext[0] - 30, ext[1] - 30)
        assert solid_meshes(lod2, origin, box) == []
    finally:
        with lod2.transaction() as tx:
            tx.delete("buildings", lod2.read("buildings", ("gid",), where="lod = '1'")
                      .columns["gid"])
