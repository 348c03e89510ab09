"""A plan reviewer opens a submitted IFC and sees it in its city context: the sample city's
proposal tower on its parcel (the white model it replaces hidden), its elements in the BIM dock,
selection both ways between the tree and the 3D view, X-ray, storey isolation, class hiding and
the section plane, a broken file, and a real model without georeferencing placed by hand."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import numpy as np
import pytest
import shapely
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from app import i18n
from app.main_window import MainWindow
from store.cache import Cache
from tests.gui_frames import frame, highlight_share
from tests.sample_build import build

pytestmark = pytest.mark.gui

LOAD_TIMEOUT = 60_000


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The sample city; its proposal redevelops an old compound, so white models stand where
    the tower will go (those overlapping the tower's footprint by 1 m² or more)."""
    out = tmp_path_factory.mktemp("bim_city")
    summary = build(out, buildings=400)
    proposal = summary["proposal"]
    tower = shapely.from_wkt(proposal["footprint_wkt"])
    path = out / "sample_city.gpkg"
    with Cache.open(path) as cache:
        f = cache.read("buildings", bbox=tower.bounds)
    under = {int(fid) for fid, g in zip(f.fids, f.geoms, strict=True)
             if g.intersection(tower).area >= 1.0}
    assert under, "the proposal should replace at least one old white model"
    return {"cache": path, "ifc": out / proposal["file"], "parcel": proposal["parcel"],
            "tower": tower, "old_fids": under, "ground": float(proposal["orthogonal_height"]),
            "storeys": int(proposal["storeys"]), "eastings": float(proposal["eastings"])}


@pytest.fixture(scope="module")
def window(qapp, city: dict):
    """One English window over the city for the module, scene drawn."""
    i18n.install(qapp, "en")
    w = MainWindow(city["cache"], "en")
    w.resize(1400, 900)
    w.show()
    deadline = time.monotonic() + 60
    while w.view.scene.data is None:
        assert time.monotonic() < deadline, "scene not drawn in 60 s"
        qapp.processEvents()
        time.sleep(0.01)
    yield w
    w.close()
    w.deleteLater()
    qapp.processEvents()


