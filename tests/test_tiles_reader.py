"""store.tiles: a real public tileset (CesiumGS 3d-tiles-samples) and hand-made broken ones."""

from __future__ import annotations

import json
import shutil
import struct
from pathlib import Path

import numpy as np
import pytest

from store.errors import InputError
from store.tiles.content import decode_b3dm, read_content
from store.tiles.source import FolderSource, join_uri
from store.tiles.tileset import BoundingVolume, Limits, Tileset, world_volume

DATA = Path(__file__).parent / "data" / "3dtiles"
REQUEST_VOLUME = DATA / "TilesetWithRequestVolume"


def _tileset(folder: Path, doc: dict, name: str = "tileset.json") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(json.dumps(doc))


def _doc(root: dict, version: str = "1.0") -> dict:
    return {"asset": {"version": version}, "geometricError": 10, "root": root}


BOX = {"box": [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]}


def test_real_tileset_tree_with_external_tileset_read_lazily():
    ts = Tileset(FolderSource(REQUEST_VOLUME))
    assert ts.version == "1.0" and ts.geometric_error == 100
    city, building, points = ts.children(ts.root)
    assert city.external == "city/tileset.json" and not city.loaded
    assert building.content_uris == ["building.b3dm"] and building.refine == "ADD"
    assert building.bounding_volume.kind == "box" and points.bounding_volume.kind == "sphere"
    # the building's transform is an ENU frame placed on the globe (ECEF, metres)
    assert np.linalg.norm(building.world[:3, 3]) == pytest.approx(6.37e6, rel=0.01)
    (city_root,) = ts.children(city)
    assert city_root.file == "city/tileset.json" and city.loaded
    leaves = ts.children(city_root)
    assert sorted(u for t in leaves for u in t.content_uris) == [
        "city/ll.b3dm", "city/lr.b3dm", "city/ul.b3dm", "city/ur.b3dm"]
    assert all(t.refine == "ADD" and t.geometric_error == 0 for t in leaves)
    assert len(list(ts.walk())) == 9


def test_real_b3dm_decodes_to_buildings_inside_their_region():
    source = FolderSource(REQUEST_VOLUME)
    mesh = read_content(source, "city/ll.b3dm")
    assert mesh.feature_count == 10
    assert mesh.positions.dtype == np.float64 and mesh.positions.shape[1] == 3
    assert mesh.triangles.shape[1] == 3 and mesh.triangles.max() < len(mesh.positions)
    assert mesh.normals is not None and mesh.normals.shape == mesh.positions.shape
    assert set(np.unique(mesh.feature_ids)) <= set(range(10))
    assert list(mesh.properties) == ["id", "Longitude", "Latitude", "Height"]
    assert mesh.properties["id"] == list(range(10))
    assert mesh.rtc_center is not None
    # RTC_CENTER added and glTF y-up turned z-up: every vertex lies in the tile's region
    region = Tileset(source).children(Tileset(source).root)[0].bounding_volume.values
    x, y, z = mesh.positions.T
    lon = np.arctan2(y, x)
    lat = np.arctan2(z, np.hypot(x, y) * (1 - 0.00669438))  # geodetic, near the surface
    west, south, east, north = region[:4]
    assert (lon > west - 1e-6).all() and (lon < east + 1e-6).all()
    assert (lat > south - 1e-6).all() and (lat < north + 1e-6).all()


def test_transforms_compose_down_the_tree(tmp_path):
    move = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 10, 0, 0, 1]
    scale = [2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1]
    child = {"boundingVolume": {"sphere": [1, 0, 0, 1]}, "geometricError": 0,
             "transform": scale}
    _tileset(tmp_path, _doc({"boundingVolume": BOX, "geometricError": 5, "refine": "replace",
                             "transform": move, "children": [child]}, "1.1"))
    ts = Tileset(FolderSource(tmp_path))
    (kid,) = ts.children(ts.root)
    assert kid.refine == "REPLACE"  # inherited
    assert world_volume(kid.bounding_volume, kid.world) == BoundingVolume(
        "sphere", (12.0, 0.0, 0.0, 2.0))


def test_join_uri_refuses_escapes():
    assert join_uri("a/tileset.json", "b/c.b3dm") == "a/b/c.b3dm"
    for bad in ("../../etc/passwd", "/etc/passwd", "http://evil.example/t.json",
                "file:///etc/passwd", "..\\x.json", "//host/x.glb"):
        with pytest.raises(ValueError):
            join_uri("a/tileset.json", bad)


