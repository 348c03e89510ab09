"""Measuring in the real window on the sample city, clicked as a user clicks: a known distance
between two corners of a building, a building's height, an elevation; one active map tool (a
measuring or drawing click selects nothing and looks up no address)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import shapely
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication

from app.main_window import MainWindow
from store.cache import Cache
from tests.gui_frames import frame
from tests.sample_build import build

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("measure_city")
    summary = build(out, buildings=300)
    return {"cache": out / "sample_city.gpkg", "ifc": out / summary["proposal"]["file"],
            "tower": shapely.from_wkt(summary["proposal"]["footprint_wkt"])}


@pytest.fixture(scope="module")
def city(built: dict) -> Path:
    return built["cache"]


@pytest.fixture(scope="module")
def building(city: Path) -> dict:
    """The tallest building with a simple footprint: its fid, corners, height and base."""
    with Cache.open(city) as cache:
        f = cache.read("buildings", ["height", "ground_z"])
        fids = np.asarray(f.fids)
        heights = np.asarray(f.columns["height"], dtype=float)
        polys = [shapely.get_parts(g)[0] for g in f.geoms]
        n = np.array([len(p.exterior.coords) - 1 for p in polys])
        ok = (n >= 4) & (n <= 8) & np.isfinite(heights) & (shapely.area(polys) > 150)
        i = int(np.flatnonzero(ok)[np.argmax(heights[ok])])
        ring = np.asarray(polys[i].exterior.coords)[:-1]
        return {"fid": int(fids[i]), "ring": ring, "height": float(heights[i]),
                "ground": float(f.columns["ground_z"][i]), "poly": polys[i]}


@pytest.fixture()
def window(qtbot, city: Path) -> MainWindow:
    w = MainWindow(city, "en")
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.scene_ready, timeout=90_000):
        w.show()
    qtbot.waitExposed(w)
    return w


def _look_down_at(qtbot, window: MainWindow, xyz: np.ndarray, distance: float) -> None:
    view = window.view
    view.top_view()
    view.fly_to(np.asarray(xyz, dtype=float), distance=distance, duration_ms=0)
    qtbot.waitUntil(lambda: not view.is_flying, timeout=5000)
    qtbot.wait(50)


def _click(qtbot, window: MainWindow, xyz, offset: tuple[int, int] = (0, 0)) -> None:
    view = window.view
    pos = view.screen_position(xyz) + QPoint(*offset)
    qtbot.mouseClick(view.interactor, Qt.MouseButton.LeftButton, pos=pos)
    qtbot.wait(20)


def _roof(b: dict, xy) -> np.ndarray:
    return np.array([xy[0], xy[1], b["ground"] + b["height"]])


def _spy(window: MainWindow) -> list:
    seen: list = []
    window.view.picked.connect(lambda *a: seen.append(("picked", a)))
    window.view.cleared.connect(lambda: seen.append(("cleared",)))
    window.view.clicked_at.connect(lambda p: seen.append(("clicked_at", p)))
    return seen


def test_distance_between_two_corners_of_a_building(qtbot, window: MainWindow,
                                                     building: dict) -> None:
    """Clicked a few pixels off two roof corners, the points snap to the corners: the
    horizontal distance is the cache's, to 1 cm; nothing is selected or looked up."""
    b = building
    ring = b["ring"]
    size = float(np.ptp(ring, axis=0).max())
    _look_down_at(qtbot, window, _roof(b, ring.mean(axis=0)), distance=4.0 * size + 60)
    seen = _spy(window)
    action = window.tools.measure.actions["measure_distance"]
    action.trigger()
    assert window.model.tool == "measure_distance" and action.isChecked()
    tool = window.tools.active
    assert tool.name == "measure_distance"
    assert window.tools.measure.dock.isVisible()

    a, c = ring[0], ring[1]
    # toward the inside of the roof, so the click lands on this building
    inward_a = np.sign(ring.mean(axis=0) - a).astype(int) * 3
    inward_c = np.sign(ring.mean(axis=0) - c).astype(int) * 3
    _click(qtbot, window, _roof(b, a), (int(inward_a[0]), -int(inward_a[1])))
    _click(qtbot, window, _roof(b, c), (int(inward_c[0]), -int(inward_c[1])))
    assert tool.kinds == ["vertex", "vertex"], tool.kinds
    expected = float(np.hypot(*(c - a)))
    assert tool.result["horizontal"] == pytest.approx(expected, abs=0.01)
    assert abs(tool.result["vertical"]) < 0.01
    assert np.allclose(np.array(tool.points)[:, :2], [a, c], atol=0.01)
    text = window.tools.measure.panel.result.text()
    assert f"Horizontal {expected:.2f} m" in text and "Slope" in text
    assert f"{expected:.2f} m" in window.tools.measure.overlay.labels
    window.tools.measure.panel.copy_button.click()  # copyable
    assert QGuiApplication.clipboard().text() == text
    # a measuring click selects nothing, and looks up no address
    assert not seen
    assert window.view.selection is None
    assert window.attribute_panel.address() is None
    assert "address" not in window.statusBar().currentMessage()

    # the overlay draws the line: orange pixels halfway between the corners
    mid = window.view.screen_position(_roof(b, (a + c) / 2))
    ratio = window.view._pixel_ratio()
    img = frame(window)
    x, y = round(mid.x() * ratio), round(mid.y() * ratio)
    patch = img[y - 3:y + 4, x - 3:x + 4]
    assert ((patch[..., 0] > 200) & (patch[..., 1] > 90) & (patch[..., 1] < 190)
            & (patch[..., 2] < 90)).any()

    # Enter finishes; Esc cancels and returns to picking, the drawing removed
    qtbot.keyClick(window.view.interactor, Qt.Key.Key_Return)
    assert tool.done
    qtbot.keyClick(window.view.interactor, Qt.Key.Key_Escape)
    assert window.model.tool == "pick" and not action.isChecked()
    assert window.tools.measure.overlay.actors == [] and tool.points == []


