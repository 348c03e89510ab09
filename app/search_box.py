"""The search box: addresses, buildings, roads, parcels and pole codes, as the user types.

A QLineEdit that keeps the keyboard focus while a list of hits pops up under it. The list is a
separate frameless window that never takes the focus (``Qt.ToolTip`` with
``WA_ShowWithoutActivating``): typing goes on in the box, and the box's own key handler moves
in the list (Up/Down, PageUp/PageDown), activates (Enter: the current row, else the first) and
closes it (Esc). A click on a row activates it. The list closes when the box loses the focus,
when the window moves or is resized, or on a click anywhere else.

The box does not search by itself: ``set_search`` gives it a function ``query -> [Hit]`` (the
main window passes ``store.search.search`` over its cache), so it can be tested with a fake.
Each row shows the full standard address (or a feature's name), then in a second line the
level, what matched (field and standard value; typo, pinyin, initials and alias matches
marked) and, greyed, the parts of the query that matched nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from app.messages import sentence
from layers import palette

# Rows shown at most (the main window asks the engine for this many).
MAX_ROWS = 10
HIT_ROLE = Qt.ItemDataRole.UserRole  # the row's index in SearchBox.hits
SEGMENTS_ROLE = Qt.ItemDataRole.UserRole + 1  # [(text, kind)] of the second line
# Match kinds the user should notice: the engine guessed rather than matched the text.
FUZZY = frozenset({"typo", "pinyin", "initials", "alias", "nearest"})
FUZZY_RGB = palette.rgb("fuzzy_match")
UNMATCHED_RGB = palette.rgb("unmatched")
POPUP_MIN_WIDTH = 480


def level_label(level: str) -> str:
    """A standard level (门牌, 楼栋, …) or feature kind (建筑物, …) in the interface language
    (the Chinese term itself when it is not one of these)."""
    labels = {
        "门牌": QCoreApplication.translate("SearchBox", "door", "address level"),
        "楼栋": QCoreApplication.translate("SearchBox", "building no.", "address level"),
        "单元": QCoreApplication.translate("SearchBox", "unit", "address level"),
        "街路巷": QCoreApplication.translate("SearchBox", "road", "address level"),
        "小区": QCoreApplication.translate("SearchBox", "compound", "address level"),
        "街道": QCoreApplication.translate("SearchBox", "sub-district", "address level"),
        "社区": QCoreApplication.translate("SearchBox", "community", "address level"),
        "建筑物": QCoreApplication.translate("SearchBox", "building", "address level"),
        "地块": QCoreApplication.translate("SearchBox", "parcel", "address level"),
        "杆件": QCoreApplication.translate("SearchBox", "pole", "address level"),
    }
    return labels.get(level, level)


def field_label(field: str) -> str:
    """A Match.field (an address level column, or name / code) in the interface language."""
    labels = {
        "road": QCoreApplication.translate("SearchBox", "road"),
        "compound": QCoreApplication.translate("SearchBox", "compound"),
        "door_no": QCoreApplication.translate("SearchBox", "door"),
        "building_no": QCoreApplication.translate("SearchBox", "building no."),
        "unit_no": QCoreApplication.translate("SearchBox", "unit"),
        "street": QCoreApplication.translate("SearchBox", "sub-district"),
        "community": QCoreApplication.translate("SearchBox", "community"),
        "name": QCoreApplication.translate("SearchBox", "name"),
        "code": QCoreApplication.translate("SearchBox", "code"),
    }
    return labels.get(field, field)


def how_label(how: str) -> str:
    """How a part of the query matched, for the ones the row marks."""
    labels = {
        "typo": QCoreApplication.translate("SearchBox", "typo"),
        "pinyin": QCoreApplication.translate("SearchBox", "pinyin"),
        "initials": QCoreApplication.translate("SearchBox", "initials"),
        "alias": QCoreApplication.translate("SearchBox", "alias"),
        "nearest": QCoreApplication.translate("SearchBox", "nearest"),
    }
    return labels.get(how, how)


def hit_title(hit: Any) -> str:
    """The first line of a row: the full standard address, or a feature's name."""
    if hit.layer in ("addresses", "places") or not hit.name:
        return hit.full_address or hit.name or hit.gid
    return hit.name


def hit_segments(hit: Any) -> list[tuple[str, str]]:
    """The second line of a row as (text, kind) pieces; kind is level, match, fuzzy or
    unmatched. E.g. 楼栋 · 道路 体育西路 · 小区 骏逸湾 [拼音 junyi] · 未匹配: 1001室."""
    out: list[tuple[str, str]] = [(level_label(hit.level), "level")]
    for m in hit.matched:
        out.append(("  ·  " if len(out) == 1 else " · ", "match"))
        out.append((f"{field_label(m.field)} {m.value}", "match"))
        if m.how in FUZZY:
            out.append((f" [{how_label(m.how)} {m.query}]", "fuzzy"))
    if hit.unmatched:
        text = QCoreApplication.translate("SearchBox", "unmatched: {0}")
        out.append(("  " + text.format(" ".join(hit.unmatched)), "unmatched"))
    return out


