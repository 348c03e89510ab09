"""The sample city's reality mesh: a real 3D Tiles 1.1 tileset read back by cimview's reader,
placed where the city is, textured, and quick to make."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pygltflib
import pytest
import shapely
from PIL import Image
from pyproj import Transformer

from sample_city import reality_mesh as rm
from store.cache import Cache
from store.raster import load_dem
from store.tiles.content import read_content
from store.tiles.registry import list_tilesets, open_source
from store.tiles.source import FolderSource
from store.tiles.tileset import Tileset
from tests.sample_build import build


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("reality_city")
    return build(out, buildings=150)


@pytest.fixture(scope="module")
def tileset(city: dict) -> Tileset:
    with Cache.open(city["cache"]) as cache:
        entry = list_tilesets(cache)[0]
    return Tileset(open_source(city["cache"], entry), entry.root)


def test_the_sample_city_ships_a_registered_reality_tileset_made_quickly(city: dict) -> None:
    folder = Path(city["cache"]).parent / "reality"
    assert (folder / "tileset.json").is_file()
    with Cache.open(city["cache"]) as cache:
        entries = list_tilesets(cache)
    assert [(e.name, e.uri, e.kind, e.title) for e in entries] == [
        ("reality", "reality", "reality", "倾斜摄影")]
    assert city["reality"]["tiles"] == 21 and city["reality"]["levels"] == 3
    assert city["reality"]["seconds"] < 2.0


def test_a_replace_quadtree_of_three_levels_with_sensible_errors(tileset: Tileset) -> None:
    assert tileset.version == "1.1"
    root = tileset.root
    assert root.refine == "REPLACE"
    levels: dict[int, list] = {}
    for tile in tileset.walk():
        levels.setdefault(tile.depth, []).append(tile)
        kids = tileset.children(tile)
        assert len(kids) in (0, 4)
        for kid in kids:
            assert kid.geometric_error < tile.geometric_error
        assert len(tile.content_uris) == 1
    assert {d: len(t) for d, t in levels.items()} == {0: 1, 1: 4, 2: 16}
    assert all(t.geometric_error == 0 for t in levels[2])
    assert tileset.geometric_error > root.geometric_error > 0
    # the root frame is on the earth's surface (ECEF), in south China
    origin = root.world[:3, 3]
    assert 6.3e6 < np.linalg.norm(origin) < 6.4e6
    lon, lat, _ = Transformer.from_crs("EPSG:4978", "EPSG:4979", always_xy=True).transform(
        *origin)
    assert 112 < lon < 115 and 22 < lat < 24


def _to_cache(points_world: np.ndarray, crs) -> np.ndarray:
    t = Transformer.from_crs("EPSG:4978", crs.to_3d(), always_xy=True)
    return np.column_stack(t.transform(*points_world.T))


def test_the_mesh_drapes_the_terrain_and_the_roofs_where_the_city_is(city: dict,
                                                                   tileset: Tileset) -> None:
    leaves = [t for t in tileset.walk() if not tileset.children(t)]
    with Cache.open(city["cache"]) as cache:
        dem = load_dem(cache.raster("dem"))
        b = cache.read("buildings", ["height", "ground_z"])
        crs = cache.crs
    roofs = shapely.STRtree(b.geoms)
    top = np.array([g + h for g, h in zip(b.columns["ground_z"], b.columns["height"],
                                          strict=True)])
    on_roof = near_ground = 0
    for leaf in leaves:
        mesh = read_content(tileset.source, leaf.content_uris[0], tileset.gltf_up_axis)
        pts = mesh.positions @ leaf.world[:3, :3].T + leaf.world[:3, 3]
        xyz = _to_cache(pts, crs)
        # inside the tile's bounding box (its frame is the root's)
        local = mesh.positions
        c, h = np.array(leaf.bounding_volume.values[:3]), np.diag(
            np.array(leaf.bounding_volume.values[3:]).reshape(3, 3))
        assert (np.abs(local - c) <= np.abs(h) + 1e-3).all()
        # uv into the atlas
        assert mesh.uv is not None and mesh.uv.min() >= 0 and mesh.uv.max() <= 1
        # every vertex is on the ground or on a roof (within the noise), or on a façade between
        ground = dem.sample(xyz[:, 0], xyz[:, 1])
        pts2 = shapely.points(xyz[:, :2])
        hit_p, hit_b = roofs.query(pts2, predicate="within")
        assert (np.abs(xyz[:, 2] - ground) < 0.5).mean() > 0.5
        roof_z = np.full(len(xyz), np.nan)
        roof_z[hit_p] = top[hit_b]
        inside = np.isfinite(roof_z)
        on_roof += int((np.abs(xyz[inside, 2] - roof_z[inside]) < 0.6).sum())
        near_ground += int((np.abs(xyz[~inside, 2] - ground[~inside]) < 0.5).sum())
        below = xyz[:, 2] < ground - 0.5
        assert not below.any(), "the mesh goes under the terrain"
    assert on_roof > 1000 and near_ground > 10000


def test_tiles_are_textured_glb_with_smaller_textures_up_the_tree(tileset: Tileset) -> None:
    sizes = {}
    for tile in tileset.walk():
        data = tileset.source.read(tile.content_uris[0])
        assert data[:4] == b"glTF"
        gltf = pygltflib.GLTF2.load_from_bytes(data)
        assert "KHR_materials_unlit" in gltf.extensionsUsed
        image = gltf.images[0]
        assert image.mimeType == "image/jpeg"
        view = gltf.bufferViews[image.bufferView]
        blob = gltf.binary_blob()
        picture = Image.open(io.BytesIO(blob[view.byteOffset:view.byteOffset + view.byteLength]))
        sizes.setdefault(tile.depth, set()).add(picture.size)
        pixels = np.asarray(picture)
        assert pixels.std() > 10  # a picture, not a flat colour
    assert sizes[2] == {(512, 768)} and sizes[0] == {(256, 384)}


def test_a_cache_without_an_orthophoto_still_gets_textures(city: dict, tmp_path: Path) -> None:
    with Cache.open(city["cache"]) as cache:
        surface = rm.load_surface(cache)
        area = rm.district(cache, 120)
    surface.ortho = None
    summary = rm.write(surface, rm.Plan(area, levels=2, leaf_cell=2.0, leaf_px=128), tmp_path)
    assert summary["tiles"] == 5
    doc = json.loads((tmp_path / "tileset.json").read_text())
    assert len(doc["root"]["children"]) == 4


def test_the_command_line_makes_a_tileset_of_the_size_asked(city: dict, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture
                                                            ) -> None:
    plan = rm.plan_for((0, 0, 2400, 2400), 1e9)
    assert plan.estimate_bytes() >= 1e9 and plan.levels >= 5
    out = tmp_path / "big"
    assert rm.main(["--cache", city["cache"], "--out", str(out), "--target-gb", "0.015",
                    "--side", "300", "--no-register"]) == 0
    summary = json.loads(capsys.readouterr().out)
    total = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    assert total == summary["bytes"]
    assert 0.015e9 * 0.85 < total < 0.015e9 * 3  # at least about the size asked
    with Cache.open(city["cache"]) as cache:
        assert [e.name for e in list_tilesets(cache)] == ["reality"]  # not registered


def test_a_fine_tile_has_32_bit_indices_and_reads_back(city: dict, tmp_path: Path) -> None:
    with Cache.open(city["cache"]) as cache:
        area = rm.district(cache, 120)
        surface = rm.load_surface(cache, area)
    rm.write(surface, rm.Plan(area, levels=1, leaf_cell=0.4, leaf_px=256), tmp_path)
    tileset = Tileset(FolderSource(tmp_path))
    mesh = read_content(tileset.source, tileset.root.content_uris[0])
    assert len(mesh.positions) > 65536
    assert mesh.triangles.max() == len(mesh.positions) - 1
    assert tileset.root.geometric_error == 0  # one level: a leaf
