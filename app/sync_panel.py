"""Field work against the base platform: the Sync dock, its workers and dialogs.

* :class:`SyncPanel` — the platform's URL and token, *Update from platform* (an incremental sync
  of the open cache, or its first download), *Send outbox*, and the outbox itself: each recorded
  observation or edit with its status (pending, sent, rejected with the platform's reason,
  conflict), *Record observation…* and *Resolve conflict…*.
* :class:`SyncWorker` / :class:`PushWorker` — ``store.sync.download.sync`` and
  ``store.sync.push.push`` on a QThread (connect their signals to bound methods only).
* :class:`ObservationDialog` — kind, severity, text, photos, position (typed, or the last point
  clicked on the map) and the linked feature (the selection).
* :class:`ConflictDialog` — field by field: base, mine, theirs, and a choice for each.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
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

from store.cache import Cache
from store.errors import CimviewError

DEFAULT_URL = "http://127.0.0.1:5000"


class SyncWorker(QObject):
    """Runs one sync (download or update) of a cache; ends with finished or failed, then done."""

    progress = Signal(str)
    finished = Signal(object)  # store.sync.download.SyncSummary
    failed = Signal(str)
    done = Signal()

    def __init__(self, url: str, token: str | None, cache_path: Path, *,
                 area: str | None = None, bbox: tuple[float, float, float, float] | None = None):
        super().__init__()
        self.url, self.token, self.cache_path = url, token, Path(cache_path)
        self.area, self.bbox = area, bbox
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def _progress(self, event: dict[str, Any]) -> None:
        layer = event.get("layer") or event.get("file") or ""
        self.progress.emit(f"{layer} {event.get('fetched', '')}".strip())

    def run(self) -> None:
        from store.sync.download import sync

        try:
            summary = sync(self.url, self.cache_path, token=self.token or None, area=self.area,
                           bbox=self.bbox, progress=self._progress, cancel=self._cancel)
        except CimviewError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # the window must survive a bug or an odd server
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.finished.emit(summary)
        self.done.emit()


class CollectionsWorker(QObject):
    """Lists the platform's collections; ends with finished (id → description) or failed."""

    finished = Signal(object)
    failed = Signal(str)
    done = Signal()

    def __init__(self, url: str, token: str | None):
        super().__init__()
        self.url, self.token = url, token

    def run(self) -> None:
        from store.sync.client import Platform

        try:
            client = Platform(self.url, self.token or None, timeout=15, retries=1)
            try:
                self.finished.emit(client.collections())
            finally:
                client.close()
        except CimviewError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        self.done.emit()


class EditDialog(QDialog):
    """Correct one attribute of a platform feature (a pole's status, a building's grade)."""

    def __init__(self, parent: QWidget | None, title: str, values: dict[str, Any]):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit {0}").format(title))
        form = QFormLayout(self)
        self.values = values
        self.field = QComboBox()
        for name in values:
            self.field.addItem(name, name)
        self.value = QLineEdit()
        self.field.currentIndexChanged.connect(self._field_changed)
        form.addRow(self.tr("Field"), self.field)
        form.addRow(self.tr("New value"), self.value)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._field_changed()

    def _field_changed(self) -> None:
        v = self.values.get(self.field.currentData())
        self.value.setText("" if v is None else str(v))

    def change(self) -> dict[str, Any]:
        """{field: value}, typed like the current value (int, float or text)."""
        name = self.field.currentData()
        old, text = self.values.get(name), self.value.text().strip()
        value: Any = text
        if text == "":
            value = None
        elif isinstance(old, bool):
            value = text.lower() in ("1", "true", "yes", "是")
        elif isinstance(old, int):
            value = int(text)
        elif isinstance(old, float):
            value = float(text)
        return {name: value}