class _HitDelegate(QStyledItemDelegate):
    """Paints a row in two lines: the title, then the level, matches and unmatched parts."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        title = opt.text
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        enabled = bool(opt.state & QStyle.StateFlag.State_Enabled)
        pal = opt.palette
        group = QPalette.ColorGroup.Normal if enabled else QPalette.ColorGroup.Disabled
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text_colour = pal.color(group, role)
        rect = opt.rect.adjusted(6, 3, -6, -3)
        painter.save()
        fm = QFontMetrics(opt.font)
        painter.setFont(opt.font)
        painter.setPen(text_colour)
        line = QRect(rect.left(), rect.top(), rect.width(), fm.height())
        painter.drawText(line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         fm.elidedText(title, Qt.TextElideMode.ElideMiddle, rect.width()))
        segments = index.data(SEGMENTS_ROLE) or []
        small = QFont(opt.font)
        if small.pointSizeF() > 0:
            small.setPointSizeF(small.pointSizeF() * 0.9)
        sfm = QFontMetrics(small)
        x, y = rect.left(), rect.top() + fm.height() + 1
        for text, kind in segments:
            if x >= rect.right():
                break
            font = QFont(small)
            if kind == "level":
                font.setBold(True)
            painter.setFont(font)
            metrics = QFontMetrics(font)
            colour = text_colour
            if not selected and kind == "fuzzy":
                colour = QColor(*FUZZY_RGB)
            elif kind == "unmatched":
                colour = QColor(*UNMATCHED_RGB)
                if selected:
                    colour = pal.color(QPalette.ColorRole.HighlightedText).darker(125)
            painter.setPen(colour)
            room = rect.right() - x
            shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
            width = metrics.horizontalAdvance(shown)
            painter.drawText(QRect(x, y, width + 1, sfm.height()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, shown)
            x += width
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        fm = QFontMetrics(option.font)
        lines = fm.height() + 6
        if index.data(SEGMENTS_ROLE):
            lines += round(fm.height() * 0.95) + 1
        return QSize(POPUP_MIN_WIDTH, lines)


class SearchPopup(QFrame):
    """The list of hits under the box: a frameless window that never takes the focus."""

    def __init__(self, box: SearchBox):
        # a window of its own (so it can overlap the native 3D view), owned by the box (so
        # it goes with it, and is transient for the main window where the platform asks)
        super().__init__(box, Qt.WindowType.ToolTip | Qt.WindowType.FramelessWindowHint
                         | Qt.WindowType.WindowDoesNotAcceptFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFrameShape(QFrame.Shape.Box)
        self.setObjectName("search popup")
        self.box = box
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        self.list = QListWidget(self)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.list.setUniformItemSizes(False)
        self.list.setMouseTracking(True)
        self.list.setItemDelegate(_HitDelegate(self.list))
        self.list.setFrameShape(QFrame.Shape.NoFrame)
        layout.addWidget(self.list)


class SearchBox(QLineEdit):
    """The search field of the toolbar, and its popup list of hits."""

    # A hit the user chose (Enter, or a click on its row).
    activated = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText(self.tr(
            "Search addresses, buildings, roads, parcels, pole codes (Ctrl+F)"))
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(340)
        self.setMaximumWidth(640)
        self.hits: list[Any] = []
        self._search: Callable[[str], Sequence[Any]] | None = None
        self._unavailable: str | None = None
        self.popup = SearchPopup(self)
        self.list = self.popup.list
        self.list.clicked.connect(self._row_clicked)
        self.list.entered.connect(lambda index: self.list.setCurrentIndex(index))
        self.textChanged.connect(self._text_changed)
        self._app_filter = False

    # -- the engine --------------------------------------------------------------------------
    def set_search(self, search: Callable[[str], Sequence[Any]] | None,
                   unavailable: str | None = None) -> None:
        """The function that answers a query, or None with the reason search is unavailable
        (e.g. while the index is built); the current text is searched again."""
        self._search = search
        self._unavailable = unavailable
        if self.text().strip() and self.hasFocus():
            self._text_changed(self.text())
        else:
            self.hide_popup()

    # -- typing ------------------------------------------------------------------------------
    def _text_changed(self, text: str) -> None:
        query = text.strip()
        if not query:
            self.hits = []
            self.hide_popup()
            return
        if self._search is None:
            self.hits = []
            self._fill([], self._unavailable or self.tr("Search is not available"))
            return
        try:
            hits = list(self._search(query))[:MAX_ROWS]
        except Exception as exc:  # the engine should not raise; the box must survive it
            self.hits = []
            self._fill([], self.tr("Search failed: {0}").format(sentence(exc)))
            return
        self.hits = hits
        self._fill(hits)

    def _fill(self, hits: list[Any], message: str | None = None) -> None:
        self.list.clear()
        if not hits:
            item = QListWidgetItem(message or self.tr("No match"))
            item.setFlags(Qt.ItemFlag.NoItemFlags)  # a disabled row
            self.list.addItem(item)
        for i, hit in enumerate(hits):
            item = QListWidgetItem(hit_title(hit))
            item.setData(HIT_ROLE, i)
            segments = hit_segments(hit)
            item.setData(SEGMENTS_ROLE, segments)
            tip = [hit.full_address or "", "".join(t for t, _ in segments)]
            if hit.name and hit.name != hit_title(hit):
                tip.insert(0, hit.name)
            item.setToolTip("\n".join(t for t in tip if t))
            self.list.addItem(item)
        if hits:
            self.list.setCurrentRow(0)
        self.show_popup()

    # -- the popup ---------------------------------------------------------------------------
    def show_popup(self) -> None:
        """Show the list under the box (sized to its rows), without taking the focus."""
        if not self.isVisible():
            return
        rows = self.list.count()
        height = sum(self.list.sizeHintForRow(r) for r in range(min(rows, MAX_ROWS)))
        width = max(self.width(), POPUP_MIN_WIDTH)
        below = self.mapToGlobal(QPoint(0, self.height()))
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None:
            width = min(width, screen.width())
            below.setX(max(screen.left(), min(below.x(), screen.right() - width)))
        self.popup.setGeometry(below.x(), below.y(), width, height + 4)
        if not self.popup.isVisible():
            self.popup.show()
        self.popup.raise_()
        if not self._app_filter:
            QApplication.instance().installEventFilter(self)
            self._app_filter = True
            self.window().installEventFilter(self)

    def hide_popup(self) -> None:
        self.popup.hide()
        if self._app_filter:
            QApplication.instance().removeEventFilter(self)
            self.window().removeEventFilter(self)
            self._app_filter = False

    def popup_visible(self) -> bool:
        return self.popup.isVisible()

    def popup_rows(self) -> list[str]:
        """The first line of every row of the list (the "No match" row included)."""
        return [self.list.item(r).text() for r in range(self.list.count())]

    def popup_details(self) -> list[str]:
        """The second line of every row, as shown."""
        return ["".join(t for t, _ in (self.list.item(r).data(SEGMENTS_ROLE) or []))
                for r in range(self.list.count())]

    def current_row(self) -> int:
        return self.list.currentRow()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if watched is self.window() and kind in (QEvent.Type.Move, QEvent.Type.Resize,
                                                 QEvent.Type.Hide,
                                                 QEvent.Type.WindowStateChange,
                                                 QEvent.Type.WindowDeactivate):
            self.hide_popup()
        elif kind == QEvent.Type.MouseButtonPress and isinstance(watched, QWidget) \
                and watched.window() is not self.popup:
            pos = event.globalPosition().toPoint()  # type: ignore[attr-defined]
            inside_box = self.rect().contains(self.mapFromGlobal(pos))
            if not inside_box and not self.popup.geometry().contains(pos):
                self.hide_popup()
        return False

    # -- keys and clicks ---------------------------------------------------------------------
    def _move(self, step: int) -> None:
        rows = [r for r in range(self.list.count())
                if self.list.item(r).flags() & Qt.ItemFlag.ItemIsEnabled]
        if not rows:
            return
        current = self.list.currentRow()
        if current not in rows:
            new = rows[0] if step > 0 else rows[-1]
        else:
            new = rows[max(0, min(len(rows) - 1, rows.index(current) + step))]
        self.list.setCurrentRow(new)

    def activate(self, row: int | None = None) -> Any:
        """Choose a hit (default: the current row, else the first): close the list, show the
        hit's text in the box and emit activated. The hit, or None when there is none."""
        if not self.hits:
            return None
        if row is None:
            row = self.list.currentRow() if self.popup_visible() else -1
            item = self.list.item(row) if row >= 0 else None
            row = item.data(HIT_ROLE) if item is not None else None
            if row is None:
                row = 0
        if not 0 <= row < len(self.hits):
            return None
        hit = self.hits[row]
        self.hide_popup()
        self.blockSignals(True)  # showing the choice is not a new query
        self.setText(hit_title(hit))
        self.blockSignals(False)
        self.activated.emit(hit)
        return hit

    def _row_clicked(self, index: QModelIndex) -> None:
        row = index.data(HIT_ROLE)
        if row is not None:
            self.activate(int(row))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        visible = self.popup_visible()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            if not visible:
                if self.text().strip():
                    self._text_changed(self.text())
                return
            step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1,
                    Qt.Key.Key_PageDown: MAX_ROWS, Qt.Key.Key_PageUp: -MAX_ROWS}[key]
            self._move(step)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.hits:
                self.activate()
            return
        if key == Qt.Key.Key_Escape and visible:
            self.hide_popup()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: Any) -> None:  # noqa: N802
        self.hide_popup()
        super().focusOutEvent(event)

    def hideEvent(self, event: Any) -> None:  # noqa: N802
        self.hide_popup()
        super().hideEvent(event)


__all__ = ["MAX_ROWS", "SearchBox", "field_label", "hit_segments", "hit_title", "level_label"]
