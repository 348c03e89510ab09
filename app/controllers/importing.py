"""Importing a file into the open cache: on a worker thread (app.tasks), then the report, and
the city drawn again; a failure says the cache is unchanged (imports are transactions).

Words are translated in the ``MainWindow`` context, where they were before this controller.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from app.import_words import report_text
from app.messages import word
from app.tasks import naming

if TYPE_CHECKING:
    from app.controllers.host import WindowHost


class ImportController(QObject):
    """File ▸ Import of one main window."""

    def __init__(self, window: WindowHost):
        super().__init__(window)  # type: ignore[arg-type]
        self.window = window

    def choose(self) -> None:
        """Ask for a file, then import it."""
        path, _ = QFileDialog.getOpenFileName(
            self.window,  # type: ignore[arg-type]
            QCoreApplication.translate("MainWindow", "Import into this cache"), str(Path.home()),
            QCoreApplication.translate(
                "MainWindow", "City data (*.geojson *.json *.gpkg *.shp *.jsonl *.tif *.tiff "
                "*.gml *.xml *.gz *.inp *.csv *.xlsx *.gdbtable gdb);;"
                "All files (*)"))
        if not path:
            return
        self.ask_and_start(Path(path))

    def ask_and_start(self, path: Path) -> None:
        """Ask what the command line gives as options (what the file holds, which of its
        layers, the header file of a CityJSON Text Sequence without one), then import."""
        from store.importers.questions import layers_of, likely_layer, needs_header
        from store.importers.sniff import filegdb_of

        kind = layer = metadata = None
        file = filegdb_of(path)  # a file inside a File Geodatabase: the whole folder
        if file.suffix.lower() in (".shp", ".gpkg", ".geojson", ".json", ".gdb"):
            kinds = {
                QCoreApplication.translate("MainWindow", "Buildings (footprints)"): None,
                QCoreApplication.translate("MainWindow", "Pipelines (a pipeline survey)"):
                    "pipelines",
                QCoreApplication.translate("MainWindow", "Pipe points"): "pipe-points"}
            chosen, ok = QInputDialog.getItem(
                self.window,  # type: ignore[arg-type]
                QCoreApplication.translate("MainWindow", "Import as"),
                QCoreApplication.translate("MainWindow", "What does {0} hold?").format(
                    file.name), list(kinds), 0, False)
            if not ok:
                return
            kind = kinds[chosen]
        layers = layers_of(file)
        if len(layers) > 1:
            labels = [f"{name} ({geom})" for name, geom in layers]
            chosen, ok = QInputDialog.getItem(
                self.window,  # type: ignore[arg-type]
                QCoreApplication.translate("MainWindow", "Layer"),
                QCoreApplication.translate("MainWindow", "{0} has {1} layers. Which one?").format(
                    file.name, len(layers)),
                labels, likely_layer(layers, kind), False)
            if not ok:
                return
            layer = layers[labels.index(chosen)][0]
        if needs_header(file):
            header, _ = QFileDialog.getOpenFileName(
                self.window,  # type: ignore[arg-type]
                QCoreApplication.translate(
                    "MainWindow", "The CityJSON header of {0} (e.g. metadata.city.json)").format(
                    file.name), str(file.parent),
                QCoreApplication.translate("MainWindow", "CityJSON (*.json);;All files (*)"))
            if not header:
                return
            metadata = Path(header)
        self.start(file, kind=kind, layer=layer, metadata=metadata)

    def start(self, file: Path, *, kind: str | None = None, layer: str | None = None,
              metadata: Path | None = None, scenario: str | None = None,
              planned: str | None = None) -> None:
        """Import a file into the open cache on a worker thread, then show the report
        (``kind``: what the file holds, as ``cimview import --as`` takes it; ``layer``,
        ``metadata``, ``scenario`` and ``planned`` as ``--layer``, ``--metadata``,
        ``--scenario`` and ``--planned``)."""
        from store.importers import ImportOptions, import_file

        w = self.window
        file, cache = Path(file), w.cache_path
        options = ImportOptions(kind=kind, layer=layer, metadata=metadata, scenario=scenario,
                                planned=planned)
        w.import_action.setEnabled(False)
        w.statusBar().showMessage(QCoreApplication.translate(
            "MainWindow", "Importing {0}…").format(file.name))
        w.tasks.start("import", lambda task: import_file(file, cache, options=options,
                                                         progress=task.progress),
                      progress=lambda fraction, stage: self._progress(file, fraction, stage),
                      done=self._done, failed=self._failed, word=naming(file))

    def _progress(self, file: Path, fraction: float, stage: Any) -> None:
        self.window.statusBar().showMessage(QCoreApplication.translate(
            "MainWindow", "Importing {0}: {1} ({2} %)").format(
            file.name, word(stage), int(round(fraction * 100))))

    def _done(self, report: Any) -> None:
        w = self.window
        w.import_action.setEnabled(True)
        time, scenario = w.model.time, w.model.scenario
        w.load(w.cache_path)
        if w.cache is not None and (time, scenario) != (None, None):
            w.model.set_time(time)  # the map stays at the time and scenario it showed
            if scenario is not None:
                w.model.set_scenario(scenario)
        QMessageBox.information(w, QCoreApplication.translate(  # type: ignore[arg-type]
            "MainWindow", "Import finished"), report_text(report))

    def _failed(self, message: str) -> None:
        w = self.window
        w.import_action.setEnabled(True)
        w.statusBar().showMessage(QCoreApplication.translate(
            "MainWindow", "Import failed; the cache is unchanged"))
        QMessageBox.critical(w, QCoreApplication.translate(  # type: ignore[arg-type]
            "MainWindow", "Import failed"), QCoreApplication.translate(
            "MainWindow", "{0}\n\nThe cache is unchanged.").format(message))
