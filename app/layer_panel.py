"""The layer panel: a view over the model's layer list (napari's QtLayerList over its LayerList).

Every layer of ``model.layers`` is a row, top of the panel first: a check box (visible), its
name (double-click or F2 renames it: :meth:`Layer.rename`), its feature count and an opacity
slider. Buttons add a layer (the add-layer dialog), remove, move up and down (or drag a row),
edit the style (the style dialog), zoom to the layer and open its attribute table. Under a
styled layer its legend: one swatch per class; under the pipelines, one check box per CJJ 61
class present (unchecking one sets the layer's filter, ``class_code not in (…)``); under the
buildings, the classes of their current colouring (theme, filter, highlight).

The panel holds no state of its own: every control changes the model, and the rows are
rebuilt or updated from the model's signals (``inserted``, ``removed``, ``moved``,
``changed``; the colouring's ``changed``). Two views of one model always agree.

Until the window draws from the model, the panel also says what changed as scene keys
(``visibility_changed("pipelines:JS", False)``, ``opacity_changed``), and :meth:`populate`
opens a model of its own over a cache.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QDropEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QSlider,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.grade_banner import layer_mark
from app.legend import swatch
from layers.layer import Layer
from layers.model import CityModel
from layers.style import is_zh

if TYPE_CHECKING:
    from store.cache import Cache

KEY_ROLE = Qt.ItemDataRole.UserRole
NAME, COUNT, OPACITY = 0, 1, 2
#: The field of the pipelines whose classes get a check box each.
PIPE_CLASS_FIELD = "class_code"
#: Words of the legend rows that are not in the layer's style.
_OTHER = QT_TRANSLATE_NOOP("LayerPanel", "other values")


# -- pure rules (no Qt) --------------------------------------------------------------------------
def class_filter(hidden: Iterable[str], field: str = PIPE_CLASS_FIELD) -> str | None:
    """The layer filter hiding these class values (None: nothing hidden)."""
    codes = sorted(set(hidden))
    if not codes:
        return None
    quoted = ", ".join("'" + c.replace("'", "''") + "'" for c in codes)
    return f"{field} not in ({quoted})"


def hidden_classes(flt: str | None, field: str = PIPE_CLASS_FIELD) -> set[str]:
    """The class values a :func:`class_filter` hides (empty for any other filter)."""
    m = re.fullmatch(rf"\s*{re.escape(field)}\s+not\s+in\s+\((.*)\)\s*", flt or "")
    if not m:
        return set()
    return {v.replace("''", "'") for v in re.findall(r"'((?:[^']|'')*)'", m.group(1))}


def child_key(layer: str, value: str) -> str:
    """The key of one class row, e.g. ``pipelines:JS`` (the scene's key of that class)."""
    return f"{layer}:{value}"


#: The layers a bookmark saved before the map had context layers could name (issue 11).
BOOKMARK_LAYERS_BEFORE_MAP = ("terrain", "buildings", "building_solids", "pipelines",
                              "pipe_points", "poles", "bim")


class LayerPanel(QWidget):
    """The model's layers as rows with check box, name, count, opacity, legend; and buttons."""

    #: scene key, on: for a window that still draws by scene keys
    visibility_changed = Signal(str, bool)
    opacity_changed = Signal(str, float)
    current_key_changed = Signal(str)  # "" when nothing is selected
    zoom_requested = Signal(str)  # a layer name
    table_requested = Signal(str)  # a layer name: open its attribute table
    said = Signal(str)  # a sentence for the status bar (what adding a file left out …)

    def __init__(self, parent: QWidget | None = None, model: CityModel | None = None) -> None:
        super().__init__(parent)
        self.model: CityModel | None = None
        self._own_model = False
        self.lang = "zh_CN"
        self._items: dict[str, QTreeWidgetItem] = {}  # rows shown now, by key (a view index)
        self._sliders: dict[str, QSlider] = {}
        self._filling = False

        self.tree = tree = _LayerTree(self)
        tree.setColumnCount(3)
        tree.setHeaderLabels([self.tr("Layer"), self.tr("Count"), self.tr("Opacity")])
        header = tree.header()
        header.setStretchLastSection(False)
        # Names are never cut to "…": the column fits its longest name, the tree scrolls.
        tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COUNT, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(OPACITY, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(OPACITY, 110)
        tree.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        tree.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        tree.customContextMenuRequested.connect(self._context_menu)
        tree.itemChanged.connect(self._on_item_changed)
        tree.currentItemChanged.connect(self._on_current)

        def button(text: str, tip: str, slot: Any, shortcut: str = "") -> QToolButton:
            b = QToolButton()
            b.setText(text)
            b.setToolTip(tip)
            b.setAutoRaise(True)
            b.clicked.connect(slot)
            if shortcut:
                action = QAction(self)
                action.setShortcut(QKeySequence(shortcut))
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                action.triggered.connect(slot)
                self.addAction(action)
            return b

        self.add_button = button(self.tr("Add…"), self.tr("Add a layer from a file or the cache"),
                                 self.add_layer)
        self.remove_button = button(self.tr("Remove"), self.tr("Remove the layer from the map"),
                                    self.remove_current, "Del")
        self.up_button = button("▲", self.tr("Move the layer up (drawn above)"),
                                lambda: self.move_current(-1), "Ctrl+Up")
        self.down_button = button("▼", self.tr("Move the layer down"),
                                  lambda: self.move_current(1), "Ctrl+Down")
        self.style_button = button(self.tr("Style…"), self.tr("Colours, classes and labels"),
                                   self.edit_style)
        self.zoom_button = button(self.tr("Zoom"), self.tr("Zoom to the layer"),
                                  self.zoom_to_current)
        self.table_button = button(self.tr("Table"), self.tr("Open the attribute table"),
                                   self.open_table)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(2)
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button,
                  self.style_button, self.zoom_button, self.table_button):
            bar.addWidget(b)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(bar)
        layout.addWidget(tree)
        self._update_buttons()
        if model is not None:
            self.set_model(model)

    # -- the model ---------------------------------------------------------------------------
    def set_model(self, model: CityModel, lang: str | None = None) -> None:
        """View ``model`` (the window's); the panel then follows its signals."""
        if self.model is not None:
            self._disconnect(self.model)
        self.model = model
        self._own_model = False
        self.lang = lang or model.lang
        ll = model.layers
        ll.inserted.connect(self._on_list)
        ll.removed.connect(self._on_list)
        ll.moved.connect(self._on_list)
        ll.changed.connect(self._on_layer_changed)
        model.opened.connect(self._on_opened)
        model.colouring.changed.connect(self._on_colouring)
        self.refresh()

    def _disconnect(self, model: CityModel) -> None:
        ll = model.layers
        for sig, slot in ((ll.inserted, self._on_list), (ll.removed, self._on_list),
                          (ll.moved, self._on_list), (ll.changed, self._on_layer_changed),
                          (model.opened, self._on_opened),
                          (model.colouring.changed, self._on_colouring)):
            sig.disconnect(slot)

    def populate(self, cache: Cache, lang: str = "zh_CN") -> None:
        """Show ``cache``'s map. With the window's model set, that model is already open and
        only the language is taken; else the panel opens a model of its own over the cache."""
        self.lang = lang
        if self.model is None or self._own_model:
            model = CityModel(lang)
            model.open(cache)
            self.set_model(model, lang)
            self._own_model = True
            self._emit_all()
        else:
            self.refresh()

    def _emit_all(self) -> None:
        """Say every layer's visibility and opacity (a window drawing by scene keys)."""
        if self.model is None:
            return
        for layer in self.model.layers:
            self._emit_visibility(layer)

    # -- rows --------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Rebuild every row from the model (order, names, checks, counts, legends)."""
        tree = self.tree
        current = self.current_key()
        expanded = {k for k, it in self._items.items() if it.isExpanded()}
        self._filling = True
        try:
            tree.clear()
            self._items.clear()
            self._sliders.clear()
            if self.model is None:
                return
            for layer in self.model.layers:
                item = QTreeWidgetItem(tree)
                self._items[layer.name] = item
                self._fill_layer(item, layer)
                slider = QSlider(Qt.Orientation.Horizontal)
                slider.setRange(0, 100)
                slider.setToolTip(self.tr("Opacity"))
                slider.setValue(round(layer.opacity * 100))
                slider.valueChanged.connect(lambda v, n=layer.name: self._on_slider(n, v))
                tree.setItemWidget(item, OPACITY, slider)
                self._sliders[layer.name] = slider
                item.setExpanded(layer.name in expanded or layer.kind == "pipes")
        finally:
            self._filling = False
        if current in self._items:
            tree.setCurrentItem(self._items[current])
        self._update_buttons()

    def _fill_layer(self, item: QTreeWidgetItem, layer: Layer, children: bool = True) -> None:
        """Set one layer's row (and rebuild its children) from the layer (signals held)."""
        was, self._filling = self._filling, True
        try:
            item.setText(NAME, layer.label(self.lang))
            item.setData(NAME, KEY_ROLE, layer.name)
            item.setToolTip(NAME, self._tooltip(layer))
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                          | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEditable
                          | Qt.ItemFlag.ItemIsDragEnabled)
            item.setCheckState(NAME, _check(layer.visible))
            count = self._count(layer)
            mark, why = layer_mark(layer, self.model.grades if self.model is not None else {})
            item.setText(COUNT, " ".join(t for t in ("" if count is None else f"{count:,}",
                                                     f"〔{mark}〕" if mark else "") if t))
            if why:
                item.setToolTip(COUNT, why)
                item.setToolTip(NAME, f"{self._tooltip(layer)}\n{why}")
            item.setTextAlignment(COUNT, Qt.AlignmentFlag.AlignRight
                                  | Qt.AlignmentFlag.AlignVCenter)
            if not children:  # the class rows stay: only their check boxes follow
                hidden = hidden_classes(layer.filter)
                for key in self._class_keys(layer.name):
                    self._items[key].setCheckState(
                        NAME, _check(key.split(":", 1)[1] not in hidden))
            else:
                self._fill_children(item, layer)
            slider = self._sliders.get(layer.name)
            if slider is not None and slider.value() != round(layer.opacity * 100):
                slider.blockSignals(True)
                slider.setValue(round(layer.opacity * 100))
                slider.blockSignals(False)
        finally:
            self._filling = was

    def _class_keys(self, name: str) -> list[str]:
        return [k for k in self._items if k.startswith(name + ":")]

    def _fill_children(self, item: QTreeWidgetItem, layer: Layer) -> None:
        for key in self._class_keys(layer.name):
            del self._items[key]
        item.takeChildren()
        item.setIcon(NAME, QIcon())
        if layer.kind == "pipes":
            self._pipe_children(item, layer)
        elif layer.kind == "buildings":
            self._colouring_children(item)
        else:
            self._legend_children(item, layer)

    def _tooltip(self, layer: Layer) -> str:
        src = layer.source
        where = src.path or src.table or ""
        if src.sublayer:
            where += f" ({src.sublayer})"
        return f"{layer.label(self.lang)} — {where}" if where else layer.label(self.lang)

    def _pipe_children(self, item: QTreeWidgetItem, layer: Layer) -> None:
        from layers import pipelines

        cache = self.model.cache if self.model else None
        if cache is None or not layer.source.in_cache:
            return self._legend_children(item, layer)
        hidden = hidden_classes(layer.filter)
        zh = is_zh(self.lang)
        for child in pipelines.children(cache, dark=True):
            if not child.count:
                continue
            it = QTreeWidgetItem(item, [child.title_zh if zh else child.title_en])
            key = child_key(layer.name, child.class_code)
            it.setData(NAME, KEY_ROLE, key)
            it.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                        | Qt.ItemFlag.ItemIsUserCheckable)
            it.setCheckState(NAME, _check(child.class_code not in hidden))
            it.setIcon(NAME, swatch(child.rgb))
            it.setText(COUNT, f"{child.count:,}")
            it.setTextAlignment(COUNT, Qt.AlignmentFlag.AlignRight
                                | Qt.AlignmentFlag.AlignVCenter)
            self._items[key] = it
        return None

    def _legend_children(self, item: QTreeWidgetItem, layer: Layer) -> None:
        from layers.render import legend_entries

        for e in legend_entries(layer.style):
            if e.kind == "single":
                if layer.kind in ("vectors", "glyphs"):
                    item.setIcon(NAME, swatch(e.rgb))
            elif e.kind == "other":
                self._legend_row(item, QCoreApplication.translate("LayerPanel", _OTHER), e.rgb)
            else:
                self._legend_row(item, e.text(self.lang), e.rgb)

    def _colouring_children(self, item: QTreeWidgetItem) -> None:
        legend = self.model.colouring.legend() if self.model else None
        if legend is None:
            return
        for e in legend.legend:
            self._legend_row(item, f"{e.label(self.lang)} ({e.count:,})", e.rgb)
        item.setExpanded(True)

    def _legend_row(self, parent: QTreeWidgetItem, text: str, rgb: Any) -> None:
        row = QTreeWidgetItem(parent, [text])
        row.setIcon(NAME, swatch(tuple(rgb)))
        row.setFlags(Qt.ItemFlag.ItemIsEnabled)

    def _count(self, layer: Layer) -> int | None:
        from layers.table import feature_count

        try:
            return feature_count(self.model.cache if self.model else None, layer.source)
        except Exception:  # noqa: BLE001 - a count is a nicety: an unreadable file shows none
            return None

    # -- model → view ------------------------------------------------------------------------
    def _on_list(self, *_: Any) -> None:
        self.refresh()

    def _on_opened(self, _cache: Any) -> None:
        self.refresh()

    def _on_colouring(self) -> None:
        if self.model is None:
            return
        for layer in self.model.layers.of_kind("buildings"):
            item = self._items.get(layer.name)
            if item is not None:
                self._fill_children(item, layer)

    def _on_layer_changed(self, layer: Layer, what: str) -> None:
        item = self._items.get(layer.name)
        if item is None:
            return
        if what == "opacity":
            slider = self._sliders.get(layer.name)
            if slider is not None:
                slider.blockSignals(True)
                slider.setValue(round(layer.opacity * 100))
                slider.blockSignals(False)
            self.opacity_changed.emit(layer.name, layer.opacity)
            return
        self._fill_layer(item, layer, children=what in ("style", "source"))
        if what in ("visible", "filter"):
            self._emit_visibility(layer)

    def _emit_visibility(self, layer: Layer) -> None:
        keys = [k for k in self._items if k.startswith(layer.name + ":")]
        if layer.kind == "pipes" and keys:
            hidden = hidden_classes(layer.filter)
            for k in keys:
                self.visibility_changed.emit(k, layer.visible and k.split(":", 1)[1]
                                             not in hidden)
        else:
            self.visibility_changed.emit(layer.name, layer.visible)

    # -- view → model ------------------------------------------------------------------------
    def _on_item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._filling or column != NAME or self.model is None:
            return
        key = item.data(NAME, KEY_ROLE)
        if not key:
            return
        on = item.checkState(NAME) == Qt.CheckState.Checked
        if ":" in key:  # a class of the pipelines
            name, value = key.split(":", 1)
            layer = self.model.layers.get(name)
            if layer is not None:
                hidden = hidden_classes(layer.filter)
                (hidden.discard if on else hidden.add)(value)
                layer.filter = class_filter(hidden)
            return
        layer = self.model.layers.get(key)
        if layer is None:
            return
        text = item.text(NAME).strip()
        if text and text != layer.label(self.lang):
            layer.rename(text)
        elif not text:  # an empty name is not a name: show the old one again
            self._fill_layer(item, layer)
        layer.visible = on

    def _on_slider(self, name: str, value: int) -> None:
        layer = self.model.layers.get(name) if self.model else None
        if layer is not None:
            layer.opacity = value / 100.0

    def _on_current(self, *_: Any) -> None:
        self._update_buttons()
        self.current_key_changed.emit(self.current_key() or "")

    def _update_buttons(self) -> None:
        layer = self.current_layer()
        has = layer is not None
        n = len(self.model.layers) if self.model else 0
        i = self.model.layers.index(layer.name) if has else -1
        self.add_button.setEnabled(self.model is not None)
        for b in (self.remove_button, self.zoom_button):
            b.setEnabled(has)
        self.up_button.setEnabled(has and i > 0)
        self.down_button.setEnabled(has and 0 <= i < n - 1)
        # buildings, pipes and glyphs are coloured by their themes (housing, CJJ 61, status)
        self.style_button.setEnabled(has and layer.kind == "vectors")
        self.table_button.setEnabled(has and (layer.source.table is not None
                                              or layer.source.path is not None))

    def current_layer(self) -> Layer | None:
        """The layer of the selected row (a class or legend row: its layer)."""
        item = self.tree.currentItem()
        if item is None or self.model is None:
            return None
        while item.parent() is not None:
            item = item.parent()
        return self.model.layers.get(item.data(NAME, KEY_ROLE) or "")

    def remove_current(self) -> None:
        layer = self.current_layer()
        if layer is not None:
            self.model.layers.remove(layer.name)
            if layer.kind == "tiles3d" and self.model.cache is not None:
                from app.messages import word
                from layers.tiles3d import forget_tileset
                from store.errors import CimviewError

                try:  # its row in the cache goes too (the files stay), or it comes back
                    forget_tileset(self.model.cache, layer)
                except CimviewError as exc:
                    self.said.emit(word(exc))

    def move_current(self, step: int) -> None:
        layer = self.current_layer()
        if layer is None:
            return
        ll = self.model.layers
        ll.move(layer.name, ll.index(layer.name) + step)
        self.set_current_key(layer.name)

    def move_layer(self, name: str, index: int) -> None:
        """Put layer ``name`` at ``index`` (a drop)."""
        if self.model is not None and name in self.model.layers:
            self.model.layers.move(name, index)
            self.set_current_key(name)

    def rename_current(self) -> None:
        item = self._items.get(self.current_layer().name) if self.current_layer() else None
        if item is not None:
            self.tree.editItem(item, NAME)

    def edit_style(self) -> None:
        """Open the style dialog for the current layer (Apply/OK set its style)."""
        from app.style_dialog import StyleDialog

        layer = self.current_layer()
        if layer is None or layer.kind != "vectors":
            return
        self.style_dialog = StyleDialog(layer, self.model, self)
        self.style_dialog.open()

    def add_layer(self) -> None:
        """Open the add-layer dialog (a file or a table of the cache)."""
        from app.add_layer import AddLayerDialog

        if self.model is None:
            return
        self.add_dialog = dialog = AddLayerDialog(self.model, self)
        dialog.accepted.connect(lambda: self._added(dialog))
        dialog.open()

    def _added(self, dialog: Any) -> None:
        if dialog.added is not None and dialog.notes:
            self.said.emit(f"{dialog.added.label(self.lang)}: " + "; ".join(dialog.notes))

    def zoom_to_current(self) -> None:
        layer = self.current_layer()
        if layer is not None:
            self.zoom_requested.emit(layer.name)

    def open_table(self) -> None:
        layer = self.current_layer()
        if layer is not None:
            self.table_requested.emit(layer.name)

    def _context_menu(self, pos: Any) -> None:
        item = self.tree.itemAt(pos)
        if item is None:
            return
        self.tree.setCurrentItem(item)
        menu = QMenu(self)
        for text, slot in ((self.tr("Rename"), self.rename_current),
                           (self.tr("Style…"), self.edit_style),
                           (self.tr("Zoom to layer"), self.zoom_to_current),
                           (self.tr("Attribute table"), self.open_table),
                           (self.tr("Remove"), self.remove_current)):
            menu.addAction(text, slot)
        menu.popup(self.tree.viewport().mapToGlobal(pos))

    # -- compatibility: scene keys ------------------------------------------------------------
    def layer_keys(self) -> list[str]:
        """Every row key in display order (layers and pipeline classes)."""
        return list(self._items)

    def item(self, key: str) -> QTreeWidgetItem | None:
        return self._items.get(key)

    def current_key(self) -> str | None:
        item = self.tree.currentItem()
        return None if item is None else item.data(NAME, KEY_ROLE)

    def set_current_key(self, key: str) -> None:
        if key in self._items:
            self.tree.setCurrentItem(self._items[key])

    def is_checked(self, key: str) -> bool:
        """Whether a layer (or a pipeline class) shows. ``housing`` is always on: the housing
        theme is the buildings' colouring, chosen in its own panel."""
        if key == "housing":
            return True
        if self.model is None:
            return False
        name, _, value = key.partition(":")
        layer = self.model.layers.get(name)
        if layer is None:
            return False
        return layer.visible and (not value or value not in hidden_classes(layer.filter))

    def set_checked(self, key: str, checked: bool) -> None:
        """Show or hide a layer or a pipeline class, in the model. Unknown keys are ignored."""
        item = self._items.get(key)
        if item is not None and item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
            item.setCheckState(NAME, _check(checked))

    def visible_keys(self) -> list[str]:
        """Keys shown, top first: visible layers, and each shown class of the pipelines."""
        return [k for k in self._items if self.is_checked(k)
                and not (":" not in k and any(c.startswith(k + ":") for c in self._items))]

    def bookmark_keys(self) -> list[str]:
        """What a bookmark keeps: the keys shown, then "-name" for each layer hidden, so a
        layer added after the bookmark keeps its own visibility when it is restored."""
        hidden = [f"-{layer.name}" for layer in (self.model.layers if self.model else ())
                  if not any(k == layer.name or k.startswith(layer.name + ":")
                             for k in self.visible_keys())]
        return self.visible_keys() + hidden

    def set_visible_keys(self, keys: Iterable[str]) -> None:
        """Show the keys of a bookmark, hide its "-name" keys; a class shows its layer.

        Layers the bookmark does not mention keep their visibility (they came later). A
        bookmark from before the context layers names only what was shown then: the layers
        of that time (:data:`BOOKMARK_LAYERS_BEFORE_MAP`) it does not show are hidden."""
        if self.model is None:
            return
        wanted = [k for k in keys if not k.startswith("-")]
        hidden = {k[1:] for k in keys if k.startswith("-")}
        if len(hidden) == 0:
            hidden = set(BOOKMARK_LAYERS_BEFORE_MAP)
        shown = set(wanted)
        for layer in self.model.layers:
            classes = [k for k in self._items if k.startswith(layer.name + ":")]
            named = layer.name in shown or any(k.startswith(layer.name + ":") for k in shown)
            if not named and layer.name not in hidden:
                continue  # not in the bookmark: as it is
            if classes:
                on = [k for k in classes if k in shown or layer.name in shown]
                layer.filter = class_filter(k.split(":", 1)[1] for k in classes if k not in on)
                layer.visible = bool(on)
            else:
                layer.visible = named

    def opacity_slider(self, key: str) -> QSlider | None:
        return self._sliders.get(key)

    def opacity(self, key: str) -> float | None:
        layer = self.model.layers.get(key) if self.model else None
        return None if layer is None else layer.opacity

    def set_opacity(self, key: str, opacity: float) -> None:
        layer = self.model.layers.get(key) if self.model else None
        if layer is not None:
            layer.opacity = opacity


class _LayerTree(QTreeWidget):
    """The rows; a drop moves the layer in the model (the rows follow the model)."""

    def __init__(self, panel: LayerPanel) -> None:
        super().__init__(panel)
        self.panel = panel

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        dragged = self.currentItem()
        target = self.itemAt(event.position().toPoint())
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()  # the model moves; Qt moves nothing
        if dragged is None or dragged.parent() is not None:
            return
        while target is not None and target.parent() is not None:
            target = target.parent()
        name = dragged.data(NAME, KEY_ROLE)
        if target is None:
            index = self.topLevelItemCount() - 1
        else:
            index = self.indexOfTopLevelItem(target)
            below = (self.dropIndicatorPosition()
                     == QAbstractItemView.DropIndicatorPosition.BelowItem)
            old = self.indexOfTopLevelItem(dragged)
            if below and index < old:
                index += 1
            elif not below and index > old:
                index -= 1
        self.panel.move_layer(name, index)


def _check(on: bool) -> Qt.CheckState:
    return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
