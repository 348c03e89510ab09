"""The map in the window, end to end: what a planner sees on the sample city, and the map kept
in the cache from one session to the next."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from app.main_window import MainWindow
from layers.model import CityModel
from store.cache import Cache
from tests.gui_frames import frame
from tests.sample_build import build

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("map_city")
    build(out, buildings=300)
    return out / "sample_city.gpkg"


@pytest.fixture()
def city(built: Path, tmp_path: Path) -> Path:
    path = tmp_path / built.name
    shutil.copy(built, path)
    return path


def _saved_map(path: Path) -> str | None:
    with Cache.open(path) as cache:
        return cache.meta.get("map")


def _open(qtbot, path: Path, lang: str = "en") -> MainWindow:
    window = MainWindow(path, lang)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.scene_ready, timeout=60_000):
        window.show()
    qtbot.waitExposed(window)
    return window


def test_the_map_is_kept_in_the_cache(qtbot, city: Path) -> None:
    window = _open(qtbot, city)
    model = window.model
    model.layers["roads"].visible = False
    model.layers.move("parcels", 0)
    model.layers["water"].opacity = 0.4
    qtbot.waitUntil(lambda: _saved_map(city) is not None, timeout=10_000)  # saved by itself
    model.layers["addresses"].visible = True  # just before closing: saved on close
    window.close()
    again = CityModel()
    again.open(Cache.open(city))
    assert not again.layers["roads"].visible and again.layers["addresses"].visible
    assert again.layers.names()[0] == "parcels" and again.layers["water"].opacity == 0.4


def test_a_bookmark_keeps_the_context_layers(qtbot, city: Path) -> None:
    window = _open(qtbot, city)
    layers = window.model.layers
    layers["roads"].visible = False
    window.save_bookmark("无道路")
    layers["roads"].visible = True
    layers["water"].visible = False
    window.go_to("无道路")
    assert not layers["roads"].visible  # hidden in the bookmark: hidden again
    assert layers["water"].visible and layers["buildings"].visible
    # a bookmark saved before the context layers names only what showed then
    from store.bookmarks import save_bookmark

    save_bookmark(window.cache, "旧书签", window.view.camera_state(), ["terrain", "pipelines"])
    layers["parcels"].visible = False
    layers["roads"].visible = True
    window.go_to("旧书签")
    assert not layers["buildings"].visible and layers["pipelines"].visible
    assert layers["roads"].visible and not layers["parcels"].visible  # as they were


def _changed(window, layer: str) -> np.ndarray:
    """Pixels of the 3D view that change when ``layer`` is switched off: (n, 3) of their
    colours with the layer on."""
    on = frame(window)
    window.model.layers[layer].visible = False
    off = frame(window)
    window.model.layers[layer].visible = True
    moved = np.any(np.abs(on - off) > 24, axis=2)
    return on[moved]


def _hue_near(pixels: np.ndarray, rgb: tuple[int, int, int], tol: float = 0.12) -> float:
    """Share of the pixels whose chromaticity (r, g, b over their sum) is that of rgb: lighting
    changes brightness, not the colour's proportions."""
    if not len(pixels):
        return 0.0
    p = pixels / np.maximum(pixels.sum(axis=1, keepdims=True), 1)
    c = np.array(rgb) / max(sum(rgb), 1)
    return float((np.abs(p - c).max(axis=1) < tol).mean())


