"""The housing-stock panel (房屋): colour the buildings by a housing attribute, filter them.

Signals carry plain layers/ objects: ``theme_changed`` a layers.style.Classification (None: back
to white models), ``filter_changed`` a layers.housing.FilterResult (None: no filter). The main
window turns them into Scene.color_buildings calls. The panel reads the cache it is given with
:meth:`HousingPanel.set_cache`; the caller keeps that cache open while the panel is in use.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.legend import LegendWidget
from layers import housing
from layers.housing import FilterResult, HousingFilter
from layers.style import Classification, read_values
from store.cache import Cache

GRADES = ("A", "B", "C", "D")


class HousingPanel(QWidget):
    """A theme combo, a grade / year filter with Apply and Clear, the match count and a legend."""

    theme_changed = Signal(object)  # Classification | None
    filter_changed = Signal(object)  # FilterResult | None

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.cache: Cache | None = None
        self.lang = "zh_CN"
        self.classification: Classification | None = None
        self.result: FilterResult | None = None
        #: what the buildings show while a filter is on: the matches in the legend's colours
        self.filtered: Classification | None = None

        self.theme_combo = QComboBox()
        for attribute, label in (
                (None, self.tr("White model (no theme)")),
                ("safety_grade", self.tr("Safety grade")),
                ("year_built", self.tr("Year built")),
                ("age", self.tr("Age at the time shown")),
                ("structure_code", self.tr("Structure")),
                ("tenure", self.tr("Tenure")),
                ("floors", self.tr("Floors"))):
            self.theme_combo.addItem(label, attribute)
        self.theme_combo.currentIndexChanged.connect(self._on_theme)

        self.grade_boxes: dict[str, QCheckBox] = {}
        grades = QHBoxLayout()
        for g in GRADES:
            box = QCheckBox(g)
            box.setToolTip(self.tr("Safety grade {0} (JGJ 125)").format(g))
            self.grade_boxes[g] = box
            grades.addWidget(box)
        grades.addStretch(1)
        self.before_check = QCheckBox(self.tr("Built before"))
        self.before_spin = QSpinBox()
        self.before_spin.setRange(1800, 2100)
        self.before_spin.setValue(1990)
        self.before_spin.setEnabled(False)
        self.before_check.toggled.connect(self.before_spin.setEnabled)
        year = QHBoxLayout()
        year.addWidget(self.before_check)
        year.addWidget(self.before_spin)
        year.addStretch(1)
        self.apply_button = QPushButton(self.tr("Apply"))
        self.clear_button = QPushButton(self.tr("Clear"))
        self.apply_button.clicked.connect(self.apply_filter)
        self.clear_button.clicked.connect(self.clear_filter)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.clear_button)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.describe_label = QLabel()
        self.describe_label.setWordWrap(True)

        filter_box = QGroupBox(self.tr("Filter"))
        form = QFormLayout(filter_box)
        form.addRow(self.tr("Safety grade:"), grades)
        form.addRow(year)
        form.addRow(buttons)
        form.addRow(self.describe_label)
        form.addRow(self.result_label)

        self.legend = LegendWidget()
        theme_row = QFormLayout()
        theme_row.addRow(self.tr("Style:"), self.theme_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(theme_row)
        layout.addWidget(filter_box)
        layout.addWidget(self.legend, 1)
        self.setEnabled(False)

    # -- cache ---------------------------------------------------------------------------------
    def set_cache(self, cache: Cache | None, lang: str = "zh_CN") -> None:
        """Work on this (open) cache; resets the theme and the filter without emitting."""
        self.cache, self.lang = cache, lang
        self.classification = self.result = self.filtered = None
        self.theme_combo.blockSignals(True)
        self.theme_combo.setCurrentIndex(0)
        self.theme_combo.blockSignals(False)
        self._reset_filter_controls()
        self.legend.clear()
        self.setEnabled(cache is not None)

    # -- theme ---------------------------------------------------------------------------------
    def theme(self) -> str | None:
        """The chosen housing attribute (layers.housing.ATTRIBUTES), None for white models."""
        return self.theme_combo.currentData()

    def set_theme(self, attribute: str | None) -> None:
        """Choose a theme by attribute (None: white models); emits theme_changed."""
        index = self.theme_combo.findData(attribute)
        if index < 0:
            raise ValueError(f"unknown housing theme {attribute!r}")
        if index == self.theme_combo.currentIndex():
            self._on_theme(index)
        else:
            self.theme_combo.setCurrentIndex(index)

    def _on_theme(self, _index: int) -> None:
        attribute = self.theme()
        if attribute is None or self.cache is None:
            self.classification = None
            self.legend.clear()
        else:
            self.classification = housing.classify(self.cache, attribute)
            self.legend.show_classification(self.classification, self.lang)
        self.theme_changed.emit(self.classification)
        if self.result is not None:  # the filter stays on, now in this theme's colours
            self.apply_filter()

    def time_changed(self) -> None:
        """The map shows another time or scenario: the theme and filter as they were then."""
        if self.cache is None:
            return
        if self.theme() is not None:
            self._on_theme(self.theme_combo.currentIndex())  # re-applies the filter too
        elif self.result is not None:
            self.apply_filter()

    # -- filter --------------------------------------------------------------------------------
    def current_filter(self) -> HousingFilter:
        """The filter the controls describe (no grade ticked: no grade condition)."""
        grades = {g for g, box in self.grade_boxes.items() if box.isChecked()}
        before = self.before_spin.value() if self.before_check.isChecked() else None
        return HousingFilter(grades=frozenset(grades) or None, built_before=before)

    def set_filter(self, grades: set[str] | None = None, built_before: int | None = None) -> None:
        """Set the controls (does not apply)."""
        for g, box in self.grade_boxes.items():
            box.setChecked(bool(grades) and g in {x.upper() for x in grades or ()})
        self.before_check.setChecked(built_before is not None)
        if built_before is not None:
            self.before_spin.setValue(int(built_before))

    def apply_filter(self) -> FilterResult | None:
        """Evaluate the filter, show "N of M buildings match" and emit filter_changed.

        An empty filter (nothing ticked) is the same as Clear."""
        flt = self.current_filter()
        if self.cache is None or flt.is_empty():
            self.clear_filter()
            return None
        self.result = housing.apply(self.cache, flt)
        fids, _ = read_values(self.cache, "buildings", [])
        self.filtered = housing.filtered(self.result, fids, self.classification,
                                         flt.describe("zh_CN"), flt.describe("en"))
        self.legend.show_classification(self.filtered, self.lang)
        self.describe_label.setText(flt.describe(self.lang))
        self.result_label.setText(self.count_text(self.result))
        self.filter_changed.emit(self.result)
        return self.result

    def count_text(self, result: FilterResult) -> str:
        # zh_CN translation: "符合条件的建筑：{0} / {1}"
        return self.tr("{0} of {1} buildings match").format(f"{result.count:,}",
                                                            f"{result.total:,}")

    def clear_filter(self) -> None:
        """Untick everything, forget the result and emit filter_changed(None)."""
        self._reset_filter_controls()
        self.legend.show_classification(self.classification, self.lang)
        self.filter_changed.emit(None)

    def _reset_filter_controls(self) -> None:
        self.result = self.filtered = None
        for box in self.grade_boxes.values():
            box.setChecked(False)
        self.before_check.setChecked(False)
        self.describe_label.clear()
        self.result_label.clear()