@pytest.fixture(scope="module")
def opened(qapp, window: MainWindow, city: dict) -> MainWindow:
    """The proposal opened by dropping it on the window, as a reviewer does."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(city["ifc"]))])
    pos = QPointF(window.width() / 2, window.height() / 2)
    enter = QDragEnterEvent(pos.toPoint(), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)
    assert window.is_bim_loading and window.bim_progress.isVisible()
    assert window.bim_cancel.isVisible()
    _wait_bim(qapp, window)
    return window


def _wait_bim(qapp, window: MainWindow, timeout: float = LOAD_TIMEOUT / 1000) -> None:
    deadline = time.monotonic() + timeout
    while window.is_bim_loading or window.view.is_flying:
        assert time.monotonic() < deadline, "BIM not loaded in time"
        qapp.processEvents()
        time.sleep(0.01)
    qapp.processEvents()


@pytest.fixture()
def win(qtbot, opened: MainWindow) -> MainWindow:
    """The window with the proposal, active, nothing selected, every tool off."""
    w = opened
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=5000)
    w.view.clear_selection()
    panel = w.bim_panel
    panel.xray.setChecked(False)
    panel.set_storey(None)
    panel.set_section(False)
    for cls in list(panel._class_items):
        if cls != "IfcSpace":
            panel.set_class_checked(cls, True)
    w.set_bim_compare(False)
    return w


# -- helpers ---------------------------------------------------------------------------------------
def _changed(a: np.ndarray, b: np.ndarray) -> float:
    """Share of pixels that changed noticeably."""
    return float(np.any(np.abs(a - b) > 30, axis=2).mean())


def _storey_named(window: MainWindow, name: str) -> int:
    return next(e.id for e in window.bim.elements.values()
                if e.ifc_class == "IfcBuildingStorey" and e.name == name)


def _long_wall(window: MainWindow, storey: str = "5F") -> tuple[int, np.ndarray, np.ndarray]:
    """The longest wall of a storey: its id, its centre (world) and the outward direction."""
    mesh = window.view.scene.bim
    sid = _storey_named(window, storey)
    walls = [e.id for e in window.bim.elements.values()
             if e.ifc_class == "IfcWall" and e.storey == sid]
    bounds = {w: mesh.element_bounds(w) for w in walls}
    wall = max(walls, key=lambda w: max(bounds[w][1] - bounds[w][0],
                                        bounds[w][3] - bounds[w][2]))
    b = bounds[wall]
    centre = np.array([(b[0] + b[1]) / 2, (b[2] + b[3]) / 2, (b[4] + b[5]) / 2])
    out = centre[:2] - mesh.centre()[:2]
    out /= np.linalg.norm(out)
    return wall, centre, out


def _look_at_wall(window: MainWindow, centre: np.ndarray, out: np.ndarray,
                  distance: float = 45.0) -> None:
    eye = centre + np.array([out[0] * distance, out[1] * distance, 4.0])
    window.view.set_camera_state({"position": eye.tolist(), "focal_point": centre.tolist(),
                                  "view_up": [0.0, 0.0, 1.0]})
    window.view.render_now()


def _whole_model(window: MainWindow) -> None:
    mesh = window.view.scene.bim
    c = mesh.centre()
    eye = c + np.array([-90.0, -120.0, 70.0])
    window.view.set_camera_state({"position": eye.tolist(), "focal_point": c.tolist(),
                                  "view_up": [0.0, 0.0, 1.0]})
    window.view.render_now()


# -- (a) in its city context -----------------------------------------------------------------------
def test_the_proposal_stands_on_its_parcel_and_replaces_the_white_model(
        qtbot, win: MainWindow, city: dict) -> None:
    scene = win.view.scene
    mesh = scene.bim
    assert mesh is not None and win.bim_dock.isVisible()
    assert win.bim_siting.note == "georeferenced" and not win.bim_panel.is_approximate()
    assert win.bim_panel.georef_text("method") == "IfcMapConversion"
    assert win.bim_panel.georef_text("crs") == "EPSG:4547"
    assert f"E {city['eastings']:.3f}" in win.bim_panel.georef_text("origin")
    # the actors' bounds, shifted back by the origin, lie on the parcel
    o = win.view.origin
    lo = np.array([np.inf] * 3)
    hi = -lo
    for actor in mesh.actors:
        if actor.GetMapper().GetInput().GetNumberOfCells():
            b = np.array(actor.GetBounds())
            lo, hi = np.minimum(lo, b[0::2]), np.maximum(hi, b[1::2])
    lo[:2] += (o.x, o.y)
    hi[:2] += (o.x, o.y)
    with Cache.open(city["cache"]) as cache:
        parcels = cache.read("parcels", ["code"], bbox=(lo[0], lo[1], hi[0], hi[1]))
    codes = list(parcels.columns["code"])
    assert city["parcel"] in codes
    pminx, pminy, pmaxx, pmaxy = parcels.geoms[codes.index(city["parcel"])].bounds
    assert pminx <= lo[0] and hi[0] <= pmaxx and pminy <= lo[1] and hi[1] <= pmaxy
    assert shapely.box(lo[0], lo[1], hi[0], hi[1]).buffer(0.5).contains(city["tower"])
    # on the terrain, at its georeferenced height
    assert abs(lo[2] - (city["ground"] - 0.2)) < 0.05  # the base slab hangs 0.2 m below ±0
    terrain = win.view.terrain_height(*city["tower"].centroid.coords[0])
    assert terrain is not None and abs(terrain - city["ground"]) < 3.0
    # the old white model under it is hidden; the compare toggle brings it back
    fids = city["old_fids"]
    assert set(win.bim_replaced) == fids
    assert scene.hidden_buildings == fids
    assert not fids & set(scene.visible_building_fids())
    assert str(len(fids)) in win.bim_panel.replaced.text()
    qtbot.mouseClick(win.bim_panel.compare, Qt.MouseButton.LeftButton)
    assert win.bim_panel.compare.isChecked()
    assert scene.hidden_buildings == frozenset() and fids <= set(scene.visible_building_fids())
    qtbot.mouseClick(win.bim_panel.compare, Qt.MouseButton.LeftButton)
    assert not fids & set(scene.visible_building_fids())
    # the report line and the trees
    report = win.bim.report
    assert report.tessellated == report.products_with_body and not report.failed
    assert f"{report.tessellated} elements" in win.bim_panel.report_text()
    walls = win.bim_panel.class_item("IfcWall")
    n_walls = sum(e.ifc_class == "IfcWall" for e in win.bim.elements.values())
    assert walls is not None and walls.text(0) == f"IfcWall ({n_walls})"
    assert walls.childCount() == n_walls
    assert win.bim_panel.storeys.count() == city["storeys"] + 1  # and "All storeys"
    top = win.bim_panel.spatial_tree.topLevelItem(0)
    assert top.text(0).endswith("(IfcProject)")
    site = top.child(0)
    assert site.text(0).endswith("(IfcSite)") and site.child(0).text(0).endswith("(IfcBuilding)")
    assert site.child(0).child(0).text(0) == "1F (IfcBuildingStorey)"


# -- (b) tree → 3D, (c) 3D → tree ------------------------------------------------------------------
def test_selecting_a_wall_in_the_tree_highlights_it_and_shows_its_psets(
        qtbot, win: MainWindow) -> None:
    panel = win.bim_panel
    wall, centre, out = _long_wall(win)
    _look_at_wall(win, centre, out)
    assert highlight_share(win, centre, half=4) < 0.1
    panel.tabs.setCurrentWidget(panel.class_tree)
    item = panel.element_item(wall, "classes")
    item.parent().setExpanded(True)
    panel.class_tree.scrollToItem(item)
    rect = panel.class_tree.visualItemRect(item)
    with qtbot.waitSignal(panel.element_selected, timeout=2000) as sig:
        qtbot.mouseClick(panel.class_tree.viewport(), Qt.MouseButton.LeftButton,
                         pos=rect.center())
    assert sig.args == [wall]
    assert win.view.selection == ("bim", wall)
    qtbot.waitUntil(lambda: not win.view.is_flying, timeout=5000)
    focal = np.array(win.view.camera_state()["focal_point"])
    assert np.linalg.norm(focal - centre) < 1.0  # flown to it
    assert panel.element_item(wall, "spatial").isSelected()  # the other tab follows
    _look_at_wall(win, centre, out)
    assert highlight_share(win, centre, half=4) > 0.6
    attrs = win.attribute_panel
    assert attrs.value_of("IFC class") == "IfcWall"
    assert attrs.has_section("Pset_WallCommon")
    assert attrs.value_of("IsExternal") == "Yes" and attrs.value_of("LoadBearing") == "Yes"
    qtbot.keyClick(win.view.interactor, Qt.Key.Key_Escape)
    assert win.view.selection is None and attrs.rowCount() == 0
    assert panel.selected_element() is None
    assert highlight_share(win, centre, half=4) < 0.1


def test_clicking_the_wall_in_3d_selects_it_in_the_tree(qtbot, win: MainWindow) -> None:
    panel = win.bim_panel
    wall, centre, out = _long_wall(win, "3F")
    _look_at_wall(win, centre, out)
    qtbot.wait(50)
    with qtbot.waitSignal(win.view.picked, timeout=5000) as sig:
        qtbot.mouseClick(win.view.interactor, Qt.MouseButton.LeftButton,
                         pos=win.view.screen_position(centre))
    assert sig.args == ["bim", wall]
    assert panel.selected_element() == wall
    assert panel.current_tree().currentItem() is panel.element_item(
        wall, "classes" if panel.current_tree() is panel.class_tree else "spatial")
    assert win.attribute_panel.has_section("Pset_WallCommon")
    assert highlight_share(win, centre, half=4) > 0.6
    # a click on the terrain beside the tower clears it
    ground = centre + np.array([out[0] * 25.0, out[1] * 25.0, 0.0])
    ground[2] = win.view.terrain_height(ground[0], ground[1]) or 0.0
    win.view.top_view()
    win.view.fly_to(ground, distance=120.0, duration_ms=0)
    qtbot.wait(50)
    with qtbot.waitSignal(win.view.clicked_at, timeout=5000):
        qtbot.mouseClick(win.view.interactor, Qt.MouseButton.LeftButton,
                         pos=win.view.screen_position(ground))
    assert win.view.selection != ("bim", wall)
    assert panel.selected_element() is None


# -- (d) the reviewer's tools ----------------------------------------------------------------------
def test_xray_storeys_classes_and_section_change_what_is_drawn(qtbot, win: MainWindow) -> None:
    panel = win.bim_panel
    mesh = win.view.scene.bim
    _whole_model(win)
    full = mesh.visible_cell_count()
    # everything but the spaces (the proposal's green areas), hidden by default
    space_cells = int(np.sum(np.array(mesh.classes)[mesh.cell_class] == "IfcSpace"))
    assert full == mesh.n_cells - space_cells
    base = frame(win)

    # class hiding: the walls' checkbox
    wall_cells = int(np.sum(np.array(mesh.classes)[mesh.cell_class] == "IfcWall"))
    t0 = time.perf_counter()
    panel.set_class_checked("IfcWall", False)
    assert time.perf_counter() - t0 < 0.5
    assert mesh.visible_cell_count() == full - wall_cells
    assert _changed(base, frame(win)) > 0.01
    panel.set_class_checked("IfcWall", True)
    assert mesh.visible_cell_count() == full
    # class isolation (the class tree's context menu): only the walls, then all again
    panel.isolate_class("IfcWall")
    assert mesh.visible_cell_count() == wall_cells
    panel.isolate_class(None)  # "show every class again": the spaces too
    assert mesh.visible_cell_count() == mesh.n_cells
    panel.set_class_checked("IfcSpace", False)
    assert mesh.visible_cell_count() == full

    # storey isolation
    sid = _storey_named(win, "3F")
    panel.set_storey(sid)
    assert mesh.visible_cell_count() == int(np.sum(mesh.cell_storey == sid)) < full
    assert _changed(base, frame(win)) > 0.01
    panel.set_storey(None)
    assert mesh.visible_cell_count() == full
    assert _changed(base, frame(win)) < 0.002

    # X-ray: the selected wall opaque, everything else translucent
    wall, centre, _ = _long_wall(win)
    win.select_bim_element(wall, fly=False)
    qtbot.mouseClick(panel.xray, Qt.MouseButton.LeftButton)
    assert panel.xray.isChecked() and mesh.xray
    opaque = mesh.opaque.GetMapper().GetInput()
    assert opaque.GetNumberOfCells() == int(np.sum(mesh.cell_element == wall))
    assert mesh.translucent.GetMapper().GetInput().GetNumberOfCells() == full - \
        opaque.GetNumberOfCells()
    assert _changed(base, frame(win)) > 0.01
    qtbot.mouseClick(panel.xray, Qt.MouseButton.LeftButton)
    win.view.clear_selection()

    # the section plane: horizontal at mid-height cuts the top storeys off
    z0, z1 = mesh.z_range()
    roof = mesh.centre()
    roof[2] = z1 - 0.1
    before = frame(win)
    panel.set_section(True, 0.5, "horizontal")
    orientation, height = panel.section()
    assert orientation == "horizontal" and height == pytest.approx((z0 + z1) / 2, abs=0.1)
    assert "m" in panel.section_value.text()
    cut = frame(win)
    assert _changed(before, cut) > 0.01
    # moving the slider up shows more of the tower again
    panel.section_slider.setValue(900)
    assert _changed(cut, frame(win)) > 0.002
    panel.set_section(True, 0.5, "vertical")
    assert panel.section()[0] == "vertical"
    assert _changed(before, frame(win)) > 0.01
    panel.set_section(False)
    assert mesh.section_plane is None
    assert _changed(before, frame(win)) < 0.002


# -- (e) a broken file -----------------------------------------------------------------------------
def test_a_truncated_ifc_shows_an_error_naming_the_file(qtbot, win: MainWindow, city: dict,
                                                        tmp_path: Path) -> None:
    data = city["ifc"].read_bytes()
    bad = tmp_path / "截断的方案.ifc"
    bad.write_bytes(data[: len(data) // 2])
    shown = win.bim
    with qtbot.waitSignal(win.bim_failed, timeout=LOAD_TIMEOUT) as sig:
        win.open_bim(bad)
    assert bad.name in sig.args[0] and "truncated" in sig.args[0]
    box = win.bim_error_box
    assert box is not None and box.isVisible() and bad.name in box.text()
    box.close()
    qtbot.waitUntil(lambda: not win.is_bim_loading, timeout=5000)
    assert not win.bim_progress.isVisible()
    # still usable: the model shown stays, and selection works
    assert win.bim is shown and win.view.scene.bim is not None
    wall, _, _ = _long_wall(win)
    assert win.select_bim_element(wall, fly=False)
    assert win.attribute_panel.has_section("Pset_WallCommon")


def test_cli_bim_option_checks_the_file(tmp_path: Path, city: dict) -> None:
    from app.cli import main

    assert main([str(city["cache"]), "--bim", str(tmp_path / "missing.ifc")]) == 1


# -- (f) a real model with only a lat/lon: placed by hand ------------------------------------------
def test_office_a_is_placed_provisionally_then_by_hand_and_stays_there(
        qtbot, qapp, win: MainWindow, realdata: Path, city: dict, tmp_path: Path) -> None:
    src = realdata / "ifc" / "Office_A_20110811.ifc"
    if not src.is_file():
        pytest.skip(f"{src} not found")
    ifc = tmp_path / src.name
    shutil.copyfile(src, ifc)
    # Cancel: the load stops, nothing changes
    shown = win.bim
    win.open_bim(ifc)
    qtbot.mouseClick(win.bim_cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not win.is_bim_loading, timeout=20_000)
    assert win.bim is shown and not win.bim_cancel.isVisible()

    with qtbot.waitSignal(win.bim_ready, timeout=LOAD_TIMEOUT):
        win.open_bim(ifc)
    _wait_bim(qapp, win)
    model = win.bim
    assert Path(model.path).name == src.name
    assert model.georef.method in ("IfcSite RefLatitude/RefLongitude", "none")
    assert win.bim_siting.note in ("outside", "none") and win.bim_siting.needs_placement
    assert win.bim_panel.is_approximate()  # in orange
    assert "Place it manually" in win.bim_panel.georef_text("status")
    assert win.placement_dialog is not None and win.placement_dialog.isVisible()
    assert win.view.scene.bim is not None
    assert win.view.scene.hidden_buildings == set(win.bim_replaced)  # under it, where it is
    mesh = win.view.scene.bim
    assert "IfcSpace" in mesh.hidden_classes  # spaces hidden by default
    assert mesh.visible_cell_count() < mesh.n_cells
    spaces = win.bim_panel.class_item("IfcSpace")
    assert spaces.checkState(0) == Qt.CheckState.Unchecked
    # the tools are fast enough on 1090 products
    for change in (lambda: mesh.set_xray(True), lambda: mesh.set_xray(False),
                   lambda: mesh.isolate_storey(_storey_named(win, "Level 2")),
                   lambda: mesh.isolate_storey(None),
                   lambda: mesh.set_class_visible("IfcWallStandardCase", False),
                   lambda: mesh.set_class_visible("IfcWallStandardCase", True)):
        t0 = time.perf_counter()
        change()
        assert time.perf_counter() - t0 < 0.1
    win.placement_dialog.reject()

    # placed by hand on an open spot west of the tower, turned 30°
    x, y = city["tower"].centroid.x - 150.0, city["tower"].centroid.y + 60.0
    ground = win.view.terrain_height(x, y)
    assert ground is not None
    assert win.place_bim(x, y, 30.0)
    mesh = win.view.scene.bim
    b = mesh.world_bounds
    assert abs((b[0] + b[1]) / 2 - x) < 5.0 and abs((b[2] + b[3]) / 2 - y) < 5.0
    z_model = float(model.geometry.vertices[:, 2].min())
    assert b[4] == pytest.approx(ground + z_model, abs=0.05)  # ±0.000 on the terrain
    assert mesh.georef.rotation_deg == pytest.approx(30.0)
    assert not win.bim_panel.is_approximate()
    assert "by hand" in win.bim_panel.georef_text("method")
    # saved with the model: reopening (from the cache) puts it back
    win.close_bim()
    assert win.view.scene.bim is None
    with qtbot.waitSignal(win.bim_ready, timeout=LOAD_TIMEOUT):
        win.open_bim(ifc)
    _wait_bim(qapp, win)
    assert win.bim.report.from_cache
    assert win.bim_siting.note == "saved" and not win.bim_siting.needs_placement
    assert win.placement_dialog is None or not win.placement_dialog.isVisible()
    again = win.view.scene.bim.world_bounds
    assert np.allclose(again, b, atol=1e-3)


def test_placement_by_picking_on_the_map(qtbot, qapp, win: MainWindow, city: dict) -> None:
    """The dialog's "Pick on map", then a click on the terrain, moves the model there."""
    if win.bim is None or win.view.scene.bim is None:
        pytest.skip("no model shown")
    win.start_placement()
    dialog = win.placement_dialog
    assert dialog.isVisible()
    spot = np.array([city["tower"].centroid.x + 120.0, city["tower"].centroid.y - 90.0, 0.0])
    spot[2] = win.view.terrain_height(spot[0], spot[1]) or 0.0
    qtbot.mouseClick(dialog.pick_button, Qt.MouseButton.LeftButton)
    win.view.top_view()
    win.view.fly_to(spot, distance=400.0, duration_ms=0)
    qtbot.wait(50)
    with qtbot.waitSignal(win.bim_ready, timeout=5000):
        qtbot.mouseClick(win.view.interactor, Qt.MouseButton.LeftButton,
                         pos=win.view.screen_position(spot))
    x, y, _, z = dialog.values()
    assert np.hypot(x - spot[0], y - spot[1]) < 3.0 and abs(z - spot[2]) < 1.0
    b = win.view.scene.bim.world_bounds
    assert np.hypot((b[0] + b[1]) / 2 - x, (b[2] + b[3]) / 2 - y) < 5.0
    dialog.reject()  # Cancel: back where it was
    b2 = win.view.scene.bim.world_bounds
    assert np.hypot((b2[0] + b2[1]) / 2 - x, (b2[2] + b2[3]) / 2 - y) > 20.0
    QApplication.processEvents()


