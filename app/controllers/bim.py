"""Reviewing a BIM in its city context: loading an IFC (app.tasks: progress, Cancel, a newer
load supersedes an older one), placing it where its georeferencing puts it (or by hand),
hiding the white models it replaces (``model.bim``: the scene follows), the reviewer's tools
(classes, storeys, X-ray, section) and the element's properties in the Attributes dock.

The BIM dock (app.bim_panel), the progress bar and the signals ``bim_ready``/``bim_failed``
stay the window's; words are translated in the ``MainWindow`` context, where they were before
this controller.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.bim_panel import PlacementDialog
from app.messages import sentence, word
from app.tasks import Cancelled, Task, naming
from layers.layer import Layer

if TYPE_CHECKING:
    from app.controllers.host import WindowHost

translate = QCoreApplication.translate  # lupdate reads translate("MainWindow", "…")

#: Camera distance to a selected BIM element: this many times its size, at least BIM_MIN_DISTANCE.
BIM_DISTANCE_FACTOR = 3.0
BIM_MIN_DISTANCE = 25.0
#: A georeferenced model whose base is farther than this from the terrain gets a note (m).
BIM_GAP_NOTE = 3.0


def load_bim(task: Task, file: Path, cache_path: Path | None) -> Any:
    """Load an IFC file (an app.tasks work function): the BimModel, tessellated in a separate
    process and kept in the cache by the file's hash."""
    from store.bim.loader import LoadCancelled
    from store.bim.loader import load_bim as load
    from store.cache import Cache

    try:
        if cache_path is not None:
            with Cache.open(cache_path) as cache:
                model = load(file, cache, progress=task.progress, cancel=task.is_cancelled)
        else:
            model = load(file, None, progress=task.progress, cancel=task.is_cancelled)
    except LoadCancelled:
        raise Cancelled from None
    task.check()
    return model


def load_kept_bim(task: Task, sha256: str, cache_path: Path) -> Any:
    """Read the model kept in the cache with this file hash (an app.tasks work function)."""
    from layers.plan_bim import kept_model
    from store.cache import Cache

    with Cache.open(cache_path) as cache:
        model = kept_model(cache, sha256)
    task.check()
    return model


