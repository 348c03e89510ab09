"""The time bar: the year the city is shown at (``CityModel.time``), from the earliest date the
cache's lifespans name up to now, or to the furthest planned year; and the planning scenario
whose planned features are shown with it (``CityModel.scenario``; 现状: none).

It holds no state of its own: dragging previews the year in its label, and letting go (or a
key) sets the model's time, which the window follows (the scene is built again for that
time); the slider is moved back to whatever the model says.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QToolBar,
    QWidget,
)

from layers.model import CityModel

# where the slider starts when the cache names no earlier date
FIRST_YEAR = 1950
# how long each year shows while playing (the scene is built again for each)
PLAY_STEP_MS = 1500
# a play shows about this many steps, whatever the span
PLAY_STEPS = 25


class TimeBar(QToolBar):
    """A toolbar with the time slider, the year shown and a Now button."""

    def __init__(self, parent: QWidget, model: CityModel):
        super().__init__(parent)
        self.setObjectName("time toolbar")
        self.setWindowTitle(self.tr("Time"))
        self.model = model
        self.this_year = datetime.now(UTC).year
        self.addWidget(QLabel(self.tr("Time")))
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setMinimumWidth(320)
        self.slider.setPageStep(5)
        self.slider.setToolTip(self.tr("Drag to see the city as it stood in that year"))
        self.addWidget(self.slider)
        self.year_label = QLabel()
        self.year_label.setMinimumWidth(self.year_label.fontMetrics().horizontalAdvance(
            "0000 ") + 24)
        self.addWidget(self.year_label)
        self.now_button = QPushButton(self.tr("Now"))
        self.now_button.setToolTip(self.tr("Show the city as it is now"))
        self.now_button.clicked.connect(lambda: self.model.set_time(None))
        self.addWidget(self.now_button)
        self.play_button = QPushButton(self.tr("Play"))
        self.play_button.setCheckable(True)
        self.play_button.setToolTip(self.tr("Show the years one after another"))
        self.play_button.toggled.connect(self._play)
        self.addWidget(self.play_button)
        self.play_timer = QTimer(self)
        self.play_timer.setInterval(PLAY_STEP_MS)
        self.play_timer.timeout.connect(self._next_year)
        self.play_steps = PLAY_STEPS
        self.addWidget(QLabel(self.tr("Scenario")))
        self.scenario_box = QComboBox()
        self.scenario_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.scenario_box.setToolTip(self.tr("The planning scenario shown with the city"))
        self.scenario_box.activated.connect(
            lambda i: self.model.set_scenario(self.scenario_box.itemData(i)))
        self.addWidget(self.scenario_box)
        self.compare_button = QPushButton(self.tr("Compare with"))
        self.compare_button.setCheckable(True)
        self.compare_button.setToolTip(self.tr(
            "Colour the buildings by what changed from this year to the year shown: new, "
            "demolished, changed"))
        self.compare_button.toggled.connect(self._compare_toggled)
        self.addWidget(self.compare_button)
        self.compare_year = QSpinBox()
        self.compare_year.setToolTip(self.tr("The year compared with the year shown"))
        self.compare_year.valueChanged.connect(self._compare_year_changed)
        self.addWidget(self.compare_year)
        self.slider.sliderMoved.connect(self._preview)
        self.slider.sliderReleased.connect(lambda: self._apply(self.slider.value()))
        self.slider.valueChanged.connect(self._keyed)
        model.opened.connect(self.set_span)
        model.time_changed.connect(lambda _when: self._show())
        model.comparison_changed.connect(self._compared)
        self.set_span(model.cache)

    def set_span(self, cache: Any) -> None:
        """The slider's years: from the earliest lifespan date of ``cache`` to now (or to the
        latest planned year)."""
        first, last = cache.time_span() if cache is not None else (None, None)
        start = min(int(first[:4]), self.this_year - 1) if first else FIRST_YEAR
        end = max(int(last[:4]), self.this_year) if last else self.this_year
        self.slider.blockSignals(True)
        self.slider.setRange(start, end)
        self.slider.blockSignals(False)
        self.slider.setEnabled(bool(cache is not None and cache.has_lifespans))
        self.compare_year.blockSignals(True)
        self.compare_year.setRange(start, end)
        if self.model.compare_from is None:
            self.compare_year.setValue(max(start, self.this_year - 10))
        self.compare_year.blockSignals(False)
        self.compare_button.setEnabled(self.slider.isEnabled())
        self.compare_year.setEnabled(self.slider.isEnabled())
        from store.scenarios import list_scenarios

        self.scenario_box.clear()
        self.scenario_box.addItem(self.tr("Present (nothing planned)"), None)
        for s in list_scenarios(cache) if cache is not None and cache.has_lifespans else []:
            self.scenario_box.addItem(s.name, s.gid)
        self.scenario_box.setEnabled(self.scenario_box.count() > 1)
        self._show()

    def _show(self) -> None:
        """Slider and label as the model says."""
        when = self.model.time
        year = self.this_year if when is None else int(when[:4])
        self.slider.blockSignals(True)
        self.slider.setValue(year)
        self.slider.blockSignals(False)
        self.year_label.setText(self.tr("now") if when is None else when)
        self.now_button.setEnabled(when is not None)
        index = self.scenario_box.findData(self.model.scenario)
        self.scenario_box.setCurrentIndex(max(index, 0))
        self.compare_button.blockSignals(True)
        self.compare_button.setChecked(self.model.compare_from is not None)
        self.compare_button.blockSignals(False)
        if self.model.compare_from is not None:
            self.compare_year.blockSignals(True)
            self.compare_year.setValue(int(self.model.compare_from[:4]))
            self.compare_year.blockSignals(False)

    def _compared(self, comparison: Any) -> None:
        """Say in the window's status bar what changed between the two compared times (the
        buildings show it)."""
        self._show()
        window = self.parent()
        if not hasattr(window, "statusBar"):
            return
        if comparison is None:
            window.statusBar().showMessage(self.tr("Comparison ended"), 5000)
            return
        window.statusBar().showMessage(self.tr(
            "Buildings from {0} to {1}: {2} new, {3} demolished, {4} changed").format(
            self.model.compare_from, self.model.time or self.tr("now"),
            comparison.count("new"), comparison.count("gone"), comparison.count("changed")))

    def _compare_toggled(self, on: bool) -> None:
        self.model.set_compare(str(self.compare_year.value()) if on else None)

    def _compare_year_changed(self, year: int) -> None:
        if self.compare_button.isChecked():
            self.model.set_compare(str(year))

    def _play(self, on: bool) -> None:
        """Play from the first year (or from the year shown, unless it is now)."""
        if not on:
            self.play_timer.stop()
            self.play_button.setText(self.tr("Play"))
            return
        self.play_button.setText(self.tr("Stop"))
        if self.model.time is None:
            self._apply(self.slider.minimum())
        self.play_timer.start()

    def _next_year(self) -> None:
        lo, hi = self.slider.minimum(), self.slider.maximum()
        step = max(1, (hi - lo) // self.play_steps)
        year = min(self.slider.value() + step, hi)
        self._apply(year)
        if year >= hi:
            self.play_button.setChecked(False)

    def _preview(self, year: int) -> None:
        self.year_label.setText(self.tr("now") if year == self.this_year else str(year))

    def _keyed(self, year: int) -> None:
        if not self.slider.isSliderDown():  # keys, clicks on the groove: at once
            self._apply(year)

    def _apply(self, year: int) -> None:
        self.model.set_time(None if year == self.this_year else str(year))