@pytest.mark.parametrize(("root", "version", "expected"), [
    ({"boundingVolume": BOX, "geometricError": 1}, "2.0", "version 2.0 is not supported"),
    ({"boundingVolume": BOX, "geometricError": -1}, "1.0", "geometricError must be"),
    ({"boundingVolume": BOX, "geometricError": 1, "refine": "MERGE"}, "1.0",
     "refine is MERGE: it must be ADD or REPLACE"),
    ({"boundingVolume": {"box": [0, 0]}, "geometricError": 1}, "1.0", "box must be 12"),
    ({"boundingVolume": {"region": [0, 1, 0.1, 0.5, 0, 1]}, "geometricError": 1}, "1.0",
     "is not west, south, east"),
    ({"boundingVolume": {"sphere": [0, 0, 0, -1]}, "geometricError": 1}, "1.0",
     "radius of 0 or more"),
    ({"geometricError": 1}, "1.0", "has no bounding volume"),
    ({"boundingVolume": BOX, "geometricError": 1, "transform": [1, 2]}, "1.0",
     "transform must be 16"),
    ({"boundingVolume": BOX, "geometricError": 1, "content": {"uri": "../../secret.b3dm"}},
     "1.0", "content uri ../../secret.b3dm leaves the tileset's folder"),
])
def test_broken_tilesets_name_file_tile_and_problem(tmp_path, root, version, expected):
    _tileset(tmp_path, _doc(root, version))
    with pytest.raises(InputError) as err:
        Tileset(FolderSource(tmp_path))
    assert expected in str(err.value)
    assert str(tmp_path / "tileset.json") in str(err.value)


def test_external_tileset_cycle_and_depth_are_bounded(tmp_path):
    root = {"boundingVolume": BOX, "geometricError": 1, "content": {"uri": "tileset.json"}}
    _tileset(tmp_path, _doc(root))
    ts = Tileset(FolderSource(tmp_path))
    with pytest.raises(InputError, match="refers back to itself"):
        list(ts.walk())
    deep: dict = {"boundingVolume": BOX, "geometricError": 0}
    for _ in range(10):
        deep = {"boundingVolume": BOX, "geometricError": 1, "children": [deep]}
    _tileset(tmp_path, _doc(deep), "deep.json")
    with pytest.raises(InputError, match="deeper than 5 levels"):
        Tileset(FolderSource(tmp_path), "deep.json", Limits(max_depth=5))
    with pytest.raises(InputError, match="more than 3 tiles"):
        Tileset(FolderSource(tmp_path), "deep.json", Limits(max_tiles=3))


def test_oversized_and_symlinked_files_are_refused(tmp_path):
    _tileset(tmp_path, _doc({"boundingVolume": BOX, "geometricError": 1}))
    with pytest.raises(InputError, match="more than the 50 allowed"):
        Tileset(FolderSource(tmp_path, max_bytes=50))
    outside = tmp_path / "outside.b3dm"
    outside.write_bytes(b"b3dm")
    (tmp_path / "set").mkdir()
    (tmp_path / "set" / "x.b3dm").symlink_to(outside)
    with pytest.raises(InputError, match="leaves the tileset folder"):
        FolderSource(tmp_path / "set").read("x.b3dm")


def test_broken_b3dm_names_the_problem(tmp_path):
    good = (REQUEST_VOLUME / "city" / "ll.b3dm").read_bytes()
    with pytest.raises(InputError, match="cut short"):
        decode_b3dm(good[:20], "x.b3dm")
    with pytest.raises(InputError, match="says 9700 bytes but has 9000"):
        decode_b3dm(good[:9000], "x.b3dm")
    huge = good[:12] + struct.pack("<I", 10**6) + good[16:]
    with pytest.raises(InputError, match="pass the end of the file"):
        decode_b3dm(huge, "x.b3dm")
    with pytest.raises(InputError, match="version 7 is not supported"):
        decode_b3dm(good[:4] + struct.pack("<I", 7) + good[8:], "x.b3dm")
    # a batch table column with the wrong number of values
    ft_json, ft_bin, bt_json = struct.unpack_from("<3I", good, 12)
    at = 28 + ft_json + ft_bin
    table = good[at:at + bt_json].replace(b'"id":[0,1,', b'"id":[0,  ')
    assert len(table) == bt_json
    bad = good[:at] + table + good[at + bt_json:]
    with pytest.raises(InputError, match="column id has 9 values for 10 features"):
        decode_b3dm(bad, "x.b3dm")
    # content of an unknown kind, through the source
    shutil.copy(REQUEST_VOLUME / "tileset.json", tmp_path / "thing.pnts")
    with pytest.raises(InputError, match="is not supported"):
        read_content(FolderSource(tmp_path), "thing.pnts")


