"""The add-layer dialog: any vector file, or any feature table of the open cache, as a layer.

A file is a GeoPackage (its feature tables listed to choose from), GeoJSON or Shapefile; when
it declares no CRS the dialog asks for one (EPSG code or any CRS pyproj reads). The file is
read once before the layer is added, so a bad file is said at once, as a sentence naming it
(:func:`app.messages.word_error`), and nothing is added. A table of the cache is added as it
is. The new layer (kind ``vectors``, a default style by its geometry) goes on top of the map:
``model.layers.insert(0, …)``; the views follow the model.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.messages import sentence, word, word_error
from layers import palette
from layers.layer import Layer, Source, Style
from store.errors import CimviewError

if TYPE_CHECKING:
    from layers.model import CityModel

FILE_SUFFIXES = (".gpkg", ".geojson", ".json", ".shp")
#: Default colours of added layers, one after the other (fill, outline), light on the terrain.
PALETTE = ((66, 146, 198), (230, 85, 13), (49, 163, 84), (117, 107, 177), (214, 39, 40),
           (140, 86, 75))


# -- building the layer (no widgets) -----------------------------------------------------------
def sublayers(path: str | os.PathLike[str]) -> list[Any]:
    """What a file offers as layers (:func:`layers.vectors.list_sublayers`): each table with
    geometry, and each geometry family of a table that mixes them."""
    from layers.vectors import list_sublayers

    return [s for s in list_sublayers(path) if s.geometry is not None]


def default_style(geometry: str, n: int = 0) -> Style:
    """A plain style for a new layer: the ``n``-th palette colour; polygons filled, outlined."""
    rgb = PALETTE[n % len(PALETTE)]
    if geometry == "polygon":
        dark = tuple(max(0, c - 70) for c in rgb)
        return Style(rgb=rgb, fill=True, outline=dark, line_width=1.5)  # type: ignore[arg-type]
    if geometry == "line":
        return Style(rgb=rgb, fill=False, line_width=3.0)
    return Style(rgb=rgb, point_size=8.0)


def table_geometry(cache: Any, table: str) -> str:
    """``point``, ``line`` or ``polygon``: the geometry family of a cache table."""
    from sqlalchemy import text

    with cache.engine.connect() as conn:
        kind = conn.execute(text("SELECT geometry_type_name FROM gpkg_geometry_columns "
                                 "WHERE table_name = :t"), {"t": table}).scalar()
    kind = str(kind or "").upper()
    return "polygon" if "POLYGON" in kind else "line" if "LINE" in kind else "point"


def read(model: CityModel, source: Source) -> Any:
    """The features of ``source`` as the viewer gets them, in the map's CRS."""
    from layers.vectors import read_layer

    crs = model.cache.crs if model.cache is not None else None
    return read_layer(source, crs, cache=model.cache)


def add_file(model: CityModel, path: str | os.PathLike[str], *, sublayer: str | None = None,
             crs: str | None = None, title: str = "", index: int = 0,
             notes: list[str] | None = None) -> Layer:
    """Read a vector file, then add it to the map as a layer (on top by default).

    Raises the reader's :class:`~store.errors.InputError` (naming the file) when it cannot be
    read; the map is then unchanged."""
    path = str(Path(path).resolve())
    source = Source(path=path, sublayer=sublayer or None, crs=crs or None)
    data = read(model, source)
    report = getattr(data, "report", None)
    if notes is not None and report is not None:  # what reading left out or repaired, worded
        notes += [word(m) for m in report.messages()]
    base = (sublayer or Path(path).stem).replace("|", "_")
    layer = Layer(model.layers.unique_name(base), "vectors", source, title=title or base,
                  title_zh=title or base, style=default_style(data.geometry, len(model.layers)))
    model.layers.insert(index, layer)
    return layer


def add_table(model: CityModel, table: str, *, title: str = "", index: int = 0) -> Layer:
    """Add a feature table of the open cache as a layer (its own map, beside the defaults)."""
    from layers.defaults import DEFAULTS
    from layers.defaults import default_style as shipped

    if model.cache is None:
        raise ValueError("no cache is open")
    titles = {t: (zh, en) for _n, _k, t, _v, zh, en in DEFAULTS if t}
    zh, en = titles.get(table, (title or table, title or table))
    style = (shipped(table) if table in titles
             else default_style(table_geometry(model.cache, table), len(model.layers)))
    layer = Layer(model.layers.unique_name(table), "vectors", Source(table=table),
                  title=title or en, title_zh=title or zh, style=style)
    model.layers.insert(index, layer)
    return layer


