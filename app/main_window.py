"""The main window: the 3D city in the centre, the layer panel, the housing-stock theme, the
attribute panel and the cache summary in docks, the search box in the toolbar, and the cursor's
position in the status bar.

The scene is built on a worker thread (with its own connection to the cache) while a progress
bar runs, so the window never freezes on a large cache; the same thread then makes sure the
cache has its search index (store.search.ensure_index).

Search (Ctrl+F): a chosen hit is flown to, its building highlighted (or a red pin put on its
point) and shown in the Attributes dock. Reverse lookup: a click in the 3D view shows the
clicked building's standard address, or the nearest one to the clicked point and how far it is.

BIM (File ▸ Open BIM…, Ctrl+Shift+O, or an .ifc dropped on the window): the IFC is loaded on a
worker thread (app.tasks; progress bar and Cancel in the status bar), then shown in its
city context (viewer.bim_mesh: where its georeferencing puts it, else provisionally at the view
centre on the terrain, to be placed by hand), the white models it replaces hidden, and its
elements in the BIM dock (app.bim_panel). Selecting an element in the tree highlights it and
flies to it; a click on the model selects it in the tree; the Attributes dock shows its
attributes, property sets and quantity sets.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSlider,
    QWidget,
)

from app import i18n
from app.attribute_panel import AttributePanel
from app.attribute_table import AttributeTable
from app.bim_panel import BimPanel, PlacementDialog
from app.cache_summary import LayerTree, fmt_extent
from app.controllers.bookmarks import BookmarksController
from app.controllers.importing import ImportController
from app.controllers.search import SearchController
from app.housing_panel import HousingPanel
from app.layer_panel import LayerPanel
from app.legend import LegendWidget
from app.messages import sentence, word
from app.search_box import SearchBox
from app.tasks import Cancelled, Task, TaskRunner
from app.view3d import View3D
from app.wait_notice import WaitNotice
from layers.catalog import CacheSummary, summarize
from layers.model import CityModel
from store.cache import Cache
from store.errors import CimviewError

#: Camera distance to a selected BIM element: this many times its size, at least BIM_MIN_DISTANCE.
BIM_DISTANCE_FACTOR = 3.0
BIM_MIN_DISTANCE = 25.0
#: A georeferenced model whose base is farther than this from the terrain gets a note (m).
BIM_GAP_NOTE = 3.0


class SceneWorker(QObject):
    """Builds the scene data of a cache off the GUI thread, then its search index if missing."""

    progress = Signal(str, float)
    finished = Signal(object)  # SceneData
    failed = Signal(str)
    index_done = Signal(str, str)  # cache path, error message ("" when the index is ready)

    def __init__(self, path: Path):
        super().__init__()
        self.path = path

    def run(self) -> None:
        from viewer.scene import build_scene_data

        try:
            with Cache.open(self.path) as cache:
                data = build_scene_data(cache, lambda step, f: self.progress.emit(step, f))
        except Exception as exc:  # the window must survive a bad cache or a bug
            self.failed.emit(f"{self.path}: {sentence(exc)}")
            self.index_done.emit(str(self.path), sentence(exc))
            return
        self.finished.emit(data)  # the city first; the index after, on this thread
        try:
            from store.search import ensure_index

            with Cache.open(self.path) as cache:
                ensure_index(cache)
            self.index_done.emit(str(self.path), "")
        except Exception as exc:  # search stays unavailable; the window lives on
            self.index_done.emit(str(self.path), sentence(exc))


class MainWindow(QMainWindow):
    """cimview's main window over one cache."""

    scene_ready = Signal()
    search_ready = Signal()  # the open cache has its search index
    bim_ready = Signal()  # a BIM model is shown (or placed again)
    bim_failed = Signal(str)  # a BIM model could not be opened: the message shown

    def __init__(self, cache_path: Path, lang: str = "en"):
        super().__init__()
        self.lang = lang
        self.cache_path = Path(cache_path)
        self.cache: Cache | None = None
        self.summary: CacheSummary | None = None
        self._threads: list[QThread] = []
        self.tasks = TaskRunner(self)  # every worker thread of the window
        self.search = SearchController(self)  # search box, hits, reverse lookup
        self.bookmarks = BookmarksController(self)
        self.importing = ImportController(self)
        self._theme: Any = None
        self.bim: Any = None  # the BimModel shown
        self.bim_siting: Any = None  # viewer.bim_mesh.Siting: how it was placed
        self._bim_mesh: Any = None  # the last BimMesh drawn (its state survives a redraw)
        self._bim_pending: Any = None  # a model loaded before the scene was drawn
        self._bim_worker: Task | None = None  # the BIM load under way
        self._bim_replaced: list[int] = []  # fids of the white models under the BIM
        self.bim_error_box: QMessageBox | None = None
        self.placement_dialog: PlacementDialog | None = None
        self._placement_before: Any = None
        self.search_box = SearchBox(self)
        self.view = View3D(self)
        self.setCentralWidget(self.view)
        self.model = CityModel(lang)  # what is open: layers, selection (the panels view it)
        self.layer_panel = LayerPanel(self, self.model)
        self.housing_panel = HousingPanel(self)
        self.attribute_panel = AttributePanel(self)
        self.tree = LayerTree(self)
        self._dock(self.layer_panel, self.tr("Layers"), Qt.DockWidgetArea.LeftDockWidgetArea)
        housing = self._dock(self.housing_panel, self.tr("Housing stock"),
                             Qt.DockWidgetArea.LeftDockWidgetArea)
        data = self._dock(self.tree, self.tr("Cache"), Qt.DockWidgetArea.LeftDockWidgetArea)
        self.tabifyDockWidget(housing, data)
        housing.raise_()
        self.pipeline_legend = LegendWidget(self)
        legend = self._dock(self.pipeline_legend, self.tr("Pipeline legend"),
                            Qt.DockWidgetArea.RightDockWidgetArea)
        legend.setVisible(False)  # shown with underground mode, or from the View menu
        self.pipeline_legend_dock = legend
        self.bim_panel = BimPanel(self)
        self.bim_dock = self._dock(self.bim_panel, self.tr("BIM"),
                                   Qt.DockWidgetArea.RightDockWidgetArea)
        self.bim_dock.setVisible(False)  # shown with a model, or from the View menu
        self.attribute_dock = self._dock(self.attribute_panel, self.tr("Attributes"),
                                         Qt.DockWidgetArea.RightDockWidgetArea)
        self.attribute_table = AttributeTable(self.model, self)
        self.attribute_table_dock = self._dock(self.attribute_table, self.tr("Attribute table"),
                                               Qt.DockWidgetArea.BottomDockWidgetArea)
        self.attribute_table_dock.setVisible(False)  # Layer ▸ Attribute table, or the panel
        self.position_label = QLabel()
        self.crs_label = QLabel()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setVisible(False)
        self.bim_progress = QProgressBar()
        self.bim_progress.setMaximumWidth(260)
        self.bim_progress.setVisible(False)
        self.bim_cancel = QPushButton(self.tr("Cancel"))
        self.bim_cancel.setToolTip(self.tr("Stop loading the BIM model"))
        self.bim_cancel.setVisible(False)
        self.bim_cancel.clicked.connect(self.cancel_bim)
        for widget in (self.position_label, self.progress, self.bim_progress, self.bim_cancel,
                       self.crs_label):
            self.statusBar().addPermanentWidget(widget)
        self.wait_notice = WaitNotice(self)  # a write waiting for another writer says so
        self.wait_notice.said.connect(self.statusBar().showMessage)
        self.wait_notice.install()
        self.setAcceptDrops(True)
        self._make_actions()
        self._connect()
        from app.sync_controller import SyncController

        self.field_work = SyncController(self)  # the Field work menu and the Sync dock
        from app.tools import ToolController

        # one active map tool (model.tool): a click does only what it says; the Measure menu
        self.tools = ToolController(self, self.model)
        self.resize(1400, 900)
        self.load(self.cache_path)

    def _dock(self, widget: QWidget, title: str, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(title)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    # -- actions -------------------------------------------------------------------------------
    def _action(self, text: str, slot: Any, shortcut: Any = None, checkable: bool = False
                ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setCheckable(checkable)
        (action.toggled if checkable else action.triggered).connect(slot)
        return action

    def _make_actions(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.open_action = self._action(self.tr("&Open cache…"), self.choose_cache,
                                        QKeySequence.StandardKey.Open)
        self.import_action = self._action(self.tr("&Import file…"), self.choose_import, "Ctrl+I")
        self.reload_action = self._action(self.tr("&Reload"), lambda: self.load(self.cache_path),
                                          QKeySequence.StandardKey.Refresh)
        for action in (self.open_action, self.import_action, self.reload_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        self.open_bim_action = self._action(self.tr("Open &BIM…"), self.choose_bim,
                                            "Ctrl+Shift+O")
        self.place_bim_action = self._action(self.tr("&Place BIM manually…"),
                                             self.start_placement)
        self.close_bim_action = self._action(self.tr("&Close BIM"), self.close_bim)
        for action in (self.open_bim_action, self.place_bim_action, self.close_bim_action):
            file_menu.addAction(action)
        self.place_bim_action.setEnabled(False)
        self.close_bim_action.setEnabled(False)
        file_menu.addSeparator()
        file_menu.addAction(self._action(self.tr("&Quit"), self.close,
                                         QKeySequence.StandardKey.Quit))

        view_menu = self.menuBar().addMenu(self.tr("&View"))
        view_menu.addAction(self._action(self.tr("&Full extent"), self.view.zoom_to_extent,
                                         "Home"))
        view_menu.addAction(self._action(self.tr("&Top view"), self.view.top_view, "T"))
        view_menu.addAction(self._action(self.tr("&North up"), self.view.north_up, "N"))
        view_menu.addAction(self._action(self.tr("Zoom to &layer"), self.zoom_to_layer,
                                         "Ctrl+L"))
        view_menu.addAction(self._action(self.tr("&Fly to the selection"),
                                         self.fly_to_selection, "F"))
        view_menu.addSeparator()
        self.underground_action = self._action(self.tr("&Underground mode"),
                                               self.set_underground, "U", checkable=True)
        self.hide_buildings_action = self._action(
            self.tr("&Hide buildings underground"), lambda _on: self.set_underground(
                self.underground_action.isChecked()), checkable=True)
        view_menu.addAction(self.underground_action)
        view_menu.addAction(self.hide_buildings_action)
        view_menu.addAction(self.pipeline_legend_dock.toggleViewAction())
        view_menu.addAction(self.bim_dock.toggleViewAction())
        style_menu = view_menu.addMenu(self.tr("&Styles"))
        self.standard_colours_action = self._action(
            self.tr("Pipelines in the CJJ 61 &standard colours"),
            lambda on: self._restyle(lambda: self.view.scene.set_pipeline_palette(not on)),
            checkable=True)
        self.elevation_tint_action = self._action(
            self.tr("Terrain tinted by &elevation"),
            lambda on: self._restyle(lambda: self.view.scene.set_terrain_style(
                "elevation" if on else "shaded")), checkable=True)
        self.pole_devices_action = self._action(
            self.tr("Smart poles by number of &devices"),
            lambda _on: self._restyle(self._style_poles), checkable=True)
        style_menu.addAction(self.standard_colours_action)
        style_menu.addAction(self.pole_devices_action)
        style_menu.addAction(self.elevation_tint_action)
        self.terrain_opacity = QSlider(Qt.Orientation.Horizontal)
        self.terrain_opacity.setRange(0, 100)
        self.terrain_opacity.setValue(100)
        self.terrain_opacity.setMaximumWidth(160)
        self.terrain_opacity.setToolTip(self.tr("Terrain opacity"))
        self.terrain_opacity.valueChanged.connect(
            lambda v: self._set_opacity("terrain", v / 100))
        toolbar = self.addToolBar(self.tr("View"))
        toolbar.setObjectName("view toolbar")
        toolbar.addAction(self.underground_action)
        toolbar.addWidget(QLabel(self.tr("Terrain opacity")))
        toolbar.addWidget(self.terrain_opacity)
        search_bar = self.addToolBar(self.tr("Search"))
        search_bar.setObjectName("search toolbar")
        search_bar.addWidget(self.search_box)
        self.search_action = self._action(self.tr("&Search…"), self.focus_search, "Ctrl+F")
        self.search_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        view_menu.insertAction(view_menu.actions()[0], self.search_action)
        view_menu.insertSeparator(view_menu.actions()[1])

        layer_menu = self.menuBar().addMenu(self.tr("&Layer"))
        self.add_layer_action = self._action(self.tr("&Add layer…"),
                                             self.layer_panel.add_layer, "Ctrl+Shift+A")
        layer_menu.addAction(self.add_layer_action)
        layer_menu.addAction(self._action(self.tr("&Style…"), self.layer_panel.edit_style))
        self.attribute_table_action = self.attribute_table_dock.toggleViewAction()
        self.attribute_table_action.setText(self.tr("Attribute &table"))
        layer_menu.addAction(self.attribute_table_action)

        self.bookmark_menu = self.menuBar().addMenu(self.tr("&Bookmarks"))
        self.bookmark_menu.aboutToShow.connect(self._fill_bookmarks)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(self._action(self.tr("&Keyboard shortcuts"), self.show_shortcuts))
        help_menu.addAction(self._action(self.tr("&About cimview"), self.about))

    def _connect(self) -> None:
        self.layer_panel.visibility_changed.connect(self._set_visible)
        self.layer_panel.opacity_changed.connect(self._set_opacity)
        self.layer_panel.table_requested.connect(self.show_attribute_table)
        self.layer_panel.zoom_requested.connect(self.zoom_to_layer_named)
        self.model.selection_changed.connect(self._model_selection)
        self.housing_panel.theme_changed.connect(self._theme_changed)
        self.housing_panel.filter_changed.connect(self._filter_changed)
        self.view.picked.connect(self._picked)
        self.view.cleared.connect(self._cleared)
        self.view.clicked_at.connect(self._clicked_at)
        self.view.cursor_moved.connect(self._cursor_moved)
        self.search_box.activated.connect(self.activate_hit)
        panel = self.bim_panel
        panel.element_selected.connect(self.select_bim_element)
        panel.class_toggled.connect(self._bim_class_toggled)
        panel.storey_changed.connect(self._bim_storey_changed)
        panel.xray_toggled.connect(self._bim_xray)
        panel.section_changed.connect(self._bim_section)
        panel.compare_toggled.connect(self.set_bim_compare)
        panel.place_requested.connect(self.start_placement)
        panel.close_requested.connect(self.close_bim)

    # -- loading -------------------------------------------------------------------------------
    def load(self, path: Path) -> None:
        """Open a cache, show its panels and build its scene; a bad file gets a message."""
        try:
            cache = Cache.open(path)
            summary = summarize(cache)
        except CimviewError as exc:
            QMessageBox.critical(self, self.tr("Cannot open cache"), word(exc))
            return
        if self.cache is not None:
            self.cache.close()
        if Path(path) != self.cache_path:
            self.close_bim()  # placed in another city
        self.cache, self.summary, self.cache_path = cache, summary, Path(path)
        self.tree.show_summary(summary, self.lang)
        self.model.open(cache)
        self.layer_panel.populate(cache, self.lang)
        self.housing_panel.set_cache(cache, self.lang)
        self.pipeline_legend.pipeline_legend(self.lang, cache)
        self.attribute_panel.clear()
        self.search.cache_opened(cache)
        self.setWindowTitle(f"cimview — {summary.name or self.cache_path.stem}")
        self.crs_label.setText(self.tr("CRS {0}  Height datum {1}").format(
            summary.crs, summary.vertical_crs or "-"))
        self.statusBar().showMessage(self.tr("Extent {0}").format(fmt_extent(summary.extent)))
        self._build_scene()

    def _build_scene(self) -> None:
        self.progress.setVisible(True)
        self.progress.setValue(0)
        worker = SceneWorker(self.cache_path)
        # Bound methods (not lambdas): Qt queues them onto the GUI thread.
        worker.progress.connect(self._scene_progress)
        worker.finished.connect(self._scene_built)
        worker.failed.connect(self._scene_failed)
        worker.index_done.connect(self._index_done)
        self._run(worker, worker.index_done)

    def _run(self, worker: QObject, last: Any = None) -> None:
        """Run a worker on its own thread; the thread ends on the worker's finished or failed
        signal, or on ``last`` when given (a signal the worker always emits last)."""
        thread = QThread(self)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)  # type: ignore[attr-defined]
        ends = (last,) if last is not None else (worker.finished, worker.failed)  # type: ignore
        for signal in ends:
            signal.connect(thread.quit)
        thread.finished.connect(self._thread_done)
        thread.worker = worker  # type: ignore[attr-defined]  # keep it alive
        self._threads.append(thread)
        thread.start()

    def _thread_done(self) -> None:
        self._threads = [t for t in self._threads if t.isRunning()]

    def _scene_progress(self, step: str, fraction: float) -> None:
        self.progress.setValue(int(fraction * 100))
        self.progress.setFormat(f"{step} %p%")

    def _scene_built(self, data: Any) -> None:
        self.progress.setVisible(False)
        self.view.set_data(data, crs=self.cache.crs if self.cache else None)
        for key in self.view.scene.layer_keys():
            self.view.scene.set_visible(key, self.layer_panel.is_checked(key)
                                        if self.layer_panel.item(key) else True)
        if self.layer_panel.is_checked("housing") and self._theme is not None:
            self._apply_theme(self._theme)
        self.view.scene.set_pipeline_palette(not self.standard_colours_action.isChecked())
        if self.elevation_tint_action.isChecked():
            self.view.scene.set_terrain_style("elevation")
        if self.pole_devices_action.isChecked():
            self._style_poles()
        self.view.request_render()
        self.statusBar().showMessage(self.tr("Scene built in {0:.1f} s").format(data.seconds),
                                     5000)
        self.scene_ready.emit()
        if self._bim_pending is not None:
            model, self._bim_pending = self._bim_pending, None
            self.show_bim(model)
        elif self.bim is not None:  # the city was drawn again (reload): the model too
            self._draw_bim(self.bim_siting.georef, fly=False)
        self.search.scene_drawn()
        from store.bim.loader import prestart

        try:
            prestart()  # a BIM worker waits, ready: opening an IFC starts at once
        except (OSError, RuntimeError) as exc:  # only a head start: loads spawn their own
            self.statusBar().showMessage(
                self.tr("No BIM worker started ahead: {0}").format(sentence(exc)), 5000)

    def _scene_failed(self, message: str) -> None:
        self.progress.setVisible(False)
        self.statusBar().showMessage(self.tr("Cannot draw the city: {0}").format(message))
        box = QMessageBox(QMessageBox.Icon.Critical, self.tr("Cannot draw the city"), message,
                          parent=self)
        box.open()  # not modal-blocking: the panels stay usable

    # -- layers and themes -------------------------------------------------------------------
    def _set_visible(self, key: str, visible: bool) -> None:
        if key == "housing":
            self._apply_theme(self._theme if visible else None)
            return
        self.view.scene.set_visible(key, visible)
        self.view.request_render()

    def _set_opacity(self, key: str, opacity: float) -> None:
        self.view.scene.set_opacity(key, opacity)
        self.view.request_render()

    def _theme_changed(self, classification: Any) -> None:
        self._theme = classification
        if classification is not None and not self.layer_panel.is_checked("housing"):
            self.layer_panel.set_checked("housing", True)  # emits and applies
        else:
            self._apply_theme(classification)

    def _apply_theme(self, classification: Any) -> None:
        if classification is None:
            self.view.scene.color_buildings(None)
        else:
            self.view.scene.color_buildings(classification.fids, classification.colors())
        self.view.request_render()

    def _filter_changed(self, result: Any) -> None:
        if result is None:
            self._apply_theme(self._theme if self.layer_panel.is_checked("housing") else None)
            return
        shown = self.housing_panel.filtered  # the matches in the legend's colours
        if self.cache is None or shown is None:
            return
        self.view.scene.color_buildings(shown.fids, shown.colors())
        self.view.request_render()
        self.statusBar().showMessage(self.housing_panel.count_text(result))

    def set_underground(self, on: bool) -> None:
        """Underground mode: translucent terrain, camera allowed below the surface."""
        self.view.scene.set_underground(on)
        if on:
            self.pipeline_legend_dock.setVisible(True)
        hide = on and self.hide_buildings_action.isChecked()
        self.view.scene.set_visible("buildings", self.layer_panel.is_checked("buildings")
                                    and not hide)
        self.view.set_camera_below_surface_allowed(on)
        self.terrain_opacity.blockSignals(True)
        self.terrain_opacity.setValue(30 if on else 100)
        self.terrain_opacity.blockSignals(False)
        self.view.request_render()

    def _restyle(self, change: Any) -> None:
        change()
        self.view.request_render()

    def _style_poles(self) -> None:
        """Poles by status (default) or by how many devices they carry."""
        from layers import poles

        if self.cache is None or "poles" not in self.view.scene.actors:
            return
        by_devices = self.pole_devices_action.isChecked()
        cls = poles.classify_by_devices(self.cache) if by_devices else poles.classify(self.cache)
        self.view.scene.color_poles(cls.fids, cls.colors())

    def fly_to_selection(self) -> None:
        """A smooth flight to the selected feature (or to the search pin)."""
        from layers.catalog import feature_anchor

        if self.cache is None:
            return
        if self.view.selection is None:  # the pin of a search hit, if any
            marker = self.view.scene.marker_position
            if marker is not None:
                self.view.fly_to(np.array(marker), distance=250.0)
            return
        if self.view.selection[0] == "bim":
            self._fly_to_element(self.view.selection[1])
            return
        target = feature_anchor(self.cache, *self.view.selection)
        if target is not None:
            self.view.fly_to(np.array(target), distance=250.0)

    def show_attribute_table(self, name: str) -> None:
        """Open the attribute table dock on layer ``name``."""
        self.attribute_table_dock.setVisible(True)
        self.attribute_table_dock.raise_()
        self.attribute_table.show_layer(name)

    def zoom_to_layer_named(self, name: str) -> None:
        """Fit layer ``name`` in the view (a table's extent, or a file's features')."""
        from app.add_layer import read

        layer = self.model.layers.get(name)
        if layer is None:
            return
        extent = None
        if layer.source.in_cache and self.summary is not None:
            info = self.summary.layers.get(layer.source.table or "")
            extent = info.extent if info else None
        elif layer.source.path is not None:
            try:
                extent = read(self.model, layer.source).extent
            except CimviewError as exc:
                self.statusBar().showMessage(word(exc), 8000)
        if extent:
            self.view.zoom_to_bounds(extent)
        elif layer.kind in ("terrain", "imagery"):
            self.view.zoom_to_extent()

    def _model_selection(self, selection: Any) -> None:
        """The model's selection changed (e.g. rows of the attribute table): show it in 3D."""
        layer = self.model.layers.get(selection.layer or "")
        key = (layer.source.table or layer.name) if layer is not None else selection.layer
        if not selection:
            if self.view.selection is not None and self.view.selection[0] != "bim":
                self.view.clear_selection()
            return
        if self.view.selection == (key, selection.fid):
            return
        try:
            self.view.highlight(key, selection.fid)
        except ValueError:  # a layer the 3D view cannot highlight yet
            return
        if self.cache is not None and layer is not None and layer.source.in_cache:
            self.attribute_panel.show_feature(self.cache, key, selection.fid, self.lang)

    def zoom_to_layer(self) -> None:
        key = self.layer_panel.current_key() or "buildings"
        layer = key.split(":")[0]
        info = self.summary.layers.get(layer) if self.summary else None
        if info and info.extent:
            self.view.zoom_to_bounds(info.extent)
        else:
            self.view.zoom_to_extent()

    # -- search (app.controllers.search) --------------------------------------------------------
    def _index_done(self, path: str, error: str) -> None:
        self.search.index_done(path, error)

    @property
    def is_search_ready(self) -> bool:
        """Whether the search box answers (the open cache has its search index)."""
        return self.search.ready

    def focus_search(self) -> None:
        """Ctrl+F: the keyboard to the search box, its text selected."""
        self.search.focus()

    def activate_hit(self, hit: Any) -> None:
        """Go to a search hit (see SearchController.activate_hit)."""
        self.search.activate_hit(hit)

    # -- picking and cursor ------------------------------------------------------------------
    def _picked(self, layer: str, fid: int) -> None:
        if layer == "bim":
            self._bim_picked(int(fid))
            return
        bim = self.view.scene.bim
        if bim is not None and bim.selected is not None:
            bim.set_selected(None)
            self.bim_panel.select_element(None)
        if self.cache is not None:
            self.attribute_panel.show_feature(self.cache, layer, fid, self.lang)
        self.model.select(layer, [fid])  # the attribute table follows

    def _cleared(self) -> None:
        self.model.clear_selection()
        self.attribute_panel.clear()
        self.view.scene.set_marker(None)
        bim = self.view.scene.bim
        if bim is not None and bim.selected is not None:
            bim.set_selected(None)
            self.bim_panel.select_element(None)
        self.view.request_render()

    def _clicked_at(self, point: Any) -> None:
        """After a click in the 3D view: the clicked building's standard address, or the one
        nearest the clicked point (terrain, pipe, pole, pipe point), in the Attributes dock and
        the status bar."""
        if self.cache is None:
            return
        if self._placing:
            self._placement_clicked()
            return
        self.search.clicked_at(point)

    def reverse_lookup(self, x: float, y: float, *, building_gid: str | None = None
                       ) -> tuple[Any, float] | None:
        """The standard address of a building, or the nearest one to a world point (see
        SearchController.reverse_lookup); (Hit, distance) or None."""
        return self.search.reverse_lookup(x, y, building_gid=building_gid)

    def _cursor_moved(self, info: Any) -> None:
        if not info:
            self.position_label.setText("")
            return
        text = self.tr("X {0:.2f}  Y {1:.2f}").format(info["x"], info["y"])
        if np.isfinite(info.get("lon", np.nan)):
            text += self.tr("  lon {0:.6f}°  lat {1:.6f}°").format(info["lon"], info["lat"])
        if info.get("z") is not None:
            text += self.tr("  height {0:.1f} m").format(info["z"])
        self.position_label.setText(text)

    # -- bookmarks (app.controllers.bookmarks) -------------------------------------------------
    def _fill_bookmarks(self) -> None:
        self.bookmarks.fill_menu(self.bookmark_menu)

    def save_bookmark(self, name: str | None = None) -> None:
        """Save the camera and the visible layers in the cache under a name."""
        self.bookmarks.save(name)

    def go_to(self, name: str) -> None:
        """Restore a saved view: camera, visible layers, underground mode."""
        self.bookmarks.go_to(name)

    # -- files ---------------------------------------------------------------------------------
    def choose_cache(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open cache"), str(self.cache_path.parent),
            self.tr("cimview caches (*.gpkg)"))
        if path:
            self.load(Path(path))

    def choose_import(self) -> None:
        self.importing.choose()

    def start_import(self, file: Path) -> None:
        """Import a file into the open cache on a worker thread, then show the report."""
        self.importing.start(file)

    # -- BIM ---------------------------------------------------------------------------------
    def choose_bim(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open BIM model"), str(self.cache_path.parent),
            self.tr("IFC models (*.ifc);;All files (*)"))
        if path:
            self.open_bim(Path(path))

    def open_bim(self, file: Path) -> None:
        """Load an IFC file on a worker thread (progress bar and Cancel in the status bar),
        then show it in the city (replacing the model shown). Errors get a message box."""
        file = Path(file)
        self.bim_progress.setValue(0)
        self.bim_progress.setFormat(self.tr("{0} %p%").format(file.name))
        self.bim_progress.setVisible(True)
        self.bim_cancel.setVisible(True)
        self.bim_cancel.setEnabled(True)
        self.statusBar().showMessage(self.tr("Opening {0}…").format(file.name))
        cache = self.cache_path  # a newer load supersedes this one (app.tasks)
        self._bim_worker = self.tasks.start(
            "bim", lambda task: _load_bim(task, file, cache), progress=self._bim_progress,
            done=self._bim_loaded, failed=self._bim_load_failed, cancelled=self._bim_cancelled,
            ended=self._bim_done, word=lambda exc: _naming(exc, file))

    def cancel_bim(self) -> None:
        """Stop the BIM load under way (it ends with a status message)."""
        if self._bim_worker is not None:
            self._bim_worker.cancel()
            self.bim_cancel.setEnabled(False)
            self.statusBar().showMessage(self.tr("Cancelling…"))

    @property
    def is_bim_loading(self) -> bool:
        return self._bim_worker is not None

    def _bim_progress(self, fraction: float, message: Any) -> None:
        self.bim_progress.setValue(int(round(fraction * 100)))
        if message:
            self.statusBar().showMessage(word(message))

    def _bim_done(self) -> None:
        self._bim_worker = None
        self.bim_progress.setVisible(False)
        self.bim_cancel.setVisible(False)

    def _bim_cancelled(self) -> None:
        self.statusBar().showMessage(self.tr("Loading the BIM model was cancelled"), 5000)

    def _bim_load_failed(self, message: str) -> None:
        self.statusBar().showMessage(self.tr("Cannot open the BIM model"), 5000)
        box = QMessageBox(QMessageBox.Icon.Critical, self.tr("Cannot open BIM model"), message,
                          parent=self)
        box.open()  # not modal-blocking: the window stays usable
        self.bim_error_box = box
        self.bim_failed.emit(message)

    def _bim_loaded(self, model: Any) -> None:
        if self.view.scene.data is None:
            self._bim_pending = model  # shown when the city is drawn
            return
        self.show_bim(model)

    def show_bim(self, model: Any) -> None:
        """Show a loaded BimModel in the city: placed (see viewer.bim_mesh.site_model), the
        white models under it hidden, its tree in the BIM dock, the camera on it."""
        from viewer.bim_mesh import site_model

        if self.cache is None or self.view.scene.data is None:
            self._bim_pending = model
            return
        self.close_bim()
        cam = self.view.camera_state()["focal_point"]
        extent = self.view.scene.data.extent
        siting = site_model(model, self.cache.crs, extent, self._ground_or_none,
                            (float(cam[0]), float(cam[1])))
        self.bim, self.bim_siting = model, siting
        self._draw_bim(siting.georef, fly=True)
        if not self.bim_dock.isVisible():
            self.bim_dock.setVisible(True)
            self.resizeDocks([self.bim_dock], [440], Qt.Orientation.Horizontal)
            self.resizeDocks([self.bim_dock, self.attribute_dock], [560, 300],
                             Qt.Orientation.Vertical)
        self.bim_dock.raise_()
        self.place_bim_action.setEnabled(True)
        self.close_bim_action.setEnabled(True)
        report = model.report
        self.statusBar().showMessage(self.tr("{0}: {1} elements, {2} failed").format(
            Path(model.path).name, report.tessellated, len(report.failed)), 8000)
        if siting.needs_placement:
            self.start_placement()
        self.bim_ready.emit()

    def _draw_bim(self, georef: Any, *, fly: bool) -> None:
        """(Re)build the model's mesh for a georef, keeping the panel's tools as they are."""
        from viewer.bim_mesh import BimMesh

        model = self.bim
        if model is None or self.cache is None or self.view.scene.data is None:
            return
        old = self._bim_mesh
        mesh = BimMesh(model, georef, self.cache.crs, self.view.origin)
        if old is not None:  # the reviewer's state carries over
            mesh.hidden_classes = set(old.hidden_classes)
            mesh.storey, mesh.xray, mesh.selected = old.storey, old.xray, old.selected
            mesh.update()
        self._bim_mesh = mesh
        self.view.scene.set_bim(mesh)
        if self.bim_panel.model is not model:
            self.bim_panel.set_model(model, mesh)
        else:
            self.bim_panel.mesh = mesh
        self._bim_section()
        self._show_georef(mesh)
        self._hide_replaced(mesh)
        if self.view.selection is not None and self.view.selection[0] == "bim":
            self.view.highlight("bim", self.view.selection[1])
        if fly:
            b = mesh.world_bounds
            self.view.zoom_to_bounds(b)
            self.view.zoom(0.6)
        self.view.request_render()

    def _hide_replaced(self, mesh: Any) -> None:
        """Find the white models under the model's footprint; hide them unless comparing."""
        from viewer.bim_mesh import model_with_georef

        fids: list[int] = []
        if self.cache is not None and self.bim is not None:
            try:
                from layers.bim import buildings_under, footprint

                outline = footprint(model_with_georef(self.bim, mesh.georef), self.cache.crs)
                fids = buildings_under(self.cache, outline)
            except Exception as exc:  # no footprint: nothing hidden, and say why
                self.statusBar().showMessage(self.tr("Cannot find the white models under the "
                                                     "BIM: {0}").format(sentence(exc)), 8000)
        self._bim_replaced = fids
        self.bim_panel.set_replaced(len(fids))
        self.view.scene.set_hidden_buildings([] if self.bim_panel.compare.isChecked() else fids)

    @property
    def bim_replaced(self) -> list[int]:
        """fids of the white models the BIM shown replaces."""
        return list(self._bim_replaced)

    def set_bim_compare(self, on: bool) -> None:
        """Compare with the white model: show the white models under the BIM again (on), or
        hide them (off)."""
        if self.bim_panel.compare.isChecked() != on:
            self.bim_panel.compare.setChecked(on)  # emits: back here once
            return
        self.view.scene.set_hidden_buildings([] if on else self._bim_replaced)
        self.view.request_render()

    def close_bim(self) -> None:
        """Remove the BIM model: the white models come back."""
        if self._placing or self.placement_dialog is not None:
            self._end_placement()
        if self.view.selection is not None and self.view.selection[0] == "bim":
            self.view.clear_selection()
        self.view.scene.set_bim(None)
        self.view.scene.set_hidden_buildings([])
        self.bim = self.bim_siting = self._bim_mesh = None
        self._bim_replaced = []
        self.bim_panel.clear()
        self.place_bim_action.setEnabled(False)
        self.close_bim_action.setEnabled(False)
        self.view.request_render()

    def _ground_or_none(self, x: float, y: float) -> float | None:
        z = self.view.terrain_height(x, y)
        if z is None and self.cache is not None:
            from layers.terrain import height_at

            z = height_at(self.cache, x, y)
        return None if z is None or not np.isfinite(z) else float(z)

    def _show_georef(self, mesh: Any) -> None:
        from store.bim.georef import describe

        model, siting = self.bim, self.bim_siting
        if model is None or siting is None:
            return
        own = model.georef
        drawn = mesh.georef
        d = describe(drawn)
        e, n, h = d["origin"]
        method = own.method if own.method != "none" else self.tr("none")
        if drawn.method == "manual":
            method = self.tr("{0} — placed by hand").format(method) if siting.note == "saved" \
                else self.tr("{0} — placed provisionally").format(method)
        crs = drawn.map_crs or self.tr("the cache CRS ({0})").format(
            self.summary.crs if self.summary else "")
        scale = f"{drawn.scale:g}"
        if own.scale_declared is not None and own.scale_declared != own.scale:
            scale += self.tr(" (the file says {0:g})").format(own.scale_declared)
        anomalies = "\n".join(f"• {word(a)}" for a in own.anomalies) or self.tr("none")
        rows = {"method": method, "crs": crs,
                "origin": self.tr("E {0:.3f}  N {1:.3f}  H {2:.3f}").format(e, n, h),
                "rotation": self.tr("{0:.4f}° from grid east").format(drawn.rotation_deg),
                "scale": scale, "anomalies": anomalies}
        note = siting.note
        approximate = note in ("approximate", "outside", "none") or own.approximate \
            and note != "saved"
        status = {
            "georeferenced": self.tr("Georeferenced by the file's {0}").format(own.method),
            "saved": self.tr("Placed by hand (saved with the model in this cache)"),
            "approximate": self.tr("Approximate: placed from the site's latitude and "
                                   "longitude, set on the terrain. Check it, or place it "
                                   "manually."),
            "outside": self.tr("Approximate: the file's georeferencing puts the model outside "
                               "this city; shown provisionally at the view centre on the "
                               "terrain. Place it manually."),
            "none": self.tr("Not georeferenced: shown provisionally at the view centre on the "
                            "terrain. Place it manually."),
        }.get(note, note)
        if note == "georeferenced":
            cx, cy = (mesh.world_bounds[0] + mesh.world_bounds[1]) / 2, \
                (mesh.world_bounds[2] + mesh.world_bounds[3]) / 2
            ground = self._ground_or_none(cx, cy)
            if ground is not None and abs(mesh.world_bounds[4] - ground) > BIM_GAP_NOTE:
                status += self.tr("; its lowest point is {0:+.1f} m from the terrain").format(
                    mesh.world_bounds[4] - ground)
        self.bim_panel.show_georef(rows, status, approximate)

    # the reviewer's tools
    def _bim_class_toggled(self, ifc_class: str, visible: bool) -> None:
        mesh = self.view.scene.bim
        if mesh is not None:
            mesh.set_class_visible(ifc_class, visible)
            self.view.request_render()

    def _bim_storey_changed(self, storey: int) -> None:
        mesh = self.view.scene.bim
        if mesh is not None:
            mesh.isolate_storey(None if storey < 0 else storey)
            self.view.request_render()

    def _bim_xray(self, on: bool) -> None:
        mesh = self.view.scene.bim
        if mesh is not None:
            mesh.set_xray(on)
            self.view.request_render()

    def _bim_section(self) -> None:
        mesh = self.view.scene.bim
        if mesh is None:
            return
        section = self.bim_panel.section()
        had = mesh.section_plane is not None
        mesh.set_section(None if section is None else section[1],
                         section[0] if section is not None else "horizontal")
        if had != (mesh.section_plane is not None) and self.view.selection is not None \
                and self.view.selection[0] == "bim":
            self.view.highlight("bim", self.view.selection[1])  # the highlight is cut too
        self.view.request_render()

    # elements
    def select_bim_element(self, element: int, fly: bool = True) -> bool:
        """Select an element of the BIM (as a click in the tree does): highlight it in 3D,
        show its properties, fly to it; False when it has no geometry (properties shown)."""
        mesh = self.view.scene.bim
        if mesh is None or self.bim is None:
            return False
        self.view.scene.set_marker(None)
        shown = self.view.highlight("bim", int(element))
        mesh.set_selected(int(element))
        self.bim_panel.select_element(int(element))
        self.show_bim_properties(int(element))
        if shown and fly:
            self._fly_to_element(int(element))
        self.view.request_render()
        return shown

    def _bim_picked(self, element: int) -> None:
        """A click on the BIM in 3D (already highlighted by the view)."""
        mesh = self.view.scene.bim
        if mesh is not None:
            mesh.set_selected(element)
        self.bim_panel.select_element(element)
        self.show_bim_properties(element)
        self.view.request_render()

    def _fly_to_element(self, element: int) -> None:
        mesh = self.view.scene.bim
        b = mesh.element_bounds(element) if mesh is not None else None
        if b is None:
            return
        size = max(b[1] - b[0], b[3] - b[2], b[5] - b[4])
        centre = np.array([(b[0] + b[1]) / 2, (b[2] + b[3]) / 2, (b[4] + b[5]) / 2])
        self.view.fly_to(centre, distance=max(BIM_MIN_DISTANCE, BIM_DISTANCE_FACTOR * size))

    def show_bim_properties(self, element: int) -> None:
        """The Attributes dock: the element's attributes, then each property set and quantity
        set as a section of its own (Pset_WallCommon → its properties)."""
        model = self.bim
        if model is None:
            return
        props: dict[str, Any] = {"attributes": {}, "psets": {}, "qtos": {}}
        if self.cache is not None:
            try:
                from store.bim.store import properties

                props = properties(self.cache, model.sha256, int(element))
            except Exception as exc:  # the window must go on; say what is missing
                self.statusBar().showMessage(
                    self.tr("No properties: {0}").format(sentence(exc)), 5000)
        panel = self.attribute_panel
        panel.clear()
        e = model.elements.get(int(element))
        if e is not None:
            panel._add(self.tr("IFC class"), e.ifc_class)
            panel._add(self.tr("Name"), e.name or "")
            panel._add("GlobalId", e.guid or "")
            panel._add(self.tr("IFC id"), f"#{e.id}")
            storey = model.elements.get(e.storey) if e.storey is not None else None
            if storey is not None:
                panel._add(self.tr("Storey"), storey.name or f"#{storey.id}")
        skip = {"GlobalId", "Name", "id"}
        for key, value in (props.get("attributes") or {}).items():
            if key not in skip and value not in (None, "", [], {}):
                panel._add(str(key), self._value_text(value))
        for group in ("psets", "qtos"):
            for name, values in sorted((props.get(group) or {}).items()):
                panel._add_section(str(name))
                if isinstance(values, dict):
                    for key, value in values.items():
                        panel._add(str(key), self._value_text(value))
                else:
                    panel._add("", self._value_text(values))
        panel.layer, panel.fid = "bim", int(element)
        panel.resizeRowsToContents()

    def _value_text(self, value: Any) -> str:
        if isinstance(value, bool):
            return self.tr("Yes") if value else self.tr("No")
        if isinstance(value, float):
            return str(round(value, 6))
        if isinstance(value, list | tuple):
            return ", ".join(self._value_text(v) for v in value)
        if isinstance(value, dict):
            return ", ".join(f"{k}: {self._value_text(v)}" for k, v in value.items())
        return "" if value is None else str(value)

    # manual placement
    def place_bim(self, x: float, y: float, rotation_deg: float = 0.0,
                  elevation: float | None = None, *, save: bool = True) -> bool:
        """Place the BIM by hand: the centre of its plan at (x, y) (cache CRS), turned
        rotation_deg counter-clockwise from grid east, its ±0.000 at ``elevation`` (default:
        the terrain height there). Applied at once; saved with the model in the cache (so
        reopening the file puts it back) unless save=False. False when no model is shown."""
        from viewer.bim_mesh import Siting, crs_text, make_placement, placement_georef

        if self.bim is None or self.cache is None:
            return False
        if elevation is None:
            elevation = self._ground_or_none(x, y) or 0.0
        placement = make_placement(self.bim, x, y, rotation_deg, elevation,
                                   crs_text(self.cache.crs))
        georef = placement_georef(placement)
        if save:
            try:
                from store.bim.store import save_placement

                save_placement(self.cache, self.bim.sha256, placement)
                self.bim.placement = placement
            except Exception as exc:  # shown, not saved; the model stays placed
                QMessageBox.warning(self, self.tr("Placement not saved"), sentence(exc))
            self.bim_siting = Siting(georef, False, "saved")
        else:
            self.bim_siting = Siting(georef, False, self.bim_siting.note
                                     if self.bim_siting is not None else "saved",
                                     self.bim_siting.needs_placement
                                     if self.bim_siting is not None else False)
        self._draw_bim(georef, fly=False)
        self.bim_ready.emit()
        return True

    def start_placement(self) -> None:
        """Open the (non-modal) placement dialog on where the model stands now."""
        from viewer.bim_mesh import placement_centre

        mesh = self.view.scene.bim
        if mesh is None or self.bim is None:
            return
        if self.placement_dialog is None:
            dialog = PlacementDialog(self)
            dialog.changed.connect(self._placement_changed)
            dialog.pick_requested.connect(self._placement_pick)
            dialog.accepted.connect(self._placement_accepted)
            dialog.rejected.connect(self._placement_rejected)
            dialog.ground_button.clicked.connect(self._placement_ground)
            self.placement_dialog = dialog
        self._placement_before = self.bim_siting
        x, y, z = placement_centre(mesh.georef, self.bim)
        self.placement_dialog.set_values(x, y, mesh.georef.rotation_deg, z)
        self.placement_dialog.show()
        self.placement_dialog.raise_()
        self.statusBar().showMessage(self.tr("Place the BIM: pick a point on the map, set the "
                                             "rotation and the elevation, then Save"))

    def _placement_changed(self) -> None:
        if self.placement_dialog is not None:
            x, y, rotation, elevation = self.placement_dialog.values()
            self.place_bim(x, y, rotation, elevation, save=False)

    @property
    def _placing(self) -> bool:
        """Picking the BIM's centre on the map: the place_bim tool is the active map tool."""
        return self.model.tool == "place_bim"

    @_placing.setter
    def _placing(self, on: bool) -> None:
        if on:
            self.model.set_tool("place_bim")
        elif self.model.tool == "place_bim":
            self.model.set_tool("pick")

    def _placement_pick(self) -> None:
        self._placing = True
        self.statusBar().showMessage(self.tr("Click in the 3D view where the centre of the "
                                             "building goes"))

    def _placement_clicked(self) -> None:
        """The click after "Pick on map": its terrain point becomes the model's centre."""
        self._placing = False
        view = self.view
        if self.view.selection is not None:
            self.view.clear_selection()
        info = view.cursor_info(*view.last_click) if view.last_click is not None else None
        dialog = self.placement_dialog
        if dialog is not None:
            dialog.pick_button.setChecked(False)
        if info is None or dialog is None:
            self.statusBar().showMessage(self.tr("Not on the terrain: pick again"), 5000)
            return
        _, _, rotation, _ = dialog.values()
        dialog.set_values(info["x"], info["y"], rotation, info["z"])
        self._placement_changed()

    def _placement_ground(self) -> None:
        dialog = self.placement_dialog
        if dialog is None:
            return
        x, y, rotation, _ = dialog.values()
        z = self._ground_or_none(x, y)
        if z is not None:
            dialog.set_values(x, y, rotation, z)
            self._placement_changed()

    def _placement_accepted(self) -> None:
        dialog = self.placement_dialog
        self._placing = False
        if dialog is not None:
            self.place_bim(*dialog.values(), save=True)
            self.statusBar().showMessage(self.tr("Placement saved with the model"), 5000)

    def _placement_rejected(self) -> None:
        self._placing = False
        before, self._placement_before = self._placement_before, None
        if before is not None and self.bim is not None:
            self.bim_siting = before
            self._draw_bim(before.georef, fly=False)

    def _end_placement(self) -> None:
        self._placing = False
        if self.placement_dialog is not None:
            self.placement_dialog.blockSignals(True)
            self.placement_dialog.close()
            self.placement_dialog.blockSignals(False)

    # drag and drop of .ifc files
    @staticmethod
    def _ifc_files(event: Any) -> list[Path]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [Path(u.toLocalFile()) for u in mime.urls()
                if u.isLocalFile() and u.toLocalFile().lower().endswith(".ifc")]

    def dragEnterEvent(self, event: Any) -> None:  # noqa: N802
        if self._ifc_files(event):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dropEvent(self, event: Any) -> None:  # noqa: N802
        files = self._ifc_files(event)
        if files:
            event.acceptProposedAction()
            self.open_bim(files[0])
        else:
            super().dropEvent(event)

    def show_shortcuts(self) -> None:
        keys = [*self.view.shortcut_help(), ("F", self.tr("Fly to the selection")),
                ("Ctrl+F", self.tr("Search addresses, buildings, roads, parcels, poles"))]
        rows = "\n".join(f"{key}\t{what}" for key, what in keys)
        QMessageBox.information(self, self.tr("Keyboard shortcuts"), rows)

    def about(self) -> None:
        QMessageBox.about(self, self.tr("About cimview"), self.tr(
            "cimview: the desktop client of a city's CIM base platform."))

    def closeEvent(self, event: Any) -> None:  # noqa: N802
        self.tasks.shutdown()
        for thread in list(self._threads):
            thread.quit()
            thread.wait(5000)
        if self.cache is not None:
            self.cache.close()
        super().closeEvent(event)


def _naming(exc: BaseException, file: Path) -> str:
    """An error of a task on ``file`` worded for the user, the file named."""
    text = word(exc) if isinstance(exc, CimviewError) else sentence(exc)
    return text if str(file) in text or file.name in text else f"{file}: {text}"


def _load_bim(task: Task, file: Path, cache_path: Path | None) -> Any:
    """Load an IFC file (app.tasks work): the BimModel; tessellated in a separate process,
    kept in the cache by the file's hash."""
    from store.bim.loader import LoadCancelled, load_bim

    try:
        if cache_path is not None:
            with Cache.open(cache_path) as cache:
                model = load_bim(file, cache, progress=task.progress, cancel=task.is_cancelled)
        else:
            model = load_bim(file, None, progress=task.progress, cancel=task.is_cancelled)
    except LoadCancelled:
        raise Cancelled from None
    task.check()
    return model


def run(cache: Path, lang: str | None = None, bim: Path | None = None) -> int:
    """Start the application on a cache (and open an IFC file in it); returns the exit code."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("cimview")
    used = i18n.install(app, lang)
    window = MainWindow(cache, used)
    window.show()
    if bim is not None:
        window.open_bim(Path(bim))
    return app.exec()
