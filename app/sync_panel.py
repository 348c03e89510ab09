"""Field work against the base platform: the Sync dock, its workers and dialogs.

* :class:`SyncPanel` — the platform's URL and token, *Update from platform* (an incremental sync
  of the open cache, or its first download), *Send outbox*, and the outbox itself: each recorded
  observation or edit with its status (pending, sent, rejected with the platform's reason,
  conflict), *Record observation…* and *Resolve conflict…*.
* :func:`sync_work` / :func:`collections_work` / :func:`push_work` — ``store.sync.download.sync``,
  the platform's collections and ``store.sync.push.push`` as work functions of :mod:`app.tasks`.
* :class:`ObservationDialog` — kind, severity, text, photos, position (typed, or the last point
  clicked on the map) and the linked feature (the selection).
* :class:`ConflictDialog` — field by field: base, mine, theirs, and a choice for each.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.tasks import Task
from layers import palette
from store.cache import Cache

DEFAULT_URL = "http://127.0.0.1:5000"


def learn_collections(client: Any, cache_path: Path | None) -> dict[str, Any]:
    """Ask the platform which collections take edits and keep the answer in the cache."""
    from store.sync.editable import probe, remember

    infos = probe(client, client.collections())
    if cache_path is not None and Path(cache_path).exists():
        with Cache.open(cache_path) as cache:
            remember(cache, client.url, infos)
    return infos


def sync_work(task: Task, url: str, token: str | None, cache_path: Path, *,
              area: str | None = None,
              bbox: tuple[float, float, float, float] | None = None,
              passphrase: str | None = None, remember: bool = False) -> Any:
    """One sync (download or update) of a cache, as an app.tasks work function: the sync's
    event dicts go out as progress messages; returns its SyncSummary. A new cache is
    encrypted with ``passphrase`` when given (its key kept in the keyring with ``remember``)."""
    from store import cipher
    from store.sync.client import Platform
    from store.sync.download import sync

    summary = sync(url, Path(cache_path), token=token or None, area=area, bbox=bbox,
                   progress=lambda event: task.progress(0.0, dict(event)),
                   cancel=task.cancel_event, passphrase=passphrase)
    if remember and passphrase and cipher.encrypted(summary.cache):
        cipher.remember_key(summary.cache)
    if summary.complete and not task.is_cancelled():
        try:  # which collections take edits: asked now, known offline later
            with Platform(url, token or None, timeout=10, retries=0) as client:
                learn_collections(client, Path(summary.cache))
        except Exception:  # noqa: BLE001 - only a hint for later edits
            pass
    return summary


def collections_work(task: Task, url: str, token: str | None,
                     cache_path: Path | None = None) -> dict[str, Any]:
    """The platform's collections and which take edits (kept in the open cache): id →
    store.sync.editable.CollectionInfo."""
    from store.sync.client import Platform

    with Platform(url, token or None, timeout=15, retries=1) as client:
        return learn_collections(client, cache_path)


def push_work(task: Task, url: str, token: str | None, cache_path: Path) -> Any:
    """Send a cache's outbox; returns the PushSummary."""
    from store.sync.push import push

    with Cache.open(cache_path) as cache:
        return push(cache, url, token=token or None)