IMPLICIT = DATA / "SparseImplicitQuadtree"


def test_real_implicit_quadtree_expands_lazily_to_its_32_contents():
    ts = Tileset(FolderSource(IMPLICIT))
    assert ts.version == "1.1" and ts.root.scheme is not None and not ts.root.loaded
    tiles = list(ts.walk())
    assert sorted({t.level for t in tiles}) == [0, 1, 2, 3, 4, 5]
    contents = sorted(u for t in tiles for u in t.content_uris)
    assert contents == sorted(f"content/{p.name}" for p in (IMPLICIT / "content").iterdir())
    assert len(contents) == 32
    (tile,) = [t for t in tiles if t.content_uris == ["content/content_5__21_0.glb"]]
    assert tile.coords == (21, 0) and tile.geometric_error == 32 / 2 ** 5
    assert tile.refine == "ADD"
    centre, half_x = tile.bounding_volume.values[:3], tile.bounding_volume.values[3]
    assert centre == pytest.approx((43 / 64, 1 / 64, 0.00625)) and half_x == 1 / 64
    # the glb (y-up) lands z-up inside the tile's box
    mesh = read_content(FolderSource(IMPLICIT), tile.content_uris[0])
    assert mesh.positions.min(0) == pytest.approx((21 / 32, 0, 0))
    assert mesh.positions.max(0) == pytest.approx((22 / 32, 1 / 32, 0))
    assert mesh.triangles.shape == (2, 3) and mesh.normals is not None and mesh.uv is None


def test_implicit_helpers():
    from store.tiles.implicit import expand, level_offset, morton, subdivide
    assert [morton((1, 0)), morton((0, 1)), morton((3, 3)), morton((1, 1, 1))] == [1, 2, 15, 7]
    assert [level_offset(n, 4) for n in range(4)] == [0, 1, 5, 21]
    assert expand("s/{level}.{x}.{y}.{z}", 3, (1, 2, 4)) == "s/3.1.2.4"
    region = subdivide(BoundingVolume("region", (0, 0, 1, 1, 0, 8)), 1, (1, 0, 1))
    assert region.values == (0.5, 0, 1, 0.5, 4, 8)


def _implicit_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "q"
    shutil.copytree(IMPLICIT, folder)
    return folder


def test_broken_subtrees_name_the_file(tmp_path):
    folder = _implicit_copy(tmp_path)
    root_subtree = folder / "subtrees" / "0.0.0.subtree"
    good = root_subtree.read_bytes()
    root_subtree.write_bytes(good[:40])
    with pytest.raises(InputError, match="chunk lengths pass the end") as err:
        Tileset(FolderSource(folder))
    assert "0.0.0.subtree" in str(err.value)
    root_subtree.write_bytes(good.replace(b'"byteLength":3}', b'"byteLength":0}'))
    with pytest.raises(InputError, match="tileAvailability has 0 bits for 21 tiles"):
        Tileset(FolderSource(folder))
    root_subtree.write_bytes(good)
    (folder / "subtrees" / "3.0.5.subtree").write_bytes(b"nonsense")
    with pytest.raises(InputError, match="3.0.5.subtree: not a subtree file"):
        list(Tileset(FolderSource(folder)).walk())


def test_implicit_template_escaping_the_folder_is_refused(tmp_path):
    folder = _implicit_copy(tmp_path)
    doc = json.loads((folder / "tileset.json").read_text())
    doc["root"]["implicitTiling"]["subtrees"]["uri"] = "../../{level}.{x}.{y}.subtree"
    _tileset(folder, doc)
    with pytest.raises(InputError, match="leaves the tileset's folder"):
        Tileset(FolderSource(folder))
    doc["root"]["implicitTiling"]["subdivisionScheme"] = "BINARY"
    _tileset(folder, doc)
    with pytest.raises(InputError, match="subdivisionScheme QUADTREE or OCTREE"):
        Tileset(FolderSource(folder))


def test_real_gltf_feature_ids_and_property_table():
    name = "FeatureIdAttributeAndPropertyTable"
    mesh = read_content(FolderSource(DATA / name), f"{name}.gltf")
    assert mesh.feature_ids.tolist() == [0] * 4 + [1] * 4 + [2] * 4 + [3] * 4
    assert mesh.feature_count == 4
    assert mesh.properties["example_VEC3_FLOAT32"] == pytest.approx(
        np.array([[0, 0.1, 0.2], [1, 1.1, 1.2], [2, 2.1, 2.2], [3, 3.1, 3.2]]))


