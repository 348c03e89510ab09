"""The attribute table dock: the rows of any layer, sortable, filtered, selected with the 3D view.

A QTableView over :class:`layers.table.LayerTable` through :class:`TableModel` (a
QAbstractTableModel that reads a cell only when Qt paints it, so 100,000 rows open at once).
Above it: the layer, a filter expression (:mod:`layers.expression`; Enter applies it) and, for
buildings, *use the housing filter*. A click on a header sorts by that column. Selecting rows
selects those features in the model, so the 3D view highlights them; a feature picked in the
3D view is selected here. *CSV…* and *XLSX…* write the filter's matches, or only the
selection when *only the selection* is ticked (see :mod:`layers.export`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.messages import sentence, word
from layers import palette
from layers.table import LayerTable
from store.errors import CimviewError

if TYPE_CHECKING:
    from layers.layer import Layer
    from layers.model import CityModel

Index = QModelIndex | QPersistentModelIndex


def has_table(layer: Layer) -> bool:
    """Whether a layer has features with fields (not terrain, imagery, BIM)."""
    return layer.kind not in ("terrain", "imagery", "bim") and (
        layer.source.table is not None or layer.source.path is not None)


class TableModel(QAbstractTableModel):
    """Qt's view of a :class:`LayerTable` (cells read lazily; sorting asks the table)."""

    def __init__(self, table: LayerTable, headers: list[str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = table
        self.headers = headers or list(table.names)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.table)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.table.names)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _text(self.table.value(index.row(), index.column()))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            v = self.table.value(index.row(), index.column())
            if isinstance(v, int | float) and not isinstance(v, bool):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                return self.headers[section]
            return str(self.table.fid(section))  # the row header is the fid
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            return self.table.names[section]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self.table.sort(column if column >= 0 else None,
                        descending=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()

    def reset(self) -> None:
        self.beginResetModel()
        self.endResetModel()


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return "" if v != v else f"{v:g}" if abs(v) < 1e15 else str(v)
    if isinstance(v, bytes | bytearray | memoryview):
        return ""
    return str(v)


class AttributeTable(QWidget):
    """The attribute table of one layer of the model at a time."""

    def __init__(self, model: CityModel | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model: CityModel | None = None
        self.table: LayerTable | None = None
        self.qmodel: TableModel | None = None
        self._syncing = False
        #: the housing filter's result to use (default: the buildings' colouring filter)
        self.housing_result: Any = None

        self.layer_combo = QComboBox()
        self.layer_combo.currentIndexChanged.connect(self._layer_chosen)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Filter, e.g. height > 24 and name like '%路'"))
        self.filter_edit.returnPressed.connect(self.apply_filter)
        self.housing_check = QCheckBox(self.tr("Use the housing filter"))
        self.housing_check.toggled.connect(self.apply_filter)
        self.count_label = QLabel()
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {palette.hex('error_text')}")
        self.error_label.setVisible(False)
        self.selection_only = QCheckBox(self.tr("Only the selection"))
        self.csv_button = QPushButton(self.tr("CSV…"))
        self.csv_button.setToolTip(self.tr("Export the rows shown (or the selection) as CSV"))
        self.csv_button.clicked.connect(lambda: self.choose_export("csv"))
        self.xlsx_button = QPushButton(self.tr("XLSX…"))
        self.xlsx_button.setToolTip(self.tr("Export the rows shown (or the selection) as an "
                                            "Excel workbook"))
        self.xlsx_button.clicked.connect(lambda: self.choose_export("xlsx"))
        self.view = QTableView()
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setSortIndicatorShown(True)
        self.view.verticalHeader().setDefaultSectionSize(22)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Layer:")))
        top.addWidget(self.layer_combo, 1)
        top.addWidget(self.housing_check)
        flt = QHBoxLayout()
        flt.addWidget(self.filter_edit, 1)
        flt.addWidget(self.count_label)
        bottom = QHBoxLayout()
        bottom.addWidget(self.selection_only)
        bottom.addStretch(1)
        bottom.addWidget(self.csv_button)
        bottom.addWidget(self.xlsx_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(top)
        layout.addLayout(flt)
        layout.addWidget(self.error_label)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        if model is not None:
            self.set_model(model)

    # -- the model ---------------------------------------------------------------------------
    def set_model(self, model: CityModel) -> None:
        self.model = model
        for sig in (model.layers.inserted, model.layers.removed, model.layers.moved):
            sig.connect(self._layers_changed)
        model.layers.changed.connect(self._layer_changed)
        model.opened.connect(self._opened)
        model.colouring.changed.connect(self._colouring_changed)
        self._fill_layers()

    def _opened(self, _cache: Any) -> None:
        self.show_layer(None)
        self._fill_layers()

    def _layers_changed(self, *_: Any) -> None:
        self._fill_layers()

    def _layer_changed(self, layer: Layer, what: str) -> None:
        if what == "title":
            self._fill_layers()
        elif what == "source" and self.table is not None and self.table.layer == layer.name:
            self.show_layer(layer.name)

    def _colouring_changed(self) -> None:
        if self.housing_check.isChecked():
            self.apply_filter()

    def _fill_layers(self) -> None:
        current = self.current_layer_name()
        self.layer_combo.blockSignals(True)
        self.layer_combo.clear()
        if self.model is not None:
            for layer in self.model.layers:
                if has_table(layer):
                    self.layer_combo.addItem(layer.label(self.model.lang), layer.name)
        i = self.layer_combo.findData(current) if current else -1
        self.layer_combo.setCurrentIndex(i)
        self.layer_combo.blockSignals(False)
        if current and i < 0:  # its layer was removed
            self.show_layer(None)

    def current_layer_name(self) -> str | None:
        return self.table.layer if self.table is not None else None

    def _layer_chosen(self) -> None:
        self.show_layer(self.layer_combo.currentData())

    # -- showing a layer ---------------------------------------------------------------------
    def show_layer(self, name: str | None) -> bool:
        """Show the rows of layer ``name`` (None: nothing); False when it cannot be read."""
        if self.table is not None:
            self.table.close()
        self.table = None
        self._say("")
        layer = self.model.layers.get(name) if (self.model is not None and name) else None
        if layer is not None:
            try:
                self.table = LayerTable.of_layer(self.model, layer)
            except CimviewError as exc:
                self._say(word(exc))
            except Exception as exc:  # noqa: BLE001 - said, the window stays usable
                self._say(f"{layer.label(self.model.lang)}: {sentence(exc)}")
        i = self.layer_combo.findData(name) if name else -1
        if i != self.layer_combo.currentIndex():
            self.layer_combo.blockSignals(True)
            self.layer_combo.setCurrentIndex(i)
            self.layer_combo.blockSignals(False)
        if self.table is None:
            self.qmodel = None
            self.view.setModel(None)
            self._update_count()
            return False
        self.qmodel = TableModel(self.table, self._headers(layer), self)
        self.view.setModel(self.qmodel)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.selectionModel().selectionChanged.connect(self._view_selection)
        self.table.selection_changed.connect(self._model_selection)
        self.housing_check.setEnabled(layer.kind == "buildings")
        if layer.kind != "buildings":
            self.housing_check.setChecked(False)
        self.apply_filter()
        return True

    def _headers(self, layer: Layer) -> list[str]:
        """Column titles: the field's label in the user's language where one is known."""
        from layers.attributes import field_labels

        names = self.table.names if self.table else []
        try:
            labels = {f.column: f.label(self.model.lang) for f in
                      field_labels(layer.source.table or "")} if layer.source.in_cache else {}
        except ValueError:
            labels = {}
        return [labels.get(n) or n for n in names]

    # -- filter ------------------------------------------------------------------------------
    def apply_filter(self) -> None:
        """Filter by the expression and (buildings) the housing filter; errors are said."""
        if self.table is None or self.qmodel is None:
            return
        self._say("")
        self.qmodel.beginResetModel()
        try:
            housing = self._housing() if self.housing_check.isChecked() else None
            self.table.set_housing(housing)
            self.table.set_expression(self.filter_edit.text())
        except ValueError as exc:  # the expression's error says what and where
            self._say(word(exc) if isinstance(exc, CimviewError) else str(exc))
        finally:
            self.qmodel.endResetModel()
        self._model_selection(self.table.selected_fids())
        self._update_count()

    def _housing(self) -> Any:
        if self.housing_result is not None:
            return self.housing_result() if callable(self.housing_result) else \
                self.housing_result
        return self.model.colouring.filter if self.model is not None else None

    def _update_count(self) -> None:
        t = self.table
        self.count_label.setText("" if t is None else
                                 self.tr("{0} of {1} rows").format(f"{len(t):,}", f"{t.total:,}"))
        for b in (self.csv_button, self.xlsx_button):
            b.setEnabled(t is not None)

    def _say(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    # -- selection ---------------------------------------------------------------------------
    def _view_selection(self, *_: Any) -> None:
        if self._syncing or self.table is None:
            return
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        self._syncing = True
        try:
            self.table.select_rows(rows)
        finally:
            self._syncing = False

    def _model_selection(self, fids: Any) -> None:
        if self._syncing or self.table is None or self.qmodel is None:
            return
        sm = self.view.selectionModel()
        selection = QItemSelection()
        last = self.qmodel.columnCount() - 1
        rows = self.table.selected_rows()
        for row in rows:
            selection.select(self.qmodel.index(row, 0), self.qmodel.index(row, last))
        self._syncing = True
        try:
            sm.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect
                      | QItemSelectionModel.SelectionFlag.Rows)
            if rows:
                self.view.scrollTo(self.qmodel.index(rows[0], 0))
        finally:
            self._syncing = False

    def selected_rows(self) -> list[int]:
        return sorted({i.row() for i in self.view.selectionModel().selectedRows()}) \
            if self.view.selectionModel() else []

    # -- export ------------------------------------------------------------------------------
    def choose_export(self, fmt: str) -> None:
        if self.table is None:
            return
        suffix = f"*.{fmt}"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the attribute table"), f"{self.table.title}.{fmt}",
            (self.tr("CSV (Excel) files ({0})") if fmt == "csv"
             else self.tr("Excel workbooks ({0})")).format(suffix))
        if path:
            if not path.lower().endswith("." + fmt):
                path += "." + fmt
            self.export_to(path)

    def export_to(self, path: str) -> int | None:
        """Write the rows shown (or only the selection) to ``path``; the count, or None when it
        failed (said in the panel)."""
        if self.table is None:
            return None
        what = "selection" if self.selection_only.isChecked() else "shown"
        try:
            n = self.table.export(path, what)
        except (OSError, ValueError) as exc:
            said = sentence(exc)
            self._say(said if str(path) in said else f"{path}: {said}")
            return None
        self._say("")
        self.count_label.setText(self.tr("{0} rows written to {1}").format(f"{n:,}", path))
        return n


__all__ = ["AttributeTable", "TableModel", "has_table"]