class PushWorker(QObject):
    """Sends a cache's outbox; ends with finished (a PushSummary) or failed, then done."""

    finished = Signal(object)
    failed = Signal(str)
    done = Signal()

    def __init__(self, url: str, token: str | None, cache_path: Path):
        super().__init__()
        self.url, self.token, self.cache_path = url, token, Path(cache_path)

    def run(self) -> None:
        from store.sync.push import push

        try:
            with Cache.open(self.cache_path) as cache:
                summary = push(cache, self.url, token=self.token or None)
        except CimviewError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.finished.emit(summary)
        self.done.emit()


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
    """The Sync dock: platform, update, outbox."""

    update_requested = Signal()
    push_requested = Signal()
    cancel_requested = Signal()
    browse_requested = Signal()
    finish_area_requested = Signal()
    record_requested = Signal()
    resolve_requested = Signal(str)  # outbox item id

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.url = QLineEdit(DEFAULT_URL)
        self.url.setToolTip(self.tr("The OGC API - Features landing page of the base platform"))
        self.token = QLineEdit()
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setPlaceholderText(self.tr("optional"))
        form.addRow(self.tr("Platform"), self.url)
        form.addRow(self.tr("Token"), self.token)
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
        self.layers_tree.setHeaderLabels([self.tr("Collection"), self.tr("Id"),
                                          self.tr("Last sync")])
        self.layers_tree.setRootIsDecorated(False)
        self.layers_tree.setVisible(False)
        layout.addWidget(self.layers_tree, 1)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Outbox"), self.tr("Status"), self.tr("Details")])
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.itemDoubleClicked.connect(self._double_clicked)
        layout.addWidget(self.tree, 1)
        row = QHBoxLayout()
        self.record_button = QPushButton(self.tr("Record observation…"))
        self.record_button.clicked.connect(self.record_requested)
        self.resolve_button = QPushButton(self.tr("Resolve conflict…"))
        self.resolve_button.clicked.connect(self._resolve_clicked)
        row.addWidget(self.record_button)
        row.addWidget(self.resolve_button)
        layout.addLayout(row)

    def set_busy(self, busy: bool) -> None:
        for b in (self.update_button, self.push_button, self.collections_button):
            b.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)

    def show_summary(self, summary: Any) -> None:
        """Per layer: fetched, new, updated, retired (a store.sync.download.SyncSummary)."""
        self.layers_tree.clear()
        for name, s in summary.layers.items():
            row = QTreeWidgetItem([name, name, self.tr(
                "fetched {0}, new {1}, updated {2}, retired {3}").format(
                s.fetched, s.new, s.updated, s.retired)])
            self.layers_tree.addTopLevelItem(row)
        self._fit(self.layers_tree)

    def show_collections(self, collections: dict[str, Any]) -> None:
        """The platform's collections (id, title) in the list, above the outbox."""
        self.layers_tree.clear()
        for cid, c in collections.items():
            self.layers_tree.addTopLevelItem(QTreeWidgetItem([str(c.get("title") or cid), cid,
                                                              ""]))
        self._fit(self.layers_tree)

    @staticmethod
    def _fit(tree: QTreeWidget) -> None:
        tree.setVisible(True)
        for c in range(tree.columnCount()):
            tree.resizeColumnToContents(c)

    def show_outbox(self, items: list[Any]) -> None:
        """Fill the outbox list (store.sync.outbox.OutboxItem rows, newest last)."""
        kinds, states = kind_labels(), status_labels()
        self.tree.clear()
        for item in items:
            if item.kind == "observation" and item.observation is not None:
                what = f"{kinds.get(item.observation.kind, item.observation.kind)} " \
                       f"{item.observation.text[:30]}"
            else:
                what = self.tr("Edit of {0} {1}").format(item.layer or item.collection,
                                                         item.target_id[:8])
            if item.status == "conflict":
                detail = ", ".join(c["field"] for c in item.conflicts)
            else:
                detail = item.reason or item.last_error or ""
            row = QTreeWidgetItem([what, states.get(item.status, item.status), detail])
            row.setData(0, Qt.ItemDataRole.UserRole, item.id)
            row.setToolTip(0, item.id)
            self.tree.addTopLevelItem(row)
        for c in range(3):
            self.tree.resizeColumnToContents(c)

    def selected_id(self) -> str | None:
        items = self.tree.selectedItems()
        return str(items[0].data(0, Qt.ItemDataRole.UserRole)) if items else None

    def _resolve_clicked(self) -> None:
        item_id = self.selected_id()
        if item_id:
            self.resolve_requested.emit(item_id)

    def _double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        self.resolve_requested.emit(str(item.data(0, Qt.ItemDataRole.UserRole)))


class ObservationDialog(QDialog):
    """Kind, severity, text, photos, position and the linked feature of a new observation."""

    def __init__(self, parent: QWidget | None, *, x: float, y: float,
                 feature: tuple[str, str] | None, feature_label: str = ""):
        super().__init__(parent)
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
        return {"kind": self.kind.currentData(), "x": self.x.value(), "y": self.y.value(),
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
