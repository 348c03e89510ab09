"""The BIM dock: the loaded model's elements, the reviewer's tools and its georeferencing.

From top to bottom: the file and the load report ("1090 elements, 3 failed" — a click on the
failures lists them), the georeferencing (method, CRS, origin, rotation, scale, anomalies;
"approximate" in orange), the tools (X-ray, storey isolation, section plane, comparison with the
white model, manual placement) and the element tree in two tabs: by spatial structure (project,
site, building, storey, elements) and by class (``IfcWall (56)``, each expandable to its
elements; the checkbox hides or shows the class).

The panel only shows and asks: it emits signals (element_selected, class_toggled, …) and the
main window acts on the scene. ``select_element`` selects in the trees without emitting.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSlider,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from layers import palette

ELEMENT_ROLE = Qt.ItemDataRole.UserRole  # an element item's IFC id
CLASS_ROLE = Qt.ItemDataRole.UserRole + 1  # a class item's IFC class name
APPROXIMATE_RGB = palette.rgb("approximate")
SLIDER_STEPS = 1000
#: Spatial containers: in the spatial tab as branches, not listed in the class tab unless drawn.
SPATIAL = ("IfcProject", "IfcSite", "IfcBuilding", "IfcBuildingStorey", "IfcSpatialZone",
           "IfcFacility", "IfcFacilityPart", "IfcBridge", "IfcRoad", "IfcRailway")


def element_label(element: Any) -> str:
    """An element in the trees: its name (or #id) and its class."""
    name = element.name or f"#{element.id}"
    return f"{name} ({element.ifc_class})"


class FailuresDialog(QDialog):
    """The elements whose geometry could not be made, with the reason (not modal)."""

    def __init__(self, failed: list[dict[str, Any]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Elements without geometry"))
        layout = QVBoxLayout(self)
        self.table = QTableWidget(len(failed), 4, self)
        self.table.setHorizontalHeaderLabels([self.tr("Id"), self.tr("Class"), self.tr("Name"),
                                              self.tr("Problem")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        for row, f in enumerate(failed):
            values = (f"#{f.get('id', '')}", str(f.get("class") or ""), str(f.get("name") or ""),
                      str(f.get("error") or ""))
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, parent=self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 360)

    def rows(self) -> list[list[str]]:
        return [[self.table.item(r, c).text() for c in range(self.table.columnCount())]
                for r in range(self.table.rowCount())]


class PlacementDialog(QDialog):
    """Manual placement: where the centre of the model's plan goes (picked in the 3D view or
    typed), its rotation and the height of its project elevation 0. Not modal: each change is
    applied live through ``changed``; OK saves it with the model (``accepted``)."""

    changed = Signal()
    pick_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Place BIM manually"))
        self.setModal(False)
        form = QFormLayout(self)
        self.hint = QLabel(self.tr("Click “Pick on map”, then click the spot in the 3D view "
                                   "where the centre of the building goes."))
        self.hint.setWordWrap(True)
        form.addRow(self.hint)
        self.x = self._spin(-1e8, 1e8, 2, " m")
        self.y = self._spin(-1e8, 1e8, 2, " m")
        self.rotation = self._spin(-360.0, 360.0, 2, " °")
        self.elevation = self._spin(-1000.0, 9000.0, 2, " m")
        self.pick_button = QPushButton(self.tr("Pick on map"))
        self.pick_button.setCheckable(True)
        self.pick_button.clicked.connect(self._pick_clicked)
        self.ground_button = QPushButton(self.tr("On the terrain"))
        self.ground_button.setToolTip(self.tr("Set the elevation to the terrain height at the "
                                              "point"))
        form.addRow(self.tr("Easting (X)"), self.x)
        form.addRow(self.tr("Northing (Y)"), self.y)
        form.addRow(self.pick_button)
        form.addRow(self.tr("Rotation (counter-clockwise from east)"), self.rotation)
        row = QHBoxLayout()
        row.addWidget(self.elevation, 1)
        row.addWidget(self.ground_button)
        form.addRow(self.tr("Elevation of ±0.000"), row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel, parent=self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        for spin in (self.x, self.y, self.rotation, self.elevation):
            spin.valueChanged.connect(self._changed)
        self._quiet = False

    @staticmethod
    def _spin(lo: float, hi: float, decimals: int, suffix: str) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(lo, hi)
        spin.setDecimals(decimals)
        spin.setSuffix(suffix)
        spin.setKeyboardTracking(False)
        return spin

    def set_values(self, x: float, y: float, rotation: float, elevation: float) -> None:
        """Fill the fields without emitting ``changed``."""
        self._quiet = True
        try:
            self.x.setValue(x)
            self.y.setValue(y)
            self.rotation.setValue(rotation)
            self.elevation.setValue(elevation)
        finally:
            self._quiet = False

    def values(self) -> tuple[float, float, float, float]:
        return (self.x.value(), self.y.value(), self.rotation.value(), self.elevation.value())

    def _changed(self, *_: Any) -> None:
        if not self._quiet:
            self.changed.emit()

    def _pick_clicked(self, on: bool) -> None:
        if on:
            self.pick_requested.emit()


class BimPanel(QWidget):
    """The BIM dock's content (see the module docstring)."""

    element_selected = Signal(int)
    class_toggled = Signal(str, bool)
    storey_changed = Signal(int)  # storey id, -1 for all storeys
    xray_toggled = Signal(bool)
    section_changed = Signal()  # read ``section()``
    compare_toggled = Signal(bool)
    place_requested = Signal()
    close_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model: Any = None
        self.mesh: Any = None
        self.failures_dialog: FailuresDialog | None = None
        self._syncing = False
        self._items: dict[str, dict[int, QTreeWidgetItem]] = {"spatial": {}, "classes": {}}
        self._class_items: dict[str, QTreeWidgetItem] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)

        self.title = QLabel(self.tr("No BIM model: File ▸ Open BIM…, or drop an .ifc file on "
                                    "the window"))
        self.title.setWordWrap(True)
        font = QFont(self.title.font())
        font.setBold(True)
        self.title.setFont(font)
        self.report = QLabel()
        self.report.setWordWrap(True)
        self.report.linkActivated.connect(self._link)
        layout.addWidget(self.title)
        layout.addWidget(self.report)

        self.georef_status = QLabel()
        self.georef_status.setWordWrap(True)
        layout.addWidget(self.georef_status)

        tools = QGroupBox(self.tr("Review"))
        grid = QVBoxLayout(tools)
        grid.setContentsMargins(6, 4, 6, 4)
        self.xray = QCheckBox(self.tr("X-ray"))
        self.xray.setToolTip(self.tr("Everything but the selected element translucent"))
        self.xray.toggled.connect(self.xray_toggled)
        self.compare = QCheckBox(self.tr("Compare with white model"))
        self.compare.setToolTip(self.tr("Show the white models the BIM replaces"))
        self.compare.toggled.connect(self.compare_toggled)
        row = QHBoxLayout()
        row.addWidget(self.xray)
        row.addWidget(self.compare, 1)
        grid.addLayout(row)
        self.storeys = QComboBox()
        self.storeys.currentIndexChanged.connect(self._storey_changed)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Storey")))
        row.addWidget(self.storeys, 1)
        grid.addLayout(row)
        self.section_on = QCheckBox(self.tr("Section"))
        self.section_on.setToolTip(self.tr("Cut the model with a plane"))
        self.section_on.toggled.connect(self._section_changed)
        self.section_dir = QComboBox()
        self.section_dir.addItem(self.tr("Horizontal"), "horizontal")
        self.section_dir.addItem(self.tr("Vertical"), "vertical")
        self.section_dir.currentIndexChanged.connect(self._section_changed)
        self.section_slider = QSlider(Qt.Orientation.Horizontal)
        self.section_slider.setRange(0, SLIDER_STEPS)
        self.section_slider.setValue(SLIDER_STEPS // 2)
        self.section_slider.valueChanged.connect(self._section_changed)
        self.section_value = QLabel()
        self.section_value.setMinimumWidth(90)
        row = QHBoxLayout()
        row.addWidget(self.section_on)
        row.addWidget(self.section_dir)
        row.addWidget(self.section_slider, 1)
        row.addWidget(self.section_value)
        grid.addLayout(row)
        self.replaced = QLabel()
        self.place_button = QPushButton(self.tr("Place manually…"))
        self.place_button.clicked.connect(self.place_requested)
        self.close_button = QPushButton(self.tr("Close model"))
        self.close_button.clicked.connect(self.close_requested)
        row = QHBoxLayout()
        row.addWidget(self.replaced, 1)
        row.addWidget(self.place_button)
        row.addWidget(self.close_button)
        grid.addLayout(row)
        layout.addWidget(tools)

        self.tabs = QTabWidget()
        self.spatial_tree = self._tree()
        self.class_tree = self._tree()
        self.class_tree.itemChanged.connect(self._class_checked)
        self.class_tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.class_tree.customContextMenuRequested.connect(self._class_menu)
        self.georef_box = QWidget()
        form = QFormLayout(self.georef_box)
        self.georef_labels: dict[str, QLabel] = {}
        for key, title in (("method", self.tr("Method")), ("crs", self.tr("CRS")),
                           ("origin", self.tr("Origin")), ("rotation", self.tr("Rotation")),
                           ("scale", self.tr("Scale")), ("anomalies", self.tr("Anomalies"))):
            label = QLabel()
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.georef_labels[key] = label
            form.addRow(title, label)
        self.tabs.addTab(self.spatial_tree, self.tr("Spatial structure"))
        self.tabs.addTab(self.class_tree, self.tr("Classes"))
        self.tabs.addTab(self.georef_box, self.tr("Georeferencing"))
        layout.addWidget(self.tabs, 1)
        self._enable(False)

    def _tree(self) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setHeaderHidden(True)
        tree.setUniformRowHeights(True)
        tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        tree.itemSelectionChanged.connect(self._selection_changed)
        return tree

    def _enable(self, on: bool) -> None:
        for w in (self.xray, self.storeys, self.section_on, self.section_dir,
                  self.section_slider, self.compare, self.place_button, self.close_button,
                  self.tabs):
            w.setEnabled(on)

    # -- filling -------------------------------------------------------------------------------
    def clear(self) -> None:
        """No model."""
        self.model = self.mesh = None
        for w in (self.xray, self.section_on, self.compare):
            w.blockSignals(True)
            w.setChecked(False)
            w.blockSignals(False)
        self.storeys.blockSignals(True)
        self.storeys.clear()
        self.storeys.blockSignals(False)
        self.spatial_tree.clear()
        self.class_tree.clear()
        self._items = {"spatial": {}, "classes": {}}
        self._class_items = {}
        self.title.setText(self.tr("No BIM model: File ▸ Open BIM…, or drop an .ifc file on "
                                   "the window"))
        self.report.setText("")
        self.replaced.setText("")
        self.section_value.setText("")
        for label in self.georef_labels.values():
            label.setText("")
        self.georef_status.setText("")
        self._enable(False)

    def set_model(self, model: Any, mesh: Any) -> None:
        """Show a loaded model (store.bim.model.BimModel) drawn as mesh (viewer BimMesh)."""
        self.clear()
        self.model, self.mesh = model, mesh
        from pathlib import Path

        self.title.setText(f"{Path(model.path).name}  ({model.schema})")
        self._fill_report(model.report)
        self._fill_spatial(model)
        self._fill_classes(model, mesh)
        self._fill_storeys(model)
        self._enable(True)
        self._section_label()

    def _fill_report(self, report: Any) -> None:
        n_failed = len(report.failed)
        text = self.tr("{0} elements with geometry").format(report.tessellated)
        if n_failed:
            text += self.tr(", <a href=\"failures\">{0} failed</a>").format(n_failed)
        else:
            text += self.tr(", none failed")
        text += self.tr(" — {0:.1f} s").format(report.seconds)
        if report.from_cache:
            text += self.tr(" (from the cache)")
        self.report.setText(text)
        tips = list(report.warnings)
        self.report.setToolTip("\n".join(tips))

    def report_text(self) -> str:
        """The load report line as plain text."""
        import re

        return re.sub(r"<[^>]+>", "", self.report.text())

    def _link(self, link: str) -> None:
        if link == "failures":
            self.show_failures()

    def show_failures(self) -> FailuresDialog | None:
        """The list of elements that failed (not modal); None when none failed."""
        if self.model is None or not self.model.report.failed:
            return None
        self.failures_dialog = FailuresDialog(self.model.report.failed, self)
        self.failures_dialog.open()
        return self.failures_dialog

    def _fill_spatial(self, model: Any) -> None:
        elements = model.elements
        children: dict[int | None, list[Any]] = {}
        for e in elements.values():
            parent = e.parent if e.parent in elements else None
            children.setdefault(parent, []).append(e)
        z = self._storey_heights(model)
        items = self._items["spatial"]

        def order(e: Any) -> tuple:
            spatial = e.ifc_class in SPATIAL
            return (not spatial, z.get(e.id, math.inf) if spatial else 0.0,
                    e.ifc_class if not spatial else "", e.name or "", e.id)

        def add(parent_item: Any, e: Any) -> None:
            item = QTreeWidgetItem([element_label(e)])
            item.setData(0, ELEMENT_ROLE, int(e.id))
            if e.ifc_class in SPATIAL:
                font = QFont(item.font(0))
                font.setBold(e.ifc_class == "IfcBuildingStorey")
                item.setFont(0, font)
            if not e.has_geometry and e.ifc_class not in SPATIAL:
                item.setForeground(0, QColor(*palette.rgb("unmatched")))
            items[int(e.id)] = item
            (parent_item.addChild if parent_item is not None else
             self.spatial_tree.addTopLevelItem)(item)
            for c in sorted(children.get(e.id, []), key=order):
                add(item, c)

        for root in sorted(children.get(None, []), key=order):
            add(None, root)
        # the project, site, building and storeys open; storeys' elements closed
        for item in items.values():
            cls = elements[int(item.data(0, ELEMENT_ROLE))].ifc_class
            if cls in SPATIAL and cls != "IfcBuildingStorey":
                item.setExpanded(True)

    def _storey_heights(self, model: Any) -> dict[int, float]:
        """The lowest point of each storey's elements (world z), to sort storeys."""
        out: dict[int, float] = {}
        mesh = self.mesh
        if mesh is None or not mesh.n_cells:
            return out
        import numpy as np
        from vtk.util.numpy_support import vtk_to_numpy

        z = vtk_to_numpy(mesh.mesh.GetPoints().GetData())[:, 2]
        tri = vtk_to_numpy(mesh.mesh.GetPolys().GetConnectivityArray()).reshape(-1, 3)
        cz = z[tri].min(axis=1)
        for storey in np.unique(mesh.cell_storey):
            if storey >= 0:
                out[int(storey)] = float(np.median(cz[mesh.cell_storey == storey]))
        return out

    def _fill_classes(self, model: Any, mesh: Any) -> None:
        by_class: dict[str, list[Any]] = {}
        drawn = set(mesh.classes) if mesh is not None else set()
        for e in model.elements.values():
            if e.ifc_class in SPATIAL and e.ifc_class not in drawn:
                continue
            by_class.setdefault(e.ifc_class, []).append(e)
        hidden = mesh.hidden_classes if mesh is not None else set()
        items = self._items["classes"]
        self.class_tree.blockSignals(True)
        for cls in sorted(by_class):
            members = sorted(by_class[cls], key=lambda e: (e.name or "", e.id))
            top = QTreeWidgetItem([f"{cls} ({len(members)})"])
            top.setData(0, CLASS_ROLE, cls)
            top.setFlags(top.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            top.setCheckState(0, Qt.CheckState.Unchecked if cls in hidden
                              else Qt.CheckState.Checked)
            self.class_tree.addTopLevelItem(top)
            self._class_items[cls] = top
            for e in members:
                item = QTreeWidgetItem([element_label(e)])
                item.setData(0, ELEMENT_ROLE, int(e.id))
                if not e.has_geometry:
                    item.setForeground(0, QColor(*palette.rgb("unmatched")))
                items[int(e.id)] = item
                top.addChild(item)
        self.class_tree.blockSignals(False)

    def _fill_storeys(self, model: Any) -> None:
        z = self._storey_heights(model)
        storeys = sorted((e for e in model.elements.values()
                          if e.ifc_class == "IfcBuildingStorey"),
                         key=lambda e: (z.get(e.id, math.inf), e.id))
        self.storeys.blockSignals(True)
        self.storeys.clear()
        self.storeys.addItem(self.tr("All storeys"), -1)
        for s in storeys:
            self.storeys.addItem(s.name or f"#{s.id}", int(s.id))
        self.storeys.blockSignals(False)

    def show_georef(self, rows: dict[str, str], status: str, approximate: bool) -> None:
        """Fill the georeferencing box: rows by key (method, crs, origin, rotation, scale,
        anomalies) and a status line, orange when the placement is approximate."""
        for key, label in self.georef_labels.items():
            label.setText(rows.get(key, ""))
        self.georef_status.setText(status)
        colour = "rgb({},{},{})".format(*APPROXIMATE_RGB) if approximate else "palette(text)"
        self.georef_status.setStyleSheet(f"color: {colour}; font-weight: bold;")
        self.georef_status.setProperty("approximate", approximate)

    def georef_text(self, key: str) -> str:
        if key == "status":
            return self.georef_status.text()
        return self.georef_labels[key].text()

    def is_approximate(self) -> bool:
        return bool(self.georef_status.property("approximate"))

    def set_replaced(self, n: int) -> None:
        """How many white models the BIM replaces (hidden unless comparing)."""
        self.replaced.setText(self.tr("White models under the BIM: {0}").format(n) if n else
                              self.tr("No white model under the BIM"))

    # -- trees ---------------------------------------------------------------------------------
    def element_item(self, element: int, tab: str = "spatial") -> QTreeWidgetItem | None:
        return self._items[tab].get(int(element))

    def class_item(self, ifc_class: str) -> QTreeWidgetItem | None:
        return self._class_items.get(ifc_class)

    def selected_element(self) -> int | None:
        tree = self.current_tree()
        item = tree.currentItem() if tree.selectedItems() else None
        value = item.data(0, ELEMENT_ROLE) if item is not None else None
        return int(value) if value is not None else None

    def current_tree(self) -> QTreeWidget:
        return self.class_tree if self.tabs.currentWidget() is self.class_tree \
            else self.spatial_tree

    def select_element(self, element: int | None) -> None:
        """Select an element in both trees (shown, parents expanded) without emitting."""
        self._syncing = True
        try:
            for tab, tree in (("spatial", self.spatial_tree), ("classes", self.class_tree)):
                item = self._items[tab].get(int(element)) if element is not None else None
                tree.clearSelection()
                if item is None:
                    continue
                parent = item.parent()
                while parent is not None:
                    parent.setExpanded(True)
                    parent = parent.parent()
                tree.setCurrentItem(item)
                item.setSelected(True)
                tree.scrollToItem(item)
        finally:
            self._syncing = False

    def _selection_changed(self) -> None:
        if self._syncing:
            return
        tree = self.sender()
        if not isinstance(tree, QTreeWidget):
            return
        items = tree.selectedItems()
        if not items:
            return
        value = items[0].data(0, ELEMENT_ROLE)
        if value is None:
            return
        self.select_element(int(value))  # the other tab follows
        self.element_selected.emit(int(value))

    def _class_checked(self, item: QTreeWidgetItem, _column: int) -> None:
        cls = item.data(0, CLASS_ROLE)
        if cls is not None:
            self.class_toggled.emit(str(cls), item.checkState(0) == Qt.CheckState.Checked)

    def set_class_checked(self, ifc_class: str, on: bool) -> None:
        """Check or uncheck a class as the user does (emits class_toggled)."""
        item = self._class_items.get(ifc_class)
        if item is not None:
            item.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def isolate_class(self, ifc_class: str | None) -> None:
        """Show only this class (None: show every class again), as the context menu does."""
        for cls in self._class_items:
            self.set_class_checked(cls, ifc_class is None or cls == ifc_class)

    def _class_menu(self, pos: Any) -> None:
        item = self.class_tree.itemAt(pos)
        cls = None
        while item is not None and cls is None:  # an element row: its class row decides
            cls = item.data(0, CLASS_ROLE)
            item = item.parent()
        menu = QMenu(self)
        if cls is not None:
            menu.addAction(self.tr("Show only {0}").format(cls)).triggered.connect(
                self._isolate_from_menu)
            menu.actions()[0].setData(str(cls))
        menu.addAction(self.tr("Show all classes")).triggered.connect(self._show_all_classes)
        menu.popup(self.class_tree.viewport().mapToGlobal(pos))

    def _isolate_from_menu(self) -> None:
        action = self.sender()
        if action is not None:
            self.isolate_class(str(action.data()))

    def _show_all_classes(self) -> None:
        self.isolate_class(None)

    # -- storey, section -----------------------------------------------------------------------
    def set_storey(self, storey: int | None) -> None:
        """Choose a storey in the combo as the user does (None: all)."""
        index = self.storeys.findData(-1 if storey is None else int(storey))
        if index >= 0:
            self.storeys.setCurrentIndex(index)

    def _storey_changed(self, index: int) -> None:
        value = self.storeys.itemData(index)
        self.storey_changed.emit(int(value) if value is not None else -1)

    def set_section(self, on: bool, fraction: float | None = None,
                    orientation: str | None = None) -> None:
        """Set the section plane as the user does (one section_changed per call)."""
        widgets = (self.section_on, self.section_dir, self.section_slider)
        for w in widgets:
            w.blockSignals(True)
        try:
            self.section_on.setChecked(on)
            if orientation is not None:
                self.section_dir.setCurrentIndex(max(self.section_dir.findData(orientation), 0))
            if fraction is not None:
                self.section_slider.setValue(round(min(max(fraction, 0.0), 1.0) * SLIDER_STEPS))
        finally:
            for w in widgets:
                w.blockSignals(False)
        self._section_changed()

    def section(self) -> tuple[str, float] | None:
        """(orientation, world value: a height, or a distance along the model's x axis), or
        None when the section plane is off."""
        if not self.section_on.isChecked() or self.mesh is None:
            return None
        orientation = self.section_dir.currentData() or "horizontal"
        lo, hi = (self.mesh.z_range() if orientation == "horizontal"
                  else self.mesh.axis_range())
        t = self.section_slider.value() / SLIDER_STEPS
        return orientation, lo + t * (hi - lo)

    def _section_label(self) -> None:
        s = self.section()
        if s is None or self.mesh is None:
            self.section_value.setText("")
            return
        orientation, value = s
        if orientation == "horizontal":
            self.section_value.setText(self.tr("{0:.2f} m").format(value))
        else:
            lo = self.mesh.axis_range()[0]
            self.section_value.setText(self.tr("{0:.2f} m along x").format(value - lo))

    def _section_changed(self, *_: Any) -> None:
        self._section_label()
        self.section_changed.emit()