def test_real_gltf_complex_property_types():
    mesh = read_content(FolderSource(DATA / "ComplexTypes"), "ComplexTypes.gltf")
    p = mesh.properties
    assert [len(v) for v in p["example_variable_length_ARRAY_normalized_UINT8"]] == [2, 3, 4, 5]
    assert p["example_variable_length_ARRAY_normalized_UINT8"][1][1] == pytest.approx(128 / 255)
    assert p["example_fixed_length_ARRAY_BOOLEAN"].shape == (4, 10)
    assert p["example_fixed_length_ARRAY_BOOLEAN"][0].tolist() == [True, False] * 5
    assert p["example_variable_length_ARRAY_STRING"][1] == ["One", "Two"]
    assert p["example_fixed_length_ARRAY_ENUM"][0] == ["ExampleEnumValueA", "ExampleEnumValueB"]


def test_broken_property_table_names_the_column(tmp_path):
    name = "FeatureIdAttributeAndPropertyTable"
    doc = json.loads((DATA / name / f"{name}.gltf").read_text())
    table = doc["extensions"]["EXT_structural_metadata"]["propertyTables"][0]
    table["count"] = 1000
    (tmp_path / "x.gltf").write_text(json.dumps(doc))
    with pytest.raises(InputError, match="example_VEC3_FLOAT32 has fewer values than its "
                       "table") as err:
        read_content(FolderSource(tmp_path), "x.gltf")
    assert str(tmp_path / "x.gltf") in str(err.value)
    doc["buffers"][0]["uri"] = "../../outside.bin"
    (tmp_path / "x.gltf").write_text(json.dumps(doc))
    with pytest.raises(InputError, match="leaves the tileset's folder"):
        read_content(FolderSource(tmp_path), "x.gltf")


def test_garbage_and_compressed_content_are_refused_with_the_file_named(tmp_path):
    body = json.dumps({"asset": {"version": "2.0"}, "nodes": [{"mesh": 0}], "meshes": [
        {"primitives": [{"attributes": {"POSITION": 5}}]}]}).encode()
    body += b" " * (-len(body) % 4)
    glb = b"glTF" + struct.pack("<II", 2, 20 + len(body)) + struct.pack("<I", len(body)) \
        + b"JSON" + body
    (tmp_path / "bad.glb").write_bytes(glb)
    with pytest.raises(InputError, match="accessor 5 does not exist") as err:
        read_content(FolderSource(tmp_path), "bad.glb")
    assert str(tmp_path / "bad.glb") in str(err.value)
    name = "FeatureIdAttributeAndPropertyTable"
    doc = json.loads((DATA / name / f"{name}.gltf").read_text())
    doc["meshes"][0]["primitives"][0].setdefault("extensions", {})[
        "KHR_draco_mesh_compression"] = {"bufferView": 0, "attributes": {}}
    (tmp_path / "draco.gltf").write_text(json.dumps(doc))
    with pytest.raises(InputError, match="compressed meshes .KHR_draco_mesh_compression. "
                       "are not supported"):
        read_content(FolderSource(tmp_path), "draco.gltf")


def test_real_implicit_octree_contents_lie_in_their_boxes():
    source = FolderSource(DATA / "SparseImplicitOctree")
    tiles = list(Tileset(source).walk())
    contents = sorted(u for t in tiles for u in t.content_uris)
    assert contents == sorted(f"content/{p.name}" for p in (source.root / "content").iterdir())
    for tile in [t for t in tiles if t.content_uris][::6]:
        v = np.array(tile.bounding_volume.values)
        half = np.abs(v[3:].reshape(3, 3)).sum(axis=0)
        mesh = read_content(source, tile.content_uris[0])
        assert (mesh.positions >= v[:3] - half - 1e-9).all()
        assert (mesh.positions <= v[:3] + half + 1e-9).all()


def test_implicit_subtree_size_is_bounded(tmp_path):
    folder = _implicit_copy(tmp_path)
    doc = json.loads((folder / "tileset.json").read_text())
    doc["root"]["implicitTiling"]["subtreeLevels"] = 40
    _tileset(folder, doc)
    with pytest.raises(InputError, match="subtreeLevels 40 makes subtrees too large"):
        Tileset(FolderSource(folder))