# -- the dialog --------------------------------------------------------------------------------
class AddLayerDialog(QDialog):
    """Choose a file (and its table and CRS) or a table of the cache; OK adds the layer."""

    def __init__(self, model: CityModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.added: Layer | None = None
        #: What reading the file left out or repaired, worded (shown once the layer is added).
        self.notes: list[str] = []
        self._subs: list[Any] = []  # what the chosen file offers (vectors.Sublayer)
        self.setWindowTitle(self.tr("Add layer"))
        self.from_file = QRadioButton(self.tr("From a file (GeoPackage, GeoJSON, Shapefile)"))
        self.from_cache = QRadioButton(self.tr("From a table of the cache"))
        group = QButtonGroup(self)
        group.addButton(self.from_file)
        group.addButton(self.from_cache)
        self.from_file.setChecked(True)
        self.path = QLineEdit()
        self.path.setPlaceholderText(self.tr("path of a .gpkg, .geojson or .shp file"))
        self.path.editingFinished.connect(self._path_changed)
        self.browse = QPushButton(self.tr("Browse…"))
        self.browse.clicked.connect(self.choose_file)
        self.sublayer = QComboBox()
        self.sublayer.currentIndexChanged.connect(self._sublayer_changed)
        self.crs = QLineEdit()
        self.crs.setPlaceholderText(self.tr("e.g. EPSG:4326 or EPSG:4547"))
        self.crs_note = QLabel()
        self.crs_note.setWordWrap(True)
        self.table = QComboBox()
        if model.cache is not None:
            from layers.table import feature_tables

            for name, title in feature_tables(model.cache):
                self.table.addItem(name if title == name else f"{title} ({name})", name)
        self.from_cache.setEnabled(self.table.count() > 0)
        self.title = QLineEdit()
        self.title.setPlaceholderText(self.tr("the file's or table's name"))
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {palette.hex('error_text')}")
        self.error.setVisible(False)

        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(self.browse)
        form = QFormLayout()
        form.addRow(self.from_file)
        form.addRow(self.tr("File:"), file_row)
        form.addRow(self.tr("Table:"), self.sublayer)
        form.addRow(self.tr("CRS:"), self.crs)
        form.addRow(self.crs_note)
        form.addRow(self.from_cache)
        form.addRow(self.tr("Cache table:"), self.table)
        form.addRow(self.tr("Name:"), self.title)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.from_file.toggled.connect(self._mode_changed)
        self._mode_changed()

    def _mode_changed(self) -> None:
        on = self.from_file.isChecked()
        for w in (self.path, self.browse, self.sublayer, self.crs):
            w.setEnabled(on)
        self.table.setEnabled(not on)

    def choose_file(self) -> None:
        start = str(Path(self.path.text()).parent) if self.path.text() else ""
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Add a layer from a file"), start,
            self.tr("Vector files (*.gpkg *.geojson *.json *.shp);;All files (*)"))
        if name:
            self.set_file(name)

    def set_file(self, path: str) -> None:
        """Take a file: list its tables, show its CRS or ask for one."""
        self.path.setText(path)
        self._path_changed()

    def _path_changed(self) -> None:
        self.from_file.setChecked(True)
        self.sublayer.blockSignals(True)
        self.sublayer.clear()
        self._say("")
        path = self.path.text().strip()
        self._subs = []
        if path:
            try:
                self._subs = sublayers(path)
            except CimviewError as exc:
                self._say(word_error(exc))
            except Exception as exc:  # noqa: BLE001 - said as a sentence naming the file
                self._say(f"{path}: {sentence(exc)}")
            for sub in self._subs:
                self.sublayer.addItem(self._sub_text(sub), sub.key)
        self.sublayer.setEnabled(self.sublayer.count() > 1)
        self.sublayer.blockSignals(False)
        self._sublayer_changed()

    def _sub_text(self, sub: Any) -> str:
        kinds = {"point": self.tr("points"), "line": self.tr("lines"),
                 "polygon": self.tr("polygons")}
        return self.tr("{0} — {1} ({2})").format(sub.table, kinds.get(sub.geometry, sub.geometry),
                                                 f"{sub.count:,}")

    def _sublayer_changed(self) -> None:
        sub = next((x for x in self._subs if x.key == self.sublayer.currentData()), None)
        if not self.path.text().strip() or (sub is None and not self._subs):
            self.crs_note.setText("")
        elif sub is not None and sub.crs:
            self.crs_note.setText(self.tr("The file declares {0}; a CRS typed here replaces "
                                          "it.").format(sub.crs))
        else:
            self.crs_note.setText(self.tr("The file declares no CRS: say which it is in."))

    def _say(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def add(self) -> Layer | None:
        """Add the chosen layer to the model; on failure say why here and add nothing."""
        title = self.title.text().strip()
        try:
            if self.from_cache.isChecked():
                table = self.table.currentData()
                if not table:
                    return None
                self.added = add_table(self.model, table, title=title)
            else:
                path = self.path.text().strip()
                if not path:
                    self._say(self.tr("Choose a file."))
                    return None
                if not Path(path).is_file():
                    self._say(self.tr("{0}: no such file").format(path))
                    return None
                self.notes = []
                self.added = add_file(self.model, path, sublayer=self.sublayer.currentData(),
                                      crs=self.crs.text().strip() or None, title=title,
                                      notes=self.notes)
        except CimviewError as exc:
            self._say(word_error(exc))
            return None
        except Exception as exc:  # noqa: BLE001 - an unexpected reader failure, still a sentence
            where = self.table.currentData() if self.from_cache.isChecked() else self.path.text()
            self._say(f"{str(where).strip()}: {sentence(exc)}")
            return None
        self._say("")
        return self.added

    def accept(self) -> None:
        if self.add() is not None:
            super().accept()


__all__ = ["AddLayerDialog", "add_file", "add_table", "default_style", "sublayers"]