def test_a_model_opened_with_the_window_waits_for_the_city(qtbot, opened: MainWindow,
                                                            city: dict) -> None:
    """As `cimview CACHE --bim FILE` does: open_bim right after the window is made (the model
    is in the cache by now, so it may well be ready before the city is drawn)."""
    w = MainWindow(city["cache"], "en")
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitSignal(w.bim_ready, timeout=LOAD_TIMEOUT):
        w.open_bim(city["ifc"])
    assert w.view.scene.data is not None and w.view.scene.bim is not None
    assert w.view.scene.hidden_buildings == city["old_fids"]
    w.close()


def test_the_report_line_lists_the_failed_elements(qtbot, opened: MainWindow) -> None:
    from dataclasses import replace

    from app.bim_panel import BimPanel

    model = opened.bim
    failed = [{"id": 999, "guid": "0abc", "class": "IfcBeam", "name": "梁-1",
               "error": "no body representation could be tessellated"}]
    broken = replace(model, report=replace(model.report, failed=failed,
                                           products_with_body=model.report.tessellated + 1))
    panel = BimPanel()
    qtbot.addWidget(panel)
    panel.set_model(broken, opened.view.scene.bim)
    assert "1 failed" in panel.report_text()
    panel.report.linkActivated.emit("failures")  # a click on "1 failed"
    dialog = panel.failures_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.rows() == [["#999", "IfcBeam", "梁-1",
                              "no body representation could be tessellated"]]
    dialog.close()


