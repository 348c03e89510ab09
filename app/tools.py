"""Map tools: one active at a time, so a click in the 3D view does only what the active tool says.

The model says which tool is active (``CityModel.tool``, one of :data:`layers.model.TOOLS`;
QGIS's ``Qgs3DMapTool``); the :class:`ToolController` follows it: switching ends the previous
tool (its :meth:`MapTool.deactivate`) and starts the next, and the 3D view's clicks, double
clicks, cursor moves and keys go to the active tool only. Esc ends any tool but *pick* and
returns to *pick*.

Tools:

- ``pick`` (:class:`PickTool`): select what is clicked, its attributes, the reverse address
  lookup (the window's handlers of ``View3D.picked``/``cleared``/``clicked_at``);
- ``measure_distance``, ``measure_height``, ``measure_area``, ``measure_elevation``
  (:class:`app.measure.MeasureTool`);
- ``place_bim`` (:class:`PlaceBimTool`): the click after the placement dialog's "Pick on map"
  puts the BIM's centre there;
- ``draw_area`` (:class:`DrawAreaTool`): each click adds a corner of a work area to download.

Pixel positions given to tools are VTK display pixels (origin bottom-left), as
``View3D.pick_at`` takes them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QCursor, QKeyEvent

from app.map_tool import MapTool
from app.measure import MeasureController


class PickTool(MapTool):
    """Select what is clicked: the view highlights it and emits ``picked`` (or ``cleared``),
    then ``clicked_at``, which fill the Attributes dock and look up the nearest address."""

    name = "pick"

    def clicked(self, x: int, y: int) -> None:
        self.view.pick_at(x, y)

    def double_clicked(self, x: int, y: int) -> None:
        self.view.pick_at(x, y)


class PlaceBimTool(MapTool):
    """The click after "Pick on map" in the placement dialog: the terrain point clicked becomes
    the BIM's centre (the window's ``_placement_clicked``); then back to *pick*."""

    name = "place_bim"
    cursor_shape = Qt.CursorShape.CrossCursor

    def clicked(self, x: int, y: int) -> None:
        self.view.last_click = (int(x), int(y))
        self.window._placement_clicked()
        model = self.window.model
        if model.tool == self.name:
            model.set_tool("pick")

    def deactivate(self) -> None:
        dialog = getattr(self.window, "placement_dialog", None)
        if dialog is not None:
            dialog.pick_button.setChecked(False)


class DrawAreaTool(MapTool):
    """Each click on the map adds a corner of the work area being drawn (the field-work
    controller keeps them); Enter or double-click finishes it, Esc abandons it."""

    name = "draw_area"
    cursor_shape = Qt.CursorShape.CrossCursor

    @property
    def field_work(self) -> Any:
        return self.window.field_work

    def clicked(self, x: int, y: int) -> None:
        hit = self.view.pick_mesh(x, y)
        point = None if hit is None else hit[4]
        if point is None:
            info = self.view.cursor_info(x, y)
            point = None if info is None else (info["x"], info["y"], info["z"])
        if point is None:
            self.status(self.tr("Not on the map: click again"), 3000)
            return
        self.field_work.add_area_point(float(point[0]), float(point[1]), float(point[2]))

    def double_clicked(self, x: int, y: int) -> None:
        self.field_work.finish_area()

    def key(self, event: QKeyEvent) -> bool:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.field_work.finish_area()
            return True
        return False

    def deactivate(self) -> None:
        self.field_work.end_area_drawing()


class ToolController(QObject):
    """Owns the map tools of one window and routes the 3D view's input to the active one."""

    def __init__(self, window: Any, model: Any):
        super().__init__(window)
        self.window = window
        self.model = model
        self.view = window.view
        self.tools: dict[str, MapTool] = {}
        for tool in (PickTool(window), PlaceBimTool(window), DrawAreaTool(window)):
            self.register(tool)
        self.measure = MeasureController(window, self)
        self.active: MapTool = self.tools.get(model.tool) or self.tools["pick"]
        view = self.view
        view.route_clicks = True
        view.clicked.connect(lambda x, y: self.active.clicked(x, y))
        view.double_clicked.connect(lambda x, y: self.active.double_clicked(x, y))
        view.mouse_moved.connect(lambda x, y: self.active.moved(x, y))
        view.tool_keys = self._key
        model.tool_changed.connect(self._changed)
        self.active.activate()

    def register(self, tool: MapTool) -> None:
        """Add a tool (its ``name`` must be one of the model's tools)."""
        self.tools[tool.name] = tool

    def set_tool(self, name: str) -> None:
        """Make ``name`` the active tool (through the model: the model says which is active)."""
        self.model.set_tool(name)

    def _changed(self, old: str, new: str) -> None:
        previous, self.active = self.tools.get(old), self.tools.get(new) or self.tools["pick"]
        if previous is not None and previous is not self.active:
            previous.deactivate()
        self.view.interactor.setCursor(QCursor(self.active.cursor_shape))
        self.active.activate()

    def _key(self, event: QKeyEvent) -> bool:
        if self.active.key(event):
            return True
        if event.key() == Qt.Key.Key_Escape and self.model.tool != "pick":
            self.model.set_tool("pick")
            return True
        return False


__all__ = ["DrawAreaTool", "MapTool", "PickTool", "PlaceBimTool", "ToolController"]
