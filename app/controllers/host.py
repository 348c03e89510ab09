"""What a controller may use of the main window: a Protocol, so no controller imports
:mod:`app.main_window` (which imports the controllers)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtWidgets import QDockWidget, QMenuBar, QStatusBar, QWidget

from app.tasks import TaskRunner


class WindowHost(Protocol):
    """The parts of the main window controllers work with."""

    lang: str
    cache: Any  # store.cache.Cache | None: the open cache
    model: Any  # layers.model.CityModel: what is open
    cache_path: Path
    view: Any  # app.view3d.View3D
    attribute_panel: Any  # app.attribute_panel.AttributePanel
    search_box: Any  # app.search_box.SearchBox
    tasks: TaskRunner
    layer_panel: Any  # app.layer_panel.LayerPanel
    housing_panel: Any  # app.housing_panel.HousingPanel
    import_action: Any  # QAction: File ▸ Import
    underground_action: Any  # QAction: View ▸ Underground mode
    summary: Any  # layers.catalog.CacheSummary | None
    time_bar: Any  # app.time_bar.TimeBar
    # the BIM's widgets (app.controllers.bim)
    bim_panel: Any  # app.bim_panel.BimPanel
    bim_dock: QDockWidget
    attribute_dock: QDockWidget
    bim_progress: Any  # QProgressBar
    bim_cancel: Any  # QPushButton
    place_bim_action: Any  # QAction
    close_bim_action: Any  # QAction
    bim_controller: Any  # app.controllers.bim.BimController: opens and shows a BIM
    scene_ready: SignalInstance
    search_ready: SignalInstance
    bim_ready: SignalInstance
    bim_failed: SignalInstance

    def load(self, path: Path) -> None: ...

    def save_bookmark(self, name: str | None = None) -> None: ...

    def recount(self) -> None: ...

    def reread(self, table: str) -> None: ...

    def _action(self, text: str, slot: Any, shortcut: Any = None, checkable: bool = False
                ) -> Any: ...

    def statusBar(self) -> QStatusBar: ...  # noqa: N802 - Qt's name

    def menuBar(self) -> QMenuBar: ...  # noqa: N802 - Qt's name

    def resizeDocks(self, docks: Any, sizes: Any, orientation: Any) -> None: ...  # noqa: N802

    def _dock(self, widget: QWidget, title: str, area: Qt.DockWidgetArea) -> QDockWidget: ...