def test_the_snap_marker_follows_the_cursor(qtbot, window: MainWindow, building: dict) -> None:
    b = building
    ring = b["ring"]
    size = float(np.ptp(ring, axis=0).max())
    _look_down_at(qtbot, window, _roof(b, ring.mean(axis=0)), distance=4.0 * size + 60)
    window.model.set_tool("measure_elevation")
    overlay = window.tools.measure.overlay
    corner = _roof(b, ring[0])
    inward = np.sign(ring.mean(axis=0) - ring[0]).astype(int) * 3
    pos = window.view.screen_position(corner) + QPoint(int(inward[0]), -int(inward[1]))
    qtbot.mouseMove(window.view.interactor, pos)
    qtbot.waitUntil(lambda: overlay.snap_kind == "vertex", timeout=3000)
    assert np.allclose(overlay.snap_position, corner, atol=0.01)
    # the vertex marker (magenta) is drawn on the corner
    window.view.render_now()
    at = window.view.screen_position(corner)
    ratio = window.view._pixel_ratio()
    img = frame(window)
    x, y = round(at.x() * ratio), round(at.y() * ratio)
    patch = img[y - 3:y + 4, x - 3:x + 4]
    assert ((patch[..., 0] > 200) & (patch[..., 1] < 80) & (patch[..., 2] > 200)).any()
    # halfway along an edge: a point on the edge
    edge_mid = _roof(b, (ring[0] + ring[1]) / 2)
    inward = np.sign(ring.mean(axis=0) - (ring[0] + ring[1]) / 2).astype(int) * 3
    qtbot.mouseMove(window.view.interactor,
                    window.view.screen_position(edge_mid) + QPoint(int(inward[0]),
                                                                   -int(inward[1])))
    qtbot.waitUntil(lambda: overlay.snap_kind == "edge", timeout=3000)