class BimController(QObject):
    """The BIM shown in one main window, its loading and its placement."""

    def __init__(self, window: WindowHost):
        super().__init__(window)  # type: ignore[arg-type]
        self.window = window
        self.shown: Any = None  # the BimModel shown
        self.siting: Any = None  # viewer.bim_mesh.Siting: how it was placed
        self.mesh: Any = None  # the last BimMesh drawn (its state survives a redraw)
        self.pending: Any = None  # a model loaded before the scene was drawn
        self.task: Task | None = None  # the load under way
        self.error_box: QMessageBox | None = None  # the last load error shown
        self.placement_dialog: PlacementDialog | None = None
        self._placement_before: Any = None

    def choose(self) -> None:
        w = self.window
        path, _ = QFileDialog.getOpenFileName(
            w, translate("MainWindow", "Open BIM model"), str(w.cache_path.parent),
            translate("MainWindow", "IFC models (*.ifc);;All files (*)"))
        if path:
            self.open(Path(path))

    def open(self, file: Path) -> None:
        """Load an IFC file on a worker thread (progress bar and Cancel in the status bar),
        then show it in the city (replacing the model shown). Errors get a message box."""
        file = Path(file)
        cache = self.window.cache_path
        self._start(file, lambda task: load_bim(task, file, cache))

    def open_kept(self, sha256: str, name: str) -> None:
        """Open the model the cache keeps with this file hash (a BIM planned in a scenario),
        without its IFC file, as :meth:`open` does a file."""
        cache = self.window.cache_path
        self._start(Path(name), lambda task: load_kept_bim(task, sha256, cache))

    def _start(self, file: Path, work: Any) -> None:
        w = self.window
        w.bim_progress.setValue(0)
        w.bim_progress.setFormat(translate("MainWindow", "{0} %p%").format(file.name))
        w.bim_progress.setVisible(True)
        w.bim_cancel.setVisible(True)
        w.bim_cancel.setEnabled(True)
        w.statusBar().showMessage(translate("MainWindow", "Opening {0}…").format(file.name))
        self.task = w.tasks.start(  # a newer load supersedes this one (app.tasks)
            "bim", work, progress=self._progress, done=self._loaded, failed=self._failed,
            cancelled=self._cancelled, ended=self._ended, word=naming(file))

    def cancel(self) -> None:
        """Stop the BIM load under way (it ends with a status message)."""
        w = self.window
        if self.task is not None:
            self.task.cancel()
            w.bim_cancel.setEnabled(False)
            w.statusBar().showMessage(translate("MainWindow", "Cancelling…"))

    @property
    def is_loading(self) -> bool:
        return self.task is not None

    def _progress(self, fraction: float, message: Any) -> None:
        w = self.window
        w.bim_progress.setValue(int(round(fraction * 100)))
        if message:
            w.statusBar().showMessage(word(message))

    def _ended(self) -> None:
        w = self.window
        self.task = None
        w.bim_progress.setVisible(False)
        w.bim_cancel.setVisible(False)

    def _cancelled(self) -> None:
        w = self.window
        w.statusBar().showMessage(
            translate("MainWindow", "Loading the BIM model was cancelled"), 5000)

    def _failed(self, message: str) -> None:
        w = self.window
        w.statusBar().showMessage(translate("MainWindow", "Cannot open the BIM model"), 5000)
        box = QMessageBox(QMessageBox.Icon.Critical,
                          translate("MainWindow", "Cannot open BIM model"), message,
                          parent=w)  # type: ignore[arg-type]
        box.open()  # not modal-blocking: the window stays usable
        self.error_box = box
        w.bim_failed.emit(message)

    def _loaded(self, model: Any) -> None:
        w = self.window
        if w.view.scene.data is None:
            self.pending = model  # shown when the city is drawn
            return
        self.show(model)

    def show(self, model: Any) -> None:
        """Show a loaded BimModel in the city: placed (see viewer.bim_mesh.site_model), the
        white models under it hidden, its tree in the BIM dock, the camera on it."""
        w = self.window
        from viewer.bim_mesh import site_model

        if w.cache is None or w.view.scene.data is None:
            self.pending = model
            return
        self.close()
        cam = w.view.camera_state()["focal_point"]
        extent = w.view.scene.data.extent
        siting = site_model(model, w.cache.crs, extent, self.ground_or_none,
                            (float(cam[0]), float(cam[1])))
        self.shown, self.siting = model, siting
        self.draw(siting.georef, fly=True)
        if not w.bim_dock.isVisible():
            w.bim_dock.setVisible(True)
            w.resizeDocks([w.bim_dock], [440], Qt.Orientation.Horizontal)
            w.resizeDocks([w.bim_dock, w.attribute_dock], [560, 300],
                             Qt.Orientation.Vertical)
        w.bim_dock.raise_()
        w.place_bim_action.setEnabled(True)
        w.close_bim_action.setEnabled(True)
        report = model.report
        w.statusBar().showMessage(translate("MainWindow", "{0}: {1} elements, {2} failed").format(
            Path(model.path).name, report.tessellated, len(report.failed)), 8000)
        if siting.needs_placement:
            self.start_placement()
        w.bim_ready.emit()

    def scene_drawn(self) -> None:
        """The city is drawn (again): show the model loaded meanwhile, or draw the one shown
        in the new scene."""
        if self.pending is not None:
            model, self.pending = self.pending, None
            self.show(model)
        elif self.shown is not None and self.siting is not None:
            self.draw(self.siting.georef, fly=False)

    def draw(self, georef: Any, *, fly: bool) -> None:
        """(Re)build the model's mesh for a georef, keeping the panel's tools as they are."""
        w = self.window
        model = self.shown
        if model is None or w.cache is None or w.view.scene.data is None:
            return
        old = self.mesh
        # the model says which BIM stands where; the scene builds the bim layer's view of it
        w.model.bim.update(model=model, file=str(model.path), georef=georef)
        if w.model.layers.get("bim") is None:
            name = Path(str(model.path)).name
            w.model.layers.insert(0, Layer("bim", "bim", title=name, title_zh=name))
        mesh = w.view.scene.bim
        if mesh is None:
            return
        if old is not None and old is not mesh:  # the reviewer's state carries over
            mesh.hidden_classes = set(old.hidden_classes)
            mesh.storey, mesh.xray, mesh.selected = old.storey, old.xray, old.selected
            mesh.update()
        self.mesh = mesh
        if w.bim_panel.model is not model:
            w.bim_panel.set_model(model, mesh)
        else:
            w.bim_panel.mesh = mesh
        self.section_changed()
        self._show_georef(mesh)
        self._hide_replaced(mesh)
        if w.view.selection is not None and w.view.selection[0] == "bim":
            w.view.highlight("bim", w.view.selection[1])
        if fly:
            b = mesh.world_bounds
            w.view.zoom_to_bounds(b)
            w.view.zoom(0.6)
        w.view.request_render()

    def _hide_replaced(self, mesh: Any) -> None:
        """Find the white models under the model's footprint; hide them unless comparing."""
        w = self.window
        from viewer.bim_mesh import model_with_georef

        fids: list[int] = []
        if w.cache is not None and self.shown is not None:
            try:
                from layers.bim import buildings_under, footprint

                outline = footprint(model_with_georef(self.shown, mesh.georef), w.cache.crs)
                fids = buildings_under(w.cache, outline)
            except Exception as exc:  # no footprint: nothing hidden, and say why
                w.statusBar().showMessage(translate(
                    "MainWindow", "Cannot find the white models under the BIM: {0}").format(
                    sentence(exc)), 8000)
        compare = w.bim_panel.compare.isChecked()
        w.model.bim.update(model=self.shown, file=str(self.shown.path) if self.shown else None,
                           georef=mesh.georef, replaced=frozenset(int(f) for f in fids),
                           compare=compare)
        w.bim_panel.set_replaced(len(fids))
        w.view.scene.set_hidden_buildings([] if compare else fids)

    def time_changed(self, _when: Any) -> None:
        """The map shows another time or scenario: the white models under the BIM then (a
        scenario's planned block of this very proposal among them) are the ones hidden."""
        if self.shown is not None and self.mesh is not None and \
                self.window.model.bim.model is not None:
            self._hide_replaced(self.mesh)

    @property
    def replaced(self) -> list[int]:
        """fids of the white models the BIM shown replaces."""
        return sorted(self.window.model.bim.replaced)

    def set_compare(self, on: bool) -> None:
        """Compare with the white model: show the white models under the BIM again (on), or
        hide them (off)."""
        w = self.window
        if w.bim_panel.compare.isChecked() != on:
            w.bim_panel.compare.setChecked(on)  # emits: back here once
            return
        w.model.bim.update(compare=bool(on))  # the white models follow the model
        w.view.scene.set_hidden_buildings([] if on else w.model.bim.replaced)
        w.view.request_render()

    def close(self) -> None:
        """Remove the BIM model: the white models come back."""
        w = self.window
        if self._placing or self.placement_dialog is not None:
            self._end_placement()
        if w.view.selection is not None and w.view.selection[0] == "bim":
            w.view.clear_selection()
        if w.model.layers.get("bim") is not None:
            w.model.layers.remove("bim")  # its view goes with it
        w.view.scene.set_hidden_buildings([])
        self.shown = self.siting = self.mesh = None
        w.model.bim.close()
        w.bim_panel.clear()
        w.place_bim_action.setEnabled(False)
        w.close_bim_action.setEnabled(False)
        w.view.request_render()

    def ground_or_none(self, x: float, y: float) -> float | None:
        w = self.window
        z = w.view.terrain_height(x, y)
        if z is None and w.cache is not None:
            from layers.terrain import height_at

            z = height_at(w.cache, x, y)
        return None if z is None or not np.isfinite(z) else float(z)

    def _show_georef(self, mesh: Any) -> None:
        w = self.window
        from store.bim.georef import describe

        model, siting = self.shown, self.siting
        if model is None or siting is None:
            return
        own = model.georef
        drawn = mesh.georef
        d = describe(drawn)
        e, n, h = d["origin"]
        method = own.method if own.method != "none" else translate("MainWindow", "none")
        if drawn.method == "manual":
            method = translate("MainWindow", "{0} — placed by hand").format(method) \
                if siting.note == "saved" \
                else translate("MainWindow", "{0} — placed provisionally").format(method)
        crs = drawn.map_crs or translate("MainWindow", "the cache CRS ({0})").format(
            w.summary.crs if w.summary else "")
        scale = f"{drawn.scale:g}"
        if own.scale_declared is not None and own.scale_declared != own.scale:
            scale += translate("MainWindow", " (the file says {0:g})").format(
                own.scale_declared)
        anomalies = "\n".join(f"• {word(a)}" for a in own.anomalies) \
            or translate("MainWindow", "none")
        rows = {"method": method, "crs": crs,
                "origin": translate("MainWindow", "E {0:.3f}  N {1:.3f}  H {2:.3f}").format(
                    e, n, h),
                "rotation": translate("MainWindow", "{0:.4f}° from grid east").format(
                    drawn.rotation_deg),
                "scale": scale, "anomalies": anomalies}
        note = siting.note
        approximate = note in ("approximate", "outside", "none") or own.approximate \
            and note != "saved"
        status = {
            "georeferenced": translate("MainWindow", "Georeferenced by the file's {0}").format(
                own.method),
            "saved": translate("MainWindow",
                               "Placed by hand (saved with the model in this cache)"),
            "approximate": translate("MainWindow",
                                     "Approximate: placed from the site's latitude and "
                                     "longitude, set on the terrain. Check it, or place it "
                                     "manually."),
            "outside": translate("MainWindow",
                                 "Approximate: the file's georeferencing puts the model outside "
                                 "this city; shown provisionally at the view centre on the "
                                 "terrain. Place it manually."),
            "none": translate("MainWindow",
                              "Not georeferenced: shown provisionally at the view centre on the "
                              "terrain. Place it manually."),
        }.get(note, note)
        if note == "georeferenced":
            cx, cy = (mesh.world_bounds[0] + mesh.world_bounds[1]) / 2, \
                (mesh.world_bounds[2] + mesh.world_bounds[3]) / 2
            ground = self.ground_or_none(cx, cy)
            if ground is not None and abs(mesh.world_bounds[4] - ground) > BIM_GAP_NOTE:
                status += translate(
                    "MainWindow", "; its lowest point is {0:+.1f} m from the terrain").format(
                    mesh.world_bounds[4] - ground)
        w.bim_panel.show_georef(rows, status, approximate)

    # the reviewer's tools
    def class_toggled(self, ifc_class: str, visible: bool) -> None:
        w = self.window
        mesh = w.view.scene.bim
        if mesh is not None:
            mesh.set_class_visible(ifc_class, visible)
            w.model.bim.update(hidden_classes=frozenset(mesh.hidden_classes))
            w.view.request_render()

    def storey_changed(self, storey: int) -> None:
        w = self.window
        mesh = w.view.scene.bim
        if mesh is not None:
            mesh.isolate_storey(None if storey < 0 else storey)
            w.model.bim.update(storey=None if storey < 0 else int(storey))
            w.view.request_render()

    def set_xray(self, on: bool) -> None:
        w = self.window
        mesh = w.view.scene.bim
        if mesh is not None:
            mesh.set_xray(on)
            w.model.bim.update(xray=bool(on))
            w.view.request_render()

    def section_changed(self) -> None:
        w = self.window
        mesh = w.view.scene.bim
        if mesh is None:
            return
        section = w.bim_panel.section()
        had = mesh.section_plane is not None
        mesh.set_section(None if section is None else section[1],
                         section[0] if section is not None else "horizontal")
        if had != (mesh.section_plane is not None) and w.view.selection is not None \
                and w.view.selection[0] == "bim":
            w.view.highlight("bim", w.view.selection[1])  # the highlight is cut too
        w.view.request_render()

    # elements
    def select_element(self, element: int, fly: bool = True) -> bool:
        """Select an element of the BIM (as a click in the tree does): highlight it in 3D,
        show its properties, fly to it; False when it has no geometry (properties shown)."""
        w = self.window
        mesh = w.view.scene.bim
        if mesh is None or self.shown is None:
            return False
        w.view.scene.set_marker(None)
        shown = w.view.highlight("bim", int(element))
        mesh.set_selected(int(element))
        w.bim_panel.select_element(int(element))
        self.show_properties(int(element))
        if shown and fly:
            self.fly_to_element(int(element))
        w.view.request_render()
        return shown

    def picked(self, element: int) -> None:
        """A click on the BIM in 3D (already highlighted by the view)."""
        w = self.window
        mesh = w.view.scene.bim
        if mesh is not None:
            mesh.set_selected(element)
        w.bim_panel.select_element(element)
        self.show_properties(element)
        w.view.request_render()

    def fly_to_element(self, element: int) -> None:
        w = self.window
        mesh = w.view.scene.bim
        b = mesh.element_bounds(element) if mesh is not None else None
        if b is None:
            return
        size = max(b[1] - b[0], b[3] - b[2], b[5] - b[4])
        centre = np.array([(b[0] + b[1]) / 2, (b[2] + b[3]) / 2, (b[4] + b[5]) / 2])
        w.view.fly_to(centre, distance=max(BIM_MIN_DISTANCE, BIM_DISTANCE_FACTOR * size))

    def show_properties(self, element: int) -> None:
        """The Attributes dock: the element's attributes, then each property set and quantity
        set as a section of its own (Pset_WallCommon → its properties)."""
        w = self.window
        model = self.shown
        if model is None:
            return
        props: dict[str, Any] = {"attributes": {}, "psets": {}, "qtos": {}}
        if w.cache is not None:
            try:
                from store.bim.store import properties

                props = properties(w.cache, model.sha256, int(element))
            except Exception as exc:  # the window must go on; say what is missing
                w.statusBar().showMessage(
                    translate("MainWindow", "No properties: {0}").format(sentence(exc)), 5000)
        panel = w.attribute_panel
        panel.clear()
        e = model.elements.get(int(element))
        if e is not None:
            panel._add(translate("MainWindow", "IFC class"), e.ifc_class)
            panel._add(translate("MainWindow", "Name"), e.name or "")
            panel._add("GlobalId", e.guid or "")
            panel._add(translate("MainWindow", "IFC id"), f"#{e.id}")
            storey = model.elements.get(e.storey) if e.storey is not None else None
            if storey is not None:
                panel._add(translate("MainWindow", "Storey"), storey.name or f"#{storey.id}")
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
            return translate("MainWindow", "Yes") if value else translate("MainWindow", "No")
        if isinstance(value, float):
            return str(round(value, 6))
        if isinstance(value, list | tuple):
            return ", ".join(self._value_text(v) for v in value)
        if isinstance(value, dict):
            return ", ".join(f"{k}: {self._value_text(v)}" for k, v in value.items())
        return "" if value is None else str(value)

    # manual placement
    def place(self, x: float, y: float, rotation_deg: float = 0.0,
                  elevation: float | None = None, *, save: bool = True) -> bool:
        """Place the BIM by hand: the centre of its plan at (x, y) (cache CRS), turned
        rotation_deg counter-clockwise from grid east, its ±0.000 at ``elevation`` (default:
        the terrain height there). Applied at once; saved with the model in the cache (so
        reopening the file puts it back) unless save=False. False when no model is shown."""
        w = self.window
        from viewer.bim_mesh import Siting, crs_text, make_placement, placement_georef

        if self.shown is None or w.cache is None:
            return False
        if elevation is None:
            elevation = self.ground_or_none(x, y) or 0.0
        placement = make_placement(self.shown, x, y, rotation_deg, elevation,
                                   crs_text(w.cache.crs))
        georef = placement_georef(placement)
        if save:
            try:
                from store.bim.store import save_placement

                save_placement(w.cache, self.shown.sha256, placement)
                self.shown.placement = placement
            except Exception as exc:  # shown, not saved; the model stays placed
                QMessageBox.warning(w, translate("MainWindow", "Placement not saved"),  # type: ignore
                                    sentence(exc))
            self.siting = Siting(georef, False, "saved")
        else:
            self.siting = Siting(georef, False, self.siting.note
                                     if self.siting is not None else "saved",
                                     self.siting.needs_placement
                                     if self.siting is not None else False)
        self.draw(georef, fly=False)
        w.bim_ready.emit()
        return True

    def start_placement(self) -> None:
        """Open the (non-modal) placement dialog on where the model stands now."""
        w = self.window
        from viewer.bim_mesh import placement_centre

        mesh = w.view.scene.bim
        if mesh is None or self.shown is None:
            return
        if self.placement_dialog is None:
            dialog = PlacementDialog(w)
            dialog.changed.connect(self._placement_changed)
            dialog.pick_requested.connect(self._placement_pick)
            dialog.accepted.connect(self._placement_accepted)
            dialog.rejected.connect(self._placement_rejected)
            dialog.ground_button.clicked.connect(self._placement_ground)
            self.placement_dialog = dialog
        self._placement_before = self.siting
        x, y, z = placement_centre(mesh.georef, self.shown)
        self.placement_dialog.set_values(x, y, mesh.georef.rotation_deg, z)
        self.placement_dialog.show()
        self.placement_dialog.raise_()
        w.statusBar().showMessage(translate("MainWindow",
                                            "Place the BIM: pick a point on the map, set the "
                                            "rotation and the elevation, then Save"))

    def _placement_changed(self) -> None:
        if self.placement_dialog is not None:
            x, y, rotation, elevation = self.placement_dialog.values()
            self.place(x, y, rotation, elevation, save=False)

    @property
    def _placing(self) -> bool:
        """Picking the BIM's centre on the map: the place_bim tool is the active map tool."""
        w = self.window
        return w.model.tool == "place_bim"

    @_placing.setter
    def _placing(self, on: bool) -> None:
        w = self.window
        if on:
            w.model.set_tool("place_bim")
        elif w.model.tool == "place_bim":
            w.model.set_tool("pick")

    def _placement_pick(self) -> None:
        w = self.window
        self._placing = True
        w.statusBar().showMessage(translate("MainWindow",
                                            "Click in the 3D view where the centre of the "
                                            "building goes"))

    def _placement_clicked(self) -> None:
        """The click after "Pick on map": its terrain point becomes the model's centre."""
        w = self.window
        self._placing = False
        view = w.view
        if w.view.selection is not None:
            w.view.clear_selection()
        info = view.cursor_info(*view.last_click) if view.last_click is not None else None
        dialog = self.placement_dialog
        if dialog is not None:
            dialog.pick_button.setChecked(False)
        if info is None or dialog is None:
            w.statusBar().showMessage(
                translate("MainWindow", "Not on the terrain: pick again"), 5000)
            return
        _, _, rotation, _ = dialog.values()
        dialog.set_values(info["x"], info["y"], rotation, info["z"])
        self._placement_changed()

    def _placement_ground(self) -> None:
        dialog = self.placement_dialog
        if dialog is None:
            return
        x, y, rotation, _ = dialog.values()
        z = self.ground_or_none(x, y)
        if z is not None:
            dialog.set_values(x, y, rotation, z)
            self._placement_changed()

    def _placement_accepted(self) -> None:
        w = self.window
        dialog = self.placement_dialog
        self._placing = False
        if dialog is not None:
            self.place(*dialog.values(), save=True)
            w.statusBar().showMessage(
                translate("MainWindow", "Placement saved with the model"), 5000)

    def _placement_rejected(self) -> None:
        self._placing = False
        before, self._placement_before = self._placement_before, None
        if before is not None and self.shown is not None:
            self.siting = before
            self.draw(before.georef, fly=False)

    def _end_placement(self) -> None:
        self._placing = False
        if self.placement_dialog is not None:
            self.placement_dialog.blockSignals(True)
            self.placement_dialog.close()
            self.placement_dialog.blockSignals(False)
