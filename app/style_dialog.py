"""The style dialog: how one layer is drawn (its :class:`layers.layer.Style`).

Mode single (one colour), categorised (a colour per value of a field) or graduated (a colour
per range of a numeric field); *Classify* makes the classes from the layer's values
(:func:`layers.render.categorise` and :func:`~layers.render.graduate`, on the chosen colour
ramp);
a class's colour is changed with a double-click (QColorDialog). Fill, outline, line width,
point size and the label field complete the style. *Apply* and *OK* set ``layer.style`` (the
model: every view follows); *Cancel* leaves the layer as it was (applied changes stay).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.legend import swatch
from layers.layer import RGB, STYLE_MODES, Layer, Style, StyleClass
from layers.style import is_zh


def categorise(values: Sequence[Any], ramp: str | None = None) -> tuple[StyleClass, ...]:
    """One class per distinct value (:func:`layers.render.categorise`)."""
    from layers import render

    return render.categorise(values, ramp)


def graduate(values: Sequence[Any], n: int = 5, ramp: str | None = None,
             method: str = "quantile") -> tuple[StyleClass, ...]:
    """``n`` ranges over the numeric values (:func:`layers.render.graduate`)."""
    from layers import render

    return render.graduate(values, n, method, ramp or render.DEFAULT_GRADUATED_RAMP)


# -- the dialog --------------------------------------------------------------------------------
class StyleDialog(QDialog):
    """Edit a layer's style; Apply/OK set it on the layer."""

    def _field_text(self, name: str) -> str:
        """A field as the user reads it: its label (and column) for cimview's own tables."""
        from layers.attributes import field_labels
        from store.schema import LAYERS

        table = self.layer.source.table if self.layer.source.in_cache else None
        if table in LAYERS:
            for f in field_labels(table):
                if f.column == name:
                    return f"{f.label(self.lang)} ({name})"
        return name

    def __init__(self, layer: Layer, model: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layer = layer
        self.model = model
        self.lang = getattr(model, "lang", "zh_CN")
        self.setWindowTitle(self.tr("Style of {0}").format(layer.label(self.lang)))
        self._columns: dict[str, list[Any]] | None = None
        style = layer.style
        self._rgb: RGB = style.rgb
        self._outline: RGB = style.outline or (60, 60, 60)
        self._classes: list[StyleClass] = list(style.classes)

        self.mode = QComboBox()
        for mode, text in (("single", self.tr("Single colour")),
                           ("categorised", self.tr("Categorised (a colour per value)")),
                           ("graduated", self.tr("Graduated (a colour per range)"))):
            self.mode.addItem(text, mode)
        self.field = QComboBox()
        self.label_field = QComboBox()
        self.label_field.addItem(self.tr("(no labels)"), None)
        for name in self.fields():
            shown = self._field_text(name)
            self.field.addItem(shown, name)
            self.label_field.addItem(shown, name)
        self.colour_button = QPushButton()
        self.colour_button.clicked.connect(self._choose_colour)
        self.count = QSpinBox()
        self.count.setRange(2, 12)
        self.count.setValue(max(2, min(12, len(self._classes) or 5)))
        self.ramp = QComboBox()
        self.ramp.addItem(self.tr("(default ramp)"), None)
        from layers import render

        zh = is_zh(self.lang)
        for name, r in render.ramps().items():
            self.ramp.addItem((r.label_zh if zh else r.label_en) or name, name)
        self.classify_button = QPushButton(self.tr("Classify"))
        self.classify_button.setToolTip(self.tr("Make the classes from the field's values"))
        self.classify_button.clicked.connect(self.classify)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([self.tr("Colour"), self.tr("Value or range")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.cellDoubleClicked.connect(lambda row, _col: self._choose_class_colour(row))
        self.fill = QCheckBox(self.tr("Fill polygons"))
        self.outline = QCheckBox(self.tr("Outline"))
        self.outline_button = QPushButton()
        self.outline_button.clicked.connect(self._choose_outline)
        self.line_width = QDoubleSpinBox()
        self.line_width.setRange(0.1, 50)
        self.line_width.setSuffix(" px")
        self.point_size = QDoubleSpinBox()
        self.point_size.setRange(1, 100)
        self.point_size.setSuffix(" px")

        classes_row = QHBoxLayout()
        classes_row.addWidget(QLabel(self.tr("Classes:")))
        classes_row.addWidget(self.count)
        classes_row.addWidget(self.ramp)
        classes_row.addWidget(self.classify_button)
        classes_row.addStretch(1)
        outline_row = QHBoxLayout()
        outline_row.addWidget(self.outline)
        outline_row.addWidget(self.outline_button)
        outline_row.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("Mode:"), self.mode)
        form.addRow(self.tr("Colour:"), self.colour_button)
        form.addRow(self.tr("Field:"), self.field)
        form.addRow(classes_row)
        form.addRow(self.table)
        form.addRow(self.fill)
        form.addRow(outline_row)
        form.addRow(self.tr("Line width:"), self.line_width)
        form.addRow(self.tr("Point size:"), self.point_size)
        form.addRow(self.tr("Label field:"), self.label_field)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Apply
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(self.apply)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self.show_style(style)

    # -- reading the layer ---------------------------------------------------------------------
    def _load(self) -> dict[str, list[Any]]:
        """The layer's fields and values (read once; none when it has no table)."""
        if self._columns is None:
            self._columns = {}
            if self.model is not None:
                from layers.table import LayerTable

                try:
                    table = LayerTable.of_layer(self.model, self.layer)
                    table.close()
                    self._columns = table.columns
                except Exception:  # noqa: BLE001 - no fields to offer; the style still edits
                    self._columns = {}
        return self._columns

    def fields(self) -> list[str]:
        return list(self._load())

    # -- widgets ↔ style ------------------------------------------------------------------------
    def show_style(self, style: Style) -> None:
        self.mode.setCurrentIndex(max(0, STYLE_MODES.index(style.mode)))
        if style.field:
            if self.field.findData(style.field) < 0:
                self.field.addItem(style.field, style.field)
            self.field.setCurrentIndex(self.field.findData(style.field))
        self._rgb = style.rgb
        self._classes = list(style.classes)
        self.fill.setChecked(style.fill)
        self.outline.setChecked(style.outline is not None)
        self._outline = style.outline or self._outline
        self.line_width.setValue(style.line_width)
        self.point_size.setValue(style.point_size)
        i = self.label_field.findData(style.label_field) if style.label_field else 0
        if i < 0:
            self.label_field.addItem(style.label_field, style.label_field)
            i = self.label_field.count() - 1
        self.label_field.setCurrentIndex(i)
        self._show_colours()
        self._show_classes()
        self._mode_changed()

    def style(self) -> Style:
        """The style the widgets say (the layer's other settings kept)."""
        mode = self.mode.currentData()
        return self.layer.style.with_(
            mode=mode, rgb=self._rgb,
            field=self.field.currentData() if mode != "single" else self.layer.style.field,
            classes=tuple(self._classes) if mode != "single" else self.layer.style.classes,
            fill=self.fill.isChecked(),
            outline=self._outline if self.outline.isChecked() else None,
            line_width=float(self.line_width.value()),
            point_size=float(self.point_size.value()),
            label_field=self.label_field.currentData())

    def _mode_changed(self) -> None:
        single = self.mode.currentData() == "single"
        for w in (self.field, self.count, self.ramp, self.classify_button, self.table):
            w.setEnabled(not single)

    def _show_colours(self) -> None:
        self.colour_button.setIcon(swatch(self._rgb))
        self.colour_button.setText(_hex(self._rgb))
        self.outline_button.setIcon(swatch(self._outline))
        self.outline_button.setText(_hex(self._outline))

    def _show_classes(self) -> None:
        zh = is_zh(self.lang)
        self.table.setRowCount(len(self._classes))
        for row, c in enumerate(self._classes):
            colour = QTableWidgetItem(swatch(c.rgb), _hex(c.rgb))
            text = (c.label_zh if zh and c.label_zh else c.label) or str(c.value)
            self.table.setItem(row, 0, colour)
            self.table.setItem(row, 1, QTableWidgetItem(text))

    # -- actions -----------------------------------------------------------------------------
    def classify(self) -> None:
        """Make the classes from the chosen field's values (categorise or graduate)."""
        name = self.field.currentData()
        values = self._load().get(name, []) if name else []
        ramp = self.ramp.currentData()
        if self.mode.currentData() == "graduated":
            self._classes = list(graduate(values, self.count.value(), ramp))
        else:
            self._classes = list(categorise(values, ramp))
        self._show_classes()

    def set_class_colour(self, row: int, rgb: RGB) -> None:
        c = self._classes[row]
        self._classes[row] = StyleClass(tuple(rgb), c.label, c.value, c.low, c.high, c.label_zh)
        self._show_classes()

    def set_colour(self, rgb: RGB) -> None:
        self._rgb = tuple(rgb)  # type: ignore[assignment]
        self._show_colours()

    def _pick(self, rgb: RGB) -> RGB | None:
        colour = QColorDialog.getColor(QColor(*rgb), self, self.tr("Colour"))
        return (colour.red(), colour.green(), colour.blue()) if colour.isValid() else None

    def _choose_colour(self) -> None:
        rgb = self._pick(self._rgb)
        if rgb:
            self.set_colour(rgb)

    def _choose_outline(self) -> None:
        rgb = self._pick(self._outline)
        if rgb:
            self._outline = rgb
            self.outline.setChecked(True)
            self._show_colours()

    def _choose_class_colour(self, row: int) -> None:
        if 0 <= row < len(self._classes):
            rgb = self._pick(self._classes[row].rgb)
            if rgb:
                self.set_class_colour(row, rgb)

    def apply(self) -> None:
        """Set the layer's style (the model) to what the dialog shows."""
        self.layer.style = self.style()

    def accept(self) -> None:
        self.apply()
        super().accept()


def _hex(rgb: RGB) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


__all__ = ["StyleDialog", "categorise", "graduate"]
