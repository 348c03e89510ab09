"""The 3D view: a VTK render window in a Qt widget over a :class:`viewer.scene.Scene`.

Rendering is on demand: nothing renders in a loop. ``request_render`` coalesces any number of
requests into one render on the next turn of the Qt event loop; interaction renders as VTK does
on mouse events; ``fly_to`` renders once per animation step.

Navigation (GIS/CAD habits, ``vtkInteractorStyleTerrain`` so the z axis stays up): left-drag
orbits, middle-drag or shift+left-drag pans, right-drag dollies, the wheel zooms toward the
point under the cursor. Keys: Esc clears the selection, Home shows the full extent, T looks
straight down (north up), N turns north up, +/- zoom.

Coordinates: the scene is in local float32 coordinates (see :mod:`viewer.origin`); everything
this widget takes or gives (``camera_state``, ``fly_to``, ``zoom_to_bounds``, ``cursor_moved``,
``screen_position``) is in WORLD coordinates, the cache CRS.
"""

from __future__ import annotations

import math
import time
from typing import Any

import numpy as np
import pyvista as pv
import vtk
import vtkmodules.qt
from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget
from vtk.util.numpy_support import vtk_to_numpy

from viewer.glyphs import pick_glyph
from viewer.origin import Origin
from viewer.scene import Scene, SceneData

vtkmodules.qt.PyQtImpl = "PySide6"
from vtkmodules.qt.QVTKRenderWindowInteractor import (  # noqa: E402
    QVTKRenderWindowInteractor,
)

#: A press and release closer than this (widget pixels) is a click, not a drag.
CLICK_TOLERANCE = 4
#: The cursor position is picked at most this often (ms).
CURSOR_INTERVAL_MS = 50
#: The camera stays this high above the terrain unless underground mode allows otherwise (m).
MIN_CLEARANCE = 2.0
#: Fly-to animation steps.
FLY_STEPS = 30
#: Wheel: each notch moves the camera this fraction of the way to the point under the cursor.
WHEEL_STEP = 0.2
#: "Top" view elevation (°): just short of 90 so the terrain style keeps z as its up axis.
TOP_ELEVATION = 89.5
SELECTION_RGB = (1.0, 0.85, 0.0)
SELECTION_EDGE_RGB = (0.9, 0.35, 0.0)
#: Outward margin of the selection overlay so it does not z-fight with the feature (m).
SELECTION_MARGIN = 0.15
MESH_LAYERS = ("buildings", "pipelines", "bim")
GLYPH_LAYERS = ("poles", "pipe_points")

_ROTATE, _PAN = 1, 2  # VTKIS_ROTATE, VTKIS_PAN


class _Interactor(QVTKRenderWindowInteractor):
    """VTK's Qt widget, finalised once: a second ``Finalize`` (the view closed, then its
    widget closed or destroyed with the window) would release an OpenGL context that is gone
    and abort the process."""

    _finalized = False

    def Finalize(self) -> None:  # noqa: N802 - VTK's name
        if self._finalized:
            return
        self._finalized = True
        super().Finalize()

    def closeEvent(self, evt: Any) -> None:  # noqa: N802
        self.Finalize()


def _ease(t: float) -> float:
    """Smoothstep ease-in-out on [0, 1]."""
    t = min(max(t, 0.0), 1.0)
    return t * t * (3.0 - 2.0 * t)