def test_height_of_a_building_is_its_attribute(qtbot, window: MainWindow,
                                               building: dict) -> None:
    b = building
    inside = b["poly"].representative_point()
    size = float(np.ptp(b["ring"], axis=0).max())
    _look_down_at(qtbot, window, _roof(b, (inside.x, inside.y)), distance=4.0 * size + 60)
    seen = _spy(window)
    window.tools.measure.actions["measure_height"].trigger()
    _click(qtbot, window, _roof(b, (inside.x, inside.y)))
    tool = window.tools.active
    assert tool.result["layer"] == "buildings" and tool.result["fid"] == b["fid"]
    assert tool.result["height"] == pytest.approx(b["height"], abs=0.01)
    assert f"height {b['height']:.2f} m" in window.tools.measure.panel.result.text()
    assert not seen and window.view.selection is None


def test_elevation_of_a_terrain_point(qtbot, window: MainWindow, building: dict) -> None:
    b = building
    spot = np.array(b["poly"].centroid.coords[0]) + [0.0, -2.5 * float(np.ptp(b["ring"][:, 1]))
                                                     - 30.0]
    z = window.view.terrain_height(*spot)
    assert z is not None
    target = np.array([spot[0], spot[1], z])
    _look_down_at(qtbot, window, target, distance=300.0)
    window.model.set_tool("measure_elevation")
    seen = _spy(window)
    _click(qtbot, window, target)
    result = window.tools.active.result
    assert result["elevation"] == pytest.approx(
        window.view.terrain_height(result["x"], result["y"]), abs=0.01)
    assert np.hypot(result["x"] - spot[0], result["y"] - spot[1]) < 3.0
    assert "EPSG:5737" in result["datum"]
    assert "EPSG:5737" in window.tools.measure.panel.result.text()
    assert not seen


def test_work_area_clicks_add_corners_and_look_up_nothing(qtbot, window: MainWindow,
                                                          building: dict) -> None:
    b = building
    centre = np.array(b["poly"].centroid.coords[0])
    z = window.view.terrain_height(*(centre + [0, -80])) or 0.0
    target = np.array([centre[0], centre[1] - 80.0, z])
    _look_down_at(qtbot, window, target, distance=400.0)
    field = window.field_work
    field.draw_area()
    assert window.model.tool == "draw_area"
    seen = _spy(window)
    _click(qtbot, window, target)
    _click(qtbot, window, _roof(b, centre))  # a click on a building: a corner, no selection
    assert len(field._drawing) == 2
    assert np.hypot(*(np.array(field._drawing[0]) - target[:2])) < 3.0
    assert not seen and window.view.selection is None
    assert window.attribute_panel.address() is None
    assert "Work area: 2 points" in field.panel.status.text()
    # switching tools ends the drawing (another tool, then Esc back to picking)
    window.model.set_tool("measure_distance")
    assert field._drawing is None and not field.panel.finish_area_button.isVisible()
    qtbot.keyClick(window.view.interactor, Qt.Key.Key_Escape)
    assert window.model.tool == "pick"
    # picking again: the click selects the building
    with qtbot.waitSignal(window.view.picked, timeout=5000) as sig:
        _click(qtbot, window, _roof(b, centre))
    assert sig.args == ["buildings", b["fid"]] or sig.args[0] == "buildings"


