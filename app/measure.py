"""Measuring on the map: distance (horizontal, vertical, along the slope), the height of a
building or a BIM element above the ground, area, and the elevation of a point.

*Measure* menu and toolbar: each action makes its :class:`MeasureTool` the active map tool
(:mod:`app.tools`). Clicks add points, a double click or Enter finishes, Backspace takes the
last point back, Esc cancels and returns to picking. A height or an elevation needs one click.

The pointer snaps (``layers.measure.snap``): the mesh under the cursor is picked (a building,
a pipe, a BIM element or the terrain), then the point goes to the nearest of that feature's
vertices within :data:`SNAP_PIXELS`, else to the nearest point on one of its visible edges,
else stays on the surface. The overlay (:mod:`viewer.measure_overlay`) shows the snap marker
(a square on a vertex, a dot on an edge), the measured line or polygon and the values; the
*Measure* dock shows the numbers as copyable text, also in the status bar.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import vtk
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from vtk.util.numpy_support import vtk_to_numpy

from app.map_tool import MapTool
from layers import measure
from viewer.measure_overlay import MeasureOverlay

#: The measure tools, by mode.
MODES = ("distance", "height", "area", "elevation")
#: A vertex or edge closer than this to the cursor (logical pixels) catches the point.
SNAP_PIXELS = 10.0
#: At most this many faces of one feature are searched for a vertex or edge (the nearest).
MAX_FACES = 4000
#: Terrain samples across an area for its surface area (per side).
SURFACE_SAMPLES = 24


# -- what is under the cursor ---------------------------------------------------------------------
def feature_faces(data: vtk.vtkDataSet, cell: int, near: np.ndarray | None = None
                  ) -> list[np.ndarray]:
    """The faces (``(k, 3)`` local vertex arrays) of the feature a picked cell belongs to: the
    cells sharing its ``fid`` (buildings, pipes) or ``element`` (BIM); the cell alone on the
    terrain. A feature with more than :data:`MAX_FACES` faces gives those nearest ``near``."""
    ids = np.array([cell])
    cells = data.GetCellData()
    for name in ("fid", "element"):
        array = cells.GetArray(name)
        if array is not None and 0 <= cell < array.GetNumberOfTuples():
            values = vtk_to_numpy(array)
            ids = np.flatnonzero(values == values[cell])
            break
    points = data.GetPoints()
    if points is None:
        return []
    pts = vtk_to_numpy(points.GetData()).astype(np.float64)
    polys = data.GetPolys() if isinstance(data, vtk.vtkPolyData) else None
    if polys is not None and polys.GetNumberOfCells() == data.GetNumberOfCells():
        off = vtk_to_numpy(polys.GetOffsetsArray())
        conn = vtk_to_numpy(polys.GetConnectivityArray())
        if len(ids) > MAX_FACES and near is not None:
            d = np.linalg.norm(pts[conn[off[ids]]] - near, axis=1)
            ids = ids[np.argsort(d)[:MAX_FACES]]
        return [pts[conn[off[i]:off[i + 1]]] for i in ids]
    faces = []
    for i in ids[:MAX_FACES]:
        cell_ids = data.GetCell(int(i)).GetPointIds()
        faces.append(pts[[cell_ids.GetId(k) for k in range(cell_ids.GetNumberOfIds())]])
    return faces


def world_per_pixel(renderer: vtk.vtkRenderer, local_point: np.ndarray) -> float:
    """The size of one display pixel (m) at a point of the scene (local coordinates)."""
    cam = renderer.GetActiveCamera()
    h = max(renderer.GetSize()[1], 1)
    if cam.GetParallelProjection():
        return 2.0 * cam.GetParallelScale() / h
    depth = float(np.dot(np.asarray(local_point) - cam.GetPosition(),
                         cam.GetDirectionOfProjection()))
    return 2.0 * abs(depth) * math.tan(math.radians(cam.GetViewAngle()) / 2.0) / h


class Snapper:
    """The snapped point under a display pixel of a View3D, with what it lies on."""

    def __init__(self, view: Any):
        self.view = view
        self._key: tuple[Any, ...] | None = None
        self._candidates: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def candidates(self, data: vtk.vtkDataSet, cell: int, layer: str, fid: Any,
                   near_local: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(vertices, edges, all points) of the picked feature, in world coordinates; kept
        while the cursor stays on the same feature."""
        key = (id(data), data.GetMTime(), layer, fid if fid is not None else ("cell", cell))
        if key != self._key or self._candidates is None:
            faces = feature_faces(data, cell, near_local)
            o = self.view.origin
            shift = np.array([o.x, o.y, 0.0])
            if faces:
                allp = np.vstack(faces) + shift
                vertices = np.unique(np.round(allp, 4), axis=0)
                edges = measure.sharp_edges(faces) + shift
            else:
                allp, vertices, edges = np.zeros((0, 3)), np.zeros((0, 3)), np.zeros((0, 2, 3))
            self._key, self._candidates = key, (vertices, edges, allp)
        return self._candidates

    def at(self, x: int, y: int) -> dict[str, Any] | None:
        """At display pixel (x, y): {point (world), kind, layer, fid, points (the feature's,
        world)}, or None over the sky."""
        hit = self.view.pick_mesh(x, y)
        if hit is None:
            return None
        layer, fid, data, cell, world = hit
        o = self.view.origin
        local = np.array([world[0] - o.x, world[1] - o.y, world[2]])
        vertices, edges, allp = self.candidates(data, cell, layer, fid, local)
        tolerance = SNAP_PIXELS * self.view._pixel_ratio() * world_per_pixel(
            self.view.renderer, local)
        point, kind = measure.snap(world, vertices, edges, tolerance)
        return {"point": point, "kind": kind, "layer": layer, "fid": fid, "points": allp}


