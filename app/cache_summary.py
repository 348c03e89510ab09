"""The cache summary: themes and layers with feature counts, geometry types, extents and
versions, and the DEM — what a user checks first about a cache."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem

from layers.catalog import THEMES, CacheSummary


def fmt_extent(ext: tuple[float, float, float, float] | None) -> str:
    return "" if ext is None else "{:.1f}, {:.1f} — {:.1f}, {:.1f}".format(*ext)


class LayerTree(QTreeWidget):
    """Themes with their layers: name, feature count, geometry type, extent, version."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.setColumnCount(5)
        self.setHeaderLabels([self.tr("Layer"), self.tr("Features"), self.tr("Geometry"),
                              self.tr("Extent"), self.tr("Version")])
        self.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.setAlternatingRowColors(True)

    def geometry_label(self, geometry_type: str, has_z: bool) -> str:
        labels = {"MULTIPOLYGON": self.tr("Polygons"), "LINESTRING": self.tr("Lines"),
                  "POINT": self.tr("Points")}
        label = labels.get(geometry_type, geometry_type)
        return self.tr("{0}, 3D").format(label) if has_z else label

    def show_summary(self, summary: CacheSummary, lang: str) -> None:
        self.clear()
        for theme in THEMES:
            title = theme.title_zh if lang == "zh_CN" else theme.title_en
            top = QTreeWidgetItem(self, [title])
            top.setData(0, Qt.ItemDataRole.UserRole, theme.key)
            if theme.raster and summary.dem:
                d = summary.dem
                z = "" if d.min_z is None else f"  z {d.min_z:.1f}…{d.max_z:.1f} m"
                QTreeWidgetItem(top, [
                    self.tr("DEM"), f"{d.width}×{d.height}", self.tr("raster, {0} m cells")
                    .format(f"{d.cell:g}") + z, "", str(d.version)])
            elif theme.raster:
                QTreeWidgetItem(top, [self.tr("DEM"), "", self.tr("none in this cache")])
            for name in theme.layers:
                info = summary.layers[name]
                label = info.title_zh if lang == "zh_CN" else info.title_en
                geometry = self.geometry_label(info.geometry_type, info.has_z)
                item = QTreeWidgetItem(top, [label, f"{info.count:,}", geometry,
                                             fmt_extent(info.extent), str(info.version)])
                item.setData(0, Qt.ItemDataRole.UserRole, name)
                item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
            if theme.layers:  # a theme counts the features of its main layer
                top.setText(1, f"{summary.layers[theme.layers[0]].count:,}")
            top.setExpanded(True)

    def count_of(self, layer: str) -> int | None:
        """The count shown for a layer (what a user reads), or None when not listed."""
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            for j in range(top.childCount()):
                child = top.child(j)
                if child.data(0, Qt.ItemDataRole.UserRole) == layer:
                    return int(child.text(1).replace(",", ""))
        return None
