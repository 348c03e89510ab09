"""The layer panel: the themes of a cache as a tree of visibility checkboxes and opacity sliders.

It knows nothing of VTK: the main window connects ``visibility_changed`` and ``opacity_changed``
to viewer.scene.Scene.set_visible / set_opacity. Keys are the scene's layer keys ("terrain",
"buildings", "pipelines:<class code>", "pipe_points", "poles") plus "housing", the housing-stock
theme, which is a style of the buildings (the main window colours the buildings by the housing
panel's theme while it is checked, and shows white models otherwise).

The 管线 (pipelines) item is a group: (un)checking it (un)checks every child (one per CJJ 61
class present in the cache, and 管点 pipe points), and each child emits its own signal; its
opacity slider moves the children's sliders.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QSlider, QTreeWidget, QTreeWidgetItem, QWidget

from app.legend import swatch
from layers import pipelines
from layers.catalog import THEMES
from layers.pipelines import child_key
from layers.style import is_zh
from store.cache import Cache
from store.schema import LAYERS

KEY_ROLE = Qt.ItemDataRole.UserRole
GROUP_KEY = "pipelines"
NAME, COUNT, OPACITY = 0, 1, 2


def pipeline_key(class_code: str) -> str:
    """The scene's key of one pipeline class, e.g. "pipelines:JS"."""
    return child_key(class_code)


