"""The map tool's interface: what the 3D view's input does while the tool is active (see
:mod:`app.tools` for the tools and the controller that routes input to the active one)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeyEvent


class MapTool(QObject):
    """One way of using the mouse on the map. Subclasses override what they need."""

    #: The tool's name in :data:`layers.model.TOOLS`.
    name = ""
    #: The mouse cursor over the 3D view while the tool is active.
    cursor_shape = Qt.CursorShape.ArrowCursor

    def __init__(self, window: Any):
        super().__init__(window)
        self.window = window
        self.view = window.view

    def activate(self) -> None:
        """The tool becomes the active one."""

    def deactivate(self) -> None:
        """Another tool becomes active (or Esc): end what this one was doing."""

    def clicked(self, x: int, y: int) -> None:
        """A click at display pixel (x, y)."""

    def double_clicked(self, x: int, y: int) -> None:
        """The second click of a double click (the first came to :meth:`clicked`)."""

    def moved(self, x: int, y: int) -> None:
        """The cursor rests at display pixel (x, y) (at most every 50 ms)."""

    def key(self, event: QKeyEvent) -> bool:
        """A key pressed over the 3D view; True when the tool handled it."""
        return False

    def status(self, text: str, timeout: int = 0) -> None:
        self.window.statusBar().showMessage(text, timeout)


__all__ = ["MapTool"]
