"""The 3D view widget: picking by real mouse clicks, cursor coordinates, camera moves and
render-on-demand, on the 400-building sample city under Xvfb."""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely
from PySide6.QtCore import QPoint, Qt
from vtk.util.numpy_support import vtk_to_numpy

from app.view3d import MIN_CLEARANCE, View3D
from store.cache import Cache
from tests.sample_build import build
from viewer.scene import build_scene_data

pytestmark = pytest.mark.gui

W, H = 800, 600


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> dict:
    info = build(tmp_path_factory.mktemp("city"), buildings=400)
    with Cache.open(info["cache"]) as cache:
        data = build_scene_data(cache)
        feats = cache.read("buildings")
        crs = cache.crs
    return {"data": data, "crs": crs, "footprints": dict(zip(feats.fids, feats.geoms,
                                                             strict=True))}


@pytest.fixture(scope="module")
def view(qapp, city: dict) -> View3D:
    v = View3D()
    v.resize(W, H)
    v.set_data(city["data"], crs=city["crs"])
    v.show()
    for _ in range(20):
        qapp.processEvents()
    yield v
    v.close()
    v.deleteLater()


@pytest.fixture
def renders(view: View3D):
    """A counter of finished renders of the view's window."""
    count = {"n": 0}

    def on_end(*_: object) -> None:
        count["n"] += 1

    tag = view.render_window.AddObserver("EndEvent", on_end)
    yield count
    view.render_window.RemoveObserver(tag)


def _settle(qtbot, view: View3D) -> None:
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: not view.is_flying, timeout=5000)
    qtbot.wait(50)


def _tiles_arrived(qtbot, view: View3D) -> None:
    """Wait until no streamed layer is loading a tile (nor reading its tree) and no render is
    due, and it stays so: the render a last arrival asks for may select more tiles, which a
    busy machine loads after a first quiet moment."""
    def quiet() -> bool:
        return not view._render_pending and all(
            getattr(v, "deferred", None) is None
            and (getattr(v, "streamer", None) is None or v.streamer.stats.loading == 0)
            for v in view.scene.views.values())

    for _ in range(20):
        qtbot.waitUntil(quiet, timeout=30_000)
        qtbot.wait(200)
        if quiet():
            return


def _big_flat_roof(city: dict) -> tuple[int, np.ndarray]:
    """The fid and roof centre (world) of a large LOD1 building with a flat roof."""
    data = city["data"]
    best: tuple[float, int, np.ndarray] | None = None
    for mesh in data.buildings:
        fids = np.asarray(mesh.cell_data["fid"])
        roof = np.asarray(mesh.cell_data["part"]) == 1
        for fid in np.unique(fids[roof]):
            geom = city["footprints"].get(int(fid))
            if geom is None:
                continue
            geom = max(shapely.get_parts(geom), key=lambda g: g.area)
            cells = mesh.extract_cells(np.flatnonzero(roof & (fids == fid)))
            z = np.asarray(cells.points)[:, 2]
            if z.max() - z.min() > 0.01:
                continue
            inner = geom.buffer(-3.0)
            if inner.is_empty or (best is not None and geom.area <= best[0]):
                continue
            p = shapely.point_on_surface(inner)
            best = (geom.area, int(fid), np.array([p.x, p.y, float(z.max())]))
    assert best is not None
    return best[1], best[2]


def test_click_building_picks_and_highlights(qtbot, view: View3D, city: dict) -> None:
    fid, roof = _big_flat_roof(city)
    view.top_view()
    view.fly_to(roof, distance=250.0, duration_ms=0)
    _settle(qtbot, view)
    pos = view.screen_position(roof)
    assert abs(pos.x() - W / 2) < 3 and abs(pos.y() - H / 2) < 3
    with qtbot.waitSignal(view.picked, timeout=3000) as sig:
        qtbot.mouseClick(view.interactor, Qt.MouseButton.LeftButton, pos=pos)
    assert sig.args == ["buildings", fid]
    assert view.selection == ("buildings", fid)
    overlay = view.selection_actor
    assert overlay is not None and view.renderer.HasViewProp(overlay)
    assert overlay.GetMapper().GetInput().GetNumberOfCells() > 0

    with qtbot.waitSignal(view.cleared, timeout=2000):
        qtbot.keyClick(view.interactor, Qt.Key.Key_Escape)
    assert view.selection is None and view.selection_actor is None
    assert not view.renderer.HasViewProp(overlay)