class EditDialog(QDialog):
    """Correct one attribute of a platform feature (a pole's status, a building's grade): the
    field by its label, the new value typed or chosen from its list (app.edit_fields)."""

    def __init__(self, parent: QWidget | None, title: str, fields: list[Any],
                 note: str = "", layer: str | None = None):
        super().__init__(parent)
        self.layer = layer
        self.setWindowTitle(self.tr("Edit {0}").format(title))
        form = QFormLayout(self)
        self.fields = {f.column: f for f in fields}
        self.field = QComboBox()
        for f in fields:
            self.field.addItem(f.label, f.column)
        self.value = QLineEdit()
        self.choice = QComboBox()
        self.unit = QLabel()
        self.current = QLabel()
        row = QHBoxLayout()
        row.addWidget(self.value, 1)
        row.addWidget(self.choice, 1)
        row.addWidget(self.unit)
        self.field.currentIndexChanged.connect(self._field_changed)
        form.addRow(self.tr("Field"), self.field)
        form.addRow(self.tr("Now"), self.current)
        form.addRow(self.tr("New value"), row)
        if note:
            label = QLabel(note)
            label.setWordWrap(True)
            form.addRow(label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.error = QLabel()
        self.error.setStyleSheet(f"color: {palette.hex('error_text')}")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        form.addRow(self.error)
        self._field_changed()

    def _field(self) -> Any:
        return self.fields.get(self.field.currentData())

    def _field_changed(self) -> None:
        f = self._field()
        if f is None:
            return
        v = f.value
        has_choices = f.choices is not None
        self.value.setVisible(not has_choices)
        self.choice.setVisible(has_choices)
        self.unit.setText(f.unit)
        shown = "" if v is None else str(v)
        if has_choices:
            self.choice.clear()
            self.choice.addItem(self.tr("(empty)"), None)
            for value, label in f.choices:
                self.choice.addItem(label, value)
                if v is not None and str(value) == str(v):
                    shown = label
            index = self.choice.findData(v) if v is not None else 0
            self.choice.setCurrentIndex(max(index, 0))
        else:
            self.value.setText(shown)
        self.current.setText(f"{shown} {f.unit}".strip() if shown else self.tr("(empty)"))
        self.error.setVisible(False)

    def choose(self, column: str, value: Any) -> None:
        """Pick a field and a value (as a user would)."""
        self.field.setCurrentIndex(self.field.findData(column))
        f = self._field()
        if f is not None and f.choices is not None:
            self.choice.setCurrentIndex(self.choice.findData(value))
        else:
            self.value.setText("" if value is None else str(value))

    def _accept(self) -> None:
        try:
            self.change()
        except ValueError:
            self.error.setText(self.tr("Not a number: {0}").format(self.value.text()))
            self.error.setVisible(True)
            return
        self.accept()

    def change(self) -> dict[str, Any]:
        """{field: value}: the chosen list value, or the text typed like the current value or
        the column (int, float or text); ValueError for a number that is not one."""
        f = self._field()
        name = f.column
        if f.choices is not None:
            return {name: self.choice.currentData()}
        old, text = f.value, self.value.text().strip()
        kind = _column_type(self.layer, name) if self.layer else None
        value: Any = text
        if text == "":
            value = None
        elif isinstance(old, bool):
            value = text.lower() in ("1", "true", "yes", "是")
        elif isinstance(old, int) or kind is int:
            value = int(text)
        elif isinstance(old, float) or kind is float:
            value = float(text)
        return {name: value}


def _column_type(layer: str, column: str) -> type | None:
    from store.schema import LAYERS

    spec = LAYERS.get(layer)
    if spec is None or column not in spec.table.c:
        return None
    try:
        return spec.table.c[column].type.python_type
    except NotImplementedError:
        return None


def kind_labels() -> dict[str, str]:
    """Observation kinds in the interface language."""
    return {"pole_fault": QCoreApplication.translate("SyncPanel", "Pole fault"),
            "pipe_leak": QCoreApplication.translate("SyncPanel", "Pipe leak"),
            "building_safety": QCoreApplication.translate("SyncPanel", "Building safety"),
            "other": QCoreApplication.translate("SyncPanel", "Other")}


def status_labels() -> dict[str, str]:
    """Outbox states in the interface language."""
    return {"pending": QCoreApplication.translate("SyncPanel", "pending"),
            "sent": QCoreApplication.translate("SyncPanel", "sent"),
            "rejected": QCoreApplication.translate("SyncPanel", "rejected"),
            "conflict": QCoreApplication.translate("SyncPanel", "conflict"),
            "discarded": QCoreApplication.translate("SyncPanel", "discarded")}


class SyncPanel(QWidget):
    """The Sync dock: platform and token, update, the platform's collections or the last
    sync's results, a banner for refused items, the outbox."""

    update_requested = Signal()
    push_requested = Signal()
    cancel_requested = Signal()
    browse_requested = Signal()
    finish_area_requested = Signal()
    record_requested = Signal()
    resolve_requested = Signal(str)  # outbox item id
    revert_requested = Signal(str)  # outbox item id of a refused item

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.lang = "en"
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.url = QLineEdit(DEFAULT_URL)
        self.url.setToolTip(self.tr("The OGC API - Features landing page of the base platform"))
        self.token = QLineEdit()
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setPlaceholderText(self.tr("optional"))
        self.remember_token = QCheckBox(self.tr("Remember the token in the system keyring"))
        self.remember_token.setToolTip(self.tr("Kept by the operating system's keyring for "
                                               "this platform, not in a file"))
        form.addRow(self.tr("Platform"), self.url)
        form.addRow(self.tr("Token"), self.token)
        form.addRow("", self.remember_token)
        layout.addLayout(form)
        row = QHBoxLayout()
        self.update_button = QPushButton(self.tr("Update from platform"))
        self.update_button.clicked.connect(self.update_requested)
        self.push_button = QPushButton(self.tr("Send outbox"))
        self.push_button.clicked.connect(self.push_requested)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel_requested)
        row.addWidget(self.update_button)
        row.addWidget(self.push_button)
        row.addWidget(self.cancel_button)
        layout.addLayout(row)
        row = QHBoxLayout()
        self.collections_button = QPushButton(self.tr("Browse collections"))
        self.collections_button.clicked.connect(self.browse_requested)
        self.finish_area_button = QPushButton(self.tr("Finish the area"))
        self.finish_area_button.setVisible(False)  # while a work area is being drawn
        self.finish_area_button.clicked.connect(self.finish_area_requested)
        row.addWidget(self.collections_button)
        row.addWidget(self.finish_area_button)
        layout.addLayout(row)
        self.status = QLabel(self.tr("Not synced in this session"))
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.layers_tree = QTreeWidget()  # the platform's collections, or the last sync
        self.layers_tree.setHeaderLabels([self.tr("Collection"), self.tr("Edits"),
                                          self.tr("Last sync")])
        self.layers_tree.setRootIsDecorated(False)
        self.layers_tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.layers_tree.setVisible(False)
        rows = self.fontMetrics().height() + 6
        self.layers_tree.setMinimumHeight(6 * rows)
        layout.addWidget(self.layers_tree, 1)
        self.banner = QLabel()  # refused items: why, where the user looks
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            f"QLabel {{ background: {palette.hex('refused_background')}; "
            f"color: {palette.hex('banner_text')}; "
            f"border: 1px solid {palette.hex('refused_border')}; padding: 4px; }}")
        self.banner.setVisible(False)
        layout.addWidget(self.banner)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Outbox"), self.tr("Status"), self.tr("Details")])
        self.tree.setRootIsDecorated(False)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.itemDoubleClicked.connect(self._double_clicked)
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        self.tree.setMinimumHeight(5 * rows)
        layout.addWidget(self.tree, 1)
        row = QHBoxLayout()
        self.record_button = QPushButton(self.tr("Record observation…"))
        self.record_button.clicked.connect(self.record_requested)
        self.resolve_button = QPushButton(self.tr("Resolve conflict…"))
        self.resolve_button.clicked.connect(self._resolve_clicked)
        self.revert_button = QPushButton(self.tr("Revert to the platform's value"))
        self.revert_button.setToolTip(self.tr("Give up the refused edit: the feature takes "
                                              "back the platform's values"))
        self.revert_button.setEnabled(False)
        self.revert_button.clicked.connect(self._revert_clicked)
        row.addWidget(self.record_button)
        row.addWidget(self.resolve_button)
        row.addWidget(self.revert_button)
        layout.addLayout(row)
        self._items: dict[str, Any] = {}

    def set_busy(self, busy: bool) -> None:
        for b in (self.update_button, self.push_button, self.collections_button):
            b.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)

    def title(self, cid: str, platform_title: str | None = None) -> str:
        from app.sync_words import collection_title

        return collection_title(cid, platform_title, self.lang)

    def show_summary(self, summary: Any, titles: dict[str, str] | None = None) -> None:
        """Per layer: fetched, new, updated, retired (a store.sync.download.SyncSummary), each
        collection under its title."""
        self.layers_tree.clear()
        self.layers_tree.setHeaderLabels([self.tr("Collection"), self.tr("Last sync"), ""])
        for name, s in summary.layers.items():
            row = QTreeWidgetItem([self.title(name, (titles or {}).get(name)), self.tr(
                "fetched {0}, new {1}, updated {2}, retired {3}").format(
                s.fetched, s.new, s.updated, s.retired), ""])
            row.setData(0, Qt.ItemDataRole.UserRole, name)
            row.setToolTip(0, name)
            self.layers_tree.addTopLevelItem(row)
        self._fit(self.layers_tree)

    def show_collections(self, collections: dict[str, Any]) -> None:
        """The platform's collections by title, and whether each takes edits
        (store.sync.editable.CollectionInfo, or the platform's collection documents)."""
        self.layers_tree.clear()
        self.layers_tree.setHeaderLabels([self.tr("Collection"), self.tr("Edits"), ""])
        for cid, c in collections.items():
            title = c.get("title") if isinstance(c, dict) else getattr(c, "title", None)
            editable = None if isinstance(c, dict) else getattr(c, "editable", None)
            edits = {True: self.tr("takes edits"), False: self.tr("read-only"),
                     None: self.tr("not said")}[editable]
            row = QTreeWidgetItem([self.title(cid, title), edits, ""])
            row.setData(0, Qt.ItemDataRole.UserRole, cid)
            row.setToolTip(0, cid)
            self.layers_tree.addTopLevelItem(row)
        self._fit(self.layers_tree)

    def collection_ids(self) -> list[str]:
        """The collection ids listed, top to bottom."""
        tree = self.layers_tree
        return [str(tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole))
                for i in range(tree.topLevelItemCount())]

    @staticmethod
    def _fit(tree: QTreeWidget) -> None:
        tree.setVisible(True)
        for c in range(tree.columnCount()):
            tree.resizeColumnToContents(c)

    def show_outbox(self, items: list[Any], names: dict[str, str] | None = None) -> None:
        """Fill the outbox list (store.sync.outbox.OutboxItem rows, newest last) and the banner
        of refused items; ``names``: gid → the feature's name, for edits."""
        from app.edit_fields import edit_fields
        from app.sync_words import rejection_short, rejection_text

        kinds, states = kind_labels(), status_labels()
        self.tree.clear()
        self._items = {item.id: item for item in items}
        refused: list[str] = []
        for item in items:
            if item.kind == "observation" and item.observation is not None:
                what = f"{kinds.get(item.observation.kind, item.observation.kind)} " \
                       f"{item.observation.text[:30]}"
            else:
                what = self.tr("Edit of {0} {1}").format(
                    self.title(item.layer or item.collection),
                    (names or {}).get(item.target_id) or item.target_id[:8])
            if item.status == "conflict":
                detail = ", ".join(c["field"] for c in item.conflicts)
            elif item.status == "rejected":
                detail = rejection_short(item.reason)  # the whole text: banner and tooltip
                refused.append(f"{what}: {rejection_text(item.reason)}")
            elif item.kind == "edit" and item.changes:
                labels = {f.column: f.label for f in edit_fields(item.layer, {}, self.lang)} \
                    if item.layer else {}
                detail = "; ".join(f"{labels.get(k, k)} → {'' if v is None else v}"
                                   for k, v in item.changes.items())
            else:
                detail = item.last_error or ""
            row = QTreeWidgetItem([what, states.get(item.status, item.status), detail])
            row.setData(0, Qt.ItemDataRole.UserRole, item.id)
            row.setToolTip(0, item.id)
            row.setToolTip(2, rejection_text(item.reason) if item.status == "rejected"
                           else detail)
            if item.status == "rejected":
                for c in range(3):
                    row.setForeground(c, QColor(*palette.rgb("refused_text")))
            self.tree.addTopLevelItem(row)
        for c in range(3):
            self.tree.resizeColumnToContents(c)
        if refused:
            self.banner.setText(self.tr("The platform refused {0} item(s). Select one and "
                                        "revert it to the platform's value, or edit it "
                                        "again:").format(len(refused))
                                + "\n• " + "\n• ".join(refused))
        self.banner.setVisible(bool(refused))
        self._selection_changed()

    def banner_text(self) -> str:
        """The refusal banner's text ("" when hidden)."""
        return self.banner.text() if not self.banner.isHidden() else ""

    def selected_id(self) -> str | None:
        items = self.tree.selectedItems()
        return str(items[0].data(0, Qt.ItemDataRole.UserRole)) if items else None

    def select_item(self, item_id: str) -> None:
        for i in range(self.tree.topLevelItemCount()):
            row = self.tree.topLevelItem(i)
            if row.data(0, Qt.ItemDataRole.UserRole) == item_id:
                self.tree.setCurrentItem(row)
                row.setSelected(True)

    def _selection_changed(self) -> None:
        item = self._items.get(self.selected_id() or "")
        self.revert_button.setEnabled(item is not None and item.status == "rejected")

    def _revert_clicked(self) -> None:
        item_id = self.selected_id()
        if item_id:
            self.revert_requested.emit(item_id)

    def _resolve_clicked(self) -> None:
        item_id = self.selected_id()
        if item_id:
            self.resolve_requested.emit(item_id)

    def _double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        self.resolve_requested.emit(str(item.data(0, Qt.ItemDataRole.UserRole)))


