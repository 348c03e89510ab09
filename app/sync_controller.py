"""Field work in the main window: the *Field work* menu and the Sync dock.

Download a work area into a new cache, update the open cache from the platform (the changed
buildings are highlighted once the scene is rebuilt; the address index follows inside each
sync transaction), record observations offline, send the outbox, resolve conflicts. The work
runs on QThreads through the workers of :mod:`app.sync_panel`; nothing here blocks the window.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from app.sync_panel import (
    CollectionsWorker,
    ConflictDialog,
    EditDialog,
    ObservationDialog,
    PushWorker,
    SyncPanel,
    SyncWorker,
)
from store.errors import CimviewError

if TYPE_CHECKING:
    from app.main_window import MainWindow

CHANGED_RGB = (230, 140, 20)
OTHER_RGB = (236, 236, 232)


class SyncController(QObject):
    """Owns the Sync dock and the field-work actions of one main window."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.panel = SyncPanel(window)
        self.dock = window._dock(self.panel, self.tr("Field work"),
                                 Qt.DockWidgetArea.RightDockWidgetArea)
        self.dock.setVisible(False)  # from the Field work menu
        self._worker: Any = None
        self._changed: list[str] | None = None  # building gids to highlight after a reload
        self._last_point: Any = None
        self.panel.update_requested.connect(self.update_cache)
        self.panel.push_requested.connect(self.push_outbox)
        self.panel.record_requested.connect(self.record_observation)
        self.panel.resolve_requested.connect(self.resolve)
        self.panel.cancel_requested.connect(self.cancel)
        self.panel.browse_requested.connect(self.browse)
        self.panel.finish_area_requested.connect(self.finish_area)
        self._drawing: list[tuple[float, float]] | None = None  # a work area being drawn
        window.scene_ready.connect(self._scene_ready)
        window.view.clicked_at.connect(self._clicked_at)
        menu = window.menuBar().addMenu(self.tr("Field &work"))
        for text, slot, key in (
                (self.tr("&Download work area…"), self.download_area, None),
                (self.tr("Draw a work &area on the map…"), self.draw_area, None),
                (self.tr("&Update from platform"), self.update_cache, None),
                (self.tr("&Record observation…"), self.record_observation, "Ctrl+Shift+R"),
                (self.tr("&Edit the selected feature…"), self.edit_selected, None),
                (self.tr("&Send outbox"), self.push_outbox, None)):
            action = QAction(text, window)
            action.triggered.connect(slot)
            if key:
                action.setShortcut(QKeySequence(key))
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.dock.toggleViewAction())

    # -- syncing ---------------------------------------------------------------------------------
    def download_area(self) -> None:
        """Ask for an area and a file, then download that work area into a new cache."""
        area, ok = QInputDialog.getText(
            self.window, self.tr("Download work area"),
            self.tr("Work area: a 街道, 社区 or district name (empty: the whole platform)"))
        if not ok:
            return
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("New cache"),
                                              str(self.window.cache_path.parent),
                                              self.tr("Caches (*.gpkg)"))
        if path:
            self.start_sync(Path(path), area=area.strip() or None)

    def update_cache(self) -> None:
        """An incremental sync of the open cache."""
        self.start_sync(self.window.cache_path)

    def start_sync(self, path: Path, *, area: str | None = None) -> None:
        if self._worker is not None:
            return
        self.dock.setVisible(True)
        self.panel.set_busy(True)
        self.panel.status.setText(self.tr("Syncing with {0}…").format(self.panel.url.text()))
        worker = SyncWorker(self.panel.url.text().strip(), self.panel.token.text().strip(),
                            path, area=area)
        worker.progress.connect(self._progress)
        worker.finished.connect(self._synced)
        worker.failed.connect(self._failed)
        worker.done.connect(self._done)
        self._worker = worker
        self.window._run(worker, worker.done)

    def cancel(self) -> None:
        """Stop the sync between two pages (what is committed stays; the next one resumes)."""
        if isinstance(self._worker, SyncWorker):
            self._worker.cancel()
            self.panel.status.setText(self.tr("Cancelling…"))

    def browse(self) -> None:
        """List the platform's collections."""
        if self._worker is not None:
            return
        self.dock.setVisible(True)
        self.panel.set_busy(True)
        worker = CollectionsWorker(self.panel.url.text().strip(), self.panel.token.text().strip())
        worker.finished.connect(self._browsed)
        worker.failed.connect(self._failed)
        worker.done.connect(self._done)
        self._worker = worker
        self.window._run(worker, worker.done)

    def _browsed(self, collections: Any) -> None:
        self.panel.show_collections(dict(collections))
        self.panel.status.setText(self.tr("{0} collections on {1}").format(
            len(collections), self.panel.url.text()))

    def _progress(self, text: str) -> None:
        self.panel.status.setText(self.tr("Syncing: {0}").format(text))

    def _synced(self, summary: Any) -> None:
        totals = summary.totals()
        text = self.tr("{0} fetched, {1} new, {2} updated, {3} retired ({4:.1f} s)").format(
            totals["fetched"], totals["new"], totals["updated"], totals["retired"],
            summary.seconds)
        if not summary.complete:
            text += " — " + self.tr("incomplete: update again to resume")
        self.panel.status.setText(text)
        self.panel.show_summary(summary)
        target = Path(summary.cache)
        self._changed = list(summary.changed_buildings or [])
        if summary.complete and target == self.window.cache_path:
            self.window.load(target)  # the scene shows the new state; changes highlighted
        elif summary.complete:
            self.window.cache_path = target
            self.window.load(target)

    def _failed(self, message: str) -> None:
        self.panel.status.setText(self.tr("Sync failed: {0}").format(message))
        QMessageBox.warning(self.window, self.tr("Sync failed"), message)

    def _done(self) -> None:
        self._worker = None
        self.panel.set_busy(False)

    def _scene_ready(self) -> None:
        self.refresh_outbox()
        gids, self._changed = self._changed, None
        cache = self.window.cache
        if not gids or cache is None:
            return
        marks = ",".join(f":g{i}" for i in range(len(gids)))
        changed = cache.read("buildings", where=f"t.gid IN ({marks})", geometry=False,
                             params={f"g{i}": g for i, g in enumerate(gids)}).fids
        fids = cache.read("buildings", geometry=False).fids
        rgb = np.tile(np.array(OTHER_RGB, np.uint8), (len(fids), 1))
        rgb[np.isin(fids, changed)] = CHANGED_RGB
        self.window.view.scene.color_buildings(fids, rgb)
        self.window.view.request_render()
        self.window.statusBar().showMessage(
            self.tr("{0} buildings changed by the sync (orange)").format(len(changed)), 10000)

    # -- outbox ----------------------------------------------------------------------------------
    def refresh_outbox(self) -> None:
        from store.sync.outbox import outbox

        cache = self.window.cache
        if cache is None:
            return
        try:
            self.panel.show_outbox(outbox(cache))
        except CimviewError as exc:
            self.panel.status.setText(str(exc))

    def _clicked_at(self, point: Any) -> None:
        if point is None:
            return
        self._last_point = point
        if self._drawing is not None:
            self._drawing.append((float(point[0]), float(point[1])))
            self.window.view.scene.set_marker(point)
            self.window.view.request_render()
            self.panel.status.setText(self.tr("Work area: {0} points; click more, then "
                                              "Finish the area").format(len(self._drawing)))

    def draw_area(self) -> None:
        """Draw a work area: each click on the map adds a corner; Finish the area downloads it."""
        self._drawing = []
        self.dock.setVisible(True)
        self.panel.finish_area_button.setVisible(True)
        self.panel.status.setText(self.tr("Click the corners of the work area on the map"))

    def add_area_point(self, x: float, y: float) -> None:
        """A corner of the area being drawn, as a click on the map adds it."""
        self._clicked_at((x, y, 0.0))

    def finish_area(self, path: Path | None = None) -> None:
        """Close the drawn polygon and download it into a new cache (asks where)."""
        points, self._drawing = self._drawing or [], None
        self.panel.finish_area_button.setVisible(False)
        self.window.view.scene.set_marker(None)
        if len(points) < 3:
            self.panel.status.setText(self.tr("A work area needs at least three corners"))
            return
        import shapely

        wkt = shapely.Polygon(points).buffer(0).wkt
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self.window, self.tr("New cache"),
                                                    str(self.window.cache_path.parent),
                                                    self.tr("Caches (*.gpkg)"))
            if not chosen:
                return
            path = Path(chosen)
        self.start_sync(Path(path), area=wkt)

    def record_observation(self) -> None:
        """The observation dialog at the last point clicked (or the view's centre), linked to
        the selected feature; OK stores it in the outbox at once (committed)."""
        from store.sync.outbox import record_observation

        cache = self.window.cache
        if cache is None:
            return
        if self._last_point is not None:
            x, y = float(self._last_point[0]), float(self._last_point[1])
        else:
            ext = cache.extent() or (0.0, 0.0, 0.0, 0.0)
            x, y = (ext[0] + ext[2]) / 2, (ext[1] + ext[3]) / 2
        feature, label = None, ""
        sel = self.window.view.selection
        if sel is not None and sel[0] != "bim":
            layer, fid = sel
            rows = cache.read(layer, ["gid"], where="t.fid = :f", params={"f": int(fid)},
                              geometry=False)
            if len(rows):
                feature = (layer, str(rows.columns["gid"][0]))
                label = f"{layer} #{fid}"
        dialog = ObservationDialog(self.window, x=x, y=y, feature=feature, feature_label=label)
        if dialog.exec() != ObservationDialog.DialogCode.Accepted:
            return
        try:
            oid = record_observation(cache, **dialog.values())
        except (CimviewError, ValueError) as exc:
            QMessageBox.warning(self.window, self.tr("Observation not recorded"), str(exc))
            return
        self.dock.setVisible(True)
        self.refresh_outbox()
        self.window.statusBar().showMessage(
            self.tr("Observation {0} kept in the outbox").format(oid[:8]), 8000)

    def edit_selected(self) -> None:
        """Correct an attribute of the selected feature; the edit goes to the outbox."""
        from store.schema import LAYERS
        from store.sync.outbox import PROTECTED_COLUMNS, record_edit

        cache = self.window.cache
        sel = self.window.view.selection
        if cache is None or sel is None or sel[0] not in LAYERS:
            self.window.statusBar().showMessage(self.tr("Select a feature first"), 5000)
            return
        layer, fid = sel
        names = [col.name for col in LAYERS[layer].table.c
                 if col.name not in PROTECTED_COLUMNS and col.name != "geom"]
        rows = cache.read(layer, ["gid", *names], where="t.fid = :f", params={"f": int(fid)},
                          geometry=False)
        if not len(rows):
            return
        values = {n: rows.columns[n][0] for n in names}
        dialog = EditDialog(self.window, f"{layer} #{fid}", values)
        if dialog.exec() != EditDialog.DialogCode.Accepted:
            return
        try:
            record_edit(cache, layer, str(rows.columns["gid"][0]), dialog.change())
        except (CimviewError, ValueError) as exc:
            QMessageBox.warning(self.window, self.tr("Edit not recorded"), str(exc))
            return
        self.dock.setVisible(True)
        self.refresh_outbox()

    def push_outbox(self) -> None:
        if self._worker is not None:
            return
        self.dock.setVisible(True)
        self.panel.set_busy(True)
        self.panel.status.setText(self.tr("Sending the outbox…"))
        worker = PushWorker(self.panel.url.text().strip(), self.panel.token.text().strip(),
                            self.window.cache_path)
        worker.finished.connect(self._pushed)
        worker.failed.connect(self._failed)
        worker.done.connect(self._done)
        self._worker = worker
        self.window._run(worker, worker.done)

    def _pushed(self, summary: Any) -> None:
        d = summary.to_dict() if hasattr(summary, "to_dict") else dict(summary)
        text = self.tr("Sent {0}, rejected {1}, conflicts {2}, still pending {3}").format(
            d.get("pushed", 0) + d.get("already_there", 0), d.get("rejected", 0),
            d.get("conflicts", 0), d.get("failed", 0) + d.get("not_tried", 0))
        if d.get("error"):
            text += f" — {d['error']}"
        self.panel.status.setText(text)
        self.refresh_outbox()

    def resolve(self, item_id: str) -> None:
        """Settle a conflicting edit field by field."""
        from store.sync.outbox import get, resolve

        cache = self.window.cache
        if cache is None:
            return
        item = get(cache, item_id)
        if item is None or item.status != "conflict":
            return
        dialog = ConflictDialog(self.window, item.conflicts)
        if dialog.exec() != ConflictDialog.DialogCode.Accepted:
            return
        resolve(cache, item_id, dialog.values())
        self.refresh_outbox()