class View3D(QWidget):
    """The city in 3D: navigation, picking, selection highlight and cursor coordinates."""

    #: layer ("buildings", "pipelines", "pipe_points", "poles", or "bim" with the IFC element
    #: id of the BIM model shown), fid
    picked = Signal(str, int)
    cleared = Signal()  # a click hit nothing, or the selection was cleared
    cursor_moved = Signal(object)  # {x, y, lon, lat, z} in the cache CRS, or None off the terrain
    fly_finished = Signal()
    #: After every click's picked or cleared: the world point (cache CRS x, y, z) of the surface
    #: clicked — a building, a pipe or the terrain — or None (the sky, or a glyph: a pole or a
    #: pipe point, whose position is the feature's own).
    clicked_at = Signal(object)
    #: With ``route_clicks`` on (app.tools.ToolController: one active map tool), clicks go to
    #: these instead of ``pick_at``: a click, the second click of a double click, and the
    #: resting cursor (at most every CURSOR_INTERVAL_MS), at display pixel (x, y) (VTK: origin
    #: bottom-left).
    clicked = Signal(int, int)
    double_clicked = Signal(int, int)
    mouse_moved = Signal(int, int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.interactor = _Interactor(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.interactor)
        self.setFocusProxy(self.interactor)

        self.renderer = vtk.vtkRenderer()
        self.render_window: vtk.vtkRenderWindow = self.interactor.GetRenderWindow()
        self.render_window.AddRenderer(self.renderer)
        self.scene = Scene(self.renderer)
        self.scene.changed = self.request_render  # the model changed what the scene shows
        self.scene.context.request_render = self.request_render  # a tile arrived
        self._iren: vtk.vtkRenderWindowInteractor = self.interactor.GetRenderWindow(
        ).GetInteractor()
        self.style = vtk.vtkInteractorStyleTerrain()
        self._iren.SetInteractorStyle(self.style)
        self.interactor.Initialize()

        self._origin = Origin(0.0, 0.0)
        self._crs: Any = None
        self._to_lonlat: Any = None
        self._below_allowed = False
        self._render_pending = False
        self._selection: tuple[str, int] | None = None
        self._overlay: vtk.vtkActor | None = None
        self._press: tuple[int, int] | None = None  # widget-pixel press position (VTK y)
        self._shift_pan = False
        self._terrain_z: tuple[float, float] = (0.0, 0.0)
        self._clamping = False

        self._picker = vtk.vtkCellPicker()
        self._picker.PickFromListOn()
        self._picker.SetTolerance(0.0005)
        self._terrain_picker = vtk.vtkCellPicker()
        self._terrain_picker.PickFromListOn()
        self._picked_data: vtk.vtkDataSet | None = None
        #: Display pixel (VTK: origin bottom-left) of the last click picked, or None.
        self.last_click: tuple[int, int] | None = None
        #: Clicks go to the map tool (the signals clicked/double_clicked), not to pick_at.
        self.route_clicks = False
        #: The active map tool's key handler: (QKeyEvent) -> handled, asked before the view's.
        self.tool_keys: Any = None

        self._cursor_pos: tuple[int, int] | None = None
        self._cursor_timer = QTimer(self)
        self._cursor_timer.setSingleShot(True)
        self._cursor_timer.setInterval(CURSOR_INTERVAL_MS)
        self._cursor_timer.timeout.connect(self._emit_cursor)

        self._fly_timer = QTimer(self)
        self._fly_timer.timeout.connect(self._fly_step)
        self._fly: dict[str, Any] | None = None

        # the style's own handlers are replaced where an observer on the style exists
        st = self.style
        st.AddObserver("LeftButtonPressEvent", self._style_left_down)
        st.AddObserver("LeftButtonReleaseEvent", self._style_left_up)
        st.AddObserver("MouseWheelForwardEvent", lambda *_: self._wheel(+1))
        st.AddObserver("MouseWheelBackwardEvent", lambda *_: self._wheel(-1))
        st.AddObserver("CharEvent", lambda *_: None)  # no VTK keys (q/e would quit, w/s …)
        # while dragging, frames are cheaper (coarser tiles, no multisampling); at rest they
        # refine again
        st.AddObserver("StartInteractionEvent", lambda *_: self.scene.set_dragging(True))
        st.AddObserver("EndInteractionEvent", lambda *_: self._end_drag())
        # passive observers on the interactor see every event, even while the style has focus
        for event, handler in (("LeftButtonPressEvent", self._on_press),
                               ("LeftButtonReleaseEvent", self._on_release),
                               ("MouseMoveEvent", self._on_move),
                               ("LeaveEvent", self._on_leave)):
            tag = self._iren.AddObserver(event, handler)
            self._iren.GetCommand(tag).SetPassiveObserver(1)
        self.render_window.AddObserver("StartEvent", self._before_render)
        self.interactor.installEventFilter(self)

    # -- data --------------------------------------------------------------------------------
    def set_data(self, data: SceneData, crs: Any = None) -> None:
        """Show data (replacing what was shown) with the whole extent in view."""
        self._stop_fly()
        self._remove_overlay()
        self._selection = None
        self._origin = data.origin
        if crs is not None:
            self.set_crs(crs)
        self.scene.populate(data)
        terrain = data.terrain
        if terrain is not None and terrain.n_cells:
            b = terrain.bounds
            self._terrain_z = (float(b[4]), float(b[5]))
        self.request_render()

    def set_crs(self, crs: Any) -> None:
        """The cache CRS (pyproj.CRS or anything it accepts) for the cursor's lon/lat."""
        from pyproj import CRS, Transformer

        self._crs = CRS.from_user_input(crs)
        self._to_lonlat = Transformer.from_crs(self._crs, CRS.from_epsg(4326), always_xy=True)

    @property
    def origin(self) -> Origin:
        return self._origin

    # -- rendering ---------------------------------------------------------------------------
    def request_render(self) -> None:
        """Render once on the next turn of the event loop (requests coalesce)."""
        if self._render_pending:
            return
        self._render_pending = True
        QTimer.singleShot(0, self._flush_render)

    def _flush_render(self) -> None:
        if not self._render_pending:
            return
        self._render_pending = False
        self.render_now()

    def render_now(self) -> None:
        self._render_pending = False
        if self.interactor._finalized:  # closed: its OpenGL context is gone
            return
        self.renderer.ResetCameraClippingRange()
        self.render_window.Render()

    def _end_drag(self) -> None:
        self.scene.set_dragging(False)
        self.request_render()

    def _before_render(self, *_: object) -> None:
        """Level of detail (tiles in and out, glyphs), and the camera kept above the terrain
        (cheap: one locator query per render)."""
        if self.scene.update_level_of_detail():
            self.renderer.ResetCameraClippingRange()  # tiles came in: keep them unclipped
        if self._below_allowed or self._clamping:
            return
        cam = self.renderer.GetActiveCamera()
        x, y, z = cam.GetPosition()
        ground = self._terrain_height_local(x, y)
        if ground is None or z >= ground + MIN_CLEARANCE:
            return
        self._clamping = True
        try:
            cam.SetPosition(x, y, ground + MIN_CLEARANCE)
            self.renderer.ResetCameraClippingRange()
        finally:
            self._clamping = False

    # -- terrain -----------------------------------------------------------------------------
    def _terrain_view(self) -> Any:
        view = self.scene.views.get("terrain")
        return view if getattr(view, "kind", "") == "terrain" else None

    def _terrain_actors(self) -> list[vtk.vtkActor]:
        """The terrain tiles drawn now (the terrain streams by level of detail)."""
        return list(self.scene.actors.get("terrain") or [])

    def _locator(self) -> bool:
        """Give both pickers the cell locators of the terrain tiles drawn now (a tile's own,
        made with it off the GUI thread); False without terrain."""
        view = self._terrain_view()
        locators = view.locators() if view is not None and hasattr(view, "locators") else {}
        for picker in (self._terrain_picker, self._picker):
            picker.RemoveAllLocators()
            for loc in locators.values():
                picker.AddLocator(loc)
        return bool(locators)

    def _terrain_height_local(self, x: float, y: float) -> float | None:
        view = self._terrain_view()
        if view is None or not hasattr(view, "height_local"):
            return None
        return view.height_local(x, y)

    def terrain_height(self, x: float, y: float) -> float | None:
        """Terrain mesh height at a world (cache CRS) point, or None off the terrain."""
        return self._terrain_height_local(x - self._origin.x, y - self._origin.y)

    # -- camera ------------------------------------------------------------------------------
    @property
    def camera(self) -> vtk.vtkCamera:
        return self.renderer.GetActiveCamera()

    def _local(self, xyz: Any) -> np.ndarray:
        p = np.asarray(xyz, dtype=np.float64).reshape(3).copy()
        p[0] -= self._origin.x
        p[1] -= self._origin.y
        return p

    def _world(self, xyz: Any) -> list[float]:
        p = [float(v) for v in xyz]
        return [p[0] + self._origin.x, p[1] + self._origin.y, p[2]]

    def camera_state(self) -> dict[str, Any]:
        """The camera in world coordinates (for bookmarks)."""
        cam = self.camera
        return {"position": self._world(cam.GetPosition()),
                "focal_point": self._world(cam.GetFocalPoint()),
                "view_up": [float(v) for v in cam.GetViewUp()],
                "view_angle": float(cam.GetViewAngle())}

    def set_camera_state(self, state: dict[str, Any]) -> None:
        self._stop_fly()
        cam = self.camera
        cam.SetPosition(*self._local(state["position"]))
        cam.SetFocalPoint(*self._local(state["focal_point"]))
        if "view_up" in state:
            cam.SetViewUp(*[float(v) for v in state["view_up"]])
        if "view_angle" in state:
            cam.SetViewAngle(float(state["view_angle"]))
        self.renderer.ResetCameraClippingRange()
        self.request_render()

    def ground_extent(self, reach: float = 5000.0) -> tuple[float, float, float, float] | None:
        """The ground the view shows, as world bounds (minx, miny, maxx, maxy): where the rays
        through the view's corners meet the level of the focal point, each at most ``reach``
        metres from the camera (rays over the horizon stop there). None before a first frame."""
        ren = self.renderer
        w, h = ren.GetSize()
        if w <= 0 or h <= 0:
            return None
        cam = self.camera
        eye = np.array(cam.GetPosition())
        level = float(cam.GetFocalPoint()[2])
        points = [np.array(cam.GetFocalPoint())]
        for x, y in ((0, 0), (w - 1, 0), (0, h - 1), (w - 1, h - 1)):
            ren.SetDisplayPoint(float(x), float(y), 1.0)
            ren.DisplayToWorld()
            far = np.array(ren.GetWorldPoint()[:3]) / (ren.GetWorldPoint()[3] or 1.0)
            ray = far - eye
            ray /= np.linalg.norm(ray) or 1.0
            t = (level - eye[2]) / ray[2] if ray[2] < -1e-9 else reach
            points.append(eye + ray * min(max(t, 0.0), reach))
        p = np.array(points)
        lo, hi = p[:, :2].min(axis=0), p[:, :2].max(axis=0)
        return (float(lo[0] + self._origin.x), float(lo[1] + self._origin.y),
                float(hi[0] + self._origin.x), float(hi[1] + self._origin.y))

    def zoom_to_extent(self) -> None:
        """The whole extent, obliquely from the south."""
        self._stop_fly()
        self.scene.reset_camera("overview")
        self.request_render()

    def zoom_to_bounds(self, world_bounds: Any) -> None:
        """Fit bounds in view, keeping the view direction. Bounds: (minx, miny, maxx, maxy)
        (z from the terrain) or VTK order (minx, maxx, miny, maxy, minz, maxz), world."""
        self._stop_fly()
        b = [float(v) for v in world_bounds]
        if len(b) == 4:
            z = self._terrain_z
            b = [b[0], b[2], b[1], b[3], z[0], z[1]]
        local = (b[0] - self._origin.x, b[1] - self._origin.x,
                 b[2] - self._origin.y, b[3] - self._origin.y, b[4], b[5])
        self.renderer.ResetCamera(local)
        self.renderer.ResetCameraClippingRange()
        self.request_render()

    def _look(self, elevation_deg: float, azimuth_dop: tuple[float, float]) -> None:
        """Keep focal point and distance; look along a horizontal heading at an elevation."""
        cam = self.camera
        f = np.array(cam.GetFocalPoint())
        d = cam.GetDistance()
        e = math.radians(elevation_deg)
        hx, hy = azimuth_dop
        dop = np.array([hx * math.cos(e), hy * math.cos(e), -math.sin(e)])
        cam.SetPosition(*(f - d * dop))
        cam.SetViewUp(0.0, 0.0, 1.0)
        self.renderer.ResetCameraClippingRange()
        self.request_render()

    def top_view(self) -> None:
        """Look straight down at the focal point, north up."""
        self._stop_fly()
        self._look(TOP_ELEVATION, (0.0, 1.0))

    def north_up(self) -> None:
        """Turn the view so north is up, keeping the elevation of the view direction."""
        self._stop_fly()
        dop = np.array(self.camera.GetDirectionOfProjection())
        elevation = math.degrees(math.asin(min(max(-dop[2], -1.0), 1.0)))
        self._look(min(elevation, TOP_ELEVATION), (0.0, 1.0))

    def zoom(self, factor: float) -> None:
        """Move toward (factor > 1) or away from the focal point."""
        self._stop_fly()
        self.camera.Dolly(factor)
        self.renderer.ResetCameraClippingRange()
        self.request_render()

    def fly_to(self, world_xyz: Any, distance: float | None = None,
               duration_ms: int = 700) -> None:
        """Animate the camera (ease in-out, ~30 steps) to look at world_xyz from distance
        (default: the current one), keeping the view direction."""
        self._stop_fly()
        cam = self.camera
        pos0, fp0 = np.array(cam.GetPosition()), np.array(cam.GetFocalPoint())
        dop = np.array(cam.GetDirectionOfProjection())
        d = float(distance) if distance else cam.GetDistance()
        fp1 = self._local(world_xyz)
        pos1 = fp1 - d * dop
        self._fly = {"pos": (pos0, pos1), "fp": (fp0, fp1), "start": time.monotonic(),
                     "duration": max(duration_ms, 0) / 1000.0}
        # at most FLY_STEPS renders; the clock drives the animation, so slow renders (software
        # OpenGL) drop steps instead of stretching the flight
        self._fly_timer.setInterval(max(int(duration_ms / FLY_STEPS), 1))
        self._fly_timer.start()
        if duration_ms <= 0:
            self._fly_step()

    @property
    def is_flying(self) -> bool:
        return self._fly is not None

    def _fly_step(self) -> None:
        fly = self._fly
        if fly is None:
            self._fly_timer.stop()
            return
        elapsed = time.monotonic() - fly["start"]
        done = fly["duration"] <= 0 or elapsed >= fly["duration"]
        t = 1.0 if done else _ease(elapsed / fly["duration"])
        (p0, p1), (f0, f1) = fly["pos"], fly["fp"]
        cam = self.camera
        cam.SetPosition(*(p0 + (p1 - p0) * t))
        cam.SetFocalPoint(*(f0 + (f1 - f0) * t))
        if done:
            self._stop_fly()
        self.render_now()
        if done:
            self.fly_finished.emit()

    def _stop_fly(self) -> None:
        self._fly_timer.stop()
        self._fly = None

    def set_camera_below_surface_allowed(self, allowed: bool) -> None:
        """Underground mode: let the camera go below the terrain (default: it may not)."""
        self._below_allowed = bool(allowed)
        if not allowed:
            self.request_render()  # the render clamps the camera

    def camera_below_surface_allowed(self) -> bool:
        return self._below_allowed

    def screen_position(self, world_xyz: Any) -> QPoint:
        """Widget pixel position (origin top-left, logical pixels) of a world point."""
        coord = vtk.vtkCoordinate()
        coord.SetCoordinateSystemToWorld()
        coord.SetValue(*self._local(world_xyz))
        x, y = coord.GetComputedDoubleDisplayValue(self.renderer)
        scale = self._pixel_ratio()
        return QPoint(round(x / scale), round(self.interactor.height() - 1 - y / scale))

    def _pixel_ratio(self) -> float:
        w = self.render_window.GetSize()[0]
        return w / self.interactor.width() if self.interactor.width() and w else 1.0

    # -- mouse -------------------------------------------------------------------------------
    def _style_left_down(self, *_: object) -> None:
        if self._iren.GetShiftKey():
            x, y = self._iren.GetEventPosition()
            self.style.FindPokedRenderer(x, y)
            self._shift_pan = True
            self.style.StartPan()
        else:
            self.style.OnLeftButtonDown()

    def _style_left_up(self, *_: object) -> None:
        if self._shift_pan:
            self._shift_pan = False
            self.style.EndPan()
        else:
            self.style.OnLeftButtonUp()

    def _wheel(self, direction: int) -> None:
        """Zoom toward the point under the cursor (or the focal point over nothing)."""
        self._stop_fly()
        x, y = self._iren.GetEventPosition()
        target = self._pick_surface(x, y)
        cam = self.camera
        if target is None:
            cam.Dolly(1.0 / (1.0 - WHEEL_STEP) if direction > 0 else 1.0 - WHEEL_STEP)
        else:
            s = 1.0 - WHEEL_STEP if direction > 0 else 1.0 / (1.0 - WHEEL_STEP)
            t = np.asarray(target)
            cam.SetPosition(*(t + (np.array(cam.GetPosition()) - t) * s))
            cam.SetFocalPoint(*(t + (np.array(cam.GetFocalPoint()) - t) * s))
        self.renderer.ResetCameraClippingRange()
        self._iren.Render()

    def _on_press(self, *_: object) -> None:
        self._press = self._iren.GetEventPosition()
        if self.route_clicks and self._iren.GetRepeatCount():
            self._press = None  # a double click acts on its second press (its release may not come)
            self.double_clicked.emit(*self._iren.GetEventPosition())

    def _on_release(self, *_: object) -> None:
        press, self._press = self._press, None
        if press is None:
            return
        x, y = self._iren.GetEventPosition()
        tol = CLICK_TOLERANCE * self._pixel_ratio()
        if abs(x - press[0]) <= tol and abs(y - press[1]) <= tol:
            if not self.route_clicks:
                self.pick_at(x, y)
            else:
                self.clicked.emit(x, y)

    def _on_move(self, *_: object) -> None:
        self._cursor_pos = self._iren.GetEventPosition()
        if not self._cursor_timer.isActive():
            self._cursor_timer.start()

    def _on_leave(self, *_: object) -> None:
        self._cursor_timer.stop()
        self._cursor_pos = None
        self.cursor_moved.emit(None)

    def _emit_cursor(self) -> None:
        if self._cursor_pos is None:
            return
        self.cursor_moved.emit(self.cursor_info(*self._cursor_pos))
        if self._cursor_pos is not None:
            self.mouse_moved.emit(*self._cursor_pos)

    def cursor_info(self, x: int, y: int) -> dict[str, float] | None:
        """The terrain point at display pixel (x, y) (VTK: origin bottom-left), or None."""
        actors = self._terrain_actors()
        if not actors or not self._locator():
            return None
        picker = self._terrain_picker
        picker.InitializePickList()
        for actor in actors:
            picker.AddPickList(actor)
        if not picker.Pick(x, y, 0, self.renderer) or picker.GetActor() not in actors:
            return None
        wx, wy, z = self._world(picker.GetPickPosition())
        info: dict[str, float] = {"x": wx, "y": wy, "z": z}
        if self._to_lonlat is not None:
            lon, lat = self._to_lonlat.transform(wx, wy)
            info.update(lon=float(lon), lat=float(lat))
        else:
            info.update(lon=float("nan"), lat=float("nan"))
        return info

    # -- picking -----------------------------------------------------------------------------
    def _mesh_pick_list(self, with_terrain: bool) -> list[vtk.vtkProp]:
        props: list[vtk.vtkProp] = []
        for view in self.scene.views.values():
            if view.pickable:
                props += [a for a in view.props() if a.GetVisibility()]
        if self.scene.bim is not None:
            props += [a for a in self.scene.bim.actors if a.GetVisibility()]
        terrain = [a for a in self._terrain_actors() if a.GetVisibility()]
        if with_terrain and terrain and not self.scene.underground:
            self._locator()
            props += terrain
        return props

    def _pick_mesh(self, x: int, y: int) -> tuple[vtk.vtkProp, int, np.ndarray] | None:
        picker = self._picker
        picker.InitializePickList()
        for prop in self._mesh_pick_list(with_terrain=True):
            picker.AddPickList(prop)
        if not picker.Pick(x, y, 0, self.renderer):
            return None
        self._picked_data = picker.GetDataSet()
        return picker.GetActor(), picker.GetCellId(), np.array(picker.GetPickPosition())

    def pick_mesh(self, x: int, y: int) -> tuple[str, int | None, vtk.vtkDataSet, int,
                                                 list[float]] | None:
        """The mesh surface at display pixel (x, y) (VTK: origin bottom-left), selecting
        nothing: (layer "buildings" | "pipelines" | "bim" | "terrain", the feature's fid or
        the BIM element id (None on the terrain), the dataset drawn, its cell, the world
        point), or None over the sky."""
        hit = self._pick_mesh(x, y)
        if hit is None:
            return None
        actor, cell, local = hit
        data = self._picked_data if self._picked_data is not None else actor.GetMapper(
        ).GetInput()
        element = self.scene.bim_element_at(actor, cell)
        if element is not None:
            return "bim", element, data, cell, self._world(local)
        found = self.scene.pick(actor, cell, self._picked_data) if cell >= 0 else None
        if found is None:
            return "terrain", None, data, cell, self._world(local)
        return found[0], found[1], data, cell, self._world(local)

    def _vector_views(self) -> list[Any]:
        return [v for v in self.scene.views.values() if v.kind == "vectors"]

    def _pick_vectors(self, x: int, y: int) -> tuple[str, int] | None:
        """The feature of a shown vectors layer under display pixel (x, y), or None: of the
        draped meshes hit on the ground first met along the ray (within about a metre of the
        nearest hit: they follow the ground within a few decimetres), the one drawn on top
        (``draw_order``: the layer highest in the panel, then outline over fill, wider roads
        over narrower)."""
        picker = vtk.vtkCellPicker()
        picker.SetTolerance(0.003)  # lines and points are thin: a few pixels around them
        picker.PickFromListOn()
        eye = np.array(self.renderer.GetActiveCamera().GetPosition())
        hits: list[tuple[float, int, np.ndarray, tuple[str, int]]] = []
        for view in self._vector_views():
            for prop in view.props():
                if not prop.GetVisibility():
                    continue
                picker.InitializePickList()
                picker.AddPickList(prop)
                if not picker.Pick(x, y, 0, self.renderer):
                    continue
                found = self.scene.pick(picker.GetActor(), picker.GetCellId(),
                                        picker.GetDataSet())
                if found is None:
                    continue
                ray = np.array(picker.GetPickPosition()) - eye
                order = view.draw_order(prop) if hasattr(view, "draw_order") else 0
                hits.append((float(np.linalg.norm(ray)), order, ray, found))
        if not hits:
            return None
        depth, _, ray, _ = min(hits, key=lambda h: h[0])
        slack = 1.0 / max(abs(ray[2]) / max(depth, 1e-9), 0.05)  # 1 m of height on the ray
        return max((h for h in hits if h[0] <= depth + slack), key=lambda h: h[1])[3]

    def _vector_overlay(self, layer: str, fid: int) -> vtk.vtkActor | None:
        """The selected feature of a vectors layer, drawn over it in the selection colour."""
        view = self.scene.views.get(layer)
        if view is None or getattr(view, "kind", "") != "vectors":
            return None
        append = vtk.vtkAppendPolyData()
        for poly, ids in view.feature_cells(fid):  # a streamed layer's far feature in full
            sel = pv.wrap(poly).extract_cells(ids).extract_surface(algorithm=None)
            append.AddInputData(sel)
        if append.GetNumberOfInputConnections(0) == 0:
            return None
        append.Update()
        mapper = vtk.vtkPolyDataMapper()
        mapper.SetInputData(append.GetOutput())
        mapper.ScalarVisibilityOff()
        mapper.SetRelativeCoincidentTopologyPolygonOffsetParameters(-4.0, -400.0)
        mapper.SetRelativeCoincidentTopologyLineOffsetParameters(-4.0, -400.0)
        mapper.SetRelativeCoincidentTopologyPointOffsetParameter(-400.0)
        actor = self._overlay_actor(mapper)
        actor.GetProperty().SetOpacity(0.75)
        actor.GetProperty().SetLineWidth(4.0)
        actor.GetProperty().SetPointSize(12.0)
        return actor

    def _pick_surface(self, x: int, y: int) -> np.ndarray | None:
        hit = self._pick_mesh(x, y)
        return None if hit is None else hit[2]

    def pick_at(self, x: int, y: int) -> tuple[str, int] | None:
        """Pick at display pixel (x, y) (VTK: origin bottom-left): select and emit picked, or
        clear and emit cleared; then emit clicked_at with the world point clicked."""
        found: tuple[str, int] | None = None
        point: list[float] | None = None
        self.last_click = (int(x), int(y))
        self._picked_data = None
        # Draped layers (and the terrain, underground) do not hide a glyph from the click:
        # they lie on the ground the manholes and poles stand in.
        see_through = [p for v in self.scene.views.values()
                       if v.kind in ("vectors", "imagery")
                       or (v.kind == "terrain" and self.scene.underground)
                       for p in v.props() if p.GetPickable()]
        for prop in see_through:
            prop.SetPickable(False)
        try:
            for layer in ("poles", "pipe_points"):  # a glyph actor per tile drawn
                for actor in self.scene.actors.get(layer, []):
                    if not actor.GetVisibility():
                        continue
                    fid = pick_glyph(self.renderer, x, y, actor)
                    if fid is not None:
                        found = (layer, fid)
                        break
                if found is not None:
                    break
        finally:
            for prop in see_through:
                prop.SetPickable(True)
        if found is None:
            hit = self._pick_mesh(x, y)
            if hit is not None:
                actor, cell, local = hit
                point = self._world(local)
                element = self.scene.bim_element_at(actor, cell)
                if element is not None:
                    found = ("bim", element)
                elif cell >= 0:
                    # the mesh drawn: a tile's copy when white models are hidden under a BIM
                    found = self.scene.pick(actor, cell, self._picked_data)
        if found is None:  # the ground: a road, parcel, water or point layer lying on it?
            found = self._pick_vectors(x, y)
        if found is None:
            self._remove_overlay()
            self._selection = None
            self.request_render()
            self.cleared.emit()
            self.clicked_at.emit(point)
            return None
        self.highlight(*found)
        self.picked.emit(*found)
        self.clicked_at.emit(point)
        return found

    # -- selection ---------------------------------------------------------------------------
    @property
    def selection(self) -> tuple[str, int] | None:
        return self._selection

    def highlight(self, layer: str, fid: int) -> bool:
        """Draw feature fid of layer as the selection; False when it is not in the scene."""
        if layer in MESH_LAYERS:
            actor = self._mesh_overlay(layer, int(fid))
        elif layer in GLYPH_LAYERS:
            actor = self._glyph_overlay(layer, int(fid))
        elif layer in self.scene.views and self.scene.views[layer].kind == "vectors":
            actor = self._vector_overlay(layer, int(fid))
        elif layer in self.scene.views and self.scene.views[layer].kind == "tiles3d":
            sel = self.scene.views[layer].feature_mesh(int(fid))
            actor = None
            if sel is not None:
                mapper = vtk.vtkDataSetMapper()
                mapper.SetInputData(sel)
                mapper.ScalarVisibilityOff()
                mapper.SetRelativeCoincidentTopologyPolygonOffsetParameters(-2, -2)
                actor = self._overlay_actor(mapper)
        else:
            raise ValueError(f"cannot highlight layer {layer!r}")
        self._remove_overlay()
        if actor is None:
            self._selection = None
            self.request_render()
            return False
        actor.SetPickable(False)
        self._overlay = actor
        self.renderer.AddActor(actor)
        self._selection = (layer, int(fid))
        self.request_render()
        return True

    def clear_selection(self) -> None:
        """Remove the highlight; emits cleared when something was selected."""
        had = self._selection is not None
        self._remove_overlay()
        self._selection = None
        self.request_render()
        if had:
            self.cleared.emit()

    def _remove_overlay(self) -> None:
        if self._overlay is not None:
            self.renderer.RemoveActor(self._overlay)
            self._overlay = None

    def _mesh_overlay(self, layer: str, fid: int) -> vtk.vtkActor | None:
        data = self.scene.data
        if data is None:
            return None
        if layer == "bim":
            bim = self.scene.bim
            sel = bim.element_mesh(fid) if bim is not None else None
            if sel is None:
                return None
        else:
            meshes = data.buildings if layer == "buildings" else list(data.pipes.values())
            parts = []
            for mesh in meshes:
                if "fid" not in mesh.cell_data:
                    continue
                ids = np.flatnonzero(np.asarray(mesh.cell_data["fid"]) == fid)
                if len(ids):
                    parts.append(mesh.extract_cells(ids).extract_surface(algorithm=None))
            if not parts:
                return None
            sel = parts[0] if len(parts) == 1 else pv.merge(parts)
        if sel.n_points == 0:
            return None
        pts = np.asarray(sel.points, dtype=np.float64)
        lo, hi = pts.min(axis=0), pts.max(axis=0)
        centre, size = (lo + hi) / 2, np.maximum(hi - lo, 1e-3)
        sel.points = (centre + (pts - centre) * (size + 2 * SELECTION_MARGIN) / size).astype(
            np.float32)
        mapper = vtk.vtkDataSetMapper()
        mapper.SetInputData(sel)
        mapper.ScalarVisibilityOff()
        if layer == "bim" and self.scene.bim is not None \
                and self.scene.bim.section_plane is not None:
            mapper.AddClippingPlane(self.scene.bim.section_plane)
        return self._overlay_actor(mapper)

    def _glyph_overlay(self, layer: str, fid: int) -> vtk.vtkActor | None:
        actor = next((a for a in self.scene.actors.get(layer, []) if _has_glyph(a, fid)), None)
        if actor is None:
            return None
        mapper = actor.GetMapper()
        poly = mapper.GetInput()
        if poly is None or poly.GetPointData().GetArray("fid") is None:
            return None
        pd = poly.GetPointData()
        hits = np.flatnonzero(vtk_to_numpy(pd.GetArray("fid")) == fid)
        if not len(hits):
            return None
        i = int(hits[0])
        p = np.array(poly.GetPoint(i))
        scale = np.full(3, mapper.GetScaleFactor())
        if pd.GetArray("scale") is not None:
            s = np.atleast_1d(vtk_to_numpy(pd.GetArray("scale"))[i]).astype(np.float64)
            scale = s if len(s) == 3 else np.full(3, s[0])
        src = 0
        if pd.GetArray("source_index") is not None:
            src = int(vtk_to_numpy(pd.GetArray("source_index"))[i])
        source = mapper.GetSource(src)
        b = np.array(source.GetBounds() if source is not None else (-0.5, 0.5) * 3)
        lo = p + b[0::2] * scale - 0.3
        hi = p + b[1::2] * scale + 0.3
        cube = vtk.vtkCubeSource()
        cube.SetBounds(lo[0], hi[0], lo[1], hi[1], lo[2], hi[2])
        m = vtk.vtkPolyDataMapper()
        m.SetInputConnection(cube.GetOutputPort())
        overlay = self._overlay_actor(m)
        overlay.GetProperty().SetOpacity(0.45)
        return overlay

    @staticmethod
    def _overlay_actor(mapper: vtk.vtkMapper) -> vtk.vtkActor:
        actor = vtk.vtkActor()
        actor.SetMapper(mapper)
        prop = actor.GetProperty()
        prop.SetColor(*SELECTION_RGB)
        prop.EdgeVisibilityOn()
        prop.SetEdgeColor(*SELECTION_EDGE_RGB)
        prop.SetLineWidth(2.0)
        prop.SetAmbient(0.4)
        return actor

    @property
    def selection_actor(self) -> vtk.vtkActor | None:
        return self._overlay

    # -- keys --------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.interactor:
            if event.type() == QEvent.Type.KeyPress \
                    and self._handle_key(event):  # type: ignore[arg-type]
                return True
            if event.type() == QEvent.Type.Wheel:
                # QVTKRenderWindowInteractor leaves the event position at the last mouse move;
                # zoom toward where the wheel event really is
                pos = event.position()  # type: ignore[attr-defined]
                scale = self._pixel_ratio()
                self._iren.SetEventPosition(
                    round(pos.x() * scale),
                    round((self.interactor.height() - pos.y() - 1) * scale))
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if not self._handle_key(event):
            super().keyPressEvent(event)

    def _handle_key(self, event: QKeyEvent) -> bool:
        if event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                | Qt.KeyboardModifier.AltModifier):
            return False
        if self.tool_keys is not None and self.tool_keys(event):
            return True
        key = event.key()
        actions = {
            Qt.Key.Key_Escape: self.clear_selection,
            Qt.Key.Key_Home: self.zoom_to_extent,
            Qt.Key.Key_T: self.top_view,
            Qt.Key.Key_N: self.north_up,
            Qt.Key.Key_Plus: lambda: self.zoom(1.25),
            Qt.Key.Key_Equal: lambda: self.zoom(1.25),
            Qt.Key.Key_Minus: lambda: self.zoom(0.8),
        }
        action = actions.get(key)  # type: ignore[call-overload]
        if action is None:
            return False
        action()
        return True

    def shortcut_help(self) -> list[tuple[str, str]]:
        """(key, action) pairs for a help dialog."""
        return [("Esc", self.tr("Clear the selection")), ("Home", self.tr("Full extent")),
                ("T", self.tr("Top view")), ("N", self.tr("North up")),
                ("+ / -", self.tr("Zoom in / out")),
                (self.tr("Left drag"), self.tr("Orbit")),
                (self.tr("Middle or Shift+left drag"), self.tr("Pan")),
                (self.tr("Wheel"), self.tr("Zoom toward the cursor"))]

    def closeEvent(self, event: Any) -> None:  # noqa: N802
        self._stop_fly()
        self._cursor_timer.stop()
        self.interactor.Finalize()
        super().closeEvent(event)


__all__ = ["CLICK_TOLERANCE", "View3D"]


def _has_glyph(actor: vtk.vtkActor, fid: int) -> bool:
    """Whether a glyph actor (one tile's) draws the feature ``fid``."""
    poly = actor.GetMapper().GetInput() if actor.GetMapper() is not None else None
    ids = poly.GetPointData().GetArray("fid") if poly is not None else None
    return ids is not None and bool(np.any(vtk_to_numpy(ids) == fid))
