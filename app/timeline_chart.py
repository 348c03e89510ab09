"""The chart of the city over time: buildings, floor area or housing units by year, one line
for the recorded city and one per planning scenario, for the whole city or the area in view
(:func:`layers.timeline.timeline`), with the map's time marked; exportable as CSV.

The numbers are read on a worker thread (the window's task runner) when the dock is shown, a
cache is opened or *Refresh* is pressed; the widget holds only what it last drew.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from layers import palette
from layers.model import CityModel
from layers.timeline import YearRow, timeline, years_between

# What the chart can show: the YearRow field.
MEASURES = ("buildings", "floor_area", "units")
# Line colours: the recorded city first, then each scenario.
LINE_COLOURS = ((60, 90, 160), (215, 110, 30), (40, 150, 90), (150, 60, 160), (120, 120, 120))


@dataclass(frozen=True)
class Series:
    """One line: the recorded city (``scenario`` None) or a scenario, by year."""

    name: str
    scenario: str | None
    rows: list[YearRow]


def read_series(cache: Any, bbox: tuple[float, float, float, float] | None,
                this_year: int) -> list[Series]:
    """Every line of the chart (off the GUI thread): the recorded city, then each scenario
    with the features it plans, from the earliest dated year to now or the last planned."""
    from store import scenarios

    first, last = cache.time_span()
    start = first[:4] if first else str(this_year - 30)
    end = str(max(this_year, int(last[:4]) if last else this_year))
    years = years_between(start, end)
    out = [Series("", None, timeline(cache, years, bbox=bbox, scenarios=()))]
    for s in scenarios.list_scenarios(cache) if cache.has_lifespans else []:
        out.append(Series(s.name, s.gid, timeline(cache, years, bbox=bbox,
                                                  scenarios=scenarios.chain(cache, s.gid))))
    return out


class ChartCanvas(QWidget):
    """Draws the lines of one measure with year and value axes and the map's year."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series: list[Series] = []
        self.measure = "buildings"
        self.marked_year: int | None = None
        self.present_name = ""
        self.setMinimumSize(320, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def paintEvent(self, _event: Any) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor(*palette.rgb("background")).lighter(112))
        rows = [r for s in self.series for r in s.rows]
        if not rows:
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No data"))
            p.end()
            return
        fm = self.fontMetrics()
        values = [float(getattr(r, self.measure)) for r in rows]
        top = max(values) or 1.0
        years = [r.year for r in rows]
        y0, y1 = min(years), max(years)
        left = fm.horizontalAdvance(_short(top)) + 10
        legend_h = fm.height() + 6
        plot = QRectF(left, 8 + legend_h, max(self.width() - left - 12, 10),
                      max(self.height() - 16 - legend_h - fm.height() - 6, 10))

        def at(year: float, value: float) -> QPointF:
            x = plot.left() + (year - y0) / max(y1 - y0, 1) * plot.width()
            return QPointF(x, plot.bottom() - value / top * plot.height())

        axis = QPen(QColor(90, 90, 90))
        p.setPen(axis)
        p.drawLine(plot.bottomLeft(), plot.bottomRight())
        p.drawLine(plot.bottomLeft(), plot.topLeft())
        for frac in (0.0, 0.5, 1.0):
            y = plot.bottom() - frac * plot.height()
            p.drawText(QRectF(0, y - fm.height() / 2, left - 6, fm.height()),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       _short(top * frac))
        step = max(1, (y1 - y0) // 6)
        for year in range(y0, y1 + 1, step):
            x = at(year, 0).x()
            p.drawText(QRectF(x - 30, plot.bottom() + 2, 60, fm.height()),
                       Qt.AlignmentFlag.AlignHCenter, str(year))
        if self.marked_year is not None and y0 <= self.marked_year <= y1:
            p.setPen(QPen(QColor(*palette.HIGHLIGHT), 1, Qt.PenStyle.DashLine))
            x = at(self.marked_year, 0).x()
            p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        x_legend = left
        for i, s in enumerate(self.series):
            colour = QColor(*LINE_COLOURS[i % len(LINE_COLOURS)])
            pen = QPen(colour, 2)
            p.setPen(pen)
            path = QPainterPath()
            for j, r in enumerate(s.rows):
                point = at(r.year, float(getattr(r, self.measure)))
                path.moveTo(point) if j == 0 else path.lineTo(point)
            p.drawPath(path)
            name = s.name or self.present_name
            p.drawLine(QPointF(x_legend, 8 + fm.height() / 2),
                       QPointF(x_legend + 16, 8 + fm.height() / 2))
            p.setPen(axis)
            p.drawText(QPointF(x_legend + 20, 8 + fm.ascent()), name)
            x_legend += 20 + fm.horizontalAdvance(name) + 16
        p.end()


def _short(value: float) -> str:
    if value >= 1e6:
        return f"{value / 1e6:.1f}M"
    if value >= 1e4:
        return f"{value / 1e3:.0f}k"
    return f"{value:.0f}"


class TimelineChart(QWidget):
    """The chart dock's widget: measure, whole city or area in view, refresh and CSV export.
    ``start(work, done)`` runs ``work()`` on the window's task runner; ``view_extent()`` gives
    the ground in view (or None)."""

    def __init__(self, model: CityModel, start: Callable[[Callable[[], Any],
                                                           Callable[[Any], None]], None],
                 view_extent: Callable[[], Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._start = start
        self._view_extent = view_extent
        self.this_year = datetime.now(UTC).year
        self.measure_box = QComboBox()
        for key, label in zip(MEASURES, (self.tr("Buildings"), self.tr("Floor area (m²)"),
                                         self.tr("Housing units")), strict=True):
            self.measure_box.addItem(label, key)
        self.measure_box.currentIndexChanged.connect(self._measure_changed)
        self.in_view = QCheckBox(self.tr("Area in view"))
        self.in_view.setToolTip(self.tr("Count only what lies in the area the 3D view shows"))
        self.in_view.toggled.connect(lambda _on: self.refresh())
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        self.export_button = QPushButton(self.tr("Export CSV…"))
        self.export_button.clicked.connect(self.export_csv)
        self.status = QLabel()
        self.canvas = ChartCanvas(self)
        self.canvas.present_name = self.tr("Present")
        row = QHBoxLayout()
        for w in (self.measure_box, self.in_view, self.refresh_button, self.export_button):
            row.addWidget(w)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.status)
        model.time_changed.connect(lambda _when: self._mark())
        model.opened.connect(lambda _cache: self.isVisible() and self.refresh())
        self._mark()

    def _mark(self) -> None:
        self.canvas.marked_year = (self.this_year if self.model.time is None
                                   else int(self.model.time[:4]))
        self.canvas.update()

    def _measure_changed(self) -> None:
        self.canvas.measure = self.measure_box.currentData()
        self.canvas.update()

    def refresh(self) -> None:
        """Read the lines again (off the GUI thread)."""
        cache = self.model.cache
        if cache is None:
            return
        bbox = self._view_extent() if self.in_view.isChecked() else None
        self.status.setText(self.tr("Reading…"))
        year = self.this_year

        def done(series: list[Series]) -> None:
            self.canvas.series = series
            self.canvas.update()
            self.export_button.setEnabled(bool(series))
            self.status.setText(self.tr("The area in view") if bbox is not None
                                else self.tr("The whole city"))

        self._start(lambda: read_series(cache, bbox, year), done)

    def export_csv(self, path: str | None = None) -> Path | None:
        """Write the lines as CSV (asks where unless ``path``): year, then each line's
        buildings, floor area and units (UTF-8 with a BOM, as Excel expects)."""
        if not self.canvas.series:
            return None
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export CSV"),
                                                  "timeline.csv", self.tr("CSV (*.csv)"))
            if not path:
                return None
        out = Path(path)
        series = self.canvas.series
        with open(out, "w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["year", *(f"{s.name or 'present'}:{m}" for s in series
                                  for m in MEASURES)])
            for i, r in enumerate(series[0].rows):
                w.writerow([r.year, *(getattr(s.rows[i], m) for s in series for m in MEASURES)])
        self.status.setText(self.tr("Written: {0}").format(out))
        return out