def test_switching_tools_ends_the_previous(qtbot, window: MainWindow, building: dict) -> None:
    b = building
    ring = b["ring"]
    size = float(np.ptp(ring, axis=0).max())
    _look_down_at(qtbot, window, _roof(b, ring.mean(axis=0)), distance=4.0 * size + 60)
    model, tools = window.model, window.tools
    model.set_tool("measure_area")
    area = tools.active
    for corner in ring[:3]:
        inward = np.sign(ring.mean(axis=0) - corner).astype(int) * 3
        _click(qtbot, window, _roof(b, corner), (int(inward[0]), -int(inward[1])))
    assert len(area.points) == 3 and area.result["area"] > 0
    expected = shapely.Polygon(ring[:3]).area
    assert area.result["area"] == pytest.approx(expected, abs=0.05)
    qtbot.keyClick(window.view.interactor, Qt.Key.Key_Enter)  # finished: also on the terrain
    assert area.done and area.result["surface"] >= area.result["area"] * 0.999
    assert "On the terrain" in tools.measure.panel.result.text()
    model.set_tool("measure_distance")  # the area ends: its points and drawing gone
    assert area.points == [] and tools.active.name == "measure_distance"
    assert tools.measure.actions["measure_distance"].isChecked()
    assert not tools.measure.actions["measure_area"].isChecked()
    model.set_tool("place_bim")
    assert tools.active.name == "place_bim"
    tools.set_tool("pick")
    assert tools.active.name == "pick"
    assert tools.measure.overlay.actors == []


def test_double_click_finishes_and_backspace_takes_a_point_back(qtbot, window: MainWindow,
                                                                building: dict) -> None:
    b = building
    ring = b["ring"]
    size = float(np.ptp(ring, axis=0).max())
    _look_down_at(qtbot, window, _roof(b, ring.mean(axis=0)), distance=4.0 * size + 60)
    window.model.set_tool("measure_distance")
    tool = window.tools.active
    inward = [np.sign(ring.mean(axis=0) - c).astype(int) * 3 for c in ring[:3]]
    for corner, off in zip(ring[:3], inward, strict=True):
        _click(qtbot, window, _roof(b, corner), (int(off[0]), -int(off[1])))
    assert len(tool.points) == 3
    qtbot.keyClick(window.view.interactor, Qt.Key.Key_Backspace)
    assert len(tool.points) == 2 and not tool.done
    pos = window.view.screen_position(_roof(b, ring[2])) + QPoint(int(inward[2][0]),
                                                                  -int(inward[2][1]))
    qtbot.mouseClick(window.view.interactor, Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(window.view.interactor, Qt.MouseButton.LeftButton, pos=pos)
    assert tool.done and len(tool.points) == 3  # the double click's point is not doubled
    legs = np.linalg.norm(np.diff(ring[:3], axis=0), axis=1).sum()
    assert tool.result["horizontal"] == pytest.approx(legs, abs=0.02)
    # the next click starts a new measurement
    _click(qtbot, window, _roof(b, ring[0]), (int(inward[0][0]), -int(inward[0][1])))
    assert len(tool.points) == 1 and not tool.done


def test_height_of_a_bim_element_above_the_ground(qtbot, window: MainWindow,
                                                  built: dict) -> None:
    with qtbot.waitSignal(window.bim_ready, timeout=90_000):
        window.open_bim(built["ifc"])
    tower = built["tower"]
    top = window.view.scene.bim.world_bounds[5]
    inside = tower.representative_point()
    target = np.array([inside.x, inside.y, top])
    _look_down_at(qtbot, window, target, distance=250.0)
    window.model.set_tool("measure_height")
    seen = _spy(window)
    _click(qtbot, window, target)
    result = window.tools.active.result
    assert result["layer"] == "bim" and result["fid"] is not None
    bounds = window.view.scene.bim.element_bounds(result["fid"])
    assert result["top"] == pytest.approx(bounds[5], abs=0.01)
    ground = window.view.terrain_height((bounds[0] + bounds[1]) / 2, (bounds[2] + bounds[3]) / 2)
    assert result["height"] == pytest.approx(bounds[5] - ground, abs=0.01)
    assert 3.0 < result["height"] < top - ground + 0.5  # a roof: storeys above the ground
    assert "BIM element" in window.tools.measure.panel.result.text()
    assert not seen and window.view.selection is None
