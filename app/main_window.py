"""The main window. Until the 3D view lands it shows the open cache: its themes and layers with
feature counts, geometry types, extents and versions, the DEM, the CRS, and an import action."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTreeWidget,
    QTreeWidgetItem,
)

from app import i18n
from layers.catalog import THEMES, CacheSummary, summarize
from store.cache import Cache
from store.errors import CimviewError


def _fmt_extent(ext: tuple[float, float, float, float] | None) -> str:
    return "" if ext is None else "{:.1f}, {:.1f} — {:.1f}, {:.1f}".format(*ext)


class ImportWorker(QObject):
    """Runs one import off the GUI thread."""

    finished = Signal(object)  # ImportReport
    failed = Signal(str)

    def __init__(self, file: Path, cache: Path):
        super().__init__()
        self.file, self.cache = file, cache

    def run(self) -> None:
        from store.importers import import_file

        try:
            self.finished.emit(import_file(self.file, self.cache))
        except CimviewError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # a bug, but the window must survive it
            self.failed.emit(f"{self.file}: {type(exc).__name__}: {exc}")


class LayerTree(QTreeWidget):
    """Themes with their layers: name, feature count, geometry type, extent, version."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.setColumnCount(5)
        self.setHeaderLabels([self.tr("Layer"), self.tr("Features"), self.tr("Geometry"),
                              self.tr("Extent"), self.tr("Version")])
        self.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.setAlternatingRowColors(True)

    def geometry_label(self, geometry_type: str, has_z: bool) -> str:
        labels = {"MULTIPOLYGON": self.tr("Polygons"), "LINESTRING": self.tr("Lines"),
                  "POINT": self.tr("Points")}
        label = labels.get(geometry_type, geometry_type)
        return self.tr("{0}, 3D").format(label) if has_z else label

    def show_summary(self, summary: CacheSummary, lang: str) -> None:
        self.clear()
        for theme in THEMES:
            title = theme.title_zh if lang == "zh_CN" else theme.title_en
            top = QTreeWidgetItem(self, [title])
            top.setData(0, Qt.ItemDataRole.UserRole, theme.key)
            if theme.raster and summary.dem:
                d = summary.dem
                z = "" if d.min_z is None else f"  z {d.min_z:.1f}…{d.max_z:.1f} m"
                QTreeWidgetItem(top, [
                    self.tr("DEM"), f"{d.width}×{d.height}", self.tr("raster, {0} m cells")
                    .format(f"{d.cell:g}") + z, "", str(d.version)])
            elif theme.raster:
                QTreeWidgetItem(top, [self.tr("DEM"), "", self.tr("none in this cache")])
            for name in theme.layers:
                info = summary.layers[name]
                label = info.title_zh if lang == "zh_CN" else info.title_en
                geometry = self.geometry_label(info.geometry_type, info.has_z)
                item = QTreeWidgetItem(top, [label, f"{info.count:,}", geometry,
                                             _fmt_extent(info.extent), str(info.version)])
                item.setData(0, Qt.ItemDataRole.UserRole, name)
                item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
            if theme.layers:  # a theme counts the features of its main layer
                top.setText(1, f"{summary.layers[theme.layers[0]].count:,}")
            top.setExpanded(True)

    def count_of(self, layer: str) -> int | None:
        """The count shown for a layer (what a user reads), or None when not listed."""
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            for j in range(top.childCount()):
                child = top.child(j)
                if child.data(0, Qt.ItemDataRole.UserRole) == layer:
                    return int(child.text(1).replace(",", ""))
        return None


class MainWindow(QMainWindow):
    """cimview's main window over one cache."""

    def __init__(self, cache_path: Path, lang: str = "en"):
        super().__init__()
        self.lang = lang
        self.cache_path = Path(cache_path)
        self.summary: CacheSummary | None = None
        self._thread: QThread | None = None
        self.tree = LayerTree(self)
        self.setCentralWidget(self.tree)
        self.crs_label = QLabel()
        self.statusBar().addPermanentWidget(self.crs_label)
        self._make_actions()
        self.resize(1100, 700)
        self.load(self.cache_path)

    def _make_actions(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&File"))
        self.open_action = QAction(self.tr("&Open cache…"), self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self.choose_cache)
        self.import_action = QAction(self.tr("&Import file…"), self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(self.choose_import)
        self.reload_action = QAction(self.tr("&Reload"), self)
        self.reload_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.reload_action.triggered.connect(lambda: self.load(self.cache_path))
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        for action in (self.open_action, self.import_action, self.reload_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About cimview"), self)
        about.triggered.connect(self.about)
        help_menu.addAction(about)

    def load(self, path: Path) -> None:
        """Open a cache and show its layers; a bad file gets a message, not a crash."""
        try:
            with Cache.open(path) as cache:
                summary = summarize(cache)
        except CimviewError as exc:
            QMessageBox.critical(self, self.tr("Cannot open cache"), str(exc))
            return
        self.cache_path = Path(path)
        self.summary = summary
        self.tree.show_summary(summary, self.lang)
        name = summary.name or self.cache_path.stem
        self.setWindowTitle(f"cimview — {name}")
        self.crs_label.setText(self.tr("CRS {0}  Height datum {1}").format(
            summary.crs, summary.vertical_crs or "-"))
        self.statusBar().showMessage(self.tr("Extent {0}").format(_fmt_extent(summary.extent)))

    def choose_cache(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open cache"), str(self.cache_path.parent),
            self.tr("cimview caches (*.gpkg)"))
        if path:
            self.load(Path(path))

    def choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import into this cache"), str(Path.home()),
            self.tr("City data (*.geojson *.json *.gpkg *.shp *.jsonl *.tif *.tiff);;"
                    "All files (*)"))
        if path:
            self.start_import(Path(path))

    def start_import(self, file: Path) -> None:
        """Import a file into the open cache on a worker thread, then show the report."""
        self.import_action.setEnabled(False)
        self.statusBar().showMessage(self.tr("Importing {0}…").format(file.name))
        thread = QThread(self)
        worker = ImportWorker(file, self.cache_path)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.finished.connect(self._import_done)
        worker.failed.connect(self._import_failed)
        for signal in (worker.finished, worker.failed):
            signal.connect(thread.quit)
        thread.finished.connect(lambda: self.import_action.setEnabled(True))
        self._thread, self._worker = thread, worker
        thread.start()

    def _import_done(self, report: object) -> None:
        self.load(self.cache_path)
        QMessageBox.information(self, self.tr("Import finished"), report.text())  # type: ignore[attr-defined]

    def _import_failed(self, message: str) -> None:
        self.statusBar().showMessage(self.tr("Import failed; the cache is unchanged"))
        QMessageBox.critical(self, self.tr("Import failed"),
                             self.tr("{0}\n\nThe cache is unchanged.").format(message))

    def about(self) -> None:
        QMessageBox.about(self, self.tr("About cimview"), self.tr(
            "cimview: the desktop client of a city's CIM base platform."))


def run(cache: Path, lang: str | None = None) -> int:
    """Start the application on a cache; returns the exit code."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("cimview")
    used = i18n.install(app, lang)
    window = MainWindow(cache, used)
    window.show()
    return app.exec()
