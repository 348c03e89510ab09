"""The attribute panel: the (label, value) rows of a clicked feature, and a pole's devices.

Rows, labels (in both languages), units and decoded codes come from layers.attributes; a pole
gets a "Mounted devices" section after its own rows (layers.poles.pole_with_devices): one row
per device, highest first — type, then mount height and status (with the status colour).

A search hit (``show_hit``) is shown by its feature's rows, with its building's after them; a
place (街道, 社区) by its address and level. A reverse lookup puts the standard address — the
building's own, or the nearest one and how far — in a bold first row (``set_address``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QFont, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from app.legend import swatch
from layers import palette
from layers.attributes import attributes
from layers.poles import pole_with_devices
from layers.style import is_zh
from store.cache import Cache
from store.schema import LAYERS

SECTION_ROLE = Qt.ItemDataRole.UserRole
ADDRESS_ROLE = Qt.ItemDataRole.UserRole + 1  # marks the reverse lookup's row
NOTICE_ROLE = Qt.ItemDataRole.UserRole + 2  # marks a warning row (a refused edit)
# Layers of search hits shown by their own attributes (layer + fid); the others ("places")
# by their address and level.
HIT_LAYERS = ("addresses", "buildings", "poles", "parcels", "roads")


class AttributePanel(QTableWidget):
    """Two read-only columns, attribute and value; Ctrl+C copies the selected rows."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(0, 2, parent)
        self.setHorizontalHeaderLabels([self.tr("Attribute"), self.tr("Value")])
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        # long values wrap: rows follow the columns' widths
        self._rows_timer = QTimer(self)  # dies with the panel: never fires on a deleted one
        self._rows_timer.setSingleShot(True)
        self._rows_timer.setInterval(0)
        self._rows_timer.timeout.connect(self.resizeRowsToContents)
        header.sectionResized.connect(self._rows_timer.start)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.layer: str | None = None
        self.fid: int | None = None

    def clear(self) -> None:  # type: ignore[override]
        """No feature: no rows (headers kept)."""
        self.clearContents()
        self.setRowCount(0)
        self.layer = self.fid = None

    def show_feature(self, cache: Cache, layer: str, fid: int, lang: str = "zh_CN") -> bool:
        """Fill the rows of one feature; False (and one explanatory row) for an unknown fid."""
        self.clear()
        try:
            rows = attributes(cache, layer, fid, lang)
        except KeyError:
            self._add(self.tr("No such feature"), f"{layer} #{fid}")
            return False
        self.layer, self.fid = layer, int(fid)
        for label, value in rows:
            self._add(label, value)
        if layer == "poles":
            self._add_devices(cache, fid, lang)
        self._add_history(cache, layer, int(fid))
        self.resizeRowsToContents()
        return True

    def show_rows(self, layer: str, fid: int, rows: list[tuple[str, str]]) -> None:
        """Fill given (label, value) rows of one feature (a layer cimview has no labels for:
        a file the user added, observations)."""
        self.clear()
        self.layer, self.fid = layer, int(fid)
        for label, value in rows:
            self._add(label, value)
        self.resizeRowsToContents()

    def show_hit(self, cache: Cache, hit: Any, lang: str = "zh_CN",
                 building_fid: int | None = None) -> bool:
        """Fill the rows of a search hit (store.search.Hit): its feature's attributes (an
        address, building, pole, parcel or road), or for a place its address and level; then
        the attributes of its building (building_fid) in a section of their own."""
        from app.search_box import level_label

        if hit.layer in HIT_LAYERS and hit.layer in LAYERS:
            shown = self.show_feature(cache, hit.layer, int(hit.fid), lang)
        else:
            self.clear()
            self._add(self.tr("Standard address"), hit.full_address or "")
            self._add(self.tr("Level"), level_label(hit.level))
            if hit.name and hit.name != hit.full_address:
                self._add(self.tr("Name"), hit.name)
            shown = True
        if building_fid is not None and hit.layer != "buildings":
            try:
                rows = attributes(cache, "buildings", int(building_fid), lang)
            except KeyError:
                rows = []
            if rows:
                self._add_section(self.tr("Building"))
                for label, value in rows:
                    self._add(label, value)
        self.resizeRowsToContents()
        return shown

    def show_point(self, x: float, y: float, z: float | None = None) -> None:
        """A row with a clicked point's coordinates (cache CRS), after the rows shown."""
        text = f"X {x:.2f}  Y {y:.2f}"
        if z is not None:
            text += self.tr("  height {0:.1f} m").format(z)
        self._add(self.tr("Clicked point"), text)

    def set_address(self, label: str, value: str) -> None:
        """The reverse lookup's row, bold, first (replacing the previous one)."""
        for r in range(self.rowCount()):
            item = self.item(r, 0)
            if item is not None and item.data(ADDRESS_ROLE):
                self.removeRow(r)
                break
        self.insertRow(0)
        a, b = QTableWidgetItem(label), QTableWidgetItem(value)
        font = QFont(a.font())
        font.setBold(True)
        a.setFont(font)
        a.setData(ADDRESS_ROLE, True)
        b.setToolTip(value)
        self.setItem(0, 0, a)
        self.setItem(0, 1, b)
        self.resizeRowsToContents()

    def add_notice(self, label: str, text: str) -> None:
        """A warning row in red at the top (a refused edit of this feature and why)."""
        self.insertRow(0)
        a, b = QTableWidgetItem(label), QTableWidgetItem(text)
        font = QFont(a.font())
        font.setBold(True)
        a.setFont(font)  # the value in the normal font: it wraps over as many lines as needed
        for item in (a, b):
            item.setForeground(QColor(*palette.rgb("refused_text")))
            item.setBackground(QColor(*palette.rgb("refused_background")))
            item.setData(NOTICE_ROLE, True)
        b.setToolTip(text)
        self.setItem(0, 0, a)
        self.setItem(0, 1, b)
        self.resizeRowsToContents()
        self._rows_timer.start()  # again after the columns have settled

    def notices(self) -> list[tuple[str, str]]:
        """The warning rows shown (label, text)."""
        return [(self.item(r, 0).text(), self.item(r, 1).text()) for r in range(self.rowCount())
                if self.item(r, 0) is not None and self.item(r, 0).data(NOTICE_ROLE)]

    def address(self) -> tuple[str, str] | None:
        """The reverse lookup's (label, value), or None when there is none."""
        for r in range(self.rowCount()):
            item = self.item(r, 0)
            if item is not None and item.data(ADDRESS_ROLE):
                value = self.item(r, 1)
                return item.text(), value.text() if value else ""
        return None

    def _add_devices(self, cache: Cache, fid: int, lang: str) -> None:
        devices = pole_with_devices(cache, fid)["devices"]
        self._add_section(self.tr("Mounted devices"))
        if not devices:
            self._add(self.tr("(none)"), "")
            return
        zh = is_zh(lang)
        for d in devices:
            name = d["type"] if zh else (d["type_en"] or d["type"])
            status = d["status"] if zh else (d["status_en"] or d["status"])
            parts = []
            if d["mount_height"] is not None:
                parts.append(f"{float(d['mount_height']):.1f} m")
            if status:
                parts.append(str(status))
            if d["model"]:
                parts.append(str(d["model"]))
            value = ("，" if zh else ", ").join(parts)
            _, item = self._add(name, value)
            item.setIcon(swatch(d["status_rgb"], 10))
            item.setToolTip(self.tr("Mount height, status, model"))

    def _add_history(self, cache: Cache, layer: str, fid: int) -> None:
        """A "History" section from the cache's trail (store.audit): the feature's local
        edits, their settling and push outcomes, the observations linked to it; nothing when
        the trail names it nowhere."""
        from store.audit import feature_history

        try:
            gids = cache.read(layer, ("gid",), where="t.fid = :fid", params={"fid": fid},
                              geometry=False).columns["gid"]
            with cache.engine.connect() as conn:
                entries = feature_history(conn, layer, str(gids[0])) if len(gids) else []
        except Exception:  # an old cache, a layer without gid: the attributes still show
            return
        if not entries:
            return
        self._add_section(self.tr("History"))
        for entry in entries:
            self._add(str(entry.get("at", "")).replace("T", " ").rstrip("Z") + " UTC",
                      self._history_text(entry))

    def _history_text(self, entry: dict[str, Any]) -> str:
        """One trail entry in words: what happened, by whom."""
        d = entry.get("details") if isinstance(entry.get("details"), dict) else {}
        kind = entry.get("kind")
        if kind == "edit":
            what = self.tr("edited: %1").replace("%1", ", ".join(map(str, d.get("fields", []))))
        elif kind == "resolve":
            what = self.tr("conflict settled")
        elif kind == "discard":
            what = self.tr("local change discarded")
        elif kind == "observation":
            what = self.tr("observation recorded (%n photo(s))", "", len(d.get("photos") or []))
        elif kind == "push":
            what = {"sent": self.tr("sent to the platform"),
                    "pending": self.tr("to be sent again"),
                    "rejected": self.tr("rejected by the platform"),
                    "conflict": self.tr("in conflict with the platform")}.get(
                str(d.get("outcome")), self.tr("pushed"))
        else:
            what = str(kind)
        return self.tr("%1 (%2)").replace("%1", what).replace("%2", str(entry.get("user", "")))

    def _add(self, label: str, value: str) -> tuple[QTableWidgetItem, QTableWidgetItem]:
        row = self.rowCount()
        self.insertRow(row)
        a, b = QTableWidgetItem(label), QTableWidgetItem(value)
        self.setItem(row, 0, a)
        self.setItem(row, 1, b)
        return a, b

    def _add_section(self, title: str) -> None:
        row = self.rowCount()
        self.insertRow(row)
        item = QTableWidgetItem(title)
        font = QFont(item.font())
        font.setBold(True)
        item.setFont(font)
        item.setData(SECTION_ROLE, "section")
        self.setItem(row, 0, item)
        self.setSpan(row, 0, 1, 2)

    # -- reading -----------------------------------------------------------------------------
    def rows(self) -> list[tuple[str, str]]:
        """(label, value) of every row as shown; a section header has value ""."""
        out = []
        for r in range(self.rowCount()):
            a, b = self.item(r, 0), self.item(r, 1)
            out.append((a.text() if a else "", b.text() if b else ""))
        return out

    def value_of(self, label: str) -> str | None:
        """The value shown for the first row with this label, or None."""
        for r in range(self.rowCount()):
            a = self.item(r, 0)
            if a is not None and a.text() == label and a.data(SECTION_ROLE) != "section":
                b = self.item(r, 1)
                return b.text() if b else ""
        return None

    def has_section(self, title: str) -> bool:
        return any(self.item(r, 0) is not None and self.item(r, 0).text() == title
                   and self.item(r, 0).data(SECTION_ROLE) == "section"
                   for r in range(self.rowCount()))

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if event.matches(QKeySequence.StandardKey.Copy):
            rows = sorted({i.row() for i in self.selectedIndexes()})
            text = "\n".join("\t".join(self.rows()[r]).rstrip("\t") for r in rows)
            QGuiApplication.clipboard().setText(text)
            return
        super().keyPressEvent(event)