def test_drag_does_not_pick(qtbot, view: View3D, city: dict) -> None:
    _fid, roof = _big_flat_roof(city)
    view.top_view()
    view.fly_to(roof, distance=250.0, duration_ms=0)
    _settle(qtbot, view)
    pos = view.screen_position(roof)
    got: list = []
    view.picked.connect(lambda *a: got.append(a))
    qtbot.mousePress(view.interactor, Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseMove(view.interactor, pos + QPoint(40, 0))
    qtbot.mouseRelease(view.interactor, Qt.MouseButton.LeftButton, pos=pos + QPoint(40, 0))
    qtbot.wait(50)
    assert got == []


def test_click_pole(qtbot, view: View3D) -> None:
    # the poles are drawn by tiles near the camera: take the one nearest the city's centre
    glyphs = next(v for v in view.scene.data.views if v.layer.name == "poles")
    polys = [s.content.actor.GetMapper().GetInput() for s in glyphs.streamer.states.values()
             if s.content is not None and s.content.actor is not None]
    pts = np.vstack([vtk_to_numpy(p.GetPoints().GetData()) for p in polys]).astype(np.float64)
    fids = np.concatenate([vtk_to_numpy(p.GetPointData().GetArray("fid")) for p in polys])
    heights = np.concatenate([vtk_to_numpy(p.GetPointData().GetArray("scale"))[:, 2]
                              for p in polys])
    i = int(np.argmin(np.hypot(*(pts[:, :2] - pts[:, :2].mean(axis=0)).T)))
    top = view.origin.to_world(pts[i] + (0.0, 0.0, heights[i]))
    view.top_view()
    view.fly_to(top, distance=60.0, duration_ms=0)
    _settle(qtbot, view)
    with qtbot.waitSignal(view.picked, timeout=3000) as sig:
        qtbot.mouseClick(view.interactor, Qt.MouseButton.LeftButton,
                         pos=view.screen_position(top))
    assert sig.args == ["poles", int(fids[i])]
    assert view.selection == ("poles", int(fids[i]))
    assert view.selection_actor is not None
    view.clear_selection()


def test_click_on_nothing_clears(qtbot, view: View3D) -> None:
    state = view.camera_state()
    x, y, _ = state["focal_point"]
    view.set_camera_state({"position": [x, y, 5000.0], "focal_point": [x, y + 1.0, 6000.0],
                           "view_up": [0.0, 0.0, 1.0]})
    view.highlight("buildings", view.scene.data.buildings[0].cell_data["fid"][0])
    assert view.selection is not None
    _settle(qtbot, view)
    with qtbot.waitSignal(view.cleared, timeout=3000):
        qtbot.mouseClick(view.interactor, Qt.MouseButton.LeftButton, pos=QPoint(W // 2, H // 2))
    assert view.selection is None
    view.set_camera_state(state)


def test_cursor_position(qtbot, view: View3D, city: dict) -> None:
    view.zoom_to_extent()
    view.top_view()
    _settle(qtbot, view)
    _tiles_arrived(qtbot, view)  # the terrain under the cursor is there (slow on a busy machine)
    values: list = []
    view.cursor_moved.connect(values.append)
    qtbot.mouseMove(view.interactor, QPoint(W // 2 + 17, H // 2 - 23))
    qtbot.waitUntil(lambda: any(v is not None for v in values), timeout=3000)
    info = next(v for v in values if v is not None)
    minx, miny, maxx, maxy = city["data"].extent
    assert minx <= info["x"] <= maxx and miny <= info["y"] <= maxy
    assert info["lon"] == pytest.approx(113.3, abs=0.05)
    assert info["lat"] == pytest.approx(23.1, abs=0.05)
    terrain = city["data"].terrain
    zmin, zmax = terrain.bounds[4], terrain.bounds[5]
    assert zmin - 0.01 <= info["z"] <= zmax + 0.01


def test_render_on_demand_and_fly_to(qtbot, view: View3D, renders: dict) -> None:
    view.zoom_to_extent()
    _settle(qtbot, view)
    qtbot.wait(100)
    renders["n"] = 0
    qtbot.wait(500)
    assert renders["n"] == 0  # a static view never renders

    for _ in range(5):
        view.request_render()
    qtbot.wait(100)
    assert renders["n"] == 1  # requests coalesce

    target = view.origin.to_world(np.array([[30.0, -40.0, 0.0]]))[0]
    target[2] = view.terrain_height(target[0], target[1]) or 0.0
    renders["n"] = 0
    with qtbot.waitSignal(view.fly_finished, timeout=5000):
        view.fly_to(target, distance=300.0, duration_ms=400)
    assert 1 <= renders["n"] <= 35  # ~30 steps, fewer when software rendering is slow
    fp = np.array(view.camera_state()["focal_point"])
    assert np.linalg.norm(fp - target) < 1.0
    assert view.camera.GetDistance() == pytest.approx(300.0, rel=0.01)
    _tiles_arrived(qtbot, view)  # the tiles the new view needs render as they arrive
    renders["n"] = 0
    qtbot.wait(300)
    assert renders["n"] == 0


def test_camera_state_round_trip(qtbot, view: View3D) -> None:
    view.zoom_to_extent()
    state = view.camera_state()
    assert set(state) == {"position", "focal_point", "view_up", "view_angle"}
    assert state["position"][0] > 100_000  # world, not local, coordinates
    view.top_view()
    assert view.camera_state() != state
    view.set_camera_state(state)
    again = view.camera_state()
    for key in ("position", "focal_point", "view_up"):
        assert np.allclose(again[key], state[key], atol=1e-6)
    assert again["view_angle"] == state["view_angle"]


def test_top_view_and_north_up(qtbot, view: View3D) -> None:
    view.zoom_to_extent()
    view.top_view()
    dop = np.array(view.camera.GetDirectionOfProjection())
    assert dop[2] < -0.999
    # orbit: turn the heading to the east at 30° elevation, then north up keeps the elevation
    cam = view.camera
    f = np.array(cam.GetFocalPoint())
    d = cam.GetDistance()
    e = math.radians(30)
    cam.SetPosition(*(f - d * np.array([math.cos(e), 0.0, -math.sin(e)])))
    cam.SetViewUp(0, 0, 1)
    view.north_up()
    dop = np.array(view.camera.GetDirectionOfProjection())
    assert dop[0] == pytest.approx(0.0, abs=1e-9) and dop[1] > 0
    assert math.degrees(math.asin(-dop[2])) == pytest.approx(30.0, abs=1e-6)
    assert view.camera.GetDistance() == pytest.approx(d)
    qtbot.keyClick(view.interactor, Qt.Key.Key_T)
    assert view.camera.GetDirectionOfProjection()[2] < -0.999
    before = view.camera.GetDistance()
    qtbot.keyClick(view.interactor, Qt.Key.Key_Plus)
    assert view.camera.GetDistance() < before


def test_camera_stays_above_terrain(qtbot, view: View3D) -> None:
    view.zoom_to_extent()
    state = view.camera_state()
    x, y, _ = state["focal_point"]
    ground = view.terrain_height(x, y)
    assert ground is not None
    below = {"position": [x, y - 50.0, ground - 10.0], "focal_point": [x, y, ground]}
    view.set_camera_state(below)
    view.render_now()
    pos_z = view.camera_state()["position"][2]
    assert pos_z >= (view.terrain_height(x, y - 50.0) or 0.0) + MIN_CLEARANCE - 1e-6
    view.set_camera_below_surface_allowed(True)
    view.set_camera_state(below)
    view.render_now()
    assert view.camera_state()["position"][2] == pytest.approx(ground - 10.0)
    view.set_camera_below_surface_allowed(False)
    view.set_camera_state(state)


def _wheel(widget, pos: QPoint, delta: int) -> None:
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    event = QWheelEvent(QPointF(pos), QPointF(widget.mapToGlobal(pos)), QPoint(0, 0),
                        QPoint(0, delta), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_wheel_zooms_toward_cursor(qtbot, view: View3D, city: dict) -> None:
    _fid, roof = _big_flat_roof(city)
    view.top_view()
    view.fly_to(roof, distance=400.0, duration_ms=0)
    _settle(qtbot, view)
    off = view.screen_position(roof) + QPoint(120, -80)  # a point away from the centre
    qtbot.mouseMove(view.interactor, off)
    target = view._pick_surface(off.x(), view.interactor.height() - 1 - off.y())
    assert target is not None
    world = view.origin.to_world(target.reshape(1, 3))[0]
    before = view.camera.GetDistance()
    _wheel(view.interactor, off, 120)
    assert view.camera.GetDistance() < before
    after = view.screen_position(world)
    assert abs(after.x() - off.x()) <= 2 and abs(after.y() - off.y()) <= 2
    _wheel(view.interactor, off, -120)
    assert view.camera.GetDistance() == pytest.approx(before, rel=1e-6)


def test_shift_drag_pans(qtbot, view: View3D, city: dict) -> None:
    _fid, roof = _big_flat_roof(city)
    view.top_view()
    view.fly_to(roof, distance=400.0, duration_ms=0)
    _settle(qtbot, view)
    dop = np.array(view.camera.GetDirectionOfProjection())
    fp = np.array(view.camera.GetFocalPoint())
    centre = QPoint(W // 2, H // 2)
    shift = Qt.KeyboardModifier.ShiftModifier
    qtbot.mousePress(view.interactor, Qt.MouseButton.LeftButton, shift, centre)
    for dx in (10, 20, 40, 60):
        qtbot.mouseMove(view.interactor, centre + QPoint(dx, 0))
    qtbot.mouseRelease(view.interactor, Qt.MouseButton.LeftButton, shift, centre + QPoint(60, 0))
    moved = np.array(view.camera.GetFocalPoint()) - fp
    assert np.allclose(view.camera.GetDirectionOfProjection(), dop, atol=1e-9)
    assert moved[0] < -10 and abs(moved[1]) < 2  # dragging right moves the view west
