"""A 3D Tiles layer: real CesiumGS samples placed in a cache CRS, streamed, drawn and picked.

TilesetWithRequestVolume stands in Philadelphia (its regions say so), so its cache is in
UTM zone 18N (EPSG:32618): every box and vertex is checked against pyproj's own longitude and
latitude → UTM. The buildings' batch table holds each building's longitude and latitude,
which places each picked feature independently of the tile it came from.
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import numpy as np
import pytest
from pyproj import Transformer

from layers.layer import Layer
from layers.lod import Camera
from layers.model import CityModel
from layers.tiles3d import (
    TiledLayer,
    box_points,
    feature_properties,
    feature_row,
    opened,
    region_points,
)
from store.cache import Cache
from store.errors import InputError
from store.tiles.registry import register_tileset
from store.tiles.source import FolderSource
from store.tiles.tileset import Tileset

DATA = Path(__file__).parent / "data" / "3dtiles"
REQUEST_VOLUME = DATA / "TilesetWithRequestVolume"
UTM = "EPSG:32618"
TO_UTM = Transformer.from_crs("EPSG:4326", UTM, always_xy=True)


def utm(lon_rad: float, lat_rad: float) -> np.ndarray:
    return np.array(TO_UTM.transform(math.degrees(lon_rad), math.degrees(lat_rad)))


@pytest.fixture
def tiled() -> TiledLayer:
    return TiledLayer(Tileset(FolderSource(REQUEST_VOLUME)), UTM)


@pytest.fixture
def city(tmp_path: Path) -> Path:
    """A cache in UTM 18N with the sample tileset beside it, registered as ``philly``."""
    shutil.copytree(REQUEST_VOLUME, tmp_path / "tiles" / "philly")
    with Cache.create(tmp_path / "city.gpkg", UTM, name="t") as cache:
        register_tileset(cache, "philly", "tiles/philly", title="费城样例")
    return tmp_path / "city.gpkg"


# -- pure rules --------------------------------------------------------------------------------
def test_pure_rules():
    assert box_points([1, 2, 3, 1, 0, 0, 0, 1, 0, 0, 0, 1]).min(axis=0).tolist() == [0, 1, 2]
    pts = region_points([0.1, 0.2, 0.3, 0.4, -5, 5], 3)
    assert pts.shape == (18, 3)
    assert np.allclose(pts[:, 0].min(), math.degrees(0.1)) and pts[:, 2].max() == 5
    assert feature_row({"a": np.array([[1, 2], [3, 4]]), "b": ["x", "y"], "c": [1]}, 1) == {
        "a": [3, 4], "b": "y"}


# -- the tree in the cache CRS ------------------------------------------------------------------
def test_boxes_are_the_regions_in_the_cache_crs(tiled: TiledLayer):
    region = tiled.tileset.root.bounding_volume.values
    sw, ne = utm(region[0], region[1]), utm(region[2], region[3])
    lo, hi = np.array(tiled.root.box_min), np.array(tiled.root.box_max)
    # a lon/lat rectangle is a slightly turned quadrilateral in UTM: its box holds the corners
    assert np.all(lo[:2] <= np.minimum(sw, ne) + 1e-6) and np.all(hi[:2] >= np.maximum(sw, ne)
                                                                   - 1e-6)
    assert np.all(hi[:2] - lo[:2] < np.abs(ne - sw) + 10)
    assert (lo[2], hi[2]) == (0.0, pytest.approx(67.01))
    assert tiled.root.refine == "ADD" and tiled.root.geometric_error == 100
    # the external tileset's children appear only when asked (lazily)
    external = tiled.root.children[0]
    assert external.children == []
    kids = tiled.expand(external)
    assert [k.geometric_error for k in kids] == [70]
    assert len(kids[0].children) == 4
    # the transformed box child (building.b3dm's, a box under an ECEF transform) is a few
    # tens of metres in the city, not at the Earth's centre
    box_tile = tiled.root.children[1]
    size = np.array(box_tile.box_max) - np.array(box_tile.box_min)
    assert np.all(size < 200) and np.all(np.array(box_tile.box_min)[:2] > lo[:2] - 200)


def test_content_is_placed_where_its_batch_table_says(tiled: TiledLayer):
    city = tiled.expand(tiled.root.children[0])[0]
    for leaf in city.children:
        placed = tiled.make(leaf)
        assert placed.positions.dtype == np.float32
        assert np.abs(placed.positions).max() < 300  # relative to the tile's centre
        world = placed.positions.astype(np.float64) + placed.centre
        assert np.all(world >= np.array(leaf.box_min) - 0.5)
        assert np.all(world <= np.array(leaf.box_max) + 0.5)
        lon, lat = placed.properties["Longitude"], placed.properties["Latitude"]
        for feature in range(placed.feature_count):
            mine = world[placed.feature_ids == feature]
            centroid = (mine.min(axis=0) + mine.max(axis=0)) / 2
            expected = utm(lon[feature], lat[feature])
            assert np.linalg.norm(centroid[:2] - expected) < 15, (leaf.key, feature)
            assert mine[:, 2].min() == pytest.approx(0, abs=0.5)  # on the ellipsoid
        assert placed.nbytes > placed.positions.nbytes


def test_boxes_around_a_scene_origin_place_content_at_the_same_spot():
    origin = (447700.0, 4432600.0)
    plain = TiledLayer(Tileset(FolderSource(REQUEST_VOLUME)), UTM)
    shifted = TiledLayer(Tileset(FolderSource(REQUEST_VOLUME)), UTM, origin=origin)
    assert np.allclose(np.array(shifted.root.box_min)[:2] + origin, plain.root.box_min[:2])
    assert shifted.extent() == pytest.approx(plain.extent())
    a = plain.make(plain.expand(plain.expand(plain.root.children[0])[0])[0])
    b = shifted.make(shifted.expand(shifted.expand(shifted.root.children[0])[0])[0])
    assert np.allclose(a.centre, b.centre) and np.array_equal(a.positions, b.positions)


def test_a_sphere_and_an_ecef_box_become_boxes_in_the_cache_crs(tmp_path: Path):
    import json

    lon, lat = -75.61, 40.04
    x, y, z = Transformer.from_crs("EPSG:4979", "EPSG:4978", always_xy=True).transform(
        lon, lat, 30.0)
    doc = {"asset": {"version": "1.1"}, "geometricError": 10, "root": {
        "boundingVolume": {"sphere": [x, y, z, 50.0]}, "geometricError": 10, "children": [
            {"boundingVolume": {"box": [x, y, z, 20, 0, 0, 0, 20, 0, 0, 0, 20]},
             "geometricError": 0}]}}
    (tmp_path / "tileset.json").write_text(json.dumps(doc))
    tiled = TiledLayer(Tileset(FolderSource(tmp_path)), UTM)
    e, n = TO_UTM.transform(lon, lat)
    for lod, r in ((tiled.root, 50), (tiled.root.children[0], 20)):
        lo, hi = np.array(lod.box_min), np.array(lod.box_max)
        assert np.allclose((lo + hi) / 2, (e, n, 30), atol=1.0)
        # an ECEF cube is turned in the local frame: its box is wider, but not much
        assert np.all(hi - lo >= 2 * r - 0.01) and np.all(hi - lo <= 2 * r * 1.8)


def test_a_local_tileset_without_a_place_on_earth_is_refused_clearly():
    with pytest.raises(InputError, match="not placed on the Earth") as err:
        TiledLayer(Tileset(FolderSource(DATA / "SparseImplicitQuadtree")), UTM)
    assert "SparseImplicitQuadtree" in str(err.value)


def test_a_declared_crs_places_a_local_tileset(tmp_path: Path):
    """A tileset in a projected CRS (``extras.crs``) is placed without ECEF; its implicit
    children come lazily, each in its own box."""
    shutil.copytree(DATA / "SparseImplicitQuadtree", tmp_path / "q")
    doc_path = tmp_path / "q" / "tileset.json"
    import json

    doc = json.loads(doc_path.read_text())
    doc["extras"] = {"crs": UTM}
    doc["root"]["transform"] = [1000, 0, 0, 0, 0, 1000, 0, 0, 0, 0, 1000, 0,
                                447000, 4432000, 5, 1]
    doc_path.write_text(json.dumps(doc))
    tiled = TiledLayer(Tileset(FolderSource(tmp_path / "q")), UTM)
    assert tiled.root.box_min == pytest.approx((447000, 4432000, 5))
    assert tiled.root.box_max[:2] == pytest.approx((448000, 4433000))
    assert tiled.root.geometric_error == 32 * 1000
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(4) as pool:  # the window's worker threads make tiles at once
        lists = list(pool.map(lambda _: tiled.expand(tiled.root), range(8)))
    level1 = tiled.root.children
    assert all(kids is level1 for kids in lists)
    assert level1 and all(np.array(k.box_max)[0] - k.box_min[0] == pytest.approx(500)
                          for k in level1)
    assert all(tiled.lods[k.key] is k for k in level1)


# -- the view: streamed, drawn, picked ------------------------------------------------------------
def _scene(cache_path: Path, size=(640, 480)):
    import pyvista as pv

    from viewer.scene import Scene, build_scene_data

    cache = Cache.open(cache_path)
    model = CityModel()
    model.open(cache)
    tiled = [layer for layer in model.layers if layer.kind == "tiles3d"]
    assert tiled and not any(layer.visible for layer in tiled)  # the user ticks them on
    for layer in tiled:
        layer.visible = True
    data = build_scene_data(model)
    plotter = pv.Plotter(off_screen=True, window_size=list(size))
    scene = Scene(plotter.renderer)
    scene.populate(data)
    return cache, model, scene, plotter


def _centre(tiled: TiledLayer, lod) -> np.ndarray:
    """The centre of a tile's box in the cache CRS (the boxes are around the scene origin)."""
    return (np.array(lod.box_min) + np.array(lod.box_max)) / 2 + tiled.origin