def test_gltf_up_axis_z_keeps_content_as_it_is(tmp_path):
    folder = _implicit_copy(tmp_path)
    doc = json.loads((folder / "tileset.json").read_text())
    doc["asset"]["gltfUpAxis"] = "Z"
    _tileset(folder, doc)
    ts = Tileset(FolderSource(folder))
    assert ts.gltf_up_axis == "Z"
    mesh = read_content(ts.source, "content/content_5__21_0.glb", up_axis=ts.gltf_up_axis)
    assert mesh.positions.min(0) == pytest.approx((21 / 32, 0, -1 / 32))  # glTF as stored
    assert mesh.positions.max(0) == pytest.approx((22 / 32, 0, 0))
    doc["asset"]["gltfUpAxis"] = "X"
    _tileset(folder, doc)
    with pytest.raises(InputError, match="gltfUpAxis X is not supported"):
        Tileset(FolderSource(folder))


# -- textures ---------------------------------------------------------------------------------
def test_real_gltf_data_uri_png_texture_decodes_per_primitive():
    mesh = read_content(FolderSource(DATA / "FeatureIdTexture"), "FeatureIdTexture.gltf")
    assert mesh.uv is not None and mesh.uv.shape == (4, 2) and mesh.uv.dtype == np.float32
    assert [(g.start, g.stop) for g in mesh.groups] == [(0, 2)]
    image = mesh.groups[0].image
    assert image.shape == (256, 256, 4) and image.dtype == np.uint8
    # the documentation texture shows the house's feature ids in four grey levels
    assert len(np.unique(image[..., :3].reshape(-1, 3), axis=0)) >= 4
    assert mesh.images == [image]


def test_real_glb_buffer_view_png_texture_and_uv_span():
    mesh = read_content(FolderSource(DATA / "MetadataGranularities"), "tree-beech-1-0.glb")
    assert len(mesh.groups) == 1 and mesh.groups[0].stop == len(mesh.triangles)
    assert mesh.groups[0].image.shape == (128, 128, 3)
    assert mesh.uv.min() >= 0.0 and mesh.uv.max() <= 1.0
    b3dm = read_content(FolderSource(REQUEST_VOLUME / "city"), "ll.b3dm")
    assert b3dm.groups[0].image is None and b3dm.groups[0].rgba == (1.0, 1.0, 1.0, 1.0)
    assert b3dm.uv is None


def _png(path: Path, size: tuple[int, int], rgb: tuple[int, int, int]) -> None:
    from PIL import Image

    Image.new("RGB", size, rgb).save(path)


def _textured(doc: dict, uri: str) -> dict:
    doc = json.loads(json.dumps(doc))
    doc["images"] = [{"uri": uri}]
    return doc


def test_external_image_uri_is_read_beside_the_content_and_bad_images_are_named(tmp_path):
    doc = json.loads((DATA / "FeatureIdTexture" / "FeatureIdTexture.gltf").read_text())
    doc["images"] = doc["images"][:1]
    doc["textures"] = doc["textures"][:1]
    doc["meshes"][0]["primitives"][0].pop("extensions")
    (tmp_path / "img").mkdir()
    _png(tmp_path / "img" / "red.png", (8, 4), (255, 0, 0))
    (tmp_path / "a.gltf").write_text(json.dumps(_textured(doc, "img/red.png")))
    mesh = read_content(FolderSource(tmp_path), "a.gltf")
    assert mesh.groups[0].image.shape == (4, 8, 3)
    assert tuple(mesh.groups[0].image[0, 0]) == (255, 0, 0)
    (tmp_path / "img" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    (tmp_path / "b.gltf").write_text(json.dumps(_textured(doc, "img/broken.png")))
    with pytest.raises(InputError, match="image 0 cannot be decoded") as err:
        read_content(FolderSource(tmp_path), "b.gltf")
    assert str(tmp_path / "b.gltf") in str(err.value)
    (tmp_path / "c.gltf").write_text(json.dumps(_textured(doc, "../../etc/passwd")))
    with pytest.raises(InputError, match="image uri ../../etc/passwd leaves"):
        read_content(FolderSource(tmp_path), "c.gltf")
    from PIL import Image

    Image.new("L", (9000, 2)).save(tmp_path / "img" / "huge.png")
    (tmp_path / "d.gltf").write_text(json.dumps(_textured(doc, "img/huge.png")))
    with pytest.raises(InputError, match=r"image 0 is 9000×2 pixels: at most 8192"):
        read_content(FolderSource(tmp_path), "d.gltf")
    Image.new("RGB", (4, 4)).save(tmp_path / "img" / "x.gif")
    (tmp_path / "e.gltf").write_text(json.dumps(_textured(doc, "img/x.gif")))
    with pytest.raises(InputError, match="image 0 is GIF: only PNG and JPEG"):
        read_content(FolderSource(tmp_path), "e.gltf")
