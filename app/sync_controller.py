"""Field work in the main window: the *Field work* menu and the Sync dock.

Download a work area into a new cache, update the open cache from the platform (the changed
buildings are highlighted once the scene is rebuilt; the address index follows inside each
sync transaction), record observations offline, send the outbox, resolve conflicts. The work
runs on the window's task runner (:mod:`app.tasks`); nothing here blocks the window.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from app.messages import word
from app.sync_panel import (
    ConflictDialog,
    EditDialog,
    ObservationDialog,
    SyncPanel,
    collections_work,
    push_work,
    sync_work,
)
from layers import palette
from store.errors import CimviewError

if TYPE_CHECKING:
    from app.controllers.host import WindowHost

CHANGED_RGB = palette.SYNC_CHANGED


def feature_names(cache: Any, items: list[Any]) -> dict[str, str]:
    """gid → what the user calls the feature an edit is about (its name, else its code)."""
    from store.schema import LAYERS

    wanted: dict[str, set[str]] = {}
    for item in items:
        if item.kind == "edit" and item.layer in LAYERS:
            wanted.setdefault(item.layer, set()).add(item.target_id)
    out: dict[str, str] = {}
    for layer, gids in wanted.items():
        table = LAYERS[layer].table
        cols = [c for c in ("name", "code", "no") if c in table.c]
        if not cols:
            continue
        marks = ",".join(f":g{i}" for i in range(len(gids)))
        rows = cache.read(layer, ["gid", *cols], where=f"t.gid IN ({marks})", geometry=False,
                          params={f"g{i}": g for i, g in enumerate(sorted(gids))})
        for i, gid in enumerate(rows.columns["gid"]):
            name = next((rows.columns[c][i] for c in cols if rows.columns[c][i]), None)
            if name:
                out[str(gid)] = str(name)
    return out


def sync_changed(summary: Any) -> bool:
    """Whether a sync changed the cache: a feature new, updated or removed, a planning
    scenario received or removed, or a file downloaded. An update that brings nothing
    changes nothing on screen."""
    totals = summary.totals()
    if any(totals.get(k, 0) for k in ("new", "updated", "retired", "left_area")):
        return True
    if getattr(summary, "scenarios", None) or getattr(summary, "scenarios_removed", None):
        return True
    return any(f.get("status") == "downloaded" for f in summary.files or [])


class SyncController(QObject):
    """Owns the Sync dock and the field-work actions of one main window."""

    def __init__(self, window: WindowHost):
        super().__init__(window)
        self.window = window
        self.panel = SyncPanel(window)
        self.panel.lang = window.lang
        self.dock = window._dock(self.panel, self.tr("Field work"),
                                 Qt.DockWidgetArea.RightDockWidgetArea)
        self.dock.setVisible(False)  # from the Field work menu
        self._worker: Any = None  # the app.tasks.Task running (sync, collections or push)
        self._changed: list[str] | None = None  # building gids to highlight after a reload
        self._last_point: Any = None
        self._keep_view: dict[str, Any] | None = None  # camera and selection across a reload
        self.message_box: QMessageBox | None = None  # the last error or refusal shown
        self.edit_dialog: EditDialog | None = None
        self.observation_dialog: ObservationDialog | None = None
        self.panel.update_requested.connect(self.update_cache)
        self.panel.push_requested.connect(self.push_outbox)
        self.panel.record_requested.connect(self.record_observation)
        self.panel.resolve_requested.connect(self.resolve)
        self.panel.cancel_requested.connect(self.cancel)
        self.panel.browse_requested.connect(self.browse)
        self.panel.finish_area_requested.connect(self.finish_area)
        self.panel.revert_requested.connect(self.revert)
        self.panel.remember_token.toggled.connect(self._remember_toggled)
        self.panel.url.editingFinished.connect(self.load_token)
        self._drawing: list[tuple[float, float]] | None = None  # a work area being drawn
        window.scene_ready.connect(self._scene_ready)
        window.view.clicked_at.connect(self._clicked_at)
        # after the window's own handlers: the Attributes panel is filled, then the refusals
        window.view.picked.connect(self._feature_shown)
        window.search_box.activated.connect(self._hit_shown)
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
        self.load_token()

    # -- the token -------------------------------------------------------------------------------
    def load_token(self) -> None:
        """The platform's token from the keyring (or $CIMVIEW_TOKEN), when the field is empty."""
        from store.sync.credentials import token_for

        if self.panel.token.text().strip():
            return
        token = token_for(self.panel.url.text().strip())
        if token:
            self.panel.token.setText(token)
            self.panel.remember_token.blockSignals(True)
            self.panel.remember_token.setChecked(True)
            self.panel.remember_token.blockSignals(False)

    def token(self) -> str:
        """The token to send (kept in the keyring first when the user asked for it)."""
        from store.sync.credentials import plain_http_warning, remember_token

        url, token = self.panel.url.text().strip(), self.panel.token.text().strip()
        if token and self.panel.remember_token.isChecked() and not remember_token(url, token):
            self.window.statusBar().showMessage(self.tr(
                "No system keyring: the token is kept for this session only"), 8000)
        warning = plain_http_warning(url) if token else None
        if warning is not None:
            self.window.statusBar().showMessage(word(warning), 10000)
        return token

    def _remember_toggled(self, on: bool) -> None:
        from store.sync.credentials import forget_token

        if on:
            self.token()
        else:
            forget_token(self.panel.url.text().strip())

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
        if not path:
            return
        from app.passphrase_dialog import new_cache_passphrase

        go, passphrase, remember = (new_cache_passphrase(self.window, Path(path))
                                    if not Path(path).exists() else (True, None, False))
        if go:
            self.start_sync(Path(path), area=area.strip() or None, passphrase=passphrase,
                            remember=remember)

    def update_cache(self) -> None:
        """An incremental sync of the open cache."""
        self.start_sync(self.window.cache_path)

    def start_sync(self, path: Path, *, area: str | None = None, passphrase: str | None = None,
                   remember: bool = False) -> None:
        if self._worker is not None:
            return
        self.dock.setVisible(True)
        self.panel.set_busy(True)
        self.panel.status.setText(self.tr("Syncing with {0}…").format(self.panel.url.text()))
        url, token = self.panel.url.text().strip(), self.token()
        self._worker = self.window.tasks.start(
            "sync", lambda task: sync_work(task, url, token, path, area=area,
                                           passphrase=passphrase, remember=remember),
            progress=self._progress, done=self._synced, failed=self._failed, ended=self._done)

    def cancel(self) -> None:
        """Stop the sync between two pages (what is committed stays; the next one resumes)."""
        if self._worker is not None and self._worker.key == "sync":
            self._worker.cancel()  # the sync stops at its next check, within a page
            self.panel.cancel_button.setEnabled(False)
            self.panel.status.setText(self.tr("Cancelling…"))
            self.window.statusBar().showMessage(self.tr("Cancelling the sync…"))

    def browse(self) -> None:
        """List the platform's collections."""
        if self._worker is not None:
            return
        self.dock.setVisible(True)
        self.panel.set_busy(True)
        url, token, path = self.panel.url.text().strip(), self.token(), self.window.cache_path
        self._worker = self.window.tasks.start(
            "sync", lambda task: collections_work(task, url, token, path),
            done=self._browsed, failed=self._failed, ended=self._done)

    def _browsed(self, collections: Any) -> None:
        self.panel.show_collections(dict(collections))
        self.panel.status.setText(self.tr("{0} collections on {1}").format(
            len(collections), self.panel.url.text()))

    def _progress(self, _fraction: float, event: Any) -> None:
        from app.sync_words import progress_text

        if self._worker is not None and self._worker.is_cancelled():
            return  # "Cancelling…" stays until the sync has stopped
        text = progress_text(event, self.window.lang) if isinstance(event, dict) else str(event)
        self.panel.status.setText(self.tr("Syncing: {0}").format(text))

    def _synced(self, summary: Any) -> None:
        from store.sync.editable import known

        totals = summary.totals()
        text = self.tr("{0} fetched, {1} new, {2} updated, {3} retired ({4:.1f} s)").format(
            totals["fetched"], totals["new"], totals["updated"], totals["retired"],
            summary.seconds)
        if summary.cancelled:
            text = self.tr("Cancelled: what was received is kept; update again to resume") \
                + " — " + text
        elif not summary.complete:
            text += " — " + self.tr("incomplete: update again to resume")
        if summary.scenarios or summary.scenarios_removed:
            text += " — " + self.tr("scenarios received: {0}; removed: {1}").format(
                "、".join(summary.scenarios) or "-", "、".join(summary.scenarios_removed) or "-")
        target = Path(summary.cache)
        changed = sync_changed(summary)
        if not changed and target == self.window.cache_path:
            text = self.tr("Up to date: the platform has nothing new") + " — " + text
        self.panel.status.setText(text)
        self.window.statusBar().showMessage(text, 10000)
        titles: dict[str, str] = {}
        if self.window.cache is not None and target == self.window.cache_path:
            titles = {k: v.title for k, v in known(self.window.cache).items()}
        self.panel.show_summary(summary, titles)
        self._changed = list(summary.changed_buildings or [])
        if target == self.window.cache_path:
            if changed:  # the scene shows the new state, seen from where the user was
                self._keep_view = self._view_state()
                self.window.load(target)
            else:
                self._changed = None  # nothing came: nothing on screen changes
                self.refresh_outbox()
        elif summary.complete:
            self.window.cache_path = target
            self.window.load(target)

    def _failed(self, message: str) -> None:
        self.panel.status.setText(self.tr("Sync failed: {0}").format(message))
        self.window.statusBar().showMessage(self.tr("Sync failed: {0}").format(message), 10000)
        self._show_box(QMessageBox.Icon.Warning, self.tr("Sync failed"), message)

    def _show_box(self, icon: QMessageBox.Icon, title: str, text: str) -> None:
        """A message that does not block the window (kept in ``message_box``)."""
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self.window)
        box.open()
        self.message_box = box

    # -- keeping the view across a reload --------------------------------------------------------
    def _view_state(self) -> dict[str, Any]:
        view, cache = self.window.view, self.window.cache
        state: dict[str, Any] = {"camera": view.camera_state(), "selection": None}
        sel = view.selection
        if sel is not None and sel[0] != "bim" and cache is not None:
            rows = cache.read(sel[0], ["gid"], where="t.fid = :f", params={"f": int(sel[1])},
                              geometry=False)
            if len(rows):
                state["selection"] = (sel[0], str(rows.columns["gid"][0]))
        return state

    def _restore_view(self, state: dict[str, Any]) -> None:
        view, cache = self.window.view, self.window.cache
        view.set_camera_state(state["camera"])
        if state["selection"] is None or cache is None:
            return
        layer, gid = state["selection"]
        rows = cache.read(layer, ["gid"], where="t.gid = :g", params={"g": gid},
                          geometry=False)
        if len(rows) and view.highlight(layer, int(rows.fids[0])):
            self.window.attribute_panel.show_feature(cache, layer, int(rows.fids[0]),
                                                     self.window.lang)
            self._feature_shown(layer, int(rows.fids[0]))

    def _done(self) -> None:
        self._worker = None
        self.panel.set_busy(False)

    def _scene_ready(self) -> None:
        self.refresh_outbox()
        keep, self._keep_view = self._keep_view, None
        if keep is not None:
            self._restore_view(keep)
        gids, self._changed = self._changed, None
        cache = self.window.cache
        if not gids or cache is None:
            return
        marks = ",".join(f":g{i}" for i in range(len(gids)))
        changed = cache.read("buildings", where=f"t.gid IN ({marks})", geometry=False,
                             params={f"g{i}": g for i, g in enumerate(gids)}).fids
        fids = cache.read("buildings", geometry=False).fids
        # on top of any theme or filter, in the legend too: the colouring has one owner
        self.window.model.colouring.set_highlight(changed, CHANGED_RGB, "同步更新",
                                                  "changed by the sync", all_fids=fids)
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
            items = outbox(cache)
            self.panel.show_outbox(items, feature_names(cache, items))
        except CimviewError as exc:
            self.panel.status.setText(word(exc))

    def _clicked_at(self, point: Any) -> None:
        if point is None:
            return
        self._last_point = point

    def draw_area(self) -> None:
        """Draw a work area: the draw_area map tool (app.tools.DrawAreaTool) becomes the
        active one, each click on the map adds a corner; Finish the area downloads it."""
        self.window.model.set_tool("draw_area")
        self._drawing = []
        self.dock.setVisible(True)
        self.panel.finish_area_button.setVisible(True)
        self.panel.status.setText(self.tr("Click the corners of the work area on the map"))

    def add_area_point(self, x: float, y: float, z: float = 0.0) -> None:
        """A corner of the area being drawn (the draw_area tool's click adds it)."""
        if self._drawing is None:
            return
        self._drawing.append((float(x), float(y)))
        self.window.view.scene.set_marker((x, y, z))
        self.window.view.request_render()
        self.panel.status.setText(self.tr("Work area: {0} points; click more, then "
                                          "Finish the area").format(len(self._drawing)))

    def end_area_drawing(self) -> None:
        """Stop drawing (the draw_area tool ended: finished, Esc or another tool)."""
        if self._drawing is not None:
            self.panel.status.setText(self.tr("Work area abandoned"))
        self._drawing = None
        self.panel.finish_area_button.setVisible(False)
        self.window.view.scene.set_marker(None)
        self.window.view.request_render()
        if self.window.model.tool == "draw_area":
            self.window.model.set_tool("pick")

    def finish_area(self, path: Path | None = None) -> None:
        """Close the drawn polygon and download it into a new cache (asks where)."""
        points, self._drawing = self._drawing or [], None
        self.end_area_drawing()
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

    def observation_place(self) -> tuple[float, float, float | None]:
        """Where a new observation goes: the selected feature's anchor (a building's
        representative point at ground level, a point feature's own position, a pipe's middle),
        else the search pin, else the last ground click, else the view's centre."""
        from layers.catalog import feature_anchor

        cache, view = self.window.cache, self.window.view
        assert cache is not None
        sel = view.selection
        if sel is not None and sel[0] != "bim":
            anchor = feature_anchor(cache, sel[0], int(sel[1]))
            if anchor is not None:
                z: float | None = anchor[2]
                if sel[0] == "buildings":
                    rows = cache.read("buildings", ["ground_z"], where="t.fid = :f",
                                      params={"f": int(sel[1])}, geometry=False)
                    ground = rows.columns["ground_z"][0] if len(rows) else None
                    z = float(ground) if ground is not None else None
                return float(anchor[0]), float(anchor[1]), z
        marker = view.scene.marker_position
        if marker is not None:
            return float(marker[0]), float(marker[1]), float(marker[2])
        if self._last_point is not None:
            p = self._last_point
            return float(p[0]), float(p[1]), float(p[2]) if len(p) > 2 else None
        ext = cache.extent() or (0.0, 0.0, 0.0, 0.0)
        return (ext[0] + ext[2]) / 2, (ext[1] + ext[3]) / 2, None

    def record_observation(self) -> None:
        """The observation dialog at the selected feature (or the last point clicked), linked
        to it; OK stores it in the outbox at once (committed)."""
        cache = self.window.cache
        if cache is None:
            return
        x, y, z = self.observation_place()
        feature, label = None, ""
        sel = self.window.view.selection
        if sel is not None and sel[0] != "bim":
            layer, fid = sel
            rows = cache.read(layer, ["gid"], where="t.fid = :f", params={"f": int(fid)},
                              geometry=False)
            if len(rows):
                feature = (layer, str(rows.columns["gid"][0]))
                label = f"{self.panel.title(layer)} #{fid}"
        dialog = ObservationDialog(self.window, x=x, y=y, z=z, feature=feature,
                                   feature_label=label)
        dialog.accepted.connect(self._observation_accepted)
        self.observation_dialog = dialog
        dialog.open()

    def _observation_accepted(self) -> None:
        from store.sync.outbox import record_observation

        dialog, cache = self.observation_dialog, self.window.cache
        if dialog is None or cache is None:
            return
        try:
            oid = record_observation(cache, **dialog.values())
        except (CimviewError, ValueError) as exc:
            self._show_box(QMessageBox.Icon.Warning, self.tr("Observation not recorded"),
                           word(exc))
            return
        self.dock.setVisible(True)
        self.refresh_outbox()
        self.window.statusBar().showMessage(
            self.tr("Observation {0} kept in the outbox").format(oid[:8]), 8000)

    def edit_selected(self) -> None:
        """Correct an attribute of the selected feature; the edit goes to the outbox. Refused
        at once, with the reason, when the platform said the collection takes no edits."""
        from app.edit_fields import edit_fields
        from app.sync_words import read_only_text
        from store.schema import LAYERS
        from store.sync.editable import known

        cache = self.window.cache
        sel = self.window.view.selection
        if cache is None or sel is None or sel[0] not in LAYERS:
            self.window.statusBar().showMessage(self.tr("Select a feature first"), 5000)
            return
        layer, fid = sel
        said = known(cache, self.panel.url.text().strip()) or known(cache)
        info = said.get(layer)
        title = self.panel.title(layer, info.title if info else None)
        if info is not None and info.editable is False:
            text = read_only_text(title)
            self.window.statusBar().showMessage(text, 15000)
            self.panel.status.setText(text)
            self._show_box(QMessageBox.Icon.Information, self.tr("Edit refused"), text)
            return
        names = [col.name for col in LAYERS[layer].table.c if col.name not in ("fid", "geom")]
        rows = cache.read(layer, names, where="t.fid = :f", params={"f": int(fid)},
                          geometry=False)
        if not len(rows):
            return
        values = {n: rows.columns[n][0] for n in names}
        fields = edit_fields(layer, values, self.window.lang)
        note = "" if info is not None else self.tr(
            "The platform has not said yet whether it takes edits to {0}: update from the "
            "platform first, or the platform decides when the outbox is sent.").format(title)
        dialog = EditDialog(self.window, f"{title} #{fid}", fields, note, layer=layer)
        dialog.accepted.connect(self._edit_accepted)
        dialog.gid = str(values["gid"])  # type: ignore[attr-defined]
        self.edit_dialog = dialog
        dialog.open()

    def _edit_accepted(self) -> None:
        from app.edit_fields import with_companions
        from store.sync.outbox import record_edit

        dialog, cache = self.edit_dialog, self.window.cache
        if dialog is None or cache is None or dialog.layer is None:
            return
        try:
            record_edit(cache, dialog.layer, dialog.gid,  # type: ignore[attr-defined]
                        with_companions(dialog.layer, dialog.change()))
        except (CimviewError, ValueError) as exc:
            self._show_box(QMessageBox.Icon.Warning, self.tr("Edit not recorded"), word(exc))
            return
        self.dock.setVisible(True)
        self.refresh_outbox()
        self.window.time_bar.set_span(cache)  # a date entered may widen the slider
        self.window.reread(dialog.layer)  # drawn as edited (a demolition date: gone then)
        sel = self.window.view.selection
        if sel is not None and sel[0] == dialog.layer:
            self.window.attribute_panel.show_feature(cache, sel[0], int(sel[1]),
                                                     self.window.lang)
        self.window.statusBar().showMessage(self.tr("Edit kept in the outbox"), 8000)

    def revert(self, item_id: str) -> None:
        """A refused item given up: an edit's fields take back the platform's values."""
        from store.sync.outbox import discard

        cache = self.window.cache
        if cache is None:
            return
        try:
            discard(cache, item_id)
        except (CimviewError, ValueError) as exc:
            self.panel.status.setText(word(exc))
            return
        self.refresh_outbox()
        sel = self.window.view.selection
        if sel is not None and sel[0] != "bim":
            self.window.attribute_panel.show_feature(cache, sel[0], int(sel[1]),
                                                     self.window.lang)
            self._feature_shown(sel[0], int(sel[1]))
        text = self.tr("Reverted to the platform's value")
        self.panel.status.setText(text)
        self.window.statusBar().showMessage(text, 8000)

    # -- refusals where the user looks -----------------------------------------------------------
    def refusals_of(self, layer: str, fid: int) -> list[Any]:
        """The refused edits of one feature (outbox items)."""
        from store.sync.outbox import outbox

        cache = self.window.cache
        if cache is None or layer == "bim":
            return []
        # only a layer with refused edits is read: a tileset or a file beside the cache has none
        refused = [i for i in outbox(cache, "rejected") if i.layer == layer]
        if not refused:
            return []
        rows = cache.read(layer, ["gid"], where="t.fid = :f", params={"f": int(fid)},
                          geometry=False)
        if not len(rows):
            return []
        gid = str(rows.columns["gid"][0])
        return [i for i in refused if i.target_id == gid]

    def _feature_shown(self, layer: str, fid: int) -> None:
        from app.sync_words import platform_words, rejection_short

        panel = self.window.attribute_panel
        for item in self.refusals_of(layer, fid):
            words = platform_words(item.reason)
            if words:
                panel.add_notice(self.tr("The platform's words"), words)
            panel.add_notice(self.tr("Edit refused by the platform"),
                             rejection_short(item.reason))

    def _hit_shown(self, _hit: Any) -> None:
        sel = self.window.view.selection
        if sel is not None and sel[0] != "bim":
            self._feature_shown(sel[0], int(sel[1]))

    def push_outbox(self) -> None:
        if self._worker is not None:
            return
        self.dock.setVisible(True)
        self.panel.set_busy(True)
        self.panel.status.setText(self.tr("Sending the outbox…"))
        url, token, path = self.panel.url.text().strip(), self.token(), self.window.cache_path
        self._worker = self.window.tasks.start(
            "sync", lambda task: push_work(task, url, token, path),
            done=self._pushed, failed=self._failed, ended=self._done)

    def _pushed(self, summary: Any) -> None:
        d = summary.to_dict() if hasattr(summary, "to_dict") else dict(summary)
        text = self.tr("Sent {0}, rejected {1}, conflicts {2}, still pending {3}").format(
            d.get("pushed", 0) + d.get("already_there", 0), d.get("rejected", 0),
            d.get("conflicts", 0), d.get("failed", 0) + d.get("not_tried", 0))
        if d.get("scenarios"):
            text += " — " + self.tr("scenarios pushed: {0}").format("、".join(d["scenarios"]))
        for problem in d.get("scenario_problems") or []:
            text += " — " + word(problem)
        if d.get("error"):
            text += " — " + word(d["error"])
        self.panel.status.setText(text)
        self.refresh_outbox()
        if d.get("rejected"):
            self.window.statusBar().showMessage(self.tr(
                "The platform refused {0} item(s): the reasons are in the Field work "
                "dock").format(d["rejected"]), 15000)
            sel = self.window.view.selection
            if sel is not None and sel[0] != "bim" and self.window.cache is not None:
                self.window.attribute_panel.show_feature(self.window.cache, sel[0],
                                                         int(sel[1]), self.window.lang)
                self._feature_shown(sel[0], int(sel[1]))

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