def _look(scene, eye, target) -> None:
    scene.set_camera(tuple(eye), tuple(target))


def _shot(scene, plotter) -> np.ndarray:
    """The picture after the tiles settled (the clipping range following what is drawn, as
    the window's render does)."""
    scene.settle()
    plotter.renderer.ResetCameraClippingRange()
    plotter.camera_set = True
    plotter.render()
    return plotter.screenshot(return_img=True)[..., :3].astype(int)


def test_the_layer_is_drawn_streamed_and_picked(city: Path):
    cache, model, scene, plotter = _scene(city)
    try:
        layer = model.layers.get("philly")
        assert layer is not None and layer.kind == "tiles3d" and layer.label() == "费城样例"
        view = scene.views["philly"]
        tiled = opened(layer)
        centre = _centre(tiled, tiled.root)
        # far above: the coarse tiles (root and the city's external tileset root) are enough
        _look(scene, centre + [0, -1, 20000], centre)
        scene.settle()
        far = set(view.streamer.stats.drawn_keys)
        assert "0/0/0/0" not in far
        # from the street, at the south-west block: the building tiles near it are drawn
        ll = tiled.expand(tiled.expand(tiled.root.children[0])[0])[0]
        near_target = _centre(tiled, ll)
        _look(scene, near_target + [-150, -150, 60], near_target)
        scene.settle()
        near = set(view.streamer.stats.drawn_keys)
        assert "0/0/0/0" in near and view.streamer.stats.loading == 0
        assert view.streamer.stats.failed == 2  # building.b3dm (not copied), points.pnts
        image = _shot(scene, plotter)
        layer.visible = False
        empty = _shot(scene, plotter)
        layer.visible = True
        scene.settle()
        drawn = np.abs(image - empty).sum(axis=2) > 30
        assert drawn.mean() > 0.03  # the buildings' pixels
        assert drawn[: image.shape[0] // 2].any() and drawn[image.shape[0] // 2:].any()
        # a click in the middle of the view: a building, its batch table row
        _pick_centre(scene, plotter, view, layer)
    finally:
        plotter.close()
        cache.close()


def _pick_centre(scene, plotter, view, layer) -> None:
    import vtk

    w, h = plotter.window_size
    picker = vtk.vtkCellPicker()
    picker.SetTolerance(0.0005)
    hit = None
    for dx in range(0, w // 2, 10):  # the first building right of the centre
        if picker.Pick(w // 2 + dx, h // 2, 0, plotter.renderer) and picker.GetCellId() >= 0:
            hit = scene.pick(picker.GetActor(), picker.GetCellId(), picker.GetDataSet())
            if hit is not None:
                break
    assert hit is not None and hit[0] == "philly"
    key, feature = view.last_pick
    props = feature_properties(layer, None, hit[1])
    assert props["id"] == feature and set(props) == {"id", "Longitude", "Latitude", "Height"}
    assert feature_properties(layer, key, feature) == props
    tiled = opened(layer)
    assert tiled.pick_id(key, feature) == hit[1] and tiled.tile_of(hit[1]) == (key, feature)
    assert tiled.pick_id("0", 99) == hit[1] + 1 and tiled.tile_of(10**6) is None
    overlay = view.feature_mesh(hit[1])
    assert overlay is not None and overlay.n_cells > 0


def test_underground_and_opacity_follow_the_model(city: Path):
    cache, model, scene, plotter = _scene(city)
    try:
        view = scene.views["philly"]
        tiled = opened(model.layers.get("philly"))
        ll = tiled.expand(tiled.expand(tiled.root.children[0])[0])[0]
        target = _centre(tiled, ll)
        _look(scene, target + [-150, -150, 60], target)
        scene.settle()
        assert view.props()
        model.layers.get("philly").opacity = 0.8
        assert {round(a.GetProperty().GetOpacity(), 2) for a in view.props()} == {0.8}
        model.set_underground(True)
        assert {round(a.GetProperty().GetOpacity(), 2) for a in view.props()} == {
            round(model.underground_opacity, 2)}
        model.layers.get("philly").visible = False
        scene.settle()
        assert not view.props()
    finally:
        plotter.close()
        cache.close()


def test_a_textured_tile_is_drawn_with_its_texture(tmp_path: Path):
    """FeatureIdTexture's quad, given a place on the Earth by a root transform, shows its
    texture's grey levels (not one flat colour)."""
    import json

    import pyvista as pv

    from viewer.scene import Scene, build_scene_data

    shutil.copytree(DATA / "FeatureIdTexture", tmp_path / "tex")
    doc = json.loads((tmp_path / "tex" / "tileset.json").read_text())
    doc["extras"] = {"crs": UTM}
    # the unit quad (glTF x, y: 3D Tiles x, z) scaled to 100 m: a wall facing south
    doc["root"]["transform"] = [100, 0, 0, 0, 0, 100, 0, 0, 0, 0, 100, 0,
                                447000, 4432000, 0, 1]
    (tmp_path / "tex" / "tileset.json").write_text(json.dumps(doc))
    with Cache.create(tmp_path / "c.gpkg", UTM) as cache:
        register_tileset(cache, "tex", "tex")
        model = CityModel()
        model.open(cache)
        model.layers.get("tex").visible = True
        data = build_scene_data(model)
        plotter = pv.Plotter(off_screen=True, window_size=[400, 400])
        try:
            scene = Scene(plotter.renderer)
            scene.populate(data)
            view = scene.views["tex"]
            tiled = opened(model.layers.get("tex"))
            lo = np.array(tiled.root.box_min) + tiled.origin
            hi = np.array(tiled.root.box_max) + tiled.origin
            assert hi[0] - lo[0] == pytest.approx(100, abs=0.01)
            assert hi[1] - lo[1] == pytest.approx(2, abs=0.01)  # the box is 0.02 thick
            assert hi[2] - lo[2] == pytest.approx(100, abs=0.01)
            centre = (lo + hi) / 2
            _look(scene, centre + [0, -150, 0], centre)
            scene.settle()
            assert view.contents and any(a.texture is not None for a in view.props())
            # what the budget counts: the mesh and the 256×256 RGBA texture
            assert view.contents["0"].nbytes >= 256 * 256 * 4
            assert view.streamer.stats.bytes == view.contents["0"].nbytes
            image = _shot(scene, plotter)
            middle = image[150:250, 150:250].reshape(-1, 3)
            assert len(np.unique(middle // 16, axis=0)) >= 3  # the texture's grey levels
        finally:
            plotter.close()


def test_a_tileset_layer_round_trips_through_the_saved_map(city: Path):
    from layers.project import layers_json, parse_layers

    with Cache.open(city) as cache:
        model = CityModel()
        model.open(cache, saved=False)
        layer = model.layers.get("philly")
        again = parse_layers(layers_json([layer]))[0]
        assert isinstance(again, Layer) and again.kind == "tiles3d"
        assert again.source.sublayer == "philly"
        names = [x.name for x in model.layers]
        assert names.index("philly") < len(names)  # listed among the map's layers


def test_the_streamer_asks_for_fine_tiles_only_near(tiled: TiledLayer):
    """Coarse far, fine near, through the one streaming engine (in place, no renderer)."""
    from viewer.streaming import TileStreamer
    from viewer.views.base import FrameContext

    shown: set[str] = set()
    streamer = TileStreamer(tiled.root, make=tiled.make, show=lambda t, c: shown.add(t.key),
                            hide=lambda t, c: shown.discard(t.key))
    centre = (np.array(tiled.root.box_min) + np.array(tiled.root.box_max)) / 2
    far = FrameContext(viewport_height=800, lod_camera=Camera(
        tuple(centre + [0, -1, 30000]), tuple(centre), (0, 0, 1), 30.0, 1.6))
    for _ in range(10):
        if not streamer.frame(far):
            break
    assert not any(k.startswith("0/0/0/") for k in shown)
    ll = tiled.lods.get("0/0/0/0")
    assert ll is None or ll.key not in shown
    near = FrameContext(viewport_height=800, lod_camera=Camera(
        tuple(centre + [-100, -100, 50]), tuple(centre), (0, 0, 1), 30.0, 1.6))
    for _ in range(10):
        if not streamer.frame(near):
            break
    assert {f"0/0/0/{i}" for i in range(4)} & shown


# -- the window -----------------------------------------------------------------------------------
def test_add_tileset_refuses_clearly_and_adds_nothing(tmp_path: Path):
    from layers.tiles3d import add_tileset
    from store.tiles.registry import list_tilesets

    shutil.copytree(REQUEST_VOLUME, tmp_path / "outside" / "philly")
    (tmp_path / "cache").mkdir()
    shutil.copytree(DATA / "SparseImplicitQuadtree", tmp_path / "cache" / "local")
    with Cache.create(tmp_path / "cache" / "c.gpkg", UTM) as cache:
        model = CityModel()
        model.open(cache)
        before = model.layers.names()
        with pytest.raises(InputError, match="must be inside the cache's folder"):
            add_tileset(model, str(tmp_path / "outside" / "philly"))
        with pytest.raises(InputError, match="holds no tileset.json"):
            add_tileset(model, str(tmp_path / "cache"))
        with pytest.raises(InputError, match="not placed on the Earth"):
            add_tileset(model, str(tmp_path / "cache" / "local"))
        assert model.layers.names() == before and list_tilesets(cache) == []


@pytest.mark.gui
def test_the_window_adds_a_tileset_folder_and_shows_a_clicked_feature(qtbot, city: Path):
    from PySide6.QtCore import Qt

    from app.add_tiles3d import AddTilesetDialog
    from app.main_window import MainWindow

    shutil.copytree(REQUEST_VOLUME, city.parent / "more" / "philly 2")
    window = MainWindow(city, "en")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.scene_ready, timeout=60_000):
        window.show()
    qtbot.waitExposed(window)
    assert "philly" in window.model.layers.names()  # the registry's tileset, opened with it
    dialog = AddTilesetDialog(window.model, window)
    qtbot.addWidget(dialog)
    dialog.location.setText(str(city.parent / "nowhere"))
    dialog.accept()
    assert not dialog.error.isHidden() and "nowhere" in dialog.error.text()
    assert "no such folder" in dialog.error.text()
    dialog.location.setText(str(city.parent / "more" / "philly 2"))
    dialog.title.setText("Philadelphia")
    dialog.accept()
    assert dialog.added is not None and dialog.error.isHidden()
    name = dialog.added.name
    assert name == "philly_2" and window.model.layers.names()[0] == name
    assert window.layer_panel.item(name).text(0) == "Philadelphia"
    qtbot.waitUntil(lambda: name in window.view.scene.views, timeout=30_000)
    # the registry's own layer, unticked, has read nothing; its folder gone, ticking it says so
    philly = window.model.layers.get("philly")
    assert not philly.visible and opened(philly) is None
    shutil.rmtree(city.parent / "tiles" / "philly")
    philly.visible = True
    qtbot.waitUntil(lambda: "philly" in window.statusBar().currentMessage(), timeout=30_000)
    said = window.statusBar().currentMessage()
    assert "费城样例" in said or "philly" in said
    assert str(city.parent / "tiles" / "philly") in said
    philly.visible = False
    # look at a building of the south-west block and click it
    tiled = opened(dialog.added)
    ll = tiled.expand(tiled.expand(tiled.root.children[0])[0])[0]
    placed = tiled.make(ll)
    world = placed.positions.astype(np.float64) + placed.centre
    mine = world[placed.feature_ids == 0]
    lo, hi = mine.min(axis=0), mine.max(axis=0)
    target = np.array([(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, hi[2]])
    view = window.view
    window.zoom_to_layer_named(name)  # Zoom: the tileset's root box fills the view
    qtbot.waitUntil(lambda: not view.is_flying, timeout=5000)
    o = view.scene.data.origin
    fx, fy, _ = view.renderer.GetActiveCamera().GetFocalPoint()
    minx, miny, maxx, maxy = tiled.extent()
    assert minx - 1 <= fx + o.x <= maxx + 1 and miny - 1 <= fy + o.y <= maxy + 1
    view.scene.set_camera(tuple(target + [0, -60, 80]), tuple(target))
    view.render_now()
    qtbot.waitUntil(lambda: ll.key in view.scene.views[name].contents, timeout=30_000)
    view.render_now()
    qtbot.wait(50)
    with qtbot.waitSignal(view.picked, timeout=5000) as sig:
        qtbot.mouseClick(view.interactor, Qt.MouseButton.LeftButton,
                         pos=view.screen_position(target - [0, 0, 0.5]))
    assert sig.args[0] == name
    rows = dict(window.attribute_panel.rows())
    assert rows["id"] == "0" and float(rows["Height"]) > 0
    assert float(rows["Longitude"]) == pytest.approx(placed.properties["Longitude"][0])
    assert window.view.selection_actor is not None
    # the tiles that cannot be read (a b3dm not copied, a point cloud) are said, not hidden
    view.scene.set_camera(tuple(_centre(tiled, ll) + [-150, -150, 60]), tuple(_centre(tiled, ll)))
    view.render_now()
    qtbot.waitUntil(lambda: "could not be read" in window.statusBar().currentMessage(),
                    timeout=30_000)
    said = window.statusBar().currentMessage()
    assert said.startswith("Layer Philadelphia: ") and ("points.pnts" in said
                                                         or "building.b3dm" in said)
    # Remove: off the map and out of the cache's list (its files stay)
    from store.tiles.registry import get_tileset

    window.layer_panel.set_current_key(name)
    window.layer_panel.remove_current()
    assert name not in window.model.layers.names() and name not in window.view.scene.views
    assert get_tileset(window.cache, name) is None
    assert (city.parent / "more" / "philly 2" / "tileset.json").is_file()


def test_a_tileset_url_is_added_and_its_tiles_read_over_http(tmp_path: Path):
    """A URL (the platform's tiles): registered as such, its tiles placed as a folder's."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from layers.tiles3d import add_tileset
    from store.tiles.registry import get_tileset

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(
        Quiet, directory=str(DATA)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/TilesetWithRequestVolume/tileset.json"
    try:
        with Cache.create(tmp_path / "c.gpkg", UTM) as cache:
            model = CityModel()
            model.open(cache)
            layer = add_tileset(model, url, "Platform tiles", kind="buildings")
            assert layer.name == "TilesetWithRequestVolume" and layer.visible
            assert get_tileset(cache, layer.name).uri == url
            from layers.tiles3d import open_layer

            tiled = open_layer(cache, layer)
            leaf = tiled.expand(tiled.expand(tiled.root.children[0])[0])[0]
            placed = tiled.make(leaf)
            assert placed.feature_count == 10 and len(placed.triangles) > 0
            assert feature_properties(layer, leaf.key, 2)["id"] == 2
    finally:
        server.shutdown()
        server.server_close()


def test_a_tileset_registered_after_the_map_was_saved_joins_it_unticked(city: Path):
    from layers.project import load_layers, save_layers
    from layers.tiles3d import forget_tileset
    from store.tiles.registry import list_tilesets

    shutil.copytree(REQUEST_VOLUME, city.parent / "tiles" / "later")
    with Cache.open(city) as cache:
        model = CityModel()
        model.open(cache)
        philly = model.layers.get("philly")
        philly.visible = True
        save_layers(cache, list(model.layers))
        register_tileset(cache, "later", "tiles/later", title="后来的")  # e.g. a work area
        layers = load_layers(cache)
        names = [layer.name for layer in layers]
        assert names.count("philly") == 1 and "later" in names
        assert next(x for x in layers if x.name == "philly").visible  # the user's, as saved
        assert not next(x for x in layers if x.name == "later").visible
        # removed from the map by the user: unregistered, so it does not come back
        model.open(cache)
        gone = model.layers.get("later")
        model.layers.remove("later")
        assert forget_tileset(cache, gone)
        save_layers(cache, list(model.layers))
        assert "later" not in [x.name for x in load_layers(cache)]
        assert [e.name for e in list_tilesets(cache)] == ["philly"]
        assert (city.parent / "tiles" / "later" / "tileset.json").is_file()  # files stay