class ObservationDialog(QDialog):
    """Kind, severity, text, photos, position and the linked feature of a new observation."""

    def __init__(self, parent: QWidget | None, *, x: float, y: float,
                 feature: tuple[str, str] | None, feature_label: str = "",
                 z: float | None = None):
        super().__init__(parent)
        self.z0 = (x, y, z)  # z holds while the position is not changed by hand
        self.setWindowTitle(self.tr("Record observation"))
        form = QFormLayout(self)
        self.kind = QComboBox()
        for key, label in kind_labels().items():
            self.kind.addItem(label, key)
        self.severity = QSpinBox()
        self.severity.setRange(1, 5)
        self.severity.setValue(3)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(self.tr("What you see, where exactly, what was done"))
        self.x, self.y = QDoubleSpinBox(), QDoubleSpinBox()
        for box, value in ((self.x, x), (self.y, y)):
            box.setDecimals(3)
            box.setRange(-1e9, 1e9)
            box.setValue(value)
        self.photos = QListWidget()
        add = QPushButton(self.tr("Add photos…"))
        add.clicked.connect(self._add_photos)
        self.feature = feature
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Severity (1–5)"), self.severity)
        form.addRow(self.tr("Description"), self.text)
        form.addRow(self.tr("X (cache CRS)"), self.x)
        form.addRow(self.tr("Y (cache CRS)"), self.y)
        form.addRow(self.tr("Linked feature"), QLabel(feature_label or self.tr("none")))
        form.addRow(self.tr("Photos"), self.photos)
        form.addRow("", add)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _add_photos(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, self.tr("Photos"), "",
                                                self.tr("Images (*.jpg *.jpeg *.png);;All (*)"))
        for f in files:
            self.photos.addItem(f)

    def values(self) -> dict[str, Any]:
        """Keyword arguments for store.sync.outbox.record_observation."""
        x, y, z = self.x.value(), self.y.value(), self.z0[2]
        if abs(x - self.z0[0]) > 1e-3 or abs(y - self.z0[1]) > 1e-3:
            z = None
        return {"kind": self.kind.currentData(), "x": x, "y": y, "z": z,
                "text": self.text.toPlainText().strip(), "severity": self.severity.value(),
                "photos": [self.photos.item(i).text() for i in range(self.photos.count())],
                "feature": self.feature}