class LayerPanel(QTreeWidget):
    """Themes and their layers, each with a visibility checkbox, a count and an opacity slider."""

    visibility_changed = Signal(str, bool)
    opacity_changed = Signal(str, float)
    current_key_changed = Signal(str)  # "" when nothing is selected

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setColumnCount(3)
        self.setHeaderLabels([self.tr("Layer"), self.tr("Count"), self.tr("Opacity")])
        header = self.header()
        header.setStretchLastSection(False)
        # Names are never cut to "…": the column fits its longest name, the tree scrolls.
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COUNT, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(OPACITY, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(OPACITY, 110)
        self._items: dict[str, QTreeWidgetItem] = {}
        self._sliders: dict[str, QSlider] = {}
        self._shown: dict[str, bool] = {}  # last visibility emitted (or set) per leaf key
        self._populating = False
        self.lang = "zh_CN"
        self.itemChanged.connect(self._on_item_changed)
        self.currentItemChanged.connect(
            lambda cur, _prev: self.current_key_changed.emit(self.current_key() or ""))

    # -- building ------------------------------------------------------------------------------
    def populate(self, cache: Cache, lang: str = "zh_CN") -> None:
        """Rebuild the tree from a cache: 地形, 白模, 管线 (+ classes, 管点), 房屋, 智慧杆."""
        self._populating = True
        try:
            self.clear()
            self._items.clear()
            self._sliders.clear()
            self._shown.clear()
            self.lang = lang
            zh = is_zh(lang)
            themes = {t.key: t for t in THEMES}

            def title(key: str) -> str:
                return themes[key].title_zh if zh else themes[key].title_en

            has_dem = cache.raster_info("dem") is not None
            terrain = self._add(None, "terrain", title("terrain"), checked=has_dem)
            if not has_dem:
                terrain.setDisabled(True)
                terrain.setToolTip(NAME, self.tr("No terrain (DEM) in this cache"))
            self._add(None, "buildings", title("buildings"), cache.count("buildings"))

            group = self._add(None, GROUP_KEY, title("pipelines"), cache.count("pipelines"))
            group.setFlags(group.flags() | Qt.ItemFlag.ItemIsAutoTristate)
            for child in pipelines.children(cache, dark=True):
                if child.count:
                    item = self._add(group, pipeline_key(child.class_code),
                                     child.title_zh if zh else child.title_en, child.count)
                    item.setIcon(NAME, swatch(child.rgb))
            spec = LAYERS["pipe_points"]
            self._add(group, "pipe_points", spec.title_zh if zh else spec.title_en,
                      cache.count("pipe_points"))
            group.setExpanded(True)

            housing = self._add(None, "housing", title("housing"), cache.count("buildings"),
                                checked=False, opacity=False)
            housing.setToolTip(NAME, self.tr("Colours the buildings by a housing attribute "
                                             "(choose it in the housing panel)"))
            self._add(None, "poles", title("poles"), cache.count("poles"))
        finally:
            self._populating = False

    def _add(self, parent: QTreeWidgetItem | None, key: str, label: str,
             count: int | None = None, *, checked: bool = True,
             opacity: bool = True) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self if parent is None else parent, [label])
        item.setData(NAME, KEY_ROLE, key)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(NAME, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        if count is not None:
            item.setText(COUNT, f"{count:,}")
            item.setTextAlignment(COUNT, Qt.AlignmentFlag.AlignRight
                                  | Qt.AlignmentFlag.AlignVCenter)
        self._items[key] = item
        if key != GROUP_KEY:
            self._shown[key] = checked
        if opacity:
            slider = QSlider(Qt.Orientation.Horizontal)
            slider.setRange(0, 100)
            slider.setValue(100)
            slider.setToolTip(self.tr("Opacity"))
            slider.valueChanged.connect(lambda v, k=key: self._on_opacity(k, v))
            self.setItemWidget(item, OPACITY, slider)
            self._sliders[key] = slider
        return item

    # -- signals -------------------------------------------------------------------------------
    def _on_item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._populating or column != NAME:
            return
        key = item.data(NAME, KEY_ROLE)
        # Qt propagates the group's state to its children: compare each with what was emitted
        items = ([item.child(i) for i in range(item.childCount())] if key == GROUP_KEY
                 else [item])
        for it in items:
            k = it.data(NAME, KEY_ROLE)
            on = it.checkState(NAME) == Qt.CheckState.Checked
            if k and self._shown.get(k) != on:
                self._shown[k] = on
                self.visibility_changed.emit(k, on)

    def _on_opacity(self, key: str, value: int) -> None:
        if key == GROUP_KEY:
            group = self._items[GROUP_KEY]
            for i in range(group.childCount()):
                child = self._sliders.get(group.child(i).data(NAME, KEY_ROLE))
                if child is not None:
                    child.setValue(value)
            return
        self.opacity_changed.emit(key, value / 100.0)

    # -- queries and setters ------------------------------------------------------------------
    def layer_keys(self) -> list[str]:
        """Every key of the tree in display order (the 管线 group key included)."""
        return list(self._items)

    def item(self, key: str) -> QTreeWidgetItem | None:
        return self._items.get(key)

    def current_key(self) -> str | None:
        """The key of the selected item, or None."""
        item = self.currentItem()
        return None if item is None else item.data(NAME, KEY_ROLE)

    def set_current_key(self, key: str) -> None:
        if key in self._items:
            self.setCurrentItem(self._items[key])

    def is_checked(self, key: str) -> bool:
        item = self._items.get(key)
        return item is not None and item.checkState(NAME) == Qt.CheckState.Checked

    def set_checked(self, key: str, checked: bool) -> None:
        """Check or uncheck a layer (the 管线 group: all its children); emits like a click.
        Unknown keys are ignored (a bookmark of a layer this cache lacks)."""
        item = self._items.get(key)
        if item is not None and not item.isDisabled():
            item.setCheckState(NAME, Qt.CheckState.Checked if checked
                               else Qt.CheckState.Unchecked)

    def visible_keys(self) -> list[str]:
        """The checked layer keys (leaves only, "housing" when its theme is on), tree order."""
        return [k for k, item in self._items.items()
                if k != GROUP_KEY and item.checkState(NAME) == Qt.CheckState.Checked
                and not item.isDisabled()]

    def set_visible_keys(self, keys: list[str] | set[str]) -> None:
        """Check exactly these layers (a bookmark's), uncheck the rest."""
        wanted = set(keys)
        for k in self._items:
            if k != GROUP_KEY:
                self.set_checked(k, k in wanted)

    def opacity_slider(self, key: str) -> QSlider | None:
        return self._sliders.get(key)

    def opacity(self, key: str) -> float | None:
        slider = self._sliders.get(key)
        return None if slider is None else slider.value() / 100.0

    def set_opacity(self, key: str, opacity: float) -> None:
        """Move a layer's slider (0–1); emits opacity_changed when the value changes."""
        slider = self._sliders.get(key)
        if slider is not None:
            slider.setValue(round(max(0.0, min(1.0, opacity)) * 100))