def test_the_sample_city_reads_as_a_map(qtbot, city: Path) -> None:
    """Roads, water and parcel red lines in their style colours, a labelled road, a scale bar
    and a north arrow — the picture a planner first sees (the issue's screenshot check)."""
    window = _open(qtbot, city, "zh_CN")
    window.resize(1100, 800)
    layers = window.model.layers
    for name in ("roads", "water", "parcels", "imagery", "terrain"):
        assert name in layers and layers[name].visible
    with Cache.open(city) as cache:
        roads = cache.read("roads", ["name", "road_class"])
        water = cache.read("water", ["name"])
    # above the middle of the longest arterial road, 400 m up, north up
    main = int(np.argmax([g.length if c == "主干路" else 0
                          for g, c in zip(roads.geoms, roads.columns["road_class"], strict=True)]))
    centre = roads.geoms[main].interpolate(0.5, normalized=True)
    view = window.view
    view.top_view()
    view.fly_to(np.array([centre.x, centre.y, 10.0]), distance=400.0, duration_ms=0)
    qtbot.waitUntil(lambda: not view.is_flying, timeout=5000)
    road_rgb = tuple(layers["roads"].style.classes[0].rgb)  # 主干路
    assert _hue_near(_changed(window, "roads"), road_rgb) > 0.5
    red = _changed(window, "parcels")
    assert ((red[:, 0] > 170) & (red[:, 1] < 90) & (red[:, 2] < 90)).sum() > 50  # red lines
    # the labels near the camera name real roads, in Chinese
    labels = window.view.scene.views["roads"].labels
    shown = labels.visible_texts()
    assert shown and set(shown) <= set(roads.columns["name"])
    # the water, from above its middle
    river = water.geoms[int(np.argmax([g.area for g in water.geoms]))]
    p = river.representative_point()
    view.fly_to(np.array([p.x, p.y, 5.0]), distance=600.0, duration_ms=0)
    qtbot.waitUntil(lambda: not view.is_flying, timeout=5000)
    assert _hue_near(_changed(window, "water"), layers["water"].style.rgb, 0.15) > 0.5
    # the scale bar reads a round length, the north arrow says 北 and points up in top view
    overlays = window.view.scene.overlays
    window.view.render_now()
    value, unit = overlays.scale_text.split()
    assert unit in ("m", "km") and value.lstrip("0") and value[0] in "125"
    assert all(a.GetVisibility() for a in overlays.actors)
    assert abs(overlays.angle()) < 1.0


def test_a_click_on_a_road_or_a_parcel_reads_its_attributes(qtbot, city: Path) -> None:
    from PySide6.QtCore import Qt

    window = _open(qtbot, city, "zh_CN")
    with Cache.open(city) as cache:
        roads = cache.read("roads", ["name", "road_class"])
        parcels = cache.read("parcels", ["land_use"])
        buildings = cache.read("buildings")
    built = buildings.geoms
    view = window.view

    def click(layer_fids, geoms, inside) -> tuple[str, int]:
        import shapely

        for fid, geom in zip(layer_fids, geoms, strict=True):
            p = inside(geom)
            if shapely.intersects(built, p.buffer(8.0)).any():
                continue  # a building would take the click
            z = view.terrain_height(p.x, p.y) or 0.0
            target = np.array([p.x, p.y, z])
            view.top_view()
            view.fly_to(target, distance=300.0, duration_ms=0)
            qtbot.waitUntil(lambda: not view.is_flying, timeout=5000)
            qtbot.wait(50)
            with qtbot.waitSignal(view.picked, timeout=5000) as sig:
                qtbot.mouseClick(view.interactor, Qt.MouseButton.LeftButton,
                                 pos=view.screen_position(target))
            return sig.args[0], int(sig.args[1]), int(fid)
        raise AssertionError("no feature clear of buildings")

    layer, fid, want = click(roads.fids, roads.geoms,
                             lambda g: g.interpolate(0.5, normalized=True))
    assert (layer, fid) == ("roads", want)
    shown = dict(window.attribute_panel.rows())
    name = roads.columns["name"][list(roads.fids).index(want)]
    assert name in shown.values()
    assert window.model.selection.layer == "roads" and window.view.selection_actor is not None
    layer, fid, want = click(parcels.fids, parcels.geoms, lambda g: g.representative_point())
    assert layer == "parcels" and fid == want
    assert parcels.columns["land_use"][list(parcels.fids).index(want)] in \
        dict(window.attribute_panel.rows()).values()


def _drawn(qtbot, window: MainWindow, name: str) -> int:
    """Features of layer ``name`` drawn in the 3D view, once its view is built (off-thread)."""
    qtbot.waitUntil(lambda: name in window.view.scene.views, timeout=60_000)
    return len(window.view.scene.views[name].drawn_fids())