# -- the results panel ---------------------------------------------------------------------------
class MeasurePanel(QWidget):
    """The Measure dock: what the tool says to do, the last result as selectable text, Copy."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.setStyleSheet("font-size: 13pt")
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.setToolTip(self.tr("Copy the result to the clipboard"))
        self.copy_button.clicked.connect(self.copy)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.result)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.copy_button)
        layout.addLayout(row)
        layout.addStretch(1)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.result.text())

    def show_result(self, text: str) -> None:
        self.result.setText(text)
        self.copy_button.setEnabled(bool(text))


# -- the tool -------------------------------------------------------------------------------------
class MeasureTool(MapTool):
    """Measure one quantity (``mode`` in :data:`MODES`) with snapped clicks."""

    cursor_shape = Qt.CursorShape.CrossCursor

    def __init__(self, window: Any, controller: MeasureController, mode: str):
        super().__init__(window)
        if mode not in MODES:
            raise ValueError(f"unknown measure mode {mode!r}")
        self.mode = mode
        self.name = f"measure_{mode}"
        self.controller = controller
        self.snapper = controller.snapper
        self.points: list[tuple[float, float, float]] = []
        self.kinds: list[str] = []
        self.done = False
        self.cursor: tuple[float, float, float] | None = None
        #: The last result: a dict of numbers (m, m²) by name; empty before one.
        self.result: dict[str, Any] = {}
        self.text = ""

    @property
    def overlay(self) -> MeasureOverlay:
        return self.controller.overlay

    # -- MapTool -------------------------------------------------------------------------------
    def activate(self) -> None:
        self.reset()
        self.controller.show_dock()
        self.controller.panel.hint.setText(self.hint())
        self.status(self.hint())

    def deactivate(self) -> None:
        self.reset()
        self.status("")

    def reset(self) -> None:
        """Forget the points; the overlay is cleared (the last result stays in the panel)."""
        self.points, self.kinds, self.done, self.cursor = [], [], False, None
        self.overlay.clear()
        self.view.request_render()

    def clicked(self, x: int, y: int) -> None:
        snapped = self.snapper.at(x, y)
        if snapped is None:
            self.status(self.tr("Nothing there to measure: click the city"), 3000)
            return
        if self.done:
            self.points, self.kinds, self.done = [], [], False
        if self.mode in ("height", "elevation"):
            self.points, self.kinds = [snapped["point"]], [snapped["kind"]]
            self.done = True
            if self.mode == "height":
                self._height(snapped)
            else:
                self._elevation(snapped)
            return
        self.points.append(snapped["point"])
        self.kinds.append(snapped["kind"])
        self.cursor = None
        self._update()

    def double_clicked(self, x: int, y: int) -> None:
        if self.mode in ("height", "elevation"):
            self.clicked(x, y)
            return
        snapped = self.snapper.at(x, y)
        if snapped is not None and not self.done and (
                not self.points or np.linalg.norm(np.subtract(snapped["point"],
                                                              self.points[-1])) > 1e-6):
            self.points.append(snapped["point"])
            self.kinds.append(snapped["kind"])
        self.finish()

    def moved(self, x: int, y: int) -> None:
        snapped = self.snapper.at(x, y)
        self.overlay.set_origin(self.view.origin)
        if snapped is None:
            self.overlay.set_snap(None)
            self.cursor = None
        else:
            self.overlay.set_snap(snapped["point"], snapped["kind"])
            self.cursor = snapped["point"]
        if self.points and not self.done and self.mode in ("distance", "area"):
            self._draw()
        self.view.request_render()

    def key(self, event: QKeyEvent) -> bool:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.finish()
            return True
        if event.key() == Qt.Key.Key_Backspace and self.points and not self.done:
            self.points.pop()
            self.kinds.pop()
            self._update()
            return True
        return False

    def finish(self) -> None:
        """End the measurement in progress (its values stay on the map and in the panel)."""
        if self.done or not self.points:
            return
        self.done = True
        self.cursor = None
        self._update(final=True)

    # -- the quantities ------------------------------------------------------------------------
    def hint(self) -> str:
        return {
            "distance": self.tr("Measure distance: click points on the map; double-click or "
                                "Enter finishes, Esc cancels"),
            "height": self.tr("Measure height: click a building or a BIM element (or any "
                              "point: its height above the ground)"),
            "area": self.tr("Measure area: click the corners; double-click or Enter finishes, "
                            "Esc cancels"),
            "elevation": self.tr("Measure elevation: click a point"),
        }[self.mode]

    def _update(self, final: bool = False) -> None:
        pts = np.array(self.points) if self.points else np.zeros((0, 3))
        if self.mode == "distance":
            d = measure.distances(pts)
            self.result = {"horizontal": d.horizontal, "vertical": d.vertical,
                           "slope": d.slope, "points": len(pts)}
            self.text = self.tr("Horizontal {0:.2f} m\nVertical {1:+.2f} m\nSlope {2:.2f} m"
                                ).format(d.horizontal, d.vertical, d.slope)
        else:
            area = measure.horizontal_area(pts)
            self.result = {"area": area, "perimeter": measure.perimeter(pts),
                           "points": len(pts)}
            self.text = self.tr("Area {0:.2f} m² (horizontal)\nPerimeter {1:.2f} m").format(
                area, self.result["perimeter"])
            if final and len(pts) >= 3:
                surface = measure.surface_area(pts, self._terrain_heights, SURFACE_SAMPLES)
                if surface is not None:
                    self.result["surface"] = surface
                    self.text += "\n" + self.tr("On the terrain {0:.2f} m²").format(surface)
        if len(pts) < 2:
            self.text = self.tr("{0} point(s): click the next one").format(len(pts))
        self._show()

    def _terrain_heights(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        h = [self.view.terrain_height(float(a), float(b)) for a, b in zip(x, y, strict=True)]
        return np.array([np.nan if v is None else v for v in h], dtype=np.float64)

    def _height(self, snapped: dict[str, Any]) -> None:
        point = np.array(snapped["point"])
        layer, fid, allp = snapped["layer"], snapped["fid"], snapped["points"]
        if layer in ("buildings", "solids") and fid is not None and len(allp):
            top, ground = float(allp[:, 2].max()), float(allp[:, 2].min())
            what = self.tr("Building {0}").format(fid)
        elif layer == "bim" and fid is not None and len(allp):
            top = float(allp[:, 2].max())
            centre = (allp[:, 0].mean(), allp[:, 1].mean())
            terrain = self.view.terrain_height(*centre)
            ground = float(terrain) if terrain is not None else float(allp[:, 2].min())
            what = self.tr("BIM element {0}").format(fid)
        else:
            top = float(point[2])
            terrain = self.view.terrain_height(float(point[0]), float(point[1]))
            if terrain is None:
                self.result, self.text = {}, self.tr("No ground under this point")
                self._show()
                return
            ground = float(terrain)
            what = self.tr("Point")
        height = top - ground
        self.result = {"height": height, "top": top, "ground": ground, "layer": layer,
                       "fid": fid}
        self.text = self.tr("{0}: height {1:.2f} m above the ground\n(top {2:.2f} m, ground "
                            "{3:.2f} m)").format(what, height, top, ground)
        self.points = [(float(point[0]), float(point[1]), ground),
                       (float(point[0]), float(point[1]), top)]
        self._show(labels=[(self.points[1], f"{height:.2f} m")])

    def _elevation(self, snapped: dict[str, Any]) -> None:
        x, y, z = snapped["point"]
        datum = self.controller.datum()
        self.result = {"elevation": z, "x": x, "y": y, "datum": datum}
        self.text = self.tr("Elevation {0:.2f} m ({1})\nX {2:.2f}  Y {3:.2f}").format(
            z, datum, x, y)
        self._show(labels=[((x, y, z), f"{z:.2f} m")])

    # -- showing -------------------------------------------------------------------------------
    def _labels(self) -> list[tuple[Any, ...]]:
        pts = self.points
        labels: list[tuple[Any, ...]] = []
        if self.mode == "distance":
            for a, b in zip(pts, pts[1:], strict=False):
                mid = tuple((np.array(a) + np.array(b)) / 2)
                labels.append((mid, f"{math.hypot(b[0] - a[0], b[1] - a[1]):.2f} m"))
            if len(pts) > 2:
                # the total ("=": VTK's own font has no Σ, and no Chinese)
                labels.append((pts[-1], f"= {self.result.get('horizontal', 0.0):.2f} m", 32))
        elif self.mode == "area" and len(pts) >= 3:
            p = np.array(pts)
            labels.append((tuple(p.mean(axis=0)), f"{self.result.get('area', 0.0):.2f} m²"))
        return labels

    def _draw(self, labels: list[tuple[Any, ...]] | None = None) -> None:
        self.overlay.set_origin(self.view.origin)
        self.overlay.show(self.points, closed=self.mode == "area",
                          cursor=None if self.done else self.cursor,
                          labels=self._labels() if labels is None else labels)

    def _show(self, labels: list[tuple[Any, ...]] | None = None) -> None:
        self._draw(labels)
        self.controller.panel.show_result(self.text)
        self.status(self.text.replace("\n", "   "))
        self.view.request_render()


# -- the controller ------------------------------------------------------------------------------
class MeasureController(QObject):
    """The Measure menu, toolbar and dock, the overlay, and the four measure tools."""

    def show_dock(self) -> None:
        """Show the Measure dock, a tab beside the Attributes, raised. (Tabified only when
        first shown: a dock tabified and then hidden while the window is built leaves Qt's
        tab bar stray over the 3D view.)"""
        attributes = getattr(self.window, "attribute_dock", None)
        if not self._tabified and attributes is not None and attributes.isVisible():
            self.window.tabifyDockWidget(attributes, self.dock)
            self._tabified = True
        self.dock.setVisible(True)
        self.dock.raise_()

    def __init__(self, window: Any, tools: Any):
        super().__init__(window)
        self.window = window
        self.tools = tools
        self.snapper = Snapper(window.view)
        self.overlay = MeasureOverlay(window.view.renderer, window.view.origin)
        self.panel = MeasurePanel(window)
        self.dock = window._dock(self.panel, self.tr("Measure"),
                                 Qt.DockWidgetArea.RightDockWidgetArea)
        self.dock.setVisible(False)  # shown with a measure tool (show_dock)
        self._tabified = False
        self.measure_tools: dict[str, MeasureTool] = {}
        for mode in MODES:
            tool = MeasureTool(window, self, mode)
            self.measure_tools[mode] = tool
            tools.register(tool)
        texts = {"distance": self.tr("Measure &distance"),
                 "height": self.tr("Measure &height"),
                 "area": self.tr("Measure &area"),
                 "elevation": self.tr("Measure &elevation")}
        menu = window.menuBar().addMenu(self.tr("&Measure"))
        toolbar = window.addToolBar(self.tr("Measure"))
        toolbar.setObjectName("measure toolbar")
        self.group = QActionGroup(self)
        self.group.setExclusionPolicy(QActionGroup.ExclusionPolicy.ExclusiveOptional)
        self.actions: dict[str, QAction] = {}
        for mode in MODES:
            action = QAction(texts[mode], window)
            action.setCheckable(True)
            action.triggered.connect(lambda on, m=mode: tools.set_tool(
                f"measure_{m}" if on else "pick"))
            self.group.addAction(action)
            menu.addAction(action)
            toolbar.addAction(action)
            self.actions[f"measure_{mode}"] = action
        menu.addSeparator()
        menu.addAction(self.dock.toggleViewAction())
        tools.model.tool_changed.connect(self._tool_changed)
        window.scene_ready.connect(self._scene_ready)

    def _tool_changed(self, old: str, new: str) -> None:
        for name, action in self.actions.items():
            action.setChecked(name == new)
        attributes = getattr(self.window, "attribute_dock", None)
        if new == "pick" and old.startswith("measure_") and attributes is not None:
            attributes.raise_()  # picking again: what is clicked shows

    def _scene_ready(self) -> None:
        """A new scene (another cache, a reload): measured points no longer stand there."""
        self.overlay.set_origin(self.window.view.origin)
        for tool in self.measure_tools.values():
            tool.points, tool.kinds, tool.done = [], [], False
        self.overlay.clear()

    def datum(self) -> str:
        """The vertical datum of the open cache's heights, in words."""
        cache = self.window.cache
        code = getattr(cache, "vertical_crs", None) if cache is not None else None
        if not code:
            return self.tr("vertical datum unknown")
        known = {"EPSG:5737": self.tr("1985 National Height Datum"),
                 "EPSG:5736": self.tr("1956 Yellow Sea Height System")}
        if str(code).upper() in known:
            return f"{known[str(code).upper()]}, {code}"
        try:
            from pyproj import CRS

            return f"{CRS.from_user_input(code).name}, {code}"
        except Exception:  # noqa: BLE001 - a code pyproj does not know is still shown
            return str(code)


__all__ = ["MODES", "SNAP_PIXELS", "MeasureController", "MeasurePanel", "MeasureTool",
           "Snapper", "feature_faces", "world_per_pixel"]
