"""The main window: the 3D city in the centre, the layer panel, the housing-stock theme, the
attribute panel and the cache summary in docks, the search box in the toolbar, and the cursor's
position in the status bar.

The scene is built on a worker thread (app.tasks, the one runner of the window's threads)
while a progress bar runs, so the window never freezes on a large cache; another task then
makes sure the cache has its search index (store.search.ensure_index). The features live in
controllers (app.controllers: search, bim, housing, bookmarks, importing); the window
assembles them.

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
from PySide6.QtCore import Qt, Signal
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
from app.bim_panel import BimPanel
from app.cache_summary import LayerTree, fmt_extent
from app.controllers.bim import BimController
from app.controllers.bookmarks import BookmarksController
from app.controllers.housing import HousingController
from app.controllers.importing import ImportController
from app.controllers.map_saver import MapSaver
from app.controllers.review import ReviewController
from app.controllers.scenarios import ScenarioController
from app.controllers.search import SearchController
from app.controllers.tile_problems import TileProblemsController
from app.housing_panel import HousingPanel
from app.layer_panel import LayerPanel
from app.legend import LegendWidget
from app.lod_dialog import LodDialog, load_lod
from app.messages import sentence, word
from app.review_panel import ReviewPanel
from app.search_box import SearchBox
from app.tasks import Task, TaskRunner, naming
from app.time_bar import TimeBar
from app.view3d import View3D
from app.wait_notice import WaitNotice
from layers.catalog import CacheSummary, summarize
from layers.features import feature_rows, known_table
from layers.model import CityModel
from store.cache import Cache
from store.errors import CimviewError


def build_scene(task: Task, model: CityModel) -> Any:
    """The views of the model's layers, built off the GUI thread (an app.tasks work function;
    the cache is read through layers/): the SceneData."""
    from viewer.scene import build_scene_data

    return build_scene_data(model, lambda step, fraction: task.progress(fraction, step))


def ensure_search_index(task: Task, path: Path) -> None:
    """Build the search index of the cache at ``path`` if it has none (app.tasks work)."""
    from store.search import ensure_index

    with Cache.open(path) as cache:
        ensure_index(cache)


class MainWindow(QMainWindow):
    """cimview's main window over one cache."""

    scene_ready = Signal()
    search_ready = Signal()  # the open cache has its search index
    summary_changed = Signal()  # the layer counts were read again (another time, scenario)
    bim_ready = Signal()  # a BIM model is shown (or placed again)
    bim_failed = Signal(str)  # a BIM model could not be opened: the message shown

    def __init__(self, cache_path: Path, lang: str = "en"):
        super().__init__()
        self.lang = lang
        self.cache_path = Path(cache_path)
        self.cache: Cache | None = None
        self.summary: CacheSummary | None = None
        self.tasks = TaskRunner(self)  # every worker thread of the window
        self.search = SearchController(self)  # search box, hits, reverse lookup
        self.bookmarks = BookmarksController(self)
        self.importing = ImportController(self)
        self.scenarios = ScenarioController(self)  # Scenario ▸ New scenario, planned imports
        self.bim_controller = BimController(self)  # the BIM under review (model.bim)
        self.search_box = SearchBox(self)
        self.view = View3D(self)
        self.setCentralWidget(self.view)
        self.model = CityModel(lang)  # what is open: layers, selection (the panels view it)
        load_lod(self.model.lod)  # the user's level-of-detail settings
        self.map_saver = MapSaver(self.model, self.tasks, self,
                                  report=lambda text: self.statusBar().showMessage(text, 8000))
        self.view.scene.builder = self._build_view  # layers added later: built off-thread
        self.view.scene.context.load = self.tasks.submit  # tiles: nearest first, off-thread
        self.tile_problems = TileProblemsController(self)  # tiles that failed: said, counted
        self.view.scene.context.tile_failed = self.tile_problems.tile_failed
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
        from app.timeline_chart import TimelineChart

        # the city over time (buildings, floor area, units by year, per scenario)
        self.timeline_chart = TimelineChart(
            self.model, lambda work, done: self.tasks.start(
                "timeline", lambda _task: work(), done=done,
                failed=lambda message: self.timeline_chart.status.setText(message)),
            self.view.ground_extent, self)
        self.timeline_dock = self._dock(self.timeline_chart, self.tr("City over time"),
                                        Qt.DockWidgetArea.BottomDockWidgetArea)
        self.timeline_dock.setVisible(False)  # View ▸ City over time
        self.timeline_dock.visibilityChanged.connect(
            lambda shown: shown and self.timeline_chart.refresh())
        # plan review (一键审查): the results dock and its controller (model.review)
        self.review_panel = ReviewPanel(self, lang)
        self.review_dock = self._dock(self.review_panel, self.tr("Plan review"),
                                      Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.bim_dock, self.review_dock)  # the proposal's two docks
        self.review_dock.setVisible(False)  # shown by Review ▸ Run review
        self.review = ReviewController(self, self.review_panel)
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
        from app.grade_banner import GradeBanner

        self.addToolBarBreak()  # a row of its own, below every toolbar, across the window
        self.grade_banner = GradeBanner(self)  # the grade of what is open (model.grades)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.grade_banner)
        for signal in (self.model.layers.inserted, self.model.layers.removed):
            signal.connect(lambda *_: self._show_grade())
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
            self.tr("&Hide buildings underground"),
            lambda on: self.model.set_underground_view(hide_buildings=on), checkable=True)
        view_menu.addAction(self.underground_action)
        view_menu.addAction(self.hide_buildings_action)
        view_menu.addAction(self._action(self.tr("&Level of detail…"), self.edit_lod))
        view_menu.addAction(self.pipeline_legend_dock.toggleViewAction())
        view_menu.addAction(self.bim_dock.toggleViewAction())
        view_menu.addAction(self.timeline_dock.toggleViewAction())
        style_menu = view_menu.addMenu(self.tr("&Styles"))
        self.standard_colours_action = self._action(
            self.tr("Pipelines in the CJJ 61 &standard colours"),
            self._style_pipelines, checkable=True)
        self.elevation_tint_action = self._action(
            self.tr("Terrain tinted by &elevation"),
            self._style_terrain, checkable=True)
        self.pole_devices_action = self._action(
            self.tr("Smart poles by number of &devices"),
            lambda _on: self._restyle(self._style_poles), checkable=True)
        style_menu.addAction(self.standard_colours_action)
        style_menu.addAction(self.pole_devices_action)
        # the menu shows the model's styles (a saved map may hold other ones than the default)
        self.model.opened.connect(lambda _cache: self._show_styles())
        self.model.layers.changed.connect(
            lambda _layer, what: self._show_styles() if what == "style" else None)
        style_menu.addAction(self.elevation_tint_action)
        self.terrain_opacity = QSlider(Qt.Orientation.Horizontal)
        self.terrain_opacity.setRange(0, 100)
        self.terrain_opacity.setValue(100)
        self.terrain_opacity.setMaximumWidth(160)
        self.terrain_opacity.setToolTip(self.tr("Terrain opacity"))
        self.terrain_opacity.valueChanged.connect(self._terrain_opacity_moved)
        toolbar = self.addToolBar(self.tr("View"))
        toolbar.setObjectName("view toolbar")
        toolbar.addAction(self.underground_action)
        toolbar.addWidget(QLabel(self.tr("Terrain opacity")))
        toolbar.addWidget(self.terrain_opacity)
        search_bar = self.addToolBar(self.tr("Search"))
        search_bar.setObjectName("search toolbar")
        search_bar.addWidget(self.search_box)
        self.time_bar = TimeBar(self, self.model)  # the year the city is shown at
        self.addToolBarBreak()  # a row of its own: the slider is wide, the compare beside it
        self.addToolBar(self.time_bar)
        self.model.time_changed.connect(self._time_changed)
        # the white models under a BIM are those standing at the map's time and scenario
        self.model.time_changed.connect(self.bim_controller.time_changed)
        self.search_action = self._action(self.tr("&Search…"), self.focus_search, "Ctrl+F")
        self.search_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        view_menu.insertAction(view_menu.actions()[0], self.search_action)
        view_menu.insertSeparator(view_menu.actions()[1])

        layer_menu = self.menuBar().addMenu(self.tr("&Layer"))
        self.add_layer_action = self._action(self.tr("&Add layer…"),
                                             self.layer_panel.add_layer, "Ctrl+Shift+A")
        layer_menu.addAction(self.add_layer_action)
        self.add_tiles3d_action = self._action(self.tr("Add 3D &Tiles layer…"),
                                               self.add_tiles3d_layer)
        layer_menu.addAction(self.add_tiles3d_action)
        layer_menu.addAction(self._action(self.tr("&Style…"), self.layer_panel.edit_style))
        self.attribute_table_action = self.attribute_table_dock.toggleViewAction()
        self.attribute_table_action.setText(self.tr("Attribute &table"))
        layer_menu.addAction(self.attribute_table_action)

        self.scenarios.fill_menu(self.menuBar().addMenu(self.tr("S&cenario")))
        review_menu = self.menuBar().addMenu(self.tr("&Review"))
        self.run_review_action = self._action(self.tr("&Run review"), self.review.run)
        self.cancel_review_action = self._action(self.tr("&Cancel review"), self.review.cancel)
        review_menu.addAction(self.run_review_action)
        review_menu.addAction(self.cancel_review_action)
        review_menu.addAction(self._action(self.tr("Rule &set…"), self.review.choose_rules))
        review_menu.addSeparator()
        review_menu.addAction(self.review_dock.toggleViewAction())

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
        self.layer_panel.said.connect(lambda text: self.statusBar().showMessage(text, 20000))
        self.model.selection_changed.connect(self._model_selection)
        self.housing = HousingController(self)  # the dock's theme and filter: model.colouring
        self.view.picked.connect(self._picked)
        self.view.cleared.connect(self._cleared)
        self.view.clicked_at.connect(self._clicked_at)
        self.view.cursor_moved.connect(self._cursor_moved)
        self.search_box.activated.connect(self.activate_hit)
        panel, bim = self.bim_panel, self.bim_controller
        panel.element_selected.connect(bim.select_element)
        panel.class_toggled.connect(bim.class_toggled)
        panel.storey_changed.connect(bim.storey_changed)
        panel.xray_toggled.connect(bim.set_xray)
        panel.section_changed.connect(bim.section_changed)
        panel.compare_toggled.connect(bim.set_compare)
        panel.place_requested.connect(bim.start_placement)
        panel.close_requested.connect(bim.close)

    # -- loading -------------------------------------------------------------------------------
    def load(self, path: Path) -> None:
        """Open a cache, show its panels and build its scene; a bad file gets a message (an
        encrypted one, the question for its passphrase first)."""
        from app.passphrase_dialog import unlock_cache

        if not unlock_cache(self, Path(path)):
            return
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
        self.tile_problems.reset()
        self.tree.show_summary(summary, self.lang)
        self.model.open(cache)
        self._show_grade()
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

    def _time_changed(self, when: str | None) -> None:
        """The city at another time: its counts (the scene follows the model itself: every
        layer hides and shows what it has loaded)."""
        if self.cache is None:
            return
        self.recount()
        self.housing_panel.time_changed()  # ages and grades as they were then
        self.attribute_panel.clear()
        self.statusBar().showMessage(
            self.tr("The city as it is now") if when is None else
            self.tr("The city as it stood in {0}").format(when), 8000)

    def reread(self, table: str) -> None:
        """The features of ``table`` changed in the cache (an edit, a planned removal): the
        layers drawing it read it again (LOD1 and LOD2 alike for the buildings), and the
        counts are read again."""
        for layer in self.model.layers:
            if (layer.source.table or layer.name) == table or (
                    table == "buildings" and layer.kind in ("buildings", "solids")):
                layer.reread()
        self.recount()

    def recount(self) -> None:
        """Read the layer counts again, off the GUI thread (0.2 s at 100,000 buildings: the
        frame of a new time first); ``summary_changed`` when they arrive."""
        if self.cache is None:
            return
        cache = self.cache

        def counted(summary: CacheSummary) -> None:
            if cache is self.cache:
                self.summary = summary
                self.tree.show_summary(summary, self.lang)
                self.summary_changed.emit()

        self.tasks.start("summary", lambda _task: summarize(cache), done=counted)

    def _show_grade(self) -> None:
        """The banner follows the grades of the layers on the map."""
        from store.cipher import encrypted

        if self.cache is not None:
            self.grade_banner.show_grades(list(self.model.layers), self.model.grades,
                                          encrypted(self.cache.path))

    def _build_scene(self) -> None:
        """Build the scene on a worker thread (a newer build supersedes this one), then make
        sure the cache has its search index."""
        self.progress.setVisible(True)
        self.progress.setValue(0)
        model, path = self.model, self.cache_path

        def built(data: Any) -> None:
            self._scene_built(data)
            self._index(path)  # the city first; the index after

        def failed(message: str) -> None:
            self._scene_failed(message)
            self._index_done(str(path), message)  # search says why it is not available

        self.tasks.start("scene", lambda task: build_scene(task, model),
                         progress=self._scene_progress, done=built, failed=failed,
                         word=naming(path))

    def _index(self, path: Path) -> None:
        """Build the search index of the cache at ``path`` on a worker thread if missing."""
        self.tasks.start("index", lambda task: ensure_search_index(task, path),
                         done=lambda _: self._index_done(str(path), ""),
                         failed=lambda message: self._index_done(str(path), message))

    def _scene_progress(self, fraction: float, step: str) -> None:
        self.progress.setValue(int(fraction * 100))
        self.progress.setFormat(f"{step} %p%")

    def _scene_built(self, data: Any) -> None:
        self.progress.setVisible(False)
        if data.model is not self.model:  # built for a model replaced meanwhile
            return
        # the views read the model when attached: nothing to re-apply from the widgets
        self.view.set_data(data, crs=self.cache.crs if self.cache else None)
        self.statusBar().showMessage(self.tr("Scene built in {0:.1f} s").format(data.seconds),
                                     5000)
        self.scene_ready.emit()
        self.bim_controller.scene_drawn()  # a model loaded meanwhile, or the one shown
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
    # Layers, colours and underground mode are the model's: these only change it, and the
    # scene (and the panels) follow the model.
    def _set_visible(self, key: str, visible: bool) -> None:
        if key != "housing":  # the housing theme is the buildings' colouring
            self.view.scene.set_visible(key, visible)  # the layer (or class) in the model

    def _set_opacity(self, key: str, opacity: float) -> None:
        self.view.scene.set_opacity(key, opacity)  # the layer's opacity in the model

    def set_underground(self, on: bool) -> None:
        """Underground mode (the model's): translucent terrain, camera allowed below the
        surface; the toolbar's slider sets the underground opacity meanwhile."""
        self.model.set_underground(on)
        if on:
            self.pipeline_legend_dock.setVisible(True)
        self.view.set_camera_below_surface_allowed(on)
        terrain = self.model.layers.get("terrain")
        shown = self.model.underground_opacity if on else (
            terrain.opacity if terrain else 1.0)
        self.terrain_opacity.blockSignals(True)
        self.terrain_opacity.setValue(round(100 * shown))
        self.terrain_opacity.blockSignals(False)

    def _terrain_opacity_moved(self, value: int) -> None:
        """The toolbar's terrain opacity: underground, the scene's underground opacity; else
        the terrain layer's opacity (in the model)."""
        if self.model.underground:
            self.model.set_underground_view(opacity=value / 100)
        else:
            self._set_opacity("terrain", value / 100)

    def _show_styles(self) -> None:
        """Tick the Styles menu as the model's layers are styled."""
        from layers.pipelines import pipes_style

        pipes = self.model.layers.of_kind("pipes")
        terrain = self.model.layers.of_kind("terrain")
        poles = self.model.layers.get("poles")
        for action, on in (
                (self.standard_colours_action,
                 bool(pipes) and pipes[0].style == pipes_style(dark=False)),
                (self.elevation_tint_action,
                 bool(terrain) and terrain[0].style.mode == "graduated"),
                (self.pole_devices_action,
                 poles is not None and poles.style.field == "devices")):
            action.blockSignals(True)
            action.setChecked(on)
            action.blockSignals(False)

    def _restyle(self, change: Any) -> None:
        change()
        self.view.request_render()

    def _style_pipelines(self, standard: bool) -> None:
        """Pipelines in the CJJ 61 standard colours or the dark-background ones: the pipelines
        layers' style in the model."""
        from layers.pipelines import pipes_style

        for layer in self.model.layers.of_kind("pipes"):
            layer.style = pipes_style(dark=not standard)

    def _style_terrain(self, tinted: bool) -> None:
        """The terrain tinted by elevation (a graduated style on "elevation") or shaded."""
        for layer in self.model.layers.of_kind("terrain"):
            layer.style = layer.style.with_(mode="graduated" if tinted else "single",
                                            field="elevation" if tinted else None)

    def _style_poles(self) -> None:
        """Poles by status (default) or by how many devices they carry: the poles layer's
        style field ("status" or "devices")."""
        layer = self.model.layers.get("poles")
        if layer is not None:
            by_devices = self.pole_devices_action.isChecked()
            layer.style = layer.style.with_(field="devices" if by_devices else "status")

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
            self.bim_controller.fly_to_element(self.view.selection[1])
            return
        target = feature_anchor(self.cache, *self.view.selection)
        if target is not None:
            self.view.fly_to(np.array(target), distance=250.0)

    def show_attribute_table(self, name: str) -> None:
        """Open the attribute table dock on layer ``name``."""
        self.attribute_table_dock.setVisible(True)
        self.attribute_table_dock.raise_()
        self.attribute_table.show_layer(name)

    def add_tiles3d_layer(self) -> None:
        """Open the "Add 3D Tiles layer…" dialog (a tileset folder or URL)."""
        from app.add_tiles3d import AddTilesetDialog

        if self.model.cache is None:
            return
        self.add_tiles3d_dialog = AddTilesetDialog(self.model, self)
        self.add_tiles3d_dialog.open()

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
        elif layer.kind == "tiles3d":  # the root tile's box, once the layer is open
            from layers.tiles3d import opened

            tiled = opened(layer)
            extent = tiled.extent() if tiled is not None else None
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
            self.bim_controller.picked(int(fid))
            return
        bim = self.view.scene.bim
        if bim is not None and bim.selected is not None:
            bim.set_selected(None)
            self.bim_panel.select_element(None)
        if self.cache is not None:
            table = known_table(self.model, layer)
            tiled = self.model.layers.get(layer)
            if tiled is not None and tiled.kind == "tiles3d":  # a tile's batch table row
                from layers.tiles3d import picked_rows

                try:
                    rows = picked_rows(tiled, fid)
                except CimviewError:
                    rows = []
                self.attribute_panel.show_rows(layer, fid, rows)
            elif table is not None:
                self.attribute_panel.show_feature(self.cache, table, fid, self.lang)
            else:  # a file's layer, observations: its own fields
                try:
                    rows = feature_rows(self.model, layer, fid, self.lang)
                except (KeyError, CimviewError):
                    rows = []
                self.attribute_panel.show_rows(layer, fid, rows)
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
        selection = self.view.selection
        layer = self.model.layers.get(selection[0]) if selection is not None else None
        if layer is not None and layer.kind == "tiles3d":
            return  # a tiled feature is in no table of the cache: its properties are shown
        self.search.clicked_at(point)  # the pick tool's click (the others never come here)

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

    def start_import(self, file: Path, *, kind: str | None = None, layer: str | None = None,
                     metadata: Path | None = None) -> None:
        """Import a file into the open cache on a worker thread, then show the report
        (``kind``: pipelines, pipe-points … as ``cimview import --as``; ``layer`` and
        ``metadata`` as ``--layer`` and ``--metadata``)."""
        self.importing.start(file, kind=kind, layer=layer, metadata=metadata)

    # -- BIM (app.controllers.bim) -------------------------------------------------------------
    def choose_bim(self) -> None:
        self.bim_controller.choose()

    def open_bim(self, file: Path) -> None:
        """Load an IFC file on a worker thread (progress bar and Cancel in the status bar),
        then show it in the city (replacing the model shown). Errors get a message box."""
        self.bim_controller.open(file)

    def cancel_bim(self) -> None:
        """Stop the BIM load under way (it ends with a status message)."""
        self.bim_controller.cancel()

    @property
    def is_bim_loading(self) -> bool:
        return self.bim_controller.is_loading

    @property
    def bim(self) -> Any:
        """The BimModel shown, or None."""
        return self.bim_controller.shown

    @property
    def bim_siting(self) -> Any:
        """How the BIM shown was placed (viewer.bim_mesh.Siting), or None."""
        return self.bim_controller.siting

    @property
    def bim_error_box(self) -> QMessageBox | None:
        return self.bim_controller.error_box

    @property
    def placement_dialog(self) -> Any:
        return self.bim_controller.placement_dialog

    @property
    def bim_replaced(self) -> list[int]:
        """fids of the white models the BIM shown replaces."""
        return self.bim_controller.replaced

    def show_bim(self, model: Any) -> None:
        """Show a loaded BimModel in the city (see BimController.show)."""
        self.bim_controller.show(model)

    def close_bim(self) -> None:
        """Remove the BIM model: the white models come back."""
        self.bim_controller.close()

    def set_bim_compare(self, on: bool) -> None:
        """Compare with the white model: the white models under the BIM shown again (on)."""
        self.bim_controller.set_compare(on)

    def select_bim_element(self, element: int, fly: bool = True) -> bool:
        """Select an element of the BIM as a click in the tree does (see
        BimController.select_element)."""
        return self.bim_controller.select_element(element, fly)

    def show_bim_properties(self, element: int) -> None:
        self.bim_controller.show_properties(element)

    def place_bim(self, x: float, y: float, rotation_deg: float = 0.0,
                  elevation: float | None = None, *, save: bool = True) -> bool:
        """Place the BIM by hand (see BimController.place)."""
        return self.bim_controller.place(x, y, rotation_deg, elevation, save=save)

    def start_placement(self) -> None:
        """Open the (non-modal) placement dialog on where the model stands now."""
        self.bim_controller.start_placement()

    @property
    def _placing(self) -> bool:
        return self.bim_controller._placing

    def _placement_clicked(self) -> None:
        """The place_bim tool's click: its terrain point becomes the model's centre."""
        self.bim_controller._placement_clicked()

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

    def edit_lod(self) -> None:
        """View ▸ Level of detail…: the largest error on screen and the memory for tiles."""
        LodDialog(self.model.lod, self).exec()

    def show_shortcuts(self) -> None:
        keys = [*self.view.shortcut_help(), ("F", self.tr("Fly to the selection")),
                ("Ctrl+F", self.tr("Search addresses, buildings, roads, parcels, poles"))]
        rows = "\n".join(f"{key}\t{what}" for key, what in keys)
        QMessageBox.information(self, self.tr("Keyboard shortcuts"), rows)

    def about(self) -> None:
        QMessageBox.about(self, self.tr("About cimview"), self.tr(
            "cimview: the desktop client of a city's CIM base platform."))

    def _build_view(self, view: Any, attach: Any) -> None:
        """Build a layer's view on a worker thread (a layer added, or restyled so that it
        must be meshed again); the scene attaches it on the GUI thread when done. A failure
        (a file gone or unreadable) is said in the status bar, naming the file."""
        model, name = self.model, view.layer.name
        self.tasks.start(f"layer {name}", lambda _task: view.build(model),
                         done=lambda _result: attach(),
                         failed=lambda message: self.statusBar().showMessage(
                             self.tr("Layer {0}: {1}").format(view.layer.label(self.lang),
                                                              message), 15000))

    def closeEvent(self, event: Any) -> None:  # noqa: N802
        if getattr(self, "_closed", False):  # closed already (a second close does nothing)
            super().closeEvent(event)
            return
        self._closed = True
        self.map_saver.save_now()  # a change made just before closing is kept
        self.tasks.shutdown()
        # OpenGL released now, while the window exists: finalised later, as Qt destroys the
        # window's native children, it aborts the process (VTK on X11)
        self.view.interactor.Finalize()
        if self.cache is not None:
            self.cache.close()
        super().closeEvent(event)


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