def test_the_bim_is_a_layer_of_the_map(qtbot, win: MainWindow) -> None:
    """The BIM under review is the map's ``bim`` layer: listed in the layer panel, shown and
    hidden from it, drawn by the scene's view of that layer, never saved with the map."""
    from layers.project import layers_json

    layers = win.model.layers
    assert "bim" in layers and layers["bim"].kind == "bim"
    assert win.view.scene.views["bim"].mesh is win.view.scene.bim
    assert "bim" in win.layer_panel._items
    actors = win.view.scene.bim.actors
    layers["bim"].visible = False
    assert not any(a.GetVisibility() for a in actors)
    layers["bim"].visible = True
    assert all(a.GetVisibility() for a in actors[:1])
    assert '"bim"' not in layers_json(list(layers))


# -- (z) in a planning scenario (issue 16); last: it adds a scenario to the module's city --------
def test_a_proposal_added_to_a_scenario_shows_from_its_year(qtbot, win: MainWindow,
                                                            city: dict) -> None:
    model, bar = win.model, win.time_bar
    under = set(model.bim.replaced)  # the white models under the BIM now
    assert under
    assert win.scenarios.new_scenario("方案T", description="the proposal under review")
    planned = win.scenarios.add_bim(2029)
    assert planned is not None
    qtbot.waitUntil(lambda: not win.view.scene.pending, timeout=60_000)
    view = win.view.scene.views["bim"]
    with Cache.open(city["cache"]) as c:
        block = int(c.read("buildings", [], where="t.gid = :g", params={"g": planned},
                           at=None, geometry=False).fids[0])
    try:
        bar.slider.setValue(2028)  # planned for 2029: not there yet in 方案T
        assert model.time == "2028"
        assert view.suppressed and not any(p.GetVisibility() for p in view.props())
        assert bar.slider.maximum() == 2029  # the slider reaches the proposal's year
        bar.slider.setValue(2029)
        assert model.time == "2029"
        assert not view.suppressed and any(p.GetVisibility() for p in view.props())
        assert block in model.bim.replaced  # its own planned block hides under it
        assert under.isdisjoint(model.bim.replaced)  # gone by then in 方案T
        model.set_scenario(None)  # the recorded city: the BIM under review shows
        assert not view.suppressed
        assert set(model.bim.replaced) == under

        # later (the BIM closed, its file elsewhere): the scenario opens it from the cache
        sha, name = model.bim.model.sha256, Path(model.bim.model.path).name
        win.bim_controller.close()
        assert not model.bim.is_open
        assert not win.scenarios.open_planned_bim()  # the recorded city plans no BIM
        box = win.scenarios.message_box
        assert box is not None and "plans no BIM" in box.text()
        box.close()
        model.set_scenario("方案T")
        with qtbot.waitSignal(win.bim_ready, timeout=60_000):
            assert win.scenarios.open_planned_bim()
        assert model.bim.is_open and model.bim.model.sha256 == sha
        assert Path(model.bim.model.path).name == name
    finally:
        model.set_scenario(None)
        model.set_time(None)
