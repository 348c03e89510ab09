"""The housing stock in the window: the Housing stock dock's theme (safety grade, year built,
structure, tenure, floors) and filter become the buildings' colouring in the model
(``model.colouring``: theme < filter < highlight); the scene and the legend follow it.

Words are translated in the ``MainWindow`` context, where they were before this controller.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

if TYPE_CHECKING:
    from app.controllers.host import WindowHost


class HousingController(QObject):
    """Connects one window's Housing stock dock to its model's building colouring."""

    def __init__(self, window: WindowHost):
        super().__init__(window)  # type: ignore[arg-type]
        self.window = window
        panel = window.housing_panel
        panel.theme_changed.connect(self.theme_changed)
        panel.filter_changed.connect(self.filter_changed)

    def theme_changed(self, classification: Any) -> None:
        """A theme chosen in the dock (a Classification), or none."""
        self.window.model.set_theme(classification)

    def filter_changed(self, result: Any) -> None:
        """A filter applied in the dock (its FilterResult), or cleared (None); the count of
        matching buildings in the status bar."""
        w = self.window
        if result is None or w.cache is None:
            w.model.colouring.set_filter(None)
            return
        from layers.style import read_values

        fids, _ = read_values(w.cache, "buildings", [])
        flt = w.housing_panel.current_filter()
        w.model.colouring.set_filter(result, fids, flt.describe("zh_CN"), flt.describe("en"))
        w.statusBar().showMessage(w.housing_panel.count_text(result))
