"""The plan review's results dock: every rule with its measured value, limit, clause and result.

It views ``model.review`` (:class:`layers.review.session.ReviewSession`): *Run review* and
*Cancel* with the progress of the check under way; a row per rule, marked pass, fail or not
assessable (the reason in the row's tooltip and under the table when selected); a click on a row
selects the finding (the window flies to it and highlights it); a time slider with *Play* for
the standard day's shadow (Beijing time); and the sunlight legend of the receivers' colours.
Rule titles come from the rule set in both languages; the dock's own words go through
``QCoreApplication.translate("ReviewPanel", …)``.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSlider,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.legend import swatch
from app.messages import word
from layers.review.result import FAIL, NOT_ASSESSABLE, PASS, Finding
from layers.review.session import LegendClass, ReviewSession

translate = QCoreApplication.translate
RULE_ROLE = Qt.ItemDataRole.UserRole
COLUMNS = ("rule", "value", "limit", "clause", "result")
STATUS_BACKGROUND = {PASS: (220, 242, 220), FAIL: (250, 215, 212), NOT_ASSESSABLE: (236, 236, 236)}


def status_text(status: str) -> str:
    return {PASS: translate("ReviewPanel", "pass"), FAIL: translate("ReviewPanel", "fail"),
            NOT_ASSESSABLE: translate("ReviewPanel", "not assessable")}.get(status, status)


def number_text(value: float | None, unit: str) -> str:
    """A measured value or limit as the dock writes it: 3 significant decimals at most, with
    its unit; an em dash when there is none."""
    if value is None:
        return "—"
    v = float(value)
    text = f"{v:.2f}".rstrip("0").rstrip(".") if abs(v) < 1000 else f"{v:,.0f}"
    return f"{text} {unit}".strip()


def compare_text(compare: str) -> str:
    return {"<=": "≤", ">=": "≥", "<": "<", ">": ">"}.get(compare, compare)


def clock(minutes: float) -> str:
    m = int(round(float(minutes))) % (24 * 60)
    return f"{m // 60:02d}:{m % 60:02d}"


class ReviewPanel(QWidget):
    """The review's results, its shadow slider and its sunlight legend."""

    run_requested = Signal()
    cancel_requested = Signal()
    finding_clicked = Signal(str)  # a rule id
    time_changed = Signal(float)  # Beijing-time minutes
    play_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None, lang: str = "zh_CN") -> None:
        super().__init__(parent)
        self.lang = lang
        self.session: ReviewSession | None = None
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        buttons = QHBoxLayout()
        self.run_button = QPushButton(translate("ReviewPanel", "Run review"))
        self.run_button.clicked.connect(self.run_requested)
        self.cancel_button = QPushButton(translate("ReviewPanel", "Cancel"))
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setVisible(False)
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.progress, 1)
        layout.addLayout(buttons)
        self.step = QLabel()
        self.step.setWordWrap(True)
        layout.addWidget(self.step)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([
            translate("ReviewPanel", "Rule"), translate("ReviewPanel", "Value"),
            translate("ReviewPanel", "Limit"), translate("ReviewPanel", "Clause"),
            translate("ReviewPanel", "Result")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        # whole clauses, wrapped: no text is cut to '…'
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._row_selected)
        self.table.cellClicked.connect(self._cell_clicked)
        layout.addWidget(self.table, 1)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.detail)
        # the day's shadow
        self.time_label = QLabel()
        layout.addWidget(self.time_label)
        slider_row = QHBoxLayout()
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setEnabled(False)
        self.slider.valueChanged.connect(lambda v: self.time_changed.emit(float(v)))
        self.play_button = QPushButton(translate("ReviewPanel", "Play"))
        self.play_button.setCheckable(True)
        self.play_button.setEnabled(False)
        self.play_button.toggled.connect(self._play_toggled)
        slider_row.addWidget(self.slider, 1)
        slider_row.addWidget(self.play_button)
        layout.addLayout(slider_row)
        self.legend_title = QLabel(translate("ReviewPanel", "Sunlight hours with the proposal"))
        layout.addWidget(self.legend_title)
        self.legend = QTableWidget(0, 1)
        self.legend.horizontalHeader().setVisible(False)
        self.legend.verticalHeader().setVisible(False)
        self.legend.horizontalHeader().setStretchLastSection(True)
        self.legend.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.legend.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.legend.setMaximumHeight(120)
        layout.addWidget(self.legend)
        self._filling = False
        self.show_session(None)

    # -- following the session -----------------------------------------------------------------
    def bind(self, session: ReviewSession) -> None:
        if self.session is session:
            return
        if self.session is not None:
            self.session.changed.disconnect(self._changed)
        self.session = session
        session.changed.connect(self._changed)
        self.show_session(session)

    def _changed(self, names: tuple[str, ...]) -> None:
        s = self.session
        if s is None:
            return
        if {"running", "progress", "message"} & set(names):
            self._show_running(s)
        if {"result", "scene"} & set(names):
            self.show_session(s)
        elif "selected" in names:
            self._select_row(s.selected)
            self._show_detail(s.finding)
        if "time" in names:
            self._show_time(s)

    def show_session(self, s: ReviewSession | None) -> None:
        """Everything again: the rows, the slider, the legend."""
        self._fill(s)
        self._show_running(s)
        self._show_time(s)
        self._fill_legend(s)
        self._show_detail(s.finding if s is not None else None)

    def _show_running(self, s: ReviewSession | None) -> None:
        running = bool(s is not None and s.running)
        self.run_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.progress.setVisible(running)
        if s is not None:
            self.progress.setValue(int(round(100 * float(s.progress or 0.0))))
        self.step.setText(word(s.message) if running and s is not None and s.message
                          is not None else "")

    def _fill(self, s: ReviewSession | None) -> None:
        result = s.result if s is not None else None
        self._filling = True
        try:
            self.table.setRowCount(0)
            if result is None:
                self.summary.setText(translate(
                    "ReviewPanel", "Open a proposal (File ▸ Open BIM…), then Review ▸ Run "
                    "review."))
                return
            counts = {k: sum(1 for f in result.findings if f.status == k)
                      for k in (PASS, FAIL, NOT_ASSESSABLE)}
            parcel = result.parcel.get("code") or ""
            self.summary.setText(translate(
                "ReviewPanel", "{0} on parcel {1}: {2} — {3} pass, {4} fail, {5} not "
                "assessable").format(result.model.get("file", ""), parcel,
                                     status_text(result.status), counts[PASS], counts[FAIL],
                                     counts[NOT_ASSESSABLE])
                + "\n" + translate("ReviewPanel", "Rule set: {0} ({1})").format(
                    result.ruleset.get("name" if self.lang.lower().startswith("zh")
                                       else "name_en") or result.ruleset.get("name", ""),
                    result.ruleset.get("version", "")))
            for f in result.findings:
                self._add_row(f)
            self._select_row(s.selected if s is not None else None)
        finally:
            self._filling = False

    def _add_row(self, f: Finding) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        title = f.title_zh if self.lang.lower().startswith("zh") and f.title_zh else \
            (f.title_en or f.rule)
        limit = "—" if f.limit is None else \
            f"{compare_text(f.compare)} {number_text(f.limit, f.unit)}".strip()
        cells = (title, number_text(f.value, f.unit), limit, f.clause, status_text(f.status))
        reason = word(f.reason) if f.reason is not None else ""
        bg = QBrush(QColor(*STATUS_BACKGROUND.get(f.status, (255, 255, 255))))
        for col, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(RULE_ROLE, f.rule)
            item.setToolTip("\n".join(t for t in (f.clause if col == 3 else "", reason) if t))
            if col == len(cells) - 1:
                item.setBackground(bg)
                item.setForeground(QBrush(QColor(20, 20, 20)))
            self.table.setItem(row, col, item)

    def _select_row(self, rule: str | None) -> None:
        self._filling, was = True, self._filling
        try:
            for row in range(self.table.rowCount()):
                if self.row_rule(row) == rule:
                    self.table.selectRow(row)
                    return
            self.table.clearSelection()
        finally:
            self._filling = was

    def _show_detail(self, f: Finding | None) -> None:
        if f is None:
            self.detail.setText("")
            return
        lines = []
        if f.reason is not None:
            lines.append(word(f.reason))
        lines += [word(n) for n in f.notes]
        if f.elements:
            lines.append(translate("ReviewPanel", "Elements: {0}").format(
                ", ".join(f.elements[:8]) + (" …" if len(f.elements) > 8 else "")))
        if f.details:
            lines.append(translate("ReviewPanel", "{0} rows of detail in the report").format(
                len(f.details)))
        self.detail.setText("\n".join(lines))

    def _show_time(self, s: ReviewSession | None) -> None:
        sun = s.scene.sun if s is not None and s.scene is not None else None
        self.slider.setEnabled(sun is not None)
        self.play_button.setEnabled(sun is not None)
        if sun is None:
            self.time_label.setText(translate("ReviewPanel", "Shadow: no sunlight rule"))
            return
        lo, hi = sun.span
        self.slider.blockSignals(True)
        self.slider.setRange(int(lo), int(hi))
        if s.time is not None:
            self.slider.setValue(int(round(s.time)))
        self.slider.blockSignals(False)
        self.time_label.setText(translate(
            "ReviewPanel", "Shadow on {0} ({1}) at {2} Beijing time").format(
            sun.day.isoformat(), sun.term, clock(s.time if s.time is not None else lo)))

    def _fill_legend(self, s: ReviewSession | None) -> None:
        has = bool(s is not None and s.result is not None and s.result.sunlight is not None
                   and len(s.result.sunlight))
        self.legend.setVisible(has)
        self.legend_title.setVisible(has)
        self.legend.setRowCount(0)
        if not has:
            return
        for c in s.legend():
            row = self.legend.rowCount()
            self.legend.insertRow(row)
            item = QTableWidgetItem(swatch(c.rgb), legend_label(c))
            self.legend.setItem(row, 0, item)
        self.legend.resizeRowsToContents()

    # -- the user ------------------------------------------------------------------------------
    def row_rule(self, row: int) -> str | None:
        item = self.table.item(row, 0)
        return item.data(RULE_ROLE) if item is not None else None

    def rows(self) -> list[tuple[str, ...]]:
        """The table as text, row by row (what the reviewer reads)."""
        return [tuple(self.table.item(r, c).text() for c in range(len(COLUMNS)))
                for r in range(self.table.rowCount())]

    def _row_selected(self) -> None:
        if self._filling:
            return
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self._clicked(rows[0].row())

    def _cell_clicked(self, row: int, _column: int) -> None:
        """A click on the row already selected flies there again (a new row: the selection
        change does)."""
        if self.session is not None and self.row_rule(row) == self.session.selected:
            self._clicked(row)

    def _clicked(self, row: int) -> None:
        rule = self.row_rule(row)
        if rule is not None:
            self.finding_clicked.emit(rule)

    def _play_toggled(self, on: bool) -> None:
        self.play_button.setText(translate("ReviewPanel", "Pause") if on
                                 else translate("ReviewPanel", "Play"))
        self.play_toggled.emit(on)

    def legend_rows(self) -> list[tuple[tuple[int, int, int], str]]:
        return [(c.rgb, legend_label(c)) for c in (self.session.legend() if self.session
                                                   else [])]


def legend_label(c: LegendClass) -> str:
    """A legend class as text: "< 1 h", "1–2 h", "≥ 6 h"."""
    if c.low is None:
        return translate("ReviewPanel", "< {0} h").format(f"{c.high:g}")
    if c.high is None:
        return translate("ReviewPanel", "≥ {0} h").format(f"{c.low:g}")
    return translate("ReviewPanel", "{0}–{1} h").format(f"{c.low:g}", f"{c.high:g}")