def _json_count(path: Path, *types: str) -> int:
    import json

    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return sum(1 for f in features if f["geometry"] and f["geometry"]["type"] in types)


def test_real_footprints_beside_the_sample_city(qtbot, city: Path, realdata: Path) -> None:
    from app.add_layer import add_file

    window = _open(qtbot, city)
    for path in sorted((realdata / "footprints").glob("guangzhou_*.geojson")):
        layer = add_file(window.model, path)
        assert _drawn(qtbot, window, layer.name) == _json_count(path, "Polygon",
                                                                "MultiPolygon")
    assert window.model.layers.names()[0].startswith("guangzhou_")  # added on top


@pytest.mark.parametrize(("file", "sublayer", "crs", "count"), [
    ("pipes/ky4_pipes.geojson", None, "EPSG:3547", ("LineString",)),
    ("footprints/osm_manhattan_overpass.geojson", "polygon", "EPSG:32618",
     ("Polygon", "MultiPolygon")),
    ("footprints/osm_manhattan_overpass.geojson", "point", "EPSG:32618", ("Point",)),
    ("footprints/dcbuildings.shp", None, None, 1251),
])
def test_real_files_in_a_map_of_their_own_crs(qtbot, tmp_path: Path, realdata: Path, file: str,
                                               sublayer: str | None, crs: str | None,
                                               count: tuple | int) -> None:
    """A map made for the file's place (an empty cache in a CRS there): every feature of the
    file is drawn."""
    from pyproj import CRS

    from app.add_layer import add_file

    path = realdata / file
    if crs is None:
        crs = CRS.from_wkt(path.with_suffix(".prj").read_text()).to_string()
    cache = tmp_path / "own.gpkg"
    Cache.create(cache, crs, name=path.stem).close()
    window = _open(qtbot, cache)
    layer = add_file(window.model, path, sublayer=sublayer)
    expected = count if isinstance(count, int) else _json_count(path, *count)
    assert _drawn(qtbot, window, layer.name) == expected


def test_no_stray_tab_bar_over_the_3d_view(qtbot, city: Path) -> None:
    """Docks tabbed together keep their tabs beside them, never over the city."""
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QTabBar

    window = _open(qtbot, city)

    def over_the_view() -> list[list[str]]:
        qtbot.wait(50)
        central = window.centralWidget().geometry()
        return [[tb.tabText(i) for i in range(tb.count())] for tb in window.findChildren(QTabBar)
                if tb.isVisible() and central.intersects(QRect(tb.mapTo(window, tb.rect(
                ).topLeft()), tb.size()))]

    assert over_the_view() == []
    window.model.set_tool("measure_distance")
    assert window.tools.measure.dock.isVisible()
    assert over_the_view() == []
    window.model.set_tool("pick")
    assert over_the_view() == []


def test_the_styles_menu_shows_the_saved_map(qtbot, city: Path) -> None:
    window = _open(qtbot, city)
    assert not window.standard_colours_action.isChecked()
    window.standard_colours_action.setChecked(True)
    window.pole_devices_action.setChecked(True)
    window.close()
    again = _open(qtbot, city)
    assert again.standard_colours_action.isChecked() and again.pole_devices_action.isChecked()
    assert not again.elevation_tint_action.isChecked()


def test_what_reading_a_file_repaired_is_said(realdata: Path, tmp_path: Path) -> None:
    from app.add_layer import add_file
    from app.messages import sentence

    model = CityModel()
    Cache.create(tmp_path / "nyc.gpkg", "EPSG:32618").close()
    with Cache.open(tmp_path / "nyc.gpkg") as cache:
        model.open(cache, saved=False)
        notes: list[str] = []
        add_file(model, realdata / "footprints" / "osm_manhattan_overpass.geojson",
                 sublayer="polygon", notes=notes)
    assert any("repaired" in n for n in notes)  # Manhattan's one invalid polygon
    said = sentence(PermissionError(13, "Permission denied", "/root/out.xlsx"))
    assert said == "/root/out.xlsx: permission denied"
