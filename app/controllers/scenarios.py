"""The Scenario menu: create a planning scenario (方案) on the open cache, possibly building on
another; import planned features into the scenario shown, with the year they are planned for
(``cimview scenario add`` and ``cimview import --scenario --planned`` in the window); add the
open proposal BIM, or a building drawn on the map (the measure tool's area), to it; plan the
removal of the features selected on the map (``cimview scenario remove``).

The scenario lives in the cache (:mod:`store.scenarios`); the time bar lists it and the model
shows it (``CityModel.set_scenario``). Field work ▸ Push sends it to the platform.

Words are translated in the ``MainWindow`` context.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QInputDialog,
    QLineEdit,
    QMenu,
    QMessageBox,
)

from app.messages import word
from store.errors import CimviewError

if TYPE_CHECKING:
    from app.controllers.host import WindowHost


class NewScenarioDialog(QDialog):
    """Name, the scenario it builds on, and what it plans."""

    def __init__(self, parent: object, names: list[str]) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.setWindowTitle(QCoreApplication.translate("MainWindow", "New scenario"))
        self.name = QLineEdit()
        self.name.setPlaceholderText(QCoreApplication.translate("MainWindow", "e.g. 方案C"))
        self.parent_box = QComboBox()
        self.parent_box.addItem(QCoreApplication.translate(
            "MainWindow", "The recorded city (nothing planned)"), None)
        for n in names:
            self.parent_box.addItem(n, n)
        self.description = QLineEdit()
        form = QFormLayout(self)
        form.addRow(QCoreApplication.translate("MainWindow", "Name:"), self.name)
        form.addRow(QCoreApplication.translate("MainWindow", "Builds on:"), self.parent_box)
        form.addRow(QCoreApplication.translate("MainWindow", "What it plans:"), self.description)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class ScenarioController(QObject):
    """Scenario ▸ New scenario…, Import planned features… of one main window."""

    def __init__(self, window: WindowHost):
        super().__init__(window)  # type: ignore[arg-type]
        self.window = window
        self.message_box: QMessageBox | None = None  # the last thing said

    def fill_menu(self, menu: QMenu) -> None:
        """The Scenario menu's actions."""
        for text, slot in (
                (QCoreApplication.translate("MainWindow", "&New scenario…"),
                 self.new_scenario),
                (QCoreApplication.translate(
                    "MainWindow", "&Import planned features into the scenario shown…"),
                 self.import_planned),
                (QCoreApplication.translate(
                    "MainWindow", "Add the open &BIM to the scenario shown…"), self.add_bim),
                (QCoreApplication.translate(
                    "MainWindow", "&Plan a building on the measured area…"), self.plan_drawn),
                (QCoreApplication.translate(
                    "MainWindow", "Plan the &removal of the selected features…"),
                 self.plan_removal),
                (QCoreApplication.translate(
                    "MainWindow", "&Open a BIM planned in the scenario shown…"),
                 self.open_planned_bim)):
            action = QAction(text, menu)
            action.triggered.connect(lambda _checked=False, act=slot: act())
            menu.addAction(action)

    def new_scenario(self, name: str | None = None, parent: str | None = None,
                     description: str | None = None) -> str | None:
        """Create a scenario (asks for it unless ``name``) and show it; its gid, or None."""
        from store import scenarios

        w = self.window
        if w.cache is None:
            return None
        if name is None:
            dialog = NewScenarioDialog(w, [s.name for s in scenarios.list_scenarios(w.cache)])
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            name = dialog.name.text()
            parent = dialog.parent_box.currentData()
            description = dialog.description.text() or None
        try:
            made = scenarios.create(w.cache, name, parent=parent, description=description)
        except CimviewError as exc:
            QMessageBox.warning(w, QCoreApplication.translate(  # type: ignore[arg-type]
                "MainWindow", "New scenario"), word(exc))
            return None
        w.time_bar.set_span(w.cache)  # the scenario box lists it
        w.model.set_scenario(made.gid)
        w.statusBar().showMessage(QCoreApplication.translate(
            "MainWindow", "Scenario {0} created: import its planned features, then push it "
            "from Field work").format(made.name))
        return made.gid

    def _ask_year(self, question: str) -> int | None:
        """A planned year (three years from now offered), or None when cancelled."""
        this_year = datetime.now(UTC).year
        year, ok = QInputDialog.getInt(
            self.window, QCoreApplication.translate(  # type: ignore[arg-type]
                "MainWindow", "Planned for"), question, this_year + 3, this_year - 50, 2300)
        return year if ok else None

    def _tell(self, title: str, text: str) -> None:
        """Say what to do first, in a message box that does not block the window."""
        box = QMessageBox(QMessageBox.Icon.Information, title, text,
                          parent=self.window)  # type: ignore[arg-type]
        box.open()
        self.message_box = box

    def add_bim(self, year: int | None = None) -> str | None:
        """Add the open BIM to the scenario shown as planned for ``year`` (asked unless
        given): its block from then on, the white models under it ended then in the scenario
        (``layers.plan_bim``). The new building's gid, or None."""
        from layers.plan_bim import add_bim_to_scenario

        w = self.window
        bim = w.model.bim
        if w.cache is None or not bim.is_open or w.model.scenario is None:
            self._tell(QCoreApplication.translate("MainWindow", "Add the BIM to the scenario"),
                       QCoreApplication.translate(
                           "MainWindow", "Open a BIM model and choose a scenario in the time "
                           "bar first."))
            return None
        if year is None:
            year = self._ask_year(QCoreApplication.translate(
                "MainWindow", "The year {0} is planned to stand:").format(
                Path(bim.model.path).name))
            if year is None:
                return None
        try:
            gid = add_bim_to_scenario(w.cache, bim.model, w.model.scenario, str(year),
                                      replaced=sorted(bim.replaced), georef=bim.georef)
        except CimviewError as exc:
            QMessageBox.warning(w, QCoreApplication.translate(  # type: ignore[arg-type]
                "MainWindow", "Add the BIM to the scenario"), word(exc))
            return None
        self._planned(QCoreApplication.translate(
            "MainWindow", "{0} added to the scenario, planned for {1}").format(
            Path(bim.model.path).name, year))
        return gid

    def plan_drawn(self, height: float | None = None, year: int | None = None) -> str | None:
        """Plan a building in the scenario shown on the outline just measured with *Measure ▸
        Measure area* (its corners as clicked), ``height`` metres tall from ``year`` (asked
        unless given): ``layers.plan_building``. The new building's gid, or None."""
        from layers.plan_building import plan_building

        w = self.window
        tool = w.tools.measure.measure_tools["area"]
        if w.cache is None or w.model.scenario is None or not tool.done \
                or len(tool.points) < 3:
            self._tell(QCoreApplication.translate("MainWindow", "Plan a building"),
                       QCoreApplication.translate(
                           "MainWindow", "Choose a scenario in the time bar, then draw the "
                           "building's outline with Measure ▸ Measure area (click its "
                           "corners, double-click the last)."))
            return None
        if height is None:
            height, ok = QInputDialog.getDouble(
                w, QCoreApplication.translate(  # type: ignore[arg-type]
                    "MainWindow", "Plan a building"),
                QCoreApplication.translate("MainWindow", "Its height (m):"), 30.0, 1.0,
                1000.0, 1)
            if not ok:
                return None
        if year is None:
            year = self._ask_year(QCoreApplication.translate(
                "MainWindow", "The year the building is planned to stand:"))
            if year is None:
                return None
        try:
            gid = plan_building(w.cache, w.model.scenario, list(tool.points), str(year),
                                height=float(height))
        except CimviewError as exc:
            QMessageBox.warning(w, QCoreApplication.translate(  # type: ignore[arg-type]
                "MainWindow", "Plan a building"), word(exc))
            return None
        self._planned(QCoreApplication.translate(
            "MainWindow", "A building of {0:.0f} m planned for {1}").format(height, year))
        return gid

    def plan_removal(self, year: int | None = None) -> int:
        """End the features selected on the map in the scenario shown in ``year`` (asked
        unless given): ``layers.plan_removal``. How many were planned away (0: none)."""
        from layers.plan_removal import plan_removal

        w = self.window
        title = QCoreApplication.translate("MainWindow", "Plan a removal")
        chosen = w.model.selection
        if w.cache is None or w.model.scenario is None or not chosen or chosen.layer is None:
            self._tell(title, QCoreApplication.translate(
                "MainWindow", "Choose a scenario in the time bar, then select what to "
                "remove: click it on the map, or select its rows in the attribute table."))
            return 0
        layer = w.model.layers.get(chosen.layer)
        table = (layer.source.table or layer.name) if layer is not None else chosen.layer
        if year is None:
            year = self._ask_year(QCoreApplication.translate(
                "MainWindow", "The year the {0} selected features are removed:").format(
                len(chosen.fids)))
            if year is None:
                return 0
        try:
            n = plan_removal(w.cache, w.model.scenario, table, list(chosen.fids), str(year))
        except CimviewError as exc:
            QMessageBox.warning(w, title, word(exc))  # type: ignore[arg-type]
            return 0
        w.time_bar.set_span(w.cache)
        w.reread(table)  # their lifespans as the scenario now sees them
        w.statusBar().showMessage(QCoreApplication.translate(
            "MainWindow", "{0} features planned to be removed in {1}").format(n, year))
        return n

    def open_planned_bim(self, sha256: str | None = None) -> bool:
        """Open a proposal BIM planned in the scenario shown, as the cache keeps it (no IFC
        file needed): the only one, or the one chosen in a list (``sha256`` given: that
        one). False when nothing was opened."""
        from layers.plan_bim import planned_bims

        w = self.window
        title = QCoreApplication.translate("MainWindow", "Open a planned BIM")
        found = planned_bims(w.cache) if w.cache is not None else []
        kept = [b for b in found if b.kept and (sha256 is None or b.sha256 == sha256)]
        if not kept:
            self._tell(title, QCoreApplication.translate(
                "MainWindow", "The scenario shown plans no BIM kept in this cache: choose a "
                "scenario in the time bar, or add the open BIM to it (Scenario ▸ Add the open "
                "BIM).") if not found else QCoreApplication.translate(
                "MainWindow", "The BIMs this scenario plans are no longer kept in this cache: "
                "open their IFC files."))
            return False
        chosen = kept[0]
        if len(kept) > 1:
            labels = [QCoreApplication.translate("MainWindow", "{0} ({1}, from {2})").format(
                b.name, b.scenario, b.valid_from) for b in kept]
            label, ok = QInputDialog.getItem(
                w, title, QCoreApplication.translate(  # type: ignore[arg-type]
                    "MainWindow", "BIM to open:"), labels, 0, False)
            if not ok:
                return False
            chosen = kept[labels.index(label)]
        w.bim_controller.open_kept(chosen.sha256, chosen.name)
        return True

    def _planned(self, said: str) -> None:
        """A building was planned: the slider reaches its year, the scene reads the buildings
        again, the status bar says it."""
        w = self.window
        w.time_bar.set_span(w.cache)
        w.reread("buildings")
        w.statusBar().showMessage(said)

    def import_planned(self, path: Path | None = None, year: int | None = None) -> bool:
        """Import a file's features as planned in the scenario shown, for ``year`` (asked
        unless given). False when nothing was started."""
        from store import scenarios

        w = self.window
        if w.cache is None:
            return False
        if w.model.scenario is None:
            self._tell(QCoreApplication.translate("MainWindow", "Import planned features"),
                       QCoreApplication.translate(
                           "MainWindow", "Choose a scenario in the time bar first (or create "
                           "one: Scenario ▸ New scenario)."))
            return False
        scenario = scenarios.find(w.cache, w.model.scenario)
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                w, QCoreApplication.translate(  # type: ignore[arg-type]
                    "MainWindow", "Planned features for {0}").format(scenario.name),
                str(Path.home()), QCoreApplication.translate(
                    "MainWindow", "City data (*.geojson *.json *.gpkg *.shp);;All files (*)"))
            if not chosen:
                return False
            path = Path(chosen)
        if year is None:
            year = self._ask_year(QCoreApplication.translate(
                "MainWindow", "The year the features of {0} are planned for (where the file "
                "gives none):").format(path.name))
            if year is None:
                return False
        w.importing.start(path, scenario=scenario.gid, planned=str(year))
        return True