class ConflictDialog(QDialog):
    """One row per conflicting field: base, mine, theirs, and which to keep."""

    def __init__(self, parent: QWidget | None, conflicts: list[dict[str, Any]]):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Resolve conflict"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("The platform's copy changed since you edited it. "
                                        "Choose, field by field, which value to keep.")))
        self.table = QTableWidget(len(conflicts), 5)
        self.table.setHorizontalHeaderLabels([self.tr("Field"), self.tr("Before"),
                                              self.tr("Mine"), self.tr("Platform"),
                                              self.tr("Keep")])
        self.choices: dict[str, QComboBox] = {}
        for r, c in enumerate(conflicts):
            for col, key in enumerate(("field", "base", "mine", "theirs")):
                self.table.setItem(r, col, QTableWidgetItem("" if c.get(key) is None
                                                            else str(c.get(key))))
            box = QComboBox()
            box.addItem(self.tr("Mine"), "mine")
            box.addItem(self.tr("Platform"), "theirs")
            self.table.setCellWidget(r, 4, box)
            self.choices[str(c["field"])] = box
        self.table.resizeColumnsToContents()
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def values(self) -> dict[str, str]:
        """{field: "mine" | "theirs"} for store.sync.outbox.resolve."""
        return {field: str(box.currentData()) for field, box in self.choices.items()}
