"""The legend: a Classification's title, its classes (colour swatch, label, count) and its note.

Data labels (class names, titles, notes) come in both languages from layers/ and are picked by
``lang``; the widget's own strings go through ``self.tr``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from layers import palette, pipelines
from layers.style import NO_CLASS_RGB, RGB, Classification, is_zh
from store.cache import Cache

KEY_ROLE = Qt.ItemDataRole.UserRole
BLACK: RGB = (0, 0, 0)


def swatch(rgb: RGB, size: int = 14) -> QIcon:
    """A square colour swatch with a thin grey border (visible on light and dark palettes)."""
    pix = QPixmap(size, size)
    pix.fill(QColor(*palette.rgb("swatch_border")))
    inner = QPixmap(size - 2, size - 2)
    inner.fill(QColor(*rgb))
    painter = QPainter(pix)
    painter.drawPixmap(1, 1, inner)
    painter.end()
    return QIcon(pix)


def _fmt_rgb(rgb: RGB) -> str:
    return "(" + ",".join(map(str, rgb)) + ")"


class LegendWidget(QWidget):
    """Title, one row per class (swatch + label, count) and a wrapped note below."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title_label = QLabel()
        font = self.title_label.font()
        font.setBold(True)
        self.title_label.setFont(font)
        self.title_label.setWordWrap(True)
        self.entries = QTreeWidget()
        self.entries.setColumnCount(2)
        self.entries.setHeaderLabels([self.tr("Class"), self.tr("Count")])
        self.entries.setRootIsDecorated(False)
        self.entries.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.entries.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.entries.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.entries.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        self.note_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title_label)
        layout.addWidget(self.entries, 1)
        layout.addWidget(self.note_label)
        self.classification: Classification | None = None
        self.clear()

    # -- showing -----------------------------------------------------------------------------
    def clear(self) -> None:
        """No legend (e.g. white models): empty title, rows and note."""
        self.classification = None
        self.title_label.clear()
        self.entries.clear()
        self.note_label.clear()
        self.note_label.hide()
        self.entries.hide()

    def show_classification(self, cls: Classification | None, lang: str = "zh_CN") -> None:
        """Show a Classification (None clears): title, entries with counts, no-data row, note."""
        if cls is None:
            self.clear()
            return
        self.clear()
        self.classification = cls
        self.title_label.setText(cls.title(lang))
        self.entries.setHeaderHidden(False)
        for entry in cls.legend:
            self._add_row(entry.rgb, entry.label(lang), f"{entry.count:,}", entry.key)
        if cls.unclassified:
            self._add_row(NO_CLASS_RGB, self.tr("No data"), f"{cls.unclassified:,}", None)
        self._set_note(cls.note(lang))
        self.entries.show()

    def pipeline_legend(self, lang: str = "zh_CN", cache: Cache | None = None) -> None:
        """The CJJ 61 pipeline classes in their dark-background colours, with the standard
        colour beside every substituted one and a note naming the substitutes.

        With a cache the rows carry feature counts (layers.pipelines.classify)."""
        self.clear()
        zh = is_zh(lang)
        if cache is not None:
            cls = pipelines.classify(cache, dark=True)
            counts = {e.key: e.count for e in cls.legend}
            title = cls.title(lang)
        else:
            counts = {}
            title = "管线类别（CJJ 61-2017）" if zh else "Pipeline class (CJJ 61-2017)"
        self.title_label.setText(title)
        for c in pipelines.classes():
            rows = [(c.code, c.name(lang), c.dark_rgb, c.rgb)]
            for s in c.subclasses:
                if s.rgb is not None:
                    sub = s.name_zh if zh else s.name_en
                    label = f"{c.name_zh}（{sub}）" if zh else f"{c.name_en} ({sub})"
                    rows.append((f"{c.code}/{s.code}", label, s.dark_rgb or s.rgb, s.rgb))
            for key, label, shown, standard in rows:
                count = f"{counts[key]:,}" if key in counts else ""
                item = self._add_row(shown, label, count, key)
                if shown != standard:
                    tip = self.tr("Standard colour {0}, shown as {1} on the dark background")
                    item.setToolTip(0, tip.format(_fmt_rgb(standard), _fmt_rgb(shown)))
                    item.setText(0, f"{label}  *")
        note_zh, note_en = pipelines.substitution_note(dark=True)
        black = [c for c in pipelines.classes() if c.rgb == BLACK and c.dark_rgb != BLACK]
        lines = []
        if black:
            names = ("、" if zh else ", ").join(c.name(lang) for c in black)
            lines.append(self.tr("Black ({0}) is shown as light grey {1} on the dark "
                                 "background: a legible substitute, not the CJJ 61 colour.")
                         .format(names, _fmt_rgb(black[0].dark_rgb)))
        note = note_zh if zh else note_en
        if note:
            lines.append(f"* {note}")
        self._set_note("\n".join(x for x in lines if x))
        self.entries.show()

    def _add_row(self, rgb: RGB, label: str, count: str, key: str | None) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self.entries, [label, count])
        item.setIcon(0, swatch(rgb))
        item.setData(0, KEY_ROLE, key)
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return item

    def _set_note(self, note: str) -> None:
        self.note_label.setText(note)
        self.note_label.setVisible(bool(note))

    # -- reading (what a user sees; used by tests) --------------------------------------------
    def title_text(self) -> str:
        return self.title_label.text()

    def note_text(self) -> str:
        return self.note_label.text()

    def entry_count(self) -> int:
        """Rows of legend classes (the "no data" row not included)."""
        return sum(1 for _key, *_rest in self.rows() if _key is not None)

    def rows(self) -> list[tuple[str | None, str, str]]:
        """(key, label, count text) of every row, top to bottom; key None = no-data row."""
        out = []
        for i in range(self.entries.topLevelItemCount()):
            item = self.entries.topLevelItem(i)
            out.append((item.data(0, KEY_ROLE), item.text(0), item.text(1)))
        return out
